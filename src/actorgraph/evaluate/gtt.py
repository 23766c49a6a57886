"""Template-filling scores under the GTT convention (Du, Rush & Cardie 2021), used by MUC-4 papers.

Per document, predicted templates are mapped one-to-one onto gold templates, choosing the mapping
with the best document micro F1. A pair counts only when the predicted incident type is a
substring of the gold one ("attack" matches "attack / bombing"). Within a matched pair the incident
type scores one hit each way, and a predicted entity (a list of mention strings) is correct when
every one of its mentions is among the mentions of some gold entity of that role, after lower-casing
and dropping punctuation and the articles a/an/the. Unmatched templates count all their slots as
spurious (predicted) or missing (gold). Totals are micro-averaged over the incident type and the
five roles. The numbers equal those of the published scorer (eval.py in xinyadu/gtt), including its
tie-breaking: the first mapping, in its enumeration order, that reaches the best document F1 wins.
"""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Iterable, Mapping

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
KEYS = ("incident_type",) + ROLES
MICRO = "micro_avg"

_PUNCT = set(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b", re.UNICODE)

Counts = dict[str, list[int]]  # key -> [p_num, p_den, r_num, r_den]


def normalize_mention(text: str) -> str:
    """Lower-case, drop ASCII punctuation, then the articles a/an/the, then squeeze whitespace."""
    text = "".join(ch for ch in text.lower() if ch not in _PUNCT)
    return " ".join(_ARTICLES.sub(" ", text).split())


def gold_templates(raw_templates: Iterable[Mapping]) -> list[dict]:
    """Gold templates as the scorer sees them: offsets dropped, empty entities dropped, duplicates dropped."""
    templates: list[dict] = []
    for raw in raw_templates:
        template = {}
        for key, value in raw.items():
            if key == "incident_type":
                template[key] = value
            else:
                template[key] = [[pair[0] for pair in entity] for entity in value if entity]
        if template not in templates:
            templates.append(template)
    return templates


def _normalized(template: Mapping) -> dict:
    incident = template.get("incident_type")
    out = {"incident_type": incident if isinstance(incident, str) else "attack"}
    for role in ROLES:
        entities = template.get(role) or []
        out[role] = [[normalize_mention(m) for m in ([e] if isinstance(e, str) else e)] for e in entities]
    return out


def _entity_matches(gold_entity: list[str], pred_entity: list[str]) -> bool:
    """A predicted entity matches when all its mentions are mentions of the gold entity."""
    return all(m in gold_entity for m in pred_entity)


def _pair_hits(pred: dict, gold: dict) -> dict[str, tuple[int, int]] | None:
    """(precision hits, recall hits) per key for one pred/gold pair; None when the types don't match."""
    if pred["incident_type"] not in gold["incident_type"]:
        return None
    hits = {"incident_type": (1, 1)}
    for role in ROLES:
        p_hits = sum(any(_entity_matches(g, p) for g in gold[role]) for p in pred[role])
        r_hits = sum(any(_entity_matches(g, p) for p in pred[role]) for g in gold[role])
        hits[role] = (p_hits, r_hits)
    return hits


def _slot_count(template: dict, key: str) -> int:
    return 1 if key == "incident_type" else len(template[key])


def f1(p_num: int, p_den: int, r_num: int, r_den: int) -> float:
    p = 0 if p_den == 0 else p_num / float(p_den)
    r = 0 if r_den == 0 else r_num / float(r_den)
    return 0 if p + r == 0 else 2 * p * r / (p + r)


def score_document(pred_templates: list[Mapping], gold: list[Mapping]) -> tuple[Counts, dict[int, int]]:
    """Counts for one document under its best mapping, and that mapping (pred index -> gold index or -1).

    `gold` must already be in scorer form (see gold_templates); mentions are normalized here.
    """
    preds = [_normalized(t) for t in pred_templates]
    golds = [_normalized(t) for t in gold]
    dens = {k: (sum(_slot_count(t, k) for t in preds), sum(_slot_count(t, k) for t in golds)) for k in KEYS}
    p_den = sum(d[0] for d in dens.values())
    r_den = sum(d[1] for d in dens.values())
    pair = {(i, j): _pair_hits(p, g) for i, p in enumerate(preds) for j, g in enumerate(golds)}

    choices = list(range(len(golds))) + [-1]
    best_f1, best_map = None, None
    for combo in itertools.product(choices, repeat=len(preds)):
        used = [j for j in combo if j != -1]
        if len(used) != len(set(used)):
            continue
        p_num = r_num = 0
        for i, j in enumerate(combo):
            hits = pair.get((i, j))
            if hits:
                p_num += sum(h[0] for h in hits.values())
                r_num += sum(h[1] for h in hits.values())
        score = f1(p_num, p_den, r_num, r_den)
        if best_f1 is None or score > best_f1:
            best_f1, best_map = score, combo

    counts: Counts = {k: [0, dens[k][0], 0, dens[k][1]] for k in KEYS}
    for i, j in enumerate(best_map):
        hits = pair.get((i, j))
        for key, (p_hit, r_hit) in (hits or {}).items():
            counts[key][0] += p_hit
            counts[key][2] += r_hit
    return counts, dict(enumerate(best_map))


def _prf(p_num: int, p_den: int, r_num: int, r_den: int) -> dict:
    return {
        "p": 0 if p_num == 0 else p_num / float(p_den),
        "r": 0 if r_num == 0 else r_num / float(r_den),
        "f1": f1(p_num, p_den, r_num, r_den),
        "p_num": p_num, "p_den": p_den, "r_num": r_num, "r_den": r_den,
    }


def score(preds: Mapping[str, list[Mapping]], golds: Mapping[str, list[Mapping]]) -> dict:
    """P/R/F1 per key and micro-averaged ("micro_avg") over every gold document.

    `preds` maps a document id to its predicted templates (a missing id counts as no template);
    `golds` maps the same ids to gold templates in scorer form (see gold_templates).
    """
    totals = {k: [0, 0, 0, 0] for k in KEYS}
    for docid, gold in golds.items():
        counts, _ = score_document(preds.get(docid, []), gold)
        for key in KEYS:
            totals[key] = [a + b for a, b in zip(totals[key], counts[key])]
    report = {key: _prf(*totals[key]) for key in KEYS}
    micro = [sum(totals[k][i] for k in KEYS) for i in range(4)]
    report[MICRO] = _prf(*micro)
    return report
