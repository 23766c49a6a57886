"""Within-document coreference for the words relation rules need: 'the group', 'it', 'its', 'he', 'the latter'.

A salience heuristic, not a model (the coreference models for spaCy download their weights):

- 'the group' (a definite description) names the report's main group when that group was named in the
  last few sentences; otherwise the group that was a grammatical subject there;
- 'it', 'its', 'he', 'his' name the nearest grammatical subject of their kind, in their own sentence
  before them or in the few sentences before; an anaphor already resolved counts as a mention of its
  antecedent, so 'The group settled... Its heartland...' chains;
- with no subject to go by, the nearest mention that heads its phrase (not 'Taliban' in 'a former Taliban
  commander') or an anaphor already resolved, for a pronoun only in its own or the previous sentence; a
  definite description with none of those names the main group; a pronoun with none, nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from ..models import Mention, Span
from .arguments import MEMBER_NOUNS
from .clusters import Cluster

_GROUP_NP = re.compile(r"\b(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts)\s+(?:(?:newly[- ])?(?:formed|created)\s+|new\s+|"
                       r"(?:terrorist|terror|militant|jihadist|jihadi|armed|extremist|insurgent|rebel|separatist|"
                       r"[Ii]slamist|outlawed|banned)\s+)?"
                       r"(?:group|organization|organisation|movement|outfit)\b(?!s)")
# 'the rebels', 'the militants': the group a passage is about, named by what its members are (not 'the militants
# of X', which the relation rules read themselves)
_MEMBERS_NP = re.compile(r"\b[Tt]he\s+(?:rebels|militants|insurgents|jihadists|guerrillas|guerillas)\b"
                         r"(?!\s+(?:of|from|in|who|that|with)\b)")
_LATTER = re.compile(r"\b[Tt]he\s+(?:latter|former)\b")
_IT = re.compile(r"\b(?:It|it|Its|its|itself)\b")
_THEY = re.compile(r"\b(?:They|they)\b")
_HE = re.compile(r"\b(?:He|he|His|his|Him|him|himself)\b")
_EXPLETIVE = re.compile(
    r"^\s*(?:is|was|has been|had been|would be|will be|seems|appears)\s+(?:\w+\s+)?(?:believed|possible|worth|imperative|"
    r"clear|likely|said|reported|noted|true|necessary|important|difficult|unclear|no\s+wonder|obvious|known|"
    r"estimated|thought|expected|feared|hard|easy|unlikely|evident)\b|^\s*(?:is|was)\s+(?:a|an|the)\s+\w+\s+(?:that|to)\b",
    re.I)
WINDOW_SENTENCES = 3
PRONOUNS = frozenset({"it", "its", "he", "his", "him", "himself", "itself", "they"})
REFLEXIVES = frozenset({"himself", "itself"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod"})


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    antecedent: Span | None   # the mention that stands for the entity; None for an unnamed subject
    type: str
    sentence: int
    subject: bool
    heads_phrase: bool


def find_corefs(doc: Doc, mentions: list[Mention], clusters: list[Cluster]) -> list[tuple[Span, Span]]:
    """(anaphor span, antecedent mention span) pairs for group and person anaphors."""
    type_of = {(m.start, m.end): c.type for c in clusters for m in c.mentions}
    cluster_of = {(m.start, m.end): i for i, c in enumerate(clusters) for m in c.mentions}
    focus = focus_cluster(clusters)
    focus_index = clusters.index(focus) if focus is not None else None
    starts = [s.start_char for s in doc.sents]
    candidates = [_candidate(doc, m.start, m.end, (m.start, m.end), type_of[(m.start, m.end)], starts)
                  for m in mentions if (m.start, m.end) in type_of]
    candidates += _unnamed_subjects(doc, mentions, starts)
    candidates.sort(key=lambda c: c.start)
    out: list[tuple[Span, Span]] = []
    text = doc.text   # spaCy rebuilds doc.text on every access: read it once
    for start, end, kind in _anaphors(text, [(m.start, m.end) for m in mentions]):
        here = _sentence_index(starts, start)
        before = [c for c in candidates if c.end <= start and c.sentence >= here - WINDOW_SENTENCES]
        if kind == "latter":
            recent = [c for c in before if c.type in ("group", "person") and c.antecedent is not None]
            kind = recent[-1].type if recent else "group"
        word = text[start:end].lower()
        if kind == "they":
            kind = "group"
            antecedent = _main_subject_group(doc, start, candidates, here)
        elif word in REFLEXIVES:
            antecedent = _binder(doc, start, candidates)
        elif word == "its" and (owner := _coordinated_owner(doc, start, candidates, kind)):
            antecedent = owner
        else:
            history = [c for c in before if c.type == kind]
            antecedent = _choose(word, history, here, focus_index, cluster_of)
        if antecedent is None and kind == "group" and focus is not None and word not in PRONOUNS:
            antecedent = (focus.mentions[0].start, focus.mentions[0].end)
        if antecedent is not None:
            out.append(((start, end), antecedent))
            candidates.append(_candidate(doc, start, end, antecedent, kind, starts, anaphor=True))
            candidates.sort(key=lambda c: c.start)
    return out


def _main_subject_group(doc: Doc, start: int, candidates: list[_Candidate], here: int) -> Span | None:
    """'They' as a subject: the group that is the main subject of its own sentence before it or of the sentence
    before ('Al-Shabaab taxes farmers. They also run courts.'); a main subject that names no
    group ('Soldiers entered the town. They...') or none at all leaves it open."""
    if not doc.has_annotation("DEP"):
        return None
    span = doc.char_span(start, start + 4, alignment_mode="expand")
    if span is None or span.root.dep_ not in ("nsubj", "nsubjpass"):
        return None
    sentences = list(doc.sents)
    for index in (here, here - 1):
        subjects = [t for t in sentences[index].root.children if t.dep_ in ("nsubj", "nsubjpass") and t.idx < start] \
            if index >= 0 else []
        if subjects:
            return next((c.antecedent for c in candidates if c.type == "group" and c.antecedent is not None
                         and c.start <= subjects[0].idx < c.end), None)
    return None


def _coordinated_owner(doc: Doc, start: int, candidates: list[_Candidate], kind: str) -> Span | None:
    """'the party and its armed wing', 'ISKP and its affiliates': 'its' on a noun coordinated with a name is that name."""
    if not doc.has_annotation("DEP"):
        return None
    span = doc.char_span(start, start + 3, alignment_mode="expand")
    if span is None or span.root.dep_ != "poss" or span.root.head.dep_ != "conj":
        return None
    first = span.root.head.head
    return next((c.antecedent for c in candidates if c.type == kind and c.antecedent is not None
                 and c.start <= first.idx < c.end), None)


def _binder(doc: Doc, start: int, candidates: list[_Candidate]) -> Span | None:
    """'X identified himself as...': a reflexive means the subject of its own clause, or nothing we named."""
    if not doc.has_annotation("DEP"):   # no parse (a model-free pipeline): spaCy crashes reading heads
        return None
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return None
    verb = span.root.head
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    for subject in subjects:
        for c in candidates:
            if c.start <= subject.idx < c.end and c.antecedent is not None:
                return c.antecedent
    return None


def focus_cluster(clusters: list[Cluster]) -> Cluster | None:
    """The document's main group: the one named most often."""
    groups = [c for c in clusters if c.type == "group" and not c.generic]
    if not groups:
        return None
    return max(groups, key=lambda c: (len(c.mentions), -min(m.start for m in c.mentions)))


def _candidate(doc: Doc, start: int, end: int, antecedent: Span, kind: str, starts: list[int],
               anaphor: bool = False) -> _Candidate:
    span = doc.char_span(start, end, alignment_mode="expand")
    root = span.root if span is not None else None
    subject = root is not None and (root.dep_ in ("nsubj", "nsubjpass") or _members_as_subject(root))
    heads = root is not None and (anaphor or root.dep_ not in MODIFIER_DEPS)   # 'its founder' keeps the chain
    return _Candidate(start, end, antecedent, kind, _sentence_index(starts, start), subject, heads)


def _members_as_subject(root) -> bool:
    """'ISGS fighters, under its new commander, raided...': a group whose members are the subject stands as one."""
    head = root.head
    return root.dep_ in ("compound", "poss", "nmod") and head.dep_ in ("nsubj", "nsubjpass") \
        and head.lemma_.lower() in MEMBER_NOUNS


def _unnamed_subjects(doc: Doc, mentions: list[Mention], starts: list[int]) -> list[_Candidate]:
    """Singular subjects that name no entity ('the military said it killed...'): 'it' may mean them, so they
    stand between 'it' and a group named further back."""
    named = [(m.start, m.end) for m in mentions]
    out = []
    for token in doc:
        if token.dep_ in ("nsubj", "nsubjpass") and token.tag_ == "NN" and token.lower_ not in _GROUP_WORDS \
                and not any(s <= token.idx < e for s, e in named):
            out.append(_Candidate(token.idx, token.idx + len(token.text), None, "group",
                                  _sentence_index(starts, token.idx), True, True))
    return out


_GROUP_WORDS = frozenset({"group", "organization", "organisation", "movement", "outfit"})


def _anaphors(text: str, taken: list[Span]):
    found = []
    for pattern, kind in ((_GROUP_NP, "group"), (_MEMBERS_NP, "group"), (_LATTER, "latter"), (_IT, "group"),
                          (_HE, "person"),
                          (_THEY, "they")):
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken) or any(s < m.end() and m.start() < e for s, e, _ in found):
                continue
            if pattern is _IT and m.group(0).lower() == "it" and _EXPLETIVE.match(text[m.end():m.end() + 60]):
                continue
            found.append((m.start(), m.end(), kind))
    yield from sorted(found)


def _choose(word: str, history: list[_Candidate], here: int, focus: int | None, cluster_of: dict) -> Span | None:
    if not history:
        return None
    distinct: list[_Candidate] = []
    for c in reversed([c for c in history if c.antecedent is not None]):
        if all(cluster_of.get(c.antecedent) != cluster_of.get(d.antecedent) for d in distinct):
            distinct.append(c)
    if word.endswith("latter"):
        return distinct[0].antecedent if distinct else None
    if word.endswith("former"):
        return distinct[1].antecedent if len(distinct) > 1 else None
    pronoun = word in PRONOUNS
    if not pronoun and focus is not None and any(c.antecedent and cluster_of.get(c.antecedent) == focus for c in history):
        return next(c.antecedent for c in reversed(history) if c.antecedent and cluster_of.get(c.antecedent) == focus)
    # 'the group' names a group met before, not the noun just before it ('the Military Shura of the
    # organization'); pronouns may point inside their own sentence.
    for back in range(0 if pronoun else 1, WINDOW_SENTENCES + 1):
        subject = next((c for c in reversed(history) if c.sentence == here - back and c.subject
                        and (pronoun or c.antecedent is not None)), None)
        if subject is not None:
            return subject.antecedent   # None: an unnamed subject ('the military') is the nearer reading
    # a pronoun reaches back one sentence for a non-subject ('The army killed X. His deputy...')
    heads = [c for c in history if c.heads_phrase and c.antecedent is not None
             and (c.sentence >= here - 1 if pronoun else c.sentence < here)]
    return heads[-1].antecedent if heads else None


def _sentence_index(starts: list[int], position: int) -> int:
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= position:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1
