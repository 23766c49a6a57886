"""The relation rules on Re-DocRED (Wikipedia, ../shared/data/redocred), for the types it shares with actorgraph.

The documents come with their entity mentions; those are given to the extractor (ORG as group, PER as
person, LOC as place) so the numbers measure the relation rules, not entity recognition. Mapped types:
P488 chairperson -> leader_of; P112 founded by (a person) -> founder_of; P463 member of and P102 party ->
member_of for people, part_of for organisations; P361 part of, P749 parent organisation and P355
subsidiary (reversed) -> part_of. Re-DocRED labels facts a reader infers from the whole document, so
recall is a floor; precision says how often a rule's reading is one Wikipedia editors also hold.

    .venv/bin/python bench/redocred.py [--split test|dev] [--limit N] [--show-wrong N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from spacy.tokens import Doc

KIND = {"ORG": "group", "PER": "person", "LOC": "place"}
SCORED = ("leader_of", "member_of", "founder_of", "part_of")


def gold_facts(doc: dict) -> set[tuple[int, str, int]]:
    """(subject entity, actorgraph type, object entity) for the labels actorgraph's types cover."""
    types = [v[0]["type"] for v in doc["vertexSet"]]
    out = set()
    for label in doc["labels"]:
        h, t, r = label["h"], label["t"], label["r"]
        if r == "P488" and types[t] == "PER":
            out.add((t, "leader_of", h))
        elif r == "P112" and types[t] == "PER":
            out.add((t, "founder_of", h))
        elif r in ("P463", "P102") and types[t] == "ORG":
            out.add((h, "member_of" if types[h] == "PER" else "part_of", t))
        elif r in ("P361", "P749") and types[h] == types[t] == "ORG":
            out.add((h, "part_of", t))
        elif r == "P355" and types[h] == types[t] == "ORG":
            out.add((t, "part_of", h))
    return out


def predicted_facts(nlp, doc: dict, index: int) -> tuple[set, list]:
    from actorgraph.extract import _slotted_sentences
    from actorgraph.extract.clusters import Cluster
    from actorgraph.extract.coref import find_corefs, focus_cluster
    from actorgraph.extract.document_context import DocContext
    from actorgraph.extract.relations import find_relations
    from actorgraph.models import Document, Mention

    words = [w for sent in doc["sents"] for w in sent]
    spacy_doc = Doc(nlp.vocab, words=words, spaces=[True] * len(words))
    for name, component in nlp.pipeline:
        if name in ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"):
            spacy_doc = component(spacy_doc)
    offsets = _sentence_offsets(doc["sents"])
    clusters, entity_of = [], {}
    for e, vertex in enumerate(doc["vertexSet"]):
        kind = KIND.get(vertex[0]["type"], "other")
        mentions = []
        for m in vertex:
            first, last = offsets[m["sent_id"]] + m["pos"][0], offsets[m["sent_id"]] + m["pos"][1] - 1
            start, end = spacy_doc[first].idx, spacy_doc[last].idx + len(spacy_doc[last].text)
            sent = spacy_doc[first].sent
            mentions.append(Mention(start, end, spacy_doc.text[start:end], "GOLD", kind, sent.start_char,
                                    sent.end_char, "gold"))
            entity_of[(start, end)] = e
        clusters.append(Cluster(mentions, kind))
    text = spacy_doc.text
    all_mentions = sorted((m for c in clusters for m in c.mentions), key=lambda m: m.start)
    corefs = find_corefs(spacy_doc, all_mentions, clusters)
    document = Document(f"r{index}", f"{index:016d}", f"/redocred/{index}.txt", "txt", text, ())
    ctx = DocContext(document=document, doc=spacy_doc, text=text, reference=None, reference_source="",
                     clusters=clusters, mentions=all_mentions, corefs=corefs,
                     sentences=_slotted_sentences(spacy_doc, text, clusters, corefs), focus=focus_cluster(clusters),
                     cluster_of={(m.start, m.end): i for i, c in enumerate(clusters) for m in c.mentions})
    found = [f for f in find_relations(ctx) if f.relation.modality != "denied"]
    facts = {(entity_of[f.relation.subject], f.relation.type, entity_of[f.relation.object]) for f in found
             if f.relation.subject in entity_of and f.relation.object in entity_of}
    return facts, found


def _sentence_offsets(sents: list[list[str]]) -> list[int]:
    out, total = [], 0
    for sent in sents:
        out.append(total)
        total += len(sent)
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("test", "dev"))
    parser.add_argument("--limit", type=int)
    parser.add_argument("--show-wrong", type=int, default=0, help="print this many unmatched predictions")
    args = parser.parse_args(argv)

    from actorgraph import settings
    from actorgraph.extract.nlp import get_nlp

    path = settings.shared_dir() / "data" / "redocred" / f"{args.split}_revised.json"
    if not path.exists():
        sys.exit(f"Re-DocRED not found at {path}; it lives in ../shared/data/redocred/")
    docs = json.loads(path.read_text(encoding="utf-8"))[:args.limit]
    nlp = get_nlp()
    hit, gold_n, pred_n, other = Counter(), Counter(), Counter(), Counter()
    wrong = []
    for i, doc in enumerate(docs):
        gold = gold_facts(doc)
        facts, _ = predicted_facts(nlp, doc, i)
        names = [v[0]["name"] for v in doc["vertexSet"]]
        for fact in facts:
            if fact[1] not in SCORED:
                other[fact[1]] += 1
                continue
            pred_n[fact[1]] += 1
            if fact in gold:
                hit[fact[1]] += 1
            elif len(wrong) < args.show_wrong:
                wrong.append(f"{doc['title']}: {names[fact[0]]} {fact[1]} {names[fact[2]]}")
        for fact in gold:
            gold_n[fact[1]] += 1
    print(f"Re-DocRED {args.split}: {len(docs)} documents, gold entity mentions")
    print(f"{'type':12} {'precision':>16} {'recall':>16}")
    for rel in SCORED:
        print(f"{rel:12} {_ratio(hit[rel], pred_n[rel]):>16} {_ratio(hit[rel], gold_n[rel]):>16}")
    total_hit, total_pred, total_gold = sum(hit.values()), sum(pred_n.values()), sum(gold_n.values())
    print(f"{'all four':12} {_ratio(total_hit, total_pred):>16} {_ratio(total_hit, total_gold):>16}")
    print("unscored types read:", dict(other))
    for line in wrong:
        print("  not in gold:", line)


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else f"- (0/{b})"


if __name__ == "__main__":
    main()
