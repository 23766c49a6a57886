"""Numeric claims: a figure someone asserted about a group (strength, pay, funding, operations, clashes).

One claim per figure per statement; a range is one claim. The subject is the group the
sentence ties the figure to. A figure a report about a branch gives for the branch's
parent ('1,000 ISIL fighters in the country' in a report on ISKP) is read as the branch's,
and the claim says so in `subject_note`.
"""

from __future__ import annotations

import re

from ..models import Claim, Evidence, Span
from .document_context import DocContext
from .context import attribution, hedge, nearest_date, sentence_dates
from .quantities import Quantity, find_quantities
from .slots import SlottedSentence

EXTRACTOR, VERSION = "claim_rules", "1"

FIGHTERS = re.compile(r"^\s*(?:[\w\-’']+\s+){0,3}?(?:fighters|militants|members|men|combatants|jihadists|insurgents|"
                      r"troops|recruits|gunmen|cadres)\b", re.I)
STRENGTH_CUE = re.compile(
    r"\b(?:had|has|have|there\s+(?:are|were|is)|strength|size|ranks|numbers?|estimated?|estimates?|between|could\s+be|"
    r"grows|manpower|dwindled|swelled|fell|rose|comprises?|boasts?|up\s+to|strong|of\s+several|counts?)\b", re.I)
KILL_BEFORE = re.compile(r"\b(?:kill\w*|wound\w*|injur\w*|liquidat\w*|eliminat\w*|arrest\w*|captur\w*|resettled|released|"
                         r"recruited|trained|deported)\b[^.;]{0,30}$", re.I)
ALLIES = re.compile(r"\b(?:allied|allies|affiliates|affiliated)\b", re.I)
PAY = re.compile(r"^\s*(?:a|per|each)\s+month\b", re.I)
OPERATIONS = re.compile(r"^\s*(?:[\w\-]+\s+){0,2}?(?:operations|attacks)\b", re.I)
CLASHES = re.compile(r"^\s*(?:[\w\-]+\s+){0,2}?clashes\b", re.I)
FUNDING = re.compile(r"\b(?:financ\w*|fund\w*|budget|revenue|income|earn\w*)\b", re.I)


def extract_claims(ctx: DocContext, parent_of_focus: set) -> list[Claim]:
    """parent_of_focus: spans of mentions that name the parent organisation of the document's main group."""
    sentences, document_id, text, reference = ctx.sentences, ctx.document_id, ctx.text, ctx.reference
    focus, cluster_of = ctx.focus_span, ctx.cluster_of
    out: list[Claim] = []
    for sentence in sentences:
        dates = sentence_dates(sentence.text, reference)
        who = attribution(sentence.text)
        for q in find_quantities(sentence.text):
            attribute, unit = _attribute(sentence.text, q)
            if attribute is None:
                continue
            subject, note = _subject(sentence, q, focus, parent_of_focus)
            if attribute == "clashes":
                subject, note = _clash_subject(sentence, subject, note, focus, cluster_of or {})
            as_of, precision = _as_of(dates, q, reference)
            quote_start, quote_end = sentence.start, sentence.end
            out.append(Claim(
                subject=subject, attribute=attribute, low=q.low, high=q.high,
                evidence=Evidence(document_id, quote_start, quote_end, text[quote_start:quote_end], EXTRACTOR, VERSION),
                unit=unit, as_of=as_of, as_of_precision=precision, attributed_to=who,
                hedge=q.qualifier or hedge(sentence.text), subject_note=note,
                confidence=0.7 if who else 0.6))
    return out


def _attribute(sentence: str, q: Quantity) -> tuple[str | None, str]:
    after = sentence[q.end:q.end + 60]
    before = sentence[max(0, q.start - 40):q.start]
    if q.currency or re.match(r"^\s*(?:dollars|USD)\b", after, re.I):
        if PAY.match(after) or PAY.match(re.sub(r"^\s*(?:dollars|USD)", "", after)):
            return "monthly_pay_usd", "USD per month"
        if FUNDING.search(sentence):
            return "funding_usd", "USD"
        return None, ""
    if _with_allies(sentence, q, before):
        return "fighters_incl_allies", "fighters"
    if CLASHES.match(after):
        return "clashes", "count"
    if OPERATIONS.match(after) and re.search(r"\b(?:reported|carried out|conducted|claimed)\b", sentence, re.I):
        return "operations", "count"
    if FIGHTERS.match(after) or re.match(r"^\s*⟦", after):
        clause = sentence[max(0, q.start - 70):q.end + 50]
        if KILL_BEFORE.search(before) or not STRENGTH_CUE.search(clause):
            return None, ""
        return "fighters", "fighters"
    if re.match(r"^\s*(?:members|fighters)\b", after, re.I):
        return "fighters", "fighters"
    return None, ""


def _with_allies(sentence: str, q: Quantity, before: str) -> bool:
    """'... which grows to 7,000-11,500 if we also consider the manpower of other allied regional actors'."""
    grows = re.search(r"\b(?:grows|rises|increases|swells|reaches|climbs)\s+to\s*$", before, re.I)
    tail = sentence[q.end:q.end + 100]
    allied = ALLIES.search(tail)
    return bool(grows or (allied and re.match(r"^\s*(?:if|when|including|with)\b", tail, re.I))) and bool(allied) \
        and not re.search(r"\d", tail[:allied.start()])


def _subject(sentence: SlottedSentence, q: Quantity, focus: Span | None, parent_of_focus: set):
    """The group nearest the figure, preferring one named before it; the document's main group otherwise."""
    position = sentence.start + q.start
    groups = sentence.slots_in(0, len(sentence.template), "G")
    before = [g for g in groups if g.end <= position and position - g.end < 140]
    after = [g for g in groups if g.start >= position + len(q.text) and g.start - position < 60]
    chosen = (after[:1] if after and re.match(r"^\s*⟦G", _template_after(sentence, q)) else []) or before[-1:] or after[:1]
    if not chosen:
        return focus, "no group named with the figure: the report's main group"
    ref = chosen[0].ref
    if ref in parent_of_focus and focus is not None:
        return focus, f"named '{chosen[0].text}', the parent organisation, in a report about its branch"
    return ref, ""


def _clash_subject(sentence: SlottedSentence, subject, note: str, focus, cluster_of: dict):
    """Clashes between two groups concern both; file them under the report's main group when it is one of them."""
    groups = sentence.slots_in(0, len(sentence.template), "G")
    if focus is not None and any(cluster_of.get(g.ref) == cluster_of.get(focus) for g in groups):
        others = [g.text for g in groups if cluster_of.get(g.ref) != cluster_of.get(focus)]
        return focus, ("clashes with " + ", ".join(others)) if others else note
    return subject, note


def _template_after(sentence: SlottedSentence, q: Quantity) -> str:
    """The slotted text right after a figure (to see whether a group name follows it directly)."""
    for i in range(len(sentence.template)):
        if sentence.doc_offset(i) >= sentence.start + q.end:
            return sentence.template[i:i + 8]
    return ""


def _as_of(dates, q: Quantity, reference: str | None):
    date = nearest_date(dates, q.start)
    if date is not None:
        return date.iso, date.precision
    if reference:
        return reference[:4], "year"
    return None, None
