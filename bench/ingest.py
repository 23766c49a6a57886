"""Ingest throughput: the full `actorgraph ingest` against bare `nlp.pipe` on the same texts and model.

Uses the MUC-4 train texts (../shared/data/muc4/train.json, field `doctext`). Each side runs in its
own process, one after the other, so peak memory is that side's alone; the ratio comes from this one run.

    .venv/bin/python bench/ingest.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def load_texts(limit: int | None) -> list[str]:
    from actorgraph import settings

    path = settings.shared_dir() / "data" / "muc4" / "train.json"
    if not path.exists():
        sys.exit(f"MUC-4 train split not found at {path}; it lives in ../shared/data/muc4/")
    texts = [json.loads(line)["doctext"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts[:limit] if limit else texts


def bare(folder: Path) -> dict:
    """nlp.pipe with the same model and our pipeline components, nothing else."""
    from actorgraph.extract.nlp import get_nlp

    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    nlp = get_nlp()
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return {"seconds": time.perf_counter() - start}


def full(folder: Path) -> dict:
    """The whole pipeline: read, clean, extract, resolve and store into a fresh SQLite file."""
    from actorgraph.extract.nlp import get_nlp
    from actorgraph.pipeline import run
    from actorgraph.store import open_store

    nlp = get_nlp()   # loaded before the clock starts, as in bare()
    store = open_store(folder / "bench.sqlite")
    start = time.perf_counter()
    report = run([str(folder / "*.txt")], store, nlp=nlp, progress=False)
    seconds = time.perf_counter() - start
    store.close()
    return {"seconds": seconds, "stored": len(report.stored), "skipped": len(report.skipped)}


def child(mode: str, folder: str) -> None:
    result = (bare if mode == "bare" else full)(Path(folder))
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="Only the first N texts (default: all 1,300).")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    texts = load_texts(args.limit)
    words = sum(len(t.split()) for t in texts)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i, text in enumerate(texts):
            (folder / f"muc4-{i:05d}.txt").write_text(text, encoding="utf-8")
        results = {}
        for mode in ("bare", "full"):
            out = subprocess.run([sys.executable, __file__, "--child", mode, tmp], capture_output=True, text=True, check=True)
            results[mode] = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"{len(texts)} MUC-4 train texts, {words:,} words")
    for mode, label in (("bare", "bare nlp.pipe"), ("full", "actorgraph ingest")):
        r = results[mode]
        print(f"{label:<18} {r['seconds']:8.1f} s  {len(texts) / r['seconds']:7.1f} docs/s  "
              f"{words / r['seconds']:9,.0f} words/s  peak {r['peak_mb']:7.0f} MB")
    print(f"ratio full/bare time: {results['full']['seconds'] / results['bare']['seconds']:.2f}")


if __name__ == "__main__":
    main()
