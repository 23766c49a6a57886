"""Every claim rule against its own witnesses: the sentences it must read and those it must leave alone.

The rules read the dependency parse, so these run the real model. Sentences are written for the tests.
"""

import pytest

from actorgraph.extract import document_context
from actorgraph.extract.claim_rules import RULES
from actorgraph.extract.claims import claim_matches
from actorgraph.models import Document, MetaField
from support import rules_without_witnesses, same_name, witness_params

pytestmark = pytest.mark.model


def read(nlp, text: str, published: str | None = None):
    """(rule, subject name, attribute, low, high, source, as_of) for every claim found in the text."""
    meta = (MetaField("published", published, "test"),) if published else ()
    document = Document("c1", "c1" * 8, "/tmp/c1.txt", "txt", text, meta)
    ctx, _ = document_context(nlp(text), document)
    out = []
    for found in claim_matches(ctx):
        c = found.claim
        subject = text[c.subject[0]:c.subject[1]] if c.subject else None
        out.append((found.rule, subject, c.attribute, c.low, c.high, c.attributed_to, c.as_of))
    return out


EXAMPLES, COUNTERS = witness_params(RULES)


def test_every_rule_has_witnesses():
    bare = rules_without_witnesses(RULES)
    assert not bare, f"rules without an example and a counter-example: {bare}"


def test_rule_names_are_unique():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("rule,example", EXAMPLES)
def test_rule_reads_its_examples(real_nlp, rule, example):
    found = read(real_nlp, example.text)
    attribute = example.attribute or rule.attribute
    hits = [f for f in found if f[0] == rule.name and same_name(f[1], example.subject) and f[2] == attribute
            and (f[3], f[4]) == (example.low, example.high)]
    assert hits, f"{rule.name} did not read {example.subject} {attribute} {example.low}-{example.high}: {found}"
    source = hits[0][5]
    if example.source is None:
        assert source is None, f"{rule.name} gave a source the sentence does not name: {source}"
    else:
        assert source is not None and example.source.lower() in source.lower(), (source, example.source)
    if example.as_of is not None:
        assert hits[0][6] == example.as_of


@pytest.mark.parametrize("rule,text", COUNTERS)
def test_rule_stays_silent_on_its_counter_examples(real_nlp, rule, text):
    found = [f for f in read(real_nlp, text) if f[0] == rule.name]
    assert not found, f"{rule.name} read a claim from a counter-example: {found}"


@pytest.mark.parametrize("text,source", [
    ("The UN Monitoring Team published its report in July. It said JNIM had about 6,000 fighters.",
     "UN Monitoring Team"),
    ("A report by the International Crisis Group appeared in May. The report said the ADF had 1,500 fighters.",
     "report by the International Crisis Group"),
    ("In a report published by the UN in June, monitors said ISKP had 4,000 fighters.", "monitors"),
    ("Al-Shabaab has between 7,000 and 9,000 fighters, a senior Somali official told Reuters.",
     "senior Somali official"),
    ("As ACLED reported, at least 150 clashes between al-Shabaab and the army occurred in 2020.", "ACLED"),
])
def test_a_source_is_read_from_the_sentence_or_the_one_it_continues(real_nlp, text, source):
    found = read(real_nlp, text)
    assert found and found[-1][5] == source, found


def test_a_figure_without_a_year_takes_the_report_date_and_says_so(real_nlp):
    text = "Al-Shabaab has between 7,000 and 9,000 fighters."
    document = Document("c2", "c2" * 8, "/tmp/c2.txt", "txt", text, (MetaField("published", "2022-05-03", "test"),))
    ctx, _ = document_context(real_nlp(text), document)
    (found,) = claim_matches(ctx)
    assert (found.claim.as_of, found.claim.as_of_precision) == ("2022-05-03", "report")
    assert found.claim.evidence.quote == text[found.claim.evidence.start:found.claim.evidence.end] == text


def test_a_parent_named_in_a_report_about_its_branch_is_read_as_the_branch(real_nlp):
    text = ("ISKP is the Afghan branch of the Islamic State. ISKP grew fast after 2015. ISKP fought the Taliban. "
            "According to the UN, there are about 4,000 Islamic State fighters in Afghanistan.")
    document = Document("c3", "c3" * 8, "/tmp/c3.txt", "txt", text, ())
    ctx, _ = document_context(real_nlp(text), document)
    from actorgraph.extract import _parent_spans
    from actorgraph.extract.registry import load_registry

    (found,) = claim_matches(ctx, _parent_spans(ctx.focus, ctx.clusters, load_registry()))
    assert text[found.claim.subject[0]:found.claim.subject[1]] == "ISKP"
    assert "parent organisation" in found.claim.subject_note


def test_the_parent_keeps_its_figure_when_the_sentence_names_the_branch_apart(real_nlp):
    text = ("ISKP is the Afghan branch of the Islamic State. ISKP grew fast after 2015. "
            "The Islamic State reported 60 attacks in March 2019, including eight carried out by ISKP.")
    document = Document("c4", "c4" * 8, "/tmp/c4.txt", "txt", text, ())
    ctx, _ = document_context(real_nlp(text), document)
    from actorgraph.extract import _parent_spans
    from actorgraph.extract.registry import load_registry

    found = claim_matches(ctx, _parent_spans(ctx.focus, ctx.clusters, load_registry()))
    read_as = {(text[f.claim.subject[0]:f.claim.subject[1]], f.claim.low, f.claim.attributed_to) for f in found}
    assert read_as == {("Islamic State", 60, "Islamic State"), ("ISKP", 8, "Islamic State")}


def test_the_group_is_the_subject_just_before_when_the_main_group_is_not_named_there(real_nlp):
    text = ("ISKP grew fast in 2015. ISKP fought the Taliban in Nangarhar. ISKP lost ground in 2019. "
            "In Somalia, al-Shabaab remains the main threat. Monitors said the group raised $10 million in 2017, "
            "and that it pays its fighters about $50 a month.")
    found = read(real_nlp, text)
    assert {(f[1], f[2]) for f in found} == {("al-Shabaab", "funding_usd"), ("al-Shabaab", "monthly_pay_usd")}, found
    assert {f[6] for f in found if f[2] == "funding_usd"} == {"2017"}


def test_the_report_named_again_is_the_report_named_first(real_nlp):
    text = ("A report by the International Crisis Group came out in May. It covered the Sahel. Its authors met "
            "officials in Bamako. The Sahel is vast. The report said JNIM had about 6,000 fighters.")
    (found,) = read(real_nlp, text)
    assert found[5] == "report by the International Crisis Group"


def test_every_check_and_role_a_rule_names_exists():
    from actorgraph.extract.claims import CHECKS, ROLES

    unknown = [(r.name, c) for r in RULES for c in r.checks if c not in CHECKS]
    unknown += [(r.name, role) for r in RULES for role in r.holder if role not in ROLES]
    assert not unknown, unknown
