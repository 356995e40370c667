import { defineAnalyser } from '../../core/analyser.js';
import type { Document } from '../../core/document.js';
import type { NerMention, Token } from '../../core/layers.js';
import { allCapsSentence } from './features.js';
import { loadModel } from './model.js';
import { tagSpans } from './tagger.js';
import { wordsOf } from './words.js';

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
  const out: NerMention[] = [];
  let begin = 0;
  while (begin < tokens.length) {
    let end = begin + 1;
    while (end < tokens.length && tokens[end]!.sentence === tokens[begin]!.sentence) end++;
    tagSentence(doc.text, tokens.slice(begin, end), model, out);
    begin = end;
  }
  return out;
}

function tagSentence(text: string, tokens: readonly Token[], model: ReturnType<typeof loadModel>, out: NerMention[]): void {
  const words = wordsOf(text, tokens);
  for (let w0 = 0; w0 < words.length; w0 += MAX_WORDS) {
    const win = words.slice(w0, w0 + MAX_WORDS);
    for (const s of tagSpans(model, tagForms(win.map((w) => w.text)))) {
      const start = win[s.start]!.start;
      const end = win[s.end - 1]!.end;
      out.push({
        start,
        end,
        text: text.slice(start, end),
        label: s.label,
        confidence: s.confidence,
        source: SOURCE,
        reason: `The tagger read "${text.slice(start, end)}" as ${LABEL_WORDS[s.label]} from the word, its shape and its neighbours.`,
      });
    }
  }
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
  version: '1',
  reads: ['tokens'],
  writes: 'mentions',
  run: findMentions,
});
