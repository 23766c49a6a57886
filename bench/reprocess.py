"""Reprocessing against ingesting: the five seed reports ingested into a fresh KB, then all re-extracted
from their stored text with `reprocess --all`, both in one process with the model loaded before either
clock starts. Prints both times and their ratio (reprocess / ingest; at most 1 is the goal).

    .venv/bin/python bench/reprocess.py [--repeat 3] [--folder ../shared/corpus/seeds]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path


def once(folder: Path, nlp) -> tuple[float, float, int]:
    from actorgraph.pipeline import run
    from actorgraph.reprocess import reprocess
    from actorgraph.store import open_store

    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "kb.sqlite") as store:
        start = time.perf_counter()
        report = run([str(folder)], store, nlp=nlp, progress=False)
        ingest = time.perf_counter() - start
        start = time.perf_counter()
        redone = reprocess(store, all_documents=True, nlp=nlp, progress=False)
        again = time.perf_counter() - start
        changed = len(redone.changes)
    if not report.ok or len(redone.documents) != len(report.stored):
        sys.exit(f"bench run went wrong: {report.skipped + report.failed + redone.failed}")
    return ingest, again, changed


def main() -> None:
    from actorgraph import settings
    from actorgraph.extract.nlp import get_nlp

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--folder", default=str(settings.shared_dir() / "corpus" / "seeds"))
    args = parser.parse_args()
    folder = Path(args.folder)
    if not folder.is_dir():
        sys.exit(f"no reports at {folder}; the seeds live in ../shared/corpus/seeds")
    nlp = get_nlp()
    nlp("Warm up the model once.")
    runs = [once(folder, nlp) for _ in range(args.repeat)]
    ingest = statistics.median(r[0] for r in runs)
    again = statistics.median(r[1] for r in runs)
    print(f"ingest    {ingest:6.2f} s  (median of {args.repeat}, model load left out)")
    print(f"reprocess {again:6.2f} s  ({runs[0][2]} facts changed: the same extractor gives the same facts)")
    print(f"ratio reprocess/ingest {again / ingest:.2f}  (each pair measured in one run: "
          + ", ".join(f"{r[1] / r[0]:.2f}" for r in runs) + ")")


if __name__ == "__main__":
    main()
