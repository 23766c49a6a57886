"""Every fact cites its evidence: check each quote against the stored text and the source file."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip().lower()


def _source_text(path: Path) -> str | None:
    """The words of a text or Markdown source as a reader sees them (Markdown marks removed); None for others."""
    from ..ingest.readers import FORMATS, _TEXT_OF

    fmt = FORMATS.get(path.suffix.lower())
    if fmt not in ("txt", "md") or not path.exists():
        return None
    try:
        return _TEXT_OF[fmt](path.read_bytes(), str(path))[0]
    except Exception:  # an unreadable source is reported as unverifiable, not as a crash
        return None


def verify_evidence(store) -> dict:
    """Counts of quotes found verbatim (whitespace aside) in the stored text and in the original files."""
    texts = store.document_texts()
    sources = {}
    for d in store.documents():
        text = _source_text(Path(d["path"]))
        if text is not None:
            sources[d["id"]] = _squash(text)
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
