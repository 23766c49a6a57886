"""The store's side of a living knowledge base: runs, re-extraction in place, reviews, changes, watch state.

Plain SQL that SQLite and PostgreSQL both run (lists travel as `self.db.in_list`/`listed`, as elsewhere in the store).

A fact's identity is its kind, its document, its arguments and its evidence span (`fact_key`): a
re-extraction that gives the same identity back keeps the fact's row id and first run, so reviews,
corroboration and links stay attached; what else it says may change, and the change is logged.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from ..errors import StoreError, UnknownFact
from ..models import Document, Extraction, Resolution

FACT_TABLES = {"relation": "relations", "event": "event_reports", "claim": "claims"}
VERDICTS = ("accepted", "rejected")
# what may change about a fact while it stays the same fact
CONTENT = {
    "relation": ("start", "end", "end_reason", "modality", "confidence", "note"),
    "event": ("subtype", "date", "date_precision", "date_text", "place_id", "targets", "victims", "weapons",
              "killed_low", "killed_high", "injured_low", "injured_high", "attackers_killed_low",
              "attackers_killed_high", "attackers_injured_low", "attackers_injured_high", "casualty_text",
              "modality", "confidence", "actors", "support"),
    "claim": ("low", "high", "unit", "as_of", "as_of_precision", "attributed_to", "hedge", "subject_note", "confidence"),
}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def fact_key(kind: str, *arguments) -> tuple:
    """A fact's identity within its document: kind, arguments (entity ids, type or attribute) and evidence span."""
    return (kind, *arguments)


def key_of(kind: str, row: dict) -> tuple:
    """The identity key of a stored fact row (entity ids canonical, as the linker gives them)."""
    if kind == "relation":
        return fact_key(kind, row["type"], row["subject_id"], row["object_id"], row["ev_start"], row["ev_end"])
    if kind == "event":
        return fact_key(kind, row["type"], row["ev_start"], row["ev_end"])
    return fact_key(kind, row["attribute"], row["subject_id"], row["ev_start"], row["ev_end"])


def signature(doc_id: str, key: tuple) -> str:
    """How a review recognises its fact again, whatever row id the fact has by then."""
    return json.dumps([doc_id, *key])


def parse_fact_id(text: str) -> tuple[str, int]:
    """'relation:12' -> ('relation', 12)."""
    kind, _, number = str(text).partition(":")
    if kind not in FACT_TABLES or not number.isdigit():
        raise UnknownFact(f"{text!r} is not a fact id; fact ids look like relation:12, event:7 or claim:3 "
                          "(shown with each fact by the views, the API and `actorgraph fact show`).")
    return kind, int(number)


class LivingStore:
    """Mixed into the store (`kb.Store`): every method here uses its `db`, `transaction` and row readers."""

    include_rejected = False   # views and exports leave rejected facts out unless this is set

    def _facts(self, table: str) -> str:
        """The table, or the view of it without the facts an analyst rejected."""
        return table if self.include_rejected else f"kept_{table}"

    # -- runs ---------------------------------------------------------------
    def start_run(self, kind: str, machinery: dict) -> int:
        """Record the start of an ingest, reprocess or watch poll with the machinery it uses; its id."""
        with self.transaction():
            return self.db.insert("INSERT INTO runs(kind, started_at, machinery) VALUES (?, ?, ?)",
                                  (kind, _now(), json.dumps(machinery, sort_keys=True)))

    def finish_run(self, run_id: int, summary: dict) -> None:
        with self.transaction():
            self.db.execute("UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?",
                            (_now(), json.dumps(summary, sort_keys=True, default=str), run_id))

    def runs(self, since: int = 0) -> list[dict]:
        """The runs after run `since`, oldest first."""
        return [_run(r) for r in self.db.execute("SELECT * FROM runs WHERE id > ? ORDER BY id", (since,))]

    def run(self, run_id: int | None) -> dict | None:
        row = self.db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        return _run(row) if row else None

    def last_run_before(self, when: str) -> int:
        """The id of the last run that started before a time (ISO), 0 when none did."""
        row = self.db.execute("SELECT MAX(id) FROM runs WHERE started_at < ?", (when,)).fetchone()
        return row[0] or 0

    def machinery_in_use(self) -> list[dict]:
        """Each machinery the stored documents were extracted with, and how many documents each (None: unknown)."""
        rows = self.db.execute(
            "SELECT r.machinery, COUNT(*) AS n FROM documents d LEFT JOIN runs r ON r.id = d.extracted_by"
            " GROUP BY r.machinery ORDER BY n DESC")
        return [{"machinery": json.loads(r["machinery"]) if r["machinery"] else None, "documents": r["n"]}
                for r in rows]

    def documents_extracted_with(self) -> list[tuple[str, dict | None]]:
        """(document id, the machinery its facts were extracted with, None when not recorded) for every document."""
        rows = self.db.execute("SELECT d.id, r.machinery FROM documents d LEFT JOIN runs r ON r.id = d.extracted_by"
                               " ORDER BY d.rowid")
        return [(r["id"], json.loads(r["machinery"]) if r["machinery"] else None) for r in rows]

    # -- re-extraction ---------------------------------------------------------
    def request_reprocess(self, doc_ids: list[str], run_id: int) -> None:
        """Mark documents for re-extraction by a run; the marks outlive a crash, so the next run finishes them."""
        with self.transaction():
            self.db.execute(f"UPDATE documents SET reprocess_run = ? WHERE {self.db.in_list('id')}",
                            (run_id, self.db.listed(doc_ids)))

    def pending_reprocess(self) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT id FROM documents WHERE reprocess_run IS NOT NULL ORDER BY rowid")]

    def stored_document(self, doc_id: str) -> Document:
        """A stored document as the pipeline reads it: its cleaned text and metadata."""
        from ..models import MetaField

        row = self.document(doc_id)
        if row is None:
            raise StoreError(f"No document with id {doc_id!r}. List them with: actorgraph documents")
        meta = tuple(MetaField(m["name"], m["value"], m["source"], m["start"], m["end"]) for m in row["meta"])
        return Document(row["id"], row["sha256"], row["path"], row["format"], row["text"], meta)

    def replace_extraction(self, doc: Document, extraction: Extraction, resolution: Resolution, extractor: str,
                           run_id: int) -> list[dict]:
        """Replace a stored document's machine-made facts with a new extraction, in one transaction.

        Facts that come back (same identity) keep their row id, first run and review; the others are
        removed or added. Returns one change per fact added, removed or changed (with what changed).
        """
        from .kb import _Refs

        with self.transaction():
            before = self.document_facts(doc.id)
            earlier: dict[tuple, list] = {}
            for (kind, row_id), fact in sorted(before.items(), key=lambda item: item[0][1]):
                earlier.setdefault(fact["key"], []).append((row_id, fact["run_id"]))
            last_ids = {kind: self.db.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]
                        for kind, table in FACT_TABLES.items()}
            self._delete_extraction(doc.id)
            self._insert_extraction(doc.id, extraction, resolution,
                                    _Refs(run_id=run_id, earlier=earlier, canon=self.canonical_map(), last_ids=last_ids))
            for table in FACT_TABLES.values():   # ids given above a server's own counter: move it past them
                self.db.sync_ids(table)
            after = self.document_facts(doc.id)
            changes = _compare(before, after)
            self._log_changes(run_id, doc.id, changes)
            self._detach_reviews([c for c in changes if c["change"] == "removed"])
            self._attach_reviews(doc.id)
            self._prune_aliases(doc.id, extraction)
            self.db.execute("UPDATE documents SET extractor = ?, extracted_by = ?, reprocess_run = NULL, derived_at = NULL"
                            " WHERE id = ?",
                            (extractor, run_id, doc.id))
        return changes

    def document_facts(self, doc_id: str) -> dict[tuple[str, int], dict]:
        """(kind, row id) -> identity key, first run, quote and content of every fact of a document, rejected ones too."""
        shown, self.include_rejected = self.include_rejected, True
        try:
            rows = {"relation": self._relation_rows(" WHERE r.doc_id = ?", (doc_id,)),
                    "event": self._event_report_rows(" WHERE r.doc_id = ?", (doc_id,)),
                    "claim": self._claim_rows(" WHERE c.doc_id = ?", (doc_id,))}
        finally:
            self.include_rejected = shown
        out = {}
        for kind, kind_rows in rows.items():
            for row in kind_rows:
                out[(kind, row["id"])] = {
                    "key": key_of(kind, row), "run_id": row["run_id"], "quote": row["quote"],
                    "start": row["ev_start"], "end": row["ev_end"], "extractor": row["extractor"],
                    "version": row["version"], "content": _content(kind, row)}
        return out

    def _delete_extraction(self, doc_id: str) -> None:
        """Everything extraction made of a document: facts, their evidence and its mentions (not the document)."""
        reports = "SELECT id FROM event_reports WHERE doc_id = ?"
        events = [r[0] for r in self.db.execute(
            "SELECT DISTINCT event_id FROM event_reports WHERE doc_id = ? AND event_id IS NOT NULL", (doc_id,))]
        for sql in (f"DELETE FROM event_report_evidence WHERE report_id IN ({reports})",
                    f"DELETE FROM event_report_actors WHERE report_id IN ({reports})",
                    "DELETE FROM event_reports WHERE doc_id = ?", "DELETE FROM relations WHERE doc_id = ?",
                    "DELETE FROM claims WHERE doc_id = ?", "DELETE FROM evidence WHERE doc_id = ?",
                    "DELETE FROM mentions WHERE doc_id = ?"):
            self.db.execute(sql, (doc_id,))
        self._write_event_entities(events)   # events keep what their other reports name until derived again

    def _prune_aliases(self, doc_id: str, extraction: Extraction) -> None:
        """Names this document gave entities at spans it no longer mentions (analysts' pinned names stay)."""
        spans = {(m.start, m.end) for m in extraction.mentions}
        stale = [r["id"] for r in self.db.execute(
            'SELECT id, start, "end" FROM aliases WHERE doc_id = ? AND source = \'text\' AND pinned = 0', (doc_id,))
            if (r["start"], r["end"]) not in spans]
        self.db.execute(f"DELETE FROM aliases WHERE {self.db.in_list('id')}", (self.db.listed(stale),))

    def _log_changes(self, run_id: int, doc_id: str, changes: list[dict]) -> None:
        self.db.executemany(
            "INSERT INTO fact_changes(run_id, kind, fact_id, doc_id, change, detail) VALUES (?, ?, ?, ?, ?, ?)",
            [(run_id, c["kind"], c["id"], doc_id, c["change"],
              json.dumps({k: c[k] for k in ("quote", "start", "end", "before", "after") if k in c}, default=str))
             for c in changes])

    def fact_changes(self, since_run: int) -> list[dict]:
        """What reprocessing changed or removed after a run, oldest first."""
        rows = [dict(r) for r in self.db.execute(
            "SELECT * FROM fact_changes WHERE run_id > ? AND change <> 'added' ORDER BY id", (since_run,))]
        for r in rows:
            r.update(json.loads(r.pop("detail")))
        return rows

    # -- reviews ----------------------------------------------------------------
    def review_fact(self, kind: str, fact_id: int, verdict: str, note: str = "") -> dict:
        """Accept or reject one fact; the verdict follows the fact through re-extraction and re-ingestion."""
        if verdict not in VERDICTS:
            raise StoreError(f"Unknown verdict {verdict!r}; use one of {', '.join(VERDICTS)}.")
        with self.transaction():
            fact = self.document_fact(kind, fact_id)
            self.db.execute(
                "INSERT INTO fact_reviews(kind, fact_id, signature, verdict, note, reviewed_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(signature) DO UPDATE SET fact_id = excluded.fact_id, verdict = excluded.verdict,"
                " note = excluded.note, reviewed_at = excluded.reviewed_at",
                (kind, fact_id, signature(fact["doc_id"], fact["key"]), verdict, note, _now()))
        return {**fact, "review": verdict, "note": note}

    def document_fact(self, kind: str, fact_id: int) -> dict:
        """One stored fact (rejected or not) with its document, identity key, quote and current review."""
        table = FACT_TABLES.get(kind)
        row = self.db.execute(f"SELECT doc_id FROM {table} WHERE id = ?", (fact_id,)).fetchone() if table else None
        if row is None:
            raise UnknownFact(f"No fact {kind}:{fact_id}. Fact ids come with the facts in the views, the API and "
                              "the exports; a reprocess may have removed this one.")
        fact = self.document_facts(row["doc_id"])[(kind, fact_id)]
        review = self.db.execute("SELECT verdict, note, reviewed_at FROM fact_reviews WHERE kind = ? AND fact_id = ?",
                                 (kind, fact_id)).fetchone()
        return {"kind": kind, "id": fact_id, "doc_id": row["doc_id"], **fact,
                "review": dict(review) if review else None}

    def reviews(self) -> list[dict]:
        return [dict(r) for r in self.db.execute("SELECT * FROM fact_reviews ORDER BY id")]

    def _detach_reviews(self, removed: list[dict]) -> None:
        """Reviews of facts that are gone wait, by signature, for the fact to come back."""
        for change in removed:
            self.db.execute("UPDATE fact_reviews SET fact_id = NULL WHERE kind = ? AND fact_id = ?",
                            (change["kind"], change["id"]))

    def _attach_reviews(self, doc_id: str) -> None:
        """Waiting reviews whose fact this document holds again get it back."""
        if self.db.execute("SELECT 1 FROM fact_reviews WHERE fact_id IS NULL LIMIT 1").fetchone() is None:
            return
        for (kind, row_id), fact in self.document_facts(doc_id).items():
            self.db.execute("UPDATE fact_reviews SET fact_id = ? WHERE signature = ? AND fact_id IS NULL",
                            (row_id, signature(doc_id, fact["key"])))

    # -- what changed -----------------------------------------------------------
    def facts_since(self, since_run: int) -> dict[str, list[dict]]:
        """Fact rows (not rejected) first stored by a run after `since_run`, per kind."""
        return {"relation": self._relation_rows(" WHERE r.run_id > ?", (since_run,)),
                "event": self._event_report_rows(" WHERE r.run_id > ?", (since_run,)),
                "claim": self._claim_rows(" WHERE c.run_id > ?", (since_run,))}

    def claims_about(self, pairs: list[tuple[str, str]]) -> list[dict]:
        """Claims (not rejected) about these (subject id, attribute) pairs, old and new."""
        subjects = sorted({s for s, _ in pairs})
        wanted = set(pairs)
        return [c for c in self._claim_rows(f" WHERE {self.db.in_list('c.subject_id')}", (self.db.listed(subjects),))
                if (c["subject_id"], c["attribute"]) in wanted]

    # -- watch ---------------------------------------------------------------------
    def watch_item(self, source: str, item: str) -> dict | None:
        row = self.db.execute("SELECT * FROM watch_items WHERE source = ? AND item = ?", (source, item)).fetchone()
        return dict(row) if row else None

    def remember_watch_item(self, source: str, item: str, state: str, outcome: str, doc_id: str | None = None) -> None:
        """Record that `watch` has dealt with an item of a source (joins an open transaction)."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO watch_items(source, item, state, doc_id, outcome, seen_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(source, item) DO UPDATE SET state = excluded.state, doc_id = excluded.doc_id,"
                " outcome = excluded.outcome, seen_at = excluded.seen_at", (source, item, state, doc_id, outcome, _now()))

    def http_validators(self, url: str) -> dict:
        """The ETag and Last-Modified a server sent for a URL last time (for a conditional GET)."""
        row = self.db.execute("SELECT etag, last_modified FROM http_cache WHERE url = ?", (url,)).fetchone()
        return dict(row) if row else {}

    def remember_http_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO http_cache(url, etag, last_modified, checked_at) VALUES (?, ?, ?, ?) ON CONFLICT(url)"
                " DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,"
                " checked_at = excluded.checked_at", (url, etag, last_modified, _now()))


def _run(row) -> dict:
    return {**dict(row), "machinery": json.loads(row["machinery"]), "summary": json.loads(row["summary"])}


def _content(kind: str, row: dict) -> dict:
    """What a fact says beyond its identity, comparable across extractions."""
    values = dict(row)
    if kind == "event":
        values["actors"] = sorted((a["entity_id"], a["role"], a["modality"] or "") for a in row["actors"])
        values["support"] = sorted((s["ev_start"], s["ev_end"]) for s in row["support"])
    return {name: values.get(name) for name in CONTENT[kind]}


def _compare(before: dict, after: dict) -> list[dict]:
    """Changes from one extraction of a document to the next: added, removed, changed (with the fields)."""
    out = []
    for ident in sorted(set(before) | set(after)):
        kind, row_id = ident
        old, new = before.get(ident), after.get(ident)
        change = {"kind": kind, "id": row_id, **{k: (new or old)[k] for k in ("quote", "start", "end")}}
        if old is None:
            out.append({**change, "change": "added", "after": new["content"]})
        elif new is None:
            out.append({**change, "change": "removed", "before": old["content"]})
        elif old["content"] != new["content"]:
            fields = [k for k in CONTENT[kind] if old["content"][k] != new["content"][k]]
            out.append({**change, "change": "changed", "before": {k: old["content"][k] for k in fields},
                        "after": {k: new["content"][k] for k in fields}})
    return out
