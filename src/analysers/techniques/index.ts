import { defineAnalyser } from '../../core/analyser.js';
import type { Document } from '../../core/document.js';
import type { TechniqueFlag } from '../../core/layers.js';
import { ArticleView, spanRepeats } from './features.js';
import { STOP, cueFamilies } from './cues.js';
import { techniqueReason } from './inventory.js';
import { decodeSpans, techniquesModel, type TechniquesModel } from './model.js';
import { ruleFlags } from './rules.js';

/**
 * Persuasion techniques (SemEval-2020 Task 11 inventory) at span level, from our own two-stage model: a token-level
 * logistic-regression span detector, then a multinomial logistic-regression technique classifier on each span.
 * Reader comments are part of the text and get flags too (`doc.inComment` tells them apart).
 */
export function detectTechniques(doc: Document, model: TechniquesModel = techniquesModel()): TechniqueFlag[] {
  const tokens = doc.get('tokens');
  if (tokens.length === 0) return [];
  const view = new ArticleView(doc.text, tokens);
  const probs = model.tokenProbs(view);
  const flags: TechniqueFlag[] = [];
  for (const s of decodeSpans(view, probs, model.decode)) {
    const start = tokens[s.from]!.start;
    const end = tokens[s.to - 1]!.end;
    const { probs: tp, features } = model.classify(view, start, end);
    let best = 0;
    for (let c = 1; c < tp.length; c++) if (tp[c]! > tp[best]!) best = c;
    const technique = model.labels[best]!;
    const cue = WORD_LEVEL.has(technique) ? cueWord(model, view, s.from, s.to, best) : '';
    const repeats = spanRepeats(view.lowerText, start, end, view).count;
    const top = model.topFeatures(features, best, 3);
    flags.push({
      technique,
      start,
      end,
      text: doc.text.slice(start, end),
      confidence: round(model.calibrate(s.p * tp[best]!)),
      source: `model:${model.name} span p=${s.p.toFixed(2)}, technique p=${tp[best]!.toFixed(2)}; top features: ${top.join(', ') || 'prior'}`,
      reason: techniqueReason(technique, cue, doc.text.slice(start, end), repeats),
    });
    if (s.to - s.from >= LONG_SPAN && technique !== 'Loaded_Language') flags.push(...emotiveWords(view, s.from, s.to));
  }
  return withRules(flags, ruleFlags(view));
}

/**
 * Adds the rule flags the model's flags do not already carry: a rule flag inside a model flag of the same technique
 * adds nothing; where a rule and a word-level flag share a span, the more confident one is kept.
 */
function withRules(flags: TechniqueFlag[], rules: TechniqueFlag[]): TechniqueFlag[] {
  // Flags of one technique barely overlap each other, so the few that start at or before a rule flag (found by
  // binary search) are the only ones that can contain it: linear-logarithmic even on pages of repeated labels.
  const byTechnique = new Map<string, TechniqueFlag[]>();
  for (const f of flags) {
    const list = byTechnique.get(f.technique);
    if (list) list.push(f);
    else byTechnique.set(f.technique, [f]);
  }
  for (const list of byTechnique.values()) list.sort((a, b) => a.start - b.start);
  const out = flags.slice();
  for (const r of rules) {
    const list = byTechnique.get(r.technique) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.start <= r.start) lo = mid + 1;
      else hi = mid;
    }
    let container: TechniqueFlag | undefined;
    for (let k = lo - 1; k >= 0 && k >= lo - 4; k--) if (list[k]!.end >= r.end) container = list[k];
    if (!container) out.push(r);
    else if (container.start === r.start && container.end === r.end && container.confidence < r.confidence) out[out.indexOf(container)] = r;
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Spans at least this many tokens long also get word-level flags for the emotive words inside them. */
const LONG_SPAN = 6;
/**
 * Share of the words of the `emotive` cue family that lie inside a gold Loaded_Language span, measured on the
 * training articles (0.32); used as the confidence of these rule-made nested flags.
 */
const EMOTIVE_CONFIDENCE = 0.32;

/**
 * A long span gets one label (often Doubt or Appeal_to_fear-prejudice), which hides the loaded words inside it;
 * words from the general emotive list are flagged on their own so the reader sees them. The SI metric merges
 * nested spans, so these never change the span scores.
 */
function emotiveWords(view: ArticleView, from: number, to: number): TechniqueFlag[] {
  const out: TechniqueFlag[] = [];
  for (let k = from; k < to; k++) {
    if (!cueFamilies(view.norms[k]!).includes('emotive')) continue;
    const t = view.tokens[k]!;
    const word = view.text.slice(t.start, t.end);
    out.push({
      technique: 'Loaded_Language',
      start: t.start,
      end: t.end,
      text: word,
      confidence: EMOTIVE_CONFIDENCE,
      source: 'rule:emotive-word (cue list, inside a longer flagged span)',
      reason: techniqueReason('Loaded_Language', word, word, 1),
    });
  }
  return out;
}

/** Techniques that live in single words, so naming the word that weighed most explains the flag. */
const WORD_LEVEL = new Set(['Loaded_Language', 'Name_Calling,Labeling', 'Exaggeration,Minimisation', 'Flag-Waving']);

/** The word of the span that argued most for the chosen technique (else the one the span detector liked most). */
function cueWord(model: TechniquesModel, view: ArticleView, from: number, to: number, c: number): string {
  let best = '';
  let bestW = 0;
  for (let k = from; k < to; k++) {
    if (view.tokens[k]!.pos === 'PUNCT' || STOP.has(view.norms[k]!) || !/^[a-z]/.test(view.norms[k]!)) continue;
    const w = (model.tcWeights('u=' + view.norms[k])?.[c] ?? 0) + 0.5 * model.siWordWeight(view.norms[k]!);
    if (w > bestW) {
      bestW = w;
      best = view.text.slice(view.tokens[k]!.start, view.tokens[k]!.end);
    }
  }
  return best;
}

function round(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}

export const techniquesAnalyser = defineAnalyser({
  name: 'techniques',
  version: '2',
  reads: ['tokens', 'sentences'],
  writes: 'techniques',
  run: (doc) => detectTechniques(doc),
});
