import { readFileSync } from 'node:fs';
import { dataPath } from './data-path.js';
import { featurize } from './checkworthy-features.js';
import { DIMS, SENTENCE_DIMS, vectorTokens, wordVectors, type WordVectors } from './checkworthy-vectors.js';

/**
 * One hidden layer (ReLU) over the sentence's mean pretrained word vector (checkworthy-vectors.ts); its output is
 * added to the sparse logit, so it corrects the bag of words where pretrained knowledge says more.
 */
export interface DeepPart {
  hidden: number;
  inputs: number;
  /** hidden × inputs, row-major */
  w1: number[];
  b1: number[];
  w2: number[];
}

/**
 * The committed model: logistic-regression weights over the features of checkworthy-features.ts ("wide"), plus,
 * when `deep` is present, a small MLP over pretrained word vectors whose output joins the same logit.
 */
export interface CheckworthyModel {
  version: string;
  threshold: number;
  bias: number;
  weights: Record<string, number>;
  deep?: DeepPart;
  meta?: Record<string, unknown>;
}

let model: CheckworthyModel | undefined;
let weightMap: Map<string, number> | undefined;

/** Loaded once on first use (models/checkworthy/model.json) and shared read-only. */
export function checkworthyModel(): CheckworthyModel {
  model ??= JSON.parse(readFileSync(dataPath('models', 'checkworthy', 'model.json'), 'utf8')) as CheckworthyModel;
  return model;
}

/** A Map is several times faster than a 45k-key object for the per-feature look-ups. */
function weightsOf(m: CheckworthyModel): Map<string, number> {
  if (m === model) return (weightMap ??= new Map(Object.entries(m.weights)));
  return new Map(Object.entries(m.weights));
}

export function scoreWith(m: CheckworthyModel, text: string): number {
  const w = weightsOf(m);
  let z = m.bias;
  for (const f of featurize(text)) z += w.get(f) ?? 0;
  if (m.deep) z += deepLogitOfText(m.deep, text);
  return 1 / (1 + Math.exp(-z));
}

/** The MLP's contribution to the logit: w2 · relu(w1 x + b1). About 6k multiply-adds for 64 hidden units. */
export function deepLogit(d: DeepPart, x: ArrayLike<number>): number {
  if (d.inputs !== SENTENCE_DIMS || x.length !== d.inputs) throw new Error(`checkworthy: deep part expects ${d.inputs} inputs, got ${x.length}`);
  const w1 = typedW1(d);
  let z = 0;
  for (let h = 0; h < d.hidden; h++) {
    let a = d.b1[h]!;
    const base = h * d.inputs;
    for (let i = 0; i < d.inputs; i++) a += w1[base + i]! * x[i]!;
    if (a > 0) z += d.w2[h]! * a;
  }
  return z;
}

/**
 * Words whose first-layer projections are computed when the model is first used: the most frequent (GloVe rows are
 * by frequency). 5,000 words cover most tokens of news text; at 192 hidden units that is 3.8 MB and about 96M
 * multiply-adds once.
 */
const PRECOMPUTED_WORDS = 5000;
/** Rarer words are projected when seen a second time and kept, up to this many (6 MB at 192 hidden units). */
const RARE_KEPT = 8000;
/** Words seen once, remembered until this many; then the record starts again (bounded memory). */
const SEEN_LIMIT = 50_000;

interface Projections {
  /** words × hidden, row i = W1 · vector(word i), for the PRECOMPUTED_WORDS most frequent words */
  top: Float32Array;
  /** rarer words seen at least twice */
  rare: Map<number, Float32Array>;
  seenOnce: Set<number>;
}

const projections = new WeakMap<DeepPart, Projections>();

/** W1 · (row × the vectors' scales) into out[at ..]: row is one word's int8 row or a sum of such rows. */
function project(d: DeepPart, v: WordVectors, row: Int8Array | Int32Array, out: Float32Array, at: number): void {
  const w1 = typedW1(d);
  for (let h = 0; h < d.hidden; h++) {
    let a = 0;
    const base = h * d.inputs;
    for (let k = 0; k < DIMS; k++) a += w1[base + k]! * row[k]! * v.scales[k]!;
    out[at + h] = a;
  }
}

function projectionsOf(d: DeepPart, v: WordVectors): Projections {
  let p = projections.get(d);
  if (!p) {
    const n = Math.min(PRECOMPUTED_WORDS, v.index.size);
    const top = new Float32Array(n * d.hidden);
    for (let i = 0; i < n; i++) project(d, v, v.rows.subarray(i * DIMS, i * DIMS + DIMS), top, i * d.hidden);
    projections.set(d, (p = { top, rare: new Map(), seenOnce: new Set() }));
  }
  return p;
}

/** A rarer word's cached projection once it has been seen twice (a one-off name is never projected alone). */
function rareRow(d: DeepPart, v: WordVectors, p: Projections, i: number): Float32Array | undefined {
  const row = p.rare.get(i);
  if (row || p.rare.size >= RARE_KEPT) return row;
  if (!p.seenOnce.has(i)) {
    if (p.seenOnce.size >= SEEN_LIMIT) p.seenOnce.clear();
    p.seenOnce.add(i);
    return undefined;
  }
  p.seenOnce.delete(i);
  const out = new Float32Array(d.hidden);
  project(d, v, v.rows.subarray(i * DIMS, i * DIMS + DIMS), out, 0);
  p.rare.set(i, out);
  return out;
}

/**
 * Same value as deepLogit(d, sentenceVector(text)) up to float rounding, several times cheaper: the first layer is
 * linear in the mean vector, so W1·sum is the sum of the words' cached W1·vector (the frequent words' computed on
 * first use, a rarer word's when it is seen a second time) plus W1 times the summed vectors of the other words,
 * projected once per sentence. A page of unseen text pays at most one projection per sentence instead of one per
 * new word (`npm run bench:unseen`), a one-off name is never projected alone, and memory stays bounded.
 */
export function deepLogitOfText(d: DeepPart, text: string): number {
  const v = wordVectors();
  const p = projectionsOf(d, v);
  const top = p.top;
  const H = d.hidden;
  const acc = new Float64Array(H);
  const rest = new Int32Array(DIMS); // exact integer sums of the rarer words' int8 rows, scaled once below
  let rare = 0;
  const toks = vectorTokens(text);
  let known = 0;
  for (const t of toks) {
    const i = v.index.get(t);
    if (i === undefined) continue;
    known++;
    if (i * H < top.length) {
      const at = i * H;
      for (let h = 0; h < H; h++) acc[h]! += top[at + h]!;
    } else {
      const row = rareRow(d, v, p, i);
      if (row) {
        for (let h = 0; h < H; h++) acc[h]! += row[h]!;
        continue;
      }
      rare++;
      const at = i * DIMS;
      for (let k = 0; k < DIMS; k++) rest[k]! += v.rows[at + k]!;
    }
  }
  if (rare) {
    const r = new Float32Array(H);
    project(d, v, rest, r, 0);
    for (let h = 0; h < H; h++) acc[h]! += r[h]!;
  }
  const w1 = typedW1(d);
  const unknownShare = toks.length ? (toks.length - known) / toks.length : 0;
  let z = 0;
  for (let h = 0; h < H; h++) {
    const a = d.b1[h]! + (known ? acc[h]! / known : 0) + w1[h * d.inputs + DIMS]! * unknownShare;
    if (a > 0) z += d.w2[h]! * a;
  }
  return z;
}

const typed = new WeakMap<DeepPart, Float64Array>();

/** JSON arrays mix small integers and doubles; a typed copy keeps the inner loop on one fast element kind. */
function typedW1(d: DeepPart): Float64Array {
  let w = typed.get(d);
  if (!w) typed.set(d, (w = Float64Array.from(d.w1)));
  return w;
}

/**
 * Probability that a sentence states a checkable fact worth a fact-checker's time, calibrated so that the model's
 * tuned decision threshold maps to 0.5 (a score ≥ 0.5 means "check-worthy").
 */
export function checkworthiness(text: string): number {
  const m = checkworthyModel();
  const p = scoreWith(m, text);
  // piecewise-linear rescale: threshold → 0.5
  const t = m.threshold;
  return p < t ? (0.5 * p) / t : 0.5 + (0.5 * (p - t)) / (1 - t);
}

/** The features with the largest positive weights in a sentence, to explain a score. */
export function topFeatures(text: string, k = 3): string[] {
  const m = checkworthyModel();
  return featurize(text)
    .map((f) => [f, weightsOf(m).get(f) ?? 0] as const)
    .filter(([, w]) => w > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([f]) => f);
}
