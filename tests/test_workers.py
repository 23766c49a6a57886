"""Parallel extraction: worker processes give what one process gives, in order, and a worker that dies
loses no document."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from spacy.language import Language

from actorgraph.errors import WorkerError
from actorgraph.models import Document
from actorgraph.workers import LocalPool, WorkerDied, extract_batch

KILL_ONCE = "kill-once:"     # a worker that reads this kills itself, unless the flag file after it exists
KILL_ALWAYS = "kill-always"


@Language.component("dies_on_marker")
def dies_on_marker(doc):
    """Ends its process the way an out-of-memory kill or a crash in native code would."""
    text = doc.text
    if KILL_ALWAYS in text:
        os._exit(3)
    if KILL_ONCE in text:
        flag = Path(text.split(KILL_ONCE, 1)[1].split()[0])
        if not flag.exists():
            flag.write_text("died once")
            os._exit(3)
    return doc


def blank_nlp_that_dies():
    from actorgraph.extract.nlp import blank_pipeline

    nlp = blank_pipeline()
    nlp.add_pipe("dies_on_marker")
    return nlp


def broken_model():
    raise OSError("no model here")


def document(i: int, extra: str = "") -> Document:
    text = f"Report {i}. The Synth Front attacked a checkpoint in Kabul on 3 May 2021, killing {i} people. {extra}"
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Document(sha[:16], sha, f"r{i}.txt", "txt", text)


def in_one_process(documents):
    return extract_batch(documents, blank_nlp_that_dies())


def test_two_workers_give_what_one_process_gives_in_input_order():
    documents = [document(i) for i in range(30)]
    with LocalPool(2, blank_nlp_that_dies) as pool:
        results = list(pool.map(documents))
    assert [d.id for d, _ in results] == [d.id for d in documents]
    assert [outcome for _, outcome in results] == in_one_process(documents)


def test_a_worker_that_dies_once_loses_no_document(tmp_path):
    documents = [document(i) for i in range(20)]
    documents[11] = document(11, f"{KILL_ONCE}{tmp_path / 'flag'} ")
    with LocalPool(2, blank_nlp_that_dies) as pool:
        results = list(pool.map(documents))
    assert (tmp_path / "flag").exists()   # the worker did die
    assert [d.id for d, _ in results] == [d.id for d in documents]
    assert not any(isinstance(outcome, Exception) for _, outcome in results)


def test_a_document_that_kills_every_worker_is_reported_and_the_others_are_extracted():
    documents = [document(i) for i in range(12)]
    documents[5] = document(5, KILL_ALWAYS)
    with LocalPool(2, blank_nlp_that_dies) as pool:
        results = list(pool.map(documents))
    failed = [d.id for d, outcome in results if isinstance(outcome, Exception)]
    assert failed == [documents[5].id]
    assert isinstance(results[5][1], WorkerDied)


def test_a_model_no_worker_can_load_is_an_error_that_says_so():
    with pytest.raises(WorkerError, match="could not load the model"):
        with LocalPool(2, broken_model) as pool:
            list(pool.map([document(1)]))


def test_workers_must_be_at_least_one():
    with pytest.raises(WorkerError):
        LocalPool(0, blank_nlp_that_dies)


# -- the same through Ray actors, on a Ray instance the tests start -------------------------------
@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray", reason="Ray is the optional extra actorgraph[cluster] (make setup installs it)")
    tests = str(Path(__file__).resolve().parent)
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=100 * 1024 * 1024, log_to_driver=False,
             runtime_env={"env_vars": {"PYTHONPATH": os.pathsep.join([tests, os.environ.get("PYTHONPATH", "")])}})
    yield ray
    ray.shutdown()


def test_ray_actors_give_what_one_process_gives_and_lose_no_document(local_ray, tmp_path):
    from actorgraph.cluster import RayPool

    documents = [document(i) for i in range(20)]
    documents[13] = document(13, f"{KILL_ONCE}{tmp_path / 'flag'} ")
    with RayPool(2, "auto", blank_nlp_that_dies) as pool:
        results = list(pool.map(documents))
    assert (tmp_path / "flag").exists()   # an actor did die
    assert [d.id for d, _ in results] == [d.id for d in documents]
    assert [outcome for _, outcome in results] == in_one_process(documents)


def test_ingest_with_two_workers_stores_what_one_process_stores(seeds_dir, real_nlp, new_kb):
    from click.testing import CliRunner

    from actorgraph.cli import main
    from actorgraph.pipeline import run
    from actorgraph.store import open_store

    with open_store(new_kb("one")) as store:
        assert run([str(seeds_dir)], store, nlp=real_nlp, progress=False).ok
        one = store.snapshot()
    two = new_kb("two")
    result = CliRunner().invoke(main, ["ingest", str(seeds_dir), "--db", two, "--no-progress", "--workers", "2"])
    assert result.exit_code == 0, result.output
    with open_store(two) as store:
        assert store.snapshot() == one
