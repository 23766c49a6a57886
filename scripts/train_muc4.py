"""Train the MUC-4 template extractor and save it to src/actorgraph/extract/templates_model/.

Trains on MUC-4 train only; dev picks the assembly thresholds. test is never read here.
Usage: .venv/bin/python scripts/train_muc4.py [--cache DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
import time
from pathlib import Path

import sys

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))  # run from a checkout without installing

import numpy as np
import pycrfsuite
from sklearn.cluster import MiniBatchKMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.tokens import DocBin

from actorgraph.evaluate import gtt, muc4
from actorgraph.extract import templates as T

N_CLUSTERS = 256
TAG_RELEVANT_ONLY = True
CRF_PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 150, "feature.possible_transitions": True}


def parse(split: str, nlp, cache: Path | None):
    """spaCy Docs of a split, cached as a DocBin when --cache is given."""
    docs = muc4.load_split(split)
    path = cache / f"{split}.spacy" if cache else None
    if path and path.exists():
        return docs, list(DocBin().from_disk(path).get_docs(nlp.vocab))
    parsed = list(nlp.pipe((d["doctext"] for d in docs), batch_size=32, n_process=2))
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = DocBin()
        for doc in parsed:
            db.add(doc)
        db.to_disk(path)
    return docs, parsed


def vector_clusters(nlp) -> list[int]:
    """k-means cluster id of every row of the model's vector table."""
    vectors = nlp.vocab.vectors.data
    vectors = np.asarray(vectors) / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-8)
    km = MiniBatchKMeans(n_clusters=N_CLUSTERS, random_state=0, batch_size=4096, n_init=3)
    return [int(c) for c in km.fit_predict(vectors)]


def gold_mentions(record: dict) -> dict[str, str]:
    """Mention string -> role, over all templates (first role wins)."""
    out = {}
    for template in record["templates"]:
        for role in T.ROLES:
            for entity in template[role]:
                for mention, _ in entity:
                    out.setdefault(mention, role)
    return out


def bio_labels(record: dict, doc) -> list[str]:
    """BIO role labels for every token: each gold mention string is tagged wherever it occurs."""
    labels = ["O"] * len(doc)
    text = record["doctext"]
    mentions = sorted(gold_mentions(record).items(), key=lambda kv: -len(kv[0]))
    for mention, role in mentions:
        for m in re.finditer(r"(?<!\w)" + re.escape(mention) + r"(?!\w)", text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None or any(labels[i] != "O" for i in range(span.start, span.end)):
                continue
            labels[span.start] = f"B-{role}"
            for i in range(span.start + 1, span.end):
                labels[i] = f"I-{role}"
    return labels


def train_tagger(records, docs, clusters, model_path: Path):
    trainer = pycrfsuite.Trainer(verbose=False)
    for record, doc in zip(records, docs):
        if TAG_RELEVANT_ONLY and not record["templates"]:
            continue  # relevance is the document classifier's job; the tagger learns roles given an incident
        labels = bio_labels(record, doc)
        for sent, feats in zip(doc.sents, T.sentence_features(doc, clusters)):
            trainer.append(feats, labels[sent.start:sent.end])
    trainer.set_params(CRF_PARAMS)
    trainer.train(str(model_path))


def train_classifiers(records, docs) -> dict:
    """One tf-idf vocabulary; a logistic regression for relevance and one per incident type."""
    texts = [T.doc_text_for_classifier(d) for d in docs]
    targets = {"relevant": [bool(r["templates"]) for r in records]}
    for t in T.INCIDENT_TYPES:
        targets[t] = [any(t in x["incident_type"] for x in r["templates"]) for r in records]
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=50000)
    X = vectorizer.fit_transform(texts)
    vectorizer.stop_words_ = None  # only needed for introspection; it would dominate the pickle
    models = {}
    for name, y in targets.items():
        models[name] = LogisticRegression(C=10.0, max_iter=2000, class_weight="balanced").fit(X, y)
    return {"vectorizer": vectorizer, "models": models}


def tune(extractor, records, docs) -> dict:
    """Pick assembly thresholds by GTT F1 on dev."""
    cached = [(extractor.tag(doc), extractor.classify(doc)) for doc in docs]
    golds = muc4.golds_of(records)
    keys = [muc4.docid_to_number(r["docid"]) for r in records]

    def run(cfg):
        preds = {}
        for key, doc, (spans, probs) in zip(keys, docs, cached):
            preds[key] = muc4.to_gtt_templates(T.assemble(doc, spans, probs, cfg))
        return gtt.score(preds, golds)[gtt.MICRO]["f1"]

    cfg = dict(extractor.config["assembly"])
    cfg["span_threshold"] = dict(cfg["span_threshold"])
    grids = [("relevant_threshold", None, [0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6]),
             ("second_type_threshold", None, [0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.01])]
    grids += [("span_threshold", role, [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) for role in T.ROLES]
    best_score = run(cfg)
    for _ in range(2):  # coordinate ascent, two passes
        for name, role, grid in grids:
            results = []
            for value in grid:
                trial = dict(cfg, span_threshold=dict(cfg["span_threshold"]))
                if role:
                    trial[name][role] = value
                else:
                    trial[name] = value
                results.append((run(trial), value, trial))
            score, value, trial = max(results, key=lambda r: r[0])
            if score > best_score:
                best_score, cfg = score, trial
            print(f"  {name}{'/' + role if role else ''}: "
                  + " ".join(f"{v}:{s * 100:.1f}" for s, v, _ in results), flush=True)
    print(f"dev micro F1 after tuning: {best_score * 100:.2f}", flush=True)
    return cfg


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cache", type=Path, default=None, help="folder to cache parsed DocBins in")
    ap.add_argument("--out", type=Path, default=T.MODEL_DIR)
    args = ap.parse_args()
    started = time.perf_counter()
    nlp = muc4.load_nlp()
    args.out.mkdir(parents=True, exist_ok=True)

    train_records, train_docs = parse("train", nlp, args.cache)
    dev_records, dev_docs = parse("dev", nlp, args.cache)
    print(f"parsed in {time.perf_counter() - started:.0f} s", flush=True)

    clusters = vector_clusters(nlp)
    (args.out / "clusters.json").write_text(json.dumps(clusters))
    train_tagger(train_records, train_docs, clusters, args.out / "tagger.crfsuite")
    print(f"tagger trained at {time.perf_counter() - started:.0f} s", flush=True)
    with open(args.out / "classifiers.pkl", "wb") as fh:
        pickle.dump(train_classifiers(train_records, train_docs), fh)

    config = {
        "name": T.NAME, "version": T.VERSION, "trained_on": "MUC-4 train (GTT split), 1300 documents",
        "crf": CRF_PARAMS, "n_clusters": N_CLUSTERS, "tag_relevant_only": TAG_RELEVANT_ONLY,
        "marginal_floor": 0.1,
        "assembly": {
            "relevant_threshold": 0.5, "second_type_threshold": 0.7, "max_templates": 3,
            "span_threshold": {r: 0.0 for r in T.ROLES}, "shared_roles": ["PerpInd", "PerpOrg"],
        },
    }
    (args.out / "config.json").write_text(json.dumps(config, indent=1))
    extractor = T.TemplateExtractor(args.out)
    config["assembly"] = tune(extractor, dev_records, dev_docs)
    (args.out / "config.json").write_text(json.dumps(config, indent=1))
    print(f"done in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
