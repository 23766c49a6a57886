"""Cross-document events: cluster the stored event reports and write the clusters."""

from __future__ import annotations

from ..resolve.events import cluster_reports


def resolve_events(store) -> None:
    places = {e["id"]: dict(e["attrs"], name=e["name"]) for e in store.entities(type="place")}
    events, assignment = cluster_reports(store.event_reports(), places)
    store.replace_events(events, assignment)
