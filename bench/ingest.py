"""Ingest throughput: the full `actorgraph ingest` against bare `nlp.pipe` on the same texts and model.

Uses the MUC-4 train texts (../shared/data/muc4/train.json, field `doctext`). Each mode runs in its
own process, one after the other, so peak memory is that mode's alone; ratios come from this one run.

    .venv/bin/python bench/ingest.py [--limit N] [--workers 2] [--ray] [--busy]

Modes: bare nlp.pipe (one process, the model's components only); the full ingest in one process (its
models, spaCy's, the MUC-4 template classifiers and the incident gate, loaded before the clock as bare's is);
with --workers N also `--workers N` (worker start and model loads inside the clock); with --ray also
`--ray local` with N actors (the local Ray instance started inside the clock too); with --busy the
one-process and N-worker ingests again while a neighbour process keeps one core busy.
"""

from __future__ import annotations

import argparse
import json
import os
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


def full(folder: Path, workers: int = 1, ray: str | None = None) -> dict:
    """The whole pipeline: read, clean, extract, resolve and store into a fresh SQLite file."""
    from actorgraph.extract.nlp import get_nlp
    from actorgraph.pipeline import run
    from actorgraph.store import open_store

    nlp, load_seconds = None, 0.0
    if workers == 1 and not ray:   # the models load before the clock starts, as the model does in bare()
        from actorgraph.extract.incident_model import load_model
        from actorgraph.extract.templates import load_extractor

        start = time.perf_counter()
        nlp, _, _ = get_nlp(), load_extractor(), load_model()
        load_seconds = time.perf_counter() - start
    db = folder / f"bench-{workers}-{ray}-{time.time()}.sqlite"
    store = open_store(db)
    start = time.perf_counter()
    report = run([str(folder / "*.txt")], store, nlp=nlp, progress=False, workers=workers, ray=ray)
    seconds = time.perf_counter() - start
    store.close()
    return {"seconds": seconds, "load_seconds": load_seconds, "stored": len(report.stored),
            "skipped": len(report.skipped) + len(report.failed)}


def child(mode: str, folder: str) -> None:
    name, _, n = mode.partition(":")
    if name == "bare":
        result = bare(Path(folder))
    else:
        result = full(Path(folder), workers=int(n or 1), ray="local" if name == "ray" else None)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["worker_peak_mb"] = children
    print(json.dumps(result))


def busy_neighbour() -> subprocess.Popen:
    """Another program keeping one core busy, as on a laptop in use or a shared CI runner."""
    return subprocess.Popen([sys.executable, "-c", "while True: pass"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="Only the first N texts (default: all 1,300).")
    parser.add_argument("--workers", type=int, default=None, help="Also time ingest --workers N.")
    parser.add_argument("--ray", action="store_true", help="Also time ingest --ray local with --workers actors.")
    parser.add_argument("--busy", action="store_true", help="Also time one process and --workers N next to a busy one.")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    texts = load_texts(args.limit)
    words = sum(len(t.split()) for t in texts)
    n = args.workers or 2
    modes = [("bare", "bare nlp.pipe", False), ("full", "ingest, 1 process", False)]
    if args.workers:
        modes.append((f"full:{n}", f"ingest --workers {n}", False))
    if args.ray:
        modes.append((f"ray:{n}", f"ingest --ray local ({n})", False))
    if args.busy:
        modes += [("full", "ingest, 1 process, busy", True), (f"full:{n}", f"ingest --workers {n}, busy", True)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i, text in enumerate(texts):
            (folder / f"muc4-{i:05d}.txt").write_text(text, encoding="utf-8")
        results = []
        for mode, label, busy in modes:
            neighbour = busy_neighbour() if busy else None
            load = os.getloadavg()[0]
            try:
                out = subprocess.run([sys.executable, __file__, "--child", mode, tmp], capture_output=True, text=True)
            finally:
                if neighbour:
                    neighbour.kill()
            if out.returncode:
                sys.exit(out.stderr[-3000:])
            results.append((label, json.loads(out.stdout.strip().splitlines()[-1]), load))
    print(f"{len(texts)} MUC-4 train texts, {words:,} words")
    base = {label: r["seconds"] for label, r, _ in results}
    for label, r, load in results:
        print(f"{label:<28} {r['seconds']:8.1f} s  {len(texts) / r['seconds']:6.1f} docs/s  {words / r['seconds']:8,.0f} words/s"
              f"  peak {r['peak_mb']:5.0f} MB (workers {r['worker_peak_mb']:5.0f} MB)  load {load:.1f}"
              + (f"  (+{r['load_seconds']:.1f} s loading models before the clock)" if r.get("load_seconds") else ""))
    bare_s, one = base["bare nlp.pipe"], base["ingest, 1 process"]
    # --workers N loads the models inside the clock, in each worker: against it, the one-process ingest
    # with its model load counted too, as `actorgraph ingest --workers 1` takes it
    one_cold = one + next(r["load_seconds"] for label, r, _ in results if label == "ingest, 1 process")
    print(f"throughput full/bare, 1 process: {bare_s / one:.2f}")
    if args.workers:
        print(f"--workers {n} / 1 process, both loading their models: {one_cold / base[f'ingest --workers {n}']:.2f}x "
              f"(models preloaded in the 1 process: {one / base[f'ingest --workers {n}']:.2f}x); "
              f"full --workers {n} / bare 1 process: {bare_s / base[f'ingest --workers {n}']:.2f}")
    if args.ray:
        print(f"--ray local ({n}) / --workers {n}: {base[f'ingest --workers {n}'] / base[f'ingest --ray local ({n})']:.2f}")
    if args.busy:
        print(f"busy neighbour: --workers {n} / 1 process: "
              f"{base['ingest, 1 process, busy'] / base[f'ingest --workers {n}, busy']:.2f}x")


if __name__ == "__main__":
    main()
