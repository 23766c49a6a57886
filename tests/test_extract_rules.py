"""Extraction rules: mentions and events on a model-free pipeline (tokenizer, sentencizer, registry ruler);
relations and claims read the dependency parse, so their tests run the real model."""

import pytest

from actorgraph.extract import extract
from actorgraph.extract.mentions import find_abbreviations
from actorgraph.models import Document


def run(nlp, text, published=None):
    from actorgraph.models import MetaField

    meta = (MetaField("published", published, "test"),) if published else ()
    doc = Document("t1", "t1" * 8, "/tmp/t1.txt", "txt", text, meta)
    return extract(nlp(text), doc)


def triples(extraction):
    key = {(m.start, m.end): m.key or m.text for c in extraction.clusters for m in c.mentions}
    key.update({a: key.get(b) for a, b in extraction.corefs})
    return {(key.get(r.subject), r.type, key.get(r.object)) for r in extraction.relations}


def test_abbreviations_are_found_with_their_long_form(blank_nlp):
    doc = blank_nlp("It was founded by elements of the Tehreek-e-Taliban Pakistan (TTP) and the Islamic Movement of Uzbekistan (IMU).")
    found = {(short, long) for short, long, _ in find_abbreviations(doc)}
    assert ("TTP", "Tehreek-e-Taliban Pakistan") in found and ("IMU", "Islamic Movement of Uzbekistan") in found


@pytest.mark.parametrize("text,expected", [
    ("ISIS leader Abu Bakr al-Baghdadi rejected the call.", ("abu_bakr_al_baghdadi", "leader_of", "islamic_state")),
    ("ISKP pledged allegiance to Abu Bakr al-Baghdadi.", ("iskp", "pledged_allegiance_to", "abu_bakr_al_baghdadi")),
    ("ISKP was founded by elements of the Tehrik-e-Taliban Pakistan.", ("iskp", "formed_from", "ttp")),
    ("ISKP is the regional branch of the Islamic State.", ("iskp", "part_of", "islamic_state")),
    ("The Taliban clashed with ISKP in Nangarhar.", ("taliban", "hostile_to", "iskp")),
    ("The Haqqani Network maintains close ties with al-Qaeda.", ("haqqani_network", "allied_with", "al_qaeda")),
])
@pytest.mark.model
def test_relation_patterns(real_nlp, text, expected):
    assert expected in triples(run(real_nlp, text))


@pytest.mark.model
def test_coreference_of_the_group(real_nlp):
    text = "ISKP emerged in Nangarhar. The group later pledged allegiance to Abu Bakr al-Baghdadi."
    assert ("iskp", "pledged_allegiance_to", "abu_bakr_al_baghdadi") in triples(run(real_nlp, text))


@pytest.mark.model
def test_dates_and_modality_of_relations(real_nlp):
    text = "ISKP reportedly pledged allegiance to Abu Bakr al-Baghdadi in January 2015."
    (relation,) = [r for r in run(real_nlp, text).relations if r.type == "pledged_allegiance_to"]
    assert relation.start == "2015-01" and relation.modality == "alleged"
    assert relation.evidence.quote == text[relation.evidence.start:relation.evidence.end] == text
    denied = run(real_nlp, "The Taliban never pledged allegiance to the Islamic State.")
    assert {r.modality for r in denied.relations if r.type == "pledged_allegiance_to"} == {"denied"}


def test_relations_need_a_parse(blank_nlp):
    assert run(blank_nlp, "ISKP pledged allegiance to Abu Bakr al-Baghdadi.").relations == ()


@pytest.mark.model
def test_a_strength_claim_is_one_range_with_its_source_and_year(real_nlp):
    text = "According to UN monitors, ISKP had between 2,500 and 8,500 fighters in 2016."
    (claim,) = run(real_nlp, text).claims
    assert (claim.attribute, claim.low, claim.high, claim.as_of) == ("fighters", 2500, 8500, "2016")
    assert "UN monitors" in claim.attributed_to


def test_claims_need_a_parse(blank_nlp):
    assert run(blank_nlp, "According to UN monitors, ISKP had 2,500 fighters in 2016.").claims == ()


def test_a_descriptive_name_is_the_group_it_describes(blank_nlp):
    extraction = run(blank_nlp, "By 2015 the “Afghan wing” of ISIS had moved north.")
    keys = {m.key for m in extraction.mentions}
    assert "iskp" in keys and "islamic_state" not in keys


def test_missing_model_names_the_install_command():
    from actorgraph.errors import ModelMissing
    from actorgraph.extract.nlp import load_model

    with pytest.raises(ModelMissing, match="make setup"):
        load_model("no_such_model_xx")
