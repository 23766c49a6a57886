"""Entity resolution across documents: a document's mention clusters onto knowledge-base entities.

Every name attached to an entity carries the reason it was attached, so an analyst can ask
why two names were merged and undo it (`actorgraph entity why/merge/split`).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ..extract.clusters import Cluster
from ..extract.registry import Registry
from ..models import Alias, Document, Entity, Extraction, Resolution
from ..names import fold, is_acronym, variant_key

FUZZY_MIN = {"group": 92, "person": 90, "place": 88, "other": 95}


# -- across documents ---------------------------------------------------------
class Linker:
    """Links a document's clusters to knowledge-base entities, creating new ones where nothing fits."""

    def __init__(self, alias_rows: list[dict], registry: Registry):
        self.registry = registry
        self.registry_names = {e.key: e.name for e in registry.entries}
        self.by_variant: dict[str, dict[str, str]] = {}     # variant -> {entity id: type}
        self.by_exact: dict[str, dict[str, str]] = {}       # name as written -> {entity id: type}
        self.pinned: dict[str, str] = {}                     # fold(name) -> entity id (analyst decisions)
        self.types: dict[str, str] = {}
        self.names: dict[str, set[str]] = {}
        self.add(alias_rows)

    def add(self, alias_rows: list[dict]) -> None:
        """Learn more knowledge-base names (rows as `store.alias_index` gives them)."""
        for row in alias_rows:
            self._index(row["entity_id"], row["type"], row["name"])
            if row.get("pinned"):
                self.pinned[fold(row["name"])] = row["entity_id"]

    def _index(self, entity_id: str, etype: str, name: str) -> None:
        self.by_variant.setdefault(variant_key(name), {})[entity_id] = etype
        self.by_exact.setdefault(name, {})[entity_id] = etype
        self.types[entity_id] = etype
        self.names.setdefault(entity_id, set()).add(name)

    def link(self, document: Document, extraction: Extraction) -> Resolution:
        entity_of: dict = {}
        new_entities: list[Entity] = []
        new_aliases: list[tuple[str, Alias]] = []
        for cluster in self._apply_pins(extraction.clusters, entity_of, document, new_aliases):
            entity_id, reason = self._entity_for(cluster)
            if entity_id is None:
                entity_id = self._new_id(cluster)
                new_entities.append(Entity(entity_id, cluster.type, cluster.canonical(self.registry_names)))
                self.types[entity_id] = cluster.type
                reason = "first seen in this document"
            for m in cluster.mentions:
                entity_of[(m.start, m.end)] = entity_id
            new_aliases.extend(self._aliases_for(entity_id, cluster, document, reason))
        for anaphor, antecedent in extraction.corefs:
            if antecedent in entity_of:
                entity_of[anaphor] = entity_of[antecedent]
        return Resolution(entity_of, tuple(new_entities), tuple(new_aliases))

    def _apply_pins(self, clusters, entity_of: dict, document: Document, new_aliases: list) -> list[Cluster]:
        """Mentions whose name an analyst pinned to an entity go there; the rest of their cluster links as usual."""
        out = []
        for cluster in clusters:
            pinned = [m for m in cluster.mentions if fold(m.text) in self.pinned]
            for m in pinned:
                entity_of[(m.start, m.end)] = self.pinned[fold(m.text)]
            rest = [m for m in cluster.mentions if m not in pinned]
            if rest:
                out.append(cluster if not pinned else Cluster(rest, cluster.type, cluster.key, dict(cluster.reasons)))
        return out

    def _entity_for(self, cluster: Cluster) -> tuple[str | None, str]:
        if cluster.key:
            return cluster.key, f"registry entry {cluster.key}"
        votes: dict[str, int] = {}
        full_names = [n for n in cluster.names if not is_acronym(n)]
        # a full name is the stronger evidence: 'International Mining Union (IMU)' is not the IMU militants
        for name in full_names or cluster.names:
            # An acronym links only to the same letters in the same case: 'IS' is not 'is'.
            exact_only = is_acronym(name) or len(name) <= 3
            index = self.by_exact.get(name, {}) if exact_only else self.by_variant.get(variant_key(name), {})
            for entity_id, etype in index.items():
                if etype == cluster.type:
                    votes[entity_id] = votes.get(entity_id, 0) + 1
        if votes:
            best = max(sorted(votes), key=votes.get)
            return best, "same name (after folding spelling variants)"
        return self._fuzzy(cluster)

    def _fuzzy(self, cluster: Cluster) -> tuple[str | None, str]:
        """A near spelling of a known name of the same type; short names and acronyms never fuzzy-match."""
        best, best_score, best_name = None, 0.0, ""
        threshold = FUZZY_MIN.get(cluster.type, 95)
        for name in cluster.names:
            key = variant_key(name)
            if len(key) < 7 or is_acronym(name):
                continue
            for candidate, entities in self.by_variant.items():
                if abs(len(candidate) - len(key)) > 3 or len(candidate) < 7:
                    continue
                score = fuzz.ratio(key, candidate)
                if score < threshold or score <= best_score:
                    continue
                for entity_id, etype in entities.items():
                    if etype == cluster.type and _same_shape(key, candidate, cluster.type):
                        best, best_score, best_name = entity_id, score, candidate
        if best is None:
            return None, ""
        return best, f"near spelling of '{best_name}' (similarity {best_score:.1f})"

    def _new_id(self, cluster: Cluster) -> str:
        base = f"{cluster.type}:{_slug(cluster.canonical(self.registry_names))}"
        entity_id, n = base, 2
        while entity_id in self.types:
            entity_id, n = f"{base}-{n}", n + 1
        return entity_id

    def _aliases_for(self, entity_id: str, cluster: Cluster, document: Document, link_reason: str):
        out = []
        known = self.names.setdefault(entity_id, set())
        for m in cluster.mentions:
            if m.text in known:
                continue
            reason = cluster.reasons.get(m.text) or _SOURCE_REASONS.get(m.source, link_reason)
            out.append((entity_id, Alias(m.text, "text", reason, document.id, m.start, m.end)))
            known.add(m.text)
            self._index(entity_id, cluster.type, m.text)
        return out


_SOURCE_REASONS = {
    "description": "a descriptive name the registry lists for this group",
    "registry-variant": "a spelling of a registry name",
    "abbreviation": "an abbreviation the report defines",
}


def _same_shape(a: str, b: str, etype: str) -> bool:
    """For people, a near match must keep the same number of name parts and a close family name."""
    if etype != "person":
        return True
    ta, tb = a.split(), b.split()
    return len(ta) == len(tb) and fuzz.ratio(ta[-1], tb[-1]) >= 85


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:60] or "unnamed"


def registry_entities(registry: Registry) -> list[Entity]:
    """The registry as knowledge-base entities, each name an alias sourced to the registry."""
    out = []
    for e in registry.entries:
        aliases = tuple(Alias(n, e.source, f"{e.source} entry {e.key}") for n in e.all_names())
        out.append(Entity(e.key, e.type, e.name, aliases, dict(e.attrs)))
    return out
