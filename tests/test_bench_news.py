"""The news development set: the list's shape, the gold's consistency, and the scorer on a hand-made export.

The article texts are not in the repository, so nothing here reads them.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT / "bench" / "news"
RELATION_TYPES = {"leader_of", "member_of", "founder_of", "part_of", "formed_from", "pledged_allegiance_to",
                  "allied_with", "hostile_to", "operates_in"}
RELATION_MODALITIES = {"asserted", "reported", "alleged", "denied"}
ACTOR_MODALITIES = {"claimed", "attributed", "alleged", "asserted", "denied"}
ISO_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def load_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module   # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sources():
    return json.loads((NEWS / "sources.json").read_text(encoding="utf-8"))["articles"]


@pytest.fixture(scope="module")
def gold():
    return json.loads((NEWS / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bench():
    return load_module(ROOT / "bench" / "news.py", "bench_news")


def test_the_list_covers_enough_groups_and_regions(sources):
    ids = [a["id"] for a in sources]
    assert len(ids) >= 48 and len(set(ids)) == len(ids)
    for a in sources:
        assert a["url"].startswith("http") and a["query"] and a["title"] and a["outlet"] and a["groups"]
        assert a["published"] is None or ISO_PREFIX.match(a["published"])
        assert a["body_chars"] > 0 and len(a["body_sha256"]) == 64
    groups = Counter(g for a in sources for g in a["groups"])
    assert len(groups) >= 14
    assert len({a["region"] for a in sources}) >= 5
    iskp = sum("ISKP" in a["groups"] for a in sources)
    assert iskp <= len(sources) / 4


def test_every_listed_article_has_gold_and_nothing_else(sources, gold):
    assert [a["id"] for a in sources] == list(gold["articles"])


def names_of(article: dict) -> set[str]:
    return {e["name"] for e in article.get("entities", [])}


def as_list(value):
    return value if isinstance(value, list) else [value]


def test_gold_relations_name_entities_of_their_article(gold):
    for article_id, article in gold["articles"].items():
        entities = names_of(article)
        for r in article.get("relations", []):
            assert set(as_list(r["type"])) <= RELATION_TYPES, (article_id, r)
            assert r.get("modality", "asserted") in RELATION_MODALITIES, (article_id, r)
            assert set(as_list(r["subject"])) <= entities, (article_id, r)
            if "operates_in" not in as_list(r["type"]):
                assert set(as_list(r["object"])) <= entities, (article_id, r)
            for key in ("start", "end"):
                assert r.get(key) is None or ISO_PREFIX.match(r[key]), (article_id, r)


def test_gold_events_and_claims_are_well_formed(gold):
    for article_id, article in gold["articles"].items():
        entities = names_of(article)
        for e in article.get("events", []):
            assert e.get("date") is None or ISO_PREFIX.match(e["date"]), (article_id, e)
            assert isinstance(e.get("place", []), list)
            for actor in e.get("perpetrators", []):
                assert actor["modality"] in ACTOR_MODALITIES, (article_id, e)
            for key in ("killed", "injured", "attackers_killed"):
                if e.get(key) is not None:
                    low, high = e[key]
                    assert low >= 0 and (high is None or high >= low), (article_id, e)
        for c in article.get("claims", []):
            assert set(as_list(c["subject"])) <= entities, (article_id, c)
            assert c["low"] <= c["high"], (article_id, c)


def hand_made_export() -> dict:
    """An export of one article that finds one gold relation, one wrong relation, one claim and one event."""
    return {
        "documents": [{"id": "d1", "path": "/somewhere/eln-boyaca-ambush-2015.txt"}],
        "entities": [
            {"id": "eln", "type": "group", "name": "National Liberation Army", "aliases": ["ELN"]},
            {"id": "farc", "type": "group", "name": "FARC", "aliases": []},
            {"id": "boyaca", "type": "place", "name": "Boyaca", "aliases": []},
            {"id": "junk", "type": "person", "name": "Monday Morning", "aliases": []},
        ],
        "relations": [
            {"id": "r1", "subject": "eln", "type": "hostile_to", "object": "farc", "modality": "asserted",
             "evidence": [{"doc": "d1", "quote": "a sentence we wrote"}]},
        ],
        "claims": [
            {"id": "c1", "subject": "eln", "attribute": "fighters", "low": 2000, "high": 2000, "attributed_to": None,
             "evidence": [{"doc": "d1", "quote": "a sentence we wrote"}]},
        ],
        "events": [
            {"id": "v1", "type": "attack", "date": "2015-10-26", "place": "boyaca", "perpetrators": ["eln"],
             "killed": {"low": 12, "high": 12}, "injured": None,
             "evidence": [{"doc": "d1", "quote": "a sentence we wrote"}], "reports": []},
        ],
    }


def test_the_scorer_counts_right_and_wrong_facts(bench, gold):
    report = bench.score(hand_made_export(), gold)
    article = report["articles"]["eln-boyaca-ambush-2015"]
    assert article["relations"]["right"] == 0 and article["relations"]["predicted"] == 1
    assert article["claims"]["found"] == 1 and article["claims"]["attributed"] == 1
    events = article["events"]
    assert events["found"] == 1 and events["right"] == 1
    assert events["fields"]["date"] == [1, 1] and events["fields"]["killed"] == [1, 1]
    assert events["fields"]["place"] == [1, 1]
    assert "Monday Morning" in report["entities"]["person"]["unmatched_predictions"]
    assert report["entities"]["group"]["right"] == 2


def test_the_scorer_skips_with_a_message_when_the_folder_is_missing(bench, tmp_path, capsys):
    assert bench.main(["--folder", str(tmp_path / "absent")]) == 0
    out = capsys.readouterr().out
    assert "skipped" in out and "fetch_news_dev.py" in out


@pytest.mark.parametrize("body, limit, expected", [
    ("One short sentence.", 100, "One short sentence."),
    ("First sentence here. Second one runs on and on. Third.", 30, "First sentence here. Second one runs on and on."),
])
def test_the_fetcher_cuts_at_a_sentence_end(body, limit, expected):
    fetcher = load_module(ROOT / "scripts" / "fetch_news_dev.py", "fetch_news_dev")
    assert fetcher.cut_to(body, limit) == expected


def test_the_fetcher_writes_a_publication_line_the_reader_parses():
    fetcher = load_module(ROOT / "scripts" / "fetch_news_dev.py", "fetch_news_dev")
    from actorgraph.ingest.metadata import find_metadata

    for value, expected in (("2021-06-07", "2021-06-07"), ("2019-12", "2019-12")):
        text = f"A title of an article\n{fetcher.published_line(value)}\nBody text follows here.\n"
        published = {m.name: m.value for m in find_metadata(text)}["published"]
        assert published == expected
