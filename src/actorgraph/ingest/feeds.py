"""RSS and Atom feeds (feedparser): the items a feed lists, each with the address of its page."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import feedparser

from ..errors import BadInput
from .readers import FORMATS


@dataclass(frozen=True)
class FeedItem:
    key: str                  # the entry's id (guid), else its link: how a later poll knows it was seen
    link: str                 # the page to fetch and read as a report
    title: str | None = None
    published: str | None = None


def parse_feed(data: bytes, url: str) -> list[FeedItem]:
    """The items of a feed's bytes (never fetched by feedparser itself); links resolved against the feed URL."""
    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise BadInput(f"{url}: not an RSS or Atom feed ({parsed.get('bozo_exception')}).")
    items = []
    for entry in parsed.entries:
        link = urljoin(url, entry.get("link") or "")
        if urlsplit(link).scheme not in ("http", "https"):
            continue
        items.append(FeedItem(entry.get("id") or link, link, entry.get("title"), entry.get("published")))
    return items


def page_format(content_type: str, url: str) -> str:
    """How to read a fetched page: by its Content-Type, else by the URL's suffix, else as HTML."""
    media = content_type.split(";")[0].strip().lower()
    by_type = {"application/pdf": "pdf", "text/plain": "txt", "text/markdown": "md", "text/html": "html",
               "application/xhtml+xml": "html"}
    if media in by_type:
        return by_type[media]
    path = urlsplit(url).path.lower()
    return next((fmt for suffix, fmt in FORMATS.items() if path.endswith(suffix)), "html")
