"""Clustering through the report index gives exactly what trying every cluster gives, and a connected
group of reports is clustered alone exactly as inside the whole set."""

from __future__ import annotations

import random

import pytest

from actorgraph.resolve.events import (_id_siblings, _same_event, cluster_reports, connected_reports, events_of_clusters,
                                       may_be_same_event, partner_window, report_order, ReportIndex)

PLACES = {
    "town_a": {"kind": "town", "country": "AA", "admin1": "North", "lat": 10.0, "lon": 20.0},
    "town_east": {"kind": "town", "country": "AA", "admin1": "North", "lat": 10.0, "lon": 20.19},
    "town_far": {"kind": "town", "country": "AA", "admin1": "North", "lat": 60.0, "lon": 179.9},
    "town_over": {"kind": "town", "country": "AA", "admin1": "North", "lat": 60.05, "lon": -179.95},
    "town_b": {"kind": "town", "country": "AA", "admin1": "North", "lat": 10.05, "lon": 20.05},
    "town_c": {"kind": "city", "country": "AA", "admin1": "South", "lat": 12.0, "lon": 22.0},
    "north": {"kind": "province", "country": "AA", "admin1": "North"},
    "land_b": {"kind": "country", "country": "BB"},
}


def every_cluster_tried(reports: list[dict], places: dict) -> tuple[list[dict], dict[int, str]]:
    """The clustering as first written: each report tries every cluster made so far, in order."""
    place_kind = {k: v.get("kind") for k, v in places.items()}
    clusters: list[list[dict]] = []
    for report in sorted(reports, key=report_order):
        home = next((c for c in clusters if all(_same_event(report, other, places) for other in c)), None)
        if home is None:
            clusters.append([report])
        else:
            home.append(report)
    return events_of_clusters(clusters, place_kind)


def random_reports(seed: int, n: int) -> list[dict]:
    """Reports of few incidents over few days, places and authors, so many pairs could be one event."""
    rng = random.Random(seed)
    out = []
    for rid in range(1, n + 1):
        kind = rng.choice(["attack"] * 6 + ["strike", "clash", "announcement", "kidnapping"])
        day = f"2020-03-{rng.randint(1, 4):02d}"
        date = rng.choice([day, day, day, day[:7], day[:4], None])
        killed = rng.choice([None, 2, 3, 12, 14, 17, 18, 40, 59, 60])
        doc = f"d{rng.randint(1, n // 2)}"
        ev_start = rng.choice([0, 0, 10, 20 * rid])   # some reports of one document share a sentence
        role = "about" if kind == "announcement" else "perpetrator"
        out.append({
            "id": rid, "doc_id": doc, "type": kind, "subtype": rng.choice([None, "bombing", "suicide bombing", "founding"]),
            "date": date, "date_precision": "day", "place_id": rng.choice([None, *PLACES]),
            "killed_low": killed, "killed_high": killed, "injured_low": None, "injured_high": None,
            "targets": rng.sample(["market", "checkpoint", "school"], rng.randint(0, 1)),
            "actors": [{"entity_id": g, "role": role} for g in rng.sample(["g1", "g2", "g3"], rng.randint(0, 2))],
            "ev_start": ev_start})
    return out


@pytest.mark.parametrize("seed", range(12))
def test_the_index_clusters_exactly_as_trying_every_cluster(seed):
    reports = random_reports(seed, 120)
    assert cluster_reports(reports, PLACES) == every_cluster_tried(reports, PLACES)


def many_announcements(seed: int, n: int) -> list[dict]:
    """One founding told by many reports, most about one group, some about another too or only, some
    from the same document, a few of another year or subtype: the clusters a shared-actor shortcut decides."""
    rng = random.Random(seed)
    about = [["g1"]] * 12 + [["g1", "g2"]] * 3 + [["g2"]] * 2 + [[]]
    return [{"id": rid, "doc_id": f"d{rng.randint(1, n * 2 // 3)}", "type": "announcement",
             "subtype": rng.choice(["founding"] * 9 + ["pledge"]), "date": rng.choice(["2014"] * 9 + ["2015"]),
             "date_precision": "year", "place_id": None, "killed_low": None, "killed_high": None, "injured_low": None,
             "injured_high": None, "targets": [], "ev_start": rid,
             "actors": [{"entity_id": g, "role": "about"} for g in rng.choice(about)]} for rid in range(1, n + 1)]


@pytest.mark.parametrize("seed", range(6))
def test_a_cluster_of_many_announcements_is_decided_as_trying_every_report(seed):
    reports = many_announcements(seed, 300)
    assert cluster_reports(reports, PLACES) == every_cluster_tried(reports, PLACES)


def test_every_pair_that_may_be_one_event_is_in_each_others_window():
    reports = random_reports(99, 200)
    index = ReportIndex(PLACES)
    for r in reports:
        index.add(r)
    for a in reports:
        found = {r["id"] for r in index.partners(a)}
        assert {b["id"] for b in reports if b is not a and _same_event(a, b, PLACES)} <= found


def test_the_first_look_without_actors_never_drops_a_pair_that_is_one_event():
    reports = random_reports(7, 300)
    pairs = [(a, b) for a in reports for b in reports if a is not b and _same_event(a, b, PLACES)]
    assert pairs and all(may_be_same_event(a, b, PLACES) for a, b in pairs)


def test_an_undated_attack_has_no_window_but_an_undated_announcement_does():
    attack = {"type": "attack", "date": None, "subtype": None}
    announcement = {"type": "announcement", "date": None, "subtype": "founding"}
    assert partner_window(attack) is None
    assert partner_window(announcement).dates == (None,)


class _InMemory:
    """Partners as a store would find them: the window's reports and the document's other reports."""

    def __init__(self, reports: list[dict], places: dict):
        self.reports, self.places = reports, places
        self.index = ReportIndex(places)
        for r in reports:
            self.index.add(r)

    def of(self, report: dict, skip=(), window_too: bool = True) -> list[dict]:
        partners = ((self.index.partners(report) if window_too else [])
                    + [r for r in self.reports if r["doc_id"] == report["doc_id"]])
        return [r for r in partners if r["id"] not in skip]


@pytest.mark.parametrize("seed", range(8))
def test_clustering_the_reports_connected_to_new_ones_changes_nothing_else(seed):
    reports = random_reports(seed, 150)
    new = [r for r in reports if r["doc_id"] in {"d1", "d2"}]
    group = connected_reports(new, _InMemory(reports, PLACES))
    events, assignment = cluster_reports(reports, PLACES)
    part_events, part_assignment = cluster_reports(group, PLACES)
    assert part_assignment == {r["id"]: assignment[r["id"]] for r in group}
    by_id = {e["id"]: e for e in events}
    assert all(by_id[e["id"]] == e for e in part_events)


def test_a_year_dated_report_finds_a_settlement_across_the_date_line():
    def at(rid, doc, date, place, low, high):
        return {"id": rid, "doc_id": doc, "type": "attack", "subtype": "bombing", "date": date, "date_precision": None,
                "place_id": place, "killed_low": low, "killed_high": high, "injured_low": None, "injured_high": None,
                "targets": [], "actors": [{"entity_id": "g1", "role": "perpetrator"}], "ev_start": 0}
    year, day = at(1, "d1", "2020", "town_far", 2, 4), at(2, "d2", "2020-03-01", "town_over", 3, 5)
    assert _same_event(year, day, PLACES)
    index = ReportIndex(PLACES)
    index.add(day)
    assert index.partners(year) == [day]


def linked_to(seeds: list[dict], reports: list[dict]) -> list[dict]:
    """Every report a chain of same-event pairs or id siblings links to the seeds, every pair tried."""
    found = {r["id"]: r for r in seeds}
    queue = list(seeds)
    while queue:
        report = queue.pop()
        for other in reports:
            if other["id"] not in found and (_id_siblings(report, other) or _same_event(report, other, PLACES)):
                found[other["id"]] = other
                queue.append(other)
    return sorted(found.values(), key=report_order)


@pytest.mark.parametrize("seed", range(4))
def test_the_reports_connected_to_new_announcements_are_those_every_pair_links(seed):
    reports = many_announcements(seed, 200)
    new = [r for r in reports if r["doc_id"] in {"d1", "d2", "d3"}] or reports[:2]
    assert connected_reports(new, _InMemory(reports, PLACES)) == linked_to(new, reports)
