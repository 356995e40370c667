/**
 * Generated documents for benchmarks: realistic English recombined from the hand-written test fixtures
 * (test/fixtures/corpus), so no data set is copied. Deterministic: the same n gives the same documents.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Words of the hand-written fixtures, in order (the stream windows are drawn from). */
export function fixtureWords(): string[] {
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
export function generated(n: number): string {
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

