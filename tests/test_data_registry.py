"""The built-in registry of armed groups and leaders: shape, unique keys, unambiguous aliases."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict

import pytest

from actorgraph.settings import data_dir

KEY = re.compile(r"^[a-z][a-z0-9_]*$")
REF = re.compile(r"^(un|ofac|misp):\S+$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
LINK_FIELDS = ("parent", "formed_from", "affiliation", "not")


def fold(name: str) -> str:
    """Case, diacritics and punctuation removed: 'Jabhat Al-Nusra' and 'jabhat alnusra' fold alike."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "", plain.casefold())


def names(entity: dict) -> list[str]:
    return [entity["name"], *entity["aliases"]]


def links(entity: dict) -> list[str]:
    out = []
    for field in LINK_FIELDS:
        value = entity.get(field)
        out += value if isinstance(value, list) else [value] if value else []
    return out


@pytest.fixture(scope="module")
def registry() -> dict:
    return json.loads((data_dir() / "registry.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def by_key(registry) -> dict[str, dict]:
    return {e["key"]: e for e in registry["entities"]}


def test_shape(registry):
    assert registry["version"] == 1
    for e in registry["entities"]:
        assert KEY.match(e["key"]), e["key"]
        assert e["type"] in ("group", "person"), e["key"]
        assert isinstance(e["name"], str) and e["name"].strip() == e["name"] != ""
        assert isinstance(e["aliases"], list)
        assert all(isinstance(a, str) and a.strip() == a != "" for a in e["aliases"]), e["key"]
        assert all(REF.match(r) for r in e.get("refs", [])), e["key"]
        for field in ("founded", "died"):
            assert field not in e or DATE.match(e[field]), (e["key"], field)


def test_keys_are_unique(registry):
    keys = [e["key"] for e in registry["entities"]]
    assert len(keys) == len(set(keys))


def test_no_alias_is_shared_by_two_entries(registry):
    owners: dict[str, set[str]] = defaultdict(set)
    for e in registry["entities"]:
        for name in names(e):
            owners[fold(name)].add(e["key"])
    shared = {name: sorted(keys) for name, keys in owners.items() if len(keys) > 1}
    assert shared == {}


def test_case_sensitive_aliases_belong_to_their_entry(registry):
    for e in registry["entities"]:
        assert set(e.get("case_sensitive", [])) <= set(names(e)), e["key"]


def test_short_acronyms_are_case_sensitive(registry):
    for e in registry["entities"]:
        for name in names(e):
            if re.fullmatch(r"[A-Z]{2,4}", name):
                assert name in e.get("case_sensitive", []), (e["key"], name)


def test_linked_keys_exist(by_key):
    for e in by_key.values():
        for key in links(e):
            assert key in by_key, (e["key"], key)
            assert key != e["key"]


def test_parents_are_groups(by_key):
    for e in by_key.values():
        if e.get("parent"):
            assert by_key[e["parent"]]["type"] == "group"


def test_each_reference_record_belongs_to_one_entry(registry):
    seen: dict[str, str] = {}
    for e in registry["entities"]:
        for ref in e.get("refs", []):
            assert ref not in seen, (ref, seen.get(ref), e["key"])
            seen[ref] = e["key"]


def test_khorasan_group_is_not_iskp(by_key):
    group = by_key["khorasan_group"]
    assert "khorasan" not in {fold(n) for n in names(group)}
    assert "khorasan" not in {fold(n) for n in names(by_key["iskp"])}
    assert "iskp" in group["not"] and by_key["iskp"]["parent"] == "islamic_state"


def test_the_two_hafiz_saeeds_are_kept_apart(by_key):
    khan, lashkar = by_key["hafiz_saeed_khan"], by_key["hafiz_muhammad_saeed"]
    assert "hafiz_muhammad_saeed" in khan["not"] and "hafiz_saeed_khan" in lashkar["not"]
    assert "hafizsaeed" not in {fold(n) for n in names(khan)}


@pytest.mark.parametrize("key, alias", [
    ("iskp", "ISIS-K"), ("iskp", "Wilayat Khorasan"), ("islamic_state", "Daesh"),
    ("islamic_state", "Islamic State in Iraq and Syria"), ("taliban", "Islamic Emirate of Afghanistan"),
    ("ttp", "Tehrik-e Taliban Pakistan"), ("al_qaeda", "AQ"), ("jabhat_al_nusra", "Nusra Front"),
    ("abu_bakr_al_baghdadi", "Caliph Ibrahim"), ("sanaullah_ghafari", "Shabab al-Muhajir"),
])
def test_expected_aliases(by_key, key, alias):
    assert alias in by_key[key]["aliases"]


def test_coverage(registry):
    groups = [e for e in registry["entities"] if e["type"] == "group"]
    people = [e for e in registry["entities"] if e["type"] == "person"]
    assert len(groups) >= 60 and len(people) >= 12


def test_refs_name_records_in_the_shared_lists(registry):
    from actorgraph.ingest.reference import read_reference
    from actorgraph.settings import shared_dir

    folder = shared_dir() / "data" / "reference"
    files = [folder / n for n in ("un_consolidated.xml", "sdn.csv", "misp_terrorist_groups.json")]
    if not all(f.exists() for f in files):
        pytest.skip(f"the shared reference lists are not in {folder}")
    known = {e.ref_id: e.type for f in files for e in read_reference(f, include_all=True)}
    for e in registry["entities"]:
        for ref in e.get("refs", []):
            assert known.get(ref) == e["type"], (e["key"], ref, known.get(ref))


# ---------------------------------------------------------------- gazetteer

AFGHAN_PROVINCES = {
    "Badakhshan", "Badghis", "Baghlan", "Balkh", "Bamyan", "Daykundi", "Farah", "Faryab", "Ghazni", "Ghor",
    "Helmand", "Herat", "Jowzjan", "Kabul", "Kandahar", "Kapisa", "Khost", "Kunar", "Kunduz", "Laghman",
    "Logar", "Nangarhar", "Nimruz", "Nuristan", "Paktika", "Paktia", "Panjshir", "Parwan", "Samangan",
    "Sar-e Pol", "Takhar", "Uruzgan", "Wardak", "Zabul",
}


@pytest.fixture(scope="module")
def gazetteer() -> dict:
    return json.loads((data_dir() / "gazetteer.json").read_text(encoding="utf-8"))


def test_gazetteer_shape(gazetteer):
    assert gazetteer["version"] == 1
    for p in gazetteer["places"]:
        assert KEY.match(p["key"]) and p["name"] and isinstance(p["aliases"], list), p
        assert -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180, p["key"]
        assert re.fullmatch(r"[A-Z]{2}", p["country"]), p["key"]
        assert set(p.get("case_sensitive", [])) <= set(names(p)), p["key"]


def test_gazetteer_keys_and_names_are_unique(gazetteer):
    keys = [p["key"] for p in gazetteer["places"]]
    assert len(keys) == len(set(keys))
    owners: dict[str, set[str]] = defaultdict(set)
    for p in gazetteer["places"]:
        for name in names(p):
            owners[fold(name)].add(p["key"])
    assert {n: k for n, k in owners.items() if len(k) > 1} == {}


def test_gazetteer_has_all_afghan_provinces(gazetteer):
    provinces = {p["admin1"] for p in gazetteer["places"] if p["kind"] == "province" and p["country"] == "AF"}
    assert provinces == AFGHAN_PROVINCES


@pytest.mark.parametrize("name", [
    "Ningarhar", "Nangahar", "Konar", "Achin", "Deh Bala", "Kot", "Spin Ghar", "Tora Bora", "Jalalabad",
    "Mazar-i-Sharif", "Peshawar", "Quetta", "Tirah Valley", "Orakzai", "North Waziristan", "Khyber Pakhtunkhwa",
    "FATA", "Raqqa", "Mosul", "Baghdad", "Tehran", "Dushanbe", "Kabul airport", "Garissa", "Maiduguri",
])
def test_gazetteer_knows(gazetteer, name):
    assert any(name in names(p) for p in gazetteer["places"])
