"""The knowledge export read by ../shared/eval/score.py (format in ../shared/eval/FORMAT.md)."""

from __future__ import annotations

from ..analyze import views
from ..analyze.prose import public_attrs
from ..analyze.views import evidence_item, figure_range, strongest_modalities, unique, used_entity_ids

EXPORT_TYPES = {"group": "group", "person": "person", "place": "place"}


def knowledge_export(store, docs: set[str] | None = None) -> dict:
    """Documents, entities with every alias, relations, events, claims and conflicts, each fact with evidence.

    With `docs` (document ids), only those documents and the facts they give evidence for are exported.
    """
    used = used_entity_ids(store)
    data = {
        "documents": _documents(store),
        "entities": _entities(store, used),
        "relations": _relations(store),
        "events": _events(store),
        "claims": [_claim(c) for c in store.claims()],
        "conflicts": [_conflict(c) for c in store.conflicts()],
    }
    return data if docs is None else _only_docs(data, docs)


def _only_docs(data: dict, docs: set[str]) -> dict:
    out = dict(data, documents=[d for d in data["documents"] if d["id"] in docs])
    for section in ("relations", "events", "claims"):
        kept = []
        for item in data[section]:
            evidence = [e for e in item["evidence"] if e["doc"] in docs]
            if evidence:
                kept.append(dict(item, evidence=evidence, **_citations_in(item, docs)))
        out[section] = kept
    out["conflicts"] = [c for c in data["conflicts"] if len(set(c["docs"]) & docs) >= 2]
    return out


def _citations_in(item: dict, docs: set[str]) -> dict:
    """A relation's citations from the given documents, and how many independent sources those are."""
    if "citations" not in item:
        return {}
    citations = [c for c in item["citations"] if c["doc"] in docs]
    return {"citations": citations, "independent_sources": len({c["source"] for c in citations})}


def _documents(store) -> list[dict]:
    """One entry per document, and one more per other file that held the same text (same id, `same_text_as`)."""
    paths = store.document_paths()
    out = []
    for d in store.documents():
        out.append(_document(d))
        out += [{"id": d["id"], "path": p, "same_text_as": d["id"]} for p in paths.get(d["id"], []) if p != d["path"]]
    return out


def _document(d: dict) -> dict:
    return {k: d[k] for k in ("id", "path", "title", "outlet", "author", "published", "format", "sha256")}


def _entities(store, used: set[str]) -> list[dict]:
    aliases_of: dict[str, list[dict]] = {}
    canon = store.canonical_map()
    for a in store.aliases():
        aliases_of.setdefault(canon.get(a["entity_id"], a["entity_id"]), []).append(a)
    out = []
    for e in store.entities():
        if e["id"] not in used:
            continue
        rows = aliases_of.get(e["id"], [])
        names = []
        for a in rows:
            if a["name"] != e["name"] and a["name"] not in names:
                names.append(a["name"])
        out.append({
            "id": e["id"], "type": EXPORT_TYPES.get(e["type"], "other"), "name": e["name"], "aliases": names,
            "alias_sources": [{"name": a["name"], "source": a["source"], "reason": a["reason"], "doc": a["doc_id"]}
                              for a in rows],
            "attrs": public_attrs(e["attrs"]),
        })
    return out


def _relations(store) -> list[dict]:
    """One relation per fact (analyze.facts): every source's evidence, what each says, how many are independent."""
    return [{
        "id": f"r{f['id']}", "subject": f["subject"], "type": f["type"], "object": f["object"], "start": f["start"],
        "end": f["end"], "end_reason": f["end_reason"], "modality": f["modality"], "modalities": f["modalities"],
        "independent_sources": f["independent_sources"], "date_disagreement": f["date_disagreement"],
        "contradicted_by": [f"r{i}" for i in f["contradicted_by"]],
        "evidence": [c["evidence"] for c in f["citations"]],
        "citations": [{"doc": c["evidence"]["doc"], "source": c["source"], "start": c["start"], "end": c["end"],
                       "end_reason": c["end_reason"], "modality": c["modality"], "confidence": c["confidence"],
                       "note": c["note"]} for c in f["citations"]],
    } for f in views.relations(store)]


def _events(store) -> list[dict]:
    reports_of: dict[str, list[dict]] = {}
    for rep in store.event_reports():
        if rep["event_id"]:
            reports_of.setdefault(rep["event_id"], []).append(rep)
    out = []
    for ev in store.events():
        reports = reports_of.get(ev["id"], [])
        perpetrators = unique(a["entity_id"] for rep in reports for a in rep["actors"] if a["role"] == "perpetrator")
        about = unique(a["entity_id"] for rep in reports for a in rep["actors"] if a["role"] == "about")
        denied_by = unique(a["entity_id"] for rep in reports for a in rep["actors"] if a["role"] == "denied")
        out.append({
            "id": ev["id"], "type": ev["type"], "subtype": ev["subtype"], "date": ev["date"],
            "date_precision": ev["date_precision"], "place": ev["place_id"], "label": ev["label"],
            "perpetrators": perpetrators, "perpetrator_modality": strongest_modalities(reports), "denied_by": denied_by,
            "about": about,
            "targets": unique(t for rep in reports for t in rep["targets"]),
            "victims": unique(t for rep in reports for t in rep["victims"]),
            "weapons": unique(t for rep in reports for t in rep["weapons"]),
            "killed": figure_range(ev["killed_low"], ev["killed_high"]),
            "injured": figure_range(ev["injured_low"], ev["injured_high"]),
            "evidence": [item for rep in reports for item in [evidence_item(rep), *rep["support"]]],
            "reports": [{"doc": rep["doc_id"], "date": rep["date"], "killed": figure_range(rep["killed_low"], rep["killed_high"]),
                         "injured": figure_range(rep["injured_low"], rep["injured_high"]),
                         "attackers_killed": figure_range(rep["attackers_killed_low"], rep["attackers_killed_high"]),
                         "attackers_injured": figure_range(rep["attackers_injured_low"], rep["attackers_injured_high"]),
                         "casualty_text": rep["casualty_text"], "modality": rep["modality"]} for rep in reports],
        })
    return out


def _claim(c: dict) -> dict:
    return {"id": f"c{c['id']}", "subject": c["subject_id"], "attribute": c["attribute"], "low": c["low"],
            "high": c["high"], "unit": c["unit"], "as_of": c["as_of"], "attributed_to": c["attributed_to"],
            "hedge": c["hedge"], "subject_note": c["subject_note"], "evidence": [evidence_item(c)]}


def _conflict(c: dict) -> dict:
    return {"id": f"x{c['id']}", "kind": c["kind"], "subject": c["subject_id"], "subject_kind": c["subject_kind"],
            "attribute": c["attribute"], "docs": c["docs"], "note": c["note"], "sides": c["sides"]}
