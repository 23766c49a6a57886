"""What a sentence says around a fact: its dates, its hedges and who it attributes the fact to."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from .. import settings
from ..dates import DateMention, add_days, find_dates
from .arguments import controlled_by_object

# -- time --------------------------------------------------------------------
@lru_cache(maxsize=1)
def _anchors() -> list[tuple[re.Pattern, str, str]]:
    data = json.loads((settings.data_dir() / "anchors.json").read_text(encoding="utf-8"))
    return [(re.compile(a["pattern"], re.I), a["date"], a["label"]) for a in data["anchors"]]


_WITHIN = re.compile(r"\bwithin\s+(?:(?P<n>\w+)\s+)?(?P<unit>days?|weeks?|months?)\s+(?:of|after)\s+$", re.I)
_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "few": 3, "several": 4}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}


def anchored_dates(text: str) -> list[DateMention]:
    """Dates given by reference to known moments: 'within two weeks of the Taliban's takeover'."""
    out = []
    for pattern, date, label in _anchors():
        for m in pattern.finditer(text):
            start, iso, precision, qualifier = m.start(), date, "day", f"anchor: {label}"
            within = _WITHIN.search(text[max(0, m.start() - 40):m.start()])
            if within:
                n = _NUMBER_WORDS.get((within.group("n") or "a").lower(), 1)
                days = n * _UNIT_DAYS[within.group("unit").lower().rstrip("s")]
                later = add_days(date, days)
                iso = date[:7] if later[:7] == date[:7] else date[:4]
                precision = "approximate"
                start = m.start() - len(within.group(0))
                qualifier = f"relative to {label}"
            out.append(DateMention(start, m.end(), text[start:m.end()], iso, precision, qualifier))
    return out


YEAR_RANGE = re.compile(r"(?<![\d/.-])(1[89]\d\d|20\d\d)\s?[-–—]\s?(1[89]\d\d|20\d\d)(?![\d/-]|\.\d)")


def sentence_dates(text: str, reference: str | None) -> list[DateMention]:
    """Explicit and anchored dates in a sentence, left to right; a span of years ('2018-2020') is its first
    year as a start and its last as an end."""
    ranges = [m for m in YEAR_RANGE.finditer(text) if m.group(1) < m.group(2)]
    years = [DateMention(m.start(k), m.end(k), m.group(k), m.group(k), "year", qualifier)
             for m in ranges for k, qualifier in ((1, "range start"), (2, "range end"))]
    explicit = [d for d in find_dates(text, reference) if not any(d.start < m.end() and m.start() < d.end for m in ranges)]
    explicit += years
    anchored = [a for a in anchored_dates(text) if not any(d.start < a.end and a.start < d.end for d in explicit)]
    return sorted(explicit + anchored, key=lambda d: d.start)


def nearest_date(dates: list[DateMention], position: int) -> DateMention | None:
    """The date expression closest to a position, preferring one that follows it in the same clause."""
    if not dates:
        return None
    return min(dates, key=lambda d: (d.start - position) if d.start >= position else (position - d.end) * 1.5)


def reference_date(document, text: str) -> tuple[str | None, str]:
    """The date a report speaks from: its publication date, else a dateline, else the latest date it mentions."""
    published = document.meta_value("published")
    if published:
        return published, "published"
    lead = dateline(text)
    if lead is not None:
        return lead.iso, "dateline"
    dates = [d.iso for d in find_dates(text) if d.precision in ("day", "month")]
    dates += [d.iso for d in anchored_dates(text)]
    dates = [d for d in dates if d[:4].isdigit() and int(d[:4]) <= 2100]
    return (max(dates), "latest date in the text") if dates else (None, "")


# "02/28/2016: ...", "KABUL, Aug 26, 2021 (Reuters) - ...", "Monday, 26 August 2021 —": a full date that heads the text.
_DATELINE = re.compile(r"^\s*(?:[A-Z][A-Za-z .'’\-]{1,40},\s*)?(?P<date>[^:\n(–—\-]{6,40}?)\s*(?:\([^)\n]{1,30}\)\s*)?[:–—\-]\s")


def dateline(text: str) -> DateMention | None:
    """A day-precise date that opens the text as its dateline, with offsets into the text."""
    m = _DATELINE.match(text[:120])
    if not m:
        return None
    found = [d for d in find_dates(m.group("date")) if d.precision == "day"]
    if len(found) != 1:
        return None
    d = found[0]
    rest = m.group("date")[:d.start] + m.group("date")[d.end:]
    if re.sub(r"(?i)\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|[\s,.]", "", rest):
        return None   # more than a date: a sentence that happens to contain one
    start = m.start("date") + d.start
    return DateMention(start, start + len(d.text), d.text, d.iso, d.precision, "dateline")


# -- modality and attribution ---------------------------------------------------
# Words that frame a statement, by what they do to it. Lemmas; looked up on the words that govern the
# statement in the parse, so a hedge elsewhere in the sentence leaves it alone.
NEGATING_VERBS = frozenset({"deny", "refuse", "reject", "fail", "decline", "dismiss", "refute", "disavow", "renounce",
                            "rule"})
IRREALIS = frozenset({  # an attempt, wish, plan or request is not a fact
    "try", "attempt", "seek", "want", "plan", "hope", "aim", "intend", "threaten", "urge", "ask", "call", "demand",
    "propose", "wish", "plot", "expect", "prepare", "push", "bid", "effort", "plea", "request", "offer", "proposal",
    "invitation", "attempt", "desire", "ambition", "intention", "goal", "possibility", "prospect", "need", "encourage",
    "pressure", "pressurize", "persuade", "convince", "lure", "woo", "court", "vow", "pledge", "promise", "decide",
    "vision", "dream", "aspiration", "agenda", "scheme", "objective", "mission"})
HEDGING = frozenset({
    "believe", "suspect", "think", "allege", "suppose", "presume", "rumor", "rumour", "speculate", "suggest",
    "appear", "seem", "fear", "assume", "reckon", "accuse", "link", "suspicion", "allegation", "rumour", "rumor",
    "speculation", "indication", "evidence", "hint", "suggestion", "rumor", "sign"})
# verbs that hedge in the passive: 'X is considered an enemy of Y', 'X is thought to lead Y'
PASSIVE_HEDGING = frozenset({"consider", "regard", "view", "see", "deem", "think", "say", "know", "reckon", "rumor",
                             "rumour", "understand", "describe", "portray", "label", "brand"})
CLAIMING = frozenset({"claim", "boast", "purport", "profess"})
REPORTING = frozenset({"say", "report", "tell", "state", "announce", "confirm", "add", "note", "write", "explain",
                       "insist", "acknowledge", "indicate", "reveal", "disclose", "accord", "describe", "assert",
                       "declare", "quote", "cite", "estimate"})
HEDGE_WORDS = frozenset({
    "reportedly", "allegedly", "apparently", "possibly", "probably", "likely", "purportedly", "supposedly",
    "presumably", "perhaps", "maybe", "seemingly", "alleged", "suspected", "reported", "purported", "rumoured",
    "rumored", "possible", "potential", "unconfirmed", "may", "might", "could", "probable", "likely"})
CLAIMED_WORDS = frozenset({"self-styled", "self-proclaimed", "self-declared", "styled", "proclaimed"})
RESULTATIVE = frozenset({"break", "split", "merge", "unite", "combine", "join", "splinter", "leave", "quit", "defect",
                         "come", "band", "team", "secede", "separate", "fuse", "amalgamate"})
EXISTENCE_VERBS = frozenset({"occur", "happen", "erupt", "continue", "intensify", "escalate", "flare", "rage",
                             "persist", "exist", "emerge", "break", "resume", "grow", "deepen", "worsen"})
CONDITIONAL = frozenset({"if", "unless", "whether", "lest"})
# how strongly each reading overrides the others: nothing > denied > claimed/alleged > reported > asserted
_STRENGTH = {"asserted": 0, "reported": 1, "alleged": 2, "claimed": 2, "denied": 3, None: 4}


def fact_modality(trigger, arguments=()) -> str | None:
    """How a parsed sentence presents the fact its trigger word states, or None when it states none.

    Looks only at the words that govern the fact: the path from the trigger to the lowest word that also
    governs its arguments, then up through the clauses that embed it ('officials said that...', 'is
    believed to...'). asserted; reported ('according to', 'X said'); alleged ('believed', 'reportedly',
    'may'); claimed ('self-styled', 'claimed'); denied (a negation or 'denied'); None for attempts,
    wishes, requests and conditions ('tried to maintain relations', 'a plea for allegiance', 'if').
    """
    path = governing_path(trigger, arguments)
    mood = "asserted"
    for k, token in enumerate(path):
        if k and path[k - 1].dep_ in ("advcl", "relcl", "acl", "appos") and token.pos_ in ("VERB", "AUX"):
            break   # a participle keeps its own hedges: 'Led by X, the group reportedly seeks...'
        for reading in _readings(token, path[k - 1].dep_ if k else None):
            if _STRENGTH[reading] > _STRENGTH[mood]:
                mood = reading
    if mood == "asserted" and path[-1].pos_ in ("NOUN", "PROPN"):
        mood = _source_of_clause(path[-1]) or mood
    return mood


def _source_of_clause(noun) -> str | None:
    """A fact a noun phrase states ('X, a senior al-Qaeda operative') inside the clause somebody is reported to
    say ('officials said that the group is led by X, a senior al-Qaeda operative') is theirs: reported (or
    alleged, claimed). A hedge or source on the clause's own verb ('X, an IS commander, was reportedly
    killed', '..., as RIA reported') frames the event, not the writer's description of X."""
    verb = next((t for t in noun.ancestors if t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return None
    while verb.dep_ in ("ccomp", "parataxis") and verb.head.i != verb.i:
        verb, entered = verb.head, verb.dep_
        framing = [r for r in _readings(verb, entered) if r in ("reported", "alleged", "claimed")]
        if framing:
            return max(framing, key=_STRENGTH.get)
    return None


def governing_path(trigger, arguments=()) -> list:
    """The trigger, the words up to the lowest one governing all arguments, and the clauses embedding that."""
    chain = [trigger, *trigger.ancestors]
    top = 0
    for arg in arguments:
        above = {arg.i, *(a.i for a in arg.ancestors)}
        top = max(top, next((k for k, t in enumerate(chain) if t.i in above), len(chain) - 1))
    path = chain[:top + 1]
    node = path[-1]
    if node.dep_ in ("nsubj", "nsubjpass") and node.head.lemma_ in EXISTENCE_VERBS:
        node = node.head   # 'clashes between X and Y occurred, as ACLED reported': the clause that asserts them
        path.append(node)
    # up through the predicate ('X is a branch that...': 'is') and the clauses that embed it ('believes that')
    while node.head.i != node.i:
        if node.dep_ in ("ccomp", "xcomp", "parataxis", "attr", "acomp", "oprd"):
            node = node.head
        elif node.dep_ == "pobj" and node.head.head.lemma_.lower() in IRREALIS | HEDGING:
            path.append(node.head)   # 'a vision for attacks in X', 'allegations of ties to Y'
            node = node.head.head
        else:
            break
        path.append(node)
    return path


CLAUSAL = frozenset({"ccomp", "xcomp", "parataxis", "csubj", "csubjpass", "acomp", "oprd"})


def _readings(token, entered_by: str | None):
    """What a word on a fact's governing path does to it; `entered_by` is the dependency the path came up by.

    A reporting or hedging verb frames the fact only when the fact is its clause ('said that...', 'is
    believed to...'), not its object ('assumed command'); attempts, refusals and claims also frame what
    they take as object ('sought the leadership', 'refused the pledge', 'claimed the governorship').
    """
    lemma = token.lemma_.lower()
    if entered_by is not None:
        clausal = entered_by in CLAUSAL
        as_object = clausal or entered_by in ("dobj", "prep", "pobj", "nsubjpass", "attr", "pcomp")
        if lemma in IRREALIS and (as_object or token.pos_ == "NOUN"):
            yield None
        elif lemma in NEGATING_VERBS and as_object:
            yield "denied"
        elif lemma in CLAIMING and as_object:
            yield "claimed"
        elif (lemma in HEDGING and (clausal or entered_by in ("prep", "pcomp"))) or \
                (lemma in PASSIVE_HEDGING and clausal and _passive(token)):
            yield "alleged"
        elif lemma == "go" and entered_by == "xcomp":
            yield None   # 'is going to join': not yet a fact
        elif lemma in REPORTING and token.pos_ in ("VERB", "AUX") and clausal:
            yield "reported"
    if token.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children) \
            and token.head.lemma_.lower() not in RESULTATIVE and not controlled_by_object(token):
        yield None   # a purpose ('to counter ISKP, AQ set up...') is not a fact; 'broke away to form' is a result
    for child in token.children:
        word, dep = child.lower_, child.dep_
        if dep == "neg" or (dep in ("det", "preconj", "advmod") and word in ("no", "neither", "nor", "never")):
            if not _not_only(child):
                yield "denied"
        elif dep == "advmod" and word == "longer" and any(c.lower_ == "no" for c in child.children):
            yield "denied"
        elif dep == "mark" and word in CONDITIONAL:
            yield None
        elif dep == "aux" and word in ("should", "shall", "will", "'ll"):
            yield None   # a plan, a forecast or a duty is not a fact
        elif dep == "aux" and word in ("would", "'d") and not _narrated_later(token):
            yield None   # 'X would also start an offensive': a forecast or a condition
        elif dep in ("advmod", "aux", "amod") and word in HEDGE_WORDS:
            yield "alleged"
        elif dep == "amod" and word in CLAIMED_WORDS:
            yield "claimed"
        elif dep in ("prep", "advcl") and word == "according":
            yield "reported"
        elif dep in ("parataxis", "advcl") and child.lemma_ in REPORTING:
            yield "reported"
        elif dep in ("parataxis", "advcl") and child.lemma_ in HEDGING:
            yield "alleged"


NARRATED_LATER = frozenset({"later", "eventually", "subsequently", "soon", "then", "afterwards", "ultimately"})


def _narrated_later(token) -> bool:
    """'X would later lead the group', 'would go on to found': a narrative of what did happen afterwards."""
    return any(c.dep_ == "advmod" and c.lower_ in NARRATED_LATER for c in token.children) or (
        token.lemma_ == "go" and any(c.dep_ == "prt" and c.lower_ == "on" for c in token.children))


def _passive(token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)


def _not_only(token) -> bool:
    """'not only ... but also' affirms."""
    return token.lower_ == "not" and (any(c.lower_ == "only" for c in token.children)
                                      or (token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "only"))


_DENIED = re.compile(r"\b(?:denie[sd]|deny|denying|never|not|no longer|neither|nor)\b", re.I)
_ALLEGED = re.compile(
    r"\b(?:believed?|believes|allegedly|alleged|suspected|reportedly|is said to|are said to|apparently|possibly|"
    r"probably|likely|may|might|could|suggest(?:s|ed)?|thought to|presumably|supposed(?:ly)?)\b", re.I)
_CLAIMED = re.compile(r"\bclaim(?:s|ed|ing)?\b", re.I)
_REPORTED = re.compile(r"\b(?:according to|reported|reports?|said|says|told|stated|estimates?|estimated)\b", re.I)
_CLAUSE_BREAK = re.compile(r"[;:]|,\s+(?:but|while|whereas|although|though|yet)\b|\s+(?:but|whereas|although)\s", re.I)


def modality(sentence, trigger_start: int | None = None, trigger_end: int | None = None) -> str:
    """asserted, reported ('according to'), alleged ('believed', 'is said to'), claimed or denied.

    `sentence` is a parsed spaCy sentence (Span) or its text; offsets are relative to the sentence.
    With a parse and a trigger, only the words governing the trigger count (see fact_modality; a
    statement of no fact reads as alleged). Without a parse, the words of the trigger's clause count:
    a hedge in another clause of the sentence does not reach it.
    """
    if not isinstance(sentence, str):
        trigger = _token_at(sentence, trigger_start) if trigger_start is not None else None
        if trigger is not None and sentence.doc.has_annotation("DEP"):
            return fact_modality(trigger) or "alleged"
        sentence = sentence.text
    clause = _clause_around(sentence, trigger_start, trigger_end) if trigger_start is not None else sentence
    if trigger_start is not None:
        window = sentence[max(0, trigger_start - 15):(trigger_end or trigger_start + 30)]
        if _DENIED.search(window):
            return "denied"
    if _ALLEGED.search(clause):
        return "alleged"
    if _CLAIMED.search(clause):
        return "claimed"
    if _REPORTED.search(sentence):
        return "reported"
    return "asserted"


def _token_at(sentence, offset: int):
    for token in sentence:
        if token.idx - sentence.start_char <= offset < token.idx - sentence.start_char + len(token.text) + 1:
            return token
    return None


def _clause_around(sentence: str, start: int, end: int | None) -> str:
    """The stretch of a sentence between the clause breaks around a trigger."""
    before = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, start)]
    after = [m.start() for m in _CLAUSE_BREAK.finditer(sentence, end or start)]
    return sentence[(before[-1] if before else 0):(after[0] if after else len(sentence))]


_ATTRIBUTION = (
    re.compile(r"\baccording to (?:the )?(?P<who>[^,.;]{3,90}?)(?=,|\.|;|$)", re.I),
    re.compile(r"\b[Aa]s (?P<who>[A-Z][\w\-\s]{1,40}?) (?:reported|noted|said|estimated)\b"),
    re.compile(r"\b(?P<who>(?:[A-Z][\w\-]+\s){0,4}(?:officials?|experts?|analysts?|government|ministry|report|"
               r"estimates?|sources?|monitors?|UN|ACLED))\s+(?:said|say|says|estimated|estimate|believe|reported|"
               r"suggest|claimed|warned)\b"),
)
# words for what a source published: 'in a report by X', 'according to UN figures', 'in its weekly newsletter'
DOCUMENT_NOUNS = frozenset({
    "report", "statement", "study", "assessment", "estimate", "analysis", "newsletter", "edition", "issue",
    "magazine", "bulletin", "briefing", "interview", "testimony", "survey", "tally", "figure", "data", "database",
    "review", "dossier", "paper", "update", "communique", "communiqué", "video", "message", "post", "account",
    "newspaper", "publication", "count", "record", "records", "release", "letter", "speech", "address"})
# verbs whose subject counts or tallies what their object names: 'ACLED recorded 250 attacks by X'
COUNTING = frozenset({"record", "count", "document", "tally", "register", "log", "list", "put", "place", "peg",
                      "attribute", "track", "verify"})
TELLING = frozenset({"tell", "inform", "brief", "warn", "assure", "remind", "advise", "notify"})
SOURCE_VERBS = REPORTING | HEDGING | CLAIMING | COUNTING | {"tell", "warn", "find", "show", "reveal", "publish",
                                                            "release", "issue"}


def attribution(sentence) -> str | None:
    """Who the sentence says asserted what it states: 'the former Ashraf Ghani-led Afghan government', 'ACLED'.

    `sentence` is a parsed spaCy sentence or its text. With a parse the source is read from the sentence's
    root (sentence_source); without one, from the first 'according to X' or 'X said' in the text.
    """
    if not isinstance(sentence, str):
        if sentence.doc.has_annotation("DEP"):
            found = sentence_source(sentence.root)
            return source_phrase(found) if found is not None else None
        sentence = sentence.text
    for pattern in _ATTRIBUTION:
        m = pattern.search(sentence)
        if m:
            return m.group("who").strip()
    return None


def sentence_source(root):
    """The source of what a sentence states: 'Officials said (that) X...' -> officials (statement_source of
    the reported clause), 'According to X, ...' -> X."""
    reported = [c for c in root.children if c.dep_ in ("ccomp", "parataxis")] if root.lemma_ in SOURCE_VERBS else []
    return statement_source(reported[0] if reported else root)


def statement_source(token):
    """The word naming who asserted what `token` states, or None when the text states it in its own voice.

    Read from the words governing the token, nearest first: 'according to X' on any of them; the subject of a
    reporting verb whose clause (or, for 'reported 59 operations', whose object) holds the token ('X said
    that...', 'which X estimated to have...'); a reporting clause hung on one of them ('..., the military
    said', 'As ACLED reported, ...'); 'in a report by X', 'in its newsletter'. A passive with no agent
    ('is estimated to have', 'X, estimated to have') names nobody.
    """
    node, came_by = token, None
    while True:
        found = _source_at(node, came_by)
        if found is not None:
            return found
        if node.head.i == node.i:
            return None
        if node.dep_ == "relcl" and node.head.dep_ in ("dobj", "dative") and node.head.head.lemma_ in TELLING:
            came_by, node = "ccomp", node.head.head   # 'told the monitors that X was...' misread as a relative clause
        else:
            came_by, node = node.dep_, node.head


def _source_at(node, came_by: str | None):
    frames = came_by is not None and _frames(node, came_by)
    if frames and came_by in CLAUSAL | {"parataxis"}:
        speaker = _speaker(node)   # 'X estimated that..., according to a report': X, as the report tells it
        if speaker is not None:
            return speaker
    for child in node.children:
        if child.lower_ == "according":
            objects = [o for to in child.children if to.lower_ == "to" for o in to.children if o.dep_ == "pobj"]
            if objects:
                return objects[0]
    if frames:   # 'X reported 59 operations'
        speaker = _speaker(node)
        if speaker is not None:
            return speaker
    for child in node.children:
        if child.dep_ in ("parataxis", "advcl") and child.dep_ != came_by and child.lemma_ in SOURCE_VERBS \
                and child.pos_ in ("VERB", "AUX"):
            speaker = _speaker(child)
            if speaker is not None:
                return speaker
    if came_by is not None:
        return _published_in(node)
    return None


def _frames(verb, came_by: str) -> bool:
    """Whether a verb reached from below by `came_by` reports what is below it."""
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_ not in SOURCE_VERBS:
        return False
    if came_by in CLAUSAL or came_by == "parataxis":
        return True
    # 'X reported 59 operations', 'ACLED recorded 250 attacks', 'UN experts put its strength at 4,000'
    return came_by in ("dobj", "prep") and verb.lemma_ in CLAIMING | COUNTING | {"report", "estimate", "announce"}


def _speaker(verb):
    """The subject of a reporting verb, or its 'by' agent in the passive; None for an agentless passive."""
    agents = [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    if agents:
        return agents[0]
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ not in ("that", "which", "who")]
    if subjects and not _participle(verb, subjects[0]):
        return subjects[0]
    if verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in verb.children):
        return None   # a participle is passive: 'the group, estimated to have...'
    names = [c for c in verb.children if c.dep_ in ("compound", "npadvmod") and c.i < verb.i and c.pos_ == "PROPN"]
    if names:
        return names[-1]   # '..., the UN estimates.' read with 'UN' as a modifier of the verb
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _speaker(verb.head)   # 'officials confirmed the attack and said...'
    return None


def _participle(verb, subject) -> bool:
    """'The ELN, currently estimated to have...' parsed with the ELN as the subject of 'estimated': a past
    participle set off from the name by a comma describes it; 'which an official estimated' does not."""
    return verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in verb.children) \
        and any(t.text == "," for t in subject.doc[subject.i + 1:verb.i])


def _published_in(node):
    """'In a report published by X, ...', 'in its weekly newsletter': the author of the document a statement is in."""
    for prep in node.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "from"):
            continue
        for document in prep.children:
            if document.dep_ == "pobj" and document.lemma_.lower() in DOCUMENT_NOUNS:
                return _author(document) or document
    return None


def _author(document):
    for child in document.children:
        if child.dep_ == "acl":
            agents = [p for a in child.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
            if agents:
                return agents[0]
        if child.dep_ == "prep" and child.lower_ in ("by", "of", "from"):
            objects = [o for o in child.children if o.dep_ == "pobj"]
            if objects and objects[0].lemma_.lower() not in DOCUMENT_NOUNS:
                return objects[0]
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN"):
            return child
    return None


_SOURCE_CLAUSES = frozenset({"relcl", "advcl", "ccomp", "punct", "parataxis", "appos", "cc", "conj"})


def source_phrase(token) -> str:
    """The words naming a source: its phrase without clauses, appositions or a leading article, and of a
    participle only its agent ('a senior official who spoke on condition of anonymity' -> 'senior official';
    'a report published by the UN in July' -> 'report published by the UN')."""
    words = [token]
    for child in token.children:
        if child.dep_ == "acl" and _has_agent(child):
            words += [child] + [t for a in child.children if a.dep_ == "agent" for t in a.subtree]
        elif child.dep_ not in _SOURCE_CLAUSES and child.dep_ != "acl":
            words += list(child.subtree)
    words.sort(key=lambda t: t.i)
    while words and words[0].lower_ in ("the", "a", "an") and words[0] is not token:
        words = words[1:]
    doc = token.doc
    return doc.text[words[0].idx:words[-1].idx + len(words[-1].text)].strip(" ,;:")


def _has_agent(verb) -> bool:
    return any(c.dep_ == "agent" for c in verb.children)


# -- the clause a fact is stated in ------------------------------------------------
STARTING = frozenset({"since", "from", "starting", "beginning"})
RANGE_ROLES = {"range start": "start", "range end": "end"}
ENDING = frozenset({"until", "till", "through", "to", "up"})


def clause_dates(path: list, dates: list[DateMention], offset: int):
    """The dates of the clause a fact is stated in, each with what it says: 'start', 'end' or 'at'.

    `path` is the governing path of the fact (governing_path); `dates` carry offsets relative to
    `offset` in the document. A date belongs to the fact when the parse attaches it to a word of that
    path before any other clause head ('appeared ... in late 2014 pledging' keeps 2014; 'X, who died in
    2016, led Y' does not give 2016 to the leadership), or when the fact's clause hangs from the date
    itself ('August 2016, when X was killed').
    """
    if not path:
        return []
    doc = path[0].doc
    on_path = {t.i for t in path}
    spans = [(d, doc.char_span(offset + d.start, offset + d.end, alignment_mode="expand")) for d in dates]
    spans = [(d, span) for d, span in spans if span is not None]
    out = [(d, RANGE_ROLES.get(d.qualifier, role)) for d, span in spans
           if (role := _attachment(span.root, on_path)) is not None]
    hung = _clause_hung_from_date(path[0], spans)
    if hung is not None and all(d is not hung for d, _ in out):
        out.append((hung, "at"))
    return out


def _clause_hung_from_date(trigger, spans):
    """'between 2015 and August 2016, when X was killed': the date just before a clause that hangs from a date."""
    date_tokens = {t.i for _, span in spans for t in span}
    for ancestor in trigger.ancestors:
        if ancestor.i in date_tokens:
            clause_start = min(t.i for t in trigger.subtree)
            before = [(d, span) for d, span in spans if span.end <= clause_start]
            return max(before, key=lambda ds: ds[1].end)[0] if before else None
        if ancestor.pos_ in ("VERB", "AUX") and ancestor.dep_ != "xcomp" and not any(
                c.dep_ == "xcomp" for c in ancestor.children if c.i in {a.i for a in trigger.ancestors} | {trigger.i}):
            return None   # 'when it was forced to relocate' still hangs from the date
    return None


def _attachment(token, on_path: set[int]):
    role = "at"
    node = token
    while True:
        head = node.head
        if node.dep_ == "pobj" or head.dep_ == "prep":
            word = (head if node.dep_ == "pobj" else node).lower_
            role = "start" if word in STARTING else "end" if word in ENDING else role
        if head.i in on_path:
            return role
        if head.i == node.i or (head.pos_ in ("VERB", "AUX") and head.i not in on_path):
            return None
        if head.dep_ in ("relcl", "acl", "advcl", "ccomp") and head.i not in on_path:
            return None
        node = head
