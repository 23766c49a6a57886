"""Export: the knowledge base in formats other tools read. Each format is one function store -> text."""

from __future__ import annotations

import json

from ..errors import ActorgraphError


def _json(store, table=None, docs=None) -> tuple[str, str]:
    from .json_export import knowledge_export

    data = knowledge_export(store, docs)
    summary = ", ".join(f"{len(data[k])} {k}" for k in ("documents", "entities", "relations", "events", "claims", "conflicts"))
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n", summary


# format name -> function(store, table) -> (text, one-line summary)
FORMATS = {"json": _json}


def _lazy(module: str, name: str):
    """A FORMATS entry that imports its module (and heavy libraries) only when used."""
    def run(store, table=None):
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{module}"), name)(store, table)
    run.__name__ = name
    return run


# issue 7: STIX 2.1, GraphML, GEXF, ACLED-style CSV
FORMATS.update(stix=_lazy("stix", "stix"), graphml=_lazy("graph", "graphml"), gexf=_lazy("graph", "gexf"),
               csv=_lazy("csv_export", "csv_table"))


def export_to(fmt: str, store, table: str | None = None, docs: set[str] | None = None) -> tuple[str, str]:
    if fmt not in FORMATS:
        raise ActorgraphError(f"Unknown export format {fmt!r}; choose one of {', '.join(sorted(FORMATS))}.")
    if docs is not None:
        if fmt != "json":
            raise ActorgraphError("--doc selects documents for --format json only.")
        return _json(store, table, docs)
    return FORMATS[fmt](store, table)


def select_documents(store, names) -> set[str]:
    """Document ids for ids or file names given on the command line; an unknown name is an error."""
    documents = store.documents()
    chosen = set()
    for name in names:
        hits = {d["id"] for d in documents if d["id"] == name or d["path"].rsplit("/", 1)[-1] == name}
        if not hits:
            raise ActorgraphError(f"No stored document is called {name!r}; list them with: actorgraph documents")
        chosen |= hits
    return chosen
