/**
 * Two-fold check of a learned cue tagger beside the attribution rules (issue #5): does a per-token logistic
 * regression propose cues that the rules miss, with enough precision to lift cue F1 on articles it was not
 * trained on? The folds are the eval's halves (0-based odd / even positions of polnear-dev in metadata order);
 * each half is scored by a model trained on the other. Prints one JSON line per fold and threshold, then a summary.
 * Nothing is written: no model ships unless this check shows a gain on both folds worth its cost (so far it does
 * not; see docs/EVALUATION.md).
 *
 *   npm run cv:attribution            (= npm run build && node dist/scripts/cv-attribution.js)
 *   npm run cv:attribution -- --vectors      the token's and its neighbours' GloVe vectors as dense features too
 *   npm run cv:attribution -- --uncovered    learn only from tokens outside the rule cues
 *   npm run cv:attribution -- --filter       a span-level filter that drops rule cues instead (with --vectors: the
 *                                            cue head's vector too)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document } from '../src/core/document.js';
import type { Token } from '../src/core/layers.js';
import type { Span } from '../src/core/span.js';
import { tokenize } from '../src/analysers/tokens/index.js';
import { findAttributions } from '../src/analysers/claims/attribution.js';
import { DIMS, wordVectors } from '../src/analysers/claims/checkworthy-vectors.js';
import { lexicons } from '../src/analysers/claims/lexicon.js';
import { repoRoot } from '../src/analysers/claims/data-path.js';
import { addCounts, countsF1, overlapCounts, parseBrat, polnearArticles, predictedSpans, type Counts, type GoldSpan } from '../src/eval/attribution.js';

interface Article {
  tokens: Token[];
  gold: GoldSpan[];
  ruleCues: Span[];
  feats: string[][];
  /** Dense features per token (pretrained word vectors), empty without --vectors. */
  dense: Float32Array[];
  y: number[];
}

/** `--vectors`: the token's GloVe vector and its neighbours' (±1, ±2 averaged) join the sparse features. */
const VECTORS = process.argv.includes('--vectors');
const DENSE = 3 * DIMS;
const UNCOVERED = process.argv.includes('--uncovered');

/** Unit-length GloVe vector of a word (zeros when unknown; clitics such as "n't" keep their own entries). */
function wordVector(norm: string): Float32Array {
  const v = wordVectors();
  const out = new Float32Array(DIMS);
  const i = v.index.get(norm.replace(/[’‘]/g, "'"));
  if (i === undefined) return out;
  let ss = 0;
  for (let d = 0; d < DIMS; d++) ss += (out[d] = v.rows[i * DIMS + d]! * v.scales[d]!) ** 2;
  const n = Math.sqrt(ss) || 1;
  for (let d = 0; d < DIMS; d++) out[d]! /= n;
  return out;
}

function denseFeatures(toks: Token[]): Float32Array[] {
  if (!VECTORS) return [];
  const vecs = toks.map((t) => wordVector(t.norm));
  return toks.map((t, i) => {
    const out = new Float32Array(DENSE);
    out.set(vecs[i]!, 0);
    const side = (ks: number[], at: number) => {
      for (const k of ks) if (toks[k] && toks[k]!.sentence === t.sentence) for (let d = 0; d < DIMS; d++) out[at + d]! += vecs[k]![d]! / ks.length;
    };
    side([i - 1, i - 2], DIMS);
    side([i + 1, i + 2], 2 * DIMS);
    return out;
  });
}

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/** Word, tag, suffix and neighbour features, the lexicon entry, and whether the rules already made this a cue. */
function features(text: string, toks: Token[], ruleCues: Span[]): string[][] {
  const lex = lexicons().reportingForms;
  const inRule = toks.map((t) => ruleCues.some((c) => overlaps(c, t)));
  return toks.map((t, i) => {
    const at = (k: number) => (toks[k] && toks[k]!.sentence === t.sentence ? toks[k]! : undefined);
    const p = at(i - 1);
    const q = at(i + 1);
    const entry = lex.get(t.norm);
    let that = 0;
    let quote = 0;
    let colon = 0;
    for (let k = i + 1; k <= i + 4 && at(k); k++) {
      const n = toks[k]!.norm;
      if (n === 'that') that = 1;
      if (/^["“”]$/.test(n)) quote = 1;
      if (n === ':') colon = 1;
    }
    let s = i;
    while (at(s - 1)) s--;
    return [
      'b', `w=${t.norm}`, `p=${t.pos}`, `s3=${t.norm.slice(-3)}`, `pw=${p?.norm ?? '<s>'}`, `pp=${p?.pos ?? '<s>'}`, `nw=${q?.norm ?? '</s>'}`,
      `np=${q?.pos ?? '</s>'}`, `pp2=${at(i - 2)?.pos ?? '<s>'}`, `np2=${at(i + 2)?.pos ?? '</s>'}`, `tri=${p?.pos}_${t.pos}_${q?.pos}`,
      `wnp=${t.norm}_${q?.pos}`, `pww=${p?.norm}_${t.norm}`, `cap=${/^[A-Z]/.test(text[t.start]!)}`, `lex=${entry?.lemma ?? '-'}`,
      `lexs=${entry?.stance ?? '-'}`, `lexp=${entry ? 1 : 0}${t.pos}`, `rule=${inRule[i] ? 1 : 0}`, `rn=${inRule[i - 1] ? 1 : 0}${inRule[i + 1] ? 1 : 0}`,
      `that=${that}`, `q=${quote}`, `colon=${colon}`, `pos=${Math.min(i - s, 6)}`,
    ];
  });
}

interface Model {
  w: Map<string, number>;
  dense: Float64Array;
}

/** Averaged SGD logistic regression over sparse binary features and optional dense ones (a fixed shuffle, so runs repeat). */
function train(arts: Article[], epochs = 8, rate = 0.1): Model {
  const xs: string[][] = [];
  const ds: (Float32Array | undefined)[] = [];
  const ys: number[] = [];
  // --uncovered: learn only from the tokens the rules left out (the ones the model may add)
  for (const a of arts) a.feats.forEach((f, i) => (UNCOVERED && f.includes('rule=1') ? 0 : (xs.push(f), ds.push(a.dense[i]), ys.push(a.y[i]!))));
  const w = new Map<string, number>();
  const acc = new Map<string, number>();
  const dw = new Float64Array(DENSE);
  const dacc = new Float64Array(DENSE);
  const order = xs.map((_, i) => i);
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  let c = 1;
  for (let e = 0; e < epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) {
      const g = ys[i]! - prob({ w, dense: dw }, xs[i]!, ds[i]);
      if (Math.abs(g) < 1e-3) continue;
      for (const f of xs[i]!) {
        w.set(f, (w.get(f) ?? 0) + rate * g);
        acc.set(f, (acc.get(f) ?? 0) + c * rate * g);
      }
      const d = ds[i];
      if (d) for (let k = 0; k < DENSE; k++) {
        dw[k]! += rate * g * d[k]!;
        dacc[k]! += c * rate * g * d[k]!;
      }
      c++;
    }
  }
  const avg = new Map<string, number>();
  for (const [f, v] of w) avg.set(f, v - (acc.get(f) ?? 0) / c);
  const davg = new Float64Array(DENSE);
  for (let k = 0; k < DENSE; k++) davg[k] = dw[k]! - dacc[k]! / c;
  return { w: avg, dense: davg };
}

function prob(m: Model, f: string[], d?: Float32Array): number {
  let z = 0;
  for (const x of f) z += m.w.get(x) ?? 0;
  if (d) for (let k = 0; k < DENSE; k++) z += m.dense[k]! * d[k]!;
  return 1 / (1 + Math.exp(-z));
}

/** Rule cues plus the tokens the model scores at or above `t` outside them (adjacent tokens joined into one span). */
function cuesAt(a: Article, scores: number[], t: number): Span[] {
  const added: Span[] = [];
  let last = -2;
  a.tokens.forEach((tok, i) => {
    if (scores[i]! < t || !/^[a-z]/.test(tok.norm) || a.ruleCues.some((c) => overlaps(c, tok))) return;
    if (last === i - 1) added[added.length - 1]!.end = tok.end;
    else added.push({ start: tok.start, end: tok.end });
    last = i;
  });
  return [...a.ruleCues, ...added];
}

/** One rule cue for `--filter`: its span and the features a span-level precision filter sees. */
interface RuleCue {
  span: Span;
  feats: string[];
  dense?: Float32Array;
  y: number;
}

/**
 * `--filter`: a span-level logistic filter over the rules' own cues (rule, head word, its tag, the next word's tag,
 * whether a source was found, and with --vectors the head word's GloVe vector), trained on one half and dropping
 * the other half's cues it scores below a threshold.
 */
function ruleCues(text: string, toks: Token[], atts: ReturnType<typeof findAttributions>, gold: GoldSpan[]): RuleCue[] {
  const cues = gold.filter((g) => g.role === 'Cue').flatMap((g) => g.fragments);
  const seen = new Set<string>();
  const out: RuleCue[] = [];
  for (const a of atts) {
    const key = `${a.cue.start}:${a.cue.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const inCue = toks.map((t, i) => [t, i] as const).filter(([t]) => overlaps(t, a.cue));
    const [head, hi] = inCue.at(-1) ?? [undefined, -1];
    const next = toks[hi + 1];
    const f = ['b', `r=${a.rule}`, `h=${head?.norm}`, `hp=${head?.pos}`, `np=${next?.pos}`, `nw=${next?.norm}`, `src=${a.source ? 1 : 0}`, `rs=${a.rule}_${a.source ? 1 : 0}`, `len=${Math.min(inCue.length, 4)}`, `k=${a.kind}`, `st=${a.stance}`];
    void text;
    out.push({ span: a.cue, feats: f, ...(VECTORS && head ? { dense: wordVector(head.norm) } : {}), y: cues.some((g) => overlaps(g, a.cue)) ? 1 : 0 });
  }
  return out;
}

async function filterCv(dir: string, list: Awaited<ReturnType<typeof polnearArticles>>): Promise<void> {
  const zero = (): Counts => ({ predMatched: 0, pred: 0, goldMatched: 0, gold: 0 });
  const arts = list.map((a) => {
    const text = readFileSync(join(dir, 'text', `${a.name}.txt`), 'utf8');
    const gold = parseBrat(readFileSync(join(dir, 'attributions', a.annFile), 'utf8'), text);
    const doc = new Document(text, [{ kind: 'body', start: 0, end: text.length }]);
    const tokens = tokenize(doc);
    doc.set('tokens', tokens);
    return { gold, cues: ruleCues(text, tokens, findAttributions(doc), gold) };
  });
  const halves = { odd: arts.filter((_, i) => i % 2 === 1), even: arts.filter((_, i) => i % 2 === 0) };
  const summary: Record<string, Record<string, number>> = {};
  for (const [name, other] of [['odd', 'even'], ['even', 'odd']] as const) {
    // the cue items stand in for tokens: train() reads feats, dense and y
    const model = train(halves[other].map((a) => ({ tokens: [], gold: [], ruleCues: [], feats: a.cues.map((c) => c.feats), dense: VECTORS ? a.cues.map((c) => padDense(c.dense)) : [], y: a.cues.map((c) => c.y) })));
    for (const t of [0, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5]) {
      let c = zero();
      for (const a of halves[name]) {
        const kept = a.cues.filter((q) => prob(model, q.feats, VECTORS ? padDense(q.dense) : undefined) >= t).map((q) => q.span);
        c = addCounts(c, overlapCounts(kept, a.gold.filter((g) => g.role === 'Cue')));
      }
      const r = countsF1(c);
      (summary[name] ??= {})[`t${t}`] = Number(r.f1.toFixed(4));
      console.log(JSON.stringify({ fold: name, trained_on: other, threshold: t, cue_f1: r.f1.toFixed(4), precision: r.precision.toFixed(4), recall: r.recall.toFixed(4) }));
    }
  }
  console.log(JSON.stringify({ task: 'attribution-cue-filter-cv', vectors: VECTORS, cue_f1: summary }));
}

/** The filter's dense input is the head word's vector alone; the tagger's slots for neighbours stay zero. */
function padDense(d: Float32Array | undefined): Float32Array {
  const out = new Float32Array(DENSE);
  if (d) out.set(d, 0);
  return out;
}

async function main(): Promise<void> {
  const dir = join(repoRoot(), '..', 'shared', 'data', 'polnear-dev');
  const zero = (): Counts => ({ predMatched: 0, pred: 0, goldMatched: 0, gold: 0 });
  const list = await polnearArticles(dir);
  if (process.argv.includes('--filter')) return filterCv(dir, list);
  {
    const arts: Article[] = list.map((a) => {
      const text = readFileSync(join(dir, 'text', `${a.name}.txt`), 'utf8');
      const gold = parseBrat(readFileSync(join(dir, 'attributions', a.annFile), 'utf8'), text);
      const doc = new Document(text, [{ kind: 'body', start: 0, end: text.length }]);
      const tokens = tokenize(doc);
      doc.set('tokens', tokens);
      const ruleCues = predictedSpans(findAttributions(doc)).Cue;
      const cues = gold.filter((g) => g.role === 'Cue').flatMap((g) => g.fragments);
      return { tokens, gold, ruleCues, feats: features(text, tokens, ruleCues), dense: denseFeatures(tokens), y: tokens.map((t) => (cues.some((f) => overlaps(f, t)) ? 1 : 0)) };
    });
    const halves = { odd: arts.filter((_, i) => i % 2 === 1), even: arts.filter((_, i) => i % 2 === 0) };
    const summary: Record<string, Record<string, number>> = {};
    for (const [name, other] of [['odd', 'even'], ['even', 'odd']] as const) {
      const model = train(halves[other]);
      const scored = halves[name].map((a) => ({ a, s: a.feats.map((f, i) => prob(model, f, a.dense[i])) }));
      for (const t of [Infinity, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3]) {
        let c = zero();
        for (const { a, s } of scored) c = addCounts(c, overlapCounts(cuesAt(a, s, t), a.gold.filter((g) => g.role === 'Cue')));
        const r = countsF1(c);
        const key = t === Infinity ? 'rules' : `t${t}`;
        (summary[name] ??= {})[key] = Number(r.f1.toFixed(4));
        console.log(JSON.stringify({ fold: name, trained_on: other, threshold: t === Infinity ? 'rules only' : t, cue_f1: r.f1.toFixed(4), precision: r.precision.toFixed(4), recall: r.recall.toFixed(4) }));
      }
    }
    console.log(JSON.stringify({ task: 'attribution-cue-tagger-cv', vectors: VECTORS, cue_f1: summary }));
  }
}

await main();
