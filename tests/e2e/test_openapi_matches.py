"""openapi.yaml of a generated python-fastapi project matches the app it sits next to.

Compares the routes (path + method), the success status of each route and the presence of the
422 response with what FastAPI itself reports (`app.openapi()`), and validates the file as
OpenAPI 3.1. Each spec is compiled with the real binary (S2R_BINARY) into a temporary folder;
fixture specs come from S2R_SHARED_DIR and are skipped with a message when it is absent."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openapi_spec_validator import validate

sys.path.insert(0, str(Path(__file__).resolve().parent))
from e2e_env import REPO, shared_file  # noqa: E402
from e2e_env import binary as spec_to_rest  # noqa: E402

_METHODS = {"get", "post", "put", "patch", "delete"}
_SPECS = {
    "url_shortener": ("shared", "fixtures/spec/url_shortener.spec"),
    "todo_list": ("shared", "fixtures/spec/todo_list.spec"),
    "auth_service": ("shared", "fixtures/spec/auth_service.spec"),
    "library_loans": ("repo", "examples/library_loans.spec"),
    "ecommerce": ("repo", "examples/ecommerce.spec"),
    "secured_notes": ("repo", "examples/secured_notes.spec"),
    "language_tour": ("repo", "examples/language_tour.spec"),
}


def _compiled(name: str, out: Path) -> Path:
    where, rel = _SPECS[name]
    spec = REPO / rel if where == "repo" else shared_file(rel)
    binary = str(spec_to_rest())
    result = subprocess.run(
        [binary, "compile", "--db", "sqlite", "-o", str(out), str(spec)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


def _live(project: Path) -> dict:
    env = dict(os.environ, DATABASE_URL="sqlite+aiosqlite:///:memory:")
    out = subprocess.run(
        [sys.executable, "-c", "import json; from app.main import app; print(json.dumps(app.openapi()))"],
        cwd=project, env=env, capture_output=True, text=True, check=True, timeout=60,
    )
    return json.loads(out.stdout)


def _routes(doc: dict) -> dict[tuple[str, str], dict]:
    return {
        (path, method): op
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in _METHODS
    }


@pytest.mark.parametrize("name", list(_SPECS))
def test_openapi_matches_app(name: str, tmp_path: Path) -> None:
    project = _compiled(name, tmp_path / name)
    spec_file = project / "openapi.yaml"
    emitted = yaml.safe_load(spec_file.read_text())
    validate(emitted)
    live = _live(project)
    ours, theirs = _routes(emitted), _routes(live)
    assert sorted(ours) == sorted(theirs)
    for key, op in theirs.items():
        documented = {str(code) for code in ours[key]["responses"]}
        for code in op["responses"]:
            assert code in documented, f"{key}: the app answers {code}, openapi.yaml omits it"
