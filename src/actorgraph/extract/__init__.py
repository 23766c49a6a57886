"""Extract: a spaCy Doc of a cleaned report into mentions, clusters, relations, events and claims."""

from __future__ import annotations

from spacy.tokens import Doc

from ..models import Document, Extraction, Span
from .claims import extract_claims
from .clusters import Cluster, cluster_mentions
from .context import reference_date
from .document_context import DocContext
from .coref import find_corefs, focus_cluster
from .events import extract_events
from .mentions import (abbreviation_mentions, description_mentions, find_abbreviations, find_mentions,
                       long_form_mentions)
from .registry import descriptions, load_registry, registry_key_of
from .relations import extract_relations
from .slots import KIND_OF_TYPE, Slot, slot_sentence
from .templates import extract_templates, with_template_roles

EXTRACTOR_VERSION = "actorgraph-extract.2"
PLACE_RANK = {"site": 6, "district": 5, "city": 4, "valley": 4, "province": 3, "region": 2, "country": 1}


def extract(doc: Doc, document: Document) -> Extraction:
    """Everything actorgraph extracts from one document, each fact with its evidence."""
    registry = load_registry()
    text = doc.text
    abbreviations = find_abbreviations(doc)
    mentions = long_form_mentions(doc, abbreviations, find_mentions(doc), registry_key_of)
    mentions = description_mentions(doc, mentions, descriptions())
    mentions = sorted(mentions + abbreviation_mentions(doc, abbreviations, mentions), key=lambda m: m.start)
    partial = Extraction(mentions=tuple(mentions), abbreviations=tuple(abbreviations))
    clusters = cluster_mentions(partial, registry, text)
    all_mentions = sorted((m for c in clusters for m in c.mentions), key=lambda m: m.start)
    corefs = find_corefs(doc, all_mentions, clusters)
    focus = focus_cluster(clusters)
    reference, reference_source = reference_date(document, text)
    ctx = DocContext(
        document=document, doc=doc, text=text, reference=reference, reference_source=reference_source,
        clusters=clusters, mentions=all_mentions, corefs=corefs, sentences=_slotted_sentences(doc, text, clusters, corefs),
        focus=focus, cluster_of={(m.start, m.end): i for i, c in enumerate(clusters) for m in c.mentions})
    relations = extract_relations(ctx)
    events = extract_events(ctx, _place_ranker(clusters, registry))
    if doc.has_annotation("DEP"):   # the role tagger reads the parse; a model-free pipeline has none
        events = with_template_roles(events, extract_templates(doc))
    claims = extract_claims(ctx, _parent_spans(focus, clusters, registry))
    return Extraction(mentions=tuple(all_mentions), abbreviations=tuple(abbreviations), relations=tuple(relations),
                      events=tuple(events), claims=tuple(claims), corefs=tuple(corefs), clusters=tuple(clusters))


def _slotted_sentences(doc: Doc, text: str, clusters: list[Cluster], corefs) -> list:
    type_of = {(m.start, m.end): c.type for c in clusters for m in c.mentions}
    slots = [Slot(m.start, m.end, KIND_OF_TYPE[c.type], (m.start, m.end), m.text) for c in clusters for m in c.mentions]
    slots += [Slot(a[0], a[1], KIND_OF_TYPE[type_of[ref]], ref, text[a[0]:a[1]]) for a, ref in corefs if ref in type_of]
    slots.sort(key=lambda s: s.start)
    out, i = [], 0
    for sent in doc.sents:
        while i < len(slots) and slots[i].end <= sent.start_char:
            i += 1
        inside = []
        j = i
        while j < len(slots) and slots[j].start < sent.end_char:
            inside.append(slots[j])
            j += 1
        stripped = text[sent.start_char:sent.end_char].rstrip()
        out.append(slot_sentence(sent.start_char, stripped, inside))
    return out


def _place_ranker(clusters: list[Cluster], registry):
    entries = registry.by_key()
    rank_of: dict[Span, int] = {}
    for c in clusters:
        kind = entries[c.key].attrs.get("kind") if c.key in entries else None
        for m in c.mentions:
            rank_of[(m.start, m.end)] = PLACE_RANK.get(kind or "", 2)
    return lambda span: rank_of.get(span, 2)


def _parent_spans(focus: Cluster | None, clusters: list[Cluster], registry) -> set[Span]:
    if focus is None or not focus.key:
        return set()
    parent = registry.by_key().get(focus.key)
    parent_key = parent.attrs.get("parent") if parent else None
    return {(m.start, m.end) for c in clusters if parent_key and c.key == parent_key for m in c.mentions}
