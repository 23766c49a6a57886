"""The knowledge base as a STIX 2.1 bundle (built with the `stix2` library), for OpenCTI, MISP and TAXII tools.

Ids are uuid5 of our own keys, so exporting the same knowledge base twice gives the same ids.
Mapping decisions and the relationship table are in docs/exports.md.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from ..analyze import views
from ..analyze.views import unique, used_entity_ids
from .graph import period, precision

NAMESPACE = uuid.UUID("5b0f5e38-5d4b-4c55-9a0e-7d5b6f0c1a77")
CREATOR_KEY = "creator:actorgraph"

# our relation type -> STIX / OpenCTI relationship_type; x_actorgraph_relation_type keeps ours exactly
RELATIONSHIP_TYPES = {
    "leader_of": "part-of",
    "member_of": "part-of",
    "founder_of": "related-to",
    "part_of": "part-of",
    "formed_from": "derived-from",
    "pledged_allegiance_to": "attributed-to",
    "allied_with": "cooperates-with",
    "hostile_to": "targets",
    "operates_in": "located-at",
}
ROLES = {"leader_of": "leader", "member_of": "member", "founder_of": "founder"}
# confidence (0-100) of objects that are not one extracted fact
CURATED_ENTITY, TEXT_ENTITY, DOCUMENT, COMPUTED = 90, 60, 50, 90
CURATED_SOURCES = ("registry", "reference", "analyst", "gazetteer")


def stix_id(kind: str, key: str) -> str:
    """A deterministic STIX id: `kind--uuid5(actorgraph namespace, key)`."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, key)}"


def timestamp(prefix: str | None, last: bool = False) -> str | None:
    """An ISO prefix as a STIX timestamp: the first instant it covers, or with last=True the last one."""
    span = period(prefix)
    if span is None:
        return None
    return f"{span[1].isoformat()}T23:59:59Z" if last else f"{span[0].isoformat()}T00:00:00Z"


def stix_bundle(store) -> dict:
    """The knowledge base as a STIX 2.1 bundle (a plain dict, ready for json.dumps)."""
    import json

    import stix2

    builder = _Builder(store)
    objects = builder.build()
    bundle = stix2.Bundle(*objects, id=stix_id("bundle", f"bundle:{builder.stamp}"), allow_custom=True)
    return json.loads(bundle.serialize())


def stix(store, table=None) -> tuple[str, str]:
    """FORMATS entry: the bundle as indented JSON and a one-line count by object type."""
    import json

    bundle = stix_bundle(store)
    counts: dict[str, int] = {}
    for obj in bundle["objects"]:
        counts[obj["type"]] = counts.get(obj["type"], 0) + 1
    summary = ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
    return json.dumps(bundle, indent=1, ensure_ascii=False, sort_keys=True) + "\n", summary


class _Builder:
    """Collects STIX objects for one knowledge base; every object gets created_by_ref and confidence."""

    def __init__(self, store):
        import stix2

        self.stix2 = stix2
        self.store = store
        self.docs = {d["id"]: d for d in store.documents()}
        self.stamp = self._stamp()
        self.creator = stix_id("identity", CREATOR_KEY)
        self.objects: dict[str, object] = {}
        self.entity_ref: dict[str, str] = {}
        self.doc_refs: dict[str, set[str]] = {doc_id: set() for doc_id in self.docs}
        self.names = views.entity_names(store)

    def _stamp(self) -> str:
        times = [d["ingested_at"] for d in self.docs.values() if d["ingested_at"]]
        times = times or [e["created_at"] for e in self.store.entities()]
        return _utc(max(times)) if times else "1970-01-01T00:00:00Z"

    def common(self, confidence: float) -> dict:
        return {"created": self.stamp, "modified": self.stamp, "created_by_ref": self.creator,
                "confidence": max(0, min(100, int(round(confidence)))), "allow_custom": True}

    def add(self, obj, doc_ids=()) -> str:
        self.objects[obj.id] = obj
        for doc_id in doc_ids:
            if doc_id in self.doc_refs:
                self.doc_refs[doc_id].add(obj.id)
        return obj.id

    def build(self) -> list:
        self.add(self.stix2.Identity(id=self.creator, name="actorgraph", identity_class="system",
                                     description="Knowledge graph extracted by actorgraph from open-source reports.",
                                     created=self.stamp, modified=self.stamp, confidence=100))
        self.entities()
        self.relationships()
        self.claims()
        self.events()
        self.conflicts()
        self.reports()
        return [self.objects[k] for k in sorted(self.objects)]

    # -- entities ------------------------------------------------------------
    def entities(self) -> None:
        canon = self.store.canonical_map()
        aliases: dict[str, list[dict]] = {}
        for a in self.store.aliases():
            aliases.setdefault(canon.get(a["entity_id"], a["entity_id"]), []).append(a)
        used = used_entity_ids(self.store)
        mentioned_in: dict[str, set[str]] = {}
        for m in self.store.mentions():
            if m["entity_id"]:
                mentioned_in.setdefault(canon.get(m["entity_id"], m["entity_id"]), set()).add(m["doc_id"])
        for e in self.store.entities():
            if e["id"] in used:
                obj = self.entity(e, aliases.get(e["id"], []))
                self.entity_ref[e["id"]] = self.add(obj, mentioned_in.get(e["id"], ()))

    def entity(self, e: dict, alias_rows: list[dict]):
        names = unique(a["name"] for a in alias_rows if a["name"] != e["name"])
        curated = any(a["source"].startswith(CURATED_SOURCES) for a in alias_rows)
        common = self.common(CURATED_ENTITY if curated else TEXT_ENTITY)
        custom = {
            "x_actorgraph_id": e["id"], "x_actorgraph_type": e["type"],
            "x_actorgraph_alias_sources": [
                {k: v for k, v in (("name", a["name"]), ("source", a["source"]), ("reason", a["reason"]),
                                   ("doc", a["doc_id"])) if v} for a in alias_rows],
        }
        attrs = e["attrs"] or {}
        note = attrs.get("note")
        description = {"description": note} if isinstance(note, str) and note else {}
        refs = _external_refs(attrs.get("refs"))
        if refs:
            custom["external_references"] = refs
        if e["type"] == "group":
            extra = {"aliases": names} if names else {}
            if attrs.get("founded"):
                custom["x_actorgraph_founded"] = attrs["founded"]
                start = timestamp(attrs["founded"])
                if start:
                    extra["first_seen"] = start
            return self.stix2.ThreatActor(id=stix_id("threat-actor", f"entity:{e['id']}"), name=e["name"],
                                          resource_level="organization", **extra, **description, **custom, **common)
        if e["type"] == "place":
            return self.stix2.Location(id=stix_id("location", f"entity:{e['id']}"), name=e["name"],
                                       **_geo(attrs), **_alias_props(names), **description, **custom, **common)
        identity_class = "individual" if e["type"] == "person" else "unknown"
        for key in ("died", "born", "affiliation"):
            if attrs.get(key):
                custom[f"x_actorgraph_{key}"] = attrs[key]
        return self.stix2.Identity(id=stix_id("identity", f"entity:{e['id']}"), name=e["name"],
                                   identity_class=identity_class, **_alias_props(names), **description, **custom,
                                   **common)

    # -- relations and their evidence ------------------------------------------
    def relationships(self) -> None:
        for fact in views.relations(self.store):
            if fact["subject"] in self.entity_ref and fact["object"] in self.entity_ref:
                self.relationship(fact)

    def relationship(self, fact: dict) -> None:
        """One fact: a relationship (none when denied) and a note per citation quoting its source."""
        s, rtype, o = fact["subject"], fact["type"], fact["object"]
        denied = fact["modality"] == "denied"
        key = f"relation:{s}|{rtype}|{o}|{'denied' if denied else 'held'}"
        start, end = fact["start"], fact["end"]
        props = {"x_actorgraph_relation_type": rtype, "x_actorgraph_modality": fact["modality"],
                 "x_actorgraph_sources": fact["independent_sources"],
                 "x_actorgraph_citations": len(fact["citations"])}
        if fact["date_disagreement"]:
            props["x_actorgraph_date_disagreement"] = fact["date_disagreement"]
        if rtype in ROLES:
            props["x_actorgraph_role"] = ROLES[rtype]
        if start:
            props["x_actorgraph_start"] = start
            props["x_actorgraph_start_precision"] = precision(start)
            props["start_time"] = timestamp(start)
        if end:
            props["x_actorgraph_stop"] = end
            props["x_actorgraph_stop_precision"] = precision(end)
            stop = timestamp(end, last=True)
            if stop and (not props.get("start_time") or stop > props["start_time"]):
                props["stop_time"] = stop
        if fact["end_reason"]:
            props["x_actorgraph_end_reason"] = fact["end_reason"]
        docs = unique(c["evidence"]["doc"] for c in fact["citations"])
        if denied:
            rel_id = None
        else:
            rel = self.stix2.Relationship(
                id=stix_id("relationship", key), relationship_type=RELATIONSHIP_TYPES.get(rtype, "related-to"),
                source_ref=self.entity_ref[s], target_ref=self.entity_ref[o],
                description=f"{self.names.get(s, s)} {rtype.replace('_', ' ')} {self.names.get(o, o)}",
                **props, **self.common(100 * fact["confidence"]))
            rel_id = self.add(rel, docs)
        for c in fact["citations"]:
            self.evidence_note(key, fact, c, rel_id)

    def evidence_note(self, key: str, fact: dict, citation: dict, rel_id: str | None) -> None:
        ev = citation["evidence"]
        denied = fact["modality"] == "denied"
        refs = [rel_id] if rel_id else [self.entity_ref[fact["subject"]], self.entity_ref[fact["object"]]]
        abstract = (f"{'Denied: ' if denied else 'Evidence: '}{fact['subject_name']} {fact['type'].replace('_', ' ')} "
                    f"{fact['object_name']}")
        note = self.stix2.Note(
            id=stix_id("note", f"evidence:{key}|{ev['doc']}|{ev['start']}|{ev['end']}"), abstract=abstract,
            content=ev["quote"] or abstract, object_refs=refs, authors=[f"{ev['extractor']}.v{ev['version']}"],
            external_references=[self.doc_ref(ev)], x_actorgraph_modality=citation["modality"],
            x_actorgraph_evidence={k: v for k, v in ev.items() if v is not None},
            **self.common(100 * citation["confidence"]))
        self.add(note, [ev["doc"]])

    def doc_ref(self, ev: dict) -> dict:
        doc = self.docs.get(ev["doc"], {})
        ref = {"source_name": "actorgraph-document", "external_id": ev["doc"],
               "description": f"{doc.get('title') or Path(doc.get('path') or ev['doc']).name}"
                              f" [chars {ev.get('start')}-{ev.get('end')}]"}
        if doc.get("path", "").startswith(("http://", "https://")):
            ref["url"] = doc["path"]
        return ref

    # -- claims, events, conflicts ---------------------------------------------
    def claims(self) -> None:
        confidence = {r["id"]: r["confidence"] for r in self.store.claims()}
        for c in views.claims(self.store):
            ev = c["evidence"]
            subject = self.entity_ref.get(c["subject"])
            refs = [subject] if subject else [stix_id("report", f"doc:{ev['doc']}")]
            figure = _figure(c["low"], c["high"])
            abstract = (f"{c['attribute']}: {figure} {c['unit'] if c['unit'] != 'count' else ''}".strip()
                        + (f" (as of {c['as_of']})" if c["as_of"] else ""))
            claim = {k: c[k] for k in ("attribute", "low", "high", "unit", "as_of", "attributed_to", "hedge",
                                       "subject_note") if c[k] not in (None, "")}
            note = self.stix2.Note(
                id=stix_id("note", f"claim:{ev['doc']}|{ev['start']}|{ev['end']}|{c['attribute']}|{c['subject']}"),
                abstract=abstract, content=ev["quote"] or abstract, object_refs=refs,
                authors=[f"{ev['extractor']}.v{ev['version']}"], external_references=[self.doc_ref(ev)],
                x_actorgraph_claim=claim, **self.common(100 * confidence.get(c["id"], 0.5)))
            self.add(note, [ev["doc"]])

    def events(self) -> None:
        confidence: dict[str, float] = {}
        for r in self.store.event_reports():
            if r["event_id"]:
                confidence[r["event_id"]] = max(confidence.get(r["event_id"], 0.0), r["confidence"])
        for ev in views.timeline(self.store):
            docs = unique(rep["doc"] for rep in ev["reports"])
            event = {k: ev[k] for k in ("id", "type", "subtype", "date", "date_precision", "killed", "injured")
                     if ev[k] is not None}
            incident = self.stix2.Incident(
                id=stix_id("incident", f"event:{ev['id']}"), name=ev["label"] or f"{ev['type']} {ev['date'] or ''}",
                description=_event_description(ev), x_actorgraph_event=event,
                **self.common(100 * confidence.get(ev["id"], 0.5)))
            inc_id = self.add(incident, docs)
            links = [(p["id"], "attributed-to", "perpetrator") for p in ev["perpetrators"]]
            links += [(a["id"], "related-to", "about") for a in ev["about"]]
            if ev["place"]:
                links.append((ev["place"], "located-at", "place"))
            for entity_id, rel_type, role in links:
                if entity_id in self.entity_ref:
                    rel = self.stix2.Relationship(
                        id=stix_id("relationship", f"event:{ev['id']}|{role}|{entity_id}"), relationship_type=rel_type,
                        source_ref=inc_id, target_ref=self.entity_ref[entity_id], x_actorgraph_event_role=role,
                        **self.common(incident.confidence))
                    self.add(rel, docs)
            for rep in ev["reports"]:
                self.report_note(ev, inc_id, rep)

    def report_note(self, ev: dict, inc_id: str, rep: dict) -> None:
        e = rep["evidence"]
        figures = {k: rep[k] for k in ("date", "date_text", "killed", "injured", "casualty_text", "modality",
                                       "targets", "victims") if rep[k] not in (None, [], "")}
        note = self.stix2.Note(
            id=stix_id("note", f"event-report:{ev['id']}|{e['doc']}|{e['start']}|{e['end']}"),
            abstract=f"Report of {ev['label'] or ev['type']}", content=e["quote"] or ev["type"], object_refs=[inc_id],
            authors=[f"{e['extractor']}.v{e['version']}"], external_references=[self.doc_ref(e)],
            x_actorgraph_event_report=figures, **self.common(self.objects[inc_id].confidence))
        self.add(note, [e["doc"]])

    def conflicts(self) -> None:
        for c in views.conflicts(self.store):
            key = f"conflict:{c['kind']}|{c['subject_kind']}|{c['subject_id']}|{c['attribute']}"
            subject = self.entity_ref.get(c["subject_id"]) or (
                stix_id("incident", f"event:{c['subject_id']}") if c["subject_kind"] == "event" else None)
            refs = [subject] if subject in self.objects else []
            refs += [stix_id("report", f"doc:{d}") for d in c["docs"] if d in self.docs]
            if not refs:
                continue
            note = self.stix2.Note(
                id=stix_id("note", key), abstract=f"Sources disagree: {c['subject_name']} {c['attribute']}",
                content=c["note"] or f"Sources disagree on {c['attribute']}.", object_refs=unique(refs),
                authors=["actorgraph conflicts"], x_actorgraph_conflict={
                    "kind": c["kind"], "subject_kind": c["subject_kind"], "subject": c["subject_id"],
                    "attribute": c["attribute"], "docs": c["docs"], "sides": c["sides"]},
                labels=["disagreement"], **self.common(COMPUTED))
            self.add(note, c["docs"])

    # -- one report per source document --------------------------------------------
    def reports(self) -> None:
        for doc_id, doc in sorted(self.docs.items()):
            refs = sorted(self.doc_refs[doc_id]) or [self.creator]
            published = timestamp(doc["published"]) or _utc(doc["ingested_at"])
            report = self.stix2.Report(
                id=stix_id("report", f"doc:{doc_id}"), name=doc["title"] or Path(doc["path"]).name,
                description="; ".join(x for x in (doc["outlet"], doc["author"]) if x) or "Source document",
                published=published, report_types=["threat-report"], object_refs=refs,
                external_references=[_doc_reference(doc)],
                x_actorgraph_doc={k: doc[k] for k in ("id", "path", "format", "title", "author", "outlet", "published")
                                  if doc[k]},
                **self.common(DOCUMENT))
            self.add(report)


def _doc_reference(doc: dict) -> dict:
    ref = {"source_name": "actorgraph-document", "external_id": doc["id"], "description": doc["path"]}
    if re.fullmatch(r"[0-9a-f]{64}", doc["sha256"] or ""):
        ref["hashes"] = {"SHA-256": doc["sha256"]}
    if doc["path"].startswith(("http://", "https://")):
        ref["url"] = doc["path"]
    return ref


def _alias_props(names: list[str]) -> dict:
    """Identity and location have no `aliases` in STIX 2.1: OpenCTI's x_opencti_aliases plus ours."""
    return {"x_actorgraph_aliases": names, "x_opencti_aliases": names} if names else {}


def _geo(attrs: dict) -> dict:
    """STIX requires region, country, or latitude+longitude on a location; an unplaced name gets region 'unknown'."""
    out = {}
    lat, lon = attrs.get("lat", attrs.get("latitude")), attrs.get("lon", attrs.get("longitude"))
    if lat is not None and lon is not None:
        out.update(latitude=float(lat), longitude=float(lon))
        if attrs.get("approximate"):     # the point of a place containing it, not its own
            out["x_actorgraph_geo_precision"] = "approximate"
    country = attrs.get("country_code") or attrs.get("country")
    if isinstance(country, str) and len(country) == 2:
        out["country"] = country.upper()
    if attrs.get("region"):
        out["region"] = attrs["region"]
    if not out:
        out["region"] = "unknown"
        out["x_actorgraph_geo_precision"] = "none"
    return out


def _external_refs(refs) -> list[dict]:
    """Registry refs such as 'un:QDe.161' or 'misp:<uuid>' as STIX external references."""
    out = []
    for ref in refs or []:
        if isinstance(ref, str) and ":" in ref:
            source, external_id = ref.split(":", 1)
            out.append({"source_name": source, "external_id": external_id})
    return out


def _event_description(ev: dict) -> str:
    parts = [f"{ev['type']}" + (f" ({ev['subtype']})" if ev["subtype"] else "")]
    if ev["date"]:
        parts.append(f"on {ev['date']}")
    if ev["place_name"]:
        parts.append(f"in {ev['place_name']}")
    if ev["killed"]:
        parts.append(f"killed {_figure(ev['killed']['low'], ev['killed']['high'])}")
    return ", ".join(parts)


def _figure(low, high) -> str:
    def fmt(x):
        return "?" if x is None else f"{x:g}" if isinstance(x, float) else str(x)
    return fmt(low) if low == high else f"{fmt(low)}-{fmt(high)}"


def _utc(text: str) -> str:
    """A stored ISO time ('2026-11-21T23:30:30+00:00') as a STIX UTC timestamp."""
    return text.replace("+00:00", "Z") if text.endswith("+00:00") else text if text.endswith("Z") else text + "Z"




