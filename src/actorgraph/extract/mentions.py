"""Mentions of groups, people and places in a spaCy Doc, and abbreviations the text defines."""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc, Span as SpacySpan

from ..gazetteer import split_unit
from ..models import Mention, Span
from ..names import is_acronym
from .actors import descriptor_spans, followed_by_militant_noun, is_state_force, organisation_type, person_named_group
from .arguments import holders
from .people import alias_split, context_says, is_name_particle, is_person_role, name_core, not_a_person
from .screen import mention_rules

PLACE_LABELS = {"GPE", "LOC", "FAC"}
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)
_TRAILING = re.compile(r"(?:['’]s|['’])$")
_PLACE_HEADS = re.compile(r"\b(?:district|province|village|town|city|county|region|valley|camp|barangay|brgy|sitio|"
                          r"purok|municipality|tehsil|mandi|bazaar|market|road|bridge|airport|checkpoint)\b", re.I)


PERSON_APPOSITIVE = re.compile(
    r"^,\s+(?:an?|the)\s+(?:former\s+|senior\s+|top\s+)?(?:[\w\-’']+\s+){0,3}?(?:commander|leader|member|militant|cleric|"
    r"official|spokes(?:man|person)|emir|governor|fighter|ideologue|operative|founder|chief)\b", re.I)


PERSON_BEFORE = re.compile(
    r"\b(?:commander|leader|spokes(?:man|person)|emir|governor|ideologue|operative|founder|chief|deputy)s?\b"
    r"[^,.;:()\n]{0,40},\s*$", re.I)


def find_mentions(doc: Doc) -> list[Mention]:
    """Typed mentions from the ruler and NER, trimmed of articles and possessives; split names joined."""
    out: list[Mention] = []
    covered_to = -1
    text = doc.text   # spaCy rebuilds doc.text on every access: read it once
    role_held = _role_holders(doc)
    people: set[str] = set()        # names a role or an apposition shows to be a person's
    for ent in doc.ents:
        if ent.start_char < covered_to:
            continue                  # the rest of a name already joined ('Ghaly' after 'Iyad Ag')
        if ent.label_ == "PERSON" and not ent.ent_id_:
            ent = joined_name(ent)
            covered_to = ent.end_char
        for mention in _mentions_of(ent):
            if _person_by_apposition(text, mention) or _person_by_role(doc, mention, role_held):
                mention = Mention(mention.start, mention.end, mention.text, "PERSON", "person", mention.sent_start,
                                  mention.sent_end, mention.source)
                people.add(mention.text)
            out.append(_with_name_prefix(doc, mention) if mention.key else _registry_spelling(mention))
    return _places_stay_places(out, people)


def _with_name_prefix(doc: Doc, m: Mention) -> Mention:
    """'the Ezzedine Al-Qassam Brigades': a registry name the text writes with more of the name before it (proper
    nouns the parser attaches to the name, with no entity of their own) is mentioned whole."""
    if m.type != "group" or not doc.has_annotation("DEP"):
        return m
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return m
    first = span.start
    while first > span.sent.start and _name_prefix(doc[first - 1], span.root):
        first -= 1
    if first == span.start:
        return m
    start = doc[first].idx
    return Mention(start, m.end, doc.text[start:m.end], m.label, m.type, m.sent_start, m.sent_end, m.source, m.key)


def _name_prefix(token, root) -> bool:
    return token.pos_ == "PROPN" and token.dep_ == "compound" and token.head.i == root.i and token.is_title \
        and not token.ent_type_ and not token.is_sent_start


def _person_by_apposition(text: str, m: Mention) -> bool:
    """'Moawiya, a former commander': a name NER took for an organisation is a person when an appositive says so."""
    return _could_be_person(m) and bool(PERSON_APPOSITIVE.match(text[m.end:m.end + 80]))


def _role_holders(doc: Doc) -> set[int]:
    """Tokens a noun only a person holds describes: 'LeT commanders Tariq and Wasim', 'X was named deputy
    ameer', 'X is a veteran of the war'."""
    if not doc.has_annotation("DEP"):
        return set()
    out: set[int] = set()
    for token in doc:
        if token.pos_ in ("NOUN", "PROPN") and is_person_role(token.lemma_):
            for holder in holders(token):
                out.update(t.i for t in (holder, *holder.conjuncts))
    return out


def _person_by_role(doc: Doc, m: Mention, role_held: set[int]) -> bool:
    """A name NER took for an organisation that a person's role noun describes, in the parse or right before
    it ('one of the top commanders of the movement, Warsame Commandos'), is a person's."""
    if not (_could_be_person(m) and not person_named_group(m.text)):
        return False
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return (span is not None and any(t.i in role_held for t in span)) or bool(
        PERSON_BEFORE.search(doc.text[max(0, m.start - 80):m.start]))


def _could_be_person(m: Mention) -> bool:
    return (m.type in ("other", "group") and not m.key and m.label == "ORG" and len(m.text.split()) <= 3
            and not is_acronym(m.text) and not is_state_force(m.text) and not_a_person(m.text) is None)


def _places_stay_places(mentions: list[Mention], people: set[str]) -> list[Mention]:
    """A name the document uses as a place anywhere ('in Patikul'), or as an organisation as often as a person
    ('Russia and Wagner'), is one wherever NER called it a person; a name the text shows to be a person's
    ('LeT commanders Tariq and Wasim') is a person's wherever NER called it an organisation."""
    votes: dict[str, Counter] = {}
    for m in mentions:
        if m.type == "place" and split_unit(m.text)[1]:   # 'Kunar province' makes 'Kunar' a place
            votes.setdefault(split_unit(m.text)[0], Counter())["place"] += 1
        if not m.key and m.type in ("person", "place", "other"):
            votes.setdefault(m.text, Counter())[m.type] += 1
    out = []
    for m in mentions:
        count = votes.get(m.text)
        if m.text in people and m.type == "other" and not m.key and not count["place"]:
            m = Mention(m.start, m.end, m.text, "PERSON", "person", m.sent_start, m.sent_end, m.source)
        elif m.type == "person" and not m.key and count and m.text not in people and (
                count["place"] or count["other"] >= count["person"]):
            etype = "place" if count["place"] else "other"
            m = Mention(m.start, m.end, m.text, "GPE" if etype == "place" else "ORG", etype, m.sent_start, m.sent_end,
                        m.source)
        out.append(m)
    return out


def joined_name(ent: SpacySpan) -> SpacySpan:
    """A person's name NER cut after a particle ('Iyad Ag' + 'Ghaly', 'Abu Mohammad al' + '-Julani') runs on."""
    doc = ent.doc
    end = ent.end
    while end < len(doc):
        prev, tok = doc[end - 1], doc[end]
        after_particle = is_name_particle(prev.text) or (prev.text == "-" and end - 2 >= ent.start
                                                          and is_name_particle(doc[end - 2].text))
        if after_particle and (tok.is_title or tok.text == "-") and tok.ent_type_ in ("", "PERSON", "ORG", "GPE"):
            end += 1
            continue
        if _hyphen_article_at(doc, end):
            end += 3
            continue
        break
    return ent if end == ent.end else SpacySpan(doc, ent.start, end, label=ent.label_)


def _hyphen_article_at(doc, i: int) -> bool:
    """'ash-Shamali', 'ad-Dawsari' right after a name: the article joined by a hyphen to a capitalised word."""
    return i + 2 < len(doc) and doc[i].lower_ in mention_rules().hyphen_articles and doc[i + 1].text == "-" \
        and not doc[i].whitespace_ and doc[i + 2].is_title and doc[i].ent_type_ in ("", "PERSON") \
        and doc[i + 2].ent_type_ in ("", "PERSON")


def _registry_spelling(m: Mention) -> Mention:
    """A name the ruler missed only by its spelling ('al-Qā’idah') is still the registry entry, with its type."""
    from .registry import load_registry, registry_key_of

    key = registry_key_of(m.text)
    if key is None or len(m.text) < 5:
        return m
    entry = load_registry().by_key()[key]
    return Mention(m.start, m.end, m.text, m.label, entry.type, m.sent_start, m.sent_end, "registry-variant", key)


def _mentions_of(ent: SpacySpan) -> list[Mention]:
    key = ent.ent_id_ or None
    start, end, text = _trim(ent.start_char, ent.end_char, ent.text)
    if not text or not any(c.isalpha() for c in text) or text.islower() or len(text) > 120:
        return []
    if not key and ((ent.label_ == "PERSON" and not person_named_group(text)) or len(alias_split(text)) > 1):
        return _person_mentions(ent, start, text)
    etype = _type_of(ent, text, key)
    if etype is None:
        return []
    return [_mention(ent, start, end, text, ent.label_, etype, key)]


def _mention(ent: SpacySpan, start: int, end: int, text: str, label: str, etype: str, key=None) -> Mention:
    sent = ent.sent
    return Mention(start, end, text, label, etype, sent.start_char, sent.end_char,
                   source="ruler" if key else "ner", key=key)


def _person_mentions(ent: SpacySpan, start: int, text: str) -> list[Mention]:
    """A PERSON span as one or two names ('X alias Y'), each trimmed of ranks and checked as a person's name."""
    out = []
    for part_start, part_end in alias_split(text):
        part = text[part_start:part_end]
        core_start, core_end = name_core(part)
        name = part[core_start:core_end].strip()
        if not name:
            continue
        name_start = start + part_start + core_start
        if _site_after(ent, name_start + len(name)):
            site_word = ent.doc[ent.end]      # 'the Khomeini shrine' is the site
            name = f"{name}{ent.doc[ent.end - 1].whitespace_}{site_word.text}"
            out.append(_mention(ent, name_start, name_start + len(name), name, "FAC", "place"))
            continue
        etype, label = _person_or_what(ent, name, name_start)
        if etype:
            out.append(_mention(ent, name_start, name_start + len(name), name, label, etype))
    return out


def _site_after(ent: SpacySpan, name_end: int) -> bool:
    """A site noun right after a person's name ('the Khomeini shrine')."""
    doc = ent.doc
    return ent.end_char == name_end and ent.end < len(doc) and doc[ent.end].lower_ in mention_rules().sites


def _person_or_what(ent: SpacySpan, name: str, start: int) -> tuple[str | None, str]:
    """('person', 'PERSON') for a person's name; a place or an institution NER took for one; (None, '') for junk."""
    from .registry import is_known_place

    window = ent.doc[max(0, ent.start - 40):ent.end + 30]   # the words around it, not the whole rebuilt doc.text
    at = start - window.start_char
    cue = context_says(window.text, at, at + len(name)) or _listed_with_places(ent)
    if cue:
        return cue, "GPE" if cue == "place" else "ORG"
    reason = not_a_person(name, is_known_place)
    if reason is None:
        return "person", "PERSON"
    if reason == "place" or (reason == "non_person_heads" and _PLACE_HEADS.search(name)):
        return "place", "GPE"
    if reason in ("non_person_heads", "media"):
        return "other", "ORG"
    return None, ""


def _listed_with_places(ent: SpacySpan) -> str | None:
    """'Kirkuk, Diyala, and Salahaddin', 'Diyala's Miqdadiyah': a name listed with places, or a place's, is a place."""
    doc = ent.doc
    left, right = ent.start - 1, ent.end
    while left >= 0 and doc[left].text in (",", "and", "or", "'s", "’s") and ent.start - left <= 2:
        left -= 1
    while right < len(doc) and doc[right].text in (",", "and", "or") and right - ent.end < 2:
        right += 1
    neighbours = [doc[i] for i, moved in ((left, left < ent.start - 1), (right, right > ent.end))
                  if moved and 0 <= i < len(doc)]
    return "place" if neighbours and all(t.ent_type_ in PLACE_LABELS for t in neighbours) else None


def _type_of(ent: SpacySpan, text: str, key: str | None) -> str | None:
    label = ent.label_
    if label == "ARMED_GROUP":
        return "group"
    if label == "PERSON":
        return "person" if key else "group"
    if label in PLACE_LABELS:
        return "place"
    if label in ("ORG", "NORP"):
        if key:
            return "other"
        if label == "NORP":     # 'Pashtun fighters' are a generic group (descriptor_mentions), not 'Pashtun'
            return "group" if organisation_type(text) == "group" else None
        return organisation_type(text, followed_by_militant_noun(ent))
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
            etype = organisation_type(long)
        if etype is None:
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        sent = span.sent if span is not None else None
        out = [m for m in out if m not in inside]
        out.append(Mention(start, end, long, "ABBR_LONG", etype, sent.start_char if sent else start,
                           sent.end_char if sent else end, source="abbreviation", key=key))
    return sorted(out, key=lambda m: m.start)


def abbreviation_mentions(doc: Doc, abbreviations, mentions: list[Mention]) -> list[Mention]:
    """Mentions for every use of a defined short form that NER and the ruler missed, typed as its long form."""
    covered = [(m.start, m.end) for m in mentions]
    out = []
    for short, long, span in abbreviations:
        etype = _long_form_type(mentions, long, span)
        if etype is None:
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", doc.text):
            if any(s < m.end() and m.start() < e for s, e in covered):
                continue
            found = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            sent = found.sent if found is not None else None
            out.append(Mention(m.start(), m.end(), short, "ABBR", etype,
                               sent.start_char if sent else m.start(), sent.end_char if sent else m.end(),
                               source="abbreviation"))
            covered.append((m.start(), m.end()))
    return out


def _long_form_type(mentions: list[Mention], long: str, span: Span) -> str | None:
    at = next((m for m in mentions if m.start <= span[0] < m.end), None)
    return at.type if at is not None else organisation_type(long)


def description_mentions(doc: Doc, mentions: list[Mention], descriptions) -> list[Mention]:
    """Descriptive names from the registry ('the Afghan wing of ISIS' is ISKP) replace the names inside them."""
    out = list(mentions)
    for key, pattern in descriptions:
        for m in pattern.finditer(doc.text):
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


_MEMBERS_OF = re.compile(r"\s+(?:of|from|in|with|within|inside|loyal to)\s+(?:the\s+)?")


def descriptor_mentions(doc: Doc, mentions: list[Mention], is_named_group) -> list[Mention]:
    """Generic groups the text names without a proper name ('Fulani extremists', 'Islamist militants', 'Maoists').

    A descriptor overlapping a group or person mention is left to it ('Taliban fighters' are the Taliban), and
    one that names a group's members ('Pashtun fighters of ISKP') is no group of its own.
    """
    out = list(mentions)
    group_starts = {m.start for m in mentions if m.type == "group"}
    text = doc.text
    for span in descriptor_spans(doc, is_named_group):
        start, end = span.start_char, span.end_char
        overlapped = [m for m in out if m.start < end and start < m.end]
        if any(m.type in ("group", "person") for m in overlapped):
            continue
        member_of = _MEMBERS_OF.match(text, end)
        if member_of and member_of.end() in group_starts:
            continue
        sent = span.sent
        out = [m for m in out if m not in overlapped]
        out.append(Mention(start, end, span.text, "GENERIC_GROUP", "group", sent.start_char, sent.end_char,
                           source="descriptor"))
    return sorted(out, key=lambda m: m.start)
