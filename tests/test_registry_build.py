"""The generated registry: rebuilt from the public lists it equals the committed file; its curation rules hold."""

from __future__ import annotations

import json

import pytest

from actorgraph.extract.registry import load_registry
from actorgraph.ingest.reference import phoenix_name, read_phoenix
from actorgraph.names import variant_key
from actorgraph.resolve.registry_build import (Curation, Name, NameRules, Record, build_registry, clean_name, display,
                                               join_records, registry_json)
from actorgraph.settings import data_dir, shared_dir

REFERENCE = shared_dir() / "data" / "reference"
COMMITTED = data_dir() / "registry_reference.json"


@pytest.fixture(scope="module")
def generated() -> dict:
    return json.loads(COMMITTED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rules() -> NameRules:
    return NameRules(Curation.load(), frozenset({"colombia", "pakistan"}), frozenset({"militant wing"}))


def record(*names: str, ref: str = "ofac:1", type: str = "group", anchor: str | None = None) -> Record:
    return Record(ref, type, [Name(n, ref.split(":")[0], ref, n) for n in names], anchor=anchor)


def test_rebuilding_from_the_lists_gives_the_committed_file():
    if not (REFERENCE / "sdn.csv").exists():
        pytest.skip(f"{REFERENCE} is absent: the public lists are not on this machine")
    assert registry_json(build_registry(REFERENCE)) == COMMITTED.read_text(encoding="utf-8")


# -- one rule, one example and one counter-example -------------------------------------------
NAME_RULES = [
    # (rule, name a record gives, the record's main name, type, dropped?)
    ("too short", "313", "313 Brigade", "group", True),
    ("too short", "Abu Sayyaf Group", "Abu Sayyaf Group", "group", False),
    ("acronym too short", "LJ", "Lashkar-e-Jhangvi", "group", True),
    ("acronym too short", "LeJ", "Lashkar-e-Jhangvi", "group", False),
    ("acronym that is a word", "HAS", "Hamas", "group", True),
    ("acronym that is a word", "HAMAS", "Hamas", "group", False),
    ("bare country", "Colombia", "National Liberation Army", "group", True),
    ("bare country", "National Liberation Army of Colombia", "National Liberation Army", "group", False),
    ("descriptor", "al-Qaeda operatives", "al-Qaeda", "group", True),
    ("descriptor", "al-Qaeda in the Islamic Maghreb", "al-Qaeda in the Islamic Maghreb", "group", False),
    ("descriptor", "Militant Wing", "Some Front", "group", True),
    ("common word", "Martyrs", "Riyadus-Salikhin Battalion", "group", True),
    ("common words, no armed head", "Free Land", "Terra Lliure", "group", True),
    ("common words, no armed head", "Red Army Faction", "Baader-Meinhof Group", "group", False),
    ("one-word other name", "Liberty", "Euskadi Ta Askatasuna", "group", True),
    ("one-word other name", "Hezbollah", "Hezbollah", "group", False),
    ("outlet, not the group", "Amaq News Agency", "Islamic State", "group", True),
    ("outlet, not the group", "Islamic State of Iraq and Syria", "Islamic State", "group", False),
    ("curated", "Hizbul Shabaab", "al-Shabaab", "group", True),
    ("curated", "Harakat al-Shabaab al-Mujahideen", "al-Shabaab", "group", False),
    ("person: one name", "Hambali", "Hambali", "person", True),
    ("person: one name", "Riduan Isamuddin", "Riduan Isamuddin", "person", False),
    ("person: bare kunya", "Abu Talha", "Abu Talha", "person", True),
    ("person: bare kunya", "Abu Bakar Bashir", "Abu Bakar Bashir", "person", False),
    ("person: not a name", "Dabiq", "Abu Ahmad Umar", "person", True),
]


@pytest.mark.parametrize("rule, name, main, etype, dropped", NAME_RULES, ids=[f"{r[0]}:{r[1]}" for r in NAME_RULES])
def test_name_rules(rules, rule, name, main, etype, dropped):
    problem = rules.problem(name, record(main, name, type=etype))
    assert (problem is not None) == dropped, problem


def test_an_anchored_record_does_not_take_in_a_group_through_one_of_its_aliases():
    # OFAC files Egyptian Islamic Jihad among al-Qaida's names; the dictionary lists it on its own
    al_qaida = record("Al-Qaida", "Egyptian Islamic Jihad", "The Base", ref="ofac:6366", anchor="al_qaeda")
    eij = record("Egyptian Islamic Jihad", "Vanguards of Conquest", ref="phoenix:EIJ")
    groups, _ = join_records([al_qaida, eij], {})
    assert len(groups) == 2


def test_records_of_two_lists_join_on_two_shared_names_or_mutual_main_names():
    phoenix = record("Basque Fatherland and Freedom", "ETA", "Basque Fatherland and Liberty", ref="phoenix:ETA")
    misp = record("Euskadi Ta Askatasuna", "ETA", "Basque Fatherland and Liberty", ref="misp:x")
    one_shared = record("Euskadi Ta Askatasuna", "Freedom Front", ref="un:y")
    other = record("Free Aceh Movement", "ETA", ref="un:z")
    groups, _ = join_records([phoenix, misp, one_shared, other], {})
    assert sorted(len(g) for g in groups) == [1, 3]


def test_two_records_of_one_list_never_join():
    benghazi = record("Ansar al-Sharia in Benghazi", "Ansar al-Sharia", ref="ofac:16475")
    darnah = record("Ansar al-Sharia in Darnah", "Ansar al-Sharia", ref="ofac:16476")
    phoenix = record("Ansar al-Sharia", ref="phoenix:ANSAR_AL-SHARIA")
    groups, _ = join_records([benghazi, darnah, phoenix], {})
    assert not any({"ofac:16475", "ofac:16476"} <= {r.ref for r in g} for g in groups)


# -- decisions the committed file must keep ------------------------------------------------------
def names_of(generated: dict, key: str) -> set[str]:
    entry = next(e for e in generated["entities"] if e["key"] == key)
    return {variant_key(n["name"]) for n in entry["names"]}


def test_wrong_aliases_are_not_taken_on_trust(generated):
    assert variant_key("Hizbul Shabaab") not in names_of(generated, "al_shabaab")
    assert variant_key("al-Qaeda in Iraq") not in names_of(generated, "al_qaeda")
    dropped = {(variant_key(n), rule.split(" ")[0]) for n, _ref, rule in generated["dropped"]}
    assert (variant_key("Hizbul Shabaab"), "curated") in dropped


def test_an_alias_two_groups_claim_goes_to_neither(generated):
    owners = [e["key"] for e in generated["entities"] for n in e["names"] if variant_key(n["name"]) == "ansar al sunna"]
    assert owners == []


def test_newer_groups_come_from_the_designation_lists(generated):
    linked = {e["same_as"]: e for e in generated["entities"] if e.get("same_as")}
    for key, list_id in (("ttp", "ofac:12206"), ("iskp", "ofac:18647"), ("isgs", "ofac:24546"), ("jnim", "ofac:24879")):
        assert list_id in linked[key]["refs"]


def test_every_name_says_where_it_comes_from(generated):
    for e in generated["entities"]:
        for n in e["names"]:
            assert n["sources"] and all({"list", "id", "spelling"} <= set(s) for s in n["sources"]), e["key"]


def test_acronyms_and_one_word_names_match_in_exact_case_only(generated):
    for e in generated["entities"]:
        for n in e["names"]:
            if len(n["name"].split()) == 1:
                assert n["case_sensitive"], (e["key"], n["name"])


def test_no_name_belongs_to_two_entries_once_merged():
    owners: dict[tuple, set] = {}
    for e in load_registry().entries:
        if e.type in ("group", "person"):
            for n in e.all_names():
                owners.setdefault((e.type, variant_key(n)), set()).add(e.key)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_hand_entries_keep_their_attributes_and_gain_list_names():
    ttp = load_registry().by_key()["ttp"]
    assert ttp.attrs.get("founded") and ttp.source == "registry"
    assert any("ofac:12206" in s for sources in ttp.name_sources.values() for s in sources)


# -- reading and spelling ---------------------------------------------------------------------
def test_phoenix_dictionary_format(tmp_path):
    path = tmp_path / "groups.actors.txt"
    path.write_text("# a comment\nFREEDOM_FRONT_(FF)_ [XYZREB] # added by hand\n+LIBERATION_FRONT_\n\n"
                    "ARMY_OF_SOMEWHERE\n+SOMEWHERE_ARMY\n\t[IMGMUS]\n", encoding="utf-8")
    entries = read_phoenix(path)
    assert [(e.name, e.aliases, e.codes) for e in entries] == [
        ("FREEDOM_FRONT_(FF)_", ("LIBERATION_FRONT_",), ("XYZREB",)),
        ("ARMY_OF_SOMEWHERE", ("SOMEWHERE_ARMY",), ("IMGMUS",))]
    assert phoenix_name("FREEDOM_FRONT_(FF)_") == ("FREEDOM FRONT", ["FF"])


@pytest.mark.parametrize("raw, shown", [
    ("TEHRIK-E TALIBAN PAKISTAN", "Tehrik-e Taliban Pakistan"),
    ("KATA'IB HIZBALLAH", "Kata'ib Hizballah"),
    ("GOD'S ARMY", "God's Army"),
    ("ISIL", "ISIL"),
    ("Jabhat al-Nusra", "Jabhat al-Nusra"),
])
def test_display_spelling(raw, shown):
    assert display(raw) == shown


@pytest.mark.parametrize("raw, names", [
    ("ISLAMIC JIHAD (ISLAMIC HOLY WAR)", ["ISLAMIC JIHAD"]),
    ("JAMA'ATU AHLIS SUNNA (JAS, PEOPLE OF THE TRADITION", []),
    ("ADF/NALU", ["ADF", "NALU"]),
    ("ORDER,_THE".replace("_", " "), ["THE ORDER"]),
    ("HIZB-UL-MUJAHIDEEN", ["HIZB-UL-MUJAHIDEEN"]),
])
def test_clean_name(raw, names):
    assert clean_name(raw) == names


def test_the_ruler_matches_list_names_in_any_case_and_acronyms_in_exact_case():
    from actorgraph.extract.nlp import blank_pipeline
    from actorgraph.extract.registry import Registry, RegistryEntry

    registry = Registry((RegistryEntry("ref_example_front", "group", "Example Liberation Front", ("ELF",),
                                       frozenset({"ELF"}), source="reference"),))
    nlp = blank_pipeline(registry)
    found = [(e.text, e.ent_id_) for e in nlp("The EXAMPLE LIBERATION FRONT and the ELF, not an elf.").ents]
    assert found == [("EXAMPLE LIBERATION FRONT", "ref_example_front"), ("ELF", "ref_example_front")]
