"""The built-in registry of armed groups, key people and places (package data files).

data/registry.json is written by hand and authoritative; data/registry_reference.json is
generated from public lists (scripts/build_registry.py) and merged in at load time: its
entries that are a hand entry ('same_as') add their names to it, the others are entries of
their own. Every name keeps where it came from (`name_sources`).
"""

from __future__ import annotations

import hashlib

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import settings
from ..errors import DataMissing
from ..names import variant_key


@dataclass(frozen=True)
class RegistryEntry:
    key: str
    type: str                    # group, person, place, other
    name: str
    aliases: tuple[str, ...] = ()
    case_sensitive: frozenset = frozenset()
    attrs: dict = field(default_factory=dict, hash=False, compare=False)
    source: str = "registry"
    name_sources: dict = field(default_factory=dict, hash=False, compare=False)   # name -> where lists give it

    @property
    def generated(self) -> bool:
        return self.source == "reference"

    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Registry:
    entries: tuple[RegistryEntry, ...]

    def by_key(self) -> dict[str, RegistryEntry]:
        return {e.key: e for e in self.entries}


def _group_entries(data: dict) -> list[RegistryEntry]:
    out = []
    for item in data.get("entities", []):
        attrs = {k: v for k, v in item.items() if k not in ("key", "type", "name", "aliases", "case_sensitive")}
        out.append(RegistryEntry(item["key"], item.get("type", "group"), item["name"], tuple(item.get("aliases", [])),
                                 frozenset(item.get("case_sensitive", [])), attrs))
    return out


def _place_entries(data: dict) -> list[RegistryEntry]:
    out = []
    for item in data.get("places", []):
        attrs = {k: item[k] for k in ("kind", "lat", "lon", "admin1", "country") if k in item}
        out.append(RegistryEntry(item["key"], "place", item["name"], tuple(item.get("aliases", [])),
                                 frozenset(item.get("case_sensitive", [])), attrs, source="gazetteer"))
    return out


def _provenance(name: dict) -> tuple[str, ...]:
    return tuple(f"{s['list']}:{s['id']} '{s['spelling']}'" for s in name["sources"])


def _reference_entry(item: dict) -> RegistryEntry:
    names = [n["name"] for n in item["names"]]
    attrs = {k: item[k] for k in ("refs", "country", "affiliation") if k in item}
    return RegistryEntry(item["key"], item["type"], names[0], tuple(names[1:]),
                         frozenset(n["name"] for n in item["names"] if n["case_sensitive"]), attrs, "reference",
                         {n["name"]: _provenance(n) for n in item["names"]})


def _with_list_names(entry: RegistryEntry, item: dict) -> RegistryEntry:
    """A hand entry with the names the lists add to it; a name it already has (spelling variants folded)
    stays as written by hand and gains the lists' provenance."""
    known = {}
    for n in entry.all_names():
        known.setdefault(variant_key(n), n)
    sources: dict[str, tuple] = {}
    extra = []
    for n in item["names"]:
        own = known.get(variant_key(n["name"]))
        if own is None:
            extra.append(n)
            own = n["name"]
        sources[own] = sources.get(own, ()) + _provenance(n)
    refs = sorted(set(entry.attrs.get("refs", [])) | set(item.get("refs", [])))
    attrs = {**entry.attrs, "refs": refs} if refs else dict(entry.attrs)
    if "country" in item and "country" not in attrs:
        attrs["country"] = item["country"]
    return RegistryEntry(entry.key, entry.type, entry.name, entry.aliases + tuple(n["name"] for n in extra),
                         entry.case_sensitive | {n["name"] for n in extra if n["case_sensitive"]}, attrs, entry.source,
                         sources)


def merge_reference(entries: list[RegistryEntry], reference: dict) -> list[RegistryEntry]:
    """Hand entries first, each with its list names; then the generated entries that are no hand entry."""
    linked = {item["same_as"]: item for item in reference.get("entities", []) if item.get("same_as")}
    out = [_with_list_names(e, linked[e.key]) if e.key in linked else e for e in entries]
    known = {e.key for e in out}
    out += [_reference_entry(item) for item in reference.get("entities", [])
            if not item.get("same_as") and item["key"] not in known]
    return out


def read_registry(registry_file: Path, gazetteer_file: Path | None = None, reference_file: Path | None = None) -> Registry:
    if not registry_file.exists():
        raise DataMissing(f"Registry file {registry_file} is missing; reinstall actorgraph (pip install -e .).")
    entries = _group_entries(json.loads(registry_file.read_text(encoding="utf-8")))
    if reference_file is not None and reference_file.exists():
        entries = merge_reference(entries, _read_reference(reference_file))
    if gazetteer_file is not None and gazetteer_file.exists():
        known = {e.key for e in entries}
        entries += [p for p in _place_entries(json.loads(gazetteer_file.read_text(encoding="utf-8"))) if p.key not in known]
    return Registry(tuple(entries))


REFERENCE_FILE = "registry_reference.json"


@lru_cache(maxsize=2)
def _read_reference(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def registry_digest() -> str:
    """A fingerprint of the shipped registry files and of the code that reads them: equal means the same entities."""
    from .. import __version__

    data = settings.data_dir()
    digest = hashlib.sha256(__version__.encode())
    for name in ("registry.json", "gazetteer.json", REFERENCE_FILE):
        path = data / name
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    """The hand registry, the generated one and the gazetteer shipped in the package, read once per process."""
    data = settings.data_dir()
    return read_registry(data / "registry.json", data / "gazetteer.json", data / REFERENCE_FILE)


def reference_data() -> dict:
    """The generated registry file: its 'countries' and 'non_armed' names serve typing as well."""
    path = settings.data_dir() / REFERENCE_FILE
    return _read_reference(path) if path.exists() else {}


@lru_cache(maxsize=1)
def _keys_by_variant() -> dict[str, str]:
    out: dict[str, str] = {}
    for entry in load_registry().entries:
        for name in entry.all_names():
            out.setdefault(variant_key(name), entry.key)
    return out


@lru_cache(maxsize=1)
def _place_variants() -> frozenset:
    return frozenset(variant_key(n) for e in load_registry().entries if e.type == "place" for n in e.all_names())


def is_known_place(name: str) -> bool:
    """The whole name is one of a gazetteer place's names ('Tongo Tongo', 'Basilan')."""
    return variant_key(name) in _place_variants()


GROUP_TAILS = ("group", "network", "movement", "front", "organization", "organisation", "faction", "army")


@lru_cache(maxsize=1)
def _group_heads() -> frozenset:
    """'haqqani' for 'Haqqani Network': the words a group's name puts before its generic tail."""
    out = set()
    for e in load_registry().entries:
        if e.type == "group" and not e.generated:    # the lists hold 'Islamic Front' and the like
            for n in e.all_names():
                words = variant_key(n).split()
                if len(words) >= 2 and words[-1] in GROUP_TAILS:
                    out.add(" ".join(words[:-1]))
    return frozenset(out)


def names_a_registry_group(text: str) -> bool:
    """'Taliban', 'Haqqani' (of 'Haqqani Network'): the text names a group the registry knows."""
    key = registry_key_of(text)
    return (key is not None and load_registry().by_key()[key].type == "group") or variant_key(text) in _group_heads()


def registry_key_of(name: str) -> str | None:
    """The registry entry one of whose names this is (spelling variants folded), if any."""
    return _keys_by_variant().get(variant_key(name))


@lru_cache(maxsize=1)
def descriptions() -> tuple:
    """(registry key, compiled pattern) for every descriptive name in the registry."""
    import re

    return tuple((e.key, re.compile(p, re.I)) for e in load_registry().entries for p in e.attrs.get("descriptions", []))
