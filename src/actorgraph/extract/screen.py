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
    list_nouns: frozenset
    faction_nouns: frozenset
    organs: frozenset
    discipline_before: re.Pattern


@lru_cache(maxsize=1)
def rules_data() -> dict:
    """Each rule of data/mention_rules.json with its words, examples and counter-examples."""
    data = json.loads((settings.data_dir() / RULES_FILE).read_text(encoding="utf-8"))
    return {rule: body for rule, body in data.items() if isinstance(body, dict)}


@lru_cache(maxsize=1)
def mention_rules() -> MentionRules:
    data = rules_data()
    return MentionRules(
        posts=frozenset(data["posts"]["words"]), heading_words=data["headings"]["max_words"],
        compass=frozenset(data["compass"]["words"]), event_heads=frozenset(data["events_named"]["words"]),
        publication_nouns=frozenset(data["publications"]["nouns"]),
        region_after=frozenset(data["place_heads"]["after"]), feature_heads=frozenset(data["place_heads"]["last_words"]),
        sites=frozenset(data["sites"]["words"]), hyphen_articles=frozenset(data["hyphen_articles"]["words"]),
        list_nouns=frozenset(data["called_groups"]["list_nouns"]),
        faction_nouns=frozenset(data["called_groups"]["faction_nouns"]),
        organs=frozenset(data["organs_of_places"]["words"]),
        discipline_before=re.compile(data["disciplines"]["before"], re.I))


def witnesses() -> list[tuple[str, str, str, str | None]]:
    """(rule, sentence, name, expected type or None) for every example and counter-example of every rule."""
    return [(rule, *w) for rule, body in rules_data().items()
            for w in body.get("examples", []) + body.get("counter_examples", [])]


def screen_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """The mentions without the ones that name no entity, each of the rest with the type its context shows."""
    group_tokens = {i for m in mentions if m.type == "group" for i in _token_ids(doc, m)}
    text = doc.text    # spaCy rebuilds doc.text on every access: read it once
    out = []
    for mention in mentions:
        if mention.key is None and mention.source in _SCREENED_SOURCES:
            mention = _screened(doc, text, mention)
            mention = mention and _retyped(doc, mention, group_tokens)
        if mention is not None:
            out.append(mention)
    return _organs_of_places(text, out)


def _token_ids(doc: Doc, m: Mention) -> range:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)


def _retyped(doc: Doc, m: Mention, group_tokens: set[int]) -> Mention:
    """An organisation the text shows to be a group's leader, or a group."""
    if m.type != "other" or m.label != "ORG" or not doc.has_annotation("DEP"):
        return m
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return m
    if _leads_a_group(span, group_tokens):
        return replace(m, label="PERSON", type="person")
    if _called_a_group(doc, span):
        return replace(m, label="ARMED_GROUP", type="group")
    return m


def _leads_a_group(span: SpacySpan, group_tokens: set[int]) -> bool:
    """'Haibatzada's Afghan Taliban': one word owning a named group, and a person's name by the name check."""
    from .people import not_a_person
    from .registry import is_known_place

    root = span.root
    return len(span) == 1 and root.dep_ == "poss" and root.head.i in group_tokens \
        and not_a_person(span.text, is_known_place) is None


def _called_a_group(doc: Doc, span: SpacySpan) -> bool:
    """'three allied groups: A, B, and C'; 'their faction of the Herat Office'."""
    rules = mention_rules()
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in rules.faction_nouns:
        return True
    sent = span.sent
    colon = next((t for t in reversed(doc[sent.start:span.start]) if t.text in (":", ";")), None)
    if colon is None or colon.text != ":" or colon.i == sent.start:
        return False
    listed = doc[colon.i + 1:span.start]
    return doc[colon.i - 1].lower_ in rules.list_nouns and not any(t.text in (".", "(") for t in listed)


def _organs_of_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """'Tora Bora Branch' + 'of' + 'Nangarhar': an organ's name runs on into the place it serves."""
    organs = mention_rules().organs
    places = {p.start: p for p in mentions if p.type == "place"}
    joined: dict[Mention, Mention | None] = {}
    for m in mentions:
        words = _words(m.text)
        if m.key or m.type not in _ORGANISATION_TYPES or not words or words[-1] not in organs:
            continue
        joint = re.match(r" of (?:the )?", text[m.end:m.end + 9])
        place = places.get(m.end + joint.end()) if joint else None
        if place is not None:
            joined[place] = None
            joined[m] = replace(m, end=place.end, text=text[m.start:place.end])
    if not joined:
        return mentions
    return [joined.get(m, m) for m in mentions if joined.get(m, m) is not None]


def _screened(doc: Doc, text: str, m: Mention) -> Mention | None:
    rules = mention_rules()
    words = _words(m.text)
    if not words or all(w in rules.compass for w in words if w != "and"):
        return None
    if m.type in _ORGANISATION_TYPES and (_names_a_post(m.text, rules) or _on_heading(text, m)):
        return None
    if m.type in ("other", "place") and rules.discipline_before.search(text[max(m.sent_start, m.start - 40):m.start]):
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


def _on_heading(text: str, m: Mention) -> bool:
    """An organisation no word of which names one, on a short line without final punctuation."""
    from .actors import actor_lexicon

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
