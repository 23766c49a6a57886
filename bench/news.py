"""Score actorgraph on a development set of real news articles against hand-written gold facts.

The articles are public pages listed in bench/news/sources.json; their texts stay out of the repository
and live in a folder (default: news-dev/ beside the repository's parent, i.e. ../news-dev from ../shared),
rebuilt with scripts/fetch_news_dev.py. The gold is bench/news/gold.json, written by reading each article
under bench/news/GUIDELINES.md.

    .venv/bin/python bench/news.py [--folder /work/news-dev] [--kb existing.sqlite] [--json out.json]

Without --kb the folder is ingested into a temporary knowledge base with the current code; either way the
KB is exported with `actorgraph export --format json` (../shared/eval/FORMAT.md) and scored.

Gold shape (bench/news/gold.json)
---------------------------------
{"version": 1, "articles": {"<article id = file stem>": {
   "entities":  [{"name": "JNIM", "type": "group" | "person", "aliases": ["..."], "optional": false}],
   "relations": [{"subject": "Iyad Ag Ghaly", "type": "leader_of", "object": "JNIM",
                  "modality": "asserted" | "reported" | "alleged" | "denied", "start": "2017", "end": null,
                  "object_aliases": ["..."], "optional": false, "note": "..."}],
   "claims":    [{"subject": "ELN", "attribute": "fighters", "low": 2000, "high": 2000,
                  "attributed_to": null | ["who asserted it", "another spelling"], "as_of": "2015", "optional": false}],
   "events":    [{"type": "attack", "date": "2023-11-24" | "2023-11" | null,
                  "place": ["Niafunké", "Tombouctou", "Mali"],           # most specific first, then its parents
                  "perpetrators": [{"name": "JNIM", "modality": "claimed" | "attributed" | "alleged" | "asserted" | "denied",
                                    "aliases": ["only for actors that are not in entities, e.g. a state"]}],
                  "killed": [low, high], "injured": [low, high],        # victims; high null = "at least low"
                  "attackers_killed": [low, high], "optional": false}]}}}

Conventions: omitted keys take their defaults (modality "asserted", aliases [], optional false, missing
figures null). Relation subjects and objects name an entity of the same article; `subject`, `object` and
`type` may be lists of acceptable values; an operates_in object is a place, matched by its name and
`object_aliases`. An optional fact is not required for recall, and a prediction matching it is neither
right nor wrong (it is left out of precision): vague or implied statements are annotated that way.

How matching works
------------------
Names compare after folding case, accents, quotes, punctuation and a leading "the"; place names also lose
a trailing generic word (region, province, district...). A predicted entity stands for all its names
(name + aliases). Relations, claims and events are scored per article: a predicted fact belongs to an
article when one of its evidence quotes comes from that article's file.
- relations: same type and subject/object sharing a name with the gold ones (either direction for
  allied_with and hostile_to);
- claims: same subject and figures within 1 %; "attributed" also needs the source to agree (none when the
  gold has none, else one name containing the other);
- events: date-compatible (one date a prefix of the other, or either unknown) and place or perpetrator
  agreeing; then per field: date (prefix of the prediction), place (the most specific gold place),
  perpetrator, killed and injured (ranges overlap; killed also accepts a toll that includes the attackers);
- entities: over the whole KB, each exported group/person against the union of the gold entities.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent / "news"
REPO_ROOT = BENCH_DIR.parent.parent
SYMMETRIC = {"allied_with", "hostile_to"}
PLACE_SUFFIX = re.compile(r"\s+(region|province|district|department|governorate|state|territory|county)$")
FETCH_COMMAND = ".venv/bin/python scripts/fetch_news_dev.py {folder}"


def norm(name) -> str:
    """Fold case, accents, quotes and punctuation so spelling variants compare equal."""
    s = unicodedata.normalize("NFKD", str(name or ""))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[’'`‘]", "", s)
    s = re.sub(r"^the\s+", "", s)
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def norm_place(name) -> str:
    return PLACE_SUFFIX.sub("", norm(name))


def as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def ratio(hit: int, total: int):
    return round(hit / total, 3) if total else None


# -- the knowledge base ---------------------------------------------------------------------------

def default_folder() -> Path:
    sys.path.insert(0, str(REPO_ROOT / "src"))
    from actorgraph import settings
    return settings.shared_dir().parent / "news-dev"


def actorgraph_cli() -> list[str]:
    beside = Path(sys.executable).with_name("actorgraph")
    found = str(beside) if beside.exists() else shutil.which("actorgraph")
    return [found] if found else [sys.executable, "-m", "actorgraph.cli"]


def export_kb(folder: Path, kb: Path | None, workdir: Path) -> dict:
    """Ingest the folder into a fresh KB (unless one is given), then export it as JSON."""
    cli = actorgraph_cli()
    if kb is None:
        kb = workdir / "news.sqlite"
        subprocess.run(cli + ["ingest", str(folder), "--db", str(kb)], check=True, capture_output=True)
    out = workdir / "export.json"
    subprocess.run(cli + ["export", "--format", "json", "--db", str(kb), "-o", str(out)], check=True,
                   capture_output=True)
    return json.loads(out.read_text(encoding="utf-8"))


# -- scoring context --------------------------------------------------------------------------------

@dataclass
class Context:
    """The export indexed for scoring: names of each entity and the article of each document."""
    export: dict
    article_of_doc: dict = field(default_factory=dict)
    names_of: dict = field(default_factory=dict)
    place_names_of: dict = field(default_factory=dict)
    label_of: dict = field(default_factory=dict)

    @classmethod
    def build(cls, export: dict, article_ids: set[str]) -> "Context":
        ctx = cls(export)
        for d in export.get("documents", []):
            stem = Path(d.get("path") or "").stem
            if stem in article_ids:
                ctx.article_of_doc[d["id"]] = stem
        for e in export.get("entities", []):
            names = [e.get("name")] + list(e.get("aliases") or [])
            ctx.names_of[e["id"]] = {norm(n) for n in names if norm(n)}
            ctx.place_names_of[e["id"]] = {norm_place(n) for n in names if norm_place(n)}
            ctx.label_of[e["id"]] = f"{e.get('name')} ({e.get('type')})"
        return ctx

    def items_of(self, section: str, article: str) -> list[tuple[dict, dict]]:
        """(item, evidence) for each item of a section with evidence from the article, once per item."""
        found = []
        for item in self.export.get(section, []):
            ev = next((q for q in item.get("evidence") or [] if self.article_of_doc.get(q.get("doc")) == article), None)
            if ev is not None:
                found.append((item, ev))
        return found


class GoldArticle:
    """One article's gold with name lookups for its entities."""

    def __init__(self, article_id: str, gold: dict):
        self.id = article_id
        self.gold = gold
        self.entity_names = {}
        for e in gold.get("entities", []):
            names = {norm(n) for n in [e["name"]] + e.get("aliases", [])}
            self.entity_names[e["name"]] = names

    def names(self, value, extra=()) -> set[str]:
        """Every normalised name a gold argument (one name or a list) may be written as."""
        out = set()
        for v in as_list(value):
            out |= self.entity_names.get(v, {norm(v)})
        return out | {norm(x) for x in extra}

    def required(self, section: str) -> list[dict]:
        return [x for x in self.gold.get(section, []) if not x.get("optional")]


# -- relations --------------------------------------------------------------------------------------

def relation_matches(ctx: Context, art: GoldArticle, pred: dict, gold: dict) -> bool:
    if pred.get("type") not in as_list(gold["type"]):
        return False
    subj = art.names(gold["subject"])
    if pred["type"] == "operates_in":
        obj_names = {norm_place(n) for n in as_list(gold["object"]) + gold.get("object_aliases", [])}
        pred_obj = ctx.place_names_of.get(pred.get("object"), set())
    else:
        obj_names = art.names(gold["object"])
        pred_obj = ctx.names_of.get(pred.get("object"), set())
    pred_subj = ctx.names_of.get(pred.get("subject"), set())
    if pred_subj & subj and pred_obj & obj_names:
        return True
    if pred["type"] in SYMMETRIC:
        return bool(ctx.names_of.get(pred.get("object"), set()) & subj and pred_subj & obj_names)
    return False


def doc_modality(pred: dict, ev: dict) -> str:
    source = next((s for s in pred.get("sources") or [] if s.get("doc") == ev.get("doc")), None)
    return (source or pred).get("modality") or "asserted"


def score_relations(ctx: Context, art: GoldArticle) -> dict:
    preds = ctx.items_of("relations", art.id)
    gold_all = art.gold.get("relations", [])
    found, missing, modality_ok = 0, [], 0
    for g in art.required("relations"):
        hit = next(((p, ev) for p, ev in preds if relation_matches(ctx, art, p, g)), None)
        if hit is None:
            missing.append(describe_relation(g))
            continue
        found += 1
        modality_ok += doc_modality(*hit) == g.get("modality", "asserted")
    judged = judge(preds, gold_all, lambda p, g: relation_matches(ctx, art, p, g),
                   lambda p, ev: {"relation": f"{ctx.label_of.get(p['subject'])} {p['type']} {ctx.label_of.get(p['object'])}",
                                  "modality": doc_modality(p, ev), "quote": ev.get("quote")})
    return {"gold": len(art.required("relations")), "found": found, "modality_ok": modality_ok,
            **judged, "missing": missing}


def judge(preds: list[tuple[dict, dict]], gold_items: list[dict], matches, describe) -> dict:
    """Right: matches a required gold item; optional_matched: only optional ones; else wrong, described."""
    right, neutral, wrong = 0, 0, []
    for p, ev in preds:
        matched = [g for g in gold_items if matches(p, g)]
        if any(not g.get("optional") for g in matched):
            right += 1
        elif matched:
            neutral += 1
        else:
            wrong.append(describe(p, ev))
    return {"predicted": right + len(wrong), "right": right, "optional_matched": neutral,
            "unmatched_predictions": wrong}


def describe_relation(g: dict) -> str:
    kinds = "|".join(as_list(g["type"]))
    return f"{'|'.join(as_list(g['subject']))} {kinds} {'|'.join(as_list(g['object']))} ({g.get('modality', 'asserted')})"


# -- claims -----------------------------------------------------------------------------------------

def close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 0.01 * max(abs(float(b)), 1)


def claim_matches(ctx: Context, art: GoldArticle, pred: dict, gold: dict) -> bool:
    return bool(ctx.names_of.get(pred.get("subject"), set()) & art.names(gold["subject"])) \
        and close(pred.get("low"), gold["low"]) and close(pred.get("high"), gold["high"])


def attribution_ok(pred: dict, gold: dict) -> bool:
    said = norm(pred.get("attributed_to"))
    options = [norm(x) for x in as_list(gold.get("attributed_to"))]
    if not options:
        return not said
    return bool(said) and any(o in said or said in o for o in options)


def score_claims(ctx: Context, art: GoldArticle) -> dict:
    preds = ctx.items_of("claims", art.id)
    found, attributed, missing = 0, 0, []
    for g in art.required("claims"):
        hit = next((p for p, _ in preds if claim_matches(ctx, art, p, g)), None)
        if hit is None:
            missing.append(f"{g['subject']} {g['attribute']} {g['low']}-{g['high']} by {g.get('attributed_to')}")
            continue
        found += 1
        attributed += attribution_ok(hit, g)
    judged = judge(preds, art.gold.get("claims", []), lambda p, g: claim_matches(ctx, art, p, g),
                   lambda p, ev: {"claim": f"{ctx.label_of.get(p.get('subject'))} {p.get('attribute')} "
                                           f"{p.get('low')}-{p.get('high')}",
                                  "attributed_to": p.get("attributed_to"), "quote": ev.get("quote")})
    return {"gold": len(art.required("claims")), "found": found, "attributed": attributed, **judged, "missing": missing}


# -- events -----------------------------------------------------------------------------------------

def dates_compatible(pred_date, gold_date) -> bool:
    if not pred_date or not gold_date:
        return True
    return str(pred_date).startswith(gold_date) or gold_date.startswith(str(pred_date))


def overlaps(pred_range, low, high) -> bool:
    if not pred_range or low is None:
        return False
    p_low, p_high = pred_range.get("low"), pred_range.get("high")
    p_low = p_high if p_low is None else p_low
    p_high = p_low if p_high is None else p_high
    return p_low is not None and p_low <= (high if high is not None else float("inf")) and p_high >= low


def perpetrator_names(art: GoldArticle, gold: dict) -> set[str]:
    names = set()
    for actor in gold.get("perpetrators", []):
        names |= art.names(actor["name"], actor.get("aliases", []))
    return names


def event_fields(ctx: Context, art: GoldArticle, pred: dict, gold: dict) -> dict:
    """Which fields of a predicted event agree with the gold event (None: the gold does not say)."""
    place = ctx.place_names_of.get(pred.get("place"), set())
    gold_places = [norm_place(p) for p in gold.get("place", [])]
    perps = set().union(*(ctx.names_of.get(p, set()) for p in pred.get("perpetrators") or []))
    report = next((r for r in pred.get("reports") or [] if ctx.article_of_doc.get(r.get("doc")) == art.id), {})
    killed, attackers = gold.get("killed"), gold.get("attackers_killed")
    killed_ok = None
    if killed:
        killed_ok = overlaps(report.get("killed") or pred.get("killed"), *killed)
        if attackers and not killed_ok:
            total_high = None if killed[1] is None or attackers[1] is None else killed[1] + attackers[1]
            killed_ok = overlaps(report.get("killed") or pred.get("killed"), killed[0] + attackers[0], total_high)
    injured = gold.get("injured")
    return {
        "date": None if not gold.get("date") else bool(pred.get("date")) and str(pred["date"]).startswith(gold["date"]),
        "place_any": bool(place & set(gold_places)),
        "place": None if not gold_places else gold_places[0] in place,
        "perpetrator": None if not gold.get("perpetrators") else bool(perps & perpetrator_names(art, gold)),
        "killed": killed_ok,
        "injured": None if not injured else overlaps(report.get("injured") or pred.get("injured"), *injured),
    }


def event_matches(ctx: Context, art: GoldArticle, pred: dict, gold: dict) -> dict | None:
    if not dates_compatible(pred.get("date"), gold.get("date")):
        return None
    fields = event_fields(ctx, art, pred, gold)
    if fields["place_any"] or fields["perpetrator"]:
        return fields
    return None


def score_events(ctx: Context, art: GoldArticle) -> dict:
    """Pair gold and predicted events one to one (required gold first); an unpaired prediction is wrong."""
    preds = [p for p, _ in ctx.items_of("events", art.id)]
    used, found, missing, optional_matched = set(), 0, [], 0
    field_hits = {k: [0, 0] for k in ("date", "place", "perpetrator", "killed", "injured")}
    gold_events = sorted(art.gold.get("events", []), key=lambda g: bool(g.get("optional")))
    for g in gold_events:
        pair = best_pair(ctx, art, [p for p in preds if p["id"] not in used], g)
        if pair is None:
            if not g.get("optional"):
                missing.append(describe_event(g))
            continue
        pred, fields = pair
        used.add(pred["id"])
        if g.get("optional"):
            optional_matched += 1
            continue
        found += 1
        for name, hits in field_hits.items():
            if fields[name] is not None:
                hits[0] += fields[name]
                hits[1] += 1
    wrong = [{"event": f"{p.get('type')} {p.get('date')} at {ctx.label_of.get(p.get('place'))} by "
                       f"{[ctx.label_of.get(x) for x in p.get('perpetrators') or []]}",
              "killed": p.get("killed"), "quote": (p.get("evidence") or [{}])[0].get("quote")}
             for p in preds if p["id"] not in used]
    return {"gold": len(art.required("events")), "found": found, "fields": field_hits,
            "predicted": found + len(wrong), "right": found, "optional_matched": optional_matched,
            "missing": missing, "unmatched_predictions": wrong}


def best_pair(ctx: Context, art: GoldArticle, preds: list[dict], gold: dict):
    """The prediction agreeing with a gold event on most fields, with those fields; None when none matches."""
    candidates = [(p, event_matches(ctx, art, p, gold)) for p in preds]
    candidates = [(p, f) for p, f in candidates if f]
    if not candidates:
        return None
    return max(candidates, key=lambda pf: sum(1 for v in pf[1].values() if v))


def describe_event(g: dict) -> str:
    who = ",".join(a["name"] for a in g.get("perpetrators", [])) or "?"
    return f"{g['type']} {g.get('date') or '?'} at {(g.get('place') or ['?'])[0]} by {who}"


# -- entities ---------------------------------------------------------------------------------------

def gold_entity_index(gold: dict) -> dict:
    """The gold entities of all articles, merged by canonical name: names, type, articles, optional."""
    index: dict[str, dict] = {}
    for article_id, art in gold["articles"].items():
        for e in art.get("entities", []):
            entry = index.setdefault(e["name"], {"type": e["type"], "names": set(), "articles": [], "optional": True})
            entry["names"] |= {norm(n) for n in [e["name"]] + e.get("aliases", [])}
            entry["articles"].append(article_id)
            entry["optional"] = entry["optional"] and bool(e.get("optional"))
    return index


def score_entities(ctx: Context, gold: dict) -> dict:
    index = gold_entity_index(gold)
    by_type = {}
    for kind in ("group", "person"):
        gold_of_kind = {k: v for k, v in index.items() if v["type"] == kind}
        predicted = [e for e in ctx.export.get("entities", []) if e.get("type") == kind]
        hit_keys, right, wrong = set(), 0, []
        for e in predicted:
            keys = [k for k, v in gold_of_kind.items() if v["names"] & ctx.names_of[e["id"]]]
            if any(not gold_of_kind[k]["optional"] for k in keys):
                right += 1
                hit_keys.update(keys)
            elif not keys:
                wrong.append(e.get("name"))
        required = [k for k, v in gold_of_kind.items() if not v["optional"]]
        by_type[kind] = {"gold": len(required), "found": len([k for k in required if k in hit_keys]),
                         "predicted": right + len(wrong), "right": right,
                         "missing": sorted(k for k in required if k not in hit_keys),
                         "unmatched_predictions": sorted(wrong)}
    return by_type


# -- report -----------------------------------------------------------------------------------------

def score(export: dict, gold: dict) -> dict:
    ctx = Context.build(export, set(gold["articles"]))
    articles = {}
    for article_id, g in gold["articles"].items():
        if article_id not in ctx.article_of_doc.values():
            continue
        art = GoldArticle(article_id, g)
        articles[article_id] = {"relations": score_relations(ctx, art), "claims": score_claims(ctx, art),
                                "events": score_events(ctx, art)}
    return {"articles_scored": len(articles), "entities": score_entities(ctx, gold),
            "totals": totals(articles), "articles": articles}


def totals(articles: dict) -> dict:
    sums: dict[str, dict] = {}
    for result in articles.values():
        for section, r in result.items():
            s = sums.setdefault(section, {})
            for key, value in r.items():
                if isinstance(value, int):
                    s[key] = s.get(key, 0) + value
            if section == "events":
                f = s.setdefault("fields", {k: [0, 0] for k in r["fields"]})
                for name, (hit, n) in r["fields"].items():
                    f[name][0] += hit
                    f[name][1] += n
    return sums


def table(report: dict) -> str:
    t = report["totals"]
    rel, cl, ev = t.get("relations", {}), t.get("claims", {}), t.get("events", {})
    rows = [("section", "recall", "precision", "counts")]
    for kind, e in report["entities"].items():
        rows.append((f"entities:{kind}", ratio(e["found"], e["gold"]), ratio(e["right"], e["predicted"]),
                     f"{e['found']}/{e['gold']} found, {e['right']}/{e['predicted']} right"))
    rows.append(("relations", ratio(rel.get("found", 0), rel.get("gold", 0)), ratio(rel.get("right", 0), rel.get("predicted", 0)),
                 f"{rel.get('found', 0)}/{rel.get('gold', 0)} found ({rel.get('modality_ok', 0)} with gold modality), "
                 f"{rel.get('right', 0)}/{rel.get('predicted', 0)} right"))
    rows.append(("claims", ratio(cl.get("found", 0), cl.get("gold", 0)), ratio(cl.get("right", 0), cl.get("predicted", 0)),
                 f"{cl.get('found', 0)}/{cl.get('gold', 0)} found, {cl.get('right', 0)}/{cl.get('predicted', 0)} right"))
    rows.append(("claims attributed", ratio(cl.get("attributed", 0), cl.get("gold", 0)), "", "found with the right source"))
    rows.append(("events", ratio(ev.get("found", 0), ev.get("gold", 0)), ratio(ev.get("right", 0), ev.get("predicted", 0)),
                 f"{ev.get('found', 0)}/{ev.get('gold', 0)} found, {ev.get('right', 0)}/{ev.get('predicted', 0)} right"))
    for name, (hit, n) in ev.get("fields", {}).items():
        rows.append((f"  event {name}", "", ratio(hit, n), f"{hit}/{n} right among matched events"))
    width = max(len(r[0]) for r in rows)
    lines = [f"news dev set: {report['articles_scored']} articles scored"]
    for r in rows:
        lines.append(f"{r[0]:<{width}}  {'' if r[1] in ('', None) else r[1]:>6}  {'' if r[2] in ('', None) else r[2]:>9}  {r[3]}")
    return "\n".join(lines)


def load_gold() -> dict:
    return json.loads((BENCH_DIR / "gold.json").read_text(encoding="utf-8"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folder", type=Path, default=None, help="Folder of <id>.txt articles (default: ../news-dev).")
    parser.add_argument("--kb", type=Path, default=None, help="Score this KB instead of ingesting the folder.")
    parser.add_argument("--json", type=Path, default=None, help="Write the full report, per article, here.")
    args = parser.parse_args(argv)
    folder = args.folder or default_folder()
    gold = load_gold()
    present = [a for a in gold["articles"] if (folder / f"{a}.txt").exists()]
    if not present:
        print(f"news bench skipped: no article of bench/news/gold.json in {folder}. "
              f"Rebuild the folder on a machine with internet access: {FETCH_COMMAND.format(folder=folder)}")
        return 0
    if len(present) < len(gold["articles"]):
        print(f"note: {len(gold['articles']) - len(present)} of {len(gold['articles'])} articles missing from {folder}")
    with tempfile.TemporaryDirectory() as tmp:
        export = export_kb(folder, args.kb, Path(tmp))
    report = score(export, gold)
    print(table(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
