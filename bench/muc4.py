"""Throughput and quality of the MUC-4 template extractor on one split.

Usage: .venv/bin/python bench/muc4.py [--split dev|test]
Prints documents per second for spaCy parsing and for template extraction, next to GTT P/R/F1.
"""

from __future__ import annotations

import argparse
import time

from actorgraph.evaluate import gtt, muc4
from actorgraph.extract import templates


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--split", default="dev", choices=("dev", "test"))
    args = ap.parse_args()

    records = muc4.load_split(args.split)
    nlp = muc4.load_nlp()
    t0 = time.perf_counter()
    extractor = templates.load_extractor()
    load_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    docs = list(nlp.pipe((r["doctext"] for r in records), batch_size=16))
    parse_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = [extractor(doc) for doc in docs]
    extract_s = time.perf_counter() - t0

    preds = {muc4.docid_to_number(r["docid"]): muc4.to_gtt_templates(f) for r, f in zip(records, found)}
    scores = gtt.score(preds, muc4.golds_of(records))[gtt.MICRO]
    n = len(records)
    print(f"split {args.split}: {n} documents; model load {load_s:.2f} s")
    print(f"spaCy parse     {parse_s:7.1f} s  {n / parse_s:6.1f} docs/s")
    print(f"extract         {extract_s:7.1f} s  {n / extract_s:6.1f} docs/s")
    print(f"end to end      {parse_s + extract_s:7.1f} s  {n / (parse_s + extract_s):6.1f} docs/s")
    print(f"GTT  P {scores['p'] * 100:.2f}  R {scores['r'] * 100:.2f}  F1 {scores['f1'] * 100:.2f}")


if __name__ == "__main__":
    main()
