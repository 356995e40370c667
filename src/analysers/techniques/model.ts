import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CompactWeights } from './compact.js';
import { ArticleView, MAX_TOKEN_FEATURES, SI_BITS, STACK_FEATURES, T, sentenceStats, slot, spanFeatures, stackFeaturesInto, strHash, tokenFeaturesInto, wordOnlyFeaturesInto } from './features.js';

/** The committed model file, as `npm run train:techniques` writes it. */
export interface TechniquesModelFile {
  name: string;
  created: string;
  /** Span detector: hashed weights, stored sparse (slot numbers delta-encoded, weights rounded). */
  si: { bits: number; slots: number[]; w: number[]; decode: DecodeParams; stack?: { slots: number[]; w: number[] } };
  tc: { labels: string[]; w: Record<string, number[]> };
  /** Maps a raw flag score to the share of such flags that were right on the tuning articles (isotonic bins). */
  calibration?: { edges: number[]; values: number[] };
}

export interface DecodeParams {
  /** A token is inside a span when its (smoothed) probability reaches this. */
  threshold: number;
  /** Runs of at most this many tokens below threshold are bridged inside a sentence. */
  gap: number;
  /** Weight given to the neighbours' probabilities when smoothing (0 = none). */
  smooth: number;
  /** Drop determiners, prepositions and conjunctions at span edges (gold spans rarely start or end on them). */
  trim?: boolean;
  /** Drop spans whose mean token probability is below this. */
  minMean?: number;
}

const EDGE_TAGS = new Set(['PUNCT', 'DET', 'ADP', 'CCONJ', 'SCONJ', 'PART']);

export interface TokenSpan {
  from: number;
  to: number;
  /** Mean token probability over the span. */
  p: number;
}

/** A loaded, ready-to-score model: weights in Maps, shared read-only. */
export class TechniquesModel {
  readonly name: string;
  readonly labels: string[];
  readonly decode: DecodeParams;
  private readonly siW: Float32Array;
  private readonly stackW: Float32Array | undefined;
  /** Both passes' weights, compact (see compact.ts): what scoring reads. */
  private readonly compact: CompactWeights;
  private readonly tcW: Map<string, Float64Array>;
  private readonly calibration: { edges: number[]; values: number[] } | undefined;

  constructor(file: TechniquesModelFile) {
    this.name = file.name;
    this.labels = file.tc.labels;
    this.decode = file.si.decode;
    if (file.si.bits !== SI_BITS) throw new Error(`techniques model: span detector has ${file.si.bits} hash bits, code expects ${SI_BITS}`);
    this.siW = dense(file.si);
    this.stackW = file.si.stack ? dense(file.si.stack) : undefined;
    this.compact = new CompactWeights(this.siW, this.stackW);
    this.tcW = new Map(Object.entries(file.tc.w).map(([f, w]) => [f, Float64Array.from(w)]));
    this.calibration = file.calibration;
  }

  /** The span detector's weight for a word on its own (how much the word alone suggests propaganda). */
  siWordWeight(norm: string): number {
    return this.siW[slot(T.word, strHash(norm))]!;
  }

  tcWeights(feature: string): Float64Array | undefined {
    return this.tcW.get(feature);
  }

  /**
   * Probability, per token, that it lies inside a propaganda span (second pass when the model has one). One pass
   * writes each token's slots into a reused buffer and sums both passes' weights over them, so no per-token arrays
   * are kept; the second pass then only adds the stacked features.
   */
  tokenProbs(v: ArticleView): Float64Array {
    const n = v.tokens.length;
    const first = new Float64Array(n);
    const stack = this.stackW;
    const stackBase = stack ? new Float64Array(n) : undefined;
    const buf = new Int32Array(MAX_TOKEN_FEATURES);
    const compact = this.compact;
    const cw = compact.w;
    // The weights of the features a word brings by itself (word, suffix, cue families), summed once per distinct
    // word of the article: about half the tokens repeat an earlier word. The order of the terms changes, not the
    // sum: the weights are float32 stored to three decimals (at least 0.01 in size, at most a few units), so every
    // partial sum of a token's ~25 of them is exact in a double.
    const wordZ = new Float64Array(2 * v.distinctWords).fill(Number.NaN);
    for (let i = 0; i < n; i++) {
      const id = v.wordId[i]!;
      if (Number.isNaN(wordZ[2 * id]!)) {
        const m = wordOnlyFeaturesInto(v, i, buf);
        let z = 0;
        let zs = 0;
        for (let k = 0; k < m; k++) {
          const at = compact.at(buf[k]!);
          if (at < 0) continue;
          z += cw[at]!;
          zs += cw[at + 1]!;
        }
        wordZ[2 * id] = z;
        wordZ[2 * id + 1] = zs;
      }
      const m = tokenFeaturesInto(v, i, buf, false);
      let z = wordZ[2 * id]!;
      let zs = wordZ[2 * id + 1]!;
      for (let k = 0; k < m; k++) {
        const at = compact.at(buf[k]!);
        if (at < 0) continue;
        z += cw[at]!;
        zs += cw[at + 1]!;
      }
      first[i] = 1 / (1 + Math.exp(-z));
      if (stackBase) stackBase[i] = zs;
    }
    if (!stack || !stackBase) return first;
    const { max, mean } = sentenceStats(v, first);
    const out = new Float64Array(n);
    const sbuf = new Int32Array(STACK_FEATURES);
    for (let i = 0; i < n; i++) {
      let z = stackBase[i]!;
      stackFeaturesInto(v, i, first, max, mean, sbuf);
      for (let k = 0; k < STACK_FEATURES; k++) {
        const at = compact.at(sbuf[k]!);
        if (at >= 0) z += cw[at + 1]!;
      }
      out[i] = 1 / (1 + Math.exp(-z));
    }
    return out;
  }

  /** First-pass probabilities only (training uses them to build the second pass). */
  firstPassProbs(v: ArticleView): Float64Array {
    const out = new Float64Array(v.tokens.length);
    const buf = new Int32Array(MAX_TOKEN_FEATURES);
    for (let i = 0; i < out.length; i++) {
      let z = 0;
      const m = tokenFeaturesInto(v, i, buf);
      for (let k = 0; k < m; k++) z += this.siW[buf[k]!]!;
      out[i] = 1 / (1 + Math.exp(-z));
    }
    return out;
  }

  /** Technique probabilities for a character span (in `labels` order), plus the features that weighed most. */
  classify(v: ArticleView, start: number, end: number): { probs: number[]; features: string[] } {
    const K = this.labels.length;
    const z = new Float64Array(K);
    const features = spanFeatures(v, start, end);
    for (const f of features) {
      const w = this.tcW.get(f);
      if (w) for (let c = 0; c < K; c++) z[c]! += w[c]!;
    }
    let max = -Infinity;
    for (let c = 0; c < K; c++) if (z[c]! > max) max = z[c]!;
    let sum = 0;
    for (let c = 0; c < K; c++) sum += z[c] = Math.exp(z[c]! - max);
    const probs = new Array<number>(K);
    for (let c = 0; c < K; c++) probs[c] = z[c]! / sum;
    return { probs, features };
  }

  /**
   * The features that pushed most towards class c, strongest first (equal weights keep the features' order). A
   * running top-n by insertion: sorting every feature of every flag was a tenth of the analyser's garbage.
   */
  topFeatures(features: readonly string[], c: number, n: number): string[] {
    const names: string[] = [];
    const weights: number[] = [];
    for (const f of features) {
      if (f === 'b') continue;
      const w = this.tcW.get(f)?.[c] ?? 0;
      if (!(w > 0)) continue;
      let at = names.length;
      while (at > 0 && weights[at - 1]! < w) at--;
      if (at >= n) continue;
      names.splice(at, 0, f);
      weights.splice(at, 0, w);
      if (names.length > n) {
        names.pop();
        weights.pop();
      }
    }
    return names;
  }

  calibrate(score: number): number {
    const cal = this.calibration;
    if (!cal || cal.edges.length === 0) return score;
    let b = 0;
    while (b < cal.edges.length && score >= cal.edges[b]!) b++;
    return cal.values[Math.min(b, cal.values.length - 1)]!;
  }
}

function dense(sparse: { slots: number[]; w: number[] }): Float32Array {
  const out = new Float32Array(1 << SI_BITS);
  let at = 0;
  sparse.slots.forEach((delta, k) => {
    at += delta;
    out[at] = sparse.w[k]!;
  });
  return out;
}

/** Turns token probabilities into token spans: smooth, threshold, bridge short gaps, trim punctuation. */
export function decodeSpans(v: ArticleView, probs: Float64Array, d: DecodeParams): TokenSpan[] {
  const n = probs.length;
  const q = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const from = v.sentFrom[i]!;
    const to = v.sentTo[i]!;
    const left = i > from ? probs[i - 1]! : probs[i]!;
    const right = i + 1 < to ? probs[i + 1]! : probs[i]!;
    q[i] = (1 - d.smooth) * probs[i]! + (d.smooth * (left + right)) / 2;
  }
  const spans: TokenSpan[] = [];
  let i = 0;
  while (i < n) {
    if (q[i]! < d.threshold) {
      i++;
      continue;
    }
    const sentEnd = v.sentTo[i]!;
    let end = i + 1;
    for (;;) {
      while (end < sentEnd && q[end]! >= d.threshold) end++;
      let k = end;
      while (k < sentEnd && k - end < d.gap && q[k]! < d.threshold) k++;
      if (k > end && k < sentEnd && q[k]! >= d.threshold) end = k;
      else break;
    }
    let from = i;
    let to = end;
    const edge = (k: number): boolean => (d.trim ? EDGE_TAGS.has(v.tokens[k]!.pos) : v.tokens[k]!.pos === 'PUNCT');
    while (from < to && edge(from)) from++;
    while (to > from && edge(to - 1)) to--;
    if (to > from) {
      let sum = 0;
      for (let k = from; k < to; k++) sum += probs[k]!;
      const p = sum / (to - from);
      if (p >= (d.minMean ?? 0)) spans.push({ from, to, p });
    }
    i = end;
  }
  return spans;
}

const MODEL_PATH = fileURLToPath(new URL('../../../../models/techniques/model.json', import.meta.url));
let loaded: TechniquesModel | undefined;

/** The committed model, read on first use and shared. */
export function techniquesModel(): TechniquesModel {
  loaded ??= new TechniquesModel(JSON.parse(readFileSync(MODEL_PATH, 'utf8')) as TechniquesModelFile);
  return loaded;
}

export function modelPath(): string {
  return MODEL_PATH;
}

const TRAINED_IDS_PATH = fileURLToPath(new URL('../../../../models/techniques/trained-ids.json', import.meta.url));

/** IDs of the corpus articles the committed model was trained on (eval never scores these). */
export function trainedArticleIds(): Set<string> {
  try {
    return new Set(JSON.parse(readFileSync(TRAINED_IDS_PATH, 'utf8')) as string[]);
  } catch {
    return new Set();
  }
}

export function trainedIdsPath(): string {
  return TRAINED_IDS_PATH;
}
