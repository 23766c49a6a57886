"""The SQLite knowledge base. This module and its package are the only code that speaks SQL."""

from __future__ import annotations

import json
import math
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from .. import settings
from ..errors import SchemaTooNew, StoreError, UnknownEntity
from ..models import Alias, Document, Entity, Evidence, Extraction, Resolution
from ..names import fold, variant_key
from .schema import MIGRATIONS


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _rows(cursor) -> list[dict]:
    return [dict(r) for r in cursor.fetchall()]


class SQLiteStore:
    """A knowledge base in one SQLite file. Writes happen inside `transaction()`."""

    backend = "sqlite"

    def __init__(self, path: str | Path, create: bool = True):
        self.path = str(path)
        if not create and self.path != ":memory:" and not Path(self.path).is_file():
            raise StoreError(f"No knowledge base at {self.path}. Check the --db path, or create one with: "
                             f"actorgraph ingest REPORTS --db {self.path}")
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            # other processes may hold the write lock for a whole derivation: wait for it rather than fail
            self.db.execute(f"PRAGMA busy_timeout = {settings.get_int('ACTORGRAPH_LOCK_WAIT') * 1000}")
            if self.path != ":memory:":
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            raise StoreError(f"Cannot open knowledge base {self.path}: {exc}. Check the path and permissions.") from exc
        self._depth = 0
        self._cache: dict[str, tuple] = {}
        self.migrate()

    # -- lifecycle -------------------------------------------------------
    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: nested uses join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")
        finally:
            self._depth = 0

    def set_deadline(self, seconds: float | None) -> None:
        """Interrupt any query still running `seconds` from now (None: no limit).

        The interrupted query raises sqlite3.OperationalError with sqlite_errorname 'SQLITE_INTERRUPT'.
        """
        if seconds is None:
            self.db.set_progress_handler(None, 0)
            return
        deadline = time.monotonic() + seconds
        self.db.set_progress_handler(lambda: time.monotonic() > deadline, 20_000)

    def migrate(self) -> list[str]:
        """Apply the migrations this file lacks; return the names applied.

        Several processes may open a new file at once: the pending list is read again under the
        write lock, so exactly one of them applies each migration.
        """
        if not self._pending_migrations():
            return []
        applied = []
        with self.transaction():
            self.db.execute("CREATE TABLE IF NOT EXISTS migrations (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL,"
                            " applied_at TEXT NOT NULL)")
            for name, sql in self._pending_migrations():
                for statement in _statements(sql):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO migrations(name, applied_at) VALUES (?, ?)", (name, _now()))
                applied.append(name)
        return applied

    def _pending_migrations(self) -> list[tuple[str, str]]:
        has_table = self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").fetchone()
        done = {r["name"] for r in self.db.execute("SELECT name FROM migrations")} if has_table else set()
        known = {name for name, _ in MIGRATIONS}
        if done - known:
            raise SchemaTooNew(
                f"{self.path} was written by a newer actorgraph (migrations {sorted(done - known)}). "
                "Upgrade actorgraph: pip install -U actorgraph")
        return [(name, sql) for name, sql in MIGRATIONS if name not in done]

    def migrations(self) -> list[dict]:
        return _rows(self.db.execute("SELECT name, applied_at FROM migrations ORDER BY id"))

    # -- documents ------------------------------------------------------
    def has_document(self, sha256: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha256,)).fetchone() is not None

    def write_document(self, doc: Document, extraction: Extraction, resolution: Resolution, extractor: str) -> bool:
        """Store a document, its mentions, new entities and aliases, and every extracted fact, atomically.

        Idempotent: False (and nothing written) when another run already stored the same content.
        The document is left pending derivation until `mark_derived`.
        """
        with self.transaction():
            if self.has_document(doc.sha256):
                return False
            self._insert_document(doc, extractor)
            self._insert_entities(resolution.new_entities)
            for entity_id, alias in resolution.new_aliases:
                self._insert_alias(entity_id, alias)
            mention_ids = self._insert_mentions(doc.id, extraction, resolution.entity_of)
            ref = _Refs(resolution.entity_of, mention_ids)
            for relation in extraction.relations:
                self._insert_relation(doc.id, relation, ref)
            for event in extraction.events:
                self._insert_event_report(doc.id, event, ref)
            for claim in extraction.claims:
                self._insert_claim(doc.id, claim, ref)
        return True

    # -- derivation: facts computed from all documents at once (events, conflicts) ----------
    def pending_derivation(self) -> list[str]:
        """Ids of documents whose derived facts were not (or not completely) computed yet."""
        return [r[0] for r in self.db.execute("SELECT id FROM documents WHERE derived_at IS NULL ORDER BY rowid")]

    def mark_derived(self, doc_ids: list[str]) -> None:
        with self.transaction():
            self.db.execute("UPDATE documents SET derived_at = ? WHERE id IN (SELECT value FROM json_each(?))",
                            (_now(), json.dumps(list(doc_ids))))

    def _insert_document(self, doc: Document, extractor: str) -> None:
        meta = {m.name: m.value for m in doc.meta}
        self.db.execute(
            "INSERT INTO documents(id, sha256, path, format, title, author, outlet, published, text, extractor, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc.id, doc.sha256, doc.path, doc.format, meta.get("title"), meta.get("author"), meta.get("outlet"),
             meta.get("published"), doc.text, extractor, _now()))
        self.db.executemany(
            'INSERT INTO document_meta(doc_id, name, value, source, start, "end") VALUES (?, ?, ?, ?, ?, ?)',
            [(doc.id, m.name, m.value, m.source, m.start, m.end) for m in doc.meta])
        self._insert_path(doc.id, doc.path)

    def _insert_path(self, doc_id: str, path: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO document_paths(doc_id, path, seen_at) VALUES (?, ?, ?)",
                        (doc_id, path, _now()))

    def note_path(self, sha256: str, path: str) -> None:
        """Record another file that holds the text of a stored document (the same report saved twice)."""
        row = self.db.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        if row is not None:
            with self.transaction():
                self._insert_path(row["id"], path)

    def document_paths(self) -> dict[str, list[str]]:
        """Document id -> every file its text was read from, first seen first."""
        out: dict[str, list[str]] = {}
        for r in self.db.execute("SELECT doc_id, path FROM document_paths ORDER BY seen_at, path"):
            out.setdefault(r["doc_id"], []).append(r["path"])
        return out

    def _insert_mentions(self, doc_id: str, extraction: Extraction, entity_of: dict) -> dict:
        ids = {}
        for m in extraction.mentions:
            cur = self.db.execute(
                'INSERT INTO mentions(doc_id, start, "end", text, label, type, sent_start, sent_end, source, entity_id)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, m.start, m.end, m.text, m.label, m.type, m.sent_start, m.sent_end, m.source,
                 entity_of.get((m.start, m.end))))
            ids[(m.start, m.end)] = cur.lastrowid
        return ids

    def _insert_evidence(self, ev: Evidence) -> int:
        cur = self.db.execute(
            'INSERT INTO evidence(doc_id, start, "end", quote, extractor, version) VALUES (?, ?, ?, ?, ?, ?)',
            (ev.doc_id, ev.start, ev.end, ev.quote, ev.extractor, ev.version))
        return cur.lastrowid

    def _insert_relation(self, doc_id: str, r, ref: "_Refs") -> None:
        subject, obj = ref.entity(r.subject), ref.entity(r.object)
        if not subject or not obj or subject == obj:
            return
        self.db.execute(
            'INSERT INTO relations(doc_id, subject_id, type, object_id, subject_mention, object_mention, start, "end",'
            " end_reason, modality, confidence, note, evidence_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, subject, r.type, obj, ref.mention(r.subject), ref.mention(r.object), r.start, r.end,
             r.end_reason, r.modality, r.confidence, r.note, self._insert_evidence(r.evidence)))

    def _insert_event_report(self, doc_id: str, e, ref: "_Refs") -> None:
        cur = self.db.execute(
            "INSERT INTO event_reports(doc_id, type, subtype, date, date_precision, date_text, place_id, place_mention,"
            " targets, victims, weapons, killed_low, killed_high, injured_low, injured_high, attackers_killed_low,"
            " attackers_killed_high, attackers_injured_low, attackers_injured_high, casualty_text, modality,"
            " confidence, evidence_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, e.type, e.subtype, e.date, e.date_precision, e.date_text, ref.entity(e.place),
             ref.mention(e.place), json.dumps(list(e.targets)), json.dumps(list(e.victims)),
             json.dumps(list(e.weapons)), e.killed_low, e.killed_high, e.injured_low, e.injured_high,
             e.attackers_killed_low, e.attackers_killed_high, e.attackers_injured_low, e.attackers_injured_high,
             e.casualty_text, e.modality, e.confidence, self._insert_evidence(e.evidence)))
        moods = dict(zip(e.perpetrators, e.perpetrator_modalities))
        actors = ([(span, "perpetrator", moods.get(span)) for span in e.perpetrators]
                  + [(span, "denied", "denied") for span in e.denied_by] + [(span, "about", None) for span in e.about])
        seen = set()
        for span, role, mood in actors:
            entity_id = ref.entity(span)
            if entity_id and (entity_id, role) not in seen:
                seen.add((entity_id, role))
                self.db.execute(
                    "INSERT INTO event_report_actors(report_id, entity_id, mention_id, role, modality) VALUES (?, ?, ?, ?, ?)",
                    (cur.lastrowid, entity_id, ref.mention(span), role, mood))
        for evidence in e.support:
            self.db.execute("INSERT INTO event_report_evidence(report_id, evidence_id) VALUES (?, ?)",
                            (cur.lastrowid, self._insert_evidence(evidence)))

    def _insert_claim(self, doc_id: str, c, ref: "_Refs") -> None:
        if not (math.isfinite(c.low) and math.isfinite(c.high)):
            raise StoreError(f"A claim in document {doc_id} has a non-finite figure ({c.low}, {c.high}); "
                             "figures must be ordinary numbers.")
        self.db.execute(
            "INSERT INTO claims(doc_id, subject_id, subject_mention, attribute, low, high, unit, as_of, as_of_precision,"
            " attributed_to, hedge, subject_note, confidence, evidence_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, ref.entity(c.subject), ref.mention(c.subject), c.attribute, c.low, c.high, c.unit, c.as_of,
             c.as_of_precision, c.attributed_to, c.hedge, c.subject_note, c.confidence,
             self._insert_evidence(c.evidence)))

    # -- entities and aliases -------------------------------------------
    def _insert_entities(self, entities: Iterable[Entity]) -> None:
        for e in entities:
            self.db.execute(
                "INSERT OR IGNORE INTO entities(id, type, name, attrs, created_at) VALUES (?, ?, ?, ?, ?)",
                (e.id, e.type, e.name, _finite_json(e.attrs or {}, f"attributes of entity {e.id}"), _now()))
            for alias in e.aliases:
                self._insert_alias(e.id, alias)

    def _insert_alias(self, entity_id: str, a: Alias, pinned: bool = False) -> None:
        self.db.execute(
            'INSERT OR IGNORE INTO aliases(entity_id, name, norm, variant, source, reason, doc_id, start, "end", pinned)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entity_id, a.name, fold(a.name), variant_key(a.name), a.source, a.reason, a.doc_id, a.start, a.end,
             int(pinned)))

    def upsert_entities(self, entities: Iterable[Entity]) -> None:
        """Add entities (and their aliases) that are not there yet; existing ones gain new aliases."""
        with self.transaction():
            self._insert_entities(entities)

    def canonical_id(self, entity_id: str) -> str:
        """Follow analyst merges to the entity that now stands for this one."""
        seen = set()
        while entity_id not in seen:
            seen.add(entity_id)
            row = self.db.execute("SELECT merged_into FROM entities WHERE id = ?", (entity_id,)).fetchone()
            if row is None or not row["merged_into"]:
                return entity_id
            entity_id = row["merged_into"]
        return entity_id

    def _cached(self, name: str, compute):
        """compute() once per state of the knowledge base: kept until this or another connection commits a change."""
        version = (self.db.execute("PRAGMA data_version").fetchone()[0], self.db.total_changes)
        hit = self._cache.get(name)
        if hit is None or hit[0] != version:
            hit = self._cache[name] = (version, compute())
        return hit[1]

    def canonical_map(self) -> dict[str, str]:
        """Every entity id -> the id it resolves to after analyst merges."""
        return dict(self._cached("canonical_map", self._canonical_map))

    def entity_names(self) -> dict[str, str]:
        """Every entity id (merged ones too) -> its name."""
        return dict(self._cached("entity_names", lambda: {
            r["id"]: r["name"] for r in self.db.execute("SELECT id, name FROM entities")}))

    def _canonical_map(self) -> dict[str, str]:
        parent = {r["id"]: r["merged_into"] for r in self.db.execute("SELECT id, merged_into FROM entities")}
        out = {}
        for entity_id in parent:
            current, hops = entity_id, 0
            while parent.get(current) and hops < 50:
                current, hops = parent[current], hops + 1
            out[entity_id] = current
        return out

    def entity(self, entity_id: str) -> dict | None:
        row = self.db.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            return None
        out = dict(row)
        out["attrs"] = json.loads(out["attrs"] or "{}")
        return out

    def entities(self, type: str | None = None, include_merged: bool = False) -> list[dict]:
        sql = "SELECT * FROM entities WHERE 1 = 1"
        args: list = []
        if type:
            sql += " AND type = ?"
            args.append(type)
        if not include_merged:
            sql += " AND merged_into IS NULL"
        rows = _rows(self.db.execute(sql + " ORDER BY id", args))
        for r in rows:
            r["attrs"] = json.loads(r["attrs"] or "{}")
        return rows

    def aliases(self, entity_ids: Iterable[str] | None = None) -> list[dict]:
        """Alias rows, each with its source; for given entities, those merged into them are included."""
        if entity_ids is None:
            return _rows(self.db.execute("SELECT * FROM aliases ORDER BY entity_id, id"))
        ids = list(entity_ids)
        canon = self.canonical_map()
        members = [e for e, c in canon.items() if c in ids or e in ids]
        if not members:
            return []
        marks = ",".join("?" * len(members))
        # a name found in a report comes with the sentence it stands in: the quote behind the alias
        return _rows(self.db.execute(
            "SELECT a.*, substr(d.text, m.sent_start + 1, m.sent_end - m.sent_start) AS quote FROM aliases a"
            " LEFT JOIN mentions m ON m.doc_id = a.doc_id AND m.start = a.start AND m.\"end\" = a.\"end\""
            " LEFT JOIN documents d ON d.id = a.doc_id"
            f" WHERE a.entity_id IN ({marks}) ORDER BY a.id", members))

    def alias_index(self) -> list[dict]:
        """Every alias with its (canonical) entity and type: what the linker matches new names against."""
        canon = self.canonical_map()
        rows = _rows(self.db.execute(
            "SELECT a.entity_id, a.name, a.norm, a.variant, a.source, a.pinned, e.type"
            " FROM aliases a JOIN entities e ON e.id = a.entity_id"))
        for r in rows:
            r["entity_id"] = canon.get(r["entity_id"], r["entity_id"])
        return rows

    def alias_index_since(self, last_id: int) -> tuple[list[dict], int]:
        """Alias rows (as in `alias_index`) added after alias row `last_id`, and the new last id.

        What other processes stored since this one last looked: a linker brought up to date
        inside the write transaction links exactly as if the documents had been ingested in one run.
        """
        rows = _rows(self.db.execute(
            "SELECT a.id, a.entity_id, a.name, a.norm, a.variant, a.source, a.pinned, e.type, e.merged_into"
            " FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.id > ? ORDER BY a.id", (last_id,)))
        for r in rows:
            if r.pop("merged_into"):
                r["entity_id"] = self.canonical_id(r["entity_id"])
        return rows, (rows[-1]["id"] if rows else last_id)

    def entity_ids_by_name(self, name: str) -> list[str]:
        """Canonical entities one of whose ids, names or aliases folds to this name."""
        norm = fold(name)
        rows = self.db.execute(
            "SELECT entity_id FROM aliases WHERE norm = ? OR variant = ? UNION SELECT id FROM entities WHERE id = ?",
            (norm, variant_key(name), name))
        return sorted({self.canonical_id(r[0]) for r in rows})

    def mention_counts(self) -> dict[str, int]:
        canon = self.canonical_map()
        counts: dict[str, int] = {}
        for r in self.db.execute("SELECT entity_id, COUNT(*) AS n FROM mentions WHERE entity_id IS NOT NULL GROUP BY entity_id"):
            key = canon.get(r["entity_id"], r["entity_id"])
            counts[key] = counts.get(key, 0) + r["n"]
        return counts

    # -- analyst decisions ----------------------------------------------
    def merge_entities(self, keep: str, absorb: str, note: str = "") -> int:
        """Record that `absorb` is the same entity as `keep`; reversible with `undo_merge`."""
        keep, absorb = self.canonical_id(keep), self.canonical_id(absorb)
        if keep == absorb:
            raise StoreError(f"{keep} and {absorb} are already one entity; nothing to merge.")
        with self.transaction():
            self.db.execute("UPDATE entities SET merged_into = ? WHERE id = ?", (keep, absorb))
            cur = self.db.execute(
                "INSERT INTO decisions(kind, entity_id, other_id, note, created_at) VALUES ('merge', ?, ?, ?, ?)",
                (keep, absorb, note, _now()))
        return cur.lastrowid

    def undo_merge(self, absorbed: str, note: str = "") -> int:
        """Split an entity that an analyst merged back out of the one it was merged into."""
        row = self.db.execute("SELECT merged_into FROM entities WHERE id = ?", (absorbed,)).fetchone()
        if row is None or not row["merged_into"]:
            raise StoreError(f"{absorbed} was not merged into another entity; use --alias to split names off it.")
        with self.transaction():
            self.db.execute("UPDATE entities SET merged_into = NULL WHERE id = ?", (absorbed,))
            self.db.execute("UPDATE decisions SET undone = 1 WHERE kind = 'merge' AND other_id = ? AND undone = 0", (absorbed,))
            cur = self.db.execute(
                "INSERT INTO decisions(kind, entity_id, other_id, note, created_at) VALUES ('unmerge', ?, ?, ?, ?)",
                (row["merged_into"], absorbed, note, _now()))
        return cur.lastrowid

    def split_entity(self, entity_id: str, names: list[str], new_entity: Entity, note: str = "") -> int:
        """Move the given names (and the mentions and facts that used them) to a new entity.

        The moved aliases are pinned, so later ingests link those names to the new entity.
        """
        norms = sorted({fold(n) for n in names})
        marks = ",".join("?" * len(norms))
        members = [e for e, c in self.canonical_map().items() if c == entity_id]
        member_marks = ",".join("?" * len(members))
        with self.transaction():
            self._insert_entities([new_entity])
            self.db.execute(
                f"UPDATE aliases SET entity_id = ?, pinned = 1 WHERE norm IN ({marks}) AND entity_id IN ({member_marks})",
                [new_entity.id, *norms, *members])
            moved = [r["id"] for r in self.db.execute(
                f"SELECT id, text FROM mentions WHERE entity_id IN ({member_marks})", members)
                if fold(r["text"]) in norms]
            for mention_id in moved:
                self._repoint_mention(mention_id, new_entity.id)
            cur = self.db.execute(
                "INSERT INTO decisions(kind, entity_id, other_id, names, note, created_at) VALUES ('split', ?, ?, ?, ?, ?)",
                (entity_id, new_entity.id, json.dumps(norms), note, _now()))
        return cur.lastrowid

    def _repoint_mention(self, mention_id: int, entity_id: str) -> None:
        self.db.execute("UPDATE mentions SET entity_id = ? WHERE id = ?", (entity_id, mention_id))
        self.db.execute("UPDATE relations SET subject_id = ? WHERE subject_mention = ?", (entity_id, mention_id))
        self.db.execute("UPDATE relations SET object_id = ? WHERE object_mention = ?", (entity_id, mention_id))
        self.db.execute("UPDATE claims SET subject_id = ? WHERE subject_mention = ?", (entity_id, mention_id))
        self.db.execute("UPDATE event_reports SET place_id = ? WHERE place_mention = ?", (entity_id, mention_id))
        self.db.execute("UPDATE event_report_actors SET entity_id = ? WHERE mention_id = ?", (entity_id, mention_id))

    def decisions(self) -> list[dict]:
        rows = _rows(self.db.execute("SELECT * FROM decisions ORDER BY id"))
        for r in rows:
            r["names"] = json.loads(r["names"])
        return rows

    # -- reads -----------------------------------------------------------
    def counts(self) -> dict:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        by_type = {r["type"]: r["n"] for r in self.db.execute(
            "SELECT type, COUNT(*) AS n FROM entities WHERE merged_into IS NULL"
            " AND id IN (SELECT entity_id FROM mentions WHERE entity_id IS NOT NULL) GROUP BY type")}
        return {
            "documents": one("SELECT COUNT(*) FROM documents"),
            "mentions": one("SELECT COUNT(*) FROM mentions"),
            "entities": by_type,
            "registry_entities": one("SELECT COUNT(*) FROM entities WHERE merged_into IS NULL"),
            "relations": one("SELECT COUNT(*) FROM relations"),
            "event_reports": one("SELECT COUNT(*) FROM event_reports"),
            "events": one("SELECT COUNT(*) FROM events"),
            "claims": one("SELECT COUNT(*) FROM claims"),
            "conflicts": one("SELECT COUNT(*) FROM conflicts"),
        }

    def documents(self, limit: int | None = None, offset: int = 0) -> list[dict]:
        return _rows(self.db.execute(
            "SELECT id, sha256, path, format, title, author, outlet, published, ingested_at, extractor,"
            " length(text) AS chars FROM documents ORDER BY path, id LIMIT ? OFFSET ?", (_limit(limit), offset)))

    def count(self, table: str) -> int:
        """Rows in one of the knowledge base's tables."""
        if table not in _COUNTABLE:
            raise StoreError(f"Cannot count {table!r}; one of {', '.join(sorted(_COUNTABLE))}.")
        return self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    def document(self, doc_id: str) -> dict | None:
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        out = dict(row)
        out["meta"] = _rows(self.db.execute(
            'SELECT name, value, source, start, "end" FROM document_meta WHERE doc_id = ?', (doc_id,)))
        return out

    def document_texts(self) -> dict[str, str]:
        return {r["id"]: r["text"] for r in self.db.execute("SELECT id, text FROM documents")}

    def mention_summary(self, entity_id: str, limit: int | None = None) -> tuple[int, list[str], int]:
        """(mentions of an entity and those merged into it, the first ids of documents naming it, how many do)."""
        ids = json.dumps(self.member_ids(entity_id))
        where = "FROM mentions WHERE entity_id IN (SELECT value FROM json_each(?))"
        mentions = self.db.execute(f"SELECT COUNT(*) {where}", (ids,)).fetchone()[0]
        n_docs = self.db.execute(f"SELECT COUNT(DISTINCT doc_id) {where}", (ids,)).fetchone()[0]
        docs = [r[0] for r in self.db.execute(f"SELECT DISTINCT doc_id {where} ORDER BY doc_id LIMIT ?",
                                              (ids, _limit(limit)))]
        return mentions, docs, n_docs

    def mentions(self, doc_id: str | None = None, entity_id: str | None = None) -> list[dict]:
        sql, args = 'SELECT * FROM mentions WHERE 1 = 1', []
        if doc_id:
            sql += " AND doc_id = ?"
            args.append(doc_id)
        if entity_id:
            members = [e for e, c in self.canonical_map().items() if c == entity_id] or [entity_id]
            sql += f" AND entity_id IN ({','.join('?' * len(members))})"
            args.extend(members)
        return _rows(self.db.execute(sql + " ORDER BY doc_id, start", args))

    def evidence(self, evidence_id: int) -> dict | None:
        row = self.db.execute("SELECT * FROM evidence WHERE id = ?", (evidence_id,)).fetchone()
        return dict(row) if row else None

    def evidence_rows(self, doc_id: str | None = None) -> list[dict]:
        sql, args = "SELECT * FROM evidence", []
        if doc_id:
            sql += " WHERE doc_id = ?"
            args.append(doc_id)
        return _rows(self.db.execute(sql + " ORDER BY id", args))

    def relations(self, entity_id: str | None = None, type: str | None = None) -> list[dict]:
        """Relation rows with their evidence; entity ids are canonical (analyst merges followed)."""
        if entity_id:
            where, args = self._involving(self.member_ids(entity_id))
            if type:
                where, args = f"{where.replace(' WHERE ', ' WHERE (', 1)}) AND r.type = ?", (*args, type)
            return [r for r in self._relation_rows(where, args) if entity_id in (r["subject_id"], r["object_id"])]
        return [r for r in self._relation_rows("", ()) if not type or r["type"] == type]

    def relations_involving(self, entity_ids: list[str]) -> list[dict]:
        """Relations whose subject or object is one of these entity ids (indexed, no full scan)."""
        return self._relation_rows(*self._involving(entity_ids))

    @staticmethod
    def _involving(entity_ids: list[str]) -> tuple[str, tuple]:
        ids = json.dumps(list(entity_ids))
        return (" WHERE r.subject_id IN (SELECT value FROM json_each(?)) OR r.object_id IN (SELECT value FROM json_each(?))",
                (ids, ids))

    def _relation_rows(self, where: str, args: tuple) -> list[dict]:
        rows = _rows(self.db.execute(
            'SELECT r.*, e.start AS ev_start, e."end" AS ev_end, e.quote, e.extractor, e.version'
            f" FROM relations r JOIN evidence e ON e.id = r.evidence_id{where} ORDER BY r.id", args))
        canon = self.canonical_map()
        out = []
        for r in rows:
            r["subject_id"] = canon.get(r["subject_id"], r["subject_id"])
            r["object_id"] = canon.get(r["object_id"], r["object_id"])
            if r["subject_id"] != r["object_id"]:   # a merge can make a relation point at itself
                out.append(r)
        return out

    def relations_of_document(self, doc_id: str) -> list[dict]:
        return self._relation_rows(" WHERE r.doc_id = ?", (doc_id,))

    def event_reports_of_document(self, doc_id: str) -> list[dict]:
        return self._event_report_rows(" WHERE r.doc_id = ?", (doc_id,))

    def event_reports(self, event_ids: list[str] | None = None) -> list[dict]:
        """Event reports with their evidence and actors; only those of the given events when ids are given."""
        if event_ids is None:
            rows = self._event_report_rows("", ())
        else:
            rows = self._event_report_rows(" WHERE r.event_id IN (SELECT value FROM json_each(?))",
                                           (json.dumps(list(event_ids)),))
        return rows

    def _event_report_rows(self, where: str, args: tuple) -> list[dict]:
        rows = _rows(self.db.execute(
            'SELECT r.*, e.start AS ev_start, e."end" AS ev_end, e.quote, e.extractor, e.version'
            f" FROM event_reports r JOIN evidence e ON e.id = r.evidence_id{where} ORDER BY r.id", args))
        canon = self.canonical_map()
        actors: dict[int, list[dict]] = {}
        report_ids = json.dumps([r["id"] for r in rows])
        for a in self.db.execute(
                "SELECT report_id, entity_id, role, modality FROM event_report_actors"
                " WHERE report_id IN (SELECT value FROM json_each(?))", (report_ids,)):
            actors.setdefault(a["report_id"], []).append(
                {"entity_id": canon.get(a["entity_id"], a["entity_id"]), "role": a["role"], "modality": a["modality"]})
        support: dict[int, list[dict]] = {}
        for ev in self.db.execute(
                'SELECT x.report_id, e.doc_id, e.start AS ev_start, e."end" AS ev_end, e.quote, e.extractor, e.version'
                " FROM event_report_evidence x JOIN evidence e ON e.id = x.evidence_id"
                " WHERE x.report_id IN (SELECT value FROM json_each(?)) ORDER BY e.start", (report_ids,)):
            support.setdefault(ev["report_id"], []).append({k: ev[k] for k in ev.keys() if k != "report_id"})
        for r in rows:
            r["place_id"] = canon.get(r["place_id"], r["place_id"]) if r["place_id"] else None
            for field in ("targets", "victims", "weapons"):
                r[field] = json.loads(r[field])
            r["actors"] = actors.get(r["id"], [])
            r["support"] = support.get(r["id"], [])
        return rows

    def events(self, event_ids: list[str] | None = None) -> list[dict]:
        if event_ids is None:
            return _rows(self.db.execute("SELECT * FROM events ORDER BY date, id"))
        return _rows(self.db.execute(
            "SELECT * FROM events WHERE id IN (SELECT value FROM json_each(?)) ORDER BY date, id",
            (json.dumps(list(event_ids)),)))

    def event_types(self) -> list[str]:
        """Every event type and subtype in use, sorted."""
        return [r[0] for r in self.db.execute(
            "SELECT type FROM events UNION SELECT subtype FROM events WHERE subtype IS NOT NULL ORDER BY 1")]

    def events_page(self, where: "EventFilter", limit: int | None = None, offset: int = 0) -> tuple[list[dict], int]:
        """Events passing a filter in timeline order (undated last), one page of them, and how many pass."""
        conditions, args = where.sql()
        sql = "FROM events" + (" WHERE " + " AND ".join(conditions) if conditions else "")
        total = self.db.execute(f"SELECT COUNT(*) {sql}", args).fetchone()[0]
        rows = _rows(self.db.execute(f"SELECT * {sql} ORDER BY COALESCE(date, '9999'), id LIMIT ? OFFSET ?",
                                     (*args, _limit(limit), offset)))
        return rows, total

    def replace_events(self, events: list[dict], assignment: dict[int, str]) -> None:
        """Replace the cross-document event clusters; `assignment` maps report id -> event id."""
        with self.transaction():
            self.db.execute("UPDATE event_reports SET event_id = NULL")
            self.db.execute("DELETE FROM events")
            self.db.executemany(
                "INSERT INTO events(id, type, subtype, date, date_precision, place_id, killed_low, killed_high,"
                " injured_low, injured_high, label) VALUES (:id, :type, :subtype, :date, :date_precision, :place_id,"
                " :killed_low, :killed_high, :injured_low, :injured_high, :label)", events)
            self.db.executemany("UPDATE event_reports SET event_id = ? WHERE id = ?",
                                [(event_id, report_id) for report_id, event_id in assignment.items()])

    def claims(self, subject_id: str | None = None, attribute: str | None = None) -> list[dict]:
        """Numeric claims with their evidence, in the order they were stored; subject ids are canonical."""
        return sorted(self.claims_page(subject_id, attribute)[0], key=lambda c: c["id"])

    def claims_page(self, subject_id: str | None = None, attribute: str | None = None, limit: int | None = None,
                    offset: int = 0, doc_id: str | None = None) -> tuple[list[dict], int]:
        """Claims (of a subject, an attribute, a document) by attribute, as-of date and figure; one page and the total."""
        conditions, args = [], []
        if subject_id:
            conditions.append("c.subject_id IN (SELECT value FROM json_each(?))")
            args.append(json.dumps(self.member_ids(subject_id)))
        if attribute:
            conditions.append("c.attribute = ?")
            args.append(attribute)
        if doc_id:
            conditions.append("c.doc_id = ?")
            args.append(doc_id)
        where = " WHERE " + " AND ".join(conditions) if conditions else ""
        total = self.db.execute(f"SELECT COUNT(*) FROM claims c{where}", args).fetchone()[0]
        order = " ORDER BY c.attribute, COALESCE(c.as_of, ''), c.low, c.id LIMIT ? OFFSET ?"
        return self._claim_rows(where + order, (*args, _limit(limit), offset)), total

    def _claim_rows(self, where: str, args: tuple) -> list[dict]:
        order = "" if " ORDER BY " in where else " ORDER BY c.id"
        rows = _rows(self.db.execute(
            'SELECT c.*, e.start AS ev_start, e."end" AS ev_end, e.quote, e.extractor, e.version'
            f" FROM claims c JOIN evidence e ON e.id = c.evidence_id{where}{order}", args))
        canon = self.canonical_map()
        for r in rows:
            if r["subject_id"]:
                r["subject_id"] = canon.get(r["subject_id"], r["subject_id"])
        return rows

    def conflicts(self) -> list[dict]:
        rows = _rows(self.db.execute("SELECT * FROM conflicts ORDER BY id"))
        for r in rows:
            r["docs"] = json.loads(r["docs"])
            r["sides"] = json.loads(r["sides"])
        return rows

    def replace_conflicts(self, conflicts: list[dict]) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM conflicts")
            self.db.executemany(
                "INSERT INTO conflicts(kind, subject_kind, subject_id, attribute, docs, note, sides)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(c["kind"], c["subject_kind"], c["subject_id"], c["attribute"], json.dumps(c["docs"]), c["note"],
                  json.dumps(c["sides"], default=str)) for c in conflicts])

    def search_documents(self, query: str, limit: int = 20) -> list[dict]:
        """Full-text search over titles and texts (FTS5), best first, with a highlighted snippet."""
        terms = " ".join('"' + t.replace('"', '""') + '"' for t in query.split() if t)
        if not terms:
            return []
        return _rows(self.db.execute(
            "SELECT d.id, d.title, d.path, snippet(documents_fts, 1, '[', ']', ' … ', 12) AS snippet"
            " FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
            " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?", (terms, limit)))

    def snapshot(self) -> dict[str, list[tuple]]:
        """The knowledge base's content without row ids and timestamps, each table sorted.

        Two knowledge bases with equal snapshots hold the same documents, entities, names, facts and
        derived facts: what a crash-and-rerun or a concurrent ingest must give compared with one clean run.
        """
        queries = {
            "documents": "SELECT id, sha256, path, format, title, author, outlet, published, extractor,"
                         " derived_at IS NULL FROM documents",
            "document_meta": 'SELECT doc_id, name, value, source, start, "end" FROM document_meta',
            "entities": "SELECT id, type, name, merged_into, attrs FROM entities",
            "aliases": 'SELECT entity_id, name, source, reason, doc_id, start, "end", pinned FROM aliases',
            "mentions": 'SELECT doc_id, start, "end", text, label, type, sent_start, sent_end, source, entity_id'
                        " FROM mentions",
            "relations": 'SELECT r.doc_id, subject_id, type, object_id, r.start, r."end", end_reason, modality,'
                         ' confidence, note, e.start, e."end", e.quote FROM relations r JOIN evidence e ON e.id = evidence_id',
            "event_reports": 'SELECT r.doc_id, event_id, type, subtype, date, date_precision, place_id, targets, victims,'
                             " weapons, killed_low, killed_high, injured_low, injured_high, modality, e.start, e.quote,"
                             " (SELECT group_concat(entity_id || ':' || role) FROM (SELECT entity_id, role FROM"
                             " event_report_actors WHERE report_id = r.id ORDER BY 1, 2))"
                             " FROM event_reports r JOIN evidence e ON e.id = evidence_id",
            "events": "SELECT id, type, subtype, date, date_precision, place_id, killed_low, killed_high, injured_low,"
                      " injured_high, label FROM events",
            "claims": "SELECT c.doc_id, subject_id, attribute, low, high, unit, as_of, attributed_to, hedge, subject_note,"
                      " e.start, e.quote FROM claims c JOIN evidence e ON e.id = evidence_id",
            "conflicts": "SELECT kind, subject_kind, subject_id, attribute, docs, note, sides FROM conflicts",
        }
        return {name: sorted((tuple(r) for r in self.db.execute(sql)), key=repr) for name, sql in queries.items()}

    def require_entity(self, entity_id: str) -> dict:
        entity = self.entity(self.canonical_id(entity_id))
        if entity is None:
            raise UnknownEntity(f"No entity with id {entity_id!r}. List them with: actorgraph entities")
        return entity

    # -- reads of one entity's facts, without scanning the whole knowledge base ----------
    # Lists travel as one JSON parameter: `IN (SELECT value FROM json_each(?))`.
    def member_ids(self, entity_id: str) -> list[str]:
        """The entity and every entity an analyst merged into it."""
        canon = self.canonical_map()
        return sorted({entity_id, *(e for e, c in canon.items() if c == entity_id)})

    def event_ids_involving(self, entity_ids: list[str]) -> list[str]:
        """Events with a report naming one of these entities as actor or place, or placed at one of them."""
        ids = json.dumps(list(entity_ids))
        rows = self.db.execute(
            "SELECT r.event_id FROM event_reports r JOIN event_report_actors a ON a.report_id = r.id"
            " WHERE a.entity_id IN (SELECT value FROM json_each(?)) AND r.event_id IS NOT NULL"
            " UNION SELECT event_id FROM event_reports WHERE place_id IN (SELECT value FROM json_each(?))"
            " AND event_id IS NOT NULL"
            " UNION SELECT id FROM events WHERE place_id IN (SELECT value FROM json_each(?))", (ids, ids, ids))
        return sorted(r[0] for r in rows)

    def documents_by_id(self, doc_ids: list[str]) -> list[dict]:
        """Like `documents()`, only the given ones."""
        return _rows(self.db.execute(
            "SELECT id, sha256, path, format, title, author, outlet, published, ingested_at, extractor,"
            " length(text) AS chars FROM documents WHERE id IN (SELECT value FROM json_each(?)) ORDER BY path, id",
            (json.dumps(list(doc_ids)),)))


_COUNTABLE = frozenset({"documents", "entities", "relations", "events", "event_reports", "claims", "conflicts"})


def _limit(limit: int | None) -> int:
    """SQLite's LIMIT: -1 means no limit."""
    return -1 if limit is None else limit


@dataclass(frozen=True)
class EventFilter:
    """Which events a timeline shows: some ids, a type or subtype, dates from and to (ISO prefixes), some places."""

    ids: tuple[str, ...] | None = None
    type: str | None = None
    start: str | None = None
    end: str | None = None
    places: tuple[str, ...] | None = None

    def sql(self) -> tuple[list[str], list]:
        conditions, args = [], []
        for column, values in (("id", self.ids), ("place_id", self.places)):
            if values is not None:
                conditions.append(f"{column} IN (SELECT value FROM json_each(?))")
                args.append(json.dumps(list(values)))
        if self.type:
            conditions.append("(type = ? OR subtype = ?)")
            args += [self.type, self.type]
        # a date coarser than the bound but containing it still passes: 2021 is not before 2021-08;
        # an undated event cannot be placed inside a period (NULL compares false)
        if self.start:
            conditions.append("(date >= ? OR substr(?, 1, length(date)) = date)")
            args += [self.start, self.start]
        if self.end:
            conditions.append("(date <= ? OR substr(date, 1, length(?)) = ?)")
            args += [self.end, self.end, self.end]
        return conditions, args


def _finite_json(value, what: str) -> str:
    """JSON text for a stored value; NaN and Infinity are refused (they make invalid JSON everywhere after)."""
    try:
        return json.dumps(value, sort_keys=True, allow_nan=False)
    except ValueError as exc:
        raise StoreError(f"The {what} hold a non-finite number (NaN or Infinity): {value!r}. "
                         "Fix or drop that value in the source.") from exc


class _Refs:
    """Turns the spans an extraction uses into entity ids and mention row ids."""

    def __init__(self, entity_of: dict, mention_ids: dict):
        self.entity_of = entity_of
        self.mention_ids = mention_ids

    def entity(self, span):
        return self.entity_of.get(span) if span else None

    def mention(self, span):
        return self.mention_ids.get(span) if span else None


def _statements(sql: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    out, current = [], []
    for line in sql.strip().splitlines():
        current.append(line)
        joined = "\n".join(current).strip()
        if joined.endswith(";") and (not joined.upper().startswith("CREATE TRIGGER") or joined.upper().endswith("END;")):
            out.append(joined)
            current = []
    if "\n".join(current).strip():
        out.append("\n".join(current).strip())
    return out
