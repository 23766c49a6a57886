"""The store on both backends: recorded migrations, all-or-nothing writes, analyst decisions, search."""

import pytest

from actorgraph.errors import SchemaTooNew
from actorgraph.models import Alias, Document, Entity, Evidence, Extraction, Mention, Relation, Resolution
from actorgraph.store import open_store


def doc(text="ISKP is led by Shahab al-Muhajir.", doc_id="d1"):
    return Document(doc_id, doc_id * 4, f"/tmp/{doc_id}.txt", "txt", text)


def test_migrations_are_recorded_once(new_kb):
    path = new_kb()
    first = open_store(path)
    names = [m["name"] for m in first.migrations()]
    first.close()
    again = open_store(path)
    assert [m["name"] for m in again.migrations()] == names and names[0] == "0001_core"
    assert again.migrate() == []
    again.close()


def test_a_newer_schema_is_refused(new_kb):
    path = new_kb()
    with open_store(path) as store, store.transaction():
        store.db.execute("INSERT INTO migrations(name, applied_at) VALUES ('9999_future', 'now')")
    with pytest.raises(SchemaTooNew):
        open_store(path)


def test_a_failed_document_write_leaves_nothing(tmp_store):
    d = doc()
    bad_evidence = Evidence("missing-doc", 0, 4, "ISKP", "test", "1")   # violates the foreign key
    tmp_store.upsert_entities([Entity("other", "group", "Other")])
    extraction = Extraction(mentions=(Mention(0, 4, "ISKP", "ARMED_GROUP", "group", 0, 33, "ruler", "iskp"),),
                            relations=(Relation((0, 4), "part_of", (5, 6), bad_evidence),))
    resolution = Resolution({(0, 4): "iskp", (5, 6): "other"}, (Entity("iskp", "group", "ISKP"),), ())
    with pytest.raises(tmp_store.db.IntegrityError):
        tmp_store.write_document(d, extraction, resolution, "test")
    assert tmp_store.counts()["documents"] == 0
    assert tmp_store.counts()["mentions"] == 0
    assert tmp_store.entity("iskp") is None


def test_merge_and_undo_are_decisions(tmp_store):
    tmp_store.upsert_entities([Entity("a", "group", "Alpha", (Alias("Alpha", "test"),)),
                               Entity("b", "group", "Beta", (Alias("Beta", "test"),))])
    tmp_store.merge_entities("a", "b", note="same group")
    assert tmp_store.canonical_id("b") == "a"
    assert {x["name"] for x in tmp_store.aliases(["a"])} == {"Alpha", "Beta"}
    assert tmp_store.entity_ids_by_name("Beta") == ["a"]
    tmp_store.undo_merge("b")
    assert tmp_store.canonical_id("b") == "b"
    assert [d["kind"] for d in tmp_store.decisions()] == ["merge", "unmerge"]


def test_full_text_search(tmp_store):
    tmp_store.write_document(doc("A convoy was ambushed near the river crossing."), Extraction(), Resolution(), "t")
    hits = tmp_store.search_documents("ambushed river")
    assert hits and hits[0]["id"] == "d1" and "[ambushed]" in hits[0]["snippet"]
    assert tmp_store.search_documents('"; DROP TABLE documents; --') == []
