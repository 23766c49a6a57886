"""STIX import: OpenCTI/MISP-style bundles become entities, aliases and relations sourced to the bundle."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from actorgraph.cli import main
from actorgraph.errors import BadInput
from actorgraph.export.stix import stix_bundle
from actorgraph.ingest.stix_import import import_bundle, read_bundle
from actorgraph.store import open_store
from test_export_kb import small_kb  # noqa: F401

pytest.importorskip("stix2")
OPENCTI = Path(__file__).parent / "fixtures" / "stix" / "opencti_iskp.json"


def entity_view(bundle: dict) -> dict:
    """Entities as (type, name, aliases) keyed by our id."""
    out = {}
    for o in bundle["objects"]:
        if o.get("x_actorgraph_id"):
            names = o.get("aliases") or o.get("x_actorgraph_aliases") or []
            out[o["x_actorgraph_id"]] = (o["type"], o["name"], sorted(names))
    return out


def relation_view(bundle: dict) -> set:
    return {(o["source_ref"], o["x_actorgraph_relation_type"], o["target_ref"], o.get("start_time"),
             o.get("stop_time"), o.get("x_actorgraph_start"), o.get("x_actorgraph_stop"))
            for o in bundle["objects"] if o["type"] == "relationship" and "x_actorgraph_relation_type" in o}


def test_round_trip_keeps_entities_aliases_and_relations(small_kb, tmp_path, new_kb):
    first = stix_bundle(small_kb)
    path = tmp_path / "kb.stix.json"
    path.write_text(json.dumps(first))
    target = open_store(new_kb())
    result = import_bundle(path, target)
    assert result["relations"] == 4 and result["new_entities"] == 6
    second = stix_bundle(target)
    assert entity_view(second) == entity_view(first)
    assert relation_view(second) == relation_view(first)
    assert {a["source"] for a in target.aliases()} == {"stix:kb.stix.json"}
    target.close()


def test_reimporting_the_same_bundle_changes_nothing(new_kb):
    store = open_store(new_kb())
    assert not import_bundle(OPENCTI, store)["unchanged"]
    before = store.counts()
    assert import_bundle(OPENCTI, store)["unchanged"]
    assert store.counts() == before
    store.close()


def test_opencti_bundle_reads_entities_and_maps_relationships():
    records = read_bundle(OPENCTI)
    kinds = {e.name: e.type for e in records.entities}
    assert kinds == {"Islamic State - Khorasan Province": "group", "Sanaullah Ghafari": "person",
                     "Tehrik-i-Taliban Pakistan": "group", "Jalalabad": "place"}
    rels = {(r.type, r.start, r.end) for r in records.relations}
    # OpenCTI's 1970-01-01 and 5138-11-16 stand for "unknown"
    assert rels == {("member_of", "2020-06-01", None), ("operates_in", None, None), ("formed_from", "2015-01-10", None)}
    assert records.skipped["indicator"] == 1 and records.skipped["relationship"] == 2
    jalalabad = next(e for e in records.entities if e.name == "Jalalabad")
    assert jalalabad.attrs["lat"] == 34.4303 and jalalabad.aliases == ["Jalālābād"]


def test_opencti_names_link_to_entities_already_known(small_kb):
    result = import_bundle(OPENCTI, small_kb)
    assert result["new_entities"] == 2          # ISKP and TTP were known by name; Ghafari and Jalalabad are new
    names = {a["name"]: a["source"] for a in small_kb.aliases(["iskp"]) if a["source"].startswith("stix:")}
    assert names["Daesh-Khorasan"] == "stix:opencti_iskp.json"
    member = small_kb.relations(type="member_of")[0]
    assert member["object_id"] == "iskp" and member["quote"].startswith("Sanaullah Ghafari member of")
    assert small_kb.document(member["doc_id"])["format"] == "stix"


def test_not_a_bundle_is_a_clear_error(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text('{"type": "indicator"}')
    with pytest.raises(BadInput, match="not a STIX bundle"):
        read_bundle(bad)


def test_cli_import(tmp_path, new_kb):
    shutil.copy(OPENCTI, tmp_path / "opencti.json")
    db = new_kb()
    result = CliRunner().invoke(main, ["import", "--format", "stix", str(tmp_path / "opencti.json"), "--db", db])
    assert result.exit_code == 0, result.output
    assert "3 relations" in result.output
    store = open_store(db)
    assert store.counts()["relations"] == 3
    store.close()
