"""The shortcuts that make extraction cheaper give exactly what the long way gives."""

from pathlib import Path

import numpy as np
import pytest
from spacy.matcher import DependencyMatcher

from actorgraph.extract import extract, templates
from actorgraph.extract.relation_rules import RULES
from actorgraph.extract.relations import _matcher
from actorgraph.ingest import try_read
from support import REPO

EXAMPLES = sorted((REPO / "examples" / "reports").glob("*.txt"))
WRITTEN = [
    "Gunmen stormed a police post in Bannu on Monday, killing four officers; the TTP claimed the attack.",
    "Abu Bakr al-Baghdadi led the Islamic State until 2019. Ansar Dine was absorbed into JNIM.",
    "The mayor said the parade went ahead without incident.",
]


def texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in EXAMPLES] + WRITTEN


@pytest.fixture(scope="module")
def extractor():
    return templates.load_extractor()


def test_boosted_trees_score_rows_as_scikit_learn_does(extractor):
    rng = np.random.default_rng(7)
    for name, model in extractor.classifiers["stackers"].items():
        rows = rng.normal(0, 3, size=(500, model.n_features_in_))
        rows[rng.random(rows.shape) < 0.05] = np.nan   # missing values go where each tree learnt
        expected = model.predict_proba(rows)[:, 1]
        assert [extractor.stackers[name].probability(row) for row in rows] == expected.tolist(), name


def test_document_probabilities_are_those_of_the_fitted_classifiers(real_nlp, extractor):
    for doc in real_nlp.pipe(texts()):
        base = {n: float(c.predict_proba(extractor.classifiers["vectorizer"].transform(
            [templates.doc_text_for_classifier(doc)]))[0][1]) for n, c in extractor.classifiers["models"].items()}
        row = [templates.stack_row(base, extractor.classifiers["stack_inputs"], templates.trigger_features(doc))]
        expected = {n: float(m.predict_proba(row)[0][1]) for n, m in extractor.classifiers["stackers"].items()}
        assert extractor.classify(doc) == expected


def test_templates_reaching_event_quotes_give_the_fillers_all_templates_give(real_nlp, extractor, tmp_path):
    checked = 0
    for k, text in enumerate(texts()):
        path = tmp_path / f"report-{k}.txt"
        path.write_text(text, encoding="utf-8")
        document, _ = try_read(path)
        doc = real_nlp(document.text)
        events = extract(doc, document).events
        quotes = [(event.evidence.start, event.evidence.end) for event in events]
        reaching = extractor.reaching(doc, quotes)
        assert templates.with_template_roles(events, reaching) == templates.with_template_roles(events, extractor(doc))
        checked += bool(reaching)
    assert checked >= 2   # some reports' quotes hold fillers


def test_templates_reaching_stop_early_only_where_nothing_inside_the_quotes_changes(real_nlp, extractor):
    doc = real_nlp(" ".join(WRITTEN[:1] * 3 + WRITTEN[2:] * 3))   # an attack told three times, then talk
    first = next(iter(doc.sents))
    cfg = extractor.config["assembly"]
    reached = extractor.reaching(doc, [(first.start_char, first.end_char)])
    assert reached and templates.relevant(doc, extractor.tag(doc), extractor.classify(doc), cfg)
    inside = lambda ts: sorted({(f.start, f.text) for t in ts for fs in t.roles.values() for f in fs  # noqa: E731
                                if f.end <= first.end_char})
    assert inside(reached) == inside(extractor(doc))


def test_tagging_sentences_apart_adds_up_to_tagging_the_document(real_nlp, extractor):
    doc = real_nlp(EXAMPLES[0].read_text(encoding="utf-8"))
    n = len(list(doc.sents))
    odd, even = {i for i in range(n) if i % 2}, {i for i in range(n) if not i % 2}
    assert sorted(extractor.tag(doc, odd) + extractor.tag(doc, even), key=lambda span: span[1]) == extractor.tag(doc)


def test_relation_patterns_matched_apart_give_the_matches_of_one_matcher(real_nlp):
    everything, names = DependencyMatcher(real_nlp.vocab), {}
    for rule in RULES:
        for k, pattern in enumerate(rule.patterns):
            everything.add(f"{rule.name}#{k}", [list(pattern)])
            names[real_nlp.vocab.strings[f"{rule.name}#{k}"]] = (rule.name, [node["RIGHT_ID"] for node in pattern])
    sentences = texts() + [example.text for rule in RULES for example in rule.examples] + [text for rule in RULES for text in rule.counters]
    total = 0
    for doc in real_nlp.pipe(sentences):
        expected = [(names[key][0], dict(zip(names[key][1], ids))) for key, ids in everything(doc)]
        found = [(rule.name, {name: token.i for name, token in nodes.items()}) for rule, nodes in _matcher(doc.vocab)(doc)]
        assert found == expected, doc.text[:80]
        total += len(found)
    assert total > 100


def test_the_latter_with_no_named_antecedent_is_left_unresolved(real_nlp, tmp_path):
    path: Path = tmp_path / "latter.txt"
    path.write_text("Unidentified gunmen attacked a bus near the market on Monday. "
                    "The mayor said the inquiry into the latter case is a farce.", encoding="utf-8")
    document, _ = try_read(path)
    extraction = extract(real_nlp(document.text), document)   # it raised IndexError before
    latter = document.text.index("the latter")
    assert all(anaphor[0] != latter for anaphor, _ in extraction.corefs)
