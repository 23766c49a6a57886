"""Entity resolution across documents: a document's mention clusters onto knowledge-base entities.

Every name attached to an entity carries the reason it was attached, so an analyst can ask
why two names were merged and undo it (`actorgraph entity why/merge/split`).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from .. import gazetteer
from ..extract.clusters import Cluster
from ..extract.registry import Registry
from ..gazetteer import Place
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
        self.fuzzy_variants: dict[str, dict[str, str]] = {}  # the same, less the thousands of list-only names
        self.by_exact: dict[str, dict[str, str]] = {}       # name as written -> {entity id: type}
        self.pinned: dict[str, str] = {}                     # fold(name) -> entity id (analyst decisions)
        self.types: dict[str, str] = {}
        self.names: dict[str, set[str]] = {}
        self.add(alias_rows)

    def add(self, alias_rows: list[dict]) -> None:
        """Learn more knowledge-base names (rows as `store.alias_index` gives them)."""
        for row in alias_rows:
            self._index(row["entity_id"], row["type"], row["name"], fuzzy=row.get("source") != "reference")
            if row.get("pinned"):
                self.pinned[fold(row["name"])] = row["entity_id"]

    def _index(self, entity_id: str, etype: str, name: str, fuzzy: bool = True) -> None:
        self.by_variant.setdefault(variant_key(name), {})[entity_id] = etype
        if fuzzy:
            self.fuzzy_variants.setdefault(variant_key(name), {})[entity_id] = etype
        self.by_exact.setdefault(name, {})[entity_id] = etype
        self.types[entity_id] = etype
        self.names.setdefault(entity_id, set()).add(name)

    def link(self, document: Document, extraction: Extraction) -> Resolution:
        entity_of: dict = {}
        new_entities: list[Entity] = []
        new_aliases: list[tuple[str, Alias]] = []
        places = {p.key: p for p in extraction.places}
        for cluster in self._apply_pins(extraction.clusters, entity_of, document, new_aliases):
            entity_id, reason = self._generic_entity(cluster, document) if cluster.generic else self._entity_for(cluster)
            if entity_id is not None and entity_id not in self.types and cluster.type == "place":
                created = place_entities(places.get(entity_id) or gazetteer.place(entity_id), set(self.types),
                                         cluster.canonical(self.registry_names))
                for entity in created:
                    self.types[entity.id] = "place"
                    for alias in entity.aliases:
                        self._index(entity.id, "place", alias.name)
                new_entities.extend(created)
                reason = f"gazetteer place {entity_id}"
            if entity_id is None or (cluster.generic and entity_id not in self.types):
                entity_id = entity_id or self._new_id(cluster)
                attrs = {"generic": True, "country": cluster.scope} if cluster.generic else {}
                new_entities.append(Entity(entity_id, cluster.type, cluster.canonical(self.registry_names), attrs=attrs))
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
                out.append(cluster if not pinned else Cluster(rest, cluster.type, cluster.key, dict(cluster.reasons),
                                                                 cluster.scope))
        return out

    def _generic_entity(self, cluster: Cluster, document: Document) -> tuple[str, str]:
        """A generic group ('separatists') is one entity per descriptor and country; without a country, per document."""
        scope = (cluster.scope or f"doc-{document.id[:8]}").lower()
        return f"group:{_slug(cluster.canonical(self.registry_names))}@{scope}", "same descriptor in the same country"

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
        """A near spelling of a known name of the same type; short names and acronyms never fuzzy-match, and a
        name only a public list gives is matched exactly or not at all (lists hold thousands of near names)."""
        best, best_score, best_name = None, 0.0, ""
        threshold = FUZZY_MIN.get(cluster.type, 95)
        for name in cluster.names:
            key = variant_key(name)
            if len(key) < 7 or is_acronym(name):
                continue
            for candidate, entities in self.fuzzy_variants.items():
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
            if not cluster.generic:       # a descriptor is no name another report's group could share
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
    """The registry as knowledge-base entities, each name an alias sourced to the registry; its places carry
    their gazetteer hierarchy, and the parents the registry lacks come along as entities too."""
    out = []
    known = {e.key for e in registry.entries}
    for e in registry.entries:
        aliases = tuple(_registry_alias(e, n) for n in e.all_names())
        attrs = dict(e.attrs)
        place = gazetteer.place(e.key) if e.type == "place" else None
        if place is not None:
            attrs.update(place_attrs(place))
            out.extend(place_entities(place, known))
        out.append(Entity(e.key, e.type, e.name, aliases, attrs))
    return out


def place_attrs(place: Place) -> dict:
    """What an entity keeps of a gazetteer place: kind, coordinates and whether they are its own, hierarchy."""
    attrs = {"kind": place.kind, "lat": place.lat, "lon": place.lon, "approximate": place.approximate,
             "country": place.country, "admin1": place.admin1, "admin2": place.admin2,
             "geonames_id": place.geonames_id, "population": place.population, "parents": list(place.parents),
             "gazetteer_source": place.source}
    return {k: v for k, v in attrs.items() if v is not None}


def place_entities(place: Place | None, known: set[str], name: str | None = None) -> list[Entity]:
    """The entity of a gazetteer place, then one for each of its parents the knowledge base does not hold
    (entity ids are the gazetteer keys). `name` is how the report wrote a place only known by its parent."""
    if place is None:
        return []
    out = []
    for key in (place.key, *place.parents):
        current = place if key == place.key else gazetteer.place(key)
        if key in known or current is None:
            continue
        display = name if key == place.key and name and "." in key else current.name
        names = dict.fromkeys((display, *current.names()))
        aliases = tuple(Alias(n, "gazetteer", f"gazetteer place {key}") for n in names)
        out.append(Entity(key, "place", display, aliases, place_attrs(current)))
        known.add(key)
    return out


def _registry_alias(entry, name: str) -> Alias:
    """A registry name; one that a public list gives says which list, record and spelling."""
    sources = entry.name_sources.get(name)
    lists = f"; public lists: {'; '.join(sources)}" if sources else ""
    if entry.generated:
        return Alias(name, "reference", lists[2:])
    return Alias(name, entry.source, f"{entry.source} entry {entry.key}{lists}")
