"""The entity graph as GraphML and GEXF, for networkx, Gephi, yEd and Cytoscape.

Nodes carry type, joined aliases and mention count; edges, one per fact (analyze.facts), carry the
relation type, its dates, modality, the citing documents and how many independent sources state it.
Both files are written by networkx, which declares GraphML keys with attr.name/attr.type and gives
GEXF nodes a `label`; dated GEXF edges get Gephi's dynamic `start`/`end` with `timeformat="date"`,
so dates are widened to whole days."""

from __future__ import annotations

import calendar
import io
import re
from datetime import date

from ..analyze import views
from ..models import SYMMETRIC_RELATIONS

_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def period(prefix: str | None) -> tuple[date, date] | None:
    """The first and last day an ISO prefix covers: "2016-08" -> (2016-08-01, 2016-08-31); None if unparsable."""
    m = _PREFIX.match(prefix or "")
    if not m:
        return None
    year = int(m.group(1))
    if not m.group(2):
        return date(year, 1, 1), date(year, 12, 31)
    month = int(m.group(2))
    if not 1 <= month <= 12:
        return None
    if not m.group(3):
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    try:
        day = date(year, month, int(m.group(3)))
    except ValueError:
        return None
    return day, day


def precision(prefix: str | None) -> str | None:
    """day, month or year: how much of an ISO prefix is given."""
    m = _PREFIX.match(prefix or "")
    if not m:
        return None
    return "day" if m.group(3) else "month" if m.group(2) else "year"


def entity_graph(store):
    """A networkx MultiDiGraph: every mentioned or related entity, one edge per relation fact."""
    import networkx as nx

    net = views.network(store)
    counts = store.mention_counts()
    entities = {e["id"]: e for e in store.entities()}
    aliases: dict[str, list[str]] = {}
    canon = store.canonical_map()
    for a in store.aliases():
        names = aliases.setdefault(canon.get(a["entity_id"], a["entity_id"]), [])
        if a["name"] not in names:
            names.append(a["name"])
    unlisted = views.unlisted_entity_ids(store)
    node_ids = sorted({n["id"] for n in net["nodes"]} | {e for e in counts if e in entities and e not in unlisted})
    graph = nx.MultiDiGraph(name="actorgraph entity graph")
    for node in node_ids:
        entity = entities.get(node, {"name": node, "type": "other"})
        graph.add_node(node, label=entity["name"], type=entity["type"],
                       aliases="; ".join(n for n in aliases.get(node, []) if n != entity["name"]),
                       mentions=counts.get(node, 0))
    for edge in net["edges"]:
        attrs = _edge_attrs(edge)
        graph.add_edge(edge["source"], edge["target"], key=attrs["id"], **attrs)
    return graph


def _edge_attrs(edge: dict) -> dict:
    attrs = {"id": f"r{edge['id']}", "relation": edge["type"], "label": edge["type"], "modality": edge["modality"] or "",
             "doc": edge["doc"] or "", "quote": edge["quote"] or "", "docs": "; ".join(edge["docs"]),
             "sources": edge["sources"], "citations": edge["citations"],
             "start_text": edge["start"] or "", "end_text": edge["end"] or "",
             "symmetric": edge["type"] in SYMMETRIC_RELATIONS}
    start, end = period(edge["start"]), period(edge["end"])
    if start:
        attrs["start"] = start[0].isoformat()
    if end:
        attrs["end"] = end[1].isoformat()
    if start and end and end[1] < start[0]:
        attrs.pop("end")   # a reversed span would make Gephi drop the edge; end_text keeps the source's date
    return attrs


def graphml(store, table=None) -> tuple[str, str]:
    import networkx as nx

    graph = entity_graph(store)
    buf = io.BytesIO()
    nx.write_graphml(graph, buf, encoding="utf-8", named_key_ids=False)
    return buf.getvalue().decode("utf-8"), _summary(graph)


def gexf(store, table=None) -> tuple[str, str]:
    import networkx as nx

    graph = entity_graph(store)
    buf = io.BytesIO()
    nx.write_gexf(graph, buf, encoding="utf-8", version="1.2draft")
    return buf.getvalue().decode("utf-8"), _summary(graph)


def _summary(graph) -> str:
    return f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
