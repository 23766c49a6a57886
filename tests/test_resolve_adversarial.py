"""Hand-made hard cases for entity resolution: same-name groups, people named like places,
an acronym defined two ways in two documents, and one person's short name beside another's."""

import pytest

from actorgraph.pipeline import run
from support import kb_from_texts

pytestmark = pytest.mark.model

DOCS = {
    "syria.txt": "Khorasan Cell Plotted Attacks\n\nUS officials said the Khorasan group, an al-Qaeda cell in Syria, "
                 "was led by Muhsin al-Fadhli. Khorasan militants worked with the Nusra Front.\n",
    "afghanistan.txt": "Islamic State Khorasan Province Attacks\n\nThe Islamic State Khorasan Province (ISKP) attacked a "
                       "checkpoint in Nangarhar. ISKP fighters are active across the historical Khorasan region.\n",
    "uzbek.txt": "Militants in the Valley\n\nThe Islamic Movement of Uzbekistan (IMU) sent fighters to Afghanistan, "
                 "where the IMU joined operations in Kunduz.\n",
    "union.txt": "Miners Strike\n\nThe International Mining Union (IMU), a trade union, called a strike on Monday. "
                 "The IMU said talks had failed.\n",
    "places.txt": "Commander Detained\n\nMullah Khost Mohammad, a senior commander, was detained in Khost province. "
                  "Zabihullah Kunar, a spokesman, said fighters had left Kunar.\n",
    "let.txt": "Lashkar-e-Taiba Founder\n\nHafiz Saeed, the founder of Lashkar-e-Taiba, addressed a rally in Lahore.\n",
    "iskp_khan.txt": "First Governor\n\nHafiz Saeed Khan, a former TTP commander, became the first ISKP governor. "
                     "Hafiz Saeed was killed in a US drone strike in August 2016.\n",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory, session_kbs, real_nlp):
    s = kb_from_texts(tmp_path_factory.mktemp("adversarial"), session_kbs.new("adversarial"), DOCS, real_nlp)
    yield s
    s.close()


def entity_of(store, doc_name: str, text: str) -> str:
    doc_id = next(d["id"] for d in store.documents() if d["path"].endswith(doc_name))
    mentions = store.mentions(doc_id=doc_id)
    exact = [m for m in mentions if m["text"] == text]
    # NER may keep or drop a title ('Mullah Khost Mohammad' / 'Khost Mohammad')
    chosen = exact or [m for m in mentions if m["text"].endswith(" " + text) and m["type"] == "person"]
    ids = {store.canonical_id(m["entity_id"]) for m in chosen}
    assert len(ids) == 1, (doc_name, text, ids)
    return ids.pop()


def test_same_name_groups_stay_apart(store):
    assert entity_of(store, "syria.txt", "Khorasan group") == "khorasan_group"
    assert entity_of(store, "syria.txt", "Khorasan") == "khorasan_group"
    assert entity_of(store, "afghanistan.txt", "ISKP") == "iskp"
    assert entity_of(store, "afghanistan.txt", "Khorasan") not in ("khorasan_group", "iskp")


def test_an_acronym_means_what_each_document_defines(store):
    assert entity_of(store, "uzbek.txt", "IMU") == "imu"
    union = entity_of(store, "union.txt", "IMU")
    assert union != "imu" and store.entity(union)["name"] == "International Mining Union"


def test_people_named_like_places(store):
    person = entity_of(store, "places.txt", "Khost Mohammad")
    assert store.entity(person)["type"] == "person"
    assert entity_of(store, "places.txt", "Khost province") != person
    assert store.entity(entity_of(store, "places.txt", "Zabihullah Kunar"))["type"] == "person"
    assert entity_of(store, "places.txt", "Kunar") == "kunar"


def test_a_short_name_follows_the_full_name_in_its_own_report(store):
    assert entity_of(store, "let.txt", "Hafiz Saeed") == "hafiz_muhammad_saeed"
    assert entity_of(store, "iskp_khan.txt", "Hafiz Saeed") == "hafiz_saeed_khan"


def test_an_analyst_split_survives_reingestion(store, tmp_path, real_nlp):
    from actorgraph.analyze.views import explain_link, split_entity

    message = split_entity(store, "khorasan_group", ["Khorasan"], "Khorasan (unclear)", "ambiguous bare name")
    assert "moved Khorasan" in message
    new_doc = tmp_path / "more.txt"
    new_doc.write_text("Khorasan Again\n\nThe Khorasan group planned attacks, and Khorasan militants trained.\n")
    run([str(new_doc)], store, nlp=real_nlp, progress=False)
    assert entity_of(store, "more.txt", "Khorasan") != "khorasan_group"
    assert "not merged" in explain_link(store, "Khorasan group", "Khorasan (unclear)")
