/**
 * The span detector's hashed weights, stored compactly. The hash table has 2^SI_BITS slots but only a few percent
 * hold a weight, and a token's ~25 features land on scattered slots: in the full pipeline (where the other
 * analysers have filled the CPU cache with their own data) nearly every lookup in the dense table (several MB)
 * missed the cache. Here a bitset marks the slots that hold a weight (one bit per slot, with a running count per 32
 * slots) and the weights of both passes sit side by side in one small array: under a megabyte in all, and the sums
 * are the same numbers added in the same order.
 */
export class CompactWeights {
  /**
   * Per 32 slots, the bitset word at 2j and the count of stored slots before them at 2j+1: side by side, so one
   * lookup touches one cache line, not two (the lookups are scattered, and nearly all miss the cache).
   */
  private readonly index: Uint32Array;
  /** Per stored slot, its first-pass weight at 2k and its second-pass weight at 2k+1. */
  readonly w: Float32Array;

  constructor(first: Float32Array, second: Float32Array | undefined) {
    const words = first.length >>> 5;
    this.index = new Uint32Array(2 * words);
    let count = 0;
    for (let j = 0; j < words; j++) {
      this.index[2 * j + 1] = count;
      let word = 0;
      for (let b = 0; b < 32; b++) {
        const s = (j << 5) | b;
        if (first[s] !== 0 || (second !== undefined && second[s] !== 0)) {
          word |= 1 << b;
          count++;
        }
      }
      this.index[2 * j] = word;
    }
    this.w = new Float32Array(2 * count);
    let k = 0;
    for (let s = 0; s < first.length; s++) {
      if (first[s] === 0 && (second === undefined || second[s] === 0)) continue;
      this.w[2 * k] = first[s]!;
      this.w[2 * k + 1] = second ? second[s]! : 0;
      k++;
    }
  }

  /** Twice the index of slot s in `w` (where its first-pass weight is), or -1 when the slot holds no weight. */
  at(s: number): number {
    const j = (s >>> 5) << 1;
    const word = this.index[j]!;
    const b = s & 31;
    if (((word >>> b) & 1) === 0) return -1;
    return 2 * (this.index[j + 1]! + popcount(word & ((1 << b) - 1)));
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
