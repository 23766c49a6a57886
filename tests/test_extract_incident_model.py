"""The incident classifier: its artifact and card, its training sentences, and what it keeps from the rules."""

import json
from pathlib import Path

import pytest

from actorgraph.errors import ModelMissing
from actorgraph.extract import incident_model as M
from actorgraph.extract.event_triggers import find_triggers
from support import REPO

CHECK_SET = REPO / "tests" / "fixtures" / "incident_sentences.jsonl"
TRAIN_SET = REPO / "scripts" / "data" / "incident_sentences_train.jsonl"
KINDS = {"incident", "habit", "capability", "tally", "plan", "threat", "background", "generic", "other_sense",
         "negated", "hypothetical", "headline", "participle", "claim", "anaphor", "perfect", "quote", "attempt"}


def sentences(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_shipped_model_is_small_and_carries_its_card():
    size = sum(f.stat().st_size for f in M.MODEL_DIR.iterdir())
    model = M.IncidentModel.load()
    assert size < 3_000_000
    assert model.meta["name"] == M.NAME and model.meta["version"] == M.VERSION
    assert 0 < model.threshold < 1 and model.meta["scores"]["dev/muc4"]["n"] > 0


def test_a_missing_model_says_how_to_rebuild_it(tmp_path):
    with pytest.raises(ModelMissing, match="make train-incident"):
        M.IncidentModel.load(tmp_path)


@pytest.mark.parametrize("path", [CHECK_SET, TRAIN_SET], ids=["check", "train"])
def test_written_sentences_are_well_formed(path):
    items = sentences(path)
    assert all(item["label"] in (0, 1) and item["kind"] in KINDS for item in items)
    assert all(item["trigger"].lower() in item["sentence"].lower() for item in items)


def test_the_check_sentences_are_never_trained_on():
    check = {item["sentence"] for item in sentences(CHECK_SET)}
    assert len(check) >= 150
    assert not check & {item["sentence"] for item in sentences(TRAIN_SET)}


@pytest.mark.model
def test_the_gate_keeps_the_incidents_the_rules_find_and_drops_what_they_wrongly_let_through(real_nlp):
    kept = dropped = missed = wrong = 0
    for item in sentences(CHECK_SET):
        doc = real_nlp(item["sentence"])
        token = next(t for t in doc if t.lower_ == item["trigger"].lower())
        if not any(t.token.i == token.i for t in find_triggers(doc)):
            continue
        passes = M.tells_incident(token)
        kept += passes and item["label"]
        missed += not passes and item["label"]
        dropped += not passes and not item["label"]
        wrong += passes and not item["label"]
    assert kept >= 60 and missed <= 2 and dropped > wrong


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "The militia has ambushed army convoys on that road throughout the dry season.",
    "Fighters have been raiding villages along the river to steal cattle.",
    "Police recorded seven kidnappings in the district during the month.",
    "Gunmen have killed dozens of farmers in the region since January.",
])
def test_habits_and_tallies_the_rules_let_through_fail_the_gate(real_nlp, text):
    doc = real_nlp(text)
    triggers = find_triggers(doc)
    assert triggers and not any(M.tells_incident(t.token) for t in triggers)


@pytest.mark.model
def test_one_incident_passes_the_gate(real_nlp):
    doc = real_nlp("Rebels ambushed an army convoy on the road to Beni on 3 May 2021.")
    (trigger,) = find_triggers(doc)
    assert M.incident_probability(trigger.token.sent, trigger.token) >= M.load_model().threshold
