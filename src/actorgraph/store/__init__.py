"""The knowledge base. Only this package speaks SQL; other stages call `open_store` and its methods."""

from __future__ import annotations

from pathlib import Path

from ..errors import StoreError
from .sqlite import EventFilter, SQLiteStore

__all__ = ["open_store", "SQLiteStore", "EventFilter"]


def open_store(location: str | Path, create: bool = True) -> SQLiteStore:
    """Open (creating and migrating if needed) the knowledge base at a path or URL.

    With `create=False` a missing file is an error instead of a new, empty knowledge base.
    """
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        raise StoreError(
            "The PostgreSQL backend is not built yet; use a SQLite file path such as --db kb.sqlite.")
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///"):]
    return SQLiteStore(text, create=create)
