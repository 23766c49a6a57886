"""Shared fixtures: real SQLite stores in tmp_path, a model-free pipeline, and the seed corpus KB."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from actorgraph.store import open_store
from support import shared_path


@pytest.fixture
def tmp_store(tmp_path):
    store = open_store(tmp_path / "kb.sqlite")
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
def seed_kb(tmp_path_factory, seeds_dir, real_nlp) -> Path:
    """A knowledge base built once per test session from the five seed reports, with the real model."""
    from actorgraph.pipeline import run

    path = tmp_path_factory.mktemp("seedkb") / "kb.sqlite"
    store = open_store(path)
    try:
        report = run([str(seeds_dir)], store, nlp=real_nlp, progress=False)
        assert report.ok, report.skipped + report.failed
    finally:
        store.close()
    return path


@pytest.fixture
def seed_store(seed_kb, tmp_path):
    """A private copy of the seed KB that a test may change."""
    copy = tmp_path / "seed-copy.sqlite"
    shutil.copy(seed_kb, copy)
    store = open_store(copy)
    yield store
    store.close()
