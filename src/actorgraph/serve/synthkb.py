"""A realistic synthetic knowledge base for scale benchmarks and tests: records written straight through
the store, no NLP, every quote verbatim.

What makes it realistic is its distributions, not its prose:
- groups are named like armed groups (a few words, a short form, spelling variants) and their
  popularity follows a Zipf law: the largest group is named in about a tenth of the reports;
- every group has people (leaders, spokesmen) and works in one country of provinces and towns with
  coordinates, so places nest and lie near each other as the event matcher expects;
- incidents are reported by one to several outlets each, with the date given to the day, the month,
  the year or not at all, the place as the town or the province, figures that drift between reports;
- reports also tell leaderships, alliances and rivalries, pledges, strengths attributed to a source
  (often disagreeing), foundings, and sometimes spell a name in a way no alias has yet.
All names are invented from syllables, so a synthetic KB never captures real names' aliases.

    build(store, n_docs)   # writes the documents, then derives events and conflicts once
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ..models import (Alias, Claim, Document, Entity, Event, Evidence, Extraction, MetaField, Mention, Relation,
                      Resolution)

EXTRACTOR = "synthkb.v1"
SYLLABLES = ("ka", "ra", "lo", "mi", "sha", "dan", "tu", "bar", "zen", "qor", "vel", "nim", "har", "sul", "tar",
             "bek", "dro", "mar", "yun", "gal", "fen", "tor", "nai", "kus")
GROUP_FORMS = ("{w} Liberation Front", "Army of {w}", "{w} Brigades", "Jamaat {w}", "{w} Movement",
               "Sons of {w}", "{w} Resistance Council", "Harakat {w}")
OUTLETS = tuple(f"The {name} Observer" for name in ("Valley", "Border", "Coastal", "Northern", "Daily", "Evening")) + (
    "Field Monitor", "Conflict Desk", "Regional Wire", "Security Bulletin")
TARGETS = ("checkpoint", "market", "army base", "police station", "convoy", "school", "mosque", "village council")
SUBTYPES = ("bombing", "suicide bombing", "armed assault", "kidnapping", "ambush", None)
FILLER = ("Residents said the roads to the district remained closed for most of the day.",
          "Officials did not respond to requests for comment.",
          "The area has seen repeated violence over the past months.",
          "Analysts say the situation remains fragile.",
          "Aid agencies warned that access to the region was limited.")


def word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


@dataclass
class Place:
    id: str
    name: str
    kind: str
    country: str
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    parents: tuple[str, ...] = ()

    def entity(self) -> Entity:
        attrs = {"kind": self.kind, "country": self.country, "parents": list(self.parents)}
        if self.admin1:
            attrs["admin1"] = self.admin1
        if self.lat is not None:
            attrs.update(lat=self.lat, lon=self.lon)
        return Entity(self.id, "place", self.name, (Alias(self.name, "synth"),), attrs)


@dataclass
class Group:
    id: str
    name: str
    aliases: tuple[str, ...]
    country: int
    people: list[str] = field(default_factory=list)
    founded: str = ""


@dataclass
class Cast:
    countries: list[Place]
    provinces: list[list[Place]]     # per country
    towns: list[list[Place]]         # per country
    groups: list[Group]
    people: dict[str, str]           # person id -> name
    weights: list[float]             # Zipf popularity of each group


@dataclass
class Incident:
    id: int
    country: int
    group: int
    day: date
    town: Place
    province: Place
    subtype: str | None
    killed: int
    target: str


def make_cast(n_docs: int, rng: random.Random) -> Cast:
    n_countries = 12
    countries, provinces, towns = [], [], []
    for c in range(n_countries):
        code = f"X{chr(65 + c)}"
        country = Place(f"synthkb_country_{c}", f"{word(rng, 2)}ia", "country", code)
        lat0, lon0 = rng.uniform(-10, 40), rng.uniform(-10, 70)
        provs, ts = [], []
        for p in range(8):
            plat, plon = lat0 + rng.uniform(-3, 3), lon0 + rng.uniform(-3, 3)
            prov = Place(f"synthkb_prov_{c}_{p}", f"{word(rng, 2)} Province", "province", code, f"{code}{p}",
                         parents=(country.id,))
            provs.append(prov)
            for t in range(14):
                ts.append(Place(f"synthkb_town_{c}_{p}_{t}", word(rng, 3), rng.choice(("town", "city", "village")),
                                code, prov.admin1, round(plat + rng.uniform(-0.6, 0.6), 4),
                                round(plon + rng.uniform(-0.6, 0.6), 4), (country.id, prov.id)))
        countries.append(country)
        provinces.append(provs)
        towns.append(ts)
    groups, people = [], {}
    for g in range(max(40, n_docs // 100)):
        core = word(rng, rng.choice((2, 3)))
        name = rng.choice(GROUP_FORMS).format(w=core)
        initials = "".join(w[0] for w in name.split() if w[0].isupper())
        variants = (initials, core.replace("a", "aa", 1), f"the {core} group")[: rng.randint(1, 3)]
        group = Group(f"synthkb_group_{g}", name, variants, rng.randrange(n_countries),
                      founded=f"{rng.randint(1995, 2014)}")
        for k in range(rng.randint(1, 4)):
            person = f"synthkb_person_{g}_{k}"
            people[person] = f"{word(rng, 2)} {word(rng, 2)}"
            group.people.append(person)
        groups.append(group)
    weights = [1 / (rank + 1) ** 1.07 for rank in range(len(groups))]
    return Cast(countries, provinces, towns, groups, people, weights)


def cast_entities(cast: Cast) -> list[Entity]:
    places = cast.countries + [p for ps in cast.provinces for p in ps] + [t for ts in cast.towns for t in ts]
    out = [p.entity() for p in places]
    for g in cast.groups:
        aliases = (Alias(g.name, "synth"),) + tuple(Alias(a, "synth", "variant") for a in g.aliases)
        out.append(Entity(g.id, "group", g.name, aliases))
    out += [Entity(pid, "person", name, (Alias(name, "synth"),)) for pid, name in cast.people.items()]
    return out


class _Writer:
    """Builds one report's text sentence by sentence, remembering each named span and its entity."""

    def __init__(self):
        self.text, self.mentions, self.entity_of = "", [], {}
        self.sent_start = 0

    def name(self, entity_id: str, name: str, type_: str) -> tuple[int, int]:
        start = len(self.text)
        self.text += name
        span = (start, len(self.text))
        self.mentions.append((span, name, type_))
        self.entity_of[span] = entity_id
        return span

    def add(self, piece: str) -> None:
        self.text += piece

    def begin(self) -> None:
        if self.text:
            self.text += " "
        self.sent_start = len(self.text)

    def evidence(self, doc_id: str) -> Evidence:
        return Evidence(doc_id, self.sent_start, len(self.text), self.text[self.sent_start:], EXTRACTOR, "1")


def make_incidents(n: int, cast: Cast, rng: random.Random) -> list[Incident]:
    out, first = [], date(2012, 1, 1)
    for i in range(n):
        g = rng.choices(range(len(cast.groups)), cast.weights)[0]
        country = cast.groups[g].country if rng.random() < 0.85 else rng.randrange(len(cast.countries))
        town = rng.choice(cast.towns[country])
        province = next(p for p in cast.provinces[country] if p.id == town.parents[1])
        out.append(Incident(i, country, g, first + timedelta(days=rng.randrange(13 * 365)), town, province,
                            rng.choice(SUBTYPES), max(0, int(rng.expovariate(1 / 6))), rng.choice(TARGETS)))
    return out


class _Report:
    """One synthetic document: its sentences and the facts each states."""

    def __init__(self, i: int, cast: Cast, rng: random.Random):
        self.i, self.cast, self.rng = i, cast, rng
        self.w = _Writer()
        self.relations, self.events, self.claims, self.new_aliases = [], [], [], []
        self.doc_id = ""   # known only once the text is complete: facts keep a placeholder until then

    def group_name(self, g: int) -> tuple[int, int]:
        group = self.cast.groups[g]
        roll = self.rng.random()
        name = group.name if roll < 0.7 else self.rng.choice(group.aliases) if roll < 0.97 else \
            group.name.replace(" ", "-", 1)   # a spelling no alias has: the linker would learn it
        span = self.w.name(group.id, name, "group")
        if roll >= 0.97 and name != group.name:
            self.new_aliases.append((group.id, name, span))
        return span

    def incident(self, inc: Incident) -> None:
        rng, w = self.rng, self.w
        w.begin()
        perp = self.group_name(inc.group) if rng.random() < 0.75 else None
        w.add(" fighters attacked a " if perp else "Gunmen attacked a ")
        w.add(f"{inc.target} in ")
        where = inc.town if rng.random() < 0.8 else inc.province
        place = w.name(where.id, where.name, "place")
        when, precision = self._date(inc.day)
        if when:
            w.add(f" on {when}" if precision == "day" else f" in {when}")
        killed = max(0, inc.killed + rng.choice((0, 0, 0, 1, -1, 2))) if rng.random() < 0.8 else None
        w.add(f", killing {killed} people." if killed is not None else ".")
        self.events.append(dict(type="attack", subtype=inc.subtype, date=when and _iso(inc.day, precision),
                                date_precision=precision if when else None, place=place,
                                perpetrators=(perp,) if perp else (), targets=(inc.target,),
                                killed_low=killed, killed_high=killed, evidence=w.evidence("")))

    def _date(self, day: date) -> tuple[str | None, str | None]:
        precision = self.rng.choices(("day", "month", "year", None), (75, 12, 5, 8))[0]
        text = {"day": day.strftime("%d %B %Y"), "month": day.strftime("%B %Y"), "year": str(day.year)}
        return (text[precision], precision) if precision else (None, None)

    def leadership(self, g: int) -> None:
        group = self.cast.groups[g]
        person = self.rng.choice(group.people)
        self.w.begin()
        leader = self.w.name(person, self.cast.people[person], "person")
        self.w.add(", the leader of ")
        of = self.group_name(g)
        since = str(self.rng.randint(2005, 2024))
        self.w.add(f", has led it since {since}.")
        self.relations.append(dict(subject=leader, type="leader_of", object=of, start=since, evidence=self.w.evidence("")))

    def stance(self, g: int, h: int) -> None:
        kind = self.rng.choice(("allied_with", "hostile_to", "hostile_to", "pledged_allegiance_to"))
        denied = self.rng.random() < 0.05
        self.w.begin()
        a = self.group_name(g)
        verb = {"allied_with": " is allied with ", "hostile_to": " has clashed repeatedly with ",
                "pledged_allegiance_to": " pledged allegiance to "}[kind]
        self.w.add(" denied any alliance with " if denied else verb)
        b = self.group_name(h)
        self.w.add(".")
        self.relations.append(dict(subject=a, type="allied_with" if denied else kind, object=b,
                                   modality="denied" if denied else "asserted", evidence=self.w.evidence("")))

    def strength(self, g: int) -> None:
        rng = self.rng
        year = rng.randint(2012, 2024)
        low = int(round(rng.lognormvariate(math.log(800), 1.0), -1)) + 10
        high = low + rng.choice((0, 0, low // 2))
        outlet = rng.choice(OUTLETS)
        self.w.begin()
        self.w.add(f"According to {outlet}, ")
        subject = self.group_name(g)
        figure = f"{low:,}" if low == high else f"between {low:,} and {high:,}"
        self.w.add(f" had {figure} fighters in {year}.")
        self.claims.append(dict(subject=subject, attribute="fighters", low=low, high=high, as_of=str(year),
                                attributed_to=outlet, evidence=self.w.evidence("")))

    def founding(self, g: int) -> None:
        group = self.cast.groups[g]
        year = group.founded if self.rng.random() < 0.85 else str(int(group.founded) + self.rng.choice((-1, 1)))
        self.w.begin()
        about = self.group_name(g)
        self.w.add(f" was founded in {year}.")
        self.events.append(dict(type="announcement", subtype="founding", date=year, date_precision="year",
                                about=(about,), evidence=self.w.evidence("")))

    def operates(self, g: int) -> None:
        province = self.rng.choice(self.cast.provinces[self.cast.groups[g].country])
        self.w.begin()
        who = self.group_name(g)
        self.w.add(" remains active across ")
        where = self.w.name(province.id, province.name, "place")
        self.w.add(".")
        self.relations.append(dict(subject=who, type="operates_in", object=where, evidence=self.w.evidence("")))

    def filler(self) -> None:
        self.w.begin()
        self.w.add(self.rng.choice(FILLER))


def document(i: int, cast: Cast, incidents: list[Incident], rng: random.Random) -> tuple[Document, Extraction, Resolution]:
    """Report number i: a few of its country's incidents and what it says about the groups behind them."""
    report = _Report(i, cast, rng)
    told = rng.sample(incidents, min(len(incidents), rng.choice((1, 1, 2, 3))))
    groups = [inc.group for inc in told] + rng.choices(range(len(cast.groups)), cast.weights, k=2)
    for inc in told:
        report.incident(inc)
        report.filler()
    g, h = groups[0], groups[-1] if groups[-1] != groups[0] else (groups[0] + 1) % len(cast.groups)
    for action in rng.sample([lambda: report.leadership(g), lambda: report.stance(g, h), lambda: report.strength(g),
                              lambda: report.operates(g), lambda: report.founding(g), report.filler], 3):
        action()
    return _finish(report, cast, rng)


def _finish(report: _Report, cast: Cast, rng: random.Random) -> tuple[Document, Extraction, Resolution]:
    text = report.w.text
    sha = hashlib.sha256(text.encode()).hexdigest()
    doc_id = sha[:16]
    year = rng.randint(2012, 2025)
    outlet = rng.choice(OUTLETS)
    doc = Document(doc_id, sha, f"synthkb/{report.i:06d}.txt", "txt", text,
                   (MetaField("title", f"Security report {report.i}", "synth"), MetaField("outlet", outlet, "synth"),
                    MetaField("published", f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "synth")))
    fix = lambda fact: {**fact, "evidence": replace(fact["evidence"], doc_id=doc_id)}  # noqa: E731
    mentions = tuple(Mention(s, e, name, "SYNTH", type_, 0, len(text), "ruler") for (s, e), name, type_ in report.w.mentions)
    extraction = Extraction(
        mentions=mentions,
        relations=tuple(Relation(**fix(r)) for r in report.relations),
        events=tuple(Event(**fix(e)) for e in report.events),
        claims=tuple(Claim(**fix(c), as_of_precision="year") for c in report.claims))
    aliases = tuple((entity_id, Alias(name, "text", "spelled so in a report", doc_id, *span))
                    for entity_id, name, span in report.new_aliases)
    return doc, extraction, Resolution(entity_of=dict(report.w.entity_of), new_aliases=aliases)


def documents(n_docs: int, seed: int = 13, first: int = 0, last: int | None = None):
    """The cast's entities, then (document, extraction, resolution) of reports first..last (default: all n_docs)
    of a KB of n_docs reports. Each report has its own random stream, so reports past n_docs are new
    reports about the same cast and incidents: what is added to a KB built with the same n_docs and seed."""
    rng = random.Random(seed)
    cast = make_cast(n_docs, rng)
    incidents = make_incidents(max(10, int(n_docs * 0.8)), cast, rng)
    by_country: dict[int, list[Incident]] = {}
    for inc in incidents:
        by_country.setdefault(inc.country, []).append(inc)
    yield cast_entities(cast)
    for i in range(first, n_docs if last is None else last):
        doc_rng = random.Random(seed * 1_000_003 + i)
        country = cast.groups[doc_rng.choices(range(len(cast.groups)), cast.weights)[0]].country
        yield document(i, cast, by_country.get(country) or incidents, doc_rng)


def build(store, n_docs: int, seed: int = 13, derive: bool = True, progress=None) -> None:
    """Write n_docs synthetic reports (those already stored are skipped); then derive events and conflicts."""
    from ..analyze import refresh

    stream = documents(n_docs, seed)
    store.upsert_entities(next(stream))
    batch = []
    for item in stream:
        batch.append(item)
        if len(batch) == 500:
            _write(store, batch, progress)
            batch = []
    _write(store, batch, progress)
    if derive:
        refresh(store)


def _write(store, batch: list, progress) -> None:
    with store.transaction():
        for doc, extraction, resolution in batch:
            if not store.has_document(doc.sha256):
                store.write_document(doc, extraction, resolution, EXTRACTOR)
    if progress:
        progress(len(batch))


def _iso(day: date, precision: str) -> str:
    return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[precision]
