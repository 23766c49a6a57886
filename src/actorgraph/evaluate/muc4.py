"""MUC-4 event template extraction, scored with the GTT convention (see evaluate/gtt.py).

The splits are the GTT release: train = DEV-MUC3-0001..1300, dev = TST1 + TST2, test = TST3 + TST4,
one JSON object per line. test is for the final report only.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from .. import settings
from ..errors import BadInput, DataMissing
from . import gtt

SPLITS = ("train", "dev", "test")


def default_data_dir() -> Path:
    return settings.shared_dir() / "data" / "muc4"


def load_split(split: str, data_dir: Path | str | None = None) -> list[dict]:
    """The documents of one split: dicts with docid, doctext and templates."""
    if split not in SPLITS:
        raise BadInput(f"Unknown MUC-4 split {split!r}. Use one of: {', '.join(SPLITS)}.")
    path = Path(data_dir or default_data_dir()) / f"{split}.json"
    if not path.exists():
        raise DataMissing(
            f"MUC-4 split file {path} is missing. Put the GTT-format {split}.json there, "
            "or point ACTORGRAPH_SHARED at the folder that holds data/muc4/."
        )
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def docid_to_number(docid: str) -> str:
    """GTT's document key: part number x 10000 + document number.

    TST1-MUC3-0001 -> "10001", TST3-MUC4-0001 -> "30001", TST4-MUC4-0100 -> "40100". Training ids
    (DEV-MUC3-0001) have no part number and GTT never scores them; they become part 0 ("1").
    """
    parts = docid.split("-")
    part = parts[0][-1]
    return str((int(part) if part.isdigit() else 0) * 10000 + int(parts[-1]))


def to_gtt_templates(templates) -> list[dict]:
    """Extractor templates -> GTT prediction form: each entity a list of mention strings."""
    out = []
    for t in templates:
        row = {"incident_type": t.incident_type}
        for role in gtt.ROLES:
            row[role] = [[f.text] for f in t.roles[role]]
        out.append(row)
    return out


def predict(docs: list[dict], nlp=None, extractor=None) -> dict[str, dict]:
    """Run the template extractor on MUC-4 documents: {docid number: {"pred_templates": [...]}}."""
    from ..extract import templates as tmpl

    nlp = nlp or load_nlp()
    extractor = extractor or tmpl.load_extractor()
    texts = ((d["doctext"], d["docid"]) for d in docs)
    out = {}
    for doc, docid in nlp.pipe(texts, as_tuples=True, batch_size=16):
        out[docid_to_number(docid)] = {"pred_templates": to_gtt_templates(extractor(doc))}
    return out


def load_nlp():
    """actorgraph's own spaCy pipeline (the model plus the registry ruler, gazetteer and paragraph breaks)."""
    from ..extract.nlp import get_nlp

    return get_nlp()


def golds_of(docs: list[dict]) -> dict[str, list[dict]]:
    return {docid_to_number(d["docid"]): gtt.gold_templates(d["templates"]) for d in docs}


def evaluate(split: str, pred_out: Path | str | None = None, data_dir: Path | str | None = None) -> dict:
    """Predict templates for a split, score them, and optionally write the GTT predictions file."""
    docs = load_split(split, data_dir)
    nlp = load_nlp()
    start = time.perf_counter()
    preds = predict(docs, nlp=nlp)
    seconds = time.perf_counter() - start
    if pred_out:
        Path(pred_out).write_text(json.dumps(preds, indent=1))
    scores = gtt.score({k: v["pred_templates"] for k, v in preds.items()}, golds_of(docs))
    return {"split": split, "documents": len(docs), "seconds": round(seconds, 2), "scores": scores}


def format_report(report: dict) -> str:
    """Per-role and overall P/R/F1 table."""
    lines = [
        f"MUC-4 {report['split']}: {report['documents']} documents, {report['seconds']} s (GTT metric)",
        f"{'role':<15}{'P':>7}{'R':>7}{'F1':>7}",
    ]
    for key in gtt.KEYS + (gtt.MICRO,):
        s = report["scores"][key]
        name = "overall" if key == gtt.MICRO else key
        lines.append(f"{name:<15}{s['p'] * 100:>7.2f}{s['r'] * 100:>7.2f}{s['f1'] * 100:>7.2f}")
    return "\n".join(lines)
