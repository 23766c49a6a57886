"""Keys under which spellings of one place name compare equal.

`name_key` folds case, accents, punctuation, spacing and the Persian/Pashto linking vowel
('Pul-e Alam', 'Pul e Alam', 'Pulealam' -> 'pulalam'). `sound_keys` also fold transliteration
habits ('Khowst' = 'Khost', 'Vardak' = 'Wardak', 'Puli Alam' = 'Pul-e Alam', 'Deir ez-Zor' = 'Deir al-Zor').
A sound-key match is weaker evidence than a name-key match and ranks below it.
"""

from __future__ import annotations

import re
import unicodedata

from ..names import fold

# How package admin names carry their unit: 'Province of Maguindanao', 'Muhafazat Kirkuk', 'Khost Province'.
_ADMIN_BEFORE = re.compile(
    r"^(?:(?:province|provincia|departement|département|region|région|sous-region|sous region|state|district|"
    r"commune|municipality|city|mayorality|wilayat|ostan|muhafazat|muḩāfaz̧at)(?:\s+|-)"
    r"(?:of\s+(?:the\s+)?|de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+|d'|del\s+|e\s+|-e\s+)?)", re.I)
_ADMIN_AFTER = re.compile(r"\s+(?:governorate|province|region|state|district|department|division|county|"
                          r"municipality|oblast|prefecture|territory)$", re.I)
KIND_WORDS = {"province": "province", "provincia": "province", "state": "province", "region": "province",
              "governorate": "province"}


def admin_base(name: str) -> tuple[str, str | None]:
    """A package admin name without its unit words, and the kind those words give ('Province of X')."""
    before = _ADMIN_BEFORE.match(name)
    after = _ADMIN_AFTER.search(name)
    word = (before.group(0) if before else after.group(0) if after else "").strip().split()
    kind = KIND_WORDS.get(word[0].lower()) if word else None
    base = name[before.end():] if before else name[:after.start()] if after else name
    return (base.strip() or name), kind


LINKING_WORDS = frozenset({"e", "i", "ye", "yi"})          # ezafe: Pul-e Alam, Nawa-i-Barakzayi
ARTICLES = frozenset({"al", "el", "ul", "ad", "ed", "as", "es", "ash", "esh", "ar", "er", "at", "et", "az", "ez",
                      "an", "en", "de", "la", "le", "du", "des", "da", "do", "di", "ya"})

# Transliteration habits, applied in order to the joined name key. Each pair is one habit.
SOUND_RULES: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"tch", "ch"),                    # Tchintabaraden / Chintabaraden
    (r"dj", "j"),                      # Djibo / Jibo
    (r"ph", "f"),
    (r"(?<=[bcdfgjklmnpqrstvwxz])h", ""),  # Dhusamareb / Dusamareb, Ghor / Gor, Khost / Kost
    (r"[ao]w(?=[^aeiouy]|$)", "o"),   # Khowst / Khost, Jawzjan / Jozjan, Lowgar / Logar
    (r"ou", "u"),                      # Tombouctou / Tombuctu
    (r"v", "w"),                       # Vardak / Wardak, Parvan / Parwan
    (r"q", "k"),                       # Qandahar / Kandahar
    (r"y", "i"),                       # Daykundi / Daikundi, Paktya / Paktia
    (r"ai", "i"),                      # Maidan / Maydan, Dayr / Deir
    (r"e", "i"),                       # Herat / Hirat, Mehtarlam / Mihtarlam
    (r"o", "u"),                       # Zabol / Zabul, Konar / Kunar
    (r"(.)\1+", r"\1"),                # Hassas / Hasas
))


def plain(name: str) -> str:
    """The name without diacritics, as written otherwise: 'Jalālābād' -> 'Jalalabad'."""
    decomposed = unicodedata.normalize("NFKD", name)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def name_words(name: str) -> list[str]:
    """Folded words of a name without the linking vowel."""
    return [w for w in fold(name).split() if w not in LINKING_WORDS]


def name_key(name: str) -> str:
    """Case, accents, punctuation, spacing and linking vowels folded: 'Bati Kot' == 'Batikot'."""
    return "".join(name_words(name))


def sound_keys(name: str) -> set[str]:
    """`name_key` with articles and transliteration habits folded; with and without a word-final linking 'i'
    ('Puli Alam' = 'Pul-e Alam', while 'Bati Kot' = 'Batikot')."""
    words = name_words(name)
    if len(words) > 1:
        words = [w for w in words[:-1] if w not in ARTICLES] + words[-1:]
    keys = {_sounds("".join(words))}
    if len(words) > 1:
        keys.add(_sounds("".join([w[:-1] if w.endswith("i") and len(w) > 3 else w for w in words[:-1]] + words[-1:])))
    return keys


def _sounds(key: str) -> str:
    for pattern, replacement in SOUND_RULES:
        key = pattern.sub(replacement, key)
    return key


def slug(name: str) -> str:
    """A stable key part: 'Dasht-e Archi' -> 'dasht-e-archi'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:60] or "unnamed"


def index_keys(name: str) -> list[str]:
    """The keys a name is indexed under: its name key, and '~' + each sound key."""
    return [k for k in [name_key(name)] + ["~" + s for s in sound_keys(name)] if len(k.lstrip("~")) >= 2]
