"""Incidents in a report: attacks, bombings, assaults, kidnappings, arson, strikes and clashes, one event per incident.

Read over the parse, sentence by sentence:
1. triggers (event_triggers.py) say that something happened; triggers of one sentence are one incident unless
   one of them is only a time reference ('the deadliest since the 2004 siege');
2. a later sentence joins the incident it continues ('the attack', 'the blast', casualty figures, a claim of
   responsibility) unless it names another date, another place or says 'another'/'separately';
3. each incident takes the date, place, actors and casualty figures attached to its own triggers in the tree,
   not the nearest words. A report's dateline dates the incident it opens with when the text gives no date.
Announcements (a group founded, a branch announced, a pledge) come from announcements.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Span as SpacySpan, Token

from .. import gazetteer
from ..dates import DateMention, overlaps
from ..models import Event, Evidence, Mention, Span
from .announcements import extract_announcements
from .casualties import CasualtyStatement, casualty_statements
from .document_context import DocContext
from .event_triggers import Trigger, find_triggers, is_trigger_noun
from .incident_model import NAME as GATE, VERSION as GATE_VERSION, incident_triggers
from .places import best_place
from .actors import is_state_force
from .responsibility import MentionsOnly, agents, responsibility_statements

EXTRACTOR, VERSION = "event_rules", f"3+{GATE}.{GATE_VERSION}"   # the rules, gated by the trained model
MAX_QUOTE = 700
ANAPHORA_SENTENCES = 3   # 'the attack' points back at most this many sentences

REPORTING_VERBS = frozenset("say tell report announce confirm add state claim note quote".split())
ANAPHORIC_NOUNS = frozenset("incident attack attacks assault blast explosion bombing raid ambush clash clashes shooting "
                            "violence operation strike".split())
# 'separately' starts another incident, except where each of several claimants spoke separately
# ('X and Y separately claimed responsibility for the attack')
NEW_INCIDENT_CUES = re.compile(r"\b(?:another|separately(?!\s+(?:claimed|claim|took|accepted|denied|said))|separate|"
                               r"elsewhere|meanwhile|a\s+second|earlier\s+on|not\s+the\s+first\s+time)\b", re.I)
BACKGROUND_PREPS = frozenset("since after before like than following unlike".split())
STATE_AGENTS = frozenset("""aircraft jet jets plane planes warplane warplanes drone drones helicopter helicopters force
forces troop troops army military police soldier soldiers navy coalition commando commandos""".split())
AERIAL = frozenset("aircraft jet jets plane planes warplane warplanes helicopter helicopters".split())
PLACE_RANK = {  # how specific a place of each kind is
    "site": 7, "locality": 6, "village": 6, "town": 5, "city": 5, "district": 4, "valley": 4,
                      "province": 3, "region": 2, "country": 1}
LOCATIVE_PREPS = frozenset("in at near outside into inside on across around within from".split())
MODALITY_ORDER = {"claimed": 5, "attributed": 4, "asserted": 3, "alleged": 2}


@dataclass(frozen=True)
class _Claimants:
    group_at: object
    name_of: object


@dataclass
class _Incident:
    triggers: list[Trigger]
    sentence_indices: list[int]
    paragraph: int
    date: DateMention | None = None
    place: Span | None = None
    place_rank: int = 0
    actors: dict = field(default_factory=dict)       # group span -> strongest modality naming it the author
    denials: list[Span] = field(default_factory=list)   # groups that denied it
    about: list[Span] = field(default_factory=list)
    casualties: list[CasualtyStatement] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    state_agent: str | None = None                   # 'aircraft', 'forces': the incident is a state operation
    state_authors: list[Span] = field(default_factory=list)   # the state or force that carried it out, when named
    separate: bool = False                           # told as another incident ('in a separate attack')
    in_passing: bool = False                         # named in passing ('since the 2004 siege'): never continued

    @property
    def first(self) -> Trigger:
        return self.triggers[0]


def extract_events(ctx: DocContext, places) -> list[Event]:
    """Incidents and announcements with their evidence; a model-free pipeline (no parse) yields announcements only.

    `places` answers `rank(span)` (how specific a place mention is) and `info(span)` (its kind, country, admin1)."""
    announcements = extract_announcements(ctx)
    if not ctx.doc.has_annotation("DEP"):
        return announcements
    reader = _Reader(ctx, places)
    incidents = reader.read()
    return [reader.event_of(i) for i in incidents if _specific(i)] + announcements


class _Reader:
    def __init__(self, ctx: DocContext, places):
        self.ctx = ctx
        self.place_rank = places.rank
        self.place_info = places.info
        self.sentences = list(ctx.doc.sents)
        self.group_spans = {(m.start, m.end) for m in ctx.mentions if _type_of(ctx, m) == "group"}
        self.place_spans = {(m.start, m.end) for m in ctx.mentions if _type_of(ctx, m) == "place"}
        # who claims an attack, or has one attributed to it, is an armed group whatever NER called it
        self.claimant_spans = self.group_spans | {
            (m.start, m.end) for m in ctx.mentions if _type_of(ctx, m) == "other" and m.label in ("ORG", "NORP")
            and not is_state_force(m.text)}
        self.span_of_char = _span_index(ctx)
        self.mention_at = {(m.start, m.end): m for m in ctx.mentions}
        self.paragraph_of = _paragraphs(ctx.text, self.sentences)
        # the rules find the words; the trained model keeps the sentences that tell one incident, not a habit or a tally
        self.triggers = incident_triggers(find_triggers(ctx.doc))
        self.groups = MentionsOnly(self._group_at)                 # authors by syntax: named groups only
        self.claimants = _Claimants(self._claimant_at, self._name_of)   # claims and attributions: any name

    # -- reading the report sentence by sentence ----------------------------------------------------
    def read(self) -> list[_Incident]:
        incidents: list[_Incident] = []
        by_sentence: dict[int, list[Trigger]] = {}
        for trigger in self.triggers:
            by_sentence.setdefault(self._sentence_index(trigger.token), []).append(trigger)
        for index, sentence in enumerate(self.sentences):
            triggers = by_sentence.get(index, [])
            main = [t for t in triggers if not self._background(t)]
            current = self._join_or_start(incidents, main, index, sentence)
            for trigger in (t for t in triggers if self._background(t)):
                background = self._incident([trigger], index)
                background.separate = background.in_passing = True   # never the incident being told
                incidents.append(background)
            if current is not None:
                self._attach(current, sentence, index, main)
        return self._consolidate(incidents)

    def _consolidate(self, incidents: list[_Incident]) -> list[_Incident]:
        """A report names its incident again and again (headline, lead, toll, claim) often paragraphs apart:
        an incident that nothing tells apart from an earlier one is the same incident."""
        out: list[_Incident] = []
        for incident in incidents:
            home = next((o for o in out if self._same_incident(o, incident)), None)
            if home is None:
                out.append(incident)
                continue
            home.triggers.extend(incident.triggers)
            home.sentence_indices.extend(i for i in incident.sentence_indices if i not in home.sentence_indices)
            home.casualties.extend(incident.casualties)
            self._merge_attributes(home, incident)
        return out

    def _same_incident(self, earlier: _Incident, later: _Incident) -> bool:
        if later.separate or {t.type for t in earlier.triggers}.isdisjoint({t.type for t in later.triggers}):
            return False
        if earlier.date and later.date and not overlaps(earlier.date.iso, later.date.iso):
            return False
        if not self._places_compatible(earlier.place, later.place):
            return False
        if earlier.actors and later.actors and not {self._cluster(a) for a in earlier.actors} & {
                self._cluster(a) for a in later.actors}:
            return False
        killed_a, _ = _figure(earlier.casualties, "killed")
        killed_b, _ = _figure(later.casualties, "killed")
        if killed_a and killed_b and (killed_b[0] > 2 * killed_a[1] + 3 or killed_a[0] > 2 * killed_b[1] + 3):
            return False   # 2 killed and 40 killed are two incidents
        return True

    def _join_or_start(self, incidents, triggers, index, sentence) -> _Incident | None:
        latest = next((i for i in reversed(incidents) if not i.in_passing), None)
        if not triggers:
            continuing = latest is not None and self.paragraph_of[index] == latest.paragraph
            return latest if continuing and self._talks_about_incident(sentence) else None
        candidate = self._incident(triggers, index)
        if latest is not None and self._continues(latest, candidate, sentence):
            latest.triggers.extend(triggers)
            latest.sentence_indices.append(index)
            self._merge_attributes(latest, candidate)
            return latest
        incidents.append(candidate)
        return candidate

    def _talks_about_incident(self, sentence: SpacySpan) -> bool:
        """A sentence without a trigger that gives figures or responsibility for the incident just told."""
        return bool(casualty_statements(sentence) or responsibility_statements(sentence, self.claimants))

    def _continues(self, latest: _Incident, candidate: _Incident, sentence: SpacySpan) -> bool:
        if NEW_INCIDENT_CUES.search(sentence.text):
            candidate.separate = True
            return False
        places_differ = not self._places_compatible(candidate.place, latest.place)
        near = candidate.sentence_indices[0] - latest.sentence_indices[-1] <= ANAPHORA_SENTENCES
        if self._anaphoric(candidate) and not places_differ and near:
            return True
        if candidate.date and latest.date and not overlaps(candidate.date.iso, latest.date.iso):
            return False
        if places_differ and not self._anaphoric(candidate):
            return False
        if self._anaphoric(candidate):
            return near
        if {t.type for t in candidate.triggers}.isdisjoint({t.type for t in latest.triggers}):
            return False   # 'ISKP carried out bombings... The Taliban also clashed with the group'
        return candidate.paragraph == latest.paragraph and not (candidate.date and not latest.date and
                                                                 latest.sentence_indices[-1] < candidate.sentence_indices[0] - 1)

    def _in_title(self, offset: int) -> bool:
        """A date in the headline line is the day of publication, not of the incident."""
        title = next((m for m in self.ctx.document.meta if m.name == "title" and m.end is not None), None)
        return title is not None and title.start <= offset < title.end

    def _country(self, span: Span) -> bool:
        return self.place_info(span).get("kind") == "country"

    def _places_compatible(self, a: Span | None, b: Span | None) -> bool:
        """Unknown, the same place, or one inside the other (Kabul in Afghanistan; a district in its province)."""
        if a is None or b is None or self._cluster(a) == self._cluster(b):
            return True
        pa, pb = self.place_info(a), self.place_info(b)
        if not pa.get("key") or not pb.get("key") or pa.get("key") == pb.get("key"):
            return not (pa.get("country") and pb.get("country") and pa["country"] != pb["country"])
        if pa.get("key") and (pa.get("key") in (pb.get("parents") or ()) or pb.get("key") in (pa.get("parents") or ())):
            return True
        for outer, inner in ((pa, pb), (pb, pa)):
            if outer.get("kind") == "country" and inner.get("country") and inner.get("country") == outer.get("country"):
                return True
            if outer.get("kind") == "province" and inner.get("admin1") and inner.get("admin1") == outer.get("admin1"):
                return True
        return False

    def _anaphoric(self, incident: _Incident) -> bool:
        """The sentence tells more about an incident already met: its triggers are definite nouns ('the attack',
        'the ensuing clash') or verbs that tell what such a noun did ('the blast killed 183 people')."""
        definite = [t for t in incident.triggers if t.is_noun and _definite(t.token)]
        if not definite:
            return False
        return all(t in definite or _acted_by(t.token, definite) for t in incident.triggers)

    def _background(self, trigger: Trigger) -> bool:
        """'since the 2004 siege', 'weeks after a bombing in Peshawar': a time reference, another incident.

        'shortly after the abduction' (definite, nothing of its own) points back at the incident being told."""
        token = trigger.token
        if token.dep_ == "pobj" and token.head.lower_ in BACKGROUND_PREPS:
            own = [c for c in token.subtree if c.ent_type_ in ("DATE", "GPE", "LOC", "FAC") or c.like_num]
            return not _definite(token) or bool(own)
        if token.pos_ == "VERB" and token.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in ("since", "after", "before") for c in token.children):
            head_is_trigger = any(t.token == token.head for t in self.triggers)
            return head_is_trigger and token.head.i < token.i
        return False

    # -- one incident ---------------------------------------------------------------------------------
    def _incident(self, triggers: list[Trigger], index: int) -> _Incident:
        incident = _Incident(list(triggers), [index], self.paragraph_of[index])
        sentence = self.sentences[index]
        incident.date = self._date_of(triggers, sentence)
        incident.place, incident.place_rank = self._place_of(triggers, sentence)
        authors = [t for t in triggers if t.rule.side == "author"]
        incident.state_agent = next((a for a in (self._state_agent(t.token) for t in authors) if a), None)
        for trigger in authors:
            incident.state_authors += [s for s in self._state_authors(trigger.token) if s not in incident.state_authors]
        for trigger in authors:
            hedge = _hedged(trigger.token)
            for agent in agents(trigger.token, self.groups):
                self._add_actor(incident, agent.group, "alleged" if hedge else agent.modality)
            incident.about.extend(self._objects_of(trigger.token))
        incident.targets.extend(t for t in _target_words(triggers) if t not in incident.targets)
        return incident

    def _merge_attributes(self, incident: _Incident, other: _Incident) -> None:
        incident.date = incident.date or other.date
        if other.place is not None and other.place_rank > incident.place_rank:
            incident.place, incident.place_rank = other.place, other.place_rank
        incident.state_agent = incident.state_agent or other.state_agent
        incident.state_authors += [s for s in other.state_authors if s not in incident.state_authors]
        for group, mood in other.actors.items():
            self._add_actor(incident, group, mood)
        for group in other.denials:
            self._add_actor(incident, group, "denied")
        incident.about.extend(a for a in other.about if a not in incident.about)
        incident.targets.extend(t for t in other.targets if t not in incident.targets)

    def _attach(self, incident: _Incident, sentence: SpacySpan, index: int, triggers: list[Trigger]) -> None:
        if index not in incident.sentence_indices:
            incident.sentence_indices.append(index)
        combatants_attack = incident.state_agent is None and incident.first.type != "strike"
        incident.casualties.extend(casualty_statements(sentence, combatants_attack))
        for statement in responsibility_statements(sentence, self.claimants):
            self._add_actor(incident, statement.group, statement.modality)

    def _add_actor(self, incident: _Incident, group: Span, mood: str) -> None:
        if mood == "denied":
            if group not in incident.denials:
                incident.denials.append(group)
            return
        if group in incident.about and mood not in ("claimed", "attributed"):
            return   # a target of the incident is not its author unless a claim or attribution says so
        old = incident.actors.get(group)
        if old is None or MODALITY_ORDER[mood] > MODALITY_ORDER[old]:
            incident.actors[group] = mood

    # -- attributes attached by the tree ----------------------------------------------------------------
    def _date_of(self, triggers: list[Trigger], sentence: SpacySpan) -> DateMention | None:
        dates = [d for d in self.ctx.dates_in(sentence.text) if not d.qualifier.startswith("anchor:")
                 and not self._in_title(sentence.start_char + d.start)]
        when = _when_clause_date(triggers, dates, sentence)
        if when is not None:
            return replace(when, start=sentence.start_char + when.start, end=sentence.start_char + when.end)
        best = None
        for date in dates:
            root = self._root_at(sentence.start_char + date.start, sentence.start_char + date.end)
            if root is None or self._under_reporting_verb(root, triggers) or _end_date(root) or _in_background(root):
                continue
            distance = min(_tree_distance(root, t.token) for t in triggers)
            owner = self._owner_trigger(root)
            if owner is not None and all(owner != t.token for t in triggers):
                continue   # the date of another incident named in passing
            if best is None or distance < best[0]:
                best = (distance, date)
        if best is None:
            return None
        date = best[1]
        return replace(date, start=sentence.start_char + date.start, end=sentence.start_char + date.end)

    def _owner_trigger(self, token: Token) -> Token | None:
        """The noun trigger whose phrase holds a word ('2004' in 'the 2004 Beslan siege'), if any."""
        for trigger in self.triggers:
            if trigger.is_noun and token in trigger.token.subtree and token != trigger.token \
                    and not any(c.dep_ == "prep" and token in c.subtree for c in trigger.token.children):
                return trigger.token
        return None

    def _under_reporting_verb(self, token: Token, triggers: list[Trigger]) -> bool:
        """'officials said on Monday that...': the date of the statement, not of the incident."""
        word = token
        while word.head != word:
            word = word.head
            if any(word == t.token for t in triggers):
                return False
            if word.lemma_.lower() in REPORTING_VERBS and word.pos_ == "VERB":
                return True
        return False

    def _place_of(self, triggers: list[Trigger], sentence: SpacySpan) -> tuple[Span | None, int]:
        """The place phrase nearest the incident's words in the tree; its most specific settlement wins."""
        chained = self._chained_place(triggers, sentence)
        if chained is not None:
            return chained
        best = None
        for span in self._spans_in(sentence, self.place_spans):
            root = self._root_at(*span)
            if root is None or not _used_as_location(root, self._country(span)):
                continue
            owner = self._owner_trigger(root)
            if owner is not None and all(owner != t.token for t in triggers):
                continue
            rank = self.place_rank(span)
            distance = min(_tree_distance(root, t.token) for t in triggers)
            key = (rank, -distance)
            if best is None or key > best[0]:
                best = (key, span, rank)
        return (best[1], best[2]) if best else (None, 0)

    def _chained_place(self, triggers: list[Trigger], sentence: SpacySpan) -> tuple[Span, int] | None:
        best = None
        for chain in self.ctx.chains:
            if chain.attributive or not (sentence.start_char <= chain.start < sentence.end_char) or self._dateline_place(chain):
                continue
            part = best_place(chain)
            span = self._mention_of_part(part)
            root = self._root_at(chain.start, chain.end)
            if span is None or root is None:
                continue
            owner = self._owner_trigger(root)
            if owner is not None and all(owner != t.token for t in triggers):
                continue   # 'since the 2004 Beslan siege': the place of another incident
            distance = min(_tree_distance(root, t.token) for t in triggers)
            if best is None or distance < best[0]:
                best = (distance, span, PLACE_RANK.get(part.kind, 2))
        return (best[1], best[2]) if best else None

    def _dateline_place(self, chain) -> bool:
        """'KABUL, Afghanistan: The Taliban attacked...': where the report was filed, at a paragraph's start."""
        text = self.ctx.text
        opens = chain.start == 0 or text[max(0, chain.start - 1)] == "\n"
        return opens and bool(re.match(r"\s*(?:\([^)]{1,30}\)\s*)?[:–—-]", text[chain.end:chain.end + 40]))

    def _mention_of_part(self, part) -> Span | None:
        """The place mention that stands for a chain part (same gazetteer key, overlapping words)."""
        key = part.place.key if part.place is not None else None
        for span in self.place_spans:
            if span[0] < part.end and part.start < span[1]:
                if key is None or self.place_info(span).get("key") in (key, None):
                    return span
        return None

    def _objects_of(self, trigger: Token) -> list[Span]:
        """Groups the incident was aimed at: 'attacked a Taliban checkpoint', 'strike on ISKP', 'raid against X'."""
        heads = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
        heads += [p for c in trigger.children if c.dep_ == "prep" and c.lower_ in ("on", "against", "at", "targeting")
                  for p in c.children if p.dep_ == "pobj"]
        out = []
        for head in heads:
            for token in head.subtree:
                span = self._group_at(token)
                if span is not None and span not in out:
                    out.append(span)
        return out

    def _state_authors(self, trigger: Token) -> list[Span]:
        """The state or force named as carrying out a strike: 'Israeli aircraft struck', 'a US drone strike',
        'French forces killed', 'the Turkish military said it killed'. A nationality word stands for its country."""
        words = [c for c in trigger.children if c.dep_ in ("nsubj", "amod", "compound", "nmod", "poss")]
        words += [p for c in trigger.children if c.dep_ == "agent" for p in c.children]
        out = []
        for word in words:
            for token in word.subtree:
                span = self.span_of_char.get(token.idx)
                info = self.place_info(span) if span in self.place_spans else {}
                mention = self.mention_at.get(span)
                mention_type = _type_of(self.ctx, mention) if mention is not None else None
                if span is not None and (info.get("kind") == "country" or mention_type == "other" and
                                         is_state_force(self.ctx.text[span[0]:span[1]])):
                    out.append(span)
                elif span is None and token.ent_type_ in ("NORP", "GPE"):
                    country = self._country_named(token)
                    if country is not None:
                        out.append(country)
        return list(dict.fromkeys(out))

    def _country_named(self, token: Token) -> Span | None:
        """A nationality or country word no mention covers ('Israeli', 'US') as a mention of that country."""
        place = gazetteer.country(token.text)
        if place is None:
            return None
        span = (token.idx, token.idx + len(token.text))
        if not any((m.start, m.end) == span for m in self.ctx.role_mentions):
            sentence = token.sent
            self.ctx.role_mentions.append(Mention(span[0], span[1], token.text, "GPE", "place", sentence.start_char,
                                                  sentence.end_char, source="gazetteer", key=place.key))
        return span

    def _state_agent(self, trigger: Token) -> str | None:
        subjects = [c for c in trigger.children if c.dep_ == "nsubj"]
        subjects += [p for c in trigger.children if c.dep_ == "agent" for p in c.children]
        for subject in subjects:
            if subject.lemma_.lower() in STATE_AGENTS or subject.lower_ in STATE_AGENTS:
                if not any(self._group_at(t) for t in subject.subtree):
                    return subject.lower_
            span = self.span_of_char.get(subject.idx)
            if span in self.place_spans and self.place_info(span).get("kind") == "country" or subject.ent_type_ == "GPE" \
                    and subject.dep_ == "nsubj" and span in self.place_spans:
                return "state"   # 'the United States dropped a bomb': a state's operation, not an attack by a group
        return None

    # -- building the Event -------------------------------------------------------------------------
    def event_of(self, incident: _Incident) -> Event:
        etype, subtype = self._kind(incident)
        date = incident.date
        date_text = date.text if date else None
        if date is None and self._dated_by_dateline(incident):
            date = self._dateline
            date_text = f"dateline: {date.text}"
        killed, attackers_killed = _figure(incident.casualties, "killed")
        injured, attackers_injured = _figure(incident.casualties, "injured")
        if etype == "strike":   # a state's operation: its author is the state or force, not the group it hit
            incident.actors = {s: "asserted" for s in incident.state_authors}
        perpetrators = self._one_per_entity(sorted(incident.actors, key=lambda g: -MODALITY_ORDER[incident.actors[g]]))
        evidence, support = self._evidence(incident)
        return Event(
            type=etype, subtype=subtype, evidence=evidence, support=tuple(support),
            date=date.iso if date else None, date_precision=date.precision if date else None, date_text=date_text,
            place=incident.place, perpetrators=tuple(perpetrators),
            perpetrator_modalities=tuple(incident.actors[g] for g in perpetrators),
            denied_by=tuple(self._one_per_entity(incident.denials)),
            about=tuple(incident.about) if etype == "strike" else (), targets=tuple(incident.targets),
            killed_low=killed[0] if killed else None, killed_high=killed[1] if killed else None,
            injured_low=injured[0] if injured else None, injured_high=injured[1] if injured else None,
            attackers_killed_low=attackers_killed[0] if attackers_killed else None,
            attackers_killed_high=attackers_killed[1] if attackers_killed else None,
            attackers_injured_low=attackers_injured[0] if attackers_injured else None,
            attackers_injured_high=attackers_injured[1] if attackers_injured else None,
            casualty_text=_casualty_text(incident.casualties),
            modality=_event_modality(incident, perpetrators),
            confidence=0.7 if date else 0.5)

    def _one_per_entity(self, spans: list[Span]) -> list[Span]:
        """The first span of each entity: 'ADF' and 'Allied Democratic Forces' name one author."""
        seen, out = set(), []
        for span in spans:
            if self._cluster(span) not in seen:
                seen.add(self._cluster(span))
                out.append(span)
        return out

    def _kind(self, incident: _Incident) -> tuple[str, str]:
        types = [t.type for t in incident.triggers]
        if "strike" in types or incident.state_agent:
            aerial = incident.state_agent in AERIAL
            specific = next((t.subtype for t in incident.triggers if t.type == "strike"), None)
            return "strike", specific or ("air strike" if aerial else "raid")
        own_acts = [t for t in incident.triggers if t.type == "attack" and t.subtype not in ("killing",)]
        if "clash" in types and not own_acts:
            return "clash", "clash"   # 'killed in an encounter with security forces': the clash tells the incident
        if "attack" in types:
            subtypes = [t.subtype for t in incident.triggers if t.type == "attack"]
            specific = [s for s in subtypes if s not in ("attack", "killing")]
            return "attack", (specific[0] if specific else subtypes[0])
        return types[0], incident.first.subtype

    @property
    def _dateline(self) -> DateMention | None:
        from .context import dateline

        return dateline(self.ctx.text)

    def _dated_by_dateline(self, incident: _Incident) -> bool:
        """The first incident of a report that opens with a dateline and gives no date of its own."""
        if self.ctx.reference_source != "dateline":
            return False
        return self.paragraph_of[incident.sentence_indices[0]] <= 1 and incident.sentence_indices[0] <= 2

    def _evidence(self, incident: _Incident) -> tuple[Evidence, list[Evidence]]:
        indices = sorted(set(incident.sentence_indices))
        runs, run = [], [indices[0]]
        for i in indices[1:]:
            if i == run[-1] + 1 and self.paragraph_of[i] == self.paragraph_of[run[-1]]:
                run.append(i)
            else:
                runs.append(run)
                run = [i]
        runs.append(run)
        quotes = [self._quote(self.sentences[r[0]].start_char, self.sentences[r[-1]].end_char) for r in runs]
        return quotes[0], quotes[1:]

    def _quote(self, start: int, end: int) -> Evidence:
        text = self.ctx.text
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start > MAX_QUOTE:
            cut = text.rfind(". ", start, start + MAX_QUOTE)
            end = cut + 1 if cut > start else start + MAX_QUOTE
        return Evidence(self.ctx.document_id, start, end, text[start:end], EXTRACTOR, VERSION)

    # -- small lookups ------------------------------------------------------------------------------
    def _sentence_index(self, token: Token) -> int:
        start = token.sent.start
        for i, s in enumerate(self.sentences):
            if s.start == start:
                return i
        return 0

    def _group_at(self, token: Token) -> Span | None:
        span = self.span_of_char.get(token.idx)
        if span is None:
            return None
        span = self._antecedent(span)
        return span if span in self.group_spans else None

    def _claimant_at(self, token: Token) -> Span | None:
        span = self.span_of_char.get(token.idx)
        if span is None:
            return None
        span = self._antecedent(span)
        return span if span in self.claimant_spans else None

    def _name_of(self, head: Token) -> Span | None:
        """A proper name that claims or is blamed for an attack but that no mention covers: a group found by its role."""
        span = proper_name(head)
        if span is None or head.idx in self.span_of_char:
            return None   # no name, or the head is part of a mention already (typed otherwise)
        if not any((m.start, m.end) == span for m in self.ctx.role_mentions):
            sentence = head.sent
            self.ctx.role_mentions.append(Mention(span[0], span[1], self.ctx.text[span[0]:span[1]], "ARMED_GROUP", "group",
                                                  sentence.start_char, sentence.end_char, source="role"))
        return span

    def _antecedent(self, span: Span) -> Span:
        for anaphor, antecedent in self.ctx.corefs:
            if anaphor == span:
                return antecedent
        return span

    def _cluster(self, span: Span):
        return self.ctx.cluster_of.get(span, span)

    def _spans_in(self, sentence: SpacySpan, spans: set[Span]) -> list[Span]:
        return sorted(s for s in spans if sentence.start_char <= s[0] and s[1] <= sentence.end_char)

    def _root_at(self, start: int, end: int) -> Token | None:
        span = self.ctx.doc.char_span(start, end, alignment_mode="expand")
        return span.root if span is not None and len(span) else None


def _type_of(ctx: DocContext, mention) -> str | None:
    index = ctx.cluster_of.get((mention.start, mention.end))
    return ctx.clusters[index].type if index is not None else mention.type


def _span_index(ctx: DocContext) -> dict[int, Span]:
    """Character offset of every token inside a mention or anaphor -> that span."""
    out: dict[int, Span] = {}
    spans = [(m.start, m.end) for m in ctx.mentions] + [a for a, _ in ctx.corefs]
    for start, end in spans:
        span = ctx.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            out.setdefault(token.idx, (start, end))
    return out


def _paragraphs(text: str, sentences) -> list[int]:
    out, paragraph, cursor = [], 0, 0
    for s in sentences:
        paragraph += text.count("\n\n", cursor, s.start_char) + (1 if "\n" in text[cursor:s.start_char] and
                                                                  "\n\n" not in text[cursor:s.start_char] and cursor else 0)
        out.append(paragraph)
        cursor = s.start_char
    return out


NAME_CONNECTORS = frozenset("of for the to and in al el de la du des".split())


def proper_name(head: Token) -> Span | None:
    """The proper name a noun phrase is: capitalised words (with 'of', 'for', 'the'... between), e.g. 'the Front
    for the Liberation of X'; None for common nouns ('security forces'), pronouns and single capitalised words."""
    if head.pos_ != "PROPN" and not head.text[:1].isupper():
        return None
    tokens = sorted((t for t in head.subtree if not _in_side_phrase(t, head)), key=lambda t: t.i)
    while tokens and (tokens[0].lower_ in NAME_CONNECTORS or not tokens[0].text[:1].isalnum()):
        tokens = tokens[1:]
    while tokens and (tokens[-1].lower_ in NAME_CONNECTORS or not tokens[-1].text[:1].isalnum()):
        tokens = tokens[:-1]
    if not tokens or tokens[-1].i - tokens[0].i + 1 != len(tokens):
        return None
    words = [t for t in tokens if t.lower_ not in NAME_CONNECTORS]
    if len(words) < 2 or not all(t.text[:1].isupper() for t in words) or any(t.like_num for t in tokens):
        return None
    if all(t.ent_type_ in ("GPE", "NORP", "DATE") for t in words):
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _in_side_phrase(token: Token, head: Token) -> bool:
    """Words of an apposition, parenthesis or relative clause hanging on the name."""
    word = token
    while word.i != head.i:
        if word.dep_ in ("appos", "relcl", "acl", "punct", "parataxis") or word.text in "()":
            return True
        word = word.head
    return False


HEDGES = frozenset("reportedly allegedly apparently possibly probably likely presumably suspected believed thought".split())


def _hedged(trigger: Token) -> bool:
    """'militants reportedly attacked', 'an attack believed to be by X': the author is alleged, not asserted."""
    clause = trigger if trigger.pos_ == "VERB" else trigger.head
    words = list(clause.children) + [clause] + ([clause.head] if clause.dep_ in ("xcomp", "ccomp") else [])
    return any(w.lower_ in HEDGES and w.pos_ in ("ADV", "VERB", "ADJ") for w in words)


TARGET_PREPS = frozenset("on at against outside near inside into targeting".split())


def _target_words(triggers: list[Trigger]) -> list[str]:
    """What each trigger was aimed at, as head words ('airport', 'checkpoint', 'convoy', 'worshippers')."""
    out = []
    for trigger in triggers:
        token = trigger.token
        heads = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN"]
        heads += [p for c in token.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS
                  for p in c.children if p.dep_ == "pobj" and p.pos_ == "NOUN"]
        out += [h.lemma_.lower() for h in heads if not is_trigger_noun(h)]
    return list(dict.fromkeys(out))


def _acted_by(verb: Token, nouns: list[Trigger]) -> bool:
    """'the blast killed 183', 'killed in the attack': a verb whose subject or adjunct is one of the nouns."""
    return any(n.token.head == verb or (n.token.head.head == verb and n.token.dep_ == "pobj") for n in nouns)


def _when_clause_date(triggers: list[Trigger], dates: list[DateMention], sentence: SpacySpan) -> DateMention | None:
    """'... and August 2016, when Hafiz Saeed was killed': the date the 'when' clause hangs on, just before it."""
    for trigger in triggers:
        when = next((c for c in trigger.token.children if c.dep_ == "advmod" and c.lower_ == "when"), None)
        if when is None or trigger.token.dep_ not in ("relcl", "advcl"):
            continue
        offset = when.idx - sentence.start_char
        before = [d for d in dates if d.end <= offset and not sentence.text[d.end:offset].strip(" ,;")]
        if before:
            return before[-1]
    return None


def _in_background(token: Token) -> bool:
    """'the deadliest since the 2004 siege': a date inside a 'since/after/before' phrase dates something else."""
    return any(a.dep_ == "prep" and a.lower_ in BACKGROUND_PREPS for a in token.ancestors)


def _end_date(token: Token) -> bool:
    """'lasted until November 1', 'were released on 20 May': not when the incident happened."""
    for word in (token, *token.ancestors):
        if word.dep_ == "prep" and word.lower_ in ("until", "till", "through", "to"):
            return True
        if word.pos_ == "VERB":
            return word.lemma_.lower() in ("release", "free", "rescue", "discover", "find", "last", "die", "recover")
    return False


def _definite(token: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "these", "those", "its", "their")
               for c in token.children)


def _tree_distance(a: Token, b: Token) -> int:
    ancestors_a = [a] + list(a.ancestors)
    ancestors_b = [b] + list(b.ancestors)
    for i, x in enumerate(ancestors_a):
        for j, y in enumerate(ancestors_b):
            if x == y:
                return i + j
    return 99


def _used_as_location(root: Token, country: bool = False) -> bool:
    """'in Kandahar', 'attacked Ghazni', 'the Kabul attack' — not 'Afghan forces', 'a US drone' or 'a US airstrike'."""
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS:
        return True
    if root.dep_ in ("dobj", "appos", "conj", "npadvmod", "nsubjpass"):
        return True
    if country:
        return False   # a country before a noun names whose it is: 'a US airstrike', 'Nigerien troops'
    if root.dep_ in ("compound", "nmod", "poss") and root.head.dep_ == "pobj" and root.head.head.lower_ in LOCATIVE_PREPS:
        return True   # 'on the Kabul airport', 'in the Kandahar market'
    if root.dep_ in ("compound", "nmod", "poss") and root.head.lemma_.lower() not in STATE_AGENTS and \
            root.head.pos_ == "NOUN":
        return is_trigger_noun(root.head) or root.head.lemma_.lower() in ANAPHORIC_NOUNS or root.head.lemma_.lower() in (
            "airport", "jail", "prison", "city", "province", "district", "market", "mosque", "hotel")
    return False


def _figure(statements: list[CasualtyStatement], kind: str) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(all killed, attackers among them) from the statements of one incident in one report."""
    own = [s for s in statements if s.kind == kind and not s.across]
    if not own:
        return None, None
    updates = [s for s in own if s.update]
    if updates:
        last = updates[-1]
        return (last.low, last.high), last.attackers
    by_token = sorted(own, key=lambda s: s.token.i)
    total_low = total_high = 0
    attackers = None
    seen_kinds: list[tuple[bool, ...]] = []
    ranges = []
    for s in by_token:
        sides = tuple(sorted({f.attackers for f in s.figures}))
        if s.figures and sides in seen_kinds:
            ranges.append((s.low, s.high))
            continue
        seen_kinds.append(sides)
        total_low += s.low
        total_high += s.high
        if s.attackers:
            attackers = (attackers[0] + s.attackers[0], attackers[1] + s.attackers[1]) if attackers else s.attackers
    low = min([total_low] + [r[0] for r in ranges])
    high = max([total_high] + [r[1] for r in ranges])
    return (low, high), attackers


def _casualty_text(statements: list[CasualtyStatement]) -> str | None:
    parts = []
    for s in statements:
        figures = ", ".join(f.text for f in s.figures) or "none"
        note = " (updated toll)" if s.update else " (total over several related incidents)" if s.across else ""
        parts.append(f"{s.kind}: {figures}{note}")
    return "; ".join(dict.fromkeys(parts)) or None


def _event_modality(incident: _Incident, perpetrators: list[Span]) -> str:
    moods = [incident.actors[g] for g in perpetrators]
    return max(moods, key=lambda m: MODALITY_ORDER[m]) if moods else "asserted"


def _specific(incident: _Incident) -> bool:
    """One occurrence, not a habit: a date, a place, figures or a named author, and not only plural generic nouns."""
    generic = all(t.is_noun and t.token.tag_ in ("NNS", "VBZ") and
                  not any(c.dep_ == "nummod" for c in t.token.children) for t in incident.triggers)
    perfect = all(t.token.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in t.token.children)
                  for t in incident.triggers)
    has_figures = any(s.figures for s in incident.casualties)
    precise_date = incident.date is not None and incident.date.precision in ("day", "month")
    if perfect:
        return precise_date   # 'have been killed in strikes since October': a running total, not an incident
    if generic:
        return precise_date or (has_figures and incident.place is not None)
    return bool(incident.date or incident.place or has_figures)
