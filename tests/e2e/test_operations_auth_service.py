"""auth_service.spec, every operation against the live service (Register, Login, LoginFailed,
RefreshToken, RequestPasswordReset, ResetPassword, Logout): each `ensures` checked through the
HTTP answers and GET /admin/state, the `requires` broken (404 / 409 / 422 with the state left
unchanged), the rate limit after five failures, and the spec's invariants after every request.
RefreshToken and Logout are guarded by `requires_auth`: the service runs with an API key and a
JWT secret configured, and the tests present them."""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import live_service as live  # noqa: E402

API_KEY = "s2r-e2e-api-key"
JWT_SECRET = "s2r-e2e-jwt-secret-" + "0123456789abcdef" * 4
EMAIL = "ada@example.org"
PASSWORD = "correct horse battery"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def check_invariants(state: dict[str, Any]) -> None:
    users, by_email, sessions = state["users"], state["user_by_email"], state["sessions"]
    emails = [u["email"] for u in users.values()]
    assert len(emails) == len(set(emails)), "uniqueEmails"
    for key, user in users.items():
        assert user["id"] == int(key) < state["next_user_id"], "userKeyMatchesId / nextUserIdFresh"
        assert by_email[user["email"]] == user, "userKeyMatchesId"
        assert len(user["password_hash"]) == 64
    for email, user in by_email.items():
        assert user["email"] == email and str(user["id"]) in users, "emailIndexConsistent"
    for key, s in sessions.items():
        assert s["id"] == int(key) < state["next_session_id"], "sessionKeyMatchesId / fresh"
        assert str(s["user_id"]) in users, "sessionBelongsToUser"
        created = live.parse_time(s["created_at"])
        access = live.parse_time(s["access_expires_at"])
        assert access > created and live.parse_time(s["refresh_expires_at"]) > access
        assert s["access_token"] != s["refresh_token"]
    access_tokens = [s["access_token"] for s in sessions.values()]
    refresh_tokens = [s["refresh_token"] for s in sessions.values()]
    assert len(set(access_tokens)) == len(access_tokens), "accessTokensUnique"
    assert len(set(refresh_tokens)) == len(refresh_tokens), "refreshTokensUnique"
    for token, entry in state["reset_tokens"].items():
        assert entry["token"] == token and str(entry["user_id"]) in users
    for email, failed in state["failed_logins"].items():
        assert failed["email"] == email and failed["count"] > 0
    assert state["next_session_id"] > 0


@pytest.fixture(scope="module", params=("sqlite", "postgresql"))
def service(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[live.Service]:
    workdir = tmp_path_factory.mktemp(f"auth_service_{request.param}")
    credentials = {"AUTH_KEY_API_KEY": API_KEY, "JWT_SECRET": JWT_SECRET}
    with live.serve_spec(
        "auth_service", request.param, workdir, check_invariants, extra_env=credentials
    ) as svc:
        yield svc


@pytest.fixture(autouse=True)
def fresh_state(service: live.Service) -> None:
    service.reset()


def bearer_jwt() -> dict[str, str]:
    now = int(time.time())
    token = jwt.encode({"sub": "e2e", "iat": now, "exp": now + 300}, JWT_SECRET, algorithm="HS256")
    return {"Authorization": f"Bearer {token}"}


API_KEY_HEADER = {"X-API-Key": API_KEY}


def register(service: live.Service, email: str = EMAIL) -> dict[str, Any]:
    body = {"email": email, "password": PASSWORD, "display_name": "Ada"}
    response = service.post("/auth/register", json=body)
    assert response.status_code == 201, response.text
    user = response.json()
    assert isinstance(user, dict)
    return user


def login(service: live.Service, email: str = EMAIL) -> dict[str, Any]:
    response = service.post("/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    session = response.json()
    # The tokens the operation generated are handed over once, exactly as stored.
    stored = service.state()["sessions"][str(session["id"])]
    assert isinstance(stored, dict)
    for token in ("access_token", "refresh_token"):
        assert session[token] == stored[token]
    return stored


def test_register_creates_an_indexed_active_user(service: live.Service) -> None:
    before = service.state()
    user = register(service)
    assert user["id"] == before["next_user_id"]
    assert (user["email"], user["display_name"], user["is_active"], user["last_login"]) == (
        EMAIL,
        "Ada",
        True,
        None,
    )
    assert "password_hash" not in user  # derived from an input: never shown
    state = service.state()
    assert state["next_user_id"] == before["next_user_id"] + 1
    stored = state["users"][str(user["id"])]
    assert stored["password_hash"] == sha256(PASSWORD)
    assert state["user_by_email"][EMAIL] == stored
    with service.unchanged():  # email not in user_by_email
        again = {"email": EMAIL, "password": PASSWORD, "display_name": "Ada"}
        live.assert_rejected(service.post("/auth/register", json=again), 409)
    for bad in (
        {"email": "b@example.org", "password": "short", "display_name": "B"},
        {"email": "b@example.org", "password": PASSWORD, "display_name": ""},
        {"email": "b@example.org", "password": PASSWORD, "display_name": "x" * 101},
        {"email": "not-an-email", "password": PASSWORD, "display_name": "B"},
    ):
        with service.unchanged():
            live.assert_invalid(service.post("/auth/register", json=bad))


def test_login_opens_a_session_and_stamps_the_user(service: live.Service) -> None:
    user = register(service)
    before = service.state()
    started = live.utcnow()
    session = login(service)
    state = service.state()
    assert session["id"] == before["next_session_id"]
    assert state["next_session_id"] == before["next_session_id"] + 1
    assert (session["user_id"], session["is_revoked"]) == (user["id"], False)
    assert live.parse_time(session["access_expires_at"]) > started
    assert len(session["access_token"]) == len(session["refresh_token"]) == 128
    stamped = state["users"][str(user["id"])]
    assert stamped["last_login"] is not None
    assert state["user_by_email"][EMAIL]["last_login"] == stamped["last_login"]
    attempt = state["login_attempts"][-1]
    assert (attempt["email"], attempt["success"]) == (EMAIL, True)
    second = login(service)
    assert second["access_token"] != session["access_token"]
    with service.unchanged():  # email in user_by_email
        unknown = service.post("/auth/login", json={"email": "x@example.org", "password": "p"})
        live.assert_rejected(unknown, 404)
    with service.unchanged():  # password_hash = hash(password)
        wrong = service.post("/auth/login", json={"email": EMAIL, "password": "wrong password"})
        assert wrong.status_code in (409, 422), wrong.text


def test_login_failed_counts_failures_and_the_rate_limit_blocks_login(
    service: live.Service,
) -> None:
    register(service)
    for expected in range(1, 6):
        failed = service.post("/users", json={"email": EMAIL, "password": "wrong password"})
        assert failed.status_code in (200, 201, 204), failed.text
        entry = service.state()["failed_logins"][EMAIL]
        assert entry["count"] == expected
    state = service.state()
    assert [a["success"] for a in state["login_attempts"]] == [False] * 5
    with service.unchanged():  # at most 5 failures inside the window
        blocked = service.post("/auth/login", json={"email": EMAIL, "password": PASSWORD})
        assert blocked.status_code in (409, 429), blocked.text
    with service.unchanged():  # LoginFailed requires a wrong password
        right = service.post("/users", json={"email": EMAIL, "password": PASSWORD})
        assert right.status_code in (409, 422), right.text


def test_a_successful_login_clears_the_failure_window(service: live.Service) -> None:
    register(service)
    assert service.post("/users", json={"email": EMAIL, "password": "wrong password"}).is_success
    assert EMAIL in service.state()["failed_logins"]
    login(service)
    assert EMAIL not in service.state()["failed_logins"]


def test_refresh_token_rotates_the_session(service: live.Service) -> None:
    register(service)
    old = login(service)
    body = {"refresh_token": old["refresh_token"]}
    live.assert_rejected(service.post("/auth/refresh", json=body), 401)  # requires_auth
    before = service.state()
    refreshed = service.post("/auth/refresh", json=body, headers=API_KEY_HEADER)
    assert refreshed.status_code == 201, refreshed.text
    new = refreshed.json()
    state = service.state()
    assert new["id"] == before["next_session_id"]
    assert (new["user_id"], new["is_revoked"]) == (old["user_id"], False)
    assert state["sessions"][str(old["id"])]["is_revoked"] is True
    stored_new = state["sessions"][str(new["id"])]
    assert (new["access_token"], new["refresh_token"]) == (
        stored_new["access_token"],
        stored_new["refresh_token"],
    )
    assert stored_new["access_token"] != old["access_token"]
    assert stored_new["refresh_token"] != old["refresh_token"]
    with service.unchanged():  # the old refresh token is revoked now
        again = service.post("/auth/refresh", json=body, headers=bearer_jwt())
        assert again.status_code in (404, 409), again.text


def test_password_reset_is_single_use(service: live.Service) -> None:
    user = register(service)
    requested = service.post("/auth/password-reset", json={"email": EMAIL})
    assert requested.status_code == 201, requested.text
    token = requested.json()["reset_token"]
    assert len(token) == 128
    assert service.state()["reset_tokens"][token]["user_id"] == user["id"]
    with service.unchanged():
        live.assert_rejected(service.post("/auth/password-reset", json={"email": "x@e.org"}), 404)
    short = {"reset_token": token, "new_password": "short"}
    with service.unchanged():
        live.assert_invalid(service.post("/auth/password-reset/confirm", json=short))
    body = {"reset_token": token, "new_password": "a brand new secret"}
    confirmed = service.post("/auth/password-reset/confirm", json=body)
    assert confirmed.is_success, confirmed.text
    state = service.state()
    assert token not in state["reset_tokens"]
    assert state["users"][str(user["id"])]["password_hash"] == sha256("a brand new secret")
    assert state["user_by_email"][EMAIL]["password_hash"] == sha256("a brand new secret")
    with service.unchanged():  # reset_token in reset_tokens
        live.assert_rejected(service.post("/auth/password-reset/confirm", json=body), 404)


def test_logout_revokes_the_session_once(service: live.Service) -> None:
    register(service)
    session = login(service)
    body = {"access_token": session["access_token"]}
    live.assert_rejected(service.post("/auth/logout", json=body, headers=API_KEY_HEADER), 401)
    before = service.state()
    out = service.post("/auth/logout", json=body, headers=bearer_jwt())
    assert out.status_code == 204, out.text
    after = service.state()
    assert after["sessions"][str(session["id"])]["is_revoked"] is True
    assert after["users"] == before["users"]  # users' = users
    with service.unchanged():  # not already revoked
        again = service.post("/auth/logout", json=body, headers=bearer_jwt())
        assert again.status_code in (404, 409), again.text

