"""A document's text cut into segments, each with the mentions and evidence spans covering it.

Templates render each segment's text through autoescaping, so document text never becomes markup.
"""

from __future__ import annotations


def segments(text: str, mentions: list[dict], evidence: list[dict]) -> list[dict]:
    """Consecutive pieces of `text`; a piece carries its mention (if any), evidence anchors and classes."""
    n = len(text)
    spans = [(max(0, m["start"]), min(n, m["end"])) for m in mentions] + \
            [(max(0, e["start"]), min(n, e["end"])) for e in evidence]
    cuts = sorted({0, n, *(p for span in spans for p in span)})
    starts_at: dict[int, list[str]] = {}
    for e in evidence:
        anchor = f"ev-{e['start']}-{e['end']}"
        if anchor not in starts_at.setdefault(e["start"], []):
            starts_at[e["start"]].append(anchor)
    out = []
    for a, b in zip(cuts, cuts[1:]):
        if a >= b:
            continue
        mention = next((m for m in mentions if m["start"] <= a and b <= m["end"]), None)
        covering = [e for e in evidence if e["start"] <= a and b <= e["end"]]
        out.append({"text": text[a:b], "start": a, "anchors": starts_at.get(a, []), "mention": mention,
                    "evidence": bool(covering), "facts": sorted({f for e in covering for f in e.get("facts", [])}),
                    "closes": sorted({f for e in covering if e["end"] == b for f in e.get("facts", [])})})
    return out


def attach_facts(evidence: list[dict], facts: list[dict]) -> list[dict]:
    """Evidence rows with the ids of the facts whose quote is that span."""
    by_span: dict[tuple, list[int]] = {}
    for f in facts:
        by_span.setdefault((f["evidence"]["start"], f["evidence"]["end"]), []).append(f["id"])
    return [{**e, "facts": by_span.get((e["start"], e["end"]), [])} for e in evidence]
