"""Fuzz ingest: batches of malformed files (hypothesis) mixed with good reports; no batch may abort.

    .venv/bin/python bench/fuzz.py [--inputs 10000] [--per-batch 20] [--seed 1] [--blank]

Each batch is one folder holding `--per-batch` generated inputs (random bytes, text in many encodings
with wrong, missing or truncated BOMs, truncated and corrupted PDFs, PDF and markup bombs, huge and
many-line texts, hostile file names) and three good reports, ingested with `pipeline.run` into a new KB.
A batch aborts when run() raises or a good report is not stored; every file must be accounted for
(stored, unchanged, skipped with its name, or failed with its name). Exit status 1 on any abort.
"""

from __future__ import annotations

import argparse
import codecs
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from pdfgen import pdf, pdf_bomb

GOOD = {
    "good-attack.txt": "Gunmen attacked a police post in the hill town of Varosh on 4 March 2019, killing three "
                       "officers, the provincial governor said.\n\nNo group has claimed the attack.\n",
    "good-split.md": "# A split in the northern front\n\nIn 2016 a faction of the Northern Liberation Front broke away "
                     "and formed the Valley Brigades, led by a former commander.\n",
    "good-page.html": "<html><head><title>Clashes near the dam</title></head><body><article><h1>Clashes near the dam"
                      "</h1><p>Fighting between two armed groups near the river dam left at least nine people dead on "
                      "12 June 2020, according to local officials who spoke to reporters.</p></article></body></html>",
}
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1", "cp1251",
             "shift_jis", "gb18030", "koi8-r", "iso-8859-7")
BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".text", "", ".TXT", ".exe")
WORDS = st.sampled_from("the group attacked killed said officials militants province leader in on of and a "
                        "2019 March 12 at least near border town «» — ü é ß 北 Ω ‮ \u200b \ufeff".split())


texts = st.lists(WORDS, min_size=0, max_size=400).map(" ".join)


@st.composite
def encoded_text(draw) -> bytes:
    text = draw(texts)
    data = text.encode(draw(st.sampled_from(ENCODINGS)), "replace")
    if draw(st.booleans()):
        data = draw(st.sampled_from(BOMS)) + data            # a BOM, right or wrong
    if draw(st.booleans()) and data:
        data = data[: draw(st.integers(0, len(data)))]       # truncated anywhere
    return data


@st.composite
def many_lines(draw) -> bytes:
    line = draw(st.sampled_from(("Share this", "x", "Officials said the attack killed 3.", "", "• item", "Home » News")))
    return ((line + "\n") * draw(st.integers(1000, 12000))).encode("utf-8")


@st.composite
def huge_text(draw) -> bytes:
    paragraph = "The militants attacked the town on 3 May 2019 and officials said twelve people were killed. "
    return (paragraph * draw(st.integers(2000, 14000)) + "\n").encode("utf-8")   # up to 1.3 MB, over spaCy's limit


@st.composite
def markup_bomb(draw) -> bytes:
    depth = draw(st.integers(100, 20000))
    kind = draw(st.sampled_from(("nest", "entities", "attribute", "unclosed")))
    if kind == "nest":
        return (b"<div>" * depth + b"text" + b"</div>" * depth)
    if kind == "entities":
        lol = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">' + b"".join(
            b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&" + bytes([97 + i]) + b";") * 10) for i in range(8)) + b"]>"
        return lol + b"<html><body><p>&i;</p></body></html>"
    if kind == "attribute":
        return b'<html><body><p title="' + b"x" * depth * 50 + b'">long attribute</p></body></html>'
    return b"<html><body>" + b"<p><b><i>unclosed " * depth


@st.composite
def broken_pdf(draw) -> bytes:
    data = bytearray(pdf([[draw(texts) or "empty"]], compress=draw(st.booleans())))
    kind = draw(st.sampled_from(("truncate", "flip", "bomb", "header-only")))
    if kind == "truncate":
        return bytes(data[: draw(st.integers(0, len(data)))])
    if kind == "flip":
        for _ in range(draw(st.integers(1, 30))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    if kind == "bomb":
        return pdf_bomb(draw(st.integers(80, 120)))
    return b"%PDF-1.7\n" + draw(st.binary(max_size=200))


hostile_names = st.binary(min_size=1, max_size=60).map(
    lambda b: b.replace(b"/", b"_").replace(b"\0", b"_").lstrip(b".") or b"x")

names = st.one_of(st.just(b"file"), hostile_names, st.sampled_from((b"\x1b[31mred\x1b[0m", b"\xff\xfe", "café".encode("latin-1"),
                                                                   b"-rf", b"name with spaces", "\u202etxt.exe".encode())))
inputs = st.tuples(
    st.one_of(st.binary(max_size=4000), encoded_text(), encoded_text(), markup_bomb(), broken_pdf(),
              st.just(b""), st.just(b" \n\t\n")),
    names,
    st.sampled_from(SUFFIXES),
)
# one long input a batch: a many-line text, or (one batch in ten) a text over the model's length limit
long_input = st.tuples(st.integers(0, 9).flatmap(lambda n: huge_text() if n == 0 else many_lines()), names,
                       st.sampled_from((".txt", ".md", ".html")))


def write_batch(folder: Path, generated: list[tuple[bytes, bytes, str]]) -> list[bytes]:
    paths = []
    for number, (content, name, suffix) in enumerate(generated):
        path = os.fsencode(folder) + b"/" + b"%03d-" % number + name[:80] + suffix.encode()
        with open(path, "wb") as f:
            f.write(content)
        paths.append(path)
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    return paths


class Tally:
    def __init__(self):
        self.inputs = self.batches = self.aborts = self.good_stored = self.good_expected = 0
        self.outcomes: Counter = Counter()
        self.problems: list[str] = []


def one_batch(generated, nlp, tally: Tally) -> None:
    from actorgraph.pipeline import run
    from actorgraph.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "batch"
        folder.mkdir()
        write_batch(folder, generated)
        store = open_store(Path(tmp) / "kb.sqlite")
        try:
            report = run([str(folder)], store, nlp=nlp, progress=False)
            good = sum(str(folder / name) in report.stored + report.unchanged for name in GOOD)
        except Exception as exc:   # an abort: exactly what must never happen
            tally.aborts += 1
            tally.problems.append(f"batch {tally.batches}: run() raised {type(exc).__name__}: {exc}")
            return
        finally:
            store.close()
            tally.batches += 1
            tally.inputs += len(generated)
            tally.good_expected += len(GOOD)
    tally.good_stored += good
    accounted = len(report.stored) + len(report.unchanged) + len(report.skipped) + len(report.failed)
    if good < len(GOOD) or accounted < len(generated) + len(GOOD):
        tally.aborts += 1
        tally.problems.append(f"batch {tally.batches}: {good} of {len(GOOD)} good files stored, {accounted} files "
                              f"accounted for of {len(generated) + len(GOOD)}")
    tally.outcomes.update(stored=len(report.stored), unchanged=len(report.unchanged), skipped=len(report.skipped),
                          failed=len(report.failed))
    for message in report.failed:
        tally.problems.append(f"failed during extraction: {message[:300]}")


def fuzz(n_inputs: int, per_batch: int, seed_value: int, blank: bool) -> Tally:
    """Run batches until n_inputs generated inputs have been ingested; the tally says what happened."""
    from actorgraph.extract.nlp import blank_pipeline, get_nlp

    nlp = blank_pipeline() if blank else get_nlp()
    tally = Tally()
    batches = max(1, -(-n_inputs // per_batch))

    @seed(seed_value)
    @settings(max_examples=batches, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(st.lists(inputs, min_size=per_batch - 1, max_size=per_batch - 1), long_input)
    def batch(generated, long):
        one_batch([*generated, long], nlp, tally)

    batch()
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--per-batch", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--blank", action="store_true", help="model-free pipeline (fast)")
    args = parser.parse_args()
    started = time.perf_counter()
    tally = fuzz(args.inputs, args.per_batch, args.seed, args.blank)
    for problem in tally.problems[:50]:
        print(problem)
    print(f"{tally.inputs} fuzz inputs in {tally.batches} batches ({time.perf_counter() - started:.0f} s): "
          f"{tally.aborts} batch aborts, {tally.good_stored} of {tally.good_expected} good files stored; "
          f"generated files: {dict(tally.outcomes)}")
    sys.exit(1 if tally.aborts else 0)


if __name__ == "__main__":
    main()
