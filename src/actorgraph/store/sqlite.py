"""SQLite: one file, the embedded default. What `Store` asks of a backend, answered with SQLite's means."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Iterable, Iterator

from .. import settings
from ..errors import StoreError
from .schema import MIGRATIONS_TABLE


class SQLiteDB:
    """A connection to one SQLite file; rows are `sqlite3.Row` (read by column name or position)."""

    backend = "sqlite"
    IntegrityError = sqlite3.IntegrityError
    NO_LIMIT = -1   # as a LIMIT parameter

    def __init__(self, path: str | Path, create: bool = True):
        self.location = str(path)
        if not create and self.location != ":memory:" and not Path(self.location).is_file():
            raise StoreError(f"No knowledge base at {self.location}. Check the --db path, or create one with: "
                             f"actorgraph ingest REPORTS --db {self.location}")
        try:
            self.conn = sqlite3.connect(self.location, isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            # other processes may hold the write lock for a whole derivation: wait for it rather than fail
            self.conn.execute(f"PRAGMA busy_timeout = {settings.get_int('ACTORGRAPH_LOCK_WAIT') * 1000}")
            if self.location != ":memory:":
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            raise StoreError(f"Cannot open knowledge base {self.location}: {exc}. Check the path and permissions.") from exc

    def describe(self) -> str:
        return self.location

    def state(self) -> tuple:
        """Size and modification time of the file and its write-ahead log: any commit changes them."""
        return tuple(_stat(path) for path in (self.location, self.location + "-wal"))

    def version(self) -> tuple:
        """Changes whenever this or another connection has committed a change to the file."""
        return (self.conn.execute("PRAGMA data_version").fetchone()[0], self.conn.total_changes)

    def set_deadline(self, seconds: float | None) -> None:
        """Interrupt any query still running `seconds` from now (None: no limit); see `stopped`."""
        if seconds is None:
            self.conn.set_progress_handler(None, 0)
            return
        deadline = time.monotonic() + seconds
        self.conn.set_progress_handler(lambda: time.monotonic() > deadline, 20_000)

    @staticmethod
    def stopped(exc: BaseException) -> bool:
        """Whether an error says a query ran out of its deadline or waited too long for the write lock."""
        return getattr(exc, "sqlite_errorname", "") in ("SQLITE_INTERRUPT", "SQLITE_BUSY")

    def close(self) -> None:
        self.conn.close()

    # -- statements ------------------------------------------------------
    def execute(self, sql: str, args: Iterable = ()):
        return self.conn.execute(sql, tuple(args))

    def executemany(self, sql: str, rows: Iterable[tuple]) -> None:
        self.conn.executemany(sql, rows)

    def insert(self, sql: str, args: Iterable) -> int:
        """Run an INSERT and return the id of the row it added."""
        return self.conn.execute(sql, tuple(args)).lastrowid

    def insert_many(self, sql: str, rows: Iterable[tuple]) -> list[int]:
        """Run an INSERT once per row; the ids of the rows added, in order."""
        return [self.conn.execute(sql, row).lastrowid for row in rows]

    @staticmethod
    def next_id(table: str) -> str:
        """SQL for a new row id of `table` (an INTEGER PRIMARY KEY given NULL takes the next one)."""
        return "NULL"

    def sync_ids(self, table: str) -> None:
        """After rows were given ids explicitly: SQLite's next id is always past the largest."""

    @staticmethod
    def in_list(column: str) -> str:
        """`column` is one of the values of a `listed(...)` parameter."""
        return f"{column} IN (SELECT value FROM json_each(?))"

    @staticmethod
    def listed(values: Iterable) -> str:
        return json.dumps(list(values))

    @contextmanager
    def writing(self) -> Iterator[None]:
        """A transaction that holds the file's write lock from its first statement (other writers wait)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @staticmethod
    def batch():
        """Statements in a row (in process, nothing to gain from batching them)."""
        return nullcontext()

    # -- migrations ------------------------------------------------------
    def has_migrations(self) -> bool:
        return self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").fetchone() is not None

    def create_migrations_table(self) -> None:
        self.conn.execute(MIGRATIONS_TABLE)

    def run_migration(self, name: str, sql: str) -> None:
        for statement in _statements(sql):
            self.conn.execute(statement)

    # -- full-text search ------------------------------------------------
    def search(self, words: list[str], limit: int):
        """FTS5 over titles and texts, every word quoted (no query syntax reaches FTS5), best first."""
        terms = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        return self.conn.execute(
            "SELECT d.id, d.title, d.path, snippet(documents_fts, 1, '[', ']', ' … ', 12) AS snippet"
            " FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
            " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?", (terms, limit))


def _stat(path: str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (0, 0)
    return (st.st_size, st.st_mtime_ns)


def _statements(sql: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    out, current = [], []
    for line in sql.strip().splitlines():
        current.append(line)
        joined = "\n".join(current).strip()
        if joined.endswith(";") and (not joined.upper().startswith("CREATE TRIGGER") or joined.upper().endswith("END;")):
            out.append(joined)
            current = []
    if "\n".join(current).strip():
        out.append("\n".join(current).strip())
    return out
