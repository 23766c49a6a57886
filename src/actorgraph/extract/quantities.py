"""Numbers as reports write them: '2,000-4,000', 'between 2,500 and 8,500', 'about 1,000', '$700', 'dozens'.

Vague quantities become ranges under one documented rule (docs/claims.md):
a dozen = 12; dozens = 24–99; scores = 40–99; hundreds = 200–999; several hundred = 300–900;
thousands = 2,000–9,999; several thousand = 3,000–9,000; a few = 2–4; several = 3–9;
a thousand = 1,000; a handful = 3–6. "up to N" = 0–N is kept as N–N with the hedge "up to".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VAGUE: dict[str, tuple[int, int]] = {
    "a dozen": (12, 12), "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999),
    "several hundred": (300, 900), "a few hundred": (200, 400), "thousands": (2000, 9999),
    "several thousand": (3000, 9000), "a few thousand": (2000, 4000), "tens of thousands": (20000, 99999),
    "a few": (2, 4), "several": (3, 9), "a thousand": (1000, 1000), "a hundred": (100, 100), "a handful": (3, 6),
}
_UNITS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen").split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
WORDS = {w: i + 1 for i, w in enumerate(_UNITS)} | _TENS | {"hundred": 100} | {
    f"{t}-{u}": v + i + 1 for t, v in _TENS.items() for i, u in enumerate(_UNITS[:9])}
SCALE = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}

_NUM = r"(?:\d{1,3}(?:[,\s]\d{3})+|\d+(?:\.\d+)?)(?:\s*(?:thousand|million|billion|bn|k|m)\b)?"
_WORD_NUM = r"(?:" + "|".join(sorted(WORDS, key=len, reverse=True)) + r")"
_VAGUE = r"(?:" + "|".join(re.escape(v) for v in sorted(VAGUE, key=len, reverse=True)) + r")"
_QUAL = r"(?P<qual>more than|over|at least|up to|as many as|about|around|roughly|approximately|nearly|almost|some|an estimated|estimated|close to|fewer than|less than|under)?\s*"
_CURRENCY = r"(?P<cur{n}>\$|US\$|USD\s?|€|£)?"

QUANTITY = re.compile(
    r"(?:between\s+" + _CURRENCY.format(n=1) + r"(?P<a>" + _NUM + r")\s+and\s+\$?(?P<b>" + _NUM + r"))"
    r"|(?:from\s+" + _CURRENCY.format(n=2) + r"(?P<c>" + _NUM + r")\s+to\s+\$?(?P<d>" + _NUM + r"))"
    r"|(?:" + _QUAL + _CURRENCY.format(n=3) + r"(?P<lo>" + _NUM + r")(?:\s*(?:-|–|—|to)\s*\$?(?P<hi>" + _NUM + r"))?)"
    r"|(?:\b(?P<qual2>more than|at least|about|some|nearly)?\s*\b(?P<word>" + _WORD_NUM + r"))\b"
    r"|(?:\b(?P<vague>" + _VAGUE + r"))\b",
    re.I)


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str
    low: float
    high: float
    qualifier: str = ""
    currency: str = ""
    vague: bool = False


def parse_number(text: str) -> float | None:
    text = text.strip().lower()
    m = re.match(r"^([\d.,\s]+?)\s*(thousand|million|billion|bn|k|m)?$", text)
    if not m:
        return WORDS.get(text)
    digits = re.sub(r"[,\s]", "", m.group(1))
    try:
        value = float(digits)
    except ValueError:
        return None
    return value * SCALE.get(m.group(2) or "", 1)


def find_quantities(text: str) -> list[Quantity]:
    """Every number, range and vague quantity in a text, left to right; years are left out."""
    out = []
    for m in QUANTITY.finditer(text):
        q = _quantity(m)
        if q is not None and not _is_year_or_date(text, m, q):
            out.append(q)
    return out


def _quantity(m: re.Match) -> Quantity | None:
    g = m.groupdict()
    currency = (g.get("cur1") or g.get("cur2") or g.get("cur3") or "").strip()
    if g.get("a") or g.get("c"):
        low, high = parse_number(g.get("a") or g.get("c")), parse_number(g.get("b") or g.get("d"))
        qual = "between"
    elif g.get("lo"):
        if g.get("hi") and _year_like(g["lo"]) and not _year_like(g["hi"]):
            return _quantity_of_group(m, "hi")   # 'from 5,000 in 2016 to 3,000': a year, then a figure
        low = parse_number(g["lo"])
        high = parse_number(g["hi"]) if g.get("hi") else low
        qual = (g.get("qual") or "").lower()
    elif g.get("word"):
        low = high = WORDS.get(g["word"].lower())
        qual = (g.get("qual2") or "").lower()
    elif g.get("vague"):
        low, high = VAGUE[g["vague"].lower()]
        return Quantity(m.start("vague"), m.end("vague"), m.group("vague"), low, high, "", "", True)
    else:
        return None
    if low is None or high is None:
        return None
    if high < low and high * 1000 >= low:
        high, low = max(low, high), min(low, high)
    low_text, high_text = (g.get("a") or g.get("c") or g.get("lo") or ""), (g.get("b") or g.get("d") or g.get("hi") or "")
    if re.fullmatch(r"\d{1,2}", low_text.strip()) and re.search(r"[,\s]000$", high_text.strip()) and low * 1000 <= high:
        low *= 1000   # "3-5,000" means 3,000-5,000
    scale = _scale_of(high_text)
    if scale > 1 and _scale_of(low_text) == 1 and low * scale <= high:
        low *= scale   # "$70-$100 million" and "between 5 and 10 million" share the high figure's scale
    text = m.group(0).strip()
    start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
    return Quantity(start, start + len(text), text, low, high, qual, currency)


def _year_like(number: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", number.strip()))


def _quantity_of_group(m: re.Match, name: str) -> Quantity | None:
    value = parse_number(m.group(name))
    if value is None:
        return None
    return Quantity(m.start(name), m.end(name), m.group(name), value, value)


def _scale_of(number: str | None) -> float:
    m = re.search(r"(thousand|million|billion|bn|k|m)\s*$", (number or "").strip().lower())
    return SCALE[m.group(1)] if m else 1


def _is_year_or_date(text: str, m: re.Match, q: Quantity) -> bool:
    if q.currency or q.vague:
        return False
    if q.low == q.high and 1900 <= q.low <= 2100 and "," not in q.text and " " not in q.text.strip():
        return True
    before = text[max(0, m.start() - 12):m.start()].lower()
    after = text[m.end():m.end() + 6].lower()
    if re.search(r"(?:january|february|march|april|may|june|july|august|september|october|november|december|issue|no\.)\s*$", before):
        return True
    return bool(re.match(r"(?:st|nd|rd|th)\b", after))
