"""Place phrases in a report -> chains of parts, most specific first, each resolved through the gazetteer.

"in Puli Moemin area, Dashti Archi district, Kunduz province, Afghanistan" is one chain of four parts;
"in Nangarhar's Achin district", "the town of Kolofata in the Far North region", "Tolkomari village near
Kolofata", "Kolofata, a town in the Far North" are chains too. Names come from NER place entities and runs
of capitalised words; unit words ('district', 'LGA', 'region'), directions ('northern') and the links
between names (LINKS below, each a rule with an example and a counter-example) are spaCy Matcher patterns.
A chain holds together only where the gazetteer agrees: a part inside the next one, or unknown under it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span as SpacySpan, Token

from .. import gazetteer
from ..gazetteer import Place
from ..gazetteer.keys import admin_base, sound_keys
from ..models import Mention

UNIT_WORDS = {**gazetteer.UNIT_KINDS, **{u + "s": k for u, k in gazetteer.UNIT_KINDS.items() if " " not in u},
              "lgas": "district", "neighbourhoods": "locality", "neighborhoods": "locality"}
DIRECTIONS = frozenset({"northern", "southern", "eastern", "western", "central", "north-eastern", "northeastern",
                        "north-western", "northwestern", "south-eastern", "southeastern", "south-western",
                        "southwestern", "northeast", "northwest", "southeast", "southwest"})
# Lower-case words inside a place name: 'Pul-e Alam', 'Shigal wa Sheltan', 'Mocimboa da Praia', 'Jisr al-Shughur'.
CONNECTORS = frozenset({"-", "e", "i", "ye", "wa", "al", "el", "ez", "az", "ad", "as", "ash", "ar", "ul", "de", "du",
                        "des", "la", "da", "do", "di", "et", "bin", "ibn", "'"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# NER often reads an unknown village or district as a person or organisation ('in Bandar Khor, Achin district').
MISREAD_LABELS = frozenset({"PERSON", "ORG", "NORP"})
NEVER_PLACES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "LANGUAGE",
                          "ARMED_GROUP"})
# Words that make a name NER read as an organisation one: 'Indus News', 'Kabul University', 'Herat Police'.
ORG_WORDS = frozenset({"news", "times", "post", "university", "institute", "ministry", "bank", "council", "agency",
                       "company", "corporation", "department", "office", "police", "army", "forces", "party",
                       "committee", "commission", "foundation", "network", "group", "front", "movement", "brigade",
                       "radio", "television", "tv", "press", "media", "association", "union", "court", "embassy"})
COMPASS = frozenset({"north", "south", "east", "west", "central", "middle", "upper", "lower", "greater"})
LOCATIVES = frozenset({"in", "at", "near", "outside", "of", "from", "into", "across", "to", "around", "inside",
                       "between", "toward", "towards"})
# Nouns a place name may modify and still say where something is ('a Kabul market'); a name modifying any other
# noun describes it ('the Kandahar governor', 'Kabul police') and is attributive, not a location.
LOCATING_HEADS = frozenset({"airport", "airfield", "base", "airbase", "market", "bazaar", "road", "highway", "street",
                            "checkpoint", "post", "mosque", "prison", "jail", "hospital", "hotel", "compound", "bridge",
                            "dam", "border", "crossing", "valley", "outskirts", "suburb", "suburbs", "area", "region",
                            "countryside", "neighborhood", "neighbourhood", "village", "town", "city", "district",
                            "province", "square", "stadium", "camp", "school", "university", "embassy",
                            # an event at the place: 'the Kabul airport attack', 'the Jalalabad jail raid'
                            "attack", "attacks", "bombing", "bombings", "blast", "blasts", "explosion", "shelling",
                            "raid", "raids", "strike", "strikes", "massacre", "siege", "offensive", "operation",
                            "operations", "ambush", "assault", "clash", "clashes", "fighting", "battle", "incident",
                            "shooting", "killing", "killings", "kidnapping", "jail"})
PROMINENT = 10_000        # people: a town this big is not a namesake of a village
CITY = 100_000            # people: a named place inside a city this big is one of its neighbourhoods
# A name ending in one of these words is a site or feature, not a settlement: 'Mujahid Square', 'Matani Bridge'.
SITE_WORDS = frozenset({"square", "bridge", "market", "bazaar", "mosque", "school", "university", "college",
                        "hospital", "clinic", "hotel", "airport", "airfield", "base", "checkpoint", "checkpost",
                        "prison", "jail", "stadium", "highway", "road", "dam", "forest", "hill", "mountain",
                        "mountains", "river", "lake", "gate", "palace", "compound", "academy", "station", "port"})
ROUTES = frozenset({"highway", "road", "route", "motorway", "railway", "pipeline"})
LEVELS = {"country": 0, "province": 1, "region": 1, "district": 2, "valley": 2, "forest": 2, "lake": 2,
          "mountain range": 2, "city": 3, "town": 3, "village": 3, "locality": 4, "site": 4}

# How two names are linked, as the tokens between them. 'parent': which side contains the other.
LINKS = (
    {"name": "comma", "gap": [{"ORTH": ","}], "parent": "right",
     "example": "Gunmen attacked a post in Shapesh, Herat, Afghanistan.",
     "counter": "Talks were held in Kabul, Herat and Kandahar."},
    {"name": "of_unit", "gap": [{"LOWER": "of"}, {"LOWER": "the", "OP": "?"}], "parent": "right", "needs_unit": True,
     "example": "A bomb went off in the Achin district of Nangarhar province.",
     "counter": "The governor of Kandahar spoke to the elders of Helmand."},
    {"name": "in_unit", "gap": [{"LOWER": "in"}, {"LOWER": "the", "OP": "?"}], "parent": "right", "needs_unit": True,
     "example": "Fighters raided the town of Gwoza in Borno state.",
     "counter": "Gunmen shot Mirza Khan in Paktia province."},
    {"name": "appositive", "gap": [{"ORTH": ","}, {"LOWER": {"IN": ["a", "an", "the"]}},
                                   {"IS_ALPHA": True, "OP": "{0,2}"}, {"LOWER": {"IN": list(UNIT_WORDS)}},
                                   {"LOWER": {"IN": ["in", "of"]}}, {"LOWER": "the", "OP": "?"}],
     "parent": "right", "unit_from_gap": True,
     "example": "Kolofata, a border town in the Far North region, was attacked.",
     "counter": "Kolofata, a place the army had left, was attacked."},
    {"name": "possessive", "gap": [{"ORTH": {"IN": ["'s", "’s"]}}], "parent": "left",
     "example": "A mine exploded in Nangarhar's Achin district.",
     "counter": "Kandahar's governor visited Kabul."},
    {"name": "near", "gap": [{"ORTH": ",", "OP": "?"}, {"LOWER": {"IN": ["near", "outside"]}}], "parent": "near",
     "example": "Assailants raided Tolkomari village near Kolofata, Cameroon.",
     "counter": "Assailants raided Tolkomari and fled near the river."},
)
QUALIFIERS = (
    ("outskirts", [{"LOWER": "on"}, {"LOWER": "the"}, {"LOWER": "outskirts"}, {"LOWER": "of"}]),
    ("outskirts", [{"LOWER": "outskirts"}, {"LOWER": "of"}]),
    ("near", [{"LOWER": {"IN": ["near", "outside"]}}]),
    ("near", [{"LOWER": "close"}, {"LOWER": "to"}]),
)


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
        return gazetteer.UNIT_KINDS.get((self.unit or "").lower().rstrip("s"), "locality")


@dataclass(frozen=True)
class PlaceChain:
    start: int
    end: int
    text: str
    parts: tuple[PlacePart, ...]    # most specific first
    qualifier: str | None = None    # 'outskirts', 'near': the phrase locates something by this place
    attributive: bool = False       # the place describes a person or body ('the Kandahar governor')
    sent_start: int = 0


@dataclass
class _Atom:
    start: int                     # token offsets of the name
    end: int
    label: str | None
    unit: str | None = None
    phrase_start: int = 0          # token offsets with unit words
    phrase_end: int = 0
    direction: str | None = None
    key: str | None = None         # a registry key the ruler gave it

    text: str = ""

    def __post_init__(self):
        self.phrase_start = self.phrase_start or self.start
        self.phrase_end = self.phrase_end or self.end


# -- public ------------------------------------------------------------------
def find_place_chains(doc: Doc, mentions: list[Mention] | tuple = ()) -> list[PlaceChain]:
    """Every place phrase in the document, each as a chain of parts resolved through the gazetteer."""
    blocked = _blocked_tokens(doc, mentions)
    chains = []
    for sent in doc.sents:
        atoms = _atoms(doc, sent, blocked)
        for group, links in _groups(doc, atoms):
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


# -- finding names -------------------------------------------------------------
def _blocked_tokens(doc: Doc, mentions) -> dict[int, str]:
    """Token index -> why it cannot start a place name: inside a group, person or organisation mention."""
    out: dict[int, str] = {}
    for m in mentions:
        if m.type == "place":
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        misread = m.source == "ner" and not m.key and m.label in MISREAD_LABELS
        for token in span or ():
            out[token.i] = "misread" if misread else "entity"
    for ent in doc.ents:
        if ent.label_ in NEVER_PLACES or (ent.label_ in MISREAD_LABELS and ent.ent_id_):
            for token in ent:
                out[token.i] = "entity"
        elif ent.label_ in MISREAD_LABELS:
            for token in ent:
                out.setdefault(token.i, "misread")
    return out


def _atoms(doc: Doc, sent: SpacySpan, blocked: dict[int, str]) -> list[_Atom]:
    atoms = []
    taken: set[int] = set()
    for ent in sent.ents:
        if not (ent.label_ in PLACE_LABELS or (ent.label_ in MISREAD_LABELS and blocked.get(ent.start) == "misread")):
            continue
        for piece in _comma_pieces(ent):      # NER may run a whole chain together: 'Gardez, Paktia'
            start = piece.start + (1 if piece[0].lower_ == "the" and len(piece) > 1 else 0)
            if any(blocked.get(i) == "entity" or i in taken for i in range(start, piece.end)) or \
                    not _could_be_named(doc[start:piece.end], ent.label_):
                continue
            end = max(piece.end, _run_end(doc, piece.end - 1, sent.end, taken, blocked))
            if ent.ent_id_ and (end > piece.end or _continues_name(doc, start - 1, sent)):
                continue          # a known name inside a longer one: 'Maulvi Kabul Shah', 'Kabul Bank'
            atoms.append(_Atom(start, end, ent.label_, key=ent.ent_id_ or None))
            taken.update(range(start, end))
    i = sent.start
    while i < sent.end:
        if i in taken or i in blocked or not _name_like(doc[i]):
            i += 1
            continue
        end = _run_end(doc, i, sent.end, taken, blocked)
        if _could_be_named(doc[i:end], None):
            atoms.append(_Atom(i, end, None))
        i = end
    atoms += _numbered_districts(doc, sent, taken)
    names = {i for a in atoms for i in range(a.start, a.end)}
    atoms = sorted((_with_units(doc, a, sent, names) for a in atoms), key=lambda a: a.start)
    for a in atoms:
        a.text = doc[a.start:a.end].text
    return [a for a in atoms if a.end > a.start]


def _continues_name(doc: Doc, i: int, sent: SpacySpan) -> bool:
    """Whether token i, just before a name, is a capitalised word of the same longer name."""
    return i >= sent.start and not doc[i].is_sent_start and _name_like(doc[i])


def _comma_pieces(ent: SpacySpan) -> list[SpacySpan]:
    pieces, start = [], ent.start
    for token in ent:
        if token.text == ",":
            pieces.append(ent.doc[start:token.i])
            start = token.i + 1
    pieces.append(ent.doc[start:ent.end])
    return [p for p in pieces if len(p)]


def _could_be_named(span: SpacySpan, label: str | None) -> bool:
    """A span that may name a place: capitalised, not a bare compass word, no organisation word ('Indus News'),
    not an unknown acronym; a name NER misread as a person or organisation is capitalised words only."""
    words = [t.lower_ for t in span]
    if not span.text[:1].isupper() or (len(span) == 1 and words[0] in COMPASS) or ORG_WORDS & set(words):
        return False
    if len(span) == 1 and span.text.isupper() and len(span.text) <= 5 and not gazetteer.knows(span.text):
        return False
    return label not in MISREAD_LABELS or all(_name_like(t) or t.lower_ in CONNECTORS for t in span)


def _name_like(token: Token) -> bool:
    """A capitalised word that may be (part of) a name: not an acronym, stop word, unit or direction word."""
    text = token.text
    if not text[:1].isupper() or not any(c.isalpha() for c in text) or any(c.isdigit() for c in text):
        return False
    if text.isupper() and len(text) <= 4:        # acronyms: ANA, ABP, NDS
        return False
    if token.is_stop or token.lower_ in UNIT_WORDS or token.lower_ in DIRECTIONS:
        return False
    return not (token.is_sent_start and token.pos_ not in ("PROPN", ""))


def _run_end(doc: Doc, i: int, limit: int, taken: set[int], blocked: dict[int, str]) -> int:
    """The end of a run of capitalised words, joined by connectors: 'Nawa-i-Barakzayi', 'Deir ez-Zor'."""
    end = i + 1
    while end < limit:
        if _joins(doc, end, taken, blocked):
            end += 1
            continue
        skip = end
        while skip < limit and skip - end < 3 and doc[skip].lower_ in CONNECTORS:
            skip += 1
        if end < skip < limit and _joins(doc, skip, taken, blocked):
            end = skip + 1
            continue
        break
    return end


def _joins(doc: Doc, i: int, taken: set[int], blocked: dict[int, str]) -> bool:
    return i not in taken and i not in blocked and not doc[i].is_sent_start and _name_like(doc[i])


@lru_cache(maxsize=4)
def _numbered_matcher(vocab) -> Matcher:
    matcher = Matcher(vocab)
    matcher.add("numbered", [
        [{"TEXT": {"REGEX": r"^\d{1,2}(st|nd|rd|th)$"}}, {"LOWER": "police", "OP": "?"}, {"LOWER": "district"}],
        [{"LOWER": {"IN": ["pd", "district"]}}, {"LIKE_NUM": True}],
    ])
    return matcher


def _numbered_districts(doc: Doc, sent: SpacySpan, taken: set[int]) -> list[_Atom]:
    """'the 7th police district of Kabul city', 'PD 9': a city district named by its number."""
    out = []
    for _, start, end in _numbered_matcher(doc.vocab)(sent):
        if not any(i in taken for i in range(sent.start + start, sent.start + end)):
            out.append(_Atom(sent.start + start, sent.start + end, "NUMBERED", unit="district"))
    return out


def _with_units(doc: Doc, atom: _Atom, sent: SpacySpan, names: set[int]) -> _Atom:
    """Unit words inside the name's end ('Dashti Archi District'), after it, or before it ('the town of X').
    A name that only exists with its unit word stays whole: 'United States' is not 'United' state."""
    if atom.label == "NUMBERED":
        return atom
    for n in (3, 2, 1):
        tail = doc[max(atom.start + 1, atom.end - n):atom.end]
        base = doc[atom.start:atom.end - n].text
        if len(tail) == n and tail.text.lower() in UNIT_WORDS and (gazetteer.knows(base) or not gazetteer.knows(
                doc[atom.start:atom.end].text)):
            atom.unit, atom.end = tail.text, atom.end - n
            break
    if atom.unit is None:
        for n in (3, 2, 1):
            after = doc[atom.end:min(atom.end + n, sent.end)]
            if len(after) == n and after.text.lower() in UNIT_WORDS:
                atom.unit, atom.phrase_end = after.text, atom.end + n
                break
    before = doc[max(sent.start, atom.start - 3):atom.start]
    if atom.unit is None and len(before) >= 2 and before[-1].lower_ == "of" and before[-2].lower_ in UNIT_WORDS \
            and before[-2].i not in names:
        atom.unit = before[-2].text
        atom.phrase_start = before[-2].i - (1 if before[-2].i > sent.start and doc[before[-2].i - 1].lower_ == "the" else 0)
    lead = atom.phrase_start - 1
    if lead >= sent.start and doc[lead].lower_ in DIRECTIONS:
        atom.direction = doc[lead].lower_
    return atom


# -- linking names into chains ---------------------------------------------------
@lru_cache(maxsize=4)
def _link_matcher(vocab) -> Matcher:
    matcher = Matcher(vocab)
    for rule in LINKS:
        matcher.add(rule["name"], [rule["gap"]])
    return matcher


def _link(doc: Doc, left: _Atom, right: _Atom) -> dict | None:
    """The LINKS rule whose gap is exactly the tokens between two names, if any."""
    if right.phrase_start <= left.phrase_end or right.phrase_start - left.phrase_end > 8:
        return None
    gap = doc[left.phrase_end:right.phrase_start]
    for match_id, start, end in _link_matcher(doc.vocab)(gap):
        if start == 0 and end == len(gap):
            rule = next(r for r in LINKS if r["name"] == doc.vocab.strings[match_id])
            if rule.get("needs_unit") and left.unit is None:
                continue
            if rule.get("unit_from_gap"):
                unit_token = next(t for t in reversed(gap) if t.lower_ in UNIT_WORDS)
                rule = dict(rule, unit=unit_token.text)
            return rule
    return None


def _groups(doc: Doc, atoms: list[_Atom]) -> list[tuple[list[_Atom], list[dict]]]:
    """Consecutive names joined by links; a comma before a name that starts a list ('X, Y and Z') joins nothing."""
    out: list[tuple[list[_Atom], list[dict]]] = []
    for i, atom in enumerate(atoms):
        link = _link(doc, atoms[i - 1], atom) if i and out else None
        if link and link["name"] == "comma" and _starts_list(doc, atom, atoms[i + 1:]):
            link = None
        if link:
            out[-1][0].append(atom)
            out[-1][1].append(link)
        else:
            out.append(([atom], []))
    return out


def _starts_list(doc: Doc, atom: _Atom, rest: list[_Atom]) -> bool:
    after = atom.phrase_end
    if after < len(doc) and doc[after].lower_ in ("and", "or"):
        return True
    return bool(rest) and rest[0].phrase_start == after + 1 and doc[after].text == "," and \
        any(t.lower_ in ("and", "or") for t in doc[rest[0].phrase_end:rest[0].phrase_end + 1])


# -- resolving a chain -------------------------------------------------------------
def _ordered(group: list[_Atom], links: list[dict]) -> tuple[list[_Atom], list[str]]:
    """Parts most specific first, and how each relates to the next ('in' or 'near')."""
    atoms, relations = list(group), [("near" if l["parent"] == "near" else "in") for l in links]
    for i, link in enumerate(links):
        if link["parent"] == "left":
            atoms[i], atoms[i + 1] = atoms[i + 1], atoms[i]
        if link.get("unit"):
            atoms[i].unit = atoms[i].unit or link["unit"]
    return atoms, relations + ["in"]


def _chains(doc: Doc, sent: SpacySpan, group: list[_Atom], links: list[dict], context: set[str]) -> list[PlaceChain]:
    atoms, relations = _ordered(group, links)
    atoms, relations = _without_misreads(doc, atoms, relations)
    if not atoms:
        return []
    return [_chain(doc, sent, *segment) for segment in _segments(doc, atoms, relations, context)
            if _keep(segment[0], segment[2], context)]


def _without_misreads(doc: Doc, atoms: list[_Atom], relations: list[str]):
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


def _chain(doc: Doc, sent: SpacySpan, atoms: list[_Atom], relations: list[str], places: list) -> PlaceChain:
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
    return PlaceChain(start, end, doc.text[start:end], tuple(parts), _qualifier(doc, first, sent),
                      _attributive(doc, atoms), sent.start_char)


def _segments(doc: Doc, atoms: list[_Atom], relations: list[str], context: set[str]) -> list[tuple]:
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


def _keep(atoms: list[_Atom], places: list, context: set[str]) -> bool:
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


def _credible(atom: _Atom, place: Place, context: set[str]) -> bool:
    """A lone name with nothing around it to confirm it: by its own name (a big city may go by another:
    'Bombay'), and a unit, a town, or a village in a province the report names elsewhere ('the Middle East'
    is not the village in Maryland, 'Khorasan' is not Horasan in Turkey)."""
    return (_named(place, atom.text) or (place.population or 0) >= CITY) and (
        _prominent(place, PROMINENT) or bool(context & set(place.parents[:-1])))


def _top_candidates(doc: Doc, atom: _Atom, context: set[str]) -> list[Place]:
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
    kind = gazetteer.UNIT_KINDS.get((unit or "").lower().rstrip("s")) if unit else None
    return kind is None or place.kind == kind or (kind in gazetteer.SETTLEMENTS and place.is_settlement)


def _named(place: Place, text: str) -> bool:
    wanted = sound_keys(text)
    return any(wanted & sound_keys(form) for name in place.names() for form in (name, admin_base(name)[0]))


def _fit(doc: Doc, atoms: list[_Atom], relations: list[str], top: Place) -> tuple:
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


def _inside(doc: Doc, atom: _Atom, relation: str, parent: Place | None, create: bool = True):
    """The place of a part inside (or near) its parent; None when nothing places it; False when the
    gazetteer says the two are peers, not nested."""
    if parent is None:
        return None
    text = doc[atom.start:atom.end].text
    anchor = _anchor(parent) if relation == "near" else parent
    if anchor is None:
        return None
    kind = gazetteer.UNIT_KINDS.get((atom.unit or "").lower().rstrip("s")) if atom.unit else None
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
    if candidate.kind == "country":
        return True
    prominent = not candidate.is_settlement or (candidate.population or 0) >= PROMINENT
    return candidate.country == parent.country and prominent


def _anchor(place: Place) -> Place | None:
    """What a place 'near X' lies in: X's own parent."""
    return gazetteer.place(place.parents[0]) if place.parents else None


def _level(kind: str) -> int:
    return LEVELS.get(kind, 4)


def _with_unit(text: str, unit: str | None) -> str:
    if not unit:
        return text
    unit = unit.lower().rstrip("s") if unit.lower().rstrip("s") in gazetteer.UNIT_KINDS else unit.lower()
    return f"{text} {unit}"


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


def _qualifier(doc: Doc, first: _Atom, sent: SpacySpan) -> str | None:
    before = doc[max(sent.start, first.phrase_start - 4):first.phrase_start - (1 if first.direction else 0)]
    for name, pattern in QUALIFIERS:
        n = len(pattern)
        tail = before[-n:] if len(before) >= n else None
        if tail is not None and all(_token_matches(t, p) for t, p in zip(tail, pattern)):
            return name
    return None


def _token_matches(token: Token, pattern: dict) -> bool:
    wanted = pattern["LOWER"]
    return token.lower_ in wanted["IN"] if isinstance(wanted, dict) else token.lower_ == wanted


def _attributive(doc: Doc, atoms: list[_Atom]) -> bool:
    """The phrase modifies a noun that is not a place ('the Kandahar governor', "Kabul's police chief")."""
    if not doc.has_annotation("DEP"):
        return False
    last = max(atoms, key=lambda a: a.phrase_end)
    root = doc[last.phrase_end - 1]
    head = root.head
    if root.dep_ in ("compound", "amod", "nmod", "poss") and not (last.phrase_start <= head.i < last.phrase_end):
        if head.lower_ in ROUTES and any(doc[i].text == "-" for i in (last.phrase_start - 1, last.phrase_end)
                                         if 0 <= i < len(doc)):
            return True      # 'the Kabul-Kandahar highway' runs between places, it is not at them
        return head.lower_ not in LOCATING_HEADS and head.lower_ not in UNIT_WORDS
    return False


def _sent_start(doc: Doc, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.sent.start_char if span is not None else char


def _sent_end(doc: Doc, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.sent.end_char if span is not None else char
