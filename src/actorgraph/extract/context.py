"""What a sentence says around a fact: its dates, its hedges and who it attributes the fact to."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from .. import settings
from ..dates import DateMention, add_days, find_dates

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


def sentence_dates(text: str, reference: str | None) -> list[DateMention]:
    """Explicit and anchored dates in a sentence, left to right."""
    explicit = find_dates(text, reference)
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
_DENIED = re.compile(r"\b(?:denie[sd]|deny|denying|never|not|no longer|neither|nor)\b", re.I)
_ALLEGED = re.compile(
    r"\b(?:believed?|believes|allegedly|alleged|suspected|reportedly|is said to|are said to|apparently|possibly|"
    r"probably|likely|may|might|could|suggest(?:s|ed)?|claim(?:s|ed)?|thought to|presumably|supposed(?:ly)?)\b", re.I)
_REPORTED = re.compile(r"\b(?:according to|reported|reports?|said|says|told|stated|estimates?|estimated|as\s+[A-Z][\w\-]+\s+reported)\b", re.I)


_REJECTED_PLEA = re.compile(r"\brejected\s+(?:the\s+)?(?:[\w’']+\s+){0,3}?(?:plea|call|request|offer|demand|proposal)", re.I)


def modality(sentence: str, trigger_start: int | None = None, trigger_end: int | None = None) -> str:
    """asserted, reported ('according to'), alleged ('believed', 'is said to') or denied (a negated trigger)."""
    if trigger_start is not None:
        window = sentence[max(0, trigger_start - 15):(trigger_end or trigger_start + 30)]
        if _DENIED.search(window) or _REJECTED_PLEA.search(sentence[:trigger_start]):
            return "denied"
    if _ALLEGED.search(sentence):
        return "alleged"
    if _REPORTED.search(sentence):
        return "reported"
    return "asserted"


_ATTRIBUTION = (
    re.compile(r"\baccording to (?:the )?(?P<who>[^,.;]{3,90}?)(?=,|\.|;| there| they| the | ISKP| ISIS)", re.I),
    re.compile(r"\b[Aa]s (?P<who>[A-Z][\w\-\s]{1,40}?) (?:reported|noted|said|estimated)\b"),
    re.compile(r"\bin (?:its|their|the) [^,.;]{0,40}?(?:issue|edition)s?,? (?:of )?(?:the )?(?P<who>[A-Z][\w’'\s\-]{2,40}?),"),
    re.compile(r"\b(?P<who>(?:[A-Z][\w\-]+\s){0,4}(?:officials?|experts?|analysts?|government|ministry|report|estimates?|sources?|UN|ACLED))\s+(?:said|say|says|estimated|estimate|believe|reported|suggest|claimed|warned)\b"),
    re.compile(r"\b(?P<who>Many experts|Some experts|Experts|Estimates|Officials|U\.?S\.? intelligence officials)\b"),
)


def attribution(sentence: str) -> str | None:
    """Who the sentence says asserted the fact: 'the former Ashraf Ghani-led Afghan government', 'ACLED'."""
    for pattern in _ATTRIBUTION:
        m = pattern.search(sentence)
        if m:
            return m.group("who").strip()
    return None


def hedge(sentence: str) -> str | None:
    """The reporting verb or hedge word that frames a figure."""
    m = re.search(r"\b(?:according to|estimates?|estimated|reported|believed?|suggests?|roughly|about|around|"
                  r"approximately|nearly|at least|more than|up to|some|could be|as many as)\b", sentence, re.I)
    return m.group(0).lower() if m else None
