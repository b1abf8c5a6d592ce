"""Security schemes end to end: compile a spec with `security {}` and `requires_auth:`, run the
project's gates (ruff, mypy --strict, alembic), serve it with credentials from the environment
and check who gets in.

* examples/secured_notes.spec: a JWT bearer scheme (`token`), an API key in a header (`key`),
  HTTP Basic (`login`), one operation per scheme kind, two OR sets and one open operation;
* the reference fixture auth_service.spec (S2R_SHARED_DIR; skipped with a message when unset):
  `RefreshToken` takes a JWT or an API key, `Logout` only a JWT;
* a spec written here with the remaining variants: an opaque bearer token and API keys in a
  query parameter and in a cookie.

Needs S2R_BINARY (else build/spec-to-rest) and PyJWT in the test venv (tests/e2e/requirements.txt).
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import project_checks as pc  # noqa: E402
from e2e_env import REPO, binary, fixture_spec, python  # noqa: E402

JWT_SECRET = "s2r-e2e-jwt-secret-" + "0123456789abcdef" * 4  # 83 bytes: enough for HS512 too
API_KEY = "s2r-e2e-api-key"
BASIC_USER = "notes-admin"
BASIC_PASSWORD = "correct horse battery staple"

# Every credential of secured_notes.spec, as the server reads them.
NOTES_ENV = {
    "JWT_SECRET": JWT_SECRET,
    "AUTH_KEY_KEY": API_KEY,
    "AUTH_BASIC_LOGIN_USERNAME": BASIC_USER,
    "AUTH_BASIC_LOGIN_PASSWORD": BASIC_PASSWORD,
}




def _compile(spec: Path, out: Path) -> pc.Project:
    result = subprocess.run(
        [str(binary()), "compile", "--db", "sqlite", "-o", str(out), str(spec)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return pc.Project(out, python=python())


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> pc.Project:
    out = tmp_path_factory.mktemp("secured") / "secured_notes"
    return _compile(REPO / "examples" / "secured_notes.spec", out)


@pytest.fixture(scope="module")
def auth_service(tmp_path_factory: pytest.TempPathFactory) -> pc.Project:
    spec = fixture_spec("auth_service")
    return _compile(spec, tmp_path_factory.mktemp("auth") / "auth_service")


@contextlib.contextmanager
def _serve(project: pc.Project, env: dict[str, str]) -> Iterator[pc.LiveServer]:
    """uvicorn on a fresh, migrated SQLite database with `env` as the credential settings."""
    with pc.fresh_database("sqlite") as url:
        pc.alembic(project, url, "upgrade", "head")
        server = pc.LiveServer(project, url, extra_env=env)
        try:
            with server:
                yield server
        finally:
            server.close()


@pytest.fixture(scope="module")
def notes_server(notes: pc.Project) -> Iterator[pc.LiveServer]:
    with _serve(notes, NOTES_ENV) as server:
        yield server


# ------------------------------------------------------------------------------ credentials


def _jwt(secret: str = JWT_SECRET, *, expires_in: int = 300, algorithm: str = "HS256") -> str:
    now = datetime.datetime.now(datetime.UTC)
    claims = {"sub": "e2e", "iat": now, "exp": now + datetime.timedelta(seconds=expires_in)}
    return jwt.encode(claims, secret, algorithm=algorithm)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _basic(user: str = BASIC_USER, password: str = BASIC_PASSWORD) -> dict[str, str]:
    raw = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


def _key(key: str = API_KEY) -> dict[str, str]:
    return {"X-API-Key": key}


def _assert_unauthorized(response: Any, challenge: str) -> None:
    assert response.status_code == 401, response.text
    assert response.json() == {"detail": "Unauthorized"}
    assert response.headers.get("www-authenticate") == challenge


def _create(server: pc.LiveServer, title: str = "note") -> int:
    created = server.post("/notes", json={"title": title}, headers=_bearer(_jwt()))
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


# ------------------------------------------------------------------------------ secured_notes


def test_notes_project_passes_static_checks(notes: pc.Project) -> None:
    pc.run_all_static(notes)
    text = (notes.root / "pyproject.toml").read_text()
    assert '"pyjwt>=2.10"' in text


def test_open_operation_needs_no_credentials(notes_server: pc.LiveServer) -> None:
    assert notes_server.get("/notes").status_code == 200


def test_jwt_scheme(notes_server: pc.LiveServer) -> None:
    body = {"title": "first"}
    _assert_unauthorized(notes_server.post("/notes", json=body), "Bearer")
    for token in (
        _jwt("a-different-secret-of-at-least-32-bytes"),  # wrongly signed
        _jwt(expires_in=-60),  # expired
        _jwt(algorithm="HS512"),  # not the configured algorithm
        "not-a-jwt",
        API_KEY,
    ):
        answered = notes_server.post("/notes", json=body, headers=_bearer(token))
        _assert_unauthorized(answered, "Bearer")
    # Credentials of schemes the operation does not accept do not count.
    _assert_unauthorized(notes_server.post("/notes", json=body, headers=_key()), "Bearer")
    _assert_unauthorized(notes_server.post("/notes", json=body, headers=_basic()), "Bearer")
    created = notes_server.post("/notes", json=body, headers=_bearer(_jwt()))
    assert created.status_code == 201, created.text
    assert created.json()["title"] == "first"


def test_authentication_comes_before_validation(notes_server: pc.LiveServer) -> None:
    _assert_unauthorized(notes_server.post("/notes", json={"title": ""}), "Bearer")
    invalid = notes_server.post("/notes", json={"title": ""}, headers=_bearer(_jwt()))
    assert invalid.status_code == 422, invalid.text


def test_api_key_or_basic(notes_server: pc.LiveServer) -> None:
    note = _create(notes_server, "readable")
    path = f"/notes/{note}"
    challenge = 'ApiKey, Basic realm="SecuredNotes"'
    _assert_unauthorized(notes_server.get(path), challenge)
    _assert_unauthorized(notes_server.get(path, headers=_key("wrong-key")), challenge)
    _assert_unauthorized(notes_server.get(path, headers=_key("")), challenge)
    _assert_unauthorized(notes_server.get(path, headers=_basic(password="wrong")), challenge)
    _assert_unauthorized(notes_server.get(path, headers=_basic(user="someone-else")), challenge)
    _assert_unauthorized(notes_server.get(path, headers=_bearer(_jwt())), challenge)
    # Either scheme alone suffices (OR).
    by_key = notes_server.get(path, headers=_key())
    assert by_key.status_code == 200, by_key.text
    assert by_key.json()["title"] == "readable"
    assert notes_server.get(path, headers=_basic()).status_code == 200
    # A malformed Basic header does not spoil a valid API key.
    mixed = notes_server.get(path, headers={**_key(), "Authorization": "Basic !!!"})
    assert mixed.status_code == 200, mixed.text
    # Authenticated, the operation answers with its own statuses.
    assert notes_server.get("/notes/999999", headers=_key()).status_code == 404


def test_basic_or_jwt(notes_server: pc.LiveServer) -> None:
    first, second = _create(notes_server, "one"), _create(notes_server, "two")
    challenge = 'Bearer, Basic realm="SecuredNotes"'
    _assert_unauthorized(notes_server.request("DELETE", f"/notes/{first}"), challenge)
    _assert_unauthorized(
        notes_server.request("DELETE", f"/notes/{first}", headers=_key()), challenge
    )
    _assert_unauthorized(
        notes_server.request("DELETE", f"/notes/{first}", headers=_bearer(_jwt(expires_in=-5))),
        challenge,
    )
    assert notes_server.request("DELETE", f"/notes/{first}", headers=_basic()).status_code == 204
    deleted = notes_server.request("DELETE", f"/notes/{second}", headers=_bearer(_jwt()))
    assert deleted.status_code == 204, deleted.text


def test_unset_credentials_reject_everything(notes: pc.Project) -> None:
    empty = {name: "" for name in NOTES_ENV}
    with _serve(notes, empty) as server:
        assert server.get("/notes").status_code == 200
        _assert_unauthorized(
            server.post("/notes", json={"title": "x"}, headers=_bearer(_jwt())), "Bearer"
        )
        challenge = 'ApiKey, Basic realm="SecuredNotes"'
        _assert_unauthorized(server.get("/notes/1", headers=_key("")), challenge)
        _assert_unauthorized(server.get("/notes/1", headers=_key(API_KEY)), challenge)
        _assert_unauthorized(server.get("/notes/1", headers=_basic("", "")), challenge)


def test_openapi_documents_the_schemes(notes: pc.Project, notes_server: pc.LiveServer) -> None:
    emitted = yaml.safe_load((notes.root / "openapi.yaml").read_text())
    live = notes_server.get("/openapi.json").json()
    ours = emitted["components"]["securitySchemes"]
    theirs = live["components"]["securitySchemes"]
    # The app's security objects carry the spec's scheme names and the same descriptions.
    for name in ("token", "key", "login"):
        assert ours[name] == theirs[name], name
    assert ours["token"]["scheme"] == "bearer" and ours["token"]["bearerFormat"] == "JWT"
    assert ours["key"]["in"] == "header" and ours["key"]["name"] == "X-API-Key"
    assert ours["login"]["type"] == "http" and ours["login"]["scheme"] == "basic"
    expected = {
        ("/notes", "get"): None,
        ("/notes", "post"): [{"token": []}],
        ("/notes/{id}", "get"): [{"key": []}, {"login": []}],
        ("/notes/{id}", "delete"): [{"token": []}, {"login": []}],
    }
    for (path, method), security in expected.items():
        for doc in (emitted, live):
            op = doc["paths"][path][method]
            assert op.get("security") == security, (path, method, op.get("security"))
            codes = {str(code) for code in op["responses"]}
            assert ("401" in codes) == (security is not None), (path, method, codes)


# ------------------------------------------------------------------------------ other variants

VARIANTS_SPEC = """service Variants {
  entity Item {
    id: Int where value > 0
    label: String
  }
  state {
    items: Int -> lone Item
  }
  security {
    opaque: Bearer(bearer_format: "opaque")
    query_key: ApiKey(query: "api_key")
    cookie_key: ApiKey(cookie: "session")
  }
  operation GetItem {
    input: id: Int
    output: item: Item
    requires_auth: opaque, query_key, cookie_key
    requires: id in items
    ensures:
      item = items[id]
      items' = items
  }
  conventions {
    GetItem.http_path = "/items/{id}"
  }
}
"""


def test_opaque_bearer_and_query_and_cookie_keys(tmp_path: Path) -> None:
    spec = tmp_path / "variants.spec"
    spec.write_text(VARIANTS_SPEC)
    project = _compile(spec, tmp_path / "variants")
    pc.run_all_static(project)
    assert "pyjwt" not in (project.root / "pyproject.toml").read_text()
    env = {
        "AUTH_TOKEN_OPAQUE": "opaque-token",
        "AUTH_KEY_QUERY_KEY": "q",
        "AUTH_KEY_COOKIE_KEY": "c",
    }
    challenge = "Bearer, ApiKey"
    with _serve(project, env) as server:
        _assert_unauthorized(server.get("/items/1"), challenge)
        _assert_unauthorized(server.get("/items/1", headers=_bearer("wrong")), challenge)
        _assert_unauthorized(server.get("/items/1", params={"api_key": "c"}), challenge)
        _assert_unauthorized(server.get("/items/1", cookies={"session": "q"}), challenge)
        # A key in the wrong place does not count.
        _assert_unauthorized(server.get("/items/1", headers={"api_key": "q"}), challenge)
        for kwargs in (
            {"headers": _bearer("opaque-token")},
            {"params": {"api_key": "q"}},
            {"cookies": {"session": "c"}},
        ):
            answered = server.get("/items/1", **kwargs)
            assert answered.status_code == 404, (kwargs, answered.text)


# ------------------------------------------------------------------------------ auth_service


def test_auth_service_project_passes_static_checks(auth_service: pc.Project) -> None:
    pc.run_all_static(auth_service)


def test_auth_service_schemes(auth_service: pc.Project) -> None:
    env = {"JWT_SECRET": JWT_SECRET, "AUTH_KEY_API_KEY": API_KEY}
    refresh = {"refresh_token": "r" * 128}
    logout = {"access_token": "a" * 128}
    with _serve(auth_service, env) as server:
        # Open operation: no credentials needed.
        registered = server.post(
            "/auth/register",
            json={"email": "a@example.com", "password": "long enough", "display_name": "A"},
        )
        assert registered.status_code == 201, registered.text
        # RefreshToken: bearer or api_key.
        challenge = "Bearer, ApiKey"
        _assert_unauthorized(server.post("/auth/refresh", json=refresh), challenge)
        _assert_unauthorized(
            server.post("/auth/refresh", json=refresh, headers=_key("wrong")), challenge
        )
        _assert_unauthorized(
            server.post("/auth/refresh", json=refresh, headers=_bearer(_jwt("x" * 40))), challenge
        )
        for headers in (_key(), _bearer(_jwt())):
            answered = server.post("/auth/refresh", json=refresh, headers=headers)
            # Past authentication the guards decide: no session holds that refresh token.
            assert answered.status_code != 401 and answered.status_code < 500, answered.text
            assert 400 <= answered.status_code < 500, answered.text
        # Logout: bearer only.
        _assert_unauthorized(server.post("/auth/logout", json=logout), "Bearer")
        _assert_unauthorized(server.post("/auth/logout", json=logout, headers=_key()), "Bearer")
        _assert_unauthorized(
            server.post("/auth/logout", json=logout, headers=_bearer(_jwt(expires_in=-1))),
            "Bearer",
        )
        answered = server.post("/auth/logout", json=logout, headers=_bearer(_jwt()))
        assert 400 <= answered.status_code < 500 and answered.status_code != 401, answered.text
