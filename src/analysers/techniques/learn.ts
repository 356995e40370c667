/**
 * The two learners, written here rather than pulled from npm: L2-regularised logistic regression (binary, for
 * the token-level span detector) and multinomial logistic regression (for the technique classifier), both fitted
 * by AdaGrad over sparse binary features. Training-only code: the analyser never imports this module.
 */

/** Maps feature strings to dense indices; features seen fewer than `minCount` times are dropped. */
export class FeatureIndex {
  private readonly counts = new Map<string, number>();
  private index = new Map<string, number>();
  names: string[] = [];

  count(features: readonly string[]): void {
    for (const f of features) this.counts.set(f, (this.counts.get(f) ?? 0) + 1);
  }

  freeze(minCount: number): void {
    this.index = new Map();
    this.names = [];
    for (const [f, c] of this.counts) {
      if (c < minCount) continue;
      this.index.set(f, this.names.length);
      this.names.push(f);
    }
  }

  encode(features: readonly string[]): Int32Array {
    const out: number[] = [];
    for (const f of features) {
      const i = this.index.get(f);
      if (i !== undefined) out.push(i);
    }
    return Int32Array.from(out);
  }

  get size(): number {
    return this.names.length;
  }
}

export interface TrainOptions {
  epochs: number;
  rate: number;
  l2: number;
  seed?: number;
}

function shuffled(n: number, seed: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Binary logistic regression; returns one weight per feature. */
export function trainBinary(xs: readonly Int32Array[], ys: Uint8Array, nFeat: number, o: TrainOptions): Float64Array {
  const w = new Float64Array(nFeat);
  const g2 = new Float64Array(nFeat).fill(1e-6);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const order = shuffled(xs.length, (o.seed ?? 1) + epoch);
    for (const r of order) {
      const x = xs[r]!;
      let z = 0;
      for (let k = 0; k < x.length; k++) z += w[x[k]!]!;
      const g = sigmoid(z) - ys[r]!;
      for (let k = 0; k < x.length; k++) {
        const j = x[k]!;
        const grad = g + o.l2 * w[j]!;
        g2[j]! += grad * grad;
        w[j]! -= (o.rate * grad) / Math.sqrt(g2[j]!);
      }
    }
  }
  return w;
}

/** Multinomial logistic regression; returns weights laid out feature-major (w[f * K + k]). */
export function trainSoftmax(xs: readonly Int32Array[], ys: Int32Array, nFeat: number, K: number, o: TrainOptions): Float64Array {
  const w = new Float64Array(nFeat * K);
  const g2 = new Float64Array(nFeat * K).fill(1e-6);
  const z = new Float64Array(K);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const order = shuffled(xs.length, (o.seed ?? 1) + epoch);
    for (const r of order) {
      const x = xs[r]!;
      z.fill(0);
      for (let k = 0; k < x.length; k++) {
        const base = x[k]! * K;
        for (let c = 0; c < K; c++) z[c]! += w[base + c]!;
      }
      softmaxInPlace(z);
      z[ys[r]!]! -= 1;
      for (let k = 0; k < x.length; k++) {
        const base = x[k]! * K;
        for (let c = 0; c < K; c++) {
          const j = base + c;
          const grad = z[c]! + o.l2 * w[j]!;
          g2[j]! += grad * grad;
          w[j]! -= (o.rate * grad) / Math.sqrt(g2[j]!);
        }
      }
    }
  }
  return w;
}

export function softmaxInPlace(z: Float64Array | number[]): void {
  let max = -Infinity;
  for (let c = 0; c < z.length; c++) max = Math.max(max, z[c]!);
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    z[c] = Math.exp(z[c]! - max);
    sum += z[c]!;
  }
  for (let c = 0; c < z.length; c++) z[c] = z[c]! / sum;
}
