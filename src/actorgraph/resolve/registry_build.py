"""The generated registry: armed groups and their people from public lists, curated, with every name's provenance.

`build_registry(reference_dir)` reads the UN consolidated list, OFAC's SDN list, the MISP galaxy
of listed entities and the Phoenix/PETRARCH-2 dictionaries, and returns what
`scripts/build_registry.py` writes to data/registry_reference.json. Nothing is taken on trust:

- each name passes the rules of data/registry_curation.json (too short, a common word, a bare
  country, a descriptor, a name of another registry entry...) or is listed under `dropped`
  with the rule that removed it;
- records join the hand-written registry (data/registry.json) through the list ids it cites or
  through their main name, never through an alias alone;
- a name claimed by two different groups goes to neither, unless the curation assigns it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from .. import settings
from ..extract.people import not_a_person
from ..ingest.reference import phoenix_name, read_misp, read_ofac, read_phoenix, read_un
from ..names import fold, is_acronym, variant_key

CURATION_FILE = "registry_curation.json"
PHOENIX_GROUPS = "phoenix/Phoenix.MilNonState.actors.txt"
PHOENIX_STATES = "phoenix/Phoenix.Countries.actors.txt"
PHOENIX_INTERNATIONAL = "phoenix/Phoenix.International.actors.txt"
PHOENIX_AGENTS = "phoenix/Phoenix.agents.txt"
SOURCE_FILES = ("un_consolidated.xml", "sdn.csv", "alt.csv", "misp_terrorist_groups.json",
                PHOENIX_GROUPS, PHOENIX_STATES, PHOENIX_INTERNATIONAL, PHOENIX_AGENTS)
DISPLAY_ORDER = ("misp", "ofac", "un", "phoenix")      # whose spelling becomes the display name
LIST_TITLES = {"un": "UN Security Council consolidated list", "ofac": "OFAC SDN list",
               "misp": "MISP galaxy of listed terrorist entities", "phoenix": "Phoenix/PETRARCH-2 actor dictionary"}
_PARTICLES = {"al", "el", "ul", "ud", "e", "i", "wa", "wal", "of", "the", "and", "in", "fi", "bin", "ibn", "de", "la",
              "del", "des", "du", "for", "to", "on", "a", "an", "li", "ash", "ad", "as", "az", "an", "at", "ar"}


@dataclass
class Name:
    text: str            # display spelling
    list: str            # un, ofac, misp, phoenix
    list_id: str         # the list's own id for the record
    spelling: str        # as the list writes it


@dataclass
class Record:
    ref: str             # "ofac:12206", "phoenix:TALIBAN"
    type: str            # group, person
    names: list[Name]    # the list's main name first
    country: str | None = None
    linked_to: str | None = None   # a person's group, as the list names it
    anchor: str | None = None      # the hand-registry key this record is
    fto: bool = False              # OFAC lists it as a foreign terrorist organisation
    code: str = ""                 # Phoenix actor code ('SOMREB', 'IMGMUSALQ')

    @property
    def list(self) -> str:
        return self.ref.split(":", 1)[0]


@dataclass
class Curation:
    data: dict

    @classmethod
    def load(cls, path: Path | None = None) -> "Curation":
        path = path or settings.data_dir() / CURATION_FILE
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def words(self, kind: str) -> frozenset:
        return frozenset(fold(w) for w in self.data[kind]["words"])

    def pattern(self, kind: str) -> re.Pattern:
        return re.compile(r"\b(?:" + "|".join(self.data[kind]["words"]) + r")\b", re.I)

    def decisions(self, kind: str) -> list[dict]:
        return self.data[kind]["decisions"]

    def refs(self, kind: str) -> dict[str, str]:
        return {d["ref"]: d["reason"] for d in self.decisions(kind)}


# -- display ----------------------------------------------------------------------------
def display(raw: str) -> str:
    """Lists write names in capitals ('TEHRIK-E TALIBAN PAKISTAN'): title case with particles in lower case."""
    text = " ".join(raw.split())
    if not text.isupper() or (is_acronym(text) and len(text) <= 6):
        return text
    parts = re.split(r"([\s\-/'’]+)", text.lower())
    out = []
    for i, part in enumerate(parts):
        after_apostrophe = i > 0 and parts[i - 1] in ("'", "’")
        keep_lower = (part in _PARTICLES and i > 0) or after_apostrophe
        out.append(part if keep_lower or not part[:1].isalpha() else part[:1].upper() + part[1:])
    return "".join(out)


def clean_name(raw: str) -> list[str]:
    """A list's name field as names: explanations in brackets go ('Islamic Jihad (Islamic Holy War)'),
    a half-bracketed fragment is no name, 'A/B' is two names and 'Order, the' is 'the Order'."""
    text = re.sub(r"\s*\([^()]*\s[^()]*\)", "", raw).strip()
    if text.count("(") != text.count(")"):
        return []
    inverted = re.fullmatch(r"(.+),\s*(the|THE|The)", text)
    if inverted:
        text = f"{inverted.group(2)} {inverted.group(1)}"
    parts = text.split("/") if "/" in text and " " not in text else [text]
    return [p.strip() for p in parts if p.strip()]


# -- reading the lists -------------------------------------------------------------------
def _names(raw_names: list[str], list_name: str, list_id: str) -> list[Name]:
    return [Name(display(part), list_name, list_id, n) for n in raw_names for part in clean_name(n)]


def phoenix_group_records(path: Path, countries: dict[str, list[str]]) -> list[Record]:
    records, seen = [], Counter()
    for entry in read_phoenix(path):
        name, short = phoenix_name(entry.name)
        base = entry.name.strip("_")
        seen[base] += 1
        ref = f"phoenix:{base}" + (f"#{seen[base]}" if seen[base] > 1 else "")
        raw = [name, *short]
        for alias in entry.aliases:
            alias_name, alias_short = phoenix_name(alias)
            raw += [alias_name, *alias_short]
        code = entry.codes[0] if entry.codes else ""
        country = code[:3] if code[:3] in countries else None
        records.append(Record(ref, "group", _names(raw, "phoenix", base), country, code=code))
    return records


def ofac_records(path: Path) -> list[Record]:
    out = []
    for entry in read_ofac(path):
        if entry.type not in ("group", "person"):
            continue
        list_id = entry.ref_id.split(":", 1)[1]
        names = [entry.name, *entry.aliases]
        if entry.type == "person":
            names = [_person_case(n) for n in names]
        out.append(Record(entry.ref_id, entry.type, _names(names, "ofac", list_id), fto="FTO" in entry.note))
    return out


def _person_case(name: str) -> str:
    """'Ibrahim AL-BADRI' -> 'Ibrahim Al-Badri': OFAC writes family names in capitals."""
    return " ".join(display(w + " X")[:-2] if w.isupper() and len(w) > 1 else w for w in name.split())


def ofac_links(path: Path) -> dict[str, str]:
    """OFAC ent_num of a person -> the entity it is 'Linked To' (remarks column)."""
    import csv

    out = {}
    with path.open(encoding="utf-8-sig", errors="replace") as f:
        for row in csv.reader(f):
            if len(row) == 12 and "Linked To:" in row[11]:
                target = re.search(r"Linked To: ([^;]+?)\.?(?:;|$)", row[11])
                if target:
                    out[f"ofac:{row[0].strip()}"] = target.group(1).strip()
    return out


def un_records(path: Path) -> list[Record]:
    return [Record(e.ref_id, "group", _names([e.name, *e.aliases], "un", e.ref_id.split(":", 1)[1]))
            for e in read_un(path) if e.type == "group"]


def misp_records(path: Path) -> list[Record]:
    return [Record(e.ref_id, e.type, _names([e.name, *e.aliases], "misp", e.ref_id.split(":", 1)[1]))
            for e in read_misp(path) if e.type == "group"]


def country_names(path: Path) -> dict[str, list[str]]:
    """ISO-3 code -> the country's names in the Phoenix country dictionary (entries coded with the bare code)."""
    out: dict[str, list[str]] = {}
    for entry in read_phoenix(path):
        if entry.codes and re.fullmatch(r"[A-Z]{3}", entry.codes[0]):
            names = [phoenix_name(n)[0] for n in (entry.name, *entry.aliases)]
            out.setdefault(entry.codes[0], []).extend(display(n) for n in names if len(fold(n)) >= 4)
    return {code: sorted(set(names), key=names.index) for code, names in sorted(out.items())}


def non_armed_names(paths: list[Path], org_words: re.Pattern) -> list[list[str]]:
    """[name, code] of state bodies, forces, agencies and international organisations: never armed groups."""
    out = {}
    for path in paths:
        for entry in read_phoenix(path):
            if not entry.codes or any(re.search(r"\d{6}|ELI|REB|IMG|UAF|MNC", c) for c in entry.codes):
                continue                      # a person (an office held over dates) or a ruler
            code = entry.codes[0].split()[0]
            if re.fullmatch(r"[A-Z]{3}", code):
                continue                      # the country itself
            for raw in (entry.name, *entry.aliases):
                name, short = phoenix_name(raw)
                if org_words.search(name) and len(name.split()) >= 2:
                    out.setdefault(variant_key(name), [display(name), code])
                for acronym in short:
                    if len(acronym) >= 3:
                        out.setdefault(acronym, [acronym, code])
    return [out[k] for k in sorted(out)]


def agent_phrases(path: Path) -> frozenset:
    """Generic nouns of the Phoenix agents file ('militant', 'rebel group', 'gunmen'): descriptors, not names."""
    phrases = set()
    for entry in read_phoenix(path):
        phrases.add(fold(phoenix_name(entry.name)[0]))
    return frozenset(p for p in phrases if p)


# -- name rules --------------------------------------------------------------------------
@dataclass
class NameRules:
    curation: Curation
    countries: frozenset
    agents: frozenset
    common: frozenset = field(init=False)

    def __post_init__(self):
        self.common = frozenset(STOP_WORDS) | self.curation.words("common_words")
        self.descriptors = self.curation.words("descriptor_words")
        self.armed = self.curation.pattern("armed_heads")
        self.not_armed = self.curation.pattern("not_armed_words")
        self.dropped_names = {variant_key(d["name"]): d["reason"] for d in self.curation.decisions("drop_names")}

    def problem(self, name: str, record: Record) -> str | None:
        """The rule that keeps this name out of the registry, or None."""
        words = fold(name).split()
        key = variant_key(name)
        if key in self.dropped_names:
            return "curated (see registry_curation.json)"
        if is_acronym(name):
            return self._acronym_problem(name, words)
        if sum(len(w) for w in words) < 4:
            return "too short to be safe"
        if key in self.countries:
            return "a bare country name"
        if any(w in self.descriptors for w in words) or fold(name) in self.agents:
            return "a generic descriptor, not a name"
        if record.type == "person":
            return self._person_problem(name, words)
        if len(words) == 1 and words[0] in self.common:
            return "a common word"
        if len(words) == 1 and name != record.names[0].text:
            return "a one-word other name: only a list's main name may be one word"
        if self.not_armed.search(name):
            return "names an outlet, business or charity, not the group"
        if all(w in self.common for w in words) and not self.armed.search(name):
            return "common words without an armed-group head"
        return None

    def _acronym_problem(self, name: str, words: list[str]) -> str | None:
        letters = sum(c.isalpha() for c in name)
        if letters < 3:
            return "an acronym too short to be safe"
        if len(words) == 1 and words[0] in self.common:
            return "an acronym that is a common word"
        return None

    def _person_problem(self, name: str, words: list[str]) -> str | None:
        if len(words) < 2:
            return "a single name: too short to be safe for a person"
        if words[0] in ("abu", "abou", "umm", "um") and len(words) == 2:
            return "a bare kunya (Abu X): shared by too many people"
        reason = not_a_person(name)
        return f"not a person's name ({reason})" if reason else None


# -- merging records into entries ----------------------------------------------------------
class Components:
    """Union-find over records that may not join two hand entries or two records of one designation list."""

    def __init__(self, records: list[Record]):
        self.parent = list(range(len(records)))
        self.records = records
        self.anchors = [{r.anchor} - {None} for r in records]
        self.refs = [{r.ref} if r.list != "phoenix" else set() for r in records]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def try_join(self, members: set[int]) -> bool:
        roots = {self.find(i) for i in members}
        anchors = set().union(*(self.anchors[r] for r in roots))
        refs = set().union(*(self.refs[r] for r in roots))
        if len(anchors) > 1 or len(refs) != len({ref.split(":")[0] for ref in refs}):
            return False
        first = min(roots)
        for r in roots:
            self.parent[r] = first
        self.anchors[first], self.refs[first] = anchors, refs
        return True

    def groups(self) -> list[list[Record]]:
        out = defaultdict(list)
        for i, r in enumerate(self.records):
            out[self.find(i)].append(r)
        return [out[k] for k in sorted(out)]


def anchor_records(records: list[Record], hand: dict, curation: Curation) -> None:
    """A record is a hand entry when that entry cites its list id, the curation says so, or their main names agree."""
    by_ref = {ref: e["key"] for e in hand["entities"] for ref in e.get("refs", [])}
    by_ref.update({d["ref"]: d["same_as"] for d in curation.decisions("links")})
    types = {e["key"]: e["type"] for e in hand["entities"]}
    by_name = defaultdict(set)
    for e in hand["entities"]:
        for n in (e["name"], *e.get("aliases", [])):
            by_name[(e["type"], variant_key(n))].add(e["key"])
    for r in records:
        main = _without_honorific(r.names[0].text) if r.names and r.type == "person" else r.names[0].text if r.names else ""
        keys = by_name.get((r.type, variant_key(main)), set()) if main else set()
        cited = by_ref.get(r.ref) if types.get(by_ref.get(r.ref)) == r.type else None
        r.anchor = cited or (next(iter(keys)) if len(keys) == 1 else None)


def _without_honorific(name: str) -> str:
    """'Sheikh Hassan Nasrallah' -> 'Hassan Nasrallah' (for comparing people's names only)."""
    from ..extract.people import people_lexicon

    words = name.split()
    while len(words) > 2 and people_lexicon().has("honorifics", fold(words[0])):
        words = words[1:]
    return " ".join(words)


def join_records(records: list[Record], hand_owner: dict) -> tuple[list[list[Record]], set]:
    """Which records are one group or person. Two records join when both are the same hand entry, when each
    carries the other's main name, or, when neither is a hand entry, when they share two names; never when
    that would join two hand entries or two records of one designation list. A hand entry's record never
    takes in another through one of its aliases (OFAC files Egyptian Islamic Jihad under al-Qaida)."""
    keys = [{(r.type, variant_key(n.text)) for n in r.names} for r in records]
    mains = [(r.type, variant_key(r.names[0].text)) for r in records]
    holders = defaultdict(set)
    for i, names in enumerate(keys):
        for key in names:
            holders[key].add(i)
    components, ambiguous = Components(records), set()
    for i in range(len(records)):
        shared = Counter(j for key in keys[i] for j in holders[key] if j != i)
        for j in sorted(shared):
            if _same_record(records[i], records[j], mains[i] in keys[j] and mains[j] in keys[i], shared[j]):
                components.try_join({i, j})
        anchors = {records[j].anchor for j in holders[mains[i]]} - {None}
        if len(anchors) > 1 and mains[i] not in hand_owner:
            ambiguous.add(mains[i])
    while _join_components(components, keys):
        pass
    return components.groups(), ambiguous


def _join_components(components: Components, keys: list[set]) -> bool:
    """Groups the lists spread over several records ('ETA' in one, 'Basque Fatherland and Liberty' in another)
    join when, taken whole, they share two names and are not two hand entries."""
    names = defaultdict(set)
    for i, k in enumerate(keys):
        names[components.find(i)] |= k
    holders = defaultdict(set)
    for root, k in names.items():
        for key in k:
            holders[key].add(root)
    joined = False
    for root in sorted(names):
        root = components.find(root)
        shared = Counter(other for key in names.get(root, ()) for other in holders[key] if other != root)
        for other, count in sorted(shared.items()):
            if count >= 2 and components.find(other) != root and components.try_join({root, other}):
                joined = True
    return joined


def _same_record(a: Record, b: Record, mutual: bool, shared: int) -> bool:
    if a.anchor or b.anchor:
        return a.anchor == b.anchor or (mutual and None in (a.anchor, b.anchor))
    return mutual or shared >= 2


# -- building ----------------------------------------------------------------------------
def build_registry(reference_dir: Path, hand: dict | None = None, curation: Curation | None = None) -> dict:
    """The generated registry as a JSON-ready dict (see the module docstring)."""
    reference_dir = Path(reference_dir)
    hand = hand or json.loads((settings.data_dir() / "registry.json").read_text(encoding="utf-8"))
    curation = curation or Curation.load()
    countries = country_names(reference_dir / PHOENIX_STATES)
    cited = {ref for e in hand["entities"] for ref in e.get("refs", [])} | set(curation.refs("links"))
    records = _records(reference_dir, countries, curation, cited)
    rules = NameRules(curation, frozenset(variant_key(n) for names in countries.values() for n in names),
                      agent_phrases(reference_dir / PHOENIX_AGENTS))
    dropped: list[list[str]] = []
    records = _split_people(records, rules)
    anchor_records(records, hand, curation)
    for r in records:
        r.names = _kept_names(r, rules, dropped)
    entries = _entries(records, hand, curation, dropped)
    non_armed = non_armed_names([reference_dir / PHOENIX_STATES, reference_dir / PHOENIX_INTERNATIONAL],
                                curation.pattern("org_words"))
    return {
        "version": 1,
        "about": "Generated by scripts/build_registry.py from the lists in ../shared/data/reference; do not edit: "
                 "change data/registry_curation.json and rebuild.",
        "sources": {name: _sha256(reference_dir / name) for name in SOURCE_FILES if (reference_dir / name).exists()},
        "counts": _counts(entries, dropped),
        "entities": entries,
        "countries": countries,
        "non_armed": non_armed,
        "ambiguous": ambiguous_acronyms(hand, entries, non_armed),
        "dropped": sorted(dropped),
    }


_SKIPPED_IN_INITIALS = {"of", "the", "and", "for", "in", "on", "de", "du", "des", "la", "le", "al", "e", "i", "a"}


def initials(name: str) -> str:
    """'Inter-Services Intelligence' -> 'ISI': the first letters of a name's words, small words skipped."""
    words = [w for w in re.split(r"[\s\-/]+", name) if w and w.lower() not in _SKIPPED_IN_INITIALS]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def ambiguous_acronyms(hand: dict, entries: list[dict], non_armed: list[list[str]]) -> list[dict]:
    """A group's acronym that a state body's or international organisation's name also spells ('ISI': the Islamic
    State of Iraq, Pakistan's Inter-Services Intelligence): the text must say which, or it names neither."""
    owners = defaultdict(set)
    for e in hand["entities"]:
        for n in (e["name"], *e.get("aliases", [])):
            if e["type"] == "group" and is_acronym(n) and n.upper() == n:
                owners[n].add(e["key"])
    for e in entries:
        for n in e["names"]:
            if e["type"] == "group" and is_acronym(n["name"]) and n["name"].upper() == n["name"]:
                owners[n["name"]].add(e.get("same_as") or e["key"])
    others = defaultdict(list)
    for name, code in non_armed:
        if not re.match(r"[A-Z]{3}(?:GOV|MIL|SPY|COP)|IGO", code):
            continue            # a state's forces and agencies, or an intergovernmental body; not any NGO
        acronym = initials(name) if len(name.split()) >= 2 else ""
        if len(acronym) >= 3 and acronym in owners:
            others[acronym].append({"name": name, "code": code})
    return [{"acronym": a, "groups": sorted(owners[a]), "others": others[a]} for a in sorted(others)]


def _records(reference_dir: Path, countries: dict, curation: Curation, cited: set[str]) -> list[Record]:
    records = phoenix_group_records(reference_dir / PHOENIX_GROUPS, countries)
    ofac = ofac_records(reference_dir / "sdn.csv")
    records += [r for r in ofac if r.type == "group" and (r.ref in cited or _armed(r, curation))]
    records += [r for r in un_records(reference_dir / "un_consolidated.xml") if r.ref in cited or _armed(r, curation)]
    records += misp_records(reference_dir / "misp_terrorist_groups.json")
    dropped_refs = curation.refs("drop_entries")
    records = [r for r in records if r.ref not in dropped_refs]
    return records + _linked_people(ofac, ofac_links(reference_dir / "sdn.csv"), records)


def _armed(record: Record, curation: Curation) -> bool:
    """A designated organisation is an armed group: a foreign terrorist organisation, or named like one and not a business or a state body."""
    if record.ref in curation.refs("armed"):
        return True
    if record.ref in curation.refs("not_armed"):
        return False
    text = " / ".join(n.text for n in record.names)
    if curation.pattern("not_armed_words").search(text) or curation.pattern("state_words").search(text):
        return False
    return getattr(record, "fto", False) or bool(curation.pattern("armed_heads").search(text))


def _linked_people(ofac: list[Record], links: dict[str, str], groups: list[Record]) -> list[Record]:
    """OFAC individuals 'Linked To' a group that is kept: the lists' own leaders and members of armed groups."""
    group_names = {variant_key(n.text) for g in groups for n in g.names}
    out = []
    for r in ofac:
        target = links.get(r.ref)
        if r.type == "person" and target and variant_key(display(target)) in group_names:
            r.linked_to = display(target)
            out.append(r)
    return out


def _split_people(records: list[Record], rules: NameRules) -> list[Record]:
    """Phoenix files some leaders as a group's other names ('Ahmed Abdi Godane' under al-Shabaab): they become people of that group."""
    out = []
    for r in records:
        if r.list != "phoenix":
            out.append(r)
            continue
        if _phoenix_individual(r, rules):
            r.type = "person"
        people = [n for n in r.names[1:] if r.type == "group" and _looks_like_person(n.text, rules)]
        r.names = [n for n in r.names if n not in people]
        out.append(r)
        out += [Record(f"{r.ref}/{fold(n.text).replace(' ', '_')}", "person", [n], r.country, r.names[0].text)
                for n in people]
    return out


def _phoenix_individual(record: Record, rules: NameRules) -> bool:
    """Phoenix's international section ('IMG...', 'BUD...' codes) lists individuals beside groups: a name without
    a group or organisation word, not an acronym, is one of them."""
    main = record.names[0].text
    return (record.code.startswith(("IMG", "BUD")) and record.ref not in rules.curation.refs("armed")
            and not is_acronym(main) and not rules.armed.search(main)
            and not rules.curation.pattern("org_words").search(main)) or (
        len(main.split()) == 1 and len(record.names) == 1 and not record.code.endswith("REB")
        and not rules.armed.search(main) and record.ref not in rules.curation.refs("armed"))


def _looks_like_person(name: str, rules: NameRules) -> bool:
    """A Phoenix alias is a person when the curation's given names open it and no armed-group word is in it."""
    words = fold(name).split()
    from ..extract.people import people_lexicon

    opener = words[0] in rules.curation.words("given_names") or people_lexicon().has("honorifics", words[0])
    return (len(words) >= 2 and opener
            and not rules.armed.search(name) and not_a_person(name) is None)


def _kept_names(record: Record, rules: NameRules, dropped: list) -> list[Name]:
    kept, seen = [], set()
    for n in record.names:
        key = variant_key(n.text)
        if key in seen or not key:
            continue
        seen.add(key)
        problem = rules.problem(n.text, record)
        if problem:
            dropped.append([n.text, record.ref, problem])
        else:
            kept.append(n)
    return kept


@dataclass
class Ownership:
    """Who may carry a name: the hand entry that has it, the curation's assignment, else the one entry claiming it."""

    hand_owner: dict          # (type, variant key) -> hand key
    assigned: dict            # variant key -> key or list ref the curation gives it to
    claims: dict              # (type, variant key) -> indexes of the entries claiming it
    ambiguous: set            # main names that several hand entries' records carry

    def problem(self, name_key: tuple, index: int, anchor: str | None, members: list[Record]) -> str | None:
        owner = self.hand_owner.get(name_key)
        if owner and owner != anchor:
            return f"a name of another registry entry: {owner}"
        if name_key[1] in self.assigned:
            target = self.assigned[name_key[1]]
            return None if target == anchor or target in {r.ref for r in members} else f"curated (assigned to {target})"
        if name_key in self.ambiguous or self.claims[name_key] != {index}:
            return "claimed by two different entries: ambiguous"
        return None


def _entries(records: list[Record], hand: dict, curation: Curation, dropped: list) -> list[dict]:
    hand_owner = {}
    for e in hand["entities"]:
        for n in (e["name"], *e.get("aliases", [])):
            hand_owner.setdefault((e["type"], variant_key(n)), e["key"])
    groups, ambiguous = join_records([r for r in records if r.names], hand_owner)
    ownership = Ownership(hand_owner, {variant_key(d["name"]): d["to"] for d in curation.decisions("assign_names")},
                          _claims(groups), ambiguous)
    entries, keys = [], set()
    for i, members in enumerate(groups):
        entry = _entry(members, i, ownership, dropped, keys)
        if entry is not None:
            entries.append(entry)
    _link_people(entries)
    return sorted(entries, key=lambda e: (e["type"], e["key"]))


def _claims(groups: list[list[Record]]) -> dict:
    """Which entries claim each name; a name that is one entry's main name and others' alias is that entry's."""
    claims, mains = defaultdict(set), defaultdict(set)
    for i, members in enumerate(groups):
        for r in members:
            mains[(r.type, variant_key(r.names[0].text))].add(i)
            for n in r.names:
                claims[(r.type, variant_key(n.text))].add(i)
    return {k: (mains[k] if len(mains[k]) == 1 and len(v) > 1 else v) for k, v in claims.items()}


def _entry(members: list[Record], index: int, ownership: Ownership, dropped: list, keys: set) -> dict | None:
    etype = members[0].type
    anchor = next((r.anchor for r in members if r.anchor), None)
    names: dict[str, dict] = {}
    for r in sorted(members, key=lambda r: DISPLAY_ORDER.index(r.list)):
        for n in r.names:
            key = variant_key(n.text)
            reason = ownership.problem((etype, key), index, anchor, members)
            if reason:
                dropped.append([n.text, r.ref, reason])
                continue
            slot = names.setdefault(key, {"name": n.text, "case_sensitive": _exact_case(n.text), "sources": []})
            slot["sources"].append({"list": n.list, "id": n.list_id, "spelling": n.spelling})
    if not names:
        return None
    display_name = next(iter(names.values()))["name"]
    key = anchor or _unique_key(display_name, etype, keys)
    keys.add(key)
    entry = {"key": key, "type": etype, "name": display_name, "names": list(names.values()),
             "refs": sorted({r.ref for r in members})}
    if anchor:
        entry["same_as"] = anchor
    countries = Counter(r.country for r in members if r.country)
    if countries:
        entry["country"] = countries.most_common(1)[0][0]
    linked = sorted({r.linked_to for r in members if r.linked_to})
    if linked:
        entry["linked_to"] = linked
    return entry


def _exact_case(name: str) -> bool:
    """Acronyms and one-word names match only as written ('LeT', 'Hamas'), never as a common word."""
    return is_acronym(name) or len(name.split()) == 1


def _unique_key(name: str, etype: str, keys: set) -> str:
    base = "ref_" + (re.sub(r"[^a-z0-9]+", "_", fold(name)).strip("_")[:50] or etype)
    key, n = base, 2
    while key in keys:
        key, n = f"{base}_{n}", n + 1
    return key


def _link_people(entries: list[dict]) -> None:
    """A person's 'linked_to' names become registry keys ('affiliation') where a group entry carries that name."""
    by_name = {variant_key(n["name"]): e["key"] for e in entries if e["type"] == "group" for n in e["names"]}
    for e in entries:
        if e["type"] == "person":
            keys = sorted({by_name[variant_key(n)] for n in e.pop("linked_to", []) if variant_key(n) in by_name})
            if keys:
                e["affiliation"] = keys


def _counts(entries: list[dict], dropped: list) -> dict:
    by_list = Counter(s["list"] for e in entries for n in e["names"] for s in n["sources"])
    return {
        "groups": sum(e["type"] == "group" for e in entries),
        "groups_linked_to_hand_entries": sum(e["type"] == "group" and "same_as" in e for e in entries),
        "people": sum(e["type"] == "person" for e in entries),
        "names": sum(len(e["names"]) for e in entries),
        "name_sources_by_list": dict(sorted(by_list.items())),
        "dropped_names": len(dropped),
        "dropped_by_rule": dict(Counter(_rule_of(d[2]) for d in dropped).most_common()),
    }


def _rule_of(reason: str) -> str:
    """The rule of a drop reason, without the entry it names."""
    return reason.split(":")[0].split(" (")[0]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


_LONG_PARTS = ("entities", "countries", "non_armed", "ambiguous", "dropped")


def registry_json(registry: dict) -> str:
    """The file's text: one entry per line, so a rebuild's diff reads entry by entry."""
    head = {k: v for k, v in registry.items() if k not in _LONG_PARTS}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ","]
    for name in _LONG_PARTS:
        value = registry[name]
        items = [json.dumps(v, ensure_ascii=False) for v in value] if isinstance(value, list) else \
            [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in value.items()]
        opener, closer = ("[", "]") if isinstance(value, list) else ("{", "}")
        lines.append(f'"{name}": {opener}\n' + ",\n".join(items) + f"\n{closer}" + ("," if name != "dropped" else ""))
    return "\n".join(lines) + "}\n"


def write_registry(registry: dict, path: Path) -> None:
    path.write_text(registry_json(registry), encoding="utf-8")
