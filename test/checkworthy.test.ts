import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers/paths.js';
import {
  DIMS,
  SENTENCE_DIMS,
  decodeVectors,
  encodeVectors,
  isVectorToken,
  sentenceVector,
  vectorTokens,
  wordVectors,
} from '../src/analysers/claims/checkworthy-vectors.js';
import { checkworthiness, checkworthyModel, deepLogit, deepLogitOfText, scoreWith, type CheckworthyModel } from '../src/analysers/claims/checkworthy.js';

/** Three made-up words with simple vectors: dimension 0, 1 and 2 set to 1, 2 and -3. */
function tinyVectors() {
  const rows = new Float32Array(3 * DIMS);
  rows[0] = 1;
  rows[DIMS + 1] = 2;
  rows[2 * DIMS + 2] = -3;
  return { rows, v: decodeVectors(['alpha', 'beta', 'gamma'], encodeVectors(rows)) };
}

test('vector tokens follow GloVe: lower case, clitics split off, numbers kept whole', () => {
  assert.deepEqual(vectorTokens("We DON'T know; it’s 4,500 or 12.5%?"), ['we', 'do', "n't", 'know', 'it', "'s", '4,500', 'or', '12.5', '%', '?']);
  assert.ok(isVectorToken("n't") && isVectorToken('senate') && isVectorToken('1999'));
  assert.ok(!isVectorToken('--') && !isVectorToken('e-mail') && !isVectorToken('123456'));
});

test('int8 vector codec round-trips within one quantisation step', () => {
  const rows = Float32Array.from({ length: 4 * DIMS }, (_, i) => Math.sin(i) * (1 + (i % 7)));
  const v = decodeVectors(['a', 'b', 'c', 'd'], encodeVectors(rows));
  for (let i = 0; i < rows.length; i++) {
    const d = i % DIMS;
    assert.ok(Math.abs(v.rows[i]! * v.scales[d]! - rows[i]!) <= v.scales[d]! / 2 + 1e-6, `row value ${i}`);
  }
  assert.throws(() => decodeVectors(['a', 'b'], encodeVectors(rows)), /4 rows/);
});

test('sentence vector: mean of the known words, last input the share of unknown tokens', () => {
  const { v } = tinyVectors();
  const s = sentenceVector('Alpha beta unknownword gamma', v);
  assert.equal(s.length, SENTENCE_DIMS);
  assert.ok(Math.abs(s[0]! - 1 / 3) < 0.01 && Math.abs(s[1]! - 2 / 3) < 0.01 && Math.abs(s[2]! + 1) < 0.01);
  assert.equal(s[3], 0);
  assert.equal(s[DIMS], 0.25);
  assert.ok(sentenceVector('', v).every((x) => x === 0));
});

test('the MLP part: w2 · relu(w1 x + b1), and it moves the sparse score', () => {
  const x = new Float32Array(SENTENCE_DIMS);
  x[0] = 1;
  x[1] = 2;
  const w1 = new Array<number>(2 * SENTENCE_DIMS).fill(0);
  w1[0] = 1; // unit 0: x0 + x1 - 1 = 2
  w1[1] = 1;
  w1[SENTENCE_DIMS] = -1; // unit 1: -x0 = -1, cut by the ReLU
  const deep = { hidden: 2, inputs: SENTENCE_DIMS, w1, b1: [-1, 0], w2: [0.5, 10] };
  assert.equal(deepLogit(deep, x), 1);
  assert.throws(() => deepLogit(deep, new Float32Array(5)), /expects/);
  const wide: CheckworthyModel = { version: 't', threshold: 0.5, bias: 0, weights: {} };
  const withDeep: CheckworthyModel = { ...wide, deep: { ...deep, b1: [5, 0], w1: new Array<number>(2 * SENTENCE_DIMS).fill(0) } };
  assert.equal(scoreWith(wide, 'Taxes rose by 5 percent.'), 0.5);
  assert.ok(Math.abs(scoreWith(withDeep, 'Taxes rose by 5 percent.') - 1 / (1 + Math.exp(-2.5))) < 1e-9);
});

test('committed model: wide and deep parts, compact files, cheap to score', () => {
  const m = checkworthyModel();
  assert.ok(m.deep, 'model.json has no deep part');
  assert.equal(m.deep.inputs, SENTENCE_DIMS);
  assert.equal(m.deep.w1.length, m.deep.hidden * m.deep.inputs);
  assert.ok(wordVectors().index.size >= 10_000);
  // the cached per-word projections give the same logit as the MLP over the mean vector (common and rare words)
  for (const t of ['The deficit grew by 300 billion dollars.', "We don't know, zzqx.", '', 'Thank you.', 'Photosynthesis abates']) {
    const slow = deepLogit(m.deep, sentenceVector(t));
    assert.ok(Math.abs(deepLogitOfText(m.deep, t) - slow) < 1e-3, `${t}: ${deepLogitOfText(m.deep, t)} vs ${slow}`);
  }
  assert.ok(wordVectors().index.has('unemployment'));
  const dir = join(ROOT, 'models', 'checkworthy');
  assert.ok(statSync(join(dir, 'model.json')).size < 4_000_000);
  assert.ok(statSync(join(dir, 'vectors.bin')).size < 6_000_000);
  const sentences = [
    'The deficit grew by 300 billion dollars in the last four years.',
    'I want to thank everyone for coming out tonight.',
    'Crime in our cities fell by a third between 1990 and 2000.',
    'We are going to make this country great again.',
  ];
  checkworthiness(sentences[0]!); // load once before timing
  const t0 = process.cpuUsage();
  for (let i = 0; i < 500; i++) checkworthiness(sentences[i % 4]!);
  const cpu = process.cpuUsage(t0);
  const msPerSentence = (cpu.user + cpu.system) / 1000 / 500;
  // about 0.02 ms on an idle core; a generous bound so a loaded machine does not fail it
  assert.ok(msPerSentence < 0.5, `${msPerSentence} ms per sentence`);
  assert.ok(checkworthiness(sentences[0]!) > checkworthiness(sentences[1]!));
  assert.ok(checkworthiness(sentences[2]!) > checkworthiness(sentences[3]!));
});

test('cached projections match the MLP for a wider layer too (several nets side by side, as the ensemble writes)', () => {
  // a made-up 192-unit layer: fewer words are projected up front, the rest on first sight; the logit must not change
  let r = 7;
  const rand = () => ((r = (Math.imul(r, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const hidden = 192;
  const deep = {
    hidden,
    inputs: SENTENCE_DIMS,
    w1: Array.from({ length: hidden * SENTENCE_DIMS }, () => rand() * 0.3),
    b1: Array.from({ length: hidden }, () => rand() * 0.1),
    w2: Array.from({ length: hidden }, () => rand()),
  };
  for (const t of ['The deficit grew by 300 billion dollars.', 'Photosynthesis abates near the isthmus, zzqx.', '', 'the the the']) {
    const slow = deepLogit(deep, sentenceVector(t));
    for (let pass = 0; pass < 2; pass++) {
      assert.ok(Math.abs(deepLogitOfText(deep, t) - slow) < 1e-3, `${t} (pass ${pass}): ${deepLogitOfText(deep, t)} vs ${slow}`);
    }
  }
});
