"""The generated project's own conformance suite (tests/) passes against the generated service.

For url_shortener and todo_list (fixtures in ../shared, located through S2R_SHARED_DIR) and
examples/library_loans.spec, on SQLite and PostgreSQL: compile with the real binary, lint the
project (suite included; `mypy --strict tests/` on SQLite), migrate, serve it with an admin
token, then run `pytest tests/` inside the project with BASE_URL and ADMIN_TOKEN pointing at the
live server. The run must pass with no test failed, errored or skipped (an expected failure
would be reported, not counted; default checks that cannot hold are excluded per operation and
listed with their reasons in tests/_testgen_skips.json).
Also: `--no-tests` emits no tests/ directory, and the suite skips with the reason when nothing
serves BASE_URL. Needs S2R_BINARY (or build/spec-to-rest), S2R_VENV, and for PostgreSQL the
server URL from `scripts/databases env` (S2R_TEST_POSTGRES_URL).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import project_checks as pc  # noqa: E402
from e2e_env import REPO, binary, fixture_spec, python  # noqa: E402

# Reference fixtures by name, our own examples by path. SPECS run the suite's default profile on
# SQLite and PostgreSQL; SMOKE_SPECS (every other spec that compiles without bypassing the gate
# or stubbing an operation) run its `smoke` profile on SQLite.
SPECS: dict[str, Path | None] = {
    "url_shortener": None,
    "todo_list": None,
    "library_loans": REPO / "examples" / "library_loans.spec",
}
SMOKE_SPECS: dict[str, Path | None] = {
    **{
        name: None
        for name in (
            "safe_counter",
            "auth_service",
            "set_ops",
            "secret_create",
            "powerset_demo",
            "set_comp_demo",
            "temporal_demo",
        )
    },
    **{
        name: REPO / "examples" / f"{name}.spec"
        for name in ("notebook", "secured_notes", "ecommerce", "language_tour")
    },
}
DB_FLAG = {"sqlite": "sqlite", "postgresql": "postgres"}
BASE_ENV = {"postgresql": "S2R_TEST_POSTGRES_URL"}
ADMIN_TOKEN = "s2r-suite-token"
# The whole generated suite of one project; generous, the suite itself aims at about a minute.
SUITE_TIMEOUT = 600.0


def _spec_path(name: str) -> Path:
    return {**SPECS, **SMOKE_SPECS}[name] or fixture_spec(name)


def _compile(spec: Path, out: Path, dialect: str, *extra: str) -> None:
    result = subprocess.run(
        [str(binary()), "compile", "--db", DB_FLAG[dialect], "-o", str(out), *extra, str(spec)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def _run_suite(
    project: pc.Project, base_url: str, report: Path, profile: str = "conformance"
) -> pc.StepResult:
    suite = pc.Project(project.root, python=project.python, timeout=SUITE_TIMEOUT)
    return pc.run_step(
        suite,
        ["pytest", "-p", "no:cacheprovider", "-q", "-rsxX", f"--junitxml={report}", "tests"],
        env={"BASE_URL": base_url, "ADMIN_TOKEN": ADMIN_TOKEN, "SPEC_TEST_PROFILE": profile},
        check=False,
    )


def _outcomes(report: Path) -> dict[str, list[str]]:
    """Test ids per outcome (passed, failed, error, skipped, xfailed) from a JUnit report."""
    kinds = ("passed", "failed", "error", "skipped", "xfailed")
    outcomes: dict[str, list[str]] = {kind: [] for kind in kinds}
    for case in ET.parse(report).getroot().iter("testcase"):
        test_id = f"{case.get('classname')}.{case.get('name')}"
        if case.find("failure") is not None:
            outcomes["failed"].append(test_id)
        elif case.find("error") is not None:
            outcomes["error"].append(test_id)
        elif (skipped := case.find("skipped")) is not None:
            kind = "xfailed" if skipped.get("type") == "pytest.xfail" else "skipped"
            outcomes[kind].append(test_id)
        else:
            outcomes["passed"].append(test_id)
    return outcomes


def _check_suite(spec: str, dialect: str, tmp_path: Path, profile: str) -> None:
    """Compile `spec`, lint its suite, serve it and run the suite: all must pass, none skip."""
    spec_path = _spec_path(spec)
    server_url = None
    if dialect in BASE_ENV:
        server_url = os.environ.get(BASE_ENV[dialect])
        if not server_url:
            pytest.skip(f"{BASE_ENV[dialect]} is not set (run through `make e2e`)")
    out = tmp_path / spec
    _compile(spec_path, out, dialect)
    tests = out / "tests"
    for name in ("conftest.py", "support.py", "spec_model.py", "test_health.py",
                 "_testgen_skips.json"):
        assert (tests / name).is_file(), f"tests/{name} was not emitted"
    families = ["test_health"]
    for kind in ("structural", "behavioral"):
        emitted = sorted(tests.glob(f"test_{kind}_*.py"))
        # A spec without operations has no behavioral family.
        assert len(emitted) == 1 or (kind == "behavioral" and not emitted), (
            f"expected one tests/test_{kind}_<service>.py: {emitted}"
        )
        families += [path.stem for path in emitted]
    skips = json.loads((tests / "_testgen_skips.json").read_text())
    assert {"structural_skipped", "behavioral_skipped"} <= set(skips), skips
    project = pc.Project(out, python=python())
    pc.ruff_check(project)
    if dialect == "sqlite":
        # The suite type-checks like the app (the project's CI runs `mypy --strict app/`).
        with tempfile.TemporaryDirectory(prefix="s2r-mypy-") as cache:
            pc.run_step(project, ["mypy", "--strict", "--cache-dir", cache, "tests/"])
    with pc.fresh_database(dialect, server_url) as url:
        pc.alembic(project, url, "upgrade", "head")
        with pc.LiveServer(project, url, admin_token=ADMIN_TOKEN) as server:
            report = tmp_path / "suite.xml"
            result = _run_suite(project, server.base_url, report, profile)
            outcomes = _outcomes(report) if report.is_file() else {}
            log = server.log()
    assert result.returncode == 0, (
        f"{spec}/{dialect}: the generated suite failed:\n{result.output}\n"
        f"server log:\n{log[-4000:]}"
    )
    assert outcomes["passed"], f"{spec}/{dialect}: no test passed:\n{result.output}"
    assert not outcomes["skipped"], f"{spec}/{dialect}: skipped tests:\n{result.output}"
    for family in families:
        assert any(family in t for t in outcomes["passed"]), f"no {family} test passed"


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
@pytest.mark.parametrize("spec", list(SPECS))
def test_generated_suite_passes(spec: str, dialect: str, tmp_path: Path) -> None:
    _check_suite(spec, dialect, tmp_path, "conformance")


@pytest.mark.parametrize("spec", list(SMOKE_SPECS))
def test_generated_suite_passes_smoke(spec: str, tmp_path: Path) -> None:
    _check_suite(spec, "sqlite", tmp_path, "smoke")


def test_no_tests_flag_emits_no_suite(tmp_path: Path) -> None:
    out = tmp_path / "p"
    _compile(REPO / "examples" / "library_loans.spec", out, "sqlite", "--no-tests")
    assert (out / "app" / "main.py").is_file()
    assert not (out / "tests").exists()
    assert "## Testing" not in (out / "README.md").read_text()
    pc.ruff_check(pc.Project(out, python=python()))


def test_suite_skips_without_a_service(tmp_path: Path) -> None:
    out = tmp_path / "p"
    _compile(REPO / "examples" / "library_loans.spec", out, "sqlite")
    project = pc.Project(out, python=python())
    report = tmp_path / "suite.xml"
    result = _run_suite(project, f"http://127.0.0.1:{pc.free_port()}", report)
    assert result.returncode == 0, result.output
    outcomes = _outcomes(report)
    assert outcomes["skipped"] and not outcomes["passed"], result.output
    assert "no service at BASE_URL" in result.output, result.output
