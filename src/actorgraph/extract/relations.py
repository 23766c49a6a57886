"""Typed relations with evidence, dates and modality, from slotted sentences and the patterns in relation_patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..models import Evidence, Relation, Span
from .document_context import DocContext
from .context import modality, nearest_date, sentence_dates
from .relation_patterns import FIRST_G, FOCUS, LEFT, LIST_SENTENCE, PENDING_SUBJECT, RECENT, RULES, Rule, _compile
from .slots import Slot, SlottedSentence

EXTRACTOR, VERSION = "relation_rules", "1"
MAX_QUOTE = 600

_COMPILED = [(rule, rule.regex()) for rule in RULES]
_DEATH = _compile(r"(?P<s>{P})\s+(?:was|were|had been|has been|is)\s+(?:\w+\s+)?(?P<how>killed|assassinated|captured|"
                  r"arrested|executed|died|eliminated|detained|removed|replaced|ousted)")
_CHOSEN_MAN = _compile(r"chosen\s+(?:man|one|candidate)\s+of\s+(?:the\s+)?{G}\s+was\s+(?:not\s+{P}\s+but\s+)?(?P<s>{P})")
_END_REASON = {"killed": "killed", "assassinated": "killed", "executed": "killed", "died": "died", "eliminated": "killed",
               "captured": "captured", "arrested": "arrested", "detained": "arrested", "removed": "removed",
               "replaced": "replaced", "ousted": "removed"}
SUCCESSION_RULES = {"appointed_leader", "chose_leader", "claimed_leadership", "chosen_man", "took_over", "named_as_leader"}


@dataclass
class _Context:
    document_id: str
    text: str
    reference: str | None
    focus: Span | None
    cluster_of: dict          # mention span -> cluster index
    last_succession: str | None = None
    recent_group: Span | None = None   # the last group named in the sentences before this one


def extract_relations(doc_ctx: DocContext) -> list[Relation]:
    ctx = _Context(doc_ctx.document_id, doc_ctx.text, doc_ctx.reference, doc_ctx.focus_span, doc_ctx.cluster_of)
    sentences, reference, cluster_of = doc_ctx.sentences, doc_ctx.reference, doc_ctx.cluster_of
    relations: list[Relation] = []
    deaths: list[tuple[int, str, str, str]] = []   # (cluster, date, precision, how)
    pending, listing = None, None
    for sentence in sentences:
        dates = sentence_dates(sentence.text, reference)
        found = _apply_rules(sentence, dates, ctx)
        found += _chosen_man(sentence, dates, ctx)
        if listing is not None:   # a list split into sentences at its semicolons
            found += _list_relations(sentence, listing, _continued_items(sentence), ctx)
        elif pending is not None:
            found += _pending_list(sentence, pending, ctx)
        listing = (listing or pending) if (listing or pending) and found and sentence.text.rstrip().endswith(";") else None
        pending = _pending_from(sentence)
        for death in _deaths(sentence, dates, ctx):
            deaths.append(death)
            ctx.last_succession = death[1]
        for r in found:
            if r.type == "leader_of" and r.start:
                ctx.last_succession = r.start
        relations.extend(found)
        groups = sentence.slots_in(0, len(sentence.template), "G")
        ctx.recent_group = groups[-1].ref if groups else ctx.recent_group
    return _dedupe(_end_tenures(relations, deaths, cluster_of))


def _apply_rules(sentence: SlottedSentence, dates, ctx: _Context) -> list[Relation]:
    out = []
    for rule, regex in _COMPILED:
        for m in regex.finditer(sentence.template):
            out.extend(_relations_from_match(rule, m, sentence, dates, ctx))
    return out


def _relations_from_match(rule: Rule, m: re.Match, sentence: SlottedSentence, dates, ctx: _Context) -> list[Relation]:
    subjects = _side(rule.subject, ("s", "slist", "s2"), m, sentence, rule.subject_kinds, ctx)
    object_spec = "o" if rule.object in (FOCUS, RECENT) and m.groupdict().get("o") else rule.object
    objects = _side(object_spec, ("o", "olist"), m, sentence, rule.object_kinds, ctx, drop_modifiers=True)
    if not subjects or not objects:
        return []
    trigger = sentence.doc_offset(m.start()) - sentence.start
    match_end = sentence.doc_offset(m.end()) - sentence.start
    start, precision = _start_date(rule, m, sentence, dates, ctx, trigger)
    former = "former" in (m.groupdict().get("former") or "").lower() or _former_before(sentence, m, subjects)
    mood = modality(sentence.text, trigger, match_end)
    evidence = _evidence(sentence, m, ctx)
    current = f"current as of {ctx.reference}" if ctx.reference and re.search(r"\bcurrent\b", m.group(0), re.I) else ""
    note = "; ".join(n for n in (rule.note, current, "former" if former else "", _approx(precision)) if n)
    out = []
    for s in subjects:
        for o in objects:
            if ctx.cluster_of.get(s) == ctx.cluster_of.get(o):
                continue
            out.append(Relation(s, rule.type, o, evidence, start=start, end=None,
                                end_reason="former" if former else None, modality=mood,
                                confidence=rule.confidence, note=note))
    return out


def _side(spec: str, names: tuple[str, ...], m: re.Match, sentence: SlottedSentence, kinds: str, ctx: _Context,
          drop_modifiers: bool = False) -> list[Span]:
    if spec == FOCUS:
        return [ctx.focus] if ctx.focus else []
    if spec == RECENT:
        target = ctx.recent_group or ctx.focus
        return [target] if target else []
    if spec == FIRST_G:
        first = sentence.slots_in(0, len(sentence.template), "G")
        return [first[0].ref] if first else []
    if spec == LEFT:
        before = sentence.slots_in(0, m.start(), "GP")
        if not before:
            return [ctx.focus] if ctx.focus else []
        # in "fighters of X who pledged allegiance", the pledge belongs to the clause's subject
        if re.search(r"\b(?:who|which|that)\s+$", sentence.template[:m.start()]):
            return [before[0].ref]
        return [before[-1].ref]
    for name in names:
        if name in m.groupdict() and m.group(name):
            slots = sentence.slots_in(m.start(name), m.end(name), kinds)
            # in a list of objects, a group used to describe people ('an IS sympathizer') is not one of them
            return [s.ref for s in slots if not (drop_modifiers and name == "olist" and _modifier(sentence, s))]
    return []


_ROLE_NOUN = re.compile(r"^[\s\-]*(?:sympathi[sz]ers?|supporters?|members?|commanders?|leaders?|fighters?|militants?|"
                        r"operatives?|emissaries|chief|spokes\w+|recruits?|defectors?|ideologues?|leadership|literature)\b",
                        re.I)


def _modifier(sentence: SlottedSentence, slot: Slot) -> bool:
    """A group name used to describe people ('an IS sympathizer'), not the group itself."""
    index = sentence.slots.index(slot)
    marker = f"⟦{slot.kind}{index}⟧"
    at = sentence.template.find(marker)
    return at >= 0 and bool(_ROLE_NOUN.match(sentence.template[at + len(marker):]))


def _start_date(rule: Rule, m: re.Match, sentence: SlottedSentence, dates, ctx: _Context, trigger: int):
    if rule.date_role == "none":
        return None, None
    match_end = sentence.doc_offset(m.end()) - sentence.start
    # a date far from the match belongs to another clause ('chose X, ... who joined IS in 2014'), and a
    # known moment named in passing ('the 2020 US-Taliban deal') dates nothing here
    near = [d for d in dates if trigger - 60 <= d.start <= match_end + 60 and not d.qualifier.startswith("anchor:")]
    date = nearest_date(near, trigger)
    if date is not None:
        return date.iso, date.precision
    if rule.name in SUCCESSION_RULES and ctx.last_succession:
        return ctx.last_succession, "approximate"
    return None, None


def _former_before(sentence: SlottedSentence, m: re.Match, subjects: list[Span]) -> bool:
    return bool(re.search(r"\bformer\s*$", sentence.template[max(0, m.start() - 12):m.start()], re.I))


def _approx(precision: str | None) -> str:
    return "date approximate" if precision == "approximate" else ""


def _evidence(sentence: SlottedSentence, m: re.Match, ctx: _Context) -> Evidence:
    start, end = sentence.start, sentence.end
    if end - start > MAX_QUOTE and m is not None:
        start = max(sentence.start, sentence.doc_offset(m.start()) - 80)
        end = min(sentence.end, sentence.doc_offset(m.end()) + 80)
        start, end = _word_bounds(ctx.text, start, end, sentence)
    quote = ctx.text[start:end].strip()
    start = ctx.text.index(quote, start)
    return Evidence(ctx.document_id, start, start + len(quote), quote, EXTRACTOR, VERSION)


def _word_bounds(text: str, start: int, end: int, sentence: SlottedSentence) -> tuple[int, int]:
    while start > sentence.start and text[start - 1].isalnum():
        start -= 1
    while end < sentence.end and text[end].isalnum():
        end += 1
    return start, end


def _chosen_man(sentence: SlottedSentence, dates, ctx: _Context) -> list[Relation]:
    out = []
    for m in _CHOSEN_MAN.finditer(sentence.template):
        person = sentence.slots_in(m.start("s"), m.end("s"), "P")
        if person and ctx.focus:
            out.append(Relation(person[0].ref, "leader_of", ctx.focus, _evidence(sentence, m, ctx),
                                modality=modality(sentence.text), confidence=0.5, note="chosen by the parent organisation"))
    return out


def _pending_from(sentence: SlottedSentence):
    m = PENDING_SUBJECT.search(sentence.template)
    if not m:
        return None
    obj = sentence.slots_in(m.start("o"), m.end("o"), "G")
    return ("allied_with", obj[0].ref) if obj else None


def _pending_list(sentence: SlottedSentence, pending, ctx: _Context) -> list[Relation]:
    """'Some of the most active groups include A; B; C' after 'groups ... have close relations with X'."""
    if pending is None:
        return []
    m = LIST_SENTENCE.search(sentence.template)
    if not m:
        return []
    return _list_relations(sentence, pending, _list_items(sentence, m.start("slist"), m.end("slist")), ctx)


def _list_relations(sentence: SlottedSentence, pending, items: list[Slot], ctx: _Context) -> list[Relation]:
    rel_type, obj = pending
    evidence = _evidence(sentence, None, ctx)
    out = []
    for slot in items:
        if ctx.cluster_of.get(slot.ref) != ctx.cluster_of.get(obj):
            out.append(Relation(slot.ref, rel_type, obj, evidence, modality=modality(sentence.text),
                                confidence=0.6, note="listed after the relation was stated for such groups"))
    return out


def _continued_items(sentence: SlottedSentence) -> list[Slot]:
    """Items of a list that goes on after a semicolon: the group that opens the sentence."""
    if not re.match(r"^\s*(?:the\s+)?⟦G\d+⟧", sentence.template, re.I):
        return []
    return [s for s in _list_items(sentence, 0, len(sentence.template)) if _after_semicolon_or_start(sentence, s)]


def _after_semicolon_or_start(sentence: SlottedSentence, slot: Slot) -> bool:
    at = sentence.template.find(f"⟦{slot.kind}{sentence.slots.index(slot)}⟧")
    before = re.sub(r"(?:\bthe)?\s*$", "", sentence.template[:at], flags=re.I)
    return not before.strip() or before.rstrip().endswith(";")


def _list_items(sentence: SlottedSentence, start: int, end: int) -> list[Slot]:
    """Slots that are items of a list, not names inside an item's description."""
    items = []
    for m in re.finditer(r"⟦G(\d+)⟧", sentence.template[:end]):
        if m.start() < start:
            continue
        before = sentence.template[:m.start()].rstrip()
        before = re.sub(r"(?:\bthe)$", "", before, flags=re.I).rstrip()
        if before.endswith((";", ",", ":")) or re.search(r"\b(?:include[sd]?|and|are|were)$", before, re.I) \
                or m.start() == start or not before:
            items.append(sentence.slots[int(m.group(1))])
    return items


def _deaths(sentence: SlottedSentence, dates, ctx: _Context):
    for m in _DEATH.finditer(sentence.template):
        person = sentence.slots_in(m.start("s"), m.end("s"), "P")
        date = nearest_date(dates, sentence.doc_offset(m.start("how")) - sentence.start)
        if person and date is not None:
            yield ctx.cluster_of.get(person[0].ref), date.iso, date.precision, _END_REASON[m.group("how").lower()]


def _end_tenures(relations: list[Relation], deaths, cluster_of: dict) -> list[Relation]:
    """A leader killed, arrested or replaced in the same report: the leadership ends then."""
    out = []
    for r in relations:
        if r.type in ("leader_of", "member_of") and r.end is None:
            person = cluster_of.get(r.subject)
            ends = [d for d in deaths if d[0] == person and (r.start is None or d[1] >= r.start[:len(d[1])])]
            if ends:
                cluster, date, precision, how = min(ends, key=lambda d: d[1])
                r = replace(r, end=date, end_reason=how)
        out.append(r)
    return out


def _dedupe(relations: list[Relation]) -> list[Relation]:
    """One relation per subject, type, object and sentence: the most informative one."""
    best: dict[tuple, Relation] = {}
    for r in relations:
        key = (r.subject, r.type, r.object, r.evidence.start)
        old = best.get(key)
        if old is None or (r.start or "", r.end or "", r.confidence) > (old.start or "", old.end or "", old.confidence):
            best[key] = r
    return list(best.values())
