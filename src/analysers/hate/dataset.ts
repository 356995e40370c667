import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { UnspinError } from '../../core/errors.js';
import { fnv1a } from './features.js';
import { MODEL_DIR } from './model.js';

/** One labelled item of a `data.tsv` file (`id<TAB>text<TAB>label`, with a header line). */
export interface Item {
  id: string;
  text: string;
  label: string;
}

export function readTsv(dir: string): Item[] {
  let raw: string;
  try {
    raw = readFileSync(join(dir, 'data.tsv'), 'utf8');
  } catch {
    throw new UnspinError('MISSING_DATA', `${dir}: no readable data.tsv`);
  }
  const items: Item[] = [];
  for (const line of raw.split('\n')) {
    if (!line) continue;
    const first = line.indexOf('\t');
    const last = line.lastIndexOf('\t');
    if (first < 0 || last <= first) continue;
    const id = line.slice(0, first);
    if (id === 'id') continue;
    items.push({ id, text: line.slice(first + 1, last), label: line.slice(last + 1).trim() });
  }
  return items;
}

export type Part = 'train' | 'validation' | 'heldout';

/**
 * The fixed, deterministic split of a training file by a hash of the item id: 20% held out (never trained on,
 * never tuned on) and 80% training part. (Bucket 2 is labelled 'validation' for tools that want a fixed slice; the
 * trainer tunes on 4 out-of-fold slices of the whole training part instead.) The ids the shipped weights saw are
 * written to the model folder, so an eval can score everything else.
 */
export function partOf(id: string): Part {
  const b = fnv1a('split:' + id) % 10;
  return b < 2 ? 'heldout' : b === 2 ? 'validation' : 'train';
}

export const SPLIT_RULE = "fnv1a32('split:' + id) % 10: 0-1 held out (never trained or tuned on), 2-9 training part";

/** Ids a shipped model was trained on (one per line, gzipped, in the model folder). */
export function trainedIds(file: string, dir = MODEL_DIR): Set<string> {
  try {
    return new Set(gunzipSync(readFileSync(join(dir, file))).toString('utf8').split('\n').filter(Boolean));
  } catch (e) {
    throw new UnspinError('MISSING_DATA', `${join(dir, file)}: list of trained ids not found (run npm run train:hate): ${(e as Error).message}`);
  }
}
