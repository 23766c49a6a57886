"""Names that are no entity's, or another kind's: every rule of data/mention_rules.json runs on its examples and
counter-examples (sentences written here, in the data file) through the real pipeline."""

from __future__ import annotations

import pytest

from actorgraph.extract import document_context
from actorgraph.extract.screen import rules_data, witnesses
from actorgraph.models import Document


def _document(text: str) -> Document:
    return Document("d1", "d1.txt", "d1.txt", "txt", text)


def types_named(nlp, text: str, name: str) -> set[str]:
    ctx, _ = document_context(nlp(text), _document(text))
    return {m.type for m in ctx.mentions if m.text == name}


@pytest.mark.parametrize("rule", sorted(rules_data()))
def test_every_rule_says_why_and_has_an_example_and_a_counter_example(rule):
    body = rules_data()[rule]
    assert body["why"] and body["examples"] and body["counter_examples"]


@pytest.mark.parametrize("rule, text, name, etype", witnesses(), ids=lambda v: v if isinstance(v, str) and len(v) < 30 else None)
def test_mention_rule_witness(real_nlp, rule, text, name, etype):
    assert types_named(real_nlp, text, name) == ({etype} if etype else set())


# -- generic groups are sampled as the entity lists show them -------------------------------------------------
def test_the_entity_sample_leaves_out_generic_groups_no_fact_names(real_nlp, tmp_path):
    from click.testing import CliRunner

    from actorgraph.analyze.precision import sample_facts
    from actorgraph.cli import main
    from actorgraph.store import open_store

    report = tmp_path / "reports" / "r1.txt"
    report.parent.mkdir()
    report.write_text("The Tawhid Brigade also included Chechen and other Caucasian fighters, while Tajik militants "
                      "were the public face of the brigade.\n\n"
                      "Fulani extremists attacked the village of Dogo on Monday, killing four people.\n", encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    result = CliRunner().invoke(main, ["ingest", str(report.parent), "--db", str(db), "--no-progress"])
    assert result.exit_code == 0, result.output
    store = open_store(db)
    try:
        sampled = {item["statement"] for item in sample_facts(store, 1000, kind="entity", seed=1)["items"]}
    finally:
        store.close()
    assert "Fulani extremists (group)" in sampled
    assert not sampled & {"Caucasian fighters (group)", "Tajik militants (group)"}
