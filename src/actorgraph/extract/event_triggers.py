"""Words that report a violent incident, from the rules in patterns/event_triggers.json, read over the parse.

A trigger is a token: a verb ('attacked', 'opened fire', 'set fire to', 'blew up') or a noun ('the blast',
'an ambush', 'a drone strike'). A trigger that is negated, hypothetical, habitual or only a modifier
('attack helicopters') reports no incident and is not returned.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

RULES_FILE = Path(__file__).resolve().parent / "patterns" / "event_triggers.json"

# Verbs whose complement is not (yet) an incident: 'threatened to attack', 'plans to bomb'.
IRREALIS_HEADS = frozenset("""threaten plan vow intend want aim plot prepare seek warn fear hope promise pledge
urge call decide expect try""".split())
MODALS = frozenset("could would may might will shall should can must".split())
# Weapons and manners that make a plain 'attack' more specific.
SUBTYPE_CUES = (
    ("suicide bombing", frozenset({"suicide", "self-immolation"})),
    ("bombing", frozenset("""bomb bombing explosive explosives ied grenade mine landmine vbied car-bomb device
                         blast explosion detonate explode""".split())),
    ("shelling", frozenset("rocket rockets mortar mortars artillery shell shells missile missiles".split())),
    ("armed assault", frozenset("gun guns gunfire firearm firearms rifle rifles gunman gunmen bullet bullets shoot".split())),
    ("kidnapping", frozenset("abduct kidnap hostage hostages abduction kidnapping".split())),
    ("arson", frozenset("arson torch fire ablaze".split())),
)
GENERIC_SUBTYPES = frozenset({"attack", "killing"})


@dataclass(frozen=True)
class TriggerRule:
    name: str
    type: str
    subtype: str
    lemmas: frozenset
    pos: frozenset
    object: frozenset = frozenset()
    particle: frozenset = frozenset()
    subject: frozenset = frozenset()
    compound: frozenset = frozenset()
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Trigger:
    token: Token
    rule: TriggerRule
    subtype: str

    @property
    def type(self) -> str:
        return self.rule.type

    @property
    def is_noun(self) -> bool:
        return self.token.pos_ in ("NOUN", "PROPN")


@lru_cache(maxsize=1)
def trigger_rules() -> tuple[TriggerRule, ...]:
    data = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    rules = []
    for item in data["triggers"]:
        rules.append(TriggerRule(
            item["name"], item["type"], item["subtype"], frozenset(item["lemmas"]), frozenset(item["pos"]),
            frozenset(item.get("object", ())), frozenset(item.get("particle", ())), frozenset(item.get("subject", ())),
            frozenset(item.get("compound", ())), tuple(item.get("examples", ())), tuple(item.get("counter_examples", ()))))
    # rules with a required modifier are the more specific reading of the same word: try them first
    return tuple(sorted(rules, key=lambda r: not (r.compound or r.object or r.particle or r.subject)))


def find_triggers(doc: Doc) -> list[Trigger]:
    """Every token of a parsed document that reports an incident that happened."""
    out = []
    for token in doc:
        rule = _matching_rule(token)
        if rule is not None and _reports_an_occurrence(token, rule):
            out.append(Trigger(token, rule, refine_subtype(token, rule.subtype)))
    return out


def _matching_rule(token: Token) -> TriggerRule | None:
    lemma = token.lemma_.lower()
    for rule in trigger_rules():
        if lemma in rule.lemmas and token.pos_ in rule.pos and _has_required(token, rule):
            return rule
    return None


def _has_required(token: Token, rule: TriggerRule) -> bool:
    children = list(token.children)
    lemmas = {c.lemma_.lower() for c in children}
    if rule.object and not (lemmas & rule.object or any(c.lemma_.lower() in rule.object for c in _grandchildren(token))):
        return False
    if rule.particle and not any(c.dep_ == "prt" and c.lemma_.lower() in rule.particle for c in children):
        return False
    if rule.subject and not any(c.dep_ in ("nsubj", "nsubjpass") and _head_words(c) & rule.subject for c in children):
        return False
    if rule.compound and not any(c.dep_ in ("compound", "amod", "nmod") and c.lower_ in rule.compound for c in children):
        return False
    return True


def _grandchildren(token: Token):
    for child in token.children:
        if child.dep_ == "prep":
            yield from child.children


def _head_words(token: Token) -> set[str]:
    return {token.lemma_.lower()} | {c.lemma_.lower() for c in token.children if c.dep_ == "compound"}


def _reports_an_occurrence(token: Token, rule: TriggerRule) -> bool:
    if token.pos_ == "VERB":
        return _verb_occurred(token)
    return _noun_occurred(token, rule)


def _verb_occurred(verb: Token) -> bool:
    """Past or passive, not negated, not modal, not the complement of 'threatened'/'plans'."""
    if verb.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False   # 'the group attacks convoys': a habit, not an incident
    if verb.tag_ == "VB" and not _complement_of_attempt(verb):
        return False   # a bare infinitive: 'to attack', 'will attack'
    for word in (verb, *_clause_chain(verb)):
        if any(c.dep_ == "neg" for c in word.children):
            return False
        if any(c.dep_ == "aux" and c.lower_ in MODALS for c in word.children):
            return False
    return not (verb.dep_ == "xcomp" and verb.head.lemma_.lower() in IRREALIS_HEADS)


def _complement_of_attempt(verb: Token) -> bool:
    """'attempted to abduct', 'tried to storm': an attempt is still an incident."""
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("attempt", "try") and verb.head.tag_ in ("VBD", "VBN")


def _clause_chain(verb: Token):
    """The verbs a participle or coordinated verb leans on ('killing' in 'attacked X, killing Y')."""
    word = verb
    while word.dep_ in ("conj", "xcomp", "advcl") and word.head != word:
        word = word.head
        yield word


def _noun_occurred(noun: Token, rule: TriggerRule) -> bool:
    if noun.dep_ == "compound" and noun.head.lemma_.lower() not in rule.lemmas:
        return False   # 'attack helicopters', 'bomb squad'
    if any(c.dep_ == "det" and c.lower_ in ("no", "any") for c in noun.children):
        return False
    if noun.lemma_.lower() == "attack" and any(c.lower_ in ("heart", "panic", "asthma") for c in noun.children):
        return False
    return True


def refine_subtype(token: Token, subtype: str) -> str:
    """A plain 'attack' or 'killing' takes the manner its words give: 'suicide attack', 'rocket attack'."""
    if subtype not in GENERIC_SUBTYPES and subtype != "bombing":
        return subtype
    words = {t.lower_ for t in _nearby(token)} | {t.lemma_.lower() for t in _nearby(token)}
    for refined, cues in SUBTYPE_CUES:
        if words & cues:
            if subtype == "bombing" and refined != "suicide bombing":
                return subtype
            return refined
    return subtype


def _nearby(token: Token):
    """The trigger's own phrase and its clause's subject and objects."""
    yield from token.subtree if token.pos_ in ("NOUN", "PROPN") else token.children
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj", "agent", "prep"):
            yield from child.subtree
    if token.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass"):
        head = token.head if token.dep_ != "pobj" else token.head.head
        yield head
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                yield from child.subtree
