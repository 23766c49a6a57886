"""The knowledge base over either backend. This package is the only code that speaks SQL.

The SQL here is the part SQLite and PostgreSQL share (`?` placeholders, `ON CONFLICT DO NOTHING`,
`NULLS FIRST`); what differs (connections, write locks, lists as parameters, full-text search,
migration dialects) is asked of `self.db`, a `sqlite.SQLiteDB` or a `postgres.PostgresDB`.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Iterable, Iterator

from ..errors import SchemaTooNew, StoreError, UnknownEntity
from ..models import Alias, Document, Entity, Evidence, Extraction, Resolution
from ..names import fold, variant_key
from .living import LivingStore, fact_key
from .schema import EVENT_ENTITIES, MIGRATIONS


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _rows(cursor) -> list[dict]:
    rows = cursor.fetchall()
    names = rows[0].keys() if rows else ()
    return [dict(zip(names, r)) for r in rows]


class Store(LivingStore):
    """A knowledge base. Writes happen inside `transaction()`; `open_store` makes one for a path or URL."""

    def __init__(self, db):
        self.db = db
        self.path = db.location
        self.name = db.describe()   # for messages: a URL's password masked
        self.backend = db.backend
        self._depth = 0
        self._cache: dict[str, tuple] = {}
        try:
            self.migrate()
        except BaseException:
            db.close()
            raise

    # -- lifecycle -------------------------------------------------------
    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing, holding the knowledge base's write lock: nested uses join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        with self.db.writing():
            self._depth = 1
            try:
                yield
            finally:
                self._depth = 0

    def set_deadline(self, seconds: float | None) -> None:
        """Stop any query still running `seconds` from now (None: no limit); `store.stopped(error)` says so."""
        self.db.set_deadline(seconds)

    def state(self):
        """A value that differs after any commit to the knowledge base by anyone: what caches key on."""
        return self.db.state()

    def migrate(self) -> list[str]:
        """Apply the migrations this knowledge base lacks; return the names applied.

        Several processes may open a new knowledge base at once: the pending list is read again under
        the write lock, so exactly one of them applies each migration.
        """
        if not self._pending_migrations():
            return []
        applied = []
        with self.transaction():
            self.db.create_migrations_table()
            for name, sql in self._pending_migrations():
                self.db.run_migration(name, sql)
                self.db.execute("INSERT INTO migrations(name, applied_at) VALUES (?, ?)", (name, _now()))
                applied.append(name)
        return applied

    def _pending_migrations(self) -> list[tuple[str, str]]:
        done = {r["name"] for r in self.db.execute("SELECT name FROM migrations")} if self.db.has_migrations() else set()
        known = {name for name, _ in MIGRATIONS}
        if done - known:
            raise SchemaTooNew(
                f"{self.db.describe()} was written by a newer actorgraph (migrations {sorted(done - known)}). "
                "Upgrade actorgraph: pip install -U actorgraph")
        return [(name, sql) for name, sql in MIGRATIONS if name not in done]

    def migrations(self) -> list[dict]:
        return _rows(self.db.execute("SELECT name, applied_at FROM migrations ORDER BY id"))

    # -- documents ------------------------------------------------------
    def has_document(self, sha256: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha256,)).fetchone() is not None

    def write_document(self, doc: Document, extraction: Extraction, resolution: Resolution, extractor: str,
                       run_id: int | None = None) -> bool:
        """Store a document, its mentions, new entities and aliases, and every extracted fact, atomically.

        Idempotent: False (and nothing written) when another run already stored the same content.
        The document is left pending derivation until `mark_derived`. `run_id` is the run (see `start_run`)
        that read and extracted it. Rows go in batches, one statement per table, sent without waiting for
        each other's answers: a few round trips to a server, however long the report.
        """
        with self.transaction():
            if self.has_document(doc.sha256):
                return False
            with self.db.batch():
                self._insert_document(doc, extractor, run_id)
                self._insert_extraction(doc.id, extraction, resolution, _Refs(run_id=run_id))
            self._attach_reviews(doc.id)
        return True

    def _insert_extraction(self, doc_id: str, extraction: Extraction, resolution: Resolution, ref: "_Refs") -> None:
        """A document's new entities and aliases, its mentions and its facts (the document row exists)."""
        self._insert_entities(resolution.new_entities)
        self.db.executemany(_INSERT_ALIAS, [_alias_row(entity_id, a) for entity_id, a in resolution.new_aliases])
        ref.entity_of = resolution.entity_of
        ref.mention_ids = self._insert_mentions(doc_id, extraction, resolution.entity_of)
        self._insert_relations(doc_id, extraction.relations, ref)
        self._insert_event_reports(doc_id, extraction.events, ref)
        self._insert_claims(doc_id, extraction.claims, ref)

    # -- derivation: facts computed from all documents at once (events, conflicts) ----------
    def pending_derivation(self) -> list[str]:
        """Ids of documents whose derived facts were not (or not completely) computed yet."""
        return [r[0] for r in self.db.execute("SELECT id FROM documents WHERE derived_at IS NULL ORDER BY rowid")]

    def mark_derived(self, doc_ids: list[str]) -> None:
        with self.transaction():
            self.db.execute(f"UPDATE documents SET derived_at = ? WHERE {self.db.in_list('id')}",
                            (_now(), self.db.listed(doc_ids)))

    def _insert_document(self, doc: Document, extractor: str, run_id: int | None = None) -> None:
        meta = {m.name: m.value for m in doc.meta}
        self.db.execute(
            "INSERT INTO documents(id, sha256, path, format, title, author, outlet, published, text, extractor, ingested_at,"
            " run_id, extracted_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc.id, doc.sha256, doc.path, doc.format, meta.get("title"), meta.get("author"), meta.get("outlet"),
             meta.get("published"), doc.text, extractor, _now(), run_id, run_id))
        self.db.executemany(
            'INSERT INTO document_meta(doc_id, name, value, source, start, "end") VALUES (?, ?, ?, ?, ?, ?)',
            [(doc.id, m.name, m.value, m.source, m.start, m.end) for m in doc.meta])
        self._insert_path(doc.id, doc.path)

    def _insert_path(self, doc_id: str, path: str) -> None:
        self.db.execute("INSERT INTO document_paths(doc_id, path, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
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
        ids = self.db.insert_many(
            'INSERT INTO mentions(doc_id, start, "end", text, label, type, sent_start, sent_end, source, entity_id)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, m.start, m.end, m.text, m.label, m.type, m.sent_start, m.sent_end, m.source,
              entity_of.get((m.start, m.end))) for m in extraction.mentions])
        return {(m.start, m.end): mention_id for m, mention_id in zip(extraction.mentions, ids)}

    def _insert_evidence(self, evidence: list[Evidence]) -> list[int]:
        return self.db.insert_many(
            'INSERT INTO evidence(doc_id, start, "end", quote, extractor, version) VALUES (?, ?, ?, ?, ?, ?)',
            [(ev.doc_id, ev.start, ev.end, ev.quote, ev.extractor, ev.version) for ev in evidence])

    def _insert_relations(self, doc_id: str, relations, ref: "_Refs") -> None:
        kept = [r for r in relations if ref.entity(r.subject) and ref.entity(r.object)
                and ref.entity(r.subject) != ref.entity(r.object)]
        identities = [ref.identity(fact_key("relation", r.type, ref.canonical(ref.entity(r.subject)),
                                            ref.canonical(ref.entity(r.object)), r.evidence.start, r.evidence.end))
                      for r in kept]
        self.db.executemany(
            'INSERT INTO relations(id, doc_id, subject_id, type, object_id, subject_mention, object_mention, start, "end",'
            f" end_reason, modality, confidence, note, evidence_id, run_id) VALUES ({self._new_id('relations')},"
            " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(row_id, doc_id, ref.entity(r.subject), r.type, ref.entity(r.object), ref.mention(r.subject),
              ref.mention(r.object), r.start, r.end, r.end_reason, r.modality, r.confidence, r.note, evidence_id, run_id)
             for r, evidence_id, (row_id, run_id) in zip(kept, self._insert_evidence([r.evidence for r in kept]),
                                                          identities)])

    def _new_id(self, table: str) -> str:
        """The SQL for a fact row's id: the `?` given (a fact that came back keeps its id), else a new one."""
        return f"COALESCE(?, {self.db.next_id(table)})"

    def _insert_event_reports(self, doc_id: str, events, ref: "_Refs") -> None:
        evidence_ids = iter(self._insert_evidence([ev for e in events for ev in (e.evidence, *e.support)]))
        cited = [(next(evidence_ids), [next(evidence_ids) for _ in e.support]) for e in events]
        identities = [ref.identity(fact_key("event", e.type, e.evidence.start, e.evidence.end)) for e in events]
        told = Counter((e.type, e.evidence.start) for e in events)   # reports of one type quoting one sentence
        report_ids = self.db.insert_many(
            "INSERT INTO event_reports(id, doc_id, type, subtype, date, date_precision, date_text, place_id, place_mention,"
            " targets, victims, weapons, killed_low, killed_high, injured_low, injured_high, attackers_killed_low,"
            " attackers_killed_high, attackers_injured_low, attackers_injured_high, casualty_text, modality,"
            f" confidence, evidence_id, run_id, siblings) VALUES ({self._new_id('event_reports')},"
            " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(row_id, doc_id, e.type, e.subtype, e.date, e.date_precision, e.date_text, ref.entity(e.place),
              ref.mention(e.place), json.dumps(list(e.targets)), json.dumps(list(e.victims)),
              json.dumps(list(e.weapons)), e.killed_low, e.killed_high, e.injured_low, e.injured_high,
              e.attackers_killed_low, e.attackers_killed_high, e.attackers_injured_low, e.attackers_injured_high,
              e.casualty_text, e.modality, e.confidence, main, run_id, told[(e.type, e.evidence.start)] - 1)
             for e, (main, _), (row_id, run_id) in zip(events, cited, identities)])
        self.db.executemany(
            "INSERT INTO event_report_actors(report_id, entity_id, mention_id, role, modality) VALUES (?, ?, ?, ?, ?)",
            [row for report_id, e in zip(report_ids, events) for row in _actor_rows(report_id, e, ref)])
        self.db.executemany("INSERT INTO event_report_evidence(report_id, evidence_id) VALUES (?, ?)",
                            [(report_id, evidence_id) for report_id, (_, support) in zip(report_ids, cited)
                             for evidence_id in support])

    def _insert_claims(self, doc_id: str, claims, ref: "_Refs") -> None:
        for c in claims:
            if not (math.isfinite(c.low) and math.isfinite(c.high)):
                raise StoreError(f"A claim in document {doc_id} has a non-finite figure ({c.low}, {c.high}); "
                                 "figures must be ordinary numbers.")
        identities = [ref.identity(fact_key("claim", c.attribute, ref.canonical(ref.entity(c.subject)), c.evidence.start,
                                            c.evidence.end)) for c in claims]
        self.db.executemany(
            "INSERT INTO claims(id, doc_id, subject_id, subject_mention, attribute, low, high, unit, as_of, as_of_precision,"
            f" attributed_to, hedge, subject_note, confidence, evidence_id, run_id) VALUES ({self._new_id('claims')},"
            " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(row_id, doc_id, ref.entity(c.subject), ref.mention(c.subject), c.attribute, c.low, c.high, c.unit, c.as_of,
              c.as_of_precision, c.attributed_to, c.hedge, c.subject_note, c.confidence, evidence_id, run_id)
             for c, evidence_id, (row_id, run_id) in zip(claims, self._insert_evidence([c.evidence for c in claims]),
                                                         identities)])

    # -- entities and aliases -------------------------------------------
    def _insert_entities(self, entities: Iterable[Entity]) -> None:
        entities = list(entities)
        self.db.executemany(
            "INSERT INTO entities(id, type, name, attrs, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(e.id, e.type, e.name, _finite_json(e.attrs or {}, f"attributes of entity {e.id}"), _now())
             for e in entities])
        self.db.executemany(_INSERT_ALIAS, [_alias_row(e.id, alias) for e in entities for alias in e.aliases])

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
        version = self.db.version()
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
        return self.aliases_page(entity_ids)[0]

    def aliases_page(self, entity_ids: Iterable[str], limit: int | None = None) -> tuple[list[dict], int]:
        """The first aliases (by id) of some entities and those merged into them, with their sources; and the total."""
        members = self.db.listed(sorted({m for e in entity_ids for m in self.member_ids(e)}))
        total = self.db.execute(f"SELECT COUNT(*) FROM aliases WHERE {self.db.in_list('entity_id')}",
                                (members,)).fetchone()[0]
        # a name found in a report comes with the sentence it stands in: the quote behind the alias
        rows = _rows(self.db.execute(
            "SELECT a.*, substr(d.text, m.sent_start + 1, m.sent_end - m.sent_start) AS quote"
            f" FROM (SELECT * FROM aliases WHERE {self.db.in_list('entity_id')} ORDER BY id LIMIT ?) a"
            " LEFT JOIN mentions m ON m.doc_id = a.doc_id AND m.start = a.start AND m.\"end\" = a.\"end\""
            " LEFT JOIN documents d ON d.id = a.doc_id ORDER BY a.id", (members, self._limit(limit))))
        return rows, total

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

    def name_choices(self) -> dict[str, str]:
        """'canonical entity id NUL name' -> the folded name, for every alias: what name search compares
        against, kept for the current state of the knowledge base."""
        def compute() -> dict[str, str]:
            canon = self.canonical_map()
            return {f"{canon.get(r['entity_id'], r['entity_id'])}\x00{r['name']}": r["norm"]
                    for r in self.db.execute("SELECT entity_id, name, norm FROM aliases ORDER BY entity_id, id")}
        return self._cached("name_choices", compute)

    def mention_counts(self, entity_ids: Iterable[str] | None = None) -> dict[str, int]:
        """Mentions per canonical entity (those merged into it counted with it); only of some when given."""
        canon = self.canonical_map()
        counts: dict[str, int] = {}
        if entity_ids is not None:
            members = sorted({m for e in entity_ids for m in self.member_ids(e)})
            rows = self.db.execute("SELECT entity_id, COUNT(*) AS n FROM mentions"
                                   f" WHERE {self.db.in_list('entity_id')} GROUP BY entity_id", (self.db.listed(members),))
        else:
            rows = self.db.execute("SELECT entity_id, COUNT(*) AS n FROM mentions WHERE entity_id IS NOT NULL"
                                   " GROUP BY entity_id")
        for r in rows:
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
            return self.db.insert(
                "INSERT INTO decisions(kind, entity_id, other_id, note, created_at) VALUES ('merge', ?, ?, ?, ?)",
                (keep, absorb, note, _now()))

    def undo_merge(self, absorbed: str, note: str = "") -> int:
        """Split an entity that an analyst merged back out of the one it was merged into."""
        row = self.db.execute("SELECT merged_into FROM entities WHERE id = ?", (absorbed,)).fetchone()
        if row is None or not row["merged_into"]:
            raise StoreError(f"{absorbed} was not merged into another entity; use --alias to split names off it.")
        with self.transaction():
            self.db.execute("UPDATE entities SET merged_into = NULL WHERE id = ?", (absorbed,))
            self.db.execute("UPDATE decisions SET undone = 1 WHERE kind = 'merge' AND other_id = ? AND undone = 0", (absorbed,))
            return self.db.insert(
                "INSERT INTO decisions(kind, entity_id, other_id, note, created_at) VALUES ('unmerge', ?, ?, ?, ?)",
                (row["merged_into"], absorbed, note, _now()))

    def split_entity(self, entity_id: str, names: list[str], new_entity: Entity, note: str = "") -> int:
        """Move the given names (and the mentions and facts that used them) to a new entity.

        The moved aliases are pinned, so later ingests link those names to the new entity.
        """
        norms = sorted({fold(n) for n in names})
        members = self.db.listed(e for e, c in self.canonical_map().items() if c == entity_id)
        with self.transaction():
            self._insert_entities([new_entity])
            self.db.execute(
                f"UPDATE aliases SET entity_id = ?, pinned = 1 WHERE {self.db.in_list('norm')}"
                f" AND {self.db.in_list('entity_id')}", (new_entity.id, self.db.listed(norms), members))
            moved = [r["id"] for r in self.db.execute(
                f"SELECT id, text FROM mentions WHERE {self.db.in_list('entity_id')}", (members,))
                if fold(r["text"]) in norms]
            for mention_id in moved:
                self._repoint_mention(mention_id, new_entity.id)
            return self.db.insert(
                "INSERT INTO decisions(kind, entity_id, other_id, names, note, created_at) VALUES ('split', ?, ?, ?, ?, ?)",
                (entity_id, new_entity.id, json.dumps(norms), note, _now()))

    def _repoint_mention(self, mention_id: int, entity_id: str) -> None:
        events = [r[0] for r in self.db.execute(
            "SELECT r.event_id FROM event_reports r JOIN event_report_actors a ON a.report_id = r.id WHERE a.mention_id = ?"
            " AND r.event_id IS NOT NULL UNION SELECT event_id FROM event_reports WHERE place_mention = ?"
            " AND event_id IS NOT NULL", (mention_id, mention_id))]
        self.db.execute("UPDATE mentions SET entity_id = ? WHERE id = ?", (entity_id, mention_id))
        self.db.execute("UPDATE relations SET subject_id = ? WHERE subject_mention = ?", (entity_id, mention_id))
        self.db.execute("UPDATE relations SET object_id = ? WHERE object_mention = ?", (entity_id, mention_id))
        self.db.execute("UPDATE claims SET subject_id = ? WHERE subject_mention = ?", (entity_id, mention_id))
        self.db.execute("UPDATE event_reports SET place_id = ? WHERE place_mention = ?", (entity_id, mention_id))
        self.db.execute("UPDATE event_report_actors SET entity_id = ? WHERE mention_id = ?", (entity_id, mention_id))
        self._write_event_entities(events)

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
            "relations": one(f"SELECT COUNT(*) FROM {self._facts('relations')}"),
            "event_reports": one(f"SELECT COUNT(*) FROM {self._facts('event_reports')}"),
            "events": one("SELECT COUNT(*) FROM events"),
            "claims": one(f"SELECT COUNT(*) FROM {self._facts('claims')}"),
            "rejected": one("SELECT COUNT(*) FROM fact_reviews WHERE verdict = 'rejected' AND fact_id IS NOT NULL"),
            "conflicts": one("SELECT COUNT(*) FROM conflicts"),
        }

    def documents(self, limit: int | None = None, offset: int = 0) -> list[dict]:
        return _rows(self.db.execute(
            "SELECT id, sha256, path, format, title, author, outlet, published, ingested_at, extractor,"
            " length(text) AS chars FROM documents ORDER BY path, id LIMIT ? OFFSET ?", (self._limit(limit), offset)))

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
        out.pop("rowid", None)   # PostgreSQL's stand-in for SQLite's hidden row number
        out["meta"] = _rows(self.db.execute(
            'SELECT name, value, source, start, "end" FROM document_meta WHERE doc_id = ?', (doc_id,)))
        return out

    def document_texts(self) -> dict[str, str]:
        return {r["id"]: r["text"] for r in self.db.execute("SELECT id, text FROM documents")}

    def mention_summary(self, entity_id: str, limit: int | None = None) -> tuple[int, list[str], int]:
        """(mentions of an entity and those merged into it, the first ids of documents naming it, how many do)."""
        condition, ids = _one_of(self.db, "entity_id", self.member_ids(entity_id))
        where = f"FROM mentions WHERE {condition}"
        mentions, n_docs = self.db.execute(f"SELECT COUNT(*), COUNT(DISTINCT doc_id) {where}", (ids,)).fetchone()
        docs = [r[0] for r in self.db.execute(f"SELECT DISTINCT doc_id {where} ORDER BY doc_id LIMIT ?",
                                              (ids, self._limit(limit)))]
        return mentions, docs, n_docs

    def mentions(self, doc_id: str | None = None, entity_id: str | None = None) -> list[dict]:
        sql, args = 'SELECT * FROM mentions WHERE 1 = 1', []
        if doc_id:
            sql += " AND doc_id = ?"
            args.append(doc_id)
        if entity_id:
            members = [e for e, c in self.canonical_map().items() if c == entity_id] or [entity_id]
            sql += f" AND {self.db.in_list('entity_id')}"
            args.append(self.db.listed(members))
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

    def relations_between(self, pairs: Iterable[tuple[str, str]]) -> list[dict]:
        """Relations whose two ends are, in either order, the two entities of one of these pairs (or entities
        merged into them): what can share a fact, or contradict one, with a relation between them."""
        conditions, args = [], []
        for a, b in sorted(set(pairs)):
            ends = self.db.listed(self.member_ids(a)), self.db.listed(self.member_ids(b))
            for first, second in (ends, ends[::-1]):
                conditions.append(f"({self.db.in_list('r.subject_id')} AND {self.db.in_list('r.object_id')})")
                args += [first, second]
        return self._relation_rows(" WHERE " + " OR ".join(conditions), tuple(args)) if conditions else []

    def _involving(self, entity_ids: list[str]) -> tuple[str, tuple]:
        ids = self.db.listed(entity_ids)
        return f" WHERE {self.db.in_list('r.subject_id')} OR {self.db.in_list('r.object_id')}", (ids, ids)

    def _relation_rows(self, where: str, args: tuple) -> list[dict]:
        rows = _rows(self.db.execute(
            f'SELECT r.*, e.start AS ev_start, e."end" AS ev_end, e.quote, e.extractor, e.version, {_review("relation", "r")}'
            f" FROM {self._facts('relations')} r JOIN evidence e ON e.id = r.evidence_id{where} ORDER BY r.id", args))
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

    def event_reports_with_toll(self, event_ids: list[str]) -> list[dict]:
        """The reports of these events that give a death toll: what event figures are compared on."""
        return self._event_report_rows(f" WHERE {self.db.in_list('r.event_id')} AND r.killed_low IS NOT NULL",
                                       (self.db.listed(event_ids),))

    def event_report_siblings(self, report_ids: Iterable[int]) -> dict[int, list[int]]:
        """For each of these reports, the other reports of its document of its type quoting the same sentence."""
        reports = self._facts("event_reports")
        out: dict[int, list[int]] = {}
        for r in self.db.execute(
                f"SELECT r.id, s.id FROM {reports} r JOIN evidence e ON e.id = r.evidence_id"
                f" JOIN {reports} s ON s.doc_id = r.doc_id AND s.type = r.type AND s.id <> r.id"
                f" JOIN evidence se ON se.id = s.evidence_id AND se.start = e.start"
                f" WHERE {self.db.in_list('r.id')} ORDER BY s.id", (self.db.listed(sorted(set(report_ids))),)):
            out.setdefault(r[0], []).append(r[1])
        return out

    def event_reports_of_document(self, doc_id: str) -> list[dict]:
        return self._event_report_rows(" WHERE r.doc_id = ?", (doc_id,))

    def event_reports(self, event_ids: list[str] | None = None, per_event: int | None = None) -> list[dict]:
        """Event reports with their evidence and actors; only those of the given events when ids are given,
        and then with `per_event`, only the first (by id) that many reports of each event."""
        if event_ids is None:
            return self._event_report_rows("", ())
        ids = self.db.listed(event_ids)
        if per_event is None:
            return self._event_report_rows(f" WHERE {self.db.in_list('r.event_id')}", (ids,))
        return self._event_report_rows(
            " WHERE r.id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY id) AS n"
            f" FROM {self._facts('event_reports')} WHERE {self.db.in_list('event_id')}) numbered WHERE n <= ?)",
            (ids, per_event))

    def event_report_summary(self, event_ids: list[str]) -> tuple[dict[str, int], dict[str, list[dict]]]:
        """For some events: how many reports each has, and the actors all its reports name (entity, role,
        modality; entities canonical, each combination once) without reading the reports themselves."""
        ids = self.db.listed(event_ids)
        reports = self._facts("event_reports")
        counts = {r[0]: r[1] for r in self.db.execute(
            f"SELECT event_id, COUNT(*) FROM {reports} WHERE {self.db.in_list('event_id')} GROUP BY event_id", (ids,))}
        canon = self.canonical_map()
        actors: dict[str, list[dict]] = {}
        for a in self.db.execute(
                "SELECT r.event_id, a.entity_id, a.role, a.modality FROM event_report_actors a"
                f" JOIN {reports} r ON r.id = a.report_id WHERE {self.db.in_list('r.event_id')}"
                " GROUP BY r.event_id, a.entity_id, a.role, a.modality"
                " ORDER BY MIN(a.report_id), MIN(a.mention_id), a.entity_id, a.role", (ids,)):
            actors.setdefault(a["event_id"], []).append(
                {"entity_id": canon.get(a["entity_id"], a["entity_id"]), "role": a["role"], "modality": a["modality"]})
        return counts, actors

    def _event_report_rows(self, where: str, args: tuple) -> list[dict]:
        rows = _rows(self.db.execute(
            f'SELECT r.*, e.start AS ev_start, e."end" AS ev_end, e.quote, e.extractor, e.version, {_review("event", "r")}'
            f" FROM {self._facts('event_reports')} r JOIN evidence e ON e.id = r.evidence_id{where} ORDER BY r.id", args))
        canon = self.canonical_map()
        actors: dict[int, list[dict]] = {}
        report_ids = self.db.listed(r["id"] for r in rows)
        for a in self.db.execute(
                "SELECT report_id, entity_id, role, modality FROM event_report_actors"
                f" WHERE {self.db.in_list('report_id')}", (report_ids,)):
            actors.setdefault(a["report_id"], []).append(
                {"entity_id": canon.get(a["entity_id"], a["entity_id"]), "role": a["role"], "modality": a["modality"]})
        support: dict[int, list[dict]] = {}
        for ev in self.db.execute(
                'SELECT x.report_id, e.doc_id, e.start AS ev_start, e."end" AS ev_end, e.quote, e.extractor, e.version'
                " FROM event_report_evidence x JOIN evidence e ON e.id = x.evidence_id"
                f" WHERE {self.db.in_list('x.report_id')} ORDER BY e.start", (report_ids,)):
            support.setdefault(ev["report_id"], []).append({k: ev[k] for k in ev.keys() if k != "report_id"})
        for r in rows:
            r["place_id"] = canon.get(r["place_id"], r["place_id"]) if r["place_id"] else None
            for field in ("targets", "victims", "weapons"):
                r[field] = json.loads(r[field]) if r[field] != "[]" else []
            r["actors"] = actors.get(r["id"], [])
            r["support"] = support.get(r["id"], [])
        return rows

    def events(self, event_ids: list[str] | None = None) -> list[dict]:
        if event_ids is None:
            return _rows(self.db.execute("SELECT * FROM events ORDER BY date NULLS FIRST, id"))
        return _rows(self.db.execute(
            f"SELECT * FROM events WHERE {self.db.in_list('id')} ORDER BY date NULLS FIRST, id",
            (self.db.listed(event_ids),)))

    def event_types(self) -> list[str]:
        """Every event type and subtype in use, sorted."""
        return [r[0] for r in self.db.execute(
            "SELECT type FROM events UNION SELECT subtype FROM events WHERE subtype IS NOT NULL ORDER BY 1")]

    def events_page(self, where: "EventFilter", limit: int | None = None, offset: int = 0) -> tuple[list[dict], int]:
        """Events passing a filter in timeline order (undated last), one page of them, and how many pass."""
        if where.actors is not None and len(where.actors) == 1 and self._event_entities_exact():
            return self._entity_events_page(where, limit, offset)
        return self._events_page_scan(where, limit, offset)

    def _events_page_scan(self, where: "EventFilter", limit: int | None, offset: int) -> tuple[list[dict], int]:
        """events_page through the reports: every event passing is found, then sorted."""
        conditions, args = where.sql(self.db, self._facts("event_reports"))
        sql = "FROM events" + (" WHERE " + " AND ".join(conditions) if conditions else "")
        total = self.db.execute(f"SELECT COUNT(*) {sql}", args).fetchone()[0]
        rows = _rows(self.db.execute(f"SELECT * {sql} ORDER BY COALESCE(date, '9999'), id LIMIT ? OFFSET ?",
                                     (*args, self._limit(limit), offset)))
        return rows, total

    def _entity_events_page(self, where: "EventFilter", limit: int | None, offset: int) -> tuple[list[dict], int]:
        """One entity's events, read in timeline order from event_entities' key a page at a time."""
        conditions, args = replace(where, actors=None).sql(self.db)
        sql = "FROM event_entities x JOIN events ON events.id = x.event_id WHERE x.entity_id = ?" + "".join(
            f" AND {condition}" for condition in conditions)
        args = [where.actors[0], *args]
        count = f"SELECT COUNT(*) {sql}" if conditions else "SELECT COUNT(*) FROM event_entities x WHERE x.entity_id = ?"
        total = self.db.execute(count, args).fetchone()[0]
        rows = _rows(self.db.execute(f"SELECT events.* {sql} ORDER BY x.date_key, x.event_id LIMIT ? OFFSET ?",
                                     (*args, self._limit(limit), offset)))
        return rows, total

    def _event_entities_exact(self) -> bool:
        """Whether event_entities tells which events this store shows an entity in: it counts every report,
        so not while an analyst's rejection of a report is hidden from the views."""
        return self.include_rejected or self.db.execute(
            "SELECT 1 FROM fact_reviews WHERE kind = 'event' AND verdict = 'rejected' AND fact_id IS NOT NULL LIMIT 1"
        ).fetchone() is None

    def _write_event_entities(self, event_ids: Iterable[str] | None = None) -> None:
        """Rewrite the event_entities rows of these events (of every event when None)."""
        if event_ids is None:
            self.db.execute("DELETE FROM event_entities")
            self.db.execute("INSERT INTO event_entities " + EVENT_ENTITIES.format(events="1 = 1"))
            return
        listed = self.db.listed(sorted(set(event_ids)))
        self.db.execute(f"DELETE FROM event_entities WHERE {self.db.in_list('event_id')}", (listed,))
        self.db.execute("INSERT INTO event_entities " + EVENT_ENTITIES.format(events=self.db.in_list("e.id")),
                        (listed, listed, listed))

    def replace_events(self, events: list[dict], assignment: dict[int, str]) -> None:
        """Replace the cross-document event clusters; `assignment` maps report id -> event id."""
        with self.transaction():
            self.db.execute("UPDATE event_reports SET event_id = NULL")
            self.db.execute("DELETE FROM events")
            self._insert_events(events, assignment)
            self._write_event_entities()

    def _insert_events(self, events: list[dict], assignment: dict[int, str]) -> None:
        self.db.executemany(
            f"INSERT INTO events({', '.join(_EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(_EVENT_COLUMNS))})",
            [tuple(e[column] for column in _EVENT_COLUMNS) for e in events])
        self.db.executemany("UPDATE event_reports SET event_id = ? WHERE id = ?",
                            [(event_id, report_id) for report_id, event_id in assignment.items()])

    def claims(self, subject_id: str | None = None, attribute: str | None = None) -> list[dict]:
        """Numeric claims with their evidence, in the order they were stored; subject ids are canonical."""
        return sorted(self.claims_page(subject_id, attribute)[0], key=lambda c: c["id"])

    def claims_page(self, subject_id: str | None = None, attribute: str | None = None, limit: int | None = None,
                    offset: int = 0, doc_id: str | None = None) -> tuple[list[dict], int]:
        """Claims (of a subject, an attribute, a document) by attribute, as-of date and figure; one page and the total."""
        conditions, args = [], []
        if subject_id:   # one value (no merges): the page is read in order from an index, no sort of every claim
            condition, arg = _one_of(self.db, "c.subject_id", self.member_ids(subject_id))
            conditions.append(condition)
            args.append(arg)
        if attribute:
            conditions.append("c.attribute = ?")
            args.append(attribute)
        if doc_id:
            conditions.append("c.doc_id = ?")
            args.append(doc_id)
        where = " WHERE " + " AND ".join(conditions) if conditions else ""
        total = self.db.execute(f"SELECT COUNT(*) FROM {self._facts('claims')} c{where}", args).fetchone()[0]
        order = " ORDER BY c.attribute, COALESCE(c.as_of, ''), c.low, c.id LIMIT ? OFFSET ?"
        return self._claim_rows(where + order, (*args, self._limit(limit), offset)), total

    def _claim_rows(self, where: str, args: tuple) -> list[dict]:
        order = "" if " ORDER BY " in where else " ORDER BY c.id"
        rows = _rows(self.db.execute(
            f'SELECT c.*, e.start AS ev_start, e."end" AS ev_end, e.quote, e.extractor, e.version, {_review("claim", "c")}'
            f" FROM {self._facts('claims')} c JOIN evidence e ON e.id = c.evidence_id{where}{order}", args))
        canon = self.canonical_map()
        for r in rows:
            if r["subject_id"]:
                r["subject_id"] = canon.get(r["subject_id"], r["subject_id"])
        return rows

    def conflicts(self, entity_id: str | None = None) -> list[dict]:
        """Every conflict; or those concerning an entity (or one merged into it): its subject, a side, an actor."""
        return self.conflicts_page(entity_id)[0]

    def conflicts_page(self, entity_id: str | None = None, limit: int | None = None,
                       offset: int = 0) -> tuple[list[dict], int]:
        """Conflicts (those concerning an entity, when given) in the order found; one page and the total."""
        where, args = "", ()
        if entity_id is not None:
            where = (" WHERE id IN (SELECT conflict_id FROM conflict_entities"
                     f" WHERE {self.db.in_list('entity_id')})")
            args = (self.db.listed(self.member_ids(entity_id)),)
        total = self.db.execute(f"SELECT COUNT(*) FROM conflicts{where}", args).fetchone()[0]
        rows = _rows(self.db.execute(f"SELECT * FROM conflicts{where} ORDER BY id LIMIT ? OFFSET ?",
                                     (*args, self._limit(limit), offset)))
        for r in rows:
            r["docs"] = json.loads(r["docs"])
            r["sides"] = json.loads(r["sides"])
        return rows, total

    def replace_conflicts(self, conflicts: list[dict]) -> None:
        """Store the disagreements found now; each keeps the run that first found it (the latest run for new ones)."""
        with self.transaction():
            first = {_conflict_key(r): r["first_run"] for r in self.db.execute(
                "SELECT kind, subject_kind, subject_id, attribute, first_run FROM conflicts")}
            self.db.execute("DELETE FROM conflicts")
            self._insert_conflicts(conflicts, first)

    def _insert_conflicts(self, conflicts: list[dict], first_runs: dict[tuple, int | None]) -> None:
        """Write conflicts (with the run that first found each, from `first_runs` or the latest run) and the
        entities each concerns (its subject, those its sides name, an event's actors)."""
        latest = self.db.execute("SELECT MAX(id) FROM runs").fetchone()[0]
        ids = self.db.insert_many(
            "INSERT INTO conflicts(kind, subject_kind, subject_id, attribute, docs, note, sides, first_run)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(c["kind"], c["subject_kind"], c["subject_id"], c["attribute"], json.dumps(c["docs"]), c["note"],
              json.dumps(c["sides"], default=str), first_runs.get(_conflict_key(c), latest)) for c in conflicts])
        named, of_events = [], []
        for conflict_id, c in zip(ids, conflicts):
            entities = {c["subject_id"], *(s.get(k) for s in c["sides"] for k in ("entity", "subject", "object"))}
            named += [(conflict_id, e) for e in sorted(n for n in entities if isinstance(n, str))]
            if c["subject_kind"] == "event":
                of_events.append((conflict_id, c["subject_id"]))
        self.db.executemany("INSERT INTO conflict_entities(conflict_id, entity_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                            named)
        self.db.executemany(
            "INSERT INTO conflict_entities(conflict_id, entity_id) SELECT ?, a.entity_id"
            " FROM event_reports r JOIN event_report_actors a ON a.report_id = r.id WHERE r.event_id = ?"
            " ON CONFLICT DO NOTHING", of_events)

    def search_documents(self, query: str, limit: int = 20) -> list[dict]:
        """Documents holding every word of the query in their title or text, best first, each with a snippet
        in which the matched words stand in [brackets]. The backend's own full-text index answers."""
        words = query.split()
        return _rows(self.db.search(words, limit)) if words else []

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
            "event_reports": "SELECT r.id, r.doc_id, event_id, type, subtype, date, date_precision, place_id, targets,"
                             " victims, weapons, killed_low, killed_high, injured_low, injured_high, modality, e.start,"
                             " e.quote FROM event_reports r JOIN evidence e ON e.id = evidence_id",
            "events": "SELECT id, type, subtype, date, date_precision, place_id, killed_low, killed_high, injured_low,"
                      " injured_high, label FROM events",
            "claims": "SELECT c.doc_id, subject_id, attribute, low, high, unit, as_of, attributed_to, hedge, subject_note,"
                      " e.start, e.quote FROM claims c JOIN evidence e ON e.id = evidence_id",
            "conflicts": "SELECT kind, subject_kind, subject_id, attribute, docs, note, sides FROM conflicts",
            "event_entities": "SELECT entity_id, date_key, event_id FROM event_entities",
        }
        out = {name: [tuple(r) for r in self.db.execute(sql)] for name, sql in queries.items()}
        actors: dict[int, list[str]] = {}
        for a in self.db.execute("SELECT report_id, entity_id, role FROM event_report_actors"):
            actors.setdefault(a["report_id"], []).append(f"{a['entity_id']}:{a['role']}")
        out["event_reports"] = [(*r[1:], ",".join(sorted(actors.get(r[0], [])))) for r in out["event_reports"]]
        return {name: sorted(rows, key=repr) for name, rows in out.items()}

    def marker(self, name: str) -> str | None:
        """A named fact about the knowledge base itself (see `set_marker`), or None."""
        row = self.db.execute("SELECT value FROM markers WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_marker(self, name: str, value: str) -> None:
        with self.transaction():
            self.db.execute("INSERT INTO markers(name, value) VALUES (?, ?)"
                            " ON CONFLICT(name) DO UPDATE SET value = excluded.value", (name, value))

    # -- incremental derivation: the neighbourhood of new documents, read and rewritten ----------
    def event_reports_of_documents(self, doc_ids: list[str]) -> list[dict]:
        return self._event_report_rows(f" WHERE {self.db.in_list('r.doc_id')}", (self.db.listed(doc_ids),))

    def event_report_stubs_dated(self, dates: Iterable[str | None], under: str | None = None,
                                 types: Iterable[str] | None = None, not_types: Iterable[str] = (),
                                 subtype: str | None = None) -> list[dict]:
        """Reports dated exactly one of `dates` (None: undated) or with a longer date starting with `under`;
        of the given types (or any type but `not_types`), and of one subtype when given. Stubs: the report's
        own columns (targets decoded, place canonical), without evidence or actors (`event_report_cores`)."""
        dates = list(dates)
        when = [self.db.in_list("r.date")]
        args: list = [self.db.listed(d for d in dates if d is not None)]
        if None in dates:
            when.append("r.date IS NULL")
        if under:   # longer dates with this prefix: a range an index answers
            when.append("(r.date > ? AND r.date < ?)")
            args += [under, under[:-1] + chr(ord(under[-1]) + 1)]
        where = " WHERE (" + " OR ".join(when) + ")"
        if types is not None:
            where += f" AND {self.db.in_list('r.type')}"
            args.append(self.db.listed(types))
        if not_types:
            where += f" AND NOT {self.db.in_list('r.type')}"
            args.append(self.db.listed(not_types))
        if subtype is not None:
            where += " AND r.subtype = ?"
            args.append(subtype)
        rows = _rows(self.db.execute(
            "SELECT r.id, r.doc_id, r.event_id, r.type, r.subtype, r.date, r.place_id, r.targets, r.killed_low,"
            f" r.killed_high, r.siblings FROM event_reports r{where}", args))
        canon = self.canonical_map()
        for r in rows:
            r["place_id"] = canon.get(r["place_id"], r["place_id"]) if r["place_id"] else None
            r["targets"] = json.loads(r["targets"]) if r["targets"] != "[]" else []
        return rows

    def founding_reports(self, about: Iterable[str]) -> list[dict]:
        """Dated reports of a founding whose 'about' actor is one of these entities, in id order, with what a
        founding date is compared on: date, its text and precision, the quote, and the 'about' actors."""
        rows = _rows(self.db.execute(
            'SELECT r.id, r.doc_id, r.type, r.subtype, r.date, r.date_precision, r.date_text, e.start AS ev_start,'
            f' e."end" AS ev_end, e.quote FROM {self._facts("event_reports")} r JOIN evidence e ON e.id = r.evidence_id'
            " WHERE r.type = 'announcement' AND r.subtype = 'founding' AND r.date IS NOT NULL AND r.id IN"
            f" (SELECT report_id FROM event_report_actors WHERE role = 'about' AND {self.db.in_list('entity_id')})"
            " ORDER BY r.id", (self.db.listed(sorted(set(about))),)))
        canon, actors = self.canonical_map(), {}
        for a in self.db.execute("SELECT report_id, entity_id FROM event_report_actors WHERE role = 'about'"
                                 f" AND {self.db.in_list('report_id')}", (self.db.listed(r["id"] for r in rows),)):
            actors.setdefault(a[0], []).append({"entity_id": canon.get(a[1], a[1]), "role": "about"})
        for r in rows:
            r["actors"] = actors.get(r["id"], [])
        return rows

    def event_report_cores(self, report_ids: Iterable[int]) -> list[dict]:
        """Reports by id with what event resolution compares them on (`resolve.events`): their own columns
        (targets decoded, place canonical), where their quote starts and their actors; not the quote, the
        other evidence or reviews, which thousands of reports of one founding would make a slow read."""
        rows = _rows(self.db.execute(
            "SELECT r.id, r.doc_id, r.event_id, r.type, r.subtype, r.date, r.date_precision, r.place_id, r.targets,"
            " r.killed_low, r.killed_high, r.injured_low, r.injured_high, r.siblings, e.start AS ev_start"
            f" FROM {self._facts('event_reports')} r JOIN evidence e ON e.id = r.evidence_id"
            f" WHERE {self.db.in_list('r.id')} ORDER BY r.id", (self.db.listed(sorted(set(report_ids))),)))
        canon, actors = self.canonical_map(), {}
        for a in self.db.execute("SELECT report_id, entity_id, role, modality FROM event_report_actors"
                                 f" WHERE {self.db.in_list('report_id')}", (self.db.listed(r["id"] for r in rows),)):
            actors.setdefault(a["report_id"], []).append(
                {"entity_id": canon.get(a["entity_id"], a["entity_id"]), "role": a["role"], "modality": a["modality"]})
        for r in rows:
            r["place_id"] = canon.get(r["place_id"], r["place_id"]) if r["place_id"] else None
            r["targets"] = json.loads(r["targets"]) if r["targets"] != "[]" else []
            r["actors"] = actors.get(r["id"], [])
        return rows

    def places_by_id(self, entity_ids: Iterable[str]) -> dict[str, dict]:
        """Place entities (not merged away) by id: their attributes and name, as event resolution reads them."""
        rows = self.db.execute(
            "SELECT id, name, attrs FROM entities WHERE type = 'place' AND merged_into IS NULL"
            f" AND {self.db.in_list('id')}", (self.db.listed(sorted(set(entity_ids))),))
        return {r["id"]: dict(json.loads(r["attrs"] or "{}"), name=r["name"]) for r in rows}

    def replace_some_events(self, old_ids: Iterable[str], events: list[dict], assignment: dict[int, str]) -> None:
        """Replace some event clusters: drop the old events, write the new ones and their reports' assignment."""
        with self.transaction():
            old_ids = sorted(old_ids)
            old = self.db.listed(old_ids)
            current = {r[0]: r[1] for r in self.db.execute(
                f"SELECT id, event_id FROM event_reports WHERE {self.db.in_list('event_id')}", (old,))}
            self.db.executemany("UPDATE event_reports SET event_id = NULL WHERE id = ?",
                                [(report,) for report in current if report not in assignment])
            self.db.execute(f"DELETE FROM events WHERE {self.db.in_list('id')}", (old,))
            # a report whose event keeps its id keeps its row: a founding told by thousands rewrites none of them
            self._insert_events(events, {report: event for report, event in assignment.items()
                                         if current.get(report) != event})
            self._write_event_entities([*old_ids, *(e["id"] for e in events)])

    def relations_of_documents(self, doc_ids: list[str]) -> list[dict]:
        return self._relation_rows(f" WHERE {self.db.in_list('r.doc_id')}", (self.db.listed(doc_ids),))

    def claims_of_documents(self, doc_ids: list[str]) -> list[dict]:
        return self._claim_rows(f" WHERE {self.db.in_list('c.doc_id')}", (self.db.listed(doc_ids),))

    def replace_some_conflicts(self, subjects: Iterable[tuple[str, str, str, str]], conflicts: list[dict]) -> None:
        """Drop the conflicts of some (kind, subject kind, subject id, attribute) and write these instead;
        one found again keeps the run that first found it."""
        subjects = set(subjects)
        with self.transaction():
            first = {_conflict_key(r): r["first_run"] for r in self.db.execute(
                "SELECT kind, subject_kind, subject_id, attribute, first_run FROM conflicts"
                f" WHERE {self.db.in_list('subject_id')}", (self.db.listed(sorted({s[2] for s in subjects})),))
                if _conflict_key(r) in subjects}
            self.db.executemany(
                "DELETE FROM conflicts WHERE subject_id = ? AND kind = ? AND subject_kind = ? AND attribute = ?",
                [(subject_id, kind, subject_kind, attribute) for kind, subject_kind, subject_id, attribute in subjects])
            self._insert_conflicts(conflicts, first)

    # -- relation facts merged at derivation time, for pages of an entity's facts ----------
    def replace_fact_summaries(self, keys: Iterable[tuple[str, str, str]] | None, facts: list[dict]) -> None:
        """Replace the summaries of these (subject, type, object) facts, held and denied (None: all of them)."""
        with self.transaction():
            if keys is None:
                self.db.execute("DELETE FROM fact_summaries")
            else:
                self.db.executemany("DELETE FROM fact_summaries WHERE subject_id = ? AND type = ? AND object_id = ?",
                                    list(keys))
            self.db.executemany(
                "INSERT INTO fact_summaries(subject_id, type, object_id, denied, start, fact) VALUES (?, ?, ?, ?, ?, ?)",
                [(f["subject"], f["type"], f["object"], int(f["modality"] == "denied"), f["start"],
                  json.dumps(f, sort_keys=True, default=str)) for f in facts])

    def fact_summaries(self, entity_id: str, type: str | None = None, limit: int | None = None) -> tuple[list[dict], int]:
        """Summaries of the facts an entity (or one merged into it) takes part in, of one type when given, by
        type, start date and the names of both ends; one page of them and how many there are."""
        ids = self.db.listed(self.member_ids(entity_id))
        where = f"FROM fact_summaries f WHERE ({self.db.in_list('f.subject_id')} OR {self.db.in_list('f.object_id')})"
        args: tuple = (ids, ids)
        if type:
            where, args = where + " AND f.type = ?", (*args, type)
        total = self.db.execute(f"SELECT COUNT(*) {where}", args).fetchone()[0]
        rows = self.db.execute(
            f"SELECT f.fact, (SELECT name FROM entities WHERE id = f.subject_id) AS s,"
            f" (SELECT name FROM entities WHERE id = f.object_id) AS o {where}"
            " ORDER BY f.type, COALESCE(f.start, ''), s, o, f.subject_id, f.object_id, f.denied LIMIT ?",
            (*args, self._limit(limit)))
        return [json.loads(r["fact"]) for r in rows], total

    def require_entity(self, entity_id: str) -> dict:
        entity = self.entity(self.canonical_id(entity_id))
        if entity is None:
            raise UnknownEntity(f"No entity with id {entity_id!r}. List them with: actorgraph entities")
        return entity

    # -- reads of one entity's facts, without scanning the whole knowledge base ----------
    # A list travels as one parameter: `self.db.in_list(column)` with `self.db.listed(values)`.
    def member_ids(self, entity_id: str) -> list[str]:
        """The entity and every entity an analyst merged into it."""
        return sorted({entity_id, *self._cached("members", self._members).get(entity_id, ())})

    def _members(self) -> dict[str, list[str]]:
        members: dict[str, list[str]] = {}
        for entity_id, canonical in self._cached("canonical_map", self._canonical_map).items():
            members.setdefault(canonical, []).append(entity_id)
        return members

    def named_by_a_fact(self, entity_id: str) -> bool:
        """Whether a (kept) relation, claim or event report names the entity, or one merged into it, read
        through indexes. A relation whose two ends were merged into one names nobody (`relations` drops it)."""
        ids = self.db.listed(self.member_ids(entity_id))
        member = self.db.in_list
        named = (f"SELECT 1 FROM {self._facts('relations')} WHERE {member('subject_id')} AND NOT {member('object_id')}"
                 f" UNION ALL SELECT 1 FROM {self._facts('relations')} WHERE {member('object_id')}"
                 f" AND NOT {member('subject_id')}"
                 f" UNION ALL SELECT 1 FROM {self._facts('claims')} WHERE {member('subject_id')}"
                 f" UNION ALL SELECT 1 FROM {self._facts('event_reports')} r JOIN event_report_actors a ON a.report_id = r.id"
                 f" WHERE {member('a.entity_id')}"
                 f" UNION ALL SELECT 1 FROM {self._facts('event_reports')} WHERE {member('place_id')}")
        return self.db.execute(f"SELECT EXISTS ({named})", (ids,) * 7).fetchone()[0] == 1

    def documents_by_id(self, doc_ids: list[str]) -> list[dict]:
        """Like `documents()`, only the given ones."""
        return _rows(self.db.execute(
            "SELECT id, sha256, path, format, title, author, outlet, published, ingested_at, extractor,"
            f" length(text) AS chars FROM documents WHERE {self.db.in_list('id')} ORDER BY path, id",
            (self.db.listed(doc_ids),)))

    def _limit(self, limit: int | None):
        """A LIMIT parameter: None means every row."""
        return self.db.NO_LIMIT if limit is None else limit


def _actor_rows(report_id: int, e, ref: "_Refs") -> list[tuple]:
    """The event report's perpetrators, deniers and subjects, each entity once per role."""
    moods = dict(zip(e.perpetrators, e.perpetrator_modalities))
    actors = ([(span, "perpetrator", moods.get(span)) for span in e.perpetrators]
              + [(span, "denied", "denied") for span in e.denied_by] + [(span, "about", None) for span in e.about])
    rows, seen = [], set()
    for span, role, mood in actors:
        entity_id = ref.entity(span)
        if entity_id and (entity_id, role) not in seen:
            seen.add((entity_id, role))
            rows.append((report_id, entity_id, ref.mention(span), role, mood))
    return rows


def _conflict_key(row) -> tuple:
    """What makes a conflict the same one from one derivation to the next."""
    return row["kind"], row["subject_kind"], row["subject_id"], row["attribute"]


def _review(kind: str, alias: str) -> str:
    """The column that reads the analyst's verdict on each fact row along with it."""
    return f"(SELECT v.verdict FROM fact_reviews v WHERE v.kind = '{kind}' AND v.fact_id = {alias}.id) AS review"


class _Refs:
    """Turns the spans an extraction uses into entity ids and mention row ids, and gives each fact its row id.

    `earlier` maps the identity key of each fact the document held before a re-extraction to its
    (row id, first run): a fact that comes back keeps both; a new one gets a new row and this run.
    """

    def __init__(self, entity_of: dict | None = None, mention_ids: dict | None = None, run_id: int | None = None,
                 earlier: dict | None = None, canon: dict | None = None, last_ids: dict | None = None):
        self.entity_of = entity_of or {}
        self.mention_ids = mention_ids or {}
        self.run_id = run_id
        self.earlier = earlier or {}
        self.canon = canon or {}
        self.last_ids = dict(last_ids or {})   # kind -> highest row id before a re-extraction: new facts go above

    def canonical(self, entity_id: str | None) -> str | None:
        """The entity an id stands for after analyst merges (what stored facts are compared by)."""
        return self.canon.get(entity_id, entity_id)

    def identity(self, key: tuple) -> tuple[int | None, int | None]:
        """(row id, first run): the earlier fact's for a fact that comes back; for a new one, a fresh id
        (never one a removed fact had) and this run."""
        matches = self.earlier.get(key)
        if matches:
            return matches.pop(0)
        kind = key[0]
        if kind not in self.last_ids:
            return None, self.run_id
        self.last_ids[kind] += 1
        return self.last_ids[kind], self.run_id

    def entity(self, span):
        return self.entity_of.get(span) if span else None

    def mention(self, span):
        return self.mention_ids.get(span) if span else None


_COUNTABLE = frozenset({"documents", "entities", "relations", "events", "event_reports", "claims", "conflicts"})


@dataclass(frozen=True)
class EventFilter:
    """Which events a timeline shows: some ids, a type or subtype, dates from and to (ISO prefixes), some places."""

    ids: tuple[str, ...] | None = None
    type: str | None = None
    start: str | None = None
    end: str | None = None
    places: tuple[str, ...] | None = None
    actors: tuple[str, ...] | None = None   # events involving one of these entities (`_events_involving`)

    def sql(self, db, reports: str = "event_reports") -> tuple[list[str], list]:
        """Conditions on `events` and their parameters; `reports`: the table or view of reports actors are read from."""
        conditions, args = [], []
        if self.actors is not None:   # a subquery: an actor of thousands of events sends no list of their ids
            query, involving = _events_involving(db, self.actors, reports)
            conditions.append(f"id IN ({query})")
            args += involving
        for column, values in (("id", self.ids), ("place_id", self.places)):
            if values is not None:
                conditions.append(db.in_list(column))
                args.append(db.listed(values))
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


def _one_of(db, column: str, values: list) -> tuple[str, object]:
    """A condition that `column` is one of `values` and its parameter: `= ?` for one value, which the
    planner reads in index order, else the backend's list test."""
    if len(values) == 1:
        return f"{column} = ?", values[0]
    return db.in_list(column), db.listed(values)


def _events_involving(db, entity_ids: Iterable[str], reports: str) -> tuple[str, list]:
    """SQL for the ids of events a report (of the table or view `reports`) names one of these entities in
    (as actor or place), or placed at one."""
    ids = db.listed(entity_ids)
    return (f"SELECT r.event_id FROM {reports} r JOIN event_report_actors a ON a.report_id = r.id"
            f" WHERE {db.in_list('a.entity_id')} AND r.event_id IS NOT NULL"
            f" UNION SELECT event_id FROM {reports} WHERE {db.in_list('place_id')} AND event_id IS NOT NULL"
            f" UNION SELECT id FROM events WHERE {db.in_list('place_id')}", [ids, ids, ids])


def _finite_json(value, what: str) -> str:
    """JSON text for a stored value; NaN and Infinity are refused (they make invalid JSON everywhere after)."""
    try:
        return json.dumps(value, sort_keys=True, allow_nan=False)
    except ValueError as exc:
        raise StoreError(f"The {what} hold a non-finite number (NaN or Infinity): {value!r}. "
                         "Fix or drop that value in the source.") from exc


_EVENT_COLUMNS = ("id", "type", "subtype", "date", "date_precision", "place_id", "killed_low", "killed_high",
                  "injured_low", "injured_high", "label")

_INSERT_ALIAS = ('INSERT INTO aliases(entity_id, name, norm, variant, source, reason, doc_id, start, "end", pinned)'
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT DO NOTHING")


def _alias_row(entity_id: str, a: Alias) -> tuple:
    return (entity_id, a.name, fold(a.name), variant_key(a.name), a.source, a.reason, a.doc_id, a.start, a.end)
