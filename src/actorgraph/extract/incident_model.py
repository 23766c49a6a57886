"""Does a trigger word tell one specific incident that happened? A logistic regression over the parse.

The rules of event_triggers.py find words that can report violence ('attacked', 'the blast', 'a strike');
many of them, in news and analyses, tell a habit ('has been carrying out attacks'), a capability ('the
ability to strike'), a tally ('conducted 11 attacks last week'), a plan, a threat or a kind of act. This
model scores each trigger from sparse features of its parse: the word, the tense, aspect, mood and negation
of its clause and of the verbs it depends on, its dependency path, the determiner and number of a noun, the
dates, numbers and names in its clause and the words around it. It is trained by
scripts/train_incident_model.py on sentences written for the project and weak positives from MUC-4 and GTD
(docs/incident_model.md) and ships as feature weights in incident_model/: prediction is a sum over a dict,
with no native threads.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

from ..errors import ModelMissing
from .event_triggers import Trigger

NAME, VERSION = "incident_model", "1"
MODEL_DIR = Path(__file__).resolve().parent / "incident_model"
WEIGHTS_FILE, CONFIG_FILE = "weights.json", "config.json"

CLAUSE_LINKS = frozenset({"xcomp", "ccomp", "conj", "advcl", "acl", "relcl", "pcomp"})
AUX_CLASSES = {"has": "HAVE", "have": "HAVE", "'ve": "HAVE", "having": "HAVE", "had": "HAD", "'d": "HAD",
               "is": "BE", "are": "BE", "am": "BE", "'s": "BE", "'re": "BE", "was": "WAS", "were": "WAS",
               "been": "BEEN", "being": "BEING", "be": "BE_BARE", "do": "DO", "does": "DO", "did": "DID", "to": "TO"}
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
MONTHS = frozenset("""january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec""".split())
CLAUSE_ENTITIES = frozenset("DATE TIME GPE LOC FAC ORG NORP PERSON CARDINAL ARMED_GROUP".split())
STRETCH_PREPS = frozenset("since over during throughout for".split())
WINDOW = 4


def features(trigger: Token, sentence: Span | None = None) -> dict[str, float]:
    """Sparse binary features of a trigger in its sentence (the keys the weights are stored under)."""
    sentence = sentence if sentence is not None else trigger.sent
    out: dict[str, float] = {}
    lemma = trigger.lemma_.lower()
    noun = trigger.pos_ in ("NOUN", "PROPN") or trigger.tag_ in ("NN", "NNS")
    _add(out, "lemma", lemma)
    _add(out, "tag", trigger.tag_)
    _add(out, "dep", trigger.dep_)
    _add(out, "lemma_tag", f"{lemma}|{trigger.tag_}")
    clause = trigger if not noun else _clause_verb(trigger)
    if noun:
        _noun_features(trigger, out)
    if clause is not None:
        _verb_features(clause, "v", out)
        for depth, governor in enumerate(_governors(clause), 1):
            _verb_features(governor, f"g{depth}", out)
            _add(out, f"g{depth}_link", clause.dep_ if depth == 1 else "up")
        _clause_content(clause, trigger, sentence, out)
    _path_features(trigger, sentence, out)
    _context_words(trigger, sentence, out)
    if _headline(sentence):
        _add(out, "headline", trigger.tag_)
    return out


def _headline(sentence: Span) -> bool:
    """A title: no closing punctuation ('Gunmen kill 12 in attack on mosque'), where the present tells the past."""
    text = sentence.text.strip()
    return bool(text) and text[-1] not in ".!?\"'”’:;,)"


def _add(out: dict, name: str, value) -> None:
    out[f"{name}={value}"] = 1.0


# -- the clause's verb: tense, aspect, mood, negation ----------------------------------------------------

def _clause_verb(noun: Token) -> Token | None:
    """The verb a noun trigger belongs to ('carried out [attacks]', 'killed in [a blast]'); None for a fragment."""
    for ancestor in noun.ancestors:
        if ancestor.pos_ in ("VERB", "AUX"):
            return ancestor
    return None


def _governors(verb: Token, limit: int = 2):
    """The verbs a verb's clause hangs on: 'has continued to [attack]', 'plans to [strike]'."""
    word = verb
    for _ in range(limit):
        if word.dep_ not in CLAUSE_LINKS or word.head == word:
            return
        word = word.head
        while word.pos_ not in ("VERB", "AUX") and word.head != word:
            word = word.head   # 'the ability to [strike]': through the noun to its verb
        yield word


def _verb_features(verb: Token, prefix: str, out: dict) -> None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    aspect = "+".join([_aux_class(a) for a in auxes] + [verb.tag_])
    _add(out, f"{prefix}_aspect", aspect)
    _add(out, f"{prefix}_lemma", verb.lemma_.lower())
    _add(out, f"{prefix}_lemma_aspect", f"{verb.lemma_.lower()}|{aspect}")
    if any(c.dep_ == "neg" for c in verb.children):
        _add(out, f"{prefix}_neg", 1)
    for child in verb.children:
        if child.dep_ == "advmod" or (child.dep_ == "npadvmod" and not child.like_num):
            _add(out, f"{prefix}_adv", child.lemma_.lower())
        elif child.dep_ in ("nsubj", "nsubjpass", "dobj"):
            _add(out, f"{prefix}_{child.dep_}", _word_class(child))
            for number in (c for c in child.children if c.dep_ == "nummod"):
                _add(out, f"{prefix}_{child.dep_}_count", _number_class(number))
        elif child.dep_ == "prep":
            _add(out, f"{prefix}_prep", child.lower_)
            for obj in (c for c in child.children if c.dep_ == "pobj"):
                _add(out, f"{prefix}_prep_obj", f"{child.lower_}|{_word_class(obj)}")


def _aux_class(aux: Token) -> str:
    word = aux.lower_
    return AUX_CLASSES.get(word, "MODAL:" + word if aux.tag_ == "MD" else aux.lemma_.lower())


def _word_class(token: Token) -> str:
    """An entity's label, a pronoun's person, a number's shape or a word's lemma."""
    if token.ent_type_:
        return token.ent_type_
    if token.pos_ == "PRON":
        return "PRON:" + token.lower_
    if token.like_num:
        return "NUM"
    return token.lemma_.lower()


# -- a noun trigger: determiner, number, modifiers, what governs it -----------------------------------------

def _noun_features(noun: Token, out: dict) -> None:
    children = list(noun.children)
    det = next((c.lower_ for c in children if c.dep_ in ("det", "poss")), "none")
    _add(out, "det", det if det in ("a", "an", "the", "this", "that", "these", "those", "no", "any", "every", "each",
                                   "some", "none", "another", "such", "several", "many", "most") else "poss")
    _add(out, "det_number", f"{det if det in ('a', 'an', 'the', 'none') else 'other'}|{noun.tag_}")
    for child in children:
        if child.dep_ == "nummod":
            _add(out, "nummod", _number_class(child))
        elif child.dep_ in ("amod", "compound", "nmod"):
            _add(out, "mod", _word_class(child))
        elif child.dep_ == "prep":
            _add(out, "prep", child.lower_)
            for obj in child.children:
                if obj.dep_ == "pobj":
                    _add(out, "prep_obj", f"{child.lower_}|{_word_class(obj)}")
    if noun.dep_ == "pobj":
        _add(out, "gov_prep", noun.head.lower_)
        _add(out, "gov_prep_head", f"{noun.head.lower_}|{noun.head.head.lemma_.lower()}")
    else:
        _add(out, "head", f"{noun.dep_}|{noun.head.lemma_.lower()}")


def _number_class(number: Token) -> str:
    text = number.text.replace(",", "")
    if text.isdigit():
        value = int(text)
        bins = ((1, "1"), (5, "2-5"), (20, "6-20"), (100, "21-100"), (1000, "101-1000"))
        return next((name for top, name in bins if value <= top), ">1000")
    return number.lower_


# -- the clause: dates, places, groups, numbers ---------------------------------------------------------

def _clause_content(clause: Token, trigger: Token, sentence: Span, out: dict) -> None:
    for token in clause.subtree:
        if token.i == trigger.i:
            continue
        if token.ent_type_ in CLAUSE_ENTITIES and token.ent_iob_ == "B":
            _add(out, "clause_ent", token.ent_type_)
        if token.ent_type_ in ("DATE", "TIME"):
            _add(out, "date_word", _date_word(token))
    for entity in sentence.ents:
        if entity.label_ == "DATE" and clause.left_edge.i <= entity.start and entity.end <= clause.right_edge.i + 1:
            _add(out, "date_kind", _date_kind(entity))


def _date_kind(date: Span) -> str:
    """How precise a date is: a day, a weekday, a month, a year, or a stretch of time ('since May', 'last year')."""
    words = [_date_word(t) for t in date]
    head = date.root.head
    if head.dep_ == "prep" and head.lower_ in STRETCH_PREPS:
        return "stretch:" + head.lower_
    if "WEEKDAY" in words:
        return "weekday"
    if "MONTH" in words:
        return "day" if any(w in ("NUM1", "NUM2") for w in words) else "month"
    if any(w in ("year", "month", "week", "decade", "past", "recent", "last", "this") for w in words):
        return "relative"
    return "year" if "NUM4" in words else "other"


def _date_word(token: Token) -> str:
    word = token.lower_
    if word in WEEKDAYS or word.rstrip("s") in WEEKDAYS:
        return "WEEKDAY"
    if word in MONTHS:
        return "MONTH"
    if token.like_num:
        return f"NUM{len(token.text)}"
    return token.lemma_.lower()


# -- where the trigger hangs and what surrounds it --------------------------------------------------------

def _path_features(trigger: Token, sentence: Span, out: dict) -> None:
    path, word = [], trigger
    for depth in range(1, 4):
        if word.head == word:
            break
        path.append(word.dep_)
        word = word.head
        _add(out, f"anc{depth}", word.lemma_.lower())
        _add(out, "path", ">".join(path))
    _add(out, "root", sentence.root.lemma_.lower())


def _context_words(trigger: Token, sentence: Span, out: dict) -> None:
    doc = trigger.doc
    for offset in range(-WINDOW, WINDOW + 1):
        i = trigger.i + offset
        if offset == 0 or not sentence.start <= i < sentence.end:
            continue
        word = _word_class(doc[i])
        if abs(offset) <= 2:
            _add(out, f"w{offset:+d}", word)
        _add(out, "win", word)


# -- the shipped model ------------------------------------------------------------------------------------

@dataclass
class IncidentModel:
    """Feature weights and bias of a logistic regression, with the training run's metadata."""

    weights: dict[str, float]
    bias: float
    meta: dict = field(default_factory=dict)

    @property
    def threshold(self) -> float:
        return self.meta.get("threshold", 0.5)

    def probability_of(self, feats: dict[str, float]) -> float:
        weights = self.weights
        z = self.bias + sum(weights.get(name, 0.0) * value for name, value in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def from_sklearn(cls, vectorizer, model, meta: dict) -> "IncidentModel":
        names = vectorizer.get_feature_names_out()
        weights = {str(n): round(float(w), 5) for n, w in zip(names, model.coef_[0]) if abs(w) >= 1e-4}
        return cls(weights, float(model.intercept_[0]), dict(meta))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / WEIGHTS_FILE).write_text(json.dumps(self.weights, sort_keys=True, separators=(",", ":")))
        (folder / CONFIG_FILE).write_text(json.dumps({**self.meta, "bias": self.bias}, indent=1))

    @classmethod
    def load(cls, folder: Path = MODEL_DIR) -> "IncidentModel":
        if not (folder / WEIGHTS_FILE).exists():
            raise ModelMissing(f"The incident model is missing from {folder}. Run: make train-incident")
        meta = json.loads((folder / CONFIG_FILE).read_text(encoding="utf-8"))
        weights = json.loads((folder / WEIGHTS_FILE).read_text(encoding="utf-8"))
        return cls(weights, meta.pop("bias"), meta)


@lru_cache(maxsize=1)
def load_model() -> IncidentModel:
    """The shipped model, read once per process."""
    return IncidentModel.load()


def incident_probability(sentence: Span, trigger: Token) -> float:
    """How likely `trigger` in `sentence` tells one specific incident that happened (not a threat, plan,
    habit, capability, tally, generic kind, or a peaceful sense of the word)."""
    return load_model().probability_of(features(trigger, sentence))


def tells_incident(trigger: Token) -> bool:
    """The trigger's probability reaches the threshold chosen on MUC-4 dev and the hand-written sentences."""
    model = load_model()
    return model.probability_of(features(trigger)) >= model.threshold


def incident_triggers(triggers: list[Trigger]) -> list[Trigger]:
    """The triggers of the sentences where at least one tells an incident.

    The triggers of one sentence tell one incident; a sentence whose triggers all tell a habit, a tally or a
    threat starts none. Scoring stops at a sentence's first trigger that passes."""
    telling: set[int] = set()
    for trigger in triggers:
        sentence = trigger.token.sent.start
        if sentence not in telling and tells_incident(trigger.token):
            telling.add(sentence)
    return [t for t in triggers if t.token.sent.start in telling]
