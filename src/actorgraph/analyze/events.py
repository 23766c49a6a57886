"""Cross-document events: cluster the stored event reports and write the clusters."""

from __future__ import annotations

from ..resolve.events import cluster_reports


def resolve_events(store) -> None:
    place_kind = {e["id"]: e["attrs"].get("kind") for e in store.entities(type="place")}
    events, assignment = cluster_reports(store.event_reports(), place_kind)
    store.replace_events(events, assignment)
