import type { Token } from '../../core/layers.js';
import { STOP, cueFamilies } from './cues.js';

type TokenLike = Pick<Token, 'start' | 'end' | 'pos' | 'norm' | 'sentence'>;

/**
 * One article as the feature extractors see it: tokens plus the article-wide facts several features need
 * (sentence bounds, how often each word and word pair recurs, which tokens sit inside quotation marks).
 * Built once per document; both the span detector and the technique classifier read it.
 */
export class ArticleView {
  readonly norms: string[];
  /** First token index of each token's sentence, and one past its last. */
  readonly sentFrom: Int32Array;
  readonly sentTo: Int32Array;
  readonly inQuote: Uint8Array;
  /** Hashes of each token's word, tag and shape, for the span detector's hashed features. */
  readonly wordHash: Uint32Array;
  readonly posHash: Uint32Array;
  readonly shape: Uint8Array;
  readonly lowerText: string;
  /** spanRepeats' occurrences per span text, and the characters it has scanned so far. */
  readonly repeatCache = new Map<string, number[]>();
  repeatScanned = 0;
  /** The last span spanRepeats answered for, and its answer. */
  lastRepeat: { start: number; end: number; result: { count: number; earlier: boolean } } | undefined;
  /** Per sentence: has '?', has '!', the cue families anywhere in it. */
  private readonly sentCues: (readonly string[])[];
  /** Per token, precomputed once so the per-token feature loop does no lookups by string. */
  readonly families: (readonly string[])[];
  readonly suffixHash: Uint32Array;
  readonly sentCueSlots: Int32Array[];
  readonly question: Uint8Array;
  readonly exclaim: Uint8Array;
  /** Article-wide count of the token's word (0 for function words) and of the pair it starts in its sentence. */
  readonly wordRep: Int32Array;
  readonly pairRep: Int32Array;
  /** Per token, the number of its word among the article's distinct words (0 .. distinctWords - 1). */
  readonly wordId: Int32Array;
  readonly distinctWords: number;

  constructor(
    readonly text: string,
    readonly tokens: readonly TokenLike[],
  ) {
    const n = tokens.length;
    this.norms = tokens.map((t) => normalise(t.norm));
    this.sentFrom = new Int32Array(n);
    this.sentTo = new Int32Array(n);
    this.inQuote = new Uint8Array(n);
    this.lowerText = text.toLowerCase();
    // Plain loops: TypedArray.from with a map function goes through the iterator protocol, several times slower.
    this.wordHash = new Uint32Array(n);
    this.posHash = new Uint32Array(n);
    this.shape = new Uint8Array(n);
    this.suffixHash = new Uint32Array(n);
    this.families = new Array<readonly string[]>(n);
    // Each distinct word is hashed, looked up in the cue lists and checked for content once per article (about
    // half the tokens of an article repeat an earlier word); ids also key the repetition counts below.
    const ids = new Map<string, number>();
    const id = (this.wordId = new Int32Array(n));
    const idHash: number[] = [];
    const idSuffix: number[] = [];
    const idFamilies: (readonly string[])[] = [];
    const idContent: boolean[] = [];
    const posHashes = new Map<string, number>();
    for (let k = 0; k < n; k++) {
      const t = tokens[k]!;
      const w = this.norms[k]!;
      let x = ids.get(w);
      if (x === undefined) {
        x = ids.size;
        ids.set(w, x);
        idHash.push(strHash(w));
        idSuffix.push(w.length > 4 ? suffixHash(w) : 0);
        idFamilies.push(cueFamilies(w));
        idContent.push(isContent(w));
      }
      id[k] = x;
      this.wordHash[k] = idHash[x]!;
      let ph = posHashes.get(t.pos);
      if (ph === undefined) posHashes.set(t.pos, (ph = strHash(t.pos)));
      this.posHash[k] = ph;
      this.shape[k] = shapeCode(text.charCodeAt(t.start), text.charCodeAt(t.start + 1), t.end - t.start);
      this.suffixHash[k] = idSuffix[x]!;
      this.families[k] = idFamilies[x]!;
    }
    this.sentCueSlots = new Array<Int32Array>(n);
    this.sentCues = new Array<readonly string[]>(n);
    this.question = new Uint8Array(n);
    this.exclaim = new Uint8Array(n);
    this.wordRep = new Int32Array(n);
    this.pairRep = new Int32Array(n);
    let i = 0;
    let nextQ = -2;
    let nextX = -2;
    while (i < n) {
      let j = i;
      while (j < n && tokens[j]!.sentence === tokens[i]!.sentence) j++;
      let open = false;
      let cues: Set<string> | undefined;
      for (let k = i; k < j; k++) {
        this.sentFrom[k] = i;
        this.sentTo[k] = j;
        const w = this.norms[k]!;
        if (isQuote(w)) open = !open;
        else if (open) this.inQuote[k] = 1;
        const fams = this.families[k]!;
        if (fams.length) for (const c of fams) (cues ??= new Set()).add(c);
      }
      const sentStart = tokens[i]!.start;
      const sentEnd = tokens[j - 1]!.end;
      // The next '?' and '!' at or after the sentence, found again only once passed (sentences come in order).
      if (nextQ !== -1 && nextQ < sentStart) nextQ = text.indexOf('?', sentStart);
      if (nextX !== -1 && nextX < sentStart) nextX = text.indexOf('!', sentStart);
      const question = nextQ >= 0 && nextQ < sentEnd ? 1 : 0;
      const exclaim = nextX >= 0 && nextX < sentEnd ? 1 : 0;
      const sentCues = cues ? [...cues] : NO_CUES;
      const sentSlots = cues ? Int32Array.from(sentCues, (c) => slot(T.sentCue, familyHash(c))) : NO_SLOTS;
      for (let k = i; k < j; k++) {
        this.question[k] = question;
        this.exclaim[k] = exclaim;
        this.sentCues[k] = sentCues;
        this.sentCueSlots[k] = sentSlots;
      }
      i = j;
    }
    // Article-wide counts of each content word and of each (content word, next word) pair in one sentence. A pair
    // is coded as a number from the two word ids (exact in a double) and counted by sorting the codes, so no key
    // string is built per token.
    const m = (this.distinctWords = ids.size);
    const wordCounts = new Int32Array(m);
    const codes = new Float64Array(n).fill(-1);
    for (let k = 0; k < n; k++) {
      if (!idContent[id[k]!]) continue;
      wordCounts[id[k]!]!++;
      if (k + 1 < n && this.sentTo[k]! > k + 1) codes[k] = id[k]! * m + id[k + 1]!;
    }
    const sortedCodes = codes.slice().sort();
    for (let k = 0; k < n; k++) {
      if (!idContent[id[k]!]) continue;
      this.wordRep[k] = wordCounts[id[k]!]!;
      if (codes[k]! >= 0) this.pairRep[k] = runLength(sortedCodes, codes[k]!);
    }
  }

  norm(i: number): string {
    return i < 0 ? '<s>' : i >= this.norms.length ? '</s>' : this.norms[i]!;
  }

  /** Word at i if it is in the same sentence as token `at`, else a boundary marker. */
  sentNorm(at: number, i: number): string {
    if (i < this.sentFrom[at]!) return '<s>';
    if (i >= this.sentTo[at]!) return '</s>';
    return this.norms[i]!;
  }

  pos(at: number, i: number): string {
    if (i < this.sentFrom[at]!) return '<s>';
    if (i >= this.sentTo[at]!) return '</s>';
    return this.tokens[i]!.pos;
  }

  hasQuestion(i: number): boolean {
    return this.question[i] === 1;
  }

  hasExclaim(i: number): boolean {
    return this.exclaim[i] === 1;
  }

  sentenceCues(i: number): readonly string[] {
    return this.sentCues[i] ?? NO_CUES;
  }

  /** Token indices [from, to) that overlap the character span. */
  tokenRange(start: number, end: number): [number, number] {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid]!.end <= start) lo = mid + 1;
      else hi = mid;
    }
    let to = lo;
    while (to < this.tokens.length && this.tokens[to]!.start < end) to++;
    return [lo, to];
  }
}

const NO_CUES: readonly string[] = [];
const NO_SLOTS = new Int32Array(0);

export function normalise(norm: string): string {
  // Fast path (almost every token): plain ASCII with nothing to map and not starting like a number.
  const c0 = norm.charCodeAt(0);
  if (!((c0 >= 48 && c0 <= 57) || c0 === 44 || c0 === 46)) {
    let plain = true;
    for (let k = 0; k < norm.length; k++) {
      const c = norm.charCodeAt(k);
      if (c >= 0x80 || c === 96) {
        plain = false;
        break;
      }
    }
    if (plain) return norm;
  }
  if (/^[\d.,]+$/.test(norm) && /\d/.test(norm)) return '<num>';
  return norm.replace(/[’‘`]/g, "'").replace(/[“”«»„]/g, '"');
}

/** How many times x occurs in the ascending array a (two binary searches). */
function runLength(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  const first = lo;
  hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - first;
}

function isQuote(w: string): boolean {
  return w === '"';
}

function isContent(w: string): boolean {
  return w.length > 2 && /^[a-z]/.test(w) && !STOP.has(w);
}

function bucket(x: number, edges: readonly number[]): number {
  let b = 0;
  while (b < edges.length && x >= edges[b]!) b++;
  return b;
}

/** 1 all-caps word, 2 capitalised, 3 lower case, 4 digit, 5 other (from the first two characters). */
function shapeCode(c0: number, c1: number, len: number): number {
  const upper = (c: number): boolean => c >= 65 && c <= 90;
  if (upper(c0)) return len > 1 && upper(c1) ? 1 : 2;
  if (c0 >= 97 && c0 <= 122) return 3;
  if (c0 >= 48 && c0 <= 57) return 4;
  return 5;
}

/** Hash-table size of the span detector's weights (2^SI_BITS slots). */
export const SI_BITS = 20;
const SI_MASK = (1 << SI_BITS) - 1;

/** strHash of the word's last three characters, without cutting them out. */
function suffixHash(w: string): number {
  let h = 0x811c9dc5;
  for (let i = w.length - 3; i < w.length; i++) {
    h ^= w.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function strHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Slot of a feature made of a template number and up to three hashed values: three rounds of a murmur-style mix,
 * written out rather than called. A hash above 2^30 that crosses a call V8 did not inline is boxed as a heap
 * number, and the per-token loop made ~15,000 of them per article (a twentieth of the analysers' garbage).
 */
export function slot(template: number, a = 0, b = 0, c = 0): number {
  let h = Math.imul(template ^ Math.imul(a, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ Math.imul(c, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & SI_MASK;
}

/**
 * slot() of features first .. count - 1 whose template and three values sit in `q` (four per feature), written
 * into `out` from position n. The hashes travel in typed arrays, never as call arguments, so none is boxed.
 */
function slotsInto(q: Uint32Array, first: number, count: number, out: Int32Array, n: number): number {
  for (let f = first; f < count; f++) {
    let h = q[4 * f]!;
    for (let k = 1; k <= 3; k++) {
      h = Math.imul(h ^ Math.imul(q[4 * f + k]!, 0x9e3779b1), 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
    }
    out[n++] = h & SI_MASK;
  }
  return n;
}

const H_BOS = strHash('<s>');
const H_EOS = strHash('</s>');
const H_FAMILY = new Map<string, number>();
function familyHash(f: string): number {
  let h = H_FAMILY.get(f);
  if (h === undefined) H_FAMILY.set(f, (h = strHash(f)));
  return h;
}

/** Template numbers of the span detector's features; the weight of word w alone sits at slot(T.word, hash(w)). */
export const T = {
  bias: 1, word: 2, prev: 3, next: 4, prev2: 5, next2: 6, bigramL: 7, bigramR: 8, pos: 9, posL: 10, posR: 11,
  pos3: 12, shape: 13, suffix: 14, cue: 15, cueL: 16, cueR: 17, sentCue: 18, quote: 19, question: 20, exclaim: 21,
  sentLen: 22, sentPos: 23, first: 24, last: 25, title: 26, rep: 27, rep2: 28, trigram: 29,
  stackP: 40, stackL: 41, stackR: 42, stackSentMax: 43, stackSentMean: 44, stackWindow: 45, stackPW: 46,
} as const;

/** Most slots one token can have (14 fixed, suffix, cue families of three words and of the sentence, flags). */
export const MAX_TOKEN_FEATURES = 96;

const S_BIAS = slot(T.bias);
const S_QUOTE = slot(T.quote);
const S_QUESTION = slot(T.question);
const S_EXCLAIM = slot(T.exclaim);
const S_FIRST = slot(T.first);
const S_LAST = slot(T.last);
const S_TITLE = slot(T.title);

/** Slots of a template over the hashes of a cue-family list, cached per list (the lists are shared constants). */
const familySlotCache = new Map<number, Map<readonly string[], Int32Array>>();
function familySlots(template: number, fams: readonly string[]): Int32Array {
  let byList = familySlotCache.get(template);
  if (!byList) familySlotCache.set(template, (byList = new Map()));
  let out = byList.get(fams);
  if (!out) byList.set(fams, (out = Int32Array.from(fams, (c) => slot(template, familyHash(c)))));
  return out;
}

/**
 * Feature slots of token i for the span detector (is this token inside a propaganda span?), written into `out`;
 * returns how many. Features are hashed from precomputed word and tag hashes, never built as strings, and written
 * into a reused buffer, so scoring costs no allocation per token.
 */
export function tokenFeaturesInto(v: ArticleView, i: number, out: Int32Array, withWordOnly = true): number {
  const from = v.sentFrom[i]!;
  const to = v.sentTo[i]!;
  const wh = v.wordHash;
  const ph = v.posHash;
  const w0 = wh[i]!;
  const wm1 = i - 1 < from ? H_BOS : wh[i - 1]!;
  const wp1 = i + 1 >= to ? H_EOS : wh[i + 1]!;
  const wm2 = i - 2 < from ? H_BOS : wh[i - 2]!;
  const wp2 = i + 2 >= to ? H_EOS : wh[i + 2]!;
  const p0 = ph[i]!;
  const pm1 = i - 1 < from ? H_BOS : ph[i - 1]!;
  const pp1 = i + 1 >= to ? H_EOS : ph[i + 1]!;
  let n = 0;
  out[n++] = S_BIAS;
  // Written straight into the scratch array (no helper call), so the hashes stay unboxed.
  const q = QUADS;
  q[0] = T.word; q[1] = w0; q[2] = 0; q[3] = 0;
  q[4] = T.prev; q[5] = wm1; q[6] = 0; q[7] = 0;
  q[8] = T.next; q[9] = wp1; q[10] = 0; q[11] = 0;
  q[12] = T.prev2; q[13] = wm2; q[14] = 0; q[15] = 0;
  q[16] = T.next2; q[17] = wp2; q[18] = 0; q[19] = 0;
  q[20] = T.bigramL; q[21] = wm1; q[22] = w0; q[23] = 0;
  q[24] = T.bigramR; q[25] = w0; q[26] = wp1; q[27] = 0;
  q[28] = T.trigram; q[29] = wm1; q[30] = w0; q[31] = wp1;
  q[32] = T.pos; q[33] = p0; q[34] = 0; q[35] = 0;
  q[36] = T.posL; q[37] = pm1; q[38] = p0; q[39] = 0;
  q[40] = T.posR; q[41] = p0; q[42] = pp1; q[43] = 0;
  q[44] = T.pos3; q[45] = pm1; q[46] = p0; q[47] = pp1;
  q[48] = T.shape; q[49] = v.shape[i]!; q[50] = 0; q[51] = 0;
  let f = 13;
  if (withWordOnly && v.norms[i]!.length > 4) {
    q[4 * f] = T.suffix;
    q[4 * f + 1] = v.suffixHash[i]!;
    q[4 * f + 2] = 0;
    q[4 * f + 3] = 0;
    f++;
  }
  n = slotsInto(q, withWordOnly ? 0 : 1, f, out, n);
  if (withWordOnly) n = addSlots(out, n, familySlots(T.cue, v.families[i]!));
  if (i > from) n = addSlots(out, n, familySlots(T.cueL, v.families[i - 1]!));
  if (i + 1 < to) n = addSlots(out, n, familySlots(T.cueR, v.families[i + 1]!));
  n = addSlots(out, n, v.sentCueSlots[i]!);
  if (n + 10 > out.length) n = out.length - 10;
  if (v.inQuote[i]) out[n++] = S_QUOTE;
  if (v.question[i]) out[n++] = S_QUESTION;
  if (v.exclaim[i]) out[n++] = S_EXCLAIM;
  const len = to - from;
  out[n++] = slot(T.sentLen, bucket(len, SENT_LEN_EDGES));
  out[n++] = slot(T.sentPos, bucket((i - from) / len, SENT_POS_EDGES));
  if (i === from) out[n++] = S_FIRST;
  if (i === to - 1) out[n++] = S_LAST;
  if (v.tokens[i]!.sentence === 0) out[n++] = S_TITLE;
  const count = v.wordRep[i]!;
  if (count > 0) out[n++] = slot(T.rep, bucket(count, REP_EDGES));
  const pair = v.pairRep[i]!;
  if (pair > 1) out[n++] = slot(T.rep2, bucket(pair, REP2_EDGES));
  return n;
}

/**
 * The slots of token i that depend on its word alone (the word, its suffix, its cue families): tokenFeaturesInto
 * with `withWordOnly` false leaves exactly these out, so a scorer can sum them once per distinct word.
 */
export function wordOnlyFeaturesInto(v: ArticleView, i: number, out: Int32Array): number {
  let n = 0;
  out[n++] = slot(T.word, v.wordHash[i]!);
  if (v.norms[i]!.length > 4) out[n++] = slot(T.suffix, v.suffixHash[i]!);
  return addSlots(out, n, familySlots(T.cue, v.families[i]!));
}

const SENT_LEN_EDGES = [4, 8, 16, 30, 50];
const SENT_POS_EDGES = [0.2, 0.4, 0.6, 0.8];
const REP_EDGES = [2, 3, 5, 8];
const REP2_EDGES = [3, 5];

/** Scratch of tokenFeaturesInto: template and three hashed values per fixed feature (single-threaded, reused). */
const QUADS = new Uint32Array(4 * 16);

/** Appends slots to out from position n while there is room; returns the new length. */
function addSlots(out: Int32Array, n: number, slots: Int32Array): number {
  for (let k = 0; k < slots.length && n < out.length; k++) out[n++] = slots[k]!;
  return n;
}

/** Feature slots of token i for the span detector, as a fresh array (training; scoring uses tokenFeaturesInto). */
export function tokenFeatures(v: ArticleView, i: number): number[] {
  const buf = new Int32Array(MAX_TOKEN_FEATURES);
  return Array.from(buf.subarray(0, tokenFeaturesInto(v, i, buf)));
}

const P_EDGES = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75];
/** bucket() over P_EDGES; a module function, not a closure allocated per token. */
const pBucket = (x: number): number => bucket(x, P_EDGES);

/**
 * Second-pass (stacked) features: the first pass's probabilities around token i and over its sentence, so the
 * second pass can grow or drop whole phrases and favour sentences that look loaded throughout.
 */
export function stackFeatures(v: ArticleView, i: number, p: Float64Array, sentMax: Float64Array, sentMean: Float64Array): number[] {
  const buf = new Int32Array(STACK_FEATURES);
  stackFeaturesInto(v, i, p, sentMax, sentMean, buf);
  return Array.from(buf);
}

export const STACK_FEATURES = 7;

/** stackFeatures written into a reused buffer of STACK_FEATURES slots (scoring). */
export function stackFeaturesInto(v: ArticleView, i: number, p: Float64Array, sentMax: Float64Array, sentMean: Float64Array, out: Int32Array): void {
  const from = v.sentFrom[i]!;
  const to = v.sentTo[i]!;
  const b = pBucket;
  let win = 0;
  for (let k = Math.max(from, i - 3); k < Math.min(to, i + 4); k++) if (k !== i) win = Math.max(win, p[k]!);
  const s = v.tokens[i]!.sentence;
  const p0 = b(p[i]!);
  out[0] = slot(T.stackP, p0);
  out[1] = slot(T.stackL, i > from ? b(p[i - 1]!) : 99, p0);
  out[2] = slot(T.stackR, p0, i + 1 < to ? b(p[i + 1]!) : 99);
  out[3] = slot(T.stackSentMax, b(sentMax[s]!));
  out[4] = slot(T.stackSentMean, b(sentMean[s]!));
  out[5] = slot(T.stackWindow, b(win));
  out[6] = slot(T.stackPW, p0, b(win));
}

/** Per sentence number: the highest and the mean token probability. */
export function sentenceStats(v: ArticleView, p: Float64Array): { max: Float64Array; mean: Float64Array } {
  const n = v.tokens.length ? v.tokens[v.tokens.length - 1]!.sentence + 1 : 0;
  const max = new Float64Array(n);
  const mean = new Float64Array(n);
  const count = new Float64Array(n);
  v.tokens.forEach((t, i) => {
    max[t.sentence] = Math.max(max[t.sentence]!, p[i]!);
    mean[t.sentence]! += p[i]!;
    count[t.sentence]!++;
  });
  for (let s = 0; s < n; s++) if (count[s]) mean[s]! /= count[s]!;
  return { max, mean };
}

/**
 * How often the span's text (case and spacing ignored) occurs in the article, and whether it occurred before.
 * Each distinct span text is searched once per article (the occurrences are cached on the view), and the total
 * text scanned per article is capped (REPEAT_SCAN_BUDGET): past it a span counts as occurring once. Without these,
 * a page repeating one phrase thousands of times cost one whole-text scan per flag (quadratic).
 */
export function spanRepeats(lowerText: string, start: number, end: number, view?: ArticleView): { count: number; earlier: boolean } {
  // The classifier's features and the flag's reason ask for the same span one after the other.
  const last = view?.lastRepeat;
  if (last && last.start === start && last.end === end && view!.lowerText === lowerText) return last.result;
  const result = countRepeats(lowerText, start, end, view);
  if (view) view.lastRepeat = { start, end, result };
  return result;
}

function countRepeats(lowerText: string, start: number, end: number, view?: ArticleView): { count: number; earlier: boolean } {
  const needle = lowerText.slice(start, end).replace(/\s+/g, ' ').trim();
  if (needle.length < 3) return { count: 1, earlier: false };
  const cache = view?.repeatCache;
  let hits = cache?.get(needle);
  if (!hits) {
    if (view) {
      if (view.repeatScanned > REPEAT_SCAN_BUDGET) return { count: 1, earlier: false };
      view.repeatScanned += lowerText.length;
    }
    hits = [];
    let at = lowerText.indexOf(needle);
    while (at >= 0) {
      hits.push(at);
      at = lowerText.indexOf(needle, at + needle.length);
    }
    cache?.set(needle, hits);
  }
  return { count: Math.max(hits.length, 1), earlier: hits.length > 0 && hits[0]! < start };
}

function isAsciiUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

function allAsciiUpper(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isAsciiUpper(text.charCodeAt(i))) return false;
  return true;
}

/** Characters of text that repetition counting may scan per article (a 60 KB article with 300 distinct spans). */
const REPEAT_SCAN_BUDGET = 20_000_000;

/** Features of a character span for the technique classifier (which technique does this span use?). */
export function spanFeatures(v: ArticleView, start: number, end: number): string[] {
  const [from, to] = v.tokenRange(start, end);
  const f = new Set<string>(['b']);
  const n = to - from;
  f.add('n=' + bucket(n, [2, 3, 4, 6, 11, 21, 40]));
  const spanText = v.text.slice(start, end);
  const lower = spanText.toLowerCase();
  if (n === 0) return [...f];
  const cues = new Map<string, number>();
  let caps = 0;
  let maxRep = 0;
  for (let k = from; k < to; k++) {
    const w = v.norms[k]!;
    f.add('u=' + w);
    if (k + 1 < to) f.add('bi=' + w + '|' + v.norms[k + 1]);
    for (const c of v.families[k]!) cues.set(c, (cues.get(c) ?? 0) + 1);
    // The surface word's case from its character codes (no slice): capitalised, and all capitals (3 letters or more).
    const t = v.tokens[k]!;
    if (t.end > t.start && isAsciiUpper(v.text.charCodeAt(t.start))) {
      caps++;
      if (t.end - t.start >= 3 && allAsciiUpper(v.text, t.start, t.end)) f.add('allcaps');
    }
    if (w.endsWith('est') && (t.pos === 'ADJ' || t.pos === 'ADV')) f.add('superlative');
    maxRep = Math.max(maxRep, v.wordRep[k]!);
  }
  for (const [c, k] of cues) f.add('cf=' + c + bucket(k, [2, 3]));
  f.add('caps=' + bucket(caps / n, [0.01, 0.3, 0.6, 0.99]));
  f.add('maxrep=' + bucket(maxRep, [2, 3, 5, 8, 12]));
  const first = v.norms[from]!;
  const last = v.norms[to - 1]!;
  f.add('first=' + first);
  f.add('last=' + last);
  f.add('fp=' + v.tokens[from]!.pos);
  f.add('lp=' + v.tokens[to - 1]!.pos);
  if (n <= 4) f.add('pseq=' + v.tokens.slice(from, to).map((t) => t.pos).join('|'));
  f.add('l1=' + v.norm(from - 1));
  f.add('l2=' + v.norm(from - 2) + '|' + v.norm(from - 1));
  f.add('r1=' + v.norm(to));
  f.add('r2=' + v.norm(to) + '|' + v.norm(to + 1));
  for (let k = Math.max(0, from - 5); k < from; k++) for (const c of v.families[k]!) f.add('lc=' + c);
  for (let k = to; k < Math.min(v.norms.length, to + 5); k++) for (const c of v.families[k]!) f.add('rc=' + c);
  const rep = spanRepeats(v.lowerText, start, end, v);
  f.add('rep=' + bucket(rep.count, [2, 3, 4, 6]));
  if (rep.earlier) f.add('repEarlier');
  if (n === 1) f.add('rep1=' + bucket(rep.count, [2, 3, 4, 6]));
  if (spanText.includes('?')) f.add('has?');
  if (spanText.includes('!')) f.add('has!');
  if (v.hasQuestion(from)) f.add('s?');
  if (v.hasExclaim(from)) f.add('s!');
  if (/["“”]/.test(spanText)) f.add('quoteIn');
  if (/["“”']\s*$/.test(v.text.slice(Math.max(0, start - 2), start)) || /^\s*["“”']/.test(v.text.slice(end, end + 2))) f.add('quoteAround');
  if (v.inQuote[from]) f.add('inQuote');
  const sentLen = v.sentTo[from]! - v.sentFrom[from]!;
  if (v.tokens[to - 1]!.sentence !== v.tokens[from]!.sentence) f.add('multiSent');
  else f.add('sentCover=' + bucket(n / sentLen, [0.25, 0.5, 0.9]));
  if (v.tokens[from]!.sentence === 0) f.add('title');
  if (n <= 6) {
    const padded = ' ' + lower + ' ';
    for (let k = 0; k + 4 <= padded.length; k++) f.add('c4=' + padded.slice(k, k + 4));
  }
  return [...f];
}
