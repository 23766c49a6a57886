"""Extract: a spaCy Doc of a cleaned report into mentions, relations, events and claims."""

from __future__ import annotations

from spacy.tokens import Doc

from ..models import Document, Extraction
from .mentions import abbreviation_mentions, find_abbreviations, find_mentions, long_form_mentions
from .registry import registry_key_of

EXTRACTOR_VERSION = "actorgraph-extract.1"


def extract(doc: Doc, document: Document) -> Extraction:
    """Everything actorgraph extracts from one document, each fact with its evidence."""
    abbreviations = find_abbreviations(doc)
    mentions = long_form_mentions(doc, abbreviations, find_mentions(doc), registry_key_of)
    mentions = sorted(mentions + abbreviation_mentions(doc, abbreviations, mentions), key=lambda m: m.start)
    return Extraction(mentions=tuple(mentions), abbreviations=tuple(abbreviations))
