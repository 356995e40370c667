import type { Mention, Token } from '../../core/layers.js';
import { lexicons, matchPhrase, type PhraseList } from './lexicon.js';

export interface CueHit extends Mention {
  kind: 'hedge' | 'speculation' | 'booster';
}

/** "appear(s)" and "seem(s)" hedge only when they take a clause or complement ("appears that", "seems likely"). */
const NEEDS_COMPLEMENT = /^(appear|appears|appeared|appearing|seem|seems|seemed)$/;
/** Modal hedges must be modals, not the month "May" or a name. */
const MODALS = new Set(['may', 'might']);

/**
 * Hedge, speculation and booster cues in a run of tokens (one sentence), longest phrase first; a token is used by
 * at most one cue and speculation wins over a plain hedge on the same words.
 */
export function findCues(text: string, toks: readonly Token[]): CueHit[] {
  const lex = lexicons();
  const norms = toks.map((t) => t.norm.replace(/’/g, "'"));
  const out: CueHit[] = [];
  for (let i = 0; i < toks.length; i++) {
    const hit = best(lex.speculation, 'speculation', norms, i) ?? hedgeAt(lex.hedges, norms, toks, i) ?? best(lex.boosters, 'booster', norms, i);
    if (!hit) continue;
    const a = toks[i]!;
    const b = toks[i + hit.len - 1]!;
    out.push({ start: a.start, end: b.end, text: text.slice(a.start, b.end), kind: hit.kind });
    i += hit.len - 1;
  }
  return out;
}

function best(list: PhraseList, kind: CueHit['kind'], norms: string[], i: number): { len: number; kind: CueHit['kind'] } | undefined {
  const len = matchPhrase(list, norms, i);
  return len ? { len, kind } : undefined;
}

function hedgeAt(list: PhraseList, norms: string[], toks: readonly Token[], i: number): { len: number; kind: CueHit['kind'] } | undefined {
  const len = matchPhrase(list, norms, i);
  if (!len) return undefined;
  const t = toks[i]!;
  if (MODALS.has(t.norm) && t.pos !== 'AUX' && t.pos !== 'VERB') return undefined;
  if (len === 1 && NEEDS_COMPLEMENT.test(t.norm)) {
    const next = toks[i + 1];
    if (!next || !(['to', 'that', 'as', 'likely', ','].includes(next.norm) || next.pos === 'ADJ')) return undefined;
  }
  return { len, kind: 'hedge' };
}
