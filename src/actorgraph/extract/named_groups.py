"""Armed groups NER misses or mistypes, named by the text around them: a named group's unit ('Hezbollah's elite
Aziz unit', 'the Nukhba force of Hamas') and a name the text calls an armed group ('Jamaat Nasr al-Sahil, a
jihadist group', 'the M27 rebel group'; then every other use of that name). Word lists: data/actor_types.json.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from spacy.tokens import Doc, Token

from .. import gazetteer, settings
from ..models import Mention
from ..names import fold
from .people import is_name_particle, people_lexicon
from .registry import is_known_place

POSSESSIVES = frozenset({"'s", "’s", "'", "’"})


@lru_cache(maxsize=1)
def _lists() -> dict:
    data = json.loads((settings.data_dir() / "actor_types.json").read_text(encoding="utf-8"))
    appositives = data["group_appositives"]
    return {"units": frozenset(data["named_units"]["nouns"]), "heads": frozenset(appositives["heads"]),
            "qualifiers": frozenset(appositives["qualifiers"])}


def named_group_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """The mentions with the units and text-defined groups added, replacing unkeyed person or 'other' readings."""
    if not doc.has_annotation("DEP"):   # no parse (a model-free pipeline): spaCy crashes reading heads
        return list(mentions)
    out = list(mentions)
    for start, end in _every_use(doc, _unit_names(doc, out) + _defined_names(doc, out)):
        out = _with_group(doc, out, start, end)
    return sorted(out, key=lambda m: m.start)


def _unit_names(doc: Doc, mentions: list[Mention]) -> list[str]:
    """'Hezbollah's elite Aziz unit', 'the Nukhba force of Hamas'."""
    groups = _group_tokens(doc, mentions)
    taken = _taken_tokens(doc, mentions)
    out = []
    for noun in doc:
        if noun.lower_ not in _lists()["units"] or noun.i in taken:
            continue
        first = noun.i
        while first > 0 and _name_word(doc[first - 1]) and first - 1 not in taken:
            first -= 1
        if first < noun.i and (_owned_before(doc, first, groups) or _owned_after(doc, noun, groups)):
            out.append(doc.text[doc[first].idx:noun.idx + len(noun.text)])
    return out


def _owned_before(doc: Doc, first: int, groups: set[int]) -> bool:
    """A named group's possessive before the name, adjectives allowed between ('Hezbollah's elite ...')."""
    i = first - 1
    while i >= 0 and doc[i].pos_ == "ADJ" and doc[i].is_lower:
        i -= 1
    return i >= 1 and doc[i].text in POSSESSIVES and i - 1 in groups


def _owned_after(doc: Doc, noun: Token, groups: set[int]) -> bool:
    """'the Nukhba force of Hamas'."""
    i = noun.i + 1
    if i >= len(doc) or doc[i].lower_ != "of":
        return False
    i += 1 if i + 1 < len(doc) and doc[i + 1].lower_ == "the" else 0
    return i + 1 in groups


def _name_word(token: Token) -> bool:
    return token.pos_ in ("PROPN", "NOUN", "ADJ") and (token.is_title or (token.is_upper and len(token.text) > 1)) \
        and not token.is_sent_start


def _every_use(doc: Doc, names: list[str]) -> list[tuple[int, int]]:
    """Where the text uses each name, the sentence that shows it is a group's and every other."""
    return [(m.start(), m.end()) for name in dict.fromkeys(names)
            for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", doc.text)]


def _defined_names(doc: Doc, mentions: list[Mention]) -> list[str]:
    """'Jamaat Nasr al-Sahil, a jihadist group', 'the M27 rebel group'."""
    taken = _taken_tokens(doc, mentions, places=False)
    lists = _lists()
    names = []
    for noun in doc:
        qualifiers = [c for c in noun.children if c.dep_ in ("amod", "compound") and c.text in lists["qualifiers"]]
        if noun.lemma_.lower() not in lists["heads"] or not noun.is_lower or not qualifiers:
            continue
        if noun.dep_ == "appos":              # 'Jamaat Nasr al-Sahil, a jihadist group'
            words = [t for t in doc[noun.head.left_edge.i:noun.head.i + 1] if t.dep_ != "det" and t.text != ","]
        else:                                 # 'the M27 rebel group'
            words = _name_before(doc, min(q.i for q in qualifiers))
        if words and words[-1].pos_ == "PROPN" and all(_name_word(t) or is_name_particle(t.text) or t.text == "-"
                                                       for t in words) and not any(t.i in taken for t in words):
            name = doc.text[words[0].idx:words[-1].idx + len(words[-1].text)]
            if not (is_known_place(name) or _describes(name) or any(t.ent_type_ == "NORP" for t in words)):
                names.append(name)
    return names


def _describes(name: str) -> bool:
    """'a small Malian jihadist group', 'a Sunni extremist group': a people, a country or a creed, not a name."""
    folded = fold(name)
    return gazetteer.country(name) is not None or any(
        people_lexicon().has(kind, folded) for kind in ("peoples", "creeds", "languages"))


def _name_before(doc: Doc, end: int) -> list[Token]:
    """The run of name words right before a token."""
    first = end
    while first > 0 and (_name_word(doc[first - 1]) or doc[first - 1].text == "-"):
        first -= 1
    return list(doc[first:end])


def _group_tokens(doc: Doc, mentions: list[Mention]) -> set[int]:
    return {t.i for m in mentions if m.type == "group" for t in _tokens(doc, m.start, m.end)}


def _taken_tokens(doc: Doc, mentions: list[Mention], places: bool = True) -> set[int]:
    """Tokens of mentions a new group must not take over: groups, keyed names and (unless the text defines the name
    as a group's) places."""
    kinds = ("group", "place") if places else ("group",)
    return {t.i for m in mentions if m.type in kinds or m.key for t in _tokens(doc, m.start, m.end)}


def _tokens(doc: Doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None else ()


def _with_group(doc: Doc, mentions: list[Mention], start: int, end: int) -> list[Mention]:
    overlapping = [m for m in mentions if m.start < end and start < m.end]
    if any(m.type == "group" or m.key for m in overlapping):
        return mentions
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return mentions
    sent = span.sent
    mention = Mention(start, end, doc.text[start:end], "ARMED_GROUP", "group", sent.start_char, sent.end_char,
                      source="named_group")
    return [m for m in mentions if m not in overlapping] + [mention]
