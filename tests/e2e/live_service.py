"""One fixture spec compiled and served live, for the behavioural (test_operations_*) tests.

`serve_spec(name, dialect, workdir)` compiles `../shared/fixtures/spec/<name>.spec` with the real
binary, runs `alembic upgrade head` on a fresh database and starts uvicorn with an admin token;
it yields a `Service` that sends requests to the operations and reads the spec's state from
`GET /admin/state`. Every response is checked on the way: a 5xx fails the test at once with the
server log, and when the test module gave an invariant checker, the spec's invariants are
checked on `/admin/state` after every request.

Environment (as for test_compile_projects.py): S2R_BINARY (else build/spec-to-rest),
S2R_VENV, S2R_SHARED_DIR (skip when unset), S2R_TEST_POSTGRES_URL / S2R_TEST_MYSQL_URL (skip
that dialect when unset).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import project_checks as pc  # noqa: E402
from e2e_env import REPO, binary, fixture_spec, python  # noqa: E402,F401

ADMIN_TOKEN = "s2r-e2e-admin-token"
DIALECTS = ("sqlite", "postgresql", "mysql")
DB_FLAG = {"sqlite": "sqlite", "postgresql": "postgres", "mysql": "mysql"}
BASE_ENV = {"postgresql": "S2R_TEST_POSTGRES_URL", "mysql": "S2R_TEST_MYSQL_URL"}

Invariants = Callable[[dict[str, Any]], None]





def server_base_url(dialect: str) -> str | None:
    """The database server URL for `dialect` (None for SQLite); skips when it is not set."""
    if dialect not in BASE_ENV:
        return None
    url = os.environ.get(BASE_ENV[dialect])
    if not url:
        pytest.skip(f"{BASE_ENV[dialect]} is not set (run through `make e2e`)")
    return url


def parse_time(value: str) -> datetime.datetime:
    """An ISO-8601 instant from the API or /admin/state ('Z' or an offset), as aware UTC."""
    parsed = datetime.datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, f"timestamp without a zone: {value!r}"
    return parsed.astimezone(datetime.UTC)


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


class Service:
    """The live service of one compiled spec, with the admin surface at hand."""

    def __init__(
        self, server: pc.LiveServer, database_url: str, invariants: Invariants | None
    ) -> None:
        self.server = server
        self.database_url = database_url
        self.invariants = invariants
        # One keep-alive client for the whole module: a fresh client per request costs more
        # than the request itself.
        self.client = httpx.Client(base_url=server.base_url, timeout=30.0, follow_redirects=False)
        self._admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}

    def close(self) -> None:
        self.client.close()

    @property
    def base_url(self) -> str:
        return self.server.base_url

    def _no_server_error(self, response: httpx.Response, what: str) -> None:
        if response.status_code >= 500:
            pytest.fail(
                f"{what} -> {response.status_code} {response.text}\n"
                f"server log:\n{self.server.log()[-6000:]}"
            )

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """One request to an operation route; fails on 5xx, then checks the invariants."""
        response = self.client.request(method, path, **kwargs)
        what = f"{method} {path}"
        self._no_server_error(response, what)
        self.check_invariants(after=what)
        return response

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", path, **kwargs)

    # ---------------------------------------------------------------------- admin surface

    def state_bytes(self) -> bytes:
        response: httpx.Response = self.client.get("/admin/state", headers=self._admin)
        self._no_server_error(response, "GET /admin/state")
        assert response.status_code == 200, response.text
        return bytes(response.content)

    def state(self) -> dict[str, Any]:
        response: httpx.Response = self.client.get("/admin/state", headers=self._admin)
        self._no_server_error(response, "GET /admin/state")
        assert response.status_code == 200, response.text
        snapshot = response.json()
        assert isinstance(snapshot, dict)
        return snapshot

    def reset(self) -> None:
        response = self.client.post("/admin/reset", headers=self._admin)
        self._no_server_error(response, "POST /admin/reset")
        assert response.status_code == 204, response.text

    def seed(self, entity_snake: str, row: dict[str, Any]) -> httpx.Response:
        """POST /admin/seed/<entity>: a row no operation creates (e.g. the ecommerce catalogue)."""
        response = self.client.post(f"/admin/seed/{entity_snake}", json=row, headers=self._admin)
        self._no_server_error(response, f"POST /admin/seed/{entity_snake}")
        return response

    def execute_sql(self, statement: str, **params: Any) -> None:
        """Run one statement on the service's database, for pre-states that no operation and no
        /admin/seed route can produce (scalar state such as a map held in `service_state`)."""
        from sqlalchemy import text
        from sqlalchemy.ext.asyncio import create_async_engine

        async def go() -> None:
            engine = create_async_engine(self.database_url)
            try:
                async with engine.begin() as conn:
                    await conn.execute(text(statement), params)
            finally:
                await engine.dispose()

        asyncio.run(go())

    def check_invariants(self, *, after: str = "now") -> None:
        if self.invariants is None:
            return
        snapshot = self.state()
        try:
            self.invariants(snapshot)
        except AssertionError as exc:
            raise AssertionError(f"invariant broken after {after}: {exc}\nstate: {snapshot}") from exc

    @contextlib.contextmanager
    def unchanged(self) -> Iterator[None]:
        """Assert that the block leaves /admin/state byte-identical (a rejected request)."""
        before = self.state_bytes()
        yield
        after = self.state_bytes()
        assert after == before, f"state changed:\nbefore {before!r}\nafter  {after!r}"

    # ---------------------------------------------------------------------- concurrency

    def burst(
        self, requests: Sequence[tuple[str, str, dict[str, Any]]], *, timeout: float = 60.0
    ) -> list[httpx.Response]:
        """Send all requests at once (one connection each) and return the responses in order."""

        async def go() -> list[httpx.Response]:
            limits = httpx.Limits(max_connections=len(requests), max_keepalive_connections=0)
            async with httpx.AsyncClient(
                base_url=self.base_url, timeout=timeout, limits=limits
            ) as client:
                return list(
                    await asyncio.gather(
                        *(client.request(m, p, **kw) for m, p, kw in requests)
                    )
                )

        responses = asyncio.run(go())
        for (method, path, _), response in zip(requests, responses, strict=True):
            self._no_server_error(response, f"{method} {path} (concurrent)")
        self.check_invariants(after="a burst of concurrent requests")
        return responses


def detail_of(response: httpx.Response) -> str:
    """The `detail` string of an error answer (`{"detail": "..."}`)."""
    body = response.json()
    assert isinstance(body, dict) and isinstance(body.get("detail"), str), response.text
    return str(body["detail"])


def assert_rejected(response: httpx.Response, status: int, detail: str | None = None) -> None:
    """`status` with a `{"detail": <str>}` body; equal to `detail` when given."""
    assert response.status_code == status, f"{response.status_code} {response.text}"
    got = detail_of(response)
    if detail is not None:
        assert got == detail


def assert_invalid(response: httpx.Response, field: str | None = None) -> None:
    """422: either a requires guard (detail string) or request validation (detail list naming
    `field` in some error location)."""
    assert response.status_code == 422, f"{response.status_code} {response.text}"
    detail = response.json().get("detail")
    if isinstance(detail, str):
        return
    assert isinstance(detail, list) and detail, response.text
    if field is not None:
        assert any(field in (err.get("loc") or []) for err in detail), response.text


@contextlib.contextmanager
def serve_spec(
    spec_or_name: str | Path,
    dialect: str,
    workdir: Path,
    invariants: Invariants | None = None,
    *,
    extra_env: dict[str, str] | None = None,
) -> Iterator[Service]:
    """Compile a spec for `dialect`, migrate a fresh database, serve it; yield Service.

    `spec_or_name` is a path to a spec of our own (examples/...) or the name of a fixture in
    ../shared/fixtures/spec; `extra_env` adds settings (credentials of `security` schemes)."""
    spec = spec_or_name if isinstance(spec_or_name, Path) else fixture_spec(spec_or_name)
    base_url = server_base_url(dialect)
    out = workdir / spec.stem
    compiled = subprocess.run(
        [str(binary()), "compile", "--db", DB_FLAG[dialect], "-o", str(out), str(spec)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert compiled.returncode == 0, compiled.stderr
    project = pc.Project(out, python=python())
    with pc.fresh_database(dialect, base_url) as url:
        pc.alembic(project, url, "upgrade", "head")
        server = pc.LiveServer(project, url, admin_token=ADMIN_TOKEN, extra_env=extra_env)
        try:
            with server:
                service = Service(server, url, invariants)
                try:
                    yield service
                finally:
                    service.close()
        finally:
            server.close()
