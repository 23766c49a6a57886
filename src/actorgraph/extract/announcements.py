"""Announcements: a group announced, founded or declared, or a pledge of allegiance made, on a known date.

Read over slotted sentences ('⟦G1⟧ announced its expansion into ⟦L2⟧'): the announcer is the group or person
before the words, the group announced the one after them; a parent announcing its expansion into a region
founds the branch the report is about. Only dated announcements are kept.
"""

from __future__ import annotations

import re

from ..models import Event, Evidence
from .context import modality, nearest_date
from .document_context import DocContext
from .slots import SlottedSentence

EXTRACTOR, VERSION = "announcement_rules", "1"

TRIGGERS: tuple[tuple[str, re.Pattern], ...] = tuple((s, re.compile(p, re.I)) for s, p in (
    ("founding", r"\bannounced\s+(?:[^⟦.]{0,40}?\s)?(?:the\s+|its\s+|⟦G\d+⟧\s+)?(?:establishment|creation|formation|founding|"
                 r"expansion)\b"),
    ("founding", r"\bdeclared\s+(?:its|the|⟦G\d+⟧)\s+(?:establishment|creation|formation|founding)\b"),
    ("founding", r"\b(?:first\s+appeared|came\s+into\s+being|was\s+founded|was\s+established|was\s+formed)\b"),
    ("pledge", r"\bpledg(?:ed|ing)\s+(?:its\s+|their\s+)?allegiance\b"),
))


def extract_announcements(ctx: DocContext) -> list[Event]:
    out = []
    for sentence in ctx.sentences:
        event = _announcement_in(sentence, ctx)
        if event is not None and event.date is not None and (event.about or event.perpetrators):
            out.append(event)
    return out


def _announcement_in(sentence: SlottedSentence, ctx: DocContext) -> Event | None:
    found = next(((s, m) for s, p in TRIGGERS if (m := p.search(sentence.template))), None)
    if found is None:
        return None
    subtype, m = found
    position = sentence.doc_offset(m.start()) - sentence.start
    dates = [d for d in ctx.dates_in(sentence.text) if not d.qualifier.startswith("anchor:")]
    date = nearest_date(dates, position)
    announcer, about = _actors(subtype, sentence, m, ctx.focus_span)
    evidence = Evidence(ctx.document_id, sentence.start, sentence.end, ctx.text[sentence.start:sentence.end],
                        EXTRACTOR, VERSION)
    return Event(type="announcement", subtype=subtype, evidence=evidence, date=date.iso if date else None,
                 date_precision=date.precision if date else None, date_text=date.text if date else None,
                 perpetrators=tuple(announcer), perpetrator_modalities=tuple("asserted" for _ in announcer),
                 about=tuple(about), modality="alleged" if modality(sentence.text) == "alleged" else "asserted",
                 confidence=0.7 if date else 0.5)


def _actors(subtype: str, sentence: SlottedSentence, m: re.Match, focus):
    template = sentence.template
    before = sentence.slots_in(0, m.start(), "GP")
    inside = sentence.slots_in(m.start(), m.end(), "G")
    after = sentence.slots_in(m.end(), min(len(template), m.end() + 80), "G")
    announcer = [before[-1].ref] if before else []
    expansion = re.search(r"\bexpansion\b", m.group(0), re.I)
    if subtype == "founding" and expansion and focus and announcer != [focus] and not after:
        return announcer, [focus]
    if subtype == "founding" and (after or inside):
        return announcer, [(after or inside)[0].ref]
    return announcer, announcer
