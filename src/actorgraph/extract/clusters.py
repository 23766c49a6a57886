"""Within-document clustering: the mentions in one report that name the same thing.

Registry keys, equal names (spelling variants folded), abbreviations the text defines,
short person names ('Muhajir' -> 'Shabab al-Muhajir') and bare group heads ('Khorasan' ->
'the Khorasan group'). Each joined name keeps the reason it joined.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..models import Extraction, Mention
from ..names import fold, is_acronym, variant_key
from .mentions import initials_spell
from .registry import Registry

GENERIC_TAILS = {"group", "cell", "network", "movement", "front", "organization", "organisation", "faction", "party"}
TYPE_PRIORITY = {"group": 3, "person": 2, "place": 1, "other": 0}


@dataclass
class Cluster:
    """Mentions in one document that name the same thing."""

    mentions: list[Mention]
    type: str
    key: str | None = None
    reasons: dict[str, str] = field(default_factory=dict)   # surface name -> why it joined
    scope: str | None = None     # a generic group's country (ISO code); None for named things

    @property
    def generic(self) -> bool:
        """A group the text names only by a descriptor ('Fulani extremists'): resolved per country, never by name."""
        return all(m.source == "descriptor" for m in self.mentions)

    @property
    def names(self) -> list[str]:
        seen, out = set(), []
        for m in self.mentions:
            if m.text not in seen:
                seen.add(m.text)
                out.append(m.text)
        return out

    def canonical(self, registry_names: dict[str, str]) -> str:
        if self.key and self.key in registry_names:
            return registry_names[self.key]
        names = [n for n in self.names if not is_acronym(n)] or self.names
        return max(names, key=lambda n: (len(n.split()), len(n)))


# -- within one document ----------------------------------------------------
def cluster_mentions(extraction: Extraction, registry: Registry, text: str = "") -> list[Cluster]:
    """Group a document's mentions: registry keys, equal names, defined abbreviations, short person names."""
    clusters: list[Cluster] = []
    by_key: dict[str, Cluster] = {}
    by_name: dict[tuple[str, str], Cluster] = {}
    local_short = _local_abbreviations(extraction, registry)
    for m in extraction.mentions:
        m = _apply_local_definition(m, local_short)
        target = (by_key.get(m.key) if m.key else None) or by_name.get((m.type, variant_key(m.text)))
        if target is None:
            target = Cluster([], m.type, m.key)
            clusters.append(target)
        elif target.key and m.key is None:
            target.reasons.setdefault(m.text, "same name as a registry name in this document")
        target.mentions.append(m)
        if m.key:
            by_key[m.key] = target
        by_name[(m.type, variant_key(m.text))] = target
    clusters = _join_abbreviations(clusters, extraction)
    clusters = _join_aliases(clusters, text)
    clusters = _join_short_person_names(clusters)
    clusters = _join_group_heads(clusters, text)
    entries = registry.by_key()
    for c in clusters:
        c.type = _cluster_type(c, entries)
    return clusters


def _cluster_type(cluster: Cluster, entries: dict) -> str:
    """A registry entry's own type ('BLA', defined in the text, is still the armed group the registry says);
    otherwise the strongest type among the mentions."""
    if cluster.key in entries:
        return entries[cluster.key].type
    if cluster.key:
        return cluster.type
    return max((m.type for m in cluster.mentions), key=lambda t: TYPE_PRIORITY.get(t, 0))


def _local_abbreviations(extraction: Extraction, registry: Registry) -> dict[str, tuple[str, str | None, bool]]:
    """Short forms this document defines -> (long form, its registry key if any, whether the initials spell it)."""
    out = {}
    for short, long, span in extraction.abbreviations:
        long_mention = next((m for m in extraction.mentions if m.start <= span[0] < m.end), None)
        out.setdefault(short, (long, long_mention.key if long_mention else None, initials_spell(short, long)))
    return out


def _apply_local_definition(m: Mention, local_short: dict) -> Mention:
    """A short form the document clearly defines means what the document says, not what the registry says."""
    if m.text in local_short:
        long, long_key, strict = local_short[m.text]
        if m.key != long_key and strict:
            # the short form takes whatever type its long form has
            return Mention(m.start, m.end, m.text, m.label, "other", m.sent_start, m.sent_end, "abbreviation", long_key)
    return m


def _join_abbreviations(clusters: list[Cluster], extraction: Extraction) -> list[Cluster]:
    for short, long, span in extraction.abbreviations:
        long_cluster = _cluster_at(clusters, span) or _cluster_named(clusters, long)
        if long_cluster is None:
            continue
        key = variant_key(short)
        for short_cluster in [c for c in clusters if c is not long_cluster and any(variant_key(n) == key for n in c.names)]:
            if long_cluster.key and short_cluster.key and long_cluster.key != short_cluster.key:
                continue
            _absorb(long_cluster, short_cluster, f"abbreviation defined in the text: {long} ({short})")
            clusters.remove(short_cluster)
    return clusters


_ALIAS_BETWEEN = re.compile(r"\s+(?:alias|aka|a\.k\.a\.)\s+")


def _join_aliases(clusters: list[Cluster], text: str) -> list[Cluster]:
    """'Ishfaq Dar alias Abu Akram': two names the text joins with 'alias' are one person."""
    by_mention = {(m.start, m.end): c for c in clusters for m in c.mentions}
    spans = sorted(by_mention)
    for (a_start, a_end), (b_start, b_end) in zip(spans, spans[1:]):
        first, second = by_mention[(a_start, a_end)], by_mention[(b_start, b_end)]
        if first is second or first.type != "person" or second.type != "person" or second not in clusters:
            continue
        if _ALIAS_BETWEEN.fullmatch(text[a_end:b_start]) and not (first.key and second.key):
            _absorb(first, second, f"the text gives it as an alias: {text[a_start:b_end]}")
            clusters.remove(second)
            for m in second.mentions:
                by_mention[(m.start, m.end)] = first
    return clusters


def _join_short_person_names(clusters: list[Cluster]) -> list[Cluster]:
    """'Muhajir' or 'Hafiz Saeed' join the longer name they are part of, met earlier in the document."""
    people = [c for c in clusters if c.type == "person" or (c.type == "other" and not c.key and len(c.names) == 1
                                                          and len(c.names[0].split()) == 1)]
    for short in sorted(people, key=lambda c: min(len(_name_tokens(n)) for n in c.names)):
        if short not in clusters:
            continue
        tokens = min((_name_tokens(n) for n in short.names), key=len)
        first_seen = min(m.start for m in short.mentions)
        candidates = [c for c in clusters if c is not short and c.type == "person"
                      and any(_is_part_of(tokens, _name_tokens(n)) for n in c.names)]
        if not candidates:
            continue
        before = [c for c in candidates if min(m.start for m in c.mentions) < first_seen] or candidates
        target = min(before, key=lambda c: abs(min(m.start for m in c.mentions) - first_seen))
        reason = f"short form of '{target.names[0]}' in the same document"
        if short.key and target.key and short.key != target.key:
            # The report's own full name beats a registry match of the short one: 'Hafiz Saeed' beside
            # 'Hafiz Saeed Khan' is Hafiz Saeed Khan, not the Lashkar-e-Taiba founder.
            reason += f" (not registry entry {short.key})"
            short.key = None
        _absorb(target, short, reason)
        short.type = "person"
        clusters.remove(short)
    return clusters


def _join_group_heads(clusters: list[Cluster], text: str) -> list[Cluster]:
    """'Khorasan' joins 'the Khorasan group' when the document names that group in full.

    A bare name after 'in', 'of', 'across'... stays a place: 'the Caliphate of Khorasan'.
    """
    heads = {}
    for c in clusters:
        if c.type != "group":
            continue
        for name in c.names:
            words = fold(name).split()
            if len(words) >= 2 and words[-1] in GENERIC_TAILS:
                heads[" ".join(words[:-1])] = c
    for c in list(clusters):
        target = heads.get(fold(c.names[0])) if len(c.names) == 1 else None
        if target is None or target is c or (c.key and target.key and c.key != target.key and c.type != "place"):
            continue
        moving = [m for m in c.mentions if not _LOCATIVE.search(text[max(0, m.start - 12):m.start])]
        if not moving:
            continue
        reason = f"short form of '{target.names[0]}' named in full in the same document"
        if len(moving) == len(c.mentions) and not c.key:
            _absorb(target, c, reason)
            clusters.remove(c)
        else:
            c.mentions = [m for m in c.mentions if m not in moving]
            target.mentions.extend(_as_group(m) for m in moving)
            target.reasons.setdefault(moving[0].text, reason)
    return clusters


_LOCATIVE = re.compile(r"\b(?:in|of|across|throughout|to|from|into|within|region|province)\s+(?:the\s+)?$", re.I)


def _as_group(m: Mention) -> Mention:
    return Mention(m.start, m.end, m.text, m.label, "group", m.sent_start, m.sent_end, m.source, None)


def _absorb(target: Cluster, other: Cluster, reason: str) -> None:
    target.mentions.extend(other.mentions)
    target.key = target.key or other.key
    for name in other.names:
        target.reasons.setdefault(name, reason)
    target.reasons.update({k: v for k, v in other.reasons.items() if k not in target.reasons})


def _cluster_at(clusters: list[Cluster], span) -> Cluster | None:
    for c in clusters:
        if any(m.start <= span[0] < m.end or (span[0] <= m.start < span[1]) for m in c.mentions):
            return c
    return None


def _cluster_named(clusters: list[Cluster], name: str) -> Cluster | None:
    key = variant_key(name)
    return next((c for c in clusters if any(variant_key(n) == key for n in c.names)), None)


def _name_tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s\-]+", fold(name)) if t and t not in ("al", "el", "ul", "ud")]


def _is_part_of(short: list[str], long: list[str]) -> bool:
    if len(short) >= len(long) or not short:
        return False
    if short == long[: len(short)] and len(short) >= 2:
        return True
    return short == long[-len(short):]


def scope_generic_groups(clusters: list[Cluster], registry: Registry) -> list[Cluster]:
    """Generic groups take the document's country: the one its known places lie in most often."""
    if not any(c.generic for c in clusters):
        return clusters
    entries = registry.by_key()
    countries = Counter(entries[c.key].attrs.get("country") for c in clusters
                        if c.type == "place" and c.key in entries for _ in c.mentions)
    countries.pop(None, None)
    top = countries.most_common(2)
    country = top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else None
    for c in clusters:
        if c.generic:
            c.scope = country
    return clusters
