"""A small web site on 127.0.0.1 for the watch tests: a feed, its pages and a robots.txt, with ETags."""

from __future__ import annotations

import hashlib
import threading
from contextlib import contextmanager
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Site:
    """Paths -> (content type, body); every request is logged as (path, headers)."""

    def __init__(self):
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.requests: list[tuple[str, dict]] = []
        self.status: dict[str, int] = {}   # paths answered with an error status instead
        self.base = ""

    def put(self, path: str, content_type: str, body: str | bytes) -> None:
        self.pages[path] = (content_type, body.encode("utf-8") if isinstance(body, str) else body)

    def put_report(self, path: str, text: str) -> None:
        """A report as an HTML page with a header and a footer around its paragraphs."""
        title, _, rest = text.partition("\n\n")
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in rest.split("\n") if p.strip())
        self.put(path, "text/html; charset=utf-8",
                 f"<html><head><title>{escape(title)}</title></head><body><nav>Home | World | Contact</nav>"
                 f"<article><h1>{escape(title)}</h1>{paragraphs}</article><footer>Copyright the site</footer>"
                 "</body></html>")

    def put_feed(self, items: list[tuple[str, str]]) -> None:
        """An RSS feed at /feed.xml listing (title, path) items."""
        entries = "".join(f"<item><title>{escape(t)}</title><link>{self.base}{p}</link><guid>{self.base}{p}</guid></item>"
                          for t, p in items)
        self.put("/feed.xml", "application/rss+xml",
                 f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test wire</title>'
                 f"<link>{self.base}/</link><description>written for the tests</description>{entries}</channel></rss>")

    def fetched(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            site.requests.append((self.path, dict(self.headers)))
            if self.path in site.status or self.path not in site.pages:
                self.send_response(site.status.get(self.path, 404))
                self.end_headers()
                return
            content_type, body = site.pages[self.path]
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", formatdate(usegmt=True))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


@contextmanager
def serving(site: Site):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
