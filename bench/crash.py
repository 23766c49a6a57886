"""Crash harness: kill `actorgraph ingest` at random points, rerun it, and compare the KB with a clean run.

    .venv/bin/python bench/crash.py [--kills 20] [--seed 1] [--corpus examples/reports] [--blank]

Kill points (chosen at random, each at least once when --kills >= 5):
  time:MS            SIGKILL from outside after MS milliseconds (anywhere: loading, extracting, writing)
  in-transaction:K   inside the K-th document's write transaction, before it commits
  after-commit:K     right after the K-th document committed
  before-derive      every document stored, events and conflicts not yet recomputed
  mid-derive         events and conflicts replaced, the derivation's transaction not yet committed
After each kill the same ingest runs again to the end; its KB's `store.snapshot()` must equal the clean
run's. `--blank` uses the model-free pipeline (fast; what the test suite runs). Exit status 1 on any mismatch.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HOOKED = ("in-transaction", "after-commit", "before-derive", "mid-derive")


# -- the child: one ingest, killing itself at a hooked point -------------------------------------
def child(db: str, corpus: str, kill: str, blank: bool) -> None:
    from actorgraph import pipeline
    from actorgraph.cli import main
    from actorgraph.store.sqlite import SQLiteStore

    if blank:
        from actorgraph.extract.nlp import blank_pipeline

        pipeline.get_nlp = blank_pipeline
    kind, _, k = kill.partition(":")
    if kind == "in-transaction":
        _after_calls(SQLiteStore, "write_document", int(k))
    elif kind == "after-commit":
        _after_calls(pipeline._Writer, "write", int(k))
    elif kind == "before-derive":
        pipeline.derive_pending = lambda store: _die()
    elif kind == "mid-derive":
        SQLiteStore.mark_derived = lambda self, ids: _die()
    main(["ingest", corpus, "--db", db, "--no-progress"])


def _after_calls(cls, name: str, k: int) -> None:
    original, calls = getattr(cls, name), []

    def wrapped(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        calls.append(1)
        if len(calls) >= k:
            _die()
        return result

    setattr(cls, name, wrapped)


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


# -- the parent ------------------------------------------------------------------------------------
def ingest(db: Path, corpus: str, blank: bool, kill: str = "none", delay: float | None = None) -> int:
    command = [sys.executable, __file__, "--child", str(db), corpus, kill] + (["--blank"] if blank else [])
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO)
    if delay is not None:
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.kill()
    _, err = proc.communicate()
    if proc.returncode not in (0, -signal.SIGKILL):
        sys.stderr.write(err.decode("utf-8", "replace")[-2000:])
    return proc.returncode


def snapshot(db: Path) -> dict:
    from actorgraph.store import open_store

    with open_store(db, create=False) as store:
        return store.snapshot()


def kill_points(n: int, documents: int, clean_seconds: float, rng: random.Random) -> list[str]:
    """n kill points: every hooked kind first (so a short run still covers storing vs deriving), then random ones."""
    def one(kind: str) -> str:
        if kind == "time":
            return f"time:{int(rng.uniform(0.05, 0.9) * clean_seconds * 1000)}"
        if kind in ("in-transaction", "after-commit"):
            return f"{kind}:{rng.randint(1, max(1, documents))}"
        return kind

    kinds = ["before-derive", "mid-derive", "in-transaction", "after-commit", "time"][:n]
    kinds += [rng.choice(("time", "time", *HOOKED)) for _ in range(n - len(kinds))]
    return [one(k) for k in kinds]


def differences(a: dict, b: dict) -> list[str]:
    return [f"{table}: {len(a[table])} vs {len(b[table])} rows" + ("" if len(a[table]) != len(b[table]) else " (contents differ)")
            for table in a if a[table] != b[table]]


def run(kills: int, seed: int, corpus: str, blank: bool) -> int:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        clean_db = Path(tmp) / "clean.sqlite"
        started = time.perf_counter()
        status = ingest(clean_db, corpus, blank)
        clean_seconds = time.perf_counter() - started
        if status != 0:
            print(f"the clean run failed (exit {status})")
            return 1
        clean = snapshot(clean_db)
        documents = len(clean["documents"])
        print(f"clean run: {documents} documents, {len(clean['events'])} events, {len(clean['conflicts'])} conflicts, "
              f"{clean_seconds:.1f} s")
        failures = finished = 0
        for number, point in enumerate(kill_points(kills, documents, clean_seconds, rng), 1):
            db = Path(tmp) / f"kill-{number}.sqlite"
            kind, _, value = point.partition(":")
            killed = ingest(db, corpus, blank, point if kind != "time" else "none",
                            int(value) / 1000 if kind == "time" else None)
            stored = len(snapshot(db)["documents"]) if db.exists() else 0
            rerun = ingest(db, corpus, blank)
            diff = differences(clean, snapshot(db)) if rerun == 0 else [f"rerun exited {rerun}"]
            failures += bool(diff)
            finished += killed != -signal.SIGKILL
            outcome = "killed" if killed == -signal.SIGKILL else f"exit {killed}"
            print(f"{number:>3} {point:<20} {outcome:<8} {stored:>3} stored before the rerun -> "
                  f"{'EQUAL to the clean run' if not diff else 'DIFFERENT: ' + '; '.join(diff)}", flush=True)
        print(f"{kills} kills: {kills - failures} KBs equal to the clean run, {failures} different"
              + (f" ({finished} of the runs ended before their kill time)" if finished else ""))
        return 1 if failures else 0


def main() -> None:
    if "--child" in sys.argv:
        args = [a for a in sys.argv[1:] if a not in ("--child", "--blank")]
        child(*args, blank="--blank" in sys.argv)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", default=str(REPO / "examples" / "reports"))
    parser.add_argument("--blank", action="store_true", help="model-free pipeline (fast)")
    args = parser.parse_args()
    sys.exit(run(args.kills, args.seed, args.corpus, args.blank))


if __name__ == "__main__":
    main()
