import { promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import { UnspinError } from '../core/errors.js';
import { detectLanguage } from '../extract/language.js';
import type { EvalOptions } from './index.js';

/**
 * Accuracy of language identification on one-sentence-a-line files named by ISO 639-1 code (`<dir>/xx.txt`, or
 * `<dir>/sentences/xx.txt` as in the lingua test data). Also reports per-language accuracy for the weakest.
 */
export async function evalLangid(dir: string, opts: EvalOptions) {
  const folder = (await exists(join(dir, 'lingua', 'sentences'))) ? join(dir, 'lingua', 'sentences') : (await exists(join(dir, 'sentences'))) ? join(dir, 'sentences') : dir;
  const files = (await fs.readdir(folder)).filter((f) => /^[a-z]{2,3}\.txt$/.test(f)).sort();
  if (files.length === 0) throw new UnspinError('MISSING_DATA', `${dir}: no <language>.txt files found`);
  let n = 0;
  let correct = 0;
  const perLanguage: Record<string, number> = {};
  for (const f of files) {
    const lang = basename(f, '.txt');
    const lines = (await fs.readFile(join(folder, f), 'utf8')).split('\n').filter((l) => l.trim()).slice(0, opts.limit ?? Infinity);
    let ok = 0;
    for (const line of lines) if (detectLanguage(line) === lang) ok++;
    n += lines.length;
    correct += ok;
    perLanguage[lang] = lines.length ? ok / lines.length : 0;
  }
  const weakest = Object.entries(perLanguage).sort((a, b) => a[1] - b[1]).slice(0, 8);
  opts.log?.(`weakest: ${weakest.map(([l, a]) => `${l} ${a.toFixed(2)}`).join(', ')}`);
  return { n, metrics: { accuracy: Math.round((correct / n) * 10000) / 10000 }, languages: files.length, weakest: Object.fromEntries(weakest) };
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(() => true, () => false);
}
