"""The knowledge base. Only this package speaks SQL; other stages call `open_store` and its methods."""

from __future__ import annotations

from pathlib import Path

from .kb import EventFilter, Store

__all__ = ["open_store", "Store", "EventFilter", "is_postgres_url", "stopped"]


def is_postgres_url(location: str | Path) -> bool:
    return str(location).startswith(("postgresql://", "postgres://"))


def stopped(exc: BaseException) -> bool:
    """Whether an error (of either backend) says a query ran out of its deadline or waited too long for
    the write lock: the request was too big or the knowledge base busy, not broken."""
    from .sqlite import SQLiteDB

    if type(exc).__module__.startswith("psycopg"):
        from .postgres import PostgresDB

        return PostgresDB.stopped(exc)
    return SQLiteDB.stopped(exc)


def open_store(location: str | Path, create: bool = True) -> Store:
    """Open (creating and migrating if needed) the knowledge base at a SQLite path or a PostgreSQL URL.

    `postgresql://user@host/db` (any libpq URL) uses PostgreSQL; a path or `sqlite:///path` a SQLite file.
    With `create=False` a missing file or database is an error instead of a new, empty knowledge base.
    """
    text = str(location)
    if is_postgres_url(text):
        from .postgres import PostgresDB   # psycopg is imported only by those who use it

        return Store(PostgresDB(text, create=create))
    from .sqlite import SQLiteDB

    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///"):]
    return Store(SQLiteDB(text, create=create))
