"""The e2e database stack works: each server accepts the s2r login, lets it create and drop a
database, and the async SQLAlchemy drivers that generated projects use (asyncpg, aiomysql,
aiosqlite) round-trip a row. `make e2e` starts the servers and sets the URLs."""

from __future__ import annotations

import asyncio
import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine


def _base_url(var: str) -> str:
    url = os.environ.get(var)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{var} is not set; run the e2e suite through `make e2e`")
        pytest.skip(f"{var} is not set (run through `make e2e`)")
    return url


async def _round_trip(url: str) -> list[tuple[int, str]]:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                text("CREATE TABLE probe (id INTEGER PRIMARY KEY, name VARCHAR(20))")
            )
            await conn.execute(
                text("INSERT INTO probe (id, name) VALUES (1, 'one'), (2, 'two')")
            )
        async with engine.connect() as conn:
            rows = (
                await conn.execute(text("SELECT id, name FROM probe ORDER BY id"))
            ).all()
        return [tuple(row) for row in rows]
    finally:
        await engine.dispose()


async def _with_fresh_database(
    base_url: str, admin_db: str, isolation: dict[str, str]
) -> list[tuple[int, str]]:
    name = f"s2r_probe_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(base_url + admin_db, **isolation)
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f"CREATE DATABASE {name}"))
        try:
            return await _round_trip(base_url + name)
        finally:
            async with admin.connect() as conn:
                await conn.execute(text(f"DROP DATABASE {name}"))
    finally:
        await admin.dispose()


EXPECTED = [(1, "one"), (2, "two")]


def test_postgres_accepts_s2r_and_creates_databases() -> None:
    url = _base_url("S2R_TEST_POSTGRES_URL")
    assert url.startswith("postgresql+asyncpg://")
    # CREATE DATABASE cannot run inside a transaction block.
    rows = asyncio.run(
        _with_fresh_database(url, "postgres", {"isolation_level": "AUTOCOMMIT"})
    )
    assert rows == EXPECTED


def test_mysql_accepts_s2r_and_creates_databases() -> None:
    url = _base_url("S2R_TEST_MYSQL_URL")
    assert url.startswith("mysql+aiomysql://")
    rows = asyncio.run(_with_fresh_database(url, "", {"isolation_level": "AUTOCOMMIT"}))
    assert rows == EXPECTED


def test_sqlite_file_database(tmp_path: Path) -> None:
    db_file = tmp_path / "probe.db"
    rows = asyncio.run(_round_trip(f"sqlite+aiosqlite:///{db_file}"))
    assert rows == EXPECTED
    assert db_file.stat().st_size > 0
