"""What kind of actor an organisation name is: armed group, other (a state body, outlet, institution) or nothing.

The registry is help, not a gate: a name no list holds is an armed group when its words say so
('the Macina Liberation Front'), when the text calls its members militants ('Shabab militants'),
or when the text defines it as one. State forces stay 'other'. Descriptors without a proper
name ('Fulani extremists', 'Maoists') are generic groups. Word lists: data/actor_types.json.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span as SpacySpan, Token

from .. import settings
from ..names import fold, variant_key

TYPES_FILE = "actor_types.json"


@dataclass(frozen=True)
class ActorLexicon:
    armed: re.Pattern
    strong: re.Pattern
    not_armed: re.Pattern
    state: re.Pattern
    army: re.Pattern
    insurgent: re.Pattern
    militant_nouns: frozenset
    not_group_nouns: frozenset
    collectives: frozenset
    qualifiers: frozenset
    wing_nouns: frozenset
    wing_armed: frozenset
    force_heads: re.Pattern
    force_generic: re.Pattern


def _words(pattern_words: list[str]) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(pattern_words) + r")(?!\w)", re.I)


@lru_cache(maxsize=1)
def actor_lexicon() -> ActorLexicon:
    data = json.loads((settings.data_dir() / TYPES_FILE).read_text(encoding="utf-8"))
    return ActorLexicon(
        armed=_words(data["armed_heads"]["words"]), strong=_words(data["strong_heads"]["words"]),
        not_armed=_words(data["not_armed"]["words"]), state=_words(data["state_forces"]["words"]),
        army=_words([data["state_army"]["army"]]), insurgent=_words(data["state_army"]["insurgent_words"]),
        militant_nouns=frozenset(data["militant_nouns"]["words"]),
        not_group_nouns=frozenset(data["not_group_nouns"]["words"]),
        collectives=frozenset(data["ideology_collectives"]["words"]),
        qualifiers=frozenset(data["ideology_qualifiers"]["words"]),
        wing_nouns=frozenset(data["armed_wings"]["nouns"]), wing_armed=frozenset(data["armed_wings"]["armed"]),
        force_heads=_words(data["national_forces"]["heads"]),
        force_generic=re.compile(r"(?:" + "|".join(data["national_forces"]["generic"]) + r")\Z", re.I))


@lru_cache(maxsize=1)
def _non_armed_names() -> frozenset:
    """State bodies, forces and international organisations from the Phoenix dictionaries (folded)."""
    from .registry import reference_data

    return frozenset(variant_key(name) for name, _code in reference_data().get("non_armed", []))


def is_state_force(name: str) -> bool:
    """'the Malian Armed Forces', 'US Central Command', 'the Pakistan Army': yes. 'Baloch Liberation Army': no."""
    lex = actor_lexicon()
    if lex.state.search(name):
        state = not (lex.army.search(name) and lex.insurgent.search(name) and not re.search(r"republic|ministry", name, re.I))
    else:
        state = bool(lex.army.search(name)) and not lex.insurgent.search(name)
    return state and not _forces_of_no_state(name, lex)


def _forces_of_no_state(name: str, lex: ActorLexicon) -> bool:
    """'the Ambazonia Defence Forces', 'Taliban forces': forces named by a word that is no country, no people of
    one and nothing generic (data/actor_types.json, national_forces)."""
    if not lex.force_heads.search(name) or lex.state.search(lex.force_heads.sub(" ", name)):
        return False
    from ..gazetteer.keys import name_key
    from ..gazetteer.world import world

    countries = world().country_of_name
    words = re.findall(r"[\w'’-]+", name)
    i = 0
    while i < len(words):
        country = next((n for n in (4, 3, 2, 1) if name_key(" ".join(words[i:i + n])) in countries), 0)
        if not country and words[i][0].isupper() and not lex.force_generic.match(words[i]):
            return True
        i += country or 1
    return False


def is_non_armed_name(name: str) -> bool:
    """A name the Phoenix dictionaries give a state body or international organisation ('African Union')."""
    return variant_key(name) in _non_armed_names()


def organisation_type(name: str, militant_context: bool = False) -> str | None:
    """'group', 'other' or None (not worth a mention) for an organisation name NER found and no registry holds."""
    lex = actor_lexicon()
    if _names_a_creed_or_people(name):
        return None                   # 'Islam', 'the Ummah', 'Kharijite', 'Uyghur': no organisation at all
    if is_non_armed_name(name) or is_state_force(name):
        return "other"
    if lex.not_armed.search(name):
        return "other"
    words = [w for w in fold(name).split() if w not in ("al", "el", "ul", "the")]
    if lex.armed.search(name) and (len(words) > 1 or militant_context):
        return "group"
    return "group" if militant_context else "other"


def _names_a_creed_or_people(name: str) -> bool:
    from .people import people_lexicon

    folded = fold(name)
    return any(people_lexicon().has(kind, folded) for kind in ("creeds", "peoples", "languages", "weapons"))


def person_named_group(name: str) -> bool:
    """A name NER took for a person that an armed-group word makes a group ('Harakat Khilafat Baluchi')."""
    lex = actor_lexicon()
    return len(re.split(r"[\s\-]+", name)) > 1 and bool(lex.strong.search(name)) and not lex.not_armed.search(name)


def followed_by_militant_noun(ent: SpacySpan) -> bool:
    """'Shabab militants', 'Houthi rebels', 'the TTP's fighters': the text calls the named body's members fighters."""
    doc = ent.doc
    i = ent.end
    if i < len(doc) and doc[i].text in ("'s", "’s", "'", "’"):
        i += 1
    return i < len(doc) and doc[i].lower_ in actor_lexicon().militant_nouns


# -- generic groups: descriptors without a proper name ------------------------------------------
@lru_cache(maxsize=4)
def _descriptor_matcher(vocab) -> Matcher:
    lex = actor_lexicon()
    # plural nouns only: 'a Nigerian militant' is a person, 'Nigerian militants' a generic group
    nouns = sorted(n for n in lex.militant_nouns - {"militias", "cadres", "mujahideen", "terrorists"}
                   if n.endswith(("s", "men")))
    matcher = Matcher(vocab)
    matcher.add("qualified", [
        [{"ENT_TYPE": "NORP", "OP": "+"}, {"LOWER": {"IN": nouns}}],
        [{"LOWER": {"IN": sorted(lex.qualifiers)}}, {"LOWER": {"IN": nouns}}],
    ])
    matcher.add("collective", [[{"LOWER": {"IN": sorted(lex.collectives)}}]])
    return matcher


def descriptor_spans(doc: Doc, is_named_group) -> list[SpacySpan]:
    """'Fulani extremists', 'Islamist militants', 'Maoists': the longest descriptor spans, none naming a known group.

    `is_named_group(text)` says whether a qualifier is itself a group's name ('Taliban fighters' are the Taliban's).
    """
    spans = []
    for _id, start, end in _descriptor_matcher(doc.vocab)(doc):
        span = doc[start:end]
        qualifier = doc[start:end - 1].text if end - start > 1 else ""
        if qualifier and is_named_group(qualifier):
            continue
        spans.append(span)
    spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
    out, last_end = [], -1
    for span in spans:
        if span.start >= last_end:
            out.append(span)
            last_end = span.end
    return out


# -- organisations with an armed wing ----------------------------------------------------------------
def armed_wing_owners(doc: Doc) -> list[Token]:
    """Words of the organisations whose armed wing the text names: 'the ALA, the armed wing of the Pan Africanist
    Congress', 'the party and its armed wing, the ALA', 'the movement's military wing'. Such a party or
    movement leads an armed group and is one itself."""
    lex = actor_lexicon()
    out = []
    for token in doc:
        if token.lemma_.lower() in lex.wing_nouns and token.pos_ == "NOUN" and any(
                c.dep_ in ("amod", "compound") and c.lower_ in lex.wing_armed for c in token.children):
            out.extend(_owners_of_wing(token))
    return out


def _owners_of_wing(wing: Token) -> list[Token]:
    from .arguments import owners

    found = owners(wing)
    if any(t.lower_ == "its" for t in found) and wing.dep_ == "conj":
        found.append(wing.head)          # 'the party and its armed wing'
    return [t for t in found if t.pos_ == "PROPN"]
