"""A small hand-built knowledge base (written through the store API) shared by the export tests, and the
seed-corpus knowledge base built once per test session."""

from __future__ import annotations

import hashlib

import pytest

from actorgraph.models import (Alias, Claim, Document, Entity, Event, Evidence, Extraction, MetaField, Mention,
                               Relation, Resolution)
from actorgraph.store import open_store

DOC1 = ("Hafiz Saeed Khan led the Islamic State Khorasan Province from January 2015 until July 2016. "
        "ISKP fought the Taliban in Nangarhar. Officials said ISKP had 1,500 fighters in 2019. "
        "On 26 August 2021 an ISKP suicide bomber killed 170 people at Kabul airport. <script>alert(1)</script>")
DOC2 = ("Analysts believe IS-K had 3,000 to 4,000 fighters in 2019. "
        "The Kabul airport bombing of 26 August 2021, claimed by IS-K, killed 183 people. "
        "Tehrik-i-Taliban Pakistan defectors formed ISKP.")

ENTITIES = [
    Entity("iskp", "group", "Islamic State Khorasan Province",
           tuple(Alias(n, "registry", "registry entry iskp") for n in
                 ("Islamic State Khorasan Province", "ISKP", "IS-K", "ISIS-K", "Wilayat Khorasan")),
           {"founded": "2015-01", "refs": ["un:QDe.161"]}),
    Entity("taliban", "group", "Taliban", (Alias("Taliban", "registry", "registry entry taliban"),)),
    Entity("ttp", "group", "Tehrik-i-Taliban Pakistan",
           (Alias("Tehrik-i-Taliban Pakistan", "registry", "registry entry ttp"), Alias("TTP", "registry", "r"))),
    Entity("hafiz_saeed_khan", "person", "Hafiz Saeed Khan",
           (Alias("Hafiz Saeed Khan", "registry", "registry entry hafiz_saeed_khan"),), {"died": "2016-07-26"}),
    Entity("place:nangarhar", "place", "Nangarhar", (Alias("Nangarhar", "gazetteer", "gazetteer"),),
           {"lat": 34.17, "lon": 70.62}),
    Entity("place:kabul-airport", "place", "Kabul airport", (Alias("Kabul airport", "text", "ner"),)),
]
TYPES = {e.id: e.type for e in ENTITIES}


def _span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def _ev(doc_id: str, text: str, needle: str) -> Evidence:
    s, e = _span(text, needle)
    return Evidence(doc_id, s, e, text[s:e], "test_rules", "1")


def _doc(doc_id: str, text: str, title: str, outlet: str, published: str) -> Document:
    meta = (MetaField("title", title, "test"), MetaField("outlet", outlet, "test"),
            MetaField("published", published, "test"))
    return Document(doc_id, hashlib.sha256(text.encode()).hexdigest(), f"/reports/{doc_id}.txt", "txt", text, meta)


def _mentions(text: str, names: list[tuple[str, str, int]]):
    mentions, entity_of = [], {}
    for name, entity_id, nth in names:
        span = _span(text, name, nth)
        mentions.append(Mention(span[0], span[1], name, "TEST", TYPES[entity_id], 0, len(text)))
        entity_of[span] = entity_id
    return tuple(mentions), entity_of


def build_kb(path: str):
    """Two reports that disagree on ISKP's strength and on the Kabul airport death toll."""
    store = open_store(path)
    d1, d2 = "doc1aaaabbbbcccc", "doc2aaaabbbbcccc"
    m1, of1 = _mentions(DOC1, [("Hafiz Saeed Khan", "hafiz_saeed_khan", 0),
                               ("Islamic State Khorasan Province", "iskp", 0), ("ISKP", "iskp", 0),
                               ("Taliban", "taliban", 0), ("Nangarhar", "place:nangarhar", 0), ("ISKP", "iskp", 1),
                               ("ISKP", "iskp", 2), ("Kabul airport", "place:kabul-airport", 0)])
    s = lambda t, n, k=0: _span(t, n, k)  # noqa: E731
    ex1 = Extraction(
        mentions=m1,
        relations=(
            Relation(s(DOC1, "Hafiz Saeed Khan"), "leader_of", s(DOC1, "Islamic State Khorasan Province"),
                     _ev(d1, DOC1, "Hafiz Saeed Khan led the Islamic State Khorasan Province from January 2015 until July 2016"),
                     start="2015-01", end="2016-07", end_reason="killed", confidence=0.9),
            Relation(s(DOC1, "ISKP"), "hostile_to", s(DOC1, "Taliban"), _ev(d1, DOC1, "ISKP fought the Taliban"),
                     start="2015", confidence=0.8),
            Relation(s(DOC1, "ISKP"), "operates_in", s(DOC1, "Nangarhar"),
                     _ev(d1, DOC1, "ISKP fought the Taliban in Nangarhar"), confidence=0.7),
        ),
        claims=(Claim(s(DOC1, "ISKP", 1), "fighters", 1500, 1500, _ev(d1, DOC1, "ISKP had 1,500 fighters in 2019"),
                      as_of="2019", as_of_precision="year", attributed_to="Officials", hedge="said"),),
        events=(Event("attack", _ev(d1, DOC1, "an ISKP suicide bomber killed 170 people at Kabul airport"),
                      subtype="suicide bombing", date="2021-08-26", date_precision="day", date_text="26 August 2021",
                      place=s(DOC1, "Kabul airport"), perpetrators=(s(DOC1, "ISKP", 2),), victims=("people",),
                      killed_low=170, killed_high=170),),
    )
    m2, of2 = _mentions(DOC2, [("IS-K", "iskp", 0), ("Kabul airport", "place:kabul-airport", 0), ("IS-K", "iskp", 1),
                               ("Tehrik-i-Taliban Pakistan", "ttp", 0), ("ISKP", "iskp", 0)])
    ex2 = Extraction(
        mentions=m2,
        relations=(Relation(s(DOC2, "ISKP"), "formed_from", s(DOC2, "Tehrik-i-Taliban Pakistan"),
                            _ev(d2, DOC2, "Tehrik-i-Taliban Pakistan defectors formed ISKP"), confidence=0.6),),
        claims=(Claim(s(DOC2, "IS-K"), "fighters", 3000, 4000, _ev(d2, DOC2, "IS-K had 3,000 to 4,000 fighters in 2019"),
                      as_of="2019", as_of_precision="year", attributed_to="Analysts", hedge="believe"),),
        events=(Event("attack", _ev(d2, DOC2, "The Kabul airport bombing of 26 August 2021, claimed by IS-K, killed 183 people"),
                      subtype="suicide bombing", date="2021-08-26", date_precision="day", place=s(DOC2, "Kabul airport"),
                      perpetrators=(s(DOC2, "IS-K", 1),), killed_low=183, killed_high=183, modality="claimed"),),
    )
    store.write_document(_doc(d1, DOC1, "ISKP at war <b>1</b>", "The Test Times", "2021-09-01"), ex1,
                         Resolution(of1, tuple(ENTITIES)), "test")
    store.write_document(_doc(d2, DOC2, "Counting IS-K", "Analyst Weekly", "2021-10-01"), ex2, Resolution(of2), "test")
    reports = [r["id"] for r in store.event_reports()]
    store.replace_events([{"id": "ev1", "type": "attack", "subtype": "suicide bombing", "date": "2021-08-26",
                           "date_precision": "day", "place_id": "place:kabul-airport", "killed_low": 170,
                           "killed_high": 183, "injured_low": None, "injured_high": None,
                           "label": "Kabul airport suicide bombing"}], {r: "ev1" for r in reports})
    store.replace_conflicts([
        {"kind": "number", "subject_kind": "entity", "subject_id": "iskp", "attribute": "fighters", "docs": [d1, d2],
         "note": "1,500 vs 3,000-4,000 fighters in 2019",
         "sides": [{"doc": d1, "entity": "iskp", "low": 1500, "high": 1500}, {"doc": d2, "low": 3000, "high": 4000}]},
        {"kind": "number", "subject_kind": "event", "subject_id": "ev1", "attribute": "killed", "docs": [d1, d2],
         "note": "170 vs 183 killed", "sides": [{"doc": d1, "low": 170, "high": 170}, {"doc": d2, "low": 183, "high": 183}]},
    ])
    return store


@pytest.fixture
def small_kb(new_kb):
    store = build_kb(new_kb())
    yield store
    store.close()


@pytest.fixture
def seed_kb(seed_kb):
    """The session's seed knowledge base (built once in conftest), opened as a store."""
    store = open_store(seed_kb)
    yield store
    store.close()


def test_small_kb_holds_what_the_export_tests_expect(small_kb):
    assert len(small_kb.relations()) == 4
    assert len(small_kb.claims()) == 2
    assert len(small_kb.events()) == 1
    assert len(small_kb.conflicts()) == 2



GENERIC_DOC = "Islamist militants fought ISKP in Kunar. Fulani extremists were seen in the market."


def test_a_generic_group_is_listed_only_where_a_fact_names_it(tmp_path):
    """'Islamist militants' fought ISKP: an actor. 'Fulani extremists' were only seen: not listed, not exported."""
    from actorgraph.analyze.views import search_entities, used_entity_ids
    from actorgraph.export.json_export import knowledge_export
    from actorgraph.serve.data import entity_list

    store = open_store(tmp_path / "generic.sqlite")
    doc_id = "docgenericgroups"
    fighters = Entity("group:islamist-militants@af", "group", "Islamist militants", (), {"generic": True})
    seen = Entity("group:fulani-extremists@af", "group", "Fulani extremists", (), {"generic": True})
    iskp = Entity("iskp", "group", "Islamic State Khorasan Province", (Alias("ISKP", "registry", "r"),))
    spans = {name: _span(GENERIC_DOC, name) for name in ("Islamist militants", "ISKP", "Fulani extremists")}
    mentions = tuple(Mention(s, e, name, "TEST", "group", 0, len(GENERIC_DOC)) for name, (s, e) in spans.items())
    relation = Relation(spans["Islamist militants"], "hostile_to", spans["ISKP"],
                        _ev(doc_id, GENERIC_DOC, "Islamist militants fought ISKP in Kunar."))
    entity_of = {spans["Islamist militants"]: fighters.id, spans["ISKP"]: "iskp", spans["Fulani extremists"]: seen.id}
    store.write_document(_doc(doc_id, GENERIC_DOC, "Generic groups", "The Test Times", "2021-09-01"),
                         Extraction(mentions=mentions, relations=(relation,)),
                         Resolution(entity_of, (fighters, seen, iskp)), "test")
    try:
        assert used_entity_ids(store) == {fighters.id, "iskp"}
        assert {e["name"] for e in entity_list(store)} == {"Islamist militants", "Islamic State Khorasan Province"}
        assert search_entities(store, "Fulani extremists") == []
        exported = knowledge_export(store)
        ids = {e["id"] for e in exported["entities"]}
        assert exported["relations"] and all({r["subject"], r["object"]} <= ids for r in exported["relations"])
        assert seen.id not in ids
    finally:
        store.close()
