"""Place phrases in a report -> chains of parts, most specific first, each resolved through the gazetteer.

"in Puli Moemin area, Dashti Archi district, Kunduz province, Afghanistan" is one chain of four parts;
"in Nangarhar's Achin district", "the town of Kolofata in the Far North region", "Tolkomari village near
Kolofata", "Kolofata, a town in the Far North" are chains too. Names come from NER place entities and runs
of capitalised words; unit words ('district', 'LGA', 'region'), directions ('northern') and the links
between names (LINKS in place_patterns.py, each rule with an example and a counter-example) are spaCy Matcher
patterns (place_names.py).
A chain holds together only where the gazetteer agrees: a part inside the next one, or unknown under it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span as SpacySpan

from .. import gazetteer
from ..gazetteer import Place
from ..gazetteer.keys import admin_base, sound_keys
from ..models import Mention
from .place_names import NameSpan, attributive, blocked_tokens, linked_groups, name_spans, qualifier
from .place_patterns import LOCATIVES, MISREAD_LABELS, SITE_WORDS, singular, unit_kind

PROMINENT = 10_000        # people: a town this big is not a namesake of a village
CITY = 100_000            # people: a named place inside a city this big is one of its neighbourhoods


@dataclass(frozen=True)
class PlacePart:
    """One name in a place phrase; offsets are characters into the document text."""

    start: int
    end: int
    text: str                      # the name as written, without unit words
    unit: str | None               # 'district', 'village', 'LGA' ... as written before or after the name
    place: Place | None            # from the gazetteer, or a place known only as part of its chain parent
    parents: tuple[str, ...]       # the place keys the chain puts it in, nearest first
    link: str = "in"               # how it relates to the next part: 'in' (inside it) or 'near'
    direction: str | None = None   # 'northern Kunduz' -> 'northern'
    phrase_start: int = 0          # the name with its unit words ('the town of Kolofata', 'Achin district')
    phrase_end: int = 0

    @property
    def kind(self) -> str:
        if self.place is not None:
            return self.place.kind
        return unit_kind(self.unit) or "locality"


@dataclass(frozen=True)
class PlaceChain:
    start: int
    end: int
    text: str
    parts: tuple[PlacePart, ...]    # most specific first
    qualifier: str | None = None    # 'outskirts', 'near': the phrase locates something by this place
    attributive: bool = False       # the place describes a person or body ('the Kandahar governor')
    sent_start: int = 0


# -- public ------------------------------------------------------------------
def find_place_chains(doc: Doc, mentions: list[Mention] | tuple = ()) -> list[PlaceChain]:
    """Every place phrase in the document, each as a chain of parts resolved through the gazetteer."""
    blocked = blocked_tokens(doc, mentions)
    chains = []
    for sent in doc.sents:
        atoms = name_spans(doc, sent, blocked)
        for group, links in linked_groups(doc, atoms):
            chains.append((sent, group, links))
    context = _context(doc, chains)
    out = []
    for sent, group, links in chains:
        out.extend(_chains(doc, sent, group, links, context))
    return out


def best_place(chain: PlaceChain) -> PlacePart:
    """The most specific part at settlement level or above. An area or neighbourhood inside a city or town
    is a detail of it (the city is returned); an area directly within a district is itself the settlement."""
    parts = chain.parts
    for i, part in enumerate(parts):
        container = parts[i + 1] if i + 1 < len(parts) else None
        if part.kind == "site" and container is not None:
            continue
        if part.link == "in" and container is not None and _detail_of(part, container):
            continue
        return part
    return parts[-1]


def _detail_of(part: PlacePart, container: PlacePart) -> bool:
    """An area or neighbourhood of a town, or any unnamed-kind place inside a big city, is a detail of it;
    a place with no unit word beside a small town is more likely a village of its own."""
    if container.kind not in gazetteer.SETTLEMENTS or part.kind != "locality":
        return False
    if part.unit:
        return True
    return container.place is not None and (container.place.population or 0) >= CITY


def place_mentions(doc: Doc, mentions: list[Mention], chains: list[PlaceChain]) -> list[Mention]:
    """The document's mentions with every placed chain part as a place mention keyed by its gazetteer key:
    a place mention of just that part keeps its words ('Khost province') and gains the key; a name NER
    missed, or misread as a person or organisation, becomes a mention of its own."""
    parts = [p for c in chains for p in c.parts if p.place is not None]
    out = list(mentions)
    for part in parts:
        overlapping = [m for m in out if m.start < part.end and part.start < m.end]
        if any(m.type not in ("place", "person", "other") or (m.type != "place" and m.key) for m in overlapping):
            continue
        only = overlapping[0] if len(overlapping) == 1 and overlapping[0].type == "place" else None
        if only is not None and only.start <= part.start and part.end <= only.end \
                and sum(only.start < p.end and p.start < only.end for p in parts) == 1:
            out[out.index(only)] = replace(only, key=part.place.key)
            continue
        out = [m for m in out if m not in overlapping]
        out.append(Mention(part.start, part.end, part.text, "GPE", "place", _sent_start(doc, part.start),
                           _sent_end(doc, part.start), "gazetteer", part.place.key))
    return sorted(out, key=lambda m: m.start)


def chain_places(chains: list[PlaceChain]) -> tuple[Place, ...]:
    """Each distinct place the chains placed, parts known only through their chain included."""
    seen: dict[str, Place] = {}
    for chain in chains:
        for part in chain.parts:
            if part.place is not None:
                seen.setdefault(part.place.key, part.place)
    return tuple(seen.values())


# -- resolving a chain -------------------------------------------------------------
def _ordered(group: list[NameSpan], links: list[dict]) -> tuple[list[NameSpan], list[str]]:
    """Parts most specific first, and how each relates to the next ('in' or 'near')."""
    atoms, relations = list(group), [("near" if l["parent"] == "near" else "in") for l in links]
    for i, link in enumerate(links):
        if link["parent"] == "left":
            atoms[i], atoms[i + 1] = atoms[i + 1], atoms[i]
        if link.get("unit"):
            atoms[i].unit = atoms[i].unit or link["unit"]
    return atoms, relations + ["in"]


def _chains(doc: Doc, sent: SpacySpan, group: list[NameSpan], links: list[dict], context: set[str]) -> list[PlaceChain]:
    atoms, relations = _ordered(group, links)
    atoms, relations = _without_misreads(doc, atoms, relations)
    if not atoms:
        return []
    return [_chain(doc, sent, *segment) for segment in _segments(doc, atoms, relations, context)
            if _keep(segment[0], segment[2], context)]


def _without_misreads(doc: Doc, atoms: list[NameSpan], relations: list[str]):
    """A name NER took for a person or organisation is a place only with a unit word ('Nahri Saraj district'),
    after 'near' ('Tolkomari village near Kolofata'), inside a chain after 'in', 'near'... ('in Bandar Khor,
    Achin district'), or below two sure parts ('raided Tolkomari, near Kolofata, Far North, Cameroon'); the
    outermost part only in a chain after such a word ('in Rukoko Forest, Bubanza')."""
    first = min(a.phrase_start for a in atoms)
    locative = first > 0 and doc[first - 1].lower_ in LOCATIVES
    sure = [a.label not in MISREAD_LABELS or bool(a.unit) or (i and relations[i - 1] == "near")
            for i, a in enumerate(atoms)]
    keep = [i for i, a in enumerate(atoms) if sure[i] or locative or sum(sure[i + 1:]) >= 2]
    atoms, relations, sure = [atoms[i] for i in keep], [relations[i] for i in keep], [sure[i] for i in keep]
    while atoms and not sure[-1] and not (locative and len(atoms) > 1):
        atoms, relations, sure = atoms[:-1], relations[:-1], sure[:-1]
    return atoms, relations[:-1] + ["in"] if relations else relations


def _chain(doc: Doc, sent: SpacySpan, atoms: list[NameSpan], relations: list[str], places: list) -> PlaceChain:
    parts = []
    for atom, relation, place in zip(atoms, relations, places):
        name = doc[atom.start:atom.end]
        phrase = doc[atom.phrase_start:atom.phrase_end]
        parts.append(PlacePart(name.start_char, name.end_char, name.text, atom.unit, place,
                               place.parents if place is not None else (), relation, atom.direction,
                               phrase.start_char, phrase.end_char))
    start = min(p.phrase_start for p in parts)
    end = max(p.phrase_end for p in parts)
    first = min(atoms, key=lambda a: a.phrase_start)
    return PlaceChain(start, end, doc.text[start:end], tuple(parts), qualifier(doc, first, sent),
                      attributive(doc, atoms), sent.start_char)


def _segments(doc: Doc, atoms: list[NameSpan], relations: list[str], context: set[str]) -> list[tuple]:
    """(atoms, relations, places) of each run of parts the gazetteer finds nested, resolved from the least
    specific part down; the chain is cut where the report's nesting contradicts it (peers: 'Kabul, Herat')."""
    top = len(atoms) - 1
    candidates = _top_candidates(doc, atoms[top], context)
    places: list[Place | None] = [None] * len(atoms)
    places[top] = max(candidates, key=lambda c: _fit(doc, atoms, relations, c), default=None)
    for i in range(top - 1, -1, -1):
        place = _inside(doc, atoms[i], relations[i], places[i + 1])
        if place is False:
            return (_segments(doc, atoms[:i + 1], relations[:i] + ["in"], context)
                    + [(atoms[i + 1:], relations[i + 1:], places[i + 1:])])
        places[i] = place
    return [(atoms, relations, places)]


def _keep(atoms: list[NameSpan], places: list, context: set[str]) -> bool:
    """A chain worth reporting: something in it placed, or a unit word saying it names a place. Capitalised
    words NER did not call a place, as the outermost part, must name a unit, a big city or a place of a
    country the report names ('Police' is not the Polish village)."""
    top, place = atoms[-1], places[-1]
    if top.label is None and not top.unit and not (place is not None and (
            place.country in context or place.kind in ("country", "province", "district")
            or (place.population or 0) >= CITY)):
        return False
    if len(atoms) == 1 and not top.unit and place is not None and not top.key and not _credible(top, place, context):
        return False
    return any(p is not None for p in places) or any(a.unit and a.label not in MISREAD_LABELS for a in atoms)


def _credible(atom: NameSpan, place: Place, context: set[str]) -> bool:
    """A lone name with nothing around it to confirm it: by its own name (a big city may go by another:
    'Bombay'), and a unit, a town, or a village in a province the report names elsewhere ('the Middle East'
    is not the village in Maryland, 'Khorasan' is not Horasan in Turkey)."""
    return (_named(place, atom.text) or (place.population or 0) >= CITY) and (
        _prominent(place, PROMINENT) or bool(context & set(place.parents[:-1])))


def _top_candidates(doc: Doc, atom: NameSpan, context: set[str]) -> list[Place]:
    text = doc[atom.start:atom.end].text
    country = gazetteer.country(text)
    if country is not None and atom.unit is None:
        return [country]
    found = gazetteer.lookup(_with_unit(text, atom.unit))[:8]
    if atom.label is None:      # without NER's word for it, a name must be the place's own, not an alternate
        found = [p for p in found if _named(p, text)]
    if atom.unit:               # 'Khorasan region' is not a town that also goes by 'Khorasan'
        found = [p for p in found if _fits_unit(p, atom.unit) or _named(p, text)]
    keyed = gazetteer.place(atom.key) if atom.key else None
    if keyed is not None and _fits_unit(keyed, atom.unit):
        found = [keyed] + [p for p in found if p.key != keyed.key]
    if context and found and not _prominent(found[0], CITY):     # 'Mora' in a report about Cameroon
        found.sort(key=lambda p: p.country not in context)
    return found


def _prominent(place: Place, people: int) -> bool:
    return not place.is_settlement or (place.population or 0) >= people


def _fits_unit(place: Place, unit: str | None) -> bool:
    """A place the ruler tagged fits the unit word written with it ('Kunduz province' is not the city)."""
    kind = unit_kind(unit)
    return kind is None or place.kind == kind or (kind in gazetteer.SETTLEMENTS and place.is_settlement)


def _named(place: Place, text: str) -> bool:
    wanted = sound_keys(text)
    return any(wanted & sound_keys(form) for name in place.names() for form in (name, admin_base(name)[0]))


def _fit(doc: Doc, atoms: list[NameSpan], relations: list[str], top: Place) -> tuple:
    """How well a reading of the least specific part fits the parts below it: how many of them it contains."""
    inside = 0
    parent = top
    for i in range(len(atoms) - 2, -1, -1):
        place = _inside(doc, atoms[i], relations[i], parent, create=False)
        if not place:
            break
        inside += 1
        parent = place
    return (inside,)


def _inside(doc: Doc, atom: NameSpan, relation: str, parent: Place | None, create: bool = True):
    """The place of a part inside (or near) its parent; None when nothing places it; False when the
    gazetteer says the two are peers, not nested."""
    if parent is None:
        return None
    text = doc[atom.start:atom.end].text
    anchor = _anchor(parent) if relation == "near" else parent
    if anchor is None:
        return None
    kind = unit_kind(atom.unit)
    found = gazetteer.lookup(_with_unit(text, atom.unit), within=anchor.key)
    keyed = gazetteer.place(atom.key) if atom.key else None
    keyed = [keyed] if keyed is not None and _fits_unit(keyed, atom.unit) else []
    inside = [p for p in keyed + found if gazetteer.contains(anchor.key, p)]
    if inside:
        return inside[0]
    if atom.label == "NUMBERED" or atom.unit:
        return gazetteer.child_place(text, anchor, "locality" if atom.label == "NUMBERED" else kind) if create else None
    if found and relation == "in" and _peer(found[0], parent):
        return False
    if create:
        child = gazetteer.child_place(text, anchor, "site" if text.split()[-1].lower() in SITE_WORDS else None)
        return replace(child, lat=parent.lat, lon=parent.lon) if relation == "near" else child
    return None


def _peer(candidate: Place, parent: Place) -> bool:
    """A name that is a well-known place of the parent's country outside the parent, or a country, is listed
    beside it, not inside it ('Kabul, Herat'); a village of that name elsewhere is a namesake."""
    return candidate.kind == "country" or (candidate.country == parent.country and _prominent(candidate, PROMINENT))


def _anchor(place: Place) -> Place | None:
    """What a place 'near X' lies in: X's own parent."""
    return gazetteer.place(place.parents[0]) if place.parents else None


def _with_unit(text: str, unit: str | None) -> str:
    """The name with its unit word in the singular, as the gazetteer reads it: 'Borno state'."""
    return f"{text} {singular(unit)}" if unit else text


def _context(doc: Doc, groups) -> set[str]:
    """Countries (ISO codes) the report names outright, and provinces and districts it names with a unit word
    or in a chain: they settle ambiguous names elsewhere in it ('Mora', 'Khairabad')."""
    out = set()
    for _sent, group, links in groups:
        for atom in group:
            text = doc[atom.start:atom.end].text
            found = gazetteer.country(text)
            if found is not None:
                out.add(found.country)
            elif atom.unit or links:
                out.update(p.key for p in gazetteer.lookup(_with_unit(text, atom.unit))[:1]
                           if p.kind in ("province", "district"))
    return out


def _sent_start(doc: Doc, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.sent.start_char if span is not None else char


def _sent_end(doc: Doc, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.sent.end_char if span is not None else char
