"""safe_counter.spec, both operations against the live service (Increment, Decrement): each
`ensures` checked on GET /admin/state, the `requires` of Decrement as a 409, and the invariant
countNonNegative after every request, also under concurrent requests."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import live_service as live  # noqa: E402


def check_invariants(state: dict[str, Any]) -> None:
    assert state["count"] >= 0, "countNonNegative"


@pytest.fixture(scope="module", params=live.DIALECTS)
def service(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[live.Service]:
    workdir = tmp_path_factory.mktemp(f"safe_counter_{request.param}")
    with live.serve_spec("safe_counter", request.param, workdir, check_invariants) as svc:
        yield svc


@pytest.fixture(autouse=True)
def fresh_state(service: live.Service) -> None:
    service.reset()
    assert service.state() == {"count": 0}


def count(service: live.Service) -> int:
    value = service.state()["count"]
    assert isinstance(value, int)
    return value


def test_increment_adds_one(service: live.Service) -> None:
    for expected in (1, 2, 3):
        pre = count(service)
        response = service.patch("/increment")
        assert response.status_code == 200, response.text
        # count' = count + 1
        assert count(service) == pre + 1 == expected


def test_decrement_subtracts_one(service: live.Service) -> None:
    for _ in range(3):
        assert service.patch("/increment").status_code == 200
    for expected in (2, 1, 0):
        pre = count(service)
        response = service.patch("/decrement")
        assert response.status_code == 200, response.text
        # count' = count - 1
        assert count(service) == pre - 1 == expected


def test_decrement_at_zero_is_409(service: live.Service) -> None:
    with service.unchanged():
        live.assert_rejected(service.patch("/decrement"), 409, "Decrement.requires: count > 0")
    service.patch("/increment")
    service.patch("/decrement")
    with service.unchanged():
        live.assert_rejected(service.patch("/decrement"), 409, "Decrement.requires: count > 0")


def test_concurrent_updates_lose_nothing_and_never_go_negative(service: live.Service) -> None:
    increments = service.burst([("PATCH", "/increment", {})] * 20)
    assert [r.status_code for r in increments] == [200] * 20
    assert count(service) == 20
    decrements = service.burst([("PATCH", "/decrement", {})] * 25)
    statuses = sorted(r.status_code for r in decrements)
    assert statuses == [200] * 20 + [409] * 5
    for response in decrements:
        if response.status_code == 409:
            assert live.detail_of(response) == "Decrement.requires: count > 0"
    assert count(service) == 0
