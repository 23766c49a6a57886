"""Answers to API reads, kept for one state of the knowledge base and bounded in bytes.

Analysts open the same profiles and timelines again and again while the knowledge base changes only
when something is ingested. An answer is kept under the request's path and query together with the
state of the SQLite files (size and modification time of the database and its write-ahead log), which
any commit by any process changes: a kept answer is never older than the data.
"""

from __future__ import annotations

import os
from collections import OrderedDict


class ResponseCache:
    def __init__(self, db: str, max_bytes: int, max_entry: int = 4 * 1024 * 1024):
        self.files = (db, db + "-wal")
        self.max_bytes, self.max_entry = max_bytes, max_entry
        self.entries: OrderedDict[str, bytes] = OrderedDict()
        self.size, self.state = 0, None

    def get(self, key: str) -> tuple[bytes | None, tuple]:
        """(the kept answer or None, the files' state to hand back to `put`)."""
        state = self._follow_the_files()
        body = self.entries.get(key)
        if body is not None:
            self.entries.move_to_end(key)
        return body, state

    def put(self, key: str, body: bytes, state: tuple) -> None:
        """Keep an answer computed when the files were in `state`, unless they changed meanwhile."""
        if len(body) > self.max_entry or len(body) > self.max_bytes or self._follow_the_files() != state:
            return
        if key in self.entries:
            self.size -= len(self.entries.pop(key))
        self.entries[key] = body
        self.size += len(body)
        while self.size > self.max_bytes:
            self.size -= len(self.entries.popitem(last=False)[1])

    def _follow_the_files(self) -> tuple:
        state = tuple(_stat(path) for path in self.files)
        if state != self.state:
            self.entries.clear()
            self.size, self.state = 0, state
        return state


def _stat(path: str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (0, 0)
    return (st.st_size, st.st_mtime_ns)
