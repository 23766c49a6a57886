"""Precision as a number: a random sample of extracted facts for a person to judge, and the judged precision.

Each sampled item is one extraction with the quote it stands on: a relation, an event report, or a claim
as one source stated it, or an entity with the names the reports use for it and the sentence of its
first mention. The judge reads the quote and gives one verdict (VERDICTS); precision per kind is the
share judged correct. Items are drawn with `random.Random(f"{seed}:{kind}")` over ids in id order, so a
seed and a knowledge base give the same sample again.
"""

from __future__ import annotations

import random

from ..errors import BadJudgement
from .views import entity_names, used_entity_ids

KINDS = ("relation", "event", "claim", "entity")
VERDICTS = ("correct", "wrong type", "wrong argument", "wrong modality", "wrong date", "not stated")


def sample_facts(store, n: int, kind: str | None = None, seed: int | None = None) -> dict:
    """Up to n items of each kind asked for (all kinds by default), with what a judge needs to see."""
    seed = random.randrange(10**6) if seed is None else seed
    ctx = _Context(store)
    items, available = [], {}
    for k in (kind,) if kind else KINDS:
        keys = sorted(ctx.ids(k))
        available[k] = len(keys)
        picked = sorted(random.Random(f"{seed}:{k}").sample(keys, min(n, len(keys))))
        items += [ctx.item(k, key) for key in picked]
    return {"seed": seed, "n": n, "available": available, "items": items}


def judged_precision(judged: list[dict]) -> dict:
    """Per kind: items, judged, correct, precision (correct / judged) and the count of each verdict."""
    out: dict[str, dict] = {}
    for item in judged:
        row = out.setdefault(item["kind"], {"items": 0, "judged": 0, "correct": 0, "precision": None,
                                            "verdicts": {v: 0 for v in VERDICTS}})
        row["items"] += 1
        verdict = normalise_verdict(item.get("verdict"), item.get("key", "?"))
        if verdict:
            row["judged"] += 1
            row["verdicts"][verdict] += 1
    for row in out.values():
        row["correct"] = row["verdicts"]["correct"]
        row["precision"] = round(row["correct"] / row["judged"], 3) if row["judged"] else None
    return {k: out[k] for k in KINDS if k in out}


def normalise_verdict(text: str | None, key: str) -> str | None:
    """'Wrong_Type' -> 'wrong type'; blank -> None (not judged yet); anything else is an error naming the item."""
    verdict = " ".join((text or "").lower().replace("_", " ").replace("-", " ").split())
    if not verdict:
        return None
    if verdict not in VERDICTS:
        raise BadJudgement(f"Unknown verdict {text!r} for {key}. Write one of: {', '.join(VERDICTS)} "
                           "(or leave it blank to skip the item).")
    return verdict


class _Context:
    """The rows and names the items are built from, read once."""

    def __init__(self, store):
        self.store = store
        self.names = entity_names(store)
        self.docs = {d["id"]: d for d in store.documents()}
        self._rows: dict[str, dict] = {}
        self._mentions: dict[str, list[dict]] | None = None

    def ids(self, kind: str) -> list:
        if kind == "entity":     # what the entity lists show: no generic group that no fact names
            listed = used_entity_ids(self.store)
            return [e for e in self._first_mentions() if e in listed]
        rows = {"relation": self.store.relations, "event": self.store.event_reports, "claim": self.store.claims}[kind]()
        self._rows.update({f"{kind}:{r['id']}": r for r in rows})
        return [r["id"] for r in rows]

    def item(self, kind: str, key) -> dict:
        if kind == "entity":
            return self._entity(key)
        row = self._rows[f"{kind}:{key}"]
        statement, details = {"relation": self._relation, "event": self._event, "claim": self._claim}[kind](row)
        return {"kind": kind, "key": f"{kind}:{key}", "statement": statement, "details": details,
                "quote": row["quote"], "doc": row["doc_id"], "doc_name": self._doc_name(row["doc_id"]),
                "start": row["ev_start"], "end": row["ev_end"]}

    def _name(self, entity_id: str | None) -> str:
        return self.names.get(entity_id, entity_id) if entity_id else "?"

    def _doc_name(self, doc_id: str) -> str:
        return ((self.docs.get(doc_id) or {}).get("path") or doc_id).rsplit("/", 1)[-1]

    def _relation(self, r: dict) -> tuple[str, list[str]]:
        when = f"{r['start'] or '?'} → {r['end'] or ''}".strip() if r["start"] or r["end"] else "no date"
        details = [when] + ([r["end_reason"]] if r["end_reason"] else []) + [r["modality"]]
        return f"{self._name(r['subject_id'])} —{r['type']}→ {self._name(r['object_id'])}", details

    def _event(self, r: dict) -> tuple[str, list[str]]:
        roles: dict[str, list[str]] = {}
        for a in r["actors"]:
            roles.setdefault(a["role"], []).append(self._name(a["entity_id"]))
        details = [r["date"] or "no date"] + [f"{role}: {', '.join(names)}" for role, names in sorted(roles.items())]
        for label in ("killed", "injured"):
            if r[f"{label}_low"] is not None:
                details.append(f"{label} {_figure(r[f'{label}_low'], r[f'{label}_high'])}")
        details.append(r["modality"])
        place = f" at {self._name(r['place_id'])}" if r["place_id"] else ""
        return f"{r['subtype'] or r['type']}{place}", details

    def _claim(self, r: dict) -> tuple[str, list[str]]:
        unit = "" if r["unit"] == "count" else f" {r['unit']}"
        details = [f"as of {r['as_of']}" if r["as_of"] else "no date"]
        if r["attributed_to"]:
            details.append(f"according to {r['attributed_to']}")
        if r["hedge"]:
            details.append(f"hedge: {r['hedge']}")
        return f"{self._name(r['subject_id'])} {r['attribute']}: {_figure(r['low'], r['high'])}{unit}", details

    def _first_mentions(self) -> dict[str, list[dict]]:
        """Mentioned entities (after analyst merges) -> their mentions in document order."""
        if self._mentions is None:
            canon = self.store.canonical_map()
            self._mentions = {}
            for m in self.store.mentions():
                if m["entity_id"]:
                    self._mentions.setdefault(canon.get(m["entity_id"], m["entity_id"]), []).append(m)
        return self._mentions

    def _entity(self, entity_id: str) -> dict:
        mentions = self._first_mentions()[entity_id]
        first = mentions[0]
        text = (self.store.document(first["doc_id"]) or {}).get("text", "")
        entity = self.store.entity(entity_id) or {"type": "?"}
        names = list(dict.fromkeys(m["text"] for m in mentions))
        details = [f"{len(mentions)} mentions in {len({m['doc_id'] for m in mentions})} documents",
                   "named: " + "; ".join(names[:12]) + (" …" if len(names) > 12 else "")]
        return {"kind": "entity", "key": f"entity:{entity_id}", "statement": f"{self._name(entity_id)} ({entity['type']})",
                "details": details, "quote": text[first["sent_start"]:first["sent_end"]], "doc": first["doc_id"],
                "doc_name": self._doc_name(first["doc_id"]), "start": first["sent_start"], "end": first["sent_end"]}


def _figure(low, high) -> str:
    fmt = lambda x: f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"  # noqa: E731
    return fmt(low) if low == high or high is None else f"{fmt(low)}–{fmt(high)}"
