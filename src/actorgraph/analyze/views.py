"""One data function per view: plain dicts that the CLI, the web pages, the API and the exports all render."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from ..dates import overlaps
from ..errors import AmbiguousEntity, UnknownEntity
from ..models import SYMMETRIC_RELATIONS
from ..names import fold
from ..store import EventFilter
from .facts import evidence_item, fact_key, relation_facts
from .prose import describe, public_attrs

CITATIONS_SHOWN = 20  # citations (reports, sides) listed per item where answers must stay small; a total counts all

# -- finding entities ---------------------------------------------------------
def resolve_entity(store, name_or_id: str, type: str | None = None) -> dict:
    """The entity an analyst means by an id, a name or an alias; a clear error when none or several fit."""
    entity = store.entity(store.canonical_id(name_or_id))
    if entity is not None and not entity["merged_into"]:
        return entity
    ids = store.entity_ids_by_name(name_or_id)
    candidates = [store.entity(i) for i in ids]
    candidates = [c for c in candidates if c and (type is None or c["type"] == type)]
    if len(candidates) > 1:
        counts = store.mention_counts()
        mentioned = [c for c in candidates if counts.get(c["id"])]
        if len(mentioned) == 1:
            return mentioned[0]
        listing = ", ".join(f"{c['id']} ({c['type']})" for c in candidates)
        raise AmbiguousEntity(f"'{name_or_id}' names several entities: {listing}. Use one of those ids.")
    if candidates:
        return candidates[0]
    suggestions = [s["name"] for s in search_entities(store, name_or_id, limit=3)]
    hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
    raise UnknownEntity(f"No entity is called '{name_or_id}'.{hint} List them with: actorgraph entities")


def search_entities(store, query: str, limit: int = 10) -> list[dict]:
    """Entities whose names or aliases match the query, typo-tolerant, best first."""
    found: dict[str, dict] = {}
    # with a dict of choices rapidfuzz yields (choice, score, key)
    for _, score, key in process.extract(fold(query), store.name_choices(), scorer=fuzz.WRatio, limit=limit * 5,
                                         score_cutoff=70):
        entity_id, name = key.split("\x00", 1)
        if entity_id not in found or score > found[entity_id]["score"]:
            found[entity_id] = {"id": entity_id, "matched": name, "score": round(score, 1)}
    for entity_id in list(found):   # generic groups no fact names stay out, as in lists (unlisted_entity_ids)
        entity = store.entity(entity_id)
        if entity["type"] == "group" and entity["merged_into"] is None and entity["attrs"].get("generic") \
                and not store.named_by_a_fact(entity_id):
            del found[entity_id]
    counts = store.mention_counts(found)
    for entity_id, hit in found.items():
        entity = store.entity(entity_id)
        hit.update(name=entity["name"], type=entity["type"], mentions=counts.get(entity_id, 0))
    ranked = sorted(found.values(), key=lambda e: (-e["score"], -e["mentions"], e["name"]))
    return [{k: e[k] for k in ("id", "name", "type", "matched", "score", "mentions")} for e in ranked[:limit]]


def search(store, query: str, limit: int = 20) -> dict:
    """Full-text hits in documents and typo-tolerant hits on entity names."""
    return {"query": query, "entities": search_entities(store, query, limit),
            "documents": store.search_documents(query, limit)}


# -- relations ---------------------------------------------------------------
def entity_names(store) -> dict[str, str]:
    return store.entity_names()


def relations(store, entity_id: str | None = None, type: str | None = None, as_of: str | None = None) -> list[dict]:
    """Relation facts of an entity, optionally of one type and holding at a date: one per statement,
    with every source's citation and the count of independent sources (see analyze.facts)."""
    rows = store.relations(entity_id=entity_id, type=type)
    docs = {d["id"]: d for d in store.documents_by_id(sorted({r["doc_id"] for r in rows}))}
    out = []
    for fact in relation_facts(rows, docs, entity_names(store)):
        if as_of and not holds_at(fact["start"], fact["end"], as_of):
            continue
        # with no known start, 'holds then' is only 'not known to have ended': say so
        fact["undated"] = bool(as_of) and not fact["start"]
        out.append(fact)
    return sorted(out, key=lambda r: (r["type"], r["start"] or "", r["subject_name"] or "", r["object_name"] or ""))


def relation_facts_of_document(store, doc_id: str) -> list[dict]:
    """The relation facts a document states, each with every source's citation (read by entity, not all rows)."""
    own = store.relations_of_document(doc_id)
    keys = {fact_key(r) for r in own}
    ends = sorted({m for r in own for e in (r["subject_id"], r["object_id"]) for m in store.member_ids(e)})
    rows = [r for r in store.relations_involving(ends) if fact_key(r) in keys] if own else []
    docs = {d["id"]: d for d in store.documents_by_id(sorted({r["doc_id"] for r in rows}))}
    return relation_facts(rows, docs, entity_names(store))


def holds_at(start: str | None, end: str | None, as_of: str) -> bool:
    """Whether a dated relation holds at an ISO date prefix; open ends hold, an unknown start holds."""
    if start and start > as_of and not as_of.startswith(start) and not start.startswith(as_of):
        return False
    if end and end < as_of and not as_of.startswith(end) and not end.startswith(as_of):
        return False
    return True


def leaders(store, group_id: str, facts: list[dict] | None = None) -> list[dict]:
    """Leaders of a group in time order, one row per person: the leader_of fact every source states.

    `facts`: the group's relation facts when the caller has them already."""
    facts = relations(store, entity_id=group_id, type="leader_of") if facts is None else facts
    rows = [{"person": f["subject"], "name": f["subject_name"], "start": f["start"], "end": f["end"],
             "end_reason": f["end_reason"], "notes": f["notes"], "sources": [c["evidence"] for c in f["citations"]],
             "sources_total": f.get("citations_total", len(f["citations"])),
             "independent_sources": f["independent_sources"], "date_disagreement": f["date_disagreement"]}
            for f in facts if f["type"] == "leader_of" and f["object"] == group_id and f["modality"] != "denied"]
    rows.sort(key=lambda p: (p["start"] or p["end"] or _known_at(p) or "9999", 1 if p["start"] else 0, p["name"] or ""))
    for p in rows:
        p["contested_with"] = [q["name"] for q in rows if q is not p and _tenures_overlap(p, q)]
    return rows


def _known_at(row: dict) -> str | None:
    """'current as of 2021-08' in a note: when an undated leadership is known to hold."""
    for note in row["notes"]:
        if "current as of " in note:
            return note.split("current as of ", 1)[1].split(";")[0].strip()
    return None


def _tenures_overlap(a: dict, b: dict) -> bool:
    """Two leaders whose known tenures share a time: rival claimants (both starts must be known)."""
    if not a["start"] or not b["start"]:
        return False
    a_end, b_end = a["end"] or "9999", b["end"] or "9999"
    return a["start"] < b_end and b["start"] < a_end and not (a["end"] and a["end"].startswith(b["start"])) \
        and not (b["end"] and b["end"].startswith(a["start"]))


# -- events, claims, conflicts -------------------------------------------------
def timeline(store, actor: str | None = None, start: str | None = None, end: str | None = None,
             type: str | None = None) -> list[dict]:
    """Events in date order with every source's figures; filter by actor id, dates and type."""
    return timeline_page(store, actor, start, end, type)["events"]


def timeline_page(store, actor: str | None = None, start: str | None = None, end: str | None = None,
                  type: str | None = None, limit: int | None = None, offset: int = 0,
                  places: list[str] | None = None) -> dict:
    """One page of `timeline` ({"events", "total"}), optionally only at some places; only that page is read."""
    where = EventFilter(None, type or None, start, end, tuple(places) if places is not None else None,
                        tuple(store.member_ids(actor)) if actor else None)
    rows, total = store.events_page(where, limit, offset)
    names = entity_names(store)
    event_ids = [ev["id"] for ev in rows]
    reports_of: dict[str, list[dict]] = {}
    for rep in store.event_reports(event_ids, per_event=CITATIONS_SHOWN):
        reports_of.setdefault(rep["event_id"], []).append(rep)
    counts, actors = store.event_report_summary(event_ids)
    events = [event_item(ev, reports_of.get(ev["id"], []), names, actors.get(ev["id"], []), counts.get(ev["id"], 0))
              for ev in rows]
    return {"events": events, "total": total}


def event_item(ev: dict, reports: list[dict], names: dict, actors: list[dict], reports_total: int) -> dict:
    """An event with the actors all its reports name and its first reports (`reports_total` counts all)."""
    place = ev["place_id"]
    everyone = [{"actors": actors}]   # the actors of all reports, as one report for the helpers below
    moods = strongest_modalities(everyone)
    return {
        "id": ev["id"], "type": ev["type"], "subtype": ev["subtype"], "label": ev["label"], "date": ev["date"],
        "date_precision": ev["date_precision"], "place": place, "place_name": names.get(place),
        "perpetrators": [{"id": a, "name": names.get(a), "modality": moods.get(a)} for a in _with_role(everyone, "perpetrator")],
        "denied_by": [{"id": a, "name": names.get(a)} for a in _with_role(everyone, "denied")],
        "about": [{"id": a, "name": names.get(a)} for a in _with_role(everyone, "about")],
        "killed": figure_range(ev["killed_low"], ev["killed_high"]),
        "injured": figure_range(ev["injured_low"], ev["injured_high"]),
        "reports": [{
            "fact": f"event:{rep['id']}", "review": rep.get("review"),
            "doc": rep["doc_id"], "date": rep["date"], "date_text": rep["date_text"],
            "killed": figure_range(rep["killed_low"], rep["killed_high"]),
            "injured": figure_range(rep["injured_low"], rep["injured_high"]),
            "attackers_killed": figure_range(rep["attackers_killed_low"], rep["attackers_killed_high"]),
            "attackers_injured": figure_range(rep["attackers_injured_low"], rep["attackers_injured_high"]),
            "casualty_text": rep["casualty_text"], "targets": rep["targets"], "victims": rep["victims"],
            "weapons": rep["weapons"], "modality": rep["modality"],
            "evidence": evidence_item(rep), "more_evidence": rep["support"]} for rep in reports],
        "reports_total": reports_total,
    }


def claims(store, subject_id: str | None = None, attribute: str | None = None) -> list[dict]:
    """Numeric claims as a table: each figure with its as-of date, who asserted it and the quote."""
    return claims_page(store, subject_id, attribute)["claims"]


def claims_page(store, subject_id: str | None = None, attribute: str | None = None, limit: int | None = None,
                offset: int = 0, doc_id: str | None = None) -> dict:
    """One page of `claims` ({"claims", "total"}), ordered by attribute, as-of date and figure."""
    rows, total = store.claims_page(subject_id, attribute, limit, offset, doc_id)
    names = entity_names(store)
    docs = {d["id"]: d for d in store.documents_by_id(sorted({c["doc_id"] for c in rows}))}
    return {"claims": [claim_item(c, names, docs.get(c["doc_id"], {})) for c in rows], "total": total}


def claim_item(c: dict, names: dict, doc: dict) -> dict:
    return {
        "id": c["id"], "fact": f"claim:{c['id']}", "review": c.get("review"),
        "subject": c["subject_id"], "subject_name": names.get(c["subject_id"]),
        "attribute": c["attribute"], "low": c["low"], "high": c["high"], "unit": c["unit"], "as_of": c["as_of"],
        "attributed_to": c["attributed_to"], "hedge": c["hedge"], "subject_note": c["subject_note"],
        "source_title": doc.get("title"), "source_outlet": doc.get("outlet"), "evidence": evidence_item(c)}


def conflicts(store, entity_id: str | None = None) -> list[dict]:
    """Each disagreement with both sides and their quotes; with an entity, those concerning it (as the
    subject, on a side, or as an actor of the event whose figures disagree)."""
    return _named_conflicts(store, store.conflicts(entity_id))


def conflicts_page(store, entity_id: str | None = None, limit: int | None = None, offset: int = 0,
                   sides: int = CITATIONS_SHOWN) -> dict:
    """One page of `conflicts` ({"conflicts", "total"}), each with at most `sides` sides and documents
    (`sides_total` and `docs_total` count all): a figure disputed by thousands of reports stays small."""
    rows, total = store.conflicts_page(entity_id, limit, offset)
    capped = [{**c, "sides": c["sides"][:sides], "docs": c["docs"][:sides], "sides_total": len(c["sides"]),
               "docs_total": len(c["docs"])} for c in rows]
    return {"conflicts": _named_conflicts(store, capped), "total": total}


def _named_conflicts(store, rows: list[dict]) -> list[dict]:
    names = entity_names(store)
    for ev in store.events(sorted({c["subject_id"] for c in rows if c["subject_kind"] == "event"})):
        place = names.get(ev["place_id"])
        names[ev["id"]] = f"{ev['subtype'] or ev['type']}" + (f" at {place}" if place else "") + (f", {ev['date']}" if ev["date"] else "")
    return [{**c, "subject_name": names.get(c["subject_id"], c["subject_id"])} for c in rows]


# -- profiles, documents, networks ---------------------------------------------
PROFILE_LIMIT = 50   # items per list in a profile; the full lists page through the list endpoints
PROFILE_CITATIONS = 5   # a profile lists its facts' first citations; /api/relations?entity= gives more


def capped_citations(facts: list[dict], limit: int = CITATIONS_SHOWN) -> list[dict]:
    """Relation facts with at most `limit` citations each (sources in document order) and the full count;
    the documents behind each side of a date disagreement cut alike (`docs_total` counts them)."""
    return [{**f, "citations": f["citations"][:limit], "citations_total": f.get("citations_total", len(f["citations"])),
             "date_disagreement": {which: [{**side, "docs": side["docs"][:limit],
                                            "docs_total": side.get("docs_total", len(side["docs"]))} for side in sides]
                                   for which, sides in f["date_disagreement"].items()}}
            for f in facts]


def profile_facts(store, entity_id: str, limit: int) -> tuple[list[dict], int, list[dict]]:
    """(the first `limit` relation facts of an entity, how many it has, its leader_of facts), read from the
    stored fact summaries when the knowledge base has them, else merged from its relation rows."""
    from . import has_fact_summaries

    if not has_fact_summaries(store):
        facts = relations(store, entity_id=entity_id)
        return facts[:limit], len(facts), [f for f in facts if f["type"] == "leader_of"]
    names = entity_names(store)
    named = lambda fs: [{**f, "subject_name": names.get(f["subject"]), "object_name": names.get(f["object"]),  # noqa: E731
                         "undated": False} for f in fs]
    facts, total = store.fact_summaries(entity_id, limit=limit)
    return named(facts), total, named(store.fact_summaries(entity_id, type="leader_of")[0])


def entity_profile(store, entity_id: str, limit: int = PROFILE_LIMIT) -> dict:
    """Everything the knowledge base holds about one entity, every fact with its evidence.

    Each list holds at most `limit` items; `totals` says how many there are in all.
    """
    entity = store.require_entity(entity_id)
    entity_id = entity["id"]
    facts, n_facts, leader_facts = profile_facts(store, entity_id, limit)
    grouped: dict[str, list[dict]] = {}
    for r in capped_citations(facts, PROFILE_CITATIONS):
        grouped.setdefault(r["type"], []).append(r)
    aliases, n_aliases = store.aliases_page([entity_id], limit)
    docs = {d["id"]: d for d in store.documents_by_id(sorted({a["doc_id"] for a in aliases if a["doc_id"]}))}
    events = timeline_page(store, actor=entity_id, limit=limit)
    found_claims = claims_page(store, subject_id=entity_id, limit=limit)
    found_conflicts = conflicts_page(store, entity_id=entity_id, limit=limit, sides=PROFILE_CITATIONS)
    mentions, doc_ids, n_docs = store.mention_summary(entity_id, limit)
    return {
        "entity": {**{k: entity[k] for k in ("id", "type", "name")}, "attrs": public_attrs(entity["attrs"])},
        "about": describe(entity, entity_names(store)),
        "aliases": [{"name": a["name"], "source": a["source"], "reason": a["reason"], "doc": a["doc_id"],
                     "doc_title": docs.get(a["doc_id"], {}).get("title"), "start": a["start"], "end": a["end"],
                     "quote": a["quote"]} for a in aliases],
        "relations": grouped,
        "leaders": leaders(store, entity_id, capped_citations(leader_facts, PROFILE_CITATIONS))
        if entity["type"] == "group" else [],
        "events": events["events"],
        "claims": found_claims["claims"],
        "conflicts": found_conflicts["conflicts"],
        "mentions": mentions,
        "documents": doc_ids,
        "totals": {"aliases": n_aliases, "relations": n_facts, "events": events["total"],
                   "claims": found_claims["total"], "conflicts": found_conflicts["total"], "documents": n_docs},
        "limit": limit,
        **(place_hierarchy(store, entity) if entity["type"] == "place" else {}),
    }


def place_hierarchy(store, entity: dict) -> dict:
    """The places a place lies in (nearest first) and the places the knowledge base knows inside it."""
    within = [{"id": p, "name": (store.entity(p) or {}).get("name", p)} for p in entity["attrs"].get("parents") or []]
    inside = [{"id": e["id"], "name": e["name"], "kind": e["attrs"].get("kind")}
              for e in store.entities(type="place") if (e["attrs"].get("parents") or [None])[0] == entity["id"]]
    return {"within": within, "places_within": inside}


def document_view(store, doc_id: str) -> dict:
    """A document's cleaned text with its mentions and every evidence span."""
    doc = store.document(doc_id)
    if doc is None:
        raise UnknownEntity(f"No document with id {doc_id!r}. List them with: actorgraph documents")
    names = entity_names(store)
    return {
        "document": doc,
        "mentions": [{**m, "entity_name": names.get(m["entity_id"])} for m in store.mentions(doc_id=doc_id)],
        "evidence": store.evidence_rows(doc_id),
    }


def network(store, center: str | None = None, types: list[str] | None = None, as_of: str | None = None,
            depth: int = 1, max_edges: int | None = None) -> dict:
    """The relation graph (around an entity, or all of it): typed, dated edges and centrality-sized nodes.

    With `max_edges`, the edges between the most central nodes are kept first; `total_edges` says how many there were.
    """
    import networkx as nx

    names = entity_names(store)
    entities = {e["id"]: e for e in store.entities()}
    graph = nx.MultiDiGraph()
    rows = [r for r in store.relations() if not types or r["type"] in types]
    docs = {d["id"]: d for d in store.documents()}
    for f in relation_facts(rows, docs, names):
        if as_of and not holds_at(f["start"], f["end"], as_of):
            continue
        first = f["citations"][0]["evidence"]
        graph.add_edge(f["subject"], f["object"], key=f["id"], type=f["type"], start=f["start"], end=f["end"],
                       modality=f["modality"], quote=first["quote"], doc=first["doc"],
                       docs=unique(c["evidence"]["doc"] for c in f["citations"]),
                       sources=f["independent_sources"], citations=len(f["citations"]))
    if center and center in graph:
        keep = set(nx.ego_graph(graph.to_undirected(as_view=True), center, radius=depth).nodes)
        graph = graph.subgraph(keep).copy()
    elif center:
        graph = nx.MultiDiGraph()
        graph.add_node(center)
    simple = nx.Graph(graph.to_undirected(as_view=True))
    centrality = nx.degree_centrality(simple) if simple.number_of_nodes() > 1 else {n: 1.0 for n in simple}
    all_edges = list(graph.edges(keys=True, data=True))
    if max_edges is not None and len(all_edges) > max_edges:
        weight = lambda e: (-(centrality.get(e[0], 0) + centrality.get(e[1], 0)), e[2])  # noqa: E731
        kept = sorted(all_edges, key=weight)[:max_edges]
        graph = graph.edge_subgraph([(u, v, k) for u, v, k, _ in kept])
    nodes = [{"id": n, "name": names.get(n, n), "type": entities.get(n, {}).get("type", "other"),
              "centrality": round(centrality.get(n, 0.0), 4)} for n in graph.nodes]
    edges = [{"id": k, "source": u, "target": v, **d, "symmetric": d["type"] in SYMMETRIC_RELATIONS}
             for u, v, k, d in graph.edges(keys=True, data=True)]
    return {"center": center, "as_of": as_of, "nodes": nodes, "edges": edges, "total_edges": len(all_edges)}


def explain_link(store, name: str, other: str) -> str:
    """Why two names belong to one entity: the reason recorded with each alias, and any analyst decision."""
    first = resolve_entity(store, name)
    try:
        second = resolve_entity(store, other)
    except (UnknownEntity, AmbiguousEntity):
        second = None
    if second is None or second["id"] != first["id"]:
        other_id = second["id"] if second else "nothing known"
        return f"'{name}' is {first['id']} and '{other}' is {other_id}: they are not merged."
    lines = [f"'{name}' and '{other}' are both {first['id']} ({first['name']}):"]
    wanted = {fold(name), fold(other)}
    for a in store.aliases([first["id"]]):
        if fold(a["name"]) in wanted:
            where = f" (document {a['doc_id']} @{a['start']})" if a["doc_id"] else ""
            lines.append(f"  {a['name']}: {a['source']} — {a['reason']}{where}")
    for d in store.decisions():
        if first["id"] in (d["entity_id"], d["other_id"]) and not d["undone"]:
            lines.append(f"  analyst decision {d['id']}: {d['kind']} {d['other_id']} → {d['entity_id']} {d['note']}".rstrip())
    return "\n".join(lines)


def split_entity(store, name: str, aliases: list[str], new_name: str | None, note: str = "") -> str:
    """Undo a merge, or move some names (and the mentions and facts using them) to a new entity."""
    from ..models import Alias, Entity

    entity = store.entity(name)
    if entity is not None and entity["merged_into"] and not aliases:
        decision = store.undo_merge(name, note)
        return f"{name} is its own entity again (decision {decision})"
    entity = resolve_entity(store, name)
    if not aliases:
        raise UnknownEntity(f"{entity['id']} was not merged into another entity. Name what to split off with --alias.")
    label = new_name or aliases[0]
    new_id = f"{entity['type']}:{'-'.join(fold(label).split())}"
    while store.entity(new_id) is not None:
        new_id += "-split"
    new_entity = Entity(new_id, entity["type"], label, (Alias(label, "analyst", f"split off {entity['id']}"),))
    decision = store.split_entity(entity["id"], aliases, new_entity, note)
    return f"moved {', '.join(aliases)} from {entity['id']} to new entity {new_id} (decision {decision})"


def used_entity_ids(store) -> set[str]:
    """Entities the reports mention or a fact names: what an export and the entity lists include.

    Registry-only entries are left out, and so is a generic group ('Islamist militants', a descriptor, not a
    name) that no fact names: it is an actor where it did something, noise in a list of entities otherwise.
    """
    in_facts = fact_entity_ids(store)
    used = (set(store.mention_counts()) - _generic_groups(store)) | in_facts
    return used | _parent_places(store, used)


def unlisted_entity_ids(store) -> set[str]:
    """Generic groups no fact names: mentioned, but left out of entity lists, searches and exports."""
    generic = _generic_groups(store)
    return generic - fact_entity_ids(store) if generic else set()


def _generic_groups(store) -> set[str]:
    return {e["id"] for e in store.entities(type="group") if e["attrs"].get("generic")}


def fact_entity_ids(store) -> set[str]:
    """Entities a relation, claim or event names (as an actor or its place)."""
    out: set[str] = set()
    for r in store.relations():
        out.update((r["subject_id"], r["object_id"]))
    for c in store.claims():
        if c["subject_id"]:
            out.add(c["subject_id"])
    for e in store.event_reports():
        out.update(a["entity_id"] for a in e["actors"])
        if e["place_id"]:
            out.add(e["place_id"])
    return out


def _parent_places(store, used: set[str]) -> set[str]:
    """The places that contain used places (attrs.parents), so every reference in an export resolves."""
    parents = {e["id"]: e["attrs"].get("parents") or [] for e in store.entities(type="place")}
    return {p for entity_id in used for p in parents.get(entity_id, []) if p in parents}


MODALITY_STRENGTH = {"claimed": 5, "attributed": 4, "asserted": 3, "reported": 3, "alleged": 2}


def strongest_modalities(reports: list[dict]) -> dict[str, str]:
    """Perpetrator entity id -> the strongest way any source names it: claimed, attributed, asserted, alleged."""
    out: dict[str, str] = {}
    for rep in reports:
        for a in rep["actors"]:
            mood = a.get("modality") or "asserted"
            if a["role"] == "perpetrator" and MODALITY_STRENGTH.get(mood, 0) > MODALITY_STRENGTH.get(out.get(a["entity_id"]), 0):
                out[a["entity_id"]] = mood
    return out


def _with_role(reports: list[dict], role: str) -> list[str]:
    return unique(a["entity_id"] for rep in reports for a in rep["actors"] if a["role"] == role)


def figure_range(low, high):
    """{"low", "high"}, or None when a source gives no figure."""
    return None if low is None and high is None else {"low": low, "high": high}


def unique(items) -> list:
    """Items in first-seen order, without repeats or blanks."""
    out = []
    for item in items:
        if item and item not in out:
            out.append(item)
    return out


__all__ = ["resolve_entity", "search", "search_entities", "relations", "holds_at", "leaders", "timeline",
           "claims", "conflicts", "entity_profile", "document_view", "network", "overlaps"]
