"""Cross-document events: cluster the stored event reports and write the clusters."""

from __future__ import annotations

from ..resolve.events import cluster_reports


def resolve_events(store) -> None:
    events, assignment = cluster_reports(store.event_reports())
    store.replace_events(events, assignment)
