import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { UnspinError } from '../core/errors.js';
import { checkworthiness } from '../analysers/claims/checkworthy.js';
import type { EvalOptions } from './index.js';

/** Reads a CheckThat!-style `data.tsv` (id, text, Yes/No; header row first). */
export function parseCheckworthyTsv(tsv: string): { id: string; text: string; yes: boolean }[] {
  return tsv
    .split('\n')
    .slice(1)
    .map((l) => l.replace(/\r$/, '').split('\t'))
    .filter((p) => p.length >= 3)
    .map(([id, text, label]) => ({ id: id!, text: text!, yes: label!.trim() === 'Yes' }));
}

/** F1, precision and recall of the Yes class; a sentence is predicted Yes when its check-worthiness is ≥ 0.5. */
export async function evalCheckworthy(dir: string, opts: EvalOptions) {
  let tsv: string;
  try {
    tsv = await fs.readFile(join(dir, 'data.tsv'), 'utf8');
  } catch {
    throw new UnspinError('MISSING_DATA', `${dir}: no readable data.tsv`);
  }
  const rows = parseCheckworthyTsv(tsv).slice(0, opts.limit ?? Infinity);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  checkworthiness(''); // loads the model and word vectors, so ms_per_sentence is the scoring cost alone
  const t0 = performance.now();
  for (const r of rows) {
    const yes = checkworthiness(r.text) >= 0.5;
    if (yes && r.yes) tp++;
    else if (yes) fp++;
    else if (r.yes) fn++;
  }
  const ms = performance.now() - t0;
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const r4 = (x: number) => Math.round(x * 10000) / 10000;
  return { n: rows.length, metrics: { f1: r4(f1), precision: r4(precision), recall: r4(recall), ms_per_sentence: r4(rows.length ? ms / rows.length : 0) } };
}
