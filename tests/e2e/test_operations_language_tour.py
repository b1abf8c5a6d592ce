"""examples/language_tour.spec, every operation against the live service (CreateWidget, Recolor,
Grow, Heaviest, Stats, Drop, Touch): each `ensures` checked through the HTTP answers and
GET /admin/state, each `requires` broken once (404 / 409 / 422 / 401, state unchanged), and the
invariants checked after every request. Heaviest (`the` over the keys of a relation of rows) and
Stats (`sum` with a lambda over `ran(widgets)`, a comprehension, `max` of a set literal) are
checked against values computed here from the stored state."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import live_service as live  # noqa: E402

SPEC = live.REPO / "examples" / "language_tour.spec"
JWT_SECRET = "s2r-e2e-jwt-secret-" + "0123456789abcdef" * 4


def check_invariants(state: dict[str, Any]) -> None:
    widgets = state["widgets"]
    for key, widget in widgets.items():
        assert widget["id"] == int(key)  # widgetKeys
        # lightOrLarge: isLight(w) is weightOf(w) <= 10.0
        assert widget["weight"] <= 10.0 or widget["size"] == "LARGE", widget
    slugs = [w["slug"] for w in widgets.values()]
    assert len(slugs) == len(set(slugs)), slugs  # noDuplicateSlugs
    assert all(f >= 0 for f in state["flags"])  # flagsKnown
    assert len(state["log"]) <= 1000  # logBounded
    assert state["counter"] >= 0  # counterNeverNegative


@pytest.fixture(scope="module", params=("sqlite", "postgresql"))
def service(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[live.Service]:
    workdir = tmp_path_factory.mktemp(f"language_tour_{request.param}")
    env = {"JWT_SECRET": JWT_SECRET}
    with live.serve_spec(SPEC, request.param, workdir, check_invariants, extra_env=env) as svc:
        yield svc


@pytest.fixture(autouse=True)
def fresh_state(service: live.Service) -> None:
    service.reset()
    state = service.state()
    assert (state["widgets"], state["labels"], state["log"], state["counter"]) == ({}, {}, [], 0)


def bearer() -> dict[str, str]:
    now = int(time.time())
    token = jwt.encode({"sub": "e2e", "iat": now, "exp": now + 300}, JWT_SECRET, algorithm="HS256")
    return {"Authorization": f"Bearer {token}"}


def create(service: live.Service, slug: str, weight: float, color: str = "RED") -> int:
    body = {"slug": slug, "color": color, "weight": weight, "label": f"widget {slug}"}
    response = service.post("/widgets", json=body)
    assert response.status_code == 201, response.text
    widget_id = response.json()["id"]
    assert isinstance(widget_id, int)
    return widget_id


def seed_heavy(service: live.Service, widget_id: int, weight: float) -> None:
    """A widget heavier than CreateWidget accepts; LARGE, as lightOrLarge requires."""
    row = {
        "id": widget_id,
        "created": "2026-01-01T00:00:00Z",
        "slug": f"heavy-{widget_id}",
        "color": "BLUE",
        "size": "LARGE",
        "weight": weight,
        "tags": [],
        "history": [],
        "label": "heavy",
    }
    response = service.seed("widget", row)
    assert response.status_code == 201, response.text


def heaviest_in(state: dict[str, Any]) -> int | None:
    """`the k in widgets | all j in widgets | w[j].weight <= w[k].weight`; with ties, the service
    answers the lowest key (docs/emit-context.md §7)."""
    widgets = {int(k): w for k, w in state["widgets"].items()}
    if not widgets:
        return None
    top = max(w["weight"] for w in widgets.values())
    return min(k for k, w in widgets.items() if w["weight"] == top)


def stats_of(state: dict[str, Any]) -> tuple[float, list[int], int]:
    widgets = {int(k): w for k, w in state["widgets"].items()}
    total = sum(w["weight"] for w in widgets.values())
    light = sorted(k for k, w in widgets.items() if w["weight"] <= 10.0)
    percent = min(max(len(light) * 100 // max(len(widgets), 1), 0), 100)
    return total, light, percent


def test_create_widget_numbers_from_the_counter_and_logs_it(service: live.Service) -> None:
    first = create(service, "alpha", 2.5, "GREEN")
    second = create(service, "beta", 4.0)
    assert (first, second) == (1, 2)  # id = pre(counter) + 1
    state = service.state()
    assert (state["counter"], state["log"]) == (2, [1, 2])
    stored = state["widgets"]["1"]
    assert (stored["slug"], stored["color"], stored["size"], stored["weight"]) == (
        "alpha",
        "GREEN",
        "SMALL",
        2.5,
    )
    assert (stored["tags"], stored["history"], stored["parent"]) == ([], [], None)
    with service.unchanged():  # not (some w in ran(widgets) | w.slug = slug)
        again = {"slug": "alpha", "color": "RED", "weight": 1.0, "label": "again"}
        live.assert_rejected(service.post("/widgets", json=again), 409)


@pytest.mark.parametrize(
    "body",
    [
        {"slug": "light", "color": "RED", "weight": 10.5, "label": "too heavy"},
        {"slug": "light", "color": "RED", "weight": 0.0, "label": "weightless"},
        {"slug": "Not-A-Slug", "color": "RED", "weight": 1.0, "label": "bad slug"},
        {"slug": "light", "color": "PINK", "weight": 1.0, "label": "bad color"},
    ],
)
def test_create_widget_rejects_values_outside_the_refinements(
    service: live.Service, body: dict[str, Any]
) -> None:
    with service.unchanged():
        live.assert_invalid(service.post("/widgets", json=body))


def test_recolor_appends_the_key_to_the_history(service: live.Service) -> None:
    widget_id = create(service, "gamma", 3.0)
    response = service.patch(f"/widgets/{widget_id}/color", json={"color": "BLUE"})
    assert response.status_code == 200, response.text
    assert (response.json()["color"], response.json()["history"]) == ("BLUE", [widget_id])
    service.patch(f"/widgets/{widget_id}/color", json={"color": "RED"})
    stored = service.state()["widgets"][str(widget_id)]
    assert (stored["color"], stored["history"]) == ("RED", [widget_id, widget_id])
    with service.unchanged():
        live.assert_rejected(service.patch("/widgets/99/color", json={"color": "RED"}), 404)


def test_grow_follows_the_sizing_transition(service: live.Service) -> None:
    feather = create(service, "feather", 0.5)
    brick = create(service, "brick", 2.0)
    with service.unchanged():  # SMALL -> LARGE via Grow when weight > 1.0
        live.assert_rejected(service.post(f"/widgets/{feather}/grow"), 409)
    grown = service.post(f"/widgets/{brick}/grow")
    assert grown.status_code == 200, grown.text
    assert service.state()["widgets"][str(brick)]["size"] == "LARGE"
    with service.unchanged():  # widgets[id].size = SMALL
        live.assert_rejected(service.post(f"/widgets/{brick}/grow"), 409)
    with service.unchanged():
        live.assert_rejected(service.post("/widgets/99/grow"), 404)


def test_heaviest_is_none_without_widgets(service: live.Service) -> None:
    response = service.get("/widgets/heaviest")
    assert response.status_code == 200, response.text
    assert response.json() == {"best": None}


def test_heaviest_names_the_heaviest_widget(service: live.Service) -> None:
    for slug, weight in (("one", 3.0), ("two", 7.5), ("three", 2.0)):
        create(service, slug, weight)
    best = service.get("/widgets/heaviest").json()["best"]
    assert best == heaviest_in(service.state()) == 2
    seed_heavy(service, 100, 55.5)  # heavier than every created widget
    best = service.get("/widgets/heaviest").json()["best"]
    assert best == heaviest_in(service.state()) == 100


def test_heaviest_with_a_tie_answers_the_lowest_key(service: live.Service) -> None:
    """`the` promises one widget; two equally heavy ones make the description ambiguous, and
    the service answers the first in key order rather than failing."""
    seed_heavy(service, 40, 20.0)
    seed_heavy(service, 30, 20.0)
    create(service, "small", 1.0)
    best = service.get("/widgets/heaviest").json()["best"]
    assert best == heaviest_in(service.state()) == 30


def test_stats_without_widgets(service: live.Service) -> None:
    response = service.get("/stats")
    assert response.status_code == 200, response.text
    assert response.json() == {"total": 0, "light": [], "percent": 0}


def test_stats_sum_the_weights_and_list_the_light_widgets(service: live.Service) -> None:
    for slug, weight in (("one", 3.25), ("two", 7.5), ("three", 2.0)):
        create(service, slug, weight)
    seed_heavy(service, 100, 55.5)
    stats = service.get("/stats").json()
    total, light, percent = stats_of(service.state())
    assert stats["total"] == pytest.approx(total) == 68.25
    assert stats["light"] == light == [1, 2, 3]
    assert stats["percent"] == percent == 75  # 3 of 4 widgets are light


def test_drop_needs_a_bearer_token_and_erases_the_widget(service: live.Service) -> None:
    widget_id = create(service, "doomed", 1.0)
    with service.unchanged():
        live.assert_rejected(service.delete(f"/widgets/{widget_id}"), 401)
    dropped = service.delete(f"/widgets/{widget_id}", headers=bearer())
    assert dropped.status_code == 204, dropped.text
    state = service.state()
    assert str(widget_id) not in state["widgets"]
    # flags' = pre(flags) minus {id} union {0} intersect {0, 1}
    assert state["flags"] == [0]
    with service.unchanged():
        live.assert_rejected(service.delete(f"/widgets/{widget_id}", headers=bearer()), 404)


def test_touch_sets_a_label_and_the_current_value(service: live.Service) -> None:
    create(service, "counted", 1.0)  # counter = 1
    response = service.post("/labels", json={"key": "tour", "amount": 40})
    assert response.status_code == 201, response.text
    service.post("/labels", json={"key": "other", "amount": 7})
    state = service.state()
    assert state["labels"] == {"tour": 40, "other": 7}
    assert state["current"] == 7
    # counter' = counter + hours(1) - minutes(60) + days(0) + seconds(0): durations in seconds
    assert state["counter"] == 1
    for key, amount in (("tour", 0), ("tour", 101), ("", 5)):  # requires, Percent, len(key)
        body = {"key": key, "amount": amount}
        with service.unchanged():
            live.assert_invalid(service.post("/labels", json=body))
