"""Extract: a spaCy Doc of a cleaned report into mentions, clusters, relations, events and claims."""

from __future__ import annotations

from spacy.tokens import Doc

from .. import gazetteer
from ..models import Document, Extraction, Span
from .actors import armed_wing_owners, is_state_force
from .ambiguity import defined_in_text, disambiguate
from .claims import extract_claims
from .clusters import Cluster, cluster_mentions, scope_generic_groups
from .context import reference_date
from .document_context import DocContext
from .coref import find_corefs, focus_cluster
from .events import PLACE_RANK, extract_events
from .mentions import (abbreviation_mentions, description_mentions, descriptor_mentions, find_abbreviations,
                       find_mentions, long_form_mentions)
from .named_groups import named_group_mentions
from .places import chain_places, find_place_chains, place_mentions
from .registry import descriptions, load_registry, names_a_registry_group, registry_key_of
from .relations import extract_relations
from .screen import screen_mentions
from .slots import KIND_OF_TYPE, Slot, slot_sentence
from .templates import templates_reaching, with_template_roles

EXTRACTOR_VERSION = "actorgraph-extract.5"


def extract(doc: Doc, document: Document) -> Extraction:
    """Everything actorgraph extracts from one document, each fact with its evidence."""
    registry = load_registry()
    ctx, abbreviations = document_context(doc, document)
    clusters, all_mentions = ctx.clusters, list(ctx.mentions)
    events = extract_events(ctx, _Places(clusters, registry))
    _type_authors_as_groups(ctx, events)
    relations = extract_relations(ctx)   # after events: an organisation that claimed an attack is a group
    for mention in ctx.role_mentions:   # actors named only by what they did: one cluster each
        clusters.append(Cluster([mention], mention.type, mention.key,
                                reasons={mention.text: "named as the author of an attack"}))
        all_mentions.append(mention)
    all_mentions.sort(key=lambda m: m.start)
    if events and doc.has_annotation("DEP"):   # the role tagger reads the parse; a model-free pipeline has none
        quotes = [(event.evidence.start, event.evidence.end) for event in events]
        events = with_template_roles(events, templates_reaching(doc, quotes))
    claims = extract_claims(ctx, _parent_spans(ctx.focus, clusters, registry))
    return Extraction(mentions=tuple(all_mentions), abbreviations=tuple(abbreviations), relations=tuple(relations),
                      events=tuple(events), claims=tuple(claims), corefs=tuple(ctx.corefs), clusters=tuple(clusters),
                      places=chain_places(ctx.chains))


def document_context(doc: Doc, document: Document) -> tuple[DocContext, list]:
    """The mentions, clusters, anaphors, slotted sentences and reference date every extractor reads."""
    registry = load_registry()
    text = doc.text
    abbreviations = find_abbreviations(doc)
    mentions = long_form_mentions(doc, abbreviations, find_mentions(doc), registry_key_of)
    mentions = disambiguate(text, mentions, defined_in_text(abbreviations))
    mentions = description_mentions(doc, mentions, descriptions())
    mentions = named_group_mentions(doc, mentions)
    mentions = sorted(mentions + abbreviation_mentions(doc, abbreviations, mentions), key=lambda m: m.start)
    mentions = descriptor_mentions(doc, mentions, names_a_registry_group)
    mentions = screen_mentions(doc, mentions)
    chains = find_place_chains(doc, mentions)
    mentions = place_mentions(doc, mentions, chains)
    partial = Extraction(mentions=tuple(mentions), abbreviations=tuple(abbreviations))
    clusters = scope_generic_groups(cluster_mentions(partial, registry, text), registry)
    _type_armed_wing_owners(doc, clusters)
    all_mentions = sorted((m for c in clusters for m in c.mentions), key=lambda m: m.start)
    corefs = find_corefs(doc, all_mentions, clusters)
    reference, reference_source = reference_date(document, text)
    ctx = DocContext(
        document=document, doc=doc, text=text, reference=reference, reference_source=reference_source,
        clusters=clusters, mentions=all_mentions, corefs=corefs, sentences=_slotted_sentences(doc, text, clusters, corefs),
        focus=focus_cluster(clusters), cluster_of={(m.start, m.end): i for i, c in enumerate(clusters) for m in c.mentions},
        chains=chains)
    return ctx, abbreviations


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


def _type_armed_wing_owners(doc: Doc, clusters: list[Cluster]) -> None:
    """A party or movement whose armed wing the text names is an armed group (NER said ORG)."""
    owners = [t.idx for t in armed_wing_owners(doc)] if doc.has_annotation("DEP") else []
    for cluster in clusters:
        if cluster.type == "other" and any(m.start <= i < m.end for i in owners for m in cluster.mentions):
            cluster.type = "group"
            cluster.reasons.setdefault(cluster.names[0], "the text names its armed wing")


def _type_authors_as_groups(ctx: DocContext, events) -> None:
    """An organisation that claims an attack, or is named as its author, is an armed group (NER said ORG); a state
    force that struck back stays what it is ('the Punjab Police raided a hideout')."""
    for event in events:
        for span in event.perpetrators + event.denied_by:
            index = ctx.cluster_of.get(span)
            if index is not None and ctx.clusters[index].type == "other" and event.type != "announcement" \
                    and not any(is_state_force(name) for name in ctx.clusters[index].names):
                cluster = ctx.clusters[index]
                cluster.type = "group"
                cluster.reasons.setdefault(cluster.names[0], "named as the author of an attack")


class _Places:
    """How specific each place mention of a document is, and what the gazetteer knows of it."""

    def __init__(self, clusters: list[Cluster], registry):
        entries = registry.by_key()
        self._info: dict[Span, dict] = {}
        for c in clusters:
            attrs = entries[c.key].attrs if c.key in entries else _gazetteer_attrs(c.key)
            for m in c.mentions:
                self._info[(m.start, m.end)] = attrs

    def rank(self, span: Span) -> int:
        return PLACE_RANK.get(self._info.get(span, {}).get("kind") or "", 2)

    def info(self, span: Span) -> dict:
        return self._info.get(span, {})


def _gazetteer_attrs(key: str | None) -> dict:
    """What events need of a gazetteer place: its kind, country, province and the places holding it."""
    place = gazetteer.place(key) if key else None
    if place is None:
        return {}
    return {"key": place.key, "kind": place.kind, "country": place.country, "admin1": place.admin1,
            "parents": place.parents}


def _parent_spans(focus: Cluster | None, clusters: list[Cluster], registry) -> set[Span]:
    if focus is None or not focus.key:
        return set()
    parent = registry.by_key().get(focus.key)
    parent_key = parent.attrs.get("parent") if parent else None
    return {(m.start, m.end) for c in clusters if parent_key and c.key == parent_key for m in c.mentions}
