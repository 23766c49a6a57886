"""Strip scraped-page noise from report text.

Cleaning only deletes (whole lines, blocks, glued boilerplate words) and normalises
whitespace, so every stretch of cleaned text between two paragraph breaks stands verbatim
in the original: quotes taken within a paragraph can always be checked against the source.
"""

from __future__ import annotations

import re
import unicodedata

# Boilerplate glued into a sentence by the scraper ("province.ADVERTISEMENT").
_GLUED = re.compile(r"(?<=[\.\!\?\"”’a-z0-9])\s*(?:ADVERTISEMENT|Advertisement|SPONSORED|Sponsored Content)\b")

# Whole lines that are page furniture, never report text.
_NOISE_LINE = re.compile(
    r"""^(?:
        [-–•*+]?\s*(?:share\ this(?:\ post|\ article)?|share|tweet|email|print|facebook|twitter|linkedin|pinterest
                     |whatsapp|telegram|reddit|copy\ link)\s*:?
      | (?:leave\ a\ (?:reply|comment)|post\ a\ comment|comments?|\d+\ comments?)
      | your\ email\ address\ will\ not\ be\ published.*
      | (?:similar|related)\ (?:posts|stories|articles|news)
      | (?:latest|recent|trending|popular|more)\ (?:news|stories|posts|articles)
      | subscribe(?:\ to)?(?:\ our)?\ newsletter.*
      | sign\ up\ (?:for\ )?our\ newsletter.*
      | read\ more\s*:.*
      | (?:also\ )?read\s*:.*
      | [-–•]?\s*never\ miss\ a\ story.*
      | [-–•]?\s*gain\ full\ access.*
      | [-–•]?\s*browse\ free\ from.*
      | \+\ posts
      | advertisement
      | skip\ to\ (?:content|main\ content)
      | home\ ?(?:»|>|/|›).*
      | -?\d{1,2}(?:\.\d)?\s*°?\s*[cf]
      | (?:all\ rights\ reserved|©|copyright).{0,80}
      | (?:tags|filed\ under|categories)\s*:.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# Headings that open a block of teasers (titles and truncated snippets) to drop.
_TEASER_BLOCK = re.compile(r"^(?:related|similar|recommended|more)\ (?:stories|posts|articles|news|reading)\s*:?$", re.I)

# Headings after which the rest is page footer when no real paragraph follows.
_FOOTER = re.compile(
    r"^(?:share\ this(?:\ post|\ article)?|leave\ a\ (?:reply|comment)|similar\ posts|latest\ (?:news|stories)"
    r"|[-–•]?\s*never\ miss\ a\ story.*|subscribe.*|related\ (?:posts|stories))\s*:?$", re.I | re.X)

# A bibliography at the end: sources of the report, not claims of it.
_BIBLIOGRAPHY = re.compile(r"^(?:bibliography|references|works\ cited|sources|endnotes|notes)\s*:?$", re.I | re.X)

# A site navigation crumb glued together: "HomeCentral AsiaIslamic State...".
_CRUMB = re.compile(r"^Home(?=[A-Z])")


def normalise(text: str) -> str:
    """Unicode NFC, unified newlines, no control characters, no trailing spaces."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C" or ch == "\u00ad")
    text = text.replace("\u00ad", "").replace("\t", " ").replace("\u00a0", " ")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def clean(text: str) -> str:
    """Remove navigation, teaser blocks, share and comment boxes, footers and glued adverts."""
    text = _GLUED.sub("\n\n", normalise(text))
    lines = [line.strip() for line in text.split("\n")]
    lines = _drop_teaser_blocks(lines)
    lines = _drop_footer(lines)
    lines = _drop_bibliography(lines)
    kept = [line for line in lines if not _is_noise(line)]
    return _join_paragraphs(kept)


def _is_noise(line: str) -> bool:
    return bool(line) and (bool(_NOISE_LINE.match(line)) or bool(_CRUMB.match(line)))


def _is_teaser(line: str) -> bool:
    """A related-story title or a snippet cut off with an ellipsis."""
    if line.endswith(("...", "…")):
        return True
    return len(line) < 110 and not line.endswith((".", "!", "?", ":", '"', "”"))


def _drop_teaser_blocks(lines: list[str]) -> list[str]:
    out, skipping = [], False
    for line in lines:
        if _TEASER_BLOCK.match(line):
            skipping = True
            continue
        if skipping and (not line or _is_teaser(line)):
            continue
        skipping = False
        out.append(line)
    return out


def _is_paragraph(line: str) -> bool:
    return len(line) >= 200 and line.rstrip().endswith((".", "!", "?", '"', "”", ")"))


def _drop_footer(lines: list[str]) -> list[str]:
    """Cut at the first footer heading that no real paragraph follows."""
    last_paragraph = max((i for i, line in enumerate(lines) if _is_paragraph(line)), default=-1)
    for i in range(last_paragraph + 1, len(lines)):
        if _FOOTER.match(lines[i]):
            return lines[:i]
    return lines


def _drop_bibliography(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        if _BIBLIOGRAPHY.match(line) and i > len(lines) // 2:
            return lines[:i]
    return lines


def _join_paragraphs(lines: list[str]) -> str:
    """One blank line between paragraphs, single spaces inside them."""
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(re.sub(r"[ ]{2,}", " ", line))
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return "\n\n".join(paragraphs).strip() + "\n"
