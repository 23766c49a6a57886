"""Data functions for views that `analyze.views` does not cover; each feeds one page and one endpoint."""

from __future__ import annotations

import re

from ..analyze import views
from ..errors import UnknownEntity
from ..models import ENTITY_TYPES, RELATION_TYPES
from .errors import bad_parameter

ISO_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


# -- parameters -----------------------------------------------------------------
def check_date(name: str, value: str | None) -> str | None:
    """An ISO date prefix (2021, 2021-08, 2021-08-26) or None; anything else is a 400."""
    if value in (None, ""):
        return None
    if not ISO_PREFIX.match(value):
        raise bad_parameter(name, value, "expected an ISO date such as 2021, 2021-08 or 2021-08-26")
    return value


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


def documents(store) -> list[dict]:
    return store.documents()


def document_page(store, doc_id: str) -> dict:
    """`views.document_view` plus the facts each evidence span supports."""
    view = views.document_view(store, doc_id)
    names = views.entity_names(store)
    facts = [{"kind": "relation", "label": f"{r['subject_name']} {r['type']} {r['object_name']}" + _also(r),
              "entities": [r["subject"], r["object"]], "evidence": c["evidence"]}
             for r in views.relations(store) for c in r["citations"] if c["evidence"]["doc"] == doc_id]
    facts += [{"kind": "claim", "label": f"{c['subject_name'] or '?'} {c['attribute']} {_figure(c['low'], c['high'])}",
               "entities": [c["subject"]] if c["subject"] else [], "evidence": c["evidence"]}
              for c in views.claims(store) if c["evidence"]["doc"] == doc_id]
    facts += [{"kind": "event", "label": _event_label(rep, names),
               "entities": [a["entity_id"] for a in rep["actors"]], "evidence": views.evidence_item(rep)}
              for rep in store.event_reports() if rep["doc_id"] == doc_id]
    for number, fact in enumerate(sorted(facts, key=lambda f: (f["evidence"]["start"], f["kind"])), 1):
        fact["id"] = number
    view["facts"] = sorted(facts, key=lambda f: f["id"])
    return view


def _also(fact: dict) -> str:
    """How many other independent sources state a fact."""
    others = fact["independent_sources"] - 1
    return f" (stated by {others} other source{'s' if others > 1 else ''} too)" if others else ""


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
    return views.timeline(store, actor=entity_id(store, actor), start=check_date("from", start),
                          end=check_date("to", end), type=type or None)


def map_data(store) -> dict:
    """Places with coordinates (from the gazetteer), where each lies, and the events that happened at them.
    `approximate` marks coordinates a place took from a place containing it."""
    places = {e["id"]: e for e in store.entities(type="place") if _coords(e["attrs"])}
    names = {e["id"]: e["name"] for e in store.entities(type="place")}
    located = []
    for ev in views.timeline(store):
        place = places.get(ev["place"])
        if place:
            located.append({**ev, "lat": place["attrs"]["lat"], "lon": place["attrs"]["lon"],
                            "approximate": bool(place["attrs"].get("approximate")), "within": _within(place, names)})
    counts = store.mention_counts()
    return {
        "places": [{"id": p["id"], "name": p["name"], "lat": p["attrs"]["lat"], "lon": p["attrs"]["lon"],
                    "kind": p["attrs"].get("kind"), "country": p["attrs"].get("country"),
                    "approximate": bool(p["attrs"].get("approximate")), "within": _within(p, names),
                    "mentions": counts.get(p["id"], 0)}
                   for p in sorted(places.values(), key=lambda p: p["id"]) if counts.get(p["id"])],
        "events": located,
    }


def _within(place: dict, names: dict) -> str:
    """'Achin › Nangarhar › Afghanistan': the places containing this one, nearest first."""
    return " › ".join(names.get(p, p) for p in place["attrs"].get("parents") or [])


def _coords(attrs: dict) -> bool:
    return isinstance(attrs.get("lat"), (int, float)) and isinstance(attrs.get("lon"), (int, float))


def _figure(low, high) -> str:
    fmt = lambda x: f"{x:g}"  # noqa: E731
    return fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"


def _event_label(rep: dict, names: dict) -> str:
    who = ", ".join(names.get(a["entity_id"], a["entity_id"]) for a in rep["actors"]) or "unknown actor"
    return f"{rep['subtype'] or rep['type']} {rep['date'] or 'undated'} ({who})"
