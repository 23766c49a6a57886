"""The gazetteer: spelling variants, ambiguity settled by a parent, the hierarchy, and the own layer's rules."""

import json

import pytest

from actorgraph import gazetteer
from actorgraph.gazetteer.keys import name_key, sound_keys
from actorgraph.gazetteer.place import split_unit
from actorgraph.gazetteer.world import world
from actorgraph.settings import data_dir


def first(name, **kw):
    found = gazetteer.lookup(name, **kw)
    assert found, name
    return found[0]


# -- spelling variants ---------------------------------------------------------
@pytest.mark.parametrize("a, b", [
    ("Pul-e Alam", "Puli Alam"), ("Pul-e Alam", "Pol-e Alam"), ("Khost", "Khowst"), ("Wardak", "Vardak"),
    ("Deir ez-Zor", "Dayr az-Zawr"), ("Bati Kot", "Batikot"), ("Dasht-e Archi", "Dashti Archi"),
    ("Uruzgan", "Oruzgan"), ("Daykundi", "Daikundi"),
])
def test_sound_keys_fold_transliteration_habits(a, b):
    assert sound_keys(a) & sound_keys(b)


@pytest.mark.parametrize("a, b", [("Mora", "Maroua"), ("Laman", "Lamu"), ("Paktia", "Paktika"), ("Kunar", "Kunduz")])
def test_sound_keys_keep_different_names_apart(a, b):
    assert not sound_keys(a) & sound_keys(b)


@pytest.mark.parametrize("variant, same_as", [
    ("Puli Alam", "Pul-e Alam"), ("Khowst", "Khost"), ("Vardak", "Wardak"), ("Extreme-North", "Far North Region"),
    ("Lal Por", "Lalpoor"), ("Deir al-Zour", "Deir ez-Zor"), ("KHOST", "khost"), ("Jalālābād", "Jalalabad"),
])
def test_variants_find_the_same_place(variant, same_as):
    assert first(variant).key == first(same_as).key


def test_a_near_spelling_is_tried_only_under_a_parent():
    assert gazetteer.lookup("Marawra") == []                                 # never across the world
    assert first("Marawra", within="kunar").name == "Marawara"
    short = gazetteer.lookup("Mra", within="adm1:CM:far-north")             # too short to guess 'Mora'
    assert not any(gazetteer.contains("adm1:CM:far-north", p) for p in short)


# -- ambiguity -----------------------------------------------------------------
def test_the_same_name_in_two_countries_is_settled_by_the_parent():
    assert first("Jalalabad").country == "AF"                                # the biggest without a parent
    punjab = first("Punjab", kind="province", country="IN")
    assert first("Jalalabad", within=punjab.key).country == "IN"
    assert first("Mora", within="adm1:CM:far-north").country == "CM"


def test_a_kind_asked_for_outranks_a_bigger_place():
    assert first("Kunduz").kind == "city"
    assert first("Kunduz province").kind == "province"
    assert first("Kunduz", kind="province").key == first("Kunduz province").key
    assert first("Achin district").kind == "district"


def test_a_country_name_finds_the_country_before_a_province_of_that_name():
    assert first("Niger").kind == "country"
    assert first("Niger State").country == "NG"


@pytest.mark.parametrize("text, code", [("Afghanistan", "AF"), ("Afghan", "AF"), ("Afghans", "AF"),
                                        ("Nigeria's", "NG"), ("the DRC", "CD"), ("Burkinabe", "BF"),
                                        ("Cameroonian", "CM")])
def test_countries_from_names_and_demonyms(text, code):
    assert gazetteer.country(text).country == code


def test_not_a_country():
    assert gazetteer.country("Taliban") is None and gazetteer.country("Kabul") is None


# -- hierarchy and keys ----------------------------------------------------------
def test_parents_run_nearest_first_to_the_country():
    village = first("Dasht-e Archi", kind="village")
    assert village.parents[0].startswith("own:AF:")                         # its district
    assert [gazetteer.place(k).kind for k in village.parents] == ["district", "province", "country"]
    assert gazetteer.place(village.parents[-1]).name == "Afghanistan"


@pytest.mark.parametrize("name", ["Jalalabad", "Nangarhar", "Marawara", "Mora", "Far North", "Afghanistan"])
def test_every_key_reads_back(name):
    p = first(name)
    assert gazetteer.place(p.key) == p


def test_a_geonames_row_claimed_by_the_hand_made_gazetteer_keeps_its_key():
    jalalabad = gazetteer.place("jalalabad")
    assert jalalabad.population and jalalabad.kind == "city"
    assert first("Jalalabad").key == "jalalabad"


def test_a_place_known_only_under_its_parent():
    parent = gazetteer.place("own:AF:marawara")
    child = gazetteer.child_place("Shalay", parent, "village")
    assert child.key == "own:AF:marawara.shalay" and child.kind == "village"
    assert child.parents == (parent.key, *parent.parents)
    assert (child.lat, child.lon, child.approximate) == (parent.lat, parent.lon, True)
    assert gazetteer.place(child.key).parents == child.parents


@pytest.mark.parametrize("text, base, unit", [
    ("Achin district", "Achin", "district"), ("the town of Kolofata", "Kolofata", "town"),
    ("Borno State", "Borno", "state"), ("Gwoza LGA", "Gwoza", "lga"), ("Kabul", "Kabul", None),
])
def test_unit_words(text, base, unit):
    assert split_unit(text) == (base, unit)


# -- the own layer ---------------------------------------------------------------
@pytest.fixture(scope="module")
def own_layer():
    return json.loads((data_dir() / "admin_units.json").read_text(encoding="utf-8"))


def test_the_own_layer_has_sources_and_no_coordinates(own_layer):
    text = json.dumps(own_layer)
    assert '"lat"' not in text and '"lon"' not in text
    for section in ("countries", "provinces", "units"):
        assert all(item.get("source") for item in own_layer[section]), section
    assert all(group["names"] and group["kind"] in gazetteer.KINDS for group in own_layer["units"])


def test_own_units_take_coordinates_only_from_their_seat_or_the_unit_above():
    rows = world().rows
    for p in world().places.values():
        if not p.key.startswith("own:"):
            continue
        above = gazetteer.place(p.parents[0])
        if p.approximate:
            assert (p.lat, p.lon) == (above.lat, above.lon), p.key
            continue
        seats = [r for n in p.names() for r, _ in rows.rows_named(name_key(n))
                 if (round(float(rows.lat[r]), 4), round(float(rows.lon[r]), 4)) == (p.lat, p.lon)]
        assert seats, p.key


def test_a_district_with_a_town_of_its_name_sits_at_that_town():
    district = first("Dashti Archi", kind="district")
    town = first("Dashti Archi", kind="village")
    assert not district.approximate and (district.lat, district.lon) == pytest.approx((town.lat, town.lon), abs=1e-3)
    assert first("Marawara").approximate                    # no town of that name: its province's coordinates


def test_a_province_the_packages_lack_takes_its_capital_as_an_approximate_point():
    ituri = gazetteer.place("adm1:CD:ituri")
    bunia = first("Bunia", country="CD")
    assert ituri.approximate and (ituri.lat, ituri.lon) == pytest.approx((bunia.lat, bunia.lon), abs=1e-3)
    assert gazetteer.contains(ituri.key, bunia)              # Bunia's GeoNames province is the one Ituri left


def test_a_province_known_only_from_the_own_layer_can_be_asked_whether_it_holds_a_town():
    from actorgraph.gazetteer import contains, lookup

    province = next(p for p in lookup("Sulu", country="PH") if p.kind == "province")
    town = next(p for p in lookup("Jolo", country="PH"))
    assert contains(province.key, town) in (True, False)
