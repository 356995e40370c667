import { defineAnalyser } from '../../core/analyser.js';
import type { Document } from '../../core/document.js';
import type { Sentence } from '../../core/layers.js';

/** Sentence spans derived from the token layer's sentence numbers (first token start to last token end). */
export function sentencesFromTokens(doc: Document): Sentence[] {
  const out: Sentence[] = [];
  for (const t of doc.get('tokens')) {
    const last = out[t.sentence];
    if (last) last.end = t.end;
    else out[t.sentence] = { start: t.start, end: t.end, section: Math.max(0, doc.sectionAt(t.start)) };
  }
  return out;
}

export const sentencesAnalyser = defineAnalyser({
  name: 'sentences',
  version: '1',
  reads: ['tokens'],
  writes: 'sentences',
  run: sentencesFromTokens,
});
