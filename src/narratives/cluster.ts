/**
 * Narratives without a catalogue: the author's claims that recur across documents, grouped by near-duplicate and
 * paraphrase similarity with nothing but offline arithmetic.
 *
 * 1. Each claim becomes its content terms (narratives/similarity.ts: lower case, stop words out, light stemming) plus
 *    the ids of the entities mentioned inside it. Claims with fewer than MIN_TERMS distinct terms are too short to
 *    carry a narrative and are left out.
 * 2. Claims with the same term set collapse into one node first (syndicated copies, repeated lines), so a claim
 *    printed a thousand times costs one node, not a thousand.
 * 3. Candidate pairs come from MinHash over each node's term set (terms in more than COMMON_DF of claims left out:
 *    they say "about Russia", not "which claim"), banded for LSH. A bucket larger than BUCKET_CAP compares each node
 *    with its next WINDOW neighbours only, so the work stays linear in the number of claims, never quadratic.
 * 4. A candidate pair joins when its score reaches the threshold: tf-idf cosine over terms, blended with the Jaccard
 *    overlap of entity ids when both claims name entities (so "A shelled B" and "B shelled A"-style swaps of actors
 *    and near-identical claims about different countries are pulled apart a little). Joined pairs are merged with
 *    union-find (single link).
 * 5. A group becomes a narrative when its claims come from at least MIN_DOCUMENTS documents. Its label is the member
 *    closest to the group's centroid.
 *
 * The threshold was chosen on the hand-written paraphrase fixture (test/fixtures/narratives/paraphrases.jsonl; see
 * test/narratives-cluster.test.ts and docs/EVALUATION.md). Bag-of-words similarity misses paraphrases that share
 * few words ("troops" / "soldiers") and can join claims that share words but disagree ("X denied Y" / "X admitted Y"):
 * treat narratives as leads for an analyst, not findings.
 */
import { createHash } from 'node:crypto';
import type { ClaimSource, FacetCount, NarrativeCluster } from '../store/store.js';
import { fmix } from '../corpus/dedupe.js';
import { terms } from './similarity.js';

export interface ClusterOptions {
  /** Score (0..1) at which two claims are joined. */
  threshold?: number;
  /** Fewest distinct documents for a group to count as a recurring narrative. */
  minDocuments?: number;
  /** Most member claims kept per narrative (the strongest). */
  maxClaims?: number;
}

export const DEFAULT_THRESHOLD = 0.5;
const MIN_TERMS = 4;
const MIN_DOCUMENTS = 2;
const HASHES = 32;
const ROWS = 2; // 16 bands of 2 rows: a pair with term Jaccard 0.3 becomes a candidate with probability ~0.78, 0.4 ~0.94
const COMMON_DF = 0.02;
const BUCKET_CAP = 64;
const WINDOW = 16;
/** Weight of entity overlap in the score when both claims name entities. */
const ENTITY_WEIGHT = 0.25;

/** A claim as clustering sees it. */
export interface ClaimInput {
  docId: string;
  start: number;
  end: number;
  text: string;
  outlet?: string;
  published?: string;
  /** Entity ids mentioned in the claim. */
  entities?: string[];
}

interface Node {
  /** Indices into the claim list: claims with this exact term set. */
  members: number[];
  terms: Int32Array;
  weights: Float64Array;
  ents: Int32Array;
}

export interface ClusterStats {
  claims: number;
  usable: number;
  nodes: number;
  comparisons: number;
  joined: number;
  narratives: number;
  ms: number;
}

/** Claims of one stored document, with the entity ids inside each claim's span. */
export function claimInputs(src: ClaimSource): ClaimInput[] {
  return src.claims.map((c) => {
    // Knowledge-base ids only: "doc:" ids are the linker's per-document fallbacks (unlinked names), too noisy to compare.
    const ents = [...new Set(src.entities.filter((e) => e.start >= c.start && e.end <= c.end && !e.id.startsWith('doc:')).map((e) => e.id))];
    const item: ClaimInput = { docId: src.docId, start: c.start, end: c.end, text: c.text };
    if (src.outlet) item.outlet = src.outlet;
    if (src.published) item.published = src.published;
    if (ents.length) item.entities = ents;
    return item;
  });
}

/** Clusters claims into narratives (see the module comment). Pure: same claims, same narratives. */
export function clusterClaims(claims: ClaimInput[], opts: ClusterOptions = {}): { narratives: NarrativeCluster[]; stats: ClusterStats } {
  const t0 = performance.now();
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const minDocs = opts.minDocuments ?? MIN_DOCUMENTS;
  const dict = new Map<string, number>();
  const id = (t: string): number => {
    let i = dict.get(t);
    if (i === undefined) dict.set(t, (i = dict.size));
    return i;
  };
  // 1-2: term sets, collapsed by exact set.
  const byKey = new Map<string, { members: number[]; tf: Map<number, number>; ents: Set<number> }>();
  let usable = 0;
  claims.forEach((c, i) => {
    const ts = terms(c.text);
    const tf = new Map<number, number>();
    for (const t of ts) {
      const k = id(t);
      tf.set(k, (tf.get(k) ?? 0) + 1);
    }
    if (tf.size < MIN_TERMS) return;
    usable++;
    const key = [...tf.keys()].sort((a, b) => a - b).join(',');
    const g = byKey.get(key);
    const ents = (c.entities ?? []).map((e) => id(`ent:${e}`));
    if (g) {
      g.members.push(i);
      for (const e of ents) g.ents.add(e);
    } else byKey.set(key, { members: [i], tf, ents: new Set(ents) });
  });
  const groups = [...byKey.values()];
  byKey.clear();
  // Document frequency over claims (a repeated claim counts once per copy: it is a frequent claim, not a frequent word).
  const df = new Int32Array(dict.size);
  for (const g of groups) for (const t of g.tf.keys()) df[t]! += g.members.length;
  const idf = (t: number): number => Math.log((usable + 1) / (df[t]! + 1)) + 1;
  const nodes: Node[] = groups.map((g) => {
    const ids = [...g.tf.keys()].sort((a, b) => a - b);
    const w = new Float64Array(ids.length);
    let norm = 0;
    ids.forEach((t, j) => {
      w[j] = (1 + Math.log(g.tf.get(t)!)) * idf(t);
      norm += w[j]! * w[j]!;
    });
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < w.length; j++) w[j]! /= norm;
    return { members: g.members, terms: Int32Array.from(ids), weights: w, ents: Int32Array.from([...g.ents].sort((a, b) => a - b)) };
  });
  // 3: MinHash + LSH candidates.
  const common = Math.max(20, COMMON_DF * usable);
  const seeds = Array.from({ length: HASHES }, (_, i) => [fmix(0x9e3779b9 ^ (i * 0x85ebca6b)) | 1, fmix(i + 0x27d4eb2f)] as const);
  const buckets = new Map<number, number[]>();
  const sig = new Uint32Array(HASHES);
  nodes.forEach((n, ni) => {
    sig.fill(0xffffffff);
    let any = false;
    for (const t of n.terms) {
      if (df[t]! > common) continue;
      any = true;
      const x = fmix(t + 1);
      for (let h = 0; h < HASHES; h++) {
        const v = fmix((Math.imul(x, seeds[h]![0]) + seeds[h]![1]) >>> 0);
        if (v < sig[h]!) sig[h] = v;
      }
    }
    if (!any) return;
    for (let b = 0; b < HASHES / ROWS; b++) {
      // A number key (band, 32-bit hash of its rows): string keys cost most of the time at this step.
      let h = fmix(b + 1);
      for (let r = 0; r < ROWS; r++) h = fmix((h ^ sig[b * ROWS + r]!) >>> 0);
      const key = b * 4294967296 + h;
      const list = buckets.get(key);
      if (list) list.push(ni);
      else buckets.set(key, [ni]);
    }
  });
  // 4: score candidates, union-find.
  const parent = Int32Array.from(nodes, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  const tried = new Set<number>();
  let comparisons = 0;
  let joined = 0;
  const consider = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    // Pairs meet in several bands; score each once (the key fits a double exactly below 2^53).
    const key = a < b ? a * 4194304 + b : b * 4194304 + a;
    if (nodes.length < 4194304) {
      if (tried.has(key)) return;
      tried.add(key);
    }
    comparisons++;
    if (score(nodes[a]!, nodes[b]!) >= threshold) {
      parent[ra] = rb;
      joined++;
    }
  };
  for (const list of buckets.values()) {
    if (list.length < 2) continue;
    if (list.length <= BUCKET_CAP) {
      for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) consider(list[i]!, list[j]!);
    } else {
      for (let i = 0; i < list.length; i++) for (let j = i + 1; j < Math.min(list.length, i + 1 + WINDOW); j++) consider(list[i]!, list[j]!);
    }
  }
  buckets.clear();
  tried.clear();
  // 5: groups spanning enough documents become narratives.
  const comps = new Map<number, number[]>();
  nodes.forEach((_, i) => {
    const r = find(i);
    const list = comps.get(r);
    if (list) list.push(i);
    else comps.set(r, [i]);
  });
  const narratives: NarrativeCluster[] = [];
  for (const members of comps.values()) {
    const docs = new Set<string>();
    for (const ni of members) for (const ci of nodes[ni]!.members) docs.add(claims[ci]!.docId);
    if (docs.size < minDocs) continue;
    narratives.push(toNarrative(members.map((ni) => nodes[ni]!), claims, opts.maxClaims ?? 500));
  }
  narratives.sort((a, b) => b.documents - a.documents || b.size - a.size || a.id.localeCompare(b.id));
  return { narratives, stats: { claims: claims.length, usable, nodes: nodes.length, comparisons, joined, narratives: narratives.length, ms: Math.round(performance.now() - t0) } };
}

/** Cosine of two normalised sparse vectors stored as sorted term ids and weights. */
function dot(a: Node, b: Node): number {
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < a.terms.length && j < b.terms.length) {
    const x = a.terms[i]!;
    const y = b.terms[j]!;
    if (x === y) s += a.weights[i++]! * b.weights[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return s;
}

function jaccard(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      inter++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return inter / (a.length + b.length - inter);
}

/**
 * Pair score in [0, 1]: term cosine, lowered when both claims name entities and share none ("Russian forces shelled
 * the district" is not "Ukrainian forces shelled the district"). Entity overlap is not rewarded: on single claims the
 * linker is noisy enough (a missed or extra mention) that a bonus joined more wrong pairs than right ones on the fixture.
 */
function score(a: Node, b: Node): number {
  const cos = dot(a, b);
  if (!a.ents.length || !b.ents.length || jaccard(a.ents, b.ents) > 0) return cos;
  return (1 - ENTITY_WEIGHT) * cos;
}

function toNarrative(nodes: Node[], claims: ClaimInput[], maxClaims: number): NarrativeCluster {
  // The representative: the node closest to the centroid (weighted by how many claims share its term set).
  const centroid = new Map<number, number>();
  for (const n of nodes) n.terms.forEach((t, j) => centroid.set(t, (centroid.get(t) ?? 0) + n.weights[j]! * n.members.length));
  let rep = nodes[0]!;
  let best = -1;
  for (const n of nodes) {
    let s = 0;
    n.terms.forEach((t, j) => (s += n.weights[j]! * centroid.get(t)!));
    if (s > best || (s === best && claims[n.members[0]!]!.text.length < claims[rep.members[0]!]!.text.length)) {
      best = s;
      rep = n;
    }
  }
  const members = nodes
    .flatMap((n) => {
      const sc = Math.round(Math.min(1, n === rep ? 1 : score(n, rep)) * 1000) / 1000;
      return n.members.map((ci) => ({ ci, score: sc }));
    })
    .sort((a, b) => b.score - a.score || a.ci - b.ci);
  const docs = new Map<string, ClaimInput>();
  for (const m of members) if (!docs.has(claims[m.ci]!.docId)) docs.set(claims[m.ci]!.docId, claims[m.ci]!);
  const outlets = new Map<string, number>();
  for (const c of docs.values()) if (c.outlet) outlets.set(c.outlet, (outlets.get(c.outlet) ?? 0) + 1);
  const dates = [...docs.values()].map((c) => c.published?.slice(0, 10)).filter((d): d is string => Boolean(d && /^\d{4}-\d{2}-\d{2}$/.test(d))).sort();
  const repClaim = claims[rep.members[0]!]!;
  const narrative: NarrativeCluster = {
    id: `nar-${createHash('sha1').update([...rep.terms].join(',')).digest('hex').slice(0, 12)}`,
    label: repClaim.text.replace(/\s+/g, ' ').trim().slice(0, 300),
    size: members.length,
    documents: docs.size,
    outlets: [...outlets].map(([value, count]): FacetCount => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
    volume: volume(dates),
    claims: members.slice(0, maxClaims).map(({ ci, score: s }) => {
      const c = claims[ci]!;
      return { docId: c.docId, start: c.start, end: c.end, text: c.text, score: s, ...(c.outlet ? { outlet: c.outlet } : {}), ...(c.published ? { published: c.published } : {}) };
    }),
  };
  if (dates.length) {
    narrative.firstSeen = dates[0]!;
    narrative.lastSeen = dates.at(-1)!;
  }
  return narrative;
}

const DAY = 86_400_000;

/** Documents per day, or per ISO week (its Monday) when the dates span more than 90 days. `dates` are sorted YYYY-MM-DD, one per document. */
export function volume(dates: string[]): NarrativeCluster['volume'] {
  if (!dates.length) return { period: 'day', buckets: [] };
  const span = (Date.parse(dates.at(-1)!) - Date.parse(dates[0]!)) / DAY;
  const period = span > 90 ? 'week' : 'day';
  const counts = new Map<string, number>();
  for (const d of dates) {
    let k = d;
    if (period === 'week') {
      const t = Date.parse(d);
      const dow = (new Date(t).getUTCDay() + 6) % 7; // Monday = 0
      k = new Date(t - dow * DAY).toISOString().slice(0, 10);
    }
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return { period, buckets: [...counts].map(([date, count]) => ({ date, count })).sort((a, b) => a.date.localeCompare(b.date)) };
}


/** Reads all claims from the store, clusters them and stores the narratives (replacing earlier ones). */
export async function buildNarratives(
  store: { claimSources(): AsyncIterable<ClaimSource>; replaceNarrativeClusters(c: NarrativeCluster[]): Promise<void> },
  opts: ClusterOptions = {},
): Promise<ClusterStats & { documents: number }> {
  const claims: ClaimInput[] = [];
  let documents = 0;
  for await (const src of store.claimSources()) {
    documents++;
    for (const c of claimInputs(src)) claims.push(c);
  }
  const { narratives, stats } = clusterClaims(claims, opts);
  await store.replaceNarrativeClusters(narratives);
  return { ...stats, documents };
}
