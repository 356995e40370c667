import { marginals, viterbi } from './decode.js';
import { allCapsSentence, firstFeature, isBracket, matchPhrases, neighbourFeatures, wordFeatures, wordForms } from './features.js';
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

/**
 * Summed weights of the features a word brings by itself and to each neighbour position, plus the context features
 * it gets at a sentence edge. Every context feature of contextFeatures (features.ts) depends on one word, on one
 * pair of adjacent words, or on a multi-word name match; the first two kinds are summed once per word (here) and
 * once per word pair (pairWeights), so tagging a sentence builds no feature strings and looks up no string keys
 * except for the rare multi-word name matches.
 */
interface WordWeights {
  /** Small integer id, unique within its cache generation: pairs of words are keyed by two ids. */
  id: number;
  lower: string;
  shape: string;
  bracket: boolean;
  own: Float32Array;
  /** As the left neighbour (w-1, sh-1, gz-1, c-1), right neighbour, second left and second right. */
  l1: Float32Array;
  r1: Float32Array;
  l2: Float32Array;
  r2: Float32Array;
  /** Context features of the word as the first word of its sentence (nothing to its left), and as the last. */
  first: Float32Array;
  last: Float32Array;
}

/** Per model: word caches (mixed-case and all-caps lines), the word-pair cache and the constant edge features. */
interface TaggerCache {
  words: Map<string, WordWeights>;
  capsWords: Map<string, WordWeights>;
  nextId: number;
  /** Pair key (id of left word * 2^21 + id of right word) to an offset into `pool`, or -1 when both sums are 0. */
  pairs: Map<number, number>;
  /** Per pair 2 x NT floats: what the pair adds to the left word, then to the right word. */
  pool: Float32Array;
  poolUsed: number;
  /** 'w-2=<s>' and 'w+2=</s>': the second position beyond a sentence edge. */
  bos2: Float32Array;
  eos2: Float32Array;
}

const caches = new WeakMap<NerModel, TaggerCache>();
/** Bounds on the caches (a long-running corpus job sees millions of words); past them a cache starts afresh. */
const CACHE_MAX = 200_000;
const PAIR_MAX = 200_000;
const ID_SPACE = 2 ** 21;

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

function cacheOf(model: NerModel): TaggerCache {
  let c = caches.get(model);
  if (!c) {
    c = { words: new Map(), capsWords: new Map(), nextId: 0, pairs: new Map(), pool: new Float32Array(0), poolUsed: 0, bos2: sum(model, ['w-2=<s>']), eos2: sum(model, ['w+2=</s>']) };
    caches.set(model, c);
  }
  return c;
}

function weightsOf(model: NerModel, cache: TaggerCache, w: string, caps: boolean): WordWeights {
  const map = caps ? cache.capsWords : cache.words;
  let e = map.get(w);
  if (!e) {
    if (cache.nextId >= CACHE_MAX) {
      // Ids are reused after a reset, so the pair cache (keyed by ids) goes too.
      cache.words.clear();
      cache.capsWords.clear();
      cache.pairs.clear();
      cache.poolUsed = 0;
      cache.nextId = 0;
    }
    const { lower, shape } = wordForms(w, caps);
    const nb = neighbourFeatures(w, caps);
    const gaz = model.gazetteer;
    const clusters = model.clusters;
    const g = gaz?.words.get(lower);
    const cl = clusters?.get(lower);
    const cluster = cl ? cl.slice(0, 8) : '-';
    const asLeft = [...nb.l1];
    const asRight = [...nb.r1];
    const first = ['w-1=<s>', 'sh-1=<s>', 'sh-1|sh=<s>|' + shape, 'w-1|w=<s>|' + lower, firstFeature(w, caps, model.caseTable)];
    const last = ['w+1=</s>', 'sh+1=</s>', 'sh|sh+1=' + shape + '|</s>', 'w|w+1=' + lower + '|</s>'];
    if (gaz) {
      if (g) asLeft.push('gz-1=' + g), asRight.push('gz+1=' + g);
      first.push('gz-1=<s>');
      last.push('gz+1=</s>');
    }
    if (clusters) {
      asLeft.push('c-1=' + cluster);
      asRight.push('c+1=' + cluster);
      first.push('c-1=-');
      last.push('c+1=-');
    }
    e = {
      id: cache.nextId++,
      lower,
      shape,
      bracket: isBracket(lower),
      own: sum(model, wordFeatures(w, caps, model.caseTable, gaz, clusters)),
      l1: sum(model, asLeft),
      r1: sum(model, asRight),
      l2: sum(model, nb.l2),
      r2: sum(model, nb.r2),
      first: sum(model, first),
      last: sum(model, last),
    };
    map.set(w, e);
  }
  return e;
}

/** Offset in cache.pool of what adjacent words a, b add to each other (the pair features), or -1 for nothing. */
function pairWeights(model: NerModel, cache: TaggerCache, a: WordWeights, b: WordWeights): number {
  const key = a.id * ID_SPACE + b.id;
  const hit = cache.pairs.get(key);
  if (hit !== undefined) return hit;
  // A bracket neighbour gives no feature (see contextFeatures): b gets nothing from a bracket a, and vice versa.
  // Each weight is looked up once: most pairs of a page are new and most have no weight at all.
  const W = model.weights;
  const a1 = b.bracket ? undefined : W.get('sh|sh+1=' + a.shape + '|' + b.shape);
  const a2 = b.bracket ? undefined : W.get('w|w+1=' + a.lower + '|' + b.lower);
  const b1 = a.bracket ? undefined : W.get('sh-1|sh=' + a.shape + '|' + b.shape);
  const b2 = a.bracket ? undefined : W.get('w-1|w=' + a.lower + '|' + b.lower);
  let off = -1;
  if (a1 || a2 || b1 || b2) {
    if (cache.poolUsed + 2 * NT > cache.pool.length) {
      if (cache.pool.length >= PAIR_MAX * 2 * NT) {
        cache.pairs.clear();
        cache.poolUsed = 0;
      } else {
        const grown = new Float32Array(Math.min(PAIR_MAX * 2 * NT, Math.max(4096 * 2 * NT, cache.pool.length * 2)));
        grown.set(cache.pool);
        cache.pool = grown;
      }
    }
    off = cache.poolUsed;
    cache.poolUsed += 2 * NT;
    const pool = cache.pool;
    for (let t = 0; t < NT; t++) {
      pool[off + t] = (a1 ? a1[t]! : 0) + (a2 ? a2[t]! : 0);
      pool[off + NT + t] = (b1 ? b1[t]! : 0) + (b2 ? b2[t]! : 0);
    }
  }
  cache.pairs.set(key, off);
  return off;
}

/** Emission scores (n x NT) of a sentence: the sum of the weight vectors of each token's features. */
export function emissions(model: NerModel, words: readonly string[]): Float32Array {
  const cache = cacheOf(model);
  const n = words.length;
  const caps = allCapsSentence(words);
  const ww = new Array<WordWeights>(n);
  for (let i = 0; i < n; i++) ww[i] = weightsOf(model, cache, words[i]!, caps);
  const emit = new Float32Array(n * NT);
  for (let i = 0; i < n; i++) {
    const off = i * NT;
    const e = ww[i]!;
    const own = e.own;
    const left = i > 0 ? ww[i - 1]!.l1 : e.first;
    const right = i + 1 < n ? ww[i + 1]!.r1 : e.last;
    const left2 = i > 1 ? ww[i - 2]!.l2 : cache.bos2;
    const right2 = i + 2 < n ? ww[i + 2]!.r2 : cache.eos2;
    for (let t = 0; t < NT; t++) emit[off + t] = own[t]! + left[t]! + right[t]! + left2[t]! + right2[t]!;
  }
  // Pair features (sh-1|sh, w-1|w and their mirror images) of each adjacent pair. The pool may be reallocated by
  // pairWeights, so it is read after each call.
  for (let i = 1; i < n; i++) {
    const off = pairWeights(model, cache, ww[i - 1]!, ww[i]!);
    if (off < 0) continue;
    const pool = cache.pool;
    const a = (i - 1) * NT;
    const b = i * NT;
    for (let t = 0; t < NT; t++) {
      emit[a + t] += pool[off + t]!;
      emit[b + t] += pool[off + NT + t]!;
    }
  }
  const gaz = model.gazetteer;
  if (gaz) {
    const phrase = matchPhrases(ww.map((e) => e.lower), gaz);
    for (let i = 0; i < n; i++) if (phrase[i]) addWeights(model, ['gp=' + phrase[i]], emit, i * NT);
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
  const post = withConfidence && path.some((t) => t !== 0) ? marginals(emit, n, model.trans, model.temperature, path) : undefined;
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
