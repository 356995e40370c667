import { NT, TAGS } from './model.js';

/** allowed[p * NT + t]: may tag t follow tag p? (I-X only continues B-X or I-X; row NT is the sentence start.) */
export const ALLOWED: Uint8Array = (() => {
  const a = new Uint8Array((NT + 1) * NT);
  for (let p = 0; p <= NT; p++) {
    for (let t = 0; t < NT; t++) {
      const tag = TAGS[t]!;
      if (!tag.startsWith('I-')) a[p * NT + t] = 1;
      else if (p < NT && TAGS[p]!.slice(2) === tag.slice(2)) a[p * NT + t] = 1;
    }
  }
  return a;
})();

/**
 * The allowed transitions as lists, so the decoders' inner loops visit only them (an I- tag has two possible
 * predecessors, not nine): FROM[t] the tags that may precede t, TO[p] the tags that may follow p (p < NT), each
 * in increasing order, which keeps the sums and the tie-breaking of the full loops.
 */
const FROM: Int8Array[] = Array.from({ length: NT }, (_, t) => Int8Array.from([...Array(NT).keys()].filter((p) => ALLOWED[p * NT + t])));
const TO: Int8Array[] = Array.from({ length: NT }, (_, p) => Int8Array.from([...Array(NT).keys()].filter((t) => ALLOWED[p * NT + t])));

/**
 * Best tag sequence under emission scores (n x NT, row-major) plus transition scores, with BIO constraints
 * enforced, so every output is a well-formed set of spans.
 */
export function viterbi(emit: Float32Array, n: number, trans: Float32Array): Int8Array {
  const path = new Int8Array(n);
  if (n === 0) return path;
  const score = new Float64Array(n * NT);
  const back = new Int8Array(n * NT);
  for (let t = 0; t < NT; t++) score[t] = ALLOWED[NT * NT + t] ? emit[t]! + trans[NT * NT + t]! : -Infinity;
  for (let i = 1; i < n; i++) {
    for (let t = 0; t < NT; t++) {
      let best = -Infinity;
      let arg = 0;
      const from = FROM[t]!;
      for (let k = 0; k < from.length; k++) {
        const p = from[k]!;
        const s = score[(i - 1) * NT + p]! + trans[p * NT + t]!;
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      score[i * NT + t] = best + emit[i * NT + t]!;
      back[i * NT + t] = arg;
    }
  }
  let best = -Infinity;
  for (let t = 0; t < NT; t++) {
    if (score[(n - 1) * NT + t]! > best) {
      best = score[(n - 1) * NT + t]!;
      path[n - 1] = t;
    }
  }
  for (let i = n - 1; i > 0; i--) path[i - 1] = back[i * NT + path[i]!]!;
  return path;
}

/**
 * exp(trans / T) where the transition is allowed, else 0: the same for every sentence, so kept per table and T. The
 * table is compared with a copy (ninety comparisons cost far less than ninety exponentials), so a caller that
 * changes its table in place (training) still gets fresh values.
 */
const expCache = new WeakMap<Float32Array, { T: number; copy: Float32Array; tr: Float64Array }>();
function expTransitions(trans: Float32Array, T: number): Float64Array {
  const hit = expCache.get(trans);
  if (hit && hit.T === T && sameValues(hit.copy, trans)) return hit.tr;
  const tr = new Float64Array((NT + 1) * NT);
  for (let i = 0; i < tr.length; i++) tr[i] = ALLOWED[i] ? Math.exp(trans[i]! / T) : 0;
  expCache.set(trans, { T, copy: Float32Array.from(trans), tr });
  return tr;
}

function sameValues(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Per-token tag probabilities (n x NT) by forward-backward over the scores divided by `temperature`: the model's
 * confidence in each tag given the whole sentence. With `rows`, only the tokens whose entry there is not 0 (not
 * tagged O) get their probabilities; the others stay 0 (the tagger reads spans only).
 */
export function marginals(emit: Float32Array, n: number, trans: Float32Array, temperature: number, rows?: Int8Array): Float64Array {
  const T = temperature > 0 ? temperature : 1;
  const fw = new Float64Array(n * NT);
  const bw = new Float64Array(n * NT);
  const et = new Float64Array(n * NT);
  let m = -Infinity;
  for (let i = 0; i < n * NT; i++) m = Math.max(m, emit[i]!);
  for (let i = 0; i < n * NT; i++) et[i] = Math.exp((emit[i]! - m) / T);
  const tr = expTransitions(trans, T);
  // Scaled forward-backward: each row normalised to sum 1, so long sentences never underflow.
  for (let t = 0; t < NT; t++) fw[t] = tr[NT * NT + t]! * et[t]!;
  normalise(fw, 0);
  for (let i = 1; i < n; i++) {
    for (let t = 0; t < NT; t++) {
      let s = 0;
      const from = FROM[t]!;
      for (let k = 0; k < from.length; k++) s += fw[(i - 1) * NT + from[k]!]! * tr[from[k]! * NT + t]!;
      fw[i * NT + t] = s * et[i * NT + t]!;
    }
    normalise(fw, i * NT);
  }
  for (let t = 0; t < NT; t++) bw[(n - 1) * NT + t] = 1;
  for (let i = n - 2; i >= 0; i--) {
    for (let p = 0; p < NT; p++) {
      let s = 0;
      const to = TO[p]!;
      for (let k = 0; k < to.length; k++) {
        const t = to[k]!;
        s += tr[p * NT + t]! * et[(i + 1) * NT + t]! * bw[(i + 1) * NT + t]!;
      }
      bw[i * NT + p] = s;
    }
    normalise(bw, i * NT);
  }
  const out = new Float64Array(n * NT);
  for (let i = 0; i < n; i++) {
    if (rows && rows[i] === 0) continue;
    for (let t = 0; t < NT; t++) out[i * NT + t] = fw[i * NT + t]! * bw[i * NT + t]!;
    normalise(out, i * NT);
  }
  return out;
}

function normalise(a: Float64Array, off: number): void {
  let s = 0;
  for (let t = 0; t < NT; t++) s += a[off + t]!;
  if (s > 0) for (let t = 0; t < NT; t++) a[off + t] = a[off + t]! / s;
}
