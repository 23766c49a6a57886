"""Cross-document event resolution: reports of one real event from several sources become one event.

Two reports from different documents are one event when nothing rules it out and enough points to it:
- ruled out: different families (attack, strike, clash, announcement); dates that cannot be the same day
  (more than a day apart); places that cannot be the same (different countries, provinces or settlements
  more than 20 km apart); two named perpetrators that differ; specific kinds that differ (a kidnapping is
  not a bombing); killed figures far apart;
- pointing to it (a score): the same settlement or site (or within 20 km), the same exact day, a shared
  perpetrator, the same specific kind, equal or overlapping casualty figures, a shared target. A shared
  province or country alone says little, and neither does a town and a day: two attacks in one province,
  or in one city, on one day are common where the war is.
Reports are taken in one fixed order (most precise date first, then document and report id), so the
events do not depend on the order the reports arrived in.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import date as _date, timedelta

from ..dates import overlaps

FAMILY = {"attack": "attack", "strike": "strike", "clash": "clash", "announcement": "announcement"}
NEAR_KM = 20
MERGE_SCORE = 4.5   # e.g. the same town, a shared perpetrator and the same kind of attack; or the town, the day and a shared target
SETTLEMENT_KINDS = frozenset({"site", "district", "city", "town", "village", "locality", "valley"})
GENERIC_SUBTYPES = frozenset({None, "attack", "killing", "armed assault"})


def cluster_reports(reports: list[dict], places: dict[str, dict] | None = None) -> tuple[list[dict], dict[int, str]]:
    """(events, report id -> event id). `places` maps place entity ids to gazetteer attributes (kind, lat, lon, admin1).

    Each report joins the first cluster (in the order clusters were made) all of whose reports it may be
    one event with. Only clusters holding a report of the same family and date window can qualify, so
    those are found through an index instead of trying every cluster: the result is the same.
    """
    places = places or {}
    place_kind = {k: v.get("kind") for k, v in places.items()}
    clusters: list[list[dict]] = []
    announced: list[_Announced | None] = []   # per cluster, what its announcements share (None: not announcements)
    cluster_of: dict[int, int] = {}   # report id -> index of its cluster in `clusters`
    index = ReportIndex(places)
    # an announcement's partners are the announcements of its date and subtype: their clusters, kept as they grow
    announcement_homes: dict[tuple, set[int]] = {}
    for report in sorted(reports, key=report_order):
        if report["type"] == "announcement":
            homes = sorted(announcement_homes.get((report["date"], report["subtype"]), ()))
        else:
            homes = sorted({cluster_of[other["id"]] for other in index.partners(report)})
        home = next((i for i in homes if _joins(report, clusters[i], announced[i], places)), None)
        if home is None:
            home = len(clusters)
            clusters.append([])
            announced.append(_Announced(report) if report["type"] == "announcement" else None)
        elif announced[home] is not None:
            announced[home].add(report)
        clusters[home].append(report)
        cluster_of[report["id"]] = home
        if report["type"] == "announcement":
            announcement_homes.setdefault((report["date"], report["subtype"]), set()).add(home)
        else:
            index.add(report)
    return events_of_clusters(clusters, place_kind)


class _Announced:
    """What every report of a cluster of announcements shares: one subtype and date (they are pairwise one
    event), the documents they come from, the actors all of them are about."""

    def __init__(self, first: dict):
        self.subtype, self.date = first["subtype"], first["date"]
        self.docs, self.common = {first["doc_id"]}, _actors(first, "about")

    def add(self, report: dict) -> None:
        self.docs.add(report["doc_id"])
        self.common &= _actors(report, "about")



def events_of_clusters(clusters: list[list[dict]], place_kind: dict) -> tuple[list[dict], dict[int, str]]:
    """(events, report id -> event id) for clusters of reports, each cluster one event with a unique id."""
    events, assignment, used = [], {}, set()
    for cluster in clusters:
        event = _summarise(cluster, place_kind)
        while event["id"] in used:   # two incidents told in the same sentence
            event["id"] = "v" + hashlib.sha1(event["id"].encode()).hexdigest()[:10]
        used.add(event["id"])
        events.append(event)
        for r in cluster:
            assignment[r["id"]] = event["id"]
    return events, assignment

def _joins(report: dict, cluster: list[dict], announced: _Announced | None, places: dict) -> bool:
    """Whether the report may be one event with every report of the cluster. For a cluster of announcements
    (thousands of reports of one founding) what they share answers without a look at each of them:
    the same as `_same_event` with each, which is the fallback."""
    if announced is None or report["type"] != "announcement":
        return all(_same_event(report, other, places) for other in cluster)
    if report["doc_id"] in announced.docs or (report["subtype"], report["date"]) != (announced.subtype, announced.date):
        return False
    about = _actors(report, "about")
    return bool(about & announced.common) or all(about & _actors(other, "about") for other in cluster)


def report_order(report: dict) -> tuple:
    """The fixed order reports are clustered in: most precise date first, then document and report id."""
    return -(len(report["date"] or "")), report["doc_id"], report["id"]


@dataclass(frozen=True)
class PartnerWindow:
    """Where the reports that may be one event with a report are: its family, and dates a partner may carry
    exactly (`dates`) or any longer date starting with `under`. Announcements also need the same subtype.
    No window (None) means no other report can be the same event."""

    family: str | None
    dates: tuple[str | None, ...]
    under: str | None = None
    subtype: str | None = None


def partner_window(report: dict) -> PartnerWindow | None:
    family, date = FAMILY.get(report["type"]), report["date"]
    if family == "announcement":
        return PartnerWindow(family, (date,), subtype=report["subtype"])
    if not date:
        return None
    dates = [date[:k] for k in range(1, len(date) + 1)]   # a coarser date containing it, or itself
    if len(date) == 10:
        day = _parse_day(date)
        dates += [(day + timedelta(days=d)).isoformat() for d in (-1, 1)] if day else []
    return PartnerWindow(family, tuple(dates), under=date)


def _parse_day(text: str) -> _date | None:
    try:
        return _date.fromisoformat(text)
    except ValueError:
        return None


class ReportIndex:
    """Reports filed by family and date, to find those inside another report's `partner_window`.

    A report dated to a month or a year has every report of that period in its window; only those sharing
    something distinctive with it (`_distinctive`: its settlement or one within NEAR_KM, a target, an equal
    or similar toll) can be one event with it, so those periods are also filed by such marks.
    """

    def __init__(self, places: dict | None = None):
        self.places = places or {}
        self._at: dict[tuple, list[dict]] = {}      # (family, date, announcement subtype) -> reports
        self._under: dict[tuple, list[dict]] = {}   # (family, a proper prefix of the date, mark) -> reports

    def add(self, report: dict) -> None:
        family, date = FAMILY.get(report["type"]), report["date"]
        if family == "announcement":
            self._at.setdefault((family, date, report["subtype"]), []).append(report)
        elif date:
            self._at.setdefault((family, date, None), []).append(report)
            marks = self._marks(report)
            for k in range(1, len(date)):
                for mark in marks:
                    self._under.setdefault((family, date[:k], mark), []).append(report)

    def partners(self, report: dict) -> list[dict]:
        window = partner_window(report)
        if window is None:
            return []
        found = [r for d in window.dates for r in self._at.get((window.family, d, window.subtype), ())]
        if window.under:
            seen = set()
            for mark in self._probes(report):
                for r in self._under.get((window.family, window.under, mark), ()):
                    if r["id"] not in seen:
                        seen.add(r["id"])
                        found.append(r)
        return found

    def _marks(self, report: dict) -> list[tuple]:
        """What a report is filed under inside its periods: its settlement, the cell of the settlement's
        own point, its targets, its killed figure."""
        marks = [("target", t) for t in report["targets"]]
        place = self.places.get(report["place_id"] or "", {})
        if place.get("kind") in SETTLEMENT_KINDS:
            marks.append(("place", report["place_id"]))
            if _own_point(place):
                marks.append(("cell", _cell(place["lat"], place["lon"])))
        if report["killed_low"] is not None:
            marks.append(("killed", report["killed_high"]))
        return marks

    def _probes(self, report: dict) -> list[tuple]:
        """The marks of every report `_distinctive` could pair with this one."""
        probes = [("target", t) for t in report["targets"]]
        place = self.places.get(report["place_id"] or "", {})
        if place.get("kind") in SETTLEMENT_KINDS:
            probes.append(("place", report["place_id"]))
            if _own_point(place):
                probes += [("cell", c) for c in _cells_within(place["lat"], place["lon"], NEAR_KM)]
        if report["killed_low"] is not None:
            high = report["killed_high"]
            # equal figures, or two tolls of 10 or more within half of each other (see _figures_agree)
            near = range(max(10, int(high / 1.5) - 1), int(high * 1.5) + 2) if high >= 10 else ()
            probes += [("killed", k) for k in sorted({high, *near})]
        return probes


CELL_DEGREES = 0.2   # grid of settlement points: about 22 km of latitude


def _own_point(place: dict) -> bool:
    return not place.get("approximate") and place.get("lat") is not None and place.get("lon") is not None


COLUMNS = round(360 / CELL_DEGREES)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL_DEGREES), math.floor(lon / CELL_DEGREES) % COLUMNS


def _cells_within(lat: float, lon: float, km: float) -> list[tuple[int, int]]:
    """Grid cells holding every point within `km` of this one (a few more at most)."""
    row, col = _cell(lat, lon)
    rows = math.ceil(km / 110.0 / CELL_DEGREES) + 1
    widest = max(abs(lat) + (rows + 1) * CELL_DEGREES, 0.0)
    per_degree = 111.0 * math.cos(math.radians(min(widest, 89.9)))
    cols = min(math.ceil(km / per_degree / CELL_DEGREES) + 1, COLUMNS // 2)
    return [(row + i, (col + j) % COLUMNS) for i in range(-rows, rows + 1) for j in range(-cols, cols + 1)]


def connected_reports(seeds: list[dict], partners) -> list[dict]:
    """The seed reports and every report linked to them by a chain of possible same-event pairs or id siblings.

    Clustering is decided inside such a connected group alone, so when the seeds are new reports these
    are the only reports whose events can change. `partners(report)` gives the reports in its
    `partner_window` and the other reports of its document, but those whose ids it is given to skip;
    `places` the place attributes they need.
    """
    found = {r["id"]: r for r in seeds}
    queue = list(seeds)
    # Announcements (one founding told by thousands of reports): one about none of a set of actors is
    # compared once per set, not once per report; and once reports of two documents with the same actors,
    # subtype and date have been walked, every announcement one event with such a report is found (it
    # differs from one of those two documents), so later ones need only their own document's reports.
    about_none: dict[frozenset, set[int]] = {}
    walked: dict[tuple, set[str]] = {}
    while queue:
        report = queue.pop()
        about = frozenset(_actors(report, "about")) if report["type"] == "announcement" else None
        apart = about_none.setdefault(about, set()) if about is not None else set()
        documents = walked.setdefault((about, report["subtype"], report["date"]), set()) if about is not None else set()
        window_too = len(documents) < 2
        documents.add(report["doc_id"])
        for other in partners.of(report, found, window_too):
            if other["id"] in found or (other["id"] in apart and not _id_siblings(report, other)):
                continue
            if _id_siblings(report, other) or _same_event(report, other, partners.places):
                found[other["id"]] = other
                queue.append(other)
            elif about is not None and other["type"] == "announcement" and not about & _actors(other, "about"):
                apart.add(other["id"])
    return sorted(found.values(), key=report_order)


def _id_siblings(a: dict, b: dict) -> bool:
    """Reports whose events would get the same id (two incidents told in one sentence): decided together."""
    return (a["doc_id"], a["ev_start"], a["type"]) == (b["doc_id"], b["ev_start"], b["type"])


def _same_event(a: dict, b: dict, places: dict) -> bool:
    if a["doc_id"] == b["doc_id"] or FAMILY.get(a["type"]) != FAMILY.get(b["type"]):
        return False   # one report names an event once; two mentions in one report are two events
    if a["type"] == "announcement":
        return a["subtype"] == b["subtype"] and bool(_actors(a, "about") & _actors(b, "about")) and a["date"] == b["date"]
    days_apart = _days_apart(a["date"], b["date"])
    if days_apart is None or days_apart > 1:
        return False
    place = _place_relation(a["place_id"], b["place_id"], places)
    if place == "different":
        return False
    perps_a, perps_b = _actors(a, "perpetrator"), _actors(b, "perpetrator")
    if perps_a and perps_b and not perps_a & perps_b:
        return False
    if _specific(a["subtype"]) and _specific(b["subtype"]) and a["subtype"] != b["subtype"] \
            and {a["subtype"], b["subtype"]} != {"bombing", "suicide bombing"}:
        return False
    figures = _figures_agree(a, b)
    if figures is False:
        return False
    shared_target = bool(set(a["targets"]) & set(b["targets"]))
    if not _distinctive(place, shared_target, figures):
        return False
    score = {"same settlement": 2.0, "near": 1.5, "same region": 0.5}.get(place, 0.0)
    score += 1.0 if days_apart == 0 and len(a["date"]) == len(b["date"]) == 10 else 0.0
    score += 1.0 if perps_a & perps_b else 0.0
    score += 1.5 if _specific(a["subtype"]) and a["subtype"] == b["subtype"] else 0.0
    score += {"equal": 1.5, "similar": 1.5, "overlap": 0.5}.get(figures, 0.0)
    score += 1.5 if shared_target else 0.0
    return score >= MERGE_SCORE


def _distinctive(place: str, shared_target: bool, figures) -> bool:
    """Something two reports share that a town and a day alone do not give."""
    return place in ("same settlement", "near") or shared_target or figures in ("equal", "similar")


def may_be_same_event(a: dict, b: dict, places: dict) -> bool:
    """False when `_same_event` is False whatever the reports' actors: a cheap first look at many candidates
    read without their actors (announcements always pass)."""
    if FAMILY.get(a["type"]) == "announcement":
        return True
    shared_target = bool(set(a["targets"]) & set(b["targets"]))
    return _distinctive(_place_relation(a["place_id"], b["place_id"], places), shared_target, _figures_agree(a, b))


def _days_apart(a: str | None, b: str | None) -> int | None:
    """Whole days between two dates; 0 when a coarser date contains the other; None when they cannot meet."""
    if not a or not b:
        return None
    if len(a) == len(b) == 10:
        return abs((_date.fromisoformat(a) - _date.fromisoformat(b)).days)
    return 0 if overlaps(a, b) else None


def _place_relation(a: str | None, b: str | None, places: dict) -> str:
    """same settlement, near, same region (one holds the other, or both only name a province or country),
    unknown or different. Coordinates borrowed from a containing place (approximate) say nothing about
    distance: two villages of one district both sit at the district's point."""
    if a is None or b is None:
        return "unknown"
    pa, pb = places.get(a, {}), places.get(b, {})
    settlement = lambda p: p.get("kind") in SETTLEMENT_KINDS  # noqa: E731
    if a == b:
        return "same settlement" if settlement(pa) else "same region"
    if pa.get("country") and pb.get("country") and pa["country"] != pb["country"]:
        return "different"
    if a in (pb.get("parents") or ()) or b in (pa.get("parents") or ()):
        return "same region"
    own_points = not (pa.get("approximate") or pb.get("approximate"))
    if own_points and None not in (pa.get("lat"), pa.get("lon"), pb.get("lat"), pb.get("lon")) and settlement(pa) \
            and settlement(pb):
        return "near" if _km(pa["lat"], pa["lon"], pb["lat"], pb["lon"]) <= NEAR_KM else "different"
    for outer, inner in ((pa, pb), (pb, pa)):
        if outer.get("kind") == "country" and inner.get("country") == outer.get("country"):
            return "same region"
        if outer.get("kind") == "province" and inner.get("admin1") and inner.get("admin1") == outer.get("admin1"):
            return "same region"
    if settlement(pa) and settlement(pb):
        return "different"
    return "different" if pa.get("admin1") and pb.get("admin1") and pa["admin1"] != pb["admin1"] else "unknown"


def _figures_agree(a: dict, b: dict):
    """'equal', 'overlap', 'similar', None (silent or inconclusive) or False (far apart: 2 killed is not 40)."""
    if a["killed_low"] is None or b["killed_low"] is None:
        return None
    lo_a, hi_a, lo_b, hi_b = a["killed_low"], a["killed_high"], b["killed_low"], b["killed_high"]
    if (lo_a, hi_a) == (lo_b, hi_b):
        return "equal" if hi_a > 0 else None
    if lo_a <= hi_b and lo_b <= hi_a:
        return "overlap"
    small, large = sorted((hi_a, hi_b))
    if small >= 10 and large <= small * 1.5:
        return "similar"   # two large tolls close to each other: early and later counts of one mass-casualty attack
    if large <= small * 2 + 3:
        return None        # small tolls that differ say nothing either way
    return False


def _specific(subtype: str | None) -> bool:
    return subtype not in GENERIC_SUBTYPES


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    from math import asin, cos, radians, sin, sqrt

    dlat, dlon = radians(lat2 - lat1), radians(lon2 - lon1)
    h = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlon / 2) ** 2
    return 2 * 6371 * asin(sqrt(h))


def _actors(report: dict, role: str) -> set[str]:
    return {x["entity_id"] for x in report["actors"] if x["role"] == role}


PLACE_SPECIFICITY = {"site": 6, "district": 5, "city": 4, "valley": 4, "province": 3, "region": 2, "country": 1}


def _summarise(cluster: list[dict], place_kind: dict) -> dict:
    best_date = max(cluster, key=lambda r: len(r["date"] or ""))
    places = [r["place_id"] for r in cluster if r["place_id"]]
    place = max(sorted(set(places)), key=lambda p: (PLACE_SPECIFICITY.get(place_kind.get(p) or "", 3), places.count(p))) \
        if places else None
    first = min(cluster, key=lambda r: (r["doc_id"], r["id"]))
    digest = hashlib.sha1(f"{first['doc_id']}:{first['ev_start']}:{first['type']}".encode()).hexdigest()[:10]
    subtype = next((r["subtype"] for r in cluster if r["subtype"] and r["subtype"] != r["type"]), cluster[0]["subtype"])
    return {
        "id": f"v{digest}", "type": cluster[0]["type"], "subtype": subtype, "date": best_date["date"],
        "date_precision": best_date["date_precision"], "place_id": place,
        "killed_low": _low(cluster, "killed_low"), "killed_high": _high(cluster, "killed_high"),
        "injured_low": _low(cluster, "injured_low"), "injured_high": _high(cluster, "injured_high"),
        "label": f"{subtype or cluster[0]['type']}" + (f" ({best_date['date']})" if best_date["date"] else ""),
    }


def _low(cluster: list[dict], field: str):
    values = [r[field] for r in cluster if r[field] is not None]
    return min(values) if values else None


def _high(cluster: list[dict], field: str):
    values = [r[field] for r in cluster if r[field] is not None]
    return max(values) if values else None


def family_types(family: str | None) -> tuple[list[str] | None, list[str]]:
    """(the types of a family, or None for any type, and the types to leave out): types without a family
    form one family of their own."""
    if family is None:
        return None, sorted(FAMILY)
    return [t for t, f in FAMILY.items() if f == family], []
