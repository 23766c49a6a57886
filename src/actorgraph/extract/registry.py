"""The built-in registry of armed groups, key people and places (package data files)."""

from __future__ import annotations

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


def read_registry(registry_file: Path, gazetteer_file: Path | None = None) -> Registry:
    if not registry_file.exists():
        raise DataMissing(f"Registry file {registry_file} is missing; reinstall actorgraph (pip install -e .).")
    entries = _group_entries(json.loads(registry_file.read_text(encoding="utf-8")))
    if gazetteer_file is not None and gazetteer_file.exists():
        known = {e.key for e in entries}
        entries += [p for p in _place_entries(json.loads(gazetteer_file.read_text(encoding="utf-8"))) if p.key not in known]
    return Registry(tuple(entries))


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    """The registry and gazetteer shipped in the package, read once per process."""
    return read_registry(settings.data_dir() / "registry.json", settings.data_dir() / "gazetteer.json")


@lru_cache(maxsize=1)
def _keys_by_variant() -> dict[str, str]:
    out: dict[str, str] = {}
    for entry in load_registry().entries:
        for name in entry.all_names():
            out.setdefault(variant_key(name), entry.key)
    return out


def registry_key_of(name: str) -> str | None:
    """The registry entry one of whose names this is (spelling variants folded), if any."""
    return _keys_by_variant().get(variant_key(name))


@lru_cache(maxsize=1)
def descriptions() -> tuple:
    """(registry key, compiled pattern) for every descriptive name in the registry."""
    import re

    return tuple((e.key, re.compile(p, re.I)) for e in load_registry().entries for p in e.attrs.get("descriptions", []))
