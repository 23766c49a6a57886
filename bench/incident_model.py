"""The incident gate on real news: the rules' triggers in the news development set, labelled by hand, with and
without the trained model (extract/incident_model.py), and its cost per trigger.

    .venv/bin/python bench/incident_model.py [--folder /work/news-dev]

bench/news/incident_triggers.jsonl says, for every trigger the rules found in the 58 articles when it was
written (article, character offset, word), whether it tells one specific incident (1) or a habit, tally,
campaign, capability or generic kind (0). A trigger the rules find now but that file does not list is
counted apart ("unlabelled"). The texts stay out of the repository (see bench/news/README.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from actorgraph import settings
from actorgraph.extract import incident_model
from actorgraph.extract.event_triggers import find_triggers
from actorgraph.extract.nlp import get_nlp

LABELS = Path(__file__).resolve().parent / "news" / "incident_triggers.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folder", type=Path, default=settings.shared_dir().parent / "news-dev")
    args = parser.parse_args()
    if not args.folder.is_dir():
        print(f"No news folder at {args.folder}: rebuild it with scripts/fetch_news_dev.py (bench/news/README.md).")
        return 0
    labels = {(r["article"], r["offset"], r["word"]): r["incident"] for r in map(json.loads, LABELS.open())}
    nlp = get_nlp()
    model = incident_model.load_model()
    rows, seconds = [], 0.0
    for path in sorted(args.folder.glob("*.txt")):
        doc = nlp(path.read_text(encoding="utf-8"))
        for trigger in find_triggers(doc):
            started = time.process_time()
            probability = incident_model.incident_probability(trigger.token.sent, trigger.token)
            seconds += time.process_time() - started
            label = labels.get((path.stem, trigger.token.idx, trigger.token.text))
            rows.append(((path.stem, trigger.token.sent.start), label, probability))
    best_in_sentence: dict = {}
    for sentence, _, probability in rows:
        best_in_sentence[sentence] = max(probability, best_in_sentence.get(sentence, 0.0))
    labelled = [(y, p) for _, y, p in rows if y is not None]
    by_sentence = [(y, best_in_sentence[s]) for s, y, _ in rows if y is not None]
    print(f"news triggers found by the rules: {len(rows)} ({len(rows) - len(labelled)} unlabelled); "
          f"model {model.meta['name']} v{model.meta['version']}, threshold {model.threshold}")
    _line("rules alone", labelled, 0.0)
    _line("rules + gate", labelled, model.threshold)
    _line("gate by sentence (as events.py: a sentence with one trigger that passes keeps all)", by_sentence,
          model.threshold)
    print(f"probability: {1e6 * seconds / max(1, len(rows)):.0f} µs of CPU per trigger")
    return 0


def _line(name: str, labelled: list[tuple[int, float]], threshold: float) -> None:
    tp = sum(1 for y, p in labelled if y and p >= threshold)
    fp = sum(1 for y, p in labelled if not y and p >= threshold)
    fn = sum(1 for y, p in labelled if y and p < threshold)
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    print(f"  {name}\n    precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  (kept {tp + fp}, "
          f"non-incidents kept {fp}, incidents dropped {fn})")


if __name__ == "__main__":
    sys.exit(main())
