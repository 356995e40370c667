import type { Document } from '../../core/document.js';
import { foldWord, WORD_RE } from '../../knowledge/normalize.js';

const ABBREV = new Set(['St', 'Mt', 'Ft', 'Pt', 'W', 'N', 'S', 'E', 'Gen', 'Lt', 'Col', 'Sgt', 'Dr', 'Mr', 'Mrs', 'Ms', 'Jr', 'Rev', 'Gov', 'Sen', 'Rep', 'Capt', 'Maj', 'Adm', 'Prof', 'Pres']);

/** A word of the document as the entity matcher sees it. */
export interface Word {
  start: number;
  end: number;
  text: string;
  /** Folded form (see knowledge/normalize.ts). */
  key: string;
  /** Starts with a capital letter. */
  cap: boolean;
  /** All its letters are capitals (acronyms, shouted headlines). */
  upper: boolean;
  sentence: number;
  /** First word of its sentence: a capital there says nothing about proper names. */
  sentStart: boolean;
  pos: string;
  /** The next word follows with only a space or a hyphen between, in the same sentence: a name may go on. */
  joinNext: boolean;
  /** The next word is attached by a hyphen ("Moscow-backed", "al-Nusra"). */
  hyphenNext: boolean;
  /** The sentence is in headline case ("US Throws All Gloves Off"): capitals there do not mark names. */
  titleCase: boolean;
}

/**
 * Words from the text, with POS and sentence index borrowed from the `tokens` layer when it is there (the matcher's
 * own word split keeps "U.S." and "Qa'ida" whole and splits hyphens, which the aliases expect).
 */
export function wordsOf(doc: Document): Word[] {
  const text = doc.text;
  const tokens = doc.get('tokens');
  const words: Word[] = [];
  let sentence = 0;
  let lastTok: { pos: string; sentence: number } | undefined;
  let k = 0;
  for (const m of text.matchAll(WORD_RE)) {
    const start = m.index!;
    const w = m[0];
    // Tokens are in text order: walk them alongside the words.
    while (k < tokens.length && tokens[k]!.start < start) k++;
    const tok = k < tokens.length && tokens[k]!.start === start ? tokens[k] : undefined;
    const prev = words[words.length - 1];
    const gap = !prev ? '' : prev.end + 1 === start && text[prev.end] === ' ' ? ' ' : text.slice(prev.end, start);
    if (tok) sentence = tok.sentence;
    else if (!tokens.length && prev && gap !== ' ' && /[.!?]["”’)]?\s|\n/.test(gap)) sentence++;
    else if (tok === undefined && lastTok) sentence = lastTok.sentence;
    if (tok) lastTok = tok;
    const sentStart = !prev || prev.sentence !== sentence || (gap !== ' ' && /[:"“]\s*$/.test(gap));
    if (prev) {
      prev.hyphenNext = gap === '-' || gap === '‐' || gap === '‑';
      prev.joinNext = gap === ' ' || /^[ \t]+$/.test(gap) || prev.hyphenNext || (gap === '. ' && ABBREV.has(prev.text));
      // An abbreviation's dot may have ended a sentence for the tokenizer ("St. Petersburg"): the name still goes on.
      if (prev.joinNext && prev.sentence !== sentence && !(gap === '. ' && ABBREV.has(prev.text))) prev.joinNext = false;
    }
    const ascii = asciiCase(w);
    let key: string;
    let cap: boolean;
    let upper: boolean;
    if (ascii >= 0) {
      // Plain ASCII letters and digits (most words): foldWord is the lower case, and case needs no new strings.
      key = w.toLowerCase();
      cap = (ascii & FIRST_UPPER) !== 0;
      upper = (ascii & HAS_UPPER) !== 0 && (ascii & HAS_LOWER) === 0;
    } else {
      const lower = w.toLowerCase();
      key = foldWord(w);
      cap = w[0] !== lower[0];
      upper = w === w.toUpperCase() && w !== lower;
    }
    words.push({
      start,
      end: start + w.length,
      text: w,
      key,
      cap,
      upper,
      sentence,
      sentStart,
      pos: tok?.pos ?? '',
      joinNext: false,
      hyphenNext: false,
      titleCase: false,
    });
  }
  markTitleCase(words);
  return words;
}

const FIRST_UPPER = 1;
const HAS_UPPER = 2;
const HAS_LOWER = 4;

/** For a word of ASCII letters and digits only, its case bits (FIRST_UPPER, HAS_UPPER, HAS_LOWER); else -1. */
function asciiCase(w: string): number {
  let bits = 0;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 65 && c <= 90) bits |= i === 0 ? FIRST_UPPER | HAS_UPPER : HAS_UPPER;
    else if (c >= 97 && c <= 122) bits |= HAS_LOWER;
    else if (c < 48 || c > 57) return -1;
  }
  return w.length > 0 ? bits : -1;
}

/** Flags the words of sentences where most words of four letters or more are capitalised. */
function markTitleCase(words: Word[]): void {
  let i = 0;
  while (i < words.length) {
    let j = i;
    while (j < words.length && words[j]!.sentence === words[i]!.sentence) j++;
    let long = 0;
    let caps = 0;
    for (let k = i; k < j; k++) {
      if (words[k]!.text.length >= 4) {
        long++;
        if (words[k]!.cap) caps++;
      }
    }
    if (long >= 3 && caps / long >= 0.75) for (let k = i; k < j; k++) words[k]!.titleCase = true;
    i = j;
  }
}
