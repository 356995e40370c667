/**
 * Text → hashed sparse features for the hate and antisemitism classifiers. The same code runs at training time
 * (scripts/train-hate.ts) and at analysis time, so a feature learned from tweets is recomputed identically on news.
 *
 * Features: word unigrams and bigrams, and character 2–5-grams inside each word (padded with spaces, "char_wb"
 * style) so that spelling variants and obfuscations ("j3ws", "zio") share evidence. Every feature has value
 * 1/sqrt(count of distinct features), i.e. the vector has unit length, which keeps SGD stable across lengths.
 */

export interface FeatureConfig {
  /** log2 of the number of hash buckets. */
  bits: number;
  charMin: number;
  charMax: number;
}

export const DEFAULT_FEATURES: FeatureConfig = { bits: 18, charMin: 2, charMax: 5 };

export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

/** A feature with the word it came from, so that a score can be explained by words. */
export interface NamedFeature {
  name: string;
  bucket: number;
  /** Index into the word list returned alongside. */
  word: number;
}

const ENTITY: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Each of normalise()'s first five replacements needs one of these in the text. */
const MAY_MASK = /[&@]|https?:\/\/|RT/;
const QUOTE = /[’‘`]/;

/** Lower-cases and masks what carries no meaning across domains (URLs, user handles, retweet markers). */
export function normalise(text: string): string {
  // Nearly every news sentence has none of what the first five replacements look for: one scan rules them out.
  if (!MAY_MASK.test(text)) {
    const lower = text.toLowerCase();
    return (QUOTE.test(lower) ? lower.replace(/[’‘`]/g, "'") : lower).replace(/(.)\1{2,}/g, '$1$1');
  }
  return text
    .replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITY[m] ?? m)
    .replace(/&#\d+;/g, ' ')
    .replace(/https?:\/\/\S+/g, ' _url_ ')
    .replace(/@\w+/g, ' _user_ ')
    .replace(/\bRT\b/g, ' ')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    // "sooooo" and "soooo" are the same word.
    .replace(/(.)\1{2,}/g, '$1$1');
}

const WORD = /\(\(\(|[\p{L}\p{N}_]+(?:['\-][\p{L}\p{N}]+)*/gu;

/** Words of normalised text; hashtags lose their '#', and "(((" (the echo sign) is kept as a word. */
export function words(norm: string): string[] {
  return norm.match(WORD) ?? [];
}

/** FNV-1a, 32-bit: fast, stable across runs and platforms. */
export function fnv1a(s: string): number {
  return fnvRange(0x811c9dc5, s, 0, s.length);
}

/** Continues an FNV-1a state over s[from, to) without building the substring (hot loop of char n-grams). */
function fnvRange(h: number, s: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const CHAR_SEED = fnvRange(0x811c9dc5, 'c:', 0, 2);
const W_SEED = fnvRange(0x811c9dc5, 'w:', 0, 2);
const B_SEED = fnvRange(0x811c9dc5, 'b:', 0, 2);

/** Calls `emit(name, wordIndex)` for every feature of the word list. */
function eachFeature(ws: string[], cfg: FeatureConfig, emit: (name: string, word: number) => void): void {
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    emit('w:' + w, i);
    if (i + 1 < ws.length) emit('b:' + w + ' ' + ws[i + 1], i);
    if (w.startsWith('_')) continue;
    const padded = ' ' + w + ' ';
    for (let n = cfg.charMin; n <= cfg.charMax; n++) {
      for (let j = 0; j + n <= padded.length; j++) emit('c:' + padded.slice(j, j + n), i);
    }
  }
  if (ws.length === 0) emit('w:_empty_', -1);
}

/** Scratch counters reused across calls (single-threaded): a typed array is far cheaper than a Map per sentence. */
let scratch: Uint16Array | undefined;

/**
 * Per word, for one configuration: the buckets of its own features (the word, then its character n-grams, in
 * eachFeature() order) and the FNV state of "b:" + word + " ", from which the bigram with any next word continues.
 * Words recur across sentences and articles, so hashing each one once saves most of vectorise()'s work.
 */
export interface WordFeatures {
  word: number;
  chars: Int32Array;
  bigramState: number;
}

const WORD_CACHE_LIMIT = 100_000;
let wordCache = new Map<string, WordFeatures>();
let cacheBits = -1;
let cacheMin = -1;
let cacheMax = -1;

export function wordFeatures(w: string, cfg: FeatureConfig, mask: number): WordFeatures {
  // Compared field by field: building a key string per word cost more than the lookup it guards.
  if (cfg.bits !== cacheBits || cfg.charMin !== cacheMin || cfg.charMax !== cacheMax || wordCache.size >= WORD_CACHE_LIMIT) {
    wordCache = new Map();
    cacheBits = cfg.bits;
    cacheMin = cfg.charMin;
    cacheMax = cfg.charMax;
  }
  let f = wordCache.get(w);
  if (f) return f;
  const word = fnvRange(W_SEED, w, 0, w.length) & mask;
  const bigramState = fnvRange(fnvRange(B_SEED, w, 0, w.length), ' ', 0, 1);
  let chars: Int32Array;
  if (w.startsWith('_')) chars = new Int32Array(0);
  else {
    // FNV-1a is a running hash, so the n-grams starting at one character share their prefix's state.
    const grams = cfg.charMax - cfg.charMin + 1;
    const len = w.length + 2;
    const buf = new Uint32Array(grams * len);
    for (let j = 0; j < len; j++) {
      let h = CHAR_SEED;
      for (let n = 1; n <= cfg.charMax && j + n <= len; n++) {
        const at = j + n - 1;
        h ^= at === 0 || at === len - 1 ? 32 : w.charCodeAt(at - 1);
        h = Math.imul(h, 0x01000193);
        if (n >= cfg.charMin) buf[(n - cfg.charMin) * len + j] = h >>> 0;
      }
    }
    const out: number[] = [];
    for (let n = cfg.charMin; n <= cfg.charMax; n++) {
      for (let j = 0; j + n <= len; j++) out.push(buf[(n - cfg.charMin) * len + j]! & mask);
    }
    chars = Int32Array.from(out);
  }
  f = { word, chars, bigramState };
  wordCache.set(w, f);
  return f;
}

/** The bucket of the bigram (word, next), from the word's cached FNV state. */
export function bigramBucket(f: WordFeatures, next: string, mask: number): number {
  // fnvRange written out and masked here: its full 32-bit result, returned from a call V8 did not inline, was
  // boxed as a heap number once per word pair of every sentence the gate reads.
  let h = f.bigramState;
  for (let i = 0; i < next.length; i++) {
    h ^= next.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h & mask;
}

export function vectorise(text: string, cfg: FeatureConfig = DEFAULT_FEATURES): SparseVector {
  const mask = (1 << cfg.bits) - 1;
  if (!scratch || scratch.length !== mask + 1) scratch = new Uint16Array(mask + 1);
  const counts = scratch;
  const touched: number[] = [];
  const add = (b: number) => {
    if (counts[b]! === 0) touched.push(b);
    if (counts[b]! < 65535) counts[b]!++;
  };
  const ws = words(normalise(text));
  // Same features, in the same order, as eachFeature(), from the per-word cache: this runs on every sentence.
  for (let i = 0; i < ws.length; i++) {
    const f = wordFeatures(ws[i]!, cfg, mask);
    add(f.word);
    if (i + 1 < ws.length) {
      const next = ws[i + 1]!;
      add(bigramBucket(f, next, mask));
    }
    const chars = f.chars;
    for (let k = 0; k < chars.length; k++) add(chars[k]!);
  }
  if (ws.length === 0) add(fnv1a('w:_empty_') & mask);
  const idx = new Int32Array(touched.length);
  const val = new Float32Array(touched.length);
  let norm = 0;
  for (let k = 0; k < touched.length; k++) {
    const b = touched[k]!;
    const v = 1 + Math.log(counts[b]!);
    counts[b] = 0;
    idx[k] = b;
    val[k] = v;
    norm += v * v;
  }
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let k = 0; k < val.length; k++) val[k] *= inv;
  return { idx, val };
}

/** The features with their names and source words, for explanations (slower than vectorise). */
export function namedFeatures(text: string, cfg: FeatureConfig = DEFAULT_FEATURES): { words: string[]; features: NamedFeature[]; vector: SparseVector } {
  const mask = (1 << cfg.bits) - 1;
  const ws = words(normalise(text));
  const features: NamedFeature[] = [];
  const counts = new Map<number, number>();
  eachFeature(ws, cfg, (name, word) => {
    const bucket = fnv1a(name) & mask;
    features.push({ name, bucket, word });
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  });
  return { words: ws, features, vector: toUnitVector(counts) };
}

function toUnitVector(counts: Map<number, number>): SparseVector {
  const idx = new Int32Array(counts.size);
  const val = new Float32Array(counts.size);
  let norm = 0;
  let k = 0;
  for (const [b, c] of counts) {
    // Sub-linear counts: a word repeated ten times is not ten times the evidence.
    const v = 1 + Math.log(c);
    idx[k] = b;
    val[k] = v;
    norm += v * v;
    k++;
  }
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < val.length; i++) val[i] *= inv;
  return { idx, val };
}
