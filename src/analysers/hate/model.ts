import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UnspinError } from '../../core/errors.js';
import { DEFAULT_FEATURES, namedFeatures, vectorise, type FeatureConfig, type SparseVector } from './features.js';

/**
 * A linear classifier over hashed features (logistic regression, trained by scripts/train-hate.ts).
 * `binary` models have one logit (sigmoid); `softmax` models one per class. Weights ship as int16 with one
 * scale per class: half the size of float32 and no measurable loss in F1 (see the model card).
 */
export interface ModelMeta {
  name: string;
  kind: 'binary' | 'softmax';
  /** binary: the positive class name; softmax: every class, in weight order. */
  classes: string[];
  /** For binary models, the name of the negative class (the data set's label). */
  negative?: string;
  features: FeatureConfig;
  bias: number[];
  scale: number[];
  /** binary: probability at or above which the positive class is predicted (tuned on a validation slice). */
  threshold?: number;
  /** softmax: added to each logit before the argmax (tuned on a validation slice to balance the classes). */
  offsets?: number[];
  weights: string;
  trainedIds: string;
  [extra: string]: unknown;
}

export interface Contribution {
  /** The word (or word pair) whose features pushed the score. */
  text: string;
  weight: number;
}

export class LinearModel {
  readonly meta: ModelMeta;
  /** Weights bucket-major (bucket × classes + class): one cache line serves every class of a feature. */
  private readonly w: Float32Array;
  private readonly k: number;

  /** `weights` class-major (class × 2^bits + bucket), as trained and stored. */
  constructor(meta: ModelMeta, weights: Float32Array) {
    this.meta = meta;
    const dim = 1 << meta.features.bits;
    const K = meta.bias.length;
    if (weights.length !== dim * K) throw new UnspinError('UNREADABLE', `${meta.name}: weights do not match ${K} × 2^${meta.features.bits}`);
    this.k = K;
    this.w = new Float32Array(weights.length);
    for (let c = 0; c < K; c++) for (let b = 0; b < dim; b++) this.w[b * K + c] = weights[c * dim + b]!;
  }

  /** The weight of class k for one hash bucket. */
  weightAt(bucket: number, k: number): number {
    return this.w[bucket * this.k + k]!;
  }

  logits(v: SparseVector): number[] {
    const K = this.k;
    const z = this.meta.bias.slice();
    for (let i = 0; i < v.idx.length; i++) {
      const at = v.idx[i]! * K;
      const x = v.val[i]!;
      for (let c = 0; c < K; c++) z[c]! += this.w[at + c]! * x;
    }
    return z;
  }

  /** Probability of each class (binary: one number, the positive class). */
  probabilities(text: string): number[] {
    return this.probs(this.logits(vectorise(text, this.meta.features)));
  }

  /** As probabilities(), from a vector already built with this model's feature configuration. */
  probabilitiesOf(v: SparseVector): number[] {
    return this.probs(this.logits(v));
  }

  probs(z: number[]): number[] {
    if (this.meta.kind === 'binary') return [sigmoid(z[0]!)];
    const m = Math.max(...z);
    const e = z.map((x) => Math.exp(x - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / s);
  }

  /** The predicted label, with the tuned threshold or class offsets. */
  predict(text: string): string {
    const z = this.logits(vectorise(text, this.meta.features));
    if (this.meta.kind === 'binary') return sigmoid(z[0]!) >= (this.meta.threshold ?? 0.5) ? this.meta.classes[0]! : (this.meta.negative ?? 'not');
    const off = this.meta.offsets ?? [];
    let best = 0;
    for (let k = 1; k < z.length; k++) if (z[k]! + (off[k] ?? 0) > z[best]! + (off[best] ?? 0)) best = k;
    return this.meta.classes[best]!;
  }

  /**
   * The words that pushed class `k` up most: each feature's weight × value summed per source word, and word pairs
   * reported as "a b". Used as evidence in reasons ("top features: ...").
   */
  explain(text: string, k = 0, top = 3): Contribution[] {
    const { words, features, vector } = namedFeatures(text, this.meta.features);
    const value = new Map<number, number>();
    for (let i = 0; i < vector.idx.length; i++) value.set(vector.idx[i]!, vector.val[i]!);
    const occurrences = new Map<number, number>();
    for (const f of features) occurrences.set(f.bucket, (occurrences.get(f.bucket) ?? 0) + 1);
    const byText = new Map<string, number>();
    for (const f of features) {
      if (f.word < 0) continue;
      const label = f.name.startsWith('b:') ? f.name.slice(2) : words[f.word]!;
      // A bucket counted n times was given value for n, so each occurrence gets its share.
      const c = (this.w[f.bucket * this.k + k]! * (value.get(f.bucket) ?? 0)) / occurrences.get(f.bucket)!;
      byText.set(label, (byText.get(label) ?? 0) + c);
    }
    return [...byText]
      .filter(([t, w]) => w > 0 && !t.startsWith('_'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([text, weight]) => ({ text, weight: Number(weight.toFixed(3)) }));
  }
}

/**
 * Several models over the same features scored in one pass: their weights interleaved per bucket, so each feature
 * costs one cache miss for all models instead of one per model (the sentence classifiers are memory-bound).
 */
export class JointScorer {
  private readonly w: Float32Array;
  private readonly width: number;
  private readonly bias: number[];

  constructor(readonly models: readonly LinearModel[]) {
    const bits = models[0]!.meta.features.bits;
    this.width = models.reduce((a, m) => a + m.meta.bias.length, 0);
    this.bias = models.flatMap((m) => m.meta.bias);
    this.w = new Float32Array((1 << bits) * this.width);
    let col = 0;
    for (const m of models) {
      const K = m.meta.bias.length;
      for (let b = 0; b < 1 << bits; b++) for (let c = 0; c < K; c++) this.w[b * this.width + col + c] = m.weightAt(b, c);
      col += K;
    }
  }

  /** Every model's logits, concatenated in model order. */
  logits(v: SparseVector): number[] {
    const W = this.width;
    const z = this.bias.slice();
    for (let i = 0; i < v.idx.length; i++) {
      const at = v.idx[i]! * W;
      const x = v.val[i]!;
      for (let c = 0; c < W; c++) z[c]! += this.w[at + c]! * x;
    }
    return z;
  }
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Folder of the shipped weights: models/hate at the repository root (this file runs from dist/src/analysers/hate/). */
export const MODEL_DIR = fileURLToPath(new URL('../../../../models/hate/', import.meta.url));

export function loadModel(name: string, dir = MODEL_DIR): LinearModel {
  let meta: ModelMeta;
  try {
    meta = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as ModelMeta;
  } catch (e) {
    throw new UnspinError('MISSING_DATA', `${join(dir, name)}.json: model not found or unreadable (run npm run train:hate): ${(e as Error).message}`);
  }
  meta.features ??= DEFAULT_FEATURES;
  const buf = readFileSync(join(dir, meta.weights));
  const q = new Int16Array(buf.buffer, buf.byteOffset, buf.byteLength >> 1);
  const dim = 1 << meta.features.bits;
  const w = new Float32Array(q.length);
  for (let k = 0; k < meta.scale.length; k++) {
    const s = meta.scale[k]!;
    for (let i = k * dim; i < (k + 1) * dim; i++) w[i] = q[i]! * s;
  }
  return new LinearModel(meta, w);
}

/** Quantises float weights to int16 with one scale per class (inverse of loadModel). */
export function quantise(w: Float32Array, classes: number, bits: number): { bytes: Buffer; scale: number[] } {
  const dim = 1 << bits;
  const q = new Int16Array(w.length);
  const scale: number[] = [];
  for (let k = 0; k < classes; k++) {
    let max = 0;
    for (let i = k * dim; i < (k + 1) * dim; i++) max = Math.max(max, Math.abs(w[i]!));
    const s = max > 0 ? max / 32767 : 1;
    scale.push(s);
    for (let i = k * dim; i < (k + 1) * dim; i++) q[i] = Math.round(w[i]! / s);
  }
  return { bytes: Buffer.from(q.buffer, q.byteOffset, q.byteLength), scale };
}

const cache = new Map<string, LinearModel>();

/** The shipped model, loaded once on first use and shared read-only. */
export function sharedModel(name: 'antisemitism' | 'hate'): LinearModel {
  let m = cache.get(name);
  if (!m) {
    m = loadModel(name);
    cache.set(name, m);
  }
  return m;
}
