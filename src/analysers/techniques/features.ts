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
  readonly wordCount = new Map<string, number>();
  readonly pairCount = new Map<string, number>();
  /** spanRepeats' occurrences per span text, and the characters it has scanned so far. */
  readonly repeatCache = new Map<string, number[]>();
  repeatScanned = 0;
  /** Per sentence: has '?', has '!', the cue families anywhere in it. */
  private readonly sentQuestion = new Map<number, boolean>();
  private readonly sentExclaim = new Map<number, boolean>();
  private readonly sentCues = new Map<number, string[]>();
  /** Per token, precomputed once so the per-token feature loop does no lookups by string. */
  readonly families: (readonly string[])[];
  readonly suffixHash: Uint32Array;
  readonly sentCueSlots: Int32Array[];
  readonly question: Uint8Array;
  readonly exclaim: Uint8Array;
  /** Article-wide count of the token's word (0 for function words) and of the pair it starts in its sentence. */
  readonly wordRep: Int32Array;
  readonly pairRep: Int32Array;

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
    const posHashes = new Map<string, number>();
    for (let k = 0; k < n; k++) {
      const t = tokens[k]!;
      const w = this.norms[k]!;
      this.wordHash[k] = strHash(w);
      let ph = posHashes.get(t.pos);
      if (ph === undefined) posHashes.set(t.pos, (ph = strHash(t.pos)));
      this.posHash[k] = ph;
      this.shape[k] = shapeCode(text.charCodeAt(t.start), text.charCodeAt(t.start + 1), t.end - t.start);
      if (w.length > 4) this.suffixHash[k] = suffixHash(w);
      this.families[k] = cueFamilies(w);
    }
    this.sentCueSlots = new Array<Int32Array>(n);
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
      const cues = new Set<string>();
      for (let k = i; k < j; k++) {
        this.sentFrom[k] = i;
        this.sentTo[k] = j;
        const w = this.norms[k]!;
        if (isQuote(w)) open = !open;
        else if (open) this.inQuote[k] = 1;
        for (const c of this.families[k]!) cues.add(c);
      }
      const s = tokens[i]!.sentence;
      const sentStart = tokens[i]!.start;
      const sentEnd = tokens[j - 1]!.end;
      // The next '?' and '!' at or after the sentence, found again only once passed (sentences come in order).
      if (nextQ !== -1 && nextQ < sentStart) nextQ = text.indexOf('?', sentStart);
      if (nextX !== -1 && nextX < sentStart) nextX = text.indexOf('!', sentStart);
      this.sentQuestion.set(s, nextQ >= 0 && nextQ < sentEnd);
      this.sentExclaim.set(s, nextX >= 0 && nextX < sentEnd);
      this.sentCues.set(s, [...cues]);
      i = j;
    }
    // Each content token's pair key is built once and reused for pairRep below.
    const pairKey: (string | undefined)[] = new Array(n);
    for (let k = 0; k < n; k++) {
      const w = this.norms[k]!;
      if (!isContent(w)) continue;
      this.wordCount.set(w, (this.wordCount.get(w) ?? 0) + 1);
      const next = this.norms[k + 1];
      if (next !== undefined && this.sentTo[k]! > k + 1) {
        const p = (pairKey[k] = w + ' ' + next);
        this.pairCount.set(p, (this.pairCount.get(p) ?? 0) + 1);
      }
    }
    // The sentence maps are keyed by sentence number; a token reads its own sentence's entry.
    const slotsOf = new Map<number, Int32Array>();
    for (let k = 0; k < n; k++) {
      let sentSlots = slotsOf.get(tokens[k]!.sentence);
      if (!sentSlots) slotsOf.set(tokens[k]!.sentence, (sentSlots = Int32Array.from(this.sentenceCues(k), (c) => slot(T.sentCue, familyHash(c)))));
      this.sentCueSlots[k] = sentSlots;
      const w = this.norms[k]!;
      const s = tokens[k]!.sentence;
      this.question[k] = this.sentQuestion.get(s) ? 1 : 0;
      this.exclaim[k] = this.sentExclaim.get(s) ? 1 : 0;
      this.wordRep[k] = this.wordCount.get(w) ?? 0;
      const p = pairKey[k];
      if (p !== undefined) this.pairRep[k] = this.pairCount.get(p) ?? 0;
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
    return this.sentQuestion.get(this.tokens[i]!.sentence) ?? false;
  }

  hasExclaim(i: number): boolean {
    return this.sentExclaim.get(this.tokens[i]!.sentence) ?? false;
  }

  sentenceCues(i: number): string[] {
    return this.sentCues.get(this.tokens[i]!.sentence) ?? [];
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

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Slot of a feature made of a template number and up to three hashed values. */
export function slot(template: number, a = 0, b = 0, c = 0): number {
  return mix(mix(mix(template, a), b), c) & SI_MASK;
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
export function tokenFeaturesInto(v: ArticleView, i: number, out: Int32Array): number {
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
  out[n++] = slot(T.word, w0);
  out[n++] = slot(T.prev, wm1);
  out[n++] = slot(T.next, wp1);
  out[n++] = slot(T.prev2, wm2);
  out[n++] = slot(T.next2, wp2);
  out[n++] = slot(T.bigramL, wm1, w0);
  out[n++] = slot(T.bigramR, w0, wp1);
  out[n++] = slot(T.trigram, wm1, w0, wp1);
  out[n++] = slot(T.pos, p0);
  out[n++] = slot(T.posL, pm1, p0);
  out[n++] = slot(T.posR, p0, pp1);
  out[n++] = slot(T.pos3, pm1, p0, pp1);
  out[n++] = slot(T.shape, v.shape[i]!);
  if (v.norms[i]!.length > 4) out[n++] = slot(T.suffix, v.suffixHash[i]!);
  n = addSlots(out, n, familySlots(T.cue, v.families[i]!));
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

const SENT_LEN_EDGES = [4, 8, 16, 30, 50];
const SENT_POS_EDGES = [0.2, 0.4, 0.6, 0.8];
const REP_EDGES = [2, 3, 5, 8];
const REP2_EDGES = [3, 5];

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
  const b = (x: number): number => bucket(x, P_EDGES);
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
    for (const c of cueFamilies(w)) cues.set(c, (cues.get(c) ?? 0) + 1);
    // The surface word's case from its character codes (no slice): capitalised, and all capitals (3 letters or more).
    const t = v.tokens[k]!;
    if (t.end > t.start && isAsciiUpper(v.text.charCodeAt(t.start))) {
      caps++;
      if (t.end - t.start >= 3 && allAsciiUpper(v.text, t.start, t.end)) f.add('allcaps');
    }
    if (w.endsWith('est') && (t.pos === 'ADJ' || t.pos === 'ADV')) f.add('superlative');
    maxRep = Math.max(maxRep, v.wordCount.get(w) ?? 0);
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
  for (let k = Math.max(0, from - 5); k < from; k++) for (const c of cueFamilies(v.norms[k]!)) f.add('lc=' + c);
  for (let k = to; k < Math.min(v.norms.length, to + 5); k++) for (const c of cueFamilies(v.norms[k]!)) f.add('rc=' + c);
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
    for (let k = 0; k + 4 <= lower.length + 2; k++) f.add('c4=' + (' ' + lower + ' ').slice(k, k + 4));
  }
  return [...f];
}
