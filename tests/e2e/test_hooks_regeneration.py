"""Safe regeneration of a project with user hooks (SQLite).

Compiles examples/notebook.spec, adds hooks to the user-owned app/extensions/hooks.py and
checks them over HTTP; then renames one operation and changes another's inputs, recompiles into
the same directory and checks that hooks.py is byte-identical, that `diff` and `compile` report
both stale hooks (E0701, E0702) pointing into hooks.py, and that the project still serves.
Needs S2R_BINARY (else build/spec-to-rest) and the pinned venv in S2R_VENV.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import project_checks as pc  # noqa: E402
from e2e_env import REPO, binary, python  # noqa: E402

SPEC = REPO / "examples" / "notebook.spec"

USER_HOOKS = '''

from typing import Any

from fastapi import HTTPException


async def before_create_note(session: Any, *, title: str, body: str) -> None:
    if title == "forbidden":
        raise HTTPException(status_code=403, detail="this title is not allowed")


async def after_get_note(session: Any, result: Any, *, id_: int) -> Any:
    return result.model_copy(update={"title": result.title.upper()})
'''




def _run(command: str, spec: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(binary()), "--color=never", command, "--db", "sqlite", "-o", str(out), str(spec)],
        capture_output=True,
        text=True,
        check=False,
    )


def _renamed_and_changed(tmp_path: Path) -> Path:
    """notebook.spec with CreateNote renamed AddNote and GetNote's input `id` now `note_id`."""
    text = SPEC.read_text()
    edits = [
        ("operation CreateNote", "operation AddNote"),
        ("CreateNote.http_path", "AddNote.http_path"),
        (
            "input: id: Int\n    output: note: Note\n    requires: id in notes\n"
            "    ensures: note = notes[id]",
            "input: note_id: Int\n    output: note: Note\n    requires: note_id in notes\n"
            "    ensures: note = notes[note_id]",
        ),
        ('GetNote.http_path = "/notes/{id}"', 'GetNote.http_path = "/notes/{note_id}"'),
    ]
    for old, new in edits:
        assert text.count(old) == 1, f"notebook.spec changed; cannot find {old!r}"
        text = text.replace(old, new)
    changed = tmp_path / "notebook.spec"
    changed.write_text(text)
    return changed


def _line_of(text: str, needle: str) -> int:
    """1-based line of the top-level `needle` (the docstring shows an indented example)."""
    return text[: text.index("\n" + needle)].count("\n") + 2


def test_hooks_survive_regeneration_and_stale_hooks_are_reported(tmp_path: Path) -> None:
    out = tmp_path / "notebook"
    first = _run("compile", SPEC, out)
    assert first.returncode == 0, first.stderr
    assert "E070" not in first.stderr, first.stderr

    hooks = out / "app" / "extensions" / "hooks.py"
    hooks.write_text(hooks.read_text() + USER_HOOKS)
    user_edit = hooks.read_bytes()
    project = pc.Project(out, python=python())

    with pc.fresh_database("sqlite") as url:
        pc.alembic(project, url, "upgrade", "head")
        with pc.LiveServer(project, url) as server:
            rejected = server.post("/notes", json={"title": "forbidden", "body": "x"})
            assert rejected.status_code == 403, rejected.text
            assert rejected.json()["detail"] == "this title is not allowed"
            created = server.post("/notes", json={"title": "groceries", "body": "milk"})
            assert created.status_code == 201, created.text
            assert created.json()["title"] == "groceries"
            fetched = server.get(f"/notes/{created.json()['id']}")
            assert fetched.status_code == 200, fetched.text
            assert fetched.json()["title"] == "GROCERIES"

    changed = _renamed_and_changed(tmp_path)
    hooks_text = user_edit.decode()
    before_at = f"hooks.py:{_line_of(hooks_text, 'async def before_create_note')}:11"
    after_at = f"hooks.py:{_line_of(hooks_text, 'async def after_get_note')}:11"

    diff = _run("diff", changed, out)
    assert diff.returncode == 1, diff.stdout + diff.stderr
    assert "preserve  app/extensions/hooks.py" in diff.stdout, diff.stdout
    for expected in ("warning[E0701]", "`before_create_note`", before_at,
                     "warning[E0702]", "`after_get_note`", after_at):
        assert expected in diff.stderr, diff.stderr

    second = _run("compile", changed, out)
    assert second.returncode == 0, second.stderr
    assert (
        "warning[E0701]: hook `before_create_note` is never called: the spec has no operation "
        "`create_note`" in second.stderr
    ), second.stderr
    assert (
        "warning[E0702]: hook `after_get_note` does not match operation `GetNote`: input "
        "`note_id` added; input `id_` removed" in second.stderr
    ), second.stderr
    assert before_at in second.stderr and after_at in second.stderr, second.stderr
    assert hooks.read_bytes() == user_edit

    with pc.fresh_database("sqlite") as url:
        pc.alembic(project, url, "upgrade", "head")
        with pc.LiveServer(project, url) as server:
            assert server.get("/health").status_code == 200
            # The stale before_create_note is no longer looked up, so nothing rejects this title.
            created = server.post("/notes", json={"title": "forbidden", "body": "x"})
            assert created.status_code == 201, created.text
            note_id = created.json()["id"]
            # after_get_note is still called, with `note_id=`, which its stale signature does
            # not accept: the failure E0702 warned about.
            assert server.get(f"/notes/{note_id}").status_code == 500
            # The server writes the traceback after answering; give its log a moment.
            deadline = time.monotonic() + 10.0
            while "after_get_note" not in server.log() and time.monotonic() < deadline:
                time.sleep(0.1)
            assert "after_get_note" in server.log()
            assert server.request("DELETE", f"/notes/{note_id}").status_code == 204
