import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { exportCorpus } from '../src/corpus/export.js';
import { bands, fingerprint, nearest, similarity } from '../src/corpus/dedupe.js';
import { canonicalUrl, documentId } from '../src/corpus/keys.js';
import { outletProfiles } from '../src/corpus/profiles.js';
import { openStore } from '../src/store/open.js';
import { MIGRATIONS } from '../src/store/sqlite/migrations.js';
import { MIGRATIONS as PG_MIGRATIONS } from '../src/store/postgres/migrations.js';
import type { DocumentRecord, Store } from '../src/store/store.js';
import { BACKENDS, pgQueryOne } from './helpers/stores.js';


/** A hand-made record: `words` words of filler, with the query rows given. */
function record(id: string, over: Partial<DocumentRecord['doc']> & { words: number }, rows: Partial<DocumentRecord> = {}): DocumentRecord {
  const text = `${over.title ?? id} ${Array.from({ length: over.words }, (_, i) => `w${i}`).join(' ')}`;
  return {
    doc: { id, text, sections: [{ kind: 'body', start: 0, end: text.length }], contentHash: `h-${id}`, commentWords: 0, source: `test:${id}`, versions: { tokens: '1' }, ...over },
    layers: [{ name: 'sentences', analyser: 'sentences', version: '1', items: [{ start: 0, end: text.length, section: 0 }] }, ...(rows.layers ?? [])],
    entities: rows.entities ?? [], techniques: rows.techniques ?? [], claims: rows.claims ?? [], hate: rows.hate ?? [], bands: rows.bands ?? [],
  };
}

const t = (technique: string, inComment = false) => ({ technique, start: 0, end: 1, confidence: 0.9, inComment });
const techLayer = { name: 'techniques', analyser: 'techniques', version: '1', items: [] };
const hateLayer = { name: 'hate', analyser: 'hate', version: '1', items: [] };

async function tinyCorpus(store: Store): Promise<void> {
  await store.writeBatch([
    {
      outcome: { key: 'a', status: 'done', docId: 'a' },
      record: record('a', { words: 1000, outlet: 'alpha.example', title: 'Port strike spreads', published: '2023-01-05', language: 'en', commentWords: 200 }, {
        layers: [techLayer, hateLayer],
        techniques: [t('Loaded_Language'), t('Loaded_Language'), t('Doubt'), t('Loaded_Language', true)],
        claims: [
          { start: 0, end: 5, status: 'sourced', sourced: true, sourceText: 'the minister', inComment: false },
          { start: 6, end: 9, status: 'unsourced', sourced: false, inComment: false },
          { start: 9, end: 12, status: 'sourced', sourced: true, sourceText: 'The Minister', inComment: false },
        ],
        entities: [{ name: 'Maren Holt', type: 'PERSON', mentions: 3 }, { name: 'Port Calder', type: 'PLACE', mentions: 2 }],
        hate: [{ category: 'dehumanisation', start: 0, end: 3, confidence: 0.8, inComment: true }],
      }),
    },
    {
      outcome: { key: 'b', status: 'done', docId: 'b' },
      record: record('b', { words: 1000, outlet: 'alpha.example', title: 'Ferry returns', published: '2023-02-10T09:00:00Z', language: 'en' }, {
        layers: [techLayer], techniques: [t('Doubt')], claims: [{ start: 0, end: 2, sourced: false, inComment: false }],
        entities: [{ name: 'Maren Holt', type: 'PERSON', mentions: 1 }],
      }),
    },
    {
      outcome: { key: 'c', status: 'done', docId: 'c' },
      record: record('c', { words: 2000, outlet: 'beta.example', title: 'Port budget agreed', published: '2023-03-01', language: 'de', commentWords: 100 }, {
        layers: [techLayer, hateLayer], claims: [{ start: 0, end: 2, sourced: true, sourceText: 'a spokesman', inComment: false }, { start: 3, end: 4, sourced: false, inComment: true }],
        entities: [{ name: 'Abel Okafor', type: 'PERSON', mentions: 4 }],
      }),
    },
    { outcome: { key: 'bad', status: 'error', error: 'EMPTY_INPUT: nothing there', label: 'bad.txt' } },
  ]);
}

for (const b of BACKENDS) {
  describe(`store [${b.name}]`, { skip: b.skip }, () => {
    test('store: migrations are numbered, applied once, and recorded', async () => {
      const where = await b.location('m');
      const s1 = await openStore(where);
      assert.equal(await s1.schemaVersion(), b.name === 'postgres' ? PG_MIGRATIONS.at(-1)!.version : MIGRATIONS.at(-1)!.version);
      // Reopening (or several workers opening at once) must not re-run migration 1: it would fail on CREATE TABLE.
      const again = await Promise.all([openStore(where), openStore(where)]);
      await Promise.all([s1, ...again].map((s) => s.close()));
      if (b.name === 'postgres') {
        assert.deepEqual(await pgQueryOne(where, 'SELECT array_agg(version ORDER BY version) FROM schema_migrations'), PG_MIGRATIONS.map((m) => m.version));
        return;
      }
      const db = new Database(where, { readonly: true });
      const rows = db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[];
      assert.deepEqual(rows.map((r) => r.version), MIGRATIONS.map((m) => m.version));
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      db.close();
    });

    test('store: a document and its layers round-trip; item statuses resume', async () => {
      const store = await b.open('rt');
      await tinyCorpus(store);
      const a = await store.getDocument('a');
      assert.ok(a);
      assert.equal(a.outlet, 'alpha.example');
      assert.equal(a.published, '2023-01-05');
      assert.equal(a.words, 1000);
      assert.deepEqual(a.versions, { tokens: '1' });
      assert.deepEqual(a.sections, [{ kind: 'body', start: 0, end: a.text.length }]);
      assert.deepEqual(a.layers.map((l) => l.name), ['hate', 'sentences', 'techniques']);
      assert.equal(a.layers.find((l) => l.name === 'sentences')!.version, '1');
      const st = await store.itemStatuses(['a', 'bad', 'never']);
      assert.equal(st.get('a'), 'done');
      assert.equal(st.get('bad'), 'error');
      assert.equal(st.has('never'), false);
      assert.equal(await store.findByContentHash('h-b'), 'b');
      // Writing the same id again is a duplicate, never a second row.
      await store.writeBatch([{ outcome: { key: 'a2', status: 'done', docId: 'a' }, record: record('a', { words: 5 }) }]);
      const counts = await store.counts();
      assert.equal(counts.documents, 3);
      assert.equal(counts.items.duplicate, 1);
      assert.equal(counts.items.error, 1);
      assert.deepEqual((await store.errors()).map((e) => e.label), ['bad.txt']);
      await store.close();
    });

    test('store: search with filters and facets over the result set', async () => {
      const store = await b.open('search');
      await tinyCorpus(store);
      const r = await store.search({ text: 'port' });
      assert.equal(r.total, 2);
      assert.deepEqual(r.facets.outlet, [{ value: 'alpha.example', count: 1 }, { value: 'beta.example', count: 1 }]);
      assert.deepEqual(r.facets.technique, [{ value: 'Doubt', count: 1 }, { value: 'Loaded_Language', count: 1 }]);
      assert.deepEqual(r.facets.language.map((f) => f.value).sort(), ['de', 'en']);
      assert.match(r.hits[0]!.snippet, /\[Port\]/);
      assert.equal((await store.search({ text: 'port', language: 'de' })).hits[0]!.id, 'c');
      assert.equal((await store.search({ entity: 'maren holt' })).total, 2);
      assert.equal((await store.search({ technique: 'doubt' })).total, 2);
      assert.deepEqual((await store.search({ from: '2023-02-01', to: '2023-02-10' })).hits.map((h) => h.id), ['b']);
      assert.equal((await store.search({ outlet: 'ALPHA.example' })).total, 2);
      // Text FTS5 cannot parse falls back to plain words instead of failing.
      assert.equal((await store.search({ text: 'port AND (' })).total, 2);
      assert.equal((await store.search({ text: '"' })).total, 0);
      await store.close();
    });

    test('outlet profiles: technique rates per 1,000 words, sourced share, sources, actors, comment toxicity vs corpus', async () => {
      const store = await b.open('profiles');
      await tinyCorpus(store);
      const { corpus, outlets } = await outletProfiles(store);
      assert.ok(corpus);
      const alpha = outlets.find((o) => o.outlet === 'alpha.example')!;
      const beta = outlets.find((o) => o.outlet === 'beta.example')!;
      assert.equal(alpha.documents, 2);
      // alpha: 2 Loaded_Language (the comment one excluded) in 2,000 words; corpus: 2 in 4,000.
      assert.deepEqual(alpha.techniqueRates.Loaded_Language, { rate: 1, corpus: 0.5 });
      assert.deepEqual(alpha.techniqueRates.Doubt, { rate: 1, corpus: 0.5 });
      assert.equal(beta.techniqueRate.rate, 0);
      assert.equal(alpha.techniqueRate.corpus, 1);
      // alpha: 2 of 4 author claims sourced; corpus: 3 of 5 (the comment claim is not the author's).
      assert.equal(alpha.sourcedShare.share, 0.5);
      assert.equal(alpha.sourcedShare.corpus, 0.6);
      assert.deepEqual(alpha.quotedSources, [{ value: 'the minister', count: 2 }]);
      assert.deepEqual(alpha.namedActors, [{ value: 'Maren Holt', count: 4 }]);
      assert.equal(corpus.namedActors[0]!.value, 'Abel Okafor');
      // One hate flag in 200 comment words = 5 per 1,000; corpus 1 in 300.
      assert.equal(alpha.commentToxicity.perThousandWords, 5);
      assert.equal(alpha.commentToxicity.corpusPerThousandWords, 3.333);
      assert.equal(alpha.commentToxicity.flaggedShare, 1);
      assert.equal(beta.commentToxicity.flaggedShare, 0);
      const one = await outletProfiles(store, { outlet: 'beta.example' });
      assert.deepEqual(one.outlets.map((o) => o.outlet), ['beta.example']);
      await store.close();
    });

    test('export: JSON Lines with layers, CSV per layer with outlet metadata', async () => {
      const store = await b.open('export');
      await tinyCorpus(store);
      let jsonl = '';
      for await (const s of exportCorpus(store, { format: 'jsonl' })) jsonl += s;
      const lines = jsonl.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.equal(lines.length, 3);
      assert.equal((lines[0]!.document as { outlet: string }).outlet, 'alpha.example');
      assert.ok(Array.isArray(lines[0]!.sentences));
      let csv = '';
      for await (const s of exportCorpus(store, { format: 'csv', layer: 'sentences' })) csv += s;
      const rows = csv.trim().split('\r\n');
      assert.equal(rows[0], 'doc_id,url,outlet,title,author,published,language,start,end,section');
      assert.equal(rows.length, 4);
      assert.match(rows[3]!, /^c,,beta\.example,Port budget agreed,,2023-03-01,de,0,/);
      await store.close();
    });
  });
}

test('keys and near-duplicate fingerprints', () => {
  assert.equal(canonicalUrl('https://www.Example.com/a/?utm_source=x&b=2#top'), 'http://example.com/a?b=2');
  assert.equal(documentId('https://example.com/a', 'x'), documentId('http://www.example.com/a/?utm_medium=rss', 'y'));
  assert.notEqual(documentId(undefined, 'Some text'), documentId(undefined, 'Other text'));
  assert.equal(documentId(undefined, 'Some  TEXT'), documentId(undefined, 'some text'));
  const words = Array.from({ length: 120 }, (_, i) => `word${(i * 7919) % 1000}`);
  const a = words.join(' ');
  const b = [...words.slice(0, 60), 'changed', ...words.slice(61)].join(' ');
  const c = Array.from({ length: 120 }, (_, i) => `other${(i * 104729) % 997}`).join(' ');
  const [ha, hb, hc] = [fingerprint(a)!, fingerprint(b)!, fingerprint(c)!];
  assert.ok(similarity(ha, hb) >= 0.8, `one changed word: similarity ${similarity(ha, hb)}`);
  assert.ok(similarity(ha, hc) < 0.2);
  assert.equal(nearest(ha, [{ id: 'c', fingerprint: hc }, { id: 'b', fingerprint: hb }])?.id, 'b');
  assert.equal(nearest(ha, [{ id: 'c', fingerprint: hc }]), undefined);
  assert.ok(bands(ha).some((v, i) => v === bands(hb)[i]));
  assert.equal(fingerprint('too short to judge'), undefined);
});
