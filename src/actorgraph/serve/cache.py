"""Answers to API reads, kept for one state of the knowledge base and bounded in bytes.

Analysts open the same profiles and timelines again and again while the knowledge base changes only
when something is ingested. An answer is kept under the request's path and query together with the
knowledge base's state (`Store.state`: for SQLite the size and modification time of the database file and
its write-ahead log, for PostgreSQL the server's snapshot of transactions), which any commit by any
process changes: a kept answer is never older than the data.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Callable


class ResponseCache:
    def __init__(self, state: Callable[[], object], max_bytes: int, max_entry: int = 4 * 1024 * 1024):
        self.state_now = state
        self.max_bytes, self.max_entry = max_bytes, max_entry
        self.entries: OrderedDict[str, bytes] = OrderedDict()
        self.size, self.state = 0, None

    def get(self, key: str) -> tuple[bytes | None, object]:
        """(the kept answer or None, the knowledge base's state to hand back to `put`)."""
        state = self._follow()
        body = self.entries.get(key)
        if body is not None:
            self.entries.move_to_end(key)
        return body, state

    def put(self, key: str, body: bytes, state: object) -> None:
        """Keep an answer computed when the knowledge base was in `state`, unless it changed meanwhile."""
        if len(body) > self.max_entry or len(body) > self.max_bytes or self._follow() != state:
            return
        if key in self.entries:
            self.size -= len(self.entries.pop(key))
        self.entries[key] = body
        self.size += len(body)
        while self.size > self.max_bytes:
            self.size -= len(self.entries.popitem(last=False)[1])

    def _follow(self) -> object:
        state = self.state_now()
        if state != self.state:
            self.entries.clear()
            self.size, self.state = 0, state
        return state
