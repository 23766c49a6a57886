"""The records that flow through the pipeline: plain frozen dataclasses, no behaviour.

Offsets are character offsets into `Document.text`, the cleaned text that the store keeps,
so every quote can be checked against it. Before resolution, records point at entities
through `Span`s of mentions in their own document; the store turns those into entity ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]

ENTITY_TYPES = ("group", "person", "place", "other")
RELATION_TYPES = (
    "leader_of", "member_of", "founder_of", "part_of", "formed_from",
    "pledged_allegiance_to", "allied_with", "hostile_to", "operates_in",
)
SYMMETRIC_RELATIONS = frozenset({"allied_with", "hostile_to"})
MODALITIES = ("asserted", "reported", "alleged", "denied", "claimed", "attributed")


@dataclass(frozen=True)
class MetaField:
    """One piece of document metadata and where it was found."""

    name: str            # title, author, outlet, published
    value: str
    source: str          # e.g. "html:meta[og:site_name]" or "text:line"
    start: int | None = None   # offsets into the cleaned text when found there
    end: int | None = None


@dataclass(frozen=True)
class Document:
    id: str              # first 16 hex digits of the content hash
    sha256: str
    path: str
    format: str          # txt, md, html, pdf
    text: str            # cleaned text; all offsets point into it
    meta: tuple[MetaField, ...] = ()

    def meta_value(self, name: str) -> str | None:
        return next((m.value for m in self.meta if m.name == name), None)


@dataclass(frozen=True)
class Evidence:
    doc_id: str
    start: int
    end: int
    quote: str           # == document.text[start:end]
    extractor: str       # e.g. "relation_rules"
    version: str         # e.g. "1"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    label: str           # spaCy label or ruler label (ARMED_GROUP, ...)
    type: str            # one of ENTITY_TYPES
    sent_start: int
    sent_end: int
    source: str = "ner"  # ner, ruler, abbreviation, coref
    key: str | None = None   # registry key when the ruler matched a known name


@dataclass(frozen=True)
class Alias:
    """A name of an entity with the reason it was attached."""

    name: str
    source: str          # "registry", "reference:un", "text", "analyst", ...
    reason: str = ""     # why this name belongs to the entity
    doc_id: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    name: str
    aliases: tuple[Alias, ...] = ()
    attrs: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Relation:
    subject: Span
    type: str
    object: Span
    evidence: Evidence
    start: str | None = None        # ISO prefix: 2016, 2016-08, 2016-08-02
    end: str | None = None
    end_reason: str | None = None   # killed, arrested, replaced, ...
    modality: str = "asserted"
    confidence: float = 0.7
    note: str = ""


@dataclass(frozen=True)
class Event:
    type: str                        # attack, strike, clash, announcement
    evidence: Evidence               # the sentences that tell the incident
    subtype: str | None = None       # suicide bombing, drone strike, raid, armed assault, kidnapping, ...
    date: str | None = None          # ISO prefix
    date_precision: str | None = None
    date_text: str | None = None
    place: Span | None = None
    perpetrators: tuple[Span, ...] = ()
    perpetrator_modalities: tuple[str, ...] = ()   # one per perpetrator: claimed, attributed, asserted, alleged
    denied_by: tuple[Span, ...] = ()               # groups that denied carrying it out
    about: tuple[Span, ...] = ()     # the group a strike targeted, or an announcement or founding is about
    targets: tuple[str, ...] = ()
    victims: tuple[str, ...] = ()
    weapons: tuple[str, ...] = ()
    killed_low: int | None = None    # everyone reported killed, attackers included
    killed_high: int | None = None
    injured_low: int | None = None   # everyone reported injured, attackers included
    injured_high: int | None = None
    attackers_killed_low: int | None = None    # the attackers among the killed, when the report says
    attackers_killed_high: int | None = None
    attackers_injured_low: int | None = None
    attackers_injured_high: int | None = None
    casualty_text: str | None = None
    modality: str = "asserted"       # the strongest perpetrator modality: claimed, attributed, asserted, alleged
    confidence: float = 0.7
    support: tuple[Evidence, ...] = ()   # further sentences of the report about the same incident


@dataclass(frozen=True)
class Claim:
    subject: Span | None
    attribute: str                   # fighters, monthly_pay_usd, funding_usd, operations, clashes, killed
    low: float
    high: float
    evidence: Evidence
    unit: str = "count"
    as_of: str | None = None
    as_of_precision: str | None = None
    attributed_to: str | None = None
    hedge: str | None = None         # the reporting verb or hedge: "according to", "estimates", "believed"
    subject_note: str = ""           # why the subject was chosen when it is not the named group
    confidence: float = 0.7


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document, before resolution."""

    mentions: tuple[Mention, ...] = ()
    abbreviations: tuple[tuple[str, str, Span], ...] = ()   # (short, long, span of the definition)
    relations: tuple[Relation, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    corefs: tuple[tuple[Span, Span], ...] = ()   # (pronoun or description span, antecedent mention span)
    clusters: tuple = ()                          # extract.clusters.Cluster: mentions naming one thing
    places: tuple = ()                            # gazetteer.Place of each place key the mentions carry


@dataclass(frozen=True)
class Resolution:
    """How one document's mentions map onto entities, and what is new in the knowledge base."""

    entity_of: dict = field(default_factory=dict)       # Span -> entity id
    new_entities: tuple[Entity, ...] = ()
    new_aliases: tuple[tuple[str, Alias], ...] = ()      # (entity id, alias)
