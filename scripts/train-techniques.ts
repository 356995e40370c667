/**
 * Trains the persuasion-technique model (span detector + technique classifier) from ../shared/data/ptc-train and
 * writes models/techniques/model.json and trained-ids.json. Held-out articles (see split.ts) are never read for
 * training. Thresholds and calibration are tuned on a fifth of the training articles first, then both models are
 * refitted on all training articles with those settings.
 *
 *   npm run train:techniques [-- --data <ptc folder>] [-- --tune-only] [-- --no-stack] [-- --tc-only]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArticleView, SI_BITS, sentenceStats, spanFeatures, stackFeatures, tokenFeatures } from '../src/analysers/techniques/features.js';
import { TECHNIQUES } from '../src/analysers/techniques/inventory.js';
import { FeatureIndex, trainBinary, trainSoftmax, type TrainOptions } from '../src/analysers/techniques/learn.js';
import { TechniquesModel, decodeSpans, type DecodeParams, type TechniquesModelFile } from '../src/analysers/techniques/model.js';
import { ptcArticleIds, readPtcArticle, type PtcArticle } from '../src/analysers/techniques/ptc.js';
import { isHeldOut, isTuning } from '../src/analysers/techniques/split.js';
import { ruleFlags } from '../src/analysers/techniques/rules.js';
import { corpusDocument, mergeSpans, siCounts, siScore } from '../src/eval/techniques.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const DATA = resolve(arg('--data') ?? join(ROOT, '..', 'shared', 'data', 'ptc-train'));
const OUT = join(ROOT, 'models', 'techniques');
const TUNE_ONLY = args.includes('--tune-only');
const STACK = !args.includes('--no-stack');
const FOLDS = 3;

const SI_OPTS: TrainOptions = { epochs: Number(arg('--si-epochs') ?? 4), rate: 0.1, l2: Number(arg('--si-l2') ?? 1e-4), seed: 7 };
const TC_OPTS: TrainOptions = { epochs: Number(arg('--tc-epochs') ?? 15), rate: 0.1, l2: Number(arg('--tc-l2') ?? 1e-4), seed: 11 };
const TC_MIN_COUNT = Number(arg('--tc-min') ?? 2);
const SI_MIN_COUNT = Number(arg('--si-min') ?? 5);
/** Weights smaller than this are dropped from the file; the held-out scores are measured after pruning. */
const PRUNE = 0.01;

interface Prepared {
  a: PtcArticle;
  view: ArticleView;
  tokenFeats: Int32Array[];
  tokenLabels: Uint8Array;
}

function prepare(a: PtcArticle): Prepared {
  const doc = corpusDocument(a.text);
  const view = new ArticleView(a.text, doc.get('tokens'));
  const gold = mergeSpans(a.spans);
  const tokenLabels = new Uint8Array(view.tokens.length);
  let g = 0;
  view.tokens.forEach((t, i) => {
    while (g < gold.length && gold[g]!.end <= t.start) g++;
    const s = gold[g];
    if (s && s.start < t.end && t.start < s.end) tokenLabels[i] = 1;
  });
  const tokenFeats = view.tokens.map((_, i) => Int32Array.from(tokenFeatures(view, i)));
  return { a, view, tokenFeats, tokenLabels };
}

/** Fits one hashed binary table; `extra` adds per-token features (the stacked pass's). */
function fitSiTable(arts: readonly Prepared[], extra?: (p: Prepared, i: number) => number[]): Map<number, number> {
  // Slots seen fewer than SI_MIN_COUNT times are noise (and most of the file): drop them before fitting.
  const seen = new Uint32Array(1 << SI_BITS);
  for (const p of arts) for (const f of p.tokenFeats) for (const k of f) seen[k]!++;
  const xs: Int32Array[] = [];
  const ys: number[] = [];
  for (const p of arts) {
    p.tokenFeats.forEach((f, i) => {
      const kept = f.filter((k) => seen[k]! >= SI_MIN_COUNT);
      xs.push(extra ? Int32Array.from([...kept, ...extra(p, i)]) : kept);
      ys.push(p.tokenLabels[i]!);
    });
  }
  const w = trainBinary(xs, Uint8Array.from(ys), 1 << SI_BITS, SI_OPTS);
  const out = new Map<number, number>();
  w.forEach((x, i) => Math.abs(x) >= PRUNE && out.set(i, round(x)));
  return out;
}

const EMPTY_TC = new Map<string, number[]>();
const NO_DECODE: DecodeParams = { threshold: 0.5, gap: 0, smooth: 0 };

/** First-pass probabilities of each article from a model that did not see it (3 folds). */
function outOfFold(arts: readonly Prepared[]): Map<Prepared, Float64Array> {
  const out = new Map<Prepared, Float64Array>();
  for (let fold = 0; fold < FOLDS; fold++) {
    const table = fitSiTable(arts.filter((_, i) => i % FOLDS !== fold));
    const m = new TechniquesModel(modelFile({ first: table }, EMPTY_TC, NO_DECODE));
    arts.forEach((p, i) => i % FOLDS === fold && out.set(p, m.firstPassProbs(p.view)));
  }
  return out;
}

interface SiTables {
  first: Map<number, number>;
  stack?: Map<number, number>;
}

function fitSi(arts: readonly Prepared[]): SiTables {
  const first = fitSiTable(arts);
  if (!STACK) return { first };
  const oof = outOfFold(arts);
  const stats = new Map([...oof].map(([p, probs]) => [p, sentenceStats(p.view, probs)]));
  const stack = fitSiTable(arts, (p, i) => stackFeatures(p.view, i, oof.get(p)!, stats.get(p)!.max, stats.get(p)!.mean));
  return { first, stack };
}

function tcInstances(arts: readonly Prepared[]): { feats: string[][]; ys: number[] } {
  const feats: string[][] = [];
  const ys: number[] = [];
  for (const p of arts) {
    for (const g of p.a.techniques) {
      const y = (TECHNIQUES as readonly string[]).indexOf(g.technique);
      if (y < 0) continue;
      feats.push(spanFeatures(p.view, g.start, g.end));
      ys.push(y);
    }
  }
  return { feats, ys };
}

function fitTc(arts: readonly Prepared[]): Map<string, number[]> {
  const { feats, ys } = tcInstances(arts);
  const index = new FeatureIndex();
  for (const f of feats) index.count(f);
  index.freeze(TC_MIN_COUNT);
  const K = TECHNIQUES.length;
  const w = trainSoftmax(feats.map((f) => index.encode(f)), Int32Array.from(ys), index.size, K, TC_OPTS);
  const out = new Map<string, number[]>();
  index.names.forEach((n, i) => {
    const row = Array.from(w.subarray(i * K, (i + 1) * K), round);
    if (row.some((x) => Math.abs(x) >= PRUNE)) out.set(n, row);
  });
  return out;
}

function modelFile(si: SiTables, tc: Map<string, number[]>, decode: DecodeParams, calibration?: TechniquesModelFile['calibration']): TechniquesModelFile {
  return {
    name: 'techniques-v1',
    created: new Date().toISOString().slice(0, 10),
    si: { bits: SI_BITS, ...sparse(si.first), decode, ...(si.stack ? { stack: sparse(si.stack) } : {}) },
    tc: { labels: [...TECHNIQUES], w: Object.fromEntries(tc) },
    ...(calibration ? { calibration } : {}),
  };
}

function tuneDecode(model: TechniquesModel, arts: readonly Prepared[]): { decode: DecodeParams; f1: number; p: number; r: number } {
  const probs = arts.map((p) => model.tokenProbs(p.view));
  let best = { decode: { threshold: 0.5, gap: 0, smooth: 0 }, f1: -1, p: 0, r: 0 };
  for (const smooth of [0.3, 0.5, 0.7]) {
    for (const gap of [0, 1, 2]) {
      for (const trim of [false, true]) {
        for (let threshold = 0.1; threshold <= 0.5; threshold += 0.025) {
          for (const extra of [0, 0.05, 0.1, 0.15, 0.2]) {
            const decode: DecodeParams = { threshold: round(threshold), gap, smooth, trim, minMean: round(threshold + extra) };
            const counts = arts.map((p, i) => {
              const spans = decodeSpans(p.view, probs[i]!, decode).map((s) => ({ start: p.view.tokens[s.from]!.start, end: p.view.tokens[s.to - 1]!.end }));
              return siCounts(spans, p.a.spans);
            });
            const s = siScore(counts);
            if (s.f1 > best.f1) best = { decode, f1: s.f1, p: s.precision, r: s.recall };
          }
        }
      }
    }
  }
  return best;
}

function tcAccuracy(model: TechniquesModel, arts: readonly Prepared[]): number {
  let right = 0;
  let n = 0;
  for (const p of arts) {
    const bySpan = new Map<string, string[]>();
    for (const g of p.a.techniques) bySpan.set(`${g.start}:${g.end}`, [...(bySpan.get(`${g.start}:${g.end}`) ?? []), g.technique]);
    for (const [key, labels] of bySpan) {
      const [s, e] = key.split(':').map(Number) as [number, number];
      const ranked = model.classify(p.view, s, e).probs.map((x, c) => [x, c] as const).sort((a, b) => b[0] - a[0]);
      const left = [...labels];
      for (let r = 0; r < labels.length; r++) {
        const i = left.indexOf(model.labels[ranked[r]![1]]!);
        if (i >= 0) (right++, left.splice(i, 1));
      }
      n += labels.length;
    }
  }
  return n ? right / n : 0;
}

/** Isotonic map from flag score to the share of flags whose span overlaps a gold span of the same technique. */
function calibrate(model: TechniquesModel, arts: readonly Prepared[]): TechniquesModelFile['calibration'] {
  const pairs: [number, number][] = [];
  for (const p of arts) {
    const probs = model.tokenProbs(p.view);
    for (const s of decodeSpans(p.view, probs, model.decode)) {
      const start = p.view.tokens[s.from]!.start;
      const end = p.view.tokens[s.to - 1]!.end;
      const tp = model.classify(p.view, start, end).probs;
      let best = 0;
      for (let c = 1; c < tp.length; c++) if (tp[c]! > tp[best]!) best = c;
      const ok = p.a.techniques.some((g) => g.technique === model.labels[best] && g.start < end && start < g.end);
      pairs.push([s.p * tp[best]!, ok ? 1 : 0]);
    }
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const bins = 10;
  const blocks: { lo: number; sum: number; n: number }[] = [];
  for (let b = 0; b < bins; b++) {
    const part = pairs.slice(Math.floor((b * pairs.length) / bins), Math.floor(((b + 1) * pairs.length) / bins));
    if (part.length === 0) continue;
    blocks.push({ lo: part[0]![0], sum: part.reduce((x, y) => x + y[1], 0), n: part.length });
    // Pool adjacent violators: keep the map monotone.
    while (blocks.length > 1 && blocks[blocks.length - 2]!.sum / blocks[blocks.length - 2]!.n > blocks[blocks.length - 1]!.sum / blocks[blocks.length - 1]!.n) {
      const last = blocks.pop()!;
      const prev = blocks[blocks.length - 1]!;
      prev.sum += last.sum;
      prev.n += last.n;
    }
  }
  return { edges: blocks.slice(1).map((b) => round(b.lo)), values: blocks.map((b) => round(b.sum / b.n)) };
}

/** Slots in ascending order, delta-encoded (small numbers keep the JSON compact). */
function sparse(si: Map<number, number>): { slots: number[]; w: number[] } {
  const keys = [...si.keys()].sort((a, b) => a - b);
  return { slots: keys.map((k, i) => k - (i > 0 ? keys[i - 1]! : 0)), w: keys.map((k) => si.get(k)!) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function main(): void {
  const t0 = performance.now();
  const ids = ptcArticleIds(DATA);
  if (ids.length === 0) throw new Error(`${DATA}: no articles`);
  const trainIds = ids.filter((id) => !isHeldOut(id));
  if (args.includes('--rule-precision')) return rulePrecision(trainIds);
  const all = trainIds.map((id) => prepare(readPtcArticle(DATA, id)));
  const tune = all.filter((p) => isTuning(p.a.id));
  const fit = all.filter((p) => !isTuning(p.a.id));
  log(t0, `${ids.length} articles: ${trainIds.length} for training (${fit.length} fit + ${tune.length} tuning), ${ids.length - trainIds.length} held out`);

  if (args.includes('--tc-only')) {
    const tcOnly = fitTc(fit);
    log(t0, `tuning TC accuracy: ${tcAccuracy(new TechniquesModel(modelFile({ first: new Map() }, tcOnly, NO_DECODE)), tune).toFixed(4)}`);
    return;
  }
  const siA = fitSi(fit);
  log(t0, `span detector (tuning fit): ${siA.first.size} + ${siA.stack?.size ?? 0} weights`);
  const tcA = fitTc(fit);
  log(t0, `technique classifier (tuning fit): ${tcA.size} rows`);
  const modelA = new TechniquesModel(modelFile(siA, tcA, { threshold: 0.5, gap: 0, smooth: 0 }));
  const tuned = tuneDecode(modelA, tune);
  log(t0, `tuning SI: ${JSON.stringify(tuned)}`);
  log(t0, `tuning TC accuracy: ${tcAccuracy(modelA, tune).toFixed(4)}`);
  const tunedA = new TechniquesModel(modelFile(siA, tcA, tuned.decode));
  const calibration = calibrate(tunedA, tune);
  log(t0, `calibration: ${JSON.stringify(calibration)}`);
  if (TUNE_ONLY) return;

  const si = fitSi(all);
  const tc = fitTc(all);
  const file = modelFile(si, tc, tuned.decode, calibration);
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'model.json'), JSON.stringify(file));
  writeFileSync(join(OUT, 'trained-ids.json'), JSON.stringify(trainIds) + '\n');
  log(t0, `wrote ${join(OUT, 'model.json')} (${si.first.size} + ${si.stack?.size ?? 0} span weights, ${tc.size} technique rows) and trained-ids.json (${trainIds.length} ids)`);
}

/**
 * For each rule of src/analysers/techniques/rules.ts, the share of its hits on the training articles that overlap a
 * gold span of the same technique: the figures behind RULE_CONFIDENCE (held-out articles are never read).
 */
function rulePrecision(trainIds: string[]): void {
  const hits = new Map<string, { n: number; right: number }>();
  for (const id of trainIds) {
    const a = readPtcArticle(DATA, id);
    const doc = corpusDocument(a.text);
    for (const f of ruleFlags(new ArticleView(doc.text, doc.get('tokens')))) {
      const kind = f.source.replace(/ \(.*$/, '') + (f.source.includes('pinned on') ? '/owner' : f.source.includes('derogatory') ? '/derogatory' : '');
      const h = hits.get(kind) ?? { n: 0, right: 0 };
      h.n++;
      if (a.techniques.some((g) => g.technique === f.technique && g.start < f.end && f.start < g.end)) h.right++;
      hits.set(kind, h);
    }
  }
  for (const [kind, h] of [...hits].sort()) console.log(`${kind}: ${h.right}/${h.n} = ${(h.right / h.n).toFixed(3)}`);
}

function log(t0: number, line: string): void {
  process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(1)}s] ${line}\n`);
}

main();
