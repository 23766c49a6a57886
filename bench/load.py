"""Load: concurrent clients against `actorgraph serve` on a 10,000-document KB; latency, errors and memory.

    .venv/bin/python bench/load.py [--docs 10000] [--clients 20] [--minutes 10] [--think 0.5] [--keep kb.sqlite]

Builds a synthetic KB (`serve.synth`, as bench/api.py does), starts `actorgraph serve` on a free
127.0.0.1 port and runs `--clients` threads, each with its own keep-alive connection, for `--minutes`.
Each client picks one of the light endpoints (search, entity list, entity profile, events, claims) with
varied parameters, sends it, waits a random think time of 0..2x`--think` seconds, and repeats.
Prints p50/p95/max per endpoint, the error count (any status but 200, or a failed connection), and the
server's resident memory (VmRSS) at minute 2 and at the end.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

from api import build, free_port, pct, wait_ready

GROUPS, PLACES = 40, 4


def requests_for(rng: random.Random) -> tuple[str, str]:
    """(endpoint name, path) of one request a analyst's browser might send."""
    kind = rng.choice(("search", "entities", "profile", "events", "claims"))
    if kind == "search":
        name = rng.choice((f"Synth Front {rng.randrange(GROUPS)}", f"Leader Number {rng.randrange(GROUPS)}",
                           "Synthabad", "Synht Frnt", "checkpoint attack", f"SF{rng.randrange(GROUPS)}"))
        return kind, f"/api/search?q={quote(name)}"
    if kind == "entities":
        return kind, rng.choice(("/api/entities", "/api/entities?type=group", "/api/entities?type=place&limit=20"))
    if kind == "profile":
        entity = rng.choice((f"synth_group_{rng.randrange(GROUPS)}", f"synth_leader_{rng.randrange(GROUPS)}",
                             f"synth_place_{rng.randrange(PLACES)}", quote(f"Synth Front {rng.randrange(GROUPS)}")))
        return kind, f"/api/entities/{entity}"
    if kind == "events":
        return kind, rng.choice((f"/api/events?offset={rng.randrange(0, 1400, 100)}",
                                 f"/api/events?actor=synth_group_{rng.randrange(GROUPS)}",
                                 f"/api/events?from={2015 + rng.randrange(9)}&to={2016 + rng.randrange(9)}"))
    return kind, rng.choice(("/api/claims", f"/api/claims?subject=synth_group_{rng.randrange(GROUPS)}",
                             f"/api/claims?attribute=fighters&offset={rng.randrange(0, 9000, 100)}"))


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.samples: list[str] = []

    def add(self, kind: str, ms: float, ok: bool, note: str = "") -> None:
        with self.lock:
            self.times[kind].append(ms)
            if not ok:
                self.errors[kind] += 1
                if len(self.samples) < 10:
                    self.samples.append(f"{kind}: {note}")


def client(port: int, seed: int, until: float, think: float, results: Results) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.monotonic() < until:
        kind, path = requests_for(rng)
        started = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            results.add(kind, (time.perf_counter() - started) * 1000, response.status == 200,
                        f"{path} -> {response.status}")
        except (OSError, http.client.HTTPException) as exc:
            results.add(kind, (time.perf_counter() - started) * 1000, False, f"{path} -> {exc!r}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        time.sleep(rng.uniform(0, 2 * think))
    conn.close()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--think", type=float, default=0.5, help="mean seconds a client waits between requests")
    parser.add_argument("--keep", default=None, help="KB file to build or reuse (default: a temporary one)")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    db = Path(args.keep) if args.keep else Path(tmp.name) / "load.sqlite"
    print(f"building {args.docs} documents in {db} ... {build(db, args.docs):.1f} s", flush=True)
    port = free_port()
    exe = Path(sys.executable).with_name("actorgraph")
    server = subprocess.Popen([str(exe), "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ})
    results, rss = Results(), {}
    try:
        wait_ready(port, server)
        started = time.monotonic()
        until = started + args.minutes * 60
        threads = [threading.Thread(target=client, args=(port, n, until, args.think, results), daemon=True)
                   for n in range(args.clients)]
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            time.sleep(5)
            minute = (time.monotonic() - started) / 60
            rss[round(minute, 2)] = rss_mb(server.pid)
        at_two = rss[min(rss, key=lambda m: abs(m - 2))]
        at_end = rss[max(rss)]
    finally:
        server.terminate()
        server.wait(timeout=30)
        tmp.cleanup()
    print(f"{args.clients} clients, {args.minutes:g} min, think time 0-{2 * args.think:g} s, {args.docs} documents")
    print(f"{'endpoint':<10} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'errors':>6}")
    everything = []
    for kind in sorted(results.times):
        times = results.times[kind]
        everything += times
        print(f"{kind:<10} {len(times):>8} {statistics.median(times):8.1f} {pct(times, .95):8.1f} {max(times):8.1f} "
              f"{results.errors[kind]:>6}")
    print(f"{'all':<10} {len(everything):>8} {statistics.median(everything):8.1f} {pct(everything, .95):8.1f} "
          f"{max(everything):8.1f} {sum(results.errors.values()):>6}")
    for sample in results.samples:
        print("error:", sample)
    by_minute = {m: rss[min(rss, key=lambda t: abs(t - m))] for m in range(1, int(max(rss)) + 1)}
    print("server RSS by minute: " + ", ".join(f"{m}: {mb:.0f} MB" for m, mb in by_minute.items()))
    print(f"server RSS: {at_two:.1f} MB at minute 2, {at_end:.1f} MB at minute {max(rss):.1f} "
          f"({(at_end - at_two) / at_two * 100:+.1f}%)")


if __name__ == "__main__":
    main()
