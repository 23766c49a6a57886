"""The command line against real SQLite files (CliRunner), including a batch with bad files."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from actorgraph.cli import main
from actorgraph.store import open_store

from support import EXAMPLES

GOOD = ("Fighters Seize a District Centre\n\nBy A. Reporter\n\nMilitants of the Islamic State Khorasan Province (ISKP) "
        "attacked a district centre in Nangarhar on 12 June 2019, officials said. The Taliban clashed with ISKP.\n")


@pytest.fixture
def batch(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "latin1.txt").write_bytes(("Rapport: le groupe a revendiqué l'attaque à Kaboul, selon la police. " * 3).encode("latin-1"))
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 200)
    (folder / "empty.txt").write_bytes(b"")
    return folder


@pytest.mark.model
def test_ingest_batch_with_bad_files(batch, tmp_path, real_nlp):
    db = tmp_path / "kb.sqlite"
    result = CliRunner().invoke(main, ["ingest", str(batch), "--db", str(db), "--no-progress"])
    assert result.exit_code == 1, result.output
    assert "binary.txt" in result.output and "binary" in result.output
    assert "empty.txt" in result.output and "empty" in result.output
    store = open_store(db)
    try:
        paths = sorted(Path(d["path"]).name for d in store.documents())
    finally:
        store.close()
    assert paths == ["good.txt", "latin1.txt"]
    again = CliRunner().invoke(main, ["ingest", str(batch / "good.txt"), "--db", str(db), "--no-progress"])
    assert again.exit_code == 0 and "0 new document(s), 1 unchanged" in again.output


@pytest.mark.model
def test_demo_reports_ingest_and_export(tmp_path, real_nlp):
    db = str(tmp_path / "kb.sqlite")
    result = CliRunner().invoke(main, ["ingest", str(EXAMPLES), "--db", db, "--no-progress"])
    assert result.exit_code == 0, result.output
    assert re.search(r"documents: 5", result.output)
    out = tmp_path / "export.json"
    assert CliRunner().invoke(main, ["export", "--db", db, "-o", str(out)]).exit_code == 0
    data = json.loads(out.read_text())
    assert data["entities"] and any(e["aliases"] for e in data["entities"])
    assert {"documents", "entities", "relations", "events", "claims", "conflicts"} <= set(data)
    conflicts = CliRunner().invoke(main, ["conflicts", "--db", db])
    assert "killed" in conflicts.output      # the two sample reports disagree on the Kabul airport toll
    verify = CliRunner().invoke(main, ["verify", "--db", db])
    assert verify.exit_code == 0, verify.output
    names = {e["id"]: e["name"] for e in data["entities"]}
    facts = {(names.get(r["subject"]), r["type"], names.get(r["object"])) for r in data["relations"]}
    assert ("Mohammed Yusuf", "founder_of", "Boko Haram") in facts
    assert ("Abubakar Shekau", "leader_of", "Boko Haram") in facts
    assert ("Ansaru", "formed_from", "Boko Haram") in facts


def test_unknown_entity_is_a_clean_error(tmp_path):
    open_store(tmp_path / "kb.sqlite").close()
    result = CliRunner().invoke(main, ["relations", "Nobody At All", "--db", str(tmp_path / "kb.sqlite")])
    assert result.exit_code == 1
    assert "[AG040]" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("command", [["summary"], ["entities"], ["documents"], ["export"], ["serve", "--get", "/api/entities"]])
def test_a_mistyped_db_is_an_error_not_an_empty_kb(tmp_path, command):
    typo = tmp_path / "kb.sqlte"
    result = CliRunner().invoke(main, [*command, "--db", str(typo)])
    assert result.exit_code == 1 and "[AG030] No knowledge base at" in result.output
    assert not typo.exists()


def test_every_setting_is_documented():
    result = CliRunner().invoke(main, ["settings"])
    from actorgraph.settings import SETTINGS

    for name, _default, help_text in SETTINGS:
        assert name in result.output and help_text


def test_registry_import_joins_known_groups_and_adds_new_ones(tmp_path):
    from support import REPO

    db = str(tmp_path / "kb.sqlite")
    fixtures = REPO / "tests" / "fixtures" / "reference"
    for name in ("un_small.xml", "misp_small.json", "ofac/sdn.csv"):
        result = CliRunner().invoke(main, ["registry", "import", str(fixtures / name), "--db", db])
        assert result.exit_code == 0, result.output
        assert "entries from" in result.output
    store = open_store(db)
    try:
        sources = {a["source"] for a in store.aliases()}
    finally:
        store.close()
    assert {"reference:un", "reference:misp", "reference:ofac"} <= sources


def test_registry_import_names_a_broken_file(tmp_path):
    bad = tmp_path / "list.xml"
    bad.write_text("<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>")
    result = CliRunner().invoke(main, ["registry", "import", str(bad), "--db", str(tmp_path / "kb.sqlite")])
    assert result.exit_code == 1 and "list.xml" in result.output and "[AG050]" in result.output
