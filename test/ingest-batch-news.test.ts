import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ingest } from '../src/corpus/ingest.js';
import { outletProfiles } from '../src/corpus/profiles.js';
import { expandInputs } from '../src/corpus/sources.js';
import { openStore } from '../src/store/open.js';
import { SHARED, needsShared } from './helpers/paths.js';

const NEWS = join(SHARED, 'data', 'news-sample', 'news_sample.csv');
const tmp = mkdtempSync(join(tmpdir(), 'unspin-news-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('ingest: the news-sample CSV (first 30 rows) maps domain, url, title, authors', { skip: needsShared(NEWS) }, async () => {
  const store = await openStore(join(tmp, 'news.db'));
  const s = await ingest(store, expandInputs([NEWS], { maxBytes: 20 << 20, noFetch: true }), { workers: 0, analysers: ['sentences'], limit: 30 });
  assert.equal(s.done + s.duplicate + s.nearDuplicate + s.errors, 30);
  assert.ok(s.done >= 20, `only ${s.done} new documents`);
  let withOutlet = 0;
  let withUrl = 0;
  let withTitle = 0;
  for await (const d of store.exportDocuments()) {
    if (d.outlet && !d.outlet.includes('/')) withOutlet++;
    if (d.url?.startsWith('http')) withUrl++;
    if (d.title) withTitle++;
    assert.ok(d.words > 0);
  }
  assert.equal(withOutlet, s.done);
  assert.equal(withUrl, s.done);
  assert.ok(withTitle >= s.done * 0.8);
  const { outlets } = await outletProfiles(store);
  assert.ok(outlets.length >= 2);
  assert.equal(outlets.reduce((a, o) => a + o.documents, 0), s.done);
  await store.close();
});
