"""Names NER found that are no entity's (a post, a heading, a description, a compass word) or another kind's
(a publication, a site, a region), screened by rules kept as data with their witnesses (data/mention_rules.json).

Only mentions no registry name matched are screened: a registry name is a name whatever its context.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Span as SpacySpan

from .. import settings
from ..models import Mention
from ..names import fold, is_acronym

RULES_FILE = "mention_rules.json"
_SCREENED_SOURCES = ("ner",)
_ORGANISATION_TYPES = ("other", "group")


@dataclass(frozen=True)
class MentionRules:
    posts: frozenset
    heading_words: int
    compass: frozenset
    event_heads: frozenset
    publication_nouns: frozenset
    region_after: frozenset
    feature_heads: frozenset
    sites: frozenset
    hyphen_articles: frozenset


@lru_cache(maxsize=1)
def mention_rules() -> MentionRules:
    data = json.loads((settings.data_dir() / RULES_FILE).read_text(encoding="utf-8"))
    return MentionRules(
        posts=frozenset(data["posts"]["words"]), heading_words=data["headings"]["max_words"],
        compass=frozenset(data["compass"]["words"]), event_heads=frozenset(data["events_named"]["words"]),
        publication_nouns=frozenset(data["publications"]["nouns"]),
        region_after=frozenset(data["place_heads"]["after"]), feature_heads=frozenset(data["place_heads"]["last_words"]),
        sites=frozenset(data["sites"]["words"]), hyphen_articles=frozenset(data["hyphen_articles"]["words"]))


@lru_cache(maxsize=1)
def witnesses() -> list[tuple[str, str, str, str | None]]:
    """(rule, sentence, name, expected type or None) for every example and counter-example of every rule."""
    data = json.loads((settings.data_dir() / RULES_FILE).read_text(encoding="utf-8"))
    return [(rule, *w) for rule, body in data.items() if isinstance(body, dict)
            for w in body.get("examples", []) + body.get("counter_examples", [])]


def screen_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """The mentions without the ones that name no entity, each of the rest with the type its context shows."""
    out = []
    for mention in mentions:
        if mention.key is None and mention.source in _SCREENED_SOURCES:
            mention = _screened(doc, mention)
        if mention is not None:
            out.append(mention)
    return out


def _screened(doc: Doc, m: Mention) -> Mention | None:
    rules = mention_rules()
    words = _words(m.text)
    if not words or all(w in rules.compass for w in words if w != "and"):
        return None
    if m.type in _ORGANISATION_TYPES and (_names_a_post(m.text, rules) or _on_heading(doc, m)):
        return None
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return m
    if _described(span) and (m.type in _ORGANISATION_TYPES or (m.type == "person" and _opens_on_a_people(words))):
        return None
    if m.type in ("place", "other") and words[-1] in rules.event_heads:
        return None
    if m.type in ("place", "person") and _publication(span):
        return replace(m, label="ORG", type="other")
    if m.type == "other" and _region(span, words):
        return replace(m, label="LOC", type="place")
    if m.type == "place":
        return _last_conjunct(m, rules)
    return m


def _words(text: str) -> list[str]:
    return re.findall(r"[\w\-]+", fold(text))


def _names_a_post(name: str, rules: MentionRules) -> bool:
    """'Special Envoy', 'Research Officer & Programme', 'Minister of Defence': a post word before any 'of' (the
    'Office of the Special Envoy' is an office)."""
    before_of = re.split(r"\s+of\s+", name, maxsplit=1)[0]
    return any(w in rules.posts for w in _words(before_of))


def _on_heading(doc: Doc, m: Mention) -> bool:
    """An organisation no word of which names one, on a short line without final punctuation."""
    from .actors import actor_lexicon

    text = doc.text
    line_start = text.rfind("\n", 0, m.start) + 1
    line_end = text.find("\n", m.end)
    line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
    if not line or line[-1] in ".!?:;\"”" or len(line.split()) > mention_rules().heading_words:
        return False
    lex = actor_lexicon()
    names_one = (lex.armed, lex.not_armed, lex.state)
    return not any(p.search(m.text) for p in names_one) and not any(is_acronym(w) for w in m.text.split())


def _described(span: SpacySpan) -> bool:
    """'a Pashtun Afridi': the name heads a noun phrase an indefinite article opens."""
    root = span.root
    if root.dep_ in ("compound", "amod", "poss", "nmod"):
        return False
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in root.children)


def _opens_on_a_people(words: list[str]) -> bool:
    from .people import people_lexicon

    return people_lexicon().has("peoples", words[0])


def _publication(span: SpacySpan) -> bool:
    """'the magazines Tawhid and Zarqa', 'Zarqa's fifth issue': a publication noun governs the name or a name
    listed with it, or the name owns one."""
    nouns = mention_rules().publication_nouns
    root = span.root
    token = root
    for _hop in range(3):
        if token.dep_ not in ("conj", "appos", "compound", "pobj", "poss") or token.head is token:
            break
        token = token.head
        if token.lower_ in nouns:
            return True
    return root.dep_ == "poss" and root.head.lower_ in nouns


def _region(span: SpacySpan, words: list[str]) -> bool:
    """'the Af-Pak region', 'the Amu Darya': a region's word after the name, or a land or water feature's word
    ending it."""
    rules = mention_rules()
    doc = span.doc
    following = doc[span.end].lower_ if span.end < len(doc) else ""
    return following in rules.region_after or words[-1] in rules.feature_heads


_CONJUNCTION = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+)")


def _last_conjunct(m: Mention, rules: MentionRules) -> Mention:
    """'Central and South Asia' -> 'South Asia': compass words coordinated before a region are cut off."""
    pos = 0
    while True:
        word = re.match(r"[\w\-]+", m.text[pos:])
        if word is None or fold(word.group(0)) not in rules.compass:
            return m
        joint = _CONJUNCTION.match(m.text, pos + word.end())
        if joint is None:
            break
        pos = joint.end()
    if pos == 0:
        return m
    return replace(m, start=m.start + pos, text=m.text[pos:])
