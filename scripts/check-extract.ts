/**
 * `npm run check:extract`: does a rebuilt extraction stage give the SAME output as a reference build, and what does
 * it cost? Loads the reference build (default /work/main/dist, or --old DIR: any compiled tree of this project) and
 * this build side by side in one process, extracts every page of ../shared/data/extraction-dev with both (decoding
 * included, as the pipeline's `extract` stage does), and compares text, sections and all metadata. Then it times
 * both, alternating passes so machine load falls on both alike, in CPU time of the process (GC included), and
 * prints the median and mean CPU ms per page of each. Exits 1 when any page differs.
 *
 * Options: --old DIR, --passes N (timed passes per build, default 3), --limit N (pages).
 */
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
const oldDir = resolve(opt('--old') ?? '/work/main/dist');
const passes = Math.max(1, Number(opt('--passes') ?? 3));
const limit = Number(opt('--limit') ?? Infinity);

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

async function main(): Promise<void> {
  const dir = join(here, '../../shared/data/extraction-dev/html');
  if (!existsSync(dir)) throw new Error(`${dir} not found`);
  const pages: Raw[] = readdirSync(dir)
    .filter((f) => f.endsWith('.html.gz'))
    .sort()
    .slice(0, limit)
    .map((f) => ({ bytes: gunzipSync(readFileSync(join(dir, f))), kind: 'file', name: f, contentType: 'text/html' }));
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

  // Warm both, then alternate timed passes.
  for (const bl of builds) for (const p of pages.slice(0, 10)) bl.extract(p);
  const per = new Map<string, number[]>(builds.map((b) => [b.label, []]));
  for (let i = 0; i < passes; i++) {
    for (const bl of i % 2 ? [...builds].reverse() : builds) {
      for (const p of pages) {
        const c0 = cpuNow();
        bl.extract(p);
        per.get(bl.label)!.push(cpuNow() - c0);
      }
    }
  }
  const result: Record<string, { median_ms: number; mean_ms: number }> = {};
  for (const [label, xs] of per) {
    result[label] = { median_ms: Math.round(median(xs) * 100) / 100, mean_ms: Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 100) / 100 };
  }
  console.log(JSON.stringify({ pages: pages.length, differ, passes, cpu: result }));
  if (differ) process.exitCode = 1;
}

await main();
