"""Bearer tokens: read-only tokens may GET, admin tokens may also change state."""

from __future__ import annotations

import hmac
import math
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ActorgraphError

COOKIE = "actorgraph_token"


class BadTokenFile(ActorgraphError):
    code = "AG072"


@dataclass(frozen=True)
class Tokens:
    """No tokens at all means an open server (bound to localhost by default)."""

    read: tuple[str, ...] = ()
    admin: tuple[str, ...] = ()
    required: bool = field(init=False, default=False)

    def __post_init__(self):
        object.__setattr__(self, "required", bool(self.read or self.admin))

    def role(self, token: str | None) -> str | None:
        """'admin', 'read' or None for a token; compared in constant time."""
        if not token:
            return None
        if any(hmac.compare_digest(token.encode(), t.encode()) for t in self.admin):
            return "admin"
        if any(hmac.compare_digest(token.encode(), t.encode()) for t in self.read):
            return "read"
        return None


class FailureLimit:
    """Wrong tokens per client address: after `attempts` within `window` seconds, it waits out the window."""

    def __init__(self, attempts: int = 10, window: float = 60.0, clients: int = 10_000):
        self.attempts, self.window, self.clients = attempts, window, clients
        self.failures: dict[str, deque] = {}
        self.lock = threading.Lock()

    def wait(self, client: str) -> int:
        """Seconds this client must wait before its next try (0: it may try now)."""
        with self.lock:
            times = self._recent(client)
            if len(times) < self.attempts:
                return 0
            return max(1, math.ceil(times[0] + self.window - time.monotonic()))

    def failed(self, client: str) -> None:
        with self.lock:
            if client not in self.failures and len(self.failures) >= self.clients:
                self.failures.pop(next(iter(self.failures)))   # bounded memory: forget the oldest client
            self._recent(client).append(time.monotonic())

    def _recent(self, client: str) -> deque:
        times = self.failures.setdefault(client, deque(maxlen=self.attempts))
        while times and times[0] < time.monotonic() - self.window:
            times.popleft()
        return times


def load_tokens(token: str | None = None, admin_token: str | None = None, token_file: str | None = None) -> Tokens:
    """Tokens from options and a file of lines `read TOKEN` or `admin TOKEN` (a bare token is read-only)."""
    read, admin = [token] if token else [], [admin_token] if admin_token else []
    if token_file:
        path = Path(token_file)
        if not path.is_file():
            raise BadTokenFile(f"Token file {token_file} does not exist. Write lines 'read TOKEN' or 'admin TOKEN' to it.")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            if len(parts) == 1:
                read.append(parts[0])
            elif len(parts) == 2 and parts[0] in ("read", "admin"):
                (admin if parts[0] == "admin" else read).append(parts[1])
            else:
                raise BadTokenFile(f"{token_file}:{number}: expected 'read TOKEN' or 'admin TOKEN'.")
    return Tokens(tuple(read), tuple(admin))


def request_token(headers, cookies) -> str | None:
    """The bearer token of a request: the Authorization header, or the cookie the login page sets."""
    value = headers.get("authorization", "")
    if value[:7].lower() == "bearer ":
        return value[7:].strip()
    return cookies.get(COOKIE)
