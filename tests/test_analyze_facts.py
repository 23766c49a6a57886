"""One statement, many sources: several reports of one relation are one fact with every citation, a count of
independent sources and reconciled (or disputed) dates, in the views, the dossier, the API and every export.
Entity profiles read as prose: the registry's internal attrs never leave the knowledge base."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import warnings

import pytest

from actorgraph.analyze import views
from actorgraph.analyze.conflicts import detect_conflicts
from actorgraph.analyze.facts import reconcile_dates, source_numbers
from actorgraph.export import export_to
from actorgraph.export.report import dossier, render
from actorgraph.models import Alias, Document, Entity, Evidence, Extraction, MetaField, Mention, Relation, Resolution
from actorgraph.store import open_store

warnings.filterwarnings("ignore", message=".*httpx.*")
from fastapi.testclient import TestClient  # noqa: E402

from actorgraph.serve import create_app  # noqa: E402

INTERNAL_PATTERN = r"(?:the\s+)?Khorasan\s+(?:wing|branch)\s+of\s+(?:the\s+)?Islamic\s+State"
ENTITIES = (
    Entity("iskp", "group", "Islamic State Khorasan Province", (Alias("ISKP", "registry", "registry entry"),),
           {"note": "The Islamic State's province for Afghanistan and Pakistan.", "founded": "2015-01",
            "parent": "islamic_state", "refs": ["un:QDe.161", "ofac:18647"], "descriptions": [INTERNAL_PATTERN],
            "not": ["khorasan_group"]}),
    Entity("islamic_state", "group", "Islamic State", (Alias("Islamic State", "registry", "registry entry"),)),
    Entity("hafiz", "person", "Hafiz Saeed Khan", (Alias("Hafiz Saeed Khan", "registry", "registry entry"),)),
)
TYPES = {e.id: e.type for e in ENTITIES}

# (document id, outlet, text, [(subject, type, object, start, modality)])
REPORTS = (
    ("docaaaaaaaaaaaa", "Wire One", "ISKP has been part of the Islamic State since 2015. Hafiz Saeed Khan led ISKP from 2015.",
     [("ISKP", "part_of", "Islamic State", "2015", "asserted"), ("Hafiz Saeed Khan", "leader_of", "ISKP", "2015", "asserted")]),
    ("docbbbbbbbbbbbb", "Daily Two", "In January 2015 ISKP became a province of the Islamic State. Hafiz Saeed Khan took over ISKP in 2019.",
     [("ISKP", "part_of", "Islamic State", "2015-01", "asserted"), ("Hafiz Saeed Khan", "leader_of", "ISKP", "2019", "asserted")]),
    ("doccccccccccccc", "Wire One", "Officials said ISKP belongs to the Islamic State.",
     [("ISKP", "part_of", "Islamic State", None, "reported")]),
    ("docdddddddddddd", "Reprint Three", "ISKP has been part of the Islamic State since 2015.",
     [("ISKP", "part_of", "Islamic State", "2015", "asserted")]),
    ("doceeeeeeeeeeee", "Skeptic Four", "ISKP is not part of the Islamic State, its leaders insist.",
     [("ISKP", "part_of", "Islamic State", None, "denied")]),
)


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _write(store, doc_id: str, outlet: str, text: str, facts: list) -> None:
    names = {n for s, _, o, _, _ in facts for n in (s, o)}
    ids = {"ISKP": "iskp", "Islamic State": "islamic_state", "Hafiz Saeed Khan": "hafiz"}
    mentions = tuple(Mention(*_span(text, n), n, "TEST", TYPES[ids[n]], 0, len(text)) for n in sorted(names))
    relations = []
    for subject, rtype, obj, start, modality in facts:
        sentence = next(s for s in text.split(". ") if subject in s and obj in s)
        ev_start, ev_end = _span(text, sentence)
        relations.append(Relation(_span(text, subject), rtype, _span(text, obj),
                                  Evidence(doc_id, ev_start, ev_end, text[ev_start:ev_end], "test_rules", "1"),
                                  start=start, modality=modality, confidence=0.8))
    doc = Document(doc_id, hashlib.sha256(text.encode()).hexdigest(), f"/reports/{doc_id}.txt", "txt", text,
                   (MetaField("title", f"Report {doc_id[:4]}", "test"), MetaField("outlet", outlet, "test")))
    entity_of = {(m.start, m.end): ids[m.text] for m in mentions}
    store.write_document(doc, Extraction(mentions=mentions, relations=tuple(relations)),
                         Resolution(entity_of, ENTITIES), "test")


@pytest.fixture
def kb(tmp_path):
    store = open_store(tmp_path / "facts.sqlite")
    for report in REPORTS:
        _write(store, *report)
    detect_conflicts(store)
    yield store
    store.close()


def _part_of(store) -> tuple[dict, dict]:
    facts = views.relations(store, "iskp", "part_of")
    held = next(f for f in facts if f["modality"] != "denied")
    denied = next(f for f in facts if f["modality"] == "denied")
    return held, denied


# -- facts --------------------------------------------------------------------------------
def test_one_statement_from_several_reports_is_one_fact(kb):
    facts = views.relations(kb, "iskp", "part_of")
    assert len(facts) == 2   # held and denied stay apart
    held, denied = _part_of(kb)
    assert len(held["citations"]) == 4 and held["documents"] == 4
    assert {c["evidence"]["doc"] for c in held["citations"]} == {d for d, *_ in REPORTS[:4]}
    assert held["modality"] == "asserted" and held["modalities"] == ["asserted", "reported"]


def test_same_outlet_and_same_wording_are_not_independent(kb):
    held, _ = _part_of(kb)
    # Wire One twice (one source), Daily Two, and a reprint of Wire One's sentence: two independent sources
    assert held["independent_sources"] == 2
    by_doc = {c["evidence"]["doc"]: c["source"] for c in held["citations"]}
    assert by_doc["docaaaaaaaaaaaa"] == by_doc["doccccccccccccc"] == by_doc["docdddddddddddd"]
    assert by_doc["docbbbbbbbbbbbb"] != by_doc["docaaaaaaaaaaaa"]


def test_compatible_dates_are_reconciled_to_the_most_precise(kb):
    held, _ = _part_of(kb)
    assert held["start"] == "2015-01" and held["date_disagreement"] == {}
    assert held["dated_by"]["start"] == ["docaaaaaaaaaaaa", "docbbbbbbbbbbbb", "docdddddddddddd"]


def test_assertion_and_denial_are_a_disagreement_not_one_fact(kb):
    held, denied = _part_of(kb)
    assert held["contradicted_by"] == [denied["id"]] and denied["contradicted_by"] == [held["id"]]
    assert any(c["kind"] == "relation" and c["subject_id"] == "iskp" for c in views.conflicts(kb, "iskp"))


def test_incompatible_dates_are_a_disagreement_and_a_conflict(kb):
    leader = views.relations(kb, "hafiz", "leader_of")[0]
    assert [side["date"] for side in leader["date_disagreement"]["start"]] == ["2015", "2019"]
    assert leader["start"] == "2015"   # a tie in support: the earliest
    found = [c for c in views.conflicts(kb, "iskp") if c["kind"] == "date"]
    assert found and found[0]["attribute"] == "leader_of iskp start"
    assert {s["date"] for s in found[0]["sides"]} == {"2015", "2019"}
    assert views.leaders(kb, "iskp")[0]["date_disagreement"]["start"]


def _cite(doc: str, quote: str, outlet: str | None = None, start: str | None = None) -> dict:
    return {"evidence": {"doc": doc, "quote": quote}, "outlet": outlet, "start": start, "source": None}


@pytest.mark.parametrize("citations, expected", [
    ([_cite("a", "X joined Y."), _cite("b", "Y absorbed X.")], [1, 2]),                   # two reports, two sources
    ([_cite("a", "X joined Y."), _cite("a", "Later X rejoined Y.")], [1, 1]),              # one document
    ([_cite("a", "X joined Y.", "Wire"), _cite("b", "Y took X in.", "wire")], [1, 1]),     # one outlet
    ([_cite("a", "X joined  Y!"), _cite("b", "x joined y.")], [1, 1]),                     # one wording, reprinted
    ([_cite("a", "P.", "W"), _cite("b", "Q."), _cite("c", "P.")], [1, 2, 1]),               # linked through a reprint
])
def test_source_numbers(citations, expected):
    assert source_numbers(citations) == expected


@pytest.mark.parametrize("dates, expected, sides", [
    (["2015", "2015-01"], "2015-01", None),
    (["2015-01-26", "2015", None], "2015-01-26", None),
    (["2015-01", "2015-06", "2015"], "2015-01", ["2015-01", "2015-06"]),
    (["2019-03-14", "2015", "2015-01"], "2015-01", ["2015-01", "2019-03-14"]),   # two sources against one
    ([None, None], None, None),
])
def test_reconcile_dates(dates, expected, sides):
    citations = [_cite(f"d{i}", f"quote {i}", start=d) for i, d in enumerate(dates)]
    for c, n in zip(citations, source_numbers(citations)):
        c["source"] = n
    date, disagreement = reconcile_dates(citations, "start")
    assert date == expected
    assert (None if disagreement is None else [s["date"] for s in disagreement]) == sides


# -- where facts are read ---------------------------------------------------------------------
def test_json_export_has_one_relation_per_fact_in_the_scorer_shape(kb):
    data = json.loads(export_to("json", kb)[0])
    part_of = [r for r in data["relations"] if r["type"] == "part_of"]
    held = next(r for r in part_of if r["modality"] != "denied")
    assert len(part_of) == 2 and len(held["evidence"]) == 4 and held["independent_sources"] == 2
    assert all({"doc", "quote", "start", "end"} <= set(e) for e in held["evidence"])
    assert held["contradicted_by"] == [next(r["id"] for r in part_of if r is not held)]
    only_one = json.loads(export_to("json", kb, docs={"docaaaaaaaaaaaa", "doccccccccccccc"})[0])
    held_there = next(r for r in only_one["relations"] if r["type"] == "part_of")
    assert len(held_there["evidence"]) == 2 and held_there["independent_sources"] == 1


def test_csv_graph_and_stix_carry_one_row_edge_and_relationship_per_fact(kb):
    rows = [r for r in csv.DictReader(io.StringIO(export_to("csv", kb, table="relations")[0])) if r["type"] == "part_of"]
    held = next(r for r in rows if r["modality"] != "denied")
    assert len(rows) == 2 and (held["independent_sources"], held["citations"]) == ("2", "4")
    assert held["quotes"].count("\n") == 3
    graphml = export_to("graphml", kb)[0]
    assert graphml.count("<edge ") == 3   # part_of held, part_of denied, leader_of
    bundle = json.loads(export_to("stix", kb)[0])
    rels = [o for o in bundle["objects"] if o.get("x_actorgraph_relation_type") == "part_of"]
    assert len(rels) == 1 and (rels[0]["x_actorgraph_sources"], rels[0]["x_actorgraph_citations"]) == (2, 4)
    notes = [o for o in bundle["objects"] if o["type"] == "note" and rels[0]["id"] in o.get("object_refs", [])]
    assert len(notes) == 4


def test_dossier_lists_the_fact_once_with_every_source(kb):
    data = dossier(kb, "iskp")
    rows = [r for r in data["origins"]["relations"] if r["text"] == "Islamic State Khorasan Province part of Islamic State"]
    held = next(r for r in rows if r["modality"] != "denied")
    assert len(rows) == 2 and held["sources"] == 2 and len(held["cites"]) == 4 and len(held["quotes"]) == 2
    text = render(data, "md")
    assert text.count("Islamic State Khorasan Province part of Islamic State (") == 2   # held and denied


# -- prose profiles --------------------------------------------------------------------------------
def test_profile_reads_as_prose_and_hides_the_registry_machinery(kb):
    profile = views.entity_profile(kb, "iskp")
    about = profile["about"]
    assert about["description"].startswith("The Islamic State's province")
    assert about["founded"] == "2015-01" and about["parent"] == {"id": "islamic_state", "name": "Islamic State"}
    assert [(r["source"], r["id"]) for r in about["references"]] == [("un", "QDe.161"), ("ofac", "18647")]
    assert about["references"][1]["url"].endswith("18647")
    assert set(profile["entity"]["attrs"]) == {"note", "founded", "parent", "refs"}


def test_internal_attrs_stay_out_of_the_page_the_api_and_the_exports(kb):
    client = TestClient(create_app(kb.path), base_url="http://127.0.0.1", raise_server_exceptions=False)
    page = client.get("/entities/iskp").text
    api = client.get("/api/entities/iskp").text
    assert "Parent organisation" in page and "QDe.161" in page and "province for Afghanistan" in page
    exports = [export_to(fmt, kb)[0] for fmt in ("json", "stix", "graphml", "gexf")]
    for text in [page, api, *exports]:
        assert "descriptions" not in text and "Khorasan\\s+" not in text and "khorasan_group" not in text
