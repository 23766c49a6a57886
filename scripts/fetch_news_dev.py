"""Rebuild the news development set (the article texts bench/news.py scores) from bench/news/sources.json.

The texts are public pages that stay out of the repository. This fetches each listed URL once, extracts the
article with trafilatura, and writes <folder>/<id>.txt as bench/news.py expects: the title on the first
line, a `Published:` line when the list has a date (actorgraph's txt reader takes the date from it), then
the body, cut to about the length that was annotated (sources.json `body_chars`).

    .venv/bin/python scripts/fetch_news_dev.py [FOLDER]     # default: news-dev/ beside ../shared

The gold was written on the stored copies the list was built from; a live page may have changed since, so
the summary says which rebuilt bodies are identical (same sha256) to the annotated ones.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import socket
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCES = REPO_ROOT / "bench" / "news" / "sources.json"
USER_AGENT = "actorgraph-news-dev/1 (research benchmark; one request per article)"
TIMEOUT_SECONDS = 20
PAUSE_SECONDS = 1.0
SENTENCE_ENDS = (". ", ".\n", ".” ", '." ', "?\n", "!\n")


def default_folder() -> Path:
    sys.path.insert(0, str(REPO_ROOT / "src"))
    from actorgraph import settings
    return settings.shared_dir().parent / "news-dev"


def network_available(host: str = "example.org", port: int = 443) -> bool:
    try:
        socket.create_connection((host, port), timeout=5).close()
        return True
    except OSError:
        return False


def fetch(url: str) -> str:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        return response.read().decode(response.headers.get_content_charset() or "utf-8", errors="replace")


def extract_body(html: str) -> str:
    import trafilatura
    return (trafilatura.extract(html, include_comments=False, include_tables=False) or "").strip()


def cut_to(body: str, limit: int) -> str:
    """The body up to the end of the last sentence that ends near `limit` characters."""
    if len(body) <= limit:
        return body
    window = body[: limit + 200]
    end = max(window.rfind(mark) for mark in SENTENCE_ENDS)
    return (window[: end + 1] if end > limit // 2 else body[:limit]).strip()


def published_line(value: str | None) -> str:
    """`Published: 2021-06-07`, or `Published: June 2021` for a month (the form actorgraph's reader parses)."""
    if not value:
        return ""
    if len(value) == 7:
        value = datetime.datetime.strptime(value, "%Y-%m").strftime("%B %Y")
    return f"Published: {value}\n"


def rebuild(article: dict, folder: Path) -> str:
    """Write one article; returns 'identical', 'differs' or the error."""
    try:
        body = cut_to(extract_body(fetch(article["url"])), article["body_chars"])
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as err:
        return f"failed: {err}"
    if not body:
        return "failed: no article text extracted"
    text = f"{article['title']}\n{published_line(article.get('published'))}\n{body}\n"
    (folder / f"{article['id']}.txt").write_text(text, encoding="utf-8")
    same = hashlib.sha256(body.encode("utf-8")).hexdigest() == article["body_sha256"]
    return "identical" if same else "differs"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=None, help="Where to write <id>.txt files.")
    args = parser.parse_args(argv)
    folder = args.folder or default_folder()
    if not network_available():
        print("No network: this machine cannot reach the web, so the news dev set cannot be rebuilt here.\n"
              f"On a machine with internet access, run: .venv/bin/python scripts/fetch_news_dev.py {folder}")
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    articles = json.loads(SOURCES.read_text(encoding="utf-8"))["articles"]
    outcome: dict[str, list[str]] = {}
    for article in articles:
        result = rebuild(article, folder)
        outcome.setdefault(result.split(":")[0], []).append(article["id"])
        print(f"{article['id']}: {result}")
        time.sleep(PAUSE_SECONDS)
    print(", ".join(f"{len(ids)} {kind}" for kind, ids in sorted(outcome.items())) + f" -> {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
