"""A written dossier on one group, from the knowledge base: HTML (inline SVG charts, no JS), Markdown or PDF.

`dossier(store, name)` gathers plain dicts from analyze.views, with each source document numbered in
order of first citation; `render(data, fmt)` writes them through the templates in templates/.
Every piece of document-derived text is escaped: the HTML template autoescapes and the SVG builders
escape their labels.
"""

from __future__ import annotations

import html
import math
from pathlib import Path

from ..analyze import views
from ..analyze.facts import source_numbers
from ..errors import ActorgraphError

TEMPLATES = Path(__file__).parent / "templates"
FORMATS = ("html", "md", "pdf")
ORIGIN_TYPES = ("formed_from", "founder_of", "pledged_allegiance_to", "part_of")
ALLY_TYPES = ("allied_with",)
RIVAL_TYPES = ("hostile_to",)
AFFILIATE_TYPES = ("part_of", "pledged_allegiance_to", "formed_from", "member_of")
STRENGTH_ATTRIBUTES = ("fighters", "members", "strength")
EDGE_COLOURS = {"allied_with": "#2e7d32", "hostile_to": "#c62828", "leader_of": "#6a1b9a", "founder_of": "#6a1b9a"}
NODE_COLOURS = {"group": "#1565c0", "person": "#6a1b9a", "place": "#2e7d32", "other": "#757575"}
PALETTE = ("#1565c0", "#c62828", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457", "#4e342e")


class PdfUnavailable(ActorgraphError):
    code = "AG070"


# -- data ---------------------------------------------------------------------------------
class Citations:
    """Numbers source documents in the order the dossier first cites them."""

    def __init__(self, documents: list[dict]):
        self.docs = {d["id"]: d for d in documents}
        self.order: list[str] = []

    def cite(self, doc_id: str | None) -> int | None:
        if not doc_id or doc_id not in self.docs:
            return None
        if doc_id not in self.order:
            self.order.append(doc_id)
        return self.order.index(doc_id) + 1

    def cite_all(self, doc_ids) -> list[int]:
        return sorted({n for n in (self.cite(d) for d in doc_ids) if n})

    def sources(self) -> list[dict]:
        return [{"n": i + 1, **_source(self.docs[d])} for i, d in enumerate(self.order)]


def dossier(store, name: str) -> dict:
    """Everything the dossier shows about one group, as plain dicts with citation numbers."""
    entity = views.resolve_entity(store, name)
    profile = views.entity_profile(store, entity["id"])
    cites = Citations(store.documents())
    eid = entity["id"]
    rels = [r for rows in profile["relations"].values() for r in rows]
    data = {
        "entity": profile["entity"],
        "names": _names(profile, cites),
        "origins": _origins(profile, rels, cites),
        "leaders": [{**row, "cites": cites.cite_all(s["doc"] for s in row["sources"])} for row in profile["leaders"]],
        "allies": _partners(rels, eid, ALLY_TYPES, cites),
        "rivals": _partners(rels, eid, RIVAL_TYPES, cites),
        "affiliates": _partners(rels, eid, AFFILIATE_TYPES, cites),
        "network": views.network(store, center=eid),
        "events": _events(profile, cites),
        "claims": [{**c, "cites": cites.cite_all([c["evidence"]["doc"]])} for c in profile["claims"]],
        "conflicts": _conflicts(profile, cites),
        "mentions": profile["mentions"],
    }
    cites.cite_all(profile["documents"])   # documents that mention the group but are not cited above come last
    data["sources"] = cites.sources()
    data["strength"] = [c for c in data["claims"] if c["attribute"] in STRENGTH_ATTRIBUTES]
    return data


def _names(profile: dict, cites: Citations) -> list[dict]:
    out: dict[str, dict] = {}
    for a in profile["aliases"]:
        row = out.setdefault(a["name"], {"name": a["name"], "sources": [], "cites": []})
        if a["source"] not in row["sources"]:
            row["sources"].append(a["source"])
        n = cites.cite(a["doc"])
        if n and n not in row["cites"]:
            row["cites"].append(n)
    main = profile["entity"]["name"]
    return sorted(out.values(), key=lambda r: (r["name"] != main, r["name"].lower()))


def _origins(profile: dict, rels: list[dict], cites: Citations) -> dict:
    about = profile["about"]
    rows = [_relation_row(r, cites) for r in rels if r["type"] in ORIGIN_TYPES]
    return {"founded": about["founded"], "parent": about["parent"]["name"] if about["parent"] else None,
            "note": about["description"], "references": about["references"],
            "relations": sorted(rows, key=lambda r: (r["start"] or "9999", r["text"]))}


def _relation_row(r: dict, cites: Citations) -> dict:
    """One fact as the dossier words it: every citing source, one quote from each independent source."""
    docs = [c["evidence"]["doc"] for c in r["citations"]]
    dated_by = r["dated_by"]["start"] or r["dated_by"]["end"]
    return {"text": f"{r['subject_name'] or r['subject']} {r['type'].replace('_', ' ')} {r['object_name'] or r['object']}",
            "type": r["type"], "start": r["start"], "end": r["end"], "modality": r["modality"],
            "sources": r["independent_sources"], "cites": cites.cite_all(docs),
            "date_cites": cites.cite_all(dated_by) if set(dated_by) != set(docs) else [],
            "disagreement": _date_disagreement(r, cites),
            "quotes": [{"quote": c["evidence"]["quote"], "modality": c["modality"],
                        "cites": cites.cite_all([c["evidence"]["doc"]])} for c in _one_per_source(r)]}


def _one_per_source(fact: dict) -> list[dict]:
    """The first citation of each independent source, preferring one that gives the fact's date."""
    chosen: dict[int, dict] = {}
    for c in sorted(fact["citations"], key=lambda c: not fact["start"] or c["start"] != fact["start"]):
        chosen.setdefault(c["source"], c)
    return [chosen[n] for n in sorted(chosen)]


def _date_disagreement(fact: dict, cites: Citations) -> str:
    """'start: 2017 [3] vs 2020 [5]' when the sources give dates that cannot all hold."""
    parts = [f"{which}: " + " vs ".join(f"{side['date']} " + "".join(f"[{n}]" for n in cites.cite_all(side["docs"]))
                                       for side in sides)
             for which, sides in fact["date_disagreement"].items()]
    return "; ".join(parts)


def _partners(rels: list[dict], eid: str, types: tuple, cites: Citations) -> list[dict]:
    out: dict[tuple, dict] = {}
    for r in rels:
        if r["type"] not in types or r["modality"] == "denied":
            continue
        other, name = (r["object"], r["object_name"]) if r["subject"] == eid else (r["subject"], r["subject_name"])
        row = out.setdefault((other, r["type"]), {"id": other, "name": name or other, "type": r["type"],
                                                  "direction": "to" if r["subject"] == eid else "from",
                                                  "start": r["start"], "end": r["end"], "citations": []})
        row["start"] = min(filter(None, (row["start"], r["start"])), default=None)
        row["end"] = max(filter(None, (row["end"], r["end"])), default=None)
        row["citations"] += r["citations"]
    for row in out.values():
        citations = row.pop("citations")
        row["cites"] = cites.cite_all(c["evidence"]["doc"] for c in citations)
        row["sources"] = len(set(source_numbers(citations)))
    return sorted(out.values(), key=lambda r: r["name"].lower())


def _events(profile: dict, cites: Citations) -> list[dict]:
    seen, out = set(), []
    for ev in sorted(profile["events"], key=lambda e: (e["date"] or "9999", e["id"])):
        if ev["id"] in seen:
            continue
        seen.add(ev["id"])
        out.append({**ev, "cites": cites.cite_all(r["doc"] for r in ev["reports"])})
    return out


def _conflicts(profile: dict, cites: Citations) -> list[dict]:
    """Disagreements, an event's named by its label rather than its id."""
    labels = {e["id"]: e["label"] or f"{e['type']} {e['date'] or ''}".strip() for e in profile["events"]}
    return [{**c, "subject_name": labels.get(c["subject_id"], c["subject_name"]) if c["subject_kind"] == "event"
             else c["subject_name"], "cites": cites.cite_all(c["docs"])} for c in profile["conflicts"]]


def _source(doc: dict) -> dict:
    return {"id": doc["id"], "title": doc.get("title") or Path(doc.get("path") or doc["id"]).name,
            "outlet": doc.get("outlet"), "author": doc.get("author"), "published": doc.get("published"),
            "path": doc.get("path")}


# -- SVG ------------------------------------------------------------------------------------
def _e(text) -> str:
    return html.escape(str(text), quote=True)


def network_svg(net: dict, width: int = 760, height: int = 560) -> str:
    """The group's own ties: the group in the middle, each related entity on an ellipse, edges coloured by type."""
    nodes = {n["id"]: n for n in net["nodes"]}
    center = net["center"]
    ties: dict[str, list[str]] = {}
    for e in net["edges"]:
        if center in (e["source"], e["target"]) and e["source"] != e["target"]:
            other = e["target"] if e["source"] == center else e["source"]
            if e["type"] not in ties.setdefault(other, []):
                ties[other].append(e["type"])
    others = sorted(ties, key=lambda n: (nodes[n]["type"], nodes[n]["name"].lower()))
    if not others:
        return ""
    cx, cy = width / 2, height / 2
    rx, ry = width / 2 - 150, height / 2 - 50
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
             ' role="img" aria-label="Network of related entities" class="chart">']
    labels = []
    for i, n in enumerate(others):
        angle = 2 * math.pi * i / len(others) - math.pi / 2
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        types = ties[n]
        colour = next((EDGE_COLOURS[t] for t in types if t in EDGE_COLOURS), "#90a4ae")
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="{colour}" stroke-width="2">'
                     f'<title>{_e(", ".join(types))}</title></line>')
        node = nodes[n]
        name = node["name"] if len(node["name"]) <= 30 else node["name"][:28] + "…"
        anchor = "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"
        dx = 12 if anchor == "start" else -12 if anchor == "end" else 0
        dy = 4 if anchor != "middle" else (-12 if math.sin(angle) < 0 else 20)
        relation = ", ".join(t.replace("_", " ") for t in types)
        labels.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="{NODE_COLOURS.get(node["type"], "#757575")}" '
                      f'stroke="#fff" stroke-width="2"><title>{_e(node["name"])}</title></circle>'
                      f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" font-size="11" text-anchor="{anchor}">{_e(name)}'
                      f'<tspan x="{x + dx:.1f}" dy="12" font-size="9" fill="{colour}">{_e(relation)}</tspan></text>')
    parts += labels
    parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="16" fill="{NODE_COLOURS["group"]}" stroke="#fff" '
                 f'stroke-width="2"/><text x="{cx:.1f}" y="{cy + 30:.1f}" font-size="12" font-weight="bold" '
                 f'text-anchor="middle">{_e(nodes[center]["name"])}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def strength_svg(claims: list[dict], width: int = 760, height: int = 320) -> str:
    """One mark per source's estimate: a dot for a single figure, a bar with caps for a range; [n] cites it."""
    points = [c for c in claims if c["low"] is not None]
    if not points:
        return ""
    years = [_year(c) for c in points]
    known = [y for y in years if y is not None]
    lo_year, hi_year = (min(known), max(known)) if known else (0, 1)
    lo_year, hi_year = lo_year - 0.5, hi_year + 0.5   # half a year of margin keeps end marks inside the plot
    top = max(max(c["high"] or c["low"] for c in points), 1)
    scale = _nice(top)
    left, right, upper, lower = 70, 110, 20, 40
    plot_w, plot_h = width - left - right, height - upper - lower

    def px(year, i):
        if year is None:
            return left + plot_w * (i + 0.5) / len(points)
        return left + plot_w * (year - lo_year) / (hi_year - lo_year)

    def py(value):
        return upper + plot_h * (1 - value / scale)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
             ' role="img" aria-label="Strength estimates by source" class="chart">',
             f'<line x1="{left}" y1="{upper}" x2="{left}" y2="{upper + plot_h}" stroke="#333"/>',
             f'<line x1="{left}" y1="{upper + plot_h}" x2="{left + plot_w}" y2="{upper + plot_h}" stroke="#333"/>']
    for k in range(5):
        value = scale * k / 4
        y = py(value)
        parts.append(f'<line x1="{left - 4}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{value:,.0f}</text>')
    if known:
        for year in range(math.ceil(lo_year), math.floor(hi_year) + 1):
            x = px(year, 0)
            parts.append(f'<text x="{x:.1f}" y="{upper + plot_h + 18}" font-size="11" text-anchor="middle">{year}</text>')
    colours: dict[int, str] = {}
    offsets: dict[tuple, int] = {}
    for i, (c, year) in enumerate(zip(points, years)):
        n = (c["cites"] or [0])[0]
        colour = colours.setdefault(n, PALETTE[len(colours) % len(PALETTE)])
        slot = offsets[(year, 0)] = offsets.get((year, 0), -1) + 1
        x = px(year, i) + (slot * 14 if year is not None else 0)
        low, high = c["low"], c["high"] if c["high"] is not None else c["low"]
        title = _e(f"[{n}] {_figure(low, high)} {c['attribute']}" + (f" as of {c['as_of']}" if c["as_of"] else ""))
        if high != low:
            parts.append(f'<line x1="{x:.1f}" y1="{py(low):.1f}" x2="{x:.1f}" y2="{py(high):.1f}" stroke="{colour}" '
                         f'stroke-width="4"><title>{title}</title></line>')
            for v in (low, high):
                parts.append(f'<line x1="{x - 5:.1f}" y1="{py(v):.1f}" x2="{x + 5:.1f}" y2="{py(v):.1f}" '
                             f'stroke="{colour}" stroke-width="2"/>')
        else:
            parts.append(f'<circle cx="{x:.1f}" cy="{py(low):.1f}" r="5" fill="{colour}"><title>{title}</title></circle>')
        parts.append(f'<text x="{x + 8:.1f}" y="{py(high) + 4:.1f}" font-size="11" fill="{colour}">[{n}] '
                     f'{_e(_figure(low, high))}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _year(claim: dict) -> int | None:
    text = claim.get("as_of") or ""
    return int(text[:4]) if text[:4].isdigit() else None


def _nice(top: float) -> float:
    magnitude = 10 ** math.floor(math.log10(top))
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= top * 1.1:
            return step * magnitude
    return 10 * magnitude


def _figure(low, high) -> str:
    def fmt(x):
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"
    if low is None and high is None:
        return "?"
    if high is None or low == high:
        return fmt(low)
    return f"{fmt(low)}–{fmt(high)}"


# -- rendering -----------------------------------------------------------------------------------
def render(data: dict, fmt: str) -> str | bytes:
    """The dossier as HTML or Markdown text, or PDF bytes."""
    if fmt not in FORMATS:
        raise ActorgraphError(f"Unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    if fmt == "pdf":
        return to_pdf(render(data, "html"))
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                             autoescape=lambda name: bool(name) and name.endswith(".html.j2"), trim_blocks=True, lstrip_blocks=True)
    env.filters["figure"] = _figure
    env.filters["cites"] = lambda ns: "".join(f"[{n}]" for n in ns)
    env.filters["md"] = _md_escape
    env.filters["span"] = _span
    svgs = {"network_svg": network_svg(data["network"]), "strength_svg": strength_svg(data["strength"])}
    if fmt == "html":
        svgs = {k: jinja2.utils.markupsafe.Markup(v) for k, v in svgs.items()}   # built above with every label escaped
    return env.get_template(f"dossier.{fmt}.j2").render(d=data, **svgs)


def _md_escape(text) -> str:
    """Markdown passes raw HTML through, so document text is HTML-escaped and table pipes are neutralised."""
    return html.escape(str(text if text is not None else ""), quote=False).replace("|", "\\|").replace("\n", " ")


def _span(row: dict) -> str:
    start, end = row.get("start"), row.get("end")
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"from {start}"
    if end:
        return f"until {end}"
    return "dates unknown"


def to_pdf(html_text: str) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            f"PDF output needs WeasyPrint and Pango ({exc}). Install: .venv/bin/pip install weasyprint "
            "(and on Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0), or use --format html.") from exc
    return HTML(string=html_text).write_pdf()


def write_report(store, name: str, fmt: str) -> tuple[str | bytes, str]:
    """Render the dossier; returns (content, one-line summary)."""
    data = dossier(store, name)
    content = render(data, fmt)
    summary = (f"dossier on {data['entity']['name']}: {len(data['names'])} names, {len(data['leaders'])} leaders, "
               f"{len(data['events'])} events, {len(data['claims'])} claims, {len(data['sources'])} sources")
    return content, summary
