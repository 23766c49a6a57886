"""CSV tables: events with ACLED column names and UCDP low/best/high, claims and relations."""

from __future__ import annotations

import csv
import io

import pytest

from actorgraph.analyze import views
from actorgraph.errors import ActorgraphError
from actorgraph.export import export_to
from test_export_kb import small_kb  # noqa: F401

ACLED = ["event_date", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2", "location", "latitude",
         "longitude", "geo_precision", "time_precision", "source", "notes", "fatalities"]


def rows(store, table):
    text, summary = export_to("csv", store, table=table)
    return list(csv.DictReader(io.StringIO(text))), summary


def test_events_have_acled_and_ucdp_columns(small_kb):
    data, summary = rows(small_kb, "events")
    assert summary == "1 events"
    assert set(ACLED + ["low", "best", "high", "source_original"]) <= set(data[0])
    row = data[0]
    assert (row["event_date"], row["time_precision"]) == ("2021-08-26", "1")
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence", "Suicide bomb")
    assert row["actor1"] == "Islamic State Khorasan Province"
    assert row["location"] == "Kabul airport"


def test_fatalities_take_the_lowest_figure_and_notes_say_sources_disagree(small_kb):
    row = rows(small_kb, "events")[0][0]
    assert (row["fatalities"], row["low"], row["high"]) == ("170", "170", "183")
    assert "Sources disagree on fatalities" in row["notes"] and "183" in row["notes"]
    assert "claimed by the perpetrator" in row["source_original"]


def test_claims_table_matches_views_claims(small_kb):
    data, _ = rows(small_kb, "claims")
    expected = views.claims(small_kb)
    assert [(r["attribute"], float(r["low"]), float(r["high"])) for r in data] == \
           [(c["attribute"], c["low"], c["high"]) for c in expected]
    assert data[0]["quote"]


def test_relations_table(small_kb):
    data, _ = rows(small_kb, "relations")
    leader = next(r for r in data if r["type"] == "leader_of")
    assert (leader["subject_name"], leader["start"], leader["end"]) == ("Hafiz Saeed Khan", "2015-01", "2016-07")


def test_unknown_table_is_a_clear_error(small_kb):
    with pytest.raises(ActorgraphError, match="--table events, claims, relations"):
        export_to("csv", small_kb, table="people")
