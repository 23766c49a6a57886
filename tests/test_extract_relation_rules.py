"""Every relation rule against its own witnesses: the sentences it must fire on and those it must not.

The rules read the dependency parse, so these run the real model. Sentences are written for the tests.
"""

import pytest

from actorgraph.extract import document_context
from actorgraph.extract.relation_rules import RULES
from actorgraph.extract.relations import rule_matches
from actorgraph.models import Document
from support import rules_without_witnesses, same_name, witness_params

pytestmark = pytest.mark.model


def read(nlp, text: str):
    """(rule name, subject name, type, object name, modality) for every relation found in the text."""
    document = Document("w1", "w1" * 8, "/tmp/w1.txt", "txt", text, ())
    ctx, _ = document_context(nlp(text), document)
    out = set()
    for found in rule_matches(ctx):
        r = found.relation
        out.add((found.rule, text[r.subject[0]:r.subject[1]], r.type, text[r.object[0]:r.object[1]], r.modality))
    return out


EXAMPLES, COUNTERS = witness_params(RULES)


def test_every_rule_has_witnesses():
    bare = rules_without_witnesses(RULES)
    assert not bare, f"rules without an example and a counter-example: {bare}"


def test_rule_names_are_unique():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("rule,example", EXAMPLES)
def test_rule_fires_on_its_examples(real_nlp, rule, example):
    found = read(real_nlp, example.text)
    wanted = example.type or rule.type_for(rule.subject_kinds[0])
    symmetric = wanted in ("allied_with", "hostile_to")
    hits = [f for f in found if f[0] == rule.name and f[2] == wanted and f[4] == example.modality and (
        (same_name(f[1], example.subject) and same_name(f[3], example.object))
        or (symmetric and same_name(f[3], example.subject) and same_name(f[1], example.object)))]
    assert hits, f"{rule.name} did not read ({example.subject}, {wanted}, {example.object}, {example.modality}): {found}"


@pytest.mark.parametrize("rule,text", COUNTERS)
def test_rule_stays_silent_on_its_counter_examples(real_nlp, rule, text):
    found = [f for f in read(real_nlp, text) if f[0] == rule.name and f[4] != "denied"]
    assert not found, f"{rule.name} fired on a counter-example: {found}"
