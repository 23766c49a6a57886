"""Data functions for views that `analyze.views` does not cover; each feeds one page and one endpoint."""

from __future__ import annotations

import math
import re
from datetime import date

from ..analyze import views
from ..errors import UnknownEntity
from ..models import ENTITY_TYPES, RELATION_TYPES
from .errors import bad_parameter

ISO_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


# -- parameters -----------------------------------------------------------------
def check_date(name: str, value: str | None) -> str | None:
    """An ISO date prefix (2021, 2021-08, 2021-08-26) that names a real year, month or day, or None; else a 400."""
    if value in (None, ""):
        return None
    if not ISO_PREFIX.match(value) or not _real_date(value):
        raise bad_parameter(name, value, "expected an ISO date such as 2021, 2021-08 or 2021-08-26")
    return value


def _real_date(value: str) -> bool:
    year, month, day = (value.split("-") + ["01", "01"])[:3]
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def check_relation_types(values: list[str] | None) -> list[str] | None:
    """Relation types from repeated or comma-separated parameters; unknown ones are a 400."""
    types = [t for v in values or [] for t in v.split(",") if t]
    for t in types:
        if t not in RELATION_TYPES:
            raise bad_parameter("type", t, f"expected one of {', '.join(RELATION_TYPES)}")
    return types or None


def check_entity_type(value: str | None) -> str | None:
    if value and value not in ENTITY_TYPES:
        raise bad_parameter("type", value, f"expected one of {', '.join(ENTITY_TYPES)}")
    return value or None


def entity_id(store, name_or_id: str | None) -> str | None:
    """The canonical id an analyst means by a name or id (None when not given)."""
    return views.resolve_entity(store, name_or_id)["id"] if name_or_id else None


# -- data functions ---------------------------------------------------------------
def profile(store, name_or_id: str) -> dict:
    """The entity profile of `views.entity_profile`, looked up by id, name or alias."""
    found = entity_id(store, name_or_id)
    return views.entity_profile(store, found)


def entity_list(store, type: str | None = None, mentioned_only: bool = True) -> list[dict]:
    """Entities with their mention counts, most mentioned first."""
    counts = store.mention_counts()
    rows = [{"id": e["id"], "name": e["name"], "type": e["type"], "mentions": counts.get(e["id"], 0)}
            for e in store.entities(type=check_entity_type(type))]
    if mentioned_only:
        unlisted = views.unlisted_entity_ids(store)
        rows = [r for r in rows if r["mentions"] and r["id"] not in unlisted]
    return sorted(rows, key=lambda r: (-r["mentions"], r["name"].lower()))


def documents(store, limit: int | None = None, offset: int = 0) -> list[dict]:
    return store.documents(limit, offset)


def document_page(store, doc_id: str) -> dict:
    """`views.document_view` plus the facts each evidence span supports (read by document, not by scanning all)."""
    view = views.document_view(store, doc_id)
    names = views.entity_names(store)
    facts = [{"kind": "relation", "label": f"{r['subject_name']} {r['type']} {r['object_name']}" + _also(r),
              "entities": [r["subject"], r["object"]], "evidence": c["evidence"], "fact": c["fact"],
              "review": c["review"]}
             for r in views.relation_facts_of_document(store, doc_id) for c in r["citations"]
             if c["evidence"]["doc"] == doc_id]
    facts += [{"kind": "claim", "label": f"{c['subject_name'] or '?'} {c['attribute']} {_figure(c['low'], c['high'])}",
               "entities": [c["subject"]] if c["subject"] else [], "evidence": c["evidence"], "fact": c["fact"],
               "review": c["review"]}
              for c in views.claims_page(store, doc_id=doc_id)["claims"]]
    facts += [{"kind": "event", "label": _event_label(rep, names),
               "entities": [a["entity_id"] for a in rep["actors"]], "evidence": views.evidence_item(rep),
               "fact": f"event:{rep['id']}", "review": rep["review"]}
              for rep in store.event_reports_of_document(doc_id)]
    for number, fact in enumerate(sorted(facts, key=lambda f: (f["evidence"]["start"], f["kind"])), 1):
        fact["id"] = number
    view["facts"] = sorted(facts, key=lambda f: f["id"])
    return view


def _also(fact: dict) -> str:
    """How many other independent sources state a fact."""
    others = fact["independent_sources"] - 1
    return f" (stated by {others} other source{'s' if others > 1 else ''} too)" if others else ""


def with_rejected(store, include: bool, function, *args):
    """A data function's result with the facts analysts rejected included (marked) or left out."""
    store.include_rejected = include
    try:
        return function(store, *args)
    finally:
        store.include_rejected = False


def evidence(store, evidence_id: int) -> dict:
    """One evidence span with its document's title and the link that shows it in context."""
    row = store.evidence(evidence_id)
    if row is None:
        raise UnknownEntity(f"No evidence with id {evidence_id}. Evidence ids come with facts in the API.")
    doc = store.document(row["doc_id"]) or {}
    return {**row, "doc_title": doc.get("title"), "url": evidence_url(row["doc_id"], row["start"], row["end"])}


def evidence_url(doc_id: str, start: int, end: int) -> str:
    return f"/documents/{doc_id}#ev-{start}-{end}"


def events(store, actor: str | None = None, start: str | None = None, end: str | None = None,
           type: str | None = None) -> list[dict]:
    """`views.timeline` with an actor given by id or name and checked dates."""
    return events_page(store, actor, start, end, type)["events"]


def events_page(store, actor: str | None = None, start: str | None = None, end: str | None = None,
                type: str | None = None, limit: int | None = None, offset: int = 0) -> dict:
    """One page of `events` ({"events", "total"})."""
    return views.timeline_page(store, actor=entity_id(store, actor), start=check_date("from", start),
                               end=check_date("to", end), type=type or None, limit=limit, offset=offset)


def map_data(store, limit: int | None = None, offset: int = 0) -> dict:
    """Places with coordinates (from the gazetteer), where each lies, the events that happened at them
    (one page of them) and how many there are. `approximate` marks coordinates a place took from a place
    containing it."""
    places = {e["id"]: e for e in store.entities(type="place") if _coords(e["attrs"])}
    names = {e["id"]: e["name"] for e in store.entities(type="place")}
    found = views.timeline_page(store, places=sorted(places), limit=limit, offset=offset)
    located = [{**ev, "lat": places[ev["place"]]["attrs"]["lat"], "lon": places[ev["place"]]["attrs"]["lon"],
                "approximate": bool(places[ev["place"]]["attrs"].get("approximate")),
                "within": _within(places[ev["place"]], names)} for ev in found["events"]]
    counts = store.mention_counts()
    return {
        "places": [{"id": p["id"], "name": p["name"], "lat": p["attrs"]["lat"], "lon": p["attrs"]["lon"],
                    "kind": p["attrs"].get("kind"), "country": p["attrs"].get("country"),
                    "approximate": bool(p["attrs"].get("approximate")), "within": _within(p, names),
                    "mentions": counts.get(p["id"], 0)}
                   for p in sorted(places.values(), key=lambda p: p["id"]) if counts.get(p["id"])],
        "events": located,
        "total_events": found["total"],
    }


def _within(place: dict, names: dict) -> str:
    """'Achin › Nangarhar › Afghanistan': the places containing this one, nearest first."""
    return " › ".join(names.get(p, p) for p in place["attrs"].get("parents") or [])


def _coords(attrs: dict) -> bool:
    """Finite coordinates on the globe: anything else would make the map and its JSON invalid."""
    lat, lon = attrs.get("lat"), attrs.get("lon")
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in (lat, lon)) \
        and -90 <= lat <= 90 and -180 <= lon <= 180


def _figure(low, high) -> str:
    fmt = lambda x: f"{x:g}"  # noqa: E731
    return fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"


def _event_label(rep: dict, names: dict) -> str:
    who = ", ".join(names.get(a["entity_id"], a["entity_id"]) for a in rep["actors"]) or "unknown actor"
    return f"{rep['subtype'] or rep['type']} {rep['date'] or 'undated'} ({who})"
