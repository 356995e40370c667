import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { UnspinError } from '../core/errors.js';
import { loadModel } from '../analysers/ner/model.js';
import { tagSpans } from '../analysers/ner/tagger.js';
import { harmonise } from '../analysers/ner/consistency.js';

const DOC = process.env.UNSPIN_NER_NODOC !== '1';
const CONF = process.env.UNSPIN_NER_NOCONF !== '1';
import type { EvalOptions } from './index.js';

/**
 * Scores the NER tagger on CoNLL-2003-style column files (`WORD POS CHUNK NER` per line, blank lines between
 * sentences, -DOCSTART- lines; IOB1 or IOB2 tags): exact span and type over PER, ORG and LOC (MISC is left out
 * on both sides, as the task defines it). The given tokens are tagged directly through the analyser's feature code.
 */

export interface ConllSentence {
  words: string[];
  tags: string[];
  /** Index of the document (between -DOCSTART- lines) the sentence belongs to. */
  doc?: number;
}

/** Sentences of a CoNLL column file; the last column is the NER tag. */
export function readConll(text: string): ConllSentence[] {
  const out: ConllSentence[] = [];
  let doc = 0;
  let cur: ConllSentence = { words: [], tags: [], doc };
  const flush = () => {
    if (cur.words.length) out.push(cur);
    cur = { words: [], tags: [], doc };
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) {
      flush();
      continue;
    }
    const cols = line.split(/\s+/);
    if (cols[0] === '-DOCSTART-') {
      flush();
      if (out.length) doc++;
      cur.doc = doc;
      continue;
    }
    cur.words.push(cols[0]!);
    cur.tags.push(cols.length > 1 ? cols[cols.length - 1]! : 'O');
  }
  flush();
  return out;
}

export interface Span3 {
  start: number;
  end: number;
  type: string;
}

/**
 * Spans of a tag sequence in IOB1 or IOB2: an I-X continues a span of type X; B-X always starts a new one (in
 * IOB1 it only appears between two adjacent spans of one type); an I-X after O or another type starts one too.
 */
export function spansOf(tags: readonly string[]): Span3[] {
  const spans: Span3[] = [];
  let cur: Span3 | undefined;
  tags.forEach((tag, i) => {
    if (tag === 'O' || tag.length < 3) {
      cur = undefined;
      return;
    }
    const prefix = tag[0];
    const type = tag.slice(2);
    if (prefix === 'B' || !cur || cur.type !== type) {
      cur = { start: i, end: i + 1, type };
      spans.push(cur);
    } else cur.end = i + 1;
  });
  return spans;
}

const SCORED = ['PER', 'ORG', 'LOC'];

export interface SpanScores {
  f1: number;
  precision: number;
  recall: number;
  per: number;
  org: number;
  loc: number;
  misc: number;
  /** Per type: [true positives, predicted, gold]. */
  counts: Record<string, [number, number, number]>;
}

function f1(tp: number, pred: number, gold: number): number {
  return pred + gold === 0 ? 0 : (2 * tp) / (pred + gold);
}

/** Exact-match span scores per sentence pair; overall precision/recall/F1 over PER, ORG and LOC (micro). */
export function scoreSpans(gold: readonly Span3[][], pred: readonly Span3[][]): SpanScores {
  const counts: Record<string, [number, number, number]> = {};
  for (const t of [...SCORED, 'MISC']) counts[t] = [0, 0, 0];
  gold.forEach((g, k) => {
    const p = pred[k] ?? [];
    const key = (s: Span3) => `${s.start}:${s.end}:${s.type}`;
    const gs = new Set(g.map(key));
    for (const s of g) if (counts[s.type]) counts[s.type]![2]++;
    for (const s of p) {
      if (!counts[s.type]) continue;
      counts[s.type]![1]++;
      if (gs.has(key(s))) counts[s.type]![0]++;
    }
  });
  let tp = 0;
  let np = 0;
  let ng = 0;
  for (const t of SCORED) {
    tp += counts[t]![0];
    np += counts[t]![1];
    ng += counts[t]![2];
  }
  const type = (t: string) => f1(...counts[t]!);
  return {
    f1: f1(tp, np, ng),
    precision: np ? tp / np : 0,
    recall: ng ? tp / ng : 0,
    per: type('PER'),
    org: type('ORG'),
    loc: type('LOC'),
    misc: type('MISC'),
    counts,
  };
}

const DATELINE = /^\p{Lu}[\p{Lu} .,'-]*(?:,\s*\p{L}[\p{L} .]*)?\s\d{4}-\d\d-\d\d$/u;

/**
 * Document boundaries as [start, end) sentence ranges. `-DOCSTART-` lines give them where present; CoNLL files
 * without them are still wire stories, each opening with a headline and then a dateline ("LONDON 1996-08-30"), so a
 * dateline starts a new document at the headline before it. Names are made consistent only within one document, as
 * the analyser does within one article, so no name knowledge leaks from story to story.
 */
export function documentsOf(sents: readonly ConllSentence[]): [number, number][] {
  const starts = new Set<number>([0]);
  const marked = sents.some((s) => (s.doc ?? 0) !== (sents[0]?.doc ?? 0));
  sents.forEach((s, i) => {
    if (marked) {
      if (i > 0 && s.doc !== sents[i - 1]!.doc) starts.add(i);
    } else if (i > 0 && s.words.length <= 8 && DATELINE.test(s.words.join(' '))) starts.add(i - 1);
  });
  const sorted = [...starts].filter((i) => i < sents.length).sort((a, b) => a - b);
  return sorted.map((a, k) => [a, sorted[k + 1] ?? sents.length]);
}

/** Every CoNLL file in the folder (eng.testa, eng.testb, *.conll, *.txt), sorted by name. */
async function conllFiles(dir: string): Promise<string[]> {
  const names = (await fs.readdir(dir)).filter((n) => /^eng\.test|\.(conll|iob|txt)$/i.test(n)).sort();
  if (!names.length) throw new UnspinError('MISSING_DATA', `${dir}: no CoNLL files (eng.testa, *.conll)`);
  return names.map((n) => join(dir, n));
}

export async function evalNer(dir: string, opts: EvalOptions) {
  const sents: ConllSentence[] = [];
  for (const file of await conllFiles(dir)) sents.push(...readConll(await fs.readFile(file, 'utf8')));
  const chosen = sents.slice(0, opts.limit ?? Infinity);
  const model = loadModel();
  // Warm up the JIT on a few sentences so tokens/s measures steady tagging, not compilation.
  for (const s of chosen.slice(0, 50)) tagSpans(model, s.words, false);
  let tokens = 0;
  // CPU time of this (single-threaded) loop is the cost on one core, even when other processes share the machine.
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // As the analyser does for an article: tag sentence by sentence, then make each document's names consistent.
  const pred: Span3[][] = [];
  for (const [a, b] of documentsOf(chosen)) {
    const words = chosen.slice(a, b).map((s) => s.words);
    for (const w of words) tokens += w.length;
    const spans = words.map((w) => tagSpans(model, w, CONF));
    for (const ss of DOC ? harmonise(words, spans) : spans) pred.push(ss.map((p) => ({ start: p.start, end: p.end, type: p.label })));
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const gold = chosen.map((s) => spansOf(s.tags));
  const sc = scoreSpans(gold, pred);
  for (const t of ['PER', 'ORG', 'LOC', 'MISC']) {
    const [tp, np, ng] = sc.counts[t]!;
    opts.log?.(`${t}: tp ${tp} predicted ${np} gold ${ng}`);
  }
  const r = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    n: chosen.length,
    metrics: {
      f1: r(sc.f1),
      per_f1: r(sc.per),
      org_f1: r(sc.org),
      loc_f1: r(sc.loc),
      precision: r(sc.precision),
      recall: r(sc.recall),
      misc_f1: r(sc.misc),
      tokens,
      tokens_per_second: Math.round(tokens / (Math.max(cpuMs, 1e-3) / 1000)),
      tokens_per_second_wall: Math.round(tokens / (ms / 1000)),
    },
  };
}
