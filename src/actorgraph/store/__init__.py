"""The knowledge base. Only this package speaks SQL; other stages call `open_store` and its methods."""

from __future__ import annotations

from pathlib import Path

from .kb import Store

__all__ = ["open_store", "Store", "is_postgres_url"]


def is_postgres_url(location: str | Path) -> bool:
    return str(location).startswith(("postgresql://", "postgres://"))


def open_store(location: str | Path) -> Store:
    """Open (creating and migrating if needed) the knowledge base at a SQLite path or a PostgreSQL URL.

    `postgresql://user@host/db` (any libpq URL) uses PostgreSQL; a path or `sqlite:///path` a SQLite file.
    """
    text = str(location)
    if is_postgres_url(text):
        from .postgres import PostgresDB   # psycopg is imported only by those who use it

        return Store(PostgresDB(text))
    from .sqlite import SQLiteDB

    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///"):]
    return Store(SQLiteDB(text))
