"""Adding reports to a knowledge base derives the same events and conflicts as deriving everything again."""

from __future__ import annotations

import pytest

from actorgraph import analyze
from actorgraph.analyze import derive_new, refresh
from actorgraph.analyze.review import review
from actorgraph.serve import synthkb
from actorgraph.store import open_store
from support import write_synthetic


def derived(store) -> dict:
    """Events, which event each report went to, and conflicts, without row ids."""
    reports = sorted((r["doc_id"], r["ev_start"], r["type"], r["event_id"]) for r in store.event_reports())
    conflicts = sorted((c["kind"], c["subject_kind"], c["subject_id"], c["attribute"], c["docs"], c["note"],
                        repr(c["sides"])) for c in store.conflicts())
    summaries = store.db.execute("SELECT subject_id, type, object_id, denied, start, fact FROM fact_summaries"
                                 " ORDER BY 1, 2, 3, 4").fetchall()
    involved = store.db.execute("SELECT c.kind, c.subject_id, c.attribute, e.entity_id FROM conflict_entities e"
                                " JOIN conflicts c ON c.id = e.conflict_id ORDER BY 1, 2, 3, 4").fetchall()
    event_entities = store.db.execute("SELECT entity_id, date_key, event_id FROM event_entities ORDER BY 1, 2, 3").fetchall()
    return {"events": store.events(), "reports": reports, "conflicts": conflicts,
            "fact_summaries": [tuple(r) for r in summaries], "conflict_entities": [tuple(r) for r in involved],
            "event_entities": [tuple(r) for r in event_entities]}


def rebuilt(location: str, copy_kb) -> dict:
    """The derived state of a copy of the (closed) knowledge base after deriving everything again."""
    with open_store(copy_kb(location)) as again:
        refresh(again)
        return derived(again)



def derived_in_full(store, stream, first: int) -> list:
    """The stream's cast and its first reports stored and derived in one full pass; the reports left."""
    store.upsert_entities(next(stream))
    items = list(stream)
    write_synthetic(store, items[:first])
    refresh(store)
    return items[first:]


def grown(store, items, step: int) -> None:
    """Add the reports a few at a time, each group derived incrementally."""
    for start in range(0, len(items), step):
        derive_new(store, write_synthetic(store, items[start:start + step]))

@pytest.mark.parametrize("seed", [3, 4])
def test_synthetic_reports_added_one_by_one_derive_as_a_rebuild(new_kb, copy_kb, seed):
    location = new_kb()
    with open_store(location) as store:
        rest = derived_in_full(store, synthkb.documents(400, seed=seed), 300)
        grown(store, rest, 7)
        state = derived(store)
    assert state == rebuilt(location, copy_kb)
    assert {c[0] for c in state["conflicts"]} >= {"event_figures", "claim_figures", "date", "relation"}
    assert len(state["events"]) < len(state["reports"])   # reports from several documents were merged



def test_reports_added_beside_rejected_ones_derive_as_a_rebuild(new_kb, copy_kb):
    """Window stubs are read from every report, full rows only from kept ones: a rejected partner is skipped."""
    location = new_kb()
    with open_store(location) as store:
        rest = derived_in_full(store, synthkb.documents(120, seed=8), 100)
        for report in store.event_reports()[:30]:
            review(store, f"event:{report['id']}", "rejected", "checked: another incident")
        grown(store, rest, 5)
        state = derived(store)
    assert state == rebuilt(location, copy_kb)

def test_a_new_seed_report_derives_as_a_rebuild(seeds_dir, real_nlp, new_kb, copy_kb, monkeypatch):
    from actorgraph.pipeline import run

    monkeypatch.setattr(analyze, "INCREMENTAL_SHARE", 1.0)   # five reports: the fifth is a fifth of the KB
    paths = sorted(seeds_dir.glob("*.txt"))
    location = new_kb()
    with open_store(location) as store:
        assert run([str(p) for p in paths[:-1]], store, nlp=real_nlp, progress=False).ok
        assert run([str(paths[-1])], store, nlp=real_nlp, progress=False).ok
        state = derived(store)
    assert state["events"] and state == rebuilt(location, copy_kb)


def test_a_profile_read_from_fact_summaries_is_the_profile_merged_from_relation_rows(tmp_store):
    from actorgraph.analyze import views
    from actorgraph.analyze.facts import FACT_SUMMARIES

    synthkb.build(tmp_store, 300, seed=5)
    groups = sorted(e["id"] for e in tmp_store.entities(type="group") if e["id"].startswith("synthkb_"))[:6]
    stored = {g: views.entity_profile(tmp_store, g, limit=8) for g in groups}
    tmp_store.set_marker(FACT_SUMMARIES, "none")   # as a KB derived before summaries existed
    merged = {g: views.entity_profile(tmp_store, g, limit=8) for g in groups}
    assert any(p["totals"]["relations"] > 8 for p in stored.values())   # pages were cut
    for g in groups:
        for part in ("relations", "leaders", "totals"):
            assert stored[g][part] == merged[g][part], (g, part)
