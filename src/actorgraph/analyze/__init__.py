"""Analyze: whole-knowledge-base views computed from stored facts (events, conflicts, leaders, networks)."""

from __future__ import annotations

# Past this share of the knowledge base, pending documents are derived with everything else at once:
# a full pass reads each row once, the incremental one reads each new document's neighbourhood.
INCREMENTAL_SHARE = 0.1


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
    """Bring derived facts up to date for documents whose derivation has not completed (new ones, or a
    crash before); True if anything was pending.

    A few pending documents are derived incrementally (`derive_new`), many by a full `refresh`: the
    result is the same.
    """
    with store.transaction():
        pending = store.pending_derivation()
        if not pending:
            return False
        if len(pending) > INCREMENTAL_SHARE * store.count("documents") or not has_fact_summaries(store):
            refresh(store)
        else:
            derive_new(store, pending)
            store.mark_derived(pending)
    return True


def has_fact_summaries(store) -> bool:
    """Whether every relation fact's summary is stored (a full derivation since they were introduced)."""
    from .facts import FACT_SUMMARIES, FACT_SUMMARY_VERSION

    return store.marker(FACT_SUMMARIES) == FACT_SUMMARY_VERSION


def derive_new(store, doc_ids: list[str]) -> None:
    """Events and conflicts after storing these documents, when everything else was derived already:
    only their neighbourhood is read and rewritten (analyze.events, analyze.conflicts)."""
    from .events import resolve_new_events
    from .conflicts import detect_new_conflicts

    with store.transaction():
        dropped, written = resolve_new_events(store, doc_ids)
        detect_new_conflicts(store, doc_ids, dropped, written)
