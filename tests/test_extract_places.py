"""Place phrases -> chains: every link rule's witnesses, each way reports write places with a counter-example,
people and organisations named like places, and which part is the best place."""

import pytest

from actorgraph.extract.mentions import find_mentions
from actorgraph.extract.place_patterns import LINKS
from actorgraph.extract.places import best_place, find_place_chains, place_mentions

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def chains_of(real_nlp):
    def run(text):
        doc = real_nlp(text)
        return find_place_chains(doc, find_mentions(doc))
    return run


def joined(chains):
    """Chains of two or more parts, as their part names, most specific first."""
    return [[p.text for p in c.parts] for c in chains if len(c.parts) > 1]


@pytest.mark.parametrize("rule", LINKS, ids=[r["name"] for r in LINKS])
def test_every_link_rule_joins_its_example_and_not_its_counter_example(rule, chains_of):
    assert joined(chains_of(rule["example"])), rule["example"]
    assert not joined(chains_of(rule["counter"])), rule["counter"]


# (sentence, parts most specific first, best place) and a sentence of the same look that is no such chain
FORMS = [
    ("Gunmen stormed a school in Gulzar area, Bati Kot district, Nangarhar province, Afghanistan.",
     ["Gulzar", "Bati Kot", "Nangarhar", "Afghanistan"], "Gulzar",
     "Delegates from Kunduz province, Takhar province and Baghlan province met on Monday."),
    ("A roadside mine killed two farmers in Shapesh, Farah, Afghanistan.",
     ["Shapesh", "Farah", "Afghanistan"], "Shapesh",
     "Flights linked Kabul, Herat and Kandahar for years."),
    ("Militants overran a police post in the Achin district of Nangarhar province.",
     ["Achin", "Nangarhar"], "Achin",
     "The governor of Kandahar thanked the elders of Helmand."),
    ("Drones struck a compound in Nangarhar's Achin district overnight.",
     ["Achin", "Nangarhar"], "Achin",
     "Kandahar's governor flew to Kabul on Tuesday."),
    ("Insurgents burned a market in the town of Gwoza in Borno state.",
     ["Gwoza", "Borno"], "Gwoza",
     "Police arrested Ibrahim Musa in Borno state."),
    ("Attackers looted Tolkomari village near Kolofata before dawn.",
     ["Tolkomari", "Kolofata"], "Tolkomari",
     "Attackers looted Tolkomari and escaped near the riverbank."),
    ("Kolofata, a town in the Far North region, came under fire again.",
     ["Kolofata", "Far North"], "Kolofata",
     "Kolofata, a name the soldiers knew well, came under fire again."),
]


@pytest.mark.parametrize("sentence, parts, best, counter", FORMS, ids=[f[1][0] for f in FORMS])
def test_each_way_reports_write_places(sentence, parts, best, counter, chains_of):
    found = [c for c in chains_of(sentence) if len(c.parts) > 1]
    assert [[p.text for p in c.parts] for c in found] == [parts]
    assert best_place(found[0]).text == best
    assert all(p.place is not None for p in found[0].parts)
    assert not joined(chains_of(counter))


def test_a_direction_is_kept_on_the_part(chains_of):
    (chain,) = chains_of("Heavy fighting spread across northern Kunduz province.")
    assert chain.parts[0].direction == "northern" and chain.parts[0].place.kind == "province"
    (plain,) = chains_of("Heavy fighting spread across Kunduz province.")
    assert plain.parts[0].direction is None


def test_the_outskirts_qualify_the_chain(chains_of):
    (chain,) = chains_of("A car bomb exploded on the outskirts of Jalalabad.")
    assert chain.qualifier == "outskirts" and chain.parts[0].place.key == "jalalabad"
    (inside,) = chains_of("A car bomb exploded in Jalalabad.")
    assert inside.qualifier is None


def test_a_place_near_another_lies_in_that_ones_parent(chains_of):
    (chain,) = [c for c in chains_of("Attackers looted Tolkomari village near Kolofata before dawn.") if len(c.parts) > 1]
    village, town = chain.parts
    assert village.link == "near" and village.place.kind == "village"
    assert town.place.key in village.parents[0] or village.parents[0] == town.place.parents[0]
    assert (village.place.lat, village.place.lon) == (town.place.lat, town.place.lon) and village.place.approximate


def test_the_same_name_in_two_countries_follows_its_chain(chains_of):
    (afghan,) = chains_of("A blast hit a bus station in Jalalabad, Nangarhar, Afghanistan.")
    (indian,) = chains_of("A fire gutted shops in Jalalabad, Punjab, India.")
    assert afghan.parts[0].place.country == "AF" and indian.parts[0].place.country == "IN"


def test_a_part_no_gazetteer_knows_is_placed_under_its_parent(chains_of):
    (chain,) = chains_of("Gunmen attacked Zarghun Kalay, Marawara district, Kunar province, Afghanistan.")
    village, district = chain.parts[0], chain.parts[1]
    assert village.place.key == f"{district.place.key}.zarghun-kalay"
    assert village.parents[0] == district.place.key and village.place.approximate
    assert (village.place.lat, village.place.lon) == (district.place.lat, district.place.lon)


def test_a_neighbourhood_of_a_city_is_a_detail_an_area_of_a_district_is_the_settlement(chains_of):
    (city,) = chains_of("A grenade hit a patrol in Karte Se neighbourhood, Kabul city, Kabul province.")
    assert best_place(city).text == "Kabul"
    (district,) = chains_of("A grenade hit a patrol in Ghaziabad area, Kama district, Nangarhar province.")
    assert best_place(district).text == "Ghaziabad"
    (big_city,) = chains_of("A grenade hit a patrol in Deh Mazang, Kabul, Afghanistan.")
    assert best_place(big_city).text == "Kabul"          # a name inside a city of 100,000+ is a neighbourhood


@pytest.mark.parametrize("sentence, not_a_place", [
    ("Maulvi Kabul Shah addressed the gathering.", "Kabul"),
    ("Customers queued outside Kabul Bank branches.", "Kabul"),
    ("Officials at the Indus News office declined to comment.", "Indus"),
])
def test_people_and_organisations_named_like_places(sentence, not_a_place, chains_of):
    assert not any(p.text.startswith(not_a_place) for c in chains_of(sentence) for p in c.parts)


def test_a_place_describing_a_person_is_attributive(chains_of):
    (chain,) = chains_of("The Kandahar governor survived the ambush.")
    assert chain.attributive
    (located,) = chains_of("The governor survived an ambush in Kandahar.")
    assert not located.attributive


def test_parts_ner_missed_become_keyed_place_mentions(real_nlp):
    doc = real_nlp("Assailants attacked a checkpoint in Puli Moemin area, Dashti Archi district, Kunduz province.")
    mentions = find_mentions(doc)
    chains = find_place_chains(doc, mentions)
    placed = place_mentions(doc, mentions, chains)
    by_text = {m.text: m for m in placed if m.type == "place"}
    assert by_text["Puli Moemin"].key.endswith(".puli-moemin") and by_text["Puli Moemin"].source == "gazetteer"
    assert by_text["Dashti Archi"].key.startswith("own:AF:")
    assert all(doc.text[m.start:m.end] == m.text for m in placed)
