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
from datetime import date as _date

from ..dates import overlaps

FAMILY = {"attack": "attack", "strike": "strike", "clash": "clash", "announcement": "announcement"}
NEAR_KM = 20
MERGE_SCORE = 4.5   # e.g. the same town, a shared perpetrator and the same kind of attack; or the town, the day and a shared target
SETTLEMENT_KINDS = frozenset({"site", "district", "city", "town", "village", "locality", "valley"})
GENERIC_SUBTYPES = frozenset({None, "attack", "killing", "armed assault"})


def cluster_reports(reports: list[dict], places: dict[str, dict] | None = None) -> tuple[list[dict], dict[int, str]]:
    """(events, report id -> event id). `places` maps place entity ids to gazetteer attributes (kind, lat, lon, admin1)."""
    places = places or {}
    place_kind = {k: v.get("kind") for k, v in places.items()}
    clusters: list[list[dict]] = []
    ordered = sorted(reports, key=lambda r: (-(len(r["date"] or "")), r["doc_id"], r["id"]))
    for report in ordered:
        home = next((c for c in clusters if all(_same_event(report, other, places) for other in c)), None)
        if home is None:
            clusters.append([report])
        else:
            home.append(report)
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
    distinctive = place in ("same settlement", "near") or shared_target or figures in ("equal", "similar")
    if not distinctive:
        return False
    score = {"same settlement": 2.0, "near": 1.5, "same region": 0.5}.get(place, 0.0)
    score += 1.0 if days_apart == 0 and len(a["date"]) == len(b["date"]) == 10 else 0.0
    score += 1.0 if perps_a & perps_b else 0.0
    score += 1.5 if _specific(a["subtype"]) and a["subtype"] == b["subtype"] else 0.0
    score += {"equal": 1.5, "similar": 1.5, "overlap": 0.5}.get(figures, 0.0)
    score += 1.5 if shared_target else 0.0
    return score >= MERGE_SCORE


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
