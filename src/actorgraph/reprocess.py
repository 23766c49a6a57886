"""reprocess(store, ...): re-extract stored documents from their stored text with the installed extractor.

Only machine-made facts are replaced, one document per transaction (`store.replace_extraction`). A fact
that comes back with the same kind, arguments and evidence span keeps its id, so reviews and
corroboration stay attached; analyst merges, splits and pinned names live on entities and aliases,
which re-extraction links to again. Documents are marked before the first is redone and unmarked in
their own transaction, so a run that crashes is finished by the next `reprocess`.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field

from .analyze import derive_pending
from .errors import ActorgraphError
from .extract.nlp import get_nlp
from .extract.registry import load_registry
from .machinery import Extractor, differences
from .pipeline import analyse, seed_registry
from .resolve.entities import Linker


@dataclass
class ReprocessReport:
    run_id: int | None = None
    documents: list[str] = field(default_factory=list)    # ids re-extracted
    resumed: list[str] = field(default_factory=list)      # ids a crashed run had left marked
    failed: list[str] = field(default_factory=list)       # one message per document that broke (it stays marked)
    changes: list[dict] = field(default_factory=list)     # store.replace_extraction's changes, each with its doc

    def counts(self) -> dict[str, Counter]:
        """kind -> Counter of added, removed, changed."""
        out: dict[str, Counter] = {}
        for change in self.changes:
            out.setdefault(change["kind"], Counter())[change["change"]] += 1
        return out

    def summary(self) -> dict:
        return {"documents": len(self.documents), "resumed": len(self.resumed), "failed": len(self.failed),
                "changes": {kind: dict(c) for kind, c in self.counts().items()}}


def stale_documents(store, machinery: dict) -> list[str]:
    """Documents extracted with other machinery than `machinery` (or with machinery never recorded)."""
    return [doc_id for doc_id, built in store.documents_extracted_with() if differences(built, machinery)]


def reprocess(store, doc_ids: tuple[str, ...] = (), all_documents: bool = False, stale: bool = False, nlp=None,
              extractor: Extractor | None = None, progress: bool | None = None) -> ReprocessReport:
    """Re-extract the chosen documents (and any a crashed run left marked); see the module docstring."""
    extractor = extractor or Extractor()
    nlp = nlp or get_nlp()
    machinery = extractor.machinery(nlp)
    wanted = _chosen(store, doc_ids, all_documents, stale, machinery)
    left = store.pending_reprocess()
    report = ReprocessReport(resumed=[d for d in left if d not in set(wanted)])
    if not wanted and not left:
        return report
    report.run_id = store.start_run("reprocess", machinery)
    store.request_reprocess(wanted, report.run_id)
    _redo(store, store.pending_reprocess(), nlp, extractor, report, progress)
    derive_pending(store)
    store.finish_run(report.run_id, report.summary())
    return report


def _chosen(store, doc_ids, all_documents: bool, stale: bool, machinery: dict) -> list[str]:
    chosen = {d["id"] for d in store.documents()} if all_documents else set()
    if doc_ids:
        from .export import select_documents

        chosen |= select_documents(store, doc_ids)
    if stale:
        chosen |= set(stale_documents(store, machinery))
    if not (doc_ids or all_documents or stale) and not store.pending_reprocess():
        raise ActorgraphError("Nothing to reprocess: name documents with --doc, or use --stale or --all.")
    return sorted(chosen)


def _redo(store, doc_ids: list[str], nlp, extractor: Extractor, report: ReprocessReport, progress) -> None:
    seed_registry(store)
    linker = Linker(store.alias_index(), load_registry())
    documents = (store.stored_document(doc_id) for doc_id in doc_ids)
    for document, extraction in analyse(_progress(documents, len(doc_ids), progress), nlp, extractor.extract):
        try:
            if isinstance(extraction, Exception):
                raise extraction
            resolution = linker.link(document, extraction)
            changes = store.replace_extraction(document, extraction, resolution, extractor.pipeline, report.run_id)
        except Exception as exc:  # one broken document must not stop the run; it stays marked for the next
            report.failed.append(f"{document.id} ({document.path}): re-extraction failed ({type(exc).__name__}: "
                                 f"{exc}); its facts are as they were.")
            continue
        report.documents.append(document.id)
        report.changes.extend({**c, "doc": document.id} for c in changes)


def _progress(items, total: int, progress: bool | None):
    if not (sys.stderr.isatty() if progress is None else progress):
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, unit="doc", desc="reprocess", file=sys.stderr)
