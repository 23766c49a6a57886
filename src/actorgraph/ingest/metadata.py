"""Document metadata (title, author, outlet, publication date), each with where it was found."""

from __future__ import annotations

import re

from ..models import MetaField
from ..dates import parse_date_phrase

_AUTHOR = re.compile(r"^(?:By|Author|Written by|Words by)\s*:?\s+(?P<value>[A-Z][\w.'’\- ]{2,60})$", re.M)
_OUTLET = re.compile(r"^(?:Source|Originally published (?:in|by)|Publisher|Outlet)\s*:\s*(?P<value>[^\n]{2,80})$", re.M | re.I)
_PUBLISHED = re.compile(
    r"(?:originally published on|first published on|published on|published|posted on|date)\s*:?\s*"
    r"(?P<value>(?:\d{1,2}(?:st|nd|rd|th)?\s+)?[A-Z][a-z]+\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?\d{4}|\d{4}-\d{2}-\d{2})",
    re.I)
_DATELINE = re.compile(
    r"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?P<value>[A-Z][a-z]+\s+\d{1,2},\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\s+\d{4})$",
    re.M)
_NAME_LINE = re.compile(r"^[A-Z][a-z]+(?:\s+[A-Z][a-z.]+){1,3}$")


def find_metadata(text: str, page: dict | None = None) -> tuple[MetaField, ...]:
    """Metadata from the page's own tags first, then from lines of the cleaned text."""
    found: dict[str, MetaField] = {}
    for name, value in (page or {}).items():
        if value:
            found[name] = MetaField(name, str(value).strip(), f"html:{name}")
    title = _title(text)
    if title and "title" not in found:
        found["title"] = title
    for name, finder in (("author", _author), ("outlet", _regex_field(_OUTLET, "outlet", "text:source line")),
                         ("published", _published)):
        if name not in found:
            value = finder(text, found.get("title"))
            if value:
                found[name] = value
    if "published" in found and found["published"].source.startswith("html"):
        parsed = parse_date_phrase(found["published"].value)
        if parsed:
            found["published"] = MetaField("published", parsed[0], found["published"].source)
    return tuple(found[k] for k in ("title", "author", "outlet", "published") if k in found)


def _title(text: str) -> MetaField | None:
    """The first short line that does not end like a sentence."""
    offset = 0
    for line in text.split("\n")[:8]:
        stripped = line.strip()
        if stripped and 8 <= len(stripped) <= 160 and not stripped.endswith((".", ",", ";")) and not _DATELINE.match(stripped):
            start = text.index(stripped, offset)
            return MetaField("title", stripped, "text:first heading line", start, start + len(stripped))
        offset += len(line) + 1
    return None


def _author(text: str, title: MetaField | None) -> MetaField | None:
    match = _AUTHOR.search(text)
    if match:
        return _field(match, "author", "text:byline")
    if title is not None and title.end is not None:
        # A bare name on the line right after the title is a byline.
        after = text[title.end:].lstrip("\n")
        first = after.split("\n", 1)[0].strip()
        if _NAME_LINE.match(first) and len(first) <= 40:
            start = text.index(first, title.end)
            return MetaField("author", first, "text:name line under the title", start, start + len(first))
    return None


def _published(text: str, _title=None) -> MetaField | None:
    for pattern, source in ((_PUBLISHED, "text:publication line"), (_DATELINE, "text:page dateline")):
        for match in pattern.finditer(text):
            parsed = parse_date_phrase(match.group("value"))
            if parsed and parsed[1] in ("day", "month"):
                return MetaField("published", parsed[0], source, match.start("value"), match.end("value"))
    return None


def _regex_field(pattern: re.Pattern, name: str, source: str):
    def finder(text: str, _title=None) -> MetaField | None:
        match = pattern.search(text)
        return _field(match, name, source) if match else None
    return finder


def _field(match: re.Match, name: str, source: str) -> MetaField:
    value = match.group("value").strip().rstrip(".")
    start = match.start("value")
    return MetaField(name, value, source, start, start + len(value))
