"""Re-extraction in place: a rule changes, `reprocess --stale` updates exactly the facts it affects,
and analyst decisions (a rejected fact, a merge) survive."""

import pytest
from click.testing import CliRunner

from actorgraph.analyze import views
from actorgraph.analyze.review import review
from actorgraph.cli import main
from actorgraph.pipeline import run
from actorgraph.reprocess import reprocess, stale_documents

from living_support import BORDER, V1, V2, V3, VALLEY

pytestmark = pytest.mark.model


@pytest.fixture
def kb(tmp_path, tmp_store, real_nlp):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "border.txt").write_text(BORDER, encoding="utf-8")
    (folder / "valley.txt").write_text(VALLEY, encoding="utf-8")
    report = run([str(folder)], tmp_store, nlp=real_nlp, progress=False, extractor=V1)
    assert report.ok and len(report.stored) == 2
    return tmp_store


def facts(store) -> dict:
    """(kind, id) -> what the fact says, for every fact in the KB (rejected ones too)."""
    out = {}
    for doc in store.documents():
        for ident, fact in store.document_facts(doc["id"]).items():
            out[ident] = (fact["key"], fact["content"])
    return out


def relation_id(store, rtype: str) -> int:
    return next(r["id"] for r in store.relations() if r["type"] == rtype)


def test_reprocess_stale_updates_exactly_the_facts_a_changed_rule_affects(kb, real_nlp):
    store = kb
    leader = relation_id(store, "leader_of")
    hostile = relation_id(store, "hostile_to")
    review(store, f"relation:{leader}", "rejected", "the report is about someone else")
    people = sorted({e["id"] for e in store.entities(type="person")} & set(store.mention_counts()))
    keep, absorb = people[0], people[1]
    store.merge_entities(keep, absorb, "one person under two names")
    before = facts(store)
    ranged = [c["id"] for c in store.claims() if c["low"] != c["high"]]
    assert ranged and stale_documents(store, V1.machinery(real_nlp)) == []

    result = reprocess(store, stale=True, nlp=real_nlp, extractor=V2, progress=False)

    assert sorted(result.documents) == sorted(d["id"] for d in store.documents())   # every document was made by v1
    changed = {(c["kind"], c["id"]) for c in result.changes if c["change"] == "changed"}
    removed = {(c["kind"], c["id"]) for c in result.changes if c["change"] == "removed"}
    assert changed == {("claim", i) for i in ranged}
    assert removed == {("relation", hostile)}
    assert not [c for c in result.changes if c["change"] == "added"]
    after = facts(store)
    untouched = set(before) - changed - removed
    assert all(after[ident] == before[ident] for ident in untouched)   # same ids, same content
    claim = next(c for c in result.changes if c["kind"] == "claim")
    assert claim["before"]["low"] != claim["after"]["low"] and claim["quote"] in BORDER
    # analyst decisions survive: the rejected fact stays out of the views, the merge holds
    assert leader not in {r["id"] for r in store.relations()}
    assert store.document_fact("relation", leader)["review"]["verdict"] == "rejected"
    assert store.entity(absorb)["merged_into"] == keep
    assert stale_documents(store, V2.machinery(real_nlp)) == []
    assert reprocess(store, stale=True, nlp=real_nlp, extractor=V2, progress=False).run_id is None


def test_a_rejected_fact_that_comes_back_is_still_rejected(kb, real_nlp):
    store = kb
    hostile = relation_id(store, "hostile_to")
    review(store, f"relation:{hostile}", "rejected")
    reprocess(store, stale=True, nlp=real_nlp, extractor=V2, progress=False)
    assert store.reviews()[0]["fact_id"] is None           # its fact is gone; the review waits for it
    back = reprocess(store, stale=True, nlp=real_nlp, extractor=V3, progress=False)
    added = [c for c in back.changes if c["change"] == "added"]
    assert [c["kind"] for c in added] == ["relation"]
    assert added[0]["id"] > hostile                        # a new fact never takes the id of one that went away
    store.include_rejected = True
    assert store.document_fact("relation", added[0]["id"])["review"]["verdict"] == "rejected"
    store.include_rejected = False
    assert "hostile_to" not in {r["type"] for r in store.relations()}


def test_reingesting_the_same_reports_keeps_reviews(kb, tmp_path, real_nlp):
    store = kb
    leader = relation_id(store, "leader_of")
    review(store, f"relation:{leader}", "rejected")
    again = run([str(tmp_path / "reports")], store, nlp=real_nlp, progress=False)
    assert len(again.unchanged) == 2
    assert leader not in {r["id"] for r in store.relations()}


def test_rejected_facts_are_left_out_of_views_and_exports_unless_asked(kb, tmp_path):
    store = kb
    claim = store.claims()[0]
    review(store, f"claim:{claim['id']}", "rejected", "a misread figure")
    assert claim["id"] not in {c["id"] for c in views.claims(store)}
    db = store.path
    out = CliRunner().invoke(main, ["claims", "ISKP", "--db", db])
    assert "1,500" not in out.output and "1500" not in out.output
    shown = CliRunner().invoke(main, ["claims", "ISKP", "--db", db, "--include-rejected"])
    assert "rejected" in shown.output
    exported = CliRunner().invoke(main, ["export", "--db", db])
    assert claim["quote"] not in exported.output
    with_rejected = CliRunner().invoke(main, ["export", "--db", db, "--include-rejected"])
    assert claim["quote"] in with_rejected.output


def test_reprocess_command_prints_changes_per_kind(kb, tmp_path):
    db = kb.path
    result = CliRunner().invoke(main, ["reprocess", "--doc", "border.txt", "--db", db, "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "re-extracted 1 document(s)" in result.output
    assert "relations: 0 added, 0 removed, 0 changed" in result.output
    assert CliRunner().invoke(main, ["reprocess", "--db", db]).exit_code == 1   # nothing chosen
