"""run(sources, store): ingest -> extract -> resolve -> store -> analyze, one document at a time."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Iterable

from . import settings
from .analyze import refresh
from .extract.nlp import get_nlp
from .extract.registry import load_registry
from .ingest import expand_sources, try_read
from .machinery import Extractor
from .resolve.entities import Linker, registry_entities


@dataclass
class RunReport:
    stored: list[str] = field(default_factory=list)       # paths newly stored
    unchanged: list[str] = field(default_factory=list)    # paths whose content was already in the KB
    skipped: list[str] = field(default_factory=list)      # one message per bad file, naming it
    failed: list[str] = field(default_factory=list)       # files that broke during extraction
    run_id: int | None = None                              # the run that stored the new documents

    @property
    def ok(self) -> bool:
        return not self.skipped and not self.failed


def seed_registry(store) -> None:
    """Make sure every built-in registry entity is in the knowledge base (idempotent)."""
    store.upsert_entities(registry_entities(load_registry()))


def run(sources: Iterable[str], store, nlp=None, progress: bool | None = None,
        extractor: Extractor | None = None) -> RunReport:
    """Ingest report files into the store; bad files are reported by name and the batch goes on."""
    report = RunReport()
    files, problems = expand_sources(sources)
    report.skipped.extend(problems)
    documents, copies = _read_new(files, store, report)
    store_documents(documents, store, report, nlp, progress, extractor)
    for sha256, path in copies:   # the same text in another file: remembered once its document is stored
        store.note_path(sha256, path)
    return report


def store_documents(documents: list, store, report: RunReport, nlp=None, progress: bool | None = None,
                    extractor: Extractor | None = None, also=None, kind: str = "ingest") -> None:
    """Extract, link and store new documents as one recorded run, then bring derived facts up to date.

    One transaction per document; `also(store, document)` runs inside it (watch remembers its item there).
    """
    if documents:
        _extract_and_store(documents, store, nlp, progress, extractor or Extractor(), report, also, kind)
    if report.stored:
        refresh(store)
    if report.run_id:
        store.finish_run(report.run_id, {"stored": len(report.stored), "failed": len(report.failed)})


def _extract_and_store(documents: list, store, nlp, progress, extractor: Extractor, report: RunReport,
                       also, kind: str) -> None:
    seed_registry(store)
    nlp = nlp or get_nlp()
    report.run_id = store.start_run(kind, extractor.machinery(nlp))
    linker = Linker(store.alias_index(), load_registry())
    batch_size = settings.get_int("ACTORGRAPH_BATCH_SIZE")
    docs = nlp.pipe(((d.text, d) for d in documents), as_tuples=True, batch_size=batch_size)
    for spacy_doc, document in _progress(docs, len(documents), progress):
        _store_one(spacy_doc, document, store, linker, report, extractor, also)


def _read_new(files, store, report: RunReport) -> tuple[list, list[tuple[str, str]]]:
    """(documents to extract, (sha256, path) of files whose text is already stored or read in this batch)."""
    documents, seen, copies = [], set(), []
    for path in files:
        document, problem = try_read(path)
        if problem:
            report.skipped.append(problem)
        elif document.sha256 in seen or store.has_document(document.sha256):
            report.unchanged.append(str(path))
            copies.append((document.sha256, document.path))
        else:
            seen.add(document.sha256)
            documents.append(document)
    return documents, copies


def _store_one(spacy_doc, document, store, linker: Linker, report: RunReport, extractor: Extractor, also) -> None:
    try:
        extraction = extractor.extract(spacy_doc, document)
        resolution = linker.link(document, extraction)
        with store.transaction():
            store.write_document(document, extraction, resolution, extractor.pipeline, report.run_id)
            if also:
                also(store, document)
    except Exception as exc:  # one broken document must not stop the batch; the transaction rolled back
        report.failed.append(f"{document.path}: extraction failed ({type(exc).__name__}: {exc}); nothing of it was stored.")
        return
    report.stored.append(document.path)


def _progress(items, total: int, progress: bool | None):
    show = sys.stderr.isatty() if progress is None else progress
    if not show:
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, unit="doc", desc="ingest", file=sys.stderr)


def import_reference(path: str, store, include_all: bool = False) -> dict:
    """Add a designation list (UN XML, OFAC SDN CSV, MISP galaxy JSON) to the registry in the store."""
    from .ingest.reference import read_reference
    from .resolve.reference import reference_entities

    seed_registry(store)
    entries = list(read_reference(path, include_all=include_all))
    entities, counts = reference_entities(entries, store.alias_index())
    store.upsert_entities(entities)
    return {"entries": len(entries), **counts}
