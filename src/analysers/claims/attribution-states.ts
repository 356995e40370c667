import type { Token } from '../../core/layers.js';

/*
 * Cues that are not reporting verbs: PolNeAR also annotates attitudes, evaluations and stances held by a source,
 *   attitude     "Many Democrats are afraid that ...", "Mr. Obama is also determined to warn ..."
 *   evaluation   "It was clear (that) ...", "Nor is it clear that ..."      (the writer's own judgement: no source)
 *   stance noun  "the government's determination to ...", "By Trump's own admission, ..."
 * Each word list is small, general English, and was kept only where its cues were right often enough on the
 * tuning half of polnear-dev (see docs/EVALUATION.md).
 */

export type StateKind = 'attitude' | 'evaluation' | 'noun';

export interface StateCue {
  a: number;
  b: number;
  lemma: string;
  kind: StateKind;
}

const BE = new Set(['is', 'are', 'was', 'were', "'s", '’s', "'re", '’re', "'m", '’m', 'am', 'be', 'been', 'being']);
/** Adverbs allowed between the verb and the adjective ("is also determined", "'s so frustrated"). */
const DEGREE = new Set(['so', 'very', 'also', 'still', 'increasingly', 'deeply', 'clearly', 'not', 'really', 'quite', 'too', 'more', 'most', 'less', 'particularly', 'especially', 'now', 'all', 'always', 'never', 'already', 'even', 'equally', 'fully', 'absolutely', 'genuinely', 'openly', 'reportedly', 'visibly', 'extremely', 'growing']);

/** Adjectives of a held attitude toward a proposition or a plan (emotion, belief, resolve). */
const ATTITUDE = new Set([
  'afraid', 'scared', 'fearful', 'worried', 'concerned', 'anxious', 'nervous', 'wary', 'frustrated', 'angry', 'upset', 'furious', 'outraged',
  'incensed', 'disappointed', 'dismayed', 'alarmed', 'troubled', 'unhappy', 'convinced', 'sure', 'certain', 'confident', 'skeptical', 'sceptical',
  'doubtful', 'unsure', 'uncertain', 'hopeful', 'optimistic', 'pessimistic', 'determined', 'eager', 'keen', 'intent', 'adamant', 'reluctant',
  'unwilling', 'willing', 'ready', 'prepared', 'committed', 'pleased', 'glad', 'happy', 'proud', 'satisfied', 'aware', 'surprised', 'shocked',
]);

/** Adjectives of the writer's evaluation in "it is ADJ that ...". */
const EVALUATION = new Set(['clear', 'obvious', 'evident', 'apparent', 'unclear', 'likely', 'unlikely', 'possible', 'impossible', 'doubtful', 'certain', 'true', 'undeniable', 'plain', 'inevitable', 'conceivable', 'plausible', 'arguable', 'notable', 'ironic', 'striking', 'telling', 'troubling', 'remarkable']);

/** Nouns of a stance, plan or judgement held by their possessor ("his determination to ...", "Obama's decision to"). */
const STANCE_NOUN = new Set([
  'decision', 'determination', 'eagerness', 'admission', 'insistence', 'intention', 'pledge', 'promise', 'vow', 'threat', 'refusal', 'reluctance',
  'willingness', 'desire', 'call', 'calls', 'demand', 'demands', 'criticism', 'opposition', 'support', 'view', 'views', 'position', 'stance',
  'assessment', 'belief', 'claim', 'claims', 'allegation', 'allegations', 'accusation', 'accusations', 'estimate', 'forecast', 'prediction',
  'conclusion', 'finding', 'findings', 'endorsement', 'commitment', 'hope', 'hopes', 'fear', 'fears', 'concern', 'concerns', 'doubts',
]);
/** Words after a stance noun that open what the stance is about. */
const NOUN_NEXT = new Set(['to', 'that', 'about', 'of', 'on', 'for', 'over', 'against']);

const POSSESSIVE = new Set(['his', 'her', 'their', 'its', 'our', 'my', 'your']);

export interface StateOptions {
  attitude: boolean;
  evaluation: boolean;
  noun: boolean;
}

export const ALL_STATES: StateOptions = { attitude: true, evaluation: true, noun: true };

/** A state cue starting at token i, or undefined. */
export function stateCueAt(toks: readonly Token[], i: number, opts: StateOptions = ALL_STATES): StateCue | undefined {
  const t = toks[i]!;
  if (BE.has(t.norm) || t.norm === 'feel' || t.norm === 'feels' || t.norm === 'felt' || t.norm === 'remain' || t.norm === 'remains' || t.norm === 'remained') {
    // "Nor is it clear that ...": the inverted evaluation
    const inverted = t.norm !== "'s" && toks[i + 1]?.norm === 'it';
    let j = inverted ? i + 2 : i + 1;
    while (j < toks.length && DEGREE.has(toks[j]!.norm)) j++;
    const adj = toks[j];
    if (!adj) return undefined;
    const next = toks[j + 1];
    const subj = inverted ? toks[i + 1] : toks[i - 1];
    if (opts.evaluation && subj?.norm === 'it' && EVALUATION.has(adj.norm) && adj.pos === 'ADJ' && next && (next.norm === 'that' || next.norm === 'whether' || next.norm === 'how' || next.norm === 'why' || next.norm === 'what' || next.pos === 'PRON' || next.pos === 'PROPN' || next.pos === 'DET')) {
      return { a: inverted ? i : i - 1, b: j, lemma: adj.norm, kind: 'evaluation' };
    }
    if (opts.attitude && !inverted && ATTITUDE.has(adj.norm) && (adj.pos === 'ADJ' || adj.pos === 'VERB') && next && ['that', 'to', 'about', 'of', 'over', 'with', 'by', 'at', ':'].includes(next.norm) && subj?.norm !== 'it') {
      return { a: i, b: j, lemma: adj.norm, kind: 'attitude' };
    }
    return undefined;
  }
  if (opts.noun && STANCE_NOUN.has(t.norm) && t.pos === 'NOUN') {
    const next = toks[i + 1];
    if (!next || !NOUN_NEXT.has(next.norm)) return undefined;
    let k = i - 1;
    while (k >= 0 && (toks[k]!.pos === 'ADJ' || toks[k]!.pos === 'ADV')) k--;
    const p = toks[k];
    if (p && (POSSESSIVE.has(p.norm) || p.norm === "'s" || p.norm === '’s')) return { a: i, b: i, lemma: t.norm, kind: 'noun' };
  }
  return undefined;
}
