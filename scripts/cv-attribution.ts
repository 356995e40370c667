/**
 * Two-fold check of a learned cue tagger beside the attribution rules (issue #5): does a per-token logistic
 * regression propose cues that the rules miss, with enough precision to lift cue F1 on articles it was not
 * trained on? The folds are the eval's halves (0-based odd / even positions of polnear-dev in metadata order);
 * each half is scored by a model trained on the other. Prints one JSON line per fold and threshold, then a summary.
 * Nothing is written: no model ships unless this check shows a gain on both folds (so far it does not; see
 * docs/EVALUATION.md).
 *
 *   npm run cv:attribution            (= npm run build && node dist/scripts/cv-attribution.js)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document } from '../src/core/document.js';
import type { Token } from '../src/core/layers.js';
import type { Span } from '../src/core/span.js';
import { tokenize } from '../src/analysers/tokens/index.js';
import { findAttributions } from '../src/analysers/claims/attribution.js';
import { lexicons } from '../src/analysers/claims/lexicon.js';
import { repoRoot } from '../src/analysers/claims/data-path.js';
import { addCounts, countsF1, overlapCounts, parseBrat, polnearArticles, predictedSpans, type Counts, type GoldSpan } from '../src/eval/attribution.js';

interface Article {
  tokens: Token[];
  gold: GoldSpan[];
  ruleCues: Span[];
  feats: string[][];
  y: number[];
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

/** Averaged SGD logistic regression over sparse binary features (a fixed shuffle, so runs repeat). */
function train(arts: Article[], epochs = 8, rate = 0.1): Map<string, number> {
  const xs: string[][] = [];
  const ys: number[] = [];
  for (const a of arts) a.feats.forEach((f, i) => (xs.push(f), ys.push(a.y[i]!)));
  const w = new Map<string, number>();
  const acc = new Map<string, number>();
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
      const g = ys[i]! - prob(w, xs[i]!);
      if (Math.abs(g) < 1e-3) continue;
      for (const f of xs[i]!) {
        w.set(f, (w.get(f) ?? 0) + rate * g);
        acc.set(f, (acc.get(f) ?? 0) + c * rate * g);
      }
      c++;
    }
  }
  const avg = new Map<string, number>();
  for (const [f, v] of w) avg.set(f, v - (acc.get(f) ?? 0) / c);
  return avg;
}

function prob(w: Map<string, number>, f: string[]): number {
  let z = 0;
  for (const x of f) z += w.get(x) ?? 0;
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

async function main(): Promise<void> {
  const dir = join(repoRoot(), '..', 'shared', 'data', 'polnear-dev');
  const zero = (): Counts => ({ predMatched: 0, pred: 0, goldMatched: 0, gold: 0 });
  const list = await polnearArticles(dir);
  {
    const arts: Article[] = list.map((a) => {
      const text = readFileSync(join(dir, 'text', `${a.name}.txt`), 'utf8');
      const gold = parseBrat(readFileSync(join(dir, 'attributions', a.annFile), 'utf8'), text);
      const doc = new Document(text, [{ kind: 'body', start: 0, end: text.length }]);
      const tokens = tokenize(doc);
      doc.set('tokens', tokens);
      const ruleCues = predictedSpans(findAttributions(doc)).Cue;
      const cues = gold.filter((g) => g.role === 'Cue').flatMap((g) => g.fragments);
      return { tokens, gold, ruleCues, feats: features(text, tokens, ruleCues), y: tokens.map((t) => (cues.some((f) => overlaps(f, t)) ? 1 : 0)) };
    });
    const halves = { odd: arts.filter((_, i) => i % 2 === 1), even: arts.filter((_, i) => i % 2 === 0) };
    const summary: Record<string, Record<string, number>> = {};
    for (const [name, other] of [['odd', 'even'], ['even', 'odd']] as const) {
      const model = train(halves[other]);
      const scored = halves[name].map((a) => ({ a, s: a.feats.map((f) => prob(model, f)) }));
      for (const t of [Infinity, 0.9, 0.7, 0.5, 0.4, 0.3]) {
        let c = zero();
        for (const { a, s } of scored) c = addCounts(c, overlapCounts(cuesAt(a, s, t), a.gold.filter((g) => g.role === 'Cue')));
        const r = countsF1(c);
        const key = t === Infinity ? 'rules' : `t${t}`;
        (summary[name] ??= {})[key] = Number(r.f1.toFixed(4));
        console.log(JSON.stringify({ fold: name, trained_on: other, threshold: t === Infinity ? 'rules only' : t, cue_f1: r.f1.toFixed(4), precision: r.precision.toFixed(4), recall: r.recall.toFixed(4) }));
      }
    }
    console.log(JSON.stringify({ task: 'attribution-cue-tagger-cv', cue_f1: summary }));
  }
}

await main();
