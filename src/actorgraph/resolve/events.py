"""Cross-document event resolution: reports of one real event from several sources become one event."""

from __future__ import annotations


def cluster_reports(reports: list[dict]) -> tuple[list[dict], dict[int, str]]:
    """(events, report id -> event id)."""
    events, assignment = [], {}
    for rep in reports:
        event_id = f"v{rep['id']}"
        assignment[rep["id"]] = event_id
        events.append({"id": event_id, "type": rep["type"], "subtype": rep["subtype"], "date": rep["date"],
                       "date_precision": rep["date_precision"], "place_id": rep["place_id"],
                       "killed_low": rep["killed_low"], "killed_high": rep["killed_high"],
                       "injured_low": rep["injured_low"], "injured_high": rep["injured_high"],
                       "label": rep["subtype"] or rep["type"]})
    return events, assignment
