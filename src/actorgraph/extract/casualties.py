"""Casualty figures read from the parse: who was killed or injured, how many, and whether they were the attackers.

"One civilian and six assailants were killed and three civilians were injured" gives killed 7 (of whom 6
assailants) and injured 3; "killing at least 12 people and wounding dozens" gives killed 12, injured 24-99;
"leaving five dead"; "the death toll rose to 30"; "no casualties". "killed and injured 45" is one figure for
both, kept as such. Figures follow the syntax of the casualty word, never the nearest number.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from .event_triggers import is_trigger_noun
from .quantities import VAGUE, find_quantities

KILL_VERBS = frozenset("kill murder slay massacre slaughter behead execute assassinate lynch".split())
DIE_VERBS = frozenset("die perish".split())
INJURE_VERBS = frozenset("injure wound hurt maim".split())
DEAD_WORDS = frozenset("dead".split())
TOLL_NOUNS = frozenset("toll fatality death".split())
# People who carried out the attack: counted apart from victims.
ATTACKER_NOUNS = frozenset("""assailant attacker gunman bomber perpetrator hijacker kidnapper abductor raider
infiltrator""".split())
COMBATANT_NOUNS = frozenset("militant insurgent terrorist fighter rebel jihadist extremist jihadi".split())
PEOPLE_NOUNS = frozenset("""people person life civilian soldier troop policeman policemen officer member child woman man
men worshipper student villager resident passenger guard official personnel trooper militiaman commander
worker teacher pupil farmer herder driver journalist family other fighter militant insurgent""".split())
NONE_WORDS = frozenset({"no", "none", "nobody", "noone"})


@dataclass(frozen=True)
class Figure:
    """People of one kind counted in one casualty statement."""

    low: int
    high: int
    attackers: bool          # the attackers themselves ('six assailants were killed')
    text: str                # the counted phrase as written
    start: int               # its document offsets
    end: int


@dataclass(frozen=True)
class CasualtyStatement:
    kind: str                    # killed, injured, combined (a figure for both)
    figures: tuple[Figure, ...]
    token: Token                 # the casualty word ('killed', 'dead', 'toll')
    update: bool = False         # 'the toll rose to 30': replaces earlier figures of this report
    across: bool = False         # 'were killed across the three attacks': a total over several incidents

    @property
    def low(self) -> int:
        return sum(f.low for f in self.figures)

    @property
    def high(self) -> int:
        return sum(f.high for f in self.figures)

    @property
    def attackers(self) -> tuple[int, int] | None:
        own = [f for f in self.figures if f.attackers]
        return (sum(f.low for f in own), sum(f.high for f in own)) if own else None


def casualty_statements(sentence: Span, combatants_attack: bool = True) -> list[CasualtyStatement]:
    """Every casualty statement in a sentence. `combatants_attack`: militants killed are the attackers."""
    out = []
    seen: set[int] = set()
    for token in sentence:
        statement = _statement(token, combatants_attack)
        if statement is not None and token.i not in seen:
            seen.add(token.i)
            out.append(replace(statement, across=_across_incidents(token)) if _across_incidents(token) else statement)
    if not out and _no_casualties(sentence):
        out = [CasualtyStatement("killed", (), sentence.root), CasualtyStatement("injured", (), sentence.root)]
    return out


def _statement(token: Token, combatants_attack: bool) -> CasualtyStatement | None:
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB" and lemma in KILL_VERBS | INJURE_VERBS:
        if any(c.dep_ == "neg" for c in token.children) or _habitual(token):
            return None
        kind = "killed" if lemma in KILL_VERBS else "injured"
        if _or_other_fate(token):
            return None   # 'were killed or arrested': how many of each is not said
        if _shares_object_with_other_kind(token, kind):
            kind = "combined"
        people = _victims_of(token)
        figures = _count_all(people, combatants_attack)
        if figures is None:
            return None
        return CasualtyStatement(kind, figures, token)
    if token.pos_ == "VERB" and lemma in ("claim", "take", "cost") and any(
            c.dep_ == "dobj" and c.lemma_.lower() == "life" for c in token.children):
        # 'the attack claimed 16 lives', 'took the lives of 12 people'
        life = next(c for c in token.children if c.dep_ == "dobj" and c.lemma_.lower() == "life")
        owners = [p for c in life.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
        figures = _count_all(owners, combatants_attack) if owners else _count_all([life], combatants_attack)
        return CasualtyStatement("killed", figures, token) if figures else None
    if token.pos_ == "VERB" and lemma in DIE_VERBS:
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        figures = _count_all(subjects, combatants_attack)
        return CasualtyStatement("killed", figures, token) if figures else None
    if lemma in DEAD_WORDS and token.pos_ == "ADJ":
        return _dead_adjective(token, combatants_attack)
    if lemma in TOLL_NOUNS and token.pos_ == "NOUN":
        return _toll(token)
    return None


def _or_other_fate(verb: Token) -> bool:
    partners = [c for c in verb.children if c.dep_ == "conj"] + ([verb.head] if verb.dep_ == "conj" else [])
    disjunction = any(c.dep_ == "cc" and c.lower_ == "or" for c in (*verb.children, *verb.head.children))
    return disjunction and any(p.lemma_.lower() not in KILL_VERBS | INJURE_VERBS for p in partners)


ACROSS_WORDS = frozenset({"across", "throughout", "during"})
INCIDENT_PLURALS = frozenset("attacks incidents events clashes bombings blasts raids assaults".split())


def _across_incidents(token: Token) -> bool:
    """'killed ... across the three attacks', 'in all five incidents': a figure for several incidents together."""
    verbs = [token] + ([token.head] if token.dep_ == "conj" else []) + [c for c in token.children if c.dep_ == "conj"]
    for verb in verbs:
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ACROSS_WORDS | {"in"}):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                several = pobj.lower_ in INCIDENT_PLURALS and (prep.lower_ in ACROSS_WORDS or any(
                    c.lower_ in ("all", "both") or c.like_num for c in pobj.children))
                if several or (pobj.lower_ in ("both", "all") and prep.lower_ in ACROSS_WORDS):
                    return True
    return False


def _shares_object_with_other_kind(verb: Token, kind: str) -> bool:
    """'killed and injured 45': both verbs share one object and one figure."""
    other = INJURE_VERBS if kind == "killed" else KILL_VERBS
    has_own_object = any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children)
    partners = [c for c in verb.children if c.dep_ == "conj"] + ([verb.head] if verb.dep_ == "conj" else [])
    for partner in partners:
        if partner.lemma_.lower() in other and partner.pos_ == "VERB":
            partner_object = any(c.dep_ in ("dobj", "nsubjpass") for c in partner.children)
            if has_own_object != partner_object:
                return True
            if not has_own_object and not partner_object and _shared_subject(verb, partner):
                return True
    return False


def _shared_subject(a: Token, b: Token) -> bool:
    first = a if a.i < b.i else b
    return any(c.dep_ == "nsubjpass" for c in first.children) and not any(
        c.dep_ == "nsubjpass" for c in (b if first == a else a).children)


def _victims_of(verb: Token) -> list[Token]:
    """The people a kill/injure verb acts on: passive subject, object, or the object of a shared verb."""
    for dep in ("nsubjpass", "dobj"):
        found = [c for c in verb.children if c.dep_ == dep and not _subset(c)]
        if found:
            return found
    if verb.tag_ in ("VBN", "VBD") and not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        # a headline's passive without 'were': 'Eight Iraqis killed as militants attack village'
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and (c.like_num or any(
            n.dep_ == "nummod" for n in c.children))]
        if subjects:
            return subjects
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB":
        # 'was shot and killed': the second verb shares the first one's subject ('killed and injured' is combined)
        if verb.head.lemma_.lower() in INJURE_VERBS | KILL_VERBS and verb.head.lemma_.lower() != verb.lemma_.lower():
            return []
        return [c for c in verb.head.children if c.dep_ == "nsubjpass"]
    if verb.dep_ in ("acl", "amod") and verb.head.pos_ in ("NOUN", "NUM", "PROPN"):
        return [verb.head]   # '12 injured', 'civilians killed in the attack'
    return []


NOT_PEOPLE_ENTS = frozenset({"GPE", "LOC", "FAC", "ORG", "DATE", "TIME"})
PLACE_NOUNS = frozenset("district province area village town city region state county compound building house".split())


def _habitual(verb: Token) -> bool:
    """'Scores of civilians are killed in the crossfire': what usually happens, in the present tense."""
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP") and c.lemma_ == "be" for c in verb.children) \
        and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def _subset(head: Token) -> bool:
    """'among them 13 US service members', 'including two children': people already counted."""
    among_them = any(c.dep_ == "prep" and c.lower_ == "among" and any(p.pos_ == "PRON" for p in c.children)
                     for c in head.children)
    return among_them or (head.dep_ == "pobj" and head.head.lower_ in ("including", "among"))


def _count_all(heads: list[Token], combatants_attack: bool) -> tuple[Figure, ...] | None:
    figures = []
    heads = [h for h in heads if h.ent_type_ not in NOT_PEOPLE_ENTS and h.lemma_.lower() not in PLACE_NOUNS] or []
    for head in heads:
        for member in _conjuncts(head):
            if is_trigger_noun(member):
                continue   # '12 hostages, the deadliest such attack': the apposition names the incident
            figure = _count(member, combatants_attack)
            if figure is None:
                return None
            figures.append(figure)
    return tuple(figures) if figures else None


def _conjuncts(head: Token) -> list[Token]:
    """'A and B', and 'A along with B' (B counted too; 'including B' is not: B is among A)."""
    out = [head]
    for child in head.children:
        if child.dep_ == "conj":
            out.extend(_conjuncts(child))
    verb = head.head
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"):
        along = any(a.lower_ in ("along", "together") for a in prep.children) or \
            any(a.lower_ in ("along", "together") and a.i == prep.i - 1 for a in verb.children)
        if along and head.dep_ in ("nsubjpass", "dobj"):
            out.extend(p for p in prep.children if p.dep_ == "pobj")
    return out


def _count(head: Token, combatants_attack: bool) -> Figure | None:
    """How many people one noun phrase names: '12 people', 'a policeman', 'Rehman', 'all four assailants'."""
    lemma = head.lemma_.lower()
    attackers = lemma in ATTACKER_NOUNS or (combatants_attack and lemma in COMBATANT_NOUNS and not _is_victim_side(head))
    span = _phrase(head)
    if head.lower_ in NONE_WORDS or any(c.lower_ in NONE_WORDS and c.dep_ == "det" for c in head.children):
        return Figure(0, 0, attackers, span.text, span.start_char, span.end_char)   # 'none', 'no one', 'no soldiers'
    if head.pos_ == "NUM" or head.like_num:
        value = _number(head)
        return Figure(value[0], value[1], False, span.text, span.start_char, span.end_char) if value else None
    number = next((c for c in head.children if c.dep_ == "nummod"), None)
    if number is None:
        number = next((c for c in head.children if c.dep_ in ("det", "predet") and c.lower_ in ("both", "all")
                       and any(n.dep_ == "nummod" for n in head.children)), None)
    if number is None and any(c.lower_ == "both" and c.dep_ in ("det", "predet", "preconj") for c in head.children):
        return Figure(2, 2, attackers, span.text, span.start_char, span.end_char)
    if number is not None:
        value = _number(number)
        if value is None:
            return None
        return Figure(value[0], value[1], attackers, span.text, span.start_char, span.end_char)
    vague = _vague_modifier(head)
    if vague is not None:
        return Figure(vague[0], vague[1], attackers, span.text, span.start_char, span.end_char)
    if head.tag_ == "NNP" or head.ent_type_ == "PERSON" or _singular_person(head):
        return Figure(1, 1, attackers, span.text, span.start_char, span.end_char)
    if head.pos_ == "PRON":
        return _pronoun(head, span)
    return None


def _pronoun(head: Token, span: Span) -> Figure | None:
    """'he', 'him'; 'killing himself' / 'killing themselves': the attackers who did it, as many as they were."""
    word = head.lower_
    if word in ("he", "she", "him", "her"):
        return Figure(1, 1, False, span.text, span.start_char, span.end_char)
    if word not in ("himself", "herself", "themselves"):
        return None
    verb = head.head
    while verb.dep_ in ("advcl", "conj", "xcomp") and not any(c.dep_ == "nsubj" for c in verb.children):
        verb = verb.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    attackers = subject.lemma_.lower() in ATTACKER_NOUNS | COMBATANT_NOUNS
    if word != "themselves":
        return Figure(1, 1, attackers, span.text, span.start_char, span.end_char)
    counted = _count(subject, True)
    if counted is None:
        both = any(c.lower_ == "both" for c in subject.children)
        return Figure(2, 2, attackers, span.text, span.start_char, span.end_char) if both else None
    return Figure(counted.low, counted.high, attackers, span.text, span.start_char, span.end_char)


def _is_victim_side(head: Token) -> bool:
    """'pro-government militiamen', 'Taliban fighters' killed by a rival: not told apart here, so only
    the plain nouns count as attackers; a noun with its own group or side modifier is left as a victim."""
    return any(c.dep_ in ("amod", "compound") and c.lower_ in ("pro-government", "government", "local", "village")
               for c in head.children)


def _singular_person(head: Token) -> bool:
    if head.tag_ != "NN":
        return False
    det = next((c for c in head.children if c.dep_ in ("det", "poss")), None)
    return det is not None and (det.lower_ in ("a", "an", "one", "the", "his", "her", "their", "its")
                                or det.dep_ == "poss") and head.lemma_.lower() not in ("family", "group")


def _vague_modifier(head: Token) -> tuple[int, int] | None:
    for child in head.children:
        if child.dep_ in ("amod", "det", "quantmod") and child.lower_ in ("several", "dozens", "scores", "hundreds", "few"):
            phrase = " ".join(t.lower_ for t in child.subtree)
            key = phrase if phrase in VAGUE else ("a few" if child.lower_ == "few" else child.lower_)
            if key in VAGUE:
                return VAGUE[key]
    if head.lower_ in ("dozens", "scores", "hundreds", "thousands"):
        return VAGUE[head.lower_]
    return None


def _number(token: Token) -> tuple[int, int] | None:
    """The value of a number word with its own modifiers: '12', 'at least 12', 'more than 150', 'dozens'."""
    words = sorted(token.subtree, key=lambda t: t.i)
    text = token.doc[words[0].i:words[-1].i + 1].text
    found = find_quantities(text)
    if not found:
        return None
    q = max(found, key=lambda q: q.end - q.start)
    if q.high > 100000:
        return None
    return int(q.low), int(q.high)


def _phrase(head: Token) -> Span:
    words = [t for t in head.subtree if t.dep_ not in ("conj", "cc", "punct", "relcl", "acl") or t == head]
    keep = [t for t in words if not any(a.dep_ in ("conj", "relcl", "acl", "appos", "prep") and a in head.children
                                        and t in a.subtree for a in head.children)]
    keep = keep or [head]
    return head.doc[min(t.i for t in keep):max(t.i for t in keep) + 1]


def _dead_adjective(dead: Token, combatants_attack: bool) -> CasualtyStatement | None:
    """'leaving five dead', 'five people dead', 'were found dead'."""
    if dead.dep_ == "oprd" and dead.head.lemma_.lower() == "leave":
        objects = [c for c in dead.head.children if c.dep_ == "dobj"]
        figures = _count_all(objects, combatants_attack)
        return CasualtyStatement("killed", figures, dead) if figures else None
    if dead.dep_ == "oprd" and dead.head.pos_ == "VERB" and not any(c.dep_ == "neg" for c in dead.head.children):
        # 'gunmen shot two guards dead', 'a soldier was shot dead', 'was abducted and later shot dead'
        verb = dead.head
        victims = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if not victims and verb.dep_ == "conj":
            victims = [c for c in verb.head.children if c.dep_ in ("dobj", "nsubjpass")]
        figures = _count_all(victims, combatants_attack)
        return CasualtyStatement("killed", figures, dead) if figures else None
    if dead.dep_ == "amod" and dead.head.pos_ in ("NOUN", "NUM"):
        figure = _count(dead.head, combatants_attack)
        return CasualtyStatement("killed", (figure,), dead) if figure else None
    if dead.dep_ == "acomp":
        subjects = [c for c in dead.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        figures = _count_all(subjects, combatants_attack)
        return CasualtyStatement("killed", figures, dead) if figures else None
    return None


def _toll(noun: Token) -> CasualtyStatement | None:
    """'the death toll rose to 30', 'the toll stands at 12', '30 deaths'."""
    if noun.lemma_.lower() == "death" and noun.dep_ == "compound":
        return None
    number = next((c for c in noun.children if c.dep_ == "nummod"), None)
    if number is not None:
        value = _number(number)
        if value:
            span = _phrase(noun)
            return CasualtyStatement("killed", (Figure(value[0], value[1], False, span.text, span.start_char,
                                                      span.end_char),), noun)
    if noun.lemma_.lower() != "toll" or noun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    verb = noun.head
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "at")):
        for obj in prep.children:
            if obj.dep_ == "pobj" and (obj.like_num or obj.pos_ == "NUM"):
                value = _number(obj)
                if value:
                    span = obj.doc[prep.i + 1:obj.i + 1]
                    return CasualtyStatement("killed", (Figure(value[0], value[1], False, span.text, span.start_char,
                                                              span.end_char),), noun, update=True)
    attr = next((c for c in verb.children if c.dep_ in ("attr", "dobj") and (c.like_num or c.pos_ == "NUM")), None)
    if attr is not None:
        value = _number(attr)
        if value:
            return CasualtyStatement("killed", (Figure(value[0], value[1], False, attr.text, attr.idx,
                                                      attr.idx + len(attr.text)),), noun, update=True)
    return None


def _no_casualties(sentence: Span) -> bool:
    """'There were no (reported) casualties', 'no one was hurt'."""
    words = [t.lower_ for t in sentence]
    text = " ".join(words)
    return any(phrase in text for phrase in ("no reported casualties", "no casualties", "no one was killed or injured",
                                             "no one was hurt", "no one was injured", "no injuries were reported",
                                             "caused no casualties", "without casualties", "no casualties were reported"))
