"""Every fact cites its evidence: check each quote against the stored text and the source file."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip().lower()


def verify_evidence(store) -> dict:
    """Counts of quotes found verbatim (whitespace aside) in the stored text and in the original files."""
    texts = store.document_texts()
    sources = {}
    for d in store.documents():
        path = Path(d["path"])
        if path.suffix.lower() in (".txt", ".md") and path.exists():
            sources[d["id"]] = _squash(path.read_text(encoding="utf-8", errors="replace"))
    checked = valid = source_checked = source_valid = 0
    problems = []
    for ev in store.evidence_rows():
        checked += 1
        text = texts.get(ev["doc_id"], "")
        if text[ev["start"]:ev["end"]] == ev["quote"]:
            valid += 1
        else:
            problems.append(f"evidence {ev['id']} in {ev['doc_id']}: offsets {ev['start']}-{ev['end']} do not hold the quote")
        if ev["doc_id"] in sources:
            source_checked += 1
            if _squash(ev["quote"]) in sources[ev["doc_id"]]:
                source_valid += 1
            else:
                problems.append(f"evidence {ev['id']} in {ev['doc_id']}: quote not in the source file")
    return {"checked": checked, "valid": valid, "source_checked": source_checked, "source_valid": source_valid,
            "problems": problems}
