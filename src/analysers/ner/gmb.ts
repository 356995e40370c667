import { isTitleWord } from './titles.js';

/**
 * Reading the Groningen Meaning Bank NER corpus (CSV `Sentence #,Word,POS,Tag`, IOB2 over geo/org/per/gpe/tim/
 * art/eve/nat) and mapping its tags to CoNLL-2003 types, which is what the tagger ships. Used only by training.
 */

export interface GmbSentence {
  words: string[];
  pos: string[];
  tags: string[];
}

/** Minimal RFC-4180 CSV line parser (fields may be quoted, quotes doubled). */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          v += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else v += line[i++];
      }
      out.push(v);
      i++; // the comma
    } else {
      const c = line.indexOf(',', i);
      const end = c < 0 ? line.length : c;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

export function parseGmbCsv(text: string): GmbSentence[] {
  const lines = text.split(/\r?\n/);
  const sents: GmbSentence[] = [];
  let cur: GmbSentence | undefined;
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k]!;
    if (!line) continue;
    const f = parseCsvLine(line);
    if (f.length < 4) continue;
    if (f[0] || !cur) {
      cur = { words: [], pos: [], tags: [] };
      sents.push(cur);
    }
    cur.words.push(f[1]!);
    cur.pos.push(f[2]!);
    cur.tags.push(f[3]!);
  }
  return sents;
}

export type GpeMode = 'split' | 'loc' | 'misc';

export interface MapOptions {
  /** How GMB `gpe` maps: 'split' = adjectives and plural nouns (demonyms) → MISC, proper nouns → LOC. */
  gpe: GpeMode;
  /** Drop leading titles ("President", "Mr.") from GMB person spans: CoNLL person spans are names only. */
  stripTitles: boolean;
}

/** Spans of an IOB2 sequence: [start, end, type]. */
export function iob2Spans(tags: readonly string[]): [number, number, string][] {
  const spans: [number, number, string][] = [];
  for (let i = 0; i < tags.length; ) {
    const t = tags[i]!;
    if (t === 'O' || t.length < 3) {
      i++;
      continue;
    }
    const type = t.slice(2);
    let j = i + 1;
    while (j < tags.length && tags[j] === 'I-' + type) j++;
    spans.push([i, j, type]);
    i = j;
  }
  return spans;
}

/** A title-like token: an abbreviation with a period ("Mr.", "Gen."), a known title, or a lower-case word. */
function isTitle(w: string): boolean {
  return w === w.toLowerCase() || isTitleWord(w);
}

/** GMB tags of one sentence → CoNLL BIO tags (PER/ORG/LOC/MISC). */
export function mapSentence(s: GmbSentence, opts: MapOptions): string[] {
  const out = s.words.map(() => 'O');
  for (const [start0, end, type] of iob2Spans(s.tags)) {
    let start = start0;
    let label: string | undefined;
    switch (type) {
      case 'per':
        label = 'PER';
        if (opts.stripTitles) while (end - start > 1 && isTitle(s.words[start]!)) start++;
        break;
      case 'org':
        label = 'ORG';
        break;
      case 'geo':
        label = 'LOC';
        break;
      case 'gpe': {
        const pos = s.pos[end - 1]!;
        label = opts.gpe === 'loc' ? 'LOC' : opts.gpe === 'misc' ? 'MISC' : pos === 'NNP' || pos === 'NN' ? 'LOC' : 'MISC';
        break;
      }
      case 'art':
      case 'eve':
      case 'nat':
        label = 'MISC';
        break;
      default:
        label = undefined; // tim: CoNLL does not tag dates
    }
    if (!label) continue;
    out[start] = 'B-' + label;
    for (let k = start + 1; k < end; k++) out[k] = 'I-' + label;
  }
  return out;
}

const ACRONYM = /^(?:[A-Z]\.){2,}$|^[A-Z]{2,6}$/;

/**
 * GMB's machine-made tags swing between geo and org for the same acronym ("U.N. officials" is often geo):
 * single-word acronym names are relabelled to their majority type between those two when it is clear (≥ 60%).
 * Returns how many tags changed.
 */
export function harmoniseAcronyms(sents: GmbSentence[]): number {
  const counts = new Map<string, Map<string, number>>();
  const singles = (s: GmbSentence) => iob2Spans(s.tags).filter(([a, b, t]) => b - a === 1 && (t === 'geo' || t === 'org') && ACRONYM.test(s.words[a]!));
  for (const s of sents) {
    for (const [a, , t] of singles(s)) {
      let c = counts.get(s.words[a]!);
      if (!c) counts.set(s.words[a]!, (c = new Map()));
      c.set(t, (c.get(t) ?? 0) + 1);
    }
  }
  let changed = 0;
  for (const s of sents) {
    for (const [a, , t] of singles(s)) {
      const c = counts.get(s.words[a]!)!;
      const other = t === 'geo' ? 'org' : 'geo';
      const mine = c.get(t) ?? 0;
      const theirs = c.get(other) ?? 0;
      if (theirs >= 0.6 * (mine + theirs)) {
        s.tags[a] = 'B-' + other;
        changed++;
      }
    }
  }
  return changed;
}
