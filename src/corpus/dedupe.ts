/**
 * Near-duplicate detection with MinHash over word 3-gram shingles (Broder 1997) and locality-sensitive hashing.
 * Two texts are near-duplicates when the estimated Jaccard similarity of their shingle sets is at least
 * NEAR_DUPLICATE_SIMILARITY (0.8: a syndicated story with a changed sentence or two, a re-edited copy).
 *
 * Why not simhash: on news-length texts (a few hundred words) a 64-bit simhash moved 5 bits for one changed word in
 * our tests, past the usual 3-bit threshold; MinHash estimates the overlap directly, with a standard error of about
 * 0.05 at 64 hashes. Candidates come from 16 bands of 4 hashes: a pair at similarity 0.8 shares a band with
 * probability 1-(1-0.8^4)^16 > 0.999, a pair at 0.3 with about 0.12 (then rejected by the estimate), unrelated texts
 * almost never. Weaknesses: texts shorter than MIN_WORDS are never called near-duplicates (too few shingles; exact
 * duplicates of any length are still caught by the content hash), and a long article quoting another in full is not
 * flagged because Jaccard compares whole texts.
 */

export const NEAR_DUPLICATE_SIMILARITY = 0.8;
export const MIN_WORDS = 40;
const HASHES = 64;
const ROWS = 4;

/** murmur3's 32-bit finaliser: a cheap, well-mixed permutation of 32-bit integers. */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix(h >>> 0);
}

const SEEDS = Array.from({ length: HASHES }, (_, i) => fmix((i + 1) * 0x9e3779b9));

export function words(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The MinHash signature as hex (8 digits per hash), or undefined for texts too short to judge. */
export function fingerprint(text: string): string | undefined {
  const w = words(text);
  if (w.length < MIN_WORDS) return undefined;
  const mins = new Uint32Array(HASHES).fill(0xffffffff);
  const seen = new Set<number>();
  for (let i = 0; i + 3 <= w.length; i++) {
    const h = fnv1a(`${w[i]} ${w[i + 1]} ${w[i + 2]}`);
    if (seen.has(h)) continue;
    seen.add(h);
    for (let k = 0; k < HASHES; k++) {
      const v = fmix((h ^ SEEDS[k]!) >>> 0);
      if (v < mins[k]!) mins[k] = v;
    }
  }
  let out = '';
  for (const m of mins) out += m.toString(16).padStart(8, '0');
  return out;
}

function values(fp: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < fp.length; i += 8) out.push(parseInt(fp.slice(i, i + 8), 16));
  return out;
}

/** One 31-bit key per band of ROWS hashes (non-negative, so every database stores it as a plain integer). */
export function bands(fp: string): number[] {
  const v = values(fp);
  const out: number[] = [];
  for (let b = 0; b + ROWS <= v.length; b += ROWS) {
    let h = 0x811c9dc5;
    for (let r = 0; r < ROWS; r++) h = fmix((h ^ v[b + r]!) >>> 0);
    out.push(h >>> 1);
  }
  return out;
}

/** Estimated Jaccard similarity of the two shingle sets: the share of equal MinHash values. */
export function similarity(a: string, b: string): number {
  const va = values(a);
  const vb = values(b);
  let same = 0;
  for (let i = 0; i < va.length; i++) if (va[i] === vb[i]) same++;
  return va.length ? same / va.length : 0;
}

/** The most similar candidate at or above the threshold, if any. */
export function nearest(fp: string, candidates: Iterable<{ id: string; fingerprint: string }>, min = NEAR_DUPLICATE_SIMILARITY): { id: string; similarity: number } | undefined {
  let best: { id: string; similarity: number } | undefined;
  for (const c of candidates) {
    const s = similarity(fp, c.fingerprint);
    if (s >= min && (!best || s > best.similarity)) best = { id: c.id, similarity: s };
  }
  return best;
}
