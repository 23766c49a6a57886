"""Name folding: the keys under which spelling variants of one name compare equal."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = re.compile(r"[’'`‘ʼʻ\u2019\u02bf\u02be]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LEADING_ARTICLE = re.compile(r"^(the)\s+")

# Transliteration families seen across English-language reporting on the region.
# Applied to folded names only, as whole-word or infix rewrites, in this order.
_VARIANTS: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(p), r) for p, r in (
        (r"\bqaida\b", "qaeda"),
        (r"\bqa ida\b", "qaeda"),
        (r"\bqaidah\b", "qaeda"),
        (r"taleban", "taliban"),
        (r"khurasan", "khorasan"),
        (r"\btehreek\b", "tehrik"),
        (r"\btahrik\b", "tehrik"),
        (r"\btahreek\b", "tehrik"),
        (r"\bjabhat al nusrah\b", "jabhat al nusra"),
        (r"\bshabab al muhajir\b", "shahab al muhajir"),
        (r"\bmohammed\b", "muhammad"),
        (r"\bmohammad\b", "muhammad"),
        (r"\bmohamed\b", "muhammad"),
        (r"\bosama\b", "usama"),
        (r"\bumar\b", "omar"),
        (r"\bmulla\b", "mullah"),
        (r"\bjaish\b", "jaysh"),
        (r"\bjaish e\b", "jaysh e"),
        (r"\blashkar i\b", "lashkar e"),
        (r"\b(\w+) (ul|ud|ut|ur)\b", r"\1\2"),    # 'Jamaat-ul-Ahrar' is 'Jamaatul Ahrar'
    )
)


def fold(name: str | None) -> str:
    """Case, accents, quotes, punctuation and a leading 'the' folded away."""
    s = unicodedata.normalize("NFKD", name or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = _QUOTES.sub("", s)
    s = _LEADING_ARTICLE.sub("", s)
    return _NON_ALNUM.sub(" ", s).strip()


def variant_key(name: str | None) -> str:
    """A folded name with known transliteration variants mapped onto one spelling."""
    s = fold(name)
    for pattern, replacement in _VARIANTS:
        s = pattern.sub(replacement, s)
    return s




def is_acronym(name: str) -> bool:
    """ISKP, IS-K, ISIS-K, TTP, LeT: short, mostly capitals, no spaces."""
    bare = name.replace("-", "").replace(".", "")
    if not bare or " " in name or len(bare) > 8:
        return False
    capitals = sum(c.isupper() for c in bare)
    return capitals >= 2 and capitals >= len(bare) - 2
