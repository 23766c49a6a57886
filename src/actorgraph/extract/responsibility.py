"""Who did it, and who says so: claims of responsibility, attributions, suspicions and denials, read over the parse.

"X claimed responsibility for the attack" (claimed), "sources attributed the attack to X", "officials blamed X"
(attributed), "suspected X militants", "X is believed to be behind" (alleged), "X denied involvement" (denied),
"No group claimed responsibility" (explicitly unknown: no statement). The statement names what it is about
('the attack', 'the incident', 'the bombings') so the caller can join it to the incident it refers to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from spacy.tokens import Span, Token


class Actors(Protocol):
    """How the caller finds groups: a mention under a token, or a proper name no mention covers."""

    def group_at(self, token: Token) -> tuple[int, int] | None: ...

    def name_of(self, head: Token) -> tuple[int, int] | None: ...


class MentionsOnly:
    def __init__(self, group_at):
        self.group_at = group_at

    def name_of(self, head: Token):
        return None

CLAIM_VERBS = frozenset("claim accept take bear assume admit".split())
CLAIM_OBJECTS = frozenset("responsibility credit".split())
CLAIMED_THINGS = frozenset("""attack attacks bombing bombings blast blasts explosion killing killings assault raid
ambush kidnapping abduction operation operations assassination massacre strike""".split())
CARRY_OUT = frozenset("carry conduct launch stage mount execute perpetrate orchestrate".split())
ATTRIBUTE_VERBS = frozenset("attribute blame link tie".split())
SUSPECT_WORDS = frozenset("suspect suspected alleged believe believed think thought presume presumed".split())
DENY_VERBS = frozenset("deny reject disown".split())
DENIED_THINGS = frozenset("involvement responsibility role part link links hand".split())
ATTACKERS = frozenset("attacker assailant gunman perpetrator bomber kidnapper abductor".split())
AGENT_OF_NOUNS = frozenset("attack attacks assault offensive raid raids incursion".split())
SPEAKERS = frozenset("""official officials police spokesman spokesperson source sources authority authorities army
military ministry government governor witness witnesses resident residents""".split())


@dataclass(frozen=True)
class Responsibility:
    group: tuple[int, int]       # the group's mention span
    modality: str                # claimed, attributed, alleged, asserted, denied
    token: Token                 # the word that states it ('claimed', 'attributed', 'suspected')
    about: Token | None = None   # the incident word it names ('attack', 'incident'), when it names one


def responsibility_statements(sentence: Span, actors: Actors) -> list[Responsibility]:
    """Claims and attributions may name a group no mention covers ('The Front for X claimed...'): `actors.name_of`."""
    out: list[Responsibility] = []
    mentions_only = MentionsOnly(actors.group_at)
    out.extend(_headline_claims(sentence, actors))
    for token in sentence:
        out.extend(_claims(token, actors))
        out.extend(_attributions(token, actors))
        out.extend(_denials(token, mentions_only))
        out.extend(_suspicions(token, mentions_only))
    return _dedupe(out)


def _headline_claims(sentence: Span, actors: Actors) -> list[Responsibility]:
    """Headline wording the parser misreads: 'Al-Shabaab claims responsibility for Mogadishu attack',
    'BLA claims attack on soldiers' — a group name right before 'claim(s)', then what it claims."""
    out = []
    for token in sentence:
        if token.lemma_.lower() != "claim" or token.i == sentence.start:
            continue
        following = token.doc[token.i + 1:min(token.i + 4, sentence.end)]
        if not any(t.lemma_.lower() in CLAIM_OBJECTS | CLAIMED_THINGS for t in following):
            continue
        group = actors.group_at(token.doc[token.i - 1])
        if group is not None and group[1] <= token.idx:
            about = next((t for t in following if t.lemma_.lower() in CLAIMED_THINGS), None)
            out.append(Responsibility(group, "claimed", token, about))
    return out


def _claims(verb: Token, actors: Actors) -> list[Responsibility]:
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB":
        return []
    if lemma in CLAIM_VERBS:
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is None:
            return []
        names_responsibility = obj.lemma_.lower() in CLAIM_OBJECTS
        names_incident = lemma == "claim" and obj.lemma_.lower() in CLAIMED_THINGS
        if not (names_responsibility or names_incident) or _negated(verb):
            return []
        about = _about(obj) if names_responsibility else obj
        return [Responsibility(g, "claimed", verb, about) for g in _groups_in(_subjects(verb), actors)]
    if lemma == "say" and not _negated(verb):
        # 'X said (in a statement) that its fighters carried out the attack'
        for comp in (c for c in verb.children if c.dep_ == "ccomp"):
            if comp.lemma_.lower() in CARRY_OUT or (comp.lemma_.lower() == "be" and _behind(comp)):
                about = next((c for c in comp.children if c.dep_ in ("dobj", "attr")), None)
                speakers = _groups_in(_subjects(verb), actors)
                speaker_is_group = bool(speakers)
                modality = "claimed" if speaker_is_group else "attributed"
                actors = speakers if speaker_is_group and _self_reference(comp) else _groups_in(_subjects(comp), actors)
                return [Responsibility(g, modality, verb, about) for g in actors]
    return []


def _attributions(verb: Token, actors: Actors) -> list[Responsibility]:
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB" or lemma not in ATTRIBUTE_VERBS or _negated(verb):
        return []
    groups, about = [], None
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "on", "with")):
        groups += _groups_in([c for c in prep.children if c.dep_ == "pobj"], actors)
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if lemma == "blame" and not groups:
        groups = _groups_in(objects, actors)   # 'officials blamed X for the attack'
        about = next((p for p in verb.children if p.dep_ == "prep" and p.lower_ == "for"), None)
        about = next((c for c in about.children if c.dep_ == "pobj"), None) if about is not None else None
    else:
        about = objects[0] if objects else None
    modality = "alleged" if lemma in ("link", "tie") else "attributed"
    return [Responsibility(g, modality, verb, about) for g in groups]


def _denials(verb: Token, actors: Actors) -> list[Responsibility]:
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in DENY_VERBS:
        return []
    objects = [c for c in verb.children if c.dep_ in ("dobj", "xcomp", "ccomp")]
    if not any(o.lemma_.lower() in DENIED_THINGS | CARRY_OUT | CLAIMED_THINGS or o.lemma_.lower() == "be" for o in objects):
        return []
    about = next((c for o in objects for c in o.subtree if c.lemma_.lower() in CLAIMED_THINGS | {"incident"}), None)
    return [Responsibility(g, "denied", verb, about) for g in _groups_in(_subjects(verb), actors)]


def _suspicions(token: Token, actors: Actors) -> list[Responsibility]:
    """'suspected X militants', 'militants believed to be from X', 'X is suspected of carrying out'."""
    lemma = token.lemma_.lower()
    if lemma not in SUSPECT_WORDS:
        return []
    if token.dep_ == "amod":
        return [Responsibility(g, "alleged", token) for g in _groups_in([token.head], actors)]
    if token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN"):
        # 'gunmen believed to be Boko Haram fighters'
        return [Responsibility(g, "alleged", token) for g in _groups_in([token], actors, skip=token.head)]
    if token.pos_ == "VERB" and any(c.dep_ == "nsubjpass" for c in token.children):
        about = next((c for c in token.subtree if c.lemma_.lower() in CLAIMED_THINGS | {"incident"}), None)
        subjects = [c for c in token.children if c.dep_ == "nsubjpass"]
        if any(s.lemma_.lower() in ATTACKERS for s in subjects):
            # 'the attackers were suspected Taliban militants'
            named = [c for c in token.children if c.dep_ in ("dobj", "attr", "oprd")]
            return [Responsibility(g, "alleged", token, about) for g in _groups_in(named, actors)]
        if about is not None or any(c.lemma_.lower() in ("behind", "responsible") for c in token.subtree):
            return [Responsibility(g, "alleged", token, about) for g in _groups_in(subjects, actors)]
    return []


def agents(trigger: Token, actors: Actors) -> list[Responsibility]:
    """The group that carried out the incident by the syntax of its trigger: subject, 'by X', 'X's attack'."""
    heads: list[Token] = []
    if trigger.pos_ == "VERB":
        heads += [c for c in trigger.children if c.dep_ == "nsubj"]
        heads += [p for c in trigger.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if not heads and trigger.dep_ in ("conj", "advcl") and trigger.head.pos_ == "VERB":
            heads += [c for c in trigger.head.children if c.dep_ == "nsubj"]   # 'stormed ... and abducted'
    else:
        # 'the Taliban attack', 'ISWAP's raid', 'an attack by/of X'; a possessive pronoun ('its first attack')
        # says too little about whose the attack was
        heads += [c for c in trigger.children if c.dep_ in ("poss", "compound", "nmod") and c.pos_ != "PRON"]
        heads += [p for c in trigger.children if c.dep_ == "prep" and c.lower_ == "by" for p in c.children]
        if trigger.lemma_.lower() in AGENT_OF_NOUNS:   # 'attacks of ISKP fighters'; but 'the killing of X' names the victim
            heads += [p for c in trigger.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
        if trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in CARRY_OUT | {"claim"}:
            heads += [c for c in trigger.head.children if c.dep_ == "nsubj"]
        example_of = trigger.head.head if trigger.dep_ == "pobj" else None
        if example_of is not None and trigger.head.lower_ in ("including", "as") and example_of.pos_ == "NOUN":
            # 'ISKP's attacks, including the jail raid': the example is the group's too
            heads += [c for c in example_of.children if c.dep_ in ("poss", "compound") and c.pos_ != "PRON"]
    out = []
    for head in heads:
        for group in _groups_in([head], actors):
            modality = "alleged" if _hedged_actor(head) else "asserted"
            out.append(Responsibility(group, modality, trigger, trigger))
    return out


def _hedged_actor(head: Token) -> bool:
    return any(t.lemma_.lower() in SUSPECT_WORDS for t in head.subtree)


def _subjects(verb: Token) -> list[Token]:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "agent")]
    if verb.dep_ == "relcl" and any(s.lower_ in ("which", "who", "that") for s in subjects):
        return [verb.head]   # 'the Taliban, which denied involvement'

    if not subjects and verb.dep_ in ("conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    return subjects


def _groups_in(heads: list[Token], actors: Actors, skip: Token | None = None) -> list[tuple[int, int]]:
    """Group mentions inside noun phrases (and their coordinated members), in order, without duplicates;
    a phrase with none that is a proper name ('the Front for X') is taken as the group's name."""
    found: list[tuple[int, int]] = []
    for head in heads:
        before = len(found)
        for token in head.subtree:
            if token == skip or token.dep_ in ("relcl", "appos") and token != head:
                continue
            if _inside_clause(token, head):
                continue
            span = actors.group_at(token)
            if span is not None and span not in found and not _described_by(token):
                found.append(span)
        if len(found) == before and head != skip:
            named = actors.name_of(head)
            if named is not None:
                found.append(named)
    return found


LINK_WORDS = frozenset("linked affiliated allied aligned backed inspired loyal connected tied".split())


def _described_by(token: Token) -> bool:
    """'an al-Qaeda-linked group', 'IS-affiliated militants': the named group describes another one."""
    for word in (token, *token.ancestors):
        if word.lower_ in LINK_WORDS or any(part in LINK_WORDS for part in word.lower_.split("-")):
            return True
        if word.dep_ not in ("compound", "amod", "npadvmod", "punct", "nmod") or word.pos_ == "VERB":
            break
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return nxt is not None and nxt.text == "-" and token.i + 2 < len(token.doc) and \
        token.doc[token.i + 2].lower_ in LINK_WORDS


def _inside_clause(token: Token, head: Token) -> bool:
    """A name inside a relative clause or a prepositional phrase other than 'of' is not the subject
    ('militants who fought X', 'an attack within weeks of the Taliban's takeover')."""
    word = token
    while word != head and word.head != word:
        if word.dep_ in ("relcl", "acl") and word != token or (word.dep_ == "prep" and word.lower_ != "of"):
            return True
        word = word.head
    return False


def _negated(verb: Token) -> bool:
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and (subject.lower_ in ("no", "nobody", "none") or
                                any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in subject.children)):
        return True
    return any(c.dep_ == "aux" and c.lower_ in ("yet",) for c in verb.children) or any(
        c.lower_ == "yet" and c.dep_ == "advmod" for c in verb.children)


def _about(obj: Token) -> Token | None:
    """'responsibility for the attack' -> 'attack'."""
    for prep in (c for c in obj.children if c.dep_ == "prep" and c.lower_ in ("for", "of")):
        for pobj in prep.children:
            if pobj.dep_ == "pobj":
                return pobj
    verb = obj.head
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("for", "of")):
        for pobj in prep.children:
            if pobj.dep_ == "pobj":
                return pobj
    return None


def _behind(verb: Token) -> bool:
    return any(c.lower_ in ("behind", "responsible") for c in verb.children)


def _self_reference(clause: Token) -> bool:
    """'X said its fighters carried out' / 'X said it was behind': the speaker claims the act itself."""
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(s.lower_ in ("it", "they", "we") or any(p.lower_ in ("its", "their", "our") for p in s.children)
               for s in subjects)


def _dedupe(statements: list[Responsibility]) -> list[Responsibility]:
    seen, out = set(), []
    for s in statements:
        key = (s.group, s.modality, s.token.i)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out
