import { Document } from '../core/document.js';
import type { Span } from '../core/span.js';
import { UnspinError } from '../core/errors.js';
import { sentencesAnalyser } from '../analysers/sentences/index.js';
import { tokensAnalyser } from '../analysers/tokens/index.js';
import { detectTechniques } from '../analysers/techniques/index.js';
import { ArticleView } from '../analysers/techniques/features.js';
import { techniquesModel, trainedArticleIds } from '../analysers/techniques/model.js';
import { ptcArticleIds, readPtcArticle, type GoldTechnique } from '../analysers/techniques/ptc.js';
import type { EvalOptions } from './index.js';

/** Sorts and merges overlapping (or touching-by-overlap) spans, as the SI scorer does on each side. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).map((s) => ({ start: s.start, end: s.end })).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else out.push(s);
  }
  return out;
}

export interface SiCounts {
  /** Sum over overlapping (prediction s, gold t) pairs of |s∩t|/|s|. */
  precisionSum: number;
  /** Sum over the same pairs of |s∩t|/|t|. */
  recallSum: number;
  predicted: number;
  gold: number;
}

/** SemEval-2020 Task 11 SI partial-overlap counts for one article. */
export function siCounts(predicted: readonly Span[], gold: readonly Span[]): SiCounts {
  const P = mergeSpans(predicted);
  const G = mergeSpans(gold);
  let precisionSum = 0;
  let recallSum = 0;
  for (const s of P) {
    for (const t of G) {
      const inter = Math.min(s.end, t.end) - Math.max(s.start, t.start);
      if (inter <= 0) continue;
      precisionSum += inter / (s.end - s.start);
      recallSum += inter / (t.end - t.start);
    }
  }
  return { precisionSum, recallSum, predicted: P.length, gold: G.length };
}

/** Micro-averaged over spans of all articles, as the task's scorer aggregates. */
export function siScore(counts: readonly SiCounts[]): { precision: number; recall: number; f1: number } {
  let ps = 0;
  let rs = 0;
  let np = 0;
  let ng = 0;
  for (const c of counts) {
    ps += c.precisionSum;
    rs += c.recallSum;
    np += c.predicted;
    ng += c.gold;
  }
  const precision = np ? ps / np : 0;
  const recall = ng ? rs / ng : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

/**
 * TC counts for one article: a predicted (span, technique) is correct when the same span carries that technique in
 * the gold; each gold (span, technique) can be matched once (multi-label spans need one prediction per label).
 */
export function tcCounts(predicted: readonly GoldTechnique[], gold: readonly GoldTechnique[]): { correct: number; predicted: number; gold: number } {
  const left = new Map<string, number>();
  for (const g of gold) {
    const key = `${g.start}:${g.end}:${g.technique}`;
    left.set(key, (left.get(key) ?? 0) + 1);
  }
  let correct = 0;
  for (const p of predicted) {
    const key = `${p.start}:${p.end}:${p.technique}`;
    const n = left.get(key) ?? 0;
    if (n > 0) {
      correct++;
      left.set(key, n - 1);
    }
  }
  return { correct, predicted: predicted.length, gold: gold.length };
}

export function microF1(correct: number, predicted: number, gold: number): number {
  const p = predicted ? correct / predicted : 0;
  const r = gold ? correct / gold : 0;
  return p + r ? (2 * p * r) / (p + r) : 0;
}

/** Groups gold technique spans by span: each span with how many labels it carries. */
export function goldSpanGroups(gold: readonly GoldTechnique[]): { start: number; end: number; k: number }[] {
  const groups = new Map<string, { start: number; end: number; k: number }>();
  for (const g of gold) {
    const key = `${g.start}:${g.end}`;
    const e = groups.get(key);
    if (e) e.k++;
    else groups.set(key, { start: g.start, end: g.end, k: 1 });
  }
  return [...groups.values()];
}

/** A document for a corpus article: the whole text is one body section (offsets stay those of the gold files). */
export function corpusDocument(text: string): Document {
  const doc = new Document(text, [{ kind: 'body', start: 0, end: text.length }]);
  doc.set('tokens', tokensAnalyser.run(doc));
  doc.set('sentences', sentencesAnalyser.run(doc));
  return doc;
}

/**
 * Scores the techniques analyser on a PTC-layout folder: SI on the flags' spans, TC by classifying every gold span
 * (spans given; a span with k gold labels gets the model's top k). Articles the model was trained on are skipped,
 * so the training folder yields its held-out split and a new folder is scored whole.
 */
export async function evalTechniques(dir: string, opts: EvalOptions) {
  const all = ptcArticleIds(dir);
  if (all.length === 0) throw new UnspinError('MISSING_DATA', `${dir}: no articles/article<ID>.txt files`);
  const trained = trainedArticleIds();
  const ids = all.filter((id) => !trained.has(id)).slice(0, opts.limit ?? Infinity);
  const skipped = all.filter((id) => trained.has(id)).length;
  const model = techniquesModel();
  const si: SiCounts[] = [];
  let correct = 0;
  let nPred = 0;
  let nGold = 0;
  let nFlags = 0;
  const times: number[] = [];
  for (const id of ids) {
    const a = readPtcArticle(dir, id);
    const doc = corpusDocument(a.text);
    const t0 = performance.now();
    const flags = detectTechniques(doc, model);
    times.push(performance.now() - t0);
    nFlags += flags.length;
    si.push(siCounts(flags, a.spans));
    const view = new ArticleView(doc.text, doc.get('tokens'));
    const predicted: GoldTechnique[] = [];
    for (const g of goldSpanGroups(a.techniques)) {
      const { probs } = model.classify(view, g.start, g.end);
      const ranked = probs.map((p, c) => [p, c] as const).sort((x, y) => y[0] - x[0]);
      for (let r = 0; r < g.k; r++) predicted.push({ start: g.start, end: g.end, technique: model.labels[ranked[r]![1]]! });
    }
    const c = tcCounts(predicted, a.techniques);
    correct += c.correct;
    nPred += c.predicted;
    nGold += c.gold;
  }
  const s = siScore(si);
  times.sort((x, y) => x - y);
  opts.log?.(`scored ${ids.length} articles, skipped ${skipped} the model was trained on; ${nFlags} flags`);
  return {
    n: ids.length,
    skipped_training_articles: skipped,
    metrics: {
      si_f1: round(s.f1),
      si_precision: round(s.precision),
      si_recall: round(s.recall),
      tc_micro_f1: round(microF1(correct, nPred, nGold)),
      gold_spans: nGold,
      flags: nFlags,
      ms_per_article_median: round(times[Math.floor(times.length / 2)] ?? 0, 2),
    },
  };
}

function round(x: number, d = 4): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}
