"""Cross-document event resolution: reports of one real event from several sources become one event.

Two reports are one event when their types agree, their dates can be the same day, their
places agree (a country is no evidence against a city in it), their perpetrators do not
differ, and — unless both give the same exact day — they share something distinctive: the
site ('airport', 'jail') or the perpetrator and kind of attack. Two attacks in one city on
different days are never merged.
"""

from __future__ import annotations

import hashlib

from ..dates import overlaps

FAMILY = {"attack": "attack", "strike": "strike", "clash": "clash", "announcement": "announcement"}


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
    events, assignment = [], {}
    for cluster in clusters:
        event = _summarise(cluster, place_kind)
        events.append(event)
        for r in cluster:
            assignment[r["id"]] = event["id"]
    return events, assignment


def _same_event(a: dict, b: dict, places: dict) -> bool:
    if FAMILY.get(a["type"]) != FAMILY.get(b["type"]):
        return False
    if not a["date"] or not b["date"] or not overlaps(a["date"], b["date"]):
        return False
    if a["doc_id"] == b["doc_id"]:
        return False   # one report names an event once; two mentions in one report are two events
    if not _places_agree(a["place_id"], b["place_id"], places):
        return False
    perps_a, perps_b = _actors(a, "perpetrator"), _actors(b, "perpetrator")
    if perps_a and perps_b and not perps_a & perps_b:
        return False
    if a["type"] == "announcement":
        return a["subtype"] == b["subtype"] and bool(_actors(a, "about") & _actors(b, "about")) and a["date"] == b["date"]
    exact_same_day = len(a["date"]) == 10 and a["date"] == b["date"]
    shared_site = bool(set(a["targets"]) & set(b["targets"]))
    same_actor_and_kind = bool(perps_a & perps_b) and a["place_id"] == b["place_id"] and a["place_id"] is not None
    return exact_same_day or shared_site or same_actor_and_kind


NEAR_KM = 20


def _places_agree(a: str | None, b: str | None, places: dict) -> bool:
    """Same place, or one inside the other (a parent in the gazetteer hierarchy, a country or province holding
    it), or a site within 20 km of a city. Coordinates borrowed from a containing place (approximate) say
    nothing about distance: two villages of one district both sit at the district's point."""
    if a is None or b is None or a == b:
        return True
    pa, pb = places.get(a, {}), places.get(b, {})
    if "country" in (pa.get("kind"), pb.get("kind")):
        return True
    if a in (pb.get("parents") or ()) or b in (pa.get("parents") or ()):
        return True
    for outer, inner in ((pa, pb), (pb, pa)):
        if outer.get("kind") == "province" and inner.get("admin1") and inner.get("admin1") == outer.get("admin1"):
            return True
    if pa.get("approximate") or pb.get("approximate"):
        return False
    if None not in (pa.get("lat"), pa.get("lon"), pb.get("lat"), pb.get("lon")):
        return _km(pa["lat"], pa["lon"], pb["lat"], pb["lon"]) <= NEAR_KM
    return False


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
