"""One object per document that every extractor reads: text, parse, mentions, sentences, reference date, main group."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..models import Document, Mention, Span
from .clusters import Cluster
from .context import sentence_dates
from .slots import SlottedSentence


@dataclass
class DocContext:
    document: Document
    doc: Doc                              # the spaCy parse of document.text
    text: str                             # doc.text, computed once (spaCy rebuilds it on every access)
    reference: str | None                 # the date the report speaks from (ISO prefix)
    reference_source: str                 # "published", "dateline", "latest date in the text", ""
    clusters: list[Cluster]
    mentions: list[Mention]               # every clustered mention, in text order
    corefs: list[tuple[Span, Span]]       # (anaphor span, antecedent mention span)
    sentences: list[SlottedSentence]
    focus: Cluster | None = None          # the document's main group
    cluster_of: dict[Span, int] = field(default_factory=dict)   # mention span -> index into clusters
    role_mentions: list[Mention] = field(default_factory=list)  # names found by the role they play ('X claimed the attack')
    chains: list = field(default_factory=list)                   # places.PlaceChain: place phrases resolved in the gazetteer
    _dates: dict[str, list] = field(default_factory=dict, repr=False)

    def dates_in(self, sentence: str) -> list:
        """context.sentence_dates of a sentence's text, read once however many extractors ask for it."""
        if sentence not in self._dates:
            self._dates[sentence] = sentence_dates(sentence, self.reference)
        return list(self._dates[sentence])

    @property
    def document_id(self) -> str:
        return self.document.id

    @property
    def focus_span(self) -> Span | None:
        """The first mention of the main group: the span that stands for it in facts."""
        return (self.focus.mentions[0].start, self.focus.mentions[0].end) if self.focus else None
