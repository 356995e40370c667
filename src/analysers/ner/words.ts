import type { Token } from '../../core/layers.js';

/** A tagger word with its character offsets in doc.text. */
export interface Word {
  text: string;
  start: number;
  end: number;
}

const HYPHEN = /^[-‐‑–]$/;
const WORDISH = /[\p{L}\p{N}.]$/u;

/**
 * The words the tagger sees, from wink-nlp tokens of one sentence. wink splits hyphenated words ("al", "-",
 * "Nusra") where the training text (and CoNLL) keeps one token ("al-Nusra"), so hyphens glued to a word on both
 * sides are joined back; the possessive "'s" stays its own word, as in the training text.
 */
export function wordsOf(text: string, tokens: readonly Token[]): Word[] {
  const words: Word[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const prev = words[words.length - 1];
    const value = text.slice(t.start, t.end);
    const next = tokens[i + 1];
    if (prev && HYPHEN.test(value) && prev.end === t.start && next && next.start === t.end && WORDISH.test(prev.text) && /^[\p{L}\p{N}]/u.test(text.slice(next.start, next.end))) {
      prev.text += value + text.slice(next.start, next.end);
      prev.end = next.end;
      i++;
      // A chain like "Abdel-Rahman-al" keeps joining.
      while (tokens[i + 1] && tokens[i + 2] && HYPHEN.test(text.slice(tokens[i + 1]!.start, tokens[i + 1]!.end)) && tokens[i + 1]!.start === prev.end && tokens[i + 2]!.start === tokens[i + 1]!.end) {
        prev.text += text.slice(tokens[i + 1]!.start, tokens[i + 2]!.end);
        prev.end = tokens[i + 2]!.end;
        i += 2;
      }
      continue;
    }
    words.push({ text: value, start: t.start, end: t.end });
  }
  return words;
}
