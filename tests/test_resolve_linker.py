"""Cross-document linking without a model: spelling variants, gated fuzzy matches, acronyms, analyst pins."""

from actorgraph.extract.clusters import Cluster
from actorgraph.extract.registry import Registry
from actorgraph.models import Document, Extraction, Mention
from actorgraph.resolve.entities import Linker

DOC = Document("d9", "d9" * 8, "/tmp/d9.txt", "txt", "x" * 200)


def cluster(name, etype, start=0):
    return Cluster([Mention(start, start + len(name), name, "X", etype, 0, 200, "ner")], etype)


def link(rows, *clusters):
    linker = Linker(rows, Registry(()))
    extraction = Extraction(clusters=tuple(clusters))
    resolution = linker.link(DOC, extraction)
    return [resolution.entity_of[(c.mentions[0].start, c.mentions[0].end)] for c in clusters], resolution


def row(entity_id, etype, name, pinned=0):
    return {"entity_id": entity_id, "type": etype, "name": name, "pinned": pinned}


def test_transliteration_variants_link():
    ids, _ = link([row("taliban", "group", "Taliban"), row("al_qaeda", "group", "al-Qaeda")],
                  cluster("Taleban", "group"), cluster("al-Qaida", "group", 20))
    assert ids == ["taliban", "al_qaeda"]


def test_fuzzy_matching_is_gated_by_type_and_length():
    rows = [row("nangarhar", "place", "Nangarhar"), row("isi", "group", "ISI"), row("p1", "person", "Nangarhar")]
    ids, resolution = link(rows, cluster("Nangahar", "place"), cluster("ISK", "group", 20))
    assert ids[0] == "nangarhar"
    assert "near spelling" in next(a.reason for _, a in resolution.new_aliases if a.name == "Nangahar")
    assert ids[1] != "isi"                  # a short acronym never fuzzy-matches another


def test_a_person_near_match_needs_the_same_family_name():
    ids, _ = link([row("p1", "person", "Hasibullah Logari")], cluster("Hasibulah Logari", "person"),
                  cluster("Hasibullah Mehsud", "person", 30))
    assert ids[0] == "p1" and ids[1] != "p1"


def test_acronyms_link_only_in_the_same_case():
    ids, _ = link([row("islamic_state", "group", "IS")], cluster("IS", "group"), cluster("Is", "group", 10))
    assert ids[0] == "islamic_state" and ids[1] != "islamic_state"


def test_an_analyst_pin_wins():
    ids, _ = link([row("khorasan_group", "group", "Khorasan group"), row("x:khorasan", "group", "Khorasan", pinned=1)],
                  cluster("Khorasan", "group"))
    assert ids == ["x:khorasan"]
