/**
 * Corpus benchmark: ingest throughput (documents per second, overall and per worker) on generated documents and on
 * the news-sample CSV, and search latency on the result; then search latency and narrative clustering time at larger
 * sizes (default 10,000 and 100,000 documents) through a FAST PATH that writes generated documents with synthetic
 * query rows (entities, techniques, claims) straight to the store, skipping the analysers (the full pipeline cannot
 * ingest 100,000 documents in a benchmark's time on a small machine). Prints one JSON object.
 *   node dist/src/corpus/bench.js [--docs 400] [--workers N | --worker-list 1,4,16] [--news path] [--news-limit 250]
 *                                 [--search-sizes 10000,100000] [--no-ingest]
 * Generated documents recombine sentences of the hand-written test fixtures (test/fixtures/corpus), so they are
 * realistic English without copying any data set.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureWords, generated } from './generate.js';
import { ingest } from './ingest.js';
import { contentHash } from './keys.js';
import { buildNarratives } from '../narratives/cluster.js';
import type { DocumentRecord, Store } from '../store/store.js';
import { defaultWorkers } from './pool.js';
import { expandInputs } from './sources.js';
import { openStore } from '../store/open.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const arg = (name: string, def?: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};

async function run(label: string, input: string, workers: number, limit?: number): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'unspin-bench-'));
  const store = await openStore(join(dir, 'bench.db'));
  try {
    const s = await ingest(store, expandInputs([input], { maxBytes: 20 << 20, noFetch: true }), { workers, limit });
    const processed = s.done + s.duplicate + s.nearDuplicate + s.errors;
    const queries = ['council', 'harbour', 'budget', '"town hall"', 'police', 'election', 'president', 'war', 'health', 'market'];
    const ms: number[] = [];
    for (let r = 0; r < 3; r++) for (const q of queries) ms.push((await store.search({ text: q })).ms);
    ms.sort((a, b) => a - b);
    return {
      label, workers, processed, done: s.done, errors: s.errors, duplicates: s.duplicate + s.nearDuplicate, seconds: +s.seconds.toFixed(2),
      docsPerSecond: +s.docsPerSecond.toFixed(2), docsPerSecondPerWorker: +(s.docsPerSecond / workers).toFixed(2),
      searchMsMedian: +ms[Math.floor(ms.length / 2)]!.toFixed(2), searchMsP95: +ms[Math.floor(ms.length * 0.95)]!.toFixed(2),
      dbBytes: statSync(join(dir, 'bench.db')).size + (statSync(join(dir, 'bench.db-wal'), { throwIfNoEntry: false })?.size ?? 0),
      errorSamples: s.errorSamples.slice(0, 3),
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Fast path: `n` generated documents (~200 words from fixture-text windows) written straight to the store, each with
 * 3 entity rows, 2 technique rows and 4 claims: two retell one of n/25 recurring stories (reworded: a word dropped,
 * the order shuffled), two are the document's own sentences. Returns the write rate.
 */
async function fastFill(store: Store, n: number): Promise<{ seconds: number; docsPerSecond: number }> {
  const w = fixtureWords();
  let seed = 11;
  const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const sentence = (len: number): string => {
    const i = Math.floor(rnd() * (w.length - len));
    const s = w.slice(i, i + len).join(' ').replace(/[.!?]+$/, '');
    return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
  };
  const stories = Array.from({ length: Math.max(10, Math.floor(n / 25)) }, () => sentence(14).slice(0, -1).split(' '));
  const names = ['Maren Holt', 'Port Calder', 'Abel Okafor', 'Northgate', 'the Harbour Board', 'Kessaly', 'the Ministry', 'Elena Vasquez'];
  const techniques = ['Loaded_Language', 'Doubt', 'Name_Calling,Labeling', 'Exaggeration,Minimisation', 'Flag-Waving'];
  const t0 = performance.now();
  for (let b = 0; b < n; b += 500) {
    const batch = [];
    for (let i = b; i < Math.min(n, b + 500); i++) {
      const told = [0, 1].map(() => {
        const story = pick(stories).filter((_, j, a) => j !== Math.floor(rnd() * a.length)).sort(() => rnd() - 0.5);
        return `${story.join(' ')}.`;
      });
      const own = Array.from({ length: 12 }, () => sentence(15));
      const parts = [...told, ...own].sort(() => rnd() - 0.5);
      const text = parts.join(' ');
      const claimTexts = [...told, own[0]!, own[1]!];
      const id = `bench-${i}`;
      const record: DocumentRecord = {
        doc: {
          id, title: `Generated report ${i}`, outlet: `outlet-${i % 23}.example`, published: new Date(Date.UTC(2023, 0, 1) + (i % 365) * 86_400_000).toISOString().slice(0, 10),
          language: 'en', text, sections: [{ kind: 'body', start: 0, end: text.length }], contentHash: contentHash(text), words: text.split(' ').length, commentWords: 0,
          source: `bench:${i}`, versions: { bench: '1' },
        },
        layers: [],
        entities: [0, 1, 2].map(() => ({ name: pick(names), type: 'ORG', mentions: 1 + Math.floor(rnd() * 3) })),
        techniques: [0, 1].map(() => ({ technique: pick(techniques), start: 0, end: 10, confidence: 0.7, inComment: false })),
        claims: claimTexts.map((c) => ({ start: text.indexOf(c), end: text.indexOf(c) + c.length, sourced: rnd() < 0.5, inComment: false })),
        hate: [],
        bands: [],
      };
      batch.push({ outcome: { key: `bench:${i}`, status: 'done' as const, docId: id }, record });
    }
    await store.writeBatch(batch);
  }
  const seconds = (performance.now() - t0) / 1000;
  return { seconds: +seconds.toFixed(1), docsPerSecond: +(n / seconds).toFixed(0) };
}

/** Search latency over a filled store: full-text queries (with all facets computed over the result set), and filter-only queries. */
async function searchLatency(store: Store): Promise<Record<string, number>> {
  const text = ['council', 'harbour', 'budget', '"town hall"', 'police', 'election', 'president', 'war', 'health', 'market', 'convoy', 'minister'];
  const filters = [{ outlet: 'outlet-3.example' }, { entity: 'Maren Holt' }, { technique: 'Doubt' }, { from: '2023-03-01', to: '2023-03-31' }];
  const ms: number[] = [];
  const fms: number[] = [];
  for (let r = 0; r < 2; r++) {
    for (const q of text) ms.push((await store.search({ text: q })).ms);
    for (const f of filters) fms.push((await store.search({ ...f, text: r ? 'harbour' : undefined })).ms);
  }
  const q = (xs: number[], p: number): number => +[...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!.toFixed(1);
  return { textMsMedian: q(ms, 0.5), textMsP95: q(ms, 0.95), filterMsMedian: q(fms, 0.5), filterMsP95: q(fms, 0.95) };
}

async function atScale(n: number): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'unspin-bench-scale-'));
  const store = await openStore(join(dir, 'scale.db'));
  try {
    const fill = await fastFill(store, n);
    const search = await searchLatency(store);
    const narratives = await buildNarratives(store);
    const rss = process.memoryUsage().rss;
    return {
      label: 'fast-path', documents: n, writeSeconds: fill.seconds, writeDocsPerSecond: fill.docsPerSecond, ...search,
      narratives: { claims: narratives.claims, found: narratives.narratives, comparisons: narratives.comparisons, clusterMs: narratives.ms },
      rssMiB: Math.round(rss / 2 ** 20),
      dbBytes: statSync(join(dir, 'scale.db')).size + (statSync(join(dir, 'scale.db-wal'), { throwIfNoEntry: false })?.size ?? 0),
    };
  } finally {
    await store.close();
    if (process.argv.includes('--keep')) process.stderr.write(`kept ${join(dir, 'scale.db')}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

const docs = Number(arg('docs', '400'));
const workers = Number(arg('workers', String(defaultWorkers())));
// Worker counts to compare (default: 1 and all cores).
const workerList = (arg('worker-list') ?? `1,${workers}`).split(',').map(Number);
const news = arg('news', join(ROOT, '..', 'shared', 'data', 'news-sample', 'news_sample.csv'))!;
const newsLimit = Number(arg('news-limit', '250'));
const sizes = (arg('search-sizes') ?? '10000,100000').split(',').filter(Boolean).map(Number);
const results: Record<string, unknown>[] = [];
if (!process.argv.includes('--no-ingest')) {
  const tmp = mkdtempSync(join(tmpdir(), 'unspin-bench-in-'));
  const gen = join(tmp, 'generated.jsonl');
  writeFileSync(gen, generated(docs));
  for (const w of [...new Set(workerList)]) results.push(await run('generated', gen, w));
  try {
    statSync(news);
    for (const w of [...new Set(workerList)]) results.push(await run('news-sample', news, w, newsLimit));
  } catch {
    // no shared data: generated documents only
  }
  rmSync(tmp, { recursive: true, force: true });
}
const scale: Record<string, unknown>[] = [];
for (const n of sizes) scale.push(await atScale(n));
process.stdout.write(JSON.stringify({ cores: defaultWorkers(), results, scale }) + '\n');
