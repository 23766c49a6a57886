"""Is this a person's name? A check over lexicons kept as data (data/people_lexicon.json).

NER tags creeds, peoples, languages, weapons, magazines and titles as people ('Salafism',
'Tuareg', 'Kiswahili', 'Kalashnikov', 'Dabiq', 'Amir al-Mu'minin'). `not_a_person` says why a
name cannot be one; `name_core` trims ranks and leading debris off a name ('Col Rajesh Kalia').
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from .. import settings
from ..names import fold, is_acronym

LEXICON_FILE = "people_lexicon.json"
_WORD_LISTS = ("honorifics", "ranks", "alias_markers", "name_particles", "creeds", "peoples", "languages",
               "weapons", "media", "non_person_heads", "person_roles")
# Checked on the whole folded name, in this order; the first that holds is the reason.
_WHOLE_NAME_KINDS = ("titles", "media", "weapons", "languages", "creeds", "peoples")


@dataclass(frozen=True)
class PeopleLexicon:
    lists: dict[str, frozenset]
    context: dict[str, re.Pattern]

    def has(self, kind: str, folded: str) -> bool:
        return folded in self.lists[kind]


@lru_cache(maxsize=1)
def people_lexicon() -> PeopleLexicon:
    data = json.loads((settings.data_dir() / LEXICON_FILE).read_text(encoding="utf-8"))
    lists = {kind: frozenset(fold(w) for w in data[kind]["words"]) for kind in _WORD_LISTS}
    lists["titles"] = frozenset(fold(p) for p in data["titles"]["phrases"])
    context = {k: re.compile(v, re.I) for k, v in data["context"].items() if k != "why"}
    return PeopleLexicon(lists, context)


def context_says(text: str, start: int, end: int) -> str | None:
    """'place' or 'other' when the words around a name say what it is ('the town of Komanda', 'the ship Propel
    Fortune', 'the Radwan force'), else None."""
    cues = people_lexicon().context
    before, after = text[max(0, start - 40):start], text[end:end + 30]
    if cues["place_before"].search(before) or cues["place_after"].search(after):
        return "place"
    if cues["thing_before"].search(before) or cues["unit_after"].search(after):
        return "other"
    return None


def not_a_person(name: str, is_place=None) -> str | None:
    """Why `name` cannot be a person's name (a lexicon's name, 'digits', 'unfinished'...), or None if it may be one.

    `is_place(name)` may say the whole name is a known place ('Tongo Tongo', 'Basilan').
    """
    lex = people_lexicon()
    words = fold(name).split()
    if not words:
        return "empty"
    if sum(c.isalpha() for c in name) < 3:
        return "too_short"
    if is_acronym(name) or _opens_on_acronym(name, lex):
        return "acronym"    # 'NISA'; 'JTF Orion' is a unit of a Joint Task Force
    if any(c.isdigit() for c in name):
        return "digits"
    if name == name.lower():
        return "lowercase"
    folded = " ".join(words)
    for kind in _WHOLE_NAME_KINDS:
        if lex.has(kind, folded):
            return kind
    if all(_is_title_word(lex, w) for w in words):
        return "titles"
    if lex.has("name_particles", words[-1]) or lex.has("alias_markers", words[0]):
        return "unfinished"
    if len(words) == 1 and re.search(r"(?:ism|isms)$", words[0]):
        return "creeds"
    if any(lex.has("non_person_heads", w) for w in words):
        return "non_person_heads"
    if is_place is not None and is_place(name):
        return "place"
    return None


def _opens_on_acronym(name: str, lex: PeopleLexicon) -> bool:
    """A name whose first word is an acronym of three letters or more that is no rank ('JTF Orion'; not 'SP Sharma')."""
    first = name.split()[0]
    return len(name.split()) > 1 and first.isupper() and len(first) >= 3 and is_acronym(first) \
        and not lex.has("ranks", fold(first))


def _is_title_word(lex: PeopleLexicon, word: str) -> bool:
    return any(lex.has(kind, word) for kind in ("honorifics", "ranks", "name_particles"))


_LEADING_DEBRIS = re.compile(r"^[\W\d_]+")


def name_core(name: str) -> tuple[int, int]:
    """(start, end) of the name inside `name` without leading digits, ranks or 'alias' ('Col Rajesh Kalia' -> 'Rajesh Kalia').

    Religious honorifics stay ('Mullah Omar' is how the man is called); a name that would
    be left with fewer than two words keeps its rank ('General Mohammed' stays).
    """
    lex = people_lexicon()
    start = len(_LEADING_DEBRIS.match(name).group(0)) if _LEADING_DEBRIS.match(name) else 0
    while True:
        m = re.match(r"[\w.’'\-]+\s+", name[start:])
        if m is None:
            break
        word = fold(m.group(0))
        left = len(name[start + m.end():].split())
        if not (lex.has("alias_markers", word) or (lex.has("ranks", word) and left >= 2)):
            break
        start += m.end()
    return start, len(name.rstrip())


def alias_split(name: str) -> list[tuple[int, int]]:
    """'Ishfaq Dar alias Abu Akram' -> spans of 'Ishfaq Dar' and 'Abu Akram'; one span when no marker joins two names."""
    lex = people_lexicon()
    for m in re.finditer(r"(?<=\s)[\w.]+(?=\s)", name):
        if lex.has("alias_markers", fold(m.group(0))) and m.group(0).islower():
            return [(0, len(name[:m.start()].rstrip())), (m.end() + 1, len(name))]
    return [(0, len(name))]


def is_person_role(word: str) -> bool:
    """'commander', 'spokesman', 'veteran': a noun only a person holds."""
    return people_lexicon().has("person_roles", fold(word))


def is_name_particle(word: str) -> bool:
    """'al', 'bin', 'Ag', 'Abu': words after which a name runs on."""
    return people_lexicon().has("name_particles", fold(word))
