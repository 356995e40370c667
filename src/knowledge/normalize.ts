/**
 * Keys for alias matching, shared by the knowledge-base loader (aliases) and the entity analyser (text), so both
 * sides fold the same way: case-, diacritic-, dot- and apostrophe-insensitive, hyphens count as word breaks, and the
 * Arabic article in its many transliterations ("al", "el", "ez", "ad"...) folds to "al" inside a multi-word name,
 * so "Deir el-Zor", "Deir ez-Zor" and "Dayr az Zawr"'s article agree.
 */

const PLAIN = /^[A-Za-z0-9]+$/;
const PLAIN_TEXT = /^[A-Za-z0-9 /-]+$/;
export const ARTICLES = new Set(['al', 'el', 'ul', 'ad', 'ar', 'as', 'ash', 'at', 'az', 'an', 'ez', 'es', 'ed', 'er', 'ud']);

/** One word to its key: "Qa'ida" -> "qaida", "U.S." -> "us", "Ghoûta" -> "ghouta". */
export function foldWord(word: string): string {
  if (PLAIN.test(word)) return word.toLowerCase();
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[.'’ʼ‘`´]/g, '');
}

/** Key of a word sequence (already folded), with inner articles unified. */
export function keyOf(words: readonly string[]): string {
  if (words.length < 2) return words[0] ?? '';
  let out = '';
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    out += (i ? ' ' : '') + (i < words.length - 1 && ARTICLES.has(w) ? 'al' : w);
  }
  return out;
}

/**
 * A consonant skeleton, for transliteration variants the key misses ("Dayr az Zawr" vs "Deir ez-Zor", "Qaeda" vs
 * "Qaida"). Collides easily, so callers use it only for multi-word names of curated entries.
 */
export function skeleton(key: string): string {
  return key.split(' ').map(skeletonWord).join(' ');
}

export function skeletonWord(w: string): string {
  // The first letter stays, vowel or not: "East Bank" must not meet "West Bank".
  return w === 'al' ? 'l' : w[0] + w.slice(1).replace(/[aeiouyw]/g, '').replace(/(.)\1+/g, '$1').replace(/h$/, '');
}

/** Splits an alias (or any short text) into folded words, the same way the analyser splits a document. */
export function wordsOf(text: string): string[] {
  if (PLAIN_TEXT.test(text)) return text.toLowerCase().split(/[ \-\/]+/).filter((w) => w.length > 0);
  return [...text.matchAll(WORD_RE)].map((m) => foldWord(m[0])).filter((w) => w.length > 0);
}

/**
 * A word: letters or digits, with inner dots ("U.S", "W.Va") and inner apostrophes ("Qa'ida") but not a trailing
 * possessive ("Russia's" is "Russia" + "'s"). Hyphens and slashes end a word.
 */
export const WORD_RE = /[\p{L}\p{N}]+(?:\.(?=[\p{L}\p{N}])[\p{L}\p{N}]+)*(?:['’](?!s\b)[\p{L}]+)*/gu;
