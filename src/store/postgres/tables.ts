/**
 * The per-document query tables as data: which columns each holds and how a DocumentRecord fills them. Writing is
 * generic over this list (one multi-row INSERT per table per batch), so storing a new kind of row is one entry here
 * plus its CREATE TABLE in a new migration.
 */
import { normName } from '../sqlite/index.js';
import type { DocumentRecord } from '../store.js';

export type Cell = string | number | boolean | null;

export interface ChildTable {
  table: string;
  /** Column name (quoted where it is a keyword) and its PostgreSQL array element type for unnest(). */
  columns: [string, string][];
  rows(r: DocumentRecord): Cell[][];
}

const n = <V>(v: V | undefined): V | null => (v === undefined ? null : v);

export const CHILD_TABLES: readonly ChildTable[] = [
  {
    table: 'sections',
    columns: [['doc', 'text'], ['idx', 'int4'], ['kind', 'text'], ['start', 'int4'], ['"end"', 'int4']],
    rows: (r) => r.doc.sections.map((s, i) => [r.doc.id, i, s.kind, s.start, s.end]),
  },
  {
    table: 'fingerprint_bands',
    columns: [['doc', 'text'], ['band', 'int4'], ['value', 'int4']],
    rows: (r) => r.bands.map((value, band) => [r.doc.id, band, value]),
  },
  {
    table: 'layers',
    columns: [['doc', 'text'], ['name', 'text'], ['analyser', 'text'], ['version', 'text'], ['json', 'text']],
    rows: (r) => r.layers.map((l) => [r.doc.id, l.name, n(l.analyser), n(l.version), l.json ?? JSON.stringify(l.items)]),
  },
  {
    table: 'entities',
    columns: [['doc', 'text'], ['entity_id', 'text'], ['name', 'text'], ['name_norm', 'text'], ['type', 'text'], ['mentions', 'int4'], ['wikidata', 'text']],
    rows: (r) => r.entities.map((e) => [r.doc.id, n(e.entityId), e.name, normName(e.name), e.type, e.mentions, n(e.wikidata)]),
  },
  {
    table: 'techniques',
    columns: [['doc', 'text'], ['technique', 'text'], ['start', 'int4'], ['"end"', 'int4'], ['confidence', 'float4'], ['in_comment', 'bool']],
    rows: (r) => r.techniques.map((t) => [r.doc.id, t.technique, t.start, t.end, t.confidence, t.inComment]),
  },
  {
    table: 'claims',
    columns: [['doc', 'text'], ['start', 'int4'], ['"end"', 'int4'], ['status', 'text'], ['sourced', 'bool'], ['source_text', 'text'],
      ['source_entity', 'text'], ['checkworthiness', 'float4'], ['in_comment', 'bool']],
    rows: (r) => r.claims.map((c) => [r.doc.id, c.start, c.end, n(c.status), c.sourced, n(c.sourceText), n(c.sourceEntity), n(c.checkworthiness), c.inComment]),
  },
  {
    table: 'hate',
    columns: [['doc', 'text'], ['category', 'text'], ['start', 'int4'], ['"end"', 'int4'], ['confidence', 'float4'], ['in_comment', 'bool']],
    rows: (r) => r.hate.map((h) => [r.doc.id, h.category, h.start, h.end, h.confidence, h.inComment]),
  },
  {
    table: 'narratives',
    columns: [['doc', 'text'], ['narrative', 'text'], ['label', 'text'], ['confidence', 'float4'], ['start', 'int4'], ['"end"', 'int4'], ['in_comment', 'bool']],
    rows: (r) => (r.narratives ?? []).map((x) => [r.doc.id, x.narrative, x.label, x.confidence, n(x.start), n(x.end), x.inComment]),
  },
];

/**
 * One INSERT for many rows: each column travels as one array parameter and unnest() zips them back into rows, so a
 * batch costs one round trip per table whatever its size (and no 65,535-parameter limit).
 */
export function unnestInsert(table: string, columns: [string, string][], rows: Cell[][], suffix = ''): { text: string; values: Cell[][] } {
  const cols = columns.map(([c]) => c).join(', ');
  const args = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const values = columns.map((_, i) => rows.map((r) => r[i] ?? null));
  return { text: `INSERT INTO ${table} (${cols}) SELECT * FROM unnest(${args}) ${suffix}`, values };
}
