"""Long documents in sections: cut at paragraph breaks, analysed one by one, offsets shifted back.

A 300-page report is over the model's length limit and would make every per-document step
(coreference windows, clustering) as slow as its length squared. Sections of bounded size keep
extraction linear in the text; each section's facts point back into the whole document, so a
quote is still `document.text[start:end]`.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace

from ..models import Extraction

# where a section may end, best first: a paragraph break, a line break, a sentence end, a space
_CUTS = ("\n\n", "\n", ". ", " ")
# names of the int fields that hold character offsets (Relation.start/end are dates, and strings)
OFFSET_FIELDS = frozenset({"start", "end", "sent_start", "sent_end"})


def section_bounds(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive sections covering `text`, each at most `limit` characters.

    A cut falls at the last paragraph break in the second half of the window, else the last line
    break, sentence end or space there, else at the limit itself (a text without any).
    """
    bounds, start = [], 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def _cut(text: str, start: int, hard_end: int) -> int:
    earliest = start + (hard_end - start) // 2
    for mark in _CUTS:
        at = text.rfind(mark, earliest, hard_end)
        if at != -1:
            return at + len(mark)
    return hard_end


def shifted(extraction: Extraction, offset: int) -> Extraction:
    """The extraction of a section starting at `offset`, with every offset moved into the whole document."""
    return _shift(extraction, offset) if offset else extraction


def _shift(value, offset: int):
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _shift_field(f.name, getattr(value, f.name), offset) for f in fields(value)}
        return replace(value, **changes)
    if _is_span(value):
        return (value[0] + offset, value[1] + offset)
    if isinstance(value, (tuple, list)):
        return type(value)(_shift(v, offset) for v in value)
    return value


def _shift_field(name: str, value, offset: int):
    if name in OFFSET_FIELDS and isinstance(value, int) and not isinstance(value, bool):
        return value + offset
    return _shift(value, offset)


def _is_span(value) -> bool:
    return (isinstance(value, tuple) and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value))


def merged(parts: list[Extraction]) -> Extraction:
    """One extraction from the (already shifted) extractions of a document's sections, in order."""
    if len(parts) == 1:
        return parts[0]
    return Extraction(**{f.name: tuple(item for part in parts for item in getattr(part, f.name))
                         for f in fields(Extraction)})
