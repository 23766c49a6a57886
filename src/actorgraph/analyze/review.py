"""An analyst's review of single facts: accept or reject, and everything known about one fact."""

from __future__ import annotations

from ..store.living import parse_fact_id


def review(store, fact_id: str, verdict: str, note: str = "") -> dict:
    """Record an analyst's verdict (accepted or rejected) on a fact given as relation:12, event:7 or claim:3."""
    kind, number = parse_fact_id(fact_id)
    result = store.review_fact(kind, number, verdict, note)
    _rederive(store)
    return result


def fact_detail(store, fact_id: str) -> dict:
    """One fact: its document and quote, what it says, the run that first stored it, the machinery that
    extracted it (model and extractor versions) and the analyst's review."""
    kind, number = parse_fact_id(fact_id)
    fact = store.document_fact(kind, number)
    document = store.document(fact["doc_id"]) or {}
    extracted_by = store.run(document.get("extracted_by"))
    return {
        "fact": f"{kind}:{number}", "kind": kind, "path": document.get("path"),
        "evidence": {"doc": fact["doc_id"], "start": fact["start"], "end": fact["end"], "quote": fact["quote"],
                     "extractor": fact["extractor"], "version": fact["version"]},
        "says": fact["content"], "first_run": fact["run_id"],
        "extracted_by_run": extracted_by["id"] if extracted_by else None,
        "machinery": extracted_by["machinery"] if extracted_by else None,
        "review": fact["review"],
    }


def _rederive(store) -> None:
    """Cross-document events and conflicts are computed from the facts no analyst rejected."""
    from . import refresh

    refresh(store)
