"""Named, ordered schema migrations. Each runs once and is recorded in `migrations`."""

from __future__ import annotations

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
)
