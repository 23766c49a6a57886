"""Issue 14, ingest side: one bad file never costs the batch, long texts go in sections, hostile names stay inert."""

from __future__ import annotations

import codecs
import cProfile
import io
import os
import pstats
import subprocess
import sys

import pytest
from actorgraph.errors import BadInput
from actorgraph.extract.sections import section_bounds
from actorgraph.ingest import expand_sources, read_document
from actorgraph.ingest.clean import clean
from actorgraph.pipeline import analyse, run
from support import EXAMPLES, REPO

sys.path.insert(0, str(REPO / "bench"))
from pdfgen import pdf, pdf_bomb  # noqa: E402

GOOD = ["In March 2019 gunmen attacked a police post in the hill town of Varosh, killing three officers, "
        "the governor said.", "The Valley Brigades were formed in 2016 by fighters who left the Northern "
        "Liberation Front after a dispute over money.", "Officials said at least nine people died when two "
        "armed groups clashed near the river dam on 12 June 2020.", "A roadside bomb struck a bus on the "
        "coastal road in 2018; no group claimed it.", "Residents of the valley said the militia had taxed "
        "every truck crossing the bridge since 2017."]


def good_batch(folder):
    folder.mkdir(exist_ok=True)
    for number, text in enumerate(GOOD):
        (folder / f"good-{number}.txt").write_text(text + "\n", encoding="utf-8")


def encrypted_pdf(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf([["A report locked with AES: " + GOOD[0]]]))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


BAD_FILES = {
    # a text over the model's length limit (lowered below) and of many lines: analysed in sections, stored
    "long.txt": ("\n".join(f"Line {n}: the council met again and agreed on the road budget." for n in range(1500))
                 ).encode(),
    "bom-then-cp1252.txt": codecs.BOM_UTF8 + "Le groupe a revendiqué l'attaque près de la frontière.".encode("cp1252"),
    "utf16-odd.txt": codecs.BOM_UTF16_LE + "Fighters entered the town at dawn, witnesses said.".encode("utf-16-le") + b"\x00"[:1],
    "aes-locked.pdf": encrypted_pdf("a-password"),
    "bomb.pdf": pdf_bomb(90),
}


def test_one_bad_file_never_costs_the_batch(tmp_path, tmp_store, blank_nlp, monkeypatch):
    monkeypatch.setattr(blank_nlp, "max_length", 30_000)   # as spaCy's 1,000,000 is to a 300-page report
    folder = tmp_path / "batch"
    good_batch(folder)
    for name, data in BAD_FILES.items():
        (folder / name).write_bytes(data)
    report = run([str(folder)], tmp_store, nlp=blank_nlp, progress=False)
    stored = {os.path.basename(p) for p in report.stored}
    assert {f"good-{n}.txt" for n in range(len(GOOD))} <= stored
    assert {"long.txt", "bom-then-cp1252.txt", "utf16-odd.txt"} <= stored
    problems = " ".join(report.skipped)
    assert "aes-locked.pdf" in problems and "encrypted" in problems
    assert "bomb.pdf" in problems and not report.failed


def test_a_pdf_protected_only_by_an_owner_password_is_read(tmp_path):
    path = tmp_path / "open.pdf"
    path.write_bytes(encrypted_pdf(""))
    assert "locked with AES" in read_document(path).text


@pytest.mark.parametrize("name,data,expected", [
    ("bom-cp1252.txt", codecs.BOM_UTF8 + "Attaque revendiquée près de Kidal, selon les autorités.".encode("cp1252"),
     "revendiquée"),
    ("utf16-truncated.txt", codecs.BOM_UTF16_BE + "Twelve soldiers were killed, the army said.".encode("utf-16-be") + b"\x00",
     "Twelve soldiers"),
    ("utf16-no-bom.txt", "Twelve soldiers were killed, the army said.".encode("utf-16-le"), "Twelve soldiers"),
    ("utf16be-no-bom.txt", "Twelve soldiers were killed, the army said.".encode("utf-16-be"), "Twelve soldiers"),
])
def test_encodings_that_used_to_crash_or_be_called_binary(tmp_path, name, data, expected):
    path = tmp_path / name
    path.write_bytes(data)
    assert expected in read_document(path).text


def test_broken_utf8_is_refused_not_stored_as_mojibake(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes("Les combattants sont entrés à Ménaka à l’aube.".encode() + b" \xff\xfe fin du texte ici.")
    with pytest.raises(BadInput, match="not valid UTF-8"):
        read_document(path)


def test_cp1252_without_any_utf8_is_still_decoded(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Attaque à Kidal: le groupe a revendiqué l'opération près de la frontière.".encode("cp1252"))
    assert "revendiqué" in read_document(path).text


def test_two_pages_sharing_a_paragraph_both_keep_it(tmp_path):
    shared = ("<p>Fighting between two armed groups near the river dam left at least nine people dead on 12 June "
              "2020, according to local officials who spoke to reporters.</p>")
    for name in ("a.html", "b.html"):
        (tmp_path / name).write_text(f"<html><body><article><h1>{name}</h1>{shared}</article></body></html>")
    assert all("nine people dead" in read_document(tmp_path / n).text for n in ("a.html", "b.html"))


# -- long texts ------------------------------------------------------------------------------------
def test_sections_cut_at_paragraph_breaks_and_cover_the_text():
    text = "".join(f"Paragraph {n} says something about the valley.\n\n" for n in range(500))
    bounds = section_bounds(text, 1000)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    assert all(text[end - 2:end] == "\n\n" for _, end in bounds[:-1])
    assert all(end - start <= 1000 for start, end in bounds)


def test_a_text_without_breaks_is_still_cut():
    assert section_bounds("x" * 2500, 1000) == [(0, 1000), (1000, 2000), (2000, 2500)]


def test_facts_of_later_sections_point_into_the_whole_document(tmp_path, real_nlp, monkeypatch):
    monkeypatch.setenv("ACTORGRAPH_SECTION_CHARS", "2000")
    filler = "The council discussed roads and water for the villages of the district.\n\n" * 40
    text = filler + (EXAMPLES / "kabul_airport_attack_2021.txt").read_text(encoding="utf-8")
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    document = read_document(path)
    [(analysed, extraction)] = list(analyse([document], real_nlp))
    evidence = [f.evidence for f in extraction.events + extraction.relations + extraction.claims]
    assert evidence and extraction.mentions and min(ev.start for ev in evidence) > 2000
    assert all(document.text[ev.start:ev.end] == ev.quote for ev in evidence)
    assert all(document.text[m.start:m.end] == m.text for m in extraction.mentions)
    assert all(document.text[r.subject[0]:r.subject[1]] for r in extraction.relations)


def _calls(function, *args) -> int:
    profile = cProfile.Profile()
    profile.runcall(function, *args)
    return pstats.Stats(profile).total_calls


def _lines(n: int) -> str:
    return "".join(f"Share this\nLine {i}: officials said militants attacked post {i}.\n" for i in range(n)) + \
        "A last paragraph long enough to count as report text, so every footer heading above must be checked " \
        "against it: officials said the attack on the post killed several people in the town that night, and " \
        "that the wounded were taken to the district hospital before dawn.\n"


def test_cleaning_is_linear_in_the_number_of_lines():
    assert "district hospital" in clean(_lines(3))
    # work counted in function calls, not seconds: a quadratic step would make 4x the lines cost 16x
    small, large = _calls(clean, _lines(500)), _calls(clean, _lines(2000))
    assert large < 5 * small


def test_extraction_is_linear_in_the_number_of_lines(tmp_path, blank_nlp, monkeypatch):
    monkeypatch.setenv("ACTORGRAPH_SECTION_CHARS", "20000")

    def extract_all(n):
        path = tmp_path / f"lines-{n}.txt"
        path.write_text(_lines(n), encoding="utf-8")
        return list(analyse([read_document(path)], blank_nlp))

    small, large = _calls(extract_all, 400), _calls(extract_all, 1600)
    assert large < 5 * small


# -- folders and file names ----------------------------------------------------------------------------
def test_link_loops_and_broken_links_are_reported(tmp_path):
    good_batch(tmp_path / "reports")
    (tmp_path / "reports" / "loop").symlink_to(tmp_path / "reports")
    (tmp_path / "reports" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    files, problems = expand_sources([str(tmp_path / "reports")])
    assert len(files) == len(GOOD)
    assert any("loop" in p and "already read" in p for p in problems)
    assert any("gone.txt" in p and "broken link" in p for p in problems)


def test_an_unreadable_folder_is_reported(tmp_path, monkeypatch):
    good_batch(tmp_path / "reports")
    (tmp_path / "reports" / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path="."):   # as root, chmod cannot make a folder unreadable: fail the listing instead
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, problems = expand_sources([str(tmp_path / "reports")])
    assert len(files) == len(GOOD)
    assert any("locked" in p and "cannot read the folder" in p for p in problems)


def test_hostile_file_names_reach_neither_the_terminal_nor_a_crash(tmp_path):
    folder = tmp_path / "batch"
    good_batch(folder)
    for name in (b"\x1b[31mred\x1b[0m.txt", b"caf\xe9-latin1.txt", b"\xff\xfe.bin"):
        with open(os.fsencode(folder) + b"/" + name, "wb") as f:
            f.write(b"\x00\x01binary")
    db = tmp_path / "kb.sqlite"
    result = subprocess.run([sys.executable, "-m", "actorgraph.cli", "ingest", str(folder), "--db", str(db),
                             "--no-progress"], capture_output=True, cwd=REPO)
    output = result.stdout + result.stderr
    assert b"\x1b" not in output and b"Traceback" not in output
    assert b"\\x1b[31mred" in output and b"caf\\xe9-latin1.txt" in output
    assert result.returncode == 1 and b"stored 5 new document(s)" in result.stdout


@pytest.mark.fault
def test_fuzzed_batches_never_abort():
    """bench/fuzz.py in small: 100 generated malformed inputs in batches with good reports, fixed seed."""
    result = subprocess.run([sys.executable, str(REPO / "bench" / "fuzz.py"), "--inputs", "100", "--per-batch", "20",
                             "--seed", "2", "--blank"], capture_output=True, text=True, cwd=REPO, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "0 batch aborts, 15 of 15 good files stored" in result.stdout
