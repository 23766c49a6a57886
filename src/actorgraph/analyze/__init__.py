"""Analyze: whole-knowledge-base views computed from stored facts (events, conflicts, leaders, networks)."""

from __future__ import annotations


def refresh(store) -> None:
    """Recompute what depends on all documents at once: cross-document events and conflicts.

    One write transaction: another process cannot store a document in the middle, a crash leaves
    the previous derivation and every pending marker as they were, and a rerun gives the same result.
    """
    from .events import resolve_events
    from .conflicts import detect_conflicts

    with store.transaction():
        pending = store.pending_derivation()
        resolve_events(store)
        detect_conflicts(store)
        store.mark_derived(pending)


def derive_pending(store) -> bool:
    """Refresh when some document's derivation has not completed (a new document, or a crash before); True if run."""
    if not store.pending_derivation():
        return False
    refresh(store)
    return True
