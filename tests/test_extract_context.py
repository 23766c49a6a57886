"""The contracts of context.py's modality, attribution and clause-date helpers, which every extractor may call.

With a parse, only the words that govern a fact frame it; without one, the words of its clause do.
"""

import pytest

from actorgraph.dates import find_dates
from actorgraph.extract.context import (attribution, clause_dates, fact_modality, governing_path, modality,
                                       source_phrase, statement_source)

pytestmark = pytest.mark.model   # all but the text-only tests read the parse


def token(doc, word: str):
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize("sentence,trigger,expected", [
    ("The TTP pledged allegiance to the Islamic State.", "pledged", "asserted"),
    ("The TTP reportedly pledged allegiance to the Islamic State.", "pledged", "alleged"),
    ("Officials said that the TTP pledged allegiance to the Islamic State.", "pledged", "reported"),
    ("The TTP denied that it had pledged allegiance to the Islamic State.", "pledged", "denied"),
    ("The TTP never pledged allegiance to the Islamic State.", "pledged", "denied"),
    ("The TTP claimed to lead the insurgency.", "lead", "claimed"),
    ("The group is believed to be led by Noor Wali Mehsud.", "led", "alleged"),
    ("The TTP tried to pledge allegiance to the Islamic State.", "pledge", None),
    ("If the TTP pledges allegiance to the Islamic State, the war will widen.", "pledges", None),
    ("The TTP will pledge allegiance to the Islamic State.", "pledge", None),
    ("ISKP not only attacked the Taliban but also killed its commanders.", "attacked", "asserted"),
])
def test_fact_modality_reads_the_governing_words(real_nlp, sentence, trigger, expected):
    doc = real_nlp(sentence)
    assert fact_modality(token(doc, trigger)) == expected


def test_a_hedge_in_another_clause_leaves_the_fact_alone(real_nlp):
    doc = real_nlp("Noor Wali Mehsud, who leads the TTP, was reportedly killed in 2023.")
    args = [token(doc, "Mehsud"), token(doc, "TTP")]
    assert fact_modality(token(doc, "leads"), args) == "asserted"
    assert fact_modality(token(doc, "killed")) == "alleged"


def test_modality_without_a_parse_stays_in_the_trigger_clause():
    text = "ISKP pledged allegiance to Baghdadi in 2015, while the Taliban may have protested."
    assert modality(text, text.index("pledged"), text.index("pledged") + 7) == "asserted"
    assert modality("Officials believe ISKP was behind the attack.") == "alleged"


def test_modality_with_a_parsed_sentence_uses_the_parse(real_nlp):
    doc = real_nlp("Analysts say the group, which may have split from the TTP, pledged allegiance to Baghdadi.")
    sentence = next(doc.sents)
    at = sentence.text.index("pledged")
    assert modality(sentence, at, at + 7) == "reported"


@pytest.mark.parametrize("sentence,who", [
    ("According to UN monitors, ISKP had 2,000 fighters.", "UN monitors"),
    ("According to the former Afghan government there were 1,000 fighters.", "former Afghan government"),
    ("US officials said ISKP had 2,000 fighters.", "US officials"),
])
def test_attribution_names_the_source(real_nlp, sentence, who):
    assert who in attribution(sentence)
    assert who in attribution(next(real_nlp(sentence).sents))


@pytest.mark.parametrize("sentence,word,who", [
    ("Officials said the group had 2,000 fighters.", "fighters", "Officials"),
    ("The group had 2,000 fighters, the military said.", "fighters", "military"),
    ("As ACLED reported, 207 clashes occurred in 2017.", "clashes", "ACLED"),
    ("The wing, which a senior official estimated to have 24,000 fighters, was hit hard.", "fighters",
     "senior official"),
    ("In a report published by the UN, the group was said to have 2,000 fighters.", "fighters", "UN"),
    ("The group is estimated to have 2,000 fighters.", "fighters", None),
    ("The ELN, currently estimated to have 2,000 members, fights on.", "members", None),
    ("The group claimed it carried out 11 attacks last week.", "attacks", "group"),
])
def test_statement_source_reads_the_words_governing_a_statement(real_nlp, sentence, word, who):
    found = statement_source(token(real_nlp(sentence), word))
    assert (source_phrase(found) if found is not None else None) == who


def test_attribution_of_a_statement_in_its_own_voice_is_none(real_nlp):
    assert attribution("ISKP had 2,000 fighters in 2016.") is None
    assert attribution(next(real_nlp("ISKP had 2,000 fighters in 2016.").sents)) is None


def test_clause_dates_keep_the_date_of_the_statement(real_nlp):
    text = "Noor Wali Mehsud, whose brother died in 2016, has led the TTP since 2018 and met Fazlullah in 2015."
    doc = real_nlp(text)
    trigger = token(doc, "led")
    path = governing_path(trigger, [token(doc, "Mehsud"), token(doc, "TTP")])
    found = [(d.iso, role) for d, role in clause_dates(path, find_dates(text), 0)]
    assert found == [("2018", "start")]
