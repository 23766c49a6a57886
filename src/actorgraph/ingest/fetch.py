"""Polite HTTP for `watch`: robots.txt obeyed, a delay between requests to one host, a size limit,
a timeout, conditional GETs (ETag, Last-Modified) and redirects checked hop by hop.

Only http and https URLs are fetched; nothing fetched is executed or rendered, only read as a report.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from .. import settings
from ..errors import FetchError

REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5
ROBOTS_MAX_AGE = 3600.0   # seconds a host's robots.txt is trusted before it is read again


@dataclass(frozen=True)
class Fetched:
    url: str                  # where the body came from, after redirects
    status: int               # 200, or 304: not modified since the validators sent
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None


class Fetcher:
    """One polite HTTP client: remembers each host's robots.txt and when it was last asked for something."""

    def __init__(self, delay: float | None = None, timeout: float | None = None, max_bytes: int | None = None,
                 user_agent: str | None = None):
        self.delay = settings.get_float("ACTORGRAPH_FETCH_DELAY") if delay is None else delay
        self.timeout = settings.get_float("ACTORGRAPH_FETCH_TIMEOUT") if timeout is None else timeout
        self.max_bytes = settings.get_int("ACTORGRAPH_FETCH_MAX_BYTES") if max_bytes is None else max_bytes
        self.user_agent = user_agent or settings.get("ACTORGRAPH_USER_AGENT")
        self.client = httpx.Client(timeout=self.timeout, follow_redirects=False,
                                   headers={"User-Agent": self.user_agent})
        self.last_request: dict[str, float] = {}
        self.robots: dict[str, RobotFileParser] = {}

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, validators: dict | None = None) -> Fetched:
        """GET a URL politely; FetchError says why it was not fetched (robots.txt, size, time, HTTP status)."""
        headers = _conditional(validators or {})
        for _ in range(MAX_REDIRECTS + 1):
            _check_scheme(url)
            if not self.allowed(url):
                raise FetchError(f"{url}: robots.txt of {urlsplit(url).netloc} does not allow {self.user_agent!r} "
                                 "to fetch it; it was left alone.")
            status, response_headers, body = self._request(url, headers)
            if status not in REDIRECTS:
                break
            url = urljoin(url, response_headers.get("location", ""))
        else:
            raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects; check the feed's links.")
        if status == 304:
            return Fetched(url, 304)
        if status >= 400:
            raise FetchError(f"{url}: the server answered HTTP {status}.", permanent=status < 500)
        return Fetched(url, status, body, response_headers.get("content-type", ""), response_headers.get("etag"),
                       response_headers.get("last-modified"))

    def allowed(self, url: str) -> bool:
        """Whether the host's robots.txt lets this user agent fetch the URL (read again after ROBOTS_MAX_AGE)."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        cached = self.robots.get(root)
        if cached is None or time.time() - cached.mtime() > ROBOTS_MAX_AGE:
            self.robots[root] = self._robots(root)
        return self.robots[root].can_fetch(self.user_agent, url)

    def _robots(self, root: str) -> RobotFileParser:
        """RFC 9309: a missing robots.txt allows everything, one the server refuses nothing; one the server
        fails to give stops this request (FetchError), and is asked for again next time."""
        status, _, body = self._request(root + "/robots.txt", {})
        if status >= 500:
            raise FetchError(f"{root}/robots.txt: the server answered HTTP {status}; nothing is fetched from "
                             "that host until it gives its robots.txt (tried again at the next poll).")
        parser = RobotFileParser(root + "/robots.txt")
        if status in (401, 403):
            parser.disallow_all = True
        elif status >= 300:
            parser.allow_all = True
        else:
            parser.parse(body.decode("utf-8", "replace").splitlines())
        parser.modified()   # parse() stamps it; the allow/disallow answers need the stamp too
        return parser

    def _request(self, url: str, headers: dict) -> tuple[int, dict, bytes]:
        """One GET after the host's delay, read up to the size limit within the timeout."""
        self._wait_for(urlsplit(url).netloc)
        started = time.monotonic()
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(f"{url}: {int(declared):,} bytes is over the {self.max_bytes:,}-byte limit "
                                     "(ACTORGRAPH_FETCH_MAX_BYTES).", permanent=True)
                body = bytearray()
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > self.max_bytes:
                        raise FetchError(f"{url}: more than {self.max_bytes:,} bytes (ACTORGRAPH_FETCH_MAX_BYTES).",
                                         permanent=True)
                    if time.monotonic() - started > self.timeout:
                        raise FetchError(f"{url}: still sending after {self.timeout:g} s (ACTORGRAPH_FETCH_TIMEOUT).")
                return response.status_code, dict(response.headers), bytes(body)
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {type(exc).__name__} ({exc}); it will be tried again at the next poll.") from exc
        finally:
            self.last_request[urlsplit(url).netloc] = time.monotonic()

    def _wait_for(self, host: str) -> None:
        delay = self.delay
        parser = next((p for root, p in self.robots.items() if urlsplit(root).netloc == host), None)
        if parser is not None and parser.crawl_delay(self.user_agent):
            delay = max(delay, float(parser.crawl_delay(self.user_agent)))
        last = self.last_request.get(host)
        if last is not None:
            time.sleep(max(0.0, last + delay - time.monotonic()))


def _check_scheme(url: str) -> None:
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https addresses are fetched.", permanent=True)


def _conditional(validators: dict) -> dict:
    headers = {}
    if validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators.get("last_modified"):
        headers["If-Modified-Since"] = validators["last_modified"]
    return headers
