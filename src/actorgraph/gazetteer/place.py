"""The Place record, kinds and the unit words reports put around place names."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .keys import slug

KINDS = ("country", "province", "district", "city", "town", "village", "locality", "site")
SETTLEMENTS = frozenset({"city", "town", "village"})

# Unit word as reports write it -> the kind of place it names. 'county' is second-level in most
# countries; 'region' and 'state' are first-level (Cameroon's Far North Region, Nigeria's Borno State).
UNIT_KINDS = {
    "neighborhood": "locality", "neighbourhood": "locality", "area": "locality", "quarter": "locality",
    "suburb": "locality", "locality": "locality", "sector": "locality", "camp": "locality",
    "village": "village", "hamlet": "village", "town": "town", "township": "town", "city": "city",
    "district": "district", "sub-district": "district", "subdistrict": "district", "county": "district",
    "lga": "district", "local government area": "district", "department": "district", "cercle": "district",
    "territory": "district", "municipality": "district", "commune": "district", "arrondissement": "district",
    "tehsil": "district", "agency": "district", "tribal district": "district", "division": "district",
    "province": "province", "state": "province", "region": "province", "governorate": "province",
    "prefecture": "province", "oblast": "province",
}
_UNIT_AFTER = re.compile(r"^(?P<base>.+?)[\s-]+(?P<unit>" + "|".join(
    sorted((re.escape(u) for u in UNIT_KINDS), key=len, reverse=True)) + r")$", re.I)
_UNIT_BEFORE = re.compile(r"^(?:the\s+)?(?P<unit>" + "|".join(
    sorted((re.escape(u) for u in UNIT_KINDS), key=len, reverse=True)) + r")\s+of\s+(?:the\s+)?(?P<base>.+)$", re.I)


@dataclass(frozen=True)
class Place:
    key: str                 # "gn:<geonameid>", "adm1:<CC>:<slug>", "adm2:...", "own:<CC>:<slug>", a gazetteer.json key,
                             # or "<parent key>.<slug>" for a place only known as a part of its parent
    name: str
    kind: str                # one of KINDS, or a gazetteer.json kind (valley, region, ...)
    country: str | None      # ISO 3166 alpha-2
    admin1: str | None       # province name
    admin2: str | None
    lat: float | None
    lon: float | None
    approximate: bool        # coordinates inherited from a parent or averaged, not the place's own
    population: int | None
    parents: tuple[str, ...]  # keys, nearest first, ending with the country
    aliases: tuple[str, ...] = ()
    source: str = ""

    @property
    def geonames_id(self) -> int | None:
        return int(self.key[3:]) if self.key.startswith("gn:") and self.key[3:].isdigit() else None

    @property
    def is_settlement(self) -> bool:
        return self.kind in SETTLEMENTS

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def split_unit(text: str) -> tuple[str, str | None]:
    """'Achin district' -> ('Achin', 'district'); 'the town of Kolofata' -> ('Kolofata', 'town')."""
    text = text.strip()
    for pattern in (_UNIT_BEFORE, _UNIT_AFTER):
        m = pattern.match(text)
        if m and m.group("base").strip():
            return m.group("base").strip(), m.group("unit").lower()
    return text, None


def child_place(name: str, parent: Place, kind: str | None = None) -> Place:
    """A place no gazetteer knows, placed under the parent a report gives it ('Puli Moemin area, Dashti Archi
    district'): its key joins the parent's key and its name, its coordinates are the parent's, approximate."""
    return Place(
        key=f"{parent.key}.{slug(name)}", name=name, kind=kind or "locality", country=parent.country,
        admin1=parent.admin1 if parent.kind != "province" else parent.name,
        admin2=parent.name if parent.kind == "district" else parent.admin2,
        lat=parent.lat, lon=parent.lon, approximate=True, population=None,
        parents=(parent.key, *parent.parents), source=f"named under {parent.key} in a report")


def with_key(place: Place, key: str, **changes) -> Place:
    return replace(place, key=key, **changes)
