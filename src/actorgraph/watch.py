"""watch(sources, store, ...): follow folders and RSS/Atom feeds, ingest what is new, remember what was seen.

A folder's files are remembered by size and modification time; a feed's items by their id. A feed
item's page is fetched politely (ingest.fetch) and read like any HTML report. Each new document is
stored in one transaction together with the record that its item was seen, and the feed's own
validators (for the next conditional GET) are saved only after all its items are dealt with: a poll
killed at any point is completed by the next one, and nothing is stored twice.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .errors import ActorgraphError, BadInput, FetchError
from .ingest import expand_sources
from .ingest.feeds import page_format, parse_feed
from .ingest.fetch import Fetcher
from .ingest.readers import read_bytes
from .machinery import Extractor
from .pipeline import RunReport, run, store_documents

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass
class PollReport:
    sources: dict[str, str] = field(default_factory=dict)   # source -> what this poll found there
    stored: list[str] = field(default_factory=list)         # paths and URLs stored as new documents
    skipped: list[str] = field(default_factory=list)        # one message per item or file left out
    run_ids: list[int] = field(default_factory=list)        # the runs that stored them

    def add(self, source: str, outcome: RunReport, found: str) -> None:
        self.sources[source] = found
        self.stored += outcome.stored
        self.skipped += outcome.skipped + outcome.failed
        if outcome.run_id:
            self.run_ids.append(outcome.run_id)


@dataclass
class Watcher:
    """What one `watch` needs across polls: the store, the model, the extractor and one polite fetcher."""

    store: object
    nlp: object = None
    extractor: Extractor | None = None
    fetcher: Fetcher | None = None

    def __post_init__(self):
        self.fetcher = self.fetcher or Fetcher()

    def poll(self, sources: Iterable[str]) -> PollReport:
        report = PollReport()
        for source in sources:
            try:
                self._poll_feed(source, report) if _is_url(source) else self._poll_folder(source, report)
            except ActorgraphError as exc:   # one bad source must not stop the others
                report.sources[source] = f"not polled: {exc}"
        return report

    def _poll_folder(self, folder: str, report: PollReport) -> None:
        files, problems = expand_sources([folder])
        states = {str(f): _file_state(f) for f in files}
        changed = [path for path, state in states.items()
                   if (self.store.watch_item(folder, path) or {}).get("state") != state]
        outcome = run(changed, self.store, nlp=self.nlp, progress=False, extractor=self.extractor) if changed \
            else RunReport()
        for path in changed:   # after the run: a crash before this line only means the files are read again
            self.store.remember_watch_item(folder, path, states[path], "read")
        outcome.skipped.extend(problems)
        report.add(folder, outcome, f"{len(files)} file(s), {len(changed)} new or changed")

    def _poll_feed(self, url: str, report: PollReport) -> None:
        feed = self.fetcher.get(url, self.store.http_validators(url))
        if feed.status == 304:
            report.sources[url] = "not modified since the last poll"
            return
        items = parse_feed(feed.body, url)
        new = [item for item in items if self.store.watch_item(url, item.key) is None]
        documents, item_of, outcome = [], {}, RunReport()
        for item in new:
            document = self._read_item(url, item, outcome)
            if document is None:
                continue
            if document.sha256 in {d.sha256 for d in documents} or self.store.has_document(document.sha256):
                self.store.remember_watch_item(url, item.key, item.link, "unchanged", document.id)
                continue
            documents.append(document)
            item_of[document.id] = item

        def remember(store, document):
            store.remember_watch_item(url, item_of[document.id].key, item_of[document.id].link, "stored", document.id)

        store_documents(documents, self.store, outcome, self.nlp, self.extractor, also=remember, kind="watch")
        self.store.remember_http_validators(url, feed.etag, feed.last_modified)
        report.add(url, outcome, f"{len(items)} item(s), {len(new)} new")

    def _read_item(self, feed_url: str, item, outcome: RunReport):
        """The item's page as a Document, or None (remembered as skipped when asking again cannot help)."""
        try:
            page = self.fetcher.get(item.link)
            return read_bytes(page.body, page.url, page_format(page.content_type, page.url))
        except (FetchError, BadInput) as exc:
            outcome.skipped.append(str(exc))
            if isinstance(exc, BadInput) or exc.permanent:
                self.store.remember_watch_item(feed_url, item.key, item.link, f"skipped: {exc}")
            return None


def watch(sources: list[str], store, every: float, polls: int | None = None, nlp=None,
          extractor: Extractor | None = None, on_poll: Callable[[PollReport], None] | None = None,
          sleep: Callable[[float], None] = time.sleep) -> None:
    """Poll the sources every `every` seconds, `polls` times (forever when None)."""
    watcher = Watcher(store, nlp, extractor)
    try:
        done = 0
        while polls is None or done < polls:
            report = watcher.poll(sources)
            if on_poll:
                on_poll(report)
            done += 1
            if polls is None or done < polls:
                sleep(every)
    finally:
        watcher.fetcher.close()


def parse_interval(text: str) -> float:
    """'15m' -> 900.0; units s, m, h, d (a bare number is minutes)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text or "")
    if not match or float(match.group(1)) <= 0:
        raise ActorgraphError(f"{text!r} is not an interval; write it like 30s, 15m, 2h or 1d.")
    return float(match.group(1)) * UNITS[match.group(2) or "m"]


def _is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def _file_state(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"
