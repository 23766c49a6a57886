"""Disagreements between sources, found over the whole knowledge base and stored side by side.

- event_figures: one event, different casualty figures in different reports;
- claim_figures: one subject, attribute and year, figures whose ranges do not overlap
  (figures from different years are a time series, not a conflict);
- date: one founding, or one relation fact (leadership, allegiance, ...), dates from different reports that
  cannot agree (analyze.facts reconciles compatible precisions: 2015 and 2015-01 agree);
- relation: a relationship asserted by one source and contradicted (allied vs hostile) or denied by another.
"""

from __future__ import annotations

from ..dates import overlaps
from ..models import SYMMETRIC_RELATIONS
from .facts import FACT_SUMMARIES, FACT_SUMMARY_VERSION, OPPOSED_TYPES, fact_key, fact_summary, relation_facts


def detect_conflicts(store) -> list[dict]:
    """Every conflict, found over the whole knowledge base; the relation facts merged on the way are
    stored too, as the summaries profiles page through (analyze.facts.fact_summary)."""
    reports = store.event_reports()
    relations = store.relations()
    docs = {d["id"]: d for d in store.documents()}
    doc_names = {d["id"]: d["path"].rsplit("/", 1)[-1] for d in docs.values()}
    facts = relation_facts(relations, docs, {})
    found = (_event_figures(reports) + _claim_figures(store.claims()) + _founding_dates(reports)
             + _relation_dates(facts) + _relation_contradictions(relations, doc_names))
    store.replace_conflicts(found)
    store.replace_fact_summaries(None, [fact_summary(f) for f in facts])
    store.set_marker(FACT_SUMMARIES, FACT_SUMMARY_VERSION)
    return found


def detect_new_conflicts(store, doc_ids: list[str], events_dropped: set[str], events_written: set[str]) -> None:
    """Recompute the conflicts new documents can touch: those of the events just rewritten and of every
    subject (claim figures, foundings, relation facts) a new document speaks of, read through indexes.
    The conflicts of each such subject are computed from all its rows, exactly as `detect_conflicts` does."""
    subjects = [("event_figures", "event", e, "killed") for e in sorted(events_dropped | events_written)]
    found = _event_figures(store.event_reports_with_toll(sorted(events_written)))
    for part in (_new_claim_conflicts(store, doc_ids), _new_founding_conflicts(store, doc_ids)):
        subjects += part[0]
        found += part[1]
    facts_touched, facts, relation_subjects, relation_conflicts = _new_relation_conflicts(store, doc_ids)
    subjects += relation_subjects
    found += relation_conflicts
    store.replace_some_conflicts(subjects, found)
    if store.marker(FACT_SUMMARIES) == FACT_SUMMARY_VERSION:   # else the next full derivation writes all
        store.replace_fact_summaries(facts_touched, [fact_summary(f) for f in facts])


def _new_claim_conflicts(store, doc_ids: list[str]) -> tuple[list[tuple], list[dict]]:
    keys = sorted({(c["subject_id"], c["attribute"]) for c in store.claims_of_documents(doc_ids)
                   if c["subject_id"] and c["as_of"]})
    rows = [c for subject, attribute in keys for c in store.claims(subject_id=subject, attribute=attribute)]
    return [("claim_figures", "entity", s, a) for s, a in keys], _claim_figures(sorted(rows, key=lambda c: c["id"]))


def _new_founding_conflicts(store, doc_ids: list[str]) -> tuple[list[tuple], list[dict]]:
    about = sorted({a["entity_id"] for r in store.event_reports_of_documents(doc_ids) if _is_founding(r)
                    for a in r["actors"] if a["role"] == "about"})
    reports = store.founding_reports(m for e in about for m in store.member_ids(e))
    found = [c for c in _founding_dates(reports) if c["subject_id"] in about]
    return [("date", "entity", e, "founded") for e in about], found


def _is_founding(report: dict) -> bool:
    return report["type"] == "announcement" and report["subtype"] == "founding" and bool(report["date"])


def _new_relation_conflicts(store, doc_ids: list[str]) -> tuple[list[tuple], list[dict], list[tuple], list[dict]]:
    """(facts touched, their merged facts, the conflict subjects they decide, those conflicts): the facts
    new relations state, and their opposites (allied against hostile), merged from all their rows."""
    new = store.relations_of_documents(doc_ids)
    touched = {(s, t, o) for s, t, o, _ in map(fact_key, new)}
    touched |= {(s, OPPOSED_TYPES[t], o) for s, t, o in touched if t in OPPOSED_TYPES}
    pairs = {_pair_key(r) for r in new}
    rows = store.relations_between((r["subject_id"], r["object_id"]) for r in new)
    docs = {d["id"]: d for d in store.documents_by_id(sorted({r["doc_id"] for r in rows}))}
    facts = relation_facts([r for r in rows if fact_key(r)[:3] in touched], docs, {})
    names = {d: docs[d]["path"].rsplit("/", 1)[-1] for d in docs}
    contradicted = _relation_contradictions([r for r in rows if _pair_key(r) in pairs], names)
    subjects = [("date", "entity", s, f"{t} {o} {which}") for s, t, o in sorted(touched) for which in ("start", "end")]
    subjects += [("relation", "entity", key[0], f"{key[2] if key[2] != 'alliance' else 'relationship'} with {key[1]}")
                 for key in sorted(pairs)]
    return sorted(touched), facts, subjects, _relation_dates(facts) + contradicted


def _side(row: dict, **values) -> dict:
    """One source's side of a disagreement: its figure or date, and its quote with the quote's offsets."""
    return {"doc": row["doc_id"], "quote": row["quote"], "start": row["ev_start"], "end": row["ev_end"], **values}


def _fmt(low, high) -> str:
    if low is None:
        return "?"
    low_s, high_s = f"{low:,.0f}", f"{high:,.0f}"
    return low_s if low == high else f"{low_s}–{high_s}"


def _event_figures(reports: list[dict]) -> list[dict]:
    by_event: dict[str, list[dict]] = {}
    for r in reports:
        if r["event_id"] and r["killed_low"] is not None:
            by_event.setdefault(r["event_id"], []).append(r)
    out = []
    for event_id, rows in sorted(by_event.items()):
        figures = {(r["killed_low"], r["killed_high"]) for r in rows}
        docs = sorted({r["doc_id"] for r in rows})
        if len(figures) < 2 or len(docs) < 2:
            continue
        sides = [_side(r, low=r["killed_low"], high=r["killed_high"], text=r["casualty_text"]) for r in rows]
        note = " vs ".join(f"{_fmt(s['low'], s['high'])} ({s['text'] or 'killed'})" for s in sides)
        out.append({"kind": "event_figures", "subject_kind": "event", "subject_id": event_id, "attribute": "killed",
                    "docs": docs, "note": note, "sides": sides})
    return out


def _claim_figures(claims: list[dict]) -> list[dict]:
    groups: dict[tuple, list[dict]] = {}
    for c in claims:
        if c["subject_id"] and c["as_of"]:
            groups.setdefault((c["subject_id"], c["attribute"], c["as_of"][:4]), []).append(c)
    out = []
    for (subject, attribute, year), rows in sorted(groups.items()):
        disagreeing = _non_overlapping_across_docs(rows)
        if not disagreeing:
            continue
        docs = sorted({c["doc_id"] for c in disagreeing})
        sides = [_side(c, low=c["low"], high=c["high"], as_of=c["as_of"], attributed_to=c["attributed_to"])
                 for c in disagreeing]
        note = f"{attribute} in {year}: " + " vs ".join(
            f"{_fmt(s['low'], s['high'])}" + (f" ({s['attributed_to']})" if s["attributed_to"] else "") for s in sides)
        out.append({"kind": "claim_figures", "subject_kind": "entity", "subject_id": subject, "attribute": attribute,
                    "docs": docs, "note": note, "sides": sides})
    return out


def _non_overlapping_across_docs(rows: list[dict]) -> list[dict]:
    """Claims that some claim from another document contradicts (ranges that cannot both be true)."""
    out = []
    for a in rows:
        for b in rows:
            if a["doc_id"] != b["doc_id"] and (a["high"] < b["low"] or b["high"] < a["low"]):
                out.append(a)
                break
    return out


def _founding_dates(reports: list[dict]) -> list[dict]:
    by_entity: dict[str, list[dict]] = {}
    for r in reports:
        if r["type"] == "announcement" and r["subtype"] == "founding" and r["date"]:
            for actor in r["actors"]:
                if actor["role"] == "about":
                    by_entity.setdefault(actor["entity_id"], []).append(r)
    out = []
    for entity_id, rows in sorted(by_entity.items()):
        earliest: dict[str, dict] = {}
        for r in rows:
            if r["doc_id"] not in earliest or r["date"] < earliest[r["doc_id"]]["date"]:
                earliest[r["doc_id"]] = r
        firsts = list(earliest.values())
        disagreeing = [a for a in firsts if any(not overlaps(a["date"], b["date"]) for b in firsts if b is not a)]
        if len(disagreeing) < 2:
            continue
        sides = [_side(r, date=r["date"], precision=r["date_precision"], text=r["date_text"]) for r in disagreeing]
        note = "founded: " + " vs ".join(dict.fromkeys(f"{s['date']} ({s['text'] or s['precision']})" for s in sides))
        out.append({"kind": "date", "subject_kind": "entity", "subject_id": entity_id, "attribute": "founded",
                    "docs": sorted(earliest), "note": note, "sides": sides})
    return out


def _relation_dates(facts: list[dict]) -> list[dict]:
    """A relation whose sources give start or end dates that cannot denote the same time (analyze.facts)."""
    out = []
    for fact in facts:
        for which, sides in fact["date_disagreement"].items():
            docs = sorted({d for side in sides for d in side["docs"]})
            if len(docs) < 2:
                continue   # one report giving two dates is its own nuance (or an extraction error), not two sources
            rows = [c for c in fact["citations"] if c[which]]
            out.append({"kind": "date", "subject_kind": "entity", "subject_id": fact["subject"],
                        "attribute": f"{fact['type']} {fact['object']} {which}", "docs": docs,
                        "note": " vs ".join(f"{side['date']} ({side['sources']} source{'s' if side['sources'] > 1 else ''})"
                                            for side in sides),
                        "sides": [_side(_row(c), date=c[which], subject=fact["subject"], type=fact["type"],
                                        object=fact["object"]) for c in rows]})
    return out


def _row(citation: dict) -> dict:
    """A citation in the shape `_side` reads (a relation row's evidence columns)."""
    ev = citation["evidence"]
    return {"doc_id": ev["doc"], "quote": ev["quote"], "ev_start": ev["start"], "ev_end": ev["end"]}


def _pair_key(r: dict) -> tuple:
    """What two relations must share to contradict each other: both ends, and the type unless symmetric."""
    if r["type"] in SYMMETRIC_RELATIONS:
        return tuple(sorted((r["subject_id"], r["object_id"]))) + ("alliance",)
    return r["subject_id"], r["object_id"], r["type"]


def _relation_contradictions(relations: list[dict], doc_names: dict[str, str]) -> list[dict]:
    """allied_with against hostile_to for one pair; or a relation asserted in one report and denied in another."""
    pairs: dict[tuple, dict[str, list[dict]]] = {}
    for r in relations:
        stance = "allied" if r["type"] == "allied_with" else "hostile" if r["type"] in SYMMETRIC_RELATIONS else "asserted"
        if r["modality"] == "denied":
            stance = "denied"
        pairs.setdefault(_pair_key(r), {}).setdefault(stance, []).append(r)
    out = []
    for key, stances in sorted(pairs.items()):
        opposed = [("allied", "hostile"), ("asserted", "denied"), ("allied", "denied"), ("hostile", "denied")]
        for a, b in opposed:
            if a in stances and b in stances:
                docs_a = {r["doc_id"] for r in stances[a]}
                docs_b = {r["doc_id"] for r in stances[b]}
                if docs_a == docs_b and len(docs_a) == 1:
                    continue   # one report weighing both sides is nuance, not a disagreement between sources
                sides, seen = [], set()
                for stance, row in [(a, r) for r in stances[a]] + [(b, r) for r in stances[b]]:
                    if (row["doc_id"], row["ev_start"], stance) not in seen:
                        seen.add((row["doc_id"], row["ev_start"], stance))
                        sides.append(_side(row, stance=stance, type=row["type"], subject=row["subject_id"],
                                           object=row["object_id"]))
                label = key[2] if key[2] != "alliance" else "relationship"
                out.append({"kind": "relation", "subject_kind": "entity", "subject_id": key[0],
                            "attribute": f"{label} with {key[1]}", "docs": sorted(docs_a | docs_b),
                            "note": f"{a} in {', '.join(sorted(doc_names.get(d, d) for d in docs_a))} vs {b} in "
                                    f"{', '.join(sorted(doc_names.get(d, d) for d in docs_b))}",
                            "sides": sides})
                break
    return out
