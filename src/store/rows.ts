/**
 * Rows as both stores return them, turned into the Store interface's shapes: one place for each mapping, so SQLite
 * (JSON kept as text) and PostgreSQL (jsonb, already parsed) cannot drift apart.
 */
import type { FacetCount, NarrativeCluster, OutletSums, StoredDocument, StoredLayer } from './store.js';

type Row = Record<string, unknown>;

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
const opt = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

/** A `layers` row (name, analyser, version, json). */
export function layerFromRow(l: Row): StoredLayer {
  return { name: String(l.name), analyser: opt(l.analyser), version: opt(l.version), items: JSON.parse(String(l.json)) as unknown[] };
}

/** A `documents` row with its sections and layers, fetched apart by the store. */
export function documentFromRow(row: Row, sections: StoredDocument['sections'], layers: StoredLayer[]): StoredDocument & { layers: StoredLayer[] } {
  const doc: StoredDocument & { layers: StoredLayer[] } = {
    id: String(row.id), text: String(row.text), sections, contentHash: String(row.content_hash),
    words: Number(row.words), commentWords: Number(row.comment_words), source: String(row.source ?? ''),
    versions: row.versions ? json<Record<string, string>>(row.versions) : {},
    layers,
  };
  for (const k of ['url', 'outlet', 'title', 'author', 'published', 'language', 'fingerprint'] as const) {
    const v = opt(row[k]);
    if (v !== undefined) doc[k] = v;
  }
  return doc;
}

/** A `narrative_clusters` row (without its member claims). */
export function clusterFromRow(r: Row): NarrativeCluster {
  const c: NarrativeCluster = {
    id: String(r.id), label: String(r.label), size: Number(r.size), documents: Number(r.documents),
    outlets: json<FacetCount[]>(r.outlets), volume: json<NarrativeCluster['volume']>(r.volume),
  };
  if (r.first_seen !== null && r.first_seen !== undefined) c.firstSeen = String(r.first_seen);
  if (r.last_seen !== null && r.last_seen !== undefined) c.lastSeen = String(r.last_seen);
  return c;
}

/** A member claim joined with its document (columns id, outlet, published, text, start, end, score). */
export function memberFromRow(m: Row): NonNullable<NarrativeCluster['claims']>[number] {
  return {
    docId: String(m.id), start: Number(m.start), end: Number(m.end), text: String(m.text).slice(Number(m.start), Number(m.end)),
    ...(m.outlet !== null ? { outlet: String(m.outlet) } : {}), ...(m.published !== null ? { published: String(m.published) } : {}), score: Number(m.score ?? 0),
  };
}

/**
 * Rows (o: outlet, v: value, n: count) ordered by outlet and then rank: each outlet's first `top` values become one
 * list, handed to `set` with that outlet's sums (outlet profiles' most quoted sources and most named actors).
 */
export function topPerOutlet(rows: Row[], top: number, byOutlet: Map<string, OutletSums>, set: (o: OutletSums, list: FacetCount[]) => void): void {
  const lists = new Map<string, FacetCount[]>();
  for (const r of rows) {
    const list = lists.get(String(r.o)) ?? [];
    if (list.length < top) list.push({ value: String(r.v), count: Number(r.n) });
    lists.set(String(r.o), list);
  }
  for (const [o, list] of lists) {
    const s = byOutlet.get(o);
    if (s) set(s, list);
  }
}

/**
 * An outlet's sums from the base query (`o` outlet, `n` documents, `w` words, `cw` comment words, `cdocs` documents
 * with comments), every other count at zero until the later queries fill it: the same shape on both stores.
 */
export function outletSumsFromBaseRow(r: Row): OutletSums {
  return {
    outlet: String(r.o), documents: Number(r.n), words: Number(r.w ?? 0), commentWords: Number(r.cw ?? 0),
    techniqueDocs: 0, techniqueWords: 0, techniques: {}, claims: { total: 0, sourced: 0 },
    hate: { commentDocs: Number(r.cdocs ?? 0), flaggedCommentDocs: 0, commentFlags: 0, hateDocs: 0, hateCommentWords: 0 },
    sources: [], actors: [],
  };
}
