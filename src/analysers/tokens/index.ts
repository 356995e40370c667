import { defineAnalyser } from '../../core/analyser.js';
import type { Document } from '../../core/document.js';
import type { Token } from '../../core/layers.js';
import { wink } from '../../nlp/wink.js';

/** Longest run handed to the tagger at once; longer sections are cut at whitespace so memory stays bounded. */
const MAX_CHUNK = 20_000;
/**
 * Longest sentence handed on to the analysers. Run-on text without full stops (scraped tables, hostile pages) is cut
 * here, at the last comma or semicolon when there is one, so that no analyser's per-sentence work can grow without
 * bound; news sentences are far shorter (a few dozen tokens).
 */
export const MAX_SENTENCE_TOKENS = 200;
/** A run of non-space characters longer than this is not tagged (see `pieces`). */
const LONG_RUN = 200;

/**
 * Tokens with POS and a sentence index, from wink-nlp, run section by section so that no sentence crosses a
 * section boundary (a heading never fuses with the paragraph after it). Line breaks inside a section also end a
 * sentence: in scraped text they separate list items and lines, not words of one sentence.
 */
export function tokenize(doc: Document): Token[] {
  const nlp = wink();
  const its = nlp.its;
  const tokens: Token[] = [];
  let sentence = -1;
  const ranges = doc.sections.length > 0 ? doc.sections : [{ start: 0, end: doc.text.length }];
  for (const range of ranges) {
    for (const line of splitLines(doc.text, range.start, range.end)) {
      for (const piece of pieces(doc.text, line.start, line.end)) {
        if (piece.longRun) {
          // A run of thousands of characters without a space is no word a tagger can read (base64, minified code,
          // a pasted hash): one token of its own, so the tagger never sees it and its cost stays linear.
          sentence++;
          tokens.push({ start: piece.start, end: piece.end, pos: 'X', norm: doc.text.slice(piece.start, Math.min(piece.end, piece.start + 64)).toLowerCase(), sentence });
          continue;
        }
        for (const chunk of chunks(doc.text, piece.start, piece.end)) {
          const text = doc.text.slice(chunk.start, chunk.end);
          const parsed = nlp.readDoc(text);
          const all = parsed.tokens();
          const values = all.out(its.value) as string[];
          const spaces = all.out(its.precedingSpaces) as string[];
          const pos = all.out(its.pos) as string[];
          const sentenceSpans = parsed.sentences().out(its.span) as unknown as [number, number][];
          let offset = chunk.start;
          let s = 0;
          let currentSentence = -1;
          for (let i = 0; i < values.length; i++) {
            offset += spaces[i]!.length;
            const value = values[i]!;
            while (s < sentenceSpans.length && i > sentenceSpans[s]![1]) s++;
            if (s !== currentSentence) {
              currentSentence = s;
              sentence++;
            }
            // wink-nlp can report a token whose text is not at the current offset (never seen, but guard the
            // offsets: a wrong offset would corrupt every layer built on it).
            const at = doc.text.startsWith(value, offset) ? offset : doc.text.indexOf(value, offset);
            if (at < 0 || at >= chunk.end) break;
            if (pos[i] !== 'SPACE') tokens.push({ start: at, end: at + value.length, pos: pos[i]!, norm: value.toLowerCase(), sentence });
            offset = at + value.length;
          }
        }
      }
    }
  }
  return capSentences(renumberSentences(tokens));
}

/**
 * Splits sentences longer than MAX_SENTENCE_TOKENS (see there), preferring a cut just after a comma or semicolon in
 * the second half of the run. Sentence numbers are rewritten as dense 0..n-1.
 */
function capSentences(tokens: Token[]): Token[] {
  let out = -1;
  let original = Number.NaN;
  let begin = 0; // index of the first token of the current output sentence
  let lastComma = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.sentence !== original) {
      original = t.sentence;
      out++;
      begin = i;
      lastComma = -1;
    } else if (i - begin >= MAX_SENTENCE_TOKENS) {
      out++;
      const cut = lastComma > begin + MAX_SENTENCE_TOKENS / 2 ? lastComma + 1 : i;
      for (let j = cut; j < i; j++) tokens[j]!.sentence = out;
      begin = cut;
      lastComma = -1;
    }
    t.sentence = out;
    if (t.norm === ',' || t.norm === ';') lastComma = i;
  }
  return tokens;
}

function* splitLines(text: string, start: number, end: number): Generator<{ start: number; end: number }> {
  let lineStart = start;
  while (lineStart < end) {
    let i = text.indexOf('\n', lineStart);
    if (i < 0 || i > end) i = end;
    if (hasNonSpace(text, lineStart, i)) yield { start: lineStart, end: i };
    lineStart = i + 1;
  }
}

/** /\S/ over text[start, end) without cutting it out (a sticky regex would need one per call for thread safety). */
function hasNonSpace(text: string, start: number, end: number): boolean {
  NON_SPACE.lastIndex = start;
  const m = NON_SPACE.exec(text);
  return m !== null && m.index < end;
}
const NON_SPACE = /\S/g;

/** Cuts a line into ordinary text and over-long runs of non-space characters. */
function* pieces(text: string, start: number, end: number): Generator<{ start: number; end: number; longRun?: boolean }> {
  // Most lines are short or spaced: when no run could be LONG_RUN long, the line is one piece.
  if (end - start < LONG_RUN || !hasLongRun(text, start, end)) {
    yield { start, end };
    return;
  }
  const re = new RegExp(`\\S{${LONG_RUN},}`, 'g');
  re.lastIndex = 0;
  const line = text.slice(start, end);
  let last = 0;
  for (const m of line.matchAll(re)) {
    if (m.index > last && /\S/.test(line.slice(last, m.index))) yield { start: start + last, end: start + m.index };
    yield { start: start + m.index, end: start + m.index + m[0].length, longRun: true };
    last = m.index + m[0].length;
  }
  if (last < line.length && /\S/.test(line.slice(last))) yield { start: start + last, end };
}

/** Whether text[start, end) holds a run of LONG_RUN or more non-space characters. */
function hasLongRun(text: string, start: number, end: number): boolean {
  let run = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // The whitespace \s matches, ASCII and Unicode (as in the regex of `pieces`).
    if (c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff) run = 0;
    else if (++run >= LONG_RUN) return true;
  }
  return false;
}

function* chunks(text: string, start: number, end: number): Generator<{ start: number; end: number }> {
  let s = start;
  while (end - s > MAX_CHUNK) {
    let cut = text.lastIndexOf(' ', s + MAX_CHUNK);
    if (cut <= s) cut = s + MAX_CHUNK;
    yield { start: s, end: cut };
    s = cut;
  }
  yield { start: s, end };
}

/** Sentence numbers become dense 0..n-1 after whitespace-only sentences were dropped. */
function renumberSentences(tokens: Token[]): Token[] {
  let last = -1;
  let n = -1;
  for (const t of tokens) {
    if (t.sentence !== last) {
      last = t.sentence;
      n++;
    }
    t.sentence = n;
  }
  return tokens;
}

export const tokensAnalyser = defineAnalyser({
  name: 'tokens',
  version: '1',
  reads: [],
  writes: 'tokens',
  run: tokenize,
});
