import { defineAnalyser } from '../../core/analyser.js';
import type { Document } from '../../core/document.js';
import type { Token } from '../../core/layers.js';
import { wink } from '../../nlp/wink.js';

/** Longest run handed to the tagger at once; longer sections are cut at whitespace so memory stays bounded. */
const MAX_CHUNK = 100_000;

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
      for (const chunk of chunks(doc.text, line.start, line.end)) {
        const piece = doc.text.slice(chunk.start, chunk.end);
        const parsed = nlp.readDoc(piece);
        const values = parsed.tokens().out(its.value) as string[];
        const spaces = parsed.tokens().out(its.precedingSpaces) as string[];
        const pos = parsed.tokens().out(its.pos) as string[];
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
  return renumberSentences(tokens);
}

function* splitLines(text: string, start: number, end: number): Generator<{ start: number; end: number }> {
  let lineStart = start;
  for (let i = start; i <= end; i++) {
    if (i === end || text[i] === '\n') {
      if (/\S/.test(text.slice(lineStart, i))) yield { start: lineStart, end: i };
      lineStart = i + 1;
    }
  }
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
