"""Ingest time of long PDF reports: a 30-page and a 300-page report, each in a new KB, with the real model.

    .venv/bin/python bench/pdf_report.py [--pages 30 300] [--keep DIR]

Writes each report with bench/pdfgen.py: invented groups, people and places in sentences of the kinds
reports carry (attacks with dates and tolls, leadership, splits, strength estimates, background), wrapped
at 90 characters, 46 printed lines a page, as PDF text comes out of a word processor. Times
`actorgraph ingest` as a whole process and prints seconds, characters, seconds per page, and the
stored facts, so linear time shows as a flat seconds-per-page column.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from pdfgen import LINES_PER_PAGE, pdf

GROUPS = ["Northern Valley Front", "Brigade of the Two Rivers", "Coastal Liberation Army", "Sons of the Plateau",
          "Eastern Salvation Movement", "Hill Guard"]
PEOPLE = ["Idris Valamon", "Karim Osteva", "Selma Durand-Achour", "Tomas Reyhani", "Abu Nadir al-Varshi", "Miro Kestal"]
PLACES = ["Varosh", "Telmir", "Qandal", "Ostrava Bay", "Serin Valley", "Kolvadi"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def sentence(rng: random.Random) -> str:
    g, h = rng.sample(GROUPS, 2)
    p, place = rng.choice(PEOPLE), rng.choice(PLACES)
    date = f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2012, 2023)}"
    n = rng.randint(2, 60)
    return rng.choice((
        f"On {date}, fighters of the {g} attacked a police checkpoint in {place}, killing {n} people, officials said.",
        f"The {g} is led by {p}, who took over after the death of his predecessor in {rng.randint(2012, 2022)}.",
        f"In {rng.randint(2012, 2022)} a faction of the {g} broke away and formed the {h}.",
        f"Local officials estimated that the {g} had about {n * 50} fighters in {place} at the end of the year.",
        f"A roadside bomb struck a bus on the road to {place} on {date}; no group claimed responsibility.",
        f"The {g} and the {h} fought over the control of the market towns around {place} for most of the year.",
        f"Residents of {place} described long queues for water and fuel, and schools that stayed closed for months.",
        "The council discussed the repair of the irrigation canals and the price of seed for the next season.",
        f"According to a United Nations report, {n} civilians were displaced from villages near {place} that spring.",
    ))


def report_pages(n_pages: int, seed: int = 1) -> list[list[str]]:
    """Pages of printed lines: paragraphs of 4 to 8 sentences wrapped at 90 characters, a blank line between."""
    rng = random.Random(seed)
    lines: list[str] = []
    while len(lines) < n_pages * LINES_PER_PAGE:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(4, 8)))
        lines += textwrap.wrap(paragraph, 90) + [""]
    lines = lines[: n_pages * LINES_PER_PAGE]
    return [lines[i:i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]


def ingest_seconds(path: Path, db: Path) -> tuple[float, str]:
    exe = Path(sys.executable).with_name("actorgraph")
    started = time.perf_counter()
    result = subprocess.run([str(exe), "ingest", str(path), "--db", str(db), "--no-progress"], capture_output=True,
                            text=True)
    seconds = time.perf_counter() - started
    if result.returncode:
        sys.exit(f"ingest of {path} failed: {result.stderr[-2000:]}")
    return seconds, " ".join(result.stdout.split("\n")[1:]).strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[30, 300])
    parser.add_argument("--keep", default=None, help="folder to keep the PDFs and KBs in")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    folder = Path(args.keep or tmp.name)
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'pages':>6} {'characters':>11} {'seconds':>8} {'s/page':>7}  stored")
    for n in args.pages:
        pages = report_pages(n)
        path = folder / f"report-{n}-pages.pdf"
        path.write_bytes(pdf(pages))
        db = folder / f"report-{n}.sqlite"
        db.unlink(missing_ok=True)
        seconds, stored = ingest_seconds(path, db)
        chars = sum(len(line) + 1 for page in pages for line in page)
        print(f"{n:>6} {chars:>11,} {seconds:8.1f} {seconds / n:7.2f}  {stored}", flush=True)
    tmp.cleanup()


if __name__ == "__main__":
    main()
