"""A gazetteer with an administrative hierarchy: country > province > district > settlement > locality.

Pure look-ups, no spaCy. Layers: GeoNames places shipped in pinned packages (see geonames.py), the
hand-made places of data/gazetteer.json, and the own layer data/admin_units.json (districts, LGAs,
departments and the spellings reports use). `lookup` ranks the places a name may mean; `place` reads
one by key; `country` reads a country from its name or demonym.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from .keys import name_key, slug, sound_keys
from .place import KINDS, SETTLEMENTS, UNIT_KINDS, Place, child_place, split_unit
from .world import world

__all__ = ["KINDS", "SETTLEMENTS", "UNIT_KINDS", "Place", "child_place", "contains", "country", "knows", "lookup",
           "place", "slug", "split_unit"]

FUZZY_MIN = 86          # rapidfuzz ratio of name or sound keys, only among the places under one parent
FUZZY_MIN_LENGTH = 5


def place(key: str) -> Place | None:
    """The place with this key; a '<parent key>.<slug>' key gives the unknown place named under that parent."""
    found = world().place(key)
    if found is None and "." in key:
        parent_key, _, child = key.rpartition(".")
        parent = place(parent_key)
        if parent is not None and child:
            return child_place(child.replace("-", " ").title(), parent)
    return found


def contains(parent_key: str, candidate: Place) -> bool:
    """Whether the place lies inside the one with this key (a village of a district's province counts when
    GeoNames does not say which district it is in)."""
    return world().contains(parent_key, candidate)


def knows(name: str) -> bool:
    """Whether some place or country has exactly this name (spelling variants folded): 'United States',
    'Gaza City' are names, not a name and a unit word."""
    return bool(world().hits(name)) or country(name) is not None


def country(name_or_demonym: str) -> Place | None:
    """'Afghanistan', 'Afghan', 'Afghans', "Nigeria's", 'the DRC' -> that country."""
    text = name_or_demonym.strip()
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    names = world().country_of_name
    key = names.get(name_key(text)) or (names.get(name_key(text[:-1])) if text.endswith("s") else None)
    return world().place(key) if key else None


def lookup(name: str, *, kind: str | None = None, country: str | None = None, within: str | None = None) -> list[Place]:
    """The places a name may mean, best first: inside `within` (a place key) first, then of the kind
    asked (or the unit word in the name: 'Achin district'), then the closer spelling, then the bigger place.
    Near spellings are tried only among the places under `within`, never across the world."""
    base, unit = split_unit(name)
    kind = kind or UNIT_KINDS.get(unit or "")
    found = world().hits(name)
    if base != name:
        for key, value in world().hits(base).items():
            found.setdefault(key, value)
    places = _seats_match_like_their_districts([(p, found[k]) for k, p in ((k, world().place(k)) for k in found)
                                                if p is not None])
    if country:
        places = [(p, m) for p, m in places if p.country == country]
    if within and not any(contains(within, p) for p, _ in places):
        places += [(p, (0, True)) for p in _near_spellings(base, within, kind)]
    places.sort(key=lambda pm: _rank(pm[0], pm[1], kind, within), reverse=True)
    return _distinct(p for p, _ in places)


def _seats_match_like_their_districts(places: list) -> list:
    """A town and the district named after it match a name equally well ('Puli Alam' is the district's alias and
    a near spelling of the town's): the town then wins on prominence unless a district is asked for."""
    match = {p.key: m for p, m in places}
    return [(p, max(m, match.get(p.parents[0], m)) if p.is_settlement and p.parents else m) for p, m in places]


def _rank(p: Place, match: tuple[int, bool], kind: str | None, within: str | None) -> tuple:
    level, own = match
    return (within is None or contains(within, p), kind is None or _fits(p.kind, kind), level, own,
            _prominence(p), p.population or 0)


def _fits(actual: str, wanted: str) -> bool:
    if wanted in SETTLEMENTS:
        return actual in SETTLEMENTS
    return actual == wanted


def _prominence(p: Place) -> int:
    """Without a kind asked for: a country, then a town, then a province, a district, a village or site."""
    if p.kind == "country":
        return 5
    if p.is_settlement:
        return 4 if (p.population or 0) >= 10_000 else 1
    return {"province": 3, "district": 2}.get(p.kind, 1)


def _near_spellings(name: str, within: str, kind: str | None) -> list[Place]:
    """Places under `within` whose name is spelled or sounds like this one ('Nangahar' for Nangarhar)."""
    wanted = {name_key(name)} | sound_keys(name)
    if len(name_key(name)) < FUZZY_MIN_LENGTH:
        return []
    scored = []
    for candidate in world().near_under(within):
        score = max(fuzz.ratio(a, b) for a in wanted for n in candidate.names() for b in {name_key(n)} | sound_keys(n))
        if score >= FUZZY_MIN:
            scored.append((score, candidate))
    scored.sort(key=lambda sc: sc[0], reverse=True)
    return [c for _, c in scored]


def _distinct(places) -> list[Place]:
    seen, out = set(), []
    for p in places:
        if p.key not in seen:
            seen.add(p.key)
            out.append(p)
    return out
