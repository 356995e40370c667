import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Document } from '../core/document.js';
import { UnspinError } from '../core/errors.js';
import type { LayerName } from '../core/layers.js';
import { articleView } from '../output/view.js';
import { exportClaimReviews, exportCorpus } from '../corpus/export.js';
import { ingest, type IngestSummary } from '../corpus/ingest.js';
import type { ProgressCounts } from '../corpus/progress.js';
import { outletProfiles } from '../corpus/profiles.js';
import { expandInputs } from '../corpus/sources.js';
import { DEFAULT_MAX_BYTES } from '../ingest/types.js';
import type { NarrativeMatch } from '../core/layers.js';
import type { Store } from '../store/store.js';

interface Job {
  id: string;
  inputs: string[];
  state: 'running' | 'done' | 'failed';
  started: string;
  finished?: string;
  counts: ProgressCounts;
  summary?: IngestSummary;
  error?: string;
}

const anyObject = { type: 'object', additionalProperties: true };
const facetCount = { type: 'object', properties: { value: { type: 'string' }, count: { type: 'integer' } }, required: ['value', 'count'] };
/** A clustered narrative (store.ts NarrativeCluster); `claims` only when one narrative is asked for. */
const narrativeSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    label: { type: 'string', description: 'the representative claim' },
    size: { type: 'integer', description: 'member claims' },
    documents: { type: 'integer' },
    outlets: { type: 'array', items: facetCount },
    firstSeen: { type: 'string' },
    lastSeen: { type: 'string' },
    volume: {
      type: 'object',
      properties: { period: { type: 'string', enum: ['day', 'week'] }, buckets: { type: 'array', items: { type: 'object', properties: { date: { type: 'string' }, count: { type: 'integer' } }, required: ['date', 'count'] } } },
      required: ['period', 'buckets'],
    },
    claims: {
      type: 'array',
      items: {
        type: 'object',
        properties: { docId: { type: 'string' }, start: { type: 'integer' }, end: { type: 'integer' }, text: { type: 'string' }, outlet: { type: 'string' }, published: { type: 'string' }, score: { type: 'number' } },
        required: ['docId', 'start', 'end', 'text', 'score'],
      },
    },
  },
  required: ['id', 'label', 'size', 'documents', 'outlets', 'volume'],
};

/** Corpus endpoints over the store: search with facets, documents and layers, outlet profiles, narratives, ingest jobs, export. */
export async function registerCorpusRoutes(
  app: FastifyInstance,
  store: Store,
  ctx: { requireToken: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>; errorSchema: object; allowPrivate: boolean },
): Promise<void> {
  const jobs = new Map<string, Job>();
  const errors = { '4xx': ctx.errorSchema, '5xx': ctx.errorSchema };
  const stored = async (id: string) => {
    const doc = await store.getDocument(id);
    if (!doc) throw new UnspinError('NOT_FOUND', `no document ${id}`);
    return doc;
  };

  app.get(
    '/api/search',
    {
      schema: {
        summary: 'Full-text search with facets (outlet, language, entity, technique, narrative)',
        tags: ['corpus'],
        querystring: {
          type: 'object',
          properties: {
            q: { type: 'string' },
            outlet: { type: 'string' },
            from: { type: 'string', pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' },
            to: { type: 'string', pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' },
            entity: { type: 'string' },
            technique: { type: 'string' },
            language: { type: 'string' },
            narrative: { type: 'string', maxLength: 500 },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 20 },
            offset: { type: 'integer', minimum: 0, maximum: 100000, default: 0 },
          },
          additionalProperties: false,
        },
        response: { 200: anyObject, ...errors },
      },
    },
    async (req) => {
      const q = req.query as Record<string, string | number | undefined>;
      return store.search({
        text: q.q as string | undefined,
        outlet: q.outlet as string | undefined,
        from: q.from as string | undefined,
        to: q.to as string | undefined,
        entity: q.entity as string | undefined,
        technique: q.technique as string | undefined,
        language: q.language as string | undefined,
        narrative: q.narrative as string | undefined,
        limit: q.limit as number,
        offset: q.offset as number,
      });
    },
  );

  app.get(
    '/api/documents/:id',
    { schema: { summary: 'One stored document with all its layers', tags: ['corpus'], params: { type: 'object', properties: { id: { type: 'string', maxLength: 200 } }, required: ['id'] }, response: { 200: anyObject, ...errors } } },
    async (req) => stored((req.params as { id: string }).id),
  );

  app.get(
    '/api/documents/:id/view',
    { schema: { summary: 'One stored document as the article view draws it (highlight segments, claims in triage order, map points)', tags: ['corpus'], params: { type: 'object', properties: { id: { type: 'string', maxLength: 200 } }, required: ['id'] }, response: { 200: anyObject, ...errors } } },
    async (req) => {
      const { id } = req.params as { id: string };
      const saved = await stored(id);
      const meta: Document['meta'] = {};
      for (const k of ['title', 'url', 'outlet', 'author', 'published', 'language'] as const) if (saved[k]) meta[k] = saved[k];
      const doc = new Document(saved.text, saved.sections as Document['sections'], meta);
      for (const l of saved.layers) doc.set(l.name as LayerName, l.items as never);
      return { id, ...articleView(doc) };
    },
  );

  app.get(
    '/api/documents/:id/layers/:layer',
    {
      schema: {
        summary: 'One layer of a stored document (entities, events, claims, techniques, hate, narratives, ...)',
        tags: ['corpus'],
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 200 }, layer: { type: 'string', maxLength: 40 } }, required: ['id', 'layer'] },
        response: { 200: anyObject, ...errors },
      },
    },
    async (req) => {
      const { id, layer } = req.params as { id: string; layer: string };
      const doc = await stored(id);
      const found = doc.layers.find((l) => l.name === layer);
      if (!found) throw new UnspinError('NOT_FOUND', `document ${id} has no layer "${layer}" (it has ${doc.layers.map((l) => l.name).join(', ') || 'none'})`);
      return found;
    },
  );

  app.get('/api/outlets', { schema: { summary: 'Outlet profiles compared with the corpus average', tags: ['corpus'], response: { 200: anyObject, ...errors } } }, async () => outletProfiles(store));

  app.get(
    '/api/outlets/:name',
    { schema: { summary: "One outlet's profile", tags: ['corpus'], params: { type: 'object', properties: { name: { type: 'string', maxLength: 300 } }, required: ['name'] }, response: { 200: anyObject, ...errors } } },
    async (req) => {
      const { name } = req.params as { name: string };
      const p = await outletProfiles(store, { outlet: name, top: 15 });
      const profile = p.outlets[0];
      if (!profile) throw new UnspinError('NOT_FOUND', `no documents from outlet "${name}"`);
      return { ...profile, corpus: p.corpus };
    },
  );

  app.get(
    '/api/narratives',
    {
      schema: {
        summary: 'Narratives: recurring claims clustered across the corpus (built by `unspin narratives build`), and catalogued cases matched (known)',
        tags: ['corpus'],
        querystring: {
          type: 'object',
          properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 }, offset: { type: 'integer', minimum: 0, maximum: 1000000, default: 0 }, minDocuments: { type: 'integer', minimum: 1 } },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              total: { type: 'integer' },
              builtAt: { type: 'string' },
              narratives: { type: 'array', items: narrativeSchema },
              known: { type: 'array', items: anyObject },
            },
            required: ['total', 'narratives', 'known'],
          },
          ...errors,
        },
      },
    },
    async (req) => {
      const q = req.query as { limit: number; offset: number; minDocuments?: number };
      const clusters = await store.narrativeClusters({ limit: q.limit, offset: q.offset, minDocuments: q.minDocuments });
      return { ...clusters, known: (await narrativesAcross(store)).narratives };
    },
  );

  app.get(
    '/api/narratives/:id',
    {
      schema: {
        summary: 'One clustered narrative with its member claims (document id, offsets, text, outlet, date, similarity to the label)',
        tags: ['corpus'],
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] },
        response: { 200: narrativeSchema, ...errors },
      },
    },
    async (req) => {
      const n = await store.narrativeCluster((req.params as { id: string }).id);
      if (!n) throw new UnspinError('NOT_FOUND', 'no such narrative (rebuild with `unspin narratives build`?)');
      return n;
    },
  );

  app.get(
    '/api/stats',
    { schema: { summary: 'Counts of documents and ingest outcomes', tags: ['corpus'], response: { 200: anyObject, ...errors } } },
    async () => store.counts(),
  );

  app.get(
    '/api/export',
    {
      schema: {
        summary: 'Export the corpus as JSON Lines, CSV (per layer, with outlet metadata) or ClaimReview-shaped JSON for the claims (no truth rating)',
        tags: ['corpus'],
        querystring: { type: 'object', properties: { format: { type: 'string', enum: ['jsonl', 'csv', 'claimreview'], default: 'jsonl' }, layer: { type: 'string', maxLength: 40 }, outlet: { type: 'string', maxLength: 300 } }, additionalProperties: false },
      },
    },
    async (req, reply) => {
      const q = req.query as { format: 'jsonl' | 'csv' | 'claimreview'; layer?: string; outlet?: string };
      let body = '';
      const chunks = q.format === 'claimreview' ? exportClaimReviews(store, { outlet: q.outlet }) : exportCorpus(store, { ...q, format: q.format });
      for await (const chunk of chunks) body += chunk;
      const ext = q.format === 'csv' ? 'csv' : q.format === 'claimreview' ? 'json' : 'jsonl';
      return reply
        .type(q.format === 'csv' ? 'text/csv; charset=utf-8' : q.format === 'claimreview' ? 'application/ld+json; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="unspin-${q.layer ?? 'documents'}.${ext}"`)
        .send(body);
    },
  );

  app.post(
    '/api/ingest',
    {
      preHandler: ctx.requireToken,
      schema: {
        summary: 'Start an ingest job (server-side paths, or URLs of pages, feeds and sitemaps)',
        tags: ['corpus'],
        security: [{ bearer: [] }],
        body: {
          type: 'object',
          properties: { inputs: { type: 'array', items: { type: 'string', maxLength: 2000 }, minItems: 1, maxItems: 100 }, limit: { type: 'integer', minimum: 1 } },
          required: ['inputs'],
          additionalProperties: false,
        },
        response: { 202: anyObject, ...errors },
      },
    },
    async (req, reply) => {
      const body = req.body as { inputs: string[]; limit?: number };
      if ([...jobs.values()].some((j) => j.state === 'running')) throw new UnspinError('BAD_ARGUMENT', 'an ingest job is already running; wait for it (GET /api/jobs)');
      const job: Job = { id: randomUUID(), inputs: body.inputs, state: 'running', started: new Date().toISOString(), counts: { done: 0, duplicate: 0, nearDuplicate: 0, errors: 0, skipped: 0 } };
      jobs.set(job.id, job);
      const items = expandInputs(body.inputs, { maxBytes: DEFAULT_MAX_BYTES, allowPrivate: ctx.allowPrivate });
      ingest(store, items, { limit: body.limit, args: ['api', ...body.inputs], progress: { start() {}, update: (c: ProgressCounts) => (job.counts = { ...c }), stop() {} } })
        .then((summary) => {
          job.summary = summary;
          job.counts = { done: summary.done, duplicate: summary.duplicate, nearDuplicate: summary.nearDuplicate, errors: summary.errors, skipped: summary.skipped };
          job.state = 'done';
        })
        .catch((e: Error) => {
          job.state = 'failed';
          job.error = e.message;
        })
        .finally(() => (job.finished = new Date().toISOString()));
      return reply.status(202).send(job);
    },
  );

  app.get('/api/jobs', { schema: { summary: 'Ingest jobs started by this server', tags: ['corpus'], response: { 200: anyObject } } }, async () => ({ jobs: [...jobs.values()] }));

  app.get(
    '/api/jobs/:id',
    { schema: { summary: 'One ingest job: state and counts', tags: ['corpus'], params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] }, response: { 200: anyObject, ...errors } } },
    async (req) => {
      const job = jobs.get((req.params as { id: string }).id);
      if (!job) throw new UnspinError('NOT_FOUND', 'no such job');
      return job;
    },
  );
}

/**
 * Narratives across the corpus: documents whose narratives layer matched a catalogued case, grouped by the case's
 * title, with the outlets that carried it, first and last seen, and volume by month. Reads every document's
 * narratives layer, so it suits corpora of thousands, not millions (a store-side table is the next step).
 */
async function narrativesAcross(store: Store) {
  interface Group {
    label: string;
    documents: { id: string; title?: string; outlet?: string; published?: string; confidence: number }[];
    outlets: Map<string, number>;
    months: Map<string, number>;
    cases: Map<string, { title: string; url?: string }>;
  }
  const groups = new Map<string, Group>();
  for await (const d of store.exportDocuments({ layer: 'narratives' })) {
    const layer = d.layers.find((l) => l.name === 'narratives');
    for (const n of (layer?.items ?? []) as NarrativeMatch[]) {
      const key = n.matches?.[0]?.id ?? n.label;
      const g: Group = groups.get(key) ?? { label: n.label, documents: [], outlets: new Map(), months: new Map(), cases: new Map() };
      g.documents.push({ id: d.id, title: d.title, outlet: d.outlet, published: d.published, confidence: n.confidence });
      if (d.outlet) g.outlets.set(d.outlet, (g.outlets.get(d.outlet) ?? 0) + 1);
      if (d.published) g.months.set(d.published.slice(0, 7), (g.months.get(d.published.slice(0, 7)) ?? 0) + 1);
      for (const m of n.matches ?? []) g.cases.set(m.id, { title: m.title, ...(m.url ? { url: m.url } : {}) });
      groups.set(key, g);
    }
  }
  const narratives = [...groups.values()]
    .map((g) => {
      const dates = g.documents.map((d) => d.published).filter((x): x is string => Boolean(x)).sort();
      return {
        label: g.label,
        documents: g.documents.length,
        outlets: [...g.outlets].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count),
        firstSeen: dates[0] ?? null,
        lastSeen: dates.at(-1) ?? null,
        volume: [...g.months].map(([month, count]) => ({ month, count })).sort((a, b) => a.month.localeCompare(b.month)),
        cases: [...g.cases].map(([id, c]) => ({ id, ...c })).slice(0, 5),
        examples: g.documents.sort((a, b) => b.confidence - a.confidence).slice(0, 10),
      };
    })
    .sort((a, b) => b.documents - a.documents);
  return { narratives };
}
