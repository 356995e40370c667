/**
 * Numbered schema migrations, applied in order inside one transaction each and recorded in schema_migrations.
 * Never edit a released migration: add the next number.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'documents, layers, query tables, ingest bookkeeping, full-text index',
    sql: `
CREATE TABLE documents (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  url TEXT, outlet TEXT, title TEXT, author TEXT, published TEXT, language TEXT,
  text TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  fingerprint TEXT,
  words INTEGER NOT NULL DEFAULT 0,
  comment_words INTEGER NOT NULL DEFAULT 0,
  source TEXT,
  versions TEXT,
  ingested_at TEXT NOT NULL
);
CREATE INDEX documents_outlet ON documents(outlet);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_language ON documents(language);
CREATE INDEX documents_content_hash ON documents(content_hash);

CREATE TABLE sections (
  doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
  idx INTEGER NOT NULL, kind TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
  PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE fingerprint_bands (
  band INTEGER NOT NULL, value INTEGER NOT NULL,
  doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
  PRIMARY KEY (band, value, doc)
) WITHOUT ROWID;
CREATE INDEX fingerprint_bands_doc ON fingerprint_bands(doc);

CREATE TABLE layers (
  doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
  name TEXT NOT NULL, analyser TEXT, version TEXT, json TEXT NOT NULL,
  PRIMARY KEY (doc, name)
) WITHOUT ROWID;
CREATE INDEX layers_name ON layers(name);

CREATE TABLE entities (
  doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
  entity_id TEXT, name TEXT NOT NULL, name_norm TEXT NOT NULL, type TEXT NOT NULL, mentions INTEGER NOT NULL, wikidata TEXT
);
CREATE INDEX entities_doc ON entities(doc);
CREATE INDEX entities_name ON entities(name_norm);
CREATE INDEX entities_type ON entities(type);

CREATE TABLE techniques (
  doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
  technique TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, confidence REAL, in_comment INTEGER NOT NULL
);
CREATE INDEX techniques_doc ON techniques(doc);
CREATE INDEX techniques_technique ON techniques(technique);

CREATE TABLE claims (
  doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
  start INTEGER NOT NULL, "end" INTEGER NOT NULL, status TEXT, sourced INTEGER NOT NULL,
  source_text TEXT, source_entity TEXT, checkworthiness REAL, in_comment INTEGER NOT NULL
);
CREATE INDEX claims_doc ON claims(doc);

CREATE TABLE hate (
  doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
  category TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, confidence REAL, in_comment INTEGER NOT NULL
);
CREATE INDEX hate_doc ON hate(doc);

CREATE TABLE ingest_runs (
  id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, args TEXT, counts TEXT
);

CREATE TABLE ingest_items (
  key TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('done', 'duplicate', 'near-duplicate', 'error')),
  doc_id TEXT, duplicate_of TEXT, similarity REAL, error TEXT, label TEXT,
  run INTEGER REFERENCES ingest_runs(id),
  updated_at TEXT NOT NULL
);
CREATE INDEX ingest_items_status ON ingest_items(status);

CREATE VIRTUAL TABLE documents_fts USING fts5(
  title, text, content='documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
`,
  },
  {
    version: 2,
    name: 'narratives: catalogue-matched rows (search facet) and clustered narratives with their member claims',
    // Backfills the catalogue rows from narratives layers already stored, so an existing corpus gets the facet at once.
    sql: `
CREATE TABLE narratives (
  doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
  narrative TEXT NOT NULL, label TEXT NOT NULL, confidence REAL, start INTEGER, "end" INTEGER, in_comment INTEGER NOT NULL
);
CREATE INDEX narratives_doc ON narratives(doc);
CREATE INDEX narratives_narrative ON narratives(narrative COLLATE NOCASE);
CREATE INDEX narratives_label ON narratives(label COLLATE NOCASE);
INSERT INTO narratives (doc, narrative, label, confidence, start, "end", in_comment)
  SELECT l.doc, COALESCE(json_extract(n.value, '$.matches[0].id'), json_extract(n.value, '$.label')), json_extract(n.value, '$.label'),
    json_extract(n.value, '$.confidence'), json_extract(n.value, '$.evidence[0].start'), json_extract(n.value, '$.evidence[0].end'),
    COALESCE(json_extract(n.value, '$.inComment'), 0)
  FROM layers l, json_each(l.json) n WHERE l.name = 'narratives' AND json_extract(n.value, '$.label') IS NOT NULL;

CREATE TABLE narrative_clusters (
  id TEXT PRIMARY KEY, label TEXT NOT NULL, size INTEGER NOT NULL, documents INTEGER NOT NULL, outlets TEXT NOT NULL,
  first_seen TEXT, last_seen TEXT, volume TEXT NOT NULL, built_at TEXT NOT NULL
);
CREATE INDEX narrative_clusters_documents ON narrative_clusters(documents DESC);
CREATE TABLE narrative_claims (
  cluster TEXT NOT NULL REFERENCES narrative_clusters(id) ON DELETE CASCADE,
  doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
  start INTEGER NOT NULL, "end" INTEGER NOT NULL, score REAL
);
CREATE INDEX narrative_claims_cluster ON narrative_claims(cluster);
CREATE INDEX narrative_claims_doc ON narrative_claims(doc);
`,
  },
];
