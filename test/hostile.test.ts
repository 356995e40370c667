import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeRaw } from '../src/analyze.js';
import { isUnspinError } from '../src/core/errors.js';
import type { RawInput } from '../src/ingest/types.js';
import { cpuNow } from '../src/core/pipeline.js';
import { assertSpansInside } from './helpers/spans.js';

/**
 * A hostile-input corpus generated here (never downloaded): each case must end in a clear UnspinError or a sane
 * analysis, within its time bound. Memory is bounded by the size limit the inputs run under.
 */
interface Case {
  name: string;
  bytes: () => Buffer;
  /** Wall-clock bound on this machine, generous for a busy CI runner. */
  ms: number;
  expect: 'error' | 'analysis' | 'either';
  contentType?: string;
}

const repeat = (s: string, n: number): string => s.repeat(n);
const CASES: Case[] = [
  { name: 'empty file', bytes: () => Buffer.alloc(0), ms: 2000, expect: 'error' },
  { name: 'whitespace only', bytes: () => Buffer.from(' \n\t\r\n   '), ms: 2000, expect: 'error' },
  { name: 'PNG renamed .html', bytes: () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 7)]), ms: 2000, expect: 'error' },
  { name: 'random binary', bytes: () => Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)), ms: 2000, expect: 'error' },
  { name: 'one gigantic line (2 MB, no spaces)', bytes: () => Buffer.from(repeat('a', 2_000_000)), ms: 30000, expect: 'either' },
  { name: 'one gigantic sentence (1 MB of words, no full stop)', bytes: () => Buffer.from(repeat('Russia said the army attacked ', 35_000)), ms: 60000, expect: 'analysis' },
  { name: 'deeply nested HTML (20,000 levels)', bytes: () => Buffer.from(`<html><body>${repeat('<div>', 20000)}Deep text here, said officials.${repeat('</div>', 20000)}</body></html>`), ms: 30000, expect: 'either', contentType: 'text/html' },
  { name: 'unclosed tags everywhere', bytes: () => Buffer.from(`<html><body>${repeat('<p><b><i>Unclosed paragraph about talks in Geneva ', 3000)}`), ms: 30000, expect: 'analysis', contentType: 'text/html' },
  { name: 'mixed encodings (UTF-8 then Latin-1 bytes)', bytes: () => Buffer.concat([Buffer.from('Café in Zürich — talks resumed. '), Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x0a])]), ms: 5000, expect: 'analysis' },
  { name: 'byte-order marks in the middle', bytes: () => Buffer.from('\ufeffTitle\ufeff\n\nBody \ufeff text with BOMs, officials said.'), ms: 5000, expect: 'analysis' },
  { name: 'right-to-left and zero-width characters', bytes: () => Buffer.from('\u202eReversed headline\u202c\n\nZero\u200bwidth\u200djoiners\u2060 in\u200e a\u200f sentence about Idlib, said the ministry. مرحبا بالعالم'), ms: 5000, expect: 'analysis' },
  { name: 'extremely long word (200k letters between sentences)', bytes: () => Buffer.from(`Officials said. ${repeat('x', 200_000)} Rebels attacked.`), ms: 30000, expect: 'analysis' },
  { name: 'pathological regex input: runs of punctuation and spaces', bytes: () => Buffer.from(repeat('. , ; : ! ? « » — … ', 40_000)), ms: 30000, expect: 'either' },
  { name: 'pathological regex input: endless "Read more" and quotes', bytes: () => Buffer.from(repeat('"Read more »" \u201c\u201d ', 30_000)), ms: 30000, expect: 'either' },
  { name: 'many tiny paragraphs', bytes: () => Buffer.from(repeat('A.\n\n', 50_000)), ms: 60000, expect: 'analysis' },
  { name: 'NUL bytes inside text', bytes: () => Buffer.from('Text with a NUL \u0000 byte inside, officials said.'), ms: 5000, expect: 'either' },
  { name: 'HTML with scripts, styles and comments only', bytes: () => Buffer.from('<html><head><script>while(true){}</script><style>p{}</style></head><body><!-- nothing --></body></html>'), ms: 5000, expect: 'either', contentType: 'text/html' },
  { name: 'over the size limit', bytes: () => Buffer.alloc(21 * 1024 * 1024, 0x61), ms: 5000, expect: 'error' },
  { name: 'a 50 MB page', bytes: () => Buffer.from(`<html><body>${'<p>Officials said the talks would resume next week in Geneva.</p>'.repeat(800_000)}</body></html>`), ms: 10000, expect: 'error', contentType: 'text/html' },
];

for (const c of CASES) {
  test(`hostile input: ${c.name}`, { timeout: c.ms * 2 + 5000 }, () => {
    const raw: RawInput = { bytes: c.bytes(), kind: 'file', name: c.name, ...(c.contentType ? { contentType: c.contentType } : {}) };
    // CPU time of this test process, not wall time: the bound is about our work, not about how busy the machine is
    // (a hang still burns CPU, and the test timeout catches anything that waits).
    const t0 = cpuNow();
    let outcome: 'error' | 'analysis';
    try {
      const doc = analyzeRaw(raw);
      assertSpansInside(doc);
      outcome = 'analysis';
    } catch (e) {
      assert.ok(isUnspinError(e), `a clear UnspinError, not ${(e as Error).stack}`);
      assert.ok(!e.message.includes('\n'), 'one-line message');
      outcome = 'error';
    }
    const ms = cpuNow() - t0;
    if (c.expect !== 'either') assert.equal(outcome, c.expect);
    assert.ok(ms < c.ms, `${c.name}: ${Math.round(ms)} ms, bound ${c.ms} ms`);
  });
}
