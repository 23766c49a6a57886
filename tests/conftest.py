"""Shared fixtures: real knowledge bases on both backends (SQLite files in tmp_path, databases on a
PostgreSQL server the session starts itself), a model-free pipeline, and the seed corpus KB.

Every test that asks for `backend` (directly or through `tmp_store`, `new_kb`, `seed_kb`...) runs once
per backend. ACTORGRAPH_TEST_BACKENDS=sqlite runs only SQLite's half, e.g. for a quick local run.
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest

from actorgraph.store import open_store
from support import shared_path

BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        chosen = [b for b in os.environ.get("ACTORGRAPH_TEST_BACKENDS", ",".join(BACKENDS)).split(",") if b]
        metafunc.parametrize("backend", chosen, scope="session")


@pytest.fixture(scope="session")
def pg_server():
    """A throw-away PostgreSQL server for the whole session, with a migrated template database."""
    from actorgraph.store.pgtemp import PostgresUnavailable, TemporaryPostgres

    try:
        server = TemporaryPostgres().start()
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL tests skipped: {exc.message}")
    try:
        open_store(server.create_database(KnowledgeBases.TEMPLATE)).close()
        yield server
    finally:
        server.stop()


class KnowledgeBases:
    """Hands out new knowledge-base locations on one backend: files in a folder, or databases on the
    session's server (copied from a migrated template, dropped at teardown)."""

    TEMPLATE = "kb_template"
    _numbers = itertools.count()

    def __init__(self, backend: str, folder: Path, server=None):
        self.backend, self.folder, self.server = backend, folder, server
        self.databases: list[str] = []

    def new(self, name: str = "kb") -> str:
        if self.server is None:
            return str(self._free_path(name))
        return self._database(name, self.TEMPLATE)

    def copy(self, location: str) -> str:
        """A private copy of a knowledge base nobody has open (SQLite file copy, PostgreSQL template)."""
        if self.server is None:
            target = self._free_path(Path(location).stem + "-copy")
            shutil.copy(location, target)
            return str(target)
        from psycopg import conninfo

        return self._database("copy", conninfo.conninfo_to_dict(location)["dbname"])

    def drop_all(self) -> None:
        for name in self.databases:
            self.server.drop_database(name)

    def _free_path(self, name: str) -> Path:
        path = self.folder / f"{name}.sqlite"
        return path if not path.exists() else self.folder / f"{name}-{next(self._numbers)}.sqlite"

    def _database(self, name: str, template: str) -> str:
        database = f"{name}_{next(self._numbers)}"
        self.databases.append(database)
        return self.server.create_database(database, template=template)


def _kbs(backend: str, folder: Path, request) -> KnowledgeBases:
    server = request.getfixturevalue("pg_server") if backend == "postgresql" else None
    return KnowledgeBases(backend, folder, server)


@pytest.fixture
def new_kb(backend, tmp_path, request):
    """new_kb() -> the location (path or URL) of a new, empty knowledge base for this test."""
    kbs = _kbs(backend, tmp_path, request)
    yield kbs.new
    if kbs.server is not None:
        kbs.drop_all()


@pytest.fixture
def copy_kb(backend, tmp_path, request):
    """copy_kb(location) -> the location of a private copy (the original must not be open)."""
    kbs = _kbs(backend, tmp_path, request)
    yield kbs.copy
    if kbs.server is not None:
        kbs.drop_all()


@pytest.fixture(scope="session")
def session_kbs(backend, tmp_path_factory, request) -> KnowledgeBases:
    """For module- and session-scoped knowledge bases: they live as long as the session's server."""
    return _kbs(backend, tmp_path_factory.mktemp(f"kbs-{backend}"), request)


@pytest.fixture
def tmp_store(new_kb):
    store = open_store(new_kb())
    yield store
    store.close()


@pytest.fixture(scope="session")
def blank_nlp():
    """Tokenizer, sentencizer and the registry ruler: no statistical model needed."""
    from actorgraph.extract.nlp import blank_pipeline

    return blank_pipeline()


def _model_or_skip():
    from actorgraph.errors import ModelMissing
    from actorgraph.extract.nlp import get_nlp

    try:
        return get_nlp()
    except ModelMissing as exc:
        pytest.skip(f"the spaCy model is not installed ({exc}); run: make setup")


@pytest.fixture(scope="session")
def real_nlp():
    return _model_or_skip()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = shared_path("corpus", "seeds")
    if not path.is_dir():
        pytest.skip(f"seed corpus not found at {path}: tests that read it need ../shared beside the repository")
    return path


@pytest.fixture(scope="session")
def seed_kb(session_kbs, seeds_dir, real_nlp) -> str:
    """A knowledge base built once per test session (and backend) from the five seed reports, with the real model."""
    from actorgraph.pipeline import run

    path = session_kbs.new("seeds")
    store = open_store(path)
    try:
        report = run([str(seeds_dir)], store, nlp=real_nlp, progress=False)
        assert report.ok, report.skipped + report.failed
    finally:
        store.close()
    return path


@pytest.fixture
def seed_store(seed_kb, copy_kb):
    """A private copy of the seed KB that a test may change."""
    store = open_store(copy_kb(seed_kb))
    yield store
    store.close()
