/**
 * Numbered PostgreSQL schema migrations, applied in order by migrate() (one transaction, under an advisory lock, so
 * several workers starting at once never race) and recorded in schema_migrations. Never edit a released migration:
 * add the next number.
 *
 * Layout choices:
 * - Every query table references documents by the document's own id (`doc`), not a surrogate row number: the id is
 *   what a sharded cluster distributes on (Citus co-locates a document with its rows; see docs/CLUSTER.md).
 * - Text columns use the "C" collation: byte order, like SQLite's default, so facet order, ISO dates and
 *   case-insensitive matches (lower(), ASCII only, like NOCASE) behave the same on both stores whatever the
 *   database's locale.
 * - Full-text search is a generated tsvector (title weighted A, text B) with a GIN index, 'simple' configuration:
 *   no stemming and no stop words, because a corpus mixes languages (FTS5's unicode61 does not stem either).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const T = 'text COLLATE "C"';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'documents, layers, query tables, ingest bookkeeping, full-text index',
    sql: `
CREATE TABLE documents (
  rid bigserial PRIMARY KEY,
  id ${T} NOT NULL UNIQUE,
  url ${T}, outlet ${T}, title ${T}, author ${T}, published ${T}, language ${T},
  text text NOT NULL,
  content_hash ${T} NOT NULL,
  fingerprint ${T},
  words integer NOT NULL DEFAULT 0,
  comment_words integer NOT NULL DEFAULT 0,
  source ${T},
  versions jsonb,
  ingested_at timestamptz NOT NULL DEFAULT now(),
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', coalesce(title, '')), 'A') || setweight(to_tsvector('simple', text), 'B')
  ) STORED
);
CREATE INDEX documents_outlet ON documents (lower(outlet));
CREATE INDEX documents_published ON documents (published);
CREATE INDEX documents_language ON documents (lower(language));
CREATE INDEX documents_content_hash ON documents (content_hash);
CREATE INDEX documents_search ON documents USING gin (search);

CREATE TABLE sections (
  doc ${T} NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  idx integer NOT NULL, kind ${T} NOT NULL, start integer NOT NULL, "end" integer NOT NULL,
  PRIMARY KEY (doc, idx)
);

CREATE TABLE fingerprint_bands (
  band integer NOT NULL, value integer NOT NULL,
  doc ${T} NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  PRIMARY KEY (band, value, doc)
);
CREATE INDEX fingerprint_bands_doc ON fingerprint_bands (doc);

CREATE TABLE layers (
  doc ${T} NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  name ${T} NOT NULL, analyser ${T}, version ${T}, json text NOT NULL,
  PRIMARY KEY (doc, name)
);
CREATE INDEX layers_name ON layers (name);

CREATE TABLE entities (
  doc ${T} NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  entity_id ${T}, name ${T} NOT NULL, name_norm ${T} NOT NULL, type ${T} NOT NULL, mentions integer NOT NULL, wikidata ${T}
);
CREATE INDEX entities_doc ON entities (doc);
CREATE INDEX entities_name ON entities (name_norm);
CREATE INDEX entities_type ON entities (type);

CREATE TABLE techniques (
  doc ${T} NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  technique ${T} NOT NULL, start integer NOT NULL, "end" integer NOT NULL, confidence real, in_comment boolean NOT NULL
);
CREATE INDEX techniques_doc ON techniques (doc);
CREATE INDEX techniques_technique ON techniques (lower(technique));

CREATE TABLE claims (
  doc ${T} NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  start integer NOT NULL, "end" integer NOT NULL, status ${T}, sourced boolean NOT NULL,
  source_text ${T}, source_entity ${T}, checkworthiness real, in_comment boolean NOT NULL
);
CREATE INDEX claims_doc ON claims (doc);

CREATE TABLE hate (
  doc ${T} NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  category ${T} NOT NULL, start integer NOT NULL, "end" integer NOT NULL, confidence real, in_comment boolean NOT NULL
);
CREATE INDEX hate_doc ON hate (doc);

CREATE TABLE ingest_runs (
  id bigserial PRIMARY KEY, started_at timestamptz NOT NULL DEFAULT now(), finished_at timestamptz, args jsonb, counts jsonb
);

CREATE TABLE ingest_items (
  key ${T} PRIMARY KEY,
  status ${T} NOT NULL CHECK (status IN ('done', 'duplicate', 'near-duplicate', 'error')),
  doc_id ${T}, duplicate_of ${T}, similarity real, error text, label text,
  run bigint,
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX ingest_items_status ON ingest_items (status, updated_at);
`,
  },
  {
    version: 2,
    name: 'narratives: catalogue-matched rows (search facet) and clustered narratives with their member claims',
    // Backfills the catalogue rows from narratives layers already stored, so an existing corpus gets the facet at once.
    sql: `
CREATE TABLE narratives (
  doc ${T} NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  narrative ${T} NOT NULL, label ${T} NOT NULL, confidence real, start integer, "end" integer, in_comment boolean NOT NULL
);
CREATE INDEX narratives_doc ON narratives (doc);
CREATE INDEX narratives_narrative ON narratives (lower(narrative));
CREATE INDEX narratives_label ON narratives (lower(label));
INSERT INTO narratives (doc, narrative, label, confidence, start, "end", in_comment)
  SELECT l.doc, COALESCE(n->'matches'->0->>'id', n->>'label'), n->>'label', (n->>'confidence')::real,
    (n->'evidence'->0->>'start')::integer, (n->'evidence'->0->>'end')::integer, COALESCE((n->>'inComment')::boolean, false)
  FROM layers l, jsonb_array_elements(l.json::jsonb) n WHERE l.name = 'narratives' AND n->>'label' IS NOT NULL;

CREATE TABLE narrative_clusters (
  id ${T} PRIMARY KEY, label text NOT NULL, size integer NOT NULL, documents integer NOT NULL, outlets jsonb NOT NULL,
  first_seen ${T}, last_seen ${T}, volume jsonb NOT NULL, built_at timestamptz NOT NULL
);
CREATE INDEX narrative_clusters_documents ON narrative_clusters (documents DESC);
CREATE TABLE narrative_claims (
  cluster ${T} NOT NULL REFERENCES narrative_clusters (id) ON DELETE CASCADE,
  doc ${T} NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  start integer NOT NULL, "end" integer NOT NULL, score real
);
CREATE INDEX narrative_claims_cluster ON narrative_claims (cluster);
CREATE INDEX narrative_claims_doc ON narrative_claims (doc);
`,
  },
];
