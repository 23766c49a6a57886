"""Words and link rules for place phrases (used by places.py), each rule with an example and a counter-example.

A rule is data: LINKS says which tokens between two names join them into one chain and which side contains
the other; tests/test_extract_places.py runs every rule's witnesses.
"""

from __future__ import annotations

from ..gazetteer import UNIT_KINDS

UNIT_WORDS = {**UNIT_KINDS, **{u + "s": k for u, k in UNIT_KINDS.items() if " " not in u}}
DIRECTIONS = frozenset({"northern", "southern", "eastern", "western", "central", "north-eastern", "northeastern",
                        "north-western", "northwestern", "south-eastern", "southeastern", "south-western",
                        "southwestern", "northeast", "northwest", "southeast", "southwest"})
# Lower-case words inside a place name: 'Pul-e Alam', 'Shigal wa Sheltan', 'Mocimboa da Praia', 'Jisr al-Shughur'.
CONNECTORS = frozenset({"-", "e", "i", "ye", "wa", "al", "el", "ez", "az", "ad", "as", "ash", "ar", "ul", "de", "du",
                        "des", "la", "da", "do", "di", "et", "bin", "ibn", "'"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# NER often reads an unknown village or district as a person or organisation ('in Bandar Khor, Achin district').
MISREAD_LABELS = frozenset({"PERSON", "ORG", "NORP"})
NEVER_PLACES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "LANGUAGE",
                          "ARMED_GROUP"})
# Words that make a name NER read as an organisation one: 'Indus News', 'Kabul University', 'Herat Police'.
ORG_WORDS = frozenset({"news", "times", "post", "university", "institute", "ministry", "bank", "council", "agency",
                       "company", "corporation", "department", "office", "police", "army", "forces", "party",
                       "committee", "commission", "foundation", "network", "group", "front", "movement", "brigade",
                       "radio", "television", "tv", "press", "media", "association", "union", "court", "embassy"})
COMPASS = frozenset({"north", "south", "east", "west", "central", "middle", "upper", "lower", "greater"})
LOCATIVES = frozenset({"in", "at", "near", "outside", "of", "from", "into", "across", "to", "around", "inside",
                       "between", "toward", "towards"})
# Nouns a place name may modify and still say where something is ('a Kabul market'); a name modifying any other
# noun describes it ('the Kandahar governor', 'Kabul police') and is attributive, not a location.
LOCATING_HEADS = frozenset({"airport", "airfield", "base", "airbase", "market", "bazaar", "road", "highway", "street",
                            "checkpoint", "post", "mosque", "prison", "jail", "hospital", "hotel", "compound", "bridge",
                            "dam", "border", "crossing", "valley", "outskirts", "suburb", "suburbs", "area", "region",
                            "countryside", "neighborhood", "neighbourhood", "village", "town", "city", "district",
                            "province", "square", "stadium", "camp", "school", "university", "embassy",
                            # an event at the place: 'the Kabul airport attack', 'the Jalalabad jail raid'
                            "attack", "attacks", "bombing", "bombings", "blast", "blasts", "explosion", "shelling",
                            "raid", "raids", "strike", "strikes", "massacre", "siege", "offensive", "operation",
                            "operations", "ambush", "assault", "clash", "clashes", "fighting", "battle", "incident",
                            "shooting", "killing", "killings", "kidnapping", "jail"})
# A name ending in one of these words is a site or feature, not a settlement: 'Mujahid Square', 'Matani Bridge'.
SITE_WORDS = frozenset({"square", "bridge", "market", "bazaar", "mosque", "school", "university", "college",
                        "hospital", "clinic", "hotel", "airport", "airfield", "base", "checkpoint", "checkpost",
                        "prison", "jail", "stadium", "highway", "road", "dam", "forest", "hill", "mountain",
                        "mountains", "river", "lake", "gate", "palace", "compound", "academy", "station", "port"})
ROUTES = frozenset({"highway", "road", "route", "motorway", "railway", "pipeline"})

# How two names are linked, as the tokens between them. 'parent': which side contains the other.
LINKS = (
    {"name": "comma", "gap": [{"ORTH": ","}], "parent": "right",
     "example": "Gunmen attacked a post in Shapesh, Herat, Afghanistan.",
     "counter": "Talks were held in Kabul, Herat and Kandahar."},
    {"name": "of_unit", "gap": [{"LOWER": "of"}, {"LOWER": "the", "OP": "?"}], "parent": "right", "needs_unit": True,
     "example": "A bomb went off in the Achin district of Nangarhar province.",
     "counter": "The governor of Kandahar spoke to the elders of Helmand."},
    {"name": "in_unit", "gap": [{"LOWER": "in"}, {"LOWER": "the", "OP": "?"}], "parent": "right", "needs_unit": True,
     "example": "Fighters raided the town of Gwoza in Borno state.",
     "counter": "Gunmen shot Mirza Khan in Paktia province."},
    {"name": "appositive", "gap": [{"ORTH": ","}, {"LOWER": {"IN": ["a", "an", "the"]}},
                                   {"IS_ALPHA": True, "OP": "{0,2}"}, {"LOWER": {"IN": list(UNIT_WORDS)}},
                                   {"LOWER": {"IN": ["in", "of"]}}, {"LOWER": "the", "OP": "?"}],
     "parent": "right", "unit_from_gap": True,
     "example": "Kolofata, a border town in the Far North region, was attacked.",
     "counter": "Kolofata, a place the army had left, was attacked."},
    {"name": "possessive", "gap": [{"ORTH": {"IN": ["'s", "’s"]}}], "parent": "left",
     "example": "A mine exploded in Nangarhar's Achin district.",
     "counter": "Kandahar's governor visited Kabul."},
    {"name": "near", "gap": [{"ORTH": ",", "OP": "?"}, {"LOWER": {"IN": ["near", "outside"]}}], "parent": "near",
     "example": "Assailants raided Tolkomari village near Kolofata, Cameroon.",
     "counter": "Assailants raided Tolkomari and fled near the river."},
)
# Words just before a chain that say it locates something by the place rather than at it.
QUALIFIERS = {
    "outskirts": [[{"LOWER": "outskirts"}, {"LOWER": "of"}, {"LOWER": "the", "OP": "?"}]],
    "near": [[{"LOWER": {"IN": ["near", "outside"]}}, {"LOWER": "the", "OP": "?"}],
             [{"LOWER": "close"}, {"LOWER": "to"}, {"LOWER": "the", "OP": "?"}]],
}
# A city district named by its number: 'the 7th police district of Kabul city', 'PD 9'.
NUMBERED_DISTRICTS = [
    [{"TEXT": {"REGEX": r"^\d{1,2}(st|nd|rd|th)$"}}, {"LOWER": "police", "OP": "?"}, {"LOWER": "district"}],
    [{"LOWER": {"IN": ["pd", "district"]}}, {"LIKE_NUM": True}],
]


def singular(unit: str) -> str:
    """'provinces' -> 'province', 'LGAs' -> 'lga': the form UNIT_KINDS knows."""
    word = unit.lower()
    return word[:-1] if word not in UNIT_KINDS and word[:-1] in UNIT_KINDS else word


def unit_kind(unit: str | None) -> str | None:
    """The kind of place a unit word names: 'district' -> district, 'LGAs' -> district, 'area' -> locality."""
    return UNIT_KINDS.get(singular(unit)) if unit else None

