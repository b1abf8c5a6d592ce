"""Reusable checks for a generated python-fastapi project (no dependency on the compiler binary).

Given the directory of a generated project, a dialect and a database URL, these helpers run the
project's own quality gates the way its CI would:

* `ruff_check(project)`            -> `ruff check .`
* `mypy_strict(project)`           -> `mypy --strict app/`
* `alembic_round_trip(project, url)` -> `alembic upgrade head`, `downgrade base`, `upgrade head`
* `LiveServer(project, url)`       -> uvicorn on a free loopback port; waits for /health; stops
                                      it cleanly (SIGINT, then SIGTERM, then SIGKILL)
* `fresh_database(dialect, base)`  -> a context manager yielding the URL of a new, empty
                                      database (a temporary file for SQLite)
* `request_count(server, ...)`     -> the service's Prometheus request counter for one route

Every tool runs as `<python> -m <tool>` with the project as working directory and on
`PYTHONPATH`, so one virtualenv (e.g. the one `scripts/python-env tests` prints) serves every
generated project. A failing step raises `CheckFailed` carrying the command and its output.

Example:

    from tests.e2e.project_checks import Project, fresh_database, run_all_static, LiveServer

    project = Project(Path("out/url_shortener"), python=Path(venv) / "bin/python")
    run_all_static(project)
    with fresh_database("postgresql", "postgresql+asyncpg://s2r:s2r@127.0.0.1:5432/") as url:
        alembic_round_trip(project, url)
        with LiveServer(project, url, admin_token="t") as server:
            assert server.get("/health").status_code == 200
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

DIALECTS = ("postgresql", "sqlite", "mysql")

# Where each server's admin database lives, relative to its base URL (`<scheme>://u:p@h:port/`).
_ADMIN_DATABASE = {"postgresql": "postgres", "mysql": "mysql"}


class CheckFailed(AssertionError):
    """A project check failed; the message holds the command, exit code and output."""


@dataclass(frozen=True)
class Project:
    """A generated project directory and the interpreter whose venv has the project's tools."""

    root: Path
    python: Path = field(default_factory=lambda: Path(sys.executable))
    timeout: float = 300.0

    def env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env["PYTHONPATH"] = str(self.root)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        # A stray .env in the project must not override what the check asks for.
        env.setdefault("LOG_JSON", "true")
        if extra:
            env.update(extra)
        return env


@dataclass(frozen=True)
class StepResult:
    command: Sequence[str]
    returncode: int
    output: str


def run_step(
    project: Project,
    args: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    check: bool = True,
) -> StepResult:
    """Run `<python> -m <args...>` in the project directory; raise CheckFailed on failure."""
    command = [str(project.python), "-m", *args]
    try:
        proc = subprocess.run(
            command,
            cwd=project.root,
            env=project.env(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=project.timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise CheckFailed(
            f"timed out after {project.timeout}s: {' '.join(command)}"
        ) from exc
    result = StepResult(command, proc.returncode, proc.stdout)
    if check and proc.returncode != 0:
        raise CheckFailed(
            f"`{' '.join(args)}` failed in {project.root} (exit {proc.returncode}):\n{proc.stdout}"
        )
    return result


def ruff_check(project: Project) -> StepResult:
    """`ruff check .` with the project's own configuration (pyproject.toml)."""
    return run_step(project, ["ruff", "check", "--no-cache", "."])


def mypy_strict(project: Project) -> StepResult:
    """`mypy --strict app/`; the cache goes to a temporary directory, not into the project."""
    with tempfile.TemporaryDirectory(prefix="s2r-mypy-") as cache:
        return run_step(project, ["mypy", "--strict", "--cache-dir", cache, "app/"])


def run_all_static(project: Project) -> list[StepResult]:
    return [ruff_check(project), mypy_strict(project)]


def alembic(project: Project, database_url: str, *args: str) -> StepResult:
    return run_step(project, ["alembic", *args], env={"DATABASE_URL": database_url})


def alembic_round_trip(project: Project, database_url: str) -> list[StepResult]:
    """upgrade head -> downgrade base -> upgrade head, each must succeed."""
    return [
        alembic(project, database_url, "upgrade", "head"),
        alembic(project, database_url, "downgrade", "base"),
        alembic(project, database_url, "upgrade", "head"),
    ]


# ------------------------------------------------------------------------------ databases


def database_url_for(dialect: str, base_url: str, name: str) -> str:
    """The URL of database `name` on the server of `base_url` (which ends with '/')."""
    if dialect == "mysql":
        return f"{base_url}{name}?charset=utf8mb4"
    return f"{base_url}{name}"


@contextlib.contextmanager
def fresh_database(dialect: str, base_url: str | None = None) -> Iterator[str]:
    """Yield the URL of a new empty database; drop it afterwards.

    `base_url` is the server URL ending in '/' (e.g. `S2R_TEST_POSTGRES_URL` from
    `scripts/databases env`); it is ignored for SQLite, which gets a temporary file.
    """
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r}; expected one of {DIALECTS}")
    if dialect == "sqlite":
        with tempfile.TemporaryDirectory(prefix="s2r-sqlite-") as tmp:
            yield f"sqlite+aiosqlite:///{tmp}/app.db"
        return
    if not base_url:
        raise ValueError(f"{dialect} needs a server base URL")
    name = f"s2r_{uuid.uuid4().hex[:12]}"
    _admin_sql(dialect, base_url, f"CREATE DATABASE {name}" + _create_suffix(dialect))
    try:
        yield database_url_for(dialect, base_url, name)
    finally:
        _admin_sql(dialect, base_url, f"DROP DATABASE IF EXISTS {name}")


def _create_suffix(dialect: str) -> str:
    return " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin" if dialect == "mysql" else ""


def _admin_sql(dialect: str, base_url: str, statement: str) -> None:
    """Run one statement on the server's admin database with the async driver of the URL."""
    import asyncio

    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    async def go() -> None:
        engine = create_async_engine(
            base_url + _ADMIN_DATABASE[dialect], isolation_level="AUTOCOMMIT"
        )
        try:
            async with engine.connect() as conn:
                await conn.execute(text(statement))
        finally:
            await engine.dispose()

    asyncio.run(go())


# ------------------------------------------------------------------------------ live server


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """uvicorn serving `app.main:app` of a project on a free loopback port.

    Use as a context manager: entering starts the server and waits for `GET /health` == 200
    (raising CheckFailed with the server log if it exits or times out); leaving stops it.
    `get`/`post`/`request` are thin httpx helpers that never follow redirects.
    """

    def __init__(
        self,
        project: Project,
        database_url: str,
        *,
        admin_token: str | None = None,
        extra_env: Mapping[str, str] | None = None,
        startup_timeout: float = 30.0,
    ) -> None:
        self.project = project
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.startup_timeout = startup_timeout
        env = {
            "DATABASE_URL": database_url,
            "BASE_URL": self.base_url,
            "LOG_LEVEL": "warning",
        }
        if admin_token is not None:
            env["ADMIN_TOKEN"] = admin_token
        if extra_env:
            env.update(extra_env)
        self._env = project.env(env)
        # Kept open for the server's lifetime (and after, for `log()`); closed by `close()`.
        self._log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115
        self._proc: subprocess.Popen[str] | None = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        command = [
            str(self.project.python),
            "-m",
            "uvicorn",
            "app.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
        ]
        self._proc = subprocess.Popen(
            command,
            cwd=self.project.root,
            env=self._env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise CheckFailed(
                    f"uvicorn exited with {self._proc.returncode}:\n{self.log()}"
                )
            with contextlib.suppress(Exception):
                if self.get("/health", timeout=1.0).status_code == 200:
                    return
            time.sleep(0.2)
        self.stop()
        raise CheckFailed(
            f"/health not ready after {self.startup_timeout}s:\n{self.log()}"
        )

    def stop(self) -> int | None:
        """Stop uvicorn (SIGINT, then SIGTERM, then SIGKILL); return its exit code."""
        proc = self._proc
        if proc is None:
            return None
        self._proc = None
        for sig, wait in (
            (signal.SIGINT, 10.0),
            (signal.SIGTERM, 5.0),
            (signal.SIGKILL, 5.0),
        ):
            if proc.poll() is not None:
                break
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=wait)
        return proc.returncode

    def close(self) -> None:
        """Stop the server and release its log file."""
        self.stop()
        self._log.close()

    def log(self) -> str:
        self._log.seek(0)
        return self._log.read()

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        import httpx

        kwargs.setdefault("timeout", 10.0)
        kwargs.setdefault("follow_redirects", False)
        return httpx.request(method, self.base_url + path, **kwargs)

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        return self.request("POST", path, **kwargs)


# ------------------------------------------------------------------------------ metrics

_SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)")
_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def metric_value(text: str, name: str, labels: Mapping[str, str]) -> float | None:
    """The value of the first sample `name{...}` whose labels include `labels`, or None.

    `text` is the Prometheus text exposition format (what `GET /metrics` answers).
    """
    for line in text.splitlines():
        match = _SAMPLE.match(line)
        if match is None or match.group(1) != name:
            continue
        sample = dict(_LABEL.findall(match.group(2) or ""))
        if all(sample.get(key) == value for key, value in labels.items()):
            return float(match.group(3))
    return None


def request_count(server: LiveServer, method: str, path: str, status: int) -> float:
    """`http_requests_total` for one route and status from `GET /metrics` (0 when absent).

    Raises CheckFailed unless /metrics answers 200 with Prometheus text declaring the counter.
    """
    response = server.get("/metrics")
    content_type = response.headers.get("content-type", "")
    if response.status_code != 200 or not content_type.startswith("text/plain"):
        raise CheckFailed(f"GET /metrics -> {response.status_code} ({content_type})")
    if "# TYPE http_requests_total counter" not in response.text:
        raise CheckFailed(f"/metrics declares no http_requests_total counter:\n{response.text}")
    labels = {"method": method, "path": path, "status": str(status)}
    return metric_value(response.text, "http_requests_total", labels) or 0.0


def check_metrics_count_requests(server: LiveServer) -> None:
    """One more `GET /health` must add exactly one to its request counter."""
    before = request_count(server, "GET", "/health", 200)
    if server.get("/health").status_code != 200:
        raise CheckFailed("GET /health failed between two /metrics reads")
    after = request_count(server, "GET", "/health", 200)
    if after != before + 1:
        raise CheckFailed(f"http_requests_total for GET /health went {before} -> {after}")


def check_project(
    project: Project,
    dialect: str,
    database_url: str,
    *,
    smoke: Any = None,
    admin_token: str = "s2r-admin-token",
) -> None:
    """All gates in order: ruff, mypy --strict, alembic round trip, live server (infrastructure
    routes, the /metrics request counter, then smoke(server))."""
    run_all_static(project)
    alembic_round_trip(project, database_url)
    with LiveServer(project, database_url, admin_token=admin_token) as server:
        for path in ("/health", "/ready", "/metrics"):
            response = server.get(path)
            if response.status_code != 200:
                raise CheckFailed(f"{dialect}: GET {path} -> {response.status_code}")
        check_metrics_count_requests(server)
        if smoke is not None:
            smoke(server)
