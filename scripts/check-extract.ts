/**
 * `npm run check:extract`: does a rebuilt extraction stage give the SAME output as a reference build, and what does
 * it cost? Loads the reference build (--old DIR, required: any compiled tree of this project, e.g. the dist/ of a
 * `git worktree` of the commit to compare with) and
 * this build side by side in one process, extracts every page of ../shared/data/extraction-dev with both (decoding
 * included, as the pipeline's `extract` stage does), and compares text, sections and all metadata. Then it times
 * both in CPU time (GC included), each build in child processes of its own (two builds in one process bias the
 * figures: measured ~10% in favour of the one loaded second), alternating old and new `--rounds` times so machine
 * load falls on both alike, and prints the median and mean CPU ms per page of each. Exits 1 when any page differs.
 *
 * Options: --old DIR, --passes N (timed passes per process, default 3), --rounds N (processes per build, default
 * 3), --limit N (pages), --data DIR (the data set).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { gunzipSync } from 'node:zlib';

interface Build {
  label: string;
  extract: (raw: Raw) => { text: string; sections: unknown; meta: unknown };
}
interface Raw {
  bytes: Buffer;
  kind: 'file';
  name: string;
  contentType: string;
}

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const here = new URL('..', import.meta.url).pathname; // this build's dist/
const oldArg = opt('--old');
if (!oldArg) {
  process.stderr.write('usage: npm run check:extract -- --old DIR   (DIR: the dist/ folder of a reference build)\n');
  process.exit(2);
}
const oldDir = resolve(oldArg);
const passes = Math.max(1, Number(opt('--passes') ?? 3));
const limit = Number(opt('--limit') ?? Infinity);
const rounds = Math.max(1, Number(opt('--rounds') ?? 3));
const timeOnly = opt('--time');

async function load(label: string, dist: string): Promise<Build> {
  const { decodeInput } = await import(join(dist, 'src/ingest/decode.js'));
  const { extractDocument } = await import(join(dist, 'src/extract/index.js'));
  return {
    label,
    extract: (raw) => {
      const doc = extractDocument(decodeInput(raw), raw);
      return { text: doc.text, sections: doc.sections, meta: doc.meta };
    },
  };
}

function cpuNow(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
};

function loadPages(): Raw[] {
  const dir = join(resolve(opt('--data') ?? join(here, '../../shared/data/extraction-dev')), 'html');
  if (!existsSync(dir)) throw new Error(`${dir} not found`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.html.gz'))
    .sort()
    .slice(0, limit)
    .map((f) => ({ bytes: gunzipSync(readFileSync(join(dir, f))), kind: 'file', name: f, contentType: 'text/html' }));
}

/** Child process: warm up, then `passes` timed passes of one build; prints each page's CPU ms as JSON. */
async function timeBuild(dist: string): Promise<void> {
  const pages = loadPages();
  const build = await load('timed', dist);
  for (const p of pages.slice(0, 10)) build.extract(p);
  const ms: number[] = [];
  for (let i = 0; i < passes; i++) {
    for (const p of pages) {
      const c0 = cpuNow();
      build.extract(p);
      ms.push(cpuNow() - c0);
    }
  }
  console.log(JSON.stringify(ms));
}

async function main(): Promise<void> {
  const pages = loadPages();
  const builds = [await load('old', oldDir), await load('new', here)];

  let differ = 0;
  for (const p of pages) {
    const [a, b] = builds.map((bl) => JSON.parse(JSON.stringify(bl.extract(p))));
    for (const key of ['text', 'sections', 'meta'] as const) {
      if (isDeepStrictEqual(a[key], b[key])) continue;
      differ++;
      console.log(`DIFF ${p.name}: ${key}`);
      if (key === 'meta') console.log(`  old ${JSON.stringify(a.meta)}\n  new ${JSON.stringify(b.meta)}`);
      break;
    }
  }
  console.log(`${pages.length} pages: ${differ} differ`);

  const per = new Map<string, number[]>([['old', []], ['new', []]]);
  const roundMedians = new Map<string, number[]>([['old', []], ['new', []]]);
  const script = new URL(import.meta.url).pathname;
  const forward = args.filter((a, i) => !['--old', '--time'].includes(a) && !['--old', '--time'].includes(args[i - 1] ?? ''));
  for (let r = 0; r < rounds; r++) {
    for (const [label, dist] of r % 2 ? [['new', here], ['old', oldDir]] : [['old', oldDir], ['new', here]]) {
      const out = execFileSync(process.execPath, [script, ...forward, '--time', dist!], { encoding: 'utf8', maxBuffer: 64 << 20 });
      const ms = JSON.parse(out.trim().split('\n').pop()!) as number[];
      per.get(label!)!.push(...ms);
      roundMedians.get(label!)!.push(Math.round(median(ms) * 100) / 100);
    }
  }
  // The best round is the least disturbed by other processes; the pooled median is reported too.
  const result: Record<string, { median_ms: number; mean_ms: number; best_round_median_ms: number; round_medians: number[] }> = {};
  for (const [label, xs] of per) {
    const rm = roundMedians.get(label)!;
    result[label] = {
      median_ms: Math.round(median(xs) * 100) / 100,
      mean_ms: Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 100) / 100,
      best_round_median_ms: Math.min(...rm),
      round_medians: rm,
    };
  }
  console.log(JSON.stringify({ pages: pages.length, differ, passes, rounds, cpu: result }));
  if (differ) process.exitCode = 1;
}

if (timeOnly) await timeBuild(resolve(timeOnly));
else await main();
