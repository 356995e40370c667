import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Document } from '../src/core/document.js';
import { tokenize } from '../src/analysers/tokens/index.js';
import { matchPhrases, sentenceFeatures, type Gazetteer } from '../src/analysers/ner/features.js';
import { loadModel, NT } from '../src/analysers/ner/model.js';
import { emissions } from '../src/analysers/ner/tagger.js';
import { CompactWeights } from '../src/analysers/techniques/compact.js';
import { wordsOf } from '../src/analysers/entities/words.js';

/**
 * The analysers' fast paths (caches, precomputed sums, compact tables) must compute exactly what the plain
 * definitions compute: these tests compare the two on made-up input chosen to reach the edge cases.
 */

const SENTENCES: string[][] = [
  ['President', 'Jane', 'Doe', 'visited', 'New', 'York', 'on', 'Monday', '.'],
  ['The', 'United', 'Nations', '(', 'UN', ')', 'met', 'in', 'Geneva', '.'],
  ['RUSSIAN', 'TROOPS', 'ENTER', 'SOUTHERN', 'IDLIB'],
  ['Hello'],
  ['Two', 'words'],
  ['(', 'Reuters', ')', '-', 'U.S.', 'officials', 'said', '1,200', 'people', 'fled', 'al-Bab', '.'],
  // The same words again (now from the caches), then an all-caps line reusing a word seen in mixed case.
  ['President', 'Jane', 'Doe', 'visited', 'New', 'York', 'on', 'Monday', '.'],
  ['JANE', 'DOE', 'IN', 'NEW', 'YORK'],
];

test('NER emissions from the per-word and per-pair caches equal the sum of the feature weights', () => {
  const model = loadModel();
  for (const words of SENTENCES) {
    const fast = emissions(model, words);
    const feats = sentenceFeatures(words, model.caseTable, model.gazetteer, model.clusters);
    assert.equal(fast.length, words.length * NT);
    feats.forEach((tok, i) => {
      for (let t = 0; t < NT; t++) {
        let sum = 0;
        for (const f of [...tok.word, ...tok.context]) sum += model.weights.get(f)?.[t] ?? 0;
        // Float32 sums in another order: equal to rounding.
        assert.ok(Math.abs(sum - fast[i * NT + t]!) < 1e-3, `${words.join(' ')}: word ${i}, tag ${t}: ${sum} vs ${fast[i * NT + t]}`);
      }
    });
  }
});

test('NER multi-word names: longest match, growing a word at a time', () => {
  const phrases = new Map([
    ['new york', 'LOC'],
    ['new york city', 'LOC'],
    ['united nations security council', 'ORG'],
    ['gaza strip', 'LOC'],
  ]);
  const gaz: Gazetteer = { words: new Map(), phrases, maxLen: 4, firsts: new Set(['new', 'united', 'gaza']) };
  const words = 'in new york city , the united nations security council and the united nations met in new york near gaza'.split(' ');
  const tags = matchPhrases(words, gaz);
  assert.deepEqual(tags.slice(1, 4), ['B-LOC', 'I-LOC', 'I-LOC']);
  assert.deepEqual(tags.slice(6, 10), ['B-ORG', 'I-ORG', 'I-ORG', 'I-ORG']);
  // "united nations" alone is only a prefix of a known name, not a name.
  assert.equal(tags[12], undefined);
  assert.equal(tags[13], undefined);
  assert.deepEqual(tags.slice(16, 18), ['B-LOC', 'I-LOC']);
  // A first word at the very end of the sentence has nothing to grow into.
  assert.equal(tags[19], undefined);
});

test('techniques compact weights: every slot reads back its dense weight', () => {
  const size = 1 << 12;
  const first = new Float32Array(size);
  const second = new Float32Array(size);
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let s = 0; s < size; s++) {
    if (rand() < 0.1) first[s] = Math.round((rand() - 0.5) * 4000) / 1000;
    if (rand() < 0.1) second[s] = Math.round((rand() - 0.5) * 4000) / 1000;
  }
  // Edges of a 32-slot word: its first and last slot.
  first[0] = 1.5;
  second[31] = -0.25;
  first[size - 1] = 0.125;
  const c = new CompactWeights(first, second);
  for (let s = 0; s < size; s++) {
    const at = c.at(s);
    if (first[s] === 0 && second[s] === 0) assert.equal(at, -1, `slot ${s}`);
    else {
      assert.equal(c.w[at], first[s], `slot ${s} first`);
      assert.equal(c.w[at + 1], second[s], `slot ${s} second`);
    }
  }
});

test('tokens: blank lines are skipped, each line ends a sentence, an over-long run is one token', () => {
  const run = 'x'.repeat(250);
  const text = `First line here.\n   \n\t\nSecond line ${run} tail\nThird`;
  const doc = new Document(text, [{ kind: 'body', start: 0, end: text.length }]);
  const tokens = tokenize(doc);
  const words = tokens.map((t) => text.slice(t.start, t.end));
  assert.deepEqual(words, ['First', 'line', 'here', '.', 'Second', 'line', run, 'tail', 'Third']);
  const long = tokens[words.indexOf(run)]!;
  assert.equal(long.pos, 'X');
  assert.equal(long.norm, run.slice(0, 64));
  // Lines and the long run each make their own sentence.
  assert.deepEqual(
    tokens.map((t) => t.sentence),
    [0, 0, 0, 0, 1, 1, 2, 3, 4],
  );
});

test('entities words: folded keys and case flags on ASCII and non-ASCII words', () => {
  const text = 'NATO and Zürich, 3D iPhone ÉCOLE U.S. Qa\u2019ida x';
  const doc = new Document(text, [{ kind: 'body', start: 0, end: text.length }]);
  const got = wordsOf(doc).map((w) => [w.text, w.key, w.cap, w.upper]);
  assert.deepEqual(got, [
    ['NATO', 'nato', true, true],
    ['and', 'and', false, false],
    ['Zürich', 'zurich', true, false],
    ['3D', '3d', false, true],
    ['iPhone', 'iphone', false, false],
    ['ÉCOLE', 'ecole', true, true],
    ['U.S', 'us', true, true],
    ['Qa\u2019ida', 'qaida', true, false],
    ['x', 'x', false, false],
  ]);
});
