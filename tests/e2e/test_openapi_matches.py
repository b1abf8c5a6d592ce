"""openapi.yaml of a generated python-fastapi project matches the app it sits next to.

Compares the routes (path + method), the success status of each route and the presence of the
422 response with what FastAPI itself reports (`app.openapi()`), and validates the file as
OpenAPI 3.1. Projects: S2R_OPENAPI_PROJECTS (os.pathsep-separated generated project roots),
default the url_shortener prototype. A project without openapi.yaml is skipped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openapi_spec_validator import validate

_DEFAULT = "/work/proto/out/url_shortener_sqlite"
_METHODS = {"get", "post", "put", "patch", "delete"}


def _projects() -> list[Path]:
    raw = os.environ.get("S2R_OPENAPI_PROJECTS", _DEFAULT)
    return [Path(p) for p in raw.split(os.pathsep) if p]


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


@pytest.mark.parametrize("project", _projects(), ids=lambda p: p.name)
def test_openapi_matches_app(project: Path) -> None:
    spec_file = project / "openapi.yaml"
    if not spec_file.is_file():
        pytest.skip(f"{spec_file} not found (generate the project with openapi.yaml)")
    emitted = yaml.safe_load(spec_file.read_text())
    validate(emitted)
    live = _live(project)
    ours, theirs = _routes(emitted), _routes(live)
    assert sorted(ours) == sorted(theirs)
    for key, op in theirs.items():
        documented = {str(code) for code in ours[key]["responses"]}
        for code in op["responses"]:
            assert code in documented, f"{key}: the app answers {code}, openapi.yaml omits it"
