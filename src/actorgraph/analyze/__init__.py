"""Analyze: whole-knowledge-base views computed from stored facts (events, conflicts, leaders, networks)."""

from __future__ import annotations

# Past this share of the knowledge base, new documents are derived with everything else at once:
# a full pass reads each row once, the incremental one reads each new document's neighbourhood.
INCREMENTAL_SHARE = 0.1


def refresh(store, new_doc_ids: list[str] | None = None) -> None:
    """Recompute what depends on all documents at once: cross-document events and conflicts.

    With `new_doc_ids` (documents stored since the last refresh, few of them), only what those can change
    is recomputed, from indexed reads; the result is the same as recomputing everything.
    """
    from .events import resolve_events
    from .conflicts import detect_conflicts

    with store.transaction():
        if new_doc_ids is not None and len(new_doc_ids) <= INCREMENTAL_SHARE * store.counts()["documents"]:
            derive_new(store, new_doc_ids)
        else:
            resolve_events(store)
            detect_conflicts(store)


def derive_new(store, doc_ids: list[str]) -> None:
    """Bring events and conflicts up to date after storing these documents, when all else was up to date."""
    from .events import resolve_new_events
    from .conflicts import detect_new_conflicts

    with store.transaction():
        dropped, written = resolve_new_events(store, doc_ids)
        detect_new_conflicts(store, doc_ids, dropped, written)
