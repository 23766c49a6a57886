"""The precision sample as a form a person fills in (Markdown or CSV), and the form read back for scoring.

Markdown: one section per fact headed `## kind i/n · `key``, with the statement, the quote as a block
quote and a `verdict:` line to complete. CSV: one row per fact with empty `verdict` and `note` columns.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ..analyze.precision import KINDS, VERDICTS, judged_precision, sample_facts
from ..errors import BadJudgement

FORMATS = ("md", "csv")
CSV_COLUMNS = ("kind", "key", "statement", "details", "quote", "document", "chars", "verdict", "note")
_HEADING = re.compile(rf"^## ({'|'.join(KINDS)}) .*`((?:{'|'.join(KINDS)}):[^`]+)`\s*$")
_VERDICT = re.compile(r"^verdict:(.*)$", re.I)


def write_sample(store, n: int, kind: str | None, seed: int | None, fmt: str) -> tuple[str, str]:
    """The sample rendered for judgement, and a one-line summary."""
    sample = sample_facts(store, n, kind, seed)
    counts: dict[str, int] = {}
    for item in sample["items"]:
        counts[item["kind"]] = counts.get(item["kind"], 0) + 1
    text = render_csv(sample) if fmt == "csv" else render_markdown(sample)
    summary = ", ".join(f"{counts.get(k, 0)} {k}" for k in sample["available"]) + f" (seed {sample['seed']})"
    return text, summary


def render_markdown(sample: dict) -> str:
    drawn = ", ".join(f"{_count(sample, k)} of {total} {k}" for k, total in sample["available"].items())
    lines = ["# Precision sample", "",
             f"Extractions drawn at random with seed {sample['seed']}: {drawn}.", "",
             "Judge each fact by its quote alone: does the quote state it, with these arguments, this type,",
             "this modality and this date? After `verdict:` write one of: " + ", ".join(VERDICTS) + ".",
             "Leave a verdict blank to skip the fact. Then run: `actorgraph sample --score THIS_FILE`.", ""]
    totals = {k: _count(sample, k) for k in sample["available"]}
    seen: dict[str, int] = {}
    for item in sample["items"]:
        seen[item["kind"]] = seen.get(item["kind"], 0) + 1
        lines += [f"## {item['kind']} {seen[item['kind']]}/{totals[item['kind']]} · `{item['key']}`", "",
                  f"**{_one_line(item['statement'])}** · " + " · ".join(_one_line(d) for d in item["details"]), "",
                  f"> {_one_line(item['quote'])}", "",
                  f"— {item['doc_name']}, characters {item['start']}–{item['end']} (document {item['doc']})", "",
                  "verdict: ", "note: ", ""]
    return "\n".join(lines)


def render_csv(sample: dict) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in sample["items"]:
        writer.writerow({"kind": item["kind"], "key": item["key"], "statement": item["statement"],
                         "details": "; ".join(item["details"]), "quote": _one_line(item["quote"]),
                         "document": f"{item['doc_name']} ({item['doc']})", "chars": f"{item['start']}-{item['end']}",
                         "verdict": "", "note": ""})
    return buf.getvalue()


def read_judgements(path: str | Path) -> list[dict]:
    """[{kind, key, verdict}] from a filled-in sample; the format is taken from the file name (.csv) or content."""
    text = Path(path).read_text(encoding="utf-8-sig")
    rows = _read_csv(text) if str(path).lower().endswith(".csv") else _read_markdown(text)
    if not rows:
        raise BadJudgement(f"No sampled facts found in {path}. Write one with: actorgraph sample --n 50 -o FILE")
    return rows


def _read_markdown(text: str) -> list[dict]:
    rows: list[dict] = []
    for line in text.splitlines():
        heading, verdict = _HEADING.match(line), _VERDICT.match(line)
        if heading:
            rows.append({"kind": heading.group(1), "key": heading.group(2), "verdict": None})
        elif verdict and rows and rows[-1]["verdict"] is None:
            rows[-1]["verdict"] = verdict.group(1).strip()
    return rows


def _read_csv(text: str) -> list[dict]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"kind", "key", "verdict"} <= set(reader.fieldnames):
        raise BadJudgement("A judged CSV needs the columns kind, key and verdict, as `actorgraph sample -o FILE.csv` "
                           "writes them.")
    return [{"kind": r["kind"], "key": r["key"], "verdict": r["verdict"]} for r in reader if r["kind"] in KINDS]


def score_file(path: str | Path) -> tuple[str, dict]:
    """Judged precision per kind from a filled-in sample: a table, and the numbers as a dict."""
    scores = judged_precision(read_judgements(path))
    header = f"{'kind':<10}{'items':>6}{'judged':>8}{'correct':>9}{'precision':>11}  " + "  ".join(VERDICTS[1:])
    lines = [header]
    for kind, row in scores.items():
        precision = "-" if row["precision"] is None else f"{row['precision']:.3f}"
        errors = "  ".join(f"{row['verdicts'][v]:>{len(v)}}" for v in VERDICTS[1:])
        lines.append(f"{kind:<10}{row['items']:>6}{row['judged']:>8}{row['correct']:>9}{precision:>11}  {errors}")
    return "\n".join(lines) + "\n", scores


def _count(sample: dict, kind: str) -> int:
    return sum(1 for item in sample["items"] if item["kind"] == kind)


def _one_line(text) -> str:
    return " ".join(str(text or "").split())
