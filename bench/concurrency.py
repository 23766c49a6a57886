"""Concurrent writers on one knowledge base: N ingests of the same folder at once, and M processes opening a new KB.

    .venv/bin/python bench/concurrency.py [--writers 4] [--openers 60] [--rounds 3] [--corpus DIR] [--blank]

Each round starts `--writers` ingest processes of the same corpus into one new KB at the same moment;
every process must exit 0 and the KB's `store.snapshot()` must equal a clean single-process run's. Then
`--openers` processes open (and so create and migrate) one new KB at the same moment; all must succeed.
Exit status 1 on any failure.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from crash import REPO, differences, ingest, snapshot

OPEN = "import sys; from actorgraph.store import open_store; open_store(sys.argv[1]).close()"


def concurrent_ingests(writers: int, corpus: str, blank: bool, db: Path) -> list[int]:
    command = [sys.executable, str(REPO / "bench" / "crash.py"), "--child", str(db), corpus, "none"]
    return wait_all([subprocess.Popen(command + (["--blank"] if blank else []), cwd=REPO, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE) for _ in range(writers)])


def concurrent_opens(openers: int, db: Path) -> list[int]:
    return wait_all([subprocess.Popen([sys.executable, "-c", OPEN, str(db)], stderr=subprocess.PIPE)
                     for _ in range(openers)])


def wait_all(procs: list[subprocess.Popen]) -> list[int]:
    """Exit codes of processes started together; the stderr of those that failed is shown."""
    codes = []
    for proc in procs:
        _, err = proc.communicate()
        codes.append(proc.returncode)
        if proc.returncode:
            sys.stderr.write(err.decode("utf-8", "replace")[-2000:])
    return codes


def run(writers: int, openers: int, rounds: int, corpus: str, blank: bool) -> int:
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        clean_db = Path(tmp) / "clean.sqlite"
        if ingest(clean_db, corpus, blank) != 0:
            print("the clean run failed")
            return 1
        clean = snapshot(clean_db)
        print(f"clean run: {len(clean['documents'])} documents, {len(clean['events'])} events, "
              f"{len(clean['conflicts'])} conflicts")
        for number in range(1, rounds + 1):
            db = Path(tmp) / f"together-{number}.sqlite"
            codes = concurrent_ingests(writers, corpus, blank, db)
            diff = differences(clean, snapshot(db))
            failures += bool(diff) or any(codes)
            print(f"round {number}: {writers} ingests at once, exit codes {codes} -> "
                  f"{'EQUAL to the clean run' if not diff else 'DIFFERENT: ' + '; '.join(diff)}", flush=True)
        if openers:
            codes = concurrent_opens(openers, Path(tmp) / "new.sqlite")
            bad = sum(1 for c in codes if c)
            failures += bool(bad)
            print(f"{openers} processes opening one new KB at once: {openers - bad} succeeded, {bad} failed")
    return 1 if failures else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--openers", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", default=str(REPO / "examples" / "reports"))
    parser.add_argument("--blank", action="store_true", help="model-free pipeline (fast)")
    args = parser.parse_args()
    sys.exit(run(args.writers, args.openers, args.rounds, args.corpus, args.blank))


if __name__ == "__main__":
    main()
