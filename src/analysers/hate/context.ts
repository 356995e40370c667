/**
 * Is a sentence using hateful language, or reporting on it? News about antisemitism quotes and names it ("the rabbi
 * condemned antisemitic graffiti", "police said the slur was sprayed", "accused of antisemitism"); flagging those
 * would accuse the reporter. These cues are checked per sentence and per span.
 */

/** Words that name or judge the phenomenon: a writer who uses them is describing hate, not performing it. */
const META = /\b(anti-?semit\w*|racis[mt]\w*|bigot\w*|hate (?:speech|crimes?|groups?|incidents?)|hateful|slurs?|epithets?|tropes?|conspiracy theor\w*|conspiracist\w*|canards?|myths?|dog[- ]?whistles?|xenophob\w*|islamophob\w*|homophob\w*|transphob\w*|neo-?nazis?|white supremacis\w*|extremists?|graffiti|swastikas?|vandali[sz]\w*|debunked|discredited|falsely|baseless|unfounded|so-called)\b/i;

/** Verbs and phrases that attribute words to someone else. */
const ATTRIBUTION = /\b(said|says|say|told|tells|according to|claimed|claims|alleged\w*|reportedly|wrote|writes|tweeted|posted|chanted|shouted|yelled|screamed|sprayed|painted|scrawled|daubed|accused|accuses|condemn\w*|denounc\w*|critici[sz]\w*|charged with|convicted|arrested|investigat\w*|police|prosecutors?|court|quoted|described as|called (?:them|him|her|it))\b/i;

/** A negation that cancels a predicate ("migrants are not vermin"). */
export const NEGATION = /\b(not|never|no|n't|nor|neither|hardly)\b|n't\b/i;

export interface SentenceContext {
  /** Cue words naming hate or attributing speech, as found. */
  meta: string[];
  attribution: string[];
}

export function sentenceContext(sentence: string): SentenceContext {
  const meta = [...sentence.matchAll(new RegExp(META.source, 'gi'))].map((m) => m[0].toLowerCase());
  const attribution = [...sentence.matchAll(new RegExp(ATTRIBUTION.source, 'gi'))].map((m) => m[0].toLowerCase());
  return { meta, attribution };
}

const OPEN = new Set(['"', '“', '«', '„']);
const CLOSE = new Set(['"', '”', '»', '“']);

/**
 * True when `at` (an offset into `text`) lies inside quotation marks opened earlier in the same paragraph
 * [from, at). Straight quotes toggle; curly and guillemet quotes open and close.
 */
export function insideQuotes(text: string, from: number, at: number): boolean {
  return quoteStep(text, from, at, false);
}

/** The quotation state after text[from, at), starting from `open` (lets a caller scan forward incrementally). */
export function quoteStep(text: string, from: number, at: number, open: boolean): boolean {
  for (let i = from; i < at; i++) {
    const c = text[i]!;
    if (c === '\n') open = false;
    else if (c === '"') open = !open;
    else if (!open && OPEN.has(c)) open = true;
    else if (open && CLOSE.has(c)) open = false;
  }
  return open;
}

export type Verdict = { suppress: true; why: string } | { suppress: false; factor: number; why?: string };

/**
 * What the context does to a flag. In the author's text (body, title, caption, quote) reporting cues or quotation
 * marks suppress the flag: it is reporting. In reader comments people seldom report, so the same cues only weaken it.
 */
export function judge(ctx: SentenceContext, quoted: boolean, inComment: boolean): Verdict {
  const cues = [...new Set([...ctx.meta, ...ctx.attribution])];
  if (!inComment) {
    if (quoted) return { suppress: true, why: 'inside quotation marks (quoted speech)' };
    if (cues.length) return { suppress: true, why: `reporting cues: ${cues.slice(0, 3).join(', ')}` };
    return { suppress: false, factor: 1 };
  }
  if (quoted) return { suppress: false, factor: 0.6, why: 'inside quotation marks in a comment' };
  if (ctx.meta.length) return { suppress: false, factor: 0.7, why: `the comment also names the phenomenon (${ctx.meta[0]})` };
  return { suppress: false, factor: 1 };
}
