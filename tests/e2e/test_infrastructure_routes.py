"""The generated service's infrastructure routes: /metrics counts requests in Prometheus text,
and /ready answers 503 (while /health stays 200) when the database cannot be reached.
Needs S2R_BINARY (else build/spec-to-rest) and the pinned venv in S2R_VENV; no database server
(the unreachable one is a closed loopback port).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import project_checks as pc  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "examples" / "notebook.spec"


def _compile(db: str, out: Path) -> pc.Project:
    binary = os.environ.get("S2R_BINARY") or str(REPO / "build" / "spec-to-rest")
    if not Path(binary).is_file():
        pytest.skip("S2R_BINARY is not set and build/spec-to-rest does not exist")
    result = subprocess.run(
        [binary, "compile", "--db", db, "-o", str(out), str(SPEC)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    venv = os.environ.get("S2R_VENV")
    return pc.Project(out, python=Path(venv) / "bin" / "python" if venv else Path(sys.executable))


def test_metrics_counter_increases_with_requests(tmp_path: Path) -> None:
    project = _compile("sqlite", tmp_path / "notebook")
    with pc.fresh_database("sqlite") as url:
        pc.alembic(project, url, "upgrade", "head")
        with pc.LiveServer(project, url) as server:
            assert server.get("/ready").status_code == 200
            before = pc.request_count(server, "POST", "/notes", 201)
            for title in ("one", "two"):
                response = server.post("/notes", json={"title": title, "body": ""})
                assert response.status_code == 201, response.text
            assert pc.request_count(server, "POST", "/notes", 201) == before + 2
            # Routes are labelled by template, not by the concrete URL.
            assert server.get("/notes/999").status_code == 404
            assert pc.request_count(server, "GET", "/notes/{id}", 404) == 1
            pc.check_metrics_count_requests(server)


def test_ready_is_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    project = _compile("postgres", tmp_path / "notebook")
    nowhere = f"postgresql+asyncpg://s2r:s2r@127.0.0.1:{pc.free_port()}/nowhere"
    with pc.LiveServer(project, nowhere) as server:
        assert server.get("/health").status_code == 200
        ready = server.get("/ready")
        assert ready.status_code == 503, ready.text
        assert ready.json() == {"status": "unavailable"}
        assert server.get("/health").json() == {"status": "ok"}
        assert pc.request_count(server, "GET", "/ready", 503) == 1
