import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { UnspinError } from '../core/errors.js';
import { decodeInput } from '../ingest/decode.js';
import { extractHtml } from '../extract/html/index.js';
import type { EvalOptions } from './index.js';
import { f1, pagePrecisionRecall, shingleCounts } from './shingles.js';

/**
 * Scores body extraction on an article-extraction-benchmark folder (`html/<id>.html.gz`, `ground-truth.json`):
 * precision and recall per page, macro-averaged, and their F1; also ms per page and the slowest page.
 * The body scored is the author's text: title, captions and reader comments are left out as the benchmark does.
 */
export async function evalExtraction(dir: string, opts: EvalOptions) {
  let truth: Record<string, { articleBody: string; url?: string }>;
  try {
    truth = JSON.parse(await fs.readFile(join(dir, 'ground-truth.json'), 'utf8'));
  } catch {
    throw new UnspinError('MISSING_DATA', `${dir}: no readable ground-truth.json`);
  }
  const ids = Object.keys(truth).sort().slice(0, opts.limit ?? Infinity);
  let sumP = 0;
  let sumR = 0;
  let errors = 0;
  const times: number[] = [];
  const perPage: { id: string; precision: number; recall: number; ms: number }[] = [];
  for (const id of ids) {
    const gold = truth[id]!;
    const bytes = gunzipSync(await fs.readFile(join(dir, 'html', `${id}.html.gz`)));
    const t0 = performance.now();
    let body = '';
    try {
      const decoded = decodeInput({ bytes, kind: 'file', name: id, contentType: 'text/html' });
      const ex = extractHtml(decoded.text, gold.url);
      body = ex.sections
        .filter((s) => s.kind === 'body' || s.kind === 'heading' || s.kind === 'quote')
        .map((s) => ex.text.slice(s.start, s.end))
        .join('\n');
    } catch (e) {
      errors++;
      opts.log?.(`${id}: ${(e as Error).message}`);
    }
    const ms = performance.now() - t0;
    times.push(ms);
    const { precision, recall } = pagePrecisionRecall(shingleCounts(gold.articleBody, body));
    sumP += precision;
    sumR += recall;
    perPage.push({ id, precision, recall, ms });
  }
  const n = ids.length;
  const precision = n ? sumP / n : 0;
  const recall = n ? sumR / n : 0;
  times.sort((a, b) => a - b);
  for (const p of perPage.filter((p) => f1(p.precision, p.recall) < 0.8)) opts.log?.(`low: ${p.id} P=${p.precision.toFixed(3)} R=${p.recall.toFixed(3)}`);
  return {
    n,
    metrics: {
      f1: round(f1(precision, recall)),
      precision: round(precision),
      recall: round(recall),
      errors,
      ms_per_page_median: round(times[Math.floor(n / 2)] ?? 0, 1),
      ms_per_page_max: round(times[n - 1] ?? 0, 1),
    },
  };
}

function round(x: number, d = 4): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}
