"""Export: the knowledge base in formats other tools read. Each format is one function store -> text."""

from __future__ import annotations

import json

from ..errors import ActorgraphError


def _json(store, table=None) -> tuple[str, str]:
    from .json_export import knowledge_export

    data = knowledge_export(store)
    summary = ", ".join(f"{len(data[k])} {k}" for k in ("documents", "entities", "relations", "events", "claims", "conflicts"))
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n", summary


# format name -> function(store, table) -> (text, one-line summary)
FORMATS = {"json": _json}


def export_to(fmt: str, store, table: str | None = None) -> tuple[str, str]:
    if fmt not in FORMATS:
        raise ActorgraphError(f"Unknown export format {fmt!r}; choose one of {', '.join(sorted(FORMATS))}.")
    return FORMATS[fmt](store, table)
