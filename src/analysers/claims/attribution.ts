import { defineAnalyser } from '../../core/analyser.js';
import type { Document } from '../../core/document.js';
import type { Attribution, Entity, Token } from '../../core/layers.js';
import type { Span } from '../../core/span.js';
import { lexicons, type Stance } from './lexicon.js';
import { lastQuoteFrom, quoteAt, quoteSpans } from './quotes.js';
import { stateCueAt, type StateCue } from './attribution-states.js';

/*
 * Attribution by patterns over POS tags and punctuation (no dependency parser is available):
 *   SOURCE CUE (that) CONTENT       "Officials said (that) the talks failed."
 *   CONTENT, SOURCE CUE             "The talks failed, officials said."
 *   CONTENT, CUE SOURCE             "The talks failed, said a senior official."
 *   according to SOURCE, CONTENT    and    CONTENT, according to SOURCE
 *   agentless: "It was reported that CONTENT"
 * Quotes that run over several sentences are taken whole when the cue sits next to them.
 */

const NP_POS = new Set(['PROPN', 'NOUN', 'PRON', 'DET', 'ADJ', 'NUM']);
const SUBJECT_HEAD = new Set(['PROPN', 'NOUN', 'PRON', 'NUM']);
const LEFT_AUX = new Set(['now', 'first', 'together', 'only', 'since', 'soon', 'quickly', 'also', 'has', 'have', 'had', 'will', 'would', 'could', 'may', 'might', 'also', 'later', 'then', 'previously', 'reportedly', 'repeatedly', 'publicly', 'recently', 'once', 'often', 'further', 'has', 'did', 'does', 'do', 'had', 'never', 'not', 'always', 'already', 'just', 'still', 'again', 'even']);
const PASSIVE_AUX = new Set(['is', 'was', 'are', 'were', 'been', 'being', 'be']);
const OPEN_Q = new Set(['"', '“', "'", '‘', "''", '``']);
const CLOSE_Q = new Set(['"', '”', "'", '’', "''"]);
/** Pronouns that are not speakers (an "it" subject of "it said" is, so it stays). */
const NON_SPEAKER = new Set(['that', 'this', 'which', 'what', 'there', 'these', 'those']);
/** Cue verbs that need a following particle to report speech ("point out", "point to"). */
const NEEDS_PARTICLE: Record<string, string[]> = { point: ['out', 'to'], put: ['it'] };

/** Speech verbs whose -s form the tagger may call a noun ("intelligence claims ..."); others must be tagged VERB. */
const NOUN_TAGGED_OK = new Set(['claim', 'say', 'insist', 'allege', 'argue', 'warn', 'report', 'note', 'reveal', 'confirm', 'show', 'suggest', 'admit', 'deny', 'tell', 'write', 'add', 'explain', 'maintain', 'assert', 'contend', 'state', 'think', 'believe', 'fear']);

const NESTED_SKIP = true;
/** Words before a participle or gerund cue whose speaker is the sentence subject ("..., saying", "after saying"). */
const ING_INTRO = new Set([',', 'by', 'for', 'after', 'before', 'while', 'when', 'and', 'in', 'from']);
/** Verbs that may come before their speaker after a quotation ("..., said the minister"). */
const INVERTIBLE = new Set(['say', 'tell', 'add', 'write', 'note', 'explain', 'ask', 'claim', 'insist', 'continue', 'argue', 'warn', 'reply', 'respond', 'recall', 'report', 'state', 'announce', 'declare', 'conclude', 'comment', 'remark', 'quip', 'joke', 'observe', 'tweet', 'counter', 'caution', 'allege', 'admit', 'acknowledge', 'confirm', 'explain', 'predict', 'boast', 'complain', 'concede', 'maintain', 'assert', 'contend', 'urge', 'recount', 'testify', 'suggest']);

/** -s forms that are at least as often plural nouns as verbs. */
const NOUNISH_S = new Set(['states', 'claims', 'charges', 'reports', 'plans', 'rules', 'calls', 'demands', 'questions', 'votes', 'points', 'answers', 'views', 'offers', 'labels', 'details', 'pitches', 'backs', 'concerns', 'fears', 'hopes', 'worries', 'doubts', 'attacks', 'comments', 'promises', 'pledges', 'threats', 'estimates', 'forecasts', 'projects', 'references']);

/** Verbs that carry a reporting infinitive without reporting themselves: "went on to say", "appeared to suggest". */
const CATENATIVE = new Set(['go', 'goes', 'went', 'gone', 'going', 'appear', 'appears', 'appeared', 'try', 'tries', 'tried', 'begin', 'begins', 'began', 'start', 'starts', 'started', 'move', 'moves', 'moved', 'continue', 'continues', 'continued', 'seem', 'seems', 'seemed', 'rush', 'rushed', 'dare', 'dared', 'hasten', 'hastened']);

interface Cue {
  a: number; // first token index of the cue (in the sentence's token array)
  b: number; // last token index
  lemma: string;
  stance: Stance;
  according: boolean;
  passive: boolean;
  /** A noun cue with a "that" clause ("Trump's claim that ..."). */
  noun?: boolean;
}

/** Adjunct participles whose object is itself the attributed matter ("..., citing the release of prisoners"). */
const OBJECT_ING = new Set(['cite', 'criticize', 'criticise', 'blame', 'praise', 'condemn', 'denounce', 'lambaste']);

/** Verbs of the writer's impression ("X seems to be ..."): a cue without a named source. */
const IMPRESSION = new Set(['seem']);

/** Nouns that carry reported content in a following "that" clause; the stance follows the related verb. */
const NOUN_CUES: Record<string, Stance> = {
  claim: 'distancing', claims: 'distancing', allegation: 'distancing', allegations: 'distancing', assertion: 'distancing', insistence: 'distancing',
  statement: 'neutral', statements: 'neutral', remark: 'neutral', remarks: 'neutral', comments: 'neutral', argument: 'neutral', warning: 'neutral', warnings: 'neutral',
  promise: 'neutral', pledge: 'neutral', suggestion: 'neutral', accusation: 'neutral', accusations: 'neutral', charge: 'distancing', charges: 'distancing',
  belief: 'neutral', view: 'neutral', assessment: 'neutral', prediction: 'neutral', announcement: 'neutral', admission: 'endorsing', acknowledgment: 'endorsing',
  finding: 'endorsing', findings: 'endorsing', conclusion: 'endorsing', report: 'neutral', reports: 'neutral', testimony: 'neutral', insinuation: 'distancing',
};

/** Sentences longer than this many tokens are analysed in windows of WINDOW tokens (attributions across a cut are missed). */
const LONG_SENTENCE = 400;
const WINDOW = 200;

export function findAttributions(doc: Document): Attribution[] {
  const tokens = fixNames(doc.text, doc.get('tokens'));
  if (tokens.length === 0) return [];
  const quotes = quoteSpans(doc.text);
  const out: Attribution[] = [];
  let s = 0;
  while (s < tokens.length) {
    let e = s + 1;
    while (e < tokens.length && (tokens[e]!.sentence === tokens[e - 1]!.sentence || continues(doc.text, tokens, e))) e++;
    // An absurdly long "sentence" (boilerplate with no full stop) is read in windows: each cue's search for its
    // source and content scans the sentence, so one unbounded sentence would cost quadratic time.
    if (e - s > LONG_SENTENCE) for (let w = s; w < e; w += WINDOW) attributeSentence(doc.text, tokens.slice(w, Math.min(e, w + WINDOW)), quotes, out);
    else attributeSentence(doc.text, tokens.slice(s, e), quotes, out);
    s = e;
  }
  signedQuotes(doc.text, tokens, quotes, out);
  colonLeads(doc.text, tokens, out);
  linkEntities(out, doc.get('entities'));
  return out;
}

/**
 * The tagger reads some capitalised names as verbs or adjectives ("Lynch said", "Rand Paul"): a capitalised word
 * tagged VERB/ADJ is a proper noun inside a sentence, or at its start when a name or a reporting verb follows.
 */
function fixNames(text: string, tokens: readonly Token[]): Token[] {
  const lex = lexicons().reportingForms;
  return tokens.map((t, i) => {
    if ((t.pos !== 'VERB' && t.pos !== 'ADJ') || !/^[A-Z][a-z]/.test(text.slice(t.start, t.start + 2))) return t;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    const initial = !prev || prev.sentence !== t.sentence || OPEN_Q.has(prev.norm);
    if (!initial || (next && (next.pos === 'PROPN' || (lex.has(next.norm) && next.pos === 'VERB')))) return { ...t, pos: 'PROPN' };
    return t;
  });
}

/** A headline in title case ("Senator Vows To Fight Tax Plan"): most words capitalised. */
function isTitleCase(text: string, toks: Token[]): boolean {
  const words = toks.filter((t) => /^[A-Za-z]/.test(t.norm) && t.end - t.start > 3);
  if (words.length < 3) return false;
  const caps = words.filter((t) => /^[A-Z]/.test(text[t.start]!)).length;
  return caps / words.length >= 0.8;
}

/** In a title-case headline the tagger reads capitalised verbs as names: reporting forms become verbs again. */
function headlineVerbs(text: string, toks: Token[]): Token[] {
  const lex = lexicons().reportingForms;
  return toks.map((t, i) => (i > 0 && lex.has(t.norm) && /(s|ed)$/.test(t.norm) && t.pos !== 'VERB' ? { ...t, pos: 'VERB' } : t));
}

/**
 * The tagger ends sentences after abbreviations ("Rep. X (D-Wis.) said Friday."): a "sentence" that opens with a
 * lower-case word on the same line continues the one before.
 */
function continues(text: string, tokens: Token[], e: number): boolean {
  const t = tokens[e]!;
  if (/[\n]/.test(text.slice(tokens[e - 1]!.end, t.start))) return false;
  if (/^[a-z]/.test(text.slice(t.start, t.end))) return true;
  // a party-and-state tag cut at its inner full stop: "(R-S.C.) said"
  if (/^([A-Z]\.|\))$/.test(text.slice(t.start, t.end))) return true;
  // a sentence "ended" by an initial or a title ("Leonard E. Burman", "Sen. Warren") goes on
  const prev = text.slice(tokens[e - 1]!.start, tokens[e - 1]!.end);
  return /^([A-Z]|Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Prof|Rev|St|Jr|Sr|U\.S)\.$/.test(prev);
}

function nestedIn(out: Attribution[], first: number, t: Token, sentStart: number): boolean {
  for (let k = first; k < out.length; k++) {
    const a = out[k]!;
    if (a.content.start <= t.start && t.end <= a.content.end && a.cue.end <= t.start && a.cue.start >= sentStart) return true;
  }
  return false;
}

function attributeSentence(text: string, toks: Token[], quotes: Span[], out: Attribution[]): void {
  if (isTitleCase(text, toks)) toks = headlineVerbs(text, toks);
  const n = toks.length;
  const lex = lexicons().reportingForms;
  const first = out.length;
  punctuationCues(text, toks, quotes, out);
  for (let i = 0; i < n; i++) {
    const cue = cueAt(text, toks, i, lex);
    if (!cue) {
      const sc = stateCueAt(toks, i);
      if (sc && !insideQuote(quotes, toks[i]!) && !nestedIn(out, first, toks[sc.a]!, toks[0]!.start)) {
        const at = stateAttribution(text, toks, sc, quotes);
        if (at) {
          out.push(at);
          i = sc.b;
        }
      }
      continue;
    }
    // A cue inside a quotation belongs to the quoted speaker's own words ("I think ..."): it is not the article's attribution.
    if (insideQuote(quotes, toks[i]!)) continue;
    // A cue inside the content of an attribution already found in this sentence is nested reported speech
    // ("Smith said he expects ...", "Merrill says Machado promised ..."): the outer attribution already carries it.
    // Only a nested speech verb ("X said Y told him ...") makes a new attribution, as PolNeAR annotates them;
    // nested verbs of thought, intention or evaluation were mostly false cues there.
    // Only this sentence's attributions (appended from `first` on) can qualify, so earlier ones are not rescanned.
    if (NESTED_SKIP && !INVERTIBLE.has(cue.lemma) && !cue.according && nestedIn(out, first, toks[i]!, toks[0]!.start)) continue;
    const found = cue.according ? accordingTo(toks, cue) : cue.noun ? nounCue(toks, cue) : (verbal(toks, cue) ?? neighbourQuote(text, toks, cue, quotes) ?? fallback(toks, cue));
    if (found) {
      for (const c of found.contents) {
        const content = widenToQuote(text, c, quotes);
        if (content.end <= content.start) continue;
        // "X seems to ..." is the writer's own impression of X, not words of X: PolNeAR leaves its source implicit
        const src = IMPRESSION.has(cue.lemma) ? undefined : found.source;
        const cueSpan = { start: toks[cue.a]!.start, end: toks[cue.b]!.end };
        const around = lastQuoteFrom(quotes, content.start + 1);
        const direct = around !== undefined && around.end >= content.end - 1;
        out.push({
          ...(src ? { source: mention(text, src) } : {}),
          cue: mention(text, cueSpan),
          content: mention(text, content),
          kind: cue.according ? 'according-to' : direct ? 'direct' : 'indirect',
          stance: cue.stance,
          confidence: found.confidence,
          rule: found.rule,
          reason: reasonFor(text, cue, src, found.rule),
        });
      }
    }
    i = cue.b;
  }
}

const STATE_RULE: Record<StateCue['kind'], string> = { attitude: 'SOURCE be ATTITUDE CONTENT', evaluation: 'it is EVALUATION CONTENT', noun: "SOURCE's STANCE-noun CONTENT" };

/** An attitude, evaluation or stance-noun cue (attribution-states.ts) with its holder and the clause it bears on. */
function stateAttribution(text: string, toks: Token[], sc: StateCue, quotes: Span[]): Attribution | undefined {
  let a = sc.a;
  // "have been", "would be", "is also": the auxiliaries before the adjective belong to the cue
  if (sc.kind === 'attitude') while (a > 0 && (toks[a - 1]!.pos === 'AUX' || LEFT_AUX.has(toks[a - 1]!.norm))) a--;
  let source: Span | undefined;
  if (sc.kind === 'attitude') {
    const end = skipTimeLeft(toks, a - 1);
    const start = end >= 0 ? npLeft(toks, end) : -1;
    if (start < 0 || (start === end && NON_SPEAKER.has(toks[end]!.norm) && !relativeSubject(toks, start))) return undefined;
    source = spanOf(toks, start, end);
  } else if (sc.kind === 'noun') {
    let k = sc.a - 1;
    while (k >= 0 && (toks[k]!.pos === 'ADJ' || toks[k]!.pos === 'ADV')) k--;
    if (isPossessive(toks[k]!)) source = spanOf(toks, k, k);
    else {
      const start = k > 0 ? npLeft(toks, k - 1) : -1;
      if (start < 0) return undefined;
      source = spanOf(toks, start, k - 1);
    }
  }
  const right = contentRight(toks, sc.b + 1);
  if (!right) return undefined;
  const content = widenToQuote(text, right, quotes);
  if (content.end <= content.start) return undefined;
  const cue = { start: toks[a]!.start, end: toks[sc.b]!.end };
  const rule = STATE_RULE[sc.kind];
  const who = source ? `"${text.slice(source.start, source.end)}"` : 'the writer';
  const what = sc.kind === 'attitude' ? `an attitude ("${sc.lemma}")` : sc.kind === 'evaluation' ? `an evaluation ("it is ${sc.lemma}")` : `a stance noun ("${sc.lemma}")`;
  return {
    ...(source ? { source: mention(text, source) } : {}),
    cue: mention(text, cue),
    content: mention(text, content),
    kind: 'indirect',
    stance: 'neutral',
    confidence: STATE_CONFIDENCE[sc.kind],
    rule,
    reason: `Held by ${who} as ${what} (pattern ${rule}).`,
  };
}

/**
 * Share of these cues that matched a gold cue on the tuning half of polnear-dev (attitude 4/9, stance noun 6/10:
 * few cases, so rough). An evaluation ("it is clear that ...", 2/5) is the writer's own judgement, so it stays below
 * the 0.4 at which the claims layer calls a claim sourced.
 */
const STATE_CONFIDENCE: Record<StateCue['kind'], number> = { attitude: 0.44, evaluation: 0.35, noun: 0.6 };

/**
 * Cues made of punctuation: a transcript speaker label ("SMITH: ...", "Said Ellis: ...") and a quotation signed
 * with a dash ("... .” ― Jane Doe").
 */
function punctuationCues(text: string, toks: Token[], quotes: Span[], out: Attribution[]): void {
  const n = toks.length;
  let k = 0;
  void quotes;
  while (k < n && OPEN_Q.has(toks[k]!.norm)) k++;
  const colon = toks.findIndex((t, i) => i > k && i <= k + 4 && t.norm === ':');
  if (colon > k && colon < n - 2) {
    let a = k;
    if (toks[a]!.norm === 'said' || toks[a]!.norm === 'says') a++;
    const label = toks.slice(a, colon);
    if (label.length > 0 && label.every((t) => t.pos === 'PROPN' || /^[A-Z][A-Z.'-]+$/.test(text.slice(t.start, t.end)))) {
      const content = contentRight(toks, colon + 1);
      if (content) {
        const source = spanOf(toks, a, colon - 1);
        out.push(punct(text, source, spanOf(toks, a === k ? colon : k, colon), widenToQuote(text, content, quotes), 'SPEAKER: CONTENT'));
      }
    }
  }
}

/**
 * "Caddell continued:" or "The governor added:" ending a paragraph introduces the next paragraph; the sentence
 * reader sees no content after the colon, so such leads are read here across the break.
 */
function colonLeads(text: string, toks: Token[], out: Attribution[]): void {
  const lex = lexicons().reportingForms;
  for (let i = 2; i < toks.length - 1; i++) {
    if (toks[i]!.norm !== ':' || !text.slice(toks[i]!.end, toks[i + 1]!.start).includes('\n')) continue;
    const v = toks[i - 1]!;
    const entry = lex.get(v.norm);
    if (!entry || v.pos !== 'VERB' || out.some((a) => a.cue.start === v.start)) continue;
    const subjStart = npLeft(toks, i - 2);
    if (subjStart < 0 || NON_SPEAKER.has(toks[i - 2]!.norm)) continue;
    const lineEnd = text.indexOf('\n', toks[i + 1]!.start);
    let cs = toks[i + 1]!.start;
    let ce = lineEnd < 0 ? text.length : lineEnd;
    while (cs < ce && /[\s"“”'‘’]/.test(text[cs]!)) cs++;
    while (ce > cs && /[\s"“”'‘’]/.test(text[ce - 1]!)) ce--;
    if (ce - cs < 2 || ce - cs > 1500) continue;
    const source = spanOf(toks, subjStart, i - 2);
    const cue = { a: i - 1, b: i - 1, lemma: entry.lemma, stance: entry.stance, according: false, passive: false };
    out.push({
      source: mention(text, source),
      cue: mention(text, { start: v.start, end: v.end }),
      content: mention(text, { start: cs, end: ce }),
      kind: 'direct',
      stance: entry.stance,
      confidence: 0.7,
      rule: 'SOURCE CUE: ¶ CONTENT',
      reason: reasonFor(text, cue, source, 'SOURCE CUE: ¶ CONTENT'),
    });
  }
}

/** A quotation signed with a dash ("... .” ― Jane Doe"); the tagger often starts a new sentence at the dash. */
function signedQuotes(text: string, toks: Token[], quotes: Span[], out: Attribution[]): void {
  const n = toks.length;
  for (let i = 1; i < n - 1; i++) {
    const t = toks[i]!;
    if (!['―', '—', '--', '–'].includes(t.norm) || !CLOSE_Q.has(toks[i - 1]!.norm)) continue;
    const end = npRight(toks, i + 1);
    const q = quoteAt(quotes, toks[i - 1]!.start) ?? lineQuote(text, toks[i - 1]!.start);
    if (end < 0 || !q || toks[i + 1]!.pos !== 'PROPN' || end - i > 6) continue;
    if (end < n - 1 && !['.', ',', ';', '“', '"'].includes(toks[end + 1]!.norm) && !text.slice(toks[end]!.end, toks[end + 1]!.start).includes('\n')) continue;
    out.push(punct(text, spanOf(toks, i + 1, end), { start: t.start, end: t.end }, q, 'QUOTE ― SOURCE'));
  }
}

/**
 * A signed quotation whose opening mark is missing or typed as a closing one ("”Text.” ― Name") pairs no quote
 * marks; such signed quotes stand as their own paragraph, so the quoted words are the line up to the closing mark.
 */
function lineQuote(text: string, close: number): Span | undefined {
  const start = text.lastIndexOf('\n', close - 1) + 1;
  let s = start;
  while (s < close && /[\s"“”'‘’]/.test(text[s]!)) s++;
  return close - s > 0 && close - s < 1500 ? { start: s, end: close } : undefined;
}

function punct(text: string, source: Span, cue: Span, content: Span, rule: string): Attribution {
  return {
    source: mention(text, source),
    cue: mention(text, cue),
    content: mention(text, content),
    kind: 'direct',
    stance: 'neutral',
    confidence: 0.7,
    rule,
    reason: `Words given to "${text.slice(source.start, source.end)}" by a speaker label or signature (pattern ${rule}).`,
  };
}

function cueAt(text: string, toks: Token[], i: number, lex: Map<string, { lemma: string; stance: Stance }>): Cue | undefined {
  const t = toks[i]!;
  if (t.norm === 'according' && toks[i + 1]?.norm === 'to') {
    return { a: i, b: i + 1, lemma: 'according to', stance: 'neutral', according: true, passive: false };
  }
  const nounStance = NOUN_CUES[t.norm];
  if (nounStance && t.pos === 'NOUN' && toks[i + 1]?.norm === 'that' && toks[i - 1]?.pos !== 'ADP') {
    return { a: i, b: i, lemma: t.norm, stance: nounStance, according: false, passive: false, noun: true };
  }
  const entry = lex.get(t.norm);
  if (!entry) return undefined;
  const prev = toks[i - 1];
  const next = toks[i + 1];
  const verbLike =
    t.pos === 'VERB' ||
    // wink tags some 3rd-person forms as nouns ("intelligence claims US ..."): accept them after a subject-like word
    // and before a clause, not after a determiner ("the claims").
    ((t.pos === 'NOUN' || t.pos === 'PROPN') && nounTaggedVerb(text, toks, i, entry.lemma));
  // ... and some past forms as adjectives ("the opposition alleged that ...")
  const adjPast = t.pos === 'ADJ' && /ed$/.test(t.norm) && prev !== undefined && SUBJECT_HEAD.has(prev.pos) && next !== undefined && (next.norm === 'that' || next.norm === ':');
  // ... and adjunct participles as adjectives ("Trump revised his plan, promising to focus ...")
  const adjIng = t.pos === 'ADJ' && /ing$/.test(t.norm) && prev?.norm === ',' && next !== undefined && (next.norm === 'that' || next.norm === 'to');
  if (!verbLike && !adjPast && !adjIng) return undefined;
  if (t.norm === 'states' && prev?.norm === 'united') return undefined;
  // plural nouns that look like verbs: "swing states like", "Republican claims as false", "Fifth Amendment claims,"
  if (NOUNISH_S.has(t.norm) && next && !(next.norm === 'that' || next.norm === ':' || OPEN_Q.has(next.norm)) && (t.norm === 'states' || prev?.pos === 'ADJ' || next.pos === 'PUNCT' || next.norm === 'as' || next.norm === 'like')) return undefined;
  // "to say" is an infinitive (plans, refusals), not a report, unless a catenative verb carries it ("went on to
  // say", "appeared to suggest"): the cue then starts at that verb.
  let chain = i;
  if (prev?.norm === 'to') {
    let c = i - 2;
    if (toks[c]?.norm === 'on') c--;
    if (c < 0 || !CATENATIVE.has(toks[c]!.norm) || (toks[c + 1]!.norm === 'on') !== /^(go|goes|went|gone|going)$/.test(toks[c]!.norm)) return undefined;
    chain = c;
  }
  let b = i;
  const particles = NEEDS_PARTICLE[entry.lemma];
  if (particles) {
    if (!next || !particles.includes(next.norm)) return undefined;
    b = i + 1;
  }
  // Present participles only report as an adjunct ("..., saying that ...") or in progressive forms.
  let a = chain;
  let passive = false;
  let aux = false;
  while (a > 0 && (LEFT_AUX.has(toks[a - 1]!.norm) || toks[a - 1]!.pos === 'AUX' || (toks[a - 1]!.pos === 'ADV' && /ly$/.test(toks[a - 1]!.norm)))) {
    if (PASSIVE_AUX.has(toks[a - 1]!.norm) && /(ed|en|wn|id|ld|nd|ght)$/.test(t.norm)) passive = true;
    if (PASSIVE_AUX.has(toks[a - 1]!.norm) || toks[a - 1]!.pos === 'AUX') aux = true;
    a--;
  }
  // progressive forms may have adverbs between the auxiliary and the participle ("is once again questioning")
  const opening = toks.slice(0, i).every((x) => x.pos === 'PUNCT' || x.pos === 'CCONJ');
  if (t.norm.endsWith('ing') && !(prev && (ING_INTRO.has(prev.norm) || aux)) && !opening) return undefined;
  return { a, b, lemma: entry.lemma, stance: entry.stance, according: false, passive };
}

/** Quantifiers that stand alone as a plural subject before a base-form verb the tagger may read as a noun. */
const QUANT_SUBJECT = new Set(['some', 'many', 'others', 'most', 'few', 'several', 'both', 'all']);

/** Words after a noun-tagged reporting form that show it is a noun after all ("the plans of", "claims as false"). */
const NOUN_NEXT = new Set(['of', 'as', 'and', 'or', ',', '.', ')', ';', ':', 'were', 'was', 'is', 'are', 'have', 'had', 'has', 'will', 'would', 'in', 'on', 'from', 'by', 'with', 'at', 'for', 'against']);

/**
 * wink tags some finite reporting verbs as nouns ("intelligence claims US ...", "Polls show a close race", "the
 * Center estimates that"): a reporting form right after a subject-like word reads as a verb when what follows can
 * start a clause or an object. Forms that need a clause ("states", "claims") must be followed by one.
 */
function nounTaggedVerb(text: string, toks: Token[], i: number, lemma: string): boolean {
  const t = toks[i]!;
  const prev = toks[i - 1];
  const next = toks[i + 1];
  // a quantifier alone is a subject too ("But some note that ...", "many argue that ...")
  const quant = prev !== undefined && QUANT_SUBJECT.has(prev.norm) && i >= 1 && !NP_POS.has(toks[i - 2]?.pos ?? '');
  if (!prev || !next || !(SUBJECT_HEAD.has(prev.pos) || quant) || prev.norm === "'s" || prev.norm === '’s') return false;
  if (NOUN_TAGGED_OK.has(lemma) && t.norm.endsWith('s') && next.pos !== 'AUX' && next.pos !== 'VERB' && next.norm !== 'of') return true;
  if (next.pos === 'AUX' || next.pos === 'VERB' || next.pos === 'PUNCT' && next.norm !== ':' && !OPEN_Q.has(next.norm)) return false;
  if (NOUN_NEXT.has(next.norm) && !(next.norm === 'for' && lemma === 'call')) return false;
  // nouns first: "emissions rules", "percentage points", a capitalised "Plan" in a name or title
  if (lemma === 'rule' || lemma === 'point' || lemma === 'vote' || /^[A-Z]/.test(text.slice(t.start, t.end))) return false;
  // a base form ("show", "plan") needs a plural or pronoun subject, which a singular noun cannot be; two coordinated
  // names are plural ("China and Russia support the government")
  const coordinated = toks[i - 2]?.norm === 'and' && SUBJECT_HEAD.has(toks[i - 3]?.pos ?? '') && SUBJECT_HEAD.has(prev.pos);
  if (!t.norm.endsWith('s') && !(prev.pos === 'PRON' || quant || coordinated || /s$/.test(prev.norm) || prev.norm === 'data')) return false;
  if (lemma === 'state' || lemma === 'claim' || lemma === 'charge' || lemma === 'report' || lemma === 'document') return next.norm === 'that' || next.norm === ':' || OPEN_Q.has(next.norm);
  // the compound-noun reading ("the campaign plans", "tax cuts") is likelier after a determiner-led noun
  return (next.norm === 'that' && lemma !== 'plan') || next.norm === 'to' || next.pos === 'DET' || next.pos === 'PROPN' || next.pos === 'PRON' || next.pos === 'NUM' || OPEN_Q.has(next.norm) || next.norm === ':';
}

interface Found {
  source?: Span;
  contents: Span[];
  rule: string;
  confidence: number;
}

function accordingTo(toks: Token[], cue: Cue): Found | undefined {
  let srcEnd = npRight(toks, cue.b + 1);
  // the tagger misreads some source phrases ("according to exit polls" with "exit" as a verb): the source then runs
  // to the next comma or the end of the sentence, when that is short
  if (srcEnd < 0) {
    let k = cue.b + 1;
    while (k < toks.length && toks[k]!.pos !== 'PUNCT') k++;
    if (k - cue.b - 1 < 1 || k - cue.b - 1 > 8) return undefined;
    srcEnd = k - 1;
  }
  const source = spanOf(toks, cue.b + 1, srcEnd);
  const startOfClause = cue.a === 0 || ['but', 'and', 'yet', 'so', ','].includes(toks[cue.a - 1]!.norm) && cue.a <= 2;
  if (startOfClause) {
    let k = srcEnd + 1;
    while (k < toks.length && toks[k]!.norm !== ',') k++;
    const content = contentRight(toks, k + 1);
    return content ? { source, contents: [content], rule: 'according-to SOURCE, CONTENT', confidence: 0.85 } : undefined;
  }
  const content = contentLeft(toks, cue.a);
  return content ? { source, contents: [content], rule: 'CONTENT, according to SOURCE', confidence: 0.85 } : undefined;
}

/** "Trump's claim that X", "the police's earlier claim that X", "his warning that X": the possessor is the source. */
function nounCue(toks: Token[], cue: Cue): Found | undefined {
  const content = contentRight(toks, cue.b + 1);
  // a "that" that opens a relative clause ("the claim that he made") has no subject of its own before a verb
  const after = toks[cue.b + 2];
  if (!content || !after || after.pos === 'VERB' || after.pos === 'AUX') return undefined;
  let k = cue.a - 1;
  while (k >= 0 && (toks[k]!.pos === 'ADJ' || toks[k]!.pos === 'ADV')) k--;
  const t = toks[k];
  let source: Span | undefined;
  if (t && isPossessive(t)) source = spanOf(toks, k, k);
  else if (t && (t.norm === "'s" || t.norm === '’s' || t.norm === "'" || t.norm === '’') && k > 0) {
    const start = npLeft(toks, k - 1);
    if (start >= 0) source = spanOf(toks, start, k - 1);
  }
  return { ...(source ? { source } : {}), contents: [content], rule: "SOURCE's CUE-noun that CONTENT", confidence: source ? 0.65 : 0.5 };
}

/**
 * A reporting verb that no pattern explains (its speaker is out of reach: a relative clause, a long or misparsed
 * subject, a coordination) still marks reported or attributed content: PolNeAR annotates these cues, and most of
 * them are right (cue precision about 0.6 on held-out articles against 0.85 for the patterns). The content is the
 * clause after the verb; the source is the noun phrase just left of it when there is one. Low confidence.
 */
function fallback(toks: Token[], cue: Cue): Found | undefined {
  const t = toks[cue.b]!;
  const before = toks[cue.a - 1];
  if (t.pos !== 'VERB' || cue.lemma === 'continue') return undefined;
  // an imperative ("Tell that to ...") or a participle naming something ("the program, called EB-5", "so-called")
  if (!before || OPEN_Q.has(before.norm) || (/ed$/.test(t.norm) && cue.a === cue.b && (before.norm === ',' || before.norm === '-' || before.norm === 'so'))) return undefined;
  // a participle in a chain of actions reports only a clause ("..., claiming dozens of casualties" is an object)
  if (/ing$/.test(t.norm) && !reportsClause(toks, cue.b + 1)) return undefined;
  const right = contentRight(toks, cue.b + 1);
  if (!right) return undefined;
  const subjStart = npLeft(toks, cue.a - 1);
  const subject = subjStart >= 0 && !NON_SPEAKER.has(toks[cue.a - 1]!.norm) ? spanOf(toks, subjStart, cue.a - 1) : undefined;
  return { ...(subject ? { source: subject } : {}), contents: [right], rule: 'CUE CONTENT (no pattern)', confidence: 0.35 };
}

function verbal(toks: Token[], cue: Cue): Found | undefined {
  const n = toks.length;
  // The subject: a noun phrase just left of the cue, past a time phrase ("Clinton on Friday said").
  const subjEnd = skipTimeLeft(toks, cue.a - 1);
  const subjStart = subjEnd >= 0 ? npLeft(toks, subjEnd) : -1;
  const hasSubject = subjStart >= 0 && (!(subjEnd === subjStart && NON_SPEAKER.has(toks[subjEnd]!.norm)) || relativeSubject(toks, subjStart));
  const contents: Span[] = [];
  // "X, director of Y, said ...": the speaker with an apposition set off by commas.
  if (!hasSubject && cue.a > 1 && toks[cue.a - 1]!.norm === ',') {
    const app = appositionSource(toks, cue.a - 2);
    if (app) {
      const right = contentRight(toks, cue.b + 1);
      const left = app.start > 0 && isBreak(toks[app.start - 1]!) ? contentLeft(toks, app.start) : undefined;
      const cs = [left, right && (!left || startsQuote(toks, cue.b + 1)) ? right : undefined].filter((c): c is Span => c !== undefined);
      if (cs.length) return { source: spanOf(toks, app.start, app.end), contents: cs, rule: 'SOURCE, APPOSITION, CUE CONTENT', confidence: 0.7 };
    }
  }
  if (hasSubject && !(cue.passive && toks[subjEnd]!.norm === 'it')) {
    const source = spanOf(toks, subjStart, subjEnd);
    // a parenthetical "as SOURCE CUE" ("..., as police have said." / "As Smith noted, ...") attributes the main clause
    if (subjStart > 0 && toks[subjStart - 1]!.norm === 'as') {
      const asAt = subjStart - 1;
      const after = toks[cue.b + 1];
      if (asAt > 0 && isBreak(toks[asAt - 1]!) && (!after || after.pos === 'PUNCT')) {
        const left = contentLeft(toks, asAt);
        if (left) return { source, contents: [left], rule: 'CONTENT, as SOURCE CUE', confidence: 0.7 };
      }
      if (asAt === 0 || (asAt <= 2 && toks.slice(0, asAt).every((t) => t.pos === 'PUNCT' || t.pos === 'CCONJ'))) {
        if (after?.norm === ',') {
          const right = contentRight(toks, cue.b + 2);
          if (right) return { source, contents: [right], rule: 'As SOURCE CUE, CONTENT', confidence: 0.7 };
        }
      }
    }
    let k = cue.b + 1;
    if (cue.lemma === 'tell' || cue.lemma === 'ask' || cue.lemma === 'warn' || cue.lemma === 'urge') k = skipObject(toks, k);
    const right = clauseOk(toks, cue, k) ? contentRight(toks, k) : undefined;
    let left = subjStart > 0 && isBreak(toks[subjStart - 1]!) ? contentLeft(toks, subjStart) : undefined;
    // "By doing X, the US is hoping to Y": a leading adjunct is not content unless it is a quotation.
    if (left && right && !CLOSE_Q.has(toks[subjStart - 1]!.norm) && !CLOSE_Q.has(toks[subjStart - 2]?.norm ?? '')) left = undefined;
    if (left) contents.push(left);
    if (right && (!left || startsQuote(toks, k))) contents.push(right);
    if (contents.length === 0) return undefined;
    const pronoun = toks[subjEnd]!.pos === 'PRON';
    return { source, contents, rule: left && !right ? 'CONTENT, SOURCE CUE' : 'SOURCE CUE CONTENT', confidence: pronoun ? 0.75 : 0.8 };
  }
  // "Bemoaning the system, Trump accused ...": an opening participle phrase is said by the subject after its comma.
  if (/ing$/.test(toks[cue.b]!.norm) && cue.a === cue.b && toks.slice(0, cue.a).every((t) => t.pos === 'PUNCT' || t.pos === 'CCONJ')) {
    let c = cue.b + 1;
    while (c < n && toks[c]!.norm !== ',') c++;
    const end = c + 1 < n ? npRight(toks, c + 1) : -1;
    if (c - cue.b > 1 && c - cue.b < 25 && toks[cue.b + 1]!.pos !== 'ADP' && end >= 0 && toks[end + 1] && (toks[end + 1]!.pos === 'VERB' || toks[end + 1]!.pos === 'AUX')) {
      return { source: spanOf(toks, c + 1, end), contents: [spanOf(toks, cue.b + 1, c - 1)], rule: 'CUE-ing CONTENT, SOURCE ...', confidence: 0.6 };
    }
  }
  // "..., saying (that) ...": the speaker is the subject that opens the sentence.
  if (/ing$/.test(toks[cue.b]!.norm) && cue.a > 0 && ING_INTRO.has(toks[cue.a - 1]!.norm)) {
    // an adjunct reports only a clause or a quotation ("claiming that ...", "saying: ..."), not an object
    // ("claiming hundreds of casualties")
    const right = reportsClause(toks, cue.b + 1) || OBJECT_ING.has(cue.lemma) ? contentRight(toks, cue.b + 1) : undefined;
    let k = 0;
    while (k < cue.a && (toks[k]!.pos === 'PUNCT' || toks[k]!.pos === 'CCONJ' || toks[k]!.pos === 'ADV')) k++;
    const end = npRight(toks, k);
    if (right && end >= 0 && end < cue.a) return { source: spanOf(toks, k, end), contents: [right], rule: 'SOURCE ..., CUE-ing CONTENT', confidence: 0.65 };
    if (right) return { contents: [right], rule: 'CUE-ing CONTENT', confidence: 0.5 };
  }
  // "X has come out and published Y": the speaker is the subject of the first conjunct.
  if (cue.a > 1 && toks[cue.a - 1]!.norm === 'and') {
    const right = contentRight(toks, cue.b + 1);
    let k = 0;
    while (k < cue.a && (toks[k]!.pos === 'PUNCT' || toks[k]!.pos === 'CCONJ' || toks[k]!.pos === 'ADV')) k++;
    const end = npRight(toks, k);
    let v = end + 1;
    while (v < cue.a && toks[v]!.pos === 'ADV') v++;
    const verbAfter = end >= 0 && v < cue.a && (toks[v]!.pos === 'VERB' || toks[v]!.pos === 'AUX');
    // a participle in a chain of actions ("destroying the stores and claiming dozens of casualties") reports only a clause
    const ingObject = /ing$/.test(toks[cue.b]!.norm) && !reportsClause(toks, cue.b + 1);
    if (right && verbAfter && !ingObject && clauseOk(toks, cue, cue.b + 1)) return { source: spanOf(toks, k, end), contents: [right], rule: 'SOURCE VERB ... and CUE CONTENT', confidence: 0.6 };
  }
  // Passive with an agent: "The story was first reported by the AP", "the plan, backed by the unions"
  if ((cue.passive || (cue.a > 0 && toks[cue.a - 1]!.norm === ',')) && /(ed|en|wn|id|ld|nd|ght)$/.test(toks[cue.b]!.norm) && toks[cue.b + 1]?.norm === 'by') {
    const end = npRight(toks, cue.b + 2);
    let c = cue.a - 1;
    while (c >= 0 && (toks[c]!.pos === 'AUX' || toks[c]!.norm === ',')) c--;
    const start = c >= 0 ? npLeft(toks, c) : -1;
    if (end >= 0 && start >= 0) return { source: spanOf(toks, cue.b + 2, end), contents: [spanOf(toks, start, c)], rule: 'CONTENT CUE by SOURCE', confidence: 0.6 };
  }
  // Passive or agentless: "it was reported that ...", "X is believed to ..."
  if (cue.passive) {
    const right = contentRight(toks, cue.b + 1);
    if (right) return { contents: [right], rule: 'agentless CUE CONTENT', confidence: 0.6 };
    return undefined;
  }
  // Inverted: "..., said the minister." / "...," says Smith. (speech verbs only, in a simple tense)
  if (cue.a > 0 && cue.a === cue.b && INVERTIBLE.has(cue.lemma) && isBreak(toks[cue.a - 1]!)) {
    const end = npRight(toks, cue.b + 1);
    if (end >= 0) {
      const left = contentLeft(toks, cue.a);
      if (left) {
        const right = end + 1 < n && toks[end + 1]!.norm === ',' ? contentRight(toks, end + 2) : undefined;
        const cs = right && startsQuote(toks, end + 2) ? [left, right] : [left];
        return { source: spanOf(toks, cue.b + 1, end), contents: cs, rule: 'CONTENT, CUE SOURCE', confidence: 0.8 };
      }
    }
  }
  return undefined;
}

/** "The EU, which contended that ...", "a report that found ...": PolNeAR takes the relative pronoun as the source. */
function relativeSubject(toks: Token[], k: number): boolean {
  const t = toks[k]!;
  const prev = toks[k - 1];
  if (!prev || (t.norm !== 'which' && t.norm !== 'that')) return false;
  return prev.norm === ',' || prev.norm === '--' || prev.norm === '—' || prev.norm === '–' || (t.norm === 'which' && prev.norm !== 'in' && prev.norm !== 'of') || ((prev.pos === 'NOUN' || prev.pos === 'PROPN') && t.norm === 'that');
}

/**
 * A short speaker sentence that leans on a quotation in the sentence before or after it:
 *   “... our country?” Clinton said.      and      He said:  “We have a situation ...”
 * The subject must open the sentence and nothing but a time phrase may follow the cue (or a colon before the quote).
 */
function neighbourQuote(text: string, toks: Token[], cue: Cue, quotes: Span[]): Found | undefined {
  if (cue.according || cue.passive) return undefined;
  const subjEnd = skipTimeLeft(toks, cue.a - 1);
  const subjStart = subjEnd >= 0 ? npLeft(toks, subjEnd) : -1;
  if (subjStart < 0 || (subjEnd === subjStart && NON_SPEAKER.has(toks[subjEnd]!.norm))) return undefined;
  let k = 0;
  while (k < subjStart && (OPEN_Q.has(toks[k]!.norm) || CLOSE_Q.has(toks[k]!.norm))) k++;
  if (k !== subjStart) return undefined;
  let e = toks.length - 1;
  while (e > cue.b && (toks[e]!.norm === '.' || toks[e]!.norm === ':' || toks[e]!.norm === ',')) e--;
  const tail = e - cue.b;
  // "said Friday", "said in an interview", "told reporters": a short tail without a verb is no content
  if (tail > 5) return undefined;
  for (let j = cue.b + 1; j <= e; j++) if (toks[j]!.pos === 'VERB' || toks[j]!.pos === 'AUX') return undefined;
  const source = spanOf(toks, subjStart, subjEnd);
  const colon = toks.slice(cue.b + 1).some((t) => t.norm === ':');
  const sentStart = toks[0]!.start;
  const sentEnd = toks[toks.length - 1]!.end;
  if (colon) {
    const q = lastQuoteFrom(quotes, sentEnd + 4);
    if (q && q.start >= sentEnd && /^[\s"“']*$/.test(text.slice(sentEnd, q.start))) return { source, contents: [q], rule: 'SOURCE CUE: “QUOTE”', confidence: 0.75 };
    return undefined;
  }
  const q = quoteAt(quotes, sentStart - 1);
  if (q && q.end <= sentStart && /^[\s"”'’]*$/.test(text.slice(q.end, sentStart))) return { source, contents: [q], rule: '“QUOTE” SOURCE CUE.', confidence: 0.75 };
  return undefined;
}

/**
 * A speaker followed by an apposition or relative clause, ending at `end` (the token before the comma that precedes
 * the cue): walks left to the sentence start or to the comma/quote that closes a preceding quotation.
 */
function appositionSource(toks: Token[], end: number): { start: number; end: number } | undefined {
  let k = end;
  let commas = 0;
  while (k > 0) {
    const t = toks[k - 1]!;
    if (CLOSE_Q.has(t.norm) || t.norm === ';' || t.norm === ':') break;
    if (t.norm === ',') {
      if (k >= 2 && CLOSE_Q.has(toks[k - 2]!.norm)) break;
      commas++;
    }
    if (end - k > 40) return undefined;
    k--;
  }
  while (k <= end && (toks[k]!.norm === ',' || toks[k]!.pos === 'CCONJ')) k++;
  if (commas === 0 || k > end) return undefined;
  const first = toks[k]!;
  if (!(SUBJECT_HEAD.has(first.pos) || first.pos === 'DET' || first.pos === 'ADJ')) return undefined;
  // the head before the first comma must be a noun phrase
  let c = k;
  while (c <= end && toks[c]!.norm !== ',') c++;
  if (npLeft(toks, c - 1) !== k) return undefined;
  return { start: k, end };
}

/**
 * Verbs that report only when they take a clause or a quotation ("the poll showed that ...", "she responded:"), not
 * a plain object ("is showing signs", "responded by force").
 */
const CLAUSE_ONLY = new Set(['speak', 'discover', 'protest', 'vote', 'rule', 'consider', 'continue', 'present', 'identify', 'document', 'rate', 'decide', 'understand', 'respond', 'reply', 'answer', 'show', 'find', 'prove', 'establish', 'demonstrate', 'learn', 'reveal', 'know', 'see', 'publish', 'release', 'attack']);

function clauseOk(toks: Token[], cue: Cue, k: number): boolean {
  if (!CLAUSE_ONLY.has(cue.lemma)) return true;
  const t = toks[k];
  if (!t) return false;
  if (t.norm === 'that' || t.norm === ':' || t.norm === ',' || OPEN_Q.has(t.norm)) return true;
  if (cue.lemma === 'publish' || cue.lemma === 'release' || cue.lemma === 'attack' || cue.lemma === 'present' || cue.lemma === 'document') return true;
  if (cue.lemma === 'continue') return false;
  if (cue.lemma === 'speak') return t.norm === 'of' || t.norm === 'about' || t.norm === 'out';
  if (cue.lemma === 'vote') return t.norm === 'to' || t.norm === 'for' || t.norm === 'against';
  if (!(SUBJECT_HEAD.has(t.pos) || t.pos === 'DET' || t.pos === 'ADJ')) return false;
  // evidence verbs report a finding even with a plain object ("the poll shows Clinton ahead")
  if (['show', 'find', 'reveal', 'demonstrate', 'prove'].includes(cue.lemma) && !/ing$/.test(toks[cue.b]!.norm)) return true;
  for (let j = k; j < Math.min(toks.length, k + 6); j++) if (toks[j]!.pos === 'AUX' || (toks[j]!.pos === 'VERB' && !/ing$/.test(toks[j]!.norm))) return true;
  return false;
}

/** Prepositions of time and place: a bare "said on Monday" or "said in Ohio" has no content. */
const SETTING_ADP = new Set(['in', 'on', 'at', 'during', 'after', 'before', 'since', 'from', 'through', 'throughout', 'near', 'outside', 'inside', 'by', 'via', 'while', 'as', 'when']);

const WEEKDAY = /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight)$/;

/** Index left of a time phrase ending at `end` ("on Friday", "last week", "Tuesday"), or `end` itself. */
function skipTimeLeft(toks: Token[], end: number): number {
  const t = toks[end];
  if (!t) return end;
  if (WEEKDAY.test(t.norm)) {
    const p = toks[end - 1];
    if (p && (p.norm === 'on' || p.norm === 'last' || p.norm === 'this' || p.norm === 'late' || p.norm === 'early')) return end - 2;
    return end - 1;
  }
  if ((t.norm === 'week' || t.norm === 'month' || t.norm === 'year') && (toks[end - 1]?.norm === 'last' || toks[end - 1]?.norm === 'this')) return end - 2;
  return end;
}

function reportsClause(toks: Token[], k: number): boolean {
  const t = toks[k];
  if (!t) return false;
  if (t.norm === 'that' || t.norm === ':' || t.norm === ',' || t.norm === 'to' || OPEN_Q.has(t.norm)) return true;
  for (let j = k; j < Math.min(toks.length, k + 8); j++) if (toks[j]!.pos === 'AUX' || (toks[j]!.pos === 'VERB' && !/ing$/.test(toks[j]!.norm))) return true;
  return false;
}

/** Start index of the noun phrase that ends at `end` (walking left), or -1 when there is none. */
function npLeft(toks: Token[], end: number): number {
  let j = end;
  // skip a closing parenthesis aside: "Sen. X (R-Wis.) said"
  if (toks[j]?.norm === ')') {
    while (j >= 0 && toks[j]!.norm !== '(') j--;
    j--;
  }
  if (j < 0 || !(SUBJECT_HEAD.has(toks[j]!.pos) || QUANT_SUBJECT.has(toks[j]!.norm)) || toks[j]!.norm === "'s") return -1;
  let start = j;
  for (let k = j - 1; k >= 0; k--) {
    const t = toks[k]!;
    if (NP_POS.has(t.pos) && !(t.pos === 'PRON' && k < j && !isPossessive(t))) {
      start = k;
      continue;
    }
    const plainPossessive = (t.norm === "'" || t.norm === '’') && toks[k - 1]?.norm.endsWith('s') && toks[k - 1]!.end === t.start && toks[k + 1]?.pos !== 'PUNCT';
    if ((t.norm === "'s" || t.norm === '’s' || plainPossessive || t.norm === '-' || t.norm === '&') && k > 0) {
      start = k;
      continue;
    }
    // participles and -ly adverbs that premodify a noun: "newly filed reports", "a widely cited study"
    if (((t.pos === 'VERB' && /(ed|en)$/.test(t.norm)) || (t.pos === 'ADV' && /ly$/.test(t.norm))) && k > 0 && ['NOUN', 'ADJ', 'PROPN', 'VERB'].includes(toks[k + 1]!.pos) && ['DET', 'ADP', 'ADV', 'ADJ', 'NUM'].includes(toks[k - 1]!.pos)) {
      start = k;
      continue;
    }
    // "the head of the agency", "a spokesman for the ministry"
    if ((t.norm === 'of' || t.norm === 'for' || t.norm === 'at') && k > 0 && NP_POS.has(toks[k - 1]!.pos) && toks[k - 1]!.pos !== 'PRON') {
      start = k;
      continue;
    }
    break;
  }
  return start;
}

function isPossessive(t: Token): boolean {
  return ['his', 'her', 'its', 'their', 'our', 'my', 'your'].includes(t.norm);
}

/** End index of the noun phrase starting at `start` (walking right), or -1. */
function npRight(toks: Token[], start: number): number {
  let end = -1;
  for (let k = start; k < toks.length; k++) {
    const t = toks[k]!;
    if (NP_POS.has(t.pos) || t.norm === "'s" || t.norm === '’s' || t.norm === '-' || t.norm === '&') {
      if (t.pos === 'PRON' && end >= 0 && !isPossessive(t)) break;
      end = k;
      continue;
    }
    if ((t.norm === 'of' || t.norm === 'for' || t.norm === 'at' || t.norm === 'with' || t.norm === 'in') && end >= 0 && k + 1 < toks.length && NP_POS.has(toks[k + 1]!.pos)) continue;
    break;
  }
  // a trailing preposition that found no object is not part of the phrase
  return end >= 0 && SUBJECT_HEAD.has(toks[end]!.pos) ? end : end >= 0 ? lastHead(toks, start, end) : -1;
}

function lastHead(toks: Token[], start: number, end: number): number {
  for (let k = end; k >= start; k--) if (SUBJECT_HEAD.has(toks[k]!.pos)) return k;
  return -1;
}

/** Skips the addressee after "told/asked/warned": "told reporters (on Monday) that ..." */
function skipObject(toks: Token[], k: number): number {
  const end = npRight(toks, k);
  if (end < 0) return k;
  let j = end + 1;
  if (toks[j]?.pos === 'ADP' && toks[j]!.norm !== 'that') {
    const e2 = npRight(toks, j + 1);
    if (e2 >= 0) j = e2 + 1;
  }
  return j;
}

function isBreak(t: Token): boolean {
  return t.norm === ',' || CLOSE_Q.has(t.norm) || t.norm === '—' || t.norm === '–' || t.norm === '--';
}

function startsQuote(toks: Token[], k: number): boolean {
  while (k < toks.length && (toks[k]!.norm === ',' || toks[k]!.norm === ':')) k++;
  return k < toks.length && OPEN_Q.has(toks[k]!.norm);
}

/** Reported clause right of index k, to the end of the sentence; undefined when it is only a time or place phrase. */
function contentRight(toks: Token[], k: number): Span | undefined {
  const n = toks.length;
  while (k < n && (toks[k]!.norm === 'that' || toks[k]!.norm === ',' || toks[k]!.norm === ':' || OPEN_Q.has(toks[k]!.norm))) k++;
  let e = n - 1;
  // a second reporting verb coordinated with the first ("attacked loopholes ... and has called for ...") starts an
  // attribution of its own: the content stops before it
  const lex = lexicons().reportingForms;
  for (let j = k + 2; j < e; j++) {
    if (toks[j]!.norm !== 'and' && toks[j]!.norm !== 'but') continue;
    let v = j + 1;
    // "..., but analysts agreed ...": a new subject may come first
    const subj = npRight(toks, v);
    if (subj >= 0 && subj < e && subj - v < 6) v = subj + 1;
    while (v < e && (toks[v]!.pos === 'AUX' || toks[v]!.pos === 'ADV')) v++;
    if (toks[v]!.pos === 'VERB' && lex.has(toks[v]!.norm) && !/ing$/.test(toks[v]!.norm)) {
      e = j - 1;
      break;
    }
  }
  while (e >= k && toks[e]!.pos === 'PUNCT') e--;
  if (e < k) return undefined;
  let verbs = 0;
  for (let j = k; j <= e; j++) if (toks[j]!.pos === 'VERB' || toks[j]!.pos === 'AUX') verbs++;
  // "said on Monday." / "said in a statement." carry no content; an object noun phrase does ("attacked Machado",
  // "called for a repeal"), as PolNeAR annotates such contents
  if (verbs === 0 && e - k < 6) {
    const t = toks[k]!;
    if (t.pos === 'ADP' && SETTING_ADP.has(t.norm)) return undefined;
    if (WEEKDAY.test(t.norm) || t.norm === 'yesterday' || t.norm === 'then' || t.norm === 'so' || t.norm === 'it' || t.norm === 'this' || t.norm === 'that') return undefined;
    if (!toks.slice(k, e + 1).some((x) => x.pos === 'NOUN' || x.pos === 'PROPN' || x.pos === 'NUM' || (x.pos === 'PRON' && k === e ? false : x.pos === 'PRON'))) return undefined;
  }
  return spanOf(toks, k, e);
}

/** Content left of index `before` (sentence start up to the comma or closing quote before it). */
function contentLeft(toks: Token[], before: number): Span | undefined {
  let e = before - 1;
  while (e >= 0 && (toks[e]!.pos === 'PUNCT' || toks[e]!.norm === '—')) e--;
  let s = 0;
  while (s <= e && (OPEN_Q.has(toks[s]!.norm) || toks[s]!.pos === 'PUNCT')) s++;
  if (e < s || e - s < 1) return undefined;
  return spanOf(toks, s, e);
}

/** A content that starts or ends inside a quotation grows to the whole quotation (it may span sentences). */
function widenToQuote(text: string, c: Span, quotes: Span[]): Span {
  let { start, end } = c;
  const qs = quoteAt(quotes, start);
  if (qs && qs.start < start) start = qs.start;
  const qe = quoteAt(quotes, end);
  if (qe && qe.end > end) end = qe.end;
  while (end > start && /[\s,.;:]/.test(text[end - 1]!)) end--;
  return { start, end };
}

function insideQuote(quotes: Span[], t: Token): boolean {
  const q = lastQuoteFrom(quotes, t.start - 1);
  return q !== undefined && t.end < q.end;
}

function spanOf(toks: Token[], a: number, b: number): Span {
  return { start: toks[a]!.start, end: toks[b]!.end };
}

function mention(text: string, s: Span): { start: number; end: number; text: string } {
  return { start: s.start, end: s.end, text: text.slice(s.start, s.end) };
}

const STANCE_WORDS: Record<Stance, string> = {
  neutral: 'a neutral reporting verb',
  distancing: 'a distancing verb: the writer does not vouch for it',
  endorsing: 'an endorsing verb: the writer presents it as established',
};

function reasonFor(text: string, cue: Cue, source: Span | undefined, rule: string): string {
  const who = source ? `"${text.slice(source.start, source.end)}"` : 'an unnamed source';
  const how = cue.according ? '"according to"' : `${STANCE_WORDS[cue.stance]} ("${cue.lemma}")`;
  return `Attributed to ${who} by ${how} (pattern ${rule}).`;
}

/** Links a source to the entity one of whose mentions overlaps it. */
function linkEntities(atts: Attribution[], entities: readonly Entity[]): void {
  if (entities.length === 0) return;
  for (const a of atts) {
    if (!a.source) continue;
    const src = a.source;
    const hit = entities.find((e) => e.mentions.some((m) => m.start < src.end && src.start < m.end));
    if (hit) src.entity = hit.id;
  }
}

export const attributionAnalyser = defineAnalyser({
  name: 'attributions',
  version: '4',
  reads: ['tokens', 'entities'],
  writes: 'attributions',
  run: findAttributions,
});
