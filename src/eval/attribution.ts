import { promises as fs, existsSync } from 'node:fs';
import { join } from 'node:path';
import { UnspinError } from '../core/errors.js';
import { Document } from '../core/document.js';
import type { Attribution } from '../core/layers.js';
import type { Span } from '../core/span.js';
import { tokenize } from '../analysers/tokens/index.js';
import { findAttributions } from '../analysers/claims/attribution.js';
import type { EvalOptions } from './index.js';

export type Role = 'Source' | 'Cue' | 'Content';
const ROLES: Role[] = ['Source', 'Cue', 'Content'];

/** One gold span of a role; discontinuous brat spans keep their fragments. */
export interface GoldSpan {
  role: Role;
  fragments: Span[];
}

/**
 * Reads the Source/Cue/Content text-bound annotations of a brat .ann file. brat offsets count Unicode code points,
 * JavaScript strings count UTF-16 units, so offsets are mapped through the text.
 */
export function parseBrat(ann: string, text: string): GoldSpan[] {
  const map = codePointToUtf16(text);
  const out: GoldSpan[] = [];
  for (const line of ann.split('\n')) {
    if (!line.startsWith('T')) continue;
    const [, head] = line.split('\t');
    if (!head) continue;
    const sp = head.indexOf(' ');
    const role = head.slice(0, sp) as Role;
    if (!ROLES.includes(role)) continue;
    const fragments = head
      .slice(sp + 1)
      .split(';')
      .map((f) => f.trim().split(/\s+/).map(Number))
      .filter((p) => p.length === 2 && p.every(Number.isFinite))
      .map(([s, e]) => ({ start: map(s!), end: map(e!) }));
    if (fragments.length) out.push({ role, fragments });
  }
  return out;
}

function codePointToUtf16(text: string): (cp: number) => number {
  if (!/[\uD800-\uDBFF]/.test(text)) return (cp) => cp;
  const idx: number[] = [];
  let u = 0;
  for (const ch of text) {
    idx.push(u);
    u += ch.length;
  }
  idx.push(u);
  return (cp) => idx[Math.min(cp, idx.length - 1)]!;
}

export interface PredSpans {
  Source: Span[];
  Cue: Span[];
  Content: Span[];
}

export function predictedSpans(atts: readonly Attribution[]): PredSpans {
  const out: PredSpans = { Source: [], Cue: [], Content: [] };
  const seen = new Set<string>();
  const add = (role: Role, s: Span) => {
    const k = `${role}:${s.start}:${s.end}`;
    if (seen.has(k)) return;
    seen.add(k);
    out[role].push({ start: s.start, end: s.end });
  };
  for (const a of atts) {
    if (a.source) add('Source', a.source);
    add('Cue', a.cue);
    add('Content', a.content);
  }
  return out;
}

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

export interface Counts {
  predMatched: number;
  pred: number;
  goldMatched: number;
  gold: number;
}

/** Overlap matching: a prediction is right when it overlaps a gold span of its role; gold is found likewise. */
export function overlapCounts(pred: readonly Span[], gold: readonly GoldSpan[]): Counts {
  const predMatched = pred.filter((p) => gold.some((g) => g.fragments.some((f) => overlaps(p, f)))).length;
  const goldMatched = gold.filter((g) => g.fragments.some((f) => pred.some((p) => overlaps(p, f)))).length;
  return { predMatched, pred: pred.length, goldMatched, gold: gold.length };
}

/** Exact matching after trimming whitespace and edge punctuation on both sides. */
export function exactCounts(text: string, pred: readonly Span[], gold: readonly GoldSpan[]): Counts {
  const key = (s: Span) => {
    const t = trim(text, s);
    return `${t.start}:${t.end}`;
  };
  const goldKeys = new Set(gold.filter((g) => g.fragments.length === 1).map((g) => key(g.fragments[0]!)));
  const predKeys = new Set(pred.map(key));
  const predMatched = [...predKeys].filter((k) => goldKeys.has(k)).length;
  const goldMatched = [...goldKeys].filter((k) => predKeys.has(k)).length;
  return { predMatched, pred: predKeys.size, goldMatched, gold: gold.length };
}

function trim(text: string, s: Span): Span {
  let { start, end } = s;
  while (start < end && /[\s"“”'‘’,.:;]/.test(text[start]!)) start++;
  while (end > start && /[\s"“”'‘’,.:;]/.test(text[end - 1]!)) end--;
  return { start, end };
}

export function addCounts(a: Counts, b: Counts): Counts {
  return { predMatched: a.predMatched + b.predMatched, pred: a.pred + b.pred, goldMatched: a.goldMatched + b.goldMatched, gold: a.gold + b.gold };
}

export function countsF1(c: Counts): { f1: number; precision: number; recall: number } {
  const precision = c.pred ? c.predMatched / c.pred : 0;
  const recall = c.gold ? c.goldMatched / c.gold : 0;
  return { f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, precision, recall };
}

const zero = (): Counts => ({ predMatched: 0, pred: 0, goldMatched: 0, gold: 0 });

/**
 * Articles of a PolNeAR folder with the annotation file to score each against. Where several annotators
 * annotated one article, the annotator id that sorts first is taken, so runs are deterministic.
 */
export async function polnearArticles(dir: string): Promise<{ name: string; annFile: string; annotator: string }[]> {
  const files = (await fs.readdir(join(dir, 'attributions'))).filter((f) => f.endsWith('.ann')).sort();
  const byArticle = new Map<string, { annFile: string; annotator: string }>();
  for (const f of files) {
    const m = /^(.*)_([0-9a-z]+)\.ann$/.exec(f);
    if (!m) continue;
    if (!byArticle.has(m[1]!)) byArticle.set(m[1]!, { annFile: f, annotator: m[2]! });
  }
  let names = [...byArticle.keys()];
  const meta = join(dir, 'metadata.tsv');
  if (existsSync(meta)) {
    // keep metadata order (its rows name every article of the corpus; only those present here are scored)
    const rows = (await fs.readFile(meta, 'utf8')).split('\n').slice(1).map((l) => l.split('\t')[1]);
    const order = new Map(rows.map((r, i) => [r, i]));
    names = names.sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || a.localeCompare(b));
  }
  return names.filter((n) => existsSync(join(dir, 'text', `${n}.txt`))).map((name) => ({ name, ...byArticle.get(name)! }));
}

/** Scores attribution spans on a PolNeAR-style brat folder (`text/`, `attributions/`, `metadata.tsv`). */
export async function evalAttribution(dir: string, opts: EvalOptions) {
  if (!existsSync(join(dir, 'attributions')) || !existsSync(join(dir, 'text'))) {
    throw new UnspinError('MISSING_DATA', `${dir}: expected text/ and attributions/ (PolNeAR brat layout)`);
  }
  // the halves are taken before --limit, so `--half even --limit 5` is five held-out articles
  const all = await polnearArticles(dir);
  const articles = all.filter((_, i) => !opts.half || i % 2 === (opts.half === 'odd' ? 1 : 0)).slice(0, opts.limit ?? Infinity);
  const counts: Record<Role | 'exact', Counts> = { Source: zero(), Cue: zero(), Content: zero(), exact: zero() };
  const times: number[] = [];
  let golds = 0;
  for (const a of articles) {
    const text = await fs.readFile(join(dir, 'text', `${a.name}.txt`), 'utf8');
    const gold = parseBrat(await fs.readFile(join(dir, 'attributions', a.annFile), 'utf8'), text);
    golds += gold.filter((g) => g.role === 'Cue').length;
    const t0 = performance.now();
    const doc = new Document(text, [{ kind: 'body', start: 0, end: text.length }]);
    doc.set('tokens', tokenize(doc));
    const t1 = performance.now();
    const pred = predictedSpans(findAttributions(doc));
    times.push(performance.now() - t1);
    void t0;
    for (const role of ROLES) counts[role] = addCounts(counts[role], overlapCounts(pred[role], gold.filter((g) => g.role === role)));
    counts.exact = addCounts(counts.exact, exactCounts(text, pred.Source, gold.filter((g) => g.role === 'Source')));
  }
  const r = (x: number) => Math.round(x * 10000) / 10000;
  const s = countsF1(counts.Source);
  const c = countsF1(counts.Cue);
  const ct = countsF1(counts.Content);
  const ex = countsF1(counts.exact);
  times.sort((x, y) => x - y);
  return {
    n: articles.length,
    ...(opts.half ? { half: `${opts.half} (0-based positions in metadata order)` } : {}),
    attributions: golds,
    annotator_choice: 'first annotator id in sort order where several annotated an article',
    metrics: {
      source_f1: r(s.f1),
      cue_f1: r(c.f1),
      content_f1: r(ct.f1),
      exact_source_f1: r(ex.f1),
      source_precision: r(s.precision),
      source_recall: r(s.recall),
      cue_precision: r(c.precision),
      cue_recall: r(c.recall),
      content_precision: r(ct.precision),
      content_recall: r(ct.recall),
      ms_per_article_median: r(times[Math.floor(times.length / 2)] ?? 0),
    },
  };
}
