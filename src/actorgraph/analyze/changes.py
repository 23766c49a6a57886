"""What changed since a run or a date: new conflicts, figures that moved a range, new, changed and removed
facts, each with its quote. One data function for the CLI, the web page, the API and the Atom feed.

A fact is new when the run that first stored it came after the point asked about (a fact that a
reprocess only re-extracted keeps its first run); changed and removed facts come from the log that
reprocess writes. A figure moved a range when a new claim about a subject and attribute, or a new report
of an event's toll, falls outside the range the earlier ones spanned.
"""

from __future__ import annotations

import re

from ..errors import ActorgraphError, BadQuery
from .views import entity_names, figure_range, resolve_entity


def since_run(store, since: str | int | None) -> int:
    """The run after which changes count: a run id as given, or the last run started before a date."""
    if since is None or str(since).strip() == "":
        return 0
    text = str(since).strip()
    if text.isdigit():
        return int(text)
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?)?)?", text):
        raise BadQuery(f"--since {text!r}: give a run number (see `actorgraph runs`) or a date such as "
                              "2026-11-30 or 2026-11-30T08:00.")
    return store.last_run_before(text)


def watched_ids(store, names: list[str]) -> set[str]:
    """Every entity id (merged ones too) that the names of a watch list stand for."""
    ids = set()
    for name in names:
        ids.update(store.member_ids(resolve_entity(store, name)["id"]))
    return ids


def read_watchlist(path: str) -> list[str]:
    """Entity names or ids, one a line; blank lines and '#' comments are skipped."""
    with open(path, encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip() and not line.lstrip().startswith("#")]


def changes(store, since: str | int | None = None, watchlist: list[str] | None = None) -> dict:
    """Everything new since a run or date (see the module docstring), restricted to a watch list if given."""
    after = since_run(store, since)
    watched = watched_ids(store, watchlist) if watchlist else None
    names = entity_names(store)
    new = store.facts_since(after)
    keep = (lambda ids: bool(watched & set(ids))) if watched is not None else (lambda ids: True)  # noqa: E731
    return {
        "since_run": after,
        "runs": [{k: r[k] for k in ("id", "kind", "started_at", "finished_at", "summary")} for r in store.runs(after)],
        "watchlist": watchlist or [],
        "new_conflicts": [_conflict(c, names) for c in store.conflicts()
                          if (c["first_run"] or 0) > after and keep(_conflict_ids(c))],
        "moved_figures": [m for m in _moved_claims(store, new["claim"], after, names) + _moved_tolls(store, new["event"], after, names)
                          if keep(m["entities"])],
        "new_facts": [f for f in _new_facts(new, names) if keep(f["entities"])],
        "changed_facts": [c for c in store.fact_changes(after) if watched is None or _involves(store, c, watched)],
    }


def _conflict(c: dict, names: dict) -> dict:
    return {"kind": c["kind"], "subject": c["subject_id"], "subject_name": names.get(c["subject_id"], c["subject_id"]),
            "attribute": c["attribute"], "note": c["note"], "first_run": c["first_run"],
            "sides": [{k: side.get(k) for k in ("doc", "quote", "start", "end")} for side in c["sides"]]}


def _conflict_ids(c: dict) -> list[str]:
    return [c["subject_id"], *(side.get(k) for side in c["sides"] for k in ("subject", "object", "entity"))]


def _new_facts(new: dict, names: dict) -> list[dict]:
    out = []
    for r in new["relation"]:
        out.append(_fact("relation", r, f"{names.get(r['subject_id'])} {r['type']} {names.get(r['object_id'])}",
                         [r["subject_id"], r["object_id"]]))
    for e in new["event"]:
        who = ", ".join(names.get(a["entity_id"], a["entity_id"]) for a in e["actors"]) or "unknown actor"
        toll = f", {_range(e['killed_low'], e['killed_high'])} killed" if e["killed_low"] is not None else ""
        out.append(_fact("event", e, f"{e['subtype'] or e['type']} {e['date'] or 'undated'} ({who}){toll}",
                         [a["entity_id"] for a in e["actors"]] + [e["place_id"]]))
    for c in new["claim"]:
        out.append(_fact("claim", c, f"{names.get(c['subject_id']) or '?'} {c['attribute']} {_range(c['low'], c['high'])}"
                         + (f" (as of {c['as_of']})" if c["as_of"] else ""), [c["subject_id"]]))
    return out


def _fact(kind: str, row: dict, label: str, entities: list) -> dict:
    return {"fact": f"{kind}:{row['id']}", "kind": kind, "label": label, "run": row["run_id"],
            "entities": [e for e in entities if e], "doc": row["doc_id"], "quote": row["quote"],
            "start": row["ev_start"], "end": row["ev_end"]}


def _moved_claims(store, new_claims: list[dict], after: int, names: dict) -> list[dict]:
    """New claims outside the range the earlier claims about the same subject and attribute spanned."""
    pairs = sorted({(c["subject_id"], c["attribute"]) for c in new_claims if c["subject_id"]})
    earlier: dict[tuple, list[dict]] = {}
    for c in store.claims_about(pairs):
        if (c["run_id"] or 0) <= after:
            earlier.setdefault((c["subject_id"], c["attribute"]), []).append(c)
    out = []
    for c in new_claims:
        before = earlier.get((c["subject_id"], c["attribute"]))
        if not before:
            continue
        low, high = min(b["low"] for b in before), max(b["high"] for b in before)
        if c["low"] < low or c["high"] > high:
            out.append(_moved(f"claim:{c['id']}", names.get(c["subject_id"]), c["attribute"], (low, high),
                              (min(low, c["low"]), max(high, c["high"])), c, [c["subject_id"]]))
    return out


def _moved_tolls(store, new_reports: list[dict], after: int, names: dict) -> list[dict]:
    """New reports of an event whose death toll lies outside what the earlier reports of it said."""
    out = []
    fresh = [r for r in new_reports if r["event_id"] and r["killed_low"] is not None]
    earlier: dict[str, list[dict]] = {}
    for r in store.event_reports(sorted({r["event_id"] for r in fresh})):
        if (r["run_id"] or 0) <= after and r["killed_low"] is not None:
            earlier.setdefault(r["event_id"], []).append(r)
    labels = {e["id"]: e["label"] for e in store.events(sorted(earlier))}
    for r in fresh:
        before = earlier.get(r["event_id"])
        if not before:
            continue
        low, high = min(b["killed_low"] for b in before), max(b["killed_high"] for b in before)
        if r["killed_low"] < low or r["killed_high"] > high:
            out.append(_moved(f"event:{r['id']}", labels.get(r["event_id"], r["event_id"]), "killed", (low, high),
                              (min(low, r["killed_low"]), max(high, r["killed_high"])), r,
                              [a["entity_id"] for a in r["actors"]] + [r["place_id"]]))
    return out


def _moved(fact: str, subject_name, attribute: str, before: tuple, after: tuple, row: dict, entities: list) -> dict:
    return {"fact": fact, "subject_name": subject_name, "attribute": attribute,
            "before": figure_range(*before), "after": figure_range(*after), "entities": [e for e in entities if e],
            "doc": row["doc_id"], "quote": row["quote"], "start": row["ev_start"], "end": row["ev_end"]}


def _involves(store, change: dict, watched: set[str]) -> bool:
    """Whether a logged change is about a watched entity (a removed fact is judged by what it said)."""
    try:
        fact = store.document_fact(change["kind"], change["fact_id"])
    except ActorgraphError:
        return True   # the fact is gone: what it was about is not known any more, so it is shown
    key_ids = {part for part in fact["key"] if isinstance(part, str)}
    actors = {a[0] for a in fact["content"].get("actors") or []}
    return bool(watched & (key_ids | actors | {fact["content"].get("place_id")}))


def _range(low, high) -> str:
    fmt = lambda v: f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"  # noqa: E731
    return fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"


def atom_entries(found: dict) -> list[dict]:
    """One feed entry per change, conflicts and moved figures first: id, title, quote, document link, run time."""
    when = {r["id"]: r["finished_at"] or r["started_at"] for r in found["runs"]}
    latest = max(when.values(), default=None)
    entries = []
    for c in found["new_conflicts"]:
        entries.append(_entry(f"conflict/{c['kind']}/{c['subject']}/{c['attribute']}",
                              f"New conflict: {c['subject_name']} — {c['attribute']}: {c['note']}",
                              c["sides"], when.get(c["first_run"], latest)))
    for m in found["moved_figures"]:
        entries.append(_entry(f"figure/{m['fact']}", f"{m['subject_name']} {m['attribute']}: "
                              f"{_range(m['before']['low'], m['before']['high'])} → "
                              f"{_range(m['after']['low'], m['after']['high'])}", [m], latest))
    for f in found["new_facts"]:
        entries.append(_entry(f"fact/{f['fact']}", f"New {f['kind']}: {f['label']}", [f], when.get(f["run"], latest)))
    for c in found["changed_facts"]:
        entries.append(_entry(f"change/{c['id']}", f"{c['change'].capitalize()} {c['kind']}:{c['fact_id']}",
                              [{"doc": c["doc_id"], **c}], when.get(c["run_id"], latest)))
    return entries


def _entry(key: str, title: str, quoted: list[dict], updated: str | None) -> dict:
    return {"id": key, "title": title, "updated": updated,
            "quotes": [{"doc": q["doc"], "quote": q["quote"], "start": q["start"], "end": q["end"]} for q in quoted]}
