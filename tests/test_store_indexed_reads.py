"""Reads through indexes and kept rows give what reading every row gives: an entity's events from
event_entities (after a derivation, an incremental one, a split, a re-extraction and a rejection), and
whether a fact names an entity."""

from __future__ import annotations

from dataclasses import replace

import pytest

from actorgraph.analyze import derive_new, refresh
from actorgraph.analyze.review import review
from actorgraph.analyze.views import fact_entity_ids
from actorgraph.extract import extract
from actorgraph.machinery import EXTRACTORS, Extractor
from actorgraph.models import Entity
from actorgraph.pipeline import run
from actorgraph.reprocess import reprocess
from actorgraph.serve import synthkb
from actorgraph.store import open_store
from actorgraph.store.kb import EventFilter
from actorgraph.store.schema import EVENT_ENTITIES
from living_support import BORDER, VALLEY
from support import write_synthetic


def kept_rows(store) -> list[tuple]:
    return [tuple(r) for r in store.db.execute("SELECT entity_id, date_key, event_id FROM event_entities ORDER BY 1, 2, 3")]


def live_rows(store) -> list[tuple]:
    return sorted(tuple(r) for r in store.db.execute(EVENT_ENTITIES.format(events="1 = 1")))


def involved(store) -> list[str]:
    return sorted({r[0] for r in live_rows(store)})


def assert_siblings_counted(store) -> None:
    """Each report's count of the other reports of its document of its type quoting its sentence."""
    counted = store.db.execute(
        "SELECT r.id, r.siblings, (SELECT COUNT(*) FROM event_reports s JOIN evidence se ON se.id = s.evidence_id"
        " WHERE s.doc_id = r.doc_id AND s.type = r.type AND s.id <> r.id AND se.start = e.start)"
        " FROM event_reports r JOIN evidence e ON e.id = r.evidence_id").fetchall()
    assert counted and all(kept == recount for _, kept, recount in counted)


def assert_pages_agree(store, entities, page: int = 5) -> None:
    """Each entity's pages, with and without other conditions, as the scan through the reports gives them."""
    assert entities
    for entity in entities:
        for where in (EventFilter(actors=(entity,)), EventFilter(actors=(entity,), type="attack", start="2015")):
            for offset in (0, page):
                assert store._entity_events_page(where, page, offset) == store._events_page_scan(where, page, offset)


def test_kept_rows_follow_full_and_incremental_derivation_and_a_split(new_kb):
    stream = synthkb.documents(160, seed=5)
    with open_store(new_kb()) as store:
        store.upsert_entities(next(stream))
        items = list(stream)
        write_synthetic(store, items[:120])
        refresh(store)
        assert kept_rows(store) == live_rows(store)
        for start in range(120, 160, 9):
            derive_new(store, write_synthetic(store, items[start:start + 9]))
            assert kept_rows(store) == live_rows(store)
        assert_pages_agree(store, involved(store)[:40])
        assert_siblings_counted(store)

        named = fact_entity_ids(store)
        assert [e["id"] for e in store.entities() if store.named_by_a_fact(e["id"])] == \
            [e["id"] for e in store.entities() if e["id"] in named]

        busiest = max(involved(store), key=lambda e: store.events_page(EventFilter(actors=(e,)), 1)[1])
        name = store.db.execute("SELECT text FROM mentions WHERE entity_id = ? LIMIT 1", (busiest,)).fetchone()[0]
        store.split_entity(busiest, [name], Entity(id="group:split-off", type="group", name=name))
        assert kept_rows(store) == live_rows(store)
        assert_pages_agree(store, [busiest, "group:split-off"])


def without_events_of(title: str):
    def extract_fewer(doc, document):
        found = extract(doc, document)
        return replace(found, events=()) if document.title == title else found
    return extract_fewer


@pytest.mark.model
def test_kept_rows_follow_a_reextraction_and_a_rejection_is_respected(tmp_path, tmp_store, real_nlp):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "border.txt").write_text(BORDER, encoding="utf-8")
    (folder / "valley.txt").write_text(VALLEY, encoding="utf-8")
    assert run([str(folder)], tmp_store, nlp=real_nlp, progress=False).ok
    store = tmp_store
    assert kept_rows(store) == live_rows(store) and kept_rows(store)
    assert_siblings_counted(store)
    everyone = involved(store)

    fewer = Extractor(extract=without_events_of("Border Clashes Report"), extractors={**EXTRACTORS, "event_rules": "x"})
    reprocess(store, all_documents=True, nlp=real_nlp, extractor=fewer, progress=False)
    assert kept_rows(store) == live_rows(store)
    assert_pages_agree(store, everyone)

    report = store.event_reports()[0]
    review(store, f"event:{report['id']}", "rejected", "another incident")
    assert not store._event_entities_exact()   # the rows count the rejected report: the views read the reports
    actor = store.db.execute("SELECT entity_id FROM event_report_actors WHERE report_id = ?", (report["id"],)).fetchone()[0]
    page, total = store.events_page(EventFilter(actors=(actor,)), 5)
    assert (page, total) == store._events_page_scan(EventFilter(actors=(actor,)), 5, 0) and total == 0
    named = fact_entity_ids(store)
    assert {e["id"] for e in store.entities() if store.named_by_a_fact(e["id"])} == named & {e["id"] for e in store.entities()}
