"""watch against a feed served from 127.0.0.1: two polls, politeness, and what `changes` says afterwards."""

import time

import pytest
from click.testing import CliRunner

from actorgraph.analyze.changes import changes
from actorgraph.cli import main
from actorgraph.errors import FetchError
from actorgraph.ingest.fetch import Fetcher
from actorgraph.watch import Watcher, parse_interval

from feed_server import Site, serving
from living_support import BORDER, LATER, VALLEY


@pytest.fixture
def site():
    with serving(Site()) as served:
        served.put("/robots.txt", "text/plain", "User-agent: *\nDisallow: /private/\n")
        served.put_report("/news/border.html", BORDER)
        served.put_report("/news/valley.html", VALLEY)
        served.put_report("/news/later.html", LATER)
        served.put_report("/private/memo.html", LATER.replace("4,000", "5,000"))
        yield served


@pytest.mark.model
def test_second_poll_ingests_only_the_new_item_and_changes_lists_its_conflict(site, tmp_store, real_nlp):
    feed = site.base + "/feed.xml"
    site.put_feed([("Border clashes", "/news/border.html"), ("Valley patrol", "/news/valley.html"),
                   ("Memo", "/private/memo.html")])
    watcher = Watcher(tmp_store, real_nlp, fetcher=Fetcher(delay=0.01))
    first = watcher.poll([feed])
    assert sorted(first.stored) == [site.base + "/news/border.html", site.base + "/news/valley.html"]
    assert any("robots.txt" in message for message in first.skipped)      # /private/ is disallowed
    assert site.fetched("/private/memo.html") == 0
    assert tmp_store.conflicts() == []

    site.put_feed([("Strength estimates", "/news/later.html"), ("Border clashes", "/news/border.html"),
                   ("Valley patrol", "/news/valley.html"), ("Memo", "/private/memo.html")])
    second = watcher.poll([feed])
    assert second.stored == [site.base + "/news/later.html"]
    assert site.fetched("/news/border.html") == 1 and site.fetched("/news/valley.html") == 1
    feed_requests = [headers for path, headers in site.requests if path == "/feed.xml"]
    assert "If-None-Match" in feed_requests[1]

    found = changes(tmp_store, since=first.run_ids[-1])
    conflict = next(c for c in found["new_conflicts"] if c["attribute"] == "fighters")
    quotes = [side["quote"] for side in conflict["sides"]]
    assert any("4,000" in q for q in quotes) and any("1,500" in q for q in quotes)
    moved = next(m for m in found["moved_figures"] if m["attribute"] == "fighters")
    assert moved["before"] == {"low": 1500, "high": 2200} and moved["after"]["high"] == 4000
    assert all(f["quote"] in LATER for f in found["new_facts"])

    third = watcher.poll([feed])
    assert third.stored == [] and "not modified" in third.sources[feed]


@pytest.mark.model
def test_changes_command_and_watchlist(site, tmp_path, real_nlp):
    db = str(tmp_path / "kb.sqlite")
    feed = site.base + "/feed.xml"
    site.put_feed([("Border clashes", "/news/border.html")])
    from actorgraph.store import open_store

    store = open_store(db)
    try:
        first = Watcher(store, real_nlp, fetcher=Fetcher(delay=0.01)).poll([feed])
        site.put_feed([("Strength estimates", "/news/later.html"), ("Valley patrol", "/news/valley.html")])
        second = Watcher(store, real_nlp, fetcher=Fetcher(delay=0.01)).poll([feed])
    finally:
        store.close()
    assert len(first.stored) == 1 and len(second.stored) == 2, (first, second)
    out = CliRunner().invoke(main, ["changes", "--since", "1", "--db", db])
    assert out.exit_code == 0, out.output
    assert "New conflicts: 1" in out.output and "4,000" in out.output
    watchlist = tmp_path / "watch.txt"
    watchlist.write_text("# only the TTP\nTTP\n", encoding="utf-8")
    only = CliRunner().invoke(main, ["changes", "--since", "1", "--watchlist", str(watchlist), "--db", db])
    assert "New conflicts: 0" in only.output and "Noor Wali Mehsud" in only.output and "4,000" not in only.output


def test_fetcher_waits_between_requests_to_one_host(site):
    fetcher = Fetcher(delay=0.3)
    started = time.monotonic()
    for _ in range(3):
        fetcher.get(site.base + "/news/border.html")
    assert time.monotonic() - started >= 0.6     # robots.txt, then three pages: at least two full delays between pages
    assert site.requests[0][0] == "/robots.txt"


def test_a_host_whose_robots_txt_fails_is_asked_again_next_time(site):
    site.status["/robots.txt"] = 503
    fetcher = Fetcher(delay=0)
    with pytest.raises(FetchError, match="HTTP 503") as failed:
        fetcher.get(site.base + "/news/border.html")
    assert not failed.value.permanent and site.fetched("/news/border.html") == 0
    del site.status["/robots.txt"]
    assert fetcher.get(site.base + "/news/border.html").status == 200


def test_fetcher_refuses_what_robots_size_and_scheme_forbid(site):
    fetcher = Fetcher(delay=0, max_bytes=200)
    with pytest.raises(FetchError, match="robots.txt"):
        fetcher.get(site.base + "/private/memo.html")
    with pytest.raises(FetchError, match="byte limit") as too_big:
        fetcher.get(site.base + "/news/border.html")
    assert too_big.value.permanent
    with pytest.raises(FetchError, match="http and https"):
        fetcher.get("file:///etc/passwd")
    with pytest.raises(FetchError, match="404"):
        Fetcher(delay=0).get(site.base + "/missing.html")


def test_a_conditional_get_of_an_unchanged_page_is_not_modified(site):
    fetcher = Fetcher(delay=0)
    first = fetcher.get(site.base + "/news/border.html")
    again = fetcher.get(site.base + "/news/border.html", {"etag": first.etag, "last_modified": first.last_modified})
    assert first.status == 200 and again.status == 304


@pytest.mark.parametrize("text, seconds", [("30s", 30), ("15m", 900), ("2h", 7200), ("1d", 86400), ("5", 300)])
def test_intervals(text, seconds):
    assert parse_interval(text) == seconds
