"""Dates as reports write them, normalised to ISO prefixes with a precision.

"26th January 2015" -> ("2015-01-26", "day"); "August 2020" -> ("2020-08", "month");
"late 2014" -> ("2014", "approximate"); "March 8th" in a report of 2019-03-18 -> ("2019-03-08", "day");
"02/28/2016" -> ("2016-02-28", "day"). Expressions that need the report's own date ("on Friday",
"yesterday", "last month", "March 8th") are resolved against `reference` and dropped without one:
a year is never invented. dateparser guesses a day for month-only dates and gives up on fuzzy ones,
so this layer is our own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_QUAL = r"(?P<qual>(?:the\s+)?(?:late|early|mid|end\s+of|beginning\s+of|start\s+of|middle\s+of|spring\s+of|summer\s+of|autumn\s+of|fall\s+of|winter\s+of|first\s+half\s+of|second\s+half\s+of)\s*-?\s*)"

_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"

_PATTERNS = (
    ("numeric", re.compile(r"(?<![\d/.\-])(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.](?P<year>(?:19|20)\d\d)(?![\d/])")),
    ("day", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s*{_YEAR}\b", re.I)),
    ("day", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s*{_YEAR}\b", re.I)),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("month", re.compile(rf"\b(?:{_QUAL})?{_MONTH},?\s+(?:of\s+)?{_YEAR}\b", re.I)),
    ("day_noyear", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!,?\s*(?:19|20)\d\d)", re.I)),
    ("day_noyear", re.compile(rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\b(?!,?\s*(?:19|20)\d\d)", re.I)),
    ("year", re.compile(rf"\b{_QUAL}?{_YEAR}\b(?!\s*[-–]\s*\d)", re.I)),
    ("weekday", re.compile(rf"\b(?:(?P<which>last|this|next|early|late)\s+)?{_WEEKDAY}{_PART_OF_DAY}\b", re.I)),
    ("relative_day", re.compile(r"\b(?P<rel>yesterday|today|tonight|last\s+night|this\s+(?:morning|afternoon|evening)|"
                                r"(?:the\s+)?day\s+before\s+yesterday)\b", re.I)),
    ("days_ago", re.compile(r"\b(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+"
                            r"(?P<unit>days?|weeks?)\s+ago\b", re.I)),
    ("relative_month", re.compile(r"\b(?P<rel>last\s+month|earlier\s+this\s+month|this\s+month|last\s+year|"
                                  r"earlier\s+this\s+year|this\s+year|last\s+week|earlier\s+this\s+week|this\s+week)\b",
                                  re.I)),
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SMALL_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                  "nine": 9, "ten": 10}
RELATIVE_KINDS = frozenset({"weekday", "relative_day", "days_ago", "relative_month", "day_noyear"})

_SEASON_MONTHS = {"spring": "03", "summer": "06", "autumn": "09", "fall": "09", "winter": "12"}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    iso: str
    precision: str       # day, month, year, approximate
    qualifier: str = ""  # late, early, spring of, ...


def find_dates(text: str, reference: str | None = None) -> list[DateMention]:
    """Every date expression in a text, left to right, without overlaps; the most precise form wins."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            parsed = _from_match(kind, m, reference)
            if parsed is None:
                continue
            iso, precision, qualifier = parsed
            found.append(DateMention(m.start(), m.end(), m.group(0), iso, precision, qualifier))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def parse_date_phrase(phrase: str, reference: str | None = None) -> tuple[str, str] | None:
    """The first date in a phrase as (iso, precision), or None."""
    dates = find_dates(phrase, reference)
    return (dates[0].iso, dates[0].precision) if dates else None


def _from_match(kind: str, m: re.Match, reference: str | None):
    groups = m.groupdict()
    qualifier = re.sub(r"\s+", " ", (groups.get("qual") or "").strip().lower().replace("the ", "")).rstrip("- ")
    if kind == "iso":
        return _valid_day(int(m["year"]), int(m["month"]), int(m["day"]), "")
    if kind == "numeric":
        return _numeric_date(int(m["a"]), int(m["b"]), int(m["year"]))
    if kind in ("weekday", "relative_day", "days_ago", "relative_month"):
        return _relative(kind, m, reference)
    month = MONTHS.get((groups.get("month") or "").lower().rstrip("."))
    if kind == "day":
        if not month:
            return None
        return _valid_day(int(m["year"]), month, int(m["day"]), "")
    if kind == "month":
        if not month:
            return None
        if qualifier:
            return f"{m['year']}-{month:02d}", "approximate", qualifier
        return f"{m['year']}-{month:02d}", "month", ""
    if kind == "day_noyear":
        return _resolve_day_without_year(month, int(m["day"]), reference)
    if kind == "year":
        season = next((v for k, v in _SEASON_MONTHS.items() if qualifier.startswith(k)), None)
        if season:
            return f"{m['year']}", "approximate", qualifier
        return m["year"], ("approximate" if qualifier else "year"), qualifier
    return None


def _valid_day(year: int, month: int, day: int, qualifier: str):
    from datetime import date

    try:
        return date(year, month, day).isoformat(), "day", qualifier
    except ValueError:
        return None


def _numeric_date(a: int, b: int, year: int):
    """'02/28/2016' or '28.02.2016': the order that makes a real date; month first when both do (US style)."""
    if a > 12:
        return _valid_day(year, b, a, "numeric, day first")
    return _valid_day(year, a, b, "numeric, month first" if b <= 12 and a != b else "")


def _relative(kind: str, m: re.Match, reference: str | None):
    """Weekdays, 'yesterday', 'three days ago', 'last month': only against a day-precise reference date."""
    if not reference or len(reference) < 10:
        return None
    from datetime import date, timedelta

    ref = date.fromisoformat(reference[:10])
    if kind == "weekday":
        which = (m["which"] or "").lower()
        back = (ref.weekday() - _WEEKDAYS.index(m["weekday"].lower())) % 7
        if which == "next":
            return None
        if which == "last" and back == 0:
            back = 7
        return (ref - timedelta(days=back)).isoformat(), "day", f"relative to {reference[:10]}"
    if kind == "relative_day":
        rel = re.sub(r"\s+", " ", m["rel"].lower())
        back = 2 if "before" in rel else 1 if rel in ("yesterday", "last night") else 0
        return (ref - timedelta(days=back)).isoformat(), "day", f"relative to {reference[:10]}"
    if kind == "days_ago":
        n = int(m["n"]) if m["n"].isdigit() else _SMALL_NUMBERS[m["n"].lower()]
        days = n * (7 if m["unit"].lower().startswith("week") else 1)
        precision = "day" if m["unit"].lower().startswith("day") else "approximate"
        return (ref - timedelta(days=days)).isoformat(), precision, f"relative to {reference[:10]}"
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    if rel.endswith("week"):
        start = ref - timedelta(days=7 if rel.startswith("last") else 0)
        return start.isoformat()[:7], "approximate", rel
    if rel.endswith("year"):
        year = ref.year - 1 if rel.startswith("last") else ref.year
        return str(year), "year", ""
    month_start = ref.replace(day=1)
    if rel.startswith("last"):
        month_start = (month_start - timedelta(days=1)).replace(day=1)
    return month_start.isoformat()[:7], "month", ""


def _resolve_day_without_year(month: int | None, day: int, reference: str | None):
    """'March 8th' in a report: the latest such day on or before the report's date."""
    if not month or not 1 <= day <= 31 or not reference or len(reference) < 7:
        return None
    ref_year, ref_month = int(reference[:4]), int(reference[5:7])
    ref_day = int(reference[8:10]) if len(reference) >= 10 else 31
    year = ref_year if (month, day) <= (ref_month, ref_day) else ref_year - 1
    return _valid_day(year, month, day, "")


def add_days(iso: str, days: int) -> str:
    """An ISO day shifted by whole days."""
    from datetime import date, timedelta

    y, m, d = (int(x) for x in iso[:10].split("-"))
    return (date(y, m, d) + timedelta(days=days)).isoformat()


def overlaps(a: str | None, b: str | None) -> bool:
    """Two ISO prefixes can denote the same time: one is a prefix of the other."""
    if not a or not b:
        return True
    return a.startswith(b) or b.startswith(a)

