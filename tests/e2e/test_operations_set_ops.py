"""set_ops.spec, every operation against the live service (Bump, Touch, Merge, Common, OnlyA,
Included, MembershipInUnion): each `ensures` checked through the HTTP answers and GET
/admin/state, every `requires` as 404 / 409 / 422, and the invariants after every request.

No operation adds keys to `counters` and /admin/seed only covers entities, so the pre-states of
Bump and Touch are written into `service_state` directly.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import live_service as live  # noqa: E402

ALLOWED_VALUES = {0, 1, 2, 3, 5}


def check_invariants(state: dict[str, Any]) -> None:
    counters = state["counters"]
    assert isinstance(counters, dict), f"counters is not a map: {counters!r}"
    assert all(int(key) > 0 for key in counters), "keysPositive"
    assert all(value in ALLOWED_VALUES for value in counters.values()), "valuesInRange"


@pytest.fixture(scope="module", params=live.DIALECTS)
def service(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[live.Service]:
    workdir = tmp_path_factory.mktemp(f"set_ops_{request.param}")
    with live.serve_spec("set_ops", request.param, workdir, check_invariants) as svc:
        yield svc


@pytest.fixture(autouse=True)
def fresh_state(service: live.Service) -> None:
    service.reset()
    assert service.state() == {"counters": {}}


def seed_counters(service: live.Service, counters: dict[int, int]) -> None:
    service.execute_sql(
        "UPDATE service_state SET counters = :value WHERE id = 1",
        value=json.dumps({str(k): v for k, v in counters.items()}),
    )
    assert service.state()["counters"] == {str(k): v for k, v in counters.items()}
    service.check_invariants(after="seeding")


SEED = {1: 0, 2: 1, 3: 2, 4: 3, 5: 5}


# ------------------------------------------------------------------------------ Bump / Touch


@pytest.mark.parametrize("key", [1, 2, 3])
def test_bump_sets_five(service: live.Service, key: int) -> None:
    seed_counters(service, SEED)
    pre = service.state()["counters"]
    response = service.patch(f"/bump/{key}")
    assert response.status_code == 200, response.text
    # counters' = pre(counters) + {id -> 5}
    assert service.state()["counters"] == {**pre, str(key): 5}


@pytest.mark.parametrize("key", [4, 5])
def test_bump_outside_zero_to_two_is_409(service: live.Service, key: int) -> None:
    seed_counters(service, SEED)
    with service.unchanged():
        live.assert_rejected(
            service.patch(f"/bump/{key}"), 409, "Bump.requires: counters[id] in {0, 1, 2}"
        )


@pytest.mark.parametrize("key", [1, 2, 3, 4])
def test_touch_sets_three(service: live.Service, key: int) -> None:
    seed_counters(service, SEED)
    pre = service.state()["counters"]
    response = service.patch(f"/touch/{key}")
    assert response.status_code == 200, response.text
    # counters' = pre(counters) + {id -> 3}
    assert service.state()["counters"] == {**pre, str(key): 3}


def test_touch_at_five_is_409(service: live.Service) -> None:
    seed_counters(service, SEED)
    with service.unchanged():
        live.assert_rejected(
            service.patch("/touch/5"), 409, "Touch.requires: counters[id] not in {5}"
        )


@pytest.mark.parametrize("seeded", [False, True])
def test_bump_and_touch_of_a_missing_key_are_404(service: live.Service, seeded: bool) -> None:
    if seeded:
        seed_counters(service, SEED)
    with service.unchanged():
        live.assert_rejected(service.patch("/bump/9"), 404, "Bump.requires: id in counters")
        live.assert_rejected(service.patch("/touch/9"), 404, "Touch.requires: id in counters")


def test_bump_then_touch_is_409_and_touch_then_bump_is_409(service: live.Service) -> None:
    seed_counters(service, {1: 0, 2: 0})
    assert service.patch("/bump/1").status_code == 200
    live.assert_rejected(service.patch("/touch/1"), 409, "Touch.requires: counters[id] not in {5}")
    assert service.patch("/touch/2").status_code == 200
    live.assert_rejected(
        service.patch("/bump/2"), 409, "Bump.requires: counters[id] in {0, 1, 2}"
    )
    assert service.state()["counters"] == {"1": 5, "2": 3}


# ------------------------------------------------------------------------------ set operations

SET_CASES = [
    ([1, 2, 3], [2, 3, 4]),
    ([1, 1, 2], [2]),
    ([5], [5]),
    ([-3, 0, 7], [8, 9]),
    ([], [1, 2]),
    ([1, 2], []),
    ([], []),
]


def set_query(a: list[int], b: list[int], **extra: int) -> list[tuple[str, int]]:
    return [("a", x) for x in a] + [("b", x) for x in b] + list(extra.items())


def set_answer(service: live.Service, path: str, a: list[int], b: list[int], name: str) -> Any:
    with service.unchanged():  # no operation here touches the state
        response = service.get(path, params=set_query(a, b))
    assert response.status_code == 200, f"{path} a={a} b={b}: {response.text}"
    body = response.json()
    assert set(body) == {name}
    return body[name]


@pytest.mark.parametrize(("a", "b"), SET_CASES)
def test_merge_is_the_union(service: live.Service, a: list[int], b: list[int]) -> None:
    u = set_answer(service, "/merge", a, b, "u")
    # u = a union b
    assert sorted(set(u)) == sorted(set(a) | set(b)) and len(u) == len(set(u))


@pytest.mark.parametrize(("a", "b"), SET_CASES)
def test_common_is_the_intersection(service: live.Service, a: list[int], b: list[int]) -> None:
    i = set_answer(service, "/common", a, b, "i")
    # i = a intersect b
    assert sorted(set(i)) == sorted(set(a) & set(b)) and len(i) == len(set(i))


@pytest.mark.parametrize(("a", "b"), SET_CASES)
def test_only_a_is_the_difference(service: live.Service, a: list[int], b: list[int]) -> None:
    d = set_answer(service, "/only-a", a, b, "d")
    # d = a minus b
    assert sorted(set(d)) == sorted(set(a) - set(b)) and len(d) == len(set(d))


@pytest.mark.parametrize(
    ("a", "b"),
    [*SET_CASES, ([2, 1], [1, 2, 3]), ([4], [1, 2, 3])],
)
def test_included_is_subset(service: live.Service, a: list[int], b: list[int]) -> None:
    result = set_answer(service, "/included", a, b, "result")
    # result = (a subset b)
    assert result is (set(a) <= set(b))


@pytest.mark.parametrize(
    ("x", "a", "b"),
    [(1, [1, 2], [3]), (3, [1, 2], [3]), (2, [2], [2]), (0, [], [0])],
)
def test_membership_in_union(service: live.Service, x: int, a: list[int], b: list[int]) -> None:
    with service.unchanged():
        response = service.get(f"/membership-in-union/{x}", params=set_query(a, b))
    assert response.status_code == 200, response.text
    # inA = ((x in a) or (x in b))
    assert response.json() == {"inA": (x in a) or (x in b)}


@pytest.mark.parametrize(("x", "a", "b"), [(4, [1, 2], [3]), (1, [], [])])
def test_membership_outside_the_union_is_422(
    service: live.Service, x: int, a: list[int], b: list[int]
) -> None:
    with service.unchanged():
        live.assert_rejected(
            service.get(f"/membership-in-union/{x}", params=set_query(a, b)),
            422,
            "MembershipInUnion.requires: x in (a union b)",
        )


def test_set_inputs_must_be_integers(service: live.Service) -> None:
    with service.unchanged():
        live.assert_invalid(service.get("/merge", params=[("a", "one"), ("b", 2)]), "a")
