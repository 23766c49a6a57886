"""Cross-document events: cluster the stored event reports and write the clusters.

`resolve_events` clusters every report; `resolve_new_events` only the reports of new documents and
those connected to them (resolve.events.connected_reports), found through the date index. Both
write the same events: clustering inside a connected group does not depend on the reports outside it.
"""

from __future__ import annotations

from ..resolve.events import cluster_reports, connected_reports, family_types, may_be_same_event, partner_window


def resolve_events(store) -> None:
    places = {e["id"]: dict(e["attrs"], name=e["name"]) for e in store.entities(type="place")}
    events, assignment = cluster_reports(store.event_reports(), places)
    store.replace_events(events, assignment)


def resolve_new_events(store, doc_ids: list[str]) -> tuple[set[str], set[str]]:
    """Cluster the reports of newly stored documents with those they may join; (event ids dropped, written)."""
    partners = _Partners(store)
    group = connected_reports(partners.with_places(store.event_reports_of_documents(doc_ids)), partners)
    events, assignment = cluster_reports(group, partners.places)
    dropped = {r["event_id"] for r in group if r["event_id"]}
    store.replace_some_events(dropped, events, assignment)
    return dropped, {e["id"] for e in events}


class _Partners:
    """A report's possible partners read from the store: those in its date window that pass a first look
    without their actors (`may_be_same_event`), and the reports of its document told in the same sentence."""

    def __init__(self, store):
        self.store, self.places = store, {}
        self._windows: dict = {}
        self._reports: dict[int, dict] = {}
        self._siblings_of: dict[int, list[int]] = {}   # report id -> the other reports told in its sentence

    def of(self, report: dict, skip=(), window_too: bool = True) -> list[dict]:
        """Its possible partners, but those in `skip` (ids of reports already connected); only the reports of
        its document told in the same sentence when not `window_too`."""
        if not window_too:
            return self._siblings(report)
        window = partner_window(report)
        if window is not None and window not in self._windows:
            types, not_types = family_types(window.family)
            self._windows[window] = self.with_places(self.store.event_report_stubs_dated(
                window.dates, window.under, types, not_types, window.subtype))
        stubs = self._windows.get(window, []) if window is not None else []
        if skip and stubs:   # connected ones need no second look, from this report or any later one
            stubs = self._windows[window] = [s for s in stubs if s["id"] not in skip]
        passing = [s for s in stubs if may_be_same_event(report, s, self.places)]
        self._find_siblings([s["id"] for s in passing if s["siblings"]])   # walked next: in one query
        return self._full([s["id"] for s in passing]) + self._siblings(report)

    def _siblings(self, report: dict) -> list[dict]:
        """The reports of its document whose events would get the same id (told in one sentence, of one type):
        of its own document's reports only these can join its event (resolve.events._same_event)."""
        if not report["siblings"]:
            return []
        self._find_siblings([report["id"]])
        return self._full(self._siblings_of[report["id"]])

    def _find_siblings(self, report_ids: list[int]) -> None:
        unknown = [i for i in report_ids if i not in self._siblings_of]
        if unknown:
            found = self.store.event_report_siblings(unknown)
            self._siblings_of.update({i: found.get(i, []) for i in unknown})

    def _full(self, report_ids: list[int]) -> list[dict]:
        """Their rows as event resolution reads them; a report an analyst rejected has none (stubs include it)."""
        missing = [i for i in report_ids if i not in self._reports]
        self._reports.update(dict.fromkeys(missing))
        for r in self.with_places(self.store.event_report_cores(missing) if missing else []):
            self._reports[r["id"]] = r
        return [self._reports[i] for i in report_ids if self._reports[i] is not None]

    def with_places(self, reports: list[dict]) -> list[dict]:
        missing = {r["place_id"] for r in reports if r["place_id"] and r["place_id"] not in self.places}
        if missing:   # ids that are no (longer a) place read as no attributes, as in resolve_events
            self.places.update({**dict.fromkeys(missing, {}), **self.store.places_by_id(missing)})
        return reports
