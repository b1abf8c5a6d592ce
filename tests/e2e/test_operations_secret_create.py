"""secret_create.spec, its operation against the live service (CreateAccount): the `ensures`
checked on GET /admin/state (which holds the sensitive columns), the sensitive fields kept out
of the HTTP answer, refinement violations as 422, and the counter after every request."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import live_service as live  # noqa: E402

SENSITIVE = ("password_hash", "reset_token")


def check_invariants(state: dict[str, Any]) -> None:
    accounts, next_id = state["accounts"], state["next_id"]
    # AccountId refinement (value > 0) on next_id and on every key
    assert next_id > 0
    for key, account in accounts.items():
        assert account["id"] == int(key) > 0
        assert 1 <= len(account["email"]) <= 100
        assert len(account["password_hash"]) > 0 and len(account["display_name"]) >= 1


@pytest.fixture(scope="module", params=live.DIALECTS)
def service(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[live.Service]:
    workdir = tmp_path_factory.mktemp(f"secret_create_{request.param}")
    with live.serve_spec("secret_create", request.param, workdir, check_invariants) as svc:
        yield svc


@pytest.fixture(autouse=True)
def fresh_state(service: live.Service) -> None:
    service.reset()
    assert service.state() == {"accounts": {}, "next_id": 1}


def body(**overrides: Any) -> dict[str, Any]:
    return {
        "email": "ada@example.com",
        "password_hash": "argon2id$v=19$not-a-real-hash",
        "display_name": "Ada",
        "reset_token": "reset-me-0123456789",
        **overrides,
    }


def test_create_account_stores_every_field(service: live.Service) -> None:
    pre = service.state()
    sent = body()
    response = service.post("/accounts", json=sent)
    assert response.status_code == 201, response.text
    account = response.json()
    post = service.state()
    # account.id = pre(next_id); next_id' = pre(next_id) + 1
    assert account["id"] == pre["next_id"]
    assert post["next_id"] == pre["next_id"] + 1
    # accounts' = pre(accounts) + {account.id -> account}; #accounts' = #pre(accounts) + 1
    assert list(post["accounts"]) == [*pre["accounts"], str(account["id"])]
    stored = post["accounts"][str(account["id"])]
    # account.email/password_hash/display_name/reset_token = the inputs
    for name, value in sent.items():
        assert stored[name] == value, name
    # The answer carries the public fields only.
    assert account == {"id": account["id"], "email": sent["email"], "display_name": "Ada"}
    for name in SENSITIVE:
        assert name not in response.text and sent[name] not in response.text


def test_create_account_without_reset_token(service: live.Service) -> None:
    sent = body()
    del sent["reset_token"]
    first = service.post("/accounts", json=sent)
    second = service.post("/accounts", json={**sent, "reset_token": None, "email": "b@x.org"})
    assert (first.status_code, second.status_code) == (201, 201), first.text + second.text
    assert (first.json()["id"], second.json()["id"]) == (1, 2)
    state = service.state()
    assert state["next_id"] == 3
    assert state["accounts"]["1"]["reset_token"] is None
    assert state["accounts"]["2"]["reset_token"] is None
    assert state["accounts"]["2"]["email"] == "b@x.org"


def test_create_account_accepts_a_100_character_email(service: live.Service) -> None:
    email = "e" * 90 + "@x.example"
    assert len(email) == 100
    response = service.post("/accounts", json=body(email=email))
    assert response.status_code == 201, response.text
    assert service.state()["accounts"]["1"]["email"] == email


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": ""}, "email"),  # Email: len >= 1
        ({"email": "e" * 101}, "email"),  # Email: len <= 100
        ({"password_hash": ""}, "password_hash"),  # Account.password_hash: len > 0
        ({"display_name": ""}, "display_name"),  # Account.display_name: len >= 1
        ({"email": None}, "email"),
    ],
)
def test_create_account_rejects_invalid_input(
    service: live.Service, overrides: dict[str, Any], field: str
) -> None:
    service.post("/accounts", json=body(email="first@example.com"))
    with service.unchanged():
        live.assert_invalid(service.post("/accounts", json=body(**overrides)), field)


def test_create_account_needs_every_required_input(service: live.Service) -> None:
    for missing in ("email", "password_hash", "display_name"):
        sent = body()
        del sent[missing]
        with service.unchanged():
            live.assert_invalid(service.post("/accounts", json=sent), missing)


@pytest.mark.parametrize(
    ("overrides", "missing"),
    [({}, "display_name"), ({"password_hash": ""}, None), ({"email": ""}, None)],
)
def test_validation_errors_do_not_echo_secrets(
    service: live.Service, overrides: dict[str, Any], missing: str | None
) -> None:
    sent = body(**overrides)
    if missing:
        del sent[missing]
    response = service.post("/accounts", json=sent)
    live.assert_invalid(response)
    for name in SENSITIVE:
        if sent.get(name):
            assert sent[name] not in response.text, response.text
