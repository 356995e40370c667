import { defineAnalyser } from '../../core/analyser.js';
import type { Document } from '../../core/document.js';
import type { NerMention } from '../../core/layers.js';
import { harmonise } from './consistency.js';
import { allCapsSentence } from './features.js';
import { loadModel } from './model.js';
import { tagSpans } from './tagger.js';
import { wordsOf, type Word } from './words.js';

/** Sentences longer than this are tagged in windows: wink can return run-on "sentences" from tables and lists. */
const MAX_WORDS = 250;

const SOURCE = 'ner-perceptron (GMB-trained)';

/**
 * Named-entity mentions (PER, ORG, LOC, MISC) from the statistical tagger in models/ner, sentence by sentence
 * over the `tokens` layer. Confidence is the model's posterior for the span's tags, calibrated on held-out
 * training text (Voice of America news); on other kinds of text (sports tables, non-news) it is optimistic.
 */
export function findMentions(doc: Document): NerMention[] {
  const tokens = doc.get('tokens') ?? [];
  const model = loadModel();
  const windows: Word[][] = [];
  let begin = 0;
  while (begin < tokens.length) {
    let end = begin + 1;
    while (end < tokens.length && tokens[end]!.sentence === tokens[begin]!.sentence) end++;
    const words = wordsOf(doc.text, tokens.slice(begin, end));
    for (let w0 = 0; w0 < words.length; w0 += MAX_WORDS) windows.push(words.slice(w0, w0 + MAX_WORDS));
    begin = end;
  }
  const forms = windows.map((win) => tagForms(win.map((w) => w.text)));
  // Sentence by sentence, then one reading per name across the article (consistency.ts).
  const spans = harmonise(forms, forms.map((f) => tagSpans(model, f)));
  const out: NerMention[] = [];
  windows.forEach((win, k) => {
    for (const s of spans[k]!) {
      const start = win[s.start]!.start;
      const end = win[s.end - 1]!.end;
      const name = doc.text.slice(start, end);
      out.push({
        start,
        end,
        text: name,
        label: s.label,
        confidence: s.confidence,
        source: s.from ? SOURCE + ', document consistency' : SOURCE,
        reason: !s.from
          ? `The tagger read "${name}" as ${LABEL_WORDS[s.label]} from the word, its shape and its neighbours.`
          : s.from === 'added'
            ? `"${name}" is tagged as ${LABEL_WORDS[s.label]} elsewhere in the article, so this occurrence is read the same way.`
            : `"${name}" is mostly read as ${LABEL_WORDS[s.label]} elsewhere in the article, so this occurrence follows it.`,
      });
    }
  });
  return out;
}

/**
 * The forms the tagger is given: the training text writes the United States "U.S.", so a bare "US" in mixed-case
 * text (where it cannot be the pronoun) is read as "U.S."; offsets still come from the original words.
 */
function tagForms(words: string[]): string[] {
  if (allCapsSentence(words)) return words;
  return words.map((w) => (w === 'US' ? 'U.S.' : w));
}

const LABEL_WORDS = { PER: 'a person', ORG: 'an organisation', LOC: 'a place', MISC: 'another kind of name (nationality, event, work)' } as const;

export const nerAnalyser = defineAnalyser({
  name: 'ner',
  version: '2',
  reads: ['tokens'],
  writes: 'mentions',
  run: findMentions,
});
