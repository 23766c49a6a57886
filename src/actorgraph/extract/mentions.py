"""Mentions of groups, people and places in a spaCy Doc, and abbreviations the text defines."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span as SpacySpan

from ..models import Mention, Span
from ..names import fold, is_acronym

ARMED_WORDS = re.compile(
    r"\b(?:group|groups|front|movement|army|brigades?|battalion|jamaa?t|jama'at|lashkar|tehri[kq]|tehreek|harakat|"
    r"jaysh|jaish|network|shura|taliban|taleban|state|caliphate|faction|militia|mujahideen|ansar|hizb|"
    r"khilafat|wilayat|qaeda|qaida|organization|organisation|insurgents?|rebels?|forces)\b", re.I)
STRONG_GROUP_WORDS = re.compile(
    r"\b(?:group|front|movement|army|brigades?|network|shura|taliban|tehri[kq]|tehreek|lashkar|jamaa?t|harakat|"
    r"jaysh|jaish|hizb|militia|mujahideen|faction|khilafat|wilayat)\b", re.I)
NOT_ARMED = re.compile(
    r"\b(?:university|ministry|times|post|news|agency|institute|council|committee|bank|government|parliament|"
    r"press|magazine|journal|center|centre|index|forum|school|college|embassy|office|company|corporation|"
    r"nations|union|assembly|court|police|congress|senate|department)\b", re.I)
PLACE_LABELS = {"GPE", "LOC", "FAC"}
# State forces are actors but not armed groups in this tool's sense: they stay 'other'.
STATE_FORCES = re.compile(r"\b(?:special\s+forces|army|air\s+force|navy|police|marines|armed\s+forces|military|"
                          r"security\s+forces|coalition|government|intelligence)\b", re.I)
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)
_TRAILING = re.compile(r"(?:['’]s|['’])$")


PERSON_APPOSITIVE = re.compile(
    r"^,\s+(?:an?|the)\s+(?:former\s+|senior\s+|top\s+)?(?:[\w\-’']+\s+){0,3}?(?:commander|leader|member|militant|cleric|"
    r"official|spokes(?:man|person)|emir|governor|fighter|ideologue|operative|founder|chief)\b", re.I)


def find_mentions(doc: Doc) -> list[Mention]:
    """Typed mentions from the ruler and NER, trimmed of articles and possessives."""
    out = []
    text = doc.text
    for ent in doc.ents:
        mention = _mention_of(ent)
        if mention is not None and mention.type in ("other", "group") and not mention.key \
                and PERSON_APPOSITIVE.match(text[mention.end:mention.end + 80]) and len(mention.text.split()) <= 3:
            mention = Mention(mention.start, mention.end, mention.text, "PERSON", "person", mention.sent_start,
                              mention.sent_end, mention.source)
        if mention is not None and not mention.key:
            mention = _registry_spelling(mention)
        if mention is not None:
            out.append(mention)
    return out


def _registry_spelling(m: Mention) -> Mention:
    """A name the ruler missed only by its spelling ('al-Qā’idah') is still the registry entry, with its type."""
    from .registry import load_registry, registry_key_of

    key = registry_key_of(m.text)
    if key is None or len(m.text) < 5:
        return m
    entry = load_registry().by_key()[key]
    return Mention(m.start, m.end, m.text, m.label, entry.type, m.sent_start, m.sent_end, "registry-variant", key)


def _mention_of(ent: SpacySpan) -> Mention | None:
    label = ent.label_
    key = ent.ent_id_ or None
    etype = _type_of(ent.text, label, key)
    if etype is None:
        return None
    start, end, text = _trim(ent.start_char, ent.end_char, ent.text)
    if not text or not any(c.isalpha() for c in text) or text.islower() or len(text) > 120:
        return None
    sent = ent.sent
    return Mention(start, end, text, label, etype, sent.start_char, sent.end_char,
                   source="ruler" if key else "ner", key=key)


# Words NER takes for people that name peoples, creeds or schools of law.
NOT_PEOPLE = frozenset(fold(w) for w in (
    "Afghan", "Pakistani", "Tajik", "Uzbek", "Turkmen", "Pashtun", "Baluch", "Baloch", "Uyghur", "Arab", "Kurd", "Hazara",
    "Shia", "Shi'a", "Sunni", "Salafi", "Wahhabi", "Wahhābī", "Hanafi", "Shafii", "Deobandi", "Sufi", "Khilafat", "Caliph",
    "Mujahid", "Taliban", "Emir", "Amir"))


def _looks_like_a_person(text: str) -> bool:
    words = text.split()
    if len(words) > 1:
        return True
    word = fold(text)
    return len(word) > 2 and not word.endswith("ism") and word not in NOT_PEOPLE


def _type_of(text: str, label: str, key: str | None) -> str | None:
    if label == "ARMED_GROUP":
        return "group"
    if label == "PERSON" and not key and not _looks_like_a_person(text):
        return None
    if label == "PERSON":
        if STRONG_GROUP_WORDS.search(text) and len(text.split()) > 1 and not key:
            return "group" if not NOT_ARMED.search(text) else None
        return "person"
    if label in PLACE_LABELS:
        return "place"
    if label in ("ORG", "NORP"):
        if key:
            return "other"
        if STATE_FORCES.search(text):
            return "other"
        if ARMED_WORDS.search(text) and not NOT_ARMED.search(text):
            return "group"
        return "other" if label == "ORG" else None
    return None


def _trim(start: int, end: int, text: str) -> tuple[int, int, str]:
    lead = _LEADING.match(text)
    if lead:
        start += lead.end()
        text = text[lead.end():]
    trail = _TRAILING.search(text)
    if trail:
        end -= len(trail.group(0))
        text = text[: -len(trail.group(0))]
    stripped = text.rstrip(" ,.;:-–\n\t")
    end -= len(text) - len(stripped)
    lead_space = len(stripped) - len(stripped.lstrip())
    return start + lead_space, end, stripped.strip()


# -- abbreviations ---------------------------------------------------------
_PAREN = re.compile(r"\(([^()\n]{2,14})\)")


def find_abbreviations(doc: Doc) -> list[tuple[str, str, Span]]:
    """'Tehreek-e-Taliban Pakistan (TTP)' -> ('TTP', 'Tehreek-e-Taliban Pakistan', span of the long form)."""
    text = doc.text
    found = []
    for m in _PAREN.finditer(text):
        short = m.group(1).strip()
        if not is_acronym(short):
            continue
        long_span = _long_form(text, m.start(), short)
        if long_span is not None:
            found.append((short, text[long_span[0]:long_span[1]], long_span))
    return found


def _long_form(text: str, paren_start: int, short: str) -> Span | None:
    """The shortest run of words before the parenthesis whose letters spell the short form in order."""
    window_start = max(0, text.rfind("\n", 0, paren_start) + 1)
    before = text[window_start:paren_start].rstrip()
    words = list(re.finditer(r"[\w’'\-]+", before))
    letters = [c.lower() for c in short if c.isalnum()]
    limit = min(len(letters) + 5, len(letters) * 2 + 1)
    for n in range(1, min(limit, len(words)) + 1):
        candidate = before[words[-n].start():]
        if "(" in candidate or ")" in candidate or short in candidate:
            return None
        if _spells(letters, candidate) and candidate[0].isupper():
            start = window_start + words[-n].start()
            return start, window_start + len(before)
    return None


def _spells(letters: list[str], candidate: str) -> bool:
    """Schwartz–Hearst test: the short form's characters occur in order, the first at a word start."""
    long = candidate.lower()
    i = len(long) - 1
    for k in range(len(letters) - 1, -1, -1):
        ch = letters[k]
        while i >= 0 and (long[i] != ch or (k == 0 and i > 0 and long[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return False
        i -= 1
    first_words = re.findall(r"[\w’']+", candidate)
    return bool(first_words) and first_words[0][0].lower() == letters[0]


def initials_spell(short: str, long: str) -> bool:
    """Strict test: the short form is the initials of the long form's words ('e', 'of', 'the' may be skipped)."""
    letters = [c.lower() for c in short if c.isalpha()]
    words = [w for w in re.split(r"[\s\-/]+", long) if w]

    def match(i: int, j: int) -> bool:
        if i == len(letters):
            return j == len(words)
        if j == len(words):
            return False
        if words[j][0].lower() == letters[i] and match(i + 1, j + 1):
            return True
        return words[j].lower() in SKIPPABLE and match(i, j + 1)

    return match(0, 0)


SKIPPABLE = {"e", "i", "ul", "al", "of", "the", "and", "in", "for", "wa", "el", "ut", "ud", "an", "a", "de"}


def long_form_mentions(doc: Doc, abbreviations, mentions: list[Mention], key_of_name) -> list[Mention]:
    """A defined long form is one mention ('Al-Qaeda in the Indian Subcontinent'), replacing the pieces NER saw."""
    out = list(mentions)
    for _short, long, (start, end) in abbreviations:
        if any(m.start == start and m.end == end for m in out):
            continue
        inside = [m for m in out if start <= m.start and m.end <= end]
        if any(m.start < end and start < m.end and not (start <= m.start and m.end <= end) for m in out):
            continue
        key = key_of_name(long)
        etype = max((m.type for m in inside), key=lambda t: {"group": 3, "person": 2, "place": 1}.get(t, 0),
                    default=None)
        if key is None and etype in (None, "place", "other", "person"):
            etype = _type_of(long, "ORG", None)
        if etype is None:
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        sent = span.sent if span is not None else None
        out = [m for m in out if m not in inside]
        out.append(Mention(start, end, long, "ABBR_LONG", etype, sent.start_char if sent else start,
                           sent.end_char if sent else end, source="abbreviation", key=key))
    return sorted(out, key=lambda m: m.start)


def abbreviation_mentions(doc: Doc, abbreviations, mentions: list[Mention]) -> list[Mention]:
    """Mentions for every use of a defined short form that NER and the ruler missed."""
    covered = [(m.start, m.end) for m in mentions]
    out = []
    text = doc.text
    for short, _long, _span in abbreviations:
        for m in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text):
            if any(s < m.end() and m.start() < e for s, e in covered):
                continue
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            sent = span.sent if span is not None else None
            out.append(Mention(m.start(), m.end(), short, "ABBR", "group",
                               sent.start_char if sent else m.start(), sent.end_char if sent else m.end(),
                               source="abbreviation"))
            covered.append((m.start(), m.end()))
    return out


def description_mentions(doc: Doc, mentions: list[Mention], descriptions) -> list[Mention]:
    """Descriptive names from the registry ('the Afghan wing of ISIS' is ISKP) replace the names inside them."""
    out = list(mentions)
    text = doc.text
    for key, pattern in descriptions:
        for m in pattern.finditer(text):
            start, end, text = _trim(m.start(), m.end(), m.group(0))
            inside = [x for x in out if start <= x.start and x.end <= end]
            if any(x.start < end and start < x.end and x not in inside for x in out):
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            sent = span.sent if span is not None else None
            out = [x for x in out if x not in inside]
            out.append(Mention(start, end, text, "ARMED_GROUP", "group", sent.start_char if sent else start,
                               sent.end_char if sent else end, source="description", key=key))
    return sorted(out, key=lambda x: x.start)
