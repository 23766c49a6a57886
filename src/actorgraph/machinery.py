"""Which machinery made the facts: the spaCy model package (name, version and the hash pinned in
requirements/models.txt) and the name and version of every extractor.

Every ingest or reprocess run records the machinery it used, every document points at the run that
extracted it, and every fact's evidence names its extractor and version. `differences` compares what
a knowledge base was built with against what is installed now, which is what `reprocess --stale` redoes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Callable, Mapping

from . import settings
from .extract import EXTRACTOR_VERSION, announcements, claims, events, extract, incident_model, relations, templates

EXTRACTORS: dict[str, str] = {
    **{module.EXTRACTOR: module.VERSION for module in (relations, events, claims, announcements)},
    **{module.NAME: module.VERSION for module in (templates, incident_model)},
}
PINS = settings.REPO_ROOT / "requirements" / "models.txt"


@dataclass(frozen=True)
class Extractor:
    """The function that turns a parsed document into facts, and the versions it answers for.

    The default is actorgraph's own extractor; tests pass another one (a rule changed, a version bumped).
    """

    extract: Callable = extract
    pipeline: str = EXTRACTOR_VERSION
    extractors: Mapping[str, str] = field(default_factory=lambda: dict(EXTRACTORS))

    def machinery(self, nlp=None) -> dict:
        """What a run records: the model that parses and the versions that extract."""
        return {"model": model_info(nlp), "pipeline": self.pipeline, "extractors": dict(sorted(self.extractors.items()))}


def model_info(nlp=None) -> dict:
    """The spaCy model a pipeline was loaded from (or, without one, the model the settings name):
    its package, the package's version and the hash requirements/models.txt pins for that version."""
    location = getattr(nlp, "path", None) if nlp is not None else _configured_location()
    package = _distribution(location)
    version = _version(package)
    info = {"package": package, "version": version, "hash": pinned_hashes().get((_normalise(package or ""), version))}
    if nlp is not None:
        info["pipeline"] = f"{nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}"
    return info


def _configured_location():
    """Where the configured model lives, found without loading it (md falls back to sm, as get_nlp does)."""
    from .extract.nlp import _model_path

    wanted = settings.get("ACTORGRAPH_MODEL")
    for name in [wanted] + (["en_core_web_sm"] if wanted in ("en_core_web_md", "md") else []):
        try:
            return _model_path(name)
        except ImportError:
            continue
    return None


def _distribution(location) -> str | None:
    """The installed distribution holding a model folder or named by an importable package."""
    if not location:
        return None
    owners = metadata.packages_distributions()
    path = Path(str(location))
    for part in [path.name, *(p.name for p in path.parents)] if path.is_absolute() else [str(location)]:
        if part in owners:
            return owners[part][0]
    return None


def _version(package: str | None) -> str | None:
    if not package:
        return None
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


@lru_cache(maxsize=1)
def pinned_hashes(path: Path = PINS) -> dict[tuple[str, str], str]:
    """(package, version) -> 'sha256:...' from a pip requirements file with --hash options."""
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    pins = (re.match(r"\s*([A-Za-z0-9_.-]+)==(\S+)\s+--hash=(\S+)", line) for line in text.splitlines())
    return {(_normalise(pin.group(1)), pin.group(2)): pin.group(3) for pin in pins if pin}


def _normalise(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def differences(built: dict | None, installed: dict) -> list[str]:
    """What differs between the machinery a document was extracted with and the installed one, in words."""
    if not built:
        return ["extracted before actorgraph recorded its machinery"]
    out = []
    for key, label in (("package", "model package"), ("version", "model version"), ("hash", "model hash")):
        was, now = (built.get("model") or {}).get(key), (installed.get("model") or {}).get(key)
        if was != now:
            out.append(f"{label} {was or '?'} → {now or '?'}")
    if built.get("pipeline") != installed.get("pipeline"):
        out.append(f"pipeline {built.get('pipeline')} → {installed.get('pipeline')}")
    was, now = built.get("extractors") or {}, installed.get("extractors") or {}
    for name in sorted(set(was) | set(now)):
        if was.get(name) != now.get(name):
            out.append(f"{name} {was.get(name) or 'absent'} → {now.get(name) or 'absent'}")
    return out


def describe(machinery: dict) -> str:
    """One line: model package, version and hash; pipeline; extractor versions."""
    model = machinery.get("model") or {}
    digest = (model.get("hash") or "no pinned hash")[:19]
    extractors = ", ".join(f"{name} {version}" for name, version in (machinery.get("extractors") or {}).items())
    return (f"model {model.get('package') or '(none)'} {model.get('version') or ''} ({digest}); "
            f"{machinery.get('pipeline')}; {extractors}")
