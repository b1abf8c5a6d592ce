"""Where the e2e tests find the compiler, the Python that runs generated projects, and specs.

Environment (set by `make e2e`): S2R_BINARY (else build/spec-to-rest), S2R_VENV (else this
interpreter), S2R_SHARED_DIR (the reference fixtures; tests that need one skip with a message
when it is unset or the file is absent, so a clone without ../shared still passes)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def binary() -> Path:
    given = os.environ.get("S2R_BINARY")
    if given:
        return Path(given)
    candidate = REPO / "build" / "spec-to-rest"
    if not candidate.is_file():
        pytest.skip("S2R_BINARY is not set and build/spec-to-rest does not exist")
    return candidate


def python() -> Path:
    venv = os.environ.get("S2R_VENV")
    return Path(venv) / "bin" / "python" if venv else Path(sys.executable)


def shared_file(relative: str) -> Path:
    """A file of ../shared (e.g. `fixtures/spec/todo_list.spec`), or skip the test."""
    shared = os.environ.get("S2R_SHARED_DIR")
    if not shared:
        pytest.skip(f"S2R_SHARED_DIR is not set; the file lives in ../shared/{relative}")
    path = Path(shared) / relative
    if not path.is_file():
        pytest.skip(f"{path} does not exist")
    return path


def fixture_spec(name: str) -> Path:
    """A reference fixture spec by name (`todo_list`), or skip the test."""
    return shared_file(f"fixtures/spec/{name}.spec")
