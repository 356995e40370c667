/**
 * `npm run bench`: cost of each stage and of the whole pipeline, per article, on the benchmark's real HTML pages
 * (../shared/data/extraction-dev) and on generated short and long texts. Prints a table and writes JSON
 * (bench-results.json, or the path given with --out). Single process, one core.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { analyzeRaw } from '../src/analyze.js';
import type { StageTiming } from '../src/core/pipeline.js';

interface Corpus {
  name: string;
  items: { name: string; bytes: Buffer; contentType?: string }[];
}

const args = process.argv.slice(2);
const outPath = args.includes('--out') ? args[args.indexOf('--out') + 1]! : 'bench-results.json';
const limit = args.includes('--limit') ? Number(args[args.indexOf('--limit') + 1]) : Infinity;

function corpora(): Corpus[] {
  const out: Corpus[] = [];
  const dir = new URL('../../../shared/data/extraction-dev/html/', import.meta.url).pathname;
  if (existsSync(dir)) {
    const files = readdirSync(dir).filter((f) => f.endsWith('.html.gz')).sort().slice(0, limit);
    out.push({ name: 'extraction-dev (real HTML pages)', items: files.map((f) => ({ name: f, bytes: gunzipSync(readFileSync(join(dir, f))), contentType: 'text/html' })) });
  } else {
    console.error(`bench: ${dir} not found; the real-page benchmark is skipped`);
  }
  out.push({ name: 'generated short texts (~150 words)', items: generate(40, 150) });
  out.push({ name: 'generated long texts (~3000 words)', items: generate(10, 3000) });
  return out;
}

/** Deterministic news-like prose (a fixed pseudo-random sequence), so runs compare. */
function generate(count: number, words: number): Corpus['items'] {
  const vocab = ['officials', 'said', 'the', 'government', 'forces', 'attacked', 'positions', 'near', 'the', 'border', 'on', 'Tuesday', 'according', 'to', 'a', 'statement', 'ministry', 'of', 'defence', 'rebels', 'denied', 'claims', 'that', 'they', 'shelled', 'villages', 'in', 'northern', 'province', 'United', 'Nations', 'envoy', 'warned', 'talks', 'could', 'collapse', 'vicious', 'campaign', 'Russia', 'Syria', 'Idlib', 'sanctions', 'aid', 'convoy'];
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const items: Corpus['items'] = [];
  for (let i = 0; i < count; i++) {
    const paras: string[] = [`Generated report number ${i + 1}`];
    let para: string[] = [];
    let sentence: string[] = [];
    for (let w = 0; w < words; w++) {
      sentence.push(vocab[Math.floor(rand() * vocab.length)]!);
      if (sentence.length > 8 + rand() * 14) {
        const s = sentence.join(' ');
        para.push(s[0]!.toUpperCase() + s.slice(1) + '.');
        sentence = [];
        if (para.length >= 4) {
          paras.push(para.join(' '));
          para = [];
        }
      }
    }
    if (para.length) paras.push(para.join(' '));
    items.push({ name: `gen-${words}-${i}`, bytes: Buffer.from(paras.join('\n\n')) });
  }
  return items;
}

function pct(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : 0;
}

const results: Record<string, unknown>[] = [];
// Warm up: the first analysis loads models and knowledge bases; that one-off cost is not per-article cost.
analyzeRaw({ bytes: Buffer.from('Warm-up text. Officials said Russia attacked Idlib on Monday.'), kind: 'string', name: 'warm-up' });
let peakRss = process.memoryUsage().rss;
for (const corpus of corpora()) {
  const stageTimes = new Map<string, number[]>();
  const totals: number[] = [];
  let words = 0;
  let errors = 0;
  for (const item of corpus.items) {
    const timings: StageTiming[] = [];
    const t0 = performance.now();
    try {
      const doc = analyzeRaw({ bytes: item.bytes, kind: 'file', name: item.name, ...(item.contentType ? { contentType: item.contentType } : {}) }, { timings });
      words += doc.get('tokens').length;
    } catch {
      errors++;
      continue;
    }
    totals.push(performance.now() - t0);
    for (const t of timings) stageTimes.set(t.analyser, [...(stageTimes.get(t.analyser) ?? []), t.ms]);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  totals.sort((a, b) => a - b);
  const sum = totals.reduce((a, b) => a + b, 0);
  const stages = [...stageTimes].map(([stage, ms]) => {
    ms.sort((a, b) => a - b);
    return { stage, median_ms: round(pct(ms, 0.5)), p95_ms: round(pct(ms, 0.95)), mean_ms: round(ms.reduce((a, b) => a + b, 0) / ms.length) };
  });
  const extract = stages.find((s) => s.stage === 'extract');
  const result = {
    corpus: corpus.name,
    articles: totals.length,
    errors,
    tokens_per_article: Math.round(words / Math.max(1, totals.length)),
    articles_per_second_one_core: round(totals.length / (sum / 1000)),
    median_ms: round(pct(totals, 0.5)),
    p95_ms: round(pct(totals, 0.95)),
    pipeline_over_extraction: extract ? round(sum / totals.length / extract.mean_ms) : null,
    stages,
  };
  results.push(result);
  console.log(`\n${corpus.name}: ${result.articles} articles, ${result.articles_per_second_one_core} articles/s on one core, median ${result.median_ms} ms, p95 ${result.p95_ms} ms${result.pipeline_over_extraction ? `, whole pipeline = ${result.pipeline_over_extraction}x extraction` : ''}`);
  console.log('  stage            median ms   p95 ms   mean ms');
  for (const s of stages) console.log(`  ${s.stage.padEnd(16)} ${String(s.median_ms).padStart(9)} ${String(s.p95_ms).padStart(8)} ${String(s.mean_ms).padStart(9)}`);
}
const summary = { date: new Date().toISOString(), node: process.version, peak_rss_mb: Math.round(peakRss / 1024 / 1024), results };
console.log(`\npeak memory (RSS): ${summary.peak_rss_mb} MB`);
writeFileSync(outPath, JSON.stringify(summary, null, 2) + '\n');
console.log(`JSON written to ${outPath}`);

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
