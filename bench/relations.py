"""Relation extraction time against the whole ingest of the same documents (default: the seed corpus).

Parses each document once, then times extract() (every extractor) and find_relations() alone, and prints
words per second and the relations' share of parse + extract. Linear in length: the DependencyMatcher
runs once over each document and each match reads only its own sentence.

    .venv/bin/python bench/relations.py [folder]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main(argv: list[str]) -> None:
    from actorgraph import settings
    from actorgraph.extract import document_context, extract
    from actorgraph.extract.nlp import get_nlp
    from actorgraph.extract.relations import find_relations
    from actorgraph.models import Document

    folder = Path(argv[0]) if argv else settings.shared_dir() / "corpus" / "seeds"
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        sys.exit(f"no .txt documents in {folder}")
    texts = [p.read_text(encoding="utf-8") for p in paths]
    nlp = get_nlp()
    start = time.perf_counter()
    docs = list(nlp.pipe(texts))
    parse = time.perf_counter() - start
    everything = relations = 0.0
    for k, (text, doc) in enumerate(zip(texts, docs)):
        document = Document(f"b{k}", f"{k:016d}", str(paths[k]), "txt", text, ())
        start = time.perf_counter()
        extract(doc, document)
        everything += time.perf_counter() - start
        ctx, _ = document_context(doc, document)
        start = time.perf_counter()
        find_relations(ctx)
        relations += time.perf_counter() - start
    words = sum(len(t.split()) for t in texts)
    total = parse + everything
    print(f"{len(texts)} documents, {words} words from {folder}")
    print(f"parse {parse:.2f} s, extract (all extractors) {everything:.2f} s, relations {relations:.2f} s")
    print(f"relations: {words / relations:,.0f} words/s, {relations / total:.1%} of parse + extract")


if __name__ == "__main__":
    main(sys.argv[1:])
