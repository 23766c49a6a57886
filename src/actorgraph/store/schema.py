"""Named, ordered schema migrations. Each runs once and is recorded in `migrations`.

The SQL is SQLite's. PostgreSQL runs the same migrations through `for_postgres`, which translates the
few words that differ; a migration that uses what has no translation (FTS5, triggers) is written out
for PostgreSQL in `POSTGRES` under the same name. The test suite applies every migration to both.
"""

from __future__ import annotations

import re

MIGRATIONS_TABLE = ("CREATE TABLE IF NOT EXISTS migrations (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL,"
                    " applied_at TEXT NOT NULL)")

# The rows of event_entities for the events passing the condition `events` (on `e`, the events table):
# (entity, timeline position, event) for each actor and place of its reports and its own place.
EVENT_ENTITIES = ("SELECT a.entity_id, COALESCE(e.date, '9999'), e.id FROM events e JOIN event_reports r ON r.event_id = e.id"
                  " JOIN event_report_actors a ON a.report_id = r.id WHERE {events}"
                  " UNION SELECT r.place_id, COALESCE(e.date, '9999'), e.id FROM events e"
                  " JOIN event_reports r ON r.event_id = e.id WHERE r.place_id IS NOT NULL AND {events}"
                  " UNION SELECT e.place_id, COALESCE(e.date, '9999'), e.id FROM events e"
                  " WHERE e.place_id IS NOT NULL AND {events}")

MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("0001_core", """
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    format TEXT NOT NULL,
    title TEXT,
    author TEXT,
    outlet TEXT,
    published TEXT,
    text TEXT NOT NULL,
    extractor TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE TABLE document_meta (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    source TEXT NOT NULL,
    start INTEGER,
    "end" INTEGER
);
CREATE INDEX document_meta_doc ON document_meta(doc_id);

CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    merged_into TEXT REFERENCES entities(id),
    attrs TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
);
CREATE INDEX entities_merged ON entities(merged_into);

CREATE TABLE aliases (
    id INTEGER PRIMARY KEY,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    name TEXT NOT NULL,
    norm TEXT NOT NULL,
    variant TEXT NOT NULL,
    source TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    doc_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER,
    "end" INTEGER,
    pinned INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX aliases_unique ON aliases(entity_id, name, source, IFNULL(doc_id, ''), IFNULL(start, -1));
CREATE INDEX aliases_norm ON aliases(norm);
CREATE INDEX aliases_variant ON aliases(variant);
CREATE INDEX aliases_entity ON aliases(entity_id);

CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    type TEXT NOT NULL,
    sent_start INTEGER NOT NULL,
    sent_end INTEGER NOT NULL,
    source TEXT NOT NULL,
    entity_id TEXT REFERENCES entities(id)
);
CREATE INDEX mentions_doc ON mentions(doc_id);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    quote TEXT NOT NULL,
    extractor TEXT NOT NULL,
    version TEXT NOT NULL
);
CREATE INDEX evidence_doc ON evidence(doc_id);

CREATE TABLE relations (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    subject_id TEXT NOT NULL REFERENCES entities(id),
    type TEXT NOT NULL,
    object_id TEXT NOT NULL REFERENCES entities(id),
    subject_mention INTEGER REFERENCES mentions(id),
    object_mention INTEGER REFERENCES mentions(id),
    start TEXT,
    "end" TEXT,
    end_reason TEXT,
    modality TEXT NOT NULL,
    confidence REAL NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    evidence_id INTEGER NOT NULL REFERENCES evidence(id)
);
CREATE INDEX relations_subject ON relations(subject_id);
CREATE INDEX relations_object ON relations(object_id);
CREATE INDEX relations_doc ON relations(doc_id);

CREATE TABLE event_reports (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    event_id TEXT,
    type TEXT NOT NULL,
    subtype TEXT,
    date TEXT,
    date_precision TEXT,
    date_text TEXT,
    place_id TEXT REFERENCES entities(id),
    place_mention INTEGER REFERENCES mentions(id),
    targets TEXT NOT NULL DEFAULT '[]',
    victims TEXT NOT NULL DEFAULT '[]',
    killed_low INTEGER,
    killed_high INTEGER,
    injured_low INTEGER,
    injured_high INTEGER,
    casualty_text TEXT,
    modality TEXT NOT NULL,
    confidence REAL NOT NULL,
    evidence_id INTEGER NOT NULL REFERENCES evidence(id)
);
CREATE INDEX event_reports_doc ON event_reports(doc_id);
CREATE INDEX event_reports_event ON event_reports(event_id);

CREATE TABLE event_report_actors (
    report_id INTEGER NOT NULL REFERENCES event_reports(id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    mention_id INTEGER REFERENCES mentions(id),
    role TEXT NOT NULL
);
CREATE INDEX event_report_actors_report ON event_report_actors(report_id);
CREATE INDEX event_report_actors_entity ON event_report_actors(entity_id);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    subtype TEXT,
    date TEXT,
    date_precision TEXT,
    place_id TEXT REFERENCES entities(id),
    killed_low INTEGER,
    killed_high INTEGER,
    injured_low INTEGER,
    injured_high INTEGER,
    label TEXT NOT NULL
);

CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    subject_id TEXT REFERENCES entities(id),
    subject_mention INTEGER REFERENCES mentions(id),
    attribute TEXT NOT NULL,
    low REAL NOT NULL,
    high REAL NOT NULL,
    unit TEXT NOT NULL,
    as_of TEXT,
    as_of_precision TEXT,
    attributed_to TEXT,
    hedge TEXT,
    subject_note TEXT NOT NULL DEFAULT '',
    confidence REAL NOT NULL,
    evidence_id INTEGER NOT NULL REFERENCES evidence(id)
);
CREATE INDEX claims_subject ON claims(subject_id, attribute);

CREATE TABLE conflicts (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    attribute TEXT NOT NULL,
    docs TEXT NOT NULL,
    note TEXT NOT NULL,
    sides TEXT NOT NULL
);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    other_id TEXT,
    names TEXT NOT NULL DEFAULT '[]',
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0
);
"""),
    ("0002_search", """
CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='rowid');
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
"""),
    ("0003_event_weapons", """
ALTER TABLE event_reports ADD COLUMN weapons TEXT NOT NULL DEFAULT '[]';
"""),
    ("0004_event_authors", """
ALTER TABLE event_report_actors ADD COLUMN modality TEXT;
ALTER TABLE event_reports ADD COLUMN attackers_killed_low INTEGER;
ALTER TABLE event_reports ADD COLUMN attackers_killed_high INTEGER;
ALTER TABLE event_reports ADD COLUMN attackers_injured_low INTEGER;
ALTER TABLE event_reports ADD COLUMN attackers_injured_high INTEGER;
CREATE TABLE event_report_evidence (
    report_id INTEGER NOT NULL REFERENCES event_reports(id) ON DELETE CASCADE,
    evidence_id INTEGER NOT NULL REFERENCES evidence(id)
);
CREATE INDEX event_report_evidence_report ON event_report_evidence(report_id);
"""),
    ("0005_document_paths", """
CREATE TABLE document_paths (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, path)
);
INSERT OR IGNORE INTO document_paths(doc_id, path, seen_at) SELECT id, path, ingested_at FROM documents;
"""),
    # Derived facts (cross-document events, conflicts) are recomputed from every document; a document
    # whose derivation has not completed keeps derived_at NULL until the next run of a writing command.
    # Existing documents start pending, so a knowledge base left half-derived by a crash heals itself.
    ("0006_derivation_pending", """
ALTER TABLE documents ADD COLUMN derived_at TEXT;
CREATE INDEX documents_pending ON documents(derived_at) WHERE derived_at IS NULL;
"""),
    # the orders the paged lists read in, so a page is read from an index instead of sorting every row
    ("0007_list_order", """
CREATE INDEX claims_order ON claims(attribute, COALESCE(as_of, ''), low, id);
CREATE INDEX events_order ON events(COALESCE(date, '9999'), id);
CREATE INDEX claims_doc ON claims(doc_id);
"""),
    # A living knowledge base: runs with the machinery they used, first runs of facts, analyst reviews of facts
    # (kept by signature, so a fact that comes back after re-extraction keeps its review), the log of what a
    # reprocess changed, the first run of each conflict, and what `watch` has seen and fetched.
    ("0010_living_kb", """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    machinery TEXT NOT NULL DEFAULT '{}',
    summary TEXT NOT NULL DEFAULT '{}'
);
ALTER TABLE documents ADD COLUMN run_id INTEGER REFERENCES runs(id);
ALTER TABLE documents ADD COLUMN extracted_by INTEGER REFERENCES runs(id);
ALTER TABLE documents ADD COLUMN reprocess_run INTEGER REFERENCES runs(id);
CREATE INDEX documents_reprocess ON documents(reprocess_run) WHERE reprocess_run IS NOT NULL;
ALTER TABLE relations ADD COLUMN run_id INTEGER REFERENCES runs(id);
ALTER TABLE event_reports ADD COLUMN run_id INTEGER REFERENCES runs(id);
ALTER TABLE claims ADD COLUMN run_id INTEGER REFERENCES runs(id);
CREATE INDEX relations_run ON relations(run_id);
CREATE INDEX event_reports_run ON event_reports(run_id);
CREATE INDEX claims_run ON claims(run_id);
ALTER TABLE conflicts ADD COLUMN first_run INTEGER;
CREATE TABLE fact_changes (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    kind TEXT NOT NULL,
    fact_id INTEGER NOT NULL,
    doc_id TEXT NOT NULL,
    change TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX fact_changes_run ON fact_changes(run_id);
CREATE TABLE fact_reviews (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    fact_id INTEGER,
    signature TEXT NOT NULL UNIQUE,
    verdict TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    reviewed_at TEXT NOT NULL
);
CREATE INDEX fact_reviews_fact ON fact_reviews(kind, fact_id);
CREATE VIEW kept_relations AS SELECT * FROM relations r WHERE NOT EXISTS (SELECT 1 FROM fact_reviews v
    WHERE v.kind = 'relation' AND v.fact_id = r.id AND v.verdict = 'rejected');
CREATE VIEW kept_event_reports AS SELECT * FROM event_reports r WHERE NOT EXISTS (SELECT 1 FROM fact_reviews v
    WHERE v.kind = 'event' AND v.fact_id = r.id AND v.verdict = 'rejected');
CREATE VIEW kept_claims AS SELECT * FROM claims c WHERE NOT EXISTS (SELECT 1 FROM fact_reviews v
    WHERE v.kind = 'claim' AND v.fact_id = c.id AND v.verdict = 'rejected');
CREATE TABLE watch_items (
    source TEXT NOT NULL,
    item TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT '',
    doc_id TEXT,
    outcome TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (source, item)
);
CREATE TABLE http_cache (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    checked_at TEXT NOT NULL
);
"""),
    # Incremental derivation finds a new report's possible partners by date, and replaces the conflicts
    # of one subject; neither may scan the whole knowledge base.
    ("0011_incremental_indexes", """
CREATE INDEX event_reports_date ON event_reports(date);
CREATE INDEX conflicts_subject ON conflicts(subject_id, kind);
"""),
    # named facts about the knowledge base itself, e.g. which registry files it was seeded from
    ("0012_markers", """
CREATE TABLE markers (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""),
    # which entities each conflict concerns (its subject, the entities its sides name, the actors of an
    # event's reports), so an entity's conflicts are read through an index
    ("0013_conflict_entities", """
CREATE TABLE conflict_entities (
    conflict_id INTEGER NOT NULL REFERENCES conflicts(id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,
    PRIMARY KEY (conflict_id, entity_id)
);
CREATE INDEX conflict_entities_entity ON conflict_entities(entity_id);
INSERT OR IGNORE INTO conflict_entities SELECT id, subject_id FROM conflicts;
INSERT OR IGNORE INTO conflict_entities SELECT c.id, json_extract(s.value, '$.' || k.name)
    FROM conflicts c, json_each(c.sides) s, (SELECT 'entity' AS name UNION SELECT 'subject' UNION SELECT 'object') k
    WHERE json_type(s.value, '$.' || k.name) = 'text';
INSERT OR IGNORE INTO conflict_entities SELECT c.id, a.entity_id FROM conflicts c
    JOIN event_reports r ON r.event_id = c.subject_id JOIN event_report_actors a ON a.report_id = r.id
    WHERE c.subject_kind = 'event';
"""),
    # each relation fact (subject, type, object, denied) as analyze.facts merges its rows, its citations
    # cut to the first few: what a profile lists, read a page at a time instead of merged per request
    ("0014_fact_summaries", """
CREATE TABLE fact_summaries (
    subject_id TEXT NOT NULL,
    type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    denied INTEGER NOT NULL,
    start TEXT,
    fact TEXT NOT NULL,
    PRIMARY KEY (subject_id, type, object_id, denied)
);
CREATE INDEX fact_summaries_object ON fact_summaries(object_id);
"""),
    # Rows are found by the place and the mention they name, and a mention or evidence row can only be
    # deleted (re-extraction) after a look for rows still referring to it: without these indexes each of
    # those looks reads a whole table, on PostgreSQL as its foreign-key checks do.
    ("0015_reference_indexes", """
CREATE INDEX event_reports_place ON event_reports(place_id);
CREATE INDEX events_place ON events(place_id);
CREATE INDEX relations_subject_mention ON relations(subject_mention);
CREATE INDEX relations_object_mention ON relations(object_mention);
CREATE INDEX relations_evidence ON relations(evidence_id);
CREATE INDEX claims_subject_mention ON claims(subject_mention);
CREATE INDEX claims_evidence ON claims(evidence_id);
CREATE INDEX event_reports_place_mention ON event_reports(place_mention);
CREATE INDEX event_reports_evidence ON event_reports(evidence_id);
CREATE INDEX event_report_actors_mention ON event_report_actors(mention_id);
CREATE INDEX event_report_evidence_evidence ON event_report_evidence(evidence_id);
"""),
    # A profile counts an entity's mentions and the documents naming it, and finds the events whose reports
    # name it, from an index alone (no look into the table for each of thousands of rows); it reads the
    # first page of an entity's claims in list order from an index instead of sorting all of them.
    ("0016_profile_indexes", """
CREATE INDEX mentions_entity_doc ON mentions(entity_id, doc_id);
DROP INDEX mentions_entity;
CREATE INDEX event_report_actors_entity_report ON event_report_actors(entity_id, report_id);
DROP INDEX event_report_actors_entity;
CREATE INDEX claims_subject_order ON claims(subject_id, attribute, COALESCE(as_of, ''), low, id);
DROP INDEX claims_subject;
"""),
    # The entities each event involves (the actors and places its reports name, its own place) with its
    # timeline position, kept whenever events are written: an entity's events are read a page at a time in
    # timeline order from the key, not gathered from every report naming it and sorted on each request.
    ("0017_event_entities", """
CREATE TABLE event_entities (
    entity_id TEXT NOT NULL,
    date_key TEXT NOT NULL,
    event_id TEXT NOT NULL,
    PRIMARY KEY (entity_id, date_key, event_id)
);
CREATE INDEX event_entities_event ON event_entities(event_id);
INSERT INTO event_entities """ + EVENT_ENTITIES.format(events="1 = 1") + """;
"""),
    # How many other reports of its document quote the same sentence as the same type of event (they are
    # always one event): resolving a report's event looks them up only when there are some.
    ("0018_report_siblings", """
ALTER TABLE event_reports ADD COLUMN siblings INTEGER NOT NULL DEFAULT 0;
UPDATE event_reports SET siblings = (SELECT COUNT(*) FROM event_reports s JOIN evidence se ON se.id = s.evidence_id
    WHERE s.doc_id = event_reports.doc_id AND s.type = event_reports.type AND s.id <> event_reports.id
    AND se.start = (SELECT e.start FROM evidence e WHERE e.id = event_reports.evidence_id));
DROP VIEW kept_event_reports;
CREATE VIEW kept_event_reports AS SELECT * FROM event_reports r WHERE NOT EXISTS (SELECT 1 FROM fact_reviews v
    WHERE v.kind = 'event' AND v.fact_id = r.id AND v.verdict = 'rejected');
"""),
)


# Words of the text-search configuration the PostgreSQL index and queries use.
TEXT_SEARCH_CONFIG = "english"

POSTGRES: dict[str, str] = {
    # SQLite's documents have a hidden row number (the FTS5 index keys on it; lists read documents in
    # the order stored by it): PostgreSQL's documents get one too, an identity column of that name.
    # The document's words, title weighted above text, kept beside it and indexed (GIN). A text whose
    # word list passes PostgreSQL's 1 MB tsvector limit (hundreds of thousands of distinct words) keeps
    # the words of its first 200,000 characters without positions: the document is still stored and found.
    # The backfill of an existing KB's conflicts reads their sides as JSON arrays, PostgreSQL's way.
    "0013_conflict_entities": """
CREATE TABLE conflict_entities (
    conflict_id INTEGER NOT NULL REFERENCES conflicts(id) ON DELETE CASCADE,
    entity_id TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (conflict_id, entity_id)
);
CREATE INDEX conflict_entities_entity ON conflict_entities(entity_id);
INSERT INTO conflict_entities SELECT id, subject_id FROM conflicts WHERE subject_id IS NOT NULL ON CONFLICT DO NOTHING;
INSERT INTO conflict_entities SELECT c.id, s.value ->> k.name
    FROM conflicts c, json_array_elements(c.sides::json) s, (VALUES ('entity'), ('subject'), ('object')) k(name)
    WHERE json_typeof(s.value -> k.name) = 'string' ON CONFLICT DO NOTHING;
INSERT INTO conflict_entities SELECT c.id, a.entity_id FROM conflicts c
    JOIN event_reports r ON r.event_id = c.subject_id JOIN event_report_actors a ON a.report_id = r.id
    WHERE c.subject_kind = 'event' ON CONFLICT DO NOTHING;
""",
    "0002_search": f"""
ALTER TABLE documents ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY;
CREATE TABLE documents_search (
    doc_id TEXT COLLATE "C" PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    words tsvector NOT NULL
);
CREATE INDEX documents_search_words ON documents_search USING GIN (words);
CREATE FUNCTION documents_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        INSERT INTO documents_search(doc_id, words) VALUES (NEW.id,
            setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', COALESCE(NEW.title, '')), 'A')
            || setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', NEW.text), 'B'));
    EXCEPTION WHEN program_limit_exceeded THEN
        INSERT INTO documents_search(doc_id, words) VALUES (NEW.id,
            strip(to_tsvector('{TEXT_SEARCH_CONFIG}', COALESCE(NEW.title, '') || ' ' || left(NEW.text, 200000))));
    END;
    RETURN NULL;
END $$;
CREATE TRIGGER documents_search_insert AFTER INSERT ON documents
    FOR EACH ROW EXECUTE FUNCTION documents_search_insert();
""",
}

# SQLite's words -> PostgreSQL's. Text compares byte by byte ("C") in both, so lists sort alike.
_POSTGRES_WORDS = (
    (re.compile(r"\bINTEGER PRIMARY KEY\b"), "INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\bTEXT\b"), 'TEXT COLLATE "C"'),
    (re.compile(r"\bIFNULL\("), "COALESCE("),
)
_INSERT_OR_IGNORE = re.compile(r"^INSERT OR IGNORE INTO (.*?);?$", re.S)
_UNTRANSLATED = re.compile(r"\b(?:VIRTUAL TABLE|TRIGGER|PRAGMA|AUTOINCREMENT|json_each)\b", re.I)


def for_postgres(name: str, sql: str) -> str:
    """The PostgreSQL text of a migration: its own version in POSTGRES, else SQLite's translated."""
    if name in POSTGRES:
        return POSTGRES[name]
    if _UNTRANSLATED.search(sql):
        raise ValueError(f"Migration {name} uses SQLite-only SQL; write its PostgreSQL version in store.schema.POSTGRES.")
    statements = [s.strip() for s in sql.split(";") if s.strip()]
    return "\n".join(_translate(statement) + ";" for statement in statements)


def _translate(statement: str) -> str:
    for pattern, replacement in _POSTGRES_WORDS:
        statement = pattern.sub(replacement, statement)
    return _INSERT_OR_IGNORE.sub(r"INSERT INTO \1 ON CONFLICT DO NOTHING", statement)
