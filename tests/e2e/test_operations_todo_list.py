"""todo_list.spec, every operation against the live service (CreateTodo, GetTodo, ListTodos,
UpdateTodo, StartWork, Complete, Reopen, Archive, DeleteTodo): each `ensures` checked through the
HTTP answers and GET /admin/state, every transition tried from every wrong state, and the global
and entity invariants checked after every request."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import live_service as live  # noqa: E402

STATUSES = ("TODO", "IN_PROGRESS", "DONE", "ARCHIVED")
PRIORITIES = ("LOW", "MEDIUM", "HIGH", "URGENT")
TIME_FIELDS = ("created_at", "updated_at", "completed_at")


def check_invariants(state: dict[str, Any]) -> None:
    todos, next_id = state["todos"], state["next_id"]
    ids = [int(key) for key in todos]
    assert all(i > 0 for i in ids), "idsPositive"
    assert next_id > 0, "nextIdMonotonic"
    assert all(i < next_id for i in ids), "nextIdFresh"
    for key, todo in todos.items():
        assert todo["id"] == int(key)
        done = todo["status"] == "DONE"
        # completedImpliesDone, and the entity's two completed_at invariants
        assert done == (todo["completed_at"] is not None), f"completedImpliesDone for {key}"
        # updated_at >= created_at
        updated, created = live.parse_time(todo["updated_at"]), live.parse_time(todo["created_at"])
        assert updated >= created, f"updated_at >= created_at for {key}"
        assert 1 <= len(todo["title"]) <= 200
        assert todo["status"] in STATUSES and todo["priority"] in PRIORITIES
        assert isinstance(todo["tags"], list)


@pytest.fixture(scope="module", params=live.DIALECTS)
def service(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[live.Service]:
    workdir = tmp_path_factory.mktemp(f"todo_list_{request.param}")
    with live.serve_spec("todo_list", request.param, workdir, check_invariants) as svc:
        yield svc


@pytest.fixture(autouse=True)
def fresh_state(service: live.Service) -> None:
    service.reset()
    assert service.state() == {"todos": {}, "next_id": 1}


def same_instant(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return live.parse_time(a) == live.parse_time(b)


def assert_same_todo(api: dict[str, Any], row: dict[str, Any]) -> None:
    """An API Todo equals a /admin/state row (timestamps compared as instants, tags as sets)."""
    assert set(api) == set(row)
    for name, value in api.items():
        if name in TIME_FIELDS:
            assert same_instant(value, row[name]), name
        elif name == "tags":
            assert set(value) == set(row[name])
        else:
            assert value == row[name], name


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    changed = set()
    for name, old in before.items():
        new = after[name]
        if name in TIME_FIELDS:
            if not same_instant(old, new):
                changed.add(name)
        elif name == "tags":
            if set(old) != set(new):
                changed.add(name)
        elif old != new:
            changed.add(name)
    return changed


def assert_only_changed(
    pre: dict[str, Any], post: dict[str, Any], todo_id: int, fields: set[str]
) -> None:
    """Between two states, todo `todo_id` changed exactly `fields` and nothing else changed."""
    assert post["next_id"] == pre["next_id"]
    assert set(post["todos"]) == set(pre["todos"])
    for key, before in pre["todos"].items():
        if key != str(todo_id):
            assert post["todos"][key] == before, f"todo {key} changed"
    assert changed_fields(pre["todos"][str(todo_id)], post["todos"][str(todo_id)]) == fields


def create(service: live.Service, title: str = "write tests", **fields: Any) -> dict[str, Any]:
    body = {"title": title, "priority": "MEDIUM", "tags": [], **fields}
    response = service.post("/todos", json=body)
    assert response.status_code == 201, response.text
    todo = response.json()
    assert isinstance(todo, dict)
    return todo


def todo_in(service: live.Service, status: str) -> int:
    """The id of a new todo brought to `status` through the operations."""
    todo_id = int(create(service, f"in {status}")["id"])
    path = f"/todos/{todo_id}"
    steps = {
        "TODO": [],
        "IN_PROGRESS": ["start"],
        "DONE": ["start", "complete"],
        "ARCHIVED": ["archive"],
    }[status]
    for action in steps:
        assert service.post(f"{path}/{action}").status_code == 200
    assert service.state()["todos"][str(todo_id)]["status"] == status
    return todo_id


def row(service: live.Service, todo_id: int) -> dict[str, Any]:
    found = service.state()["todos"][str(todo_id)]
    assert isinstance(found, dict)
    return found


# ------------------------------------------------------------------------------ CreateTodo


def test_create_allocates_the_id_from_next_id(service: live.Service) -> None:
    pre = service.state()
    started = live.utcnow()
    response = service.post(
        "/todos",
        json={
            "title": "write tests",
            "description": "for every operation",
            "priority": "HIGH",
            "tags": ["work", "e2e"],
        },
    )
    finished = live.utcnow()
    assert response.status_code == 201, response.text
    todo = response.json()
    post = service.state()
    # todo.id = pre(next_id); next_id' = pre(next_id) + 1
    assert todo["id"] == pre["next_id"]
    assert post["next_id"] == pre["next_id"] + 1
    # the constructed fields
    assert todo["title"] == "write tests"
    assert todo["description"] == "for every operation"
    assert todo["status"] == "TODO"
    assert todo["priority"] == "HIGH"
    assert set(todo["tags"]) == {"work", "e2e"}
    assert todo["completed_at"] is None
    created = live.parse_time(todo["created_at"])
    assert started.replace(microsecond=0) <= created <= finished
    # todos' = pre(todos) + {todo.id -> todo}; #todos' = #pre(todos) + 1
    assert list(post["todos"]) == [*pre["todos"], str(todo["id"])]
    assert_same_todo(todo, post["todos"][str(todo["id"])])


def test_create_ids_follow_the_counter_and_are_never_reused(service: live.Service) -> None:
    first = create(service, "one")
    second = create(service, "two", description=None, priority="LOW")
    assert (first["id"], second["id"]) == (1, 2)
    assert second["description"] is None
    assert service.delete(f"/todos/{second['id']}").status_code == 204
    assert service.state()["next_id"] == 3
    third = create(service, "three")
    assert third["id"] == 3
    assert service.state()["next_id"] == 4


def test_create_accepts_a_title_of_200_characters(service: live.Service) -> None:
    todo = create(service, "x" * 200)
    assert row(service, todo["id"])["title"] == "x" * 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "", "priority": "LOW", "tags": []}, "title"),  # len(title) >= 1
        ({"title": "x" * 201, "priority": "LOW", "tags": []}, "title"),  # len(title) <= 200
        ({"title": "t", "priority": "SOMEDAY", "tags": []}, "priority"),
        ({"title": "t", "priority": "LOW"}, "tags"),
        ({"priority": "LOW", "tags": []}, "title"),
    ],
)
def test_create_rejects_invalid_input(
    service: live.Service, body: dict[str, Any], field: str
) -> None:
    create(service, "kept")
    with service.unchanged():
        live.assert_invalid(service.post("/todos", json=body), field)


# ------------------------------------------------------------------------------ GetTodo


def test_get_returns_the_stored_todo(service: live.Service) -> None:
    todo_id = todo_in(service, "DONE")
    create(service, "another")
    with service.unchanged():  # todos' = todos
        response = service.get(f"/todos/{todo_id}")
    assert response.status_code == 200, response.text
    # todo = todos[id]
    assert_same_todo(response.json(), row(service, todo_id))


def test_get_missing_id_is_404(service: live.Service) -> None:
    create(service)
    with service.unchanged():
        live.assert_rejected(service.get("/todos/999"), 404, "GetTodo.requires: id in todos")


# ------------------------------------------------------------------------------ ListTodos


def list_todos(service: live.Service, **params: Any) -> list[dict[str, Any]]:
    with service.unchanged():  # todos' = todos
        response = service.get("/todos", params=params)
    assert response.status_code == 200, response.text
    results = response.json()
    assert isinstance(results, list)
    return results


def test_list_filters_by_status_priority_and_tag(service: live.Service) -> None:
    create(service, "a", priority="LOW", tags=["home"])
    create(service, "b", priority="HIGH", tags=["work", "urgent"])
    create(service, "c", priority="HIGH", tags=["work"])
    service.post("/todos/2/start")
    service.post("/todos/3/start")
    service.post("/todos/3/complete")
    create(service, "d", priority="LOW", tags=[])
    service.post("/todos/4/archive")
    todos = service.state()["todos"]

    cases: list[dict[str, Any]] = [
        {},
        {"status_filter": "IN_PROGRESS"},
        {"status_filter": "ARCHIVED"},
        {"status_filter": "TODO"},
        {"priority_filter": "HIGH"},
        {"priority_filter": "URGENT"},
        {"tag_filter": "work"},
        {"tag_filter": "home"},
        {"tag_filter": "nowhere"},
        {"status_filter": "DONE", "priority_filter": "HIGH", "tag_filter": "work"},
        {"status_filter": "DONE", "priority_filter": "LOW"},
    ]
    for params in cases:
        results = list_todos(service, **params)

        def wanted(t: dict[str, Any], p: dict[str, Any] = params) -> bool:
            return (
                ("status_filter" not in p or t["status"] == p["status_filter"])
                and ("priority_filter" not in p or t["priority"] == p["priority_filter"])
                and ("tag_filter" not in p or p["tag_filter"] in t["tags"])
            )

        # all t in results | t in ran(todos) and every given filter holds
        for result in results:
            assert str(result["id"]) in todos, params
            assert_same_todo(result, todos[str(result["id"])])
            assert wanted(result), (params, result)
        # ... and the list is the maximal one (every matching todo, once, in id order)
        expected = [int(k) for k, t in todos.items() if wanted(t)]
        assert [r["id"] for r in results] == expected, params


def test_list_rejects_an_unknown_enum_value(service: live.Service) -> None:
    with service.unchanged():
        live.assert_invalid(service.get("/todos", params={"status_filter": "LATER"}))


# ------------------------------------------------------------------------------ UpdateTodo


def test_update_sets_exactly_the_given_fields(service: live.Service) -> None:
    todo_id = int(create(service, "old", description="d", priority="LOW", tags=["a"])["id"])
    create(service, "bystander")
    pre_state = service.state()
    pre = pre_state["todos"][str(todo_id)]
    response = service.patch(f"/todos/{todo_id}", json={"title": "new", "tags": ["b", "c"]})
    assert response.status_code == 200, response.text
    todo = response.json()
    post_state = service.state()
    post = post_state["todos"][str(todo_id)]
    # todos' = pre(todos) + {id -> todo}: the other todo is untouched
    assert post_state["todos"]["2"] == pre_state["todos"]["2"]
    assert post_state["next_id"] == pre_state["next_id"]
    assert_same_todo(todo, post)
    # todo.id = id; title/tags given: set; description/priority not given: kept
    assert todo["id"] == todo_id
    assert todo["title"] == "new" and set(todo["tags"]) == {"b", "c"}
    assert todo["description"] == "d" and todo["priority"] == "LOW"
    # todo.status = pre(todos)[id].status; updated_at >= pre(todos)[id].updated_at
    assert todo["status"] == pre["status"]
    assert live.parse_time(post["updated_at"]) >= live.parse_time(pre["updated_at"])
    assert changed_fields(pre, post) <= {"title", "tags", "updated_at"}
    assert changed_fields(pre, post) >= {"title", "tags"}


def test_update_other_fields_keeps_the_title(service: live.Service) -> None:
    todo_id = int(create(service, "keep me", priority="LOW")["id"])
    pre = row(service, todo_id)
    response = service.patch(
        f"/todos/{todo_id}", json={"description": "now described", "priority": "URGENT"}
    )
    assert response.status_code == 200, response.text
    post = row(service, todo_id)
    # title = none implies todo.title = pre(todos)[id].title
    assert post["title"] == "keep me"
    assert post["description"] == "now described" and post["priority"] == "URGENT"
    assert changed_fields(pre, post) <= {"description", "priority", "updated_at"}


def test_update_with_nothing_changes_nothing_but_updated_at(service: live.Service) -> None:
    todo_id = todo_in(service, "IN_PROGRESS")
    pre = row(service, todo_id)
    response = service.patch(f"/todos/{todo_id}", json={})
    assert response.status_code == 200, response.text
    post = row(service, todo_id)
    assert changed_fields(pre, post) <= {"updated_at"}
    assert live.parse_time(post["updated_at"]) >= live.parse_time(pre["updated_at"])


def test_update_missing_id_is_404(service: live.Service) -> None:
    create(service)
    with service.unchanged():
        live.assert_rejected(
            service.patch("/todos/42", json={"title": "x"}), 404, "UpdateTodo.requires: id in todos"
        )


@pytest.mark.parametrize("title", ["", "y" * 201])
def test_update_rejects_a_bad_title(service: live.Service, title: str) -> None:
    todo_id = int(create(service)["id"])
    with service.unchanged():
        live.assert_rejected(
            service.patch(f"/todos/{todo_id}", json={"title": title}),
            422,
            "UpdateTodo.requires: title != none implies (len(title) >= 1 and len(title) <= 200)",
        )


# ------------------------------------------------------------------------------ transitions

TRANSITIONS = {
    # action path, operation, source states, the requires clause naming them
    "start": ("StartWork", {"TODO"}, "StartWork.requires: todos[id].status = TODO"),
    "complete": (
        "Complete",
        {"IN_PROGRESS"},
        "Complete.requires: todos[id].status = IN_PROGRESS",
    ),
    "reopen": ("Reopen", {"DONE"}, "Reopen.requires: todos[id].status = DONE"),
    "archive": (
        "Archive",
        {"TODO", "DONE"},
        "Archive.requires: todos[id].status in {TODO, DONE}",
    ),
}
WRONG_STATES = [
    (action, status)
    for action, (_, sources, _) in TRANSITIONS.items()
    for status in STATUSES
    if status not in sources
]


@pytest.mark.parametrize(("action", "status"), WRONG_STATES)
def test_transition_from_a_wrong_state_is_409(
    service: live.Service, action: str, status: str
) -> None:
    todo_id = todo_in(service, status)
    with service.unchanged():
        live.assert_rejected(
            service.post(f"/todos/{todo_id}/{action}"), 409, TRANSITIONS[action][2]
        )


@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_transition_of_a_missing_id_is_404(service: live.Service, action: str) -> None:
    todo_in(service, "TODO")
    operation = TRANSITIONS[action][0]
    with service.unchanged():
        live.assert_rejected(
            service.post(f"/todos/77/{action}"), 404, f"{operation}.requires: id in todos"
        )


def test_start_work_changes_only_the_status(service: live.Service) -> None:
    todo_id = todo_in(service, "TODO")
    todo_in(service, "IN_PROGRESS")
    pre = service.state()
    response = service.post(f"/todos/{todo_id}/start")
    assert response.status_code == 200, response.text
    post = service.state()
    # todo = pre(todos)[id] with { status = IN_PROGRESS }; todos' = pre(todos) + {id -> todo}
    assert post["todos"][str(todo_id)]["status"] == "IN_PROGRESS"
    assert_only_changed(pre, post, todo_id, {"status"})
    assert_same_todo(response.json(), post["todos"][str(todo_id)])


def test_complete_sets_status_and_completed_at(service: live.Service) -> None:
    todo_id = todo_in(service, "IN_PROGRESS")
    todo_in(service, "IN_PROGRESS")
    pre = service.state()
    started = live.utcnow()
    response = service.post(f"/todos/{todo_id}/complete")
    finished = live.utcnow()
    assert response.status_code == 200, response.text
    post = service.state()
    done = post["todos"][str(todo_id)]
    # with { status = DONE, completed_at = some(now()) }
    assert done["status"] == "DONE"
    completed = live.parse_time(done["completed_at"])
    assert started.replace(microsecond=0) <= completed <= finished
    assert_only_changed(pre, post, todo_id, {"status", "completed_at"})
    assert_same_todo(response.json(), done)


def test_reopen_needs_an_update_after_completion(service: live.Service) -> None:
    todo_id = todo_in(service, "DONE")
    # TodoLifecycle: DONE -> IN_PROGRESS via Reopen when updated_at > completed_at
    with service.unchanged():
        live.assert_rejected(
            service.post(f"/todos/{todo_id}/reopen"),
            409,
            "TodoLifecycle: DONE -> IN_PROGRESS via Reopen when updated_at > completed_at",
        )
    assert service.patch(f"/todos/{todo_id}", json={"priority": "URGENT"}).status_code == 200
    todo_in(service, "DONE")
    pre = service.state()
    before = pre["todos"][str(todo_id)]
    assert live.parse_time(before["updated_at"]) > live.parse_time(before["completed_at"])
    response = service.post(f"/todos/{todo_id}/reopen")
    assert response.status_code == 200, response.text
    post = service.state()
    reopened = post["todos"][str(todo_id)]
    # with { status = IN_PROGRESS, completed_at = none }
    assert reopened["status"] == "IN_PROGRESS" and reopened["completed_at"] is None
    assert_only_changed(pre, post, todo_id, {"status", "completed_at"})
    assert_same_todo(response.json(), reopened)


@pytest.mark.parametrize("source", ["TODO", "DONE"])
def test_archive_sets_the_status(service: live.Service, source: str) -> None:
    todo_id = todo_in(service, source)
    create(service, "bystander")
    pre = service.state()
    response = service.post(f"/todos/{todo_id}/archive")
    assert response.status_code == 200, response.text
    post = service.state()
    # todos'[id].status = ARCHIVED; #todos' = #pre(todos)
    assert post["todos"][str(todo_id)]["status"] == "ARCHIVED"
    assert len(post["todos"]) == len(pre["todos"])
    assert post["next_id"] == pre["next_id"]
    # Only the archived todo changes: its status, and completed_at when the invariant
    # completedImpliesDone forces it back to none (archiving a DONE todo).
    changed = {"status"} if source == "TODO" else {"status", "completed_at"}
    assert_only_changed(pre, post, todo_id, changed)
    assert post["todos"][str(todo_id)]["completed_at"] is None


# ------------------------------------------------------------------------------ DeleteTodo


def test_delete_removes_only_that_todo(service: live.Service) -> None:
    gone = int(create(service, "gone")["id"])
    kept = int(create(service, "kept")["id"])
    pre = service.state()
    response = service.delete(f"/todos/{gone}")
    assert response.status_code == 204, response.text
    assert response.content == b""
    post = service.state()
    # id not in todos'; #todos' = #pre(todos) - 1
    assert str(gone) not in post["todos"]
    assert len(post["todos"]) == len(pre["todos"]) - 1
    assert post["todos"][str(kept)] == pre["todos"][str(kept)]
    assert post["next_id"] == pre["next_id"]
    with service.unchanged():
        live.assert_rejected(service.get(f"/todos/{gone}"), 404, "GetTodo.requires: id in todos")
        live.assert_rejected(
            service.delete(f"/todos/{gone}"), 404, "DeleteTodo.requires: id in todos"
        )
