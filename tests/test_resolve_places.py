"""Place entities from the gazetteer in a real store: attributes, parents created too, one entity per
(unplaced name, parent), and the hierarchy in the export, the profile and the map."""

import pytest

from actorgraph.analyze.views import entity_profile
from actorgraph.export.json_export import knowledge_export
from actorgraph.serve.data import map_data
from support import kb_from_texts

pytestmark = pytest.mark.model

DOCS = {
    "first.txt": "Night Raid\n\nGunmen attacked Sheikhan Kalay village, Marawara district, Kunar province, Afghanistan, "
                 "on Monday.\n",
    "second.txt": "Raid Follow-up\n\nElders said gunmen came back to Sheikhan Kalay village, Marawara district, Kunar "
                  "province, Afghanistan.\n",
    "elsewhere.txt": "Mine Blast\n\nA mine exploded in Sheikhan Kalay village, Chaparhar district, Nangarhar province, "
                     "Afghanistan.\n",
    "town.txt": "Market Bomb\n\nA bomb exploded in Puli Alam city, Logar province, Afghanistan.\n",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory, session_kbs, real_nlp):
    s = kb_from_texts(tmp_path_factory.mktemp("places"), session_kbs.new("places"), DOCS, real_nlp)
    yield s
    s.close()


def entities_named(store, doc_name, text):
    doc_id = next(d["id"] for d in store.documents() if d["path"].endswith(doc_name))
    return {m["entity_id"] for m in store.mentions(doc_id=doc_id) if m["text"] == text}


def test_the_same_unplaced_village_under_the_same_parent_is_one_entity(store):
    (first,) = entities_named(store, "first.txt", "Sheikhan Kalay")
    assert entities_named(store, "second.txt", "Sheikhan Kalay") == {first}
    (other,) = entities_named(store, "elsewhere.txt", "Sheikhan Kalay")
    assert other != first


def test_an_unplaced_village_inherits_its_parents_coordinates_and_says_so(store):
    (village_id,) = entities_named(store, "first.txt", "Sheikhan Kalay")
    village = store.entity(village_id)
    district = store.entity(village["attrs"]["parents"][0])
    assert village["name"] == "Sheikhan Kalay" and district["name"] == "Marawara"
    assert village["attrs"]["kind"] == "village" and village["attrs"]["approximate"] is True
    assert (village["attrs"]["lat"], village["attrs"]["lon"]) == (district["attrs"]["lat"], district["attrs"]["lon"])


def test_parents_are_entities_too(store):
    (village_id,) = entities_named(store, "first.txt", "Sheikhan Kalay")
    parents = store.entity(village_id)["attrs"]["parents"]
    assert [store.entity(p)["attrs"]["kind"] for p in parents] == ["district", "province", "country"]
    assert store.entity(parents[-1])["name"] == "Afghanistan"


def test_a_geonames_town_carries_its_id_population_and_own_coordinates(store):
    (town_id,) = entities_named(store, "town.txt", "Puli Alam")
    attrs = store.entity(town_id)["attrs"]
    assert town_id == f"gn:{attrs['geonames_id']}" and attrs["population"] > 1000
    assert attrs["approximate"] is False and attrs["country"] == "AF" and attrs["admin1"] == "Logar"
    assert attrs["parents"][-2:] == ["logar", "afghanistan"]


def test_the_export_keeps_the_attributes_and_every_parent(store):
    data = knowledge_export(store)
    ids = {e["id"] for e in data["entities"]}
    places = [e for e in data["entities"] if e["type"] == "place"]
    assert all(set(e["attrs"].get("parents", [])) <= ids for e in places)
    assert any(e["attrs"].get("approximate") for e in places)


def test_the_profile_and_the_map_show_the_hierarchy(store):
    (village_id,) = entities_named(store, "first.txt", "Sheikhan Kalay")
    profile = entity_profile(store, village_id)
    assert [w["name"] for w in profile["within"]] == ["Marawara", "Kunar", "Afghanistan"]
    district = entity_profile(store, profile["within"][0]["id"])
    assert village_id in [c["id"] for c in district["places_within"]]
    marker = next(p for p in map_data(store)["places"] if p["id"] == village_id)
    assert marker["approximate"] and marker["within"] == "Marawara › Kunar › Afghanistan"
