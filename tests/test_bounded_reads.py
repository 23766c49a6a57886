"""Reads stay bounded however much the knowledge base holds about one thing: an event told by many
reports, a figure disputed by many sources, a long list of aliases; totals still count everything."""

from __future__ import annotations

from actorgraph.analyze import views
from actorgraph.serve import synthkb

ONE_EVENT = {"id": "ev_everything", "type": "attack", "subtype": None, "date": "2020", "date_precision": "year",
             "place_id": None, "killed_low": None, "killed_high": None, "injured_low": None, "injured_high": None,
             "label": "every report at once"}


def test_an_event_lists_its_first_reports_and_the_actors_of_all(tmp_store):
    synthkb.build(tmp_store, 120, seed=5)
    reports = tmp_store.event_reports()
    assert len(reports) > views.CITATIONS_SHOWN
    tmp_store.replace_events([ONE_EVENT], {r["id"]: ONE_EVENT["id"] for r in reports})

    [item] = views.timeline_page(tmp_store, limit=5)["events"]
    assert item["reports_total"] == len(reports)
    assert [r["evidence"]["quote"] for r in item["reports"]] == [r["quote"] for r in reports[:views.CITATIONS_SHOWN]]
    named = {a["entity_id"] for r in reports for a in r["actors"] if a["role"] == "perpetrator"}
    assert {p["id"] for p in item["perpetrators"]} == named


def test_a_conflict_page_cuts_sides_and_counts_them(tmp_store):
    sides = [{"doc": f"d{i}", "value": i, "entity": "synthkb_group_0"} for i in range(50)]
    conflict = {"kind": "claim_figures", "subject_kind": "entity", "subject_id": "synthkb_group_1",
                "attribute": "fighters", "docs": [s["doc"] for s in sides], "note": "fifty figures", "sides": sides}
    tmp_store.replace_conflicts([conflict])

    page = views.conflicts_page(tmp_store, entity_id="synthkb_group_0", sides=5)
    assert page["total"] == 1
    [shown] = page["conflicts"]
    assert shown["sides"] == sides[:5] and shown["sides_total"] == 50 and shown["docs_total"] == 50
    assert views.conflicts(tmp_store, "synthkb_group_1")[0]["sides"] == sides   # exports read them all
    assert views.conflicts_page(tmp_store, entity_id="nobody")["total"] == 0


def test_a_profile_pages_aliases_and_counts_them(tmp_store):
    synthkb.build(tmp_store, 200, seed=5)
    group = max((e["id"] for e in tmp_store.entities(type="group")), key=lambda g: len(tmp_store.aliases([g])))
    every = tmp_store.aliases([group])
    profile = views.entity_profile(tmp_store, group, limit=3)
    assert profile["totals"]["aliases"] == len(every) > 3
    assert [a["name"] for a in profile["aliases"]] == [a["name"] for a in every[:3]]
