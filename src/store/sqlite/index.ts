import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type {
  ClaimSource, DocumentRecord, ExportFilter, FacetCount, ItemOutcome, ItemStatus, NarrativeCluster, OutletSums, SearchHit, SearchQuery,
  SearchResult, Store, StoreCounts, StoredDocument, StoredLayer, WriteEntry,
} from '../store.js';
import { MIGRATIONS } from './migrations.js';
import { clusterFromRow, documentFromRow, layerFromRow, memberFromRow, outletSumsFromBaseRow, topPerOutlet } from '../rows.js';

type Row = Record<string, unknown>;
type Db = Database.Database;

/** Opens (creating when missing) a SQLite store file and brings its schema up to date. */
export function openSqliteStore(path: string): SqliteStore {
  // Least privilege on disk: a new store folder and file are readable by their owner only (analysts' corpora can hold
  // personal data from comments). An existing file keeps the permissions its owner gave it.
  const fresh = path !== ':memory:' && !existsSync(path);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new Database(path);
  if (fresh) chmodSync(path, 0o600);
  // WAL lets searches read while an ingest writes; NORMAL sync is crash-safe in WAL mode (a power cut may lose the
  // last commits, never corrupt the file), and each batch is one transaction, so resuming redoes at most one batch.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return new SqliteStore(db, path);
}

export function migrate(db: Db): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    })();
  }
  return Math.max(0, ...MIGRATIONS.map((m) => m.version));
}

const now = (): string => new Date().toISOString();
const opt = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

export class SqliteStore implements Store {
  readonly location: string;
  private readonly db: Db;
  private readonly stmts;

  constructor(db: Db, location: string) {
    this.db = db;
    this.location = location;
    this.stmts = {
      itemStatus: db.prepare('SELECT status FROM ingest_items WHERE key = ?').pluck(),
      byHash: db.prepare('SELECT id FROM documents WHERE content_hash = ? LIMIT 1').pluck(),
      hasDoc: db.prepare('SELECT 1 FROM documents WHERE id = ?').pluck(),
      band: db.prepare('SELECT d.id, d.fingerprint FROM fingerprint_bands b JOIN documents d ON d.rowid = b.doc WHERE b.band = ? AND b.value = ?'),
      insDoc: db.prepare(`INSERT OR IGNORE INTO documents (id, url, outlet, title, author, published, language, text, content_hash, fingerprint,
        words, comment_words, source, versions, ingested_at) VALUES (@id, @url, @outlet, @title, @author, @published, @language, @text,
        @contentHash, @fingerprint, @words, @commentWords, @source, @versions, @ingestedAt)`),
      insFts: db.prepare('INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)'),
      insSection: db.prepare('INSERT INTO sections (doc, idx, kind, start, "end") VALUES (?, ?, ?, ?, ?)'),
      insBand: db.prepare('INSERT OR IGNORE INTO fingerprint_bands (band, value, doc) VALUES (?, ?, ?)'),
      insLayer: db.prepare('INSERT OR REPLACE INTO layers (doc, name, analyser, version, json) VALUES (?, ?, ?, ?, ?)'),
      insEntity: db.prepare('INSERT INTO entities (doc, entity_id, name, name_norm, type, mentions, wikidata) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      insTechnique: db.prepare('INSERT INTO techniques (doc, technique, start, "end", confidence, in_comment) VALUES (?, ?, ?, ?, ?, ?)'),
      insClaim: db.prepare(`INSERT INTO claims (doc, start, "end", status, sourced, source_text, source_entity, checkworthiness, in_comment)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insHate: db.prepare('INSERT INTO hate (doc, category, start, "end", confidence, in_comment) VALUES (?, ?, ?, ?, ?, ?)'),
      insNarrative: db.prepare('INSERT INTO narratives (doc, narrative, label, confidence, start, "end", in_comment) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      insItem: db.prepare(`INSERT OR REPLACE INTO ingest_items (key, status, doc_id, duplicate_of, similarity, error, label, run, updated_at)
        VALUES (@key, @status, @docId, @duplicateOf, @similarity, @error, @label, @run, @updatedAt)`),
    };
  }

  private run: number | null = null;

  async schemaVersion(): Promise<number> {
    return (this.db.prepare('SELECT COALESCE(MAX(version), 0) FROM schema_migrations').pluck().get() as number) ?? 0;
  }

  async itemStatuses(keys: string[]): Promise<Map<string, ItemStatus>> {
    const out = new Map<string, ItemStatus>();
    for (const k of keys) {
      const s = this.stmts.itemStatus.get(k) as ItemStatus | undefined;
      if (s) out.set(k, s);
    }
    return out;
  }

  async findByContentHash(hash: string): Promise<string | undefined> {
    return opt(this.stmts.byHash.get(hash));
  }

  async hasDocument(id: string): Promise<boolean> {
    return this.stmts.hasDoc.get(id) !== undefined;
  }

  async nearCandidates(bands: number[]): Promise<{ id: string; fingerprint: string }[]> {
    const seen = new Map<string, string>();
    bands.forEach((value, band) => {
      for (const r of this.stmts.band.all(band, value) as { id: string; fingerprint: string }[]) seen.set(r.id, r.fingerprint);
    });
    return [...seen].map(([id, fingerprint]) => ({ id, fingerprint }));
  }

  async writeBatch(entries: WriteEntry[]): Promise<void> {
    this.db.transaction(() => {
      for (const e of entries) {
        const outcome = { ...e.outcome };
        if (e.record && outcome.status === 'done' && !this.insertRecord(e.record)) {
          // Same id already stored (same canonical URL or same text): a duplicate, not a second copy.
          outcome.status = 'duplicate';
          outcome.duplicateOf = e.record.doc.id;
        }
        this.stmts.insItem.run({
          key: outcome.key, status: outcome.status, docId: outcome.docId ?? null, duplicateOf: outcome.duplicateOf ?? null,
          similarity: outcome.similarity ?? null, error: outcome.error ?? null, label: outcome.label ?? null, run: this.run, updatedAt: now(),
        });
      }
    })();
  }

  private insertRecord(r: DocumentRecord): boolean {
    const d = r.doc;
    const info = this.stmts.insDoc.run({
      id: d.id, url: d.url ?? null, outlet: d.outlet ?? null, title: d.title ?? null, author: d.author ?? null,
      published: d.published ?? null, language: d.language ?? null, text: d.text, contentHash: d.contentHash,
      fingerprint: d.fingerprint ?? null, words: d.words, commentWords: d.commentWords, source: d.source,
      versions: JSON.stringify(d.versions), ingestedAt: now(),
    });
    if (info.changes === 0) return false;
    const rid = Number(info.lastInsertRowid);
    const s = this.stmts;
    s.insFts.run(rid, d.title ?? '', d.text);
    d.sections.forEach((sec, i) => s.insSection.run(rid, i, sec.kind, sec.start, sec.end));
    r.bands.forEach((value, band) => s.insBand.run(band, value, rid));
    for (const l of r.layers) s.insLayer.run(rid, l.name, l.analyser ?? null, l.version ?? null, l.json ?? JSON.stringify(l.items));
    for (const e of r.entities) s.insEntity.run(rid, e.entityId ?? null, e.name, normName(e.name), e.type, e.mentions, e.wikidata ?? null);
    for (const t of r.techniques) s.insTechnique.run(rid, t.technique, t.start, t.end, t.confidence, t.inComment ? 1 : 0);
    for (const c of r.claims) {
      s.insClaim.run(rid, c.start, c.end, c.status ?? null, c.sourced ? 1 : 0, c.sourceText ?? null, c.sourceEntity ?? null, c.checkworthiness ?? null, c.inComment ? 1 : 0);
    }
    for (const h of r.hate) s.insHate.run(rid, h.category, h.start, h.end, h.confidence, h.inComment ? 1 : 0);
    for (const n of r.narratives ?? []) s.insNarrative.run(rid, n.narrative, n.label, n.confidence, n.start ?? null, n.end ?? null, n.inComment ? 1 : 0);
    return true;
  }

  async beginRun(args: string[]): Promise<number> {
    const info = this.db.prepare('INSERT INTO ingest_runs (started_at, args) VALUES (?, ?)').run(now(), JSON.stringify(args));
    this.run = Number(info.lastInsertRowid);
    return this.run;
  }

  async finishRun(id: number, counts: Record<string, number>): Promise<void> {
    this.db.prepare('UPDATE ingest_runs SET finished_at = ?, counts = ? WHERE id = ?').run(now(), JSON.stringify(counts), id);
  }

  async getDocument(id: string): Promise<(StoredDocument & { layers: StoredLayer[] }) | undefined> {
    const row = this.db.prepare('SELECT rowid AS rid, * FROM documents WHERE id = ?').get(id) as Row | undefined;
    return row ? this.hydrate(row) : undefined;
  }

  private hydrate(row: Row, layer?: string): StoredDocument & { layers: StoredLayer[] } {
    const rid = row.rid as number;
    const sections = this.db.prepare('SELECT kind, start, "end" FROM sections WHERE doc = ? ORDER BY idx').all(rid) as StoredDocument['sections'];
    const layerRows = (layer
      ? this.db.prepare('SELECT name, analyser, version, json FROM layers WHERE doc = ? AND name = ?').all(rid, layer)
      : this.db.prepare('SELECT name, analyser, version, json FROM layers WHERE doc = ? ORDER BY name').all(rid)) as Row[];
    return documentFromRow(row, sections, layerRows.map(layerFromRow));
  }

  async search(q: SearchQuery): Promise<SearchResult> {
    const t0 = performance.now();
    const limit = q.limit ?? 20;
    const facetLimit = q.facetLimit ?? 10;
    let match = q.text?.trim() ? q.text.trim() : undefined;
    if (match && !this.validMatch(match)) match = plainMatch(match);
    if (match === '') match = '""'; // nothing searchable in the query: match nothing rather than everything
    const where: string[] = [];
    const params: unknown[] = [];
    if (match) {
      where.push('d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)');
      params.push(match);
    }
    if (q.outlet) { where.push('d.outlet = ? COLLATE NOCASE'); params.push(q.outlet); }
    if (q.language) { where.push('d.language = ? COLLATE NOCASE'); params.push(q.language); }
    if (q.from) { where.push('d.published >= ?'); params.push(q.from); }
    // A date-time published on the `to` day still counts: compare the prefix as long as the bound given.
    if (q.to) { where.push('substr(d.published, 1, ?) <= ?'); params.push(q.to.length, q.to); }
    if (q.entity) { where.push('EXISTS (SELECT 1 FROM entities e WHERE e.doc = d.rowid AND e.name_norm = ?)'); params.push(normName(q.entity)); }
    if (q.technique) { where.push('EXISTS (SELECT 1 FROM techniques t WHERE t.doc = d.rowid AND t.technique = ? COLLATE NOCASE)'); params.push(q.technique); }
    if (q.narrative) {
      // A catalogue case id or label (author-text matches), or the id of a clustered narrative.
      where.push(`(EXISTS (SELECT 1 FROM narratives n WHERE n.doc = d.rowid AND n.in_comment = 0 AND (n.narrative = ? COLLATE NOCASE OR n.label = ? COLLATE NOCASE))
        OR EXISTS (SELECT 1 FROM narrative_claims nc WHERE nc.doc = d.rowid AND nc.cluster = ?))`);
      params.push(q.narrative, q.narrative, q.narrative);
    }
    const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // The result set is computed once into a temporary table, then counted, ranked and faceted from there (a CTE was
    // re-evaluated, FTS match included, for the count and each facet). Searches run one at a time on this connection.
    this.db.exec('CREATE TEMP TABLE IF NOT EXISTS search_hits (rid INTEGER PRIMARY KEY)');
    this.db.prepare('DELETE FROM temp.search_hits').run();
    this.db.prepare(`INSERT INTO temp.search_hits SELECT d.rowid FROM documents d ${cond}`).run(...params);
    const hitsCte = 'WITH hits AS (SELECT rid FROM temp.search_hits)';
    const total = this.db.prepare('SELECT count(*) FROM temp.search_hits').pluck().get() as number;

    let rows: Row[];
    if (match) {
      // bm25 weights: a title hit counts twice a body hit.
      rows = this.db.prepare(`SELECT d.id, d.title, d.url, d.outlet, d.published, d.language,
          snippet(documents_fts, 1, '[', ']', '…', 16) AS snippet, bm25(documents_fts, 2.0, 1.0) AS score
        FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
        WHERE documents_fts MATCH ? AND d.rowid IN (SELECT rid FROM temp.search_hits)
        ORDER BY score LIMIT ? OFFSET ?`).all(match, limit, q.offset ?? 0) as Row[];
    } else {
      rows = this.db.prepare(`SELECT d.id, d.title, d.url, d.outlet, d.published, d.language, substr(d.text, 1, 160) AS snippet, 0 AS score
        FROM documents d ${cond} ORDER BY d.published DESC, d.rowid LIMIT ? OFFSET ?`).all(...params, limit, q.offset ?? 0) as Row[];
    }
    const hits: SearchHit[] = rows.map((r) => {
      const h: SearchHit = { id: String(r.id), snippet: String(r.snippet ?? '').replace(/\s+/g, ' '), score: -Number(r.score) };
      for (const k of ['title', 'url', 'outlet', 'published', 'language'] as const) {
        const v = opt(r[k]);
        if (v !== undefined) h[k] = v;
      }
      return h;
    });
    const facet = (sql: string): FacetCount[] =>
      (this.db.prepare(`${hitsCte} ${sql} ORDER BY count DESC, value LIMIT ?`).all(facetLimit) as { value: string; count: number }[])
        .map((r) => ({ value: String(r.value), count: Number(r.count) }));
    // CROSS JOIN keeps the hits as the outer loop (then the per-document index): left to itself, the planner scanned a
    // whole query table by its name index, 20x slower on a selective query over 10,000 documents.
    const facets = {
      outlet: facet(`SELECT COALESCE(d.outlet, '(unknown)') AS value, count(*) AS count FROM hits JOIN documents d ON d.rowid = hits.rid GROUP BY 1`),
      language: facet(`SELECT COALESCE(d.language, 'und') AS value, count(*) AS count FROM hits JOIN documents d ON d.rowid = hits.rid GROUP BY 1`),
      entity: facet(`SELECT max(e.name) AS value, count(DISTINCT e.doc) AS count FROM hits CROSS JOIN entities e ON e.doc = hits.rid GROUP BY e.name_norm`),
      technique: facet(`SELECT t.technique AS value, count(DISTINCT t.doc) AS count FROM hits CROSS JOIN techniques t ON t.doc = hits.rid AND t.in_comment = 0 GROUP BY 1`),
      narrative: facet(`SELECT max(n.label) AS value, count(DISTINCT n.doc) AS count FROM hits CROSS JOIN narratives n ON n.doc = hits.rid AND n.in_comment = 0 GROUP BY lower(n.label)`),
    };
    return { total, hits, facets, ms: performance.now() - t0 };
  }

  private validMatch(match: string): boolean {
    try {
      this.db.prepare('SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ? LIMIT 1').get(match);
      return true;
    } catch {
      return false;
    }
  }

  async outletSums(opts: { outlet?: string; top?: number; all?: boolean } = {}): Promise<OutletSums[]> {
    const top = opts.top ?? 5;
    // One grouping expression for every query: per outlet, or the whole corpus as one row.
    const key = opts.all ? `'*'` : `COALESCE(d.outlet, '(unknown)')`;
    const filter = opts.outlet && !opts.all ? `WHERE ${key} = ? COLLATE NOCASE` : '';
    const p = opts.outlet && !opts.all ? [opts.outlet] : [];
    const byOutlet = new Map<string, OutletSums>();
    const base = this.db.prepare(`SELECT ${key} AS o, count(*) AS n, sum(words) AS w, sum(comment_words) AS cw,
        sum(CASE WHEN comment_words > 0 THEN 1 ELSE 0 END) AS cdocs FROM documents d ${filter} GROUP BY 1 ORDER BY n DESC, o`).all(...p) as Row[];
    for (const r of base) byOutlet.set(String(r.o), outletSumsFromBaseRow(r));
    const each = (sql: string, fn: (o: OutletSums, r: Row) => void): void => {
      for (const r of this.db.prepare(sql).all(...p) as Row[]) {
        const o = byOutlet.get(String(r.o));
        if (o) fn(o, r);
      }
    };
    const and = filter ? `AND ${key} = ? COLLATE NOCASE` : '';
    each(`SELECT ${key} AS o, count(*) AS n, sum(d.words) AS w FROM documents d JOIN layers l ON l.doc = d.rowid AND l.name = 'techniques'
      WHERE 1 ${and} GROUP BY 1`, (o, r) => { o.techniqueDocs = Number(r.n); o.techniqueWords = Number(r.w ?? 0); });
    each(`SELECT ${key} AS o, t.technique AS t, count(*) AS n FROM techniques t JOIN documents d ON d.rowid = t.doc
      WHERE t.in_comment = 0 ${and} GROUP BY 1, 2`, (o, r) => { o.techniques[String(r.t)] = Number(r.n); });
    each(`SELECT ${key} AS o, count(*) AS n, sum(c.sourced) AS s FROM claims c JOIN documents d ON d.rowid = c.doc
      WHERE c.in_comment = 0 ${and} GROUP BY 1`, (o, r) => { o.claims = { total: Number(r.n), sourced: Number(r.s ?? 0) }; });
    each(`SELECT ${key} AS o, count(*) AS n, sum(d.comment_words) AS w FROM documents d JOIN layers l ON l.doc = d.rowid AND l.name = 'hate'
      WHERE d.comment_words > 0 ${and} GROUP BY 1`, (o, r) => { o.hate.hateDocs = Number(r.n); o.hate.hateCommentWords = Number(r.w ?? 0); });
    each(`SELECT ${key} AS o, count(*) AS n, count(DISTINCT h.doc) AS docs FROM hate h JOIN documents d ON d.rowid = h.doc
      WHERE h.in_comment = 1 ${and} GROUP BY 1`, (o, r) => { o.hate.commentFlags = Number(r.n); o.hate.flaggedCommentDocs = Number(r.docs); });
    const topPer = (sql: string, set: (o: OutletSums, list: FacetCount[]) => void): void =>
      topPerOutlet(this.db.prepare(sql).all(...p) as Row[], top, byOutlet, set);
    topPer(`SELECT ${key} AS o, max(c.source_text) AS v, count(*) AS n FROM claims c JOIN documents d ON d.rowid = c.doc
      WHERE c.in_comment = 0 AND c.source_text IS NOT NULL ${and} GROUP BY 1, lower(c.source_text) ORDER BY 1, n DESC, v`, (o, l) => { o.sources = l; });
    topPer(`SELECT ${key} AS o, max(e.name) AS v, sum(e.mentions) AS n FROM entities e JOIN documents d ON d.rowid = e.doc
      WHERE e.type IN ('PERSON', 'ORG', 'STATE', 'ARMED_GROUP') ${and} GROUP BY 1, e.name_norm ORDER BY 1, n DESC, v`, (o, l) => { o.actors = l; });
    return [...byOutlet.values()];
  }

  async *exportDocuments(filter: ExportFilter = {}): AsyncIterable<StoredDocument & { layers: StoredLayer[] }> {
    // Paged by rowid rather than one open cursor: better-sqlite3 forbids other statements while a cursor is open.
    let after = 0;
    const page = this.db.prepare(`SELECT rowid AS rid, * FROM documents WHERE rowid > ? ${filter.outlet ? 'AND outlet = ? COLLATE NOCASE' : ''}
      ORDER BY rowid LIMIT 200`);
    for (;;) {
      const rows = (filter.outlet ? page.all(after, filter.outlet) : page.all(after)) as Row[];
      if (!rows.length) return;
      for (const r of rows) yield this.hydrate(r, filter.layer);
      after = rows[rows.length - 1]!.rid as number;
    }
  }

  async errors(limit = 20): Promise<ItemOutcome[]> {
    const rows = this.db.prepare(`SELECT key, status, error, label FROM ingest_items WHERE status = 'error' ORDER BY updated_at DESC, key LIMIT ?`).all(limit) as Row[];
    return rows.map((r) => ({ key: String(r.key), status: 'error', error: opt(r.error), label: opt(r.label) }));
  }

  async counts(): Promise<StoreCounts> {
    const items: Record<ItemStatus, number> = { done: 0, duplicate: 0, 'near-duplicate': 0, error: 0 };
    for (const r of this.db.prepare('SELECT status, count(*) AS n FROM ingest_items GROUP BY status').all() as Row[]) items[r.status as ItemStatus] = Number(r.n);
    return {
      documents: this.db.prepare('SELECT count(*) FROM documents').pluck().get() as number,
      items,
      runs: this.db.prepare('SELECT count(*) FROM ingest_runs').pluck().get() as number,
    };
  }

  async *claimSources(): AsyncIterable<ClaimSource> {
    // Paged by document rowid (see exportDocuments); texts are sliced here in JavaScript so offsets stay UTF-16 units.
    let after = 0;
    const page = this.db.prepare(`SELECT rowid AS rid, id, outlet, published, text FROM documents
      WHERE rowid > ? AND rowid IN (SELECT doc FROM claims WHERE in_comment = 0) ORDER BY rowid LIMIT 500`);
    const claims = this.db.prepare('SELECT doc, start, "end" FROM claims WHERE in_comment = 0 AND doc BETWEEN ? AND ? ORDER BY doc, start');
    const ents = this.db.prepare(`SELECT doc, json FROM layers WHERE name = 'entities' AND doc BETWEEN ? AND ?`);
    for (;;) {
      const rows = page.all(after) as Row[];
      if (!rows.length) return;
      const lo = rows[0]!.rid as number;
      const hi = rows[rows.length - 1]!.rid as number;
      const byDoc = new Map<number, { start: number; end: number }[]>();
      for (const c of claims.all(lo, hi) as Row[]) {
        const list = byDoc.get(c.doc as number) ?? [];
        list.push({ start: Number(c.start), end: Number(c.end) });
        byDoc.set(c.doc as number, list);
      }
      const entByDoc = new Map<number, string>();
      for (const e of ents.all(lo, hi) as Row[]) entByDoc.set(e.doc as number, String(e.json));
      for (const r of rows) {
        const text = String(r.text);
        const entities: ClaimSource['entities'] = [];
        const ej = entByDoc.get(r.rid as number);
        if (ej) {
          for (const e of JSON.parse(ej) as { id?: string; mentions?: { start: number; end: number }[] }[]) {
            if (e.id) for (const m of e.mentions ?? []) entities.push({ id: e.id, start: m.start, end: m.end });
          }
        }
        const src: ClaimSource = {
          docId: String(r.id),
          claims: (byDoc.get(r.rid as number) ?? []).map((c) => ({ ...c, text: text.slice(c.start, c.end) })),
          entities,
        };
        if (r.outlet !== null) src.outlet = String(r.outlet);
        if (r.published !== null) src.published = String(r.published);
        yield src;
      }
      after = hi;
    }
  }

  async replaceNarrativeClusters(clusters: NarrativeCluster[]): Promise<void> {
    const builtAt = now();
    const rid = this.db.prepare('SELECT rowid FROM documents WHERE id = ?').pluck();
    const insCluster = this.db.prepare(`INSERT INTO narrative_clusters (id, label, size, documents, outlets, first_seen, last_seen, volume, built_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insClaim = this.db.prepare('INSERT INTO narrative_claims (cluster, doc, start, "end", score) VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      this.db.exec('DELETE FROM narrative_claims; DELETE FROM narrative_clusters;');
      for (const c of clusters) {
        insCluster.run(c.id, c.label, c.size, c.documents, JSON.stringify(c.outlets), c.firstSeen ?? null, c.lastSeen ?? null, JSON.stringify(c.volume), builtAt);
        for (const m of c.claims ?? []) {
          const doc = rid.get(m.docId) as number | undefined;
          if (doc !== undefined) insClaim.run(c.id, doc, m.start, m.end, m.score);
        }
      }
    })();
  }

  async narrativeClusters(opts: { limit?: number; offset?: number; minDocuments?: number } = {}): Promise<{ total: number; builtAt?: string; narratives: NarrativeCluster[] }> {
    const min = opts.minDocuments ?? 0;
    const total = this.db.prepare('SELECT count(*) FROM narrative_clusters WHERE documents >= ?').pluck().get(min) as number;
    const builtAt = opt(this.db.prepare('SELECT max(built_at) FROM narrative_clusters').pluck().get());
    const rows = this.db.prepare(`SELECT * FROM narrative_clusters WHERE documents >= ? ORDER BY documents DESC, size DESC, first_seen, id LIMIT ? OFFSET ?`)
      .all(min, opts.limit ?? 50, opts.offset ?? 0) as Row[];
    return { total, ...(builtAt ? { builtAt } : {}), narratives: rows.map(clusterFromRow) };
  }

  async narrativeCluster(id: string): Promise<NarrativeCluster | undefined> {
    const row = this.db.prepare('SELECT * FROM narrative_clusters WHERE id = ?').get(id) as Row | undefined;
    if (!row) return undefined;
    const c = clusterFromRow(row);
    const members = this.db.prepare(`SELECT d.id, d.outlet, d.published, d.text, nc.start, nc."end", nc.score FROM narrative_claims nc
      JOIN documents d ON d.rowid = nc.doc WHERE nc.cluster = ? ORDER BY d.published, d.id, nc.start`).all(id) as Row[];
    c.claims = members.map(memberFromRow);
    return c;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}


/** Lower-cased, NFKC, single-spaced: how entity names are matched in queries. */
export function normName(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A query FTS5 cannot parse becomes its words, each quoted (all must match); stray operators are dropped. */
function plainMatch(q: string): string {
  return (q.match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !/^(AND|OR|NOT|NEAR)$/.test(w)).map((w) => `"${w}"`).join(' ');
}
