"""Latency of the entity-profile API on a 10,000-document knowledge base, through a real uvicorn server.

    .venv/bin/python bench/api.py [--docs 10000] [--requests 40] [--keep /tmp/bench-api.sqlite | --postgres]

Builds a synthetic KB (records written straight through the store, no NLP; with --postgres in a
throw-away PostgreSQL server, or in the database of a postgresql:// URL given to --keep), starts
`actorgraph serve` on a free 127.0.0.1 port, requests a few profiles repeatedly and prints p50/p95.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from actorgraph.serve import synth
from actorgraph.store import open_store
from actorgraph.store.pgtemp import TemporaryPostgres

ENTITIES = ["synth_group_0", "synth_group_17", "synth_leader_5", "synth_place_0", "Synth Front 3"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(path: str, n: int) -> float:
    started = time.perf_counter()
    store = open_store(path)
    try:
        if store.counts()["documents"] < n:
            synth.build(store, n)
    finally:
        store.close()
    return time.perf_counter() - started


def wait_ready(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"server exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("server did not start in time")


def measure(port: int, path: str, n: int) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    times = []
    for _ in range(n):
        started = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        times.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            sys.exit(f"{path}: HTTP {response.status} {body[:200]!r}")
    conn.close()
    return times


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=40, help="requests per entity")
    parser.add_argument("--keep", default=None, help="KB file or PostgreSQL URL to build or reuse (default: a temporary one)")
    parser.add_argument("--postgres", action="store_true", help="build the KB in a throw-away PostgreSQL server")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    server = TemporaryPostgres(durable=True).start() if args.postgres else None
    db = server.create_database("bench") if server else (args.keep or str(Path(tmp.name) / "bench.sqlite"))
    print(f"building {args.docs} documents in {db} ...", flush=True)
    print(f"built in {build(db, args.docs):.1f} s", flush=True)
    port = free_port()
    exe = Path(sys.executable).with_name("actorgraph")
    proc = subprocess.Popen([str(exe), "serve", "--db", db, "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ})
    try:
        wait_ready(port, proc)
        everything = []
        print(f"{'entity':<22} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for entity in ENTITIES:
            path = "/api/entities/" + entity.replace(" ", "%20")
            measure(port, path, 2)  # warm up
            times = measure(port, path, args.requests)
            everything += times
            print(f"{entity:<22} {statistics.median(times):8.1f} {pct(times, .95):8.1f} {max(times):8.1f}", flush=True)
        print(f"{'all':<22} {statistics.median(everything):8.1f} {pct(everything, .95):8.1f} {max(everything):8.1f}")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        tmp.cleanup()
        if server:
            server.stop()


if __name__ == "__main__":
    main()
