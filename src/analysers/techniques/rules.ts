import type { TechniqueFlag } from '../../core/layers.js';
import type { ArticleView } from './features.js';
import { techniqueReason } from './inventory.js';

/**
 * General, explainable rules that run beside the span model where the model is weak: derogatory labels for groups
 * (Name_Calling), stock phrases that cast doubt without evidence (Doubt), stock overstatements (Exaggeration) and
 * loaded metaphors (Loaded_Language). The lists are written for news in general, not learned from any corpus.
 * Confidences are the share of each rule's hits that fall inside a gold span of the same technique on the PTC
 * training articles (scripts/train-techniques.ts prints them with --rule-precision), so they read as probabilities.
 */

/** Nouns that are derogatory whenever they label people. */
const DEROGATORY = new Set([
  'thug', 'thugs', 'stooge', 'stooges', 'lackey', 'lackeys', 'henchman', 'henchmen', 'crony', 'cronies', 'minion',
  'minions', 'shill', 'shills', 'warmonger', 'warmongers', 'traitor', 'traitors', 'cabal', 'clique', 'goons',
  'lunatic', 'lunatics', 'idiot', 'idiots', 'moron', 'morons', 'crook', 'crooks', 'scum', 'lapdog', 'lapdogs',
  'puppet', 'puppets', 'hypocrite', 'hypocrites', 'fanatic', 'fanatics', 'zealot', 'zealots', 'despot', 'despots',
  'tyrant', 'tyrants', 'mouthpiece', 'mouthpieces', 'sycophant', 'sycophants', 'demagogue', 'demagogues',
  'snowflake', 'snowflakes', 'libtard', 'libtards', 'globalists', 'neocons', 'jihadis', 'cultists',
]);

/**
 * Nouns that are neutral on their own but work as labels when pinned on a named state or group: "Kurdish proxies",
 * "the Assad regime", "Western-backed terrorists".
 */
const LABEL_WITH_OWNER = new Set(['proxy', 'proxies', 'regime', 'junta', 'mercenaries', 'collaborators', 'vassal', 'vassals', 'satellite']);

const BACKED = new Set(['backed', 'funded', 'sponsored', 'controlled', 'led', 'supported', 'armed', 'trained']);

/** Words between the owner and the label that keep the label attached ("US-backed Kurdish proxies"). */
const OWNER_TAGS = new Set(['PROPN', 'ADJ']);

interface Phrase {
  /** Lower-cased words; 'a|b' alternatives; a trailing '?' makes the word optional. */
  words: string[];
  /** The words compiled once: the alternatives of each position, and whether it is optional. */
  steps: { alts: Set<string>; optional: boolean }[];
  technique: 'Doubt' | 'Exaggeration,Minimisation';
  /** Extend the flag to the end of the clause (the thing doubted or exaggerated), up to this many more words. */
  extend: number;
  name: string;
}

function p(pattern: string, technique: Phrase['technique'], extend: number): Phrase {
  const words = pattern.split(' ');
  const steps = words.map((w) => ({ alts: new Set(w.replace(/\?$/, '').split('|')), optional: w.endsWith('?') }));
  return { words, steps, technique, extend, name: pattern };
}

/** Stock phrases; each is general news rhetoric. */
const PHRASES: Phrase[] = [
  p('we|one|you can|could|may|might only? speculate', 'Doubt', 6),
  p('one|you can|could|may|might|must|has|have only? to? wonder', 'Doubt', 8),
  p('one wonders', 'Doubt', 8),
  p('makes|make|leaves|leave you|one|us wonder|wondering', 'Doubt', 8),
  p('raises|raise|raised|raising serious|troubling|many|more|new|real|uncomfortable? questions|doubts', 'Doubt', 8),
  p('begs|beg|begged the question', 'Doubt', 8),
  p('questions remain', 'Doubt', 8),
  // "It is unclear whether ..." is ordinary reporting; "it remains unclear who ..." insinuates.
  p('it remains unclear|uncertain who|why', 'Doubt', 8),
  p('so - called', 'Doubt', 3),
  p('if we are to believe', 'Doubt', 8),
  p('we|you are supposed|expected|asked to believe', 'Doubt', 8),
  p('is|was it a|just|merely|pure? coincidence', 'Doubt', 6),
  p('what are|is they|he|she|it hiding', 'Doubt', 2),
  p('can|should we|anyone really|still? trust', 'Doubt', 6),
  p('suspiciously|conveniently', 'Doubt', 4),
  p('sparing|spared|spare no', 'Exaggeration,Minimisation', 4),
  p('not|no a single', 'Exaggeration,Minimisation', 3),
  p('every single', 'Exaggeration,Minimisation', 3),
  p('like never before', 'Exaggeration,Minimisation', 0),
  p('of all time', 'Exaggeration,Minimisation', 0),
  p('in living memory', 'Exaggeration,Minimisation', 0),
];

/** Loaded metaphors: images of menace or filth pinned on actors ("tentacles", "puppet masters", "witch hunt"). */
const LOADED = new Set([
  'tentacles', 'octopus', 'stranglehold', 'witch-hunt', 'bloodbath', 'carnage', 'onslaught', 'rampage', 'hordes',
  'plague', 'cancerous', 'vultures', 'parasites', 'leeches', 'cesspool', 'swamp', 'hysteria', 'hysterical',
  'vicious', 'pathetic', 'sinister', 'nefarious', 'barbaric', 'despicable', 'disgraceful', 'shameful', 'vile',
  'heinous', 'monstrous', 'diabolical', 'demonic', 'draconian', 'rogue', 'brainwashed',
]);
const LOADED_PAIRS = new Map([['witch', 'hunt'], ['puppet', 'masters'], ['puppet', 'master'], ['blood', 'money']]);

/** Share of hits inside a gold span of the rule's technique on the PTC training articles (see header). */
export const RULE_CONFIDENCE = {
  /** 29/62 on the training articles. */
  derogatory: 0.47,
  /** "<owner> regime/junta": 1/45; PTC's annotators rarely marked it, and many outlets use it plainly. */
  regime: 0.05,
  /** "<owner> proxies/vassals/...": too few hits to measure (0/1); set between the two measured rates. */
  owner: 0.3,
  /** 7/36. */
  doubt: 0.19,
  /** 7/16. */
  rhetorical: 0.44,
  /** 2/12. */
  exaggeration: 0.17,
  /** 47/190. */
  loaded: 0.25,
} as const;

/** Tokens that end a clause, so an extended flag stops there. */
const CLAUSE_END = new Set([',', ';', ':', '.', '?', '!', '—', '–', '(', ')', '"', '“', '”']);

export function ruleFlags(v: ArticleView): TechniqueFlag[] {
  const out: TechniqueFlag[] = [];
  const n = v.tokens.length;
  for (let i = 0; i < n; i++) {
    const w = v.norms[i]!;
    // One lookup answers "can any rule start here?" for almost every token.
    if (!RULE_WORDS.has(w)) continue;
    if (DEROGATORY.has(w)) out.push(nameCalling(v, ownerStart(v, i), i + 1, w, 'derogatory'));
    else if (LABEL_WITH_OWNER.has(w)) {
      const from = ownerStart(v, i);
      if (from < i) out.push(nameCalling(v, from, i + 1, w, 'owner'));
    }
    const pair = LOADED_PAIRS.get(w);
    // The tokenizer splits hyphenated words ("witch - hunt"), so a pair may have a hyphen between.
    const second = v.norms[i + 1] === '-' ? i + 2 : i + 1;
    if (LOADED.has(w) || (pair !== undefined && pair === v.norms[second] && second < v.sentTo[i]!)) {
      const to = LOADED.has(w) ? i + 1 : second + 1;
      out.push(flag(v, 'Loaded_Language', i, to, RULE_CONFIDENCE.loaded, `rule:loaded-metaphor (${v.norms.slice(i, to).join(' ')})`, v.text.slice(v.tokens[i]!.start, v.tokens[to - 1]!.end)));
    }
    const candidates = BY_FIRST_WORD.get(w);
    // Most first words are common ("of", "is", "no"): the second word rules almost all of them out at once.
    if (!candidates || !SECOND_WORDS.get(w)!.has(v.norms[i + 1]!)) continue;
    for (const ph of candidates) {
      const end = match(v, i, ph.steps);
      if (end < 0) continue;
      const to = extendClause(v, end, ph.extend);
      const cue = v.text.slice(v.tokens[i]!.start, v.tokens[end - 1]!.end);
      const conf = ph.technique === 'Doubt' ? RULE_CONFIDENCE.doubt : RULE_CONFIDENCE.exaggeration;
      const rule = ph.technique === 'Doubt' ? 'doubt-phrase' : 'exaggeration-phrase';
      out.push(flag(v, ph.technique, i, to, conf, `rule:${rule} ("${ph.name}")`, cue));
      break;
    }
  }
  for (const q of rhetoricalQuestions(v)) out.push(q);
  return out;
}

/** Phrases by first word (phrases never start with an optional word), so most tokens cost one lookup. */
const BY_FIRST_WORD = new Map<string, Phrase[]>();
for (const ph of PHRASES) {
  for (const w of ph.steps[0]!.alts) BY_FIRST_WORD.set(w, [...(BY_FIRST_WORD.get(w) ?? []), ph]);
}

/** Per first word, every word that may follow it in some phrase (a phrase of one word admits anything: '*'). */
const SECOND_WORDS = new Map<string, { has(w: string): boolean }>();
for (const [w, phrases] of BY_FIRST_WORD) {
  const next = new Set<string>();
  let any = false;
  for (const ph of phrases) {
    // Optional words may be skipped, so every word up to the first required one can come second.
    let k = 1;
    for (; k < ph.steps.length; k++) {
      for (const a of ph.steps[k]!.alts) next.add(a);
      if (!ph.steps[k]!.optional) break;
    }
    if (k >= ph.steps.length) any = true;
  }
  SECOND_WORDS.set(w, any ? { has: () => true } : next);
}

const RULE_WORDS = new Set([...DEROGATORY, ...LABEL_WITH_OWNER, ...LOADED, ...LOADED_PAIRS.keys(), ...BY_FIRST_WORD.keys()]);

/** Index one past the phrase matched at token i, or -1. */
function match(v: ArticleView, i: number, steps: Phrase['steps']): number {
  let k = i;
  const end = v.sentTo[i]!;
  for (const step of steps) {
    if (k < end && step.alts.has(v.norms[k]!)) k++;
    else if (!step.optional) return -1;
  }
  return k;
}

function extendClause(v: ArticleView, end: number, extra: number): number {
  const stop = Math.min(v.sentTo[end - 1]!, end + extra);
  let k = end;
  while (k < stop && !CLAUSE_END.has(v.norms[k]!)) k++;
  return k;
}

/** Start of the owner run before a label: capitalised proper nouns or adjectives ("US Kurdish proxies"), at most 3. */
function ownerStart(v: ArticleView, i: number): number {
  let from = i;
  while (from > v.sentFrom[i]! && i - from < 3) {
    const t = v.tokens[from - 1]!;
    const c = v.text.charCodeAt(t.start);
    const capitalised = c >= 65 && c <= 90;
    // "US-backed" arrives as three tokens: US, -, backed.
    if (BACKED.has(v.norms[from - 1]!) && v.norms[from - 2] === '-' && from - 3 >= v.sentFrom[i]!) from -= 3;
    else if (capitalised && (OWNER_TAGS.has(t.pos) || /^[A-Z]{2,}$/.test(v.text.slice(t.start, t.end)))) from--;
    else break;
  }
  return from;
}

function nameCalling(v: ArticleView, from: number, to: number, label: string, kind: 'derogatory' | 'owner'): TechniqueFlag {
  const text = v.text.slice(v.tokens[from]!.start, v.tokens[to - 1]!.end);
  const source = kind === 'derogatory' ? `rule:name-calling (derogatory label "${label}")` : `rule:name-calling (label "${label}" pinned on a named group)`;
  const confidence = kind === 'owner' && (label === 'regime' || label === 'junta') ? RULE_CONFIDENCE.regime : RULE_CONFIDENCE[kind];
  return flag(v, 'Name_Calling,Labeling', from, to, confidence, source, text);
}

function flag(v: ArticleView, technique: string, from: number, to: number, confidence: number, source: string, cue: string): TechniqueFlag {
  const start = v.tokens[from]!.start;
  const end = v.tokens[to - 1]!.end;
  const text = v.text.slice(start, end);
  return { technique, start, end, text, confidence, source, reason: techniqueReason(technique, cue, text, 1) };
}

/** Openings of questions that insinuate rather than ask ("Why would ...", "Could it be that ..."). */
const RHETORICAL = [
  ['why', 'would'], ['why', 'else'], ['how', 'can'], ['how', 'could'], ['who', 'benefits'], ['who', 'really'], ['could', 'it', 'be'],
  ['is', 'it', 'any', 'wonder'], ['are', 'we', 'really'], ['is', 'it', 'really'], ['do', 'they', 'really'], ['does', 'anyone', 'really'],
];

/** Whole questions that open like RHETORICAL and end with '?', flagged as Doubt. */
function rhetoricalQuestions(v: ArticleView): TechniqueFlag[] {
  const out: TechniqueFlag[] = [];
  for (let i = 0; i < v.tokens.length; i = v.sentTo[i]!) {
    const to = v.sentTo[i]!;
    if (v.norms[to - 1] !== '?') continue;
    const open = RHETORICAL.find((r) => r.every((w, k) => v.norms[i + k] === w));
    if (!open) continue;
    out.push(flag(v, 'Doubt', i, to - 1, RULE_CONFIDENCE.rhetorical, `rule:rhetorical-question ("${open.join(' ')} …?")`, v.text.slice(v.tokens[i]!.start, v.tokens[i + open.length - 1]!.end)));
  }
  return out;
}
