"""A throw-away PostgreSQL server in a temporary folder, for the tests and benchmarks.

    with TemporaryPostgres() as server:
        store = open_store(server.create_database("kb"))

It runs Debian's (or any installed) `initdb` and `pg_ctl` as an unprivileged user (PostgreSQL refuses
to run as root: as root the server runs as the `postgres` user), listens on a Unix socket in its own
folder only (no TCP port to collide with), and is removed with that folder on `stop()`.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

from ..errors import StoreError

# Without durability a test server writes far less; benchmarks that time commits ask for durable=True.
_FAST = ("-c fsync=off -c synchronous_commit=off -c full_page_writes=off",)
_SEARCH_DIRS = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin", "/usr/pgsql-*/bin", "/opt/homebrew/bin")


class PostgresUnavailable(StoreError):
    """No PostgreSQL server programs here, or no unprivileged user to run them as."""

    code = "AG032"


def server_programs() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else the newest of the usual install folders."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    candidates = sorted((p for pattern in _SEARCH_DIRS for p in Path("/").glob(pattern.lstrip("/"))
                         if (p / "initdb").is_file() and (p / "pg_ctl").is_file()),
                        key=lambda p: _version_key(str(p)))
    return candidates[-1] if candidates else None


def _version_key(path: str) -> tuple:
    return tuple(int(part) for part in path.replace("-", "/").split("/") if part.isdigit())


class TemporaryPostgres:
    def __init__(self, durable: bool = False, settings: dict[str, str] | None = None):
        self.durable = durable
        self.settings = {"max_connections": "300", **(settings or {})}
        self.folder: Path | None = None

    def __enter__(self) -> "TemporaryPostgres":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> "TemporaryPostgres":
        programs = server_programs()
        if programs is None:
            raise PostgresUnavailable(
                "PostgreSQL's server programs (initdb, pg_ctl) are not installed. Install them with: "
                "apt-get install postgresql  (make test does it when run as root).")
        user = _server_user()
        self.folder = Path(tempfile.mkdtemp(prefix="actorgraph-pg-"))
        if user is not None:
            os.chown(self.folder, user.pw_uid, user.pw_gid)
        self._run(user, programs / "initdb", "-D", str(self.folder / "data"), "-A", "trust", "-U", "postgres",
                  "-E", "UTF8", "--locale=C", "--no-sync")
        options = " ".join([f"-k {self.folder}", "-c listen_addresses=''",
                            *(f"-c {name}={value}" for name, value in self.settings.items()),
                            *(() if self.durable else _FAST)])
        self._run(user, programs / "pg_ctl", "-D", str(self.folder / "data"), "-l", str(self.folder / "server.log"),
                  "-o", options, "-w", "start")
        self._programs, self._user = programs, user
        return self

    def url(self, database: str = "postgres") -> str:
        """A connection URL for a database on this server."""
        return f"postgresql://postgres@/{quote(database)}?host={quote(str(self.folder))}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """A new, empty database, or a copy of `template` (which nobody may have open); returns its URL."""
        clause = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        self._admin(f'CREATE DATABASE "{name}"{clause}')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(statement)

    def stop(self) -> None:
        if self.folder is None:
            return
        if (self.folder / "data" / "postmaster.pid").exists():
            self._run(self._user, self._programs / "pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w",
                      "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None

    def _run(self, user, program: Path, *args: str, check: bool = True) -> None:
        ids = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []} if user is not None else {}
        result = subprocess.run([str(program), *args], capture_output=True, text=True, cwd=self.folder, **ids)
        if check and result.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise StoreError(f"{program.name} failed ({result.returncode}): {result.stderr.strip()} {tail}".strip())


def _server_user():
    """The account the server runs as: ourselves, or when we are root the `postgres` (else `nobody`) account."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PostgresUnavailable("Running as root with neither a 'postgres' nor a 'nobody' account to run PostgreSQL as; "
                              "create one: useradd --system postgres")
