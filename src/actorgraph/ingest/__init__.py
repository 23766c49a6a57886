"""Ingest: source files, directories and globs into cleaned Documents with metadata."""

from __future__ import annotations

import glob
from pathlib import Path
from typing import Iterable

from ..errors import BadInput
from .readers import FORMATS, read_document

__all__ = ["expand_sources", "read_document", "FORMATS"]

_SKIP_NAMES = {"readme.md", "readme.txt", "license", "license.txt"}


def expand_sources(paths: Iterable[str]) -> tuple[list[Path], list[str]]:
    """Files named by paths, directories (recursively) and globs, in a stable order.

    Returns (files, problems): a path that matches nothing is a problem, not a crash.
    """
    files: list[Path] = []
    problems: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and _wanted(p)))
        elif path.is_file():
            files.append(path)
        else:
            matches = sorted(Path(p) for p in glob.glob(raw, recursive=True))
            matched_files = [p for p in matches if p.is_file()]
            if matched_files:
                files.extend(matched_files)
            else:
                problems.append(f"{raw}: no such file, directory or matching glob.")
    seen, unique = set(), []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, problems


def _wanted(path: Path) -> bool:
    """Inside a directory: report-looking files only (hidden files and READMEs are skipped)."""
    if any(part.startswith(".") for part in path.parts[-1:]):
        return False
    if path.name.lower() in _SKIP_NAMES:
        return False
    return True


def try_read(path: Path):
    """(Document, None) or (None, message) for one file."""
    try:
        return read_document(path), None
    except BadInput as exc:
        return None, str(exc)
