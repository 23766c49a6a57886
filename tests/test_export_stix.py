"""STIX 2.1 export: valid under stix2-validator, deterministic ids, our types mapped, every fact sourced."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from actorgraph.cli import main
from actorgraph.export.stix import stix, stix_bundle, stix_id, timestamp
from test_export_kb import build_kb, seed_kb, small_kb  # noqa: F401

stix2validator = pytest.importorskip("stix2validator")


def validation_errors(bundle: dict) -> list[str]:
    options = stix2validator.ValidationOptions(version="2.1")
    return [str(e) for e in stix2validator.validate_instance(bundle, options).errors]


def by_type(bundle: dict, kind: str) -> list[dict]:
    return [o for o in bundle["objects"] if o["type"] == kind]


def test_small_bundle_validates_with_no_errors(small_kb):
    bundle = stix_bundle(small_kb)
    assert validation_errors(bundle) == []
    assert validation_errors({**bundle, "objects": [{"type": "threat-actor", "id": "threat-actor--1"}]})


def test_reexport_gives_the_same_ids_and_bytes(small_kb, new_kb):
    first, _ = stix(small_kb)
    second, _ = stix(small_kb)
    assert first == second
    rebuilt = build_kb(new_kb())   # the same facts written into a new knowledge base
    ids = lambda text: sorted(o["id"] for o in json.loads(text)["objects"])  # noqa: E731
    assert ids(stix(rebuilt)[0]) == ids(first)
    rebuilt.close()


def test_groups_people_places_map_to_threat_actor_identity_location(small_kb):
    bundle = stix_bundle(small_kb)
    iskp = next(o for o in by_type(bundle, "threat-actor") if o["x_actorgraph_id"] == "iskp")
    assert iskp["id"] == stix_id("threat-actor", "entity:iskp")
    assert {"ISKP", "IS-K", "ISIS-K", "Wilayat Khorasan"} <= set(iskp["aliases"])
    assert {"source_name": "un", "external_id": "QDe.161"} in iskp["external_references"]
    person = next(o for o in by_type(bundle, "identity") if o.get("x_actorgraph_id") == "hafiz_saeed_khan")
    assert person["identity_class"] == "individual"
    nangarhar = next(o for o in by_type(bundle, "location") if o["name"] == "Nangarhar")
    assert (nangarhar["latitude"], nangarhar["longitude"]) == (34.17, 70.62)
    airport = next(o for o in by_type(bundle, "location") if o["name"] == "Kabul airport")
    assert airport["region"] == "unknown"


def test_leadership_relationship_keeps_dates_and_precision(small_kb):
    bundle = stix_bundle(small_kb)
    rel = next(o for o in by_type(bundle, "relationship") if o.get("x_actorgraph_relation_type") == "leader_of")
    assert rel["relationship_type"] == "part-of"
    assert rel["start_time"] == "2015-01-01T00:00:00Z" and rel["stop_time"] == "2016-07-31T23:59:59Z"
    assert rel["x_actorgraph_start"] == "2015-01" and rel["x_actorgraph_start_precision"] == "month"
    assert rel["x_actorgraph_end_reason"] == "killed" and rel["confidence"] == 90
    types = {o["x_actorgraph_relation_type"]: o["relationship_type"] for o in by_type(bundle, "relationship")
             if "x_actorgraph_relation_type" in o}
    assert types == {"leader_of": "part-of", "hostile_to": "targets", "operates_in": "located-at",
                     "formed_from": "derived-from"}


def test_timestamps_from_iso_prefixes():
    assert timestamp("2016") == "2016-01-01T00:00:00Z"
    assert timestamp("2016", last=True) == "2016-12-31T23:59:59Z"
    assert timestamp("2016-02", last=True) == "2016-02-29T23:59:59Z"
    assert timestamp("2016-08-02") == "2016-08-02T00:00:00Z"
    assert timestamp("late") is None


def test_reports_notes_and_conflicts_point_at_what_they_source(small_kb):
    bundle = stix_bundle(small_kb)
    ids = {o["id"] for o in bundle["objects"]}
    reports = by_type(bundle, "report")
    assert sorted(r["x_actorgraph_doc"]["id"] for r in reports) == ["doc1aaaabbbbcccc", "doc2aaaabbbbcccc"]
    for r in reports:
        assert set(r["object_refs"]) <= ids
    leader = next(o for o in by_type(bundle, "relationship") if o.get("x_actorgraph_relation_type") == "leader_of")
    doc1 = next(r for r in reports if r["x_actorgraph_doc"]["id"] == "doc1aaaabbbbcccc")
    assert leader["id"] in doc1["object_refs"]
    evidence = [n for n in by_type(bundle, "note") if leader["id"] in n["object_refs"]]
    assert evidence[0]["content"].startswith("Hafiz Saeed Khan led")
    claims = [n for n in by_type(bundle, "note") if "x_actorgraph_claim" in n]
    assert sorted(n["x_actorgraph_claim"]["low"] for n in claims) == [1500, 3000]
    disagreements = [n for n in by_type(bundle, "note") if "x_actorgraph_conflict" in n]
    assert len(disagreements) == 2
    incident = by_type(bundle, "incident")[0]
    assert any(incident["id"] in n["object_refs"] for n in disagreements)
    for obj in bundle["objects"]:
        assert 0 <= obj["confidence"] <= 100, obj["id"]


def test_cli_writes_the_bundle(small_kb, tmp_path):
    out = tmp_path / "bundle.json"
    result = CliRunner().invoke(main, ["export", "--format", "stix", "--db", small_kb.path, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["type"] == "bundle"


@pytest.mark.seeds
@pytest.mark.model
def test_seed_bundle_validates_and_has_iskp_aliases_and_a_report_per_seed(seed_kb):
    bundle = stix_bundle(seed_kb)
    assert validation_errors(bundle) == []
    iskp = next(o for o in by_type(bundle, "threat-actor") if o["x_actorgraph_id"] == "iskp")
    assert len(iskp["aliases"]) >= 8
    assert len(by_type(bundle, "report")) == len(seed_kb.documents()) == 5


@pytest.mark.seeds
@pytest.mark.model
def test_seed_bundle_has_a_dated_leadership_relationship(seed_kb):
    bundle = stix_bundle(seed_kb)
    leaders = [o for o in by_type(bundle, "relationship")
               if o.get("x_actorgraph_relation_type") == "leader_of" and o.get("start_time")]
    assert leaders, "no leader_of relation with a start date in the seed knowledge base yet"
