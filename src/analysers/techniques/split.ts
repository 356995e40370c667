/**
 * The fixed held-out rule for the propaganda corpus: an article is held out when bucket(ID) < 20, where bucket is
 * the FNV-1a 32-bit hash of the ID string (the digits after "article"), finished with MurmurHash3's fmix32 so
 * that near-identical digit strings spread evenly, mod 100. That is 75 of the 371 ptc-train articles (20.2%).
 * The rule needs no list, so anyone can recompute it; the model folder also records the exact trained IDs, which
 * is what eval checks.
 */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** 0..99, fixed per article ID. */
export function articleBucket(articleId: string): number {
  return fmix32(fnv1a(articleId)) % 100;
}

export function isHeldOut(articleId: string): boolean {
  return articleBucket(articleId) < 20;
}

/** Inside the training part, the articles used to tune thresholds and calibration before the final refit. */
export function isTuning(articleId: string): boolean {
  const b = articleBucket(articleId);
  return b >= 20 && b < 40;
}
