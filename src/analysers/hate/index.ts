import { defineAnalyser } from '../../core/analyser.js';
import type { Document } from '../../core/document.js';
import type { HateFlag, Token } from '../../core/layers.js';
import { judge, quoteStep, sentenceContext } from './context.js';
import { vectorise } from './features.js';
import { mayMatch, tokenise } from './lexicons.js';
import { MarginGate } from './gate.js';
import { JointScorer, sharedModel, type ModelMeta } from './model.js';
import { codeCandidates, conspiracyCandidates, dehumanisationCandidates, slurCandidates, tropeCandidates, type Candidate, type SentenceInput } from './rules.js';

/** P(hate) at or above which a sentence is flagged by the classifier alone: high, because it was trained on tweets. */
export const HATE_SENTENCE_THRESHOLD = 0.8;
/** P(antisemitic) from which the classifier counts as a supporting signal for ambiguous codes. */
const ANTISEMITISM_SUPPORT = 0.5;
/** P(hate) from which the hate classifier counts as a supporting signal for other flags. */
const HATE_SUPPORT = 0.35;

const noisyOr = (ps: number[]) => 1 - ps.reduce((acc, p) => acc * (1 - Math.max(0, Math.min(1, p))), 1);
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Flags hateful, dehumanising and conspiratorial language, sentence by sentence: glossary dog whistles (with their
 * in-group meaning), conspiracy tropes, explicit antisemitic conspiracy claims, dehumanising metaphors applied to
 * people, slurs, and sentences the hate classifier is confident about. Signals support each other (an ambiguous code
 * needs one); sentences that report on hate rather than express it are left alone in the author's text.
 */
export function detectHate(doc: Document): HateFlag[] {
  const tokens = doc.get('tokens');
  const adjectiveAt = adjectiveIndex(tokens);
  const sentences: SentenceInput[] = doc.get('sentences').length ? doc.get('sentences') : [{ start: 0, end: doc.text.length }];
  const flags: HateFlag[] = [];
  const quotes = new QuoteScanner(doc.text);
  for (const s of sentences) {
    for (const w of windows(doc.text, s.start, s.end)) {
      for (const f of analyseSentence(doc, w, adjectiveAt, quotes)) flags.push(f);
    }
  }
  return inAntisemiticPassage(doc, mergeCodes(doc, flags)).sort((a, b) => a.start - b.start || b.end - a.end);
}

/**
 * Sentences longer than this many words (a page of boilerplate with no full stop) are analysed in windows of
 * WINDOW words: the span rules compare candidates pairwise within a sentence, so an unbounded sentence would cost
 * quadratic time. A phrase straddling two windows is missed; the classifier scores each window on its own.
 */
const LONG_SENTENCE = 400;
const WINDOW = 200;

interface Window extends SentenceInput {
  /** Set when the sentence was cut into windows. */
  windowed?: boolean;
}

function windows(text: string, start: number, end: number): Window[] {
  const toks = tokenise(text, start, end);
  if (toks.length <= LONG_SENTENCE) return [{ start, end, toks }];
  const out: Window[] = [];
  for (let i = 0; i < toks.length; i += WINDOW) {
    const part = toks.slice(i, i + WINDOW);
    out.push({ start: i === 0 ? start : part[0]!.start, end: i + WINDOW >= toks.length ? end : part[part.length - 1]!.end, toks: part, windowed: true });
  }
  return out;
}

/**
 * insideQuotes() for offsets met in increasing order: keeps the scan state, so a whole document costs one pass
 * (a fresh scan from the section start per candidate was quadratic on long sections).
 */
class QuoteScanner {
  private from = -1;
  private pos = -1;
  private open = false;
  constructor(private readonly text: string) {}

  inside(from: number, at: number): boolean {
    if (from !== this.from || at < this.pos) {
      this.from = from;
      this.pos = from;
      this.open = false;
    }
    this.open = quoteStep(this.text, this.pos, at, this.open);
    this.pos = at;
    return this.open;
  }
}

function analyseSentence(doc: Document, s: Window, isAdjective: (at: number) => boolean, quotes: QuoteScanner): HateFlag[] {
  const text = doc.text.slice(s.start, s.end);
  if (!/\p{L}{2}/u.test(text)) return [];
  const sectionIndex = doc.sectionAt(s.start);
  const section = sectionIndex >= 0 ? doc.sections[sectionIndex]! : undefined;
  const inComment = section?.kind === 'comment';
  let cands: Candidate[] = conspiracyCandidates(s, doc.text);
  // The lexicon rules only when some word of the sentence can start a listed phrase (most news sentences have none).
  if (mayMatch(s.toks ?? tokenise(doc.text, s.start, s.end))) {
    cands = [...codeCandidates(s, doc.text).cands, ...tropeCandidates(s, doc.text), ...cands, ...dehumanisationCandidates(s, doc.text, isAdjective), ...slurCandidates(s, doc.text)];
  }
  // The classifiers matter only as support for candidates or to flag a sentence of at least 5 words on their own;
  // a short fragment with no candidate cannot be flagged, so it skips them (and the context patterns).
  const longEnough = letterWordsReach(s.toks, 5);
  if (cands.length === 0 && (!longEnough || !hateCanFire(text))) return [];
  const ctx = sentenceContext(text);
  const [pA, pH] = classify(text);

  // Classifier support and cross-support between flags of the sentence.
  const strongOthers = (c: Candidate) => cands.filter((o) => o !== c && !o.needsSupport && !o.weak && (o.end <= c.start || o.start >= c.end));
  for (const c of cands) {
    const antisemitic = c.category.startsWith('antisemitic');
    if (antisemitic && pA >= ANTISEMITISM_SUPPORT) c.supports.push({ why: `the antisemitism classifier scores the sentence ${pA.toFixed(2)}`, weight: 0.5 * pA });
    if (!antisemitic && pH >= HATE_SUPPORT) c.supports.push({ why: `the hate classifier scores the sentence ${pH.toFixed(2)}`, weight: 0.5 * pH });
    if (c.category !== 'antisemitic_code' && c.category !== 'coded_language') {
      const o = strongOthers(c).filter((x) => x.category !== c.category);
      if (o.length) c.supports.push({ why: `alongside ${o[0]!.category.replace(/_/g, ' ')} (“${doc.text.slice(o[0]!.start, o[0]!.end)}”)`, weight: 0.25 });
    } else if (c.needsSupport) {
      const o = strongOthers(c).filter((x) => x.category === 'dehumanisation' || x.category === 'slur' || x.category === 'antisemitic_conspiracy');
      if (o.length) c.supports.push({ why: `alongside ${o[0]!.category.replace(/_/g, ' ')} (“${doc.text.slice(o[0]!.start, o[0]!.end)}”)`, weight: 0.3 });
    }
  }
  cands = cands.filter((c) => {
    if (c.weak) return pA >= 0.8 && c.supports.length >= 2;
    return !c.needsSupport || c.supports.length > 0;
  });
  // A trope that is also a supported antisemitic code is reported once, as the code.
  cands = cands.filter((c) => c.category !== 'conspiracy_trope' || !cands.some((o) => o.category === 'antisemitic_code' && o.start < c.end && c.start < o.end));

  const out: HateFlag[] = [];
  const where = inComment ? 'in a reader comment' : section ? `in the ${section.kind}` : '';
  // Quotation state is read in offset order (one forward scan), then the flags are made in the candidates' order.
  const quotedAt = new Map<number, boolean>();
  for (const at of [...new Set(cands.map((c) => c.start))].sort((a, b) => a - b)) quotedAt.set(at, quotes.inside(section?.start ?? s.start, at));
  for (const c of cands) {
    // A block quote in an article is someone else's words, like text in quotation marks.
    const quoted = section?.kind === 'quote' || quotedAt.get(c.start)!;
    const verdict = judge(ctx, quoted, inComment);
    if (verdict.suppress) continue;
    const confidence = r3(Math.min(0.97, noisyOr([c.base, ...c.supports.map((x) => x.weight)]) * verdict.factor));
    const supports = c.supports.map((x) => x.why);
    const flag: HateFlag = { category: c.category, start: c.start, end: c.end, text: doc.text.slice(c.start, c.end), confidence, source: c.source, reason: '' };
    if (c.meaning) flag.meaning = c.meaning;
    if (c.target) flag.target = c.target;
    if (section) flag.section = section.kind;
    const parts: ReasonParts = { what: c.what, supports, ...(verdict.why ? { weakened: verdict.why } : {}), where };
    flag.reason = reasonOf(parts);
    reasonParts.set(flag, parts);
    out.push(flag);
  }

  // The sentence classifier on its own evidence, when it is confident (reported beside any span flags above).
  // Short fragments (bylines, headings) carry too few words for a tweet-trained model to judge.
  if (pH >= HATE_SENTENCE_THRESHOLD && longEnough) {
    const verdict = judge(ctx, section?.kind === 'quote', inComment);
    if (!verdict.suppress) {
      const top = sharedModel('hate').explain(text, 0, 4);
      const flag: HateFlag = {
        category: 'hate',
        start: s.start,
        end: s.end,
        text,
        confidence: r3(pH * 0.8 * verdict.factor),
        source: `model:hate${top.length ? ` (${top.map((t) => t.text).join(', ')})` : ''}${s.windowed ? ' [window of an over-long sentence]' : ''}`,
        reason: `The hate-speech classifier (trained on tweets) scores this sentence ${pH.toFixed(2)}${top.length ? `; strongest words: ${top.map((t) => `“${t.text}”`).join(', ')}` : ''}${inComment ? ' (in a reader comment)' : ''}.`,
      };
      if (section) flag.section = section.kind;
      out.push(flag);
    }
  }
  return out;
}

/** Do at least n of the tokens have a letter? (Counts without building the filtered list, and stops at n.) */
function letterWordsReach(toks: readonly { norm: string }[] | undefined, n: number): boolean {
  if (!toks) return n <= 0;
  let count = 0;
  for (const t of toks) if (isLetterWord(t.norm) && ++count >= n) return true;
  return count >= n;
}

/** Has a letter: a character test for plain ASCII words, the Unicode regex only for the rest. */
function isLetterWord(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i) | 32;
    if (c >= 97 && c <= 122) return true;
    if (w.charCodeAt(i) > 127) return /\p{L}/u.test(w);
  }
  return false;
}

/**
 * P(antisemitic) and P(hate) of a sentence; when the two models' features agree they share one feature vector and
 * one interleaved weight table.
 */
function classify(text: string): [number, number] {
  const a = sharedModel('antisemitism');
  const h = sharedModel('hate');
  if (joint === undefined) joint = JSON.stringify(a.meta.features) === JSON.stringify(h.meta.features) ? new JointScorer([a, h]) : null;
  let za: number[];
  let zh: number[];
  if (joint) {
    const z = joint.logits(vectorise(text, a.meta.features));
    za = z.slice(0, 1);
    zh = z.slice(1);
  } else {
    za = a.logits(vectorise(text, a.meta.features));
    zh = h.logits(vectorise(text, h.meta.features));
  }
  return [a.probs(priorCorrected(a.meta, za))[0]!, h.probs(priorCorrected(h.meta, zh))[0]!];
}

/**
 * How far below the flagging margin the gate's estimate may fall and still send a sentence to the classifier: the
 * estimate falls short of the exact margin by at most 0.88 on 3,827 news sentences and by more than 1.5 on 3 of
 * 21,224 tweets, and every tweet the classifier flags (194 in the training data) was estimated at least 1.3 above
 * the gate (see the model card).
 */
const GATE_SLACK = 1.5;

let gate: { g: MarginGate; at: number } | undefined;

/**
 * Can the hate classifier flag this sentence on its own (P(hate) ≥ HATE_SENTENCE_THRESHOLD)? P(hate) ≥ p needs
 * z_hate − z_k ≥ log(p / (1 − p)) against every other class; a cheap estimate of that margin rules out nearly every
 * news sentence without building its feature vector (the costliest step of the analyser).
 */
function hateCanFire(text: string): boolean {
  if (!gate) {
    const h = sharedModel('hate');
    const bias = priorCorrected(h.meta, h.meta.bias);
    gate = { g: new MarginGate(h, 0, bias), at: Math.log(HATE_SENTENCE_THRESHOLD / (1 - HATE_SENTENCE_THRESHOLD)) - GATE_SLACK };
  }
  return gate.g.margin(text) >= gate.at;
}

/** Both sentence classifiers in one table, built on first use (null when their features differ). */
let joint: JointScorer | null | undefined;

/**
 * Training up-weighted the rare classes (hate, antisemitic) to find them in a balanced way; for a probability a
 * reader can trust in running news text, that weighting is undone (log class weight off each logit), so a rare class
 * must earn its score.
 */
function priorCorrected(meta: ModelMeta, z: number[]): number[] {
  const cw = (meta.hyperparameters as { classWeights?: number[] } | undefined)?.classWeights;
  if (!cw) return z;
  if (meta.kind === 'binary') return [z[0]! - Math.log(cw[1]! / cw[0]!)];
  return z.map((x, k) => x - Math.log(cw[k] ?? 1));
}


/**
 * Dehumanising and conspiratorial language in a paragraph or comment that also uses antisemitic codes is most
 * likely aimed at the same target: say so, and raise its confidence a little.
 */
function inAntisemiticPassage(doc: Document, flags: HateFlag[]): HateFlag[] {
  const bySection = new Map<number, HateFlag[]>();
  for (const f of flags) {
    if (f.category !== 'antisemitic_code' && f.category !== 'antisemitic_conspiracy') continue;
    const k = doc.sectionAt(f.start);
    const list = bySection.get(k);
    if (list) list.push(f);
    else bySection.set(k, [f]);
  }
  const named = new Map<number, string>();
  for (const f of flags) {
    if (f.category !== 'dehumanisation' && f.category !== 'conspiracy_trope') continue;
    const k = doc.sectionAt(f.start);
    const codes = bySection.get(k);
    const parts = reasonParts.get(f);
    if (!codes || !parts) continue;
    f.target ??= 'antisemitic';
    let terms = named.get(k);
    if (terms === undefined) named.set(k, (terms = [...new Set(codes.map((c) => c.text))].slice(0, 3).join('”, “')));
    parts.supports.push(`in a passage that uses antisemitic codes (“${terms}”)`);
    f.reason = reasonOf(parts);
    f.confidence = r3(Math.min(0.97, noisyOr([f.confidence, 0.25])));
  }
  return flags;
}

interface ReasonParts {
  what: string;
  supports: string[];
  weakened?: string;
  where: string;
}

/** The pieces each flag's reason was built from, so that merged flags get one readable reason. */
const reasonParts = new WeakMap<HateFlag, ReasonParts>();

function reasonOf(p: ReasonParts): string {
  return `${p.what}${p.supports.length ? `; supported by: ${p.supports.join('; ')}` : ''}${p.weakened ? `; weakened: ${p.weakened}` : ''}${p.where ? ` (${p.where})` : ''}.`;
}

/**
 * Adjacent antisemitic codes ("globalist deep state") become one flag over the phrase with all their meanings,
 * so a reader sees one highlighted phrase, not three fragments.
 */
function mergeCodes(doc: Document, flags: HateFlag[]): HateFlag[] {
  const codes = flags.filter((f) => f.category === 'antisemitic_code').sort((a, b) => a.start - b.start);
  const rest = flags.filter((f) => f.category !== 'antisemitic_code');
  const groups: HateFlag[][] = [];
  for (const f of codes) {
    const group = groups[groups.length - 1];
    const last = group?.[group.length - 1];
    const gap = last ? doc.text.slice(last.end, f.start) : '';
    if (group && last && f.start >= last.end && /^[\s\p{L}-]*$/u.test(gap) && (gap.match(/\p{L}+/gu) ?? []).length <= 1) group.push(f);
    else groups.push([f]);
  }
  const merged = groups.map((g) => {
    if (g.length === 1) return g[0]!;
    const first = g[0]!;
    const last = g[g.length - 1]!;
    const text = doc.text.slice(first.start, last.end);
    const terms = g.map((f) => `“${f.text}” (in-group meaning “${f.meaning ?? '?'}”)`).join(', ');
    // "with other coded terms" is implied by the merge; "next to" words inside the phrase say nothing new.
    const nearWords = new Set<string>();
    const supports: string[] = [];
    for (const x of g.flatMap((f) => reasonParts.get(f)?.supports ?? [])) {
      if (x.startsWith('with other coded terms')) continue;
      if (x.startsWith('next to ')) {
        for (const m of x.matchAll(/“([^”]+)”/g)) if (!text.toLowerCase().includes(m[1]!)) nearWords.add(m[1]!);
        continue;
      }
      if (!supports.includes(x)) supports.push(x);
    }
    if (nearWords.size) supports.unshift(`next to “${[...nearWords].join('”, “')}”`);
    const parts: ReasonParts = { what: `“${text}” strings together coded antisemitic terms (dog whistles): ${terms}`, supports, where: reasonParts.get(first)?.where ?? '' };
    const flag: HateFlag = {
      ...first,
      end: last.end,
      text,
      meaning: [...new Set(g.map((f) => f.meaning).filter(Boolean))].join(' | '),
      source: g.map((f) => f.source).join(' + '),
      confidence: r3(Math.min(0.97, noisyOr(g.map((f) => f.confidence)))),
      reason: reasonOf(parts),
    };
    return flag;
  });
  return [...rest, ...merged];
}

/** Is the word starting at `at` tagged as an adjective? (Tokens are sorted by start.) */
function adjectiveIndex(tokens: Token[]): (at: number) => boolean {
  // A binary search over the tokens' starts (asked only for the few dehumanisation candidates) instead of a map
  // of every token's start built per article; with equal starts the last token counts, as the map had it.
  for (let k = 1; k < tokens.length; k++) {
    if (tokens[k]!.start < tokens[k - 1]!.start) {
      const starts = new Map<number, string>();
      for (const t of tokens) starts.set(t.start, t.pos);
      return (at) => starts.get(at) === 'ADJ';
    }
  }
  return (at) => {
    let lo = 0;
    let hi = tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tokens[mid]!.start <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && tokens[lo - 1]!.start === at && tokens[lo - 1]!.pos === 'ADJ';
  };
}

export const hateAnalyser = defineAnalyser({
  name: 'hate',
  version: '2',
  reads: ['tokens', 'sentences'],
  writes: 'hate',
  run: detectHate,
});
