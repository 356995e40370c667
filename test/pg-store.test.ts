import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openStore } from '../src/store/open.js';
import { redact, websearchText } from '../src/store/postgres/index.js';
import type { DocumentRecord, WriteEntry } from '../src/store/store.js';
import { PG_SKIP, freshPgDatabase, pgQueryOne } from './helpers/stores.js';

function record(id: string, key: string): DocumentRecord {
  const text = `Story ${id} about the harbour budget and the new cranes on the quay.`;
  return {
    doc: { id, text, sections: [{ kind: 'title', start: 0, end: 8 }, { kind: 'body', start: 9, end: text.length }], contentHash: `h-${id}`, words: 12, commentWords: 0, source: key, versions: { sentences: '1' } },
    layers: [{ name: 'sentences', analyser: 'sentences', version: '1', items: [{ start: 0, end: text.length }] }],
    entities: [{ name: 'Port Calder', type: 'PLACE', mentions: 1 }], techniques: [], claims: [], hate: [], bands: [1, 2, 3],
  };
}
const entry = (id: string, key: string): WriteEntry => ({ outcome: { key, status: 'done', docId: id }, record: record(id, key) });

test('FTS5-style queries become websearch_to_tsquery text; passwords never leave in messages', () => {
  assert.equal(websearchText('port AND (strike OR walkout)'), 'port strike or walkout');
  assert.equal(websearchText('port NOT strike'), 'port -strike');
  assert.equal(websearchText('"town hall" NEAR budget'), '"town hall" budget');
  assert.equal(redact('postgres://me:secret@db.example:5432/unspin'), 'postgres://me:***@db.example:5432/unspin');
});

describe('store [postgres]: at-least-once delivery', { skip: PG_SKIP }, () => {
  test('the same batch written twice (a redelivered job) stores one document and keeps its item done', async () => {
    const store = await openStore(await freshPgDatabase('redeliver'));
    try {
      await store.writeBatch([entry('d1', 'k1'), entry('d2', 'k2')]);
      await store.writeBatch([entry('d1', 'k1'), entry('d2', 'k2')]);
      const counts = await store.counts();
      assert.equal(counts.documents, 2);
      assert.deepEqual(counts.items, { done: 2, duplicate: 0, 'near-duplicate': 0, error: 0 });
      const url = store.location.replace('***', '');
      assert.equal(await pgQueryOne(url, 'SELECT count(*) FROM sections'), 4);
      assert.equal(await pgQueryOne(url, 'SELECT count(*) FROM fingerprint_bands'), 6);
      // Band lookup: band 0 has value 1 in both documents; bands 1 and 2 match nothing.
      assert.deepEqual((await store.nearCandidates([1, 9, 9])).map((c) => c.id).sort(), ['d1', 'd2']);
      assert.deepEqual(await store.nearCandidates([2, 9, 9]), []);
    } finally {
      await store.close();
    }
  });

  test('two writers storing the same document at once: one copy, the other item a duplicate', async () => {
    const url = await freshPgDatabase('race');
    const [a, b] = await Promise.all([openStore(url), openStore(url)]);
    try {
      await Promise.all([a.writeBatch([entry('same', 'ka')]), b.writeBatch([entry('same', 'kb')])]);
      const counts = await a.counts();
      assert.equal(counts.documents, 1);
      assert.equal(counts.items.done, 1);
      assert.equal(counts.items.duplicate, 1);
      assert.equal(await pgQueryOne(url, 'SELECT count(*) FROM entities'), 1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test('an unreachable server is a one-line error naming the server without its password', async () => {
    await assert.rejects(openStore('postgres://me:secret@127.0.0.1:1/none'), (e: Error) => {
      assert.match(e.message, /^postgres:\/\/me:\*\*\*@127\.0\.0\.1:1\/none: cannot open the PostgreSQL store/);
      assert.ok(!e.message.includes('secret'));
      return true;
    });
  });
});
