"""PostgreSQL: a knowledge base a team, a server and several ingest machines share.

What `Store` asks of a backend, answered with PostgreSQL's means: `?` placeholders become psycopg's,
lists travel as arrays (`= ANY(?)`), writers queue on an advisory lock as SQLite's writers queue on
the file, full-text search is a tsvector column with a GIN index.
"""

from __future__ import annotations

import re
import time
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterable, Iterator

import psycopg
from psycopg import conninfo, sql

from .. import settings
from ..errors import StoreError
from .schema import MIGRATIONS_TABLE, TEXT_SEARCH_CONFIG, for_postgres

# Held by every write transaction until it ends: one writer at a time, as with SQLite's BEGIN IMMEDIATE,
# so a writer sees everything committed before it started (the linker relies on that). Readers never wait.
WRITE_LOCK = 0x61_67_6B_62   # any constant; advisory locks are per database


class PostgresDB:
    """A connection to one PostgreSQL database; rows read by column name or position, like sqlite3.Row."""

    backend = "postgresql"
    IntegrityError = psycopg.IntegrityError
    NO_LIMIT = None   # as a LIMIT parameter

    def __init__(self, url: str, create: bool = True):
        self.location = url
        self.conn = _connect(url, create)
        self.writes = 0   # statements this connection ran that may have changed something
        self.deadline: float | None = None   # time.monotonic() after which no statement starts
        # another process may hold the write lock for a whole derivation: wait for it rather than fail
        self.conn.execute(f"SET lock_timeout = '{settings.get_int('ACTORGRAPH_LOCK_WAIT')}s'")

    def describe(self) -> str:
        return _without_password(self.location)

    def state(self) -> str:
        """The server's snapshot of transactions: it differs after any commit that changed something
        (a read-only transaction takes no transaction id), here or in another database of the server."""
        return self.conn.execute("SELECT pg_current_snapshot()::text").fetchone()[0]

    def version(self) -> tuple:
        """Changes whenever this connection writes or any other has committed a change."""
        return (self.state(), self.writes)

    def set_deadline(self, seconds: float | None) -> None:
        """Stop any query still running `seconds` from now (None: no limit), as SQLite's does; see `stopped`.

        The server cancels a statement that outlives the whole budget; a statement that would start
        after the deadline is refused here, so many short queries cannot outlast it either."""
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self.conn.execute(f"SET statement_timeout = {0 if seconds is None else max(1, int(seconds * 1000))}")

    def _check_deadline(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise psycopg.errors.QueryCanceled("canceling statement due to the request's deadline")

    @staticmethod
    def stopped(exc: BaseException) -> bool:
        """Whether an error says a query ran out of its deadline or waited too long for the write lock."""
        return isinstance(exc, (psycopg.errors.QueryCanceled, psycopg.errors.LockNotAvailable))

    def close(self) -> None:
        self.conn.close()

    # -- statements ------------------------------------------------------
    def execute(self, query: str, args: Iterable = ()):
        self._check_deadline()
        if not query.lstrip().startswith(("SELECT", "WITH")):
            self.writes += 1
        return self.conn.execute(_placeholders(query), tuple(args))

    def executemany(self, query: str, rows: Iterable[tuple]) -> None:
        self._check_deadline()
        self.writes += 1
        with self.conn.cursor() as cursor:
            cursor.executemany(_placeholders(query), rows)

    def insert(self, query: str, args: Iterable) -> int:
        """Run an INSERT and return the id of the row it added."""
        self._check_deadline()
        self.writes += 1
        return self.conn.execute(_placeholders(query) + " RETURNING id", tuple(args)).fetchone()[0]

    def insert_many(self, query: str, rows: Iterable[tuple]) -> list[int]:
        """Run an INSERT once per row, all in one round trip; the ids of the rows added, in order."""
        rows = list(rows)
        if not rows:
            return []
        self.writes += 1
        ids = []
        with self.conn.cursor() as cursor:
            cursor.executemany(_placeholders(query) + " RETURNING id", rows, returning=True)
            while True:
                ids.append(cursor.fetchone()[0])
                if not cursor.nextset():
                    return ids
    @staticmethod
    def next_id(table: str) -> str:
        """SQL for a new row id of `table`: the next value of its identity column's sequence."""
        return f"nextval(pg_get_serial_sequence('{table}', 'id'))"

    def sync_ids(self, table: str) -> None:
        """After rows were given ids explicitly: move the identity sequence past the largest, so the next
        row it numbers cannot take one of theirs."""
        self.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false)"
                     f" FROM {table}")

    @staticmethod
    def in_list(column: str) -> str:
        """`column` is one of the values of a `listed(...)` parameter."""
        return f"{column} = ANY(?)"

    @staticmethod
    def listed(values: Iterable) -> list:
        return list(values)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """A transaction holding the knowledge base's write lock (other writers wait, readers do not)."""
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            yield

    def batch(self):
        """Statements sent without waiting for each one's answer (psycopg's pipeline mode)."""
        return self.conn.pipeline()

    # -- migrations ------------------------------------------------------
    def has_migrations(self) -> bool:
        return self.conn.execute("SELECT to_regclass('migrations') IS NOT NULL").fetchone()[0]

    def create_migrations_table(self) -> None:
        self.conn.execute(for_postgres("migrations", MIGRATIONS_TABLE))

    def run_migration(self, name: str, sql_text: str) -> None:
        self.conn.execute(for_postgres(name, sql_text))

    # -- full-text search ------------------------------------------------
    def search(self, words: list[str], limit: int):
        """Documents whose words hold every query word (stemmed), best ranked first; snippets only for those."""
        return self.execute(
            f"WITH q AS (SELECT plainto_tsquery('{TEXT_SEARCH_CONFIG}', ?) AS query),"
            " best AS (SELECT s.doc_id, ts_rank(s.words, q.query) AS rank FROM documents_search s, q"
            "          WHERE s.words @@ q.query ORDER BY rank DESC, s.doc_id LIMIT ?)"
            f" SELECT d.id, d.title, d.path, ts_headline('{TEXT_SEARCH_CONFIG}', d.text, q.query,"
            "        'StartSel=[, StopSel=], MaxWords=12, MinWords=6, MaxFragments=1') AS snippet"
            " FROM best JOIN documents d ON d.id = best.doc_id, q ORDER BY best.rank DESC, d.id",
            (" ".join(words), limit))


def _connect(url: str, create: bool) -> psycopg.Connection:
    """A connection in autocommit mode (transactions are explicit); a missing database is created."""
    try:
        return psycopg.connect(url, autocommit=True, row_factory=_row_factory)
    except psycopg.OperationalError as exc:
        missing = re.search(r'database ".*" does not exist', str(exc))
        if missing and not create:
            raise StoreError(f"No knowledge base at {_without_password(url)}: the database does not exist. "
                             f"Check the --db URL, or create one with: actorgraph ingest REPORTS --db URL") from exc
        if not missing:
            raise StoreError(f"Cannot connect to the knowledge base at {_without_password(url)}: "
                             f"{' '.join(str(exc).split())} Check the URL, that the server runs, "
                             "and that it accepts this user.") from exc
    _create_database(url)
    return psycopg.connect(url, autocommit=True, row_factory=_row_factory)


def _without_password(url: str) -> str:
    """The URL for messages: its password, if any, masked."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def _create_database(url: str) -> None:
    name = conninfo.conninfo_to_dict(url)["dbname"]
    try:
        with psycopg.connect(conninfo.make_conninfo(url, dbname="postgres"), autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except (psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
        pass   # another process created it meanwhile (a race in the catalog's index says UniqueViolation)
    except psycopg.Error as exc:
        raise StoreError(f"The database {name!r} does not exist and could not be created ({str(exc).strip()}). "
                         f"Create it with: createdb {name}") from exc


@lru_cache(maxsize=4096)
def _placeholders(query: str) -> str:
    """SQLite's `?` placeholders as psycopg's `%s`; a literal `%` doubled so psycopg leaves it alone."""
    return re.sub(r"'(?:[^']|'')*'|\?|%", _placeholder, query)


def _placeholder(match: re.Match) -> str:
    token = match[0]
    return "%s" if token == "?" else token.replace("%", "%%")


@lru_cache(maxsize=1024)
def _row_class(names: tuple[str, ...]) -> type:
    index: dict[str, int] = {}
    for position, name in enumerate(names):
        index.setdefault(name, position)

    class Row(tuple):
        __slots__ = ()

        def __getitem__(self, key):
            return tuple.__getitem__(self, index[key] if isinstance(key, str) else key)

        def keys(self):
            return names

    return Row


def _row_factory(cursor):
    return _row_class(tuple(column.name for column in cursor.description or ()))
