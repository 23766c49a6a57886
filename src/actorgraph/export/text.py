"""Plain-text renderings of the view data functions, for the terminal."""

from __future__ import annotations

import textwrap


def _quote(q: str, width: int = 100) -> str:
    q = " ".join(q.split())
    return textwrap.shorten(q, width=width, placeholder=" …")


def _span(low, high) -> str:
    if low is None:
        return "?"
    fmt = (lambda v: f"{v:,.0f}") if float(low).is_integer() and float(high).is_integer() else (lambda v: f"{v:,.2f}")
    return fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"


def fact_label(item: dict) -> str:
    """'relation:12' and, when an analyst reviewed the fact, its verdict."""
    return item.get("fact", "") + (f" [{item['review']}]" if item.get("review") else "")


def doc_label(doc_id: str, docs: dict) -> str:
    d = docs.get(doc_id) or {}
    name = (d.get("path") or doc_id).rsplit("/", 1)[-1]
    return f"{name}"


def relations_text(rows: list[dict], docs: dict) -> str:
    if not rows:
        return "No relations found."
    lines = []
    for r in rows:
        when = f"{r['start'] or '?'} → {r['end'] or ''}".strip()
        ended = f" ({r['end_reason']})" if r["end_reason"] else ""
        undated = "  (start unknown: not known to have ended)" if r.get("undated") else ""
        sources = f"{r['independent_sources']} source{'s' if r['independent_sources'] > 1 else ''}"
        lines.append(f"{r['subject_name']} —{r['type']}→ {r['object_name']}  [{when}{ended}]  "
                     f"{', '.join(r['modalities'])}  ({sources}){undated}")
        cited = {c["evidence"]["doc"] for c in r["citations"]}
        for which, dated_by in r["dated_by"].items():
            if dated_by and set(dated_by) != cited and which not in r["date_disagreement"]:
                lines.append(f"    {which} given by {', '.join(doc_label(d, docs) for d in dated_by)} only")
        for which, sides in r["date_disagreement"].items():
            lines.append(f"    sources disagree on the {which}: " + " vs ".join(
                f"{s['date']} ({', '.join(doc_label(d, docs) for d in s['docs'])})" for s in sides))
        for c in r["citations"]:
            ev = c["evidence"]
            lines.append(f"    [{c['source']}] “{_quote(ev['quote'])}”  — {doc_label(ev['doc'], docs)} @{ev['start']}-{ev['end']}"
                         f"  {fact_label(c)}")
    return "\n".join(lines)


def leaders_text(rows: list[dict], docs: dict, group_name: str) -> str:
    if not rows:
        return f"No leaders of {group_name} found."
    lines = [f"Leaders of {group_name}, in time order:"]
    for p in rows:
        ended = f", {p['end_reason']}" if p["end_reason"] else ""
        contested = "  [contested: overlaps " + ", ".join(p["contested_with"]) + "]" if p.get("contested_with") else ""
        lines.append(f"- {p['name']}: {p['start'] or '?'} → {p['end'] or 'present/unknown'}{ended}{contested}")
        for note in p["notes"]:
            lines.append(f"    note: {note}")
        for ev in p["sources"]:
            lines.append(f"    “{_quote(ev['quote'])}”  — {doc_label(ev['doc'], docs)}")
    return "\n".join(lines)


def events_text(rows: list[dict], docs: dict) -> str:
    if not rows:
        return "No events found."
    lines = []
    for e in rows:
        perps = ", ".join(p["name"] or p["id"] for p in e["perpetrators"]) or "-"
        about = ", ".join(p["name"] or p["id"] for p in e["about"])
        killed = f" killed {_span(e['killed']['low'], e['killed']['high'])}" if e["killed"] else ""
        lines.append(f"{e['date'] or '????'} ({e['date_precision'] or '?'})  {e['subtype'] or e['type']}"
                     f" at {e['place_name'] or '?'}  by {perps}" + (f"  against/about {about}" if about else "") + killed)
        for rep in e["reports"]:
            figure = f" [{rep['casualty_text']}]" if rep["casualty_text"] else ""
            lines.append(f"    {doc_label(rep['doc'], docs)} ({rep['modality']}){figure}: “{_quote(rep['evidence']['quote'])}”"
                         f"  {fact_label(rep)}")
    return "\n".join(lines)


def claims_text(rows: list[dict], docs: dict) -> str:
    if not rows:
        return "No claims found."
    lines = [f"{'attribute':<22}{'figure':>14}  {'as of':<10} {'asserted by':<40} source"]
    for c in rows:
        who = (c["attributed_to"] or "(the report)")[:39]
        lines.append(f"{c['attribute']:<22}{_span(c['low'], c['high']):>14}  {c['as_of'] or '?':<10} {who:<40} "
                     f"{doc_label(c['evidence']['doc'], docs)}")
        lines.append(f"    “{_quote(c['evidence']['quote'])}”" + (f"  ({c['subject_note']})" if c["subject_note"] else "")
                     + f"  {fact_label(c)}")
    return "\n".join(lines)


def conflicts_text(rows: list[dict], docs: dict) -> str:
    if not rows:
        return "No disagreements between sources found."
    lines = []
    for c in rows:
        lines.append(f"[{c['kind']}] {c['subject_name']} — {c['attribute']}: {c['note']}")
        for side in c["sides"]:
            label = ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in side.items()
                              if k in ("low", "high", "date", "began", "stance", "as_of") and v is not None)
            lines.append(f"    {doc_label(side['doc'], docs)} ({label}): “{_quote(side['quote'], 140)}”")
    return "\n".join(lines)


def aliases_text(entity: dict, aliases: list[dict], docs: dict) -> str:
    lines = [f"{entity['name']}  ({entity['id']}, {entity['type']})"]
    for a in aliases:
        where = f" in {doc_label(a['doc_id'], docs)} @{a['start']}" if a.get("doc_id") else ""
        lines.append(f"  {a['name']:<45} {a['source']:<12} {a['reason']}{where}")
        if a.get("quote"):
            lines.append(f"      “{_quote(a['quote'])}”")
    return "\n".join(lines)


def changes_text(data: dict, docs: dict) -> str:
    """`analyze.changes.changes` for the terminal: conflicts and moved figures first, each with its quote."""
    lines = [f"Changes after run {data['since_run']}: {len(data['runs'])} run(s)"
             + (f", watching {', '.join(data['watchlist'])}" if data["watchlist"] else "")]
    sections = (("New conflicts", data["new_conflicts"]), ("Figures that moved a range", data["moved_figures"]),
                ("New facts", data["new_facts"]), ("Changed or removed facts", data["changed_facts"]))
    for title, items in sections:
        lines.append(f"\n{title}: {len(items)}")
        for item in items:
            lines.extend(_change_lines(item, docs))
    return "\n".join(lines)


def _change_lines(item: dict, docs: dict) -> list[str]:
    if "sides" in item:   # a conflict
        return [f"  [{item['kind']}] {item['subject_name']} — {item['attribute']}: {item['note']}"] + [
            f"      {doc_label(s['doc'], docs)}: “{_quote(s['quote'])}”" for s in item["sides"]]
    if "before" in item and "fact" in item:   # a moved figure
        return [f"  {item['subject_name']} {item['attribute']}: {_span(item['before']['low'], item['before']['high'])}"
                f" → {_span(item['after']['low'], item['after']['high'])}  ({item['fact']})",
                f"      {doc_label(item['doc'], docs)}: “{_quote(item['quote'])}”"]
    if "change" in item:   # logged by reprocess
        what = ", ".join(f"{k} {item['before'].get(k)!r} → {item['after'].get(k)!r}" for k in item.get("after") or {}) \
            if item["change"] == "changed" else ""
        return [f"  {item['change']} {item['kind']}:{item['fact_id']} (run {item['run_id']}){': ' + what if what else ''}",
                f"      {doc_label(item['doc_id'], docs)}: “{_quote(item['quote'])}”"]
    return [f"  {item['label']}  ({item['fact']}, run {item['run']})",
            f"      {doc_label(item['doc'], docs)}: “{_quote(item['quote'])}”"]
