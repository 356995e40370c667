import { readFileSync } from 'node:fs';
import { dataPath } from './data-path.js';

export type Stance = 'neutral' | 'distancing' | 'endorsing';

export interface ReportingVerb {
  lemma: string;
  stance: Stance;
}

export interface Lexicons {
  /** Every inflected form of a reporting verb → its lemma and stance. */
  reportingForms: Map<string, ReportingVerb>;
  /** Hedge entries (one or more words, lower case) → kind (hedge or speculation). */
  hedges: PhraseList;
  speculation: PhraseList;
  boosters: PhraseList;
}

/** Phrases indexed by first word, longest first, for matching over lower-cased token norms. */
export type PhraseList = Map<string, string[][]>;

let cached: Lexicons | undefined;

/** Loaded once on first use and shared read-only. */
export function lexicons(): Lexicons {
  cached ??= {
    reportingForms: loadReportingVerbs(read('reporting-verbs.tsv')),
    hedges: phraseList(read('hedges.txt')),
    speculation: phraseList(read('speculation.txt')),
    boosters: phraseList(read('boosters.txt')),
  };
  return cached;
}

function read(name: string): string[] {
  return readFileSync(dataPath('data', 'lexicons', name), 'utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
}

export function loadReportingVerbs(lines: string[]): Map<string, ReportingVerb> {
  const forms = new Map<string, ReportingVerb>();
  for (const line of lines) {
    const [lemma, stance, irregular] = line.split('\t');
    if (!lemma || !stance) continue;
    const entry = { lemma, stance: stance as Stance };
    for (const f of [...inflect(lemma), ...(irregular ? irregular.split(',') : [])]) if (!forms.has(f)) forms.set(f, entry);
  }
  return forms;
}

/** Regular English verb forms: base, -s, -ed, -ing (enough for the verbs in the list; irregulars are listed). */
export function inflect(lemma: string): string[] {
  const out = [lemma];
  const cons = (c: string | undefined) => c !== undefined && !'aeiou'.includes(c);
  if (/(s|sh|ch|x|z)$/.test(lemma)) out.push(lemma + 'es');
  else if (lemma.endsWith('y') && cons(lemma.at(-2))) out.push(lemma.slice(0, -1) + 'ies');
  else out.push(lemma + 's');
  if (lemma.endsWith('e')) out.push(lemma + 'd', lemma.slice(0, -1) + 'ing');
  else if (lemma.endsWith('y') && cons(lemma.at(-2))) out.push(lemma.slice(0, -1) + 'ied', lemma + 'ing');
  else if (/^[^aeiou]*[aeiou][^aeiouwxy]$/.test(lemma)) out.push(lemma + lemma.at(-1) + 'ed', lemma + lemma.at(-1) + 'ing');
  else if (/(mit|fer|cel)$/.test(lemma)) out.push(lemma + lemma.at(-1) + 'ed', lemma + lemma.at(-1) + 'ing');
  else out.push(lemma + 'ed', lemma + 'ing');
  return out;
}

export function phraseList(lines: string[]): PhraseList {
  const m: PhraseList = new Map();
  for (const line of lines) {
    const words = line.trim().toLowerCase().split(/\s+/);
    const list = m.get(words[0]!) ?? [];
    list.push(words);
    m.set(words[0]!, list);
  }
  for (const list of m.values()) list.sort((a, b) => b.length - a.length);
  return m;
}

/** Length in tokens of the longest phrase of `list` starting at norms[i], or 0. */
export function matchPhrase(list: PhraseList, norms: readonly string[], i: number): number {
  const cands = list.get(norms[i]!);
  if (!cands) return 0;
  for (const words of cands) {
    let ok = true;
    for (let k = 0; k < words.length && ok; k++) ok = norms[i + k] === words[k];
    if (ok) return words.length;
  }
  return 0;
}
