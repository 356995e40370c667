import pg from 'pg';
import { UnspinError } from '../../core/errors.js';
import { normName } from '../sqlite/index.js';
import type {
  ClaimSource, ExportFilter, FacetCount, ItemOutcome, ItemStatus, NarrativeCluster, OutletSums, SearchHit, SearchQuery, SearchResult,
  Store, StoreCounts, StoredDocument, StoredLayer, WriteEntry,
} from '../store.js';
import { MIGRATIONS } from './migrations.js';
import { clusterFromRow, documentFromRow, layerFromRow, memberFromRow, outletSumsFromBaseRow, topPerOutlet } from '../rows.js';
import { CHILD_TABLES, unnestInsert, type Cell } from './tables.js';

type Row = Record<string, unknown>;

/** Answers to a batch's duplicate checks (see PostgresStore.dedupeLookup). */
export interface DedupeLookup {
  ids: Set<string>;
  byHash: Map<string, string>;
  byBand: Map<string, { id: string; fingerprint: string }[]>;
}
type Queryable = pg.Pool | pg.PoolClient;

/** Any key both the store and the queue agree on: the migration lock (pg_advisory_xact_lock takes a bigint). */
const MIGRATION_LOCK = 0x756e7370696e; // "unspin"

export interface PostgresStoreOptions {
  /** Connections this process may hold (default 4: the writer, a reader or two, the queue's own pool is separate). */
  maxConnections?: number;
}

/** Opens a PostgreSQL store at `url` (postgres://user:pass@host:port/db) and brings its schema up to date. */
export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const pool = new pg.Pool({ connectionString: url, max: opts.maxConnections ?? 4, application_name: 'unspin' });
  // An idle client losing its server (a restart, a failover) must not crash the process: the next query reconnects.
  pool.on('error', () => {});
  try {
    await migrate(pool);
  } catch (e) {
    await pool.end().catch(() => {});
    const err = e as Error & { code?: string };
    throw new UnspinError('UNREADABLE', `${redact(url)}: cannot open the PostgreSQL store (${err.message || err.code || String(e)})`);
  }
  return new PostgresStore(pool, redact(url));
}

/** The URL without its password, for messages and `location`. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

/**
 * Applies missing migrations in one transaction under an advisory lock: a second process starting at the same time
 * waits for the lock, then finds the migrations recorded and applies nothing.
 */
export async function migrate(pool: pg.Pool): Promise<number> {
  await transaction(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await c.query(m.sql);
      await c.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
  });
  return Math.max(0, ...MIGRATIONS.map((m) => m.version));
}

/** Runs `fn` on one pooled connection inside BEGIN/COMMIT, rolling back (and rethrowing) on any error. */
async function transaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

const opt = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

/** Search facets as SQL over the `hits` CTE (column `id`): adding a facet is one entry here. */
const FACETS = {
  outlet: `SELECT COALESCE(d.outlet, '(unknown)') AS value, count(*) AS count FROM hits JOIN documents d ON d.id = hits.id GROUP BY 1`,
  language: `SELECT COALESCE(d.language, 'und') AS value, count(*) AS count FROM hits JOIN documents d ON d.id = hits.id GROUP BY 1`,
  entity: `SELECT max(e.name) AS value, count(DISTINCT e.doc) AS count FROM hits JOIN entities e ON e.doc = hits.id GROUP BY e.name_norm`,
  technique: `SELECT t.technique AS value, count(DISTINCT t.doc) AS count FROM hits JOIN techniques t ON t.doc = hits.id AND NOT t.in_comment GROUP BY 1`,
  narrative: `SELECT max(n.label) AS value, count(DISTINCT n.doc) AS count FROM hits JOIN narratives n ON n.doc = hits.id AND NOT n.in_comment GROUP BY lower(n.label)`,
} as const satisfies Record<keyof SearchResult['facets'], string>;

/**
 * The Store on PostgreSQL. Every write is idempotent (ON CONFLICT), so a batch delivered twice by a job queue, or
 * written by two workers at once, stores each document once; a document's query rows are written in the same
 * transaction as the document, only when the document row is new.
 */
export class PostgresStore implements Store {
  readonly location: string;
  readonly pool: pg.Pool;
  private run: number | null = null;

  constructor(pool: pg.Pool, location: string) {
    this.pool = pool;
    this.location = location;
  }

  private async rows<R = Row>(sql: string, params: unknown[] = [], on: Queryable = this.pool): Promise<R[]> {
    return (await on.query(sql, params)).rows as R[];
  }

  async schemaVersion(): Promise<number> {
    const [r] = await this.rows<{ v: number }>('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations');
    return Number(r?.v ?? 0);
  }

  async itemStatuses(keys: string[]): Promise<Map<string, ItemStatus>> {
    if (!keys.length) return new Map();
    const rows = await this.rows<{ key: string; status: ItemStatus }>('SELECT key, status FROM ingest_items WHERE key = ANY($1::text[])', [keys]);
    return new Map(rows.map((r) => [r.key, r.status]));
  }

  async findByContentHash(hash: string): Promise<string | undefined> {
    const [r] = await this.rows<{ id: string }>('SELECT id FROM documents WHERE content_hash = $1 LIMIT 1', [hash]);
    return r?.id;
  }

  async hasDocument(id: string): Promise<boolean> {
    return (await this.rows('SELECT 1 FROM documents WHERE id = $1', [id])).length > 0;
  }

  async nearCandidates(bands: number[]): Promise<{ id: string; fingerprint: string }[]> {
    if (!bands.length) return [];
    return this.rows<{ id: string; fingerprint: string }>(
      `SELECT DISTINCT d.id, d.fingerprint FROM fingerprint_bands b JOIN documents d ON d.id = b.doc
       WHERE (b.band, b.value) IN (SELECT * FROM unnest($1::int4[], $2::int4[]))`,
      [bands.map((_, i) => i), bands],
    );
  }

  /**
   * What the duplicate checks of a whole batch need, in one round trip: which of `ids` are stored, a stored document
   * per content hash, and the stored documents sharing a MinHash band value (band index and value as "b:v").
   */
  async dedupeLookup(ids: string[], hashes: string[], bandKeys: [number, number][]): Promise<DedupeLookup> {
    const out: DedupeLookup = { ids: new Set(), byHash: new Map(), byBand: new Map() };
    if (!ids.length && !hashes.length && !bandKeys.length) return out;
    const rows = await this.rows<{ k: string; a: string; b: string | null; band: number | null; value: number | null }>(
      `SELECT 'i' AS k, id AS a, NULL::text AS b, NULL::int4 AS band, NULL::int4 AS value FROM documents WHERE id = ANY($1::text[])
       UNION ALL SELECT 'h', content_hash, id, NULL, NULL FROM documents WHERE content_hash = ANY($2::text[])
       UNION ALL SELECT 'b', d.id, d.fingerprint, b.band, b.value FROM fingerprint_bands b JOIN documents d ON d.id = b.doc
         WHERE (b.band, b.value) IN (SELECT * FROM unnest($3::int4[], $4::int4[])) AND d.fingerprint IS NOT NULL`,
      [ids, hashes, bandKeys.map(([b]) => b), bandKeys.map(([, v]) => v)],
    );
    for (const r of rows) {
      if (r.k === 'i') out.ids.add(r.a);
      else if (r.k === 'h') {
        if (!out.byHash.has(r.a)) out.byHash.set(r.a, String(r.b));
      } else {
        const key = `${r.band}:${r.value}`;
        const list = out.byBand.get(key) ?? [];
        list.push({ id: r.a, fingerprint: String(r.b) });
        out.byBand.set(key, list);
      }
    }
    return out;
  }

  async writeBatch(entries: WriteEntry[]): Promise<void> {
    if (!entries.length) return;
    await transaction(this.pool, async (c) => {
      const records = entries.flatMap((e) => (e.record && e.outcome.status === 'done' ? [e.record] : []));
      const inserted = new Set<string>();
      const owner = new Map<string, string>();
      if (records.length) {
        const docCols: [string, string][] = [['id', 'text'], ['url', 'text'], ['outlet', 'text'], ['title', 'text'], ['author', 'text'],
          ['published', 'text'], ['language', 'text'], ['text', 'text'], ['content_hash', 'text'], ['fingerprint', 'text'], ['words', 'int4'],
          ['comment_words', 'int4'], ['source', 'text'], ['versions', 'jsonb']];
        // The same id twice in one batch: the first wins, the second becomes a duplicate below.
        const seen = new Set<string>();
        const first = records.filter((r) => !seen.has(r.doc.id) && seen.add(r.doc.id));
        const q = unnestInsert('documents', docCols, first.map((r) => {
          const d = r.doc;
          return [d.id, d.url ?? null, d.outlet ?? null, d.title ?? null, d.author ?? null, d.published ?? null, d.language ?? null, d.text,
            d.contentHash, d.fingerprint ?? null, d.words, d.commentWords, d.source, JSON.stringify(d.versions)] as Cell[];
        }), 'ON CONFLICT (id) DO NOTHING RETURNING id');
        for (const r of await this.rows<{ id: string }>(q.text, q.values, c)) inserted.add(r.id);
        const fresh = first.filter((r) => inserted.has(r.doc.id));
        for (const t of CHILD_TABLES) {
          const rows = fresh.flatMap((r) => t.rows(r));
          if (!rows.length) continue;
          const ins = unnestInsert(t.table, t.columns, rows);
          await c.query(ins.text, ins.values);
        }
        // Who owns the ids that were already there: the same item redelivered (its own document) stays done.
        const old = [...seen].filter((id) => !inserted.has(id));
        if (old.length) for (const r of await this.rows<{ id: string; source: string }>('SELECT id, source FROM documents WHERE id = ANY($1::text[])', [old], c)) owner.set(r.id, r.source);
      }
      const claimed = new Set<string>();
      const items = entries.map((e) => {
        const o: ItemOutcome = { ...e.outcome };
        if (e.record && o.status === 'done') {
          const id = e.record.doc.id;
          const mine = inserted.has(id) ? !claimed.has(id) : owner.get(id) === o.key;
          if (!mine) {
            // Same id already stored (same canonical URL or same text): a duplicate, not a second copy.
            o.status = 'duplicate';
            o.duplicateOf = id;
          }
          claimed.add(id);
        }
        return [o.key, o.status, n(o.docId), n(o.duplicateOf), n(o.similarity), n(o.error), n(o.label), this.run] as Cell[];
      });
      // Last outcome of a key wins within the batch (a retried error that now succeeds).
      const byKey = new Map(items.map((r) => [r[0] as string, r]));
      const ins = unnestInsert('ingest_items', [['key', 'text'], ['status', 'text'], ['doc_id', 'text'], ['duplicate_of', 'text'], ['similarity', 'float4'],
        ['error', 'text'], ['label', 'text'], ['run', 'int8']], [...byKey.values()],
        `ON CONFLICT (key) DO UPDATE SET status = EXCLUDED.status, doc_id = EXCLUDED.doc_id, duplicate_of = EXCLUDED.duplicate_of,
         similarity = EXCLUDED.similarity, error = EXCLUDED.error, label = EXCLUDED.label, run = EXCLUDED.run, updated_at = clock_timestamp()`);
      await c.query(ins.text, ins.values);
    });
  }

  async beginRun(args: string[]): Promise<number> {
    const [r] = await this.rows<{ id: string }>('INSERT INTO ingest_runs (args) VALUES ($1) RETURNING id', [JSON.stringify(args)]);
    this.run = Number(r!.id);
    return this.run;
  }

  async finishRun(id: number, counts: Record<string, number>): Promise<void> {
    await this.pool.query('UPDATE ingest_runs SET finished_at = now(), counts = $1 WHERE id = $2', [JSON.stringify(counts), id]);
  }

  async getDocument(id: string): Promise<(StoredDocument & { layers: StoredLayer[] }) | undefined> {
    const rows = await this.rows('SELECT * FROM documents WHERE id = $1', [id]);
    return rows.length ? (await this.hydrate(rows))[0] : undefined;
  }

  /** Documents with their sections and layers: three queries per page of documents, not three per document. */
  private async hydrate(rows: Row[], layer?: string): Promise<(StoredDocument & { layers: StoredLayer[] })[]> {
    const ids = rows.map((r) => String(r.id));
    const sections = new Map<string, StoredDocument['sections']>();
    for (const s of await this.rows('SELECT doc, kind, start, "end" FROM sections WHERE doc = ANY($1::text[]) ORDER BY doc, idx', [ids])) {
      const list = sections.get(String(s.doc)) ?? [];
      list.push({ kind: String(s.kind), start: Number(s.start), end: Number(s.end) });
      sections.set(String(s.doc), list);
    }
    const layers = new Map<string, StoredLayer[]>();
    const lrows = await this.rows(`SELECT doc, name, analyser, version, json FROM layers WHERE doc = ANY($1::text[]) ${layer ? 'AND name = $2' : ''} ORDER BY doc, name`,
      layer ? [ids, layer] : [ids]);
    for (const l of lrows) {
      const list = layers.get(String(l.doc)) ?? [];
      list.push(layerFromRow(l));
      layers.set(String(l.doc), list);
    }
    return rows.map((row) => documentFromRow(row, sections.get(String(row.id)) ?? [], layers.get(String(row.id)) ?? []));
  }

  async search(q: SearchQuery): Promise<SearchResult> {
    const t0 = performance.now();
    const limit = q.limit ?? 20;
    const facetLimit = q.facetLimit ?? 10;
    const text = q.text?.trim() ? websearchText(q.text.trim()) : undefined;
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown): string => `$${params.push(v)}`;
    // websearch_to_tsquery never fails on syntax (quotes, or, -word); a query with no words matches nothing.
    if (text !== undefined) where.push(`d.search @@ websearch_to_tsquery('simple', ${p(text)})`);
    if (q.outlet) where.push(`lower(d.outlet) = lower(${p(q.outlet)})`);
    if (q.language) where.push(`lower(d.language) = lower(${p(q.language)})`);
    if (q.from) where.push(`d.published >= ${p(q.from)}`);
    // A date-time published on the `to` day still counts: compare the prefix as long as the bound given.
    if (q.to) where.push(`substr(d.published, 1, ${p(q.to.length)}) <= ${p(q.to)}`);
    if (q.entity) where.push(`EXISTS (SELECT 1 FROM entities e WHERE e.doc = d.id AND e.name_norm = ${p(normName(q.entity))})`);
    if (q.technique) where.push(`EXISTS (SELECT 1 FROM techniques t WHERE t.doc = d.id AND lower(t.technique) = lower(${p(q.technique)}))`);
    if (q.narrative) {
      // A catalogue case id or label (author-text matches), or the id of a clustered narrative.
      const v = p(q.narrative);
      where.push(`(EXISTS (SELECT 1 FROM narratives n WHERE n.doc = d.id AND NOT n.in_comment AND (lower(n.narrative) = lower(${v}) OR lower(n.label) = lower(${v})))
        OR EXISTS (SELECT 1 FROM narrative_claims nc WHERE nc.doc = d.id AND nc.cluster = ${v}))`);
    }
    const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const hitsCte = `WITH hits AS (SELECT d.id FROM documents d ${cond})`;
    const [{ total }] = (await this.rows<{ total: string }>(`${hitsCte} SELECT count(*) AS total FROM hits`, params)) as [{ total: string }];

    const page = [...params, limit, q.offset ?? 0];
    const lim = `LIMIT $${params.length + 1} OFFSET $${params.length + 2}`;
    let rows: Row[];
    if (text !== undefined) {
      // Rank: ts_rank with a title (A) hit worth twice a body (B) hit; the snippet marks matches like FTS5's snippet().
      rows = await this.rows(`WITH q AS (SELECT websearch_to_tsquery('simple', $1) AS tsq),
        top AS (SELECT d.*, ts_rank('{0.1, 0.2, 0.5, 1.0}', d.search, q.tsq) AS score FROM documents d, q ${cond} ORDER BY score DESC, d.rid ${lim})
        SELECT top.id, top.title, top.url, top.outlet, top.published, top.language, top.score,
          ts_headline('simple', top.text, q.tsq, 'StartSel=[, StopSel=], MaxWords=16, MinWords=6, ShortWord=1, MaxFragments=1, FragmentDelimiter=…') AS snippet
        FROM top, q ORDER BY top.score DESC, top.rid`, page);
    } else {
      rows = await this.rows(`SELECT d.id, d.title, d.url, d.outlet, d.published, d.language, substr(d.text, 1, 160) AS snippet, 0 AS score
        FROM documents d ${cond} ORDER BY d.published DESC NULLS LAST, d.rid ${lim}`, page);
    }
    const hits: SearchHit[] = rows.map((r) => {
      const h: SearchHit = { id: String(r.id), snippet: String(r.snippet ?? '').replace(/\s+/g, ' '), score: Number(r.score) };
      for (const k of ['title', 'url', 'outlet', 'published', 'language'] as const) {
        const v = opt(r[k]);
        if (v !== undefined) h[k] = v;
      }
      return h;
    });
    const facet = async (sql: string): Promise<FacetCount[]> =>
      (await this.rows(`${hitsCte} ${sql} ORDER BY count DESC, value LIMIT $${params.length + 1}`, [...params, facetLimit]))
        .map((r) => ({ value: String(r.value), count: Number(r.count) }));
    const names = Object.keys(FACETS) as (keyof typeof FACETS)[];
    const lists = await Promise.all(names.map((k) => facet(FACETS[k])));
    const facets = Object.fromEntries(names.map((k, i) => [k, lists[i]!])) as SearchResult['facets'];
    return { total: Number(total), hits, facets, ms: performance.now() - t0 };
  }

  async outletSums(opts: { outlet?: string; top?: number; all?: boolean } = {}): Promise<OutletSums[]> {
    const top = opts.top ?? 5;
    // One grouping expression for every query: per outlet, or the whole corpus as one row.
    const key = opts.all ? `'*'::text` : `COALESCE(d.outlet, '(unknown)')`;
    const one = Boolean(opts.outlet && !opts.all);
    const p = one ? [opts.outlet] : [];
    const filter = one ? `WHERE lower(${key}) = lower($1)` : '';
    const and = one ? `AND lower(${key}) = lower($1)` : '';
    const byOutlet = new Map<string, OutletSums>();
    const base = await this.rows(`SELECT ${key} AS o, count(*) AS n, sum(words) AS w, sum(comment_words) AS cw,
        sum(CASE WHEN comment_words > 0 THEN 1 ELSE 0 END) AS cdocs FROM documents d ${filter} GROUP BY 1 ORDER BY n DESC, o`, p);
    for (const r of base) byOutlet.set(String(r.o), outletSumsFromBaseRow(r));
    const each = async (sql: string, fn: (o: OutletSums, r: Row) => void): Promise<void> => {
      for (const r of await this.rows(sql, p)) {
        const o = byOutlet.get(String(r.o));
        if (o) fn(o, r);
      }
    };
    const topPer = async (sql: string, set: (o: OutletSums, list: FacetCount[]) => void): Promise<void> =>
      topPerOutlet(await this.rows(sql, p), top, byOutlet, set);
    await Promise.all([
      each(`SELECT ${key} AS o, count(*) AS n, sum(d.words) AS w FROM documents d JOIN layers l ON l.doc = d.id AND l.name = 'techniques'
        WHERE true ${and} GROUP BY 1`, (o, r) => { o.techniqueDocs = Number(r.n); o.techniqueWords = Number(r.w ?? 0); }),
      each(`SELECT ${key} AS o, t.technique AS t, count(*) AS n FROM techniques t JOIN documents d ON d.id = t.doc
        WHERE NOT t.in_comment ${and} GROUP BY 1, 2`, (o, r) => { o.techniques[String(r.t)] = Number(r.n); }),
      each(`SELECT ${key} AS o, count(*) AS n, sum(c.sourced::int) AS s FROM claims c JOIN documents d ON d.id = c.doc
        WHERE NOT c.in_comment ${and} GROUP BY 1`, (o, r) => { o.claims = { total: Number(r.n), sourced: Number(r.s ?? 0) }; }),
      each(`SELECT ${key} AS o, count(*) AS n, sum(d.comment_words) AS w FROM documents d JOIN layers l ON l.doc = d.id AND l.name = 'hate'
        WHERE d.comment_words > 0 ${and} GROUP BY 1`, (o, r) => { o.hate.hateDocs = Number(r.n); o.hate.hateCommentWords = Number(r.w ?? 0); }),
      each(`SELECT ${key} AS o, count(*) AS n, count(DISTINCT h.doc) AS docs FROM hate h JOIN documents d ON d.id = h.doc
        WHERE h.in_comment ${and} GROUP BY 1`, (o, r) => { o.hate.commentFlags = Number(r.n); o.hate.flaggedCommentDocs = Number(r.docs); }),
      topPer(`SELECT ${key} AS o, max(c.source_text) AS v, count(*) AS n FROM claims c JOIN documents d ON d.id = c.doc
        WHERE NOT c.in_comment AND c.source_text IS NOT NULL ${and} GROUP BY 1, lower(c.source_text) ORDER BY 1, n DESC, v`, (o, l) => { o.sources = l; }),
      topPer(`SELECT ${key} AS o, max(e.name) AS v, sum(e.mentions) AS n FROM entities e JOIN documents d ON d.id = e.doc
        WHERE e.type IN ('PERSON', 'ORG', 'STATE', 'ARMED_GROUP') ${and} GROUP BY 1, e.name_norm ORDER BY 1, n DESC, v`, (o, l) => { o.actors = l; }),
    ]);
    return [...byOutlet.values()];
  }

  async *exportDocuments(filter: ExportFilter = {}): AsyncIterable<StoredDocument & { layers: StoredLayer[] }> {
    // Keyset pages by insertion order: no cursor held open across the consumer's awaits, constant memory.
    let after = 0;
    for (;;) {
      const rows = await this.rows(`SELECT * FROM documents WHERE rid > $1 ${filter.outlet ? 'AND lower(outlet) = lower($2)' : ''} ORDER BY rid LIMIT 200`,
        filter.outlet ? [after, filter.outlet] : [after]);
      if (!rows.length) return;
      yield* await this.hydrate(rows, filter.layer);
      after = Number(rows[rows.length - 1]!.rid);
    }
  }

  async errors(limit = 20): Promise<ItemOutcome[]> {
    const rows = await this.rows(`SELECT key, error, label FROM ingest_items WHERE status = 'error' ORDER BY updated_at DESC, key LIMIT $1`, [limit]);
    return rows.map((r) => ({ key: String(r.key), status: 'error', error: opt(r.error), label: opt(r.label) }));
  }

  async counts(): Promise<StoreCounts> {
    const items: Record<ItemStatus, number> = { done: 0, duplicate: 0, 'near-duplicate': 0, error: 0 };
    for (const r of await this.rows('SELECT status, count(*) AS n FROM ingest_items GROUP BY status')) items[r.status as ItemStatus] = Number(r.n);
    const [r] = await this.rows('SELECT (SELECT count(*) FROM documents) AS d, (SELECT count(*) FROM ingest_runs) AS r');
    return { documents: Number(r!.d), items, runs: Number(r!.r) };
  }

  async *claimSources(): AsyncIterable<ClaimSource> {
    // Keyset pages by insertion order (see exportDocuments); texts are sliced here so offsets stay UTF-16 units.
    let after = 0;
    for (;;) {
      const rows = await this.rows(`SELECT rid, id, outlet, published, text FROM documents d
        WHERE rid > $1 AND EXISTS (SELECT 1 FROM claims c WHERE c.doc = d.id AND NOT c.in_comment) ORDER BY rid LIMIT 500`, [after]);
      if (!rows.length) return;
      const ids = rows.map((r) => String(r.id));
      const byDoc = new Map<string, { start: number; end: number }[]>();
      for (const c of await this.rows('SELECT doc, start, "end" FROM claims WHERE NOT in_comment AND doc = ANY($1::text[]) ORDER BY doc, start', [ids])) {
        const list = byDoc.get(String(c.doc)) ?? [];
        list.push({ start: Number(c.start), end: Number(c.end) });
        byDoc.set(String(c.doc), list);
      }
      const entByDoc = new Map<string, string>();
      for (const e of await this.rows(`SELECT doc, json FROM layers WHERE name = 'entities' AND doc = ANY($1::text[])`, [ids])) entByDoc.set(String(e.doc), String(e.json));
      for (const r of rows) {
        const id = String(r.id);
        const text = String(r.text);
        const entities: ClaimSource['entities'] = [];
        const ej = entByDoc.get(id);
        if (ej) {
          for (const e of JSON.parse(ej) as { id?: string; mentions?: { start: number; end: number }[] }[]) {
            if (e.id) for (const m of e.mentions ?? []) entities.push({ id: e.id, start: m.start, end: m.end });
          }
        }
        const src: ClaimSource = { docId: id, claims: (byDoc.get(id) ?? []).map((c) => ({ ...c, text: text.slice(c.start, c.end) })), entities };
        const outlet = opt(r.outlet);
        const published = opt(r.published);
        if (outlet !== undefined) src.outlet = outlet;
        if (published !== undefined) src.published = published;
        yield src;
      }
      after = Number(rows[rows.length - 1]!.rid);
    }
  }

  async replaceNarrativeClusters(clusters: NarrativeCluster[]): Promise<void> {
    await transaction(this.pool, async (c) => {
      await c.query('DELETE FROM narrative_claims');
      await c.query('DELETE FROM narrative_clusters');
      const cols = (xs: NarrativeCluster[], f: (x: NarrativeCluster) => Cell): Cell[] => xs.map(f);
      await c.query(`INSERT INTO narrative_clusters (id, label, size, documents, outlets, first_seen, last_seen, volume, built_at)
        SELECT *, now() FROM unnest($1::text[], $2::text[], $3::int4[], $4::int4[], $5::jsonb[], $6::text[], $7::text[], $8::jsonb[])`, [
        cols(clusters, (x) => x.id), cols(clusters, (x) => x.label), cols(clusters, (x) => x.size), cols(clusters, (x) => x.documents),
        cols(clusters, (x) => JSON.stringify(x.outlets)), cols(clusters, (x) => n(x.firstSeen)), cols(clusters, (x) => n(x.lastSeen)),
        cols(clusters, (x) => JSON.stringify(x.volume)),
      ]);
      const members = clusters.flatMap((x) => (x.claims ?? []).map((m) => ({ cluster: x.id, ...m })));
      // Only members whose document is stored (as on SQLite, a claim of a document no longer there is skipped).
      await c.query(`INSERT INTO narrative_claims (cluster, doc, start, "end", score)
        SELECT m.* FROM unnest($1::text[], $2::text[], $3::int4[], $4::int4[], $5::float4[]) AS m(cluster, doc, s, e, score)
        WHERE EXISTS (SELECT 1 FROM documents d WHERE d.id = m.doc)`, [
        members.map((m) => m.cluster), members.map((m) => m.docId), members.map((m) => m.start), members.map((m) => m.end), members.map((m) => m.score),
      ]);
    });
  }

  async narrativeClusters(opts: { limit?: number; offset?: number; minDocuments?: number } = {}): Promise<{ total: number; builtAt?: string; narratives: NarrativeCluster[] }> {
    const min = opts.minDocuments ?? 0;
    const [t] = await this.rows<{ total: string; built: Date | null }>('SELECT count(*) AS total, max(built_at) AS built FROM narrative_clusters WHERE documents >= $1', [min]);
    const rows = await this.rows('SELECT * FROM narrative_clusters WHERE documents >= $1 ORDER BY documents DESC, size DESC, first_seen, id LIMIT $2 OFFSET $3',
      [min, opts.limit ?? 50, opts.offset ?? 0]);
    const builtAt = t?.built ? new Date(t.built).toISOString() : undefined;
    return { total: Number(t?.total ?? 0), ...(builtAt ? { builtAt } : {}), narratives: rows.map(clusterFromRow) };
  }

  async narrativeCluster(id: string): Promise<NarrativeCluster | undefined> {
    const [row] = await this.rows('SELECT * FROM narrative_clusters WHERE id = $1', [id]);
    if (!row) return undefined;
    const c = clusterFromRow(row);
    const members = await this.rows(`SELECT d.id, d.outlet, d.published, d.text, nc.start, nc."end", nc.score FROM narrative_claims nc
      JOIN documents d ON d.id = nc.doc WHERE nc.cluster = $1 ORDER BY d.published, d.id, nc.start`, [id]);
    c.claims = members.map(memberFromRow);
    return c;
  }

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

const n = <V>(v: V | undefined): V | null => (v === undefined ? null : v);


/**
 * A query in the FTS5 dialect the SQLite store accepts, made fit for websearch_to_tsquery: AND and NEAR are implicit
 * there (dropped), NOT becomes "-", OR stays; quotes keep phrases.
 */
export function websearchText(q: string): string {
  return q.replace(/\bNOT\s+/g, '-').replace(/\b(AND|NEAR)\b/g, ' ').replace(/\bOR\b/g, 'or').replace(/[()]/g, ' ').replace(/\s+/g, ' ').trim();
}
