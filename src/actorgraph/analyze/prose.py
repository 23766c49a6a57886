"""What an analyst reads about an entity: its description, founding, parent, lineage and references.

Entity attrs also hold the registry's machinery (descriptive-name patterns, names it must not be
confused with, case rules). Only the attrs named in PUBLIC_ATTRS leave the knowledge base, so a new
internal attr stays internal until someone decides it is for readers.
"""

from __future__ import annotations

PUBLIC_ATTRS = ("note", "founded", "died", "born", "parent", "formed_from", "affiliation", "refs", "generic",
                "kind", "country", "admin1", "admin2", "region", "lat", "lon", "approximate", "parents", "geonames_id",
                "population")

# registry ref prefix -> (the list it points into, a URL for one record when the list has stable ones)
REFERENCE_LISTS = {
    "un": ("UN Security Council Consolidated Sanctions List", None),
    "ofac": ("US Treasury OFAC sanctions list (SDN)", "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={id}"),
    "misp": ("MISP threat-actor galaxy", None),
}


def public_attrs(attrs: dict | None) -> dict:
    """The attrs a reader may see, in PUBLIC_ATTRS order."""
    attrs = attrs or {}
    return {k: attrs[k] for k in PUBLIC_ATTRS if attrs.get(k) not in (None, "", [])
            or (k == "approximate" and k in attrs)}


def describe(entity: dict, names: dict[str, str]) -> dict:
    """The entity's profile in prose terms: linked entities by name, references as readable citations."""
    attrs = public_attrs(entity.get("attrs"))
    parent = _linked(attrs.get("parent"), names)
    return {
        "description": attrs.get("note") if isinstance(attrs.get("note"), str) else None,
        "founded": attrs.get("founded"),
        "parent": parent[0] if parent else None,
        "formed_from": _linked(attrs.get("formed_from"), names),
        "affiliation": _linked(attrs.get("affiliation"), names),
        "born": attrs.get("born"),
        "died": attrs.get("died"),
        "place": _place(attrs),
        "references": references(attrs.get("refs")),
    }


def _place(attrs: dict) -> dict:
    """Where a place is: its kind, province, country or region, and coordinates when the gazetteer has them."""
    out = {"kind": attrs.get("kind"), "province": attrs.get("admin1"), "country": attrs.get("country"),
           "region": attrs.get("region"),
           "coordinates": [attrs["lat"], attrs["lon"]] if "lat" in attrs and "lon" in attrs else None}
    return {k: v for k, v in out.items() if v not in (None, "")}


def _linked(value, names: dict[str, str]) -> list[dict]:
    """Entity ids (one or a list) as {id, name}; ids the knowledge base does not hold keep their id as name."""
    ids = [value] if isinstance(value, str) else [v for v in value or [] if isinstance(v, str)]
    return [{"id": i, "name": names.get(i, i)} for i in ids]


def references(refs) -> list[dict]:
    """'ofac:18647' -> {source, id, list, url}: which public list holds the entity, under what record."""
    out = []
    for ref in refs or []:
        if not isinstance(ref, str) or ":" not in ref:
            continue
        source, record = ref.split(":", 1)
        listing, url = REFERENCE_LISTS.get(source, (source.upper(), None))
        out.append({"source": source, "id": record, "list": listing, "url": url.format(id=record) if url else None})
    return out
