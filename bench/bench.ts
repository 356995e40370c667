/**
 * `npm run bench`: cost of each stage and of the whole pipeline, per article, on the benchmark's real HTML pages
 * (../shared/data/extraction-dev) and on generated short and long texts. Prints a table and writes JSON
 * (bench-results.json, or the path given with --out).
 *
 * What is measured: one process, one thread, articles one after another. The first analysis loads every model and
 * knowledge base; it is timed apart (`load_ms`) and not counted. Each corpus is then warmed up (its first few
 * articles, so the JIT has compiled the hot paths) before it is measured. Each article is timed in wall-clock and in
 * CPU time of the process; stages are timed inside the same analyses (analyzeRaw's timings), so the ratio of the whole
 * pipeline to extraction compares like with like. Articles/s on one core = 1000 / ms per article. On a shared
 * machine wall time counts the time other processes held the core, so the checks use CPU time (which, if anything,
 * over-counts: V8's garbage collector helper threads add to it). `--runs N` (default 3) repeats the measurement;
 * the figures reported are the best and the median of the runs, and each run's figures are in the JSON.
 *
 * Options: --out PATH, --runs N, --limit N (real pages per run), --warmup N (articles per corpus, default 5).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { analyzeRaw } from '../src/analyze.js';
import type { StageTiming } from '../src/core/pipeline.js';
import { cpuNow } from '../src/core/pipeline.js';
import type { RawInput } from '../src/ingest/types.js';

/** Targets of issue 9, checked on the real pages. */
const TARGET_ARTICLES_PER_SECOND = 20;
const TARGET_PIPELINE_OVER_EXTRACTION = 3;
const REAL = 'extraction-dev (real HTML pages)';

interface Corpus {
  name: string;
  items: { name: string; bytes: Buffer; contentType?: string }[];
}

interface StageFigures {
  stage: string;
  median_ms: number;
  p95_ms: number;
  mean_ms: number;
  cpu_median_ms: number;
  cpu_mean_ms: number;
}

interface CorpusFigures {
  corpus: string;
  articles: number;
  errors: number;
  tokens_per_article: number;
  /** 1000 / mean CPU ms per article. */
  articles_per_second_one_core: number;
  /** 1000 / median CPU ms per article: the article of typical length. */
  articles_per_second_typical: number;
  median_ms: number;
  p95_ms: number;
  mean_ms: number;
  cpu_median_ms: number;
  cpu_p95_ms: number;
  cpu_mean_ms: number;
  /** Mean whole-pipeline time over mean extraction time (CPU), same analyses. */
  pipeline_over_extraction: number | null;
  pipeline_over_extraction_wall: number | null;
  stages: StageFigures[];
}

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const outPath = opt('--out') ?? 'bench-results.json';
const limit = Number(opt('--limit') ?? Infinity);
const runs = Math.max(1, Number(opt('--runs') ?? 3));
const warmup = Math.max(0, Number(opt('--warmup') ?? 5));

function corpora(): Corpus[] {
  const out: Corpus[] = [];
  const dir = new URL('../../../shared/data/extraction-dev/html/', import.meta.url).pathname;
  if (existsSync(dir)) {
    const files = readdirSync(dir).filter((f) => f.endsWith('.html.gz')).sort().slice(0, limit);
    out.push({ name: REAL, items: files.map((f) => ({ name: f, bytes: gunzipSync(readFileSync(join(dir, f))), contentType: 'text/html' })) });
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

const rawOf = (item: Corpus['items'][number]): RawInput => ({ bytes: item.bytes, kind: 'file', name: item.name, ...(item.contentType ? { contentType: item.contentType } : {}) });

function pct(sorted: readonly number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : 0;
}
const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);
const round = (x: number) => Math.round(x * 100) / 100;

let peakRss = process.memoryUsage().rss;

function measure(corpus: Corpus): CorpusFigures {
  for (const item of corpus.items.slice(0, warmup)) {
    try {
      analyzeRaw(rawOf(item));
    } catch {
      // counted as an error in the measured pass
    }
  }
  const wall: number[] = [];
  const cpu: number[] = [];
  const stageWall = new Map<string, number[]>();
  const stageCpu = new Map<string, number[]>();
  let words = 0;
  let errors = 0;
  for (const item of corpus.items) {
    const timings: StageTiming[] = [];
    const t0 = performance.now();
    const c0 = cpuNow();
    try {
      words += analyzeRaw(rawOf(item), { timings }).get('tokens').length;
    } catch {
      errors++;
      continue;
    }
    cpu.push(cpuNow() - c0);
    wall.push(performance.now() - t0);
    for (const t of timings) {
      (stageWall.get(t.analyser) ?? stageWall.set(t.analyser, []).get(t.analyser)!).push(t.ms);
      (stageCpu.get(t.analyser) ?? stageCpu.set(t.analyser, []).get(t.analyser)!).push(t.cpuMs ?? t.ms);
    }
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const stages = [...stageWall].map(([stage, ms]): StageFigures => {
    const c = stageCpu.get(stage)!;
    const s = sorted(ms);
    return { stage, median_ms: round(pct(s, 0.5)), p95_ms: round(pct(s, 0.95)), mean_ms: round(mean(ms)), cpu_median_ms: round(pct(sorted(c), 0.5)), cpu_mean_ms: round(mean(c)) };
  });
  const extract = stages.find((s) => s.stage === 'extract');
  const w = sorted(wall);
  const c = sorted(cpu);
  return {
    corpus: corpus.name,
    articles: wall.length,
    errors,
    tokens_per_article: Math.round(words / Math.max(1, wall.length)),
    articles_per_second_one_core: round(1000 / mean(cpu)),
    articles_per_second_typical: round(1000 / pct(c, 0.5)),
    median_ms: round(pct(w, 0.5)),
    p95_ms: round(pct(w, 0.95)),
    mean_ms: round(mean(wall)),
    cpu_median_ms: round(pct(c, 0.5)),
    cpu_p95_ms: round(pct(c, 0.95)),
    cpu_mean_ms: round(mean(cpu)),
    pipeline_over_extraction: extract ? round(mean(cpu) / mean(stageCpu.get('extract')!)) : null,
    pipeline_over_extraction_wall: extract ? round(mean(wall) / extract.mean_ms) : null,
    stages,
  };
}

/** The run whose figure is best, and the run at the median, per corpus (by CPU ms per article). */
function summarise(perRun: CorpusFigures[][]): { best: CorpusFigures[]; median: CorpusFigures[] } {
  const best: CorpusFigures[] = [];
  const median: CorpusFigures[] = [];
  for (let i = 0; i < perRun[0]!.length; i++) {
    const byCost = perRun.map((r) => r[i]!).sort((a, b) => a.cpu_mean_ms - b.cpu_mean_ms);
    best.push(byCost[0]!);
    median.push(byCost[Math.floor((byCost.length - 1) / 2)]!);
  }
  return { best, median };
}

function printCorpus(r: CorpusFigures, label: string): void {
  console.log(
    `\n${r.corpus} [${label}]: ${r.articles} articles, ${r.tokens_per_article} tokens each; ${r.articles_per_second_one_core} articles/s on one core (mean), ${r.articles_per_second_typical} (median article); ` +
      `CPU ms median ${r.cpu_median_ms}, p95 ${r.cpu_p95_ms}, mean ${r.cpu_mean_ms}; wall ms median ${r.median_ms}, p95 ${r.p95_ms}` +
      (r.pipeline_over_extraction !== null ? `; whole pipeline = ${r.pipeline_over_extraction}x extraction (wall ${r.pipeline_over_extraction_wall}x)` : ''),
  );
  console.log('  stage          CPU median  CPU mean  wall median  wall p95');
  for (const s of r.stages) {
    console.log(`  ${s.stage.padEnd(14)} ${String(s.cpu_median_ms).padStart(10)} ${String(s.cpu_mean_ms).padStart(9)} ${String(s.median_ms).padStart(12)} ${String(s.p95_ms).padStart(9)}`);
  }
}

const load0 = loadavg();
// The first analysis loads models and knowledge bases: a one-off cost, reported, not counted per article.
const l0 = performance.now();
const lc0 = cpuNow();
analyzeRaw({ bytes: Buffer.from('Warm-up text. Officials said Russia attacked Idlib on Monday.'), kind: 'string', name: 'warm-up' });
const load = { load_ms: Math.round(performance.now() - l0), load_cpu_ms: Math.round(cpuNow() - lc0) };
console.log(`model and knowledge loading (first analysis): ${load.load_ms} ms wall, ${load.load_cpu_ms} ms CPU (not counted below)`);

const all = corpora();
const perRun: CorpusFigures[][] = [];
for (let run = 0; run < runs; run++) perRun.push(all.map(measure));
const { best, median } = summarise(perRun);
for (const r of median) printCorpus(r, runs > 1 ? `median of ${runs} runs` : 'one run');

const real = { best: best.find((r) => r.corpus === REAL), median: median.find((r) => r.corpus === REAL) };
const checks = real.median
  ? [
      {
        check: `at least ${TARGET_ARTICLES_PER_SECOND} articles/s on one core, article of typical (median) length, real pages`,
        best: real.best!.articles_per_second_typical,
        median: real.median.articles_per_second_typical,
        pass: real.median.articles_per_second_typical >= TARGET_ARTICLES_PER_SECOND,
      },
      {
        check: `whole pipeline at most ${TARGET_PIPELINE_OVER_EXTRACTION}x extraction, real pages (mean CPU)`,
        best: real.best!.pipeline_over_extraction,
        median: real.median.pipeline_over_extraction,
        pass: (real.median.pipeline_over_extraction ?? Infinity) <= TARGET_PIPELINE_OVER_EXTRACTION,
      },
    ]
  : [];
console.log(`\nchecks (median of ${runs} run${runs > 1 ? 's' : ''}; best in brackets):`);
for (const c of checks) console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.check}: ${c.median} (${c.best})`);

const summary = {
  date: new Date().toISOString(),
  node: process.version,
  runs,
  load_average_before: load0.map(round),
  load_average_after: loadavg().map(round),
  ...load,
  peak_rss_mb: Math.round(peakRss / 1024 / 1024),
  checks,
  best,
  median,
  per_run: perRun,
};
console.log(`\npeak memory (RSS): ${summary.peak_rss_mb} MB; load average ${summary.load_average_before.join(' ')} before, ${summary.load_average_after.join(' ')} after`);
writeFileSync(outPath, JSON.stringify(summary, null, 2) + '\n');
console.log(`JSON written to ${outPath}`);
