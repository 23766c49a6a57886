"""run(sources, store): ingest -> extract -> resolve -> store -> analyze, one document at a time."""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator

from . import settings
from .analyze import derive_pending
from .extract import extract
from .extract.nlp import get_nlp
from .extract.registry import load_registry, registry_digest
from .extract.sections import merged, section_bounds, shifted
from .ingest import expand_sources, try_read
from .machinery import Extractor
from .models import Document, Extraction
from .resolve.entities import Linker, registry_entities
from .workers import one_native_thread, open_pool


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
    """Make sure every built-in registry entity is in the knowledge base (idempotent).

    Skipped when the KB was seeded from the same registry files already: building the registry's
    entities takes seconds, more than adding one report to a large knowledge base may.
    """
    digest = registry_digest()
    if store.marker("registry") == digest:
        return
    with store.transaction():
        store.upsert_entities(registry_entities(load_registry()))
        store.set_marker("registry", digest)


def run(sources: Iterable[str], store, nlp=None, progress: bool | None = None,
        extractor: Extractor | None = None, workers: int = 1, ray: str | None = None) -> RunReport:
    """Ingest report files into the store; bad files are reported by name and the batch goes on.

    Documents stream through one at a time (long ones in sections), and each is linked and stored
    in its own write transaction, so other ingest processes on the same knowledge base can run at
    once. Derived facts are brought up to date at the end, also for documents a crash left pending.
    With `workers` above 1 (or a Ray address), extraction runs in that many worker processes (or Ray
    actors) while this process reads and stores, in input order: the knowledge base is the same.
    """
    report = RunReport()
    files, problems = expand_sources(sources)
    report.skipped.extend(problems)
    copies: list[tuple[str, str]] = []
    store_documents(_new_documents(_progress(files, progress), store, report, copies), store, report, nlp, extractor,
                    workers=workers, ray=ray)
    for sha256, path in copies:   # the same text in another file: remembered once its document is stored
        store.note_path(sha256, path)
    return report


def store_documents(documents: Iterable[Document], store, report: RunReport, nlp=None,
                    extractor: Extractor | None = None, also=None, kind: str = "ingest", workers: int = 1,
                    ray: str | None = None) -> None:
    """Extract, link and store new documents as one recorded run, then bring derived facts up to date.

    One transaction per document; `also(store, document)` runs inside it (watch remembers its item there).
    Worker processes and Ray actors (`workers` above 1, or `ray`) run actorgraph's own extractor; this
    process then never loads the model, and the run records the model the settings name.
    """
    documents = iter(documents)
    first = next(documents, None)
    if first is not None:
        seed_registry(store)
        in_process = workers == 1 and not ray
        nlp = nlp or (get_nlp() if in_process else None)
        extractor = extractor or Extractor()
        report.run_id = store.start_run(kind, extractor.machinery(nlp))
        writer = _Writer(store, report, extractor, also)
        for document, outcome in _analysed(itertools.chain([first], documents), nlp, extractor, workers, ray):
            writer.write(document, outcome)
        store.finish_run(report.run_id, {"stored": len(report.stored), "failed": len(report.failed)})
    derive_pending(store)


def _new_documents(files, store, report: RunReport, copies: list) -> Iterator[Document]:
    """Documents not stored yet; (sha256, path) of files whose text is already stored or read go to `copies`."""
    seen = set()
    for path in files:
        document, problem = try_read(path)
        if problem:
            report.skipped.append(problem)
        elif document.sha256 in seen or store.has_document(document.sha256):
            report.unchanged.append(document.path)
            copies.append((document.sha256, document.path))
        else:
            seen.add(document.sha256)
            yield document


def _analysed(documents: Iterable[Document], nlp, extractor: Extractor, workers: int, ray: str | None):
    if workers == 1 and not ray:
        with one_native_thread():
            yield from analyse(documents, nlp, extractor.extract)
        return
    with open_pool(workers, ray) as pool:
        yield from pool.map(documents)


def analyse(documents: Iterable[Document], nlp, extract_facts=extract) -> Iterator[tuple[Document, Extraction | Exception]]:
    """(document, its extraction) for each document, or (document, the exception) when extraction broke.

    Texts longer than ACTORGRAPH_SECTION_CHARS (or the model's own length limit) go through the model in
    sections cut at paragraph breaks; the sections' facts are shifted back into the whole text and merged.
    """
    limit = min(settings.get_int("ACTORGRAPH_SECTION_CHARS"), nlp.max_length)
    sections = ((document.text[start:end], (document, start, end == len(document.text)))
                for document in documents for start, end in section_bounds(document.text, limit))
    parts: list[Extraction] = []
    failure: Exception | None = None
    batch_size = settings.get_int("ACTORGRAPH_BATCH_SIZE")
    for spacy_doc, (document, start, last) in nlp.pipe(sections, as_tuples=True, batch_size=batch_size):
        if failure is None:
            try:
                section = replace(document, text=document.text[start:start + len(spacy_doc.text)])
                parts.append(shifted(extract_facts(spacy_doc, section), start))
            except Exception as exc:  # one broken document must not stop the batch
                failure = exc
        if last:
            yield document, failure if failure is not None else merged(parts)
            parts, failure = [], None


class _Writer:
    """Links and stores one document at a time, each inside one write transaction.

    Inside the transaction the linker first learns the names other processes stored meanwhile,
    so concurrent ingests link exactly as one ingest of the same documents in that order would.
    """

    def __init__(self, store, report: RunReport, extractor: Extractor | None = None, also=None):
        self.store, self.report, self.extractor, self.also = store, report, extractor or Extractor(), also
        self.linker, self.last_alias = Linker([], load_registry()), 0

    def write(self, document: Document, outcome: Extraction | Exception) -> None:
        if isinstance(outcome, Exception):
            self._failed(document, outcome)
            return
        try:
            with self.store.transaction():
                stored = not self.store.has_document(document.sha256) and self._link_and_store(document, outcome)
                if self.also:
                    self.also(self.store, document)
        except Exception as exc:  # the transaction rolled back; the linker may hold names it never stored
            self.linker, self.last_alias = Linker([], load_registry()), 0
            self._failed(document, exc)
            return
        if not stored:   # another process stored the same text first: this file is one more copy of it
            self.store.note_path(document.sha256, document.path)
        (self.report.stored if stored else self.report.unchanged).append(document.path)

    def _link_and_store(self, document: Document, extraction: Extraction) -> bool:
        rows, self.last_alias = self.store.alias_index_since(self.last_alias)
        self.linker.add(rows)
        resolution = self.linker.link(document, extraction)
        return self.store.write_document(document, extraction, resolution, self.extractor.pipeline, self.report.run_id)

    def _failed(self, document: Document, exc: Exception) -> None:
        self.report.failed.append(
            f"{document.path}: extraction failed ({type(exc).__name__}: {exc}); nothing of it was stored.")


def _progress(items, progress: bool | None):
    show = sys.stderr.isatty() if progress is None else progress
    if not show:
        return items
    from tqdm import tqdm

    return tqdm(items, total=len(items), unit="file", desc="ingest", file=sys.stderr)


def import_reference(path: str, store, include_all: bool = False) -> dict:
    """Add a designation list (UN XML, OFAC SDN CSV, MISP galaxy JSON) to the registry in the store."""
    from .ingest.reference import read_reference
    from .resolve.reference import reference_entities

    seed_registry(store)
    entries = list(read_reference(path, include_all=include_all))
    entities, counts = reference_entities(entries, store.alias_index())
    store.upsert_entities(entities)
    derive_pending(store)
    return {"entries": len(entries), **counts}


def import_stix(path: str, store) -> dict:
    """Read a STIX bundle's entities, aliases and relations into the store, then bring derived facts up to date."""
    from .ingest.stix_import import import_bundle

    result = import_bundle(path, store)
    derive_pending(store)
    return result
