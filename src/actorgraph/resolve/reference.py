"""Designation-list entries onto knowledge-base entities: join a known entity by shared names, else a new one."""

from __future__ import annotations

import re

from ..models import Alias, Entity
from ..names import fold, variant_key

_LIST_NAMES = {"un": "UN Security Council consolidated list", "ofac": "OFAC SDN list", "misp": "MISP galaxy"}


def reference_entities(entries, alias_rows: list[dict]) -> tuple[list[Entity], dict[str, int]]:
    """Entities (new or existing ids) carrying each entry's names as aliases sourced to the list."""
    by_variant: dict[str, set[str]] = {}
    types: dict[str, str] = {}
    for row in alias_rows:
        by_variant.setdefault(variant_key(row["name"]), set()).add(row["entity_id"])
        types[row["entity_id"]] = row["type"]
    out, counts = [], {"joined": 0, "new": 0}
    for entry in entries:
        names = [entry.name, *entry.aliases]
        matches = {e for n in names for e in by_variant.get(variant_key(n), ()) if types.get(e) == entry.type}
        if len(matches) == 1:
            entity_id = matches.pop()
            counts["joined"] += 1
        else:
            entity_id = f"ref:{entry.ref_id}"
            counts["new"] += 1
        source = f"reference:{entry.source}"
        reason = f"{_LIST_NAMES.get(entry.source, entry.source)} entry {entry.ref_id}"
        aliases = tuple(Alias(_display(n), source, reason) for n in names if fold(n))
        out.append(Entity(entity_id, entry.type, _display(entry.name), aliases, {"refs": [entry.ref_id]}))
        for n in names:
            by_variant.setdefault(variant_key(n), set()).add(entity_id)
        types[entity_id] = entry.type
    return out, counts


def _display(name: str) -> str:
    """Lists print names in capitals ('ISLAMIC STATE IN IRAQ AND THE LEVANT'); show them in title case."""
    if name.isupper() and len(name) > 6 and " " in name:
        return re.sub(r"\b(Al|Ul|Of|And|The|In|E|I|Ud|Wa)\b", lambda m: m.group(0).lower(), name.title())
    return name
