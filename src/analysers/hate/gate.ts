import { bigramBucket, normalise, wordFeatures, words, type WordFeatures } from './features.js';
import type { LinearModel } from './model.js';

/**
 * A cheap estimate of how far one class of a softmax model can get above its rivals on a sentence, to skip the full
 * classifier on sentences that cannot reach a flagging probability (nearly all news sentences: the classifier on its
 * own flagged none of ~3,800 sentences of 94 real news pages).
 *
 * The model's logit difference z_c − z_k is a sum over the sentence's features of (w_c − w_k) × value, every value
 * 1/sqrt(number of features) when no feature repeats. Each word's own features (the word and its character n-grams)
 * are summed once per word and cached, so the estimate costs a map lookup per word and one table read per bigram,
 * instead of ~25 hashed features per word and a read of every class's weight for each. Repeated features make the
 * estimate differ from the exact margin a little (sub-linear counts, fewer distinct features); callers keep a slack
 * (GATE_SLACK) well above the largest difference measured (see the model card).
 */
export class MarginGate {
  private readonly mask: number;
  /** Per bucket, w_c − w_k for each rival k (bucket-major). */
  private readonly delta: Float32Array;
  private readonly rivals: number[];
  /** Bias difference per rival, after the caller's correction of the logits. */
  private readonly bias: number[];
  /** Per word: the summed deltas of its own features per rival and its number of features; its features. */
  private readonly perWord = new Map<string, WordEntry>();
  /** Counts a word's occurrences in the current text without a map per text (see margin()). */
  private stamp = 0;
  private readonly seen: WordEntry[] = [];
  private readonly sums: Float64Array;

  constructor(
    private readonly model: LinearModel,
    readonly cls: number,
    correctedBias: number[],
  ) {
    const bits = model.meta.features.bits;
    this.mask = (1 << bits) - 1;
    this.rivals = correctedBias.map((_, k) => k).filter((k) => k !== cls);
    this.bias = this.rivals.map((k) => correctedBias[cls]! - correctedBias[k]!);
    const R = this.rivals.length;
    this.delta = new Float32Array((1 << bits) * R);
    this.sums = new Float64Array(R);
    for (let b = 0; b < 1 << bits; b++) {
      const wc = model.weightAt(b, cls);
      for (let r = 0; r < R; r++) this.delta[b * R + r] = wc - model.weightAt(b, this.rivals[r]!);
    }
  }

  private word(w: string): WordEntry {
    const hit = this.perWord.get(w);
    if (hit) return hit;
    const R = this.rivals.length;
    const f = wordFeatures(w, this.model.meta.features, this.mask);
    const s = new Float32Array(R + 1);
    for (let r = 0; r < R; r++) {
      let sum = this.delta[f.word * R + r]!;
      for (let i = 0; i < f.chars.length; i++) sum += this.delta[f.chars[i]! * R + r]!;
      s[r] = sum;
    }
    s[R] = 1 + f.chars.length;
    if (this.perWord.size >= 100_000) this.perWord.clear();
    const entry: WordEntry = { sums: s, f, stamp: 0, count: 0 };
    this.perWord.set(w, entry);
    return entry;
  }

  /**
   * The estimated smallest margin z_cls − z_k over rivals k: exact when no feature repeats in the text; a word that
   * repeats counts with the sub-linear value 1 + ln(count), as in the features, so "x x x" is not underestimated.
   */
  margin(text: string): number {
    const R = this.rivals.length;
    const ws = words(normalise(text));
    if (ws.length === 0) return -Infinity;
    const sums = this.sums.fill(0);
    const stamp = ++this.stamp;
    const seen = this.seen;
    seen.length = 0;
    // Squared length of the feature vector (before unit scaling): one per distinct feature when nothing repeats.
    let norm2 = 0;
    let prev: WordEntry | undefined;
    for (let i = 0; i < ws.length; i++) {
      const e = this.word(ws[i]!);
      if (e.stamp !== stamp) {
        e.stamp = stamp;
        e.count = 0;
        seen.push(e);
      }
      e.count++;
      if (prev) {
        const b = bigramBucket(prev.f, ws[i]!, this.mask) * R;
        for (let r = 0; r < R; r++) sums[r]! += this.delta[b + r]!;
        norm2++;
      }
      prev = e;
    }
    for (const e of seen) {
      const v = e.count === 1 ? 1 : 1 + Math.log(e.count);
      for (let r = 0; r < R; r++) sums[r]! += e.sums[r]! * v;
      norm2 += e.sums[R]! * v * v;
    }
    const inv = 1 / Math.sqrt(norm2);
    let min = Infinity;
    for (let r = 0; r < R; r++) min = Math.min(min, this.bias[r]! + sums[r]! * inv);
    return min;
  }
}

interface WordEntry {
  /** Summed deltas of the word's own features per rival, then the number of those features. */
  sums: Float32Array;
  f: WordFeatures;
  /** The margin() call that last counted this word, and its count there. */
  stamp: number;
  count: number;
}
