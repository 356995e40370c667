/**
 * Feature extraction for the NER tagger, shared by training (scripts/train-ner.ts), evaluation and the analyser,
 * so the three can never drift apart. Input is one sentence as an array of word strings (CoNLL-style tokens:
 * hyphenated words and "U.S." are one token, the possessive "'s" is its own token).
 *
 * Feature identity is case-folded on purpose: news from other outlets (all-caps headlines, sports tables) shows
 * known words in unseen casings, so case is carried by separate shape features, and the learned lower-case
 * frequency table says whether a capitalised word is usually a common word (sentence-initial "The", "Police").
 */

/** Per lower-cased word: how often it is written in lower case in the training text, bucketed 0..3. */
export type CaseTable = ReadonlyMap<string, number>;

/**
 * Names learned from the training labels: per lower-cased word its usual entity type, and multi-word names
 * ("west bank") with theirs. They let one strong feature stand for "this is a known place/person/organisation"
 * when the surrounding context is unlike the training text.
 */
export interface Gazetteer {
  words: ReadonlyMap<string, string>;
  phrases: ReadonlyMap<string, string>;
  /** First words of the phrases, so most positions are ruled out with one lookup. */
  firsts: ReadonlySet<string>;
  maxLen: number;
}

/** Coarse word shape: character classes with runs collapsed ("Xx", "X.X.", "d-d", "Xx-Xx"). */
export function shape(w: string): string {
  let out = '';
  let last = '';
  for (const ch of w) {
    let c: string;
    if (ch >= 'a' && ch <= 'z') c = 'x';
    else if (ch >= 'A' && ch <= 'Z') c = 'X';
    else if (ch >= '0' && ch <= '9') c = 'd';
    else if (ch.toLowerCase() !== ch.toUpperCase()) c = ch === ch.toLowerCase() ? 'x' : 'X';
    else c = ch;
    if (c !== last) out += c;
    last = c;
    if (out.length > 8) break;
  }
  return out;
}

function isUpper(w: string): boolean {
  return w !== w.toLowerCase() && w === w.toUpperCase();
}

function isCapitalised(w: string): boolean {
  const c = w.charAt(0);
  return c !== c.toLowerCase();
}

/** True when most letters-bearing words of the sentence are fully upper-case (a headline or a table line). */
export function allCapsSentence(words: readonly string[]): boolean {
  let letters = 0;
  let upper = 0;
  for (const w of words) {
    const a = asciiLetters(w);
    if (a >= 0) {
      // ASCII word: the same tests from its letters' case, without new strings.
      if (a === 0) continue;
      letters++;
      if ((a & LOWER) === 0) upper++;
      continue;
    }
    if (w.toLowerCase() === w.toUpperCase()) continue;
    letters++;
    if (isUpper(w) || (w.length === 1 && isCapitalised(w))) upper++;
  }
  // One upper-case word alone ("BONN 1996-08-22") is a dateline, not an acronym in running text.
  return letters >= 1 && upper / letters > 0.7;
}

const UPPER = 1;
const LOWER = 2;

/** For an ASCII word, which letter cases it has (UPPER, LOWER bits; 0 when no letter); -1 for any other word. */
function asciiLetters(w: string): number {
  let bits = 0;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 65 && c <= 90) bits |= UPPER;
    else if (c >= 97 && c <= 122) bits |= LOWER;
    else if (c >= 128) return -1;
  }
  return bits;
}

/** Digits folded to 0 so that scores, dates and amounts share features. */
export function normWord(w: string): string {
  return w.toLowerCase().replace(/[0-9]/g, '0');
}

const BRACKET = /^[()[\]{}]$|^-[lr][rcs]b-$/;

/** A bracket word (lower-cased form): next to one, a word gets no neighbour features (see contextFeatures). */
export function isBracket(lower: string): boolean {
  return BRACKET.test(lower);
}

/** The 'first=' feature of a sentence's first word: its case class and how often it is written in lower case. */
export function firstFeature(w: string, caps: boolean, caseTable: CaseTable): string {
  return 'first=' + capClass(w, caps) + (caseTable.get(normWord(w)) ?? -1);
}

/** Shape of a word as the features see it: in an all-caps line letters say nothing about names. */
function shapeIn(w: string, caps: boolean): string {
  return caps && w.toLowerCase() !== w.toUpperCase() ? 'CAPS' : shape(w);
}

/**
 * Features of a word on its own (identity, shape, affixes, learned case and name lists): they depend only on the
 * word and on whether its line is all-caps, so the tagger caches their summed weights per word.
 */
export function wordFeatures(w: string, caps: boolean, caseTable: CaseTable, gaz?: Gazetteer, clusters?: ReadonlyMap<string, string>): string[] {
  const lw = normWord(w);
  const f: string[] = ['b', 'w=' + lw, 'sh=' + shapeIn(w, caps)];
  const len = lw.length;
  for (let k = 1; k <= 4; k++) {
    if (len > k) f.push(`p${k}=${lw.slice(0, k)}`, `s${k}=${lw.slice(len - k)}`);
  }
  const cap = capClass(w, caps);
  f.push('lc=' + cap + (caseTable.get(lw) ?? -1));
  if (caps) f.push('caps|w=' + lw);
  if (gaz) {
    // Only presence is a feature: "not on the list" would teach the learner that new names are not names,
    // since the training text repeats the same few hundred names over and over.
    const g = gaz.words.get(lw);
    if (g) f.push('gz=' + g, 'gz|cap=' + g + cap);
  }
  if (clusters) {
    const c = clusters.get(lw);
    if (c) for (const p of [4, 8, 12, 99]) f.push(`c${p}=${c.slice(0, p)}`);
    else f.push('c=none');
  }
  return f;
}

function capClass(w: string, caps: boolean): string {
  return caps ? 'C' : isUpper(w) && w.length > 1 ? 'U' : isCapitalised(w) ? 'T' : 'l';
}

/** Features of a word in its sentence: neighbours, their shapes and list entries, multi-word name matches. */
/** A word's lower-cased form and its shape as the features see it (for the tagger's per-word cache). */
export function wordForms(w: string, caps: boolean): { lower: string; shape: string } {
  return { lower: normWord(w), shape: shapeIn(w, caps) };
}

/**
 * The features a word gives the tokens around it, by position: as the left neighbour (l1), right neighbour (r1),
 * second left (l2) and second right (r2). Depending only on the word, they are cached per word by the tagger.
 */
export function neighbourFeatures(w: string, caps: boolean): { l1: string[]; r1: string[]; l2: string[]; r2: string[] } {
  const lw = normWord(w);
  const sh = shapeIn(w, caps);
  const bracket = BRACKET.test(lw);
  return {
    l1: bracket ? [] : ['w-1=' + lw, 'sh-1=' + sh],
    r1: bracket ? [] : ['w+1=' + lw, 'sh+1=' + sh],
    l2: ['w-2=' + lw],
    r2: ['w+2=' + lw],
  };
}

/**
 * Features of a word in its sentence. With `split`, the features that depend on one neighbour word alone
 * (neighbourFeatures) are left out wherever that neighbour exists; the tagger adds them from its cache.
 */
export function contextFeatures(
  words: readonly string[],
  caseTable: CaseTable,
  gaz?: Gazetteer,
  clusters?: ReadonlyMap<string, string>,
  split = false,
  pre?: { caps: boolean; lower: readonly string[]; shapes: readonly string[] },
): { caps: boolean; context: string[][] } {
  const n = words.length;
  // `pre`: the tagger's cached lower-cased forms and shapes (as wordForms gives them), to skip recomputing.
  const lower = pre?.lower ?? words.map(normWord);
  const caps = pre?.caps ?? allCapsSentence(words);
  const sh = pre?.shapes ?? words.map((w) => shapeIn(w, caps));
  const at = (arr: readonly string[], i: number) => (i < 0 ? '<s>' : i >= n ? '</s>' : arr[i]!);
  const phraseTag = gaz ? matchPhrases(lower, gaz) : undefined;
  const context: string[][] = [];
  for (let i = 0; i < n; i++) {
    const lw = lower[i]!;
    // A bracket next to a word says it is an aside, not what type it is: in the training text brackets mostly
    // hold acronyms of organisations (a few dozen cases that the learner over-weights), elsewhere they hold
    // countries, parties and clubs after names. So a bracket neighbour gives no feature at all.
    const f: string[] = [];
    const left = i > 0 && BRACKET.test(lower[i - 1]!);
    const right = i + 1 < n && BRACKET.test(lower[i + 1]!);
    if (!left) {
      if (!split || i === 0) f.push('w-1=' + at(lower, i - 1), 'sh-1=' + at(sh, i - 1));
      f.push('sh-1|sh=' + at(sh, i - 1) + '|' + sh[i], 'w-1|w=' + at(lower, i - 1) + '|' + lw);
    }
    if (!right) {
      if (!split || i === n - 1) f.push('w+1=' + at(lower, i + 1), 'sh+1=' + at(sh, i + 1));
      f.push('sh|sh+1=' + sh[i] + '|' + at(sh, i + 1), 'w|w+1=' + lw + '|' + at(lower, i + 1));
    }
    if (!split || i < 2) f.push('w-2=' + at(lower, i - 2));
    if (!split || i + 2 >= n) f.push('w+2=' + at(lower, i + 2));
    if (i === 0) f.push(firstFeature(words[0]!, caps, caseTable));
    if (gaz) {
      const prev = i > 0 ? gaz.words.get(lower[i - 1]!) : '<s>';
      const next = i + 1 < n ? gaz.words.get(lower[i + 1]!) : '</s>';
      if (prev) f.push('gz-1=' + prev);
      if (next) f.push('gz+1=' + next);
      if (phraseTag![i]) f.push('gp=' + phraseTag![i]);
    }
    if (clusters) {
      const cp = i > 0 ? clusters.get(lower[i - 1]!) : undefined;
      const cn = i + 1 < n ? clusters.get(lower[i + 1]!) : undefined;
      f.push('c-1=' + (cp ? cp.slice(0, 8) : '-'), 'c+1=' + (cn ? cn.slice(0, 8) : '-'));
    }
    context.push(f);
  }
  return { caps, context };
}

/**
 * All features of every token of a sentence (word features first, then context features). Each is a short
 * string ("w=london", "s3=don"); the model keeps a weight vector per string.
 */
export function sentenceFeatures(words: readonly string[], caseTable: CaseTable, gaz?: Gazetteer, clusters?: ReadonlyMap<string, string>): { word: string[]; context: string[] }[] {
  const { caps, context } = contextFeatures(words, caseTable, gaz, clusters);
  return words.map((w, i) => ({ word: wordFeatures(w, caps, caseTable, gaz, clusters), context: context[i]! }));
}

/** Per gazetteer: every word-prefix of its multi-word names (two words and more), so a match attempt stops early. */
const prefixCache = new WeakMap<Gazetteer, Set<string>>();

function phrasePrefixes(gaz: Gazetteer): Set<string> {
  let set = prefixCache.get(gaz);
  if (!set) {
    set = new Set();
    for (const key of gaz.phrases.keys()) {
      let at = key.indexOf(' ');
      while ((at = key.indexOf(' ', at + 1)) > 0) set.add(key.slice(0, at));
    }
    prefixCache.set(gaz, set);
  }
  return set;
}

/**
 * Longest-match lookup of known multi-word names: per token "B-LOC", "I-LOC" or undefined. The candidate name
 * grows a word at a time and stops as soon as no known name starts with it.
 */
export function matchPhrases(lower: readonly string[], gaz: Gazetteer): (string | undefined)[] {
  const out: (string | undefined)[] = new Array(lower.length);
  const prefixes = phrasePrefixes(gaz);
  for (let i = 0; i < lower.length; ) {
    if (!gaz.firsts.has(lower[i]!)) {
      i++;
      continue;
    }
    let hit = 0;
    let type: string | undefined;
    let key = lower[i]!;
    const most = Math.min(gaz.maxLen, lower.length - i);
    for (let len = 2; len <= most; len++) {
      key += ' ' + lower[i + len - 1]!;
      const t = gaz.phrases.get(key);
      if (t) {
        hit = len;
        type = t;
      }
      if (!prefixes.has(key)) break;
    }
    if (!hit) {
      i++;
      continue;
    }
    out[i] = 'B-' + type;
    for (let k = 1; k < hit; k++) out[i + k] = 'I-' + type;
    i += hit;
  }
  return out;
}
