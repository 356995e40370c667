/**
 * Bag-of-words vectors for matching claims against a catalogue: lower-cased content words, lightly stemmed, weighted
 * by tf-idf and normalised, compared by cosine. Entity ids from the entity layer join as extra terms, so aliases
 * ("Daesh", "ISIS", "Islamic State") meet on one term.
 */
const STOP = new Set(
  'a an the and or but if of to in on at by for with from as is are was were be been being has have had do does did this that these those it its they them their there here which who whom whose what when where why how not no nor so than too very can could will would shall should may might must also just only into over under about after before between through during against all any both each few more most other some such own same then once again further out up down off he she we you i me my our your his her us said says say'.split(
    ' ',
  ),
);

export function terms(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[\p{L}][\p{L}\p{N}'-]*/gu)) {
    const w = m[0].replace(/'s$/, '').replace(/^-+|-+$/g, '');
    if (w.length < 3 || STOP.has(w)) continue;
    out.push(stem(w));
  }
  return out;
}

/** A light suffix stripper: enough to meet "supports/supported/supporting" on one term without a stemming library. */
export function stem(w: string): string {
  if (w.length <= 4) return w;
  return w
    .replace(/(?:ies)$/, 'y')
    .replace(/(?:ing|ed|es|s)$/, '')
    .replace(/(?:ation|ment)$/, '');
}

export type SparseVector = Map<string, number>;

export function tfidf(termsList: string[], idf: (t: string) => number): SparseVector {
  const tf = new Map<string, number>();
  for (const t of termsList) tf.set(t, (tf.get(t) ?? 0) + 1);
  const v: SparseVector = new Map();
  let norm = 0;
  for (const [t, c] of tf) {
    const w = (1 + Math.log(c)) * idf(t);
    if (w <= 0) continue;
    v.set(t, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [t, w] of v) v.set(t, w / norm);
  return v;
}

export function cosine(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [t, w] of small) s += w * (large.get(t) ?? 0);
  return s;
}
