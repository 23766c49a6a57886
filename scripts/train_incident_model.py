"""Train the incident classifier and save it to src/actorgraph/extract/incident_model/ (docs/incident_model.md).

Every example is a trigger the rules find (extract/event_triggers.py), labelled 1 when it tells one specific
incident that happened, 0 when it tells a habit, capability, tally, plan, threat, campaign or kind:
- sentences written for this project, scripts/data/incident_sentences_train.jsonl: both labels (the only
  negatives: MUC-4's weak negatives turned out mostly wrong for this question, see the card);
- MUC-4 train: triggers in a sentence holding a filler of a relevant document's template (weak positives);
- GTD: triggers of the summaries (their "MM/DD/YYYY:" lead removed), but in sentences about related
  incidents. The rows of `score_gtd.py --sample 1000 --seed 0` (the project's measurement sample), and rows
  whose summary is word for word one of theirs, are never trained on: they are the held-out GTD set.
Choosing: MUC-4 dev, hand-labelled (scripts/data/muc4_dev_incident_labels.jsonl), and the check sentences of
tests/fixtures/incident_sentences.jsonl pick the regularisation, the corpus weight and the gate threshold.
Reported once: MUC-4 test with the weak labels (relevant filler sentence: 1; irrelevant document, or three or
more sentences from every filler: 0) and the held-out GTD sample.

Usage: .venv/bin/python scripts/train_incident_model.py [--cache DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))  # run from a checkout without installing

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.tokens import DocBin

from actorgraph import settings
from actorgraph.evaluate import muc4
from actorgraph.extract import incident_model as M
from actorgraph.extract.event_triggers import find_triggers
from actorgraph.extract.nlp import get_nlp

SHARED_DATA = settings.shared_dir() / "data"
GTD_FILE = SHARED_DATA / "gtd" / "dev.jsonl"
HAND_SET = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "incident_sentences.jsonl"
OWN_TRAIN = Path(__file__).resolve().parent / "data" / "incident_sentences_train.jsonl"
MUC4_DEV_LABELS = Path(__file__).resolve().parent / "data" / "muc4_dev_incident_labels.jsonl"
GTD_SAMPLE, GTD_SEED = 1000, 0      # the rows score_gtd.py --sample 1000 --seed 0 measures: never trained on
GTD_DEV_SHARE = 0.2
FAR_SENTENCES = 3                   # a MUC-4 trigger this many sentences from every filler is a negative
C_GRID = (0.03, 0.1, 0.3)
SHARE_GRID = (0.5, 1.0)        # weight of the MUC-4 and GTD positives beside the written sentences
MIN_FEATURE_COUNT = 2
DATE_LEAD = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{4}:\s*")
RELATED = re.compile(r"\b(?:related|one of|other)\b", re.I)   # 'one of three related attacks'


@dataclass
class Example:
    features: dict
    label: int
    source: str       # own, muc4, gtd, hand


# -- corpora -------------------------------------------------------------------------------------------

def parse(name: str, texts: list[str], nlp, cache: Path | None) -> list:
    """spaCy Docs of texts, cached as a DocBin under cache/name.spacy when --cache is given."""
    path = cache / f"{name}.spacy" if cache else None
    if path and path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    print(f"  parsed {name}: {len(docs)} texts in {time.perf_counter() - started:.0f} s", flush=True)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        bin_ = DocBin(store_user_data=False)
        for doc in docs:
            bin_.add(doc)
        bin_.to_disk(path)
    return docs


def gtd_rows() -> tuple[list[dict], list[dict], list[dict]]:
    """GTD rows split into (train, dev, held-out): held-out is the measurement sample and its duplicates."""
    rows = [json.loads(line) for line in GTD_FILE.open(encoding="utf-8") if line.strip()]
    sample = random.Random(GTD_SEED).sample(rows, GTD_SAMPLE)
    held_texts = {r["summary"].strip() for r in sample}
    held = [r for r in rows if r["summary"].strip() in held_texts]
    rest = [r for r in rows if r["summary"].strip() not in held_texts]
    rest = list({r["summary"].strip(): r for r in rest}.values())   # one row per text
    random.Random(1).shuffle(rest)
    cut = int(len(rest) * GTD_DEV_SHARE)
    return rest[cut:], rest[:cut], sorted(held, key=lambda r: r["eventid"])


# -- weak labels ---------------------------------------------------------------------------------------

def muc4_examples(split: str, nlp, cache) -> list[Example]:
    """train: the weak positives only; dev: the hand labels of MUC4_DEV_LABELS; test: the weak labels."""
    records = muc4.load_split(split)
    docs = parse(f"muc4-{split}", [r["doctext"] for r in records], nlp, cache)
    hand = _muc4_hand_labels() if split == "dev" else {}
    out = []
    for record, doc in zip(records, docs):
        weak_label = _muc4_weak_labels(record, doc)
        for trigger in find_triggers(doc):
            token = trigger.token
            label = hand.get((record["docid"], token.idx)) if split == "dev" else weak_label(token)
            if label is not None and (split != "train" or label == 1):
                out.append(_example(token, label, "muc4"))
    return out


def _muc4_weak_labels(record: dict, doc):
    """1 in a sentence holding a template filler of a relevant document; 0 in an irrelevant document or
    FAR_SENTENCES or more from every filler; None between."""
    sentences = list(doc.sents)
    fillers = {_sentence_at(sentences, offset) for offset in _filler_offsets(record)}

    def label(token) -> int | None:
        index = _sentence_at(sentences, token.idx)
        if not record["templates"]:
            return 0
        if index in fillers:
            return 1
        return 0 if min((abs(index - i) for i in fillers), default=99) >= FAR_SENTENCES else None
    return label


def _muc4_hand_labels() -> dict[tuple[str, int], int]:
    rows = [json.loads(line) for line in MUC4_DEV_LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {(r["docid"], r["offset"]): r["incident"] for r in rows}


def _filler_offsets(record: dict):
    for template in record["templates"]:
        for role in ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon"):
            for entity in template[role]:
                for _mention, offset in entity:
                    yield offset


def _sentence_at(sentences, char_offset: int) -> int:
    for i, sentence in enumerate(sentences):
        if sentence.start_char <= char_offset < sentence.end_char:
            return i
    return len(sentences) - 1


def gtd_examples(rows: list[dict], split: str, nlp, cache, keep_lead: bool) -> list[Example]:
    """Triggers of GTD summaries: all tell the incident coded, but in sentences about related incidents.

    keep_lead parses the summary as ingest sees it, with its "MM/DD/YYYY:" lead; training drops the lead so
    the model does not learn that an incident opens with a date."""
    texts = [r["summary"].strip() if keep_lead else DATE_LEAD.sub("", r["summary"].strip()) for r in rows]
    docs = parse(f"gtd-{split}{'-lead' if keep_lead else ''}", texts, nlp, cache)
    seen, out = set(), []
    for doc in docs:
        for trigger in find_triggers(doc):
            sentence = trigger.token.sent.text
            if not RELATED.search(sentence) and (sentence, trigger.token.i - trigger.token.sent.start) not in seen:
                seen.add((sentence, trigger.token.i - trigger.token.sent.start))
                out.append(_example(trigger.token, 1, "gtd"))
    return out


def sentence_examples(path: Path, source: str, nlp) -> list[tuple[Example, bool]]:
    """Sentences written for this project, one JSON object a line (label, kind, trigger word, sentence):
    (example, whether the rules find the marked word as a trigger)."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for item, doc in zip(items, nlp.pipe(item["sentence"] for item in items)):
        token = next(t for t in doc if t.lower_ == item["trigger"].lower())
        found = any(t.token.i == token.i for t in find_triggers(doc))
        out.append((_example(token, item["label"], source), found))
    return out


def _example(token, label: int, source: str) -> Example:
    return Example(M.features(token), label, source)


# -- training and choosing -----------------------------------------------------------------------------

def source_weights(examples: list[Example], share: float) -> np.ndarray:
    """The MUC-4 positives, and the GTD positives, weigh as a whole `share` times the written positives (the
    written negatives are the only negatives), so that thousands of corpus sentences do not drown the rest."""
    counts = Counter((e.source, e.label) for e in examples)
    return np.array([1.0 if e.source == "own" else share * counts[("own", 1)] / counts[(e.source, 1)]
                     for e in examples])


def fit(train: list[Example], c: float, share: float, vectorizer: DictVectorizer):
    X = vectorizer.transform([e.features for e in train])
    y = np.array([e.label for e in train])
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    model.fit(X, y, sample_weight=source_weights(train, share))
    return model


def frequent_features(examples: list[Example]) -> DictVectorizer:
    counts = Counter(f for e in examples for f in e.features)
    vectorizer = DictVectorizer()
    vectorizer.fit([{f: 1 for f in e.features if counts[f] >= MIN_FEATURE_COUNT} for e in examples])
    return vectorizer


def prf(labels, scores, threshold: float) -> dict:
    tp = sum(1 for y, s in zip(labels, scores) if y and s >= threshold)
    fp = sum(1 for y, s in zip(labels, scores) if not y and s >= threshold)
    fn = sum(1 for y, s in zip(labels, scores) if y and s < threshold)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "n": len(labels), "pos": sum(labels)}


def average_precision(labels, scores) -> float:
    order = sorted(zip(scores, labels), key=lambda x: -x[0])
    hits, total = 0, 0.0
    for rank, (_, y) in enumerate(order, 1):
        if y:
            hits += 1
            total += hits / rank
    return total / max(1, sum(labels))


def choose_threshold(sets: list[tuple[list, list]]) -> float:
    """The threshold that maximises the mean F1 of the sets given as (labels, scores)."""
    grid = [round(x, 2) for x in np.arange(0.05, 0.96, 0.01)]
    return max(grid, key=lambda t: sum(prf(y, s, t)["f1"] for y, s in sets) / len(sets))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", type=Path, default=None, help="folder to cache parsed DocBins in (outside the repo)")
    ap.add_argument("--out", type=Path, default=M.MODEL_DIR)
    args = ap.parse_args()
    started = time.perf_counter()
    nlp = get_nlp()
    data, hand = load_examples(nlp, args.cache)
    print(f"examples at {time.perf_counter() - started:.0f} s:", flush=True)
    for split, examples in data.items():
        print(f"  {split}: " + ", ".join(f"{s}/{y}: {n}" for (s, y), n in
                                         sorted(Counter((e.source, e.label) for e in examples).items())))
    # dev: MUC-4 dev and the hand-written check sentences (GTD dev has positives only)
    choosing = [_by_source(data["dev"])["muc4"], [e for e, _ in hand]]
    vectorizer = frequent_features(data["train"])
    chosen, model = choose_model(data["train"], vectorizer, choosing)
    artifact = M.IncidentModel.from_sklearn(vectorizer, model, {
        "name": M.NAME, "version": M.VERSION, **chosen, "min_feature_count": MIN_FEATURE_COUNT,
        "trained_on": _counts(data["train"])})
    # the gate sees only what the rules found: a hand-written sentence whose word the rules miss stays negative
    threshold = choose_threshold([
        ([e.label for e in choosing[0]], [artifact.probability_of(e.features) for e in choosing[0]]),
        ([e.label for e, _ in hand], [artifact.probability_of(e.features) if found else 0.0 for e, found in hand])])
    artifact.meta["threshold"] = threshold
    artifact.meta["scores"] = report(artifact, data, hand, threshold)
    artifact.save(args.out)
    print(f"saved {args.out} ({chosen}, threshold {threshold}, {len(artifact.weights)} weights) "
          f"in {time.perf_counter() - started:.0f} s", flush=True)


def load_examples(nlp, cache) -> tuple[dict[str, list[Example]], list[tuple[Example, bool]]]:
    gtd_train, gtd_dev, gtd_held = gtd_rows()
    own = [e for e, _ in sentence_examples(OWN_TRAIN, "own", nlp)]
    data = {
        "train": muc4_examples("train", nlp, cache) + gtd_examples(gtd_train, "train", nlp, cache, False) + own,
        "dev": muc4_examples("dev", nlp, cache) + gtd_examples(gtd_dev, "dev", nlp, cache, False),
        "test": muc4_examples("test", nlp, cache) + gtd_examples(gtd_held, "test", nlp, cache, True),
    }
    return data, sentence_examples(HAND_SET, "hand", nlp)


def choose_model(train: list[Example], vectorizer, choosing: list[list[Example]]):
    """The regularisation and corpus share with the best mean average precision over the dev sets."""
    best = None
    for c, share in itertools.product(C_GRID, SHARE_GRID):
        model = fit(train, c, share, vectorizer)
        scores = [average_precision([e.label for e in ex], _scores(model, vectorizer, ex)) for ex in choosing]
        mean = sum(scores) / len(scores)
        print(f"  C={c} share={share}: dev average precision " + ", ".join(f"{v:.3f}" for v in scores)
              + f" (mean {mean:.3f})", flush=True)
        if best is None or mean > best[0]:
            best = (mean, {"C": c, "corpus_share": share}, model)
    return best[1], best[2]


def _by_source(examples: list[Example]) -> dict[str, list[Example]]:
    out: dict[str, list[Example]] = {}
    for e in examples:
        out.setdefault(e.source, []).append(e)
    return out


def _scores(model, vectorizer, examples: list[Example]) -> list[float]:
    return list(model.predict_proba(vectorizer.transform([e.features for e in examples]))[:, 1])


def _counts(examples: list[Example]) -> dict:
    counts = sorted(Counter((e.source, e.label) for e in examples).items())
    return {f"{source}/{'incident' if label else 'other'}": n for (source, label), n in counts}


def report(artifact, data: dict, hand, threshold: float) -> dict:
    """Precision, recall and F1 at the threshold on dev and test, beside the rules alone; the check sentences
    by the model alone, by the rules alone and through both (what events.py does)."""
    out = {}
    for split in ("dev", "test"):
        for source, ex in _by_source(data[split]).items():
            labels = [e.label for e in ex]
            out[f"{split}/{source}"] = {**prf(labels, [artifact.probability_of(e.features) for e in ex], threshold),
                                        "rules_alone_p": prf(labels, [1.0] * len(ex), threshold)["p"]}
    labels = [e.label for e, _ in hand]
    model_scores = [artifact.probability_of(e.features) for e, _ in hand]
    out["hand/model"] = prf(labels, model_scores, threshold)
    out["hand/rules"] = prf(labels, [1.0 if found else 0.0 for _, found in hand], threshold)
    out["hand/rules+gate"] = prf(labels, [s if found else 0.0 for (_, found), s in zip(hand, model_scores)], threshold)
    for name, row in out.items():
        rules = f"   (rules alone: P {row['rules_alone_p']:.3f})" if "rules_alone_p" in row else ""
        print(f"  {name:<16} n={row['n']:<5} incidents={row['pos']:<5} P {row['p']:.3f} R {row['r']:.3f} "
              f"F1 {row['f1']:.3f}{rules}")
    return out


if __name__ == "__main__":
    main()
