"""Designation-list readers: format detection, fields, filtering and errors on bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from actorgraph.errors import BadReferenceFile
from actorgraph.ingest import reference
from actorgraph.ingest.reference import ReferenceEntry, detect_format, read_reference
from actorgraph.settings import shared_dir

FIXTURES = Path(__file__).parent / "fixtures" / "reference"


def by_id(entries) -> dict[str, ReferenceEntry]:
    return {e.ref_id: e for e in entries}


@pytest.mark.parametrize("name, fmt", [
    ("un_small.xml", "un"), ("ofac/sdn.csv", "ofac"), ("misp_small.json", "misp"),
])
def test_detect_format(name, fmt):
    assert detect_format(FIXTURES / name) == fmt


def test_un_entities_and_individuals():
    entries = by_id(read_reference(FIXTURES / "un_small.xml"))
    iskp = entries["un:QDe.161"]
    assert (iskp.source, iskp.type) == ("un", "group")
    assert iskp.name == "ISLAMIC STATE IN IRAQ AND THE LEVANT - KHORASAN"
    assert iskp.aliases == ("ISIL-K", "ISIL KHORASAN", "Wilayat Khorasan")
    ghafari = entries["un:QDi.431"]
    assert ghafari.type == "person" and ghafari.name == "SANAULLAH GHAFARI"
    assert ghafari.aliases[:2] == ("ثناء اللہ غفاری", "Shahab al-Muhajir")
    assert "low-quality aliases: Shahab" in ghafari.note


def test_un_packed_alias_is_split():
    nusra = by_id(read_reference(FIXTURES / "un_small.xml"))["un:QDe.137"]
    assert nusra.aliases == ("Victory Front", "Jabhat al-Nusrah", "Al-Nusra Front")


def test_un_keeps_armed_group_lists_unless_asked():
    default = by_id(read_reference(FIXTURES / "un_small.xml"))
    assert "un:KPi.999" not in default
    assert default["un:TAe.999"].type == "other"
    assert "un:KPi.999" in by_id(read_reference(FIXTURES / "un_small.xml", include_all=True))


def test_ofac_uses_alt_csv_and_terror_programs():
    entries = by_id(read_reference(FIXTURES / "ofac" / "sdn.csv"))
    assert set(entries) == {"ofac:2676", "ofac:18647", "ofac:21124"}
    zawahiri = entries["ofac:2676"]
    assert zawahiri.type == "person" and zawahiri.name == "Ayman AL ZAWAHIRI"
    assert zawahiri.aliases == ("Ayman AL-ZAWAHIRI", "Aiman Muhammad Rabi AL-ZAWAHRY")
    iskp = entries["ofac:18647"]
    assert iskp.type == "group" and iskp.note == "programs: FTO, SDGT"
    assert iskp.aliases == ("ISIL'S SOUTH ASIA BRANCH", "ISIS WILAYAT KHORASAN")
    assert entries["ofac:21124"].type == "other"


def test_ofac_include_all_keeps_other_programs():
    entries = by_id(read_reference(FIXTURES / "ofac" / "sdn.csv", include_all=True))
    assert entries["ofac:306"].aliases == ("NATIONAL BANK OF CUBA",)


def test_ofac_without_alt_csv_reads_remarks(tmp_path):
    shutil.copy(FIXTURES / "ofac" / "sdn.csv", tmp_path / "sdn.csv")
    entries = by_id(read_reference(tmp_path / "sdn.csv"))
    assert entries["ofac:2676"].aliases == ("Ayman AL-ZAWAHIRI",)
    assert entries["ofac:18647"].aliases == ()


def test_misp_summary_synonyms_and_people():
    entries = by_id(read_reference(FIXTURES / "misp_small.json"))
    ttp = entries["misp:11111111-1111-4111-8111-111111111111"]
    assert ttp.name == "Tehrik-e-Taliban Pakistan"
    assert ttp.aliases == ("TTP", "Pakistani Taliban", "Tehreek-e-Taliban",
                           "Tehrik-i-Taliban Pakistan", "Tehreek-e-Taliban Pakistan")
    assert ttp.note == "Example Listed Entities; published 2011-07-05"
    assert entries["misp:22222222-2222-4222-8222-222222222222"].aliases == ("HQN",)
    assert entries["misp:33333333-3333-4333-8333-333333333333"].type == "person"


@pytest.mark.parametrize("filename, content, expected", [
    ("empty.xml", "", "empty"),
    ("broken.xml", "<CONSOLIDATED_LIST><INDIVIDUALS>", "invalid XML"),
    ("other.xml", "<sdnList><sdnEntry/></sdnList>", "expected <CONSOLIDATED_LIST>"),
    ("none.xml", "<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>", "no <INDIVIDUAL>"),
    ("bad.json", '{"values": [', "invalid JSON"),
    ("list.json", '{"name": "x"}', "'values' list"),
    ("noname.json", '{"values": [{"uuid": "x"}]}', "no 'value' name"),
    ("short.csv", '1,"A",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n2,"B"\n', "line 2 has 2 columns"),
    ("alt.csv", '1,2,"aka","X",-0- \n', "alt.csv"),
    ("words.txt", "just some words\n", "not a UN consolidated list"),
])
def test_malformed_files_raise_with_file_and_reason(tmp_path, filename, content, expected):
    path = tmp_path / filename
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BadReferenceFile) as info:
        list(read_reference(path))
    message = str(info.value)
    assert message.startswith("[AG050]") and str(path) in message and expected in message


@pytest.mark.parametrize("defused", [True, False])
def test_xml_entity_expansion_is_refused(tmp_path, monkeypatch, defused):
    if not defused:
        monkeypatch.setattr(reference, "_SafeET", None)
    path = tmp_path / "bomb.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                    "<CONSOLIDATED_LIST>&a;</CONSOLIDATED_LIST>", encoding="utf-8")
    with pytest.raises(BadReferenceFile, match="DTD"):
        list(read_reference(path))


def test_missing_file_is_a_bad_reference_file(tmp_path):
    with pytest.raises(BadReferenceFile, match="cannot be read"):
        list(read_reference(tmp_path / "absent.xml"))


REAL = shared_dir() / "data" / "reference"


@pytest.mark.parametrize("name, wanted", [
    ("un_consolidated.xml", {"un:QDe.161", "un:QDi.431", "un:QDe.132"}),
    ("sdn.csv", {"ofac:18647", "ofac:12206", "ofac:6636"}),
    ("misp_terrorist_groups.json", {"misp:61b02d56-da70-59e6-8cd5-5c26b36ce2bf"}),
])
def test_real_reference_files(name, wanted):
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared reference lists are not on this machine)")
    entries = by_id(read_reference(path))
    assert wanted <= set(entries)
    assert all(e.type in ("group", "person", "other") and e.name for e in entries.values())
    assert len(entries) < len(list(read_reference(path, include_all=True))) or name.endswith(".json")
