/**
 * `npm run bench:unseen`: what a real page costs the first time a process sees it. `npm run bench` times the same 94
 * pages run after run, so from its second run on every word of them is in the analysers' per-word caches (NER's
 * summed weights, check-worthiness projections, the hate features); a worker reading a stream of new articles sees
 * many words for the first time. Here one fresh process warms up on the odd-numbered pages (`--warm-passes`, default
 * 4), then analyses the even-numbered pages, which it has never seen, three times over: CPU ms of the median page and
 * per-stage medians for each pass. Prints a table on standard error and JSON on standard output.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { analyzeRaw } from '../src/analyze.js';
import type { StageTiming } from '../src/core/pipeline.js';
import { cpuNow } from '../src/core/pipeline.js';

const args = process.argv.slice(2);
const warmPasses = Number(args.includes('--warm-passes') ? args[args.indexOf('--warm-passes') + 1] : 4);
const dir = new URL('../../../shared/data/extraction-dev/html/', import.meta.url).pathname;
const pages = readdirSync(dir)
  .filter((f) => f.endsWith('.html.gz'))
  .sort()
  .map((f) => ({ name: f, bytes: gunzipSync(readFileSync(join(dir, f))) }));

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const round = (x: number): number => Math.round(x * 100) / 100;

interface Pass {
  pass: string;
  pages: number;
  cpu_median_ms: number;
  articles_per_second_typical: number;
  stages: Record<string, number>;
}

function pass(label: string, set: typeof pages): Pass {
  const cpu: number[] = [];
  const stages = new Map<string, number[]>();
  for (const p of set) {
    const timings: StageTiming[] = [];
    const c0 = cpuNow();
    analyzeRaw({ bytes: p.bytes, kind: 'file', name: p.name, contentType: 'text/html' }, { timings });
    cpu.push(cpuNow() - c0);
    for (const t of timings) (stages.get(t.analyser) ?? stages.set(t.analyser, []).get(t.analyser)!).push(t.cpuMs ?? t.ms);
  }
  const m = median(cpu);
  return {
    pass: label,
    pages: set.length,
    cpu_median_ms: round(m),
    articles_per_second_typical: round(1000 / m),
    stages: Object.fromEntries([...stages].map(([k, v]) => [k, round(median(v))])),
  };
}

const warm = pages.filter((_, i) => i % 2 === 1);
const unseen = pages.filter((_, i) => i % 2 === 0);
for (let k = 0; k < warmPasses; k++) pass(`warm-up ${k + 1}`, warm);
const passes = [pass('unseen pages, first sight', unseen), pass('the same pages, second time', unseen), pass('the same pages, third time', unseen)];
for (const p of passes) {
  const top = Object.entries(p.stages)
    .filter(([, v]) => v >= 0.5)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  process.stderr.write(`${p.pass.padEnd(30)} ${p.articles_per_second_typical} articles/s (CPU ${p.cpu_median_ms} ms median page): ${top}\n`);
}
process.stdout.write(JSON.stringify({ date: new Date().toISOString(), node: process.version, warmPasses, passes }) + '\n');
