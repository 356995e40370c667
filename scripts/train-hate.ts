/**
 * Trains the two classifiers of the hate analyser from ../shared/data and writes them to models/hate/:
 *   antisemitism  binary logistic regression on antisemitism-train (antisemitic / not)
 *   hate          softmax logistic regression on hate-train (hate / offensive / neither)
 * and derives data/lexicons/hate/dogwhistles.json from the dog-whistle glossary (MIT).
 *
 * Each data file is split by a hash of the item id (src/analysers/hate/dataset.ts): 20% held out (never seen here
 * except to report a score) and an 80% training part. On the training part, 4 out-of-fold slices choose the
 * hyper-parameters and the threshold (binary) or class offsets (softmax); the shipped weights are the mean of the 4
 * fold models. The ids of the training part go to models/hate/<name>-trained-ids.txt.gz.
 *
 *   npm run train:hate              (node dist/scripts/train-hate.js [--data ../shared/data] [--quick])
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DEFAULT_FEATURES, vectorise, type SparseVector } from '../src/analysers/hate/features.js';
import { partOf, readTsv, SPLIT_RULE, type Item } from '../src/analysers/hate/dataset.js';
import { LinearModel, quantise, type ModelMeta } from '../src/analysers/hate/model.js';
import { buildDogwhistles } from '../src/analysers/hate/glossary-build.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const DATA = args.includes('--data') ? args[args.indexOf('--data') + 1]! : join(ROOT, '..', 'shared', 'data');
const QUICK = args.includes('--quick');
const OUT = join(ROOT, 'models', 'hate');
const BITS = DEFAULT_FEATURES.bits;
const DIM = 1 << BITS;

interface FitOptions {
  epochs: number;
  l2: number;
  lr: number;
  classWeights: number[];
}

/** Deterministic PRNG (mulberry32) so that training is reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Logistic regression by AdaGrad SGD. K = 1: binary (y ∈ {0,1}); K > 1: softmax (y = class index). L2 is applied
 * to the weights an example touches (lazy regularisation), the usual approximation for sparse hashed features.
 */
function fit(xs: SparseVector[], ys: number[], K: number, o: FitOptions): { w: Float32Array; bias: number[] } {
  const w = new Float32Array(K * DIM);
  const g2 = new Float32Array(K * DIM).fill(1e-8);
  const bias = new Array<number>(K).fill(0);
  const bg2 = new Array<number>(K).fill(1e-8);
  const order = xs.map((_, i) => i);
  const rand = rng(42);
  const z = new Float64Array(K);
  const grad = new Float64Array(K);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const n of order) {
      const x = xs[n]!;
      const y = ys[n]!;
      for (let k = 0; k < K; k++) {
        let s = bias[k]!;
        const base = k * DIM;
        for (let i = 0; i < x.idx.length; i++) s += w[base + x.idx[i]!]! * x.val[i]!;
        z[k] = s;
      }
      const cw = o.classWeights[y] ?? 1;
      if (K === 1) {
        grad[0] = (1 / (1 + Math.exp(-z[0]!)) - y) * cw;
      } else {
        let m = -Infinity;
        for (let k = 0; k < K; k++) m = Math.max(m, z[k]!);
        let sum = 0;
        for (let k = 0; k < K; k++) sum += Math.exp(z[k]! - m);
        for (let k = 0; k < K; k++) grad[k] = (Math.exp(z[k]! - m) / sum - (k === y ? 1 : 0)) * cw;
      }
      for (let k = 0; k < K; k++) {
        const gk = grad[k]!;
        const base = k * DIM;
        for (let i = 0; i < x.idx.length; i++) {
          const f = base + x.idx[i]!;
          const g = gk * x.val[i]! + o.l2 * w[f]!;
          g2[f]! += g * g;
          w[f]! -= (o.lr * g) / Math.sqrt(g2[f]!);
        }
        bg2[k]! += gk * gk;
        bias[k]! -= (o.lr * gk) / Math.sqrt(bg2[k]!);
      }
    }
  }
  return { w, bias };
}

function f1(tp: number, fp: number, fn: number): { f1: number; precision: number; recall: number } {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return { f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, precision, recall };
}

function logitsOf(w: Float32Array, bias: number[], x: SparseVector): number[] {
  return bias.map((b, k) => {
    let s = b;
    for (let i = 0; i < x.idx.length; i++) s += w[k * DIM + x.idx[i]!]! * x.val[i]!;
    return s;
  });
}

/** Macro-F1 over classes of predictions argmax(z + offsets). */
function macroF1(zs: number[][], ys: number[], K: number, offsets: number[]): number[] {
  const perClass: number[] = [];
  for (let c = 0; c < K; c++) {
    let tp = 0, fp = 0, fn = 0;
    zs.forEach((z, n) => {
      let best = 0;
      for (let k = 1; k < K; k++) if (z[k]! + offsets[k]! > z[best]! + offsets[best]!) best = k;
      if (best === c && ys[n] === c) tp++;
      else if (best === c) fp++;
      else if (ys[n] === c) fn++;
    });
    perClass.push(f1(tp, fp, fn).f1);
  }
  return perClass;
}

function bestThreshold(ps: number[], ys: number[]): { threshold: number; f1: number } {
  let best = { threshold: 0.5, f1: -1 };
  for (let t = 0.1; t <= 0.901; t += 0.01) {
    let tp = 0, fp = 0, fn = 0;
    ps.forEach((p, n) => {
      if (p >= t && ys[n] === 1) tp++;
      else if (p >= t) fp++;
      else if (ys[n] === 1) fn++;
    });
    const s = f1(tp, fp, fn).f1;
    if (s > best.f1 + 1e-9) best = { threshold: Number(t.toFixed(2)), f1: s };
  }
  return best;
}

function balancedWeights(ys: number[], K: number, power: number): number[] {
  const n = Math.max(K, 2);
  const counts = new Array<number>(n).fill(0);
  for (const y of ys) counts[y]!++;
  return counts.map((c) => Math.pow(ys.length / (n * Math.max(c, 1)), power));
}

interface Task {
  name: 'antisemitism' | 'hate';
  folder: string;
  /** Class names in weight order (binary: the positive class only). */
  classes: string[];
  negative?: string;
  label: (raw: string) => number;
}

const TASKS: Task[] = [
  { name: 'antisemitism', folder: 'antisemitism-train', classes: ['antisemitic'], negative: 'not', label: (l) => (l === 'antisemitic' ? 1 : 0) },
  { name: 'hate', folder: 'hate-train', classes: ['hate', 'offensive', 'neither'], label: (l) => ['hate', 'offensive', 'neither'].indexOf(l) },
];

interface Setting {
  l2: number;
  epochs: number;
  /** Class weights are balanced weights raised to this power (0: none, 1: fully balanced). */
  power: number;
  /** Naive-Bayes log-count-ratio scaling of the features (Wang & Manning 2012) with this smoothing; 0: off. Binary only. */
  nb: number;
}

const GRID: Record<Task['name'], Setting[]> = {
  antisemitism: [
    { l2: 1e-3, epochs: 5, power: 0.5, nb: 2 },
    { l2: 3e-3, epochs: 5, power: 0.5, nb: 2 },
    { l2: 3e-3, epochs: 8, power: 0.5, nb: 1 },
    { l2: 1e-2, epochs: 5, power: 0.5, nb: 0 },
  ],
  hate: [
    { l2: 1e-3, epochs: 5, power: 0.5, nb: 0 },
    { l2: 1e-4, epochs: 5, power: 0.5, nb: 0 },
  ],
};

/** Log-count ratios r_j = log((p_j/|p|) / (q_j/|q|)) of feature presence in positive vs negative items. */
function nbRatios(xs: SparseVector[], ys: number[], alpha: number): Float32Array {
  const p = new Float64Array(DIM).fill(alpha);
  const q = new Float64Array(DIM).fill(alpha);
  // Normalised by the observed counts only (as in the NBSVM paper's code): smoothing mass would shift every ratio.
  let sp = 0;
  let sq = 0;
  xs.forEach((x, n) => {
    for (let i = 0; i < x.idx.length; i++) {
      if (ys[n] === 1) (p[x.idx[i]!]! += 1), sp++;
      else (q[x.idx[i]!]! += 1), sq++;
    }
  });
  const r = new Float32Array(DIM);
  for (let j = 0; j < DIM; j++) r[j] = Math.log(p[j]! / sp / (q[j]! / sq));
  return r;
}

function scaled(x: SparseVector, r: Float32Array | undefined): SparseVector {
  if (!r) return x;
  return { idx: x.idx, val: x.val.map((v, i) => v * r[x.idx[i]!]!) };
}

/** Fits with a setting; NB scaling is folded into the returned weights, so inference needs no extra step. */
function fitSetting(xs: SparseVector[], ys: number[], K: number, st: Setting): { w: Float32Array; bias: number[] } {
  const r = K === 1 && st.nb > 0 ? nbRatios(xs, ys, st.nb) : undefined;
  const { w, bias } = fit(xs.map((x) => scaled(x, r)), ys, K, { epochs: st.epochs, l2: st.l2, lr: 0.5, classWeights: balancedWeights(ys, K, st.power) });
  if (r) for (let j = 0; j < DIM; j++) w[j]! *= r[j]!;
  return { w, bias };
}

function average(models: { w: Float32Array; bias: number[] }[]): { w: Float32Array; bias: number[] } {
  const w = new Float32Array(models[0]!.w.length);
  for (const m of models) for (let j = 0; j < w.length; j++) w[j]! += m.w[j]! / models.length;
  const bias = models[0]!.bias.map((_, k) => models.reduce((a, m) => a + m.bias[k]!, 0) / models.length);
  return { w, bias };
}

function runTask(task: Task): void {
  const t0 = performance.now();
  const items = readTsv(join(DATA, task.folder)).filter((it) => task.label(it.label) >= 0);
  const parts = { train: [] as Item[], validation: [] as Item[], heldout: [] as Item[] };
  for (const it of items) parts[partOf(it.id)].push(it);
  const K = task.classes.length;
  const binary = K === 1;
  const trainval = [...parts.train, ...parts.validation];
  const X = trainval.map((it) => vectorise(it.text));
  const Y = trainval.map((it) => task.label(it.label));
  console.log(`${task.name}: ${items.length} items; train ${parts.train.length}, validation ${parts.validation.length}, held out ${parts.heldout.length}`);

  let best: { score: number; st: Setting; threshold?: number; offsets?: number[]; folds?: { w: Float32Array; bias: number[] }[] } | undefined;
  for (const st of QUICK ? GRID[task.name].slice(0, 1) : GRID[task.name]) {
    let score: number;
    let threshold: number | undefined;
    let offsets: number[] | undefined;
    const folds: { w: Float32Array; bias: number[] }[] = [];
    // 4 validation slices of the training part (out-of-fold scores) choose the setting and the threshold (binary)
    // or the class offsets (softmax); the shipped weights are the average of the 4 fold models.
    const FOLDS = 4;
    const oof: number[][] = new Array(X.length);
    for (let f = 0; f < FOLDS; f++) {
      const tr = X.map((_, i) => i).filter((i) => i % FOLDS !== f);
      const m = fitSetting(tr.map((i) => X[i]!), tr.map((i) => Y[i]!), K, st);
      folds.push(m);
      X.forEach((x, i) => {
        if (i % FOLDS === f) oof[i] = logitsOf(m.w, m.bias, x);
      });
    }
    if (binary) {
      const t = bestThreshold(oof.map((z) => 1 / (1 + Math.exp(-z[0]!))), Y);
      score = t.f1;
      threshold = t.threshold;
    } else {
      offsets = tuneOffsets(oof, Y, K);
      score = mean(macroF1(oof, Y, K, offsets));
    }
    console.log(`  ${JSON.stringify(st)}: validation ${binary ? 'F1' : 'macro-F1'} ${score.toFixed(4)}${threshold !== undefined ? ` @${threshold}` : ''}${offsets ? ` offsets ${offsets.map((x) => x.toFixed(1)).join('/')}` : ''}`);
    if (!best || score > best.score) best = { score, st, ...(threshold !== undefined ? { threshold } : {}), ...(offsets ? { offsets } : {}), ...(folds.length ? { folds } : {}) };
  }
  // The average of the fold models (bagging): their out-of-fold scores set the threshold or offsets, so these fit
  // the shipped weights better than they would fit a refit on everything.
  const { w, bias } = average(best!.folds!);
  const { bytes, scale } = quantise(w, K, BITS);
  mkdirSync(OUT, { recursive: true });
  const ids = trainval.map((it) => it.id).sort();
  const meta: ModelMeta = {
    name: task.name,
    kind: binary ? 'binary' : 'softmax',
    classes: task.classes,
    ...(task.negative ? { negative: task.negative } : {}),
    features: DEFAULT_FEATURES,
    bias: bias.map((b) => Number(b.toFixed(6))),
    scale,
    ...(best!.threshold !== undefined ? { threshold: best!.threshold } : {}),
    ...(best!.offsets ? { offsets: best!.offsets.map((x) => Number(x.toFixed(2))) } : {}),
    weights: `${task.name}.bin`,
    trainedIds: `${task.name}-trained-ids.txt.gz`,
    data: `../shared/data/${task.folder}/data.tsv`,
    split: SPLIT_RULE,
    selection: 'setting, threshold/offsets: 4-fold out-of-fold scores over training + validation (item i in fold i % 4); shipped weights: mean of the 4 fold models',
    trainedOn: ids.length,
    hyperparameters: { ...best!.st, lr: 0.5, classWeights: balancedWeights(Y, K, best!.st.power).map((x) => Number(x.toFixed(3))) },
    validation: Number(best!.score.toFixed(4)),
  };
  // Held-out score of the shipped (quantised) weights, for the model card; `unspin eval` recomputes it.
  const model = new LinearModel(meta, dequantise(bytes, scale, K));
  const gold = parts.heldout.map((it) => it.label);
  const pred = parts.heldout.map((it) => model.predict(it.text));
  const heldout = binary ? binaryMetrics(gold, pred, task.classes[0]!) : multiMetrics(gold, pred, task.classes);
  meta.heldout = { n: gold.length, ...heldout };
  writeFileSync(join(OUT, meta.weights), bytes);
  writeFileSync(join(OUT, meta.trainedIds), gzipSync(ids.join('\n') + '\n', { level: 9 }));
  writeFileSync(join(OUT, `${task.name}.json`), JSON.stringify(meta, null, 2) + '\n');
  console.log(`  chosen ${JSON.stringify(meta.hyperparameters)}; held-out ${JSON.stringify(meta.heldout)}; ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

function dequantise(bytes: Buffer, scale: number[], K: number): Float32Array {
  const q = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 1);
  const w = new Float32Array(q.length);
  for (let k = 0; k < K; k++) for (let i = k * DIM; i < (k + 1) * DIM; i++) w[i] = q[i]! * scale[k]!;
  return w;
}

function tuneOffsets(zs: number[][], ys: number[], K: number): number[] {
  // Coordinate search on each class's offset (class 0 ... K-1), twice round, step 0.1 in [-2, 2].
  const off = new Array<number>(K).fill(0);
  let bestScore = mean(macroF1(zs, ys, K, off));
  for (let round = 0; round < 2; round++) {
    for (let k = 0; k < K; k++) {
      for (let v = -2; v <= 2.001; v += 0.1) {
        const trial = off.slice();
        trial[k] = v;
        const s = mean(macroF1(zs, ys, K, trial));
        if (s > bestScore + 1e-9) {
          bestScore = s;
          off[k] = v;
        }
      }
    }
  }
  return off;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);

export function binaryMetrics(gold: string[], pred: string[], positive: string): { f1: number; precision: number; recall: number } {
  let tp = 0, fp = 0, fn = 0;
  gold.forEach((g, i) => {
    const p = pred[i];
    if (p === positive && g === positive) tp++;
    else if (p === positive) fp++;
    else if (g === positive) fn++;
  });
  const m = f1(tp, fp, fn);
  return { f1: round(m.f1), precision: round(m.precision), recall: round(m.recall) };
}

export function multiMetrics(gold: string[], pred: string[], classes: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  let sum = 0;
  for (const c of classes) {
    const m = binaryMetrics(gold, pred, c);
    out[`${c}_f1`] = m.f1;
    sum += m.f1;
  }
  return { macro_f1: round(sum / classes.length), ...out };
}

const round = (x: number) => Number(x.toFixed(4));

function main(): void {
  const only = args.find((a) => a === 'antisemitism' || a === 'hate');
  for (const task of TASKS) if (!only || task.name === only) runTask(task);
  if (!only) {
    const glossary = join(DATA, 'lexicons', 'dogwhistles', 'glossary.tsv');
    const out = join(ROOT, 'data', 'lexicons', 'hate', 'dogwhistles.json');
    mkdirSync(join(ROOT, 'data', 'lexicons', 'hate'), { recursive: true });
    const built = buildDogwhistles(readFileSync(glossary, 'utf8'));
    writeFileSync(out, JSON.stringify(built, null, 1) + '\n');
    console.log(`dog whistles: ${built.terms.length} terms → ${out}`);
  }
}

main();
