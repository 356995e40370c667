import type { NerLabel, WordSpan } from './tagger.js';

/**
 * Document-level consistency (one sense per discourse): a news story uses a name in one sense throughout, while a
 * sentence-by-sentence tagger reads "Washington" as a place in one sentence and a person in the next, or misses a
 * surname that it tagged as part of a full name two sentences earlier. Each span votes for its label with its
 * confidence; spans are then relabelled to their name's winning label, and unlabelled capitalised occurrences of a
 * name tagged elsewhere in the document are added. Pure: sentences and spans in, spans out.
 */

const CAP = /^\p{Lu}/u;
/** How much more weight the winning label needs than a span's own label to overrule it. */
const MARGIN = 1.5;
/** Confidence a propagated (added) span gets, times the name's vote share. */
const ADDED = 0.6;

interface Votes {
  by: Map<NerLabel, number>;
  total: number;
}

function vote(table: Map<string, Votes>, key: string, label: NerLabel, w: number): void {
  let v = table.get(key);
  if (!v) table.set(key, (v = { by: new Map(), total: 0 }));
  v.by.set(label, (v.by.get(label) ?? 0) + w);
  v.total += w;
}

function winner(v: Votes): [NerLabel, number] {
  let best: NerLabel = 'MISC';
  let bw = -1;
  for (const [l, w] of v.by) {
    if (w > bw) {
      best = l;
      bw = w;
    }
  }
  return [best, bw];
}

const keyOf = (words: readonly string[], s: number, e: number) => words.slice(s, e).join(' ').toLowerCase();

/** Words with a letter that are not capitalised are never names of their own here ("the", "said"). */
function nameLike(w: string): boolean {
  return CAP.test(w) && w.length > 1 && w.toLowerCase() !== w.toUpperCase();
}

export function harmonise(sentences: readonly (readonly string[])[], spans: readonly WordSpan[][]): WordSpan[][] {
  const full = new Map<string, Votes>();
  // Surnames: the last word of a two-or-more-word person name stands for the person later in the story.
  const sur = new Map<string, Votes>();
  sentences.forEach((words, k) => {
    for (const s of spans[k]!) {
      const w = Math.max(0.05, s.confidence);
      vote(full, keyOf(words, s.start, s.end), s.label, w);
      if (s.label === 'PER' && s.end - s.start >= 2 && nameLike(words[s.end - 1]!)) vote(sur, keyOf(words, s.end - 1, s.end), 'PER', w);
    }
  });
  if (!full.size) return spans.map((s) => [...s]);
  const decide = (key: string): [NerLabel, number, number] | undefined => {
    const f = full.get(key);
    const p = sur.get(key);
    if (!f && !p) return undefined;
    const merged: Votes = { by: new Map(f?.by ?? []), total: f?.total ?? 0 };
    // A surname seen inside a full name counts double: "Todd Martin" settles what a later "Martin" is.
    if (p) {
      merged.by.set('PER', (merged.by.get('PER') ?? 0) + 2 * p.total);
      merged.total += 2 * p.total;
    }
    const [l, w] = winner(merged);
    return [l, w, merged.total];
  };
  return sentences.map((words, k) => {
    const out: WordSpan[] = [];
    const covered = new Uint8Array(words.length);
    for (const s of spans[k]!) {
      for (let i = s.start; i < s.end; i++) covered[i] = 1;
      const d = decide(keyOf(words, s.start, s.end));
      if (d && d[0] !== s.label) {
        const own = d[2] - d[1] >= 0 ? (full.get(keyOf(words, s.start, s.end))?.by.get(s.label) ?? 0) : 0;
        if (d[1] > MARGIN * own) {
          out.push({ ...s, label: d[0], from: 'relabelled', confidence: Math.round(Math.min(s.confidence, d[1] / d[2]) * 1000) / 1000 });
          continue;
        }
      }
      out.push(s);
    }
    // Unlabelled occurrences of names tagged elsewhere: longest match first, names of up to four words.
    for (let i = 0; i < words.length; i++) {
      if (covered[i] || !nameLike(words[i]!)) continue;
      for (let len = Math.min(4, words.length - i); len >= 1; len--) {
        let ok = true;
        for (let j = i; j < i + len; j++) if (covered[j]) ok = false;
        if (!ok || !nameLike(words[i + len - 1]!)) continue;
        const d = decide(keyOf(words, i, i + len));
        if (!d || d[0] === 'MISC') continue;
        // A name must be bounded: the next word is not capitalised too (else it is part of a longer, other name).
        if (i + len < words.length && nameLike(words[i + len]!) && !covered[i + len]) continue;
        if (i > 0 && nameLike(words[i - 1]!) && !covered[i - 1]) continue;
        out.push({ start: i, end: i + len, label: d[0], from: 'added', confidence: Math.round(ADDED * (d[1] / d[2]) * 1000) / 1000 });
        for (let j = i; j < i + len; j++) covered[j] = 1;
        i += len - 1;
        break;
      }
    }
    return out.sort((a, b) => a.start - b.start);
  });
}
