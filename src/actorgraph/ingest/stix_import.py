"""Read a STIX 2.1 bundle (OpenCTI, MISP or actorgraph's own export) as entities, aliases and relations.

`read_bundle(path)` gives plain `StixRecords`; `import_bundle(path, store)` stores them with the bundle
itself as their source document: a short text with one line per entity and relation, so every
alias and relation points at a quotable line (aliases are sourced "stix:<bundle file name>").
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BadInput
from ..models import (MODALITIES, RELATION_TYPES, Alias, Document, Entity, Evidence, Extraction, MetaField, Mention,
                      Relation, Resolution)
from ..names import fold

EXTRACTOR = "stix_import"
VERSION = "1"
# STIX / OpenCTI relationship_type -> ours, when the bundle does not carry x_actorgraph_relation_type
FROM_STIX = {
    "part-of": "part_of", "cooperates-with": "allied_with", "targets": "hostile_to", "located-at": "operates_in",
    "originates-from": "operates_in", "attributed-to": "pledged_allegiance_to", "derived-from": "formed_from",
    "participate-in": "member_of", "employed-by": "member_of",
}
_IMPORTED_IDENTITY_CLASSES = {"individual", "organization", "group"}
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


@dataclass
class StixEntity:
    stix_id: str
    type: str                 # group, person, place, other
    name: str
    aliases: list[str] = field(default_factory=list)
    our_id: str | None = None  # x_actorgraph_id when the bundle came from actorgraph
    attrs: dict = field(default_factory=dict)


@dataclass
class StixRelation:
    source: str               # STIX ids
    target: str
    type: str                 # one of RELATION_TYPES
    start: str | None = None
    end: str | None = None
    end_reason: str | None = None
    modality: str = "reported"
    confidence: float = 0.5
    note: str = ""


@dataclass
class StixRecords:
    bundle_id: str
    producer: str | None
    entities: list[StixEntity]
    relations: list[StixRelation]
    skipped: dict[str, int]   # what was left out, by reason


def read_bundle(path: str | Path) -> StixRecords:
    """The entities and entity-to-entity relations in a STIX 2.x bundle file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"), parse_constant=_no_constant, parse_float=_finite_float)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BadInput(f"Cannot read {path} as a STIX bundle: {exc}. Give a JSON file with \"type\": \"bundle\".") from exc
    except BadInput as exc:
        raise BadInput(f"{path}: {exc.message}") from exc
    if not isinstance(data, dict) or data.get("type") != "bundle" or not isinstance(data.get("objects"), list):
        raise BadInput(f"{path} is not a STIX bundle (no \"type\": \"bundle\" with \"objects\"). Export a bundle from "
                       "OpenCTI or MISP, or use: actorgraph export --format stix")
    objects = [o for o in data["objects"] if isinstance(o, dict) and o.get("id") and o.get("type")]
    creators = {o.get("created_by_ref") for o in objects}
    skipped: dict[str, int] = {}
    entities = {}
    for obj in objects:
        entity = _entity(obj, creators)
        if entity:
            entities[entity.stix_id] = entity
        elif obj["type"] not in ("relationship", "bundle"):
            skipped[obj["type"]] = skipped.get(obj["type"], 0) + 1
    relations = []
    for obj in objects:
        if obj["type"] != "relationship":
            continue
        rel = _relation(obj, entities)
        if rel:
            relations.append(rel)
        else:
            skipped["relationship"] = skipped.get("relationship", 0) + 1
    producer = next((o.get("name") for o in objects if o["id"] in creators and o.get("name")), None)
    return StixRecords(data.get("id", ""), producer, list(entities.values()), relations, skipped)


def _entity(obj: dict, creators: set) -> StixEntity | None:
    kind, name = obj["type"], (obj.get("name") or "").strip()
    if not name or obj.get("revoked"):
        return None
    etype = obj.get("x_actorgraph_type")
    if not etype:
        if kind == "intrusion-set":
            etype = "group"
        elif kind == "threat-actor":
            individual = obj.get("resource_level") == "individual" or obj.get("x_opencti_type") == "Threat-Actor-Individual"
            etype = "person" if individual else "group"
        elif kind == "location":
            etype = "place"
        elif kind == "identity" and obj.get("identity_class") in _IMPORTED_IDENTITY_CLASSES and obj["id"] not in creators:
            etype = "person" if obj["identity_class"] == "individual" else "other"
        else:
            return None
    aliases = []
    for key in ("aliases", "x_actorgraph_aliases", "x_opencti_aliases", "x_misp_synonyms"):
        for alias in obj.get(key) or []:
            if isinstance(alias, str) and alias.strip() and alias.strip() != name and alias.strip() not in aliases:
                aliases.append(alias.strip())
    return StixEntity(obj["id"], etype, name, aliases, obj.get("x_actorgraph_id"), _attrs(obj))


def _no_constant(name: str):
    raise BadInput(f"The bundle holds {name}, which is not a number in JSON (nor in STIX). Fix the producer's export.")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise BadInput(f"The bundle holds the number {text[:40]}, too large to be finite. Fix the producer's export.")
    return value


def _coordinates(obj: dict) -> dict:
    """lat and lon when the object gives a real point on the globe (STIX: latitude -90..90, longitude -180..180)."""
    lat, lon = obj.get("latitude"), obj.get("longitude")
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon)) \
            and -90 <= lat <= 90 and -180 <= lon <= 180:
        return {"lat": lat, "lon": lon}
    return {}


def _attrs(obj: dict) -> dict:
    attrs = {"stix_id": obj["id"], **_coordinates(obj)}
    if obj.get("country"):
        attrs["country"] = obj["country"]
    if obj.get("region") and obj["region"] != "unknown":
        attrs["region"] = obj["region"]
    if isinstance(obj.get("description"), str) and obj["description"]:
        attrs["note"] = obj["description"][:2000]
    if obj.get("x_actorgraph_founded"):
        attrs["founded"] = obj["x_actorgraph_founded"]
    refs = [f"{r['source_name']}:{r['external_id']}" for r in obj.get("external_references") or []
            if isinstance(r, dict) and r.get("source_name") and r.get("external_id")]
    if refs:
        attrs["refs"] = refs
    return attrs


def _relation(obj: dict, entities: dict) -> StixRelation | None:
    source, target = entities.get(obj.get("source_ref")), entities.get(obj.get("target_ref"))
    if not source or not target or source.stix_id == target.stix_id:
        return None
    rtype = obj.get("x_actorgraph_relation_type")
    if rtype not in RELATION_TYPES:
        rtype = FROM_STIX.get(obj.get("relationship_type", ""))
        if rtype == "part_of" and source.type == "person":
            rtype = "member_of"
        if rtype == "pledged_allegiance_to" and (source.type, target.type) != ("group", "group"):
            rtype = None
        if rtype == "hostile_to" and target.type == "place":
            rtype = "operates_in"
    if rtype not in RELATION_TYPES:
        return None
    modality = obj.get("x_actorgraph_modality")
    confidence = obj.get("confidence")
    return StixRelation(
        source.stix_id, target.stix_id, rtype,
        start=obj.get("x_actorgraph_start") or _date(obj.get("start_time")),
        end=obj.get("x_actorgraph_stop") or _date(obj.get("stop_time")),
        end_reason=obj.get("x_actorgraph_end_reason"),
        modality=modality if modality in MODALITIES else "reported",
        confidence=confidence / 100 if isinstance(confidence, (int, float)) else 0.5,
        note=(obj.get("description") or "")[:500])


def _date(stamp) -> str | None:
    """A STIX timestamp as an ISO day; OpenCTI's placeholders for 'unknown' (1970-01-01, year 5138) become None."""
    m = _DATE.match(stamp or "") if isinstance(stamp, str) else None
    if not m or m.group(0) == "1970-01-01" or int(m.group(1)) >= 5000:
        return None
    return m.group(0)


# -- storing ------------------------------------------------------------------------------
def import_bundle(path: str | Path, store) -> dict:
    """Store a bundle's entities, aliases and relations, sourced to the bundle; re-importing it changes nothing."""
    path = Path(path)
    raw = path.read_bytes()
    sha = hashlib.sha256(raw).hexdigest()
    if store.has_document(sha):
        return {"document": sha[:16], "unchanged": True, "entities": 0, "new_entities": 0, "aliases": 0,
                "relations": 0, "skipped": {}}
    records = read_bundle(path)
    doc, extraction, resolution = _as_document(records, path, sha, store)
    store.write_document(doc, extraction, resolution, extractor=f"{EXTRACTOR}.v{VERSION}")
    return {"document": doc.id, "unchanged": False, "entities": len(records.entities),
            "new_entities": len(resolution.new_entities),
            "aliases": len(resolution.new_aliases) + sum(len(e.aliases) for e in resolution.new_entities),
            "relations": len(extraction.relations), "skipped": records.skipped}


def _as_document(records: StixRecords, path: Path, sha: str, store):
    doc_id, source = sha[:16], f"stix:{path.name}"
    ids = _entity_ids(records.entities, store)
    lines = _Lines(f"STIX bundle {path.name} ({records.bundle_id})\n")
    mentions, entity_of, new_entities, new_aliases = [], {}, {}, []
    for e in records.entities:
        our_id = ids[e.stix_id]
        span = lines.add(f"{e.type}: ", e.name, (f" (also: {'; '.join(e.aliases)})" if e.aliases else "") + ".")
        mentions.append(_mention(span, e.name, e.type, lines))
        entity_of[span] = our_id
        names = [e.name, *e.aliases]
        aliases = [Alias(n, source, f"name in STIX object {e.stix_id}", doc_id) for n in names]
        if store.entity(our_id) is None:
            first = new_entities.get(our_id)
            if first is None:
                new_entities[our_id] = Entity(our_id, e.type, e.name, tuple(aliases), e.attrs)
            else:
                new_entities[our_id] = Entity(our_id, first.type, first.name, first.aliases + tuple(aliases), first.attrs)
        else:
            new_aliases += [(our_id, a) for a in aliases]
    by_stix = {e.stix_id: e for e in records.entities}
    relations = []
    for r in records.relations:
        s, o = by_stix[r.source], by_stix[r.target]
        dates = "".join((f" from {r.start}" if r.start else "", f" until {r.end}" if r.end else ""))
        line_start = lines.position()
        s_span = lines.add("", s.name, "")
        o_span = lines.add_inline(f" {r.type.replace('_', ' ')} ", o.name, f"{dates}.")
        line_end = lines.position() - 1
        for span, ent in ((s_span, s), (o_span, o)):
            mentions.append(_mention(span, ent.name, ent.type, lines, (line_start, line_end)))
            entity_of[span] = ids[ent.stix_id]
        quote = lines.text()[line_start:line_end]
        relations.append(Relation(s_span, r.type, o_span, Evidence(doc_id, line_start, line_end, quote, EXTRACTOR, VERSION),
                                  start=r.start, end=r.end, end_reason=r.end_reason, modality=r.modality,
                                  confidence=r.confidence, note=r.note))
    text = lines.text()
    meta = [MetaField("title", f"STIX bundle {path.name}", "stix:bundle")]
    if records.producer:
        meta.append(MetaField("outlet", records.producer, "stix:created_by_ref"))
    doc = Document(doc_id, sha, str(path.resolve()), "stix", text, tuple(meta))
    return (doc, Extraction(mentions=tuple(mentions), relations=tuple(relations)),
            Resolution(entity_of=entity_of, new_entities=tuple(new_entities.values()), new_aliases=tuple(new_aliases)))


def _entity_ids(entities: list[StixEntity], store) -> dict[str, str]:
    """Our entity id for each STIX object: its x_actorgraph_id, an entity already known by that name, or a new id."""
    out, taken = {}, set()
    for e in entities:
        if e.our_id:
            out[e.stix_id] = e.our_id
            continue
        known = [i for n in (e.name, *e.aliases) for i in store.entity_ids_by_name(n)
                 if (store.entity(i) or {}).get("type") == e.type]
        if known:
            out[e.stix_id] = known[0]
            continue
        base = f"{e.type}:{re.sub(r'[^a-z0-9]+', '-', fold(e.name)).strip('-')[:60] or 'unnamed'}"
        new_id, n = base, 2
        while new_id in taken or (store.entity(new_id) or {}).get("type") not in (None, e.type):
            new_id, n = f"{base}-{n}", n + 1
        taken.add(new_id)
        out[e.stix_id] = new_id
    return out


def _mention(span, name, etype, lines, sentence=None) -> Mention:
    sent = sentence or lines.line_of(span)
    return Mention(span[0], span[1], name, "STIX", etype, sent[0], sent[1], source="stix")


class _Lines:
    """Builds the bundle's source text line by line, returning the offsets of each name written."""

    def __init__(self, header: str):
        self.parts = [header]
        self.length = len(header)
        self.lines: list[tuple[int, int]] = []

    def position(self) -> int:
        return self.length

    def text(self) -> str:
        return "".join(self.parts)

    def _write(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def add(self, before: str, name: str, after: str) -> tuple[int, int]:
        """Start a line; `after` ends it unless it is empty (then add_inline continues the line)."""
        line_start = self.length
        self._write(before)
        span = (self.length, self.length + len(name))
        self._write(name)
        if after:
            self._write(after + "\n")
            self.lines.append((line_start, self.length - 1))
        else:
            self._open = line_start
        return span

    def add_inline(self, before: str, name: str, after: str) -> tuple[int, int]:
        self._write(before)
        span = (self.length, self.length + len(name))
        self._write(name)
        self._write(after + "\n")
        self.lines.append((self._open, self.length - 1))
        return span

    def line_of(self, span) -> tuple[int, int]:
        return next(((s, e) for s, e in self.lines if s <= span[0] <= e), (span[0], span[1]))
