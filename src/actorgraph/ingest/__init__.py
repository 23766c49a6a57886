"""Ingest: source files, directories and globs into cleaned Documents with metadata."""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Iterable

from ..errors import BadInput
from .readers import FORMATS, display_path, read_document

__all__ = ["expand_sources", "read_document", "display_path", "try_read", "FORMATS"]

_SKIP_NAMES = {"readme.md", "readme.txt", "license", "license.txt"}


def expand_sources(paths: Iterable[str]) -> tuple[list[Path], list[str]]:
    """Files named by paths, directories (recursively, following links) and globs, in a stable order.

    Returns (files, problems): a path that matches nothing, a folder that cannot be read, a link
    loop or a broken link is a problem, not a crash and not a silent omission.
    """
    files: list[Path] = []
    problems: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(_walk(path, problems))
        elif path.is_file():
            files.append(path)
        else:
            matches = sorted(Path(p) for p in glob.glob(raw, recursive=True))
            matched_files = [p for p in matches if p.is_file()]
            if matched_files:
                files.extend(matched_files)
            else:
                problems.append(f"{display_path(raw)}: no such file, directory or matching glob.")
    seen, unique = set(), []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, problems


def _walk(root: Path, problems: list[str]) -> list[Path]:
    """Wanted files under root; unreadable folders, link loops and broken links go to `problems`."""
    found: list[Path] = []
    visited = set()

    def unreadable(error: OSError) -> None:
        problems.append(f"{display_path(error.filename or root)}: cannot read the folder ({error.strerror}); "
                        "its files were not ingested. Fix its permissions.")

    for folder, subfolders, names in os.walk(root, onerror=unreadable, followlinks=True):
        identity = _identity(folder)
        if identity in visited:   # a link loop, or a second link to one folder
            problems.append(f"{display_path(folder)}: a link to a folder already read "
                            f"({display_path(os.path.realpath(folder))}); skipped. Remove the link if it loops.")
            subfolders[:] = []
            continue
        visited.add(identity)
        subfolders.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if not _wanted(path):
                continue
            if path.is_file():
                found.append(path)
            elif path.is_symlink():
                problems.append(f"{display_path(path)}: a broken link; skipped. Remove it or fix its target.")
    return found


def _identity(folder: str) -> tuple[int, int] | str:
    try:
        stat = os.stat(folder)
    except OSError:
        return os.path.realpath(folder)
    return (stat.st_dev, stat.st_ino)


def _wanted(path: Path) -> bool:
    """Inside a directory: report-looking files only (hidden files and READMEs are skipped)."""
    if path.name.startswith("."):
        return False
    if path.name.lower() in _SKIP_NAMES:
        return False
    return True


def try_read(path: Path):
    """(Document, None) or (None, message) for one file; nothing a file holds may stop the batch."""
    try:
        return read_document(path), None
    except BadInput as exc:
        return None, str(exc)
    except Exception as exc:  # a parser failing on hostile input: report the file, go on
        return None, (f"[{BadInput.code}] {display_path(path)}: could not be read ({type(exc).__name__}: "
                      f"{str(exc)[:200]}). Convert it to plain text, or report this file as a bug.")
