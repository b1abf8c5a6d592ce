"""examples/library_loans.spec, every operation against the live service (AddBook, GetBook,
ListBooks, RemoveBook, Borrow, ReturnLoan, ReportLost): each `ensures` checked through the HTTP
answers and GET /admin/state, each `requires` broken once (404 / 409 / 422, state unchanged),
the LoanLifecycle transitions tried from every wrong state, and the invariants checked after
every request."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import live_service as live  # noqa: E402

SPEC = live.REPO / "examples" / "library_loans.spec"
ISBN = "9780262033848"
OTHER_ISBN = "9780131103627"
MEMBER = "ada@example.org"


def check_invariants(state: dict[str, Any]) -> None:
    books, loans, next_loan_id = state["books"], state["loans"], state["next_loan_id"]
    for isbn, book in books.items():
        assert book["isbn"] == isbn
        # availableWithinTotal, and the Copies refinement on both counters
        assert 0 <= book["copies_available"] <= book["copies_total"] <= 1000, book
    for key, loan in loans.items():
        assert loan["id"] == int(key)
        # loanIdsBelowCounter
        assert int(key) < next_loan_id, f"loan {key} not below next_loan_id {next_loan_id}"
        assert loan["status"] in ("ACTIVE", "RETURNED", "LOST")


@pytest.fixture(scope="module", params=("sqlite", "postgresql"))
def service(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[live.Service]:
    workdir = tmp_path_factory.mktemp(f"library_loans_{request.param}")
    with live.serve_spec(SPEC, request.param, workdir, check_invariants) as svc:
        yield svc


@pytest.fixture(autouse=True)
def fresh_state(service: live.Service) -> None:
    service.reset()
    assert service.state() == {"books": {}, "loans": {}, "next_loan_id": 0}


def add_book(service: live.Service, isbn: str = ISBN, copies: int = 2) -> dict[str, Any]:
    response = service.post("/books", json={"isbn": isbn, "title": "SICP", "copies": copies})
    assert response.status_code == 201, response.text
    body = response.json()
    assert isinstance(body, dict)
    return body


def borrow(service: live.Service, isbn: str = ISBN) -> dict[str, Any]:
    response = service.post("/loans", json={"isbn": isbn, "member_email": MEMBER})
    assert response.status_code == 201, response.text
    body = response.json()
    assert isinstance(body, dict)
    return body


def test_add_book_stores_every_field_and_rejects_a_duplicate(service: live.Service) -> None:
    book = add_book(service, copies=3)
    assert (book["isbn"], book["title"], book["copies_total"], book["copies_available"]) == (
        ISBN,
        "SICP",
        3,
        3,
    )
    stored = service.state()["books"][ISBN]
    assert (stored["title"], stored["copies_total"], stored["copies_available"]) == ("SICP", 3, 3)
    with service.unchanged():
        duplicate = service.post("/books", json={"isbn": ISBN, "title": "Again", "copies": 1})
        live.assert_rejected(duplicate, 409)
        assert "isbn not in books" in live.detail_of(duplicate)


@pytest.mark.parametrize(
    "body",
    [
        {"isbn": "123", "title": "Short ISBN", "copies": 1},
        {"isbn": ISBN, "title": "", "copies": 1},
        {"isbn": ISBN, "title": "Too many", "copies": 1001},
        {"isbn": ISBN, "title": "Negative", "copies": -1},
    ],
)
def test_add_book_rejects_values_outside_the_refinements(
    service: live.Service, body: dict[str, Any]
) -> None:
    with service.unchanged():
        live.assert_invalid(service.post("/books", json=body))


def test_get_and_list_books(service: live.Service) -> None:
    add_book(service)
    add_book(service, OTHER_ISBN, copies=1)
    got = service.get(f"/books/{ISBN}")
    assert got.status_code == 200 and got.json()["isbn"] == ISBN
    listed = service.get("/books")
    assert listed.status_code == 200
    assert sorted(b["isbn"] for b in listed.json()) == sorted([ISBN, OTHER_ISBN])
    live.assert_rejected(service.get("/books/9999999999999"), 404)


def test_borrow_takes_a_copy_and_numbers_loans_from_the_counter(service: live.Service) -> None:
    add_book(service, copies=2)
    before = live.utcnow()
    first = borrow(service)
    second = borrow(service)
    assert (first["id"], second["id"]) == (0, 1)  # loan.id = pre(next_loan_id)
    state = service.state()
    assert state["next_loan_id"] == 2
    assert state["books"][ISBN]["copies_available"] == 0
    loan = state["loans"]["0"]
    assert (loan["isbn"], loan["member_email"], loan["status"]) == (ISBN, MEMBER, "ACTIVE")
    assert live.parse_time(loan["borrowed_at"]) >= before.replace(microsecond=0)
    with service.unchanged():  # copies_available > 0
        live.assert_rejected(service.post("/loans", json={"isbn": ISBN, "member_email": MEMBER}), 409)
    with service.unchanged():  # isbn in books
        missing = service.post("/loans", json={"isbn": OTHER_ISBN, "member_email": MEMBER})
        live.assert_rejected(missing, 404)
    add_book(service, OTHER_ISBN)
    with service.unchanged():  # isValidEmail(member_email)
        live.assert_invalid(service.post("/loans", json={"isbn": OTHER_ISBN, "member_email": "x"}))


def test_return_gives_the_copy_back_once(service: live.Service) -> None:
    add_book(service, copies=1)
    loan = borrow(service)
    key = str(loan["id"])
    stored_before = service.state()["loans"][key]
    returned = service.post(f"/loans/{loan['id']}/return")
    assert returned.status_code == 200, returned.text
    assert returned.json()["status"] == "RETURNED"
    state = service.state()
    assert state["books"][ISBN]["copies_available"] == 1
    # `pre(loans)[id] with { status = RETURNED }`: only the status changed (updated_at is the
    # row's bookkeeping column, not a field of the spec's Loan).
    after = {k: v for k, v in state["loans"][key].items() if k != "updated_at"}
    before = {k: v for k, v in stored_before.items() if k != "updated_at"}
    assert after == {**before, "status": "RETURNED"}
    with service.unchanged():  # RETURNED -> RETURNED is not a transition
        live.assert_rejected(service.post(f"/loans/{loan['id']}/return"), 409)
    with service.unchanged():
        live.assert_rejected(service.post("/loans/999/return"), 404)


def test_report_lost_keeps_the_copy_out(service: live.Service) -> None:
    add_book(service, copies=1)
    loan = borrow(service)
    lost = service.post(f"/loans/{loan['id']}/lost", json={"reported_by": MEMBER})
    assert lost.status_code == 200, lost.text
    assert lost.json()["status"] == "LOST"
    state = service.state()
    assert state["loans"][str(loan["id"])]["status"] == "LOST"
    assert state["books"][ISBN]["copies_available"] == 0
    with service.unchanged():  # LOST is final
        live.assert_rejected(service.post(f"/loans/{loan['id']}/return"), 409)
        again = service.post(f"/loans/{loan['id']}/lost", json={"reported_by": MEMBER})
        live.assert_rejected(again, 409)
    other = borrow_after_adding(service)
    with service.unchanged():  # isValidEmail(reported_by)
        live.assert_invalid(service.post(f"/loans/{other}/lost", json={"reported_by": "nobody"}))


def borrow_after_adding(service: live.Service) -> int:
    add_book(service, OTHER_ISBN)
    return int(borrow(service, OTHER_ISBN)["id"])


def test_remove_book_only_when_every_copy_is_back(service: live.Service) -> None:
    add_book(service, copies=1)
    loan = borrow(service)
    with service.unchanged():  # copies_available = copies_total
        live.assert_rejected(service.delete(f"/books/{ISBN}"), 409)
    service.post(f"/loans/{loan['id']}/return")
    removed = service.delete(f"/books/{ISBN}")
    assert removed.status_code == 204, removed.text
    assert ISBN not in service.state()["books"]
    live.assert_rejected(service.get(f"/books/{ISBN}"), 404)
    with service.unchanged():
        live.assert_rejected(service.delete(f"/books/{ISBN}"), 404)


def test_parallel_borrows_never_oversell(service: live.Service) -> None:
    """Borrow is a read-modify-write of copies_available: 20 concurrent borrows of a book with
    5 copies give exactly 5 loans, the rest 409, and never a 5xx or a negative count."""
    add_book(service, copies=5)
    body = {"isbn": ISBN, "member_email": MEMBER}
    responses = service.burst([("POST", "/loans", {"json": body})] * 20)
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(201) == 5, statuses
    assert set(statuses) <= {201, 409}, statuses
    state = service.state()
    assert state["books"][ISBN]["copies_available"] == 0
    assert len(state["loans"]) == 5
    assert sorted(int(k) for k in state["loans"]) == list(range(5))
