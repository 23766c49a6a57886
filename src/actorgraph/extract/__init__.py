"""Extract: a spaCy Doc of a cleaned report into mentions, relations, events and claims."""

from __future__ import annotations

from spacy.tokens import Doc

from ..models import Document, Extraction
from .mentions import abbreviation_mentions, find_abbreviations, find_mentions

EXTRACTOR_VERSION = "actorgraph-extract.1"


def extract(doc: Doc, document: Document) -> Extraction:
    """Everything actorgraph extracts from one document, each fact with its evidence."""
    mentions = find_mentions(doc)
    abbreviations = find_abbreviations(doc)
    mentions = sorted(mentions + abbreviation_mentions(doc, abbreviations, mentions), key=lambda m: m.start)
    return Extraction(mentions=tuple(mentions), abbreviations=tuple(abbreviations))
