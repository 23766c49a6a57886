"""Analyze: whole-knowledge-base views computed from stored facts (events, conflicts, leaders, networks)."""

from __future__ import annotations


def refresh(store) -> None:
    """Recompute what depends on all documents at once: cross-document events and conflicts."""
    from .events import resolve_events
    from .conflicts import detect_conflicts

    resolve_events(store)
    detect_conflicts(store)
