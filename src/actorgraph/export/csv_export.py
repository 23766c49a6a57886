"""Tables as CSV: events with ACLED column names (plus UCDP-style low/best/high), claims and relations.

How each events column is filled is documented in docs/exports.md; in short, `fatalities` takes the
lowest figure any source gives (ACLED's conservative rule) and a disagreement is written into `notes`.
"""

from __future__ import annotations

import csv
import io

from ..analyze import views
from ..analyze.views import unique
from ..errors import ActorgraphError

EVENT_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "country", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities",
    "low", "best", "high", "source_original", "actorgraph_type", "actorgraph_subtype", "actorgraph_date",
)
CLAIM_COLUMNS = ("id", "subject", "subject_name", "attribute", "low", "high", "unit", "as_of", "attributed_to",
                 "hedge", "subject_note", "source_title", "source_outlet", "doc", "quote")
RELATION_COLUMNS = ("id", "subject", "subject_name", "type", "object", "object_name", "start", "end", "end_reason",
                    "modality", "modalities", "confidence", "independent_sources", "citations", "date_disagreement",
                    "notes", "docs", "quotes", "extractors")
TABLES = ("events", "claims", "relations")

# (words in our subtype or type, ACLED event_type, ACLED sub_event_type), first match wins
ACLED_TYPES = (
    (("suicide",), "Explosions/Remote violence", "Suicide bomb"),
    (("drone", "air strike", "airstrike", "strike"), "Explosions/Remote violence", "Air/drone strike"),
    (("shell", "mortar", "rocket", "artillery", "missile"), "Explosions/Remote violence",
     "Shelling/artillery/missile attack"),
    (("ied", "bomb", "explos", "landmine", "mine"), "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    (("grenade",), "Explosions/Remote violence", "Grenade"),
    (("kidnap", "abduct", "hostage"), "Violence against civilians", "Abduction/forced disappearance"),
    (("massacre", "execution", "beheading"), "Violence against civilians", "Attack"),
    (("clash", "raid", "battle", "firefight", "ambush", "assault"), "Battles", "Armed clash"),
    (("announcement", "pledge", "founding", "formation", "arrest", "surrender"), "Strategic developments", "Other"),
)
CIVILIAN_WORDS = ("civilian", "worshipper", "people", "student", "passenger", "shopper", "pilgrim", "children",
                  "women", "wedding", "mosque", "school", "hospital", "shrine", "market")
TIME_PRECISION = {"day": 1, "month": 3, "year": 3, "approximate": 3}


def csv_table(store, table=None) -> tuple[str, str]:
    """FORMATS entry: `--table events` (default), `claims` or `relations` as CSV."""
    table = table or "events"
    if table not in TABLES:
        raise ActorgraphError(f"No CSV table {table!r}; choose --table {', '.join(TABLES)}.")
    columns, rows = {"events": (EVENT_COLUMNS, event_rows), "claims": (CLAIM_COLUMNS, claim_rows),
                     "relations": (RELATION_COLUMNS, relation_rows)}[table]
    data = rows(store)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in data:
        writer.writerow({k: cell(row.get(k)) for k in columns})
    return buf.getvalue(), f"{len(data)} {table}"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def cell(value) -> object:
    """A CSV cell that a spreadsheet shows as text: text starting like a formula gets a leading apostrophe.

    Quotes and names come from untrusted reports; '=cmd|...' must never run in Excel or LibreOffice.
    Numbers stay numbers.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


# -- events ---------------------------------------------------------------------------------
def event_rows(store) -> list[dict]:
    """One row per event from views.timeline, filled the ACLED way."""
    entities = {e["id"]: e for e in store.entities(include_merged=True)}
    docs = {d["id"]: d for d in store.documents()}
    return [event_row(ev, entities, docs) for ev in views.timeline(store)]


def event_row(ev: dict, entities: dict, docs: dict) -> dict:
    from .graph import period

    event_type, sub_event_type = acled_type(ev)
    place = entities.get(ev["place"] or "", {})
    attrs = place.get("attrs") or {}
    lat, lon = attrs.get("lat", attrs.get("latitude")), attrs.get("lon", attrs.get("longitude"))
    span = period(ev["date"])
    low, best, high = fatality_range(ev)
    perpetrators = [p["name"] or p["id"] for p in ev["perpetrators"]]
    others = [a["name"] or a["id"] for a in ev["about"]]
    victims = unique(v for rep in ev["reports"] for v in rep["victims"] + rep["targets"])
    side2 = others or victims
    return {
        "event_id_cnty": ev["id"], "event_date": span[0].isoformat() if span else "",
        "year": span[0].year if span else "",
        "time_precision": TIME_PRECISION.get(ev["date_precision"] or "", 3 if ev["date"] else ""),
        "disorder_type": _disorder(event_type), "event_type": event_type, "sub_event_type": sub_event_type,
        "actor1": perpetrators[0] if perpetrators else "", "assoc_actor_1": "; ".join(perpetrators[1:]),
        "actor2": side2[0] if side2 else "", "assoc_actor_2": "; ".join(side2[1:]),
        "country": attrs.get("country", ""), "location": ev["place_name"] or "",
        "latitude": lat if lat is not None else "", "longitude": lon if lon is not None else "",
        "geo_precision": _geo_precision(place, lat),
        "source": "; ".join(unique(_source_name(docs.get(r["doc"], {}), r["doc"]) for r in ev["reports"])),
        "source_scale": "", "notes": _notes(ev, docs, low, high),
        "fatalities": low if low is not None else "", "low": low, "best": best, "high": high,
        "source_original": "; ".join(unique(_original(r) for r in ev["reports"])),
        "actorgraph_type": ev["type"], "actorgraph_subtype": ev["subtype"] or "", "actorgraph_date": ev["date"] or "",
    }


def acled_type(ev: dict) -> tuple[str, str]:
    """ACLED event_type and sub_event_type from our type and subtype (table ACLED_TYPES)."""
    words = f"{ev['subtype'] or ''} {ev['type'] or ''}".lower()
    for needles, event_type, sub in ACLED_TYPES:
        if any(n in words for n in needles):
            return event_type, sub
    victims = " ".join(v for rep in ev["reports"] for v in rep["victims"] + rep["targets"]).lower()
    if "attack" in words and any(w in victims for w in CIVILIAN_WORDS):
        return "Violence against civilians", "Attack"
    if "attack" in words:
        return "Battles", "Armed clash"
    return "Strategic developments", "Other"


def fatality_range(ev: dict) -> tuple:
    """(low, best, high) killed across sources: lowest low, median of each source's figure, highest high."""
    lows = [r["killed"]["low"] for r in ev["reports"] if r["killed"] and r["killed"]["low"] is not None]
    highs = [r["killed"]["high"] for r in ev["reports"] if r["killed"] and r["killed"]["high"] is not None]
    if not lows and not highs and ev["killed"]:
        lows = [ev["killed"]["low"]] if ev["killed"]["low"] is not None else []
        highs = [ev["killed"]["high"]] if ev["killed"]["high"] is not None else []
    if not lows and not highs:
        return None, None, None
    points = sorted(_point(r["killed"]) for r in ev["reports"] if r["killed"]) or sorted(lows + highs)
    mid = len(points) // 2
    best = points[mid] if len(points) % 2 else round((points[mid - 1] + points[mid]) / 2)
    low = min(lows or highs)
    high = max(highs or lows)
    return low, best, high


def _point(killed: dict):
    low, high = killed["low"], killed["high"]
    if low is None or high is None:
        return low if high is None else high
    return low if low == high else round((low + high) / 2)


def _notes(ev: dict, docs: dict, low, high) -> str:
    parts = [ev["label"] or ev["type"]]
    if ev["date_precision"] and ev["date_precision"] != "day" and ev["date"]:
        parts.append(f"Date precision {ev['date_precision']}: {ev['date']}; event_date is the first day of it.")
    figures = [(r, _figure(r["killed"])) for r in ev["reports"] if r["killed"]]
    if low is not None and high is not None and low != high:
        said = "; ".join(f"{_source_name(docs.get(r['doc'], {}), r['doc'])}: {fig}" for r, fig in figures)
        parts.append(f"Sources disagree on fatalities ({said}); fatalities gives the lowest.")
    return " ".join(p.rstrip(".") + "." for p in parts if p)


def _figure(killed: dict) -> str:
    low, high = killed["low"], killed["high"]
    return str(low) if low == high else f"{low}-{high}"


def _original(report: dict) -> str:
    who = {"claimed": "claimed by the perpetrator", "attributed": "attributed by officials",
           "alleged": "alleged", "denied": "denied"}.get(report["modality"], "")
    return who


def _source_name(doc: dict, doc_id: str) -> str:
    return doc.get("outlet") or doc.get("title") or doc_id


def _geo_precision(place: dict, lat) -> int | str:
    """ACLED geo_precision: 1 a town or exact spot, 2 near or a part of a region, 3 a province or larger.
    A place at coordinates borrowed from a place containing it (approximate) is at best 2."""
    if not place:
        return ""
    attrs = place.get("attrs") or {}
    kind = str(attrs.get("kind", "")).lower()
    if kind in ("country", "province", "region", "state"):
        return 3
    if kind in ("district",) or attrs.get("approximate"):
        return 2
    return 1 if lat is not None else 2


def _disorder(event_type: str) -> str:
    return "Strategic developments" if event_type == "Strategic developments" else "Political violence"


# -- claims and relations -------------------------------------------------------------------
def claim_rows(store) -> list[dict]:
    return [{**{k: _number(c[k]) for k in CLAIM_COLUMNS if k in c}, "doc": c["evidence"]["doc"],
             "quote": c["evidence"]["quote"]} for c in views.claims(store)]


def _number(value):
    """1500.0 -> 1500, so figures read as the sources wrote them."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def relation_rows(store) -> list[dict]:
    return [relation_row(r) for r in views.relations(store)]


def relation_row(fact: dict) -> dict:
    """One row per fact; its citations' documents and quotes joined, one quote per line of the cell."""
    citations = fact["citations"]
    return {**{k: fact[k] for k in RELATION_COLUMNS[:10]}, "modalities": "; ".join(fact["modalities"]),
            "confidence": fact["confidence"], "independent_sources": fact["independent_sources"],
            "citations": len(citations), "date_disagreement": _disagreement_text(fact["date_disagreement"]),
            "notes": "; ".join(fact["notes"]), "docs": "; ".join(unique(c["evidence"]["doc"] for c in citations)),
            "quotes": "\n".join(f"[{c['evidence']['doc']}] {c['evidence']['quote']}" for c in citations),
            "extractors": "; ".join(unique(c["evidence"]["extractor"] for c in citations))}


def _disagreement_text(disagreement: dict) -> str:
    """{'start': [{'date': '2017', 'docs': [...]}, ...]} -> 'start: 2017 (d1) vs 2020 (d2)'."""
    return "; ".join(f"{which}: " + " vs ".join(f"{s['date']} ({', '.join(s['docs'])})" for s in sides)
                     for which, sides in disagreement.items())
