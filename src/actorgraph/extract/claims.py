"""Numeric claims: a figure someone asserted about a group (strength, pay, funding, operations, clashes, losses).

Read over the dependency parse with the rules in claim_rules.py: what a figure counts, the word it hangs
on, the group that word ties it to, and who said so. One claim per figure per statement; a range is one
claim; vague quantities are ranges (quantities.py). A claim about one incident's casualties is the
event's (events.py), so counts of people killed or attacks made are claims only as tallies over a period.

The subject is the group the figure is about. A figure a report about a branch gives for the branch's
parent ('1,000 ISIL fighters in the country' in a report on ISKP) is read as the branch's when the
sentence does not name the branch itself, and the claim says so in `subject_note`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan, Token

from ..models import Claim, Evidence, Span
from . import claim_rules as lex
from .arguments import (RELATIVE_PRONOUNS, EntityIndex, between, entities, grammatical_subjects, objects, owners,
                        prep_objects, subjects)
from .claim_rules import RULES, ClaimRule
from .context import (CLAIMING, CLAUSAL, DOCUMENT_NOUNS, HEDGE_WORDS, HEDGING, PASSIVE_HEDGING, SOURCE_VERBS,
                      clause_dates, fact_modality, sentence_source, source_phrase,
                      statement_source)
from .document_context import DocContext
from .quantities import Quantity, find_quantities
from .slots import KIND_OF_TYPE

EXTRACTOR, VERSION = "claim_rules", "2"

LIGHT_NOUNS = frozenset({"total", "responsibility", "credit", "death", "fatality", "tally", "toll"})
RAISING_VERBS = frozenset({"estimate", "believe", "think", "say", "report", "consider", "expect", "know",
                           "understand", "reckon", "suppose", "seem", "appear", "claim", "assess", "calculate"})
GROUP_DESCRIPTORS = frozenset({"group", "organisation", "organization", "movement", "outfit", "militia", "wing",
                               "branch", "arm", "faction", "affiliate", "network", "insurgency", "coalition"})
PRONOUNS = frozenset({"it", "its", "they", "them", "their", "itself", "themselves"})
SPEAKER_PRONOUNS = PRONOUNS | {"he", "she", "his", "her", "him"}
PERIOD_NOUNS = frozenset({"year", "month", "week", "decade", "period", "course", "span", "day", "quarter"})
CUMULATIVE_WORDS = frozenset({"altogether", "cumulatively", "overall", "throughout", "annually", "yearly",
                              "alone", "since", "total", "combined", "tally"})
INCIDENT_NOUNS = lex.ATTACK_NOUNS | lex.CLASH_NOUNS | {"blast", "shooting", "incident", "encounter", "gunfight"}
DEFINITE = frozenset({"the", "these", "those", "this", "that"})
PRONOUN_MEMORY = 1  # sentences back that 'It said' may continue
SOURCE_MEMORY = 5   # sentences back that 'the report said' may name again
FEW = 10            # fewer people than this are a cell or a unit, not a group's strength


@dataclass
class Figure:
    """A number in the parse: its tokens, what it counts and the word its phrase hangs on."""
    quantity: Quantity
    number: Token               # the number word heading the figure
    counted: Token | None       # the noun counted ('fighters'), None for money or a bare number
    kind: str                   # a class of claim_rules.COUNTED_CLASSES, 'bare' or ''
    anchor: Token               # the head of the figure's phrase in its clause
    parent: Token | None = None # the noun of the figure this one elaborates ('or 4,000 including allies')
    path: list[Token] = field(default_factory=list)   # the anchor and the words governing it (_path)
    dated: list = field(default_factory=list)         # (date, role) of the dates hung on that path


@dataclass(frozen=True)
class Frame:
    link: str                   # object, subject, with, of
    governor: Token             # the verb, adjective or noun the figure's phrase hangs on
    prep: Token | None = None   # the preposition between them ('was behind 40 attacks', 'fell to 3,000')


@dataclass(frozen=True)
class Found:
    rule: str
    claim: Claim


def extract_claims(ctx: DocContext, parent_of_focus: set) -> list[Claim]:
    """parent_of_focus: spans of mentions that name the parent organisation of the document's main group."""
    return [found.claim for found in claim_matches(ctx, parent_of_focus)]


def claim_matches(ctx: DocContext, parent_of_focus: set = frozenset()) -> list[Found]:
    """Every claim with the name of the rule that read it; nothing without a dependency parse."""
    if not ctx.doc.has_annotation("DEP"):
        return []
    return _Reader(ctx, parent_of_focus).read()


class _Reader:
    def __init__(self, ctx: DocContext, parent_of_focus: set):
        self.ctx = ctx
        self.doc = ctx.doc
        self.index = EntityIndex(self.doc, [s for sent in ctx.sentences for s in sent.slots], self._kind_of)
        self.parent_of_focus = parent_of_focus
        self.sources: list[tuple[int, Token]] = []     # (sentence number, source word) most recent last
        self.by_noun: dict[int, tuple] = {}   # counted noun -> (rule, subject, note) of its claim
        self.figures: list[Figure] = []       # the figures of the sentence being read
        self.resolved: dict[int, Span] = {}   # anaphor token -> the group this reader read it as
        self.sentence_number = 0

    def _kind_of(self, ref: Span) -> str | None:
        index = self.ctx.cluster_of.get(ref)
        return KIND_OF_TYPE.get(self.ctx.clusters[index].type) if index is not None else None

    def read(self) -> list[Found]:
        out: list[Found] = []
        for number, sentence in enumerate(self.doc.sents):
            self.sentence_number = number
            dates = self.ctx.dates_in(sentence.text)
            self.figures = _figures(sentence)
            for figure in self.figures:
                found = self._claim(figure, sentence, dates)
                if found is not None and not any(_same(found.claim, f.claim) for f in out):
                    out.append(found)
            opening = _opening_source(sentence.root)
            if opening is not None:
                self._remember(self._resolved(opening))
        return out

    # -- one figure -----------------------------------------------------------------------------
    def _claim(self, figure: Figure, sentence: SpacySpan, dates) -> Found | None:
        frame = _frame(figure.anchor)
        if frame is None:
            return None
        figure.path = _path(figure.anchor)
        figure.dated = clause_dates(figure.path, dates, sentence.start_char)
        matched = self._match(figure, frame)
        if matched is None:
            return None
        rule, subject, note = matched
        mood = fact_modality(frame.governor)
        if mood in (None, "denied"):
            return None
        if figure.counted is not None:
            self.by_noun[figure.counted.i] = (rule, subject, note)
        source, said_by = self._source(figure)
        as_of, precision = self._as_of(figure, _dates_within(said_by, dates, sentence) if said_by is not None else [])
        end = sentence.start_char + len(sentence.text.rstrip())
        evidence = Evidence(self.ctx.document_id, sentence.start_char, end,
                            self.ctx.text[sentence.start_char:end], EXTRACTOR, VERSION)
        claim = Claim(subject=subject, attribute=_attribute(rule, figure, frame), low=figure.quantity.low,
                      high=figure.quantity.high, evidence=evidence, unit=_unit(rule, figure, frame), as_of=as_of,
                      as_of_precision=precision, attributed_to=source, hedge=_hedge(figure, mood),
                      subject_note=note, confidence=0.7 if source else 0.6)
        return Found(rule.name, claim)

    def _match(self, figure: Figure, frame: Frame):
        """The first rule the figure and its frame meet, with the group it names."""
        inherited = self.by_noun.get(figure.parent.i) if figure.parent is not None else None
        rules = [inherited[0]] if inherited else RULES
        for rule in rules:
            if inherited is None and not _fits(rule, figure, frame):
                continue
            if inherited is None and not all(CHECKS[c](figure, frame) for c in rule.checks):
                continue
            subject = self._holder(rule, figure, frame)
            if subject is None and inherited:
                subject = inherited[1], inherited[2]
            if subject is not None:
                return rule, *subject
        return None

    # -- the group --------------------------------------------------------------------------------
    def _holder(self, rule: ClaimRule, figure: Figure, frame: Frame) -> tuple[Span, str] | None:
        """The group and a note on how it was chosen when the text does not name it with the figure."""
        for role in rule.holder:
            words = ROLES[role](figure, frame)
            if not words:
                continue
            found = self._group(words, figure, role)
            if found is not None:
                return found
        return None

    def _group(self, words: list[Token], figure: Figure, role: str) -> tuple[Span, str] | None:
        if len(words) == 1 and _anaphor(words[0]):
            ref = self._recent_subject(words[0])
            if ref is not None:
                subject, note = self._branch(ref, figure)
                return subject, note or f"'{_phrase_text(words[0])}' read as the group named just before it"
        named = entities(words, self.index, "G", stand_ins="bare", companions=role == "between")
        named += [a for w in words if w.lemma_.lower() in lex.ATTACK_NOUNS
                  for a in entities(owners(w, frozenset({"of", "by"})), self.index, "G")]   # 'ISWAP attacks killed'
        if role == "between" and named:
            return self._side(named, figure)
        if len(named) == 1 or (named and len({self.ctx.cluster_of.get(a.ref) for a in named}) == 1):
            return self._branch(named[0].ref, figure)
        if named:
            return None   # several groups together: whose figure it is stays open
        return self._unnamed(words, figure)

    def _recent_subject(self, word: Token) -> Span | None:
        """'In Somalia, al-Shabaab remains a threat. Monitors said the group raised...': a pronoun or 'the group'
        names the group that is the subject just before it when the group coreference chose (the report's main
        group, by default) is not named there; None keeps the coreference."""
        before = [t for t in word.sent if t.i < word.left_edge.i]
        previous = list(self.doc[word.sent.start - 1].sent) if word.sent.start > 0 else []
        window = before + previous
        subjects = [t for t in reversed(before) if self._subject_group(t)] + \
                   [t for t in previous if self._subject_group(t)]
        if not subjects:
            return None
        chosen = self.resolved.get(word.i) or (self.index.get(word) or (None,))[0]
        clusters = {self.ctx.cluster_of.get(self._ref(t)) for t in window if self._ref(t) is not None}
        if chosen is not None and self.ctx.cluster_of.get(chosen) in clusters:
            return None
        ref = self._ref(subjects[0])
        self.resolved[word.i] = ref
        return ref

    def _ref(self, token: Token) -> Span | None:
        """The group a token names, as this reader resolved it."""
        if token.i in self.resolved:
            return self.resolved[token.i]
        if token.head.i in self.resolved and token.dep_ in ("det", "amod", "compound", "poss"):
            return self.resolved[token.head.i]   # 'the' of 'the group'
        found = self.index.get(token)
        return found[0] if found is not None and found[1] == "G" else None

    def _subject_group(self, token: Token) -> bool:
        subject = token.dep_ in ("nsubj", "nsubjpass") or (
            token.dep_ in ("compound", "poss", "amod") and token.head.dep_ in ("nsubj", "nsubjpass"))
        return subject and self._ref(token) is not None

    def _side(self, sides, figure: Figure) -> tuple[Span, str]:
        """'clashes between X and Y' concern both: filed under the report's main group when it is one of them."""
        focus = self.ctx.focus_span
        cluster = self.ctx.cluster_of
        mine = next((a for a in sides if focus is not None and cluster.get(a.ref) == cluster.get(focus)), sides[0])
        others = [self.ctx.text[a.ref[0]:a.ref[1]] for a in sides if cluster.get(a.ref) != cluster.get(mine.ref)]
        return mine.ref, ("with " + ", ".join(others)) if others else ""

    def _branch(self, ref: Span, figure: Figure) -> tuple[Span, str]:
        focus = self.ctx.focus_span
        if ref in self.parent_of_focus and focus is not None and not self._names_focus(figure.number.sent):
            name = self.ctx.text[ref[0]:ref[1]]
            return focus, f"named '{name}', the parent organisation, in a report about its branch"
        return ref, ""

    def _names_focus(self, sentence: SpacySpan) -> bool:
        focus = self.ctx.focus
        return focus is not None and any(sentence.start_char <= m.start < sentence.end_char for m in focus.mentions)

    def _unnamed(self, words: list[Token], figure: Figure) -> tuple[Span, str] | None:
        """'they pay fighters', 'the military wing': a pronoun or a description the text leaves unnamed."""
        words = [w.head.head if w.lower_ in RELATIVE_PRONOUNS and w.head.dep_ == "relcl" else w for w in words]
        word = next((w for w in words if _anaphor(w)), None)
        if word is None or word.lower_ in ("it", "its", "itself"):
            return None   # coreference read 'it' and found no group: the strike, the report, the figure...
        if word.lower_ not in PRONOUNS:
            before = [t for t in figure.number.sent if t.i < word.i and self.index.has(t, "G")]
            if before:
                ref = self.index.get(before[-1])[0]
                return ref, f"'{_phrase_text(word)}' read as the group named before it"
        focus = self.ctx.focus_span
        if focus is None:
            return None
        return focus, f"'{_phrase_text(word)}' read as the report's main group"

    # -- who said it, when ------------------------------------------------------------------------
    def _source(self, figure: Figure) -> tuple[str | None, Token | None]:
        """Who asserted the figure, and the word naming them."""
        word = statement_source(figure.anchor)
        if word is None:
            return None, None
        word = self._resolved(word)
        self._remember(word)
        return self._name(word), word

    def _resolved(self, word: Token) -> Token:
        """'It said', 'the report added': the source named just before, when this one does not name itself."""
        if self.index.get(word) is not None and self.index.get(word)[1] == "G":
            return word
        generic = word.lower_ in SPEAKER_PRONOUNS or (
            any(c.lower_ in DEFINITE for c in word.children) and not any(t.pos_ == "PROPN" for t in word.subtree))
        if not generic:
            return word
        pronoun = word.lower_ in SPEAKER_PRONOUNS
        for number, earlier in reversed(self.sources):
            if self.sentence_number - number > (PRONOUN_MEMORY if pronoun else SOURCE_MEMORY):
                break
            if pronoun or earlier.lemma_ == word.lemma_:
                return earlier
        return word

    def _remember(self, word: Token) -> None:
        if word.lower_ not in SPEAKER_PRONOUNS:
            self.sources.append((self.sentence_number, word))

    def _name(self, word: Token) -> str:
        """A group's name for a group ('the group said' -> 'Hezbollah'), else the source's phrase."""
        found = self.index.get(word)
        if found is not None and found[1] == "G":
            return self.ctx.text[found[0][0]:found[0][1]]
        return source_phrase(word)

    def _as_of(self, figure: Figure, source_dates: list) -> tuple[str | None, str | None]:
        """The date of the figure's own clause, the one hung closest to the figure ('fell from 5,000 in 2016
        to 3,000 in 2019'); else the date of the source it cites ('a UN report published in July 2021'); for a
        'since' date or none, the date the report speaks from."""
        stated = [d for d, role in figure.dated if role != "start"]
        if stated:
            offset = figure.number.sent.start_char
            own = [d for d in stated if _nearest(self.figures, d) is figure] or stated
            date = min(own, key=lambda d: (_depth(d, figure.path, offset), _distance(figure, d)))
            date = _range_end(date, stated, figure.number.sent)
            return date.iso, date.precision
        if source_dates:
            date = max(source_dates, key=lambda d: d.iso)
            return date.iso, date.precision
        if self.ctx.reference:
            return self.ctx.reference, "report"
        return None, None


def _dates_within(word: Token, dates, sentence: SpacySpan) -> list:
    """The dates of a sentence inside the phrase of one of its words ('a UN report published in July 2021')."""
    if not sentence.start <= word.i < sentence.end:
        return []   # a source named in an earlier sentence
    tokens = list(word.subtree)
    start = tokens[0].idx - sentence.start_char
    end = tokens[-1].idx + len(tokens[-1].text) - sentence.start_char
    return [d for d in dates if start <= d.start and d.end <= end]


def _anaphor(word: Token) -> bool:
    """'it', 'their', 'the group': a word that names a group only through what came before."""
    if word.lower_ in PRONOUNS:
        return True
    return word.lemma_.lower() in GROUP_DESCRIPTORS and any(c.lower_ in DEFINITE for c in word.children) \
        and not any(t.pos_ == "PROPN" for t in word.subtree)


def _distance(figure: Figure, date) -> float:
    """Characters between a figure and a date, a date before the figure counting more ('5,000 in 2016')."""
    start = figure.quantity.start
    end = start + len(figure.quantity.text)
    return date.start - end if date.start >= end else (start - date.end) * 1.5


def _nearest(figures: list[Figure], date) -> Figure | None:
    return min(figures, key=lambda f: _distance(f, date), default=None)


def _range_end(date, dates, sentence: SpacySpan):
    """'between 2013 and 2019', 'from 2016 to 2019': a figure for a span of time is as of its end."""
    prep = _range_prep(date, sentence)
    if prep is None:
        return date
    return max((d for d in dates if _range_prep(d, sentence) is not None and _range_prep(d, sentence).i == prep.i),
               key=lambda d: d.iso)


def _range_prep(date, sentence: SpacySpan) -> Token | None:
    span = sentence.doc.char_span(sentence.start_char + date.start, sentence.start_char + date.end,
                                  alignment_mode="expand")
    if span is None:
        return None
    return next((a for a in span.root.ancestors if a.lower_ in ("between", "from") and a.dep_ == "prep"
                 and any(o.dep_ == "pobj" and o.ent_type_ == "DATE" for o in a.children)), None)


def _depth(date, path: list[Token], offset: int) -> int:
    """How far up the figure's path a date hangs (0: on the figure's own phrase)."""
    span = path[0].doc.char_span(offset + date.start, offset + date.end, alignment_mode="expand")
    if span is None:
        return len(path)
    on_path = {t.i: k for k, t in enumerate(path)}
    node = span.root
    while node.i not in on_path and node.head.i != node.i:
        node = node.head
    return on_path.get(node.i, len(path))


def _opening_source(root: Token) -> Token | None:
    """A source a sentence introduces that the next may continue: 'officials said...', 'The UN published its
    report in July.', 'A report by X appeared in May.'"""
    found = sentence_source(root)
    if found is not None:
        return found
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and (root.lemma_ in SOURCE_VERBS or subject.lemma_.lower() in DOCUMENT_NOUNS):
        return subject
    return None


# -- figures in the parse -------------------------------------------------------------------------
def _figures(sentence: SpacySpan) -> list[Figure]:
    out: list[Figure] = []
    for q in find_quantities(sentence.text):
        if q.vague and q.high < FEW:
            continue   # 'several', 'a few', 'a handful': no figure to weigh
        span = sentence.doc.char_span(sentence.start_char + q.start, sentence.start_char + q.end,
                                      alignment_mode="expand")
        if span is None or any(t.ent_type_ in ("DATE", "TIME", "PERCENT", "ORDINAL") for t in span):
            continue
        figure = _figure(q, span, out)
        if figure is not None:
            out.append(figure)
    return out


def _figure(q: Quantity, span: SpacySpan, earlier: list[Figure]) -> Figure | None:
    heads = [t for t in span if not (span.start <= t.head.i < span.end) or t.head.i == t.i]
    numbers = [t for t in heads if t.like_num or t.pos_ == "NUM" or t.lower_ in _VAGUE_WORDS]
    if not numbers:
        return None
    number = numbers[-1]
    counted, anchor = _counted(number)
    if q.currency:
        return Figure(q, number, counted, "money", anchor)
    if counted is not None:
        return Figure(q, number, counted, _kind(counted), anchor)
    parent = _elaborated(number, earlier)
    if parent is not None:
        return Figure(q, number, None, _kind(parent), number, parent)
    return Figure(q, number, None, "bare", number)


_VAGUE_WORDS = frozenset({"dozens", "hundreds", "thousands", "scores", "dozen", "hundred", "thousand", "handful"})


def _counted(number: Token) -> tuple[Token | None, Token]:
    """The noun a number counts and the head of their phrase: '2,000 fighters', 'hundreds of fighters',
    '300 of its fighters'."""
    objects = [o for p in number.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
               if o.dep_ == "pobj"]
    if objects:   # 'hundreds of fighters', '300 of its fighters'
        return objects[0], number
    if number.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "det") and number.head.pos_ in ("NOUN", "PROPN"):
        return number.head, number.head
    return None, number


def _kind(noun: Token) -> str:
    lemma = noun.lemma_.lower()
    for kind, words in lex.COUNTED_CLASSES:
        if lemma in words or noun.lower_ in words:
            return kind
    return ""


def _elaborated(number: Token, earlier: list[Figure]) -> Token | None:
    """The counted noun of an earlier figure a bare number elaborates: 'fighters, or 4,000 including allies';
    '59 operations, including eight carried out by X'; 'members, which grows to 7,000'; 'X has 3,000
    fighters, while Y has 1,500'."""
    nouns = {f.counted.i: f.counted for f in earlier if f.counted is not None}
    candidates = [number.head]
    verb = number.head
    if number.dep_ == "dobj" and verb.dep_ in ("conj", "advcl") and verb.head.lemma_ == verb.lemma_:
        candidates += [c for c in verb.head.children if c.dep_ == "dobj"]   # 'X has 3,000 fighters, Y has 1,500'
    if number.dep_ == "pobj":
        prep = number.head
        candidates.append(prep.head)
        if prep.head.pos_ in ("VERB", "AUX"):   # 'reported 60 attacks, including eight...' hung on the verb
            candidates += [c for c in prep.head.children if c.dep_ in ("dobj", "nsubj", "nsubjpass", "attr")]
            if prep.head.dep_ == "relcl":
                candidates.append(prep.head.head)   # 'members, which grows to 7,000'
    return next((nouns[c.i] for c in candidates if c.i in nouns), None)


def _frame(anchor: Token) -> Frame | None:
    """How a figure's phrase hangs on the word that governs it (claim_rules: link)."""
    if anchor.dep_ in ("appos", "dobj", "npadvmod") and anchor.head.lemma_ == "number" and anchor.head.pos_ == "NOUN":
        return Frame("object", anchor.head)   # 'X numbers 7,000 fighters' read as a noun phrase
    node = anchor
    while node.dep_ in ("conj", "appos") and node.head.i != node.i:
        node = node.head
    dep, head = node.dep_, node.head
    if dep == "pobj":
        if head.lower_ == "with":
            return Frame("with", head.head)
        if head.head.pos_ in ("NOUN", "PROPN"):
            return _unlight(Frame("of", head.head))
        governor = head.head
        while governor.pos_ == "ADP" and governor.dep_ == "prep" and governor.head.i != governor.i:
            governor = governor.head   # 'fell from 5,000 in 2016 to 3,000': 'to' hangs on 'from'
        if head.dep_ == "agent":
            return Frame("agent", governor, head)   # 'killed by two of its members': who did it, not who suffered
        if head.dep_ in ("prep", "dative") and governor.pos_ in ("VERB", "AUX", "ADJ"):
            return Frame("object", governor, head)
        return None
    if dep in ("dobj", "attr", "oprd", "dative", "acomp", "npadvmod"):
        return Frame("object", head)
    if dep in ("nsubj", "nsubjpass", "csubj"):
        if head.dep_ == "pcomp" and head.head.lower_ == "with":   # 'with 4,700 fighters continuing to operate'
            return Frame("with", head.head.head)
        return Frame("subject", head)
    return None


def _unlight(frame: Frame) -> Frame | None:
    """'claimed responsibility for 35 attacks', 'a total of 12 members were killed': the frame of the light noun."""
    noun = frame.governor
    if noun.lemma_.lower() not in LIGHT_NOUNS:
        return frame
    outer = _frame(noun)
    return Frame(outer.link if outer.link != "of" else "object", outer.governor) if outer else None


def _fits(rule: ClaimRule, figure: Figure, frame: Frame) -> bool:
    if figure.kind not in rule.counts or frame.link not in rule.link:
        return False
    governor = frame.governor
    words = {governor.lemma_.lower(), governor.lower_} | ({frame.prep.lower_} if frame.prep is not None else set())
    return not rule.governors or bool(words & rule.governors)


def _path(anchor: Token) -> list[Token]:
    """The figure's phrase head and the words above it, up to the clause it is stated in and the clauses
    embedding that one (not past a relative clause, 'the wing, which X estimated to have...', nor into the
    first of two coordinated clauses)."""
    path = [anchor]
    node = anchor
    while node.head.i != node.i:
        if node.dep_ in ("relcl", "acl") and node.pos_ in ("VERB", "AUX"):
            break
        if node.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in node.children):
            break   # 'raised $10 million in 2017, and that it pays...': the second clause has its own dates
        node = node.head
        path.append(node)
    return path


# -- the roles a group is found in (claim_rules: holder) -------------------------------------------
def _subject_words(figure: Figure, frame: Frame) -> list[Token]:
    verb = frame.governor
    if verb.pos_ == "ADJ" and verb.dep_ in ("acomp", "amod"):
        return grammatical_subjects(verb.head) if verb.dep_ == "acomp" else [verb.head]
    if verb.pos_ == "NOUN":   # 'Al-Shabaab numbers 7,000', 'X fighters number 2,000' read as a noun phrase
        return [c for c in verb.children if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i < verb.i]
    if verb.dep_ == "xcomp" and verb.head.lemma_ in RAISING_VERBS:   # 'X is estimated to have', 'estimated X to have'
        head = verb.head
        raised = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
        if raised:
            return raised
        if head.dep_ in ("acl", "relcl"):
            return [head.head]
        return [c for c in head.children if c.dep_ == "nsubj"]
    return subjects(verb) or grammatical_subjects(verb)


def _counted_owner_words(figure: Figure, frame: Frame) -> list[Token]:
    noun = figure.counted or figure.number
    found = owners(noun, frozenset({"of", "by", "from"}))
    verb = frame.governor
    if verb.pos_ == "VERB" and not any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        found += [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "by"
                  for o in p.children if o.dep_ == "pobj"]   # 'ACLED recorded 250 attacks by X'
    for acl in (c for c in noun.children if c.dep_ in ("acl", "relcl")):   # 'attacks carried out by X'
        found += [p for a in acl.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    return found


def _noun_owner_words(figure: Figure, frame: Frame) -> list[Token]:
    """Whose the measured noun is: 'the strength of X', 'X's ranks', 'the X membership', 'X has a force of N',
    'X, with a strength of N'; a group noun names the group itself ('a group of N men called X')."""
    noun = _predicated_noun(frame)
    if noun is None:
        return []
    if _count_of_people(noun):   # 'the number of ISWAP fighters': the fighters' group
        return [w for o in owners(noun) for w in owners(o, frozenset({"of", "in", "from"}))]
    counted = {t.i for t in (figure.counted or figure.number).subtree}
    found = [noun] if noun.lemma_.lower() in lex.GROUP_NOUNS else []
    found += [t for t in owners(noun) if t.i not in counted]
    if noun.dep_ == "dobj" and noun.head.lemma_ in lex.HAVE_VERBS:   # 'X has a force of N', not 'X sent a force of N'
        found += subjects(noun.head)
    elif noun.dep_ == "pobj" and noun.head.lower_ == "with":
        found += _with_head_words(figure, Frame("with", noun.head.head))
    return found


def _with_head_words(figure: Figure, frame: Frame) -> list[Token]:
    head = frame.governor
    if head.pos_ in ("NOUN", "PROPN", "PRON"):
        return [head]
    if head.lemma_ in lex.STATE_VERBS:
        return grammatical_subjects(head)
    return []


def _between_words(figure: Figure, frame: Frame) -> list[Token]:
    return between(figure.counted) if figure.counted is not None else []


def _object_words(figure: Figure, frame: Frame) -> list[Token]:
    verb = frame.governor
    return objects(verb) + prep_objects(verb, {"to"}) if verb.pos_ in ("VERB", "AUX") else []


ROLES = {"subject": _subject_words, "object": _object_words, "counted_owner": _counted_owner_words, "noun_owner": _noun_owner_words,
         "with_head": _with_head_words, "between": _between_words}


def _predicated_noun(frame: Frame) -> Token | None:
    """The noun a figure is the measure of: 'the strength of X is estimated at N', 'X's ranks dwindled to N',
    'put its strength at N', 'a strength of N fighters'."""
    governor = frame.governor
    if frame.link == "of":
        return governor
    if governor.pos_ in ("VERB", "AUX"):
        for deps in (("dobj", "nsubjpass"), ("nsubj",)):   # 'X put its strength at N': the object
            nouns = [c for c in governor.children if c.dep_ in deps and c.pos_ in ("NOUN", "PROPN")]
            if nouns:
                return nouns[0]
    return None


# -- checks (claim_rules: checks) -------------------------------------------------------------------
def _strength_noun(figure: Figure, frame: Frame) -> bool:
    noun = _predicated_noun(frame)
    if noun is None:
        return False
    lemma = noun.lemma_.lower()
    if lemma in lex.STRENGTH_NOUNS | lex.GROUP_NOUNS:
        if _count_of_people(noun):   # 'the number of ISWAP fighters', not 'the number of displaced people'
            return any(o.lemma_.lower() in lex.FIGHTER_NOUNS for o in owners(noun))
        return True
    return False


def _count_of_people(noun: Token) -> bool:
    """'the number of X fighters' counts people; 'X's numbers' is the group's size."""
    return noun.lemma_.lower() == "number" and noun.tag_ == "NN"


def _funding_noun(figure: Figure, frame: Frame) -> bool:
    noun = _predicated_noun(frame)
    return noun is not None and noun.lemma_.lower() in lex.FUNDING_NOUNS


def _monthly(figure: Figure, frame: Frame) -> bool:
    near = [*figure.number.subtree, *frame.governor.children]
    return any(t.lemma_.lower() in ("month", "monthly") for t in near)


def _plural(figure: Figure, frame: Frame) -> bool:
    noun = figure.counted or figure.number
    return figure.quantity.high >= 2 and not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in noun.children)


def _many(figure: Figure, frame: Frame) -> bool:
    return _plural(figure, frame) and figure.quantity.high >= FEW


def _with_kill(figure: Figure, frame: Frame) -> bool:
    verb = frame.governor
    related = [verb.head] + list(verb.children) if verb.dep_ == "conj" else list(verb.children)
    return any(t.lemma_ in lex.KILL_VERBS and (t.dep_ == "conj" or verb.dep_ == "conj") for t in related)


def _member_subject(figure: Figure, frame: Frame) -> bool:
    return any(s.lemma_.lower() in lex.FIGHTER_NOUNS for s in _subject_words(figure, frame))


def _tally(figure: Figure, frame: Frame) -> bool:
    """A count over a period ('in 2019', 'since 2016', 'so far', 'a total of', 'last week'), or a large one in
    the perfect ('have killed 300'), not one incident's figure ('in an ambush on Tuesday', 'had been killed by
    two of its members')."""
    path, dated = figure.path, figure.dated
    around = [c for t in path for c in t.children if c not in path] + path
    words = [w for c in around for w in ([c] if c.dep_ in ("advmod", "npadvmod", "amod", "det") else c.subtree)]
    marker = any(_cumulative(w) for w in words)
    # a month is a period for counts of attacks or clashes; 'killed 67 people in September 2013' is one attack
    spans = ("year", "approximate", "month") if figure.kind in ("attacks", "clashes") else ("year", "approximate")
    periods = [d for d, role in dated if role == "start" or d.precision in spans]
    days = [d for d, role in dated if role != "start" and d.precision == "day"]
    incident = any(w.lemma_.lower() in INCIDENT_NOUNS and w.tag_ == "NN" and w.dep_ == "pobj"
                   and w.head.lower_ in ("in", "during", "at", "on") for w in words)
    incident = incident or any(w.dep_ == "pobj" and w.head.lower_ == "at" and w.head.dep_ == "prep"
                               and w.ent_type_ not in ("DATE", "TIME") for w in words)   # 'at the Westgate mall'
    if (days or incident) and not marker:
        return False
    if marker or periods:
        return True
    perfect = any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" for t in path for c in t.children)
    plural_cause = any(w.lemma_.lower() in INCIDENT_NOUNS and w.tag_ == "NNS" and w.dep_ == "pobj"
                       and w.head.lower_ == "in" and not any(c.lower_ in DEFINITE for c in w.children)
                       for w in words)   # 'in Israeli strikes', not 'in the ensuing clashes'
    return (perfect or plural_cause) and figure.quantity.high >= FEW


def _cumulative(word: Token) -> bool:
    lower = word.lower_
    if lower in CUMULATIVE_WORDS:
        return True
    if lower == "far" and any(c.lower_ == "so" for c in word.children):
        return True
    if lower == "date" and word.head.lower_ == "to":
        return True
    if lower == "between" and any(t.ent_type_ == "DATE" for t in word.subtree):
        return True
    if word.lemma_.lower() in PERIOD_NOUNS:   # 'last week', 'over the past three years', 'this month'
        return any(c.lower_ in ("last", "past", "this", "previous", "preceding") for c in word.children)
    return False


CHECKS = {"strength_noun": _strength_noun, "funding_noun": _funding_noun, "monthly": _monthly, "plural": _plural,
          "many": _many, "with_kill": _with_kill, "member_subject": _member_subject, "tally": _tally}


# -- what the claim says ---------------------------------------------------------------------------
def _attribute(rule: ClaimRule, figure: Figure, frame: Frame) -> str:
    if rule.attribute == "fighters" and _with_allies(figure, frame):
        return "fighters_incl_allies"
    if figure.kind == "money" and _currency(figure) != "USD":
        return rule.attribute.removesuffix("_usd")   # 'funding' in euros, not 'funding_usd'
    return rule.attribute


def _with_allies(figure: Figure, frame: Frame) -> bool:
    """'or 4,000 including its allies', 'which grows to 7,000 if we also count allied groups'."""
    own = list(figure.number.subtree)
    if figure.parent is not None:   # the elaborating clause, not the phrase of the figure it elaborates
        outside = {x.i for x in figure.parent.subtree} - {t.i for t in frame.governor.subtree}
        own += [t for t in frame.governor.subtree if t.i not in outside]
    for word in own:
        if word.lemma_.lower() in lex.ALLY_WORDS or word.lower_ in lex.ALLY_WORDS:
            above = [a for a in word.ancestors if a.i in {t.i for t in own}]
            if any(a.lemma_.lower() in lex.INCLUSIVE_WORDS or a.lower_ in lex.INCLUSIVE_WORDS for a in above):
                return True
    return False


def _unit(rule: ClaimRule, figure: Figure, frame: Frame) -> str:
    """A sum's currency and rate ('USD per year', 'EUR per month'); the rule's unit for anything else."""
    if figure.kind != "money":
        return rule.unit
    near = [*figure.number.subtree, *frame.governor.children] + (list(figure.counted.subtree) if figure.counted else [])
    rates = [lex.RATE_WORDS[w.lower_] for w in near if w.lower_ in lex.RATE_WORDS]
    return _currency(figure) + (f" per {rates[0]}" if rates else "")


def _currency(figure: Figure) -> str:
    if figure.quantity.currency:
        return lex.CURRENCIES.get(figure.quantity.currency.strip().lower(), "USD")
    lemma = figure.counted.lemma_.lower() if figure.counted is not None else ""
    return lex.CURRENCIES.get(lemma, "USD")


def _hedge(figure: Figure, mood: str) -> str | None:
    """The quantity's own hedge ('about', 'as many as') and the words framing it ('believed', 'estimated')."""
    path = figure.path
    words = [figure.quantity.qualifier] if figure.quantity.qualifier not in ("", "between") else []
    for k, token in enumerate(path):
        lemma = token.lemma_.lower()
        entered = path[k - 1].dep_ if k else None
        if lemma in HEDGING | PASSIVE_HEDGING | CLAIMING | {"estimate"} and token.pos_ == "VERB" and (
                entered in CLAUSAL or entered in ("dobj", "prep") and lemma in CLAIMING | {"estimate"}):
            words.append(token.text.lower())
        words += [c.lower_ for c in token.children if c.dep_ in ("advmod", "aux", "amod")
                  and (c.lower_ in HEDGE_WORDS or c.lemma_ == "estimate")]
        words += ["according to" for c in token.children if c.lower_ == "according"]
    measured = [c for t in path for c in t.children if c.dep_ in ("nsubj", "nsubjpass") and c not in path]
    words += [c.text.lower() for t in measured for c in t.children if c.dep_ == "amod" and c.lemma_ == "estimate"]
    if not words and mood == "reported":
        words.append("reported")
    kept = [w for k, w in enumerate(words) if not any(w in other for other in words[:k])]   # 'an estimated' covers 'estimated'
    return ", ".join(dict.fromkeys(kept)) or None


def _phrase_text(word: Token) -> str:
    tokens = [t for t in word.subtree if t.i <= word.i]
    return word.doc.text[tokens[0].idx:word.idx + len(word.text)]


def _same(a: Claim, b: Claim) -> bool:
    return (a.subject, a.attribute, a.low, a.high, a.evidence.start) == (b.subject, b.attribute, b.low, b.high,
                                                                         b.evidence.start)
