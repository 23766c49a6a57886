"""Place chains on GTD incident summaries: does the best place of the first chain name GTD's city or province?

Usage: .venv/bin/python bench/places.py [--sample 1000] [--seed 0] [--misses N]
Draws the rows `score_gtd.py --sample N --seed S` draws from ../shared/data/gtd/dev.jsonl and applies its
`place_matches` rule to `best_place` of the first chain in the first sentence after the "MM/DD/YYYY:" lead
(attributive chains, 'the Kandahar governor', are skipped: they do not say where anything happened).
Also prints the gazetteer's first-lookup cost, lookup speed and memory. Prints rates, not pass/fail.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import resource
import sys
import time
from collections import Counter

from actorgraph import gazetteer, settings
from actorgraph.extract.mentions import find_mentions
from actorgraph.extract.nlp import get_nlp
from actorgraph.extract.places import best_place, find_place_chains

DATE_LEAD = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{4}\s*:?\s*$")


def scorer():
    path = settings.shared_dir() / "eval" / "score_gtd.py"
    if not path.exists():
        sys.exit(f"{path} is missing: this benchmark needs ../shared (set ACTORGRAPH_SHARED).")
    spec = importlib.util.spec_from_file_location("score_gtd", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def lookup_costs() -> None:
    before, t0 = rss_mb(), time.perf_counter()
    gazetteer.lookup("Kabul")
    first = time.perf_counter() - t0
    print(f"gazetteer: first lookup {first:.2f} s (cache {'present' if gazetteer.geonames.cache_path().exists() else 'absent'}), "
          f"peak memory +{rss_mb() - before:.0f} MB")
    names = ["Jalalabad", "Puli Alam", "Khowst", "Mora", "Kolofata", "Nangahar", "Dashti Archi", "Achin district",
             "Deir al-Zour", "Gwoza", "Extreme-North", "Lal Por", "Springfield", "Nowhere Town", "Bubanza"]
    t0 = time.perf_counter()
    for _ in range(100):
        for name in names:
            gazetteer.lookup(name)
    per = (time.perf_counter() - t0) / (100 * len(names))
    t0 = time.perf_counter()
    for _ in range(100):
        gazetteer.lookup("Nangahar", within="afghanistan")
        gazetteer.lookup("Tarin Kowt", within="uruzgan")
    fuzzy = (time.perf_counter() - t0) / 200
    print(f"gazetteer: lookup {per * 1000:.2f} ms (repeated names, cached rows); near-spelling lookup within a parent "
          f"{fuzzy * 1000:.2f} ms")


def first_chain(doc, chains):
    for sent in doc.sents:
        if DATE_LEAD.match(sent.text):
            continue
        return next((c for c in chains if c.sent_start == sent.start_char and not c.attributive), None)
    return None


def names_of(part) -> list[str]:
    return [part.text] + (list(part.place.names()) if part.place is not None else [])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sample", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--misses", type=int, default=0, help="print this many misses")
    args = ap.parse_args()
    score = scorer()
    rows = score.load_gold(str(settings.shared_dir() / "data" / "gtd" / "dev.jsonl"), args.sample, args.seed)
    lookup_costs()
    nlp = get_nlp()
    counts, by_country, misses = Counter(), Counter(), []
    parse_s = chain_s = 0.0
    for row in rows:
        t0 = time.perf_counter()
        doc = nlp(row["summary"])
        t1 = time.perf_counter()
        chains = find_place_chains(doc, find_mentions(doc))
        chain_s += time.perf_counter() - t1
        parse_s += t1 - t0
        chain = first_chain(doc, chains)
        counts["rows"] += 1
        by_country[(row["country"], "rows")] += 1
        if chain is None:
            misses.append((row, None, None))
            continue
        counts["chain"] += 1
        part = best_place(chain)
        counts["resolved"] += part.place is not None and "." not in part.place.key
        counts["placed"] += part.place is not None
        if score.place_matches(names_of(part), [row.get("city"), row.get("provstate")]):
            counts["match"] += 1
            by_country[(row["country"], "match")] += 1
        else:
            misses.append((row, chain, part))
    n = counts["rows"]
    print(f"GTD dev sample {args.sample} seed {args.seed}: {n} rows")
    print(f"  a chain in the first sentence      {counts['chain'] / n:6.1%}")
    print(f"  best place placed (gazetteer or under a placed parent) {counts['placed'] / n:6.1%}; "
          f"a gazetteer place itself {counts['resolved'] / n:6.1%}")
    print(f"  best place = GTD city or provstate {counts['match'] / n:6.1%}  ({counts['match']}/{n})")
    for country in sorted({c for c, _ in by_country}, key=lambda c: -by_country[(c, 'rows')])[:6]:
        total = by_country[(country, "rows")]
        print(f"    {country:14s} {by_country[(country, 'match')] / total:6.1%} of {total}")
    print(f"  spaCy {n / parse_s:.0f} docs/s; place chains {chain_s / n * 1000:.1f} ms per document")
    print(f"  peak memory {rss_mb():.0f} MB")
    for row, chain, part in misses[:args.misses]:
        print(f"MISS {row['city']!r}/{row['provstate']!r}: {chain.text if chain else None!r} -> "
              f"{part.text if part else None!r} {part.place.key if part and part.place else ''}")


if __name__ == "__main__":
    main()
