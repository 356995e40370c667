/**
 * Corpus benchmark: ingest throughput (documents per second, overall and per worker) on generated documents and on
 * the news-sample CSV, and search latency on the result. Prints one JSON object.
 *   node dist/src/corpus/bench.js [--docs 400] [--workers N | --worker-list 1,4,16] [--news path] [--news-limit 250]
 * Generated documents recombine sentences of the hand-written test fixtures (test/fixtures/corpus), so they are
 * realistic English without copying any data set.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingest } from './ingest.js';
import { defaultWorkers } from './pool.js';
import { expandInputs } from './sources.js';
import { openStore } from '../store/open.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const arg = (name: string, def?: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};

/** Words of the hand-written fixtures, in order (the stream windows are drawn from). */
function fixtureWords(): string[] {
  const dir = join(ROOT, 'test', 'fixtures', 'corpus', 'mixed');
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(txt|html)$/.test(f)) out.push(...readFileSync(p, 'utf8').replace(/<[^>]+>/g, ' ').split(/\s+/).filter(Boolean));
    }
  };
  walk(dir);
  return out;
}

/** Documents of ~400 words; each sentence joins three random 5-word windows of fixture text, so documents are distinct. */
function generated(n: number): string {
  const w = fixtureWords();
  let seed = 7;
  const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const windowAt = (): string => {
    const i = Math.floor(rnd() * (w.length - 5));
    return w.slice(i, i + 5).join(' ').replace(/[.!?]+$/, '');
  };
  const sentence = (): string => {
    const s = `${windowAt()} ${windowAt()} ${windowAt()}.`;
    return s[0]!.toUpperCase() + s.slice(1);
  };
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const paras = Array.from({ length: 6 }, () => Array.from({ length: 4 }, sentence).join(' '));
    lines.push(JSON.stringify({ title: `Generated report ${i}`, outlet: `outlet-${i % 7}.example`, published: `2023-0${1 + (i % 9)}-1${i % 10}`, text: paras.join('\n\n') }));
  }
  return lines.join('\n') + '\n';
}

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
