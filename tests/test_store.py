"""The store on both backends: recorded migrations, all-or-nothing writes, analyst decisions, search."""

import pytest

from actorgraph.errors import SchemaTooNew, StoreError
from actorgraph.models import Alias, Document, Entity, Evidence, Extraction, MetaField, Mention, Relation, Resolution
from actorgraph.store import open_store

from support import EXAMPLES


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


def test_search_reads_titles_and_texts_and_wants_every_word(tmp_store):
    tmp_store.write_document(doc("Fighters crossed the river at dawn.", "d1"), Extraction(), Resolution(), "t")
    titled = Document("d2", "d2" * 4, "/tmp/d2.txt", "txt", "The crossing was quiet.",
                      (MetaField("title", "River crossing by fighters", "test"),))
    tmp_store.write_document(titled, Extraction(), Resolution(), "t")
    assert sorted(h["id"] for h in tmp_store.search_documents("fighters river")) == ["d1", "d2"]
    assert [h["id"] for h in tmp_store.search_documents("river quiet")] == ["d2"]
    assert [set(h) for h in tmp_store.search_documents("dawn")] == [{"id", "title", "path", "snippet"}]
    assert tmp_store.search_documents("helicopter river") == []


@pytest.mark.model
def test_both_backends_hold_the_same_knowledge_base_after_the_same_ingest(tmp_path, pg_server, real_nlp):
    """Every fact, name, figure and its order: what an export of either backend gives is the same."""
    from actorgraph.export.json_export import knowledge_export
    from actorgraph.pipeline import run

    exports = []
    for location in (str(tmp_path / "kb.sqlite"), pg_server.create_database("parity")):
        with open_store(location) as store:
            assert run([str(EXAMPLES)], store, nlp=real_nlp, progress=False).ok
            exports.append((store.counts(), _without_times(knowledge_export(store))))
    assert exports[0] == exports[1]


def _without_times(data: dict) -> dict:
    return {**data, "documents": [{k: v for k, v in d.items() if k != "ingested_at"} for d in data["documents"]]}


def test_a_missing_postgres_database_is_created(pg_server):
    url = pg_server.url("made_on_first_open")
    with open_store(url) as store:
        assert store.backend == "postgresql" and store.migrations()
    with open_store(url.replace("postgresql://", "postgres://")) as again:
        assert again.migrate() == []


def test_an_unreachable_postgres_server_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match=r"AG030.*Check the URL") as raised:
        open_store(f"postgresql://someone:secret@/kb?host={tmp_path}")
    assert "secret" not in str(raised.value)


def test_postgres_migrations_translate_or_say_what_to_write():
    from actorgraph.store.schema import MIGRATIONS, for_postgres

    assert all(for_postgres(name, sql) for name, sql in MIGRATIONS)
    assert 'TEXT COLLATE "C"' in for_postgres("x", "CREATE TABLE t (a TEXT, b REAL, id INTEGER PRIMARY KEY);")
    with pytest.raises(ValueError, match="POSTGRES"):
        for_postgres("9999_fts", "CREATE VIRTUAL TABLE t USING fts5(a);")


def test_without_postgresql_the_tests_say_how_to_install_it(monkeypatch):
    from actorgraph.store import pgtemp

    monkeypatch.setattr(pgtemp, "server_programs", lambda: None)
    with pytest.raises(pgtemp.PostgresUnavailable, match="apt-get install postgresql"):
        pgtemp.TemporaryPostgres().start()
