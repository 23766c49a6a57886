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
# Verbs that keep an incident from happening: 'prevented attacks', 'foiled a bombing'.
PREVENTING_HEADS = frozenset("prevent foil thwart avert stop deter plan plot threaten fear warn risk".split())
HABITUAL = frozenset("repeatedly regularly often frequently routinely occasionally sometimes usually increasingly".split())
NOMINAL_DEPS = frozenset({"pobj", "dobj", "nsubj", "nsubjpass", "attr", "appos", "conj"})
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
    governor: frozenset = frozenset()   # the verb a noun must hang on ('killed in a strike')
    object_kind: str = ""               # people, place, infrastructure or vehicle: what the verb's object must be
    object_modifier: frozenset = frozenset()   # a word the object must carry ('suicide' bomber)
    nonstate_author: bool = False       # the word is an attack only when police or soldiers are not its subject
    side: str = "author"          # "responder": the subject answered the incident (defused the bomb), not its author
    needs_context: bool = False   # the word has peaceful senses: its clause must show violence
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
    sets = data.get("sets", {})
    rules = []
    for item in data["triggers"]:
        subject = item.get("subject", ())
        subject = sets[subject[1:]] if isinstance(subject, str) else subject   # '@armed_actors': a named word set
        rules.append(TriggerRule(
            item["name"], item["type"], item["subtype"], frozenset(item["lemmas"]), frozenset(item["pos"]),
            frozenset(item.get("object", ())), frozenset(item.get("particle", ())), frozenset(subject),
            frozenset(item.get("compound", ())), frozenset(item.get("governor", ())), item.get("object_kind", ""),
            frozenset(item.get("object_modifier", ())), item.get("nonstate_author", False),
            item.get("side", "author"), item.get("needs_context", False), tuple(item.get("examples", ())),
            tuple(item.get("counter_examples", ()))))
    # rules with a required modifier are the more specific reading of the same word: try them first
    return tuple(sorted(rules, key=lambda r: not (r.compound or r.object or r.particle or r.subject)))


def find_triggers(doc: Doc) -> list[Trigger]:
    """Every token of a parsed document that reports an incident that happened."""
    out = []
    for token in doc:
        rule = _matching_rule(token)
        if rule is not None and _reports_an_occurrence(token, rule) and (not rule.needs_context or violent_context(token)):
            out.append(Trigger(token, rule, refine_subtype(token, rule.subtype)))
    return out


def _matching_rule(token: Token) -> TriggerRule | None:
    """The first rule, in the file's order, whose words hold the token's lemma or form and whose needs it meets."""
    by_word = _rules_by_word()
    candidates = by_word.get(token.lemma_.lower(), ()) + by_word.get(token.lower_, ())
    if not candidates:
        return None
    pos = "NOUN" if _noun_like(token) else token.pos_
    rules = trigger_rules()
    for index in sorted(set(candidates)):
        if pos in rules[index].pos and _has_required(token, rules[index]):
            return rules[index]
    return None


@lru_cache(maxsize=1)
def _rules_by_word() -> dict[str, tuple[int, ...]]:
    """word -> the positions of the rules that list it (most tokens are in no rule)."""
    by_word: dict[str, tuple[int, ...]] = {}
    for index, rule in enumerate(trigger_rules()):
        for word in rule.lemmas:
            by_word[word] = by_word.get(word, ()) + (index,)
    return by_word


def _noun_like(token: Token) -> bool:
    """Nouns, and nouns the tagger took for verbs ('the suicide blasts' tagged VERB but used as an object)."""
    if token.pos_ in ("NOUN", "PROPN"):
        return True
    return token.pos_ == "VERB" and token.dep_ in NOMINAL_DEPS and token.tag_ in ("VBZ", "NNS") and any(
        c.dep_ in ("det", "compound", "amod", "poss") for c in token.children)


def _has_required(token: Token, rule: TriggerRule) -> bool:
    children = list(token.children)
    if token.dep_ == "conj" and token.head.pos_ == "VERB":
        # 'was discovered and defused': the second verb shares the first one's subject and object it lacks
        own = {c.dep_ for c in children}
        children += [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.dep_ not in own]
    if rule.nonstate_author and any(c.dep_ == "nsubj" and c.lemma_.lower() in STATE_SUBJECTS for c in children):
        return False   # 'customs officers seized a truck', 'police detained two suspects': arrests and seizures
    lemmas = {c.lemma_.lower() for c in children}
    if rule.object and not (lemmas & rule.object or any(c.lemma_.lower() in rule.object for c in _grandchildren(token))):
        return False
    if rule.particle and not any(c.dep_ == "prt" and c.lemma_.lower() in rule.particle for c in children):
        return False
    if rule.subject and not any(c.dep_ in ("nsubj", "nsubjpass") and _head_words(c) & rule.subject for c in children):
        return False
    if rule.compound and not any(c.dep_ in ("compound", "amod", "nmod") and c.lower_ in rule.compound for c in children):
        return False
    if rule.object_kind:
        objects = [_counted(c) for c in children if c.dep_ in ("dobj", "nsubjpass")]
        if not objects or not all(_kind_of_object(o) == rule.object_kind for o in objects):
            return False
    if rule.object_modifier:
        objects = [c for c in children if c.dep_ in ("dobj", "nsubjpass")]
        if not any(m.lower_ in rule.object_modifier for o in objects for m in o.children):
            return False
    if rule.governor:
        verb = token.head.head if token.dep_ == "pobj" else token.head
        return verb.lemma_.lower() in rule.governor and token.dep_ in ("pobj", "nsubj", "agent")
    return True


# 'an unknown number of bridges', 'dozens of trucks': the object is what is counted
QUANTITY_NOUNS = frozenset("number dozen dozens score scores series couple pair lot lots hundreds thousands handful row string".split())


def _counted(token: Token) -> Token:
    if token.lemma_.lower() not in QUANTITY_NOUNS:
        return token
    counted = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    return counted[0] if counted else token


PEOPLE_WORDS = frozenset("""people person civilian civilians soldier soldiers worker workers man men woman women child
children student students villager villagers hostage hostages tourist tourists officer officers official officials
member members passenger passengers teacher teachers pupil pupils girl girls boy boys driver drivers national
nationals citizen citizens engineer engineers journalist journalists policeman policemen""".split())
PLACE_WORDS = frozenset("""base camp town city village district post outpost checkpoint checkpost station building
compound headquarters barracks town hall office prison airport port bridge road highway area territory position
positions facility field town""".split())


INFRASTRUCTURE_WORDS = frozenset("""bridge bridges road roads highway highways segment tower towers pylon pylons pipeline
pipelines culvert culverts railway railways line lines dam dams mast masts antenna antennas well wells""".split())
VEHICLE_WORDS = frozenset("""truck trucks lorry lorries bus buses car cars vehicle vehicles tanker tankers ship ships
vessel vessels boat boats plane planes aircraft train trains van vans""".split())


def _kind_of_object(token: Token) -> str:
    # the head word first: NER takes 'Kumba-Buea Road' for a person's name
    if token.lemma_.lower() in INFRASTRUCTURE_WORDS or token.lower_ in INFRASTRUCTURE_WORDS:
        return "infrastructure"
    if token.ent_type_ in ("PERSON", "NORP") or token.lower_ in PEOPLE_WORDS or token.lemma_.lower() in PEOPLE_WORDS:
        return "people"
    if token.lemma_.lower() in VEHICLE_WORDS or token.lower_ in VEHICLE_WORDS:
        return "vehicle"
    if token.ent_type_ in ("GPE", "LOC", "FAC") or token.lemma_.lower() in PLACE_WORDS:
        return "place"
    return "thing"


# Words that make a clause about armed violence: who fights, what with, who suffers, what is hit.
VIOLENCE_WORDS = frozenset("""militant militants insurgent insurgents gunman gunmen assailant assailants attacker attackers
terrorist terrorists jihadist jihadists rebel rebels fighter fighters bomber bombers extremist extremists guerrilla
guerrillas separatist separatists militia militias militiaman militiamen soldier soldiers troop troops police policeman
policemen officer officers army military forces force security convoy checkpoint checkpost outpost patrol base barracks
prison jail embassy bomb bombs explosive explosives ied grenade grenades rocket rockets mortar mortars missile missiles gun guns rifle rifles
firearm firearms bullet bullets drone drones airstrike device vest suicide kill killed killing dead death deaths wound
wounded injure injured casualty casualties hostage hostages civilian civilians villager villagers worshipper
worshippers victim victims massacre ambush""".split())
NATURAL_SUBJECTS = frozenset("""earthquake quake storm cyclone hurricane typhoon flood floods landslide drought fire
wildfire virus epidemic pandemic tremor""".split())


def violent_context(token: Token) -> bool:
    """The trigger's clause names an armed actor, a weapon, casualties or a security target; no natural disaster did it."""
    clause = token
    while clause.dep_ in ("acl", "relcl", "advcl", "conj", "xcomp", "pcomp", "pobj", "prep", "dobj", "nsubj",
                          "nsubjpass", "compound") and clause.head != clause and clause.head.pos_ != "PUNCT":
        clause = clause.head
        if clause.pos_ in ("VERB", "AUX") and clause.dep_ not in ("acl", "relcl", "advcl", "conj", "xcomp"):
            break
    words = list(clause.subtree)
    if any(w.dep_ in ("nsubj", "nsubjpass") and w.lemma_.lower() in NATURAL_SUBJECTS for w in clause.children):
        return False
    if any(w.lower_ in VIOLENCE_WORDS or w.lemma_.lower() in VIOLENCE_WORDS or w.ent_type_ == "ARMED_GROUP"
           for w in words if w != token):
        return True
    return token.lemma_.lower() not in VERBAL_SENSES and any(is_people(p) for p in _patients(token))


# 'critics attacked the minister', 'the two leaders clashed': people as targets do not make these violent
VERBAL_SENSES = frozenset("attack assault clash target hit strike storm".split())
PEOPLE_PROTOTYPES = ("people", "civilians", "children", "villagers", "students", "journalist", "teacher", "farmers")


def _patients(token: Token) -> list[Token]:
    """Who the act was done to: the object, the passive subject, or 'of X' after a noun ('the abduction of 20 girls')."""
    out = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    out += [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
    return out


def is_people(token: Token) -> bool:
    """A person or people: a PERSON name, a people word, or a noun whose vector sits near such words."""
    word = token.lower_
    if token.ent_type_ in ("PERSON", "NORP") or token.lemma_.lower() in PEOPLE_WORDS or word in PEOPLE_WORDS:
        return True
    if word.endswith(("girl", "girls", "boy", "boys", "men", "women", "children", "people")):
        return True   # schoolgirls, tribesmen, schoolchildren
    if not token.has_vector or token.pos_ not in ("NOUN", "PROPN"):
        return False
    vocab = token.doc.vocab
    return max(token.similarity(vocab[w]) for w in PEOPLE_PROTOTYPES if vocab[w].has_vector) > 0.55


STATE_SUBJECTS = frozenset("""police policeman policemen officer officers customs authority authorities troop troops
soldier soldiers army military force forces government agent agents guard guards gendarme gendarmes""".split())


def _grandchildren(token: Token):
    for child in token.children:
        if child.dep_ == "prep":
            yield from child.children


def _head_words(token: Token) -> set[str]:
    return {token.lemma_.lower()} | {c.lemma_.lower() for c in token.children if c.dep_ == "compound"}


def _reports_an_occurrence(token: Token, rule: TriggerRule) -> bool:
    if token.pos_ == "VERB" and not _noun_like(token):
        return _verb_occurred(token)
    return _noun_occurred(token, rule)


def _verb_occurred(verb: Token) -> bool:
    """Past or passive, not negated, not modal, not the complement of 'threatened'/'plans'."""
    if verb.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False   # 'the group attacks convoys': a habit, not an incident
    if verb.tag_ == "VB" and not _complement_of_attempt(verb):
        return False   # a bare infinitive: 'to attack', 'will attack'
    if verb.tag_ == "VBG" and verb.dep_ in ("pcomp", "pobj", "acomp", "csubj"):
        return False   # 'intent on hitting', 'accused of killing': not an incident told
    if verb.dep_ in ("acl", "amod") and (verb.tag_ == "VBG" or is_trigger_noun(verb.head)):
        return False   # 'attacks targeting civilians', 'a bomb targeting a convoy': a modifier, not the telling
    if any(c.lower_ in HABITUAL or (c.dep_ == "npadvmod" and c.lemma_.lower() == "time") for c in verb.children):
        return False   # 'clashed several times', 'repeatedly attacked'
    if verb.dep_ in ("advcl", "conj") and _tells_many(verb.head):
        return False   # 'conducted 11 attacks in Iraq, killing 26 people': part of a tally, not one incident
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


def is_trigger_noun(token: Token) -> bool:
    return _noun_like(token) and any(token.lemma_.lower() in r.lemmas for r in trigger_rules() if "NOUN" in r.pos)


def _noun_occurred(noun: Token, rule: TriggerRule) -> bool:
    if noun.dep_ == "compound" and noun.head.lemma_.lower() not in rule.lemmas:
        return False   # 'attack helicopters', 'bomb squad'
    governor = noun.head.head if noun.dep_ == "pobj" else noun.head
    if noun.dep_ in ("dobj", "pobj", "nsubjpass") and governor.lemma_.lower() in PREVENTING_HEADS:
        return False   # 'prevented external attacks', 'plotted a bombing'
    if noun.tag_ == "NNS" and not any(c.dep_ == "nummod" for c in noun.children) and not _own_date(noun):
        return False   # 'a series of bombings', 'indiscriminate attacks': a kind of act, not one incident
    if noun.tag_ == "NNS" and any(c.dep_ == "nummod" and _count_above(c, 5) for c in noun.children):
        return False   # '207 clashes in 2017': a count of incidents, not one
    if not any(c.dep_ in ("det", "poss", "nummod", "compound") for c in noun.children) and \
            noun.dep_ in ("nsubj", "nsubjpass") and _present_tense(noun.head):
        return False   # 'Arson is punished severely', 'Child abduction is a crime': a kind, not an incident
    if _named_instance(noun):
        return True    # 'attacks such as the Kabul shelling of March 8th', 'including the jail raid in August 2020'
    verb = next((a for a in noun.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is not None and verb.pos_ == "VERB" and not _verb_occurred(verb) and verb.tag_ not in ("VBZ", "VBP"):
        # 'intent on hitting the US with a terror attack', 'could launch an attack' - unless a definite attack
        # is dated: 'enough for the group to orchestrate the attack on parliament on 7 June 2017'
        return _definite_noun(noun) and any(t.ent_type_ == "DATE" for t in verb.subtree)
    if any(c.dep_ == "det" and c.lower_ in ("no", "any") for c in noun.children):
        return False
    if noun.lemma_.lower() == "attack" and any(c.lower_ in ("heart", "panic", "asthma") for c in noun.children):
        return False
    return True


def _present_tense(verb: Token) -> bool:
    return verb.tag_ in ("VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP")
                                              for c in verb.children)


def _tells_many(verb: Token) -> bool:
    """A verb whose object is several incidents counted or listed: 'conducted 11 attacks', 'a series of raids'."""
    for obj in (c for c in verb.children if c.dep_ in ("dobj", "attr")):
        if obj.lemma_.lower() == "series" or (obj.tag_ == "NNS" and is_trigger_noun(obj) and not _own_date(obj)):
            return True
    return False


def _count_above(number: Token, limit: int) -> bool:
    words = {"two": 2, "three": 3, "four": 4, "five": 5, "several": 6, "dozens": 24, "hundreds": 200}
    text = number.text.replace(",", "")
    value = int(text) if text.isdigit() else words.get(number.lower_, 0)
    return value > limit


def _named_instance(noun: Token) -> bool:
    """A definite incident named as an example: 'such as the ... shelling', 'including the ... raid'."""
    head = noun.head
    example = head.lower_ == "including" or (head.lower_ == "as" and any(c.lower_ == "such" for c in head.children))
    return noun.dep_ == "pobj" and example and _definite_noun(noun)


def _definite_noun(noun: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its", "their") for c in noun.children)


def _own_date(noun: Token) -> bool:
    """A day or month in the noun's own phrase: 'the attacks of 12 May 2019', 'Saturday's blasts'."""
    return any(t.ent_type_ == "DATE" and not t.like_num for t in noun.subtree) or any(
        t.ent_type_ == "DATE" and t.like_num and len(t.text) <= 2 for t in noun.subtree)


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
