"""Names in a sentence that may be places, with their unit words, and the links that join them into chains.

A name is an NER place entity, an entity NER misread as a person or organisation, or a run of capitalised
words ('Nawa-i-Barakzayi'); unit words ('Dashti Archi district', 'the town of Gwoza') and a direction
('northern Kunduz') attach to it. Consecutive names whose gap matches a LINKS rule form one group.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span as SpacySpan, Token

from .. import gazetteer
from .place_patterns import (COMPASS, CONNECTORS, DIRECTIONS, LINKS, LOCATING_HEADS, MISREAD_LABELS, NEVER_PLACES,
                             NUMBERED_DISTRICTS, ORG_WORDS, PLACE_LABELS, QUALIFIERS, ROUTES, UNIT_WORDS)


@dataclass
class NameSpan:
    start: int                     # token offsets of the name
    end: int
    label: str | None
    unit: str | None = None
    phrase_start: int = 0          # token offsets with unit words
    phrase_end: int = 0
    direction: str | None = None
    key: str | None = None         # a registry key the ruler gave it
    text: str = ""

    def __post_init__(self):
        self.phrase_start = self.phrase_start or self.start
        self.phrase_end = self.phrase_end or self.end


def blocked_tokens(doc: Doc, mentions) -> dict[int, str]:
    """Token index -> why it cannot start a place name: inside a group, person or organisation mention."""
    out: dict[int, str] = {}
    for m in mentions:
        if m.type == "place":
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        misread = m.source == "ner" and not m.key and m.label in MISREAD_LABELS
        for token in span or ():
            out[token.i] = "misread" if misread else "entity"
    for ent in doc.ents:
        if ent.label_ in NEVER_PLACES or (ent.label_ in MISREAD_LABELS and ent.ent_id_):
            for token in ent:
                out[token.i] = "entity"
        elif ent.label_ in MISREAD_LABELS:
            for token in ent:
                out.setdefault(token.i, "misread")
    return out


def name_spans(doc: Doc, sent: SpacySpan, blocked: dict[int, str]) -> list[NameSpan]:
    atoms = []
    taken: set[int] = set()
    for ent in sent.ents:
        if not (ent.label_ in PLACE_LABELS or (ent.label_ in MISREAD_LABELS and blocked.get(ent.start) == "misread")):
            continue
        for piece in _comma_pieces(ent):      # NER may run a whole chain together: 'Gardez, Paktia'
            start = piece.start + (1 if piece[0].lower_ == "the" and len(piece) > 1 else 0)
            if any(blocked.get(i) == "entity" or i in taken for i in range(start, piece.end)) or \
                    not _could_be_named(doc[start:piece.end], ent.label_):
                continue
            end = max(piece.end, _run_end(doc, piece.end - 1, sent.end, taken, blocked))
            if ent.ent_id_ and (end > piece.end or _continues_name(doc, start - 1, sent)):
                continue          # a known name inside a longer one: 'Maulvi Kabul Shah', 'Kabul Bank'
            atoms.append(NameSpan(start, end, ent.label_, key=ent.ent_id_ or None))
            taken.update(range(start, end))
    i = sent.start
    while i < sent.end:
        if i in taken or i in blocked or not _name_like(doc[i]):
            i += 1
            continue
        end = _run_end(doc, i, sent.end, taken, blocked)
        if _could_be_named(doc[i:end], None):
            atoms.append(NameSpan(i, end, None))
        i = end
    atoms += _numbered_districts(doc, sent, taken)
    names = {i for a in atoms for i in range(a.start, a.end)}
    atoms = sorted((_with_units(doc, a, sent, names) for a in atoms), key=lambda a: a.start)
    for a in atoms:
        a.text = doc[a.start:a.end].text
    return [a for a in atoms if a.end > a.start]


def _continues_name(doc: Doc, i: int, sent: SpacySpan) -> bool:
    """Whether token i, just before a name, is a capitalised word of the same longer name."""
    return i >= sent.start and not doc[i].is_sent_start and _name_like(doc[i])


def _comma_pieces(ent: SpacySpan) -> list[SpacySpan]:
    pieces, start = [], ent.start
    for token in ent:
        if token.text == ",":
            pieces.append(ent.doc[start:token.i])
            start = token.i + 1
    pieces.append(ent.doc[start:ent.end])
    return [p for p in pieces if len(p)]


def _could_be_named(span: SpacySpan, label: str | None) -> bool:
    """A span that may name a place: capitalised, not a bare compass word, no organisation word ('Indus News'),
    not an unknown acronym; a name NER misread as a person or organisation is capitalised words only."""
    words = [t.lower_ for t in span]
    if not span.text[:1].isupper() or (len(span) == 1 and words[0] in COMPASS) or ORG_WORDS & set(words):
        return False
    if len(span) == 1 and span.text.isupper() and len(span.text) <= 5 and not gazetteer.knows(span.text):
        return False
    return label not in MISREAD_LABELS or all(_name_like(t) or t.lower_ in CONNECTORS for t in span)


def _name_like(token: Token) -> bool:
    """A capitalised word that may be (part of) a name: not an acronym, stop word, unit or direction word."""
    text = token.text
    if not text[:1].isupper() or not any(c.isalpha() for c in text) or any(c.isdigit() for c in text):
        return False
    if text.isupper() and len(text) <= 4:        # acronyms: ANA, ABP, NDS
        return False
    if token.is_stop or token.lower_ in UNIT_WORDS or token.lower_ in DIRECTIONS:
        return False
    return not (token.is_sent_start and token.pos_ not in ("PROPN", ""))


def _run_end(doc: Doc, i: int, limit: int, taken: set[int], blocked: dict[int, str]) -> int:
    """The end of a run of capitalised words, joined by connectors: 'Nawa-i-Barakzayi', 'Deir ez-Zor'."""
    end = i + 1
    while end < limit:
        if _joins(doc, end, taken, blocked):
            end += 1
            continue
        skip = end
        while skip < limit and skip - end < 3 and doc[skip].lower_ in CONNECTORS:
            skip += 1
        if end < skip < limit and _joins(doc, skip, taken, blocked):
            end = skip + 1
            continue
        break
    return end


def _joins(doc: Doc, i: int, taken: set[int], blocked: dict[int, str]) -> bool:
    return i not in taken and i not in blocked and not doc[i].is_sent_start and _name_like(doc[i])


@lru_cache(maxsize=4)
def _numbered_matcher(vocab) -> Matcher:
    matcher = Matcher(vocab)
    matcher.add("numbered", NUMBERED_DISTRICTS)
    return matcher


def _numbered_districts(doc: Doc, sent: SpacySpan, taken: set[int]) -> list[NameSpan]:
    """'the 7th police district of Kabul city', 'PD 9': a city district named by its number."""
    out = []
    for _, start, end in _numbered_matcher(doc.vocab)(sent):
        if not any(i in taken for i in range(sent.start + start, sent.start + end)):
            out.append(NameSpan(sent.start + start, sent.start + end, "NUMBERED", unit="district"))
    return out


def _with_units(doc: Doc, atom: NameSpan, sent: SpacySpan, names: set[int]) -> NameSpan:
    """Unit words inside the name's end ('Dashti Archi District'), after it, or before it ('the town of X').
    A name that only exists with its unit word stays whole: 'United States' is not 'United' state."""
    if atom.label == "NUMBERED":
        return atom
    for n in (3, 2, 1):
        tail = doc[max(atom.start + 1, atom.end - n):atom.end]
        base = doc[atom.start:atom.end - n].text
        if len(tail) == n and tail.text.lower() in UNIT_WORDS and (gazetteer.knows(base) or not gazetteer.knows(
                doc[atom.start:atom.end].text)):
            atom.unit, atom.end = tail.text, atom.end - n
            break
    if atom.unit is None:
        for n in (3, 2, 1):
            after = doc[atom.end:min(atom.end + n, sent.end)]
            if len(after) == n and after.text.lower() in UNIT_WORDS:
                atom.unit, atom.phrase_end = after.text, atom.end + n
                break
    before = doc[max(sent.start, atom.start - 3):atom.start]
    if atom.unit is None and len(before) >= 2 and before[-1].lower_ == "of" and before[-2].lower_ in UNIT_WORDS \
            and before[-2].i not in names:
        atom.unit = before[-2].text
        unit = before[-2].i
        atom.phrase_start = unit - (1 if unit > sent.start and doc[unit - 1].lower_ == "the" else 0)
    lead = atom.phrase_start - 1
    if lead >= sent.start and doc[lead].lower_ in DIRECTIONS:
        atom.direction = doc[lead].lower_
    return atom


@lru_cache(maxsize=4)
def _link_matcher(vocab) -> Matcher:
    matcher = Matcher(vocab)
    for rule in LINKS:
        matcher.add(rule["name"], [rule["gap"]])
    return matcher


def _link(doc: Doc, left: NameSpan, right: NameSpan) -> dict | None:
    """The LINKS rule whose gap is exactly the tokens between two names, if any."""
    if right.phrase_start <= left.phrase_end or right.phrase_start - left.phrase_end > 8:
        return None
    gap = doc[left.phrase_end:right.phrase_start]
    for match_id, start, end in _link_matcher(doc.vocab)(gap):
        if start == 0 and end == len(gap):
            rule = next(r for r in LINKS if r["name"] == doc.vocab.strings[match_id])
            if rule.get("needs_unit") and left.unit is None:
                continue
            if rule.get("unit_from_gap"):
                unit_token = next(t for t in reversed(gap) if t.lower_ in UNIT_WORDS)
                rule = dict(rule, unit=unit_token.text)
            return rule
    return None


def linked_groups(doc: Doc, atoms: list[NameSpan]) -> list[tuple[list[NameSpan], list[dict]]]:
    """Consecutive names joined by links; a comma before a name that starts a list ('X, Y and Z') joins nothing."""
    out: list[tuple[list[NameSpan], list[dict]]] = []
    for i, atom in enumerate(atoms):
        link = _link(doc, atoms[i - 1], atom) if i and out else None
        if link and link["name"] == "comma" and _starts_list(doc, atom, atoms[i + 1:]):
            link = None
        if link:
            out[-1][0].append(atom)
            out[-1][1].append(link)
        else:
            out.append(([atom], []))
    return out


def _starts_list(doc: Doc, atom: NameSpan, rest: list[NameSpan]) -> bool:
    after = atom.phrase_end
    if after < len(doc) and doc[after].lower_ in ("and", "or"):
        return True
    return bool(rest) and rest[0].phrase_start == after + 1 and doc[after].text == "," and \
        any(t.lower_ in ("and", "or") for t in doc[rest[0].phrase_end:rest[0].phrase_end + 1])


@lru_cache(maxsize=4)
def _qualifier_matcher(vocab) -> Matcher:
    matcher = Matcher(vocab)
    for name, patterns in QUALIFIERS.items():
        matcher.add(name, patterns)
    return matcher


def qualifier(doc: Doc, first: NameSpan, sent: SpacySpan) -> str | None:
    """'outskirts' or 'near' when those words end right before the chain ('on the outskirts of Jalalabad')."""
    end = first.phrase_start - (1 if first.direction else 0)
    before = doc[max(sent.start, end - 4):end]
    for match_id, _start, stop in _qualifier_matcher(doc.vocab)(before):
        if stop == len(before):
            return doc.vocab.strings[match_id]
    return None


def attributive(doc: Doc, atoms: list[NameSpan]) -> bool:
    """The phrase modifies a noun that is not a place ('the Kandahar governor', "Kabul's police chief")."""
    if not doc.has_annotation("DEP"):
        return False
    last = max(atoms, key=lambda a: a.phrase_end)
    root = doc[last.phrase_end - 1]
    head = root.head
    if root.dep_ in ("compound", "amod", "nmod", "poss") and not (last.phrase_start <= head.i < last.phrase_end):
        if head.lower_ in ROUTES and any(doc[i].text == "-" for i in (last.phrase_start - 1, last.phrase_end)
                                         if 0 <= i < len(doc)):
            return True      # 'the Kabul-Kandahar highway' runs between places, it is not at them
        return head.lower_ not in LOCATING_HEADS and head.lower_ not in UNIT_WORDS
    return False
