"""Hooks written for the previous version of hooks_stale.spec."""

from fastapi import HTTPException
from sqlalchemy.ext.asyncio import AsyncSession


async def before_create_note(session: AsyncSession, *, title: str, body: str) -> None:
    if title == "forbidden":
        raise HTTPException(status_code=403, detail="forbidden title")


async def after_get_note(
    session: AsyncSession,
    result: object,
    *,
    id_: int,
) -> object:
    return result


async def after_archive_nte(session: AsyncSession, *, id_: int) -> None:
    return None


async def replace_purge_all(session: AsyncSession) -> None:
    return None


async def before_archive_note(session: AsyncSession, *, id_: int) -> None:
    return None


def register(app: object) -> None:
    del app
