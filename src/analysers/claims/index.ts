import { defineAnalyser } from '../../core/analyser.js';
import type { Document } from '../../core/document.js';
import type { Attribution, Claim, Mention, Token } from '../../core/layers.js';
import { checkworthiness } from './checkworthy.js';
import { findCues, type CueHit } from './hedges.js';

/** Reader comments are someone else's words, published unchecked: their claims weigh half. */
const COMMENT_WEIGHT = 0.5;
/** Below this check-worthiness a sentence with no source, hedge, name or number is taken as opinion and left out. */
const OPINION_FLOOR = 0.25;
const EXHORTATION_START = new Set(['let', "let's", 'please', 'imagine', 'consider', 'remember', 'think']);

const STANCE_NOTE = {
  neutral: 'reported neutrally',
  distancing: 'with a distancing verb, so the writer does not vouch for it',
  endorsing: 'with an endorsing verb, so the writer presents it as established',
} as const;

/**
 * Factual-claim sentences, each marked sourced (an attribution covers it), hedged, speculative or unsourced (the
 * author's own assertion), with the words that decided it and a check-worthiness score. Questions, exhortations
 * and bare opinion are left out.
 */
export function findClaims(doc: Document): Claim[] {
  const tokens = doc.get('tokens');
  const atts = doc.get('attributions');
  const out: Claim[] = [];
  const index = new AttributionIndex(atts);
  let s = 0;
  while (s < tokens.length) {
    let e = s + 1;
    while (e < tokens.length && tokens[e]!.sentence === tokens[s]!.sentence) e++;
    const claim = claimOf(doc, tokens.slice(s, e), index);
    if (claim) out.push(claim);
    s = e;
  }
  return out;
}

function claimOf(doc: Document, toks: Token[], atts: AttributionIndex): Claim | undefined {
  const words = toks.filter((t) => t.pos !== 'PUNCT' && t.pos !== 'SYM');
  // fragments (headings, captions without a verb) state nothing checkable
  if (words.length < 4 || !words.some((t) => t.pos === 'VERB' || t.pos === 'AUX')) return undefined;
  const start = toks[0]!.start;
  let endTok = toks.length - 1;
  const end = toks[endTok]!.end;
  while (endTok > 0 && toks[endTok]!.pos === 'PUNCT' && !/[?!]/.test(toks[endTok]!.norm)) endTok--;
  const last = toks[endTok]!.norm;
  if (last === '?') return undefined;
  const first = words[0]!;
  if (EXHORTATION_START.has(first.norm) || (first.pos === 'VERB' && first.norm === first.norm.replace(/(ed|ing|s)$/, '') && toks[0]!.norm !== '"')) return undefined;

  const text = doc.text.slice(start, end);
  const span = { start, end };
  const fromComment = doc.inComment(span);
  const cues = findCues(doc.text, toks);
  const spec = cues.filter((c) => c.kind === 'speculation');
  const hedges = cues.filter((c) => c.kind === 'hedge');
  const boosters = cues.filter((c) => c.kind === 'booster');
  const att = bestAttribution(span, atts.overlapping(span));
  let cw = checkworthiness(text);
  if (fromComment) cw *= COMMENT_WEIGHT;

  const hasNameOrNumber = words.some((t) => t.pos === 'PROPN' || t.pos === 'NUM');
  if (!att && spec.length === 0 && hedges.length === 0 && cw < OPINION_FLOOR && !hasNameOrNumber) return undefined;

  const hedgeMentions: Mention[] = [...spec, ...hedges].map(strip);
  const base: Claim = {
    start,
    end,
    text,
    hedged: hedgeMentions.length > 0,
    checkworthiness: round(cw),
    reason: '',
    ...(hedgeMentions.length ? { hedges: hedgeMentions } : {}),
    ...(fromComment ? { fromComment: true } : {}),
  };
  if (boosters.length) base.boosters = boosters.map(strip);
  const where = fromComment ? ' (in a reader comment, not the article)' : '';
  // Speculation outside any attributed content is the writer's own guess; inside it, the source's.
  const ownSpec = spec.filter((c) => !att || !inside(c, att.content));
  if (ownSpec.length) {
    return {
      ...base,
      status: 'speculative',
      ...(att ? attFields(att) : {}),
      confidence: 0.7,
      rule: `speculation:${ownSpec[0]!.text.toLowerCase()}`,
      reason: `Speculation ("${ownSpec.map((c) => c.text).join('", "')}"): a suspicion or guess offered without evidence, not a stated fact${where}.`,
    };
  }
  if (att) {
    const who = att.source ? `"${att.source.text}"` : 'an unnamed source';
    const hedgeNote = hedges.length ? `; hedged by "${hedges.map((c) => c.text).join('", "')}"` : '';
    return {
      ...base,
      status: 'sourced',
      ...attFields(att),
      confidence: att.confidence,
      rule: `attribution:${att.rule}`,
      reason: `Attributed to ${who} ("${att.cue.text}"), ${STANCE_NOTE[att.stance]}${hedgeNote}${where}.`,
    };
  }
  if (hedges.length) {
    return {
      ...base,
      status: 'hedged',
      confidence: 0.75,
      rule: `hedge:${hedges[0]!.text.toLowerCase()}`,
      reason: `Hedged by "${hedges.map((c) => c.text).join('", "')}": presented as likely or second-hand, not established, and no source is given${where}.`,
    };
  }
  const boost = boosters.length ? ` and reinforced by "${boosters.map((c) => c.text).join('", "')}"` : '';
  return {
    ...base,
    status: 'unsourced',
    confidence: 0.6,
    rule: 'unsourced',
    reason: `Stated as fact by the ${fromComment ? 'commenter' : 'author'}${boost}, with no source given${where}.`,
  };
}

function attFields(att: Attribution): Partial<Claim> {
  return {
    ...(att.source ? { source: { ...att.source } } : {}),
    cue: att.cue.text,
    cueSpan: { ...att.cue },
    stance: att.stance,
  };
}

/**
 * The attributions whose content overlaps a span, for spans met in increasing order: a sweep over the attributions
 * sorted by content start, so a document costs O((sentences + attributions) log) rather than sentences × attributions.
 * Results keep the layer's order, so ties are broken as a plain scan would.
 */
const MAX_ACTIVE = 256;

class AttributionIndex {
  private readonly byStart: { a: Attribution; i: number }[];
  private next = 0;
  private active: { a: Attribution; i: number }[] = [];
  private lastStart = -1;

  constructor(private readonly atts: readonly Attribution[]) {
    this.byStart = atts.map((a, i) => ({ a, i })).sort((x, y) => x.a.content.start - y.a.content.start || x.i - y.i);
  }

  overlapping(span: { start: number; end: number }): Attribution[] {
    if (span.start < this.lastStart) return this.atts.filter((a) => a.content.start < span.end && a.content.end > span.start);
    this.lastStart = span.start;
    while (this.next < this.byStart.length && this.byStart[this.next]!.a.content.start < span.end) this.active.push(this.byStart[this.next++]!);
    this.active = this.active.filter((x) => x.a.content.end > span.start);
    // Only on hostile pages (one phrase with a reporting verb repeated thousands of times) do more than a few
    // attributions cover one sentence; keeping the latest-starting MAX_ACTIVE bounds the work per sentence.
    if (this.active.length > MAX_ACTIVE) this.active = this.active.slice(-MAX_ACTIVE);
    return this.active.filter((x) => x.a.content.start < span.end).sort((x, y) => x.i - y.i).map((x) => x.a);
  }
}

/** The attribution whose content covers most of the sentence (at least a third of it, or the cue inside it). */
function bestAttribution(span: { start: number; end: number }, atts: readonly Attribution[]): Attribution | undefined {
  let best: Attribution | undefined;
  let bestCover = 0;
  const len = span.end - span.start;
  for (const a of atts) {
    // a cue no pattern explained (attribution confidence below 0.4) is too weak to call a claim sourced
    if (a.confidence < 0.4) continue;
    const cover = Math.max(0, Math.min(span.end, a.content.end) - Math.max(span.start, a.content.start));
    const cueIn = a.cue.start >= span.start && a.cue.end <= span.end;
    if ((cover >= len / 3 || (cueIn && cover > 0)) && cover > bestCover) {
      best = a;
      bestCover = cover;
    }
  }
  return best;
}

function inside(c: { start: number; end: number }, s: { start: number; end: number }): boolean {
  return c.start >= s.start && c.end <= s.end;
}

function strip(c: CueHit): Mention {
  return { start: c.start, end: c.end, text: c.text };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export const claimsAnalyser = defineAnalyser({
  name: 'claims',
  version: '3',
  reads: ['tokens', 'sentences', 'attributions'],
  writes: 'claims',
  run: findClaims,
});

export { attributionAnalyser } from './attribution.js';
