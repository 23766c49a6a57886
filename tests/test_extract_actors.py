"""Who is an actor: the person-name check, organisation typing, generic groups and ambiguous acronyms.

Every rule runs on an example it must accept and a counter-example it must refuse, all written here.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from actorgraph.extract.actors import descriptor_spans, is_state_force, organisation_type, person_named_group
from actorgraph.extract.ambiguity import disambiguate
from actorgraph.extract.clusters import Cluster
from actorgraph.extract.mentions import descriptor_mentions, find_mentions
from actorgraph.extract.people import alias_split, context_says, name_core, not_a_person
from actorgraph.extract.registry import names_a_registry_group
from actorgraph.models import Document, Extraction, Mention
from actorgraph.resolve.entities import Linker

# -- the person-name check ------------------------------------------------------------------------
NOT_PEOPLE = [
    ("Salafism", "creeds"), ("Kharijite", "creeds"), ("Kalashnikov", "weapons"), ("Kiswahili", "languages"),
    ("Tuareg", "peoples"), ("Nigerien", "peoples"), ("Dabiq", "media"), ("al-Naba", "media"),
    ("Amir al-Mu’minin", "titles"), ("Sheikh", "titles"), ("Brig", "titles"), ("Iyad Ag", "unfinished"),
    ("Abu Mohammad al", "unfinished"), ("Jamia Hafsa", "non_person_heads"), ("Dera Ismail Khan district", "non_person_heads"),
    ("2 Rashid Omar", "digits"), ("NISA", "acronym"), ("Af", "too_short"), ("Absolutism", "creeds"),
]
PEOPLE = ["Iyad Ag Ghaly", "Mullah Omar", "Abu Anas", "Hafiz Saeed", "Sheikh Abdullah Yusuf", "Noor Wali Mehsud",
          "Fatima Bello", "Omar Sidibe", "Ramon Cruz", "Yahya"]


@pytest.mark.parametrize("name, reason", NOT_PEOPLE)
def test_not_a_person(name, reason):
    assert not_a_person(name) == reason


@pytest.mark.parametrize("name", PEOPLE)
def test_a_person_passes(name):
    assert not_a_person(name) is None


def test_a_known_place_is_not_a_person():
    assert not_a_person("Tongo Tongo", lambda n: n == "Tongo Tongo") == "place"
    assert not_a_person("Tongo Bello", lambda n: n == "Tongo Tongo") is None


@pytest.mark.parametrize("raw, core", [
    ("Col Rajesh Kalia", "Rajesh Kalia"), ("Police S P Vaid", "S P Vaid"), ("alias Julhadi", "Julhadi"),
    ("12 Benierose Alvarez", "Benierose Alvarez"),
    # counter-examples: a rank that would leave one word stays, an honorific stays
    ("General Mohammed", "General Mohammed"), ("Mullah Omar", "Mullah Omar"),
])
def test_name_core(raw, core):
    start, end = name_core(raw)
    assert raw[start:end] == core


@pytest.mark.parametrize("raw, parts", [
    ("Ishfaq Dar alias Abu Akram", ["Ishfaq Dar", "Abu Akram"]),
    ("Abdul Rashid Alias", ["Abdul Rashid Alias"]),     # a family name 'Alias' is no marker
])
def test_alias_split(raw, parts):
    assert [raw[a:b] for a, b in alias_split(raw)] == parts


@pytest.mark.parametrize("text, name, says", [
    ("Gunmen attacked the town of Boroma overnight.", "Boroma", "place"),
    ("The fighting spread to Boroma district.", "Boroma", "place"),
    ("Missiles hit the cargo ship Blue Horizon.", "Blue Horizon", "other"),
    ("A commander of the elite Saqr force was killed.", "Saqr", "other"),
    ("Boroma said the talks would resume.", "Boroma", None),
])
def test_context_says(text, name, says):
    start = text.index(name)
    assert context_says(text, start, start + len(name)) == says


# -- organisations -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name, militants, etype", [
    ("Macina Liberation Front", False, "group"),
    ("Omar Ghazi Group", False, "group"),
    ("Shabab", True, "group"),                # 'Shabab militants'
    ("Shabab", False, "other"),
    ("Ugandan", True, None),                  # 'a Ugandan insurgency': a demonym, no organisation
    ("Malian Armed Forces", False, "other"),
    ("21st Infantry Battalion", False, "other"),
    ("Iraqi News Agency", False, "other"),
    ("Center for Strategic Studies", False, "other"),
    ("State", False, "other"),                 # an armed word alone names nothing
    ("al-Mujahideen", False, "other"),
    ("Ummah", False, None),                    # a creed's word is no organisation
    ("Uyghur", True, None),
])
def test_organisation_type(name, militants, etype):
    assert organisation_type(name, militants) == etype


@pytest.mark.parametrize("name, state", [
    ("Pakistan Army", True), ("Armed Forces of the Philippines", True), ("US Central Command", True),
    ("Baloch Liberation Army", False), ("New People's Army", False), ("Free Syrian Army", False),
    ("Allied Democratic Forces", False),
    # forces are a state's when a country, its people or generic words name them, else an armed group's
    ("Kenya Defence Forces", True), ("Sri Lanka Army", True), ("Afghan National Defense and Security Forces", True),
    ("Uganda People's Defence Force", True), ("Russian forces", True),
    ("Ambazonia Defence Forces", False), ("Syrian Democratic Forces", False), ("Houthi forces", False),
])
def test_state_forces_stay_other(name, state):
    assert is_state_force(name) is state


@pytest.mark.parametrize("name, group", [("Harakat Khilafat Baluchi", True), ("Ansar-ul-Islam", True),
                                         ("Khalid Hussain", False), ("Movement Ministry", False)])
def test_a_person_label_with_a_group_word(name, group):
    assert person_named_group(name) is group


# -- generic groups ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def doc_with(nlp, text: str, ents: list[tuple[str, str]]) -> Doc:
    doc = nlp(text)
    spans = []
    for name, label in ents:
        start = text.index(name)
        spans.append(doc.char_span(start, start + len(name), label=label))
    doc.ents = spans
    return doc


@pytest.mark.parametrize("text, norp, found", [
    ("Fulani extremists burned two villages.", ["Fulani"], ["Fulani extremists"]),
    ("Islamist militants ambushed the convoy.", [], ["Islamist militants"]),
    ("Maoists blew up a rail line.", [], ["Maoists"]),
    ("Unidentified gunmen shot the driver.", [], []),       # gunmen are no group
    ("Armed militants shot the driver.", [], []),           # 'armed' names no creed or people
    ("Taliban fighters took the district.", ["Taliban"], []),   # the Taliban's fighters: a named group
])
def test_descriptor_groups(nlp, text, norp, found):
    doc = doc_with(nlp, text, [(n, "NORP") for n in norp])
    assert [s.text for s in descriptor_spans(doc, names_a_registry_group)] == found


def test_a_descriptor_beside_a_named_group_is_left_to_it(nlp):
    doc = doc_with(nlp, "Haqqani militants attacked.", [("Haqqani", "NORP")])
    assert descriptor_spans(doc, names_a_registry_group) == []


def generic_cluster(name: str, scope: str | None) -> Cluster:
    m = Mention(0, len(name), name, "GENERIC_GROUP", "group", 0, len(name), source="descriptor")
    return Cluster([m], "group", scope=scope)


def named_cluster(name: str) -> Cluster:
    return Cluster([Mention(0, len(name), name, "ORG", "group", 0, len(name))], "group")


def link(linker: Linker, doc_id: str, *clusters: Cluster) -> list[str]:
    document = Document(doc_id, doc_id, doc_id, "txt", "x")
    resolution = linker.link(document, Extraction(clusters=tuple(clusters)))
    return [resolution.entity_of[(c.mentions[0].start, c.mentions[0].end)] for c in clusters]


def test_generic_groups_resolve_per_country_and_never_to_a_name():
    from actorgraph.extract.registry import load_registry

    linker = Linker([], load_registry())
    first = link(linker, "d1", generic_cluster("separatists", "PK"))[0]
    same = link(linker, "d2", generic_cluster("separatists", "PK"))[0]
    other_country = link(linker, "d3", generic_cluster("separatists", "IN"))[0]
    no_country = link(linker, "d4", generic_cluster("separatists", None))[0]
    named = link(linker, "d5", named_cluster("Separatists"))[0]
    assert first == same and len({first, other_country, no_country, named}) == 4


# -- ambiguous acronyms ------------------------------------------------------------------------------
def acronym_mentions(text: str, acronym: str) -> list[Mention]:
    out = []
    for sentence_start, sentence in _sentences(text):
        i = sentence.find(acronym)
        while i >= 0:
            start = sentence_start + i
            out.append(Mention(start, start + len(acronym), acronym, "ARMED_GROUP", "group", sentence_start,
                               sentence_start + len(sentence), "ruler", "islamic_state_of_iraq"))
            i = sentence.find(acronym, i + 1)
    return out


def _sentences(text: str):
    start = 0
    for part in text.split(". "):
        yield start, part
        start += len(part) + 2


@pytest.mark.parametrize("text, types", [
    ("Officers of the Pakistani ISI met the envoy. Later ISI denied it.", ["other", "other"]),
    ("Zarqawi's men became ISI in Iraq. ISI then spread west.", ["group", "group"]),
    ("The report mentions ISI once.", []),                      # no cue: names neither
])
def test_an_ambiguous_acronym_follows_its_context(text, types):
    resolved = disambiguate(text, acronym_mentions(text, "ISI"), set())
    assert [m.type for m in resolved] == types
    assert all(m.key is None for m in resolved if m.type == "other")


def test_the_texts_own_definition_wins():
    text = "Officers of the Pakistani ISI met the envoy."
    mentions = acronym_mentions(text, "ISI")
    assert disambiguate(text, mentions, {"ISI"}) == mentions


# -- names NER cut in two ---------------------------------------------------------------------------
def test_a_name_cut_after_a_particle_is_joined(nlp):
    doc = doc_with(nlp, "Iyad Ag Ghaly spoke.", [("Iyad Ag", "PERSON"), ("Ghaly", "PERSON")])
    assert [(m.text, m.type) for m in find_mentions(doc)] == [("Iyad Ag Ghaly", "person")]


def test_a_name_not_cut_stays_as_it_is(nlp):
    doc = doc_with(nlp, "Iyad Bello met Ghaly.", [("Iyad Bello", "PERSON"), ("Ghaly", "PERSON")])
    assert [m.text for m in find_mentions(doc)] == ["Iyad Bello", "Ghaly"]


def test_a_name_used_as_a_place_elsewhere_is_a_place(nlp):
    text = "Troops entered the town of Boroma. Boroma fell."
    doc = nlp(text)
    first = text.index("Boroma")
    second = text.index("Boroma", first + 1)
    doc.ents = [doc.char_span(first, first + 6, label="PERSON"), doc.char_span(second, second + 6, label="PERSON")]
    assert {m.type for m in find_mentions(doc)} == {"place"}


def test_descriptor_mentions_replace_nothing_named(nlp):
    doc = doc_with(nlp, "Fulani extremists and the Taliban clashed.", [("Fulani", "NORP"), ("Taliban", "ORG")])
    named = [Mention(26, 33, "Taliban", "ARMED_GROUP", "group", 0, 42, "ruler", "taliban")]
    mentions = descriptor_mentions(doc, named, names_a_registry_group)
    assert [(m.text, m.source) for m in mentions] == [("Fulani extremists", "descriptor"), ("Taliban", "ruler")]





def test_two_names_joined_by_alias_are_one_person(nlp):
    from actorgraph.extract.clusters import cluster_mentions
    from actorgraph.extract.registry import load_registry

    text = "Police named Yasin Mir alias Abu Talha as the bomber. Yasin Mir met Farid Lone later."
    doc = doc_with(nlp, text, [("Yasin Mir alias Abu Talha", "ORG"), ("Farid Lone", "PERSON")])
    mentions = find_mentions(doc)
    assert [m.text for m in mentions] == ["Yasin Mir", "Abu Talha", "Farid Lone"]
    clusters = cluster_mentions(Extraction(mentions=tuple(mentions)), load_registry(), text)
    assert sorted(sorted(c.names) for c in clusters) == [["Abu Talha", "Yasin Mir"], ["Farid Lone"]]


def test_a_descriptor_of_a_named_groups_members_is_no_group(nlp):
    text = "Pashtun fighters of the Taliban and Baloch separatists met."
    doc = doc_with(nlp, text, [("Pashtun", "NORP"), ("Baloch", "NORP")])
    taliban = text.index("Taliban")
    named = [Mention(taliban, taliban + 7, "Taliban", "ARMED_GROUP", "group", 0, len(text), "ruler", "taliban")]
    assert [m.text for m in descriptor_mentions(doc, named, names_a_registry_group)] == ["Taliban", "Baloch separatists"]
