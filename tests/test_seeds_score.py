"""End to end on the five seed reports with the real model, scored by ../shared/eval/score.py."""

import json
import subprocess
import sys

import pytest

from actorgraph.export.json_export import knowledge_export
from actorgraph.store import open_store

from support import shared_path

pytestmark = [pytest.mark.model, pytest.mark.seeds]
GROUPS = {"iskp", "islamic_state", "taliban", "ttp", "al_qaeda", "khorasan_group", "jabhat_al_nusra", "haqqani_network"}


def score(export: dict, tmp_path) -> dict:
    scorer = shared_path("eval", "score.py")
    if not scorer.exists():
        pytest.skip(f"{scorer} not found")
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export))
    out = subprocess.run([sys.executable, str(scorer), str(path), str(shared_path("eval", "dev_gold.json")),
                          str(shared_path("corpus", "seeds")), "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout[:out.stdout.rindex("}") + 1])


@pytest.fixture(scope="module")
def report(seed_kb, tmp_path_factory):
    store = open_store(seed_kb)
    try:
        return score(knowledge_export(store), tmp_path_factory.mktemp("score"))
    finally:
        store.close()


def test_entities(report):
    entities = report["entities"]
    assert entities["recall"] >= 0.95, entities["missing"]
    assert not set(entities["split"]) & GROUPS, entities["split"]
    merged = [keys for _, keys in entities["over_merged"]]
    assert not [k for k in merged if "iskp" in k and ("islamic_state" in k or "khorasan_group" in k)]
    assert not merged, entities["over_merged"]


def test_relations_events_claims_conflicts(report):
    assert report["relations"]["recall"] >= 0.80, report["relations"]["missing"]
    assert report["events"]["recall"] >= 0.75, report["events"]["missing"]
    assert report["events"]["casualties_ok"] == 1.0, report["events"]["casualties"]
    assert report["claims"]["recall"] >= 0.80, report["claims"]["missing"]
    assert report["conflicts"]["recall"] == 1.0, report["conflicts"]["missing"]


def test_evidence_is_valid_for_the_documents_the_scorer_can_read(seed_kb, tmp_path):
    """score.py can only check quotes from its three gold documents; those must all be verbatim."""
    store = open_store(seed_kb)
    try:
        gold_files = json.loads(shared_path("eval", "dev_gold.json").read_text())["documents"].values()
        docs = {d["id"] for d in store.documents() if d["path"].rsplit("/", 1)[-1] in gold_files}
        gold_report = score(knowledge_export(store, docs), tmp_path)
    finally:
        store.close()
    assert gold_report["evidence"]["valid"] == 1.0, gold_report["evidence"]["bad"]
    assert gold_report["evidence"]["items_without_evidence"] == 0


def test_every_quote_stands_in_its_source_file(seed_kb):
    from actorgraph.analyze.verify import verify_evidence

    store = open_store(seed_kb)
    try:
        result = verify_evidence(store)
    finally:
        store.close()
    assert result["checked"] > 50
    assert result["valid"] == result["checked"] and result["source_valid"] == result["source_checked"], result["problems"]


def test_ingesting_the_seeds_twice_changes_nothing(seed_store, seeds_dir, real_nlp):
    from actorgraph.pipeline import run

    before = (seed_store.counts(), json.dumps(knowledge_export(seed_store), sort_keys=True))
    report = run([str(seeds_dir)], seed_store, nlp=real_nlp, progress=False)
    assert report.stored == [] and len(report.unchanged) == 5
    assert (seed_store.counts(), json.dumps(knowledge_export(seed_store), sort_keys=True)) == before
