"""The arguments of a trigger word in a dependency parse, and the entities those arguments name.

A relation rule names a trigger (a verb, noun or adjective) and the roles of its two arguments
('subject', 'object', 'holder', 'owner'...). The functions here find the words that fill a role
whatever the voice or the clause shape (passive, relative clause, participle, 'to'-clause,
coordinated verbs), and the entity mentions those words stand for: coordinated lists, relative
pronouns, 'the group X', 'a man named X', 'groups such as X and Y'.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..models import Span
from ..names import is_acronym

RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that", "whose"})
# verbs whose object, not their subject, does what their 'to'-clause or 'as'-phrase says:
# 'named X to lead', 'chose X as leader' (but 'X succeeded Y as leader')
OBJECT_CONTROL = frozenset({
    "appoint", "name", "choose", "select", "elect", "install", "designate", "nominate", "proclaim", "declare",
    "anoint", "recognize", "recognise", "accept", "ask", "order", "persuade", "force", "urge", "allow", "send",
    "task", "instruct", "encourage", "pick", "tap", "make", "crown", "confirm", "announce", "present", "introduce",
    "see", "consider", "describe", "identify", "list", "designate", "label", "brand", "call", "regard", "view",
    "treat", "perceive", "deem", "count", "portray", "depict", "recognise", "hail", "install", "nominate", "drive",
    "lead", "push", "prompt", "cause", "compel", "oblige", "motivate", "induce", "enable", "help", "get", "pressure"})
# nouns that only say where in a group or place something is ('the ranks of X', 'parts of Y')
CONTAINER_NOUNS = frozenset({
    "structure", "rank", "ranks", "fold", "umbrella", "banner", "orbit", "framework", "hierarchy", "leadership",
    "part", "area", "region", "province", "district", "state", "governorate", "county", "territory", "swathe",
    "swath", "outskirts", "north", "south",
    "east", "west", "center", "centre", "border", "village", "town", "city", "corner", "heart", "interior", "core",
    "bulk", "remnant", "remainder", "rest", "jungle", "forest", "mountain", "hill", "bush", "desert", "valley",
    "countryside", "outskirt", "sector", "council", "shura", "committee", "politburo", "bureau", "division",
    "department", "office", "battalion", "unit", "cadre"})
GROUP_QUANTIFIERS = frozenset({"both", "all", "each"})
PLACE_SHARES = frozenset({"much", "most", "all", "some", "half", "parts", "part", "swathes", "areas", "large"})
# heads that a name before them completes ('the Khorasan group'); 'an al-Qaeda branch' is not al-Qaeda
NAMED_GROUP_HEADS = frozenset({"group", "organization", "organisation", "outfit", "movement", "militia", "network",
                               "alliance", "coalition"})
NAMING_VERBS = frozenset({"call", "name", "know", "dub", "style", "go", "brand", "label"})
# words for the people or posts of a group that may stand for the group itself ('Taliban fighters attacked')
MEMBER_NOUNS = frozenset({
    "militant", "fighter", "member", "insurgent", "jihadist", "gunman", "commander", "operative", "cadre",
    "rebel", "loyalist", "recruit", "soldier", "unit", "cell", "combatant", "force", "troop", "element", "leadership",
    "position", "base", "camp", "checkpoint", "convoy", "stronghold", "hideout", "post", "outpost", "leader",
    "faction", "brigade", "battalion"})
# quantifiers that make a part of a group, not the group: 'some operatives of the TTP'
PARTITIVE = frozenset({
    "some", "several", "many", "few", "dozens", "hundreds", "thousands", "scores", "number", "part", "portion",
    "handful", "most", "one", "two", "three", "four", "five", "former", "ex", "breakaway", "dissident",
    "disaffected", "defecting", "renegade", "rogue", "individual", "certain", "other", "splinter", "a", "an"})
# verbs that only say someone has, starts or keeps what their object names ('X launched an offensive')
LIGHT_VERBS = frozenset({
    "have", "maintain", "launch", "wage", "start", "begin", "conduct", "carry", "step", "intensify", "escalate",
    "continue", "declare", "fight", "mount", "establish", "forge", "build", "develop", "enjoy", "retain", "keep",
    "share", "strengthen", "deepen", "cultivate", "pursue", "expand", "open", "renew", "sign", "reach", "conclude",
    "strike", "make", "enter", "seal", "lead", "spearhead", "resume", "boost", "claim", "hold", "set", "stage",
    "perpetrate", "commit", "execute", "preserve", "restore", "cement", "foster", "nurture", "enhance", "boast",
    "expand", "run", "operate", "create", "increase", "accelerate", "ramp"})
IDENTIFYING_VERBS = frozenset({"identify", "name", "know", "describe", "confirm", "reveal", "list"})
COPULAR = frozenset({"be", "become", "remain", "stay", "turn", "grow", "emerge", "serve", "act"})
STATE_VERBS = frozenset({"be", "engage", "involve", "remain", "stay", "lock", "embroil", "mire", "enter", "become"})


@dataclass(frozen=True)
class Arg:
    """An entity an argument word names: the mention span that stands for it and its kind (G, P, L, O)."""
    ref: Span
    kind: str
    token: int          # the parse token the role reached, for scoping hedges and dates


class EntityIndex:
    """Which entity each token of the document belongs to (mentions and resolved anaphors)."""

    def __init__(self, doc: Doc, slots, kind_of=None):
        """kind_of(ref) gives an entity's kind now (a type may have changed since the slots were made)."""
        self.doc = doc
        self._of_token: dict[int, tuple[Span, str]] = {}
        for slot in slots:
            span = doc.char_span(slot.start, slot.end, alignment_mode="expand")
            if span is None:
                continue
            kind = (kind_of(slot.ref) if kind_of else None) or slot.kind
            for token in span:
                self._of_token.setdefault(token.i, (slot.ref, kind))

    def get(self, token: Token) -> tuple[Span, str] | None:
        return self._of_token.get(token.i)

    def has(self, token: Token, kinds: str = "GPLO") -> bool:
        found = self._of_token.get(token.i)
        return found is not None and found[1] in kinds


# -- clause roles of verbs ------------------------------------------------------
def children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in verb.children):
        return True
    if verb.tag_ == "VBN" and children(verb, "agent") and not children(verb, "nsubj"):
        return True   # 'X, the only one operating there and led by Y'
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl") and not children(verb, "nsubj", "aux"):
        return True   # 'a group founded by X', 'formed in 2015, the group...'
    return verb.tag_ == "VBN" and verb.dep_ == "conj" and is_passive(verb.head) and not children(verb, "nsubj")


def subjects(verb: Token) -> list[Token]:
    """Who does what the verb says: the active subject or the passive 'by' phrase, inherited through
    'to'-clauses, participles and coordinated verbs; the noun an '-ing' participle modifies."""
    if is_passive(verb):
        return [p for agent in children(verb, "agent") for p in children(agent, "pobj")]
    own = children(verb, "nsubj")
    if own:
        return misread_controller(verb, own) or own
    return _inherited_subject(verb)


def misread_controller(verb: Token, subjects: list[Token]) -> list[Token]:
    """'The TTP named X to succeed Y' parsed as 'the TTP [named X] to succeed': a 'to'-infinitive has no
    subject of its own, so the object of the participle the parser hung on the subject is the one acting."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return []
    for subject in subjects:
        for acl in children(subject, "acl"):
            if acl.lemma_ in OBJECT_CONTROL:
                return children(acl, "oprd", "dobj")
    return []


def grammatical_subjects(verb: Token) -> list[Token]:
    """The subject as written, active or passive ('X was appointed' -> X), or inherited."""
    own = children(verb, "nsubj", "nsubjpass")
    if own:
        return own
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return [verb.head]
    return _inherited_subject(verb)


def _inherited_subject(verb: Token) -> list[Token]:
    head = _governing_verb(verb)
    if head is None:
        if verb.dep_ == "acl" and verb.tag_ == "VBG":
            return [verb.head]    # 'groups operating in Mali'
        return []
    if controlled_by_object(verb):
        return children(head, "dobj")   # 'named X to lead the group', 'drives X to protect Y'
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        return [verb.head]
    if verb.dep_ in ("xcomp", "advcl", "conj", "pcomp"):
        return grammatical_subjects(head)
    return []


def controlled_by_object(verb: Token) -> bool:
    """A 'to'-clause whose subject is the object of the verb above it: 'named X to lead', 'drove X to protect'."""
    head = verb.head
    to_clause = verb.dep_ == "xcomp" or (verb.dep_ == "advcl" and any(c.lower_ == "to" for c in children(verb, "aux")))
    return to_clause and head.lemma_ in OBJECT_CONTROL and bool(children(head, "dobj"))


def _governing_verb(verb: Token) -> Token | None:
    """The verb a subject-less clause borrows its subject from (through a preposition for '-ing' forms)."""
    if verb.dep_ in ("xcomp", "advcl", "conj"):
        return verb.head if verb.head.pos_ in ("VERB", "AUX") else None
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
        return verb.head.head
    return None


def objects(verb: Token) -> list[Token]:
    """What the verb is done to: the direct object, the passive subject, or the noun a past participle or
    an object-less relative clause modifies ('a group founded by X', 'the group he created')."""
    if is_passive(verb):
        own = children(verb, "nsubjpass")
        if own:
            return own
        if verb.dep_ in ("acl", "relcl", "advcl"):
            return [verb.head] if verb.head.pos_ in ("NOUN", "PROPN") else grammatical_subjects(verb.head)
        if verb.dep_ == "xcomp":   # 'X is believed to be led by Y'
            return children(verb.head, "dobj") if controlled_by_object(verb) else grammatical_subjects(verb.head)
        if verb.dep_ == "conj":
            if verb.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
                return [verb.head]   # 'the only one operating there and led by Y'
            return objects(verb.head) if is_passive(verb.head) else []
        return []
    own = children(verb, "dobj")
    if own:
        return own
    if verb.dep_ == "relcl" and not any(c.lower_ in RELATIVE_PRONOUNS for c in children(verb, "nsubj")):
        return [verb.head]
    if verb.dep_ == "conj" and not children(verb, "nsubj"):
        return []
    return []


def prep_objects(token: Token, words: frozenset[str] | set[str]) -> list[Token]:
    """Objects of the token's prepositions among `words` ('split from X', 'active in Y', 'broke away from Z')."""
    particles = [c for c in token.children if (c.dep_ in ("prt", "advmod") and c.pos_ in ("ADP", "ADV", "PART"))
                 or (c.dep_ == "prep" and c.lower_ in ("out", "away", "apart") and not children(c, "pobj"))]
    out = []
    for prep in [p for t in [token, *particles] for p in children(t, "prep", "agent", "dative")]:
        if prep.lower_ in words:
            out.extend(children(prep, "pobj", "pcomp"))
    return out


# -- roles of nouns ----------------------------------------------------------------
def holders(noun: Token) -> list[Token]:
    """What a role noun describes: 'X, the leader of Y'; 'X is/became the leader'; 'named X leader';
    'chose X as leader'; 'Y leader X'; 'the leader of Y, X'; 'branches of Y such as X'."""
    dep, head = noun.dep_, noun.head
    found = children(noun, "appos")
    if dep == "appos":   # 'A, B and C, founder of X': a singular apposition describes the name just before it
        before = [c for c in [head, *head.conjuncts] if c.i < noun.i]
        found.append(max(before, key=lambda t: t.i) if noun.tag_ in ("NN", "NNP") and before else head)
    elif dep in ("compound", "nmod", "amod") and head.pos_ in ("PROPN", "NOUN") and head.i > noun.i:
        found.append(head)   # 'ISIS leader X', 'the ISIS-affiliated X'
    elif dep in ("amod", "acl") and noun.pos_ in ("ADJ", "VERB"):
        found.append(head)   # 'militants loyal to X', 'a group linked to X'

    elif dep in ("attr", "acomp") or (dep == "dobj" and head.lemma_ in COPULAR):
        found.extend(grammatical_subjects(head))
    elif dep == "oprd":
        found.extend(children(head, "dobj") or grammatical_subjects(head))
    elif dep == "pobj" and head.lower_ == "as" and head.head.pos_ in ("VERB", "AUX"):
        verb = head.head
        found.extend(children(verb, "dobj") if verb.lemma_ in OBJECT_CONTROL else [])
        found.extend([] if found else grammatical_subjects(verb))
    elif dep == "conj" and not children(noun, "poss") and not (noun.tag_ == "NNS" and head.tag_ != "NNS"):
        found.extend(holders(head))   # 'a Pashtun and former LeT commander'; not 'its leader, X, and its clerics'
    elif dep == "pobj" and head.lower_ == "of" and head.head.lower_ in ("one", "part", "some", "each", "member"):
        found.extend(holders(head.head))   # 'X, which is one of two branches of Y'
    elif dep in ("nsubj",) and head.lemma_ == "be":
        found.extend(children(head, "attr"))
    elif dep == "nsubjpass" and head.lemma_ in IDENTIFYING_VERBS:   # 'the commander was identified as X'
        found.extend(prep_objects(head, {"as"}))
    return (found or _stray_objects(noun) or _name_after(noun)) + examples(noun)


_PHRASE_INNER = frozenset({"compound", "poss", "case", "nmod", "amod", "det", "punct"})
_MISPLACED_APPOSITION = frozenset({"npadvmod", "appos", "dep", "conj", "nmod"})


def _name_after(noun: Token) -> list[Token]:
    """A name right after a role noun that the parser hung elsewhere (not as a subject or an object) is the one the
    noun describes: after a comma ('the party and its armed wing, the Azanian Liberation Army, seized a post'), or
    directly after a noun used as a title ('the army and TTP ally Lashkar-e-Islam clashed')."""
    doc = noun.doc
    after = noun.i + 1
    if after < len(doc) and doc[after].text == ",":
        after += 1
    elif not any(c.dep_ in ("compound", "poss", "nmod") and c.pos_ == "PROPN" for c in noun.children):
        return []
    if after >= len(doc):
        return []
    word = doc[after]
    while word.dep_ == "det" and word.i + 1 < len(doc):
        word = doc[word.i + 1]
    while word.dep_ in _PHRASE_INNER and word.head.i > word.i:
        word = word.head
    if word.pos_ != "PROPN" or word.head.i == noun.i or word.dep_ not in _MISPLACED_APPOSITION:
        return []
    return [word]


def coholders(noun: Token) -> list[Token]:
    """'X and Y are bitter rivals': the coordinated subjects a plural role noun describes together."""
    if noun.dep_ not in ("attr", "acomp", "dobj") or noun.head.lemma_ not in COPULAR:
        return []
    subjects = grammatical_subjects(noun.head)
    return subjects if any(s.conjuncts for s in subjects) else []


def examples(noun: Token, through_clauses: bool = False) -> list[Token]:
    """'groups such as X and Y', 'factions including X': the items a plural noun is illustrated by.

    A 'such as' the parser hung on a name inside the noun's phrase ('groups inside ISKP, such as X')
    belongs to the noun: one named group has no examples.
    """
    candidates = [noun] + [p for prep in children(noun, "prep") for p in children(prep, "pobj") if p.pos_ == "PROPN"]
    if through_clauses:   # 'parts of Syria the army has not retaken, including Raqqa', 'active in Syria, including Raqqa':
        candidates += children(noun, "relcl", "acl")   # the parser hangs the list on a clause or on the predicate
        if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
            governor = noun.head.head
            candidates += [governor, governor.head] if governor.dep_ in ("acomp", "attr", "xcomp") else [governor]
    if noun.tag_ == "NNS":   # 'groups incorporated within ISKP, such as X': a name inside the phrase has no examples
        candidates += [t for t in noun.subtree if t.tag_ == "NNP" and t.i > noun.i]
        if noun.dep_ == "pobj":   # 'ties with groups in Pakistan, above all X': the list hangs on 'ties'
            candidates += [noun.head.head]
    out = []
    for token in candidates:
        for prep in children(token, "prep"):
            if _introduces_examples(prep) and prep.i > noun.i and not _other_plural_between(noun, prep):
                out.extend(children(prep, "pobj") or [o for p in children(prep, "prep") for o in children(p, "pobj")])
    return out


def _other_plural_between(noun: Token, prep: Token) -> bool:
    """'groups such as A, as well as supporters, like B': B illustrates the nearer plural, not 'groups'."""
    return any(t.tag_ == "NNS" and t.i != noun.i for t in noun.doc[noun.i + 1:prep.i])


def _introduces_examples(prep: Token) -> bool:
    if prep.lower_ == "as":
        return any(c.lower_ == "such" for c in prep.children) or (prep.i > 0 and prep.nbor(-1).lower_ == "such")
    if prep.lower_ == "above":   # 'above all X'
        return prep.i + 1 < len(prep.doc) and prep.nbor(1).lower_ == "all"
    return prep.lower_ in ("including", "like", "notably", "namely", "especially", "particularly", "chiefly")


def owners(noun: Token, words: frozenset[str] = frozenset({"of"})) -> list[Token]:
    """Whose a role noun is: 'leader of Y', 'Y's leader', 'its leader', 'the Y leader', 'spokesman for Y'."""
    strays = {t.i for t in _stray_objects(noun)}
    siblings = [c for c in noun.head.children if c.dep_ in ("compound", "nmod") and c.i < noun.i] \
        if noun.dep_ == "compound" else []   # 'LeT founder Hafiz Saeed' parsed flat under the name
    return [t for t in prep_objects(noun, words) if t.i not in strays] + children(noun, "poss") \
        + _name_modifiers(noun) + siblings + _misread_acronym_before(noun)


def _misread_acronym_before(noun: Token) -> list[Token]:
    """'LeT commanders Abu Hamza and Abu Qasim', 'IS senior commander X': a group's acronym the parser read as a verb
    ('let', 'is') right before a role noun and its adjectives names the noun's group."""
    i = noun.i - 1
    while i >= 0 and noun.doc[i].pos_ == "ADJ" and noun.doc[i].is_lower:
        i -= 1
    word = noun.doc[i] if i >= 0 else None
    if word is None or word.pos_ not in ("VERB", "AUX") or not is_acronym(word.text) or word.head.i == noun.i:
        return []
    return [word]


def _stray_objects(noun: Token) -> list[Token]:
    """'the emir of Y, X, said': a second object of the noun's preposition, or an apposition hung on its object
    after a comma, is an apposition of the noun that the parser misplaced (kinds sort out 'Hamas, a group')."""
    out = []
    for prep in children(noun, "prep"):
        objects = children(prep, "pobj")
        out.extend(t for t in objects[1:] if _after_comma(t))
        out.extend(a for t in objects for a in children(t, "appos") if _after_comma(a))
    return out


def _after_comma(token: Token) -> bool:
    first = token.left_edge.i
    return first > 0 and token.doc[first - 1].text == ","


def _name_modifiers(noun: Token) -> list[Token]:
    """Modifiers before a noun that may be names ('the Taliban leader', 'ISIS-affiliated'), not 'new' or 'close'."""
    return [c for c in noun.children if c.dep_ in ("compound", "nmod", "amod", "npadvmod") and c.i < noun.i
            and (c.pos_ in ("PROPN", "NOUN") or c.text[:1].isupper())]


def copossessors(noun: Token) -> list[Token]:
    """'X and Y maintain an alliance': coordinated possessors of a noun that relates them to each other."""
    found = possessors(noun)
    return found if any(t.conjuncts for t in found) else []


def possessors(noun: Token) -> list[Token]:
    """Whose act or state a noun names: 'X's ties', 'the X offensive', 'X has a presence', 'X launched attacks'."""
    named = children(noun, "poss") + _name_modifiers(noun)
    if named:
        return named
    while noun.dep_ == "conj" or (noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN"):
        noun = noun.head if noun.dep_ == "conj" else noun.head.head   # 'a campaign of attacks in X'
    verb = noun.head
    if noun.dep_ == "dobj" and verb.lemma_ in LIGHT_VERBS:
        return subjects(verb)
    if noun.dep_ == "pobj" and verb.lower_ in ("in", "into", "at") and verb.head.lemma_ in STATE_VERBS:
        return grammatical_subjects(verb.head)   # 'X is at war with Y', 'X engaged in fighting with Y'
    return []


def created(noun: Token) -> list[Token]:
    """What a merger or coalition formed: 'X was formed through the merger of...', 'X emerged from a coalition'."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ in ("prep", "agent") and head.head.pos_ in ("VERB", "AUX"):
        return grammatical_subjects(head.head)
    return []


def clause_subject(noun: Token) -> list[Token]:
    """The subject of the clause a noun's preposition hangs from: 'Y grew under the leadership of X' -> Y."""
    head = noun.head
    if noun.dep_ != "pobj" or head.dep_ != "prep":
        return []
    governor = head.head
    if governor.pos_ in ("VERB", "AUX"):
        return grammatical_subjects(governor)
    return [governor] if governor.pos_ in ("PROPN", "NOUN") else []


def between(noun: Token) -> list[Token]:
    """'clashes between X and Y': the two sides."""
    return [t for p in prep_objects(noun, {"between", "among", "amongst"}) for t in [p, *p.conjuncts]]


# -- from words to entities --------------------------------------------------------
def entities(tokens: list[Token], index: EntityIndex, kinds: str, stand_ins: str = "", companions: bool = True) -> list[Arg]:
    """The entities a role's words name, with their coordinated and listed companions.

    stand_ins: "" (names only), "bare" ('Taliban fighters' stands for the Taliban, 'some Taliban fighters'
    does not), "counted" (so does '300 Taliban fighters') or "any" (any of a group's people or posts stands
    for it: 'killed three Taliban commanders').
    Companions count only for a word that names something itself: in 'X, created by Y; and Z', Z is no
    companion of the unnamed X.
    """
    out: list[Arg] = []
    seen: set[Span] = set()
    for token in tokens:
        named = _entity(token, index, stand_ins)
        if named and all(a.kind not in kinds for a in named):
            named = _closer_in_apposition(token, index, kinds) or named
        items = [(token, named)] + ([(t, _entity(t, index, stand_ins)) for t in _listed_with(token, index)]
                                    if named and companions else [])
        if named and all(a.kind == "L" for a in named):   # 'in Somalia, including Mogadishu'
            items.append((token, _example_places(token, index, stand_ins, 0)))
        for item, found in items:
            anchor = _antecedent(item)
            for arg in found:
                if arg.kind in kinds and arg.ref not in seen:
                    seen.add(arg.ref)
                    out.append(Arg(arg.ref, arg.kind, anchor.i))
    return out


def _antecedent(token: Token) -> Token:
    """The noun a relative pronoun stands for: where its phrase sits in the sentence (for hedges and dates)."""
    return _relative_head(token) or token


def _relative_head(token: Token) -> Token | None:
    """The noun a relative pronoun stands for, through the clauses its relative clause embeds it in ('X, who
    officials said was head of Y')."""
    if token.lower_ not in RELATIVE_PRONOUNS:
        return None
    clause = token.head
    while clause.dep_ in ("ccomp", "xcomp") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ in ("relcl", "acl") and clause.head.i != token.i:
        return clause.head
    return None


def _closer_in_apposition(token: Token, index: EntityIndex, kinds: str) -> list[Arg]:
    """'X, the leader of JNIM, affiliated with al-Qaeda': a modifier the parser hung on X after an apposition
    that ends in a name of the kind the rule needs belongs to that nearer name."""
    for appos in children(token, "appos"):
        for owner in owners(appos):
            found = index.get(owner)
            if found is not None and found[1] in kinds:
                return [Arg(found[0], found[1], owner.i)]
    return []


def stands_for_members(token: Token, index: EntityIndex) -> bool:
    """'the rebels' resolved to the group a passage is about: its members, who stand for the group only where a
    rule lets a group's people stand in for it ('the rebels belong to the X Front' makes no part of the group)."""
    found = index.get(token)
    return found is not None and token.tag_ == "NNS" and not found[0][0] <= token.idx < found[0][1] \
        and token.lemma_.lower() in MEMBER_NOUNS | {"guerrilla", "guerilla"}


def index_free(token: Token, index: EntityIndex) -> bool:
    """A common noun ('defectors'), not part of a name."""
    return index.get(token) is None


def _listed_with(token: Token, index: EntityIndex) -> list[Token]:
    """Coordinated companions of a word, and names the parser hung as appositions in a list ('A, B and C');
    not another name of the same thing ('X (now Y)', 'Y (formerly X)')."""
    out = [c for c in token.conjuncts if not (_titled(c) and _titled(token))]
    if index.get(token) is not None:
        kind = index.get(token)[1]
        for item in [token, *token.conjuncts]:
            if _renamed(item):
                continue
            for appos in children(item, "appos"):
                if index.get(appos) is not None and index.get(appos)[1] == kind and not _renamed(appos):
                    out.extend([appos, *appos.conjuncts])
                out.extend(_listed_inside(appos, kind, index))
    return [t for t in out if t.i != token.i]


def _listed_inside(appos: Token, kind: str, index: EntityIndex) -> list[Token]:
    """'A, head of X, and B, head of Y, dissolved their groups': B, parsed as a conjunct of X inside A's
    apposition, is A's companion when it is of A's kind and X is not."""
    out = []
    for t in appos.subtree:
        found, head = index.get(t), index.get(t.head)
        if t.dep_ == "conj" and found is not None and found[1] == kind and head is not None and head[1] != kind:
            out.append(t)
    return out


def _titled(token: Token) -> bool:
    """'ISIS leader Abdulqadir Mumin': a name with a title of its own is no companion of another titled name."""
    return any(c.dep_ == "compound" and c.pos_ == "NOUN" for c in token.children)


# 'X (now Y)', 'Y (formerly X)': an aside that gives another name of the same body, later or earlier
LATER_NAME_WORDS = frozenset({"now", "later", "subsequently"})
EARLIER_NAME_WORDS = frozenset({"formerly", "previously", "originally", "once"})


def _renamed(token: Token) -> bool:
    return any(c.dep_ == "advmod" and c.lower_ in LATER_NAME_WORDS | EARLIER_NAME_WORDS for c in token.children)


def _aside_names(word: Token) -> tuple[list[Token], list[Token]]:
    """(the name an aside gives, the name it stands beside) for its 'now' or 'formerly'."""
    head = word.head
    if head.dep_ == "appos":
        return [head], [head.head]
    return children(head, "appos")[:1], [head]


def newer_name(word: Token) -> list[Token]:
    """'X (now Y)' -> Y; 'Y (formerly X)' -> Y."""
    aside, beside = _aside_names(word)
    return aside if word.lower_ in LATER_NAME_WORDS else beside


def older_name(word: Token) -> list[Token]:
    """'X (now Y)' -> X; 'Y (formerly X)' -> X."""
    aside, beside = _aside_names(word)
    return beside if word.lower_ in LATER_NAME_WORDS else aside


def _entity(token: Token, index: EntityIndex, stand_ins: str, depth: int = 0) -> list[Arg]:
    found = index.get(token)
    if found is not None:
        return [Arg(found[0], found[1], token.i)]
    if depth > 2:
        return []
    lower = token.lower_
    if (antecedent := _relative_head(token)) is not None:
        return _entity(antecedent, index, stand_ins, depth + 1)
    if lower in GROUP_QUANTIFIERS and token.pos_ in ("PRON", "DET"):
        return _previous_list(token, index)   # 'A and B, both of them having...'
    if lower in PLACE_SHARES:   # 'controls much of Somalia' (but 'some of the TTP' is not the TTP)
        places = [a for t in prep_objects(token, {"of"}) for a in _entity(t, index, stand_ins, depth + 1)
                  if a.kind == "L"]
        return places + _example_places(token, index, stand_ins, depth) if places else []
    if token.lower_ == "one":   # 'one of the two, X, ...', 'X, the only one operating there'
        named = _named_by(token, index)
        if named or token.dep_ not in ("appos", "attr", "conj"):
            return named
        return [Arg(a.ref, a.kind, a.token) for h in holders(token) for a in _entity(h, index, stand_ins, depth + 1)]
    if token.pos_ not in ("NOUN", "PROPN"):
        return []
    if token.lemma_.lower() in CONTAINER_NOUNS:   # 'the ranks of X', 'Nangarhar province', 'Afghanistan's north'
        inner: list[Arg] = []
        for inner_words in (prep_objects(token, {"of"}), children(token, "compound", "nmod"), children(token, "poss")):
            # 'the districts of Dir, Bajaur and Mohmand', 'Borno and Yobe states': every listed name
            listed = [t for word in inner_words for t in (word, *word.conjuncts)]
            inner += [a for t in listed for a in _entity(t, index, stand_ins, depth + 1)]
            if inner and any(a.kind != "L" for a in inner):
                return inner     # 'the ranks of X' is X; 'Pakistan's districts of X and Y' are all three places
        if inner:
            return inner + (_example_places(token, index, stand_ins, depth) if inner[0].kind == "L" else [])
    named = _named_by(token, index)
    if named:
        return named
    listed = examples(token)
    if listed:   # 'factions including A, B (C) and D': the parser hangs some names as appositions
        items = [item for t in listed for item in [t, *_listed_with(t, index)] if item is t or item.pos_ == "PROPN"]
        return [a for item in items for a in _entity(item, index, stand_ins, depth + 1)]
    if stand_ins and token.lemma_.lower() in MEMBER_NOUNS and (stand_ins == "any" or not _partitive(
            token, counted=stand_ins == "counted")):
        return [Arg(a.ref, a.kind, token.i) for a in _owner_group(token, index)]
    return []


def _example_places(token: Token, index: EntityIndex, stand_ins: str, depth: int) -> list[Arg]:
    """'eastern Syria, including the provinces of Raqqa and Deir ez-Zor': the places a place phrase is illustrated by."""
    return [a for t in examples(token, through_clauses=True) for item in (t, *t.conjuncts)
            for a in _entity(item, index, stand_ins, depth + 1) if a.kind == "L"]


def _previous_list(token: Token, index: EntityIndex) -> list[Arg]:
    """The coordinated names just before 'both', 'all of them', 'each of which' in the same sentence."""
    for t in reversed(list(token.sent)[:token.i - token.sent.start]):
        found = index.get(t)
        if found is not None and t.conjuncts:
            names = [index.get(c) for c in [t, *t.conjuncts] if index.get(c) is not None]
            return [Arg(ref, kind, t.i) for ref, kind in dict(names).items()]
    return []


def _named_by(token: Token, index: EntityIndex) -> list[Arg]:
    """'the group X', 'the terrorist group, X', 'a man named X', 'an Egyptian who goes by the name of X',
    'formed a new faction and named it X'."""
    if token.dep_ == "dobj":
        for verb in token.head.conjuncts:
            if verb.lemma_ in NAMING_VERBS and any(c.lower_ == "it" for c in children(verb, "dobj")):
                for name in children(verb, "oprd", "attr", "dobj"):
                    if index.get(name) is not None:
                        return [Arg(*index.get(name), name.i)]
    for child in token.children:
        if child.dep_ == "appos" and index.get(child) is not None:
            found = index.get(child)
            return [Arg(found[0], found[1], child.i)]
        if child.dep_ in ("acl", "relcl") and child.lemma_ in NAMING_VERBS:
            for t in child.subtree:
                found = index.get(t)
                if found is not None and t.i > child.i:
                    return [Arg(found[0], found[1], t.i)]
    lemma = token.lemma_.lower()
    if lemma in NAMED_GROUP_HEADS:
        for child in token.children:
            found = index.get(child)
            if child.dep_ in ("compound", "nmod") and found is not None and found[1] == "G" and child.i < token.i:
                return [Arg(found[0], found[1], child.i)]   # 'the Khorasan group' where only 'Khorasan' is named
    if token.pos_ == "NOUN" and token.dep_ in ("attr", "appos", "conj"):
        for holder in holders(token):   # 'X, an al-Qaeda branch that was deployed...': the branch is X
            found = index.get(holder)
            if found is not None:
                return [Arg(found[0], found[1], holder.i)]
    return []


def _partitive(token: Token, counted: bool = False) -> bool:
    """'some operatives of X', 'former X members', 'one of the X commanders': a part, not the group.
    counted: a number of them still stands for the group ('300 X fighters remain in Y')."""
    if any(c.dep_ in ("det", "amod", "nummod", "quantmod", "advmod") and c.lower_ in PARTITIVE
           and not (counted and c.dep_ == "nummod") for c in token.children):
        return True
    if token.tag_ in ("NN", "NNP") and token.lemma_.lower() not in ("leadership", "force", "unit"):
        return True   # one militant is not the group
    head = token.head
    return token.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in PARTITIVE | {"dozen"}


def _owner_group(token: Token, index: EntityIndex) -> list[Arg]:
    """The group a member noun belongs to, with the groups coordinated with it ('Taliban and ISKP militants')."""
    for t in owners(token):
        found = index.get(t)
        if found is not None and found[1] == "G":
            named = [(c, index.get(c)) for c in [t, *t.conjuncts] if index.has(c, "G")]
            return [Arg(f[0], f[1], c.i) for c, f in named]
    return []
