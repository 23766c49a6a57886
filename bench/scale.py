"""A 100,000-document knowledge base: build it, add one report, serve profiles and search; time and memory.

    .venv/bin/python bench/scale.py [--docs 100000] [--db kb.sqlite | --db postgresql://... | --postgres] [--requests 30]
                                    [--add 5] [--add-synthetic 20] [--build-only]

1. build: a realistic synthetic KB (`actorgraph.serve.synthkb`: Zipf-popular groups with aliases,
   incidents told by several outlets at mixed date precision, disagreeing strengths, relations) written
   straight through the store, then events and conflicts derived once over everything. An existing KB
   at --db with at least --docs documents is reused.
2. add one report: `pipeline.run` on one MUC-4 text at a time with the models loaded beforehand (spaCy's
   and the MUC-4 template classifiers; so the time is reading, extraction, linking, storing and the
   incremental derivation), in a child
   process whose peak memory is the ingest's; then --add-synthetic new synthetic reports (default 20), each
   written and derived without NLP, about one in seven telling a founding that thousands of reports tell.
3. serve: `actorgraph serve` on the KB; profiles of the most and least named groups, a person and a
   place, and searches; p50/p95 per kind, the largest response, the server's peak memory (VmHWM).
The backend is whatever --db names (a SQLite path or a PostgreSQL URL); --postgres builds the KB in a
throw-away PostgreSQL server (durable commits, default settings) started for the run.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from api import free_port, pct, wait_ready

HERE = Path(__file__).resolve()


def build(db: str, n: int) -> dict:
    from actorgraph.serve import synthkb
    from actorgraph.store import open_store

    store = open_store(db)
    try:
        have = store.count("documents")
        if have >= n:
            return {"reused": have}
        started = time.perf_counter()
        synthkb.build(store, n, derive=False, progress=_progress(n))
        written = time.perf_counter() - started
        from actorgraph.analyze import refresh

        started = time.perf_counter()
        refresh(store)
        return {"write_s": written, "derive_s": time.perf_counter() - started, "documents": store.count("documents")}
    finally:
        store.close()


def _progress(total: int):
    done = [0, time.perf_counter()]

    def step(k: int) -> None:
        done[0] += k
        if done[0] % 10_000 < k:
            print(f"  {done[0]:>7} documents written, {time.perf_counter() - done[1]:6.0f} s", file=sys.stderr, flush=True)
    return step


# -- adding one report ---------------------------------------------------------------------------
def add_child(db: str, folder: str, built_with: str, synthetic_n: str) -> None:
    """In a child process: load the model, then add each text of `folder` as its own ingest run."""
    from actorgraph.extract.nlp import get_nlp
    from actorgraph.pipeline import run
    from actorgraph.store import open_store

    from actorgraph.extract.templates import load_extractor

    nlp = get_nlp()
    nlp("Warm the pipeline up: gunmen attacked a market in Kabul on 3 May 2021.")
    load_extractor()   # the MUC-4 template classifiers, loaded on first use: model load too, outside the clock
    times = []
    for path in sorted(Path(folder).glob("*.txt")):
        store = open_store(db)
        started = time.perf_counter()
        report = run([str(path)], store, nlp=nlp, progress=False)
        times.append(time.perf_counter() - started)
        store.close()
        assert report.stored, report.failed + report.skipped
    synthetic = add_synthetic(db, int(built_with), int(synthetic_n))
    print(json.dumps({"times": times, "synthetic": synthetic,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def add_synthetic(db: str, built_with: int, n: int) -> list[float]:
    """New synthetic reports about the KB's cast, written and derived one at a time (no NLP): one in seven
    or so tells the founding of the most named group, which thousands of reports tell."""
    from actorgraph.analyze import derive_pending
    from actorgraph.serve import synthkb
    from actorgraph.store import open_store

    with open_store(db, create=False) as store:
        have = store.count("documents")
    stream = synthkb.documents(built_with, first=have, last=have + n)
    next(stream)
    times = []
    for doc, extraction, resolution in stream:
        store = open_store(db)
        started = time.perf_counter()
        store.write_document(doc, extraction, resolution, synthkb.EXTRACTOR)
        derive_pending(store)
        times.append(time.perf_counter() - started)
        store.close()
    return times


def add_reports(db: str, n: int, built_with: int, synthetic_n: int) -> dict:
    from actorgraph import settings

    lines = (settings.shared_dir() / "data" / "muc4" / "train.json").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["doctext"] for line in lines if line.strip()]
    stamp = int(time.time())
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(texts[-n:]):
            Path(tmp, f"added-{i}.txt").write_text(f"{text}\n\n(added {stamp})\n", encoding="utf-8")
        out = subprocess.run([sys.executable, str(HERE), "--add-child", db, tmp, str(built_with), str(synthetic_n)],
                             capture_output=True, text=True)
    if out.returncode:
        sys.exit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- serving -------------------------------------------------------------------------------------
def targets(db: str) -> dict[str, list[str]]:
    """Entities to ask for: the most named groups, groups from the middle and the tail, people and places."""
    from actorgraph.store import open_store

    with open_store(db, create=False) as store:
        counts = store.mention_counts()
    by_type: dict[str, list[str]] = {}
    names = {}
    with open_store(db, create=False) as store:
        for e in store.entities():
            if e["id"].startswith("synthkb_"):
                names[e["id"]] = e["type"]
    for entity_id, _ in sorted(counts.items(), key=lambda kv: -kv[1]):
        if entity_id in names:
            by_type.setdefault(names[entity_id], []).append(entity_id)
    pick = lambda ids: ids[:3] + ids[len(ids) // 2:len(ids) // 2 + 2] + ids[-2:]  # noqa: E731
    return {f"profile {t}": [f"/api/entities/{quote(i)}" for i in pick(ids)] for t, ids in sorted(by_type.items())}


SEARCHES = ["attacked checkpoint", "Liberation Front", "fighters", "Province", "convoy", "leader", "allegiance",
            "Security report 4711", "Brigades"]


def serve(db: str, rounds: int) -> dict:
    port = free_port()
    exe = Path(sys.executable).with_name("actorgraph")
    server = subprocess.Popen([str(exe), "serve", "--db", db, "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env={**os.environ, "ACTORGRAPH_CACHE_MB": "0"})
    paths = {**targets(db), "search": [f"/api/search?q={quote(q)}" for q in SEARCHES]}
    try:
        wait_ready(port, server)
        results = {kind: measure(port, urls, rounds) for kind, urls in paths.items()}
        results["server_peak_mb"] = peak_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def measure(port: int, urls: list[str], rounds: int) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    times, sizes = [], []
    for _ in range(rounds):
        for url in urls:
            started = time.perf_counter()
            conn.request("GET", url)
            response = conn.getresponse()
            body = response.read()
            times.append((time.perf_counter() - started) * 1000)
            sizes.append(len(body))
            if response.status != 200:
                raise SystemExit(f"{url} -> {response.status}: {body[:300]!r}")
    conn.close()
    return {"n": len(times), "p50": statistics.median(times), "p95": pct(times, 0.95), "max": max(times),
            "max_kb": max(sizes) / 1024}


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--db", default=None, help="KB to build or reuse (default: a temporary SQLite file)")
    parser.add_argument("--requests", type=int, default=30, help="rounds over the profile and search URLs")
    parser.add_argument("--add", type=int, default=5, help="MUC-4 reports added one at a time")
    parser.add_argument("--add-synthetic", type=int, default=20, help="synthetic reports added one at a time")
    parser.add_argument("--postgres", action="store_true", help="build the KB in a throw-away PostgreSQL server")
    parser.add_argument("--build-only", action="store_true", help="build (or migrate) the KB at --db, measure nothing")
    parser.add_argument("--add-child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.add_child:
        return add_child(*args.add_child)
    tmp = tempfile.TemporaryDirectory()
    server = None
    if args.postgres:
        from actorgraph.store.pgtemp import TemporaryPostgres

        server = TemporaryPostgres(durable=True).start()
    try:
        run(args, server.create_database("scale") if server else args.db or str(Path(tmp.name) / "scale.sqlite"))
    finally:
        if server:
            server.stop()
        tmp.cleanup()


def run(args, db: str) -> None:
    print(f"load average before: {load()}", flush=True)
    built = build(db, args.docs)
    print(f"build: {built}   (load {load()})", flush=True)
    if args.build_only:
        return
    added = add_reports(db, args.add, args.docs, args.add_synthetic)
    times = added["times"]
    print(f"add one MUC-4 report (model loaded): median {statistics.median(times):.2f} s, max {max(times):.2f} s "
          f"over {len(times)}; ingest peak {added['peak_mb']:.0f} MB   (load {load()})")
    synthetic = added["synthetic"]
    print(f"add one synthetic report (no NLP): median {statistics.median(synthetic):.3f} s, "
          f"p95 {pct(synthetic, 0.95):.3f} s, max {max(synthetic):.3f} s over {len(synthetic)}; "
          f"over 1 s: {sum(t > 1 for t in synthetic)}")
    served = serve(db, args.requests)
    print(f"{'request':<18} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'max KB':>8}")
    for kind, r in served.items():
        if isinstance(r, dict):
            print(f"{kind:<18} {r['n']:>5} {r['p50']:8.1f} {r['p95']:8.1f} {r['max']:8.1f} {r['max_kb']:8.1f}")
    print(f"server peak {served['server_peak_mb']:.0f} MB   (load {load()})")


if __name__ == "__main__":
    main()
