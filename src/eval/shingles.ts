/**
 * The article-extraction benchmark's metric: multisets of 4-gram shingles of `\w+` tokens (texts shorter than four
 * tokens give one shingle); per page tp/fp/fn from the multiset intersection and differences.
 */
export function shingleCounts(true_: string, pred: string, n = 4): { tp: number; fp: number; fn: number } {
  const t = shingles(true_, n);
  const p = shingles(pred, n);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [k, c] of p) {
    const tc = t.get(k) ?? 0;
    tp += Math.min(c, tc);
    fp += Math.max(0, c - tc);
  }
  for (const [k, c] of t) fn += Math.max(0, c - (p.get(k) ?? 0));
  return { tp, fp, fn };
}

/** Precision and recall of one page, with the benchmark's conventions for empty texts. */
export function pagePrecisionRecall({ tp, fp, fn }: { tp: number; fp: number; fn: number }): { precision: number; recall: number } {
  if (fp === 0 && fn === 0) return { precision: 1, recall: 1 };
  if (tp === 0) return { precision: 0, recall: 0 };
  return { precision: tp / (tp + fp), recall: tp / (tp + fn) };
}

function shingles(text: string, n: number): Map<string, number> {
  const tokens = text.match(/[\p{L}\p{N}_\p{M}]+/gu) ?? [];
  const out = new Map<string, number>();
  const count = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < count; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

export function f1(p: number, r: number): number {
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}
