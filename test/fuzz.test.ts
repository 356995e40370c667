import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyzeString } from '../src/analyze.js';
import { isUnspinError } from '../src/core/errors.js';
import { assertSpansInside } from './helpers/spans.js';

/**
 * Property: whatever text or HTML comes in, analysis either refuses it with an UnspinError or returns a document
 * whose every span lies inside its text. Fixed seed in CI; UNSPIN_FUZZ_RUNS=5000 for a longer hunt.
 */
const RUNS = Number(process.env.UNSPIN_FUZZ_RUNS ?? 60);
const SEED = Number(process.env.UNSPIN_FUZZ_SEED ?? 20261125);

const newsWords = fc.constantFrom('Russia', 'said', 'attacked', 'the', 'ISIS', 'in', 'Idlib', 'on', 'Monday', '.', ',', '"', 'vicious', 'globalist', 'according to', 'Read more »', '\n\n', '–', 'al-Nusra', 'Deir el-Zor', '2017', 'zionist', 'claims');
const noisy = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(newsWords, { maxLength: 120 }).map((w) => w.join(' ')),
  fc.array(fc.oneof(newsWords, fc.constantFrom('<p>', '</p>', '<div class="comment">', '</div>', '<h2>', '</h2>', '<script>x()</script>', '<!--', '-->', '&amp;', '&#0;', '\u202e', '\u200b', '\ufeff')), { maxLength: 150 }).map((w) => `<html><body>${w.join('')}`),
);

test('fuzz: analysis never crashes and every span stays inside the text', { timeout: 300_000 }, () => {
  fc.assert(
    fc.property(noisy, (input) => {
      try {
        const doc = analyzeString(input);
        assertSpansInside(doc);
      } catch (e) {
        if (!isUnspinError(e)) throw e;
      }
    }),
    { numRuns: RUNS, seed: SEED },
  );
});

test('fuzz: the same input gives the same analysis (analysers are deterministic)', { timeout: 120_000 }, () => {
  fc.assert(
    fc.property(fc.array(newsWords, { minLength: 5, maxLength: 80 }).map((w) => w.join(' ')), (text) => {
      try {
        const a = analyzeString(text);
        const b = analyzeString(text);
        for (const name of a.layerNames()) assert.deepEqual(a.get(name), b.get(name), `layer ${name}`);
      } catch (e) {
        if (!isUnspinError(e)) throw e;
      }
    }),
    { numRuns: Math.max(10, Math.floor(RUNS / 4)), seed: SEED },
  );
});
