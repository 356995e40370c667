import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DogwhistleEntry, DogwhistleLexicon, Tier } from './glossary-build.js';

/** data/lexicons/hate at the repository root (this file runs from dist/src/analysers/hate/). */
const DIR = new URL('../../../../data/lexicons/hate/', import.meta.url);

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(name, DIR)), 'utf8')) as T;
}

/** A compiled phrase list: normalised token sequence ("zionist occupation government") → entry. */
export interface PhraseMatcher<E> {
  byForm: Map<string, E>;
  /** Every proper prefix of a form, so that a lookup stops as soon as no phrase can continue. */
  prefixes: Set<string>;
  /** Longest form, in tokens. */
  maxLen: number;
  /** Whether a trailing plural "s"/"es" on the last word may be ignored. */
  plural: boolean;
  /** First words of every form: a token that is none of them cannot start a match (one lookup per token). */
  first: Set<string>;
  /** The longest word of every form: a text with none of them cannot contain a match (see mayMatch). */
  keys: Set<string>;
}

/** Words (letters/digits, inner apostrophes) and single symbols; hyphens and spaces separate and vanish. */
const TOKEN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*|[^\s\p{L}\p{N}\-–—]/gu;

export interface Tok {
  norm: string;
  start: number;
  end: number;
}

export function tokenise(text: string, from = 0, to = text.length): Tok[] {
  // A hand-written scan with the same result as matching TOKEN in text[from, to) (tokeniseByRegex below, which the
  // tests compare it with): the regex built a match array per word of every sentence. ASCII is decided by
  // character code; other characters by sticky Unicode regexes, which allocate nothing.
  const out: Tok[] = [];
  let p = from;
  // A Unicode regex set to start inside a surrogate pair starts at the pair.
  if (p > 0 && p < text.length && isLowSurrogate(text.charCodeAt(p)) && isHighSurrogate(text.charCodeAt(p - 1))) p--;
  while (p < to) {
    const c = text.charCodeAt(p);
    if (c < 128 ? c === 32 || (c >= 9 && c <= 13) || c === 45 : isSpaceOrDash(text, p)) {
      p++;
      continue;
    }
    const end = tokenEnd(text, p, text.length);
    if (end <= to) {
      out.push(tok(text, p, end));
      p = end;
      continue;
    }
    // A token running past the end of the range is cut there, as matching the range alone would, and is the last.
    out.push(tok(text, p, tokenEnd(text, p, to)));
    break;
  }
  return out;
}

/** End of the token that starts at p (not a space or dash), reading no further than `to`. */
function tokenEnd(text: string, p: number, to: number): number {
  const wl = wordCharLength(text, p, to, false);
  if (wl === 0) {
    // One symbol: a whole code point.
    const c = text.charCodeAt(p);
    return p + (isHighSurrogate(c) && p + 1 < to && isLowSurrogate(text.charCodeAt(p + 1)) ? 2 : 1);
  }
  p += wl;
  for (let l = wordCharLength(text, p, to, false); l > 0; l = wordCharLength(text, p, to, false)) p += l;
  // (?:['’][\p{L}]+)*: an apostrophe joins only when letters follow it.
  for (;;) {
    const a = text.charCodeAt(p);
    if (p + 1 >= to || (a !== 39 && a !== 0x2019)) return p;
    let q = p + 1;
    for (let l = wordCharLength(text, q, to, true); l > 0; l = wordCharLength(text, q, to, true)) q += l;
    if (q === p + 1) return p;
    p = q;
  }
}

function tok(text: string, start: number, end: number): Tok {
  const lower = text.slice(start, end).toLowerCase();
  return { norm: lower.includes('’') ? lower.replace(/’/g, "'") : lower, start, end };
}

const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;
const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/uy;
const LETTER = /\p{L}/uy;
const SPACE_OR_DASH = /[\s\-–—]/uy;

function isSpaceOrDash(text: string, p: number): boolean {
  SPACE_OR_DASH.lastIndex = p;
  return SPACE_OR_DASH.test(text);
}

/**
 * Length in code units of the letter (or, unless lettersOnly, digit) at p: 0 when there is none before `to`. A
 * letter outside the basic plane takes two units and must end by `to`, as a match in the cut text would.
 */
function wordCharLength(text: string, p: number, to: number, lettersOnly: boolean): number {
  if (p >= to) return 0;
  const c = text.charCodeAt(p);
  if (c < 128) {
    const l = c | 32;
    return (l >= 97 && l <= 122) || (!lettersOnly && c >= 48 && c <= 57) ? 1 : 0;
  }
  const re = lettersOnly ? LETTER : LETTER_OR_NUMBER;
  re.lastIndex = p;
  if (!re.test(text)) return 0;
  return re.lastIndex - p <= to - p ? re.lastIndex - p : 0;
}

/** The regex tokeniser tokenise() replaces, kept as its reference (tests compare the two). */
export function tokeniseByRegex(text: string, from = 0, to = text.length): Tok[] {
  const out: Tok[] = [];
  TOKEN.lastIndex = from;
  for (let m = TOKEN.exec(text); m && m.index < to; m = TOKEN.exec(text)) {
    const start = m.index;
    let raw = m[0];
    // A word running past the end of the range is cut there, as matching the range alone would.
    if (start + raw.length > to) raw = new RegExp(TOKEN.source, 'u').exec(text.slice(start, to))?.[0] ?? '';
    if (!raw) break;
    const lower = raw.toLowerCase();
    out.push({ norm: lower.includes('’') ? lower.replace(/’/g, "'") : lower, start, end: start + raw.length });
  }
  return out;
}

/** The lookup key of a phrase: its tokens, lower-cased, joined by one space. */
export function formKey(s: string): string {
  return tokenise(s).map((t) => t.norm).join(' ');
}

/**
 * Compiles phrases for token-sequence lookup: at each word, the longest phrase that starts there wins. Linear in
 * the text (a regex alternation of a thousand phrases was orders of magnitude slower).
 */
export function compile<E>(entries: [string, E][], plural = false): PhraseMatcher<E> {
  const byForm = new Map<string, E>();
  const prefixes = new Set<string>();
  const first = new Set<string>();
  const keys = new Set<string>();
  let maxLen = 1;
  for (const [form, e] of entries) {
    const key = formKey(form);
    if (!key || byForm.has(key)) continue;
    byForm.set(key, e);
    const parts = key.split(' ');
    first.add(parts[0]!);
    keys.add(parts.reduce((a, b) => (b.length > a.length ? b : a)));
    maxLen = Math.max(maxLen, parts.length);
    for (let k = 1; k < parts.length; k++) prefixes.add(parts.slice(0, k).join(' '));
  }
  return { byForm, prefixes, maxLen, plural, first, keys };
}

export interface Code {
  entry: DogwhistleEntry;
  form: string;
  tier: Tier;
}

export interface Trope {
  phrase: string;
  sense: string;
  antisemitic?: boolean;
}

export interface Slur {
  form: string;
  target: string;
  ambiguous?: boolean;
}

export interface Dehumanisation {
  metaphors: Record<string, string[]>;
  verbs: Record<string, string[]>;
  groups: string[];
  powerPositions: string[];
}

export interface HateLexicons {
  codes: PhraseMatcher<Code>;
  tropes: PhraseMatcher<Trope>;
  slurs: PhraseMatcher<Slur>;
  /** Metaphor word → family (vermin, disease, animal, ...). */
  metaphors: PhraseMatcher<string>;
  /** Infestation / swarm / extermination verbs → family. */
  verbs: PhraseMatcher<string>;
  groups: PhraseMatcher<string>;
  powerPositions: PhraseMatcher<string>;
}

let cached: HateLexicons | undefined;

/** All the analyser's word lists, compiled once on first use and shared read-only. */
export function lexicons(): HateLexicons {
  if (cached) return cached;
  const dw = readJson<DogwhistleLexicon>('dogwhistles.json');
  const tropes = readJson<{ tropes: Trope[] }>('conspiracy-tropes.json').tropes;
  const slurs = readJson<{ slurs: Slur[] }>('slurs.json').slurs;
  const dh = readJson<Dehumanisation>('dehumanisation.json');
  const codes: [string, Code][] = [];
  for (const entry of dw.terms) for (const f of entry.forms) codes.push([f.form, { entry, form: f.form, tier: f.tier }]);
  const fam = (m: Record<string, string[]>): [string, string][] => Object.entries(m).flatMap(([k, ws]) => ws.map((w): [string, string] => [w, k]));
  cached = {
    codes: compile(codes),
    tropes: compile(tropes.map((t): [string, Trope] => [t.phrase, t])),
    slurs: compile(slurs.map((s): [string, Slur] => [s.form, s]), true),
    metaphors: compile(fam(dh.metaphors)),
    verbs: compile(fam(dh.verbs)),
    groups: compile(dh.groups.map((g): [string, string] => [g, g])),
    powerPositions: compile(dh.powerPositions.map((g): [string, string] => [g, g])),
  };
  return cached;
}

let keyWords: Set<string> | undefined;

/**
 * Can any span lexicon (codes, tropes, slurs, dehumanising metaphors and verbs) match in these tokens? Every match
 * contains its form's longest word, so one set lookup per token answers for all lexicons: most news sentences have
 * none of those words, and then every span rule that needs one is skipped. (The group and power-position lists only
 * qualify a metaphor or verb, so they are not asked.)
 */
export function mayMatch(toks: readonly Tok[]): boolean {
  const lx = lexicons();
  keyWords ??= new Set([...lx.codes.keys, ...lx.tropes.keys, ...lx.slurs.keys, ...lx.metaphors.keys, ...lx.verbs.keys]);
  for (const t of toks) {
    const w = t.norm;
    if (keyWords.has(w)) return true;
    // A slur's last word may carry a plural ending (findAll's rule).
    if (isPlural(w) && (lx.slurs.keys.has(w.slice(0, -1)) || lx.slurs.keys.has(w.slice(0, -2)))) return true;
  }
  return false;
}

export interface Hit<E> {
  start: number;
  end: number;
  text: string;
  entry: E;
}

/** Every (longest, non-overlapping) match of `m` in text[from, to), with absolute offsets. */
export function findAll<E>(m: PhraseMatcher<E>, text: string, from = 0, to = text.length, toks: Tok[] = tokenise(text, from, to)): Hit<E>[] {
  const out: Hit<E>[] = [];
  for (let i = 0; i < toks.length; i++) {
    const w = toks[i]!.norm;
    if (!m.first.has(w) && !(m.plural && isPlural(w) && (m.first.has(w.slice(0, -1)) || m.first.has(w.slice(0, -2))))) continue;
    let key = '';
    let best: { j: number; e: E } | undefined;
    for (let j = i; j < Math.min(toks.length, i + m.maxLen); j++) {
      key = j === i ? toks[j]!.norm : `${key} ${toks[j]!.norm}`;
      let e = m.byForm.get(key);
      if (!e && m.plural && isPlural(key)) e = m.byForm.get(key.replace(/e?s$/, '')) ?? m.byForm.get(key.slice(0, -1));
      if (e) best = { j, e };
      if (!m.prefixes.has(key)) break;
    }
    if (best) {
      const start = toks[i]!.start;
      const end = toks[best.j]!.end;
      out.push({ start, end, text: text.slice(start, end), entry: best.e });
      i = best.j;
    }
  }
  return out;
}

/** Ends in a letter a-z followed by "s" (a candidate plural); a character test, not a regex, on the hot path. */
function isPlural(key: string): boolean {
  const n = key.length;
  if (n < 2 || key.charCodeAt(n - 1) !== 115) return false;
  const c = key.charCodeAt(n - 2);
  return c >= 97 && c <= 122;
}
