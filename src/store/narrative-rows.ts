/**
 * Narrative-cluster rows as both stores return them, turned into the Store interface's shapes: one place for the
 * mapping, so SQLite (JSON kept as text) and PostgreSQL (jsonb, already parsed) cannot drift apart.
 */
import type { FacetCount, NarrativeCluster } from './store.js';

type Row = Record<string, unknown>;

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

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
