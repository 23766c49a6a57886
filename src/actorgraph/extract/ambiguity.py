"""Acronyms that name a group and something else ('ISI': the Islamic State of Iraq, or Pakistan's Inter-Services
Intelligence). The text's own definition wins; otherwise the words around it choose, or it names nothing.

The senses come from the generated registry's 'ambiguous' list; each sense's cue words are the
content words of its names and the names of its country ('Pakistani ISI', 'ISI's Iraqi wing').
A document uses one sense throughout: a sense its sentences settle holds for its other uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from ..models import Mention
from ..names import fold, is_acronym
from .actors import actor_lexicon
from .registry import load_registry, reference_data


@dataclass(frozen=True)
class Sense:
    key: str | None          # registry key of the group; None for a state body or organisation
    name: str
    cues: frozenset          # folded words that point to this sense


@lru_cache(maxsize=1)
def ambiguous_senses() -> dict[str, tuple[Sense, ...]]:
    """Acronym -> its senses: the registry groups first, then the other bodies it spells."""
    data = reference_data()
    entries = load_registry().by_key()
    out = {}
    for item in data.get("ambiguous", []):
        senses = [_group_sense(entries[k], data) for k in item["groups"] if k in entries]
        senses += [Sense(None, o["name"], _cues([o["name"]], o["code"][:3], data)) for o in item["others"]]
        out[item["acronym"]] = tuple(senses)
    return out


def _group_sense(entry, data: dict) -> Sense:
    return Sense(entry.key, entry.name, _cues(entry.all_names(), entry.attrs.get("country"), data))


def _cues(names, country: str | None, data: dict) -> frozenset:
    generic = actor_lexicon().armed
    words = {w for n in names if not is_acronym(n) for w in fold(n).split()
             if len(w) > 2 and w not in STOP_WORDS and not generic.fullmatch(w) and w not in ("islamic", "national")}
    # the country's one-word names ('Pakistan', 'Pakistani'), not the places the dictionary files under it
    words |= {fold(n) for n in data.get("countries", {}).get(country or "", []) if len(fold(n).split()) == 1}
    return frozenset(words)


def disambiguate(text: str, mentions: list[Mention], defined: set[str]) -> list[Mention]:
    """Mentions of ambiguous acronyms resolved: kept as the group, retyped as the other body, or dropped."""
    senses = ambiguous_senses()
    todo = [m for m in mentions if m.text in senses and m.text not in defined]
    if not todo:
        return mentions
    chosen = {id(m): _sense_in(text[m.sent_start:m.sent_end], senses[m.text]) for m in todo}
    for acronym in {m.text for m in todo}:
        settled = {chosen[id(m)] for m in todo if m.text == acronym} - {None}
        fallback = settled.pop() if len(settled) == 1 else None if settled else _sense_in(text, senses[acronym])
        for m in todo:
            if m.text == acronym and chosen[id(m)] is None:
                chosen[id(m)] = fallback
    return [_as_sense(m, chosen[id(m)]) if id(m) in chosen else m for m in mentions if chosen.get(id(m), True)]


def _sense_in(passage: str, senses: tuple[Sense, ...]) -> Sense | None:
    """The one sense whose cue words the passage holds most often; None on a tie or no cue at all."""
    words = fold(passage).split()
    counts = sorted(((sum(w in s.cues for w in words), i) for i, s in enumerate(senses)), reverse=True)
    if not counts or counts[0][0] == 0 or (len(counts) > 1 and counts[0][0] == counts[1][0]):
        return None
    return senses[counts[0][1]]


def _as_sense(m: Mention, sense: Sense) -> Mention:
    if sense.key is not None:
        return Mention(m.start, m.end, m.text, "ARMED_GROUP", "group", m.sent_start, m.sent_end, m.source, sense.key)
    return Mention(m.start, m.end, m.text, "ORG", "other", m.sent_start, m.sent_end, "disambiguated", None)


def defined_in_text(abbreviations) -> set[str]:
    """Short forms the document defines itself ('Inter-Services Intelligence (ISI)'): its definition wins."""
    return {short for short, _long, _span in abbreviations}

