"""Synthetic knowledge bases for tests and benchmarks: records written straight through the store, no NLP.

`build(store, n)` writes n documents, each with a few mentions, relations, a claim and an event,
over a fixed cast of groups, leaders and located places, then clusters events and records a conflict.
"""

from __future__ import annotations

import hashlib
import random

from ..models import (Alias, Claim, Document, Entity, Event, Evidence, Extraction, MetaField, Mention, Relation,
                      Resolution)

EXTRACTOR = "synth.v1"
# invented names, so a synthetic KB never captures real places' aliases
PLACES = [("synth_place_0", "Synthabad", 34.53, 69.17), ("synth_place_1", "Synthpur", 34.43, 70.45),
          ("synth_place_2", "Synthgarh", 34.01, 71.58), ("synth_place_3", "Synthkot", 36.73, 68.86)]


def cast(n_groups: int = 40, names: dict | None = None) -> list[Entity]:
    """Groups, one leader per group, and places with coordinates; `names` overrides group names."""
    out = []
    for g in range(n_groups):
        name = (names or {}).get(g, f"Synth Front {g}")
        out.append(Entity(f"synth_group_{g}", "group", name,
                          (Alias(name, "synth"), Alias(f"SF{g}", "synth", "abbreviation"))))
        out.append(Entity(f"synth_leader_{g}", "person", f"Leader Number {g}", (Alias(f"Leader Number {g}", "synth"),)))
    for key, name, lat, lon in PLACES:
        out.append(Entity(key, "place", name, (Alias(name, "synth"),), {"lat": lat, "lon": lon, "kind": "city"}))
    return out


def document(i: int, rng: random.Random, n_groups: int, names: dict | None = None) -> tuple:
    """One synthetic report and its extraction; `names` may override group names (e.g. an XSS payload)."""
    g, h = rng.randrange(n_groups), rng.randrange(n_groups)
    h = (g + 1) % n_groups if h == g else h
    place = PLACES[i % len(PLACES)]
    year = 2015 + i % 9
    group_name = (names or {}).get(g, f"Synth Front {g}")
    parts = [(f"Leader Number {g}", f"synth_leader_{g}", "person"), (" leads the ", None, None),
             (group_name, f"synth_group_{g}", "group"), (" since ", None, None), (f"{year}", None, None),
             (". The group is hostile to ", None, None), (f"Synth Front {h}", f"synth_group_{h}", "group"),
             (f" and has about {100 + i % 500} fighters. It attacked a checkpoint in ", None, None),
             (place[1], place[0], "place"), (f", killing {i % 7 + 1} people. Report number {i}.", None, None)]
    text, spans, entity_of, found = "", {}, {}, []
    for piece, entity_id, type_ in parts:
        start = len(text)
        text += piece
        if entity_id:
            spans.setdefault(entity_id, (start, len(text)))
            entity_of[(start, len(text))] = entity_id
            found.append(Mention(start, len(text), piece, "SYNTH", type_, 0, len(text), "ruler"))
    sha = hashlib.sha256(text.encode()).hexdigest()
    doc = Document(sha[:16], sha, f"synth/{i:06d}.txt", "txt", text,
                   (MetaField("title", f"Synthetic report {i} on {group_name}", "synth"),
                    MetaField("outlet", f"Outlet {i % 5}", "synth"), MetaField("published", f"{year}-06-01", "synth")))
    ev = Evidence(doc.id, 0, len(text), text, EXTRACTOR, "1")
    leader, group, other, where = spans[f"synth_leader_{g}"], spans[f"synth_group_{g}"], spans[f"synth_group_{h}"], spans[place[0]]
    mentions = tuple(found)
    extraction = Extraction(
        mentions=mentions,
        relations=(Relation(leader, "leader_of", group, ev, start=str(year)),
                   Relation(group, "hostile_to", other, ev), Relation(group, "operates_in", where, ev)),
        events=(Event("attack", ev, "checkpoint attack", f"{year}-03-0{1 + i % 9}", "day", place=where,
                      perpetrators=(group,), killed_low=i % 7 + 1, killed_high=i % 7 + 1),),
        claims=(Claim(group, "fighters", 100 + i % 500, 100 + i % 500, ev, as_of=f"{year}-06", as_of_precision="month",
                      attributed_to=f"Outlet {i % 5}"),))
    return doc, extraction, Resolution(entity_of=entity_of)


def build(store, n: int, n_groups: int = 40, seed: int = 7, names: dict | None = None, cluster: bool = True) -> None:
    """Write n synthetic documents; with `cluster`, replace all events (one per place, date, perpetrator)."""
    rng = random.Random(seed)
    store.upsert_entities(cast(n_groups, names))
    with store.transaction():
        for i in range(n):
            doc, extraction, resolution = document(i, rng, n_groups, names)
            if not store.has_document(doc.sha256):
                store.write_document(doc, extraction, resolution, EXTRACTOR)
    if cluster:
        cluster_events(store)


def cluster_events(store) -> None:
    """One event per place, date and perpetrator, with the range of the reports' figures."""
    events, assignment = {}, {}
    for rep in store.event_reports():
        perpetrator = next((a["entity_id"] for a in rep["actors"] if a["role"] == "perpetrator"), "")
        key = f"synth_ev_{rep['place_id']}_{rep['date']}_{perpetrator}"
        ev = events.setdefault(key, {"id": key, "type": rep["type"], "subtype": rep["subtype"], "date": rep["date"],
                                     "date_precision": "day", "place_id": rep["place_id"], "killed_low": rep["killed_low"],
                                     "killed_high": rep["killed_high"], "injured_low": None, "injured_high": None,
                                     "label": f"{rep['subtype']} at {rep['place_id']} on {rep['date']}"})
        ev["killed_low"] = min(ev["killed_low"], rep["killed_low"])
        ev["killed_high"] = max(ev["killed_high"], rep["killed_high"])
        assignment[rep["id"]] = key
    store.replace_events(list(events.values()), assignment)
    disputed = [e for e in events.values() if e["killed_low"] != e["killed_high"]][:1]
    store.replace_conflicts([{
        "kind": "casualties", "subject_kind": "event", "subject_id": e["id"], "attribute": "killed",
        "docs": [], "note": "Sources give different death tolls.",
        "sides": [{"value": e["killed_low"], "doc": None}, {"value": e["killed_high"], "doc": None}]}
        for e in disputed])
