"""Disagreements between sources, found over the whole knowledge base."""

from __future__ import annotations


def detect_conflicts(store) -> None:
    store.replace_conflicts([])
