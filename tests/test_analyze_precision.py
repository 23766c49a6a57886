"""`actorgraph sample`: a reproducible random sample of extracted facts with their quotes, written for a person
to judge (Markdown or CSV), and judged precision per kind from the filled-in file."""

from __future__ import annotations

import csv
import io
import re

import pytest
from click.testing import CliRunner

from actorgraph.analyze.precision import KINDS, VERDICTS, judged_precision, sample_facts
from actorgraph.cli import main
from actorgraph.errors import BadJudgement
from actorgraph.serve import synth
from actorgraph.store import open_store


@pytest.fixture(scope="module")
def kb(session_kbs) -> str:
    path = session_kbs.new("sample")
    store = open_store(path)
    synth.build(store, 40, n_groups=5)
    store.close()
    return str(path)


def run(*args) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_sample_is_reproducible_by_seed_and_quotes_stand_in_their_documents(kb):
    store = open_store(kb)
    try:
        first, again = sample_facts(store, 10, seed=7), sample_facts(store, 10, seed=7)
        other = sample_facts(store, 10, seed=8)
        assert first == again and first["items"] != other["items"]
        assert {i["kind"] for i in first["items"]} == set(KINDS)
        for item in first["items"]:
            assert store.document(item["doc"])["text"][item["start"]:item["end"]] == item["quote"]
    finally:
        store.close()


def test_a_kind_with_fewer_facts_is_sampled_whole(kb):
    store = open_store(kb)
    try:
        sample = sample_facts(store, 10_000, kind="claim", seed=1)
        assert len(sample["items"]) == sample["available"]["claim"] == len(store.claims())
    finally:
        store.close()


def _fill(text: str, verdicts: list[str]) -> str:
    """Write the verdicts, in order, after each `verdict:`."""
    it = iter(verdicts)
    return re.sub(r"(?m)^verdict: $", lambda m: f"verdict: {next(it, '')}", text)


def test_markdown_round_trip_scores_precision_per_kind(kb, tmp_path):
    form = tmp_path / "sample.md"
    run("sample", "--n", 4, "--kind", "relation", "--seed", 3, "--db", kb, "-o", form)
    text = form.read_text(encoding="utf-8")
    assert text.count("\n## relation ") == 4 and text.count("\nverdict: ") == 4 and "\n> " in text
    form.write_text(_fill(text, ["correct", "Wrong_Type", "correct", ""]), encoding="utf-8")
    out = run("sample", "--score", form)
    row = next(line for line in out.splitlines() if line.startswith("relation"))
    assert row.split()[:5] == ["relation", "4", "3", "2", "0.667"]


def test_csv_form_has_an_empty_verdict_column_and_scores(kb, tmp_path):
    form = tmp_path / "sample.csv"
    run("sample", "--n", 3, "--seed", 5, "--db", kb, "-o", form)
    rows = list(csv.DictReader(io.StringIO(form.read_text(encoding="utf-8"))))
    assert len(rows) == 3 * len(KINDS) and all(r["verdict"] == "" and r["quote"] for r in rows)
    for r, verdict in zip(rows, ["correct", "not stated", "wrong date"] * len(KINDS)):
        r["verdict"] = verdict
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    form.write_text(buf.getvalue(), encoding="utf-8")
    out = run("sample", "--score", form)
    for kind in KINDS:
        assert next(line for line in out.splitlines() if line.startswith(kind)).split()[:5] == \
               [kind, "3", "3", "1", "0.333"]


def test_judged_precision_counts_each_verdict():
    judged = [{"kind": "entity", "key": f"entity:{i}", "verdict": v}
              for i, v in enumerate(["correct", "correct", "wrong type", "not stated", None])]
    scores = judged_precision(judged)["entity"]
    assert (scores["items"], scores["judged"], scores["correct"], scores["precision"]) == (5, 4, 2, 0.5)
    assert scores["verdicts"] == dict.fromkeys(VERDICTS, 0) | {"correct": 2, "wrong type": 1, "not stated": 1}


def test_an_unknown_verdict_is_a_clear_error(tmp_path):
    with pytest.raises(BadJudgement, match=r"AG090.*relation:4.*correct, wrong type"):
        judged_precision([{"kind": "relation", "key": "relation:4", "verdict": "mostly right"}])
    empty = tmp_path / "empty.md"
    empty.write_text("# nothing here\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["sample", "--score", str(empty)])
    assert result.exit_code == 1 and "AG090" in result.output


def test_seed_kb_sample(seed_kb, tmp_path):
    """On the seed corpus every kind is sampled, each item with the quote a judge reads."""
    form = tmp_path / "seed-sample.md"
    run("sample", "--n", 50, "--seed", 11, "--db", seed_kb, "-o", form)
    text = form.read_text(encoding="utf-8")
    for kind in KINDS:
        assert f"\n## {kind} 1/" in text
