"""Issue 14, store side: crash safety by design, idempotent writes, serialised migrations, no NaN stored."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest

from actorgraph import pipeline
from actorgraph.errors import StoreError
from actorgraph.ingest import expand_sources
from actorgraph.models import Alias, Entity
from actorgraph.serve import synth
from actorgraph.store import open_store, stopped
from support import EXAMPLES, REPO


class Killed(BaseException):
    """Stands for SIGKILL inside one process: nothing after it runs, no except Exception catches it."""


def test_a_crash_between_storing_and_deriving_heals_on_the_next_run(tmp_path, real_nlp, monkeypatch):
    clean = open_store(tmp_path / "clean.sqlite")
    pipeline.run([str(EXAMPLES)], clean, nlp=real_nlp, progress=False)
    expected = clean.snapshot()
    assert expected["events"] and expected["conflicts"]

    crashed = open_store(tmp_path / "crashed.sqlite")
    monkeypatch.setattr(pipeline, "derive_pending", lambda store: (_ for _ in ()).throw(Killed()))
    with pytest.raises(Killed):
        pipeline.run([str(EXAMPLES)], crashed, nlp=real_nlp, progress=False)
    assert crashed.count("events") == 0 and len(crashed.pending_derivation()) == len(expected["documents"])
    monkeypatch.undo()

    report = pipeline.run([str(EXAMPLES)], crashed, nlp=real_nlp, progress=False)
    assert not report.stored and len(report.unchanged) == len(expected["documents"])
    assert crashed.snapshot() == expected and not crashed.pending_derivation()


def test_a_crash_inside_the_derivation_leaves_it_pending(tmp_path, blank_nlp, monkeypatch):
    store = open_store(tmp_path / "kb.sqlite")
    monkeypatch.setattr(type(store), "mark_derived", lambda self, ids: (_ for _ in ()).throw(Killed()))
    with pytest.raises(Killed):
        pipeline.run([str(EXAMPLES)], store, nlp=blank_nlp, progress=False)
    monkeypatch.undo()
    assert store.pending_derivation() and store.count("events") == 0   # the whole derivation rolled back
    store.close()
    store = open_store(tmp_path / "kb.sqlite")
    pipeline.derive_pending(store)
    assert store.count("events") and not store.pending_derivation()


def test_any_writing_command_derives_what_is_pending(tmp_path, blank_nlp):
    db = tmp_path / "kb.sqlite"
    store = open_store(db)
    synth.build(store, 5, n_groups=3, cluster=False)   # written straight through the store: pending
    assert len(store.pending_derivation()) == 5
    store.close()
    from click.testing import CliRunner

    from actorgraph.cli import main

    result = CliRunner().invoke(main, ["entity", "merge", "synth_group_0", "synth_group_1", "--db", str(db)])
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        assert not store.pending_derivation() and store.count("events")


def test_writing_a_document_twice_is_a_no_op(tmp_store):
    doc, extraction, resolution = synth.document(0, __import__("random").Random(1), 3)
    tmp_store.upsert_entities(synth.cast(3))
    assert tmp_store.write_document(doc, extraction, resolution, "test") is True
    before = tmp_store.snapshot()
    assert tmp_store.write_document(doc, extraction, resolution, "test") is False
    assert tmp_store.snapshot() == before


def test_two_ingests_of_one_folder_report_no_false_failures(tmp_path, blank_nlp):
    """The second process finds every document already stored by the first: unchanged, not failed."""
    db = tmp_path / "kb.sqlite"
    first, second = open_store(db), open_store(db)
    files, _ = expand_sources([str(EXAMPLES)])
    documents = list(pipeline._new_documents(files, second, pipeline.RunReport(), []))
    pipeline.run([str(EXAMPLES)], first, nlp=blank_nlp, progress=False)
    report = pipeline.RunReport()
    writer = pipeline._Writer(second, report)
    for document, extraction in pipeline.analyse(documents, blank_nlp):
        writer.write(document, extraction)
    assert not report.failed and len(report.unchanged) == len(documents) and not report.stored


def test_a_writer_learns_the_names_other_processes_stored(tmp_path, blank_nlp):
    """Inside its write transaction a writer catches up on aliases stored since it last looked."""
    db = tmp_path / "kb.sqlite"
    other, mine = open_store(db), open_store(db)
    writer = pipeline._Writer(mine, pipeline.RunReport())
    writer.write(*_analysed(tmp_path, "a.txt", "Officials said the attack near the bridge killed four people.", blank_nlp))
    other.upsert_entities([Entity("group:varosh-front", "group", "Varosh Front", (Alias("Varosh Front", "text"),))])
    writer.write(*_analysed(tmp_path, "b.txt", "Residents said the market reopened on Monday after two weeks.", blank_nlp))
    assert "group:varosh-front" in writer.linker.by_exact.get("Varosh Front", {})


def _analysed(tmp_path, name, text, nlp):
    from actorgraph.ingest import read_document

    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return next(pipeline.analyse([read_document(path)], nlp))


def test_many_processes_opening_a_new_kb_at_once_all_succeed(tmp_path):
    db = tmp_path / "new.sqlite"
    code = "import sys; from actorgraph.store import open_store; open_store(sys.argv[1]).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db)], stderr=subprocess.PIPE) for _ in range(12)]
    errors = [p.communicate()[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 12, errors
    with open_store(db) as store:
        assert len(store.migrations()) == len({name for name, _ in __import__("actorgraph.store.schema", fromlist=["x"]).MIGRATIONS})


def test_a_mistyped_path_is_not_created(tmp_path):
    with pytest.raises(StoreError, match="No knowledge base at"):
        open_store(tmp_path / "typo.sqlite", create=False)
    assert not (tmp_path / "typo.sqlite").exists()


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_attributes_are_refused(tmp_store, value):
    with pytest.raises(StoreError, match="non-finite"):
        tmp_store.upsert_entities([Entity("place:nowhere", "place", "Nowhere", attrs={"lat": value, "lon": 1.0})])
    assert tmp_store.entity("place:nowhere") is None


def test_a_query_past_its_deadline_is_interrupted(tmp_store):
    synth.build(tmp_store, 50, n_groups=3)
    tmp_store.set_deadline(0)
    with pytest.raises(Exception) as err:
        for _ in range(200):
            tmp_store.relations()
    assert stopped(err.value)
    tmp_store.set_deadline(None)
    assert tmp_store.relations()


@pytest.mark.fault
def test_crash_harness_kills_at_every_kind_of_point(tmp_path):
    """bench/crash.py in small: one kill at each hooked point and one in time, each KB equal to a clean run's."""
    result = subprocess.run([sys.executable, str(REPO / "bench" / "crash.py"), "--kills", "5", "--seed", "7", "--blank"],
                            capture_output=True, text=True, cwd=REPO, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 kills: 5 KBs equal to the clean run, 0 different" in result.stdout


@pytest.mark.fault
def test_concurrent_ingests_equal_one_ingest(tmp_path):
    """bench/concurrency.py in small: four ingests of one folder at once, and 20 processes creating one KB."""
    result = subprocess.run([sys.executable, str(REPO / "bench" / "concurrency.py"), "--writers", "4", "--rounds", "1",
                             "--openers", "20", "--blank"], capture_output=True, text=True, cwd=REPO, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "exit codes [0, 0, 0, 0] -> EQUAL to the clean run" in result.stdout


def test_every_quote_of_a_sectioned_document_is_stored_verbatim(tmp_path, blank_nlp, monkeypatch):
    monkeypatch.setenv("ACTORGRAPH_SECTION_CHARS", "600")
    store = open_store(tmp_path / "kb.sqlite")
    report = pipeline.run([str(EXAMPLES)], store, nlp=blank_nlp, progress=False)
    assert report.ok and report.stored
    texts = store.document_texts()
    for row in store.evidence_rows():
        assert texts[row["doc_id"]][row["start"]:row["end"]] == row["quote"]
    assert replace   # noqa: B018 (dataclasses.replace is what sections use)
