"""Within-document coreference for the words relation rules need: 'the group', 'it', 'its', 'he', 'the latter'.

A salience heuristic, not a model (the coreference models for spaCy download their weights):
a group anaphor points at the subject group of the current or previous sentences, else the
most recent group, else the document's main group; a person pronoun at the most recent person.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..models import Mention, Span
from .clusters import Cluster

_GROUP_NP = re.compile(r"\b(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts)\s+(?:terrorist\s+|militant\s+|jihadist\s+)?"
                       r"(?:group|organization|organisation|movement|outfit)\b(?!s)")
_LATTER = re.compile(r"\b[Tt]he\s+(?:latter|former)\b")
_IT = re.compile(r"\b(?:It|it|Its|its)\b")
_HE = re.compile(r"\b(?:He|he|His|his|Him|him|himself)\b")
_EXPLETIVE = re.compile(
    r"^\s*(?:is|was|has been|had been|would be|will be|seems|appears)\s+(?:\w+\s+)?(?:believed|possible|worth|imperative|"
    r"clear|likely|said|reported|noted|true|necessary|important|difficult|unclear|no\s+wonder|obvious|known|"
    r"estimated|thought|expected|feared|hard|easy|unlikely|evident)\b|^\s*(?:is|was)\s+(?:a|an|the)\s+\w+\s+(?:that|to)\b",
    re.I)
WINDOW_SENTENCES = 3


def find_corefs(doc: Doc, mentions: list[Mention], clusters: list[Cluster]) -> list[tuple[Span, Span]]:
    """(anaphor span, antecedent mention span) pairs for group and person anaphors."""
    type_of = {(m.start, m.end): c.type for c in clusters for m in c.mentions}
    subjects = _subject_spans(doc, mentions)
    focus = focus_cluster(clusters)
    sentence_starts = [s.start_char for s in doc.sents]
    taken = [(m.start, m.end) for m in mentions]
    out: list[tuple[Span, Span]] = []
    text = doc.text
    for start, end, kind in _anaphors(text, taken):
        if kind == "latter":
            recent = [m for m in mentions if m.end <= start and type_of.get((m.start, m.end)) in ("group", "person")]
            kind = type_of[(recent[-1].start, recent[-1].end)] if recent else "group"
        history = [m for m in mentions if m.end <= start and type_of.get((m.start, m.end)) == kind
                   and _sentence_index(sentence_starts, m.start) >= _sentence_index(sentence_starts, start) - WINDOW_SENTENCES]
        antecedent = _choose(text[start:end], history, subjects, sentence_starts, start)
        if antecedent is None and kind == "group" and focus is not None and text[start:end].lower() not in ("it", "its"):
            antecedent = focus.mentions[0]
        if antecedent is not None:
            out.append(((start, end), (antecedent.start, antecedent.end)))
    return out


def focus_cluster(clusters: list[Cluster]) -> Cluster | None:
    """The document's main group: the one named most often."""
    groups = [c for c in clusters if c.type == "group"]
    if not groups:
        return None
    return max(groups, key=lambda c: (len(c.mentions), -min(m.start for m in c.mentions)))


def _anaphors(text: str, taken: list[Span]):
    found = []
    for pattern, kind in ((_GROUP_NP, "group"), (_LATTER, "latter"), (_IT, "group"), (_HE, "person")):
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken) or any(s < m.end() and m.start() < e for s, e, _ in found):
                continue
            if pattern is _IT and m.group(0).lower() == "it" and _EXPLETIVE.match(text[m.end():m.end() + 60]):
                continue
            found.append((m.start(), m.end(), kind))
    yield from sorted(found)


def _choose(word: str, history: list[Mention], subjects: set[Span], sentence_starts: list[int], position: int):
    if not history:
        return None
    word = word.lower()
    distinct: list[Mention] = []
    for m in reversed(history):
        if all(m.text != d.text for d in distinct):
            distinct.append(m)
    if word.endswith("latter"):
        return distinct[0]
    if word.endswith("former"):
        return distinct[1] if len(distinct) > 1 else None
    here = _sentence_index(sentence_starts, position)
    # 'the group' / 'the organization' name a group met before, not the noun just before them
    # ('the Military Shura of the organization'); pronouns may point inside their own sentence.
    first_back = 1 if word not in ("it", "its", "he", "his", "him", "himself") else 0
    for back in range(first_back, WINDOW_SENTENCES + 1):
        in_sentence = [m for m in reversed(history) if _sentence_index(sentence_starts, m.start) == here - back]
        subject = next((m for m in in_sentence if (m.start, m.end) in subjects), None)
        if subject is not None:
            return subject
    earlier = [m for m in history if _sentence_index(sentence_starts, m.start) < here]
    return (earlier or history)[-1]


def _subject_spans(doc: Doc, mentions: list[Mention]) -> set[Span]:
    """Mentions whose head is a grammatical subject."""
    out = set()
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
            out.add((m.start, m.end))
    return out


def _sentence_index(starts: list[int], position: int) -> int:
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= position:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1
