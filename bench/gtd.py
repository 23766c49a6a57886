"""Event extraction on GTD incident summaries, scored field by field, beside the naive spaCy baseline.

    .venv/bin/python bench/gtd.py [--sample 1000] [--seed 0] [--runs 1] [--keep /tmp/gtd-bench] [--no-baseline]

Writes one text per GTD row (../shared/data/gtd/dev.jsonl) into a temporary folder with the shared scorer,
ingests them with `actorgraph ingest` under `/usr/bin/time -v` (seconds and peak memory; the median of
--runs runs), exports the KB and scores it with ../shared/eval/score_gtd.py; then runs
../shared/eval/baseline_gtd.py on the same texts and scores it the same way. Prints both tables side by
side. GTD's terms forbid redistribution: the texts, KB and exports stay in the temporary folder.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SCORER = SHARED / "eval" / "score_gtd.py"
BASELINE = SHARED / "eval" / "baseline_gtd.py"
GOLD = SHARED / "data" / "gtd" / "dev.jsonl"
BIN = Path(sys.executable).parent


def main() -> int:
    args = _arguments()
    if not (GOLD.exists() and SCORER.exists()):
        print(f"GTD data or scorer not found under {SHARED}: this benchmark needs ../shared beside the repository.")
        return 0
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="actorgraph-gtd-"))
    work.mkdir(parents=True, exist_ok=True)
    texts = work / "texts"
    sample = ["--sample", str(args.sample), "--seed", str(args.seed)]
    _run([sys.executable, str(SCORER), "--write-texts", str(GOLD), str(texts), *sample])
    timings = [_ingest(texts, work / f"kb-{i}.sqlite") for i in range(args.runs)]
    export = work / "export.json"
    _run([str(BIN / "actorgraph"), "export", "--format", "json", "--db", str(work / "kb-0.sqlite"), "-o", str(export)])
    ours = _score(export, sample, work / "actorgraph.json")
    theirs = None
    if not args.no_baseline:
        baseline = work / "baseline.json"
        _run([sys.executable, str(BASELINE), str(texts), "-o", str(baseline)])
        theirs = _score(baseline, sample, work / "baseline-rates.json")
    _print(ours, theirs, timings, args)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=1000, help="GTD rows drawn with --seed (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=1, help="ingest runs to time (median reported)")
    parser.add_argument("--keep", help="keep texts, KBs and exports in this folder (outside the repository)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the naive spaCy baseline")
    return parser.parse_args()


def _run(command: list[str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} … failed:\n{done.stderr[-2000:]}")
    return done.stdout


def _ingest(texts: Path, db: Path) -> dict:
    """Seconds and peak resident memory of one `actorgraph ingest`, as /usr/bin/time -v reports them."""
    for old in db.parent.glob(db.name + "*"):
        old.unlink()
    command = ["/usr/bin/time", "-v", str(BIN / "actorgraph"), "ingest", str(texts), "--db", str(db), "--no-progress"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"ingest failed:\n{done.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", done.stderr).group(1)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
    return {"seconds": _seconds(wall), "peak_mb": rss / 1024}


def _seconds(clock: str) -> float:
    parts = [float(p) for p in clock.split(":")]
    return sum(p * 60 ** i for i, p in enumerate(reversed(parts)))


def _score(export: Path, sample: list[str], rates: Path) -> dict:
    _run([sys.executable, str(SCORER), str(export), str(GOLD), *sample, "--json", str(rates)])
    return json.loads(rates.read_text())


def _print(ours: dict, theirs: dict | None, timings: list[dict], args) -> None:
    print(f"GTD dev, sample {args.sample} (seed {args.seed})")
    print(f"{'field':<48}{'actorgraph':>20}{'naive baseline':>20}")
    for label, cell in ours.items():
        right = _cell(theirs.get(label)) if theirs else ""
        print(f"{label:<48}{_cell(cell):>20}{right:>20}")
    seconds = statistics.median(t["seconds"] for t in timings)
    peak = statistics.median(t["peak_mb"] for t in timings)
    print(f"ingest of {args.sample} summaries: {seconds:.1f} s median, {peak:.0f} MB peak "
          f"({len(timings)} run{'s' if len(timings) > 1 else ''}, model load included)")


def _cell(cell: dict | None) -> str:
    if not cell or not cell["n"]:
        return "n/a"
    return f"{100 * cell['hit'] / cell['n']:.1f}% ({cell['hit']}/{cell['n']})"


if __name__ == "__main__":
    sys.exit(main())
