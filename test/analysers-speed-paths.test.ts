import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Document } from '../src/core/document.js';
import { tokenize } from '../src/analysers/tokens/index.js';
import { bigramBucket, fnv1a, normalise, wordFeatures, DEFAULT_FEATURES } from '../src/analysers/hate/features.js';
import { tokenise, tokeniseByRegex } from '../src/analysers/hate/lexicons.js';
import { ArticleView, MAX_TOKEN_FEATURES, slot, spanRepeats, tokenFeaturesInto, wordOnlyFeaturesInto } from '../src/analysers/techniques/features.js';
import { STOP } from '../src/analysers/techniques/cues.js';
import { techniquesModel } from '../src/analysers/techniques/model.js';
import { marginals } from '../src/analysers/ner/decode.js';
import { featurize } from '../src/analysers/claims/checkworthy-features.js';

/**
 * The allocation-free paths of the hate and techniques analysers must compute exactly what their plain definitions
 * compute: each test compares the two on made-up input (random strings from an alphabet chosen for the edge cases).
 */

/** Deterministic pseudo-random numbers, so a failure repeats. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

/** ASCII letters and digits, apostrophes, dashes, spaces of several kinds, accented and non-Latin letters, a
 * letter and a symbol outside the basic plane (surrogate pairs), a lone surrogate, masks the hate features know. */
const PIECES = ['a', 'B', 'z', '7', "'", '’', '‘', '`', '-', '–', '—', ' ', '  ', '\n', '\t', '\u00a0', '\u2009', 'é', 'Ж', 'ß', '中', '²', '½',
  '𝐀', '😀', '\ud835', '.', ',', '!', '?', '_', '@', '#', '&amp;', '&#39;', '&#8217;', 'http://x.y/z', 'RT', 'rt', 'ooo', 'AAA', 'Aaa', '(((', '"'];

function randomText(next: () => number, pieces: number): string {
  let s = '';
  for (let i = 0; i < pieces; i++) s += PIECES[Math.floor(next() * PIECES.length)]!;
  return s;
}

test('hate: the hand-written tokeniser returns what the token regex returns, on whole texts and on ranges', () => {
  const next = rng(7);
  for (let n = 0; n < 3000; n++) {
    const text = randomText(next, 1 + Math.floor(next() * 30));
    assert.deepEqual(tokenise(text), tokeniseByRegex(text), JSON.stringify(text));
    const from = Math.floor(next() * text.length);
    const to = from + Math.floor(next() * (text.length - from + 1));
    assert.deepEqual(tokenise(text, from, to), tokeniseByRegex(text, from, to), `${JSON.stringify(text)} [${from}, ${to})`);
  }
});

/** normalise() as it was: every replacement, always. */
function normaliseReference(text: string): string {
  const ENTITY: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  return text
    .replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITY[m] ?? m)
    .replace(/&#\d+;/g, ' ')
    .replace(/https?:\/\/\S+/g, ' _url_ ')
    .replace(/@\w+/g, ' _user_ ')
    .replace(/\bRT\b/g, ' ')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/(.)\1{2,}/g, '$1$1');
}

test('hate: normalise with its fast path equals every replacement applied', () => {
  const next = rng(11);
  for (let n = 0; n < 3000; n++) {
    const text = randomText(next, 1 + Math.floor(next() * 20));
    assert.equal(normalise(text), normaliseReference(text), JSON.stringify(text));
  }
});

test('hate: a bigram bucket from the cached word state equals the hash of the bigram feature', () => {
  const mask = (1 << DEFAULT_FEATURES.bits) - 1;
  for (const [a, b] of [['jews', 'control'], ['the', 'media'], ['x', ''], ['über', 'straße'], ['(((', 'they'], ['a'.repeat(50), 'b']]) {
    assert.equal(bigramBucket(wordFeatures(a!, DEFAULT_FEATURES, mask), b!, mask), fnv1a(`b:${a} ${b}`) & mask);
  }
});

/** slot() as it was: three calls of the mix function. */
function slotReference(template: number, a = 0, b = 0, c = 0): number {
  const mix = (x: number, y: number): number => {
    let h = Math.imul(x ^ Math.imul(y, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  };
  return mix(mix(mix(template, a), b), c) & ((1 << 20) - 1);
}

test('techniques: the written-out slot hash equals the mix chain, for hashes across the 32-bit range', () => {
  const next = rng(3);
  for (let n = 0; n < 5000; n++) {
    const v = () => Math.floor(next() * 2 ** 32);
    const t = 1 + Math.floor(next() * 46);
    const [a, b, c] = [v(), v(), v()];
    assert.equal(slot(t, a, b, c), slotReference(t, a, b, c));
    assert.equal(slot(t, a), slotReference(t, a));
  }
});

const TEXT =
  'The vicious regime attacked the villages again. The vicious regime denied it! Did the regime attack the villages? ' +
  'Officials said the regime attacked the villages, and the villages said so too.\n' +
  'Heading With Capitals\n' +
  '“The vicious regime” is a phrase the writer repeats: the vicious regime, the vicious regime.';

function viewOf(text: string): { view: ArticleView; doc: Document } {
  const doc = new Document(text, [{ kind: 'body', start: 0, end: text.length }]);
  const tokens = tokenize(doc);
  doc.set('tokens', tokens);
  return { view: new ArticleView(text, tokens), doc };
}

test('techniques: word and pair repetition counts equal counts by word and pair strings', () => {
  const { view } = viewOf(TEXT);
  const content = (w: string) => w.length > 2 && /^[a-z]/.test(w) && !STOP.has(w);
  const words = new Map<string, number>();
  const pairs = new Map<string, number>();
  const n = view.norms.length;
  for (let k = 0; k < n; k++) {
    const w = view.norms[k]!;
    if (!content(w)) continue;
    words.set(w, (words.get(w) ?? 0) + 1);
    if (k + 1 < n && view.sentTo[k]! > k + 1) pairs.set(w + ' ' + view.norms[k + 1], (pairs.get(w + ' ' + view.norms[k + 1]) ?? 0) + 1);
  }
  let repeatedPairs = 0;
  for (let k = 0; k < n; k++) {
    const w = view.norms[k]!;
    assert.equal(view.wordRep[k], words.get(w) ?? 0, `word ${k} "${w}"`);
    const pair = content(w) && k + 1 < n && view.sentTo[k]! > k + 1 ? pairs.get(w + ' ' + view.norms[k + 1])! : 0;
    assert.equal(view.pairRep[k], pair, `pair at ${k} "${w} ${view.norms[k + 1]}"`);
    if (pair > 1) repeatedPairs++;
  }
  assert.ok(repeatedPairs > 5, 'the fixture repeats pairs');
});

test('techniques: sentence facts per token match their sentence', () => {
  const { view } = viewOf(TEXT);
  for (let k = 0; k < view.tokens.length; k++) {
    const from = view.tokens[view.sentFrom[k]!]!.start;
    const to = view.tokens[view.sentTo[k]! - 1]!.end;
    const sentence = TEXT.slice(from, to);
    assert.equal(view.hasQuestion(k), sentence.includes('?'), sentence);
    assert.equal(view.hasExclaim(k), sentence.includes('!'), sentence);
  }
  const vicious = view.norms.indexOf('vicious');
  assert.ok(view.sentenceCues(vicious).includes('emotive'));
});

test('techniques: repetition of a span asked twice in a row gives the same answer as a fresh count', () => {
  const { view } = viewOf(TEXT);
  const at = TEXT.indexOf('vicious regime');
  const first = spanRepeats(view.lowerText, at, at + 14, view);
  const again = spanRepeats(view.lowerText, at, at + 14, view);
  assert.deepEqual(again, first);
  assert.deepEqual(first, spanRepeats(view.lowerText, at, at + 14));
  assert.equal(first.count, 5);
  assert.equal(first.earlier, false);
});

test('techniques: top features by insertion equal a stable sort by weight', () => {
  const model = techniquesModel();
  const { view } = viewOf(TEXT);
  const at = TEXT.indexOf('vicious regime');
  const { features } = model.classify(view, at, at + 14);
  // Duplicated names keep equal weights next to each other: the stable order must hold for ties too.
  const list = [...features, ...features];
  for (let c = 0; c < model.labels.length; c++) {
    for (const n of [1, 3, 5]) {
      const reference = list
        .filter((f) => f !== 'b')
        .map((f) => [f, model.tcWeights(f)?.[c] ?? 0] as const)
        .filter(([, w]) => w > 0)
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([f]) => f);
      assert.deepEqual(model.topFeatures(list, c, n), reference);
    }
  }
});

test('NER: marginals for the tagged rows only equal the full marginals there, and a changed table is not served stale', () => {
  const NT = 9;
  const next = rng(5);
  const n = 7;
  const emit = Float32Array.from({ length: n * NT }, () => next() * 6 - 3);
  const trans = Float32Array.from({ length: (NT + 1) * NT }, () => next() * 2 - 1);
  const rows = Int8Array.from([0, 1, 2, 0, 0, 5, 6]);
  const full = marginals(emit, n, trans, 1.3);
  const some = marginals(emit, n, trans, 1.3, rows);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < NT; t++) assert.equal(some[i * NT + t], rows[i] === 0 ? 0 : full[i * NT + t], `row ${i} tag ${t}`);
  }
  const before = marginals(emit, n, trans, 1.3);
  trans[3] = trans[3]! + 2;
  const after = marginals(emit, n, trans, 1.3);
  const fresh = marginals(emit, n, Float32Array.from(trans), 1.3);
  assert.deepEqual(after, fresh);
  assert.notDeepEqual(after, before);
});

test('techniques: the word-only slots plus the rest are exactly the token slots (as multisets)', () => {
  const { view } = viewOf(TEXT);
  const buf = new Int32Array(MAX_TOKEN_FEATURES);
  for (let i = 0; i < view.tokens.length; i++) {
    const all = Array.from(buf.subarray(0, tokenFeaturesInto(view, i, buf))).sort((a, b) => a - b);
    const rest = Array.from(buf.subarray(0, tokenFeaturesInto(view, i, buf, false)));
    const own = Array.from(buf.subarray(0, wordOnlyFeaturesInto(view, i, buf)));
    assert.deepEqual([...rest, ...own].sort((a, b) => a - b), all, `token ${i} "${view.norms[i]}"`);
    assert.equal(view.norms[view.wordId.indexOf(view.wordId[i]!)], view.norms[i]);
  }
});

test('claims: sentence cue feature names from the constant tables', () => {
  const f = featurize('Yesterday Moscow and Paris voted 5 times, then 7 more than 12 rose.');
  for (const name of ['len=m', 'caps=2', 'nums=3', 'past=2', 'quantity', 'comparative', 'num+quantity', 'num+comparative', 'name+past', 'bias']) assert.ok(f.includes(name), name);
  assert.ok(featurize('Is it?').includes('len=xs'));
  assert.ok(featurize('Is it?').includes('question'));
});
