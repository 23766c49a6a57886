"""Events from slotted sentences: attacks, strikes against groups, clashes and announcements.

An event needs something that makes it one event rather than a habit: a month or day, a
casualty figure or, for announcements, any date. A sentence that continues the previous
one about the same event without a date ('...claimed responsibility for the suicide blasts')
is folded into it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..models import Event, Evidence, Span
from .document_context import DocContext
from .context import modality, nearest_date, sentence_dates
from .quantities import find_quantities
from .slots import SlottedSentence

EXTRACTOR, VERSION = "event_rules", "1"

# (event type, subtype, trigger) in order of specificity: the first that matches in a sentence names the event.
TRIGGERS: tuple[tuple[str, str, re.Pattern], ...] = tuple((t, s, re.compile(p, re.I)) for t, s, p in (
    ("strike", "drone strike", r"\bdrone\s+(?:air\s*)?strikes?\b"),
    ("strike", "air strike", r"\b(?:air\s*strikes?|airstrikes?|air\s+raids?|aerial\s+bombardment)\b"),
    ("strike", "special-forces raid", r"\b(?:special\s+forces|commando|night)\s+raids?\b|⟦O\d+⟧\s+(?:raids?|operations?)\b"),
    ("strike", "air strike", r"\b(?:aircraft|bombers?|planes?|jets?)\s+dropped\b"),
    ("attack", "suicide bombing", r"\bsuicide\s+(?:blasts?|bombings?|attacks?|bombers?|explosions?)\b"),
    ("attack", "shelling", r"\b(?:mortar\s+shelling|shelling|rocket\s+attacks?|mortar\s+attacks?)\b"),
    ("attack", "raid", r"\b(?:jail|prison)\s+(?:raid|break|attack|assault)\b"),
    ("attack", "assassination", r"\bassassinat(?:ed|ion|ions)\b"),
    ("attack", "bombing", r"\b(?:car|truck|roadside)\s+bomb(?:ing)?s?\b|\bbombings?\b|\bblasts?\b|\bexplosions?\b"),
    ("attack", "kidnapping", r"\b(?:kidnapp(?:ed|ing)|abduct(?:ed|ion))\b"),
    ("attack", "attack", r"\b(?:terror(?:ist)?\s+)?attacks?\b|\bmassacre\b|\bshooting\b|\bstormed\b"),
    ("clash", "clash", r"\bclash(?:es|ed)?\b|\bfirefights?\b|\bgun\s*battles?\b"),
    ("announcement", "founding", r"\bannounced\s+(?:[^⟦.]{0,40}?\s)?(?:the\s+|its\s+|⟦G\d+⟧\s+)?(?:establishment|creation|formation|founding|expansion)\b"),
    ("announcement", "founding", r"\bdeclared\s+(?:its|the|⟦G\d+⟧)\s+(?:establishment|creation|formation|founding)\b"),
    ("announcement", "founding", r"\b(?:first\s+appeared|came\s+into\s+being|was\s+founded|was\s+established|origin\s+of)\b"),
    ("announcement", "pledge", r"\bpledg(?:ed|ing)\s+(?:its\s+|their\s+)?allegiance\b"),
))
CASUALTY_VERB = re.compile(r"\b(?:killed|killing|kills|dead|deaths|died|death toll|lives)\b", re.I)
INJURY_VERB = re.compile(r"\b(?:injured|wounded|injuring|wounding|hurt)\b", re.I)
PERSON_NOUN = re.compile(r"^\s*(?:[\w.\-’']+\s+){0,3}?(?:people|persons|civilians|soldiers|troops|members|fighters|militants|"
                         r"police(?:men)?|officers|children|women|worshippers|students|diplomats|officials|personnel|"
                         r"marines|guards|others|Taliban|Shi['’]?as?|rafida)\b", re.I)
CLAIMED = re.compile(r"\bclaimed\s+(?:the\s+)?responsibility\b|\bclaimed\s+(?:the\s+)?(?:attack|bombing)\b", re.I)
ATTRIBUTED = re.compile(r"\b(?:blamed|attributed|officials\s+said|according\s+to\s+(?:officials|the\s+government|police))\b", re.I)
SITES = ("airport", "jail", "prison", "parliament", "shrine", "embassy", "mosque", "hospital", "university", "school",
         "market", "hotel", "church", "bridge", "base", "cave", "wedding")


@dataclass
class _Found:
    event: Event
    sentence_index: int
    paragraph_end: int


def extract_events(ctx: DocContext, place_rank) -> list[Event]:
    sentences, document_id, text, reference, focus = ctx.sentences, ctx.document_id, ctx.text, ctx.reference, ctx.focus_span
    found: list[_Found] = []
    for i, sentence in enumerate(sentences):
        event = _event_in(sentence, document_id, text, reference, focus, place_rank)
        if event is None:
            continue
        previous = found[-1] if found else None
        if previous and _continues(previous, event, i, sentence, text):
            previous.event = _fold(previous.event, event, text)
            previous.sentence_index = i
            continue
        antecedent = _referred_to(found, event, sentence)
        if antecedent is not None:
            # 'the blast killed 183 people' paragraphs later: more about the event already met
            antecedent.event = _add_details(antecedent.event, event)
            continue
        found.append(_Found(event, i, _paragraph_end(text, sentence.end)))
    return [f.event for f in found if _specific(f.event)]


def _event_in(sentence: SlottedSentence, document_id: str, text: str, reference, focus, place_rank) -> Event | None:
    trigger = _first_trigger(sentence.template)
    if trigger is None:
        return None
    etype, subtype, m = trigger
    dates = sentence_dates(sentence.text, reference)
    t_pos = sentence.doc_offset(m.start()) - sentence.start
    date = nearest_date(dates, t_pos)
    if date is not None and date.qualifier.startswith("anchor:"):
        date = None   # "the post 9/11 attacks": a known moment used as a time reference, not a new event
    killed, injured, casualty_text, victims = _casualties(sentence.text, t_pos)
    places = sentence.slots_in(0, len(sentence.template), "L")
    place = _choose_place(places, sentence, m, place_rank)
    perpetrators, about = _actors(etype, subtype, sentence, m, focus)
    evidence = Evidence(document_id, sentence.start, sentence.end, text[sentence.start:sentence.end], EXTRACTOR, VERSION)
    return Event(
        type=etype, subtype=subtype, evidence=evidence, date=date.iso if date else None,
        date_precision=date.precision if date else None, date_text=date.text if date else None,
        place=place, perpetrators=tuple(perpetrators), about=tuple(about),
        targets=tuple(_sites(sentence.text)), victims=tuple(victims),
        killed_low=killed[0] if killed else None, killed_high=killed[1] if killed else None,
        injured_low=injured[0] if injured else None, injured_high=injured[1] if injured else None,
        casualty_text=casualty_text, modality=_event_modality(sentence.text, t_pos),
        confidence=0.7 if date else 0.5)


def _first_trigger(template: str):
    for etype, subtype, pattern in TRIGGERS:
        m = pattern.search(template)
        if m:
            return etype, subtype, m
    return None


def _choose_place(places, sentence: SlottedSentence, m: re.Match, place_rank) -> Span | None:
    places = [p for p in places if _used_as_location(sentence, p)]
    if not places:
        return None
    trigger = sentence.doc_offset(m.start())
    return min(places, key=lambda s: (-place_rank(s.ref), abs(s.start - trigger))).ref


_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|outside|on|across|inside|into|within|of|around|to|struck|hit|attacked|"
                              r"targeted|bombed|stormed|shelled)\s+(?:the\s+)?(?:\w+\s+)?$", re.I)
_ACTOR_AFTER = re.compile(r"^[\s\-.]*(?:drones?|aircraft|forces|special|soldiers|troops|military|officials|government|"
                          r"intelligence|led|backed|army|air\s+force|embassy|diplomats)\b", re.I)


def _used_as_location(sentence: SlottedSentence, place) -> bool:
    """'in Achin district' or 'the Kabul mortar shelling', not 'a U.S. drone' or 'US forces'."""
    before = sentence.text[:place.start - sentence.start]
    after = sentence.text[place.end - sentence.start:]
    if _ACTOR_AFTER.match(after):
        return False
    return bool(_LOCATIVE_BEFORE.search(before)) or bool(re.match(r"^['’]?s?\s+(?:\w+\s+){0,2}?(?:airport|jail|prison|"
                                                                  r"shelling|attack|bombing|raid|blast|parliament|shrine|"
                                                                  r"province|district|city)", after, re.I))


def _actors(etype: str, subtype: str, sentence: SlottedSentence, m: re.Match, focus) -> tuple[list[Span], list[Span]]:
    t = sentence.template
    groups = sentence.slots_in(0, len(t), "G")
    if not groups and etype != "announcement":
        return [], []
    claim = CLAIMED.search(t)
    if claim:
        before = sentence.slots_in(0, claim.start(), "G")
        return ([before[-1].ref] if before else []), []
    if etype == "strike":
        # strikes in these reports are against a group: the group is what the strike was about
        return [], [g.ref for g in groups[:1]]
    if etype == "announcement":
        before = sentence.slots_in(0, m.start(), "GP")
        inside = sentence.slots_in(m.start(), m.end(), "G")
        after = sentence.slots_in(m.end(), min(len(t), m.end() + 80), "G")
        announcer = [before[-1].ref] if before else []
        expansion = re.search(r"\bexpansion\b", m.group(0), re.I)
        if subtype == "founding" and expansion and focus and announcer != [focus] and not after:
            # a parent announcing its expansion into a region founds the branch the report is about
            return announcer, [focus]
        if subtype == "founding" and (after or inside):
            return announcer, [(after or inside)[0].ref]
        return announcer, announcer
    for pattern in (r"(?:attacks?|bombings?|raids?|operations?)\s+(?:of|by)\s+(?:the\s+)?(⟦G\d+⟧)",
                    r"(⟦G\d+⟧)['’]s\s+(?:[\w\-]+\s+){0,4}?(?:attacks?|operations|bombings?)",
                    r"carried\s+out\s+by\s+(?:the\s+)?(⟦G\d+⟧)", r"(⟦G\d+⟧)\s+(?:\w+\s+){0,2}?carried\s+out",
                    r"(⟦G\d+⟧)\s+(?:terrorists|militants|fighters|gunmen|suicide\s+bombers?)"):
        found = re.search(pattern, t, re.I)
        if found:
            slot = sentence.slots[int(re.search(r"\d+", found.group(1)).group(0))]
            return [slot.ref], []
    before = sentence.slots_in(0, m.start(), "G")
    return ([before[0].ref] if before and etype == "attack" else []), []


def _casualties(sentence: str, trigger: int):
    """(killed (low, high), injured (low, high), quote of the figures, victim phrases)."""
    killed = injured = None
    parts, victims = [], []
    for verb in CASUALTY_VERB.finditer(sentence):
        total, phrase, who = _count_after(sentence, verb.end())
        if total is None:
            total, phrase, who = _count_before(sentence, verb.start())
        if total is not None:
            killed = (int(total[0]), int(total[1]))
            parts.append(phrase)
            victims.extend(who)
            break
    for verb in INJURY_VERB.finditer(sentence):
        # 'wounded more than 150 others' first; then '150 people were injured' / 'dozens injured'
        after = [q for q in find_quantities(sentence[verb.end():verb.end() + 25]) if q.start < 15]
        head = sentence[max(0, verb.start() - 40):verb.start()]
        before = [q for q in find_quantities(head)
                  if re.fullmatch(r"\s*(?:[\w\-]+\s+){0,2}?(?:(?:were|was|have been|had been)\s+)?", head[q.end:])]
        q = after[0] if after else (before[-1] if before else None)
        if q is not None:
            injured = (int(q.low), int(q.high))
            parts.append(verb.group(0) + " " + q.text if after else q.text + " " + verb.group(0))
            break
    return killed, injured, "; ".join(parts) or None, victims


def _count_after(sentence: str, position: int):
    """'killed at least 175 civilians and 13 US soldiers, at least 28 Taliban members': the sum, not 'including' ones."""
    tail = sentence[position:position + 160]
    low = high = 0
    who, found = [], False
    end = 0
    for q in find_quantities(tail):
        gap = tail[end:q.start]
        if found and not re.fullmatch(r"[\s,;]*(?:and|as well as)?[\s,;]*", gap):
            break
        if not found and q.start > 20:
            break
        noun = PERSON_NOUN.match(tail[q.end:])
        if noun is None:
            break
        if re.search(r"\bincluding\s*$", tail[:q.start]):
            end = q.end + noun.end()
            continue
        low += q.low
        high += q.high
        who.append(f"{q.text}{noun.group(0)}".strip())
        found, end = True, q.end + noun.end()
    if not found:
        return None, None, []
    return (low, high), tail[:end].strip(), who


def _count_before(sentence: str, position: int):
    """'53 Taliban fighters were killed'."""
    head = sentence[max(0, position - 60):position]
    qs = find_quantities(head)
    if not qs:
        return None, None, []
    q = qs[-1]
    noun = PERSON_NOUN.match(head[q.end:])
    if noun is None:
        return None, None, []
    return (q.low, q.high), head[q.start:].strip(), [f"{q.text}{noun.group(0)}".strip()]


def _sites(sentence: str) -> list[str]:
    return [s for s in SITES if re.search(rf"\b{s}", sentence, re.I)]


def _event_modality(sentence: str, trigger: int) -> str:
    if CLAIMED.search(sentence):
        return "claimed"
    if ATTRIBUTED.search(sentence):
        return "attributed"
    mood = modality(sentence)
    return "alleged" if mood == "alleged" else "asserted"


def _continues(previous: _Found, event: Event, index: int, sentence: SlottedSentence, text: str) -> bool:
    """The next sentence of the same paragraph telling more about the same event, without its own date."""
    if index != previous.sentence_index + 1 or sentence.start > previous.paragraph_end:
        return False
    if event.date is not None or event.type != previous.event.type:
        return False
    return previous.event.type in ("attack", "strike")


def _fold(first: Event, second: Event, text: str) -> Event:
    evidence = Evidence(first.evidence.doc_id, first.evidence.start, second.evidence.end,
                        text[first.evidence.start:second.evidence.end], EXTRACTOR, VERSION)
    return replace(
        first, subtype=second.subtype if second.subtype != "attack" else first.subtype, evidence=evidence,
        place=second.place or first.place, perpetrators=first.perpetrators + tuple(
            p for p in second.perpetrators if p not in first.perpetrators),
        about=first.about + second.about, targets=tuple(dict.fromkeys(first.targets + second.targets)),
        victims=first.victims + second.victims,
        killed_low=second.killed_low if second.killed_low is not None else first.killed_low,
        killed_high=second.killed_high if second.killed_high is not None else first.killed_high,
        injured_low=second.injured_low if second.injured_low is not None else first.injured_low,
        injured_high=second.injured_high if second.injured_high is not None else first.injured_high,
        casualty_text=second.casualty_text or first.casualty_text,
        modality=second.modality if second.modality != "asserted" else first.modality)


_DEFINITE = re.compile(r"\b(?:the|this|that)\s+(?:\w+\s+)?$", re.I)


def _referred_to(found: list[_Found], event: Event, sentence: SlottedSentence) -> _Found | None:
    """An undated 'the blast' / 'the attack' points back at the latest event of the same type."""
    if event.date is not None or event.type not in ("attack", "strike"):
        return None
    trigger = _first_trigger(sentence.template)
    if trigger is None or not _DEFINITE.search(sentence.template[:trigger[2].start()]):
        return None
    return next((f for f in reversed(found) if f.event.type == event.type and f.event.date), None)


def _add_details(first: Event, later: Event) -> Event:
    """Casualty figures and actors from a later sentence about the same event; its evidence stays the first."""
    if first.killed_low is not None or later.killed_low is None:
        return replace(first, perpetrators=first.perpetrators or later.perpetrators)
    evidence = later.evidence if later.killed_low is not None else first.evidence
    return replace(first, killed_low=later.killed_low, killed_high=later.killed_high,
                   injured_low=first.injured_low if first.injured_low is not None else later.injured_low,
                   injured_high=first.injured_high if first.injured_high is not None else later.injured_high,
                   casualty_text=later.casualty_text, perpetrators=first.perpetrators or later.perpetrators,
                   evidence=evidence, victims=first.victims + later.victims)


def _paragraph_end(text: str, position: int) -> int:
    end = text.find("\n\n", position)
    return len(text) if end < 0 else end


def _specific(event: Event) -> bool:
    """Keep events that are one occurrence: a month or day, a casualty figure, or a dated announcement."""
    if event.type == "announcement":
        return event.date is not None and bool(event.about or event.perpetrators)
    if event.killed_low is not None or event.injured_low is not None:
        return True
    return event.date_precision in ("day", "month") or (event.date_precision == "approximate" and event.date and len(event.date) >= 7)
