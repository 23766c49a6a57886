"""Sentences with their entity mentions replaced by typed slots, so patterns read like '⟦G1⟧ is led by ⟦P2⟧'.

Patterns then stay short and readable, survive odd spacing in scraped text, and every match
maps back to exact character offsets in the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Span

KIND_OF_TYPE = {"group": "G", "person": "P", "place": "L", "other": "O"}
_SLOT = re.compile(r"⟦([GPLO])(\d+)⟧")


@dataclass(frozen=True)
class Slot:
    start: int          # document offsets of the mention or anaphor
    end: int
    kind: str           # G, P, L, O
    ref: Span           # the mention span that stands for the entity (the antecedent for anaphors)
    text: str


@dataclass
class SlottedSentence:
    start: int
    end: int
    text: str           # the sentence as written
    template: str       # the sentence with slots
    slots: list[Slot]
    _positions: list[tuple[int, int, int]]   # (template start, template end, sentence offset)

    def slots_in(self, template_start: int, template_end: int, kinds: str = "GPLO") -> list[Slot]:
        """The slots inside a stretch of the template, in order."""
        out = []
        for m in _SLOT.finditer(self.template, template_start, template_end):
            if m.group(1) in kinds:
                out.append(self.slots[int(m.group(2))])
        return out

    def doc_offset(self, template_pos: int) -> int:
        """A template position as a document offset."""
        shift = 0
        for t_start, t_end, original_len in self._positions:
            if template_pos < t_start:
                break
            if template_pos < t_end:
                return self.start + t_start - shift
            shift += (t_end - t_start) - original_len
        return self.start + template_pos - shift


def slot_sentence(start: int, text: str, slots: list[Slot]) -> SlottedSentence:
    """Replace each (non-overlapping) slot inside the sentence with its marker."""
    chosen: list[Slot] = []
    for s in sorted(slots, key=lambda s: (s.start, -(s.end - s.start))):
        if s.start >= start and s.end <= start + len(text) and not any(s.start < c.end and c.start < s.end for c in chosen):
            chosen.append(s)
    pieces, positions, cursor, t_len = [], [], start, 0
    for i, s in enumerate(chosen):
        plain = text[cursor - start:s.start - start]
        pieces.append(plain)
        t_len += len(plain)
        marker = f"⟦{s.kind}{i}⟧"
        positions.append((t_len, t_len + len(marker), s.end - s.start))
        pieces.append(marker)
        t_len += len(marker)
        cursor = s.end
    pieces.append(text[cursor - start:])
    return SlottedSentence(start, start + len(text), text, "".join(pieces), chosen, positions)
