import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, describe, test } from 'node:test';
import { ingest } from '../src/corpus/ingest.js';
import { createAnalyser } from '../src/corpus/pool.js';
import { expandInputs } from '../src/corpus/sources.js';
import { openStore } from '../src/store/open.js';
import { FIXTURES } from './helpers/paths.js';
import { BACKENDS } from './helpers/stores.js';

const MIXED = join(FIXTURES, 'corpus', 'mixed');
const tmp = mkdtempSync(join(tmpdir(), 'unspin-ingest-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** One WARC record with exact Content-Length (ISO 28500 layout). */
function warcRecord(type: string, headers: Record<string, string>, block: string): Buffer {
  const body = Buffer.from(block, 'utf8');
  const head = [`WARC/1.0`, `WARC-Type: ${type}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), `Content-Length: ${body.length}`].join('\r\n');
  return Buffer.concat([Buffer.from(head + '\r\n\r\n'), body, Buffer.from('\r\n\r\n')]);
}

const quayHtml = `<!doctype html><html><head><title>New quay cranes arrive in Port Calder</title>
<meta property="og:site_name" content="Quayside Weekly"></head><body><article><h1>New quay cranes arrive in Port Calder</h1>
<p>Two electric cranes arrived by barge on Thursday for the container quay at Port Calder, the first new lifting
equipment the port has bought in fifteen years. The harbour master said the cranes would be tested for a month before
handling cargo, and that the old diesel cranes would be sold to a scrap dealer in the spring.</p>
<p>Dock workers' representatives said they had been promised training on the new machines and that no jobs would be
lost. The port authority said the cranes cost two point three million euros and would cut fuel bills by about a fifth.</p>
</article></body></html>`;

function buildWarc(): Buffer {
  const http = (status: string, ctype: string, body: string): string => `HTTP/1.1 ${status}\r\nContent-Type: ${ctype}\r\n\r\n${body}`;
  return Buffer.concat([
    warcRecord('warcinfo', { 'WARC-Record-ID': '<urn:uuid:info>', 'Content-Type': 'application/warc-fields' }, 'software: hand-made\r\n'),
    warcRecord('request', { 'WARC-Record-ID': '<urn:uuid:req1>', 'WARC-Target-URI': 'https://quayside.example/cranes', 'Content-Type': 'application/http; msgtype=request' }, 'GET /cranes HTTP/1.1\r\nHost: quayside.example\r\n\r\n'),
    warcRecord('response', { 'WARC-Record-ID': '<urn:uuid:resp1>', 'WARC-Target-URI': 'https://quayside.example/cranes', 'WARC-Date': '2023-06-01T10:00:00Z', 'Content-Type': 'application/http; msgtype=response' }, http('200 OK', 'text/html; charset=utf-8', quayHtml)),
    warcRecord('response', { 'WARC-Record-ID': '<urn:uuid:resp2>', 'WARC-Target-URI': 'https://quayside.example/missing', 'Content-Type': 'application/http; msgtype=response' }, http('404 Not Found', 'text/html', '<html><body>Not found</body></html>')),
  ]);
}

const sheepText = `Sheep return to the town common after forty years

Grazing returned to Kelby's town common on Wednesday when a flock of sixty sheep was let onto the grass for the first
time since the nineteen eighties. The town council hopes the animals will keep scrub down more cheaply than mowing
and bring back the wild flowers that once grew there. Walkers are asked to keep dogs on leads and to close the new
gates behind them. A shepherd will check the flock twice a day, and the council will review the scheme in autumn.`;

for (const backend of BACKENDS) {
  describe(`ingest [${backend.name}]`, { skip: backend.skip }, () => {
    test('ingest: a folder of html, txt, txt.gz, jsonl, csv, warc, warc.gz and rss; duplicates and errors recorded', async () => {
      const dir = join(tmp, `mixed-${backend.name}`);
      cpSync(MIXED, dir, { recursive: true });
      writeFileSync(join(dir, 'sub', 'sheep.txt.gz'), gzipSync(sheepText));
      writeFileSync(join(dir, 'crawl.warc'), buildWarc());
      // The gzipped WARC is one gzip member per record, as crawlers write them; the same capture, so a duplicate.
      writeFileSync(join(dir, 'crawl2.warc.gz'), Buffer.concat([gzipSync(warcRecord('response', { 'WARC-Record-ID': '<urn:uuid:resp9>', 'WARC-Target-URI': 'https://quayside.example/cranes?utm_source=x', 'Content-Type': 'application/http; msgtype=response' }, `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n${quayHtml}`)), gzipSync(warcRecord('metadata', { 'WARC-Record-ID': '<urn:uuid:m>' }, 'x: y\r\n'))]));
      // A bad document: binary bytes named .txt. It must be recorded and must not stop the batch.
      writeFileSync(join(dir, 'broken.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 4, 5]));
      const store = await backend.open('mixed');
      const summary = await ingest(store, expandInputs([dir], { maxBytes: 1 << 20, noFetch: true }), { workers: 0, analysers: ['sentences'], batchSize: 3 });
      const docs: Record<string, { outlet?: string; title?: string; published?: string; url?: string }> = {};
      for await (const d of store.exportDocuments()) docs[d.source.replace(dir, '')] = d;
      assert.deepEqual(Object.keys(docs).sort(), [
        'file:/council.txt',
        'file:/crawl.warc#<urn:uuid:resp1>',
        'file:/harbour.html',
        'file:/records.jsonl#L1',
        'file:/rows.csv#R2',
        'file:/sub/sheep.txt.gz',
        'file:/sub/weather.txt',
        'url:http://fenland-gazette.example/nature/record-wader-count',
        'url:http://fenland-gazette.example/schools/roof-repairs',
      ]);
      assert.equal(summary.done, 9);
      assert.equal(summary.duplicate, 2, 'the JSON Lines copy of council.txt and the second WARC capture');
      assert.equal(summary.nearDuplicate, 1, 'the CSV copy of the harbour story with one word changed');
      assert.equal(summary.errors, 3);
      assert.deepEqual(summary.errorSamples.map((e) => e.error.split(':')[0]).sort(), ['BINARY_INPUT', 'EMPTY_INPUT', 'UNREADABLE']);
      // Stated metadata wins: CSV domain, JSONL outlet/date, HTML meta, feed date and creator.
      assert.equal(docs['file:/records.jsonl#L1']!.outlet, 'Northern Ledger');
      assert.equal(docs['file:/records.jsonl#L1']!.published, '2023-05-02');
      assert.equal(docs['file:/rows.csv#R2']!.outlet, 'valleytimes.example');
      assert.equal(docs['file:/harbour.html']!.outlet, 'Calder Courier');
      assert.equal(docs['url:http://fenland-gazette.example/schools/roof-repairs']!.title, 'School roof repairs finished early & under budget');
      assert.equal(docs['url:http://fenland-gazette.example/nature/record-wader-count']!.published, '2023-05-14T09:00:00.000Z');
      assert.equal(docs['file:/crawl.warc#<urn:uuid:resp1>']!.url, 'https://quayside.example/cranes');
      const harbour = (await store.getDocument((await store.search({ text: 'dredging' })).hits[0]!.id))!;
      assert.equal(harbour.title, 'Harbour dredging plan splits Port Calder council');
      assert.ok(harbour.layers.some((l) => l.name === 'sentences' && l.version));
      assert.ok(!harbour.layers.some((l) => l.name === 'tokens'), 'tokens are not stored by default');
      // Re-running skips everything: nothing doubled.
      const again = await ingest(store, expandInputs([dir], { maxBytes: 1 << 20, noFetch: true }), { workers: 0, analysers: ['sentences'] });
      assert.equal(again.done + again.duplicate + again.nearDuplicate + again.errors, 0);
      assert.equal(again.skipped, 15);
      assert.equal((await store.counts()).documents, 9);
      // --retry-errors tries failed items again (still failing here).
      const retry = await ingest(store, expandInputs([dir], { maxBytes: 1 << 20, noFetch: true }), { workers: 0, analysers: ['sentences'], retryErrors: true });
      assert.equal(retry.errors, 3);
      const facets = (await store.search({ text: 'port calder' })).facets.outlet.map((f) => f.value).sort();
      assert.deepEqual(facets, ['Calder Courier', 'Quayside Weekly']);
      await store.close();
    });

    test('ingest: the worker pool analyses in worker threads and the limit counts new items only', async () => {
      const dir = join(tmp, `pool-${backend.name}`);
      cpSync(join(MIXED, 'sub'), dir, { recursive: true });
      writeFileSync(join(dir, 'council.txt'), readFileSync(join(MIXED, 'council.txt')));
      const store = await backend.open('pool');
      const analyser = await createAnalyser({ workers: 1, analysers: ['sentences'] });
      try {
        const first = await ingest(store, expandInputs([dir], { maxBytes: 1 << 20 }), { analyser, limit: 1 });
        assert.equal(first.done, 1);
        assert.equal(first.workers, 1);
        const rest = await ingest(store, expandInputs([dir], { maxBytes: 1 << 20 }), { analyser });
        assert.equal(rest.skipped, 1);
        assert.equal(rest.done, 1);
      } finally {
        await analyser.close();
        await store.close();
      }
    });
  });
}

test('ingest: feed links are fetched through the private-address guard', async () => {
  const feed = join(tmp, 'local.rss');
  writeFileSync(feed, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Internal page</title><link>http://127.0.0.1:9/admin</link><description>short</description></item></channel></rss>`);
  const store = await openStore(join(tmp, 'guard.db'));
  const s = await ingest(store, expandInputs([feed], { maxBytes: 1 << 20 }), { workers: 0, analysers: ['sentences'] });
  assert.equal(s.errors, 1);
  assert.match(s.errorSamples[0]!.error, /BLOCKED_ADDRESS|private|loopback/i);
  await store.close();
});
