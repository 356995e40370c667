import { marginals, viterbi } from './decode.js';
import { allCapsSentence, contextFeatures, neighbourFeatures, wordFeatures, wordForms } from './features.js';
import { NT, TAGS, type NerModel } from './model.js';
import { isTitleWord } from './titles.js';

export type NerLabel = 'PER' | 'ORG' | 'LOC' | 'MISC';

/** A tagged span over word indexes [start, end). */
export interface WordSpan {
  start: number;
  end: number;
  label: NerLabel;
  confidence: number;
  /** Set when document-level consistency (consistency.ts) relabelled the span or added it. */
  from?: 'relabelled' | 'added';
}

/** Summed weights of the features a word brings by itself and to each neighbour position (see features.ts). */
interface WordWeights {
  lower: string;
  shape: string;
  own: Float32Array;
  l1: Float32Array;
  r1: Float32Array;
  l2: Float32Array;
  r2: Float32Array;
}

/** Per model, keyed by word (and all-caps line): most words of an article repeat, so most lookups are one. */
const wordCache = new WeakMap<NerModel, Map<string, WordWeights>>();
const CACHE_MAX = 200_000;

function addWeights(model: NerModel, feats: readonly string[], into: Float32Array, off: number): void {
  for (const f of feats) {
    const w = model.weights.get(f);
    if (!w) continue;
    for (let t = 0; t < NT; t++) into[off + t] += w[t]!;
  }
}

function sum(model: NerModel, feats: readonly string[]): Float32Array {
  const v = new Float32Array(NT);
  addWeights(model, feats, v, 0);
  return v;
}

function weightsOf(model: NerModel, cache: Map<string, WordWeights>, w: string, caps: boolean): WordWeights {
  const key = (caps ? '\u0001' : '') + w;
  let e = cache.get(key);
  if (!e) {
    const nb = neighbourFeatures(w, caps);
    e = {
      ...wordForms(w, caps),
      own: sum(model, wordFeatures(w, caps, model.caseTable, model.gazetteer, model.clusters)),
      l1: sum(model, nb.l1),
      r1: sum(model, nb.r1),
      l2: sum(model, nb.l2),
      r2: sum(model, nb.r2),
    };
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, e);
  }
  return e;
}

/** Emission scores (n x NT) of a sentence: the sum of the weight vectors of each token's features. */
export function emissions(model: NerModel, words: readonly string[]): Float32Array {
  let cache = wordCache.get(model);
  if (!cache) wordCache.set(model, (cache = new Map()));
  const n = words.length;
  const caps = allCapsSentence(words);
  const ww = words.map((w) => weightsOf(model, cache!, w, caps));
  const { context } = contextFeatures(words, model.caseTable, model.gazetteer, model.clusters, true, {
    caps,
    lower: ww.map((e) => e.lower),
    shapes: ww.map((e) => e.shape),
  });
  const emit = new Float32Array(n * NT);
  for (let i = 0; i < n; i++) {
    const off = i * NT;
    const own = ww[i]!.own;
    const l1 = i > 0 ? ww[i - 1]!.l1 : undefined;
    const r1 = i + 1 < n ? ww[i + 1]!.r1 : undefined;
    const l2 = i > 1 ? ww[i - 2]!.l2 : undefined;
    const r2 = i + 2 < n ? ww[i + 2]!.r2 : undefined;
    for (let t = 0; t < NT; t++) emit[off + t] = own[t]! + (l1 ? l1[t]! : 0) + (r1 ? r1[t]! : 0) + (l2 ? l2[t]! : 0) + (r2 ? r2[t]! : 0);
    addWeights(model, context[i]!, emit, off);
  }
  return emit;
}

/** Best BIO tags of one sentence, as tag strings. */
export function tagWords(model: NerModel, words: readonly string[]): string[] {
  const path = viterbi(emissions(model, words), words.length, model.trans);
  return [...path].map((t) => TAGS[t]!);
}

/**
 * The named-entity spans of one sentence, each with a confidence: the lowest posterior probability (from
 * forward-backward over the temperature-scaled scores) of the span's tags, so one doubtful token makes the span
 * doubtful. Set `withConfidence` false when only spans are needed (evaluation speed).
 */
export function tagSpans(model: NerModel, words: readonly string[], withConfidence = true): WordSpan[] {
  const n = words.length;
  if (n === 0) return [];
  const emit = emissions(model, words);
  const path = viterbi(emit, n, model.trans);
  // Forward-backward only when there is a span to score: many sentences have none.
  const post = withConfidence && path.some((t) => t !== 0) ? marginals(emit, n, model.trans, model.temperature) : undefined;
  const spans: WordSpan[] = [];
  for (let i = 0; i < n; ) {
    const tag = TAGS[path[i]!]!;
    if (tag === 'O') {
      i++;
      continue;
    }
    const label = tag.slice(2) as NerLabel;
    let j = i + 1;
    while (j < n && TAGS[path[j]!] === 'I-' + label) j++;
    let conf = 1;
    if (post) for (let k = i; k < j; k++) conf = Math.min(conf, post[k * NT + path[k]!]!);
    spans.push(titled(model, words, { start: i, end: j, label, confidence: Math.round(conf * 1000) / 1000 }));
    i = j;
  }
  return spans;
}

const CAPITALISED = /^\p{Lu}/u;

/**
 * GMB puts direction words inside place spans ("southern Idlib"); names proper start with a capital. Leading
 * words that the training text nearly always writes in lower case are dropped from a span (not name particles
 * such as "al-" or "de", which the case table does not count as common lower-case words).
 */
function uncapitalisedLead(model: NerModel, words: readonly string[], s: WordSpan): WordSpan {
  let k = s.start;
  while (k < s.end - 1 && /^\p{Ll}+$/u.test(words[k]!) && (model.caseTable.get(words[k]!) ?? 0) >= 3 && !model.gazetteer?.words.has(words[k]!)) k++;
  return k === s.start ? s : { ...s, start: k };
}

/**
 * A span that opens with titles and goes on with capitalised words is a person with a title: "General Valery
 * Asapov" is PER "Valery Asapov", even where the learner took "General ..." for an organisation as in "General
 * Motors". Names the model learned as a whole (its multi-word list) are left alone, and an organisation needs
 * two name words after the title to turn into a person.
 */
function titled(model: NerModel, words: readonly string[], s0: WordSpan): WordSpan {
  const s = uncapitalisedLead(model, words, s0);
  if (s.label !== 'PER' && s.label !== 'ORG') return s;
  let k = s.start;
  while (k < s.end - 1 && isTitleWord(words[k]!)) k++;
  if (k === s.start) return s;
  const rest = words.slice(k, s.end);
  if (!rest.every((w) => CAPITALISED.test(w))) return s;
  if (s.label === 'ORG') {
    if (rest.length < 2) return s;
    const phrase = words.slice(s.start, s.end).map((w) => w.toLowerCase()).join(' ');
    if (model.gazetteer?.phrases.has(phrase)) return s;
    if (rest.some((w) => model.gazetteer?.words.get(w.toLowerCase()) === 'ORG')) return s;
  }
  return { ...s, start: k, label: 'PER' };
}
