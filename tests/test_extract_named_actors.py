"""Actors NER misses or mistypes, found from the words and the parse around them: a name a person's role noun
describes, a party whose armed wing the text names, a group's named unit, a name the text calls an armed group,
a short form the registry knows. Each behaviour runs on an example and a counter-example written here.
"""

from __future__ import annotations

import hashlib

import pytest
import spacy
from spacy.tokens import Doc

from actorgraph.extract.clusters import cluster_mentions
from actorgraph.extract.mentions import find_mentions
from actorgraph.extract.registry import load_registry
from actorgraph.models import Document, Extraction, Mention


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("en").vocab


def parsed(vocab, words: list[str], heads: list[int], deps: list[str], pos: list[str], ents: list[str]) -> Doc:
    """A hand-written parse: tests of the parse-based rules do not depend on what a model reads."""
    lemmas = [w.lower().removesuffix("s") if p == "NOUN" else w for w, p in zip(words, pos)]
    return Doc(vocab, words=words, heads=heads, deps=deps, pos=pos, ents=ents, lemmas=lemmas)


ROLE_WORDS = ["Police", "said", "LeT", "commanders", "Tariq", "and", "Wasim", "died", ".",
              "Wasim", "was", "wanted", "."]
ROLE_HEADS = [1, 1, 3, 7, 3, 4, 4, 1, 1, 11, 11, 11, 11]
ROLE_DEPS = ["nsubj", "ROOT", "compound", "nsubj", "appos", "cc", "conj", "ccomp", "punct",
             "nsubjpass", "auxpass", "ROOT", "punct"]
ROLE_POS = ["NOUN", "VERB", "PROPN", "NOUN", "PROPN", "CCONJ", "PROPN", "VERB", "PUNCT",
            "PROPN", "AUX", "VERB", "PUNCT"]
ROLE_ENTS = ["O", "O", "O", "O", "B-ORG", "O", "B-ORG", "O", "O", "B-ORG", "O", "O", "O"]


def test_names_a_persons_role_describes_are_people_wherever_ner_said_organisation(vocab):
    doc = parsed(vocab, ROLE_WORDS, ROLE_HEADS, ROLE_DEPS, ROLE_POS, ROLE_ENTS)
    assert [(m.text, m.type) for m in find_mentions(doc)] == [("Tariq", "person"), ("Wasim", "person"),
                                                               ("Wasim", "person")]


def test_names_a_thing_describes_stay_organisations(vocab):
    words = [w if w != "commanders" else "offices" for w in ROLE_WORDS]
    doc = parsed(vocab, words, ROLE_HEADS, ROLE_DEPS, ROLE_POS, ROLE_ENTS)
    assert {m.type for m in find_mentions(doc)} == {"other"}


@pytest.mark.parametrize("text, etype", [
    ("The army killed one of the top commanders of the movement, Warsame Commandos, near Jilib.", "person"),
    ("The army raided a base of the movement, Warsame Commandos, near Jilib.", "group"),
])
def test_a_name_right_after_a_persons_role_is_a_person(text, etype):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    start = text.index("Warsame")
    doc.ents = [doc.char_span(start, start + len("Warsame Commandos"), label="ORG")]
    assert [m.type for m in find_mentions(doc)] == [etype]


def test_a_short_form_the_text_defines_keeps_the_registry_type():
    text = "BLA fighters hit Turbat\n\nThe Baloch Liberation Army (BLA) said its men shelled a camp near Turbat."
    short = Mention(0, 3, "BLA", "ORG", "other", 0, 23, "abbreviation", "ref_baloch_liberation_army")
    start = text.index("Baloch")
    long = Mention(start, start + 22, "Baloch Liberation Army", "ARMED_GROUP", "group", 25, len(text), "ruler",
                   "ref_baloch_liberation_army")
    (cluster,) = cluster_mentions(Extraction(mentions=(short, long)), load_registry(), text)
    assert cluster.type == "group"


def clusters_of(nlp, text: str) -> dict[str, str]:
    from actorgraph.extract import document_context

    document = Document("t", hashlib.sha256(text.encode()).hexdigest(), "t.txt", "txt", text)
    ctx, _ = document_context(nlp(text), document)
    return {name: c.type for c in ctx.clusters for name in c.names}


@pytest.mark.model
@pytest.mark.parametrize("text, name, etype", [
    ("The Revolutionary Party of Azania and its armed wing, the Azanian Liberation Army, attacked a police post.",
     "Revolutionary Party of Azania", "group"),
    ("The Azanian Liberation Army (ALA), the military wing of the Pan Africanist Congress (PAC), raided a farm.",
     "Pan Africanist Congress", "group"),
    ("The Labour Party and its youth wing held a rally in Lagos.", "Labour Party", "other"),
])
def test_a_party_whose_armed_wing_the_text_names_is_an_armed_group(real_nlp, text, name, etype):
    assert clusters_of(real_nlp, text)[name] == etype


@pytest.mark.model
@pytest.mark.parametrize("text, name, found", [
    ("Hezbollah's elite Aziz unit fired rockets at the base.", "Aziz unit", True),
    ("A senior commander of the Nukhba force of Hamas was killed.", "Nukhba force", True),
    ("The army's elite Zarb force raided the village.", "Zarb force", False),
    ("The attacks were the work of Jamaat Nasr al-Sahil, a jihadist group formed in 2019. "
     "Jamaat Nasr al-Sahil later moved south.", "Jamaat Nasr al-Sahil", True),
    ("The attacks began near Kaya, a town close to the border, in May.", "Kaya", False),
    ("The Rwandan-backed M27 rebel group seized the town of Rutshuru.", "M27", True),
    ("Fighters of the Kabul militant group were seen near the airport.", "Kabul", False),
    ("Analysts describe Katiba Serma as a small Malian jihadist group.", "Malian", False),
    ("The Sunni extremist group claimed the bombing of the shrine.", "Sunni", False),
    ("Washington keeps the ELN on its Foreign Terrorist Organization list.", "Foreign", False),
])
def test_units_of_named_groups_and_names_the_text_calls_armed_groups(real_nlp, text, name, found):
    types = clusters_of(real_nlp, text)
    assert (types.get(name) == "group") is found, types


@pytest.mark.model
@pytest.mark.parametrize("text, names", [
    ("The Izzedin Al-Qassam Brigades said two of its fighters died.", ["Izzedin Al-Qassam Brigades"]),
    ("Somali al-Shabaab fighters attacked a base near Afgoye.", ["al-Shabaab"]),
])
def test_a_registry_name_written_with_more_of_the_name_is_mentioned_whole(real_nlp, text, names):
    assert [n for n, etype in clusters_of(real_nlp, text).items() if etype == "group"] == names


def test_guerrillas_with_a_named_group_are_its_members_not_a_group_of_their_own():
    from actorgraph.extract.mentions import descriptor_mentions
    from actorgraph.extract.registry import names_a_registry_group

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    text = "Leftist guerrillas with the ELN ambushed a patrol. Leftist guerrillas burned a bus."
    start = text.index("ELN")
    named = [Mention(start, start + 3, "ELN", "ARMED_GROUP", "group", 0, 50, "ruler", "eln")]
    found = descriptor_mentions(nlp(text), named, names_a_registry_group)
    assert [(m.text, m.start) for m in found] == [("ELN", start), ("Leftist guerrillas", text.index("Leftist", 5))]


@pytest.mark.model
@pytest.mark.parametrize("text, name, etype", [
    ("The Mujahideen Shura Council claimed the attack on the base in Sinai, which killed ten soldiers.",
     "Mujahideen Shura Council", "group"),
    ("The Punjab Police raided a hideout in Lahore and killed three militants on Monday.", "Punjab Police", "other"),
])
def test_the_author_of_an_attack_is_an_armed_group_unless_a_state_force(real_nlp, text, name, etype):
    from actorgraph.extract import extract

    document = Document("t", hashlib.sha256(text.encode()).hexdigest(), "t.txt", "txt", text)
    extraction = extract(real_nlp(text), document)
    assert {n: c.type for c in extraction.clusters for n in c.names}[name] == etype
