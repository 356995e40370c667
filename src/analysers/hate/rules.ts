import { NEGATION } from './context.js';
import { findAll, lexicons, type Code, type Hit, type Tok } from './lexicons.js';

/**
 * Span detectors over one sentence. Each returns candidates with a base confidence and the signals that support
 * them; src/analysers/hate/index.ts applies the sentence context, the classifiers and the combination.
 */
export interface Candidate {
  category: string;
  start: number;
  end: number;
  base: number;
  source: string;
  /** What fired, as a clause of the reason ("“globalist” is a coded term ..."). */
  what: string;
  meaning?: string;
  target?: string;
  /** Supporting signals: a short description and a strength in [0, 1], combined by noisy-or. */
  supports: { why: string; weight: number }[];
  /** Needs at least one support to be reported. */
  needsSupport?: boolean;
  /** Needs the sentence classifier and another signal (weak glossary forms). */
  weak?: boolean;
}

export interface SentenceInput {
  start: number;
  end: number;
  /** The sentence's words, tokenised once and shared by every lexicon lookup. */
  toks?: Tok[];
}

/** Words that, next to an ambiguous code, give it its conspiratorial sense ("globalist" + "elite"). */
const POWER_NEAR = /\b(elites?|bankers?|banking|banksters?|cabal|deep state|control\w*|puppets?|puppeteers?|strings|media|owns?|world|order|agenda|hereditary|satanic|infest\w*|occupied|occupation|money|financiers?|usur\w*|parasit\w*|rootless|international|jews?|jewish|jewry|zionists?|globalists?|neocons?|shadowy|secret|plot\w*)\b/gi;

/** An explicit reference to Jews (as opposed to coded ones). */
export const JEWISH_REFERENT = /\b(jews?|jewish|jewry|zionists?|zios?|zionism|rothschilds?|khazarian\w*)\b|\(\(\(/i;

/** Explicit words for Jews, without the coded ones ("zionist"), for supporting a code. */
const EXPLICIT_JEWISH = /\b(jews?|jewish|jewry)\b/i;

/** Claims of control or conspiracy that, predicated of Jews, make up the classic antisemitic conspiracy myths. */
const CONTROL_PREDICATE = /\b(control\w*|run(?:s|ning)? (?:the|our|this|all|every)\b|own(?:s|ed)? (?:the|our|all|every)\b|behind (?:the|all|every|this|it)\b|puppet\w*|pull\w* the strings|cabal|plot\w*|conspir\w*|world domination|rul\w* the world|dominat\w*|manipulat\w*|orchestrat\w*|bankers|parasit\w*|subver\w*|greed\w*|usur\w*|killed (?:jesus|christ)|blood libel|did 9\/11)\b/gi;

function words(s: string): number {
  return (s.match(/[\p{L}\p{N}]+/gu) ?? []).length;
}

/** Glossary codes in the sentence, with their in-sentence support (the classifier is added by the caller). */
export function codeCandidates(s: SentenceInput, doc: string): { cands: Candidate[]; hits: Hit<Code>[] } {
  const lx = lexicons();
  const hits = findAll(lx.codes, doc, s.start, s.end, s.toks);
  const cands: Candidate[] = [];
  for (const h of hits) {
    const e = h.entry.entry;
    const antisemitic = e.persona === 'antisemitic';
    const supports: Candidate['supports'] = [];
    // Power / conspiracy words within a few words either side.
    const winStart = Math.max(s.start, h.start - 40);
    const winEnd = Math.min(s.end, h.end + 40);
    const near = new Set<string>();
    for (const m of doc.slice(winStart, winEnd).matchAll(POWER_NEAR)) {
      const at = winStart + (m.index ?? 0);
      if (at >= h.start && at < h.end) continue;
      const gap = at < h.start ? doc.slice(at + m[0].length, h.start) : doc.slice(h.end, at);
      if (words(gap) <= 3 && !/[.;:!?]/.test(gap)) near.add(m[0].toLowerCase());
    }
    if (near.size) supports.push({ why: `next to “${[...near].slice(0, 3).join('”, “')}”`, weight: 0.35 });
    // "globalist elite", "globalist bankers": the noun that gives the code its sense belongs to the flagged phrase.
    const head = /^\s+(elites?|bankers?|banksters?|cabal|financiers?|puppet ?masters?|media)\b/i.exec(doc.slice(h.end, s.end));
    let end = h.end;
    if (head) end = h.end + head[0].length;
    // Other codes of the same persona in the sentence.
    const others = hits.filter((o) => o !== h && o.entry.entry.persona === e.persona && o.entry.tier !== 'weak' && (o.end <= h.start || o.start >= h.end));
    if (others.length) supports.push({ why: `with other coded terms (“${[...new Set(others.map((o) => o.text))].slice(0, 3).join('”, “')}”)`, weight: 0.35 });
    if (antisemitic && EXPLICIT_JEWISH.test(doc.slice(s.start, h.start) + ' ' + doc.slice(h.end, s.end))) supports.push({ why: 'with an explicit reference to Jews in the sentence', weight: 0.3 });
    const tierBase = h.entry.tier === 'strong' ? 0.7 : h.entry.tier === 'contextual' ? 0.35 : 0.15;
    cands.push({
      category: antisemitic ? 'antisemitic_code' : 'coded_language',
      start: h.start,
      end,
      base: tierBase,
      source: `dogwhistle:${e.term}`,
      what: `“${doc.slice(h.start, end)}” ${end > h.end ? `uses “${h.text}”, ` : 'is '}a ${antisemitic ? 'coded antisemitic term' : `coded ${e.persona} term`} (dog whistle) whose in-group meaning is “${e.meaning}”`,
      meaning: e.meaning,
      target: e.persona,
      supports,
      needsSupport: h.entry.tier !== 'strong',
      weak: h.entry.tier === 'weak',
    });
  }
  return { cands, hits };
}

export function tropeCandidates(s: SentenceInput, doc: string): Candidate[] {
  return findAll(lexicons().tropes, doc, s.start, s.end, s.toks).map((h) => ({
    category: 'conspiracy_trope',
    start: h.start,
    end: h.end,
    base: 0.5,
    source: `trope:${h.entry.phrase}`,
    what: `“${h.text}” is a conspiracy trope: ${h.entry.sense}${h.entry.antisemitic ? ' (also used as an antisemitic code)' : ''}`,
    supports: [],
  }));
}

export function slurCandidates(s: SentenceInput, doc: string): Candidate[] {
  return findAll(lexicons().slurs, doc, s.start, s.end, s.toks).map((h) => ({
    category: 'slur',
    start: h.start,
    end: h.end,
    base: h.entry.ambiguous ? 0.3 : 0.8,
    source: `slur:${h.entry.form}`,
    what: `“${h.text}” is a slur against ${h.entry.target}`,
    target: h.entry.target,
    supports: [],
    needsSupport: !!h.entry.ambiguous,
  }));
}

/** "Jews control the media", "the Rothschilds are behind ...": an explicit referent with a control predicate. */
export function conspiracyCandidates(s: SentenceInput, doc: string): Candidate[] {
  const text = doc.slice(s.start, s.end);
  const out: Candidate[] = [];
  if (!JEWISH_REFERENT.test(text)) return out;
  for (const r of text.matchAll(new RegExp(JEWISH_REFERENT.source, 'gi'))) {
    const rs = s.start + (r.index ?? 0);
    const re = rs + r[0].length;
    for (const p of text.matchAll(CONTROL_PREDICATE)) {
      const ps = s.start + (p.index ?? 0);
      const pe = ps + p[0].length;
      const gap = ps >= re ? doc.slice(re, ps) : doc.slice(pe, rs);
      if (words(gap) > 6 || /[.;!?]/.test(gap) || (ps >= re && NEGATION.test(gap))) continue;
      out.push({
        category: 'antisemitic_conspiracy',
        start: Math.min(rs, ps),
        end: Math.max(re, pe),
        base: 0.55,
        source: 'rule:jewish-referent+control-predicate',
        what: `“${doc.slice(Math.min(rs, ps), Math.max(re, pe))}” ascribes secret control or conspiracy to Jews, the core of antisemitic conspiracy myths`,
        target: 'antisemitic',
        supports: [],
      });
      break;
    }
  }
  return out;
}

const COPULA = /\b(are|is|were|was|be|been|being|become|becoming|remain|like|as)\b|'re\b/i;
const DEMONSTRATIVE = /\b(these|those|such|you|filthy|dirty|disgusting|bunch of|pack of)\s+(?:[\p{L}-]+\s+){0,2}$/iu;

/** Metaphors (vermin, disease, animal, ...) and infestation/extermination verbs applied to people or groups. */
export function dehumanisationCandidates(s: SentenceInput, doc: string, isAdjective: (start: number) => boolean): Candidate[] {
  const lx = lexicons();
  const groups = findAll(lx.groups, doc, s.start, s.end, s.toks);
  const out: Candidate[] = [];
  const add = (start: number, end: number, family: string, how: string, base: number, group?: string) => {
    // Adjectives right before the metaphor belong to the insult ("mad satanic old goats").
    let st = start;
    for (let k = 0; k < 3; k++) {
      const before = doc.slice(s.start, st);
      const m = /([\p{L}-]+)\s+$/u.exec(before);
      if (!m || !isAdjective(s.start + m.index)) break;
      st = s.start + m.index;
    }
    const span = doc.slice(Math.min(st, start), end);
    const demonic = family !== 'demonic' && /\b(satanic|demonic|devilish|diabolical|evil)\b/i.test(span);
    out.push({
      category: 'dehumanisation',
      start: Math.min(st, start),
      end,
      base: demonic ? base + 0.1 : base,
      source: `dehumanisation:${family}${demonic ? '+demonic' : ''}`,
      what: `“${span}” ${demonic ? 'demonises and ' : ''}${how} (${family} metaphor${demonic ? ', demonic imagery' : ''})${group ? ` applied to “${group}”` : ''}`,
      supports: [],
    });
  };
  for (const m of findAll(lx.metaphors, doc, s.start, s.end, s.toks)) {
    const family = m.entry;
    let done = false;
    for (const g of groups) {
      if (g.end <= m.start) {
        const gap = doc.slice(g.end, m.start);
        if (NEGATION.test(gap) || /[.;:!?]/.test(gap)) continue;
        const n = words(gap);
        if (n <= 5 && COPULA.test(gap)) {
          add(g.start, m.end, family, 'casts people as less than human', 0.7, g.text);
          done = true;
          break;
        }
        if (n <= 1 && !/[,]/.test(gap) && !['people', 'they', 'them', 'men', 'women'].includes(g.text.toLowerCase())) {
          add(g.start, m.end, family, 'casts a group as less than human', 0.55, g.text);
          done = true;
          break;
        }
      } else if (g.start >= m.end) {
        const gap = doc.slice(m.end, g.start);
        if (/^\s+(?:of|from)\s+(?:[\p{L}-]+\s+){0,2}$/u.test(gap) && family !== 'demonic') {
          add(m.start, g.end, family, 'casts a group as less than human', 0.6, g.text);
          done = true;
          break;
        }
      }
    }
    if (done || family === 'demonic') continue;
    const plural = /s$/i.test(m.text) || family === 'subhuman';
    const after = doc.slice(m.end, Math.min(s.end, m.end + 40));
    const power = findAll(lx.powerPositions, after).find((p) => words(after.slice(0, p.start)) <= 1);
    if (power && plural) {
      add(m.start, m.end + power.end, family, 'describes people in power as animals or vermin', 0.5);
      continue;
    }
    if (plural && DEMONSTRATIVE.test(doc.slice(s.start, m.start))) add(m.start, m.end, family, 'refers to people as animals or vermin', 0.35);
  }
  for (const v of findAll(lx.verbs, doc, s.start, s.end, s.toks)) {
    for (const g of groups) {
      const before = g.end <= v.start ? doc.slice(g.end, v.start) : null;
      const after = g.start >= v.end ? doc.slice(v.end, g.start) : null;
      // "protesters swarmed the square" is ordinary news English; "a swarm of migrants" and "they breed like" are not.
      const okBefore = before !== null && words(before) <= 2 && !/[.;:!?,]/.test(before) && !NEGATION.test(before) && v.entry !== 'extermination' && (v.entry !== 'swarm' || /breed|multipl/i.test(v.text));
      const okAfter = after !== null && words(after) <= 3 && !/[.;:!?]/.test(after) && (v.entry === 'extermination' || /^\s+(?:with|by|of)\b/i.test(after));
      if (!okBefore && !okAfter) continue;
      const start = okBefore ? g.start : v.start;
      const end = okBefore ? v.end : g.end;
      const how = v.entry === 'extermination' ? 'calls for a group to be exterminated like pests' : v.entry === 'infestation' ? 'describes a group as an infestation' : /breed|multipl/i.test(v.text) ? 'describes a group as breeding like animals' : 'describes a group as a swarm';
      out.push({ category: 'dehumanisation', start, end, base: v.entry === 'extermination' ? 0.75 : 0.6, source: `dehumanisation:${v.entry}`, what: `“${doc.slice(start, end)}” ${how} (applied to “${g.text}”)`, supports: [] });
      break;
    }
  }
  return out;
}
