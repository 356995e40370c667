/**
 * Corpus benchmark: ingest throughput (documents per second, overall and per worker) on generated documents and on
 * the news-sample CSV, and search latency on the result. Prints one JSON object.
 *   node dist/src/corpus/bench.js [--docs 400] [--workers N | --worker-list 1,4,16] [--news path] [--news-limit 250]
 * Generated documents recombine sentences of the hand-written test fixtures (test/fixtures/corpus), so they are
 * realistic English without copying any data set.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generated } from './generate.js';
import { ingest } from './ingest.js';
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

const docs = Number(arg('docs', '400'));
const workers = Number(arg('workers', String(defaultWorkers())));
// Worker counts to compare (default: 1 and all cores).
const workerList = (arg('worker-list') ?? `1,${workers}`).split(',').map(Number);
const news = arg('news', join(ROOT, '..', 'shared', 'data', 'news-sample', 'news_sample.csv'))!;
const newsLimit = Number(arg('news-limit', '250'));
const tmp = mkdtempSync(join(tmpdir(), 'unspin-bench-in-'));
const gen = join(tmp, 'generated.jsonl');
writeFileSync(gen, generated(docs));
const results: Record<string, unknown>[] = [];
for (const w of [...new Set(workerList)]) results.push(await run('generated', gen, w));
try {
  statSync(news);
  for (const w of [...new Set(workerList)]) results.push(await run('news-sample', news, w, newsLimit));
} catch {
  // no shared data: generated documents only
}
rmSync(tmp, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ cores: defaultWorkers(), results }) + '\n');
