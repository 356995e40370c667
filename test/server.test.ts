import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../src/server/app.js';
import { ingest } from '../src/corpus/ingest.js';
import { expandInputs } from '../src/corpus/sources.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { ROOT } from './helpers/paths.js';

let dir: string;
let store: Store;
let app: FastifyInstance;
let docId: string;
const called = new Set<string>();

async function call(method: 'GET' | 'POST', url: string, route: string, payload?: unknown, headers: Record<string, string> = {}) {
  called.add(`${method} ${route}`);
  return app.inject({ method, url, ...(payload !== undefined ? { payload: payload as object } : {}), headers });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'unspin-server-'));
  store = await openStore(join(dir, 'test.db'));
  await ingest(store, expandInputs([join(ROOT, 'samples', 'corpus')], { maxBytes: 5_000_000 }), { workers: 0 });
  app = await buildServer({ store, host: '127.0.0.1', rateLimit: 1000 });
  const r = await app.inject({ method: 'GET', url: '/api/search?limit=1' });
  docId = r.json().hits[0].id;
});

after(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('every response carries the security headers and no CORS header', async () => {
  const r = await call('GET', '/api/health', '/api/health');
  assert.equal(r.statusCode, 200);
  assert.match(String(r.headers['content-security-policy']), /script-src 'self'/);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.equal(r.headers['x-frame-options'], 'DENY');
  assert.equal(r.headers['access-control-allow-origin'], undefined);
  const page = await app.inject({ method: 'GET', url: '/' });
  assert.match(page.body, /<script type="module" src="\/app.js">/);
});

test('analyze: text, html, events CSV and the HTML report; errors are JSON without stacks', async () => {
  const r = await call('POST', '/api/analyze', '/api/analyze', { text: 'Sylvanian troops shelled Oldport on Monday, officials said.' });
  assert.equal(r.statusCode, 200);
  const body = r.json();
  assert.ok(Array.isArray(body.view.sections));
  assert.equal(body.document.text, 'Sylvanian troops shelled Oldport on Monday, officials said.');
  const html = await call('POST', '/api/analyze', '/api/analyze', { html: '<html><head><title>T</title></head><body><article><h1>T</h1><p>The army attacked the rebels in the hills near the river town on Friday, a spokesman said in a statement to reporters.</p></article></body></html>', format: 'json' });
  assert.equal(html.statusCode, 200);
  assert.equal(html.json().view, undefined);
  const csv = await call('POST', '/api/analyze', '/api/analyze', { text: 'Rebels attacked the town.', format: 'events-csv' });
  assert.match(csv.body, /^document,event,type/);
  assert.match(csv.body, /\r\n[^\r]*,1,ASSAULT,/, 'the CSV has the event row');
  // The UI's export buttons download what the view carries: the same bytes as the events-csv format.
  const viewed = (await call('POST', '/api/analyze', '/api/analyze', { text: 'Rebels attacked the town.' })).json();
  assert.equal(viewed.view.exports.eventsCsv, csv.body);
  assert.equal(viewed.view.exports.eventsJsonl.trim().split('\n').length, viewed.view.events.length);
  const report = await call('POST', '/api/analyze', '/api/analyze', { text: 'Plain words <script>alert(1)</script> here.', format: 'html' });
  assert.ok(!report.body.includes('<script>alert(1)</script>'));
  const bad = await call('POST', '/api/analyze', '/api/analyze', { text: 'a', url: 'http://x.example/' });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.code, 'BAD_ARGUMENT');
  const empty = await call('POST', '/api/analyze', '/api/analyze', { text: '   ' });
  assert.equal(empty.statusCode, 400);
  assert.equal(empty.json().error.code, 'EMPTY_INPUT');
  assert.ok(!empty.body.includes('    at '));
  const blocked = await call('POST', '/api/analyze', '/api/analyze', { url: 'http://127.0.0.1:9/' });
  assert.equal(blocked.statusCode, 403);
  const unknownField = await call('POST', '/api/analyze', '/api/analyze', { texts: 'x' });
  assert.equal(unknownField.statusCode, 400);
});

test('corpus routes: search with a facet, document, view, layer, outlets, narratives, stats, export', async () => {
  const s = await call('GET', '/api/search?q=aid', '/api/search');
  assert.equal(s.statusCode, 200);
  const result = s.json();
  assert.ok(result.total >= 2);
  const outlet = result.facets.outlet[0].value;
  const filtered = await call('GET', `/api/search?q=aid&outlet=${encodeURIComponent(outlet)}`, '/api/search');
  assert.ok(filtered.json().hits.every((h: { outlet: string }) => h.outlet === outlet));
  const badDate = await call('GET', '/api/search?from=yesterday', '/api/search');
  assert.equal(badDate.statusCode, 400);
  const doc = await call('GET', `/api/documents/${docId}`, '/api/documents/{id}');
  assert.equal(doc.json().id, docId);
  const view = await call('GET', `/api/documents/${docId}/view`, '/api/documents/{id}/view');
  assert.ok(view.json().view.sections.length > 0);
  const layerName = doc.json().layers[0].name;
  const layer = await call('GET', `/api/documents/${docId}/layers/${layerName}`, '/api/documents/{id}/layers/{layer}');
  assert.equal(layer.json().name, layerName);
  const missing = await call('GET', '/api/documents/nope', '/api/documents/{id}');
  assert.equal(missing.statusCode, 404);
  const noLayer = await call('GET', `/api/documents/${docId}/layers/nothing`, '/api/documents/{id}/layers/{layer}');
  assert.equal(noLayer.statusCode, 404);
  const outlets = await call('GET', '/api/outlets', '/api/outlets');
  assert.ok(outlets.json().outlets.length >= 3);
  const one = await call('GET', `/api/outlets/${encodeURIComponent(outlet)}`, '/api/outlets/{name}');
  assert.equal(one.json().outlet, outlet);
  const narratives = await call('GET', '/api/narratives', '/api/narratives');
  assert.ok(Array.isArray(narratives.json().narratives));
  assert.ok(Array.isArray(narratives.json().known));
  const stats = await call('GET', '/api/stats', '/api/stats');
  assert.ok(stats.json().documents >= 6);
  const exp = await call('GET', '/api/export?format=csv&layer=entities', '/api/export');
  assert.equal(exp.statusCode, 200);
  assert.match(String(exp.headers['content-disposition']), /attachment/);
  const basemap = await call('GET', '/api/basemap', '/api/basemap');
  assert.ok(basemap.json().countries.length > 150);
});

test('narratives: clustered list, one with its claims, search by narrative, ClaimReview export', async () => {
  const ids = (await store.search({ limit: 2 })).hits.map((h) => h.id);
  const claims = [];
  for (const id of ids) {
    const d = (await store.getDocument(id))!;
    claims.push({ docId: id, start: 0, end: 20, text: d.text.slice(0, 20), score: 1 });
  }
  await store.replaceNarrativeClusters([
    { id: 'nar-test', label: 'A recurring claim', size: 2, documents: 2, outlets: [{ value: 'x.example', count: 2 }], firstSeen: '2024-01-01', lastSeen: '2024-01-02', volume: { period: 'day', buckets: [{ date: '2024-01-01', count: 1 }, { date: '2024-01-02', count: 1 }] }, claims },
  ]);
  const list = await call('GET', '/api/narratives?limit=5', '/api/narratives');
  assert.equal(list.statusCode, 200);
  assert.equal(list.json().total, 1);
  assert.equal(list.json().narratives[0].id, 'nar-test');
  assert.equal(list.json().narratives[0].claims, undefined);
  const one = await call('GET', '/api/narratives/nar-test', '/api/narratives/{id}');
  assert.equal(one.json().claims.length, 2);
  assert.equal(one.json().volume.period, 'day');
  const none = await call('GET', '/api/narratives/nar-none', '/api/narratives/{id}');
  assert.equal(none.statusCode, 404);
  const s = await call('GET', '/api/search?narrative=nar-test', '/api/search');
  assert.deepEqual(s.json().hits.map((h: { id: string }) => h.id).sort(), [...ids].sort());
  assert.ok(Array.isArray(s.json().facets.narrative));
  const cr = await call('GET', '/api/export?format=claimreview', '/api/export');
  assert.equal(cr.statusCode, 200);
  const reviews = JSON.parse(cr.body) as { '@type': string; claimReviewed: string; reviewRating?: unknown; author?: unknown }[];
  assert.ok(reviews.length > 0);
  assert.ok(reviews.every((r) => r['@type'] === 'ClaimReview' && r.claimReviewed && r.reviewRating === undefined && r.author === undefined));
  await store.replaceNarrativeClusters([]);
});

test('ingest jobs: start one over the API and watch it finish', { timeout: 90_000 }, async () => {
  const r = await call('POST', '/api/ingest', '/api/ingest', { inputs: [join(ROOT, 'samples', 'sample-article.html')] });
  assert.equal(r.statusCode, 202);
  const id = r.json().id;
  let job;
  // Worker threads start by loading every model: give them time on a busy machine.
  for (let i = 0; i < 600; i++) {
    job = (await call('GET', `/api/jobs/${id}`, '/api/jobs/{id}')).json();
    if (job.state !== 'running') break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.equal(job.state, 'done');
  const all = await call('GET', '/api/jobs', '/api/jobs');
  assert.equal(all.json().jobs.length, 1);
  const nope = await call('GET', '/api/jobs/unknown', '/api/jobs/{id}');
  assert.equal(nope.statusCode, 404);
});

test('the OpenAPI document is served and every route in it was exercised above', async () => {
  const r = await call('GET', '/api/openapi.json', '/api/openapi.json');
  const doc = r.json();
  assert.equal(doc.openapi.slice(0, 2), '3.');
  const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
  assert.ok(routes.length >= 14, `${routes.length} routes`);
  const missed = routes.filter((r) => !called.has(r));
  assert.deepEqual(missed, [], 'routes in the OpenAPI document not exercised by a test');
});

test('beyond loopback the server needs a token, and write endpoints demand it', async () => {
  await assert.rejects(buildServer({ host: '0.0.0.0' }), /API token/);
  const guarded = await buildServer({ host: '0.0.0.0', token: 's3cret' });
  const no = await guarded.inject({ method: 'POST', url: '/api/analyze', payload: { text: 'Hello there, a short text.' } });
  assert.equal(no.statusCode, 401);
  assert.equal(no.json().error.code, 'UNAUTHORIZED');
  const yes = await guarded.inject({ method: 'POST', url: '/api/analyze', payload: { text: 'Hello there, a short text.' }, headers: { authorization: 'Bearer s3cret' } });
  assert.equal(yes.statusCode, 200);
  const read = await guarded.inject({ method: 'GET', url: '/api/health' });
  assert.equal(read.statusCode, 200);
  await guarded.close();
});

test('payload and rate limits answer 413 and 429 as JSON', async () => {
  const small = await buildServer({ host: '127.0.0.1', bodyLimit: 1000, rateLimit: 5 });
  const big = await small.inject({ method: 'POST', url: '/api/analyze', payload: { text: 'x'.repeat(5000) } });
  assert.equal(big.statusCode, 413);
  assert.equal(big.json().error.code, 'TOO_LARGE');
  let last = 0;
  for (let i = 0; i < 8; i++) last = (await small.inject({ method: 'GET', url: '/api/health' })).statusCode;
  assert.equal(last, 429);
  await small.close();
});
