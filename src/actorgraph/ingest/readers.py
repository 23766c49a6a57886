"""Read one source file into a Document: decode, extract main text, clean, find metadata."""

from __future__ import annotations

import hashlib
import io
import logging
import os
from pathlib import Path

from .. import settings
from ..errors import BadInput
from ..models import Document
from .clean import clean
from .decode import decode
from .metadata import find_metadata

FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
           ".xhtml": "html", ".pdf": "pdf"}


def display_path(path) -> str:
    """A file name safe to print and to store: undecodable bytes as \\xNN, control characters escaped.

    A hostile name must not break a report line or send escape sequences to the user's terminal.
    """
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def read_document(path: Path) -> Document:
    """A cleaned Document from one file; BadInput (naming the file) when it is not a usable report."""
    name = display_path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise BadInput(f"{name}: unsupported file type {display_path(path.suffix) or '(none)'}; use .txt, .md, .html or .pdf.")
    try:
        size = path.stat().st_size
        limit = settings.get_int("ACTORGRAPH_MAX_BYTES")
        if size > limit:
            raise BadInput(f"{name}: {size:,} bytes is over the {limit:,}-byte limit; split the file or raise "
                           "ACTORGRAPH_MAX_BYTES.")
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"{name}: cannot read the file ({exc.strerror or exc}).") from exc
    return read_bytes(data, name, fmt)


def read_bytes(data: bytes, name: str, fmt: str) -> Document:
    """A cleaned Document from the bytes of a report in a known format (txt, md, html, pdf); `name` is
    where they came from (a path or a URL), kept as the document's path."""
    text, page_meta = _TEXT_OF[fmt](data, name)
    cleaned = clean(text)
    if len(cleaned.strip()) < 20:
        raise BadInput(f"{name}: no report text left after cleaning ({len(cleaned.strip())} characters).")
    sha = hashlib.sha256(cleaned.encode("utf-8")).hexdigest()
    return Document(id=sha[:16], sha256=sha, path=name, format=fmt, text=cleaned,
                    meta=find_metadata(cleaned, page_meta))


def _plain(data: bytes, name: str) -> tuple[str, dict]:
    return decode(data, name)[0], {}


def _markdown(data: bytes, name: str) -> tuple[str, dict]:
    """Markdown read as text, with heading marks, emphasis and link targets removed."""
    import re

    text = decode(data, name)[0]
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"^\s*[-*+]\s+", "- ", text, flags=re.M)
    text = re.sub(r"^\s*>\s?", "", text, flags=re.M)
    return text, {}


def _html(data: bytes, name: str) -> tuple[str, dict]:
    """The main text of a web page (trafilatura) and the page's own metadata."""
    import trafilatura

    html = decode(data, name)[0]
    try:
        # no deduplication: trafilatura's cache spans calls, so a second page sharing a paragraph with an
        # earlier one (a syndicated wire story) would lose it
        body = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True,
                                   deduplicate=False)
        meta = trafilatura.extract_metadata(html)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise BadInput(f"{name}: cannot parse the HTML ({type(exc).__name__}: {exc}).") from exc
    if not body:
        raise BadInput(f"{name}: no main text found in the HTML page.")
    page = {}
    if meta is not None:
        page = {"title": meta.title, "author": meta.author, "outlet": meta.sitename, "published": meta.date}
    return body, page


def _pdf(data: bytes, name: str) -> tuple[str, dict]:
    """Page texts joined by blank lines; encrypted, broken and oversized PDFs are BadInput."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    limit = settings.get_int("ACTORGRAPH_MAX_BYTES")
    logging.getLogger("pypdf").setLevel(logging.ERROR)   # a broken file is reported once, by name, below
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):   # many 'protected' reports open with no password
            raise BadInput(f"{name}: the PDF is encrypted with a password. Save an unprotected copy first.")
        pages, size = [], 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            size += len(pages[-1])
            if size > limit:
                raise BadInput(f"{name}: the PDF holds more than {limit:,} characters of text (a decompression "
                               "bomb?); split it or raise ACTORGRAPH_MAX_BYTES.")
        info = reader.metadata or {}
    except DependencyError as exc:
        raise BadInput(f"{name}: the PDF is encrypted in a way this installation cannot open ({exc}). "
                       "Run: pip install cryptography, or save an unprotected copy.") from exc
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError, ZeroDivisionError,
            AttributeError, IndexError) as exc:
        raise BadInput(f"{name}: cannot parse the PDF ({type(exc).__name__}: {exc}). Re-export it or convert it "
                       "to text.") from exc
    text = "\n\n".join(pages)
    if not text.strip():
        raise BadInput(f"{name}: the PDF has no extractable text (a scan?). Run OCR on it first.")
    page = {"title": info.get("/Title"), "author": info.get("/Author")}
    return text, {k: str(v) for k, v in page.items() if v}


_TEXT_OF = {"txt": _plain, "md": _markdown, "html": _html, "pdf": _pdf}
