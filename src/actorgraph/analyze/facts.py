"""One statement, many sources: the relation rows that say the same thing, merged into one fact.

A fact is a subject, a relation type and an object (either way round for allied_with and hostile_to)
with one polarity: held or denied. What one source asserts and another denies stays two facts, each
naming the other in `contradicted_by`, and analyze.conflicts records the disagreement.

Each fact carries every citation and the number of independent sources behind it. Citations belong
to the same source when they come from the same document, from the same outlet, or quote the same
words (case, spacing and punctuation aside): a wire story reprinted by three sites is one source.

Dates given by several citations are reconciled when their precisions agree ("2015" and "2015-01"
agree, the fact keeps the more precise "2015-01"); dates that cannot denote the same time are kept
as a disagreement, each date with the documents that give it, and the fact takes the date that the
most independent sources give (the earliest on a tie).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..dates import overlaps
from ..models import SYMMETRIC_RELATIONS
from ..names import fold

# strongest first: the fact's modality is the strongest any of its citations gives
MODALITY_ORDER = ("asserted", "reported", "claimed", "attributed", "alleged", "denied")
OPPOSED_TYPES = {"allied_with": "hostile_to", "hostile_to": "allied_with"}


FACT_SUMMARIES = "fact_summaries"   # marker: the knowledge base holds a summary of every relation fact
FACT_SUMMARY_VERSION = "1"
SUMMARY_CITATIONS = 5   # citations a summary keeps (the first, in document order); `citations_total` counts all


def fact_summary(fact: dict) -> dict:
    """A fact as stored for pages of facts: names left out (they are read with it), the first citations kept."""
    return {**fact, "subject_name": None, "object_name": None, "citations": fact["citations"][:SUMMARY_CITATIONS],
            "citations_total": len(fact["citations"])}


def relation_facts(rows: list[dict], docs: dict[str, dict], names: dict[str, str]) -> list[dict]:
    """Relation rows (store.relations) grouped into facts; `docs` maps document id -> document row."""
    grouped: dict[tuple, list[dict]] = {}
    for r in rows:
        grouped.setdefault(fact_key(r), []).append(r)
    facts = {key: _fact(key, members, docs, names) for key, members in grouped.items()}
    for key, fact in facts.items():
        fact["contradicted_by"] = sorted(facts[k]["id"] for k in _opposing_keys(key) if k in facts)
    return list(facts.values())


def fact_key(row: dict) -> tuple:
    """(subject, type, object, denied): symmetric relations with their ends in id order."""
    subject, obj = row["subject_id"], row["object_id"]
    if row["type"] in SYMMETRIC_RELATIONS and obj < subject:
        subject, obj = obj, subject
    return subject, row["type"], obj, row["modality"] == "denied"


def _opposing_keys(key: tuple) -> list[tuple]:
    subject, rtype, obj, denied = key
    opposed = [(subject, rtype, obj, not denied)]
    if rtype in OPPOSED_TYPES and not denied:
        opposed.append((subject, OPPOSED_TYPES[rtype], obj, False))
    return opposed


def _fact(key: tuple, rows: list[dict], docs: dict, names: dict) -> dict:
    subject, rtype, obj, _ = key
    citations = [citation(r, docs) for r in sorted(rows, key=lambda r: (_doc_order(docs, r["doc_id"]), r["ev_start"]))]
    for c, number in zip(citations, source_numbers(citations)):
        c["source"] = number
    start, start_disagreement = reconcile_dates(citations, "start")
    end, end_disagreement = reconcile_dates(citations, "end")
    modalities = sorted({c["modality"] for c in citations}, key=_modality_rank)
    return {
        "id": min(r["id"] for r in rows), "type": rtype, "subject": subject, "subject_name": names.get(subject),
        "object": obj, "object_name": names.get(obj), "start": start, "end": end,
        "end_reason": next((c["end_reason"] for c in citations if c["end_reason"]), None),
        "modality": modalities[0], "modalities": modalities, "confidence": max(c["confidence"] for c in citations),
        "notes": list(dict.fromkeys(c["note"] for c in citations if c["note"])),
        "independent_sources": max(c["source"] for c in citations),
        "documents": len({c["evidence"]["doc"] for c in citations}), "citations": citations,
        "dated_by": {"start": _giving(citations, "start", start), "end": _giving(citations, "end", end)},
        "date_disagreement": {k: v for k, v in (("start", start_disagreement), ("end", end_disagreement)) if v},
    }


def citation(row: dict, docs: dict) -> dict:
    """One source's statement of a fact: its quote and what it says about dates and modality."""
    doc = docs.get(row["doc_id"], {})
    return {"evidence": evidence_item(row), "relation_id": row["id"], "fact": f"relation:{row['id']}",
            "review": row.get("review"), "start": row["start"], "end": row["end"],
            "end_reason": row["end_reason"], "modality": row["modality"], "confidence": row["confidence"],
            "note": row["note"], "outlet": doc.get("outlet"), "title": doc.get("title"), "source": None}


def evidence_item(row: dict) -> dict:
    return {"doc": row["doc_id"], "start": row["ev_start"], "end": row["ev_end"], "quote": row["quote"],
            "extractor": row["extractor"], "version": row["version"]}


def source_numbers(citations: list[dict]) -> list[int]:
    """For each citation, the number (1, 2, ...) of the independent source it belongs to."""
    parent = list(range(len(citations)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[tuple, int] = {}
    for i, c in enumerate(citations):
        for mark in _same_source_marks(c):
            parent[root(i)] = root(first_with.setdefault(mark, i))
    numbers: dict[int, int] = {}
    return [numbers.setdefault(root(i), len(numbers) + 1) for i in range(len(citations))]


def _same_source_marks(c: dict) -> list[tuple]:
    """What two citations of one source share: the document, the outlet or the wording."""
    marks = [("doc", c["evidence"]["doc"]), ("words", _wording(c["evidence"]["quote"]))]
    if c["outlet"] and fold(c["outlet"]):
        marks.append(("outlet", fold(c["outlet"])))
    return marks


@lru_cache(maxsize=8192)   # the same quotes are compared on every profile request: fold each once
def _wording(quote: str | None) -> str:
    return re.sub(r"[\W_]+", " ", fold(quote or "")).strip()


def reconcile_dates(citations: list[dict], field: str) -> tuple[str | None, list[dict] | None]:
    """The fact's date from its citations' dates, and the disagreement when they cannot all hold.

    Dates are grouped so that every date in a group can denote the same time as the others; one group
    gives its most precise date; several are a disagreement: each group with its dates, documents and
    number of independent sources, and the date of the best-supported group.
    """
    dated = sorted((c for c in citations if c[field]), key=lambda c: (-len(c[field]), c[field]))
    groups: list[list[dict]] = []
    for c in dated:
        home = next((g for g in groups if all(overlaps(c[field], other[field]) for other in g)), None)
        if home is None:
            groups.append([c])
        else:
            home.append(c)
    if not groups:
        return None, None
    if len(groups) == 1:
        return groups[0][0][field], None
    sides = sorted(({"date": g[0][field], "dates": sorted({c[field] for c in g}),
                     "docs": sorted({c["evidence"]["doc"] for c in g}),
                     "sources": len({c["source"] for c in g})} for g in groups), key=lambda s: s["date"])
    chosen = min(sides, key=lambda s: (-s["sources"], s["date"]))
    return chosen["date"], sides


def _giving(citations: list[dict], field: str, value: str | None) -> list[str]:
    """Documents whose citations give a date that agrees with the fact's."""
    if not value:
        return []
    return sorted({c["evidence"]["doc"] for c in citations if c[field] and overlaps(c[field], value)})


def _modality_rank(modality: str) -> int:
    return MODALITY_ORDER.index(modality) if modality in MODALITY_ORDER else len(MODALITY_ORDER)


def _doc_order(docs: dict, doc_id: str) -> str:
    doc = docs.get(doc_id) or {}
    return f"{doc.get('path') or ''}\x00{doc_id}"
