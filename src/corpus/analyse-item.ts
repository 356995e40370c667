import { analysers as registered, defaultPipeline } from '../analysers/registry.js';
import type { Analyser } from '../core/analyser.js';
import { Pipeline } from '../core/pipeline.js';
import { extractDocument } from '../extract/index.js';
import { decodeInput } from '../ingest/decode.js';
import type { Document } from '../core/document.js';
import { UnspinError, isUnspinError } from '../core/errors.js';
import type { Attribution, Claim, Entity, HateFlag, LayerName, NarrativeMatch, NerMention, TechniqueFlag } from '../core/layers.js';
import type { ClaimRow, DocumentRecord, EntityRow, HateRow, NarrativeRow, StoredLayer, TechniqueRow } from '../store/store.js';
import { bands, fingerprint, words } from './dedupe.js';
import type { ItemPayload, StatedMeta } from './items.js';
import { contentHash, documentId, outletFromUrl } from './keys.js';

export type AnalysedItem = { key: string; record: DocumentRecord } | { key: string; error: string };

/** Bulky layers that are cheap to recompute from the text and would multiply the store's size. */
export const SKIPPED_LAYERS: ReadonlySet<string> = new Set(['tokens']);

export interface AnalyseOptions {
  /** Also store the tokens layer. */
  keepTokens?: boolean;
  /** Run only these analysers (by analyser or layer name) and what they depend on; default: the whole pipeline. */
  analysers?: string[];
}

const pipelines = new Map<string, Pipeline>();

/** The default pipeline, or the subset named plus every analyser whose layer the subset reads (transitively). */
export function pipelineFor(only?: string[]): Pipeline {
  if (!only?.length) return defaultPipeline();
  const k = [...only].sort().join(',');
  let p = pipelines.get(k);
  if (!p) {
    const byLayer = new Map<string, Analyser>(registered.map((a) => [a.writes as string, a]));
    const picked = new Set<Analyser>();
    const add = (a: Analyser): void => {
      if (picked.has(a)) return;
      picked.add(a);
      for (const l of a.reads) {
        const w = byLayer.get(l);
        if (w) add(w);
      }
    };
    for (const name of only) {
      const a = registered.find((x) => x.name === name) ?? byLayer.get(name);
      if (!a) throw new UnspinError('BAD_ARGUMENT', `unknown analyser "${name}" (known: ${registered.map((x) => x.name).join(', ')})`);
      add(a);
    }
    p = new Pipeline(registered.filter((a) => picked.has(a)));
    pipelines.set(k, p);
  }
  return p;
}

/** Analyses one payload into a storable record; never throws (a bad document becomes an error result). */
export function analyseItem(key: string, payload: ItemPayload, opts: AnalyseOptions = {}): AnalysedItem {
  try {
    const pipeline = pipelineFor(opts.analysers);
    // The same steps as analyzeRaw, with a pipeline of our choosing; the size limit was applied when reading.
    const decoded = decodeInput(payload.raw, { maxBytes: Math.max(payload.raw.bytes.length, 1) });
    const doc = pipeline.run(extractDocument(decoded, payload.raw));
    applyMeta(doc, payload.meta, true);
    applyMeta(doc, payload.hints, false);
    if (!/[\p{L}\p{N}]/u.test(doc.text)) return { key, error: 'EMPTY_INPUT: no article text was found' };
    return { key, record: toRecord(key, doc, pipeline, opts) };
  } catch (e) {
    const msg = isUnspinError(e) ? `${e.code}: ${e.message}` : `analysis failed: ${(e as Error)?.message ?? String(e)}`;
    return { key, error: msg.replace(/\s+/g, ' ').slice(0, 500) };
  }
}

function applyMeta(doc: Document, meta: StatedMeta | undefined, override: boolean): void {
  if (!meta) return;
  for (const k of ['title', 'url', 'outlet', 'author', 'language'] as const) {
    const v = meta[k]?.trim();
    if (v && (override || !doc.meta[k])) doc.meta[k] = v;
  }
  const p = meta.published ? isoDate(meta.published) : undefined;
  if (p && (override || !doc.meta.published)) doc.meta.published = p;
}

/** ISO form of a stated date (ISO already, RFC 822 from feeds, "2017-05-03 12:00:00" from dumps), or undefined. */
export function isoDate(s: string): string | undefined {
  const t = s.trim();
  if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(t)) return t;
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(t)) {
    const d = new Date(t.replace(' ', 'T'));
    return Number.isNaN(d.getTime()) ? t.slice(0, 10) : d.toISOString();
  }
  const d = new Date(t);
  return Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1900 ? undefined : d.toISOString();
}

function toRecord(key: string, doc: Document, pipeline: Pipeline, opts: AnalyseOptions): DocumentRecord {
  const m = doc.meta;
  const url = m.canonicalUrl ?? m.url;
  const writer = new Map(pipeline.analysers.map((a) => [a.writes as string, a]));
  let authorWords = 0;
  let commentWords = 0;
  if (doc.sections.length) {
    for (const s of doc.sections) {
      const n = words(doc.slice(s)).length;
      if (s.kind === 'comment') commentWords += n;
      else authorWords += n;
    }
  } else authorWords = words(doc.text).length;
  const hash = fingerprint(authorText(doc));
  const layers: StoredLayer[] = [];
  for (const name of doc.layerNames()) {
    if (SKIPPED_LAYERS.has(name) && !opts.keepTokens) continue;
    const a = writer.get(name);
    // Serialised here, in the worker: the writing thread then only hands strings to the database.
    layers.push({ name, ...(a ? { analyser: a.name, version: a.version } : {}), items: [], json: JSON.stringify(doc.get(name)) });
  }
  const record: DocumentRecord = {
    doc: {
      id: documentId(url, doc.text),
      text: doc.text,
      sections: doc.sections.map((s) => ({ kind: s.kind, start: s.start, end: s.end })),
      contentHash: contentHash(doc.text),
      words: authorWords,
      commentWords,
      source: key,
      versions: pipeline.versions(),
    },
    layers,
    entities: entityRows(doc),
    techniques: doc.get('techniques').map((t: TechniqueFlag): TechniqueRow => ({
      technique: t.technique, start: t.start, end: t.end, confidence: t.confidence, inComment: doc.inComment(t),
    })),
    claims: claimRows(doc),
    hate: doc.get('hate').map((h: HateFlag): HateRow => ({ category: h.category, start: h.start, end: h.end, confidence: h.confidence, inComment: doc.inComment(h) })),
    narratives: narrativeRows(doc),
    bands: hash ? bands(hash) : [],
  };
  if (hash) record.doc.fingerprint = hash;
  const outlet = m.outlet ?? outletFromUrl(url);
  const fields: [keyof typeof record.doc, string | undefined][] = [
    ['url', url], ['outlet', outlet], ['title', m.title], ['author', m.author], ['published', m.published], ['language', m.language],
  ];
  for (const [k, v] of fields) if (v) (record.doc as unknown as Record<string, string>)[k] = v;
  return record;
}

/** The text near-duplicates are judged on: the article body, without reader comments (they churn) or the title (syndicated copies retitle). */
function authorText(doc: Document): string {
  const parts = doc.sections.filter((s) => s.kind !== 'comment' && s.kind !== 'title').map((s) => doc.slice(s));
  return parts.length ? parts.join('\n') : doc.text;
}

const NER_TYPES: Record<NerMention['label'], string> = { PER: 'PERSON', ORG: 'ORG', LOC: 'PLACE', MISC: 'MISC' };

/** Linked entities when the pipeline has them; otherwise the tagger's mentions grouped by surface form and label. */
function entityRows(doc: Document): EntityRow[] {
  const entities = doc.get('entities') as Entity[];
  if (entities.length) {
    return entities.map((e) => ({ entityId: e.id, name: e.name, type: e.type, mentions: e.mentions?.length ?? 0, ...(e.wikidata ? { wikidata: e.wikidata } : {}) }));
  }
  const groups = new Map<string, EntityRow>();
  for (const m of doc.get('mentions') as NerMention[]) {
    const type = NER_TYPES[m.label] ?? 'MISC';
    const k = `${type}\u0000${m.text.toLowerCase()}`;
    const g = groups.get(k);
    if (g) g.mentions++;
    else groups.set(k, { name: m.text, type, mentions: 1 });
  }
  return [...groups.values()];
}

/** One row per catalogue-matched narrative, keyed by its best case (the search facet and filter). */
function narrativeRows(doc: Document): NarrativeRow[] {
  return (doc.get('narratives') as (NarrativeMatch & { inComment?: boolean })[]).map((n) => {
    const row: NarrativeRow = { narrative: n.matches?.[0]?.id ?? n.label, label: n.label, confidence: n.confidence, inComment: Boolean(n.inComment) };
    const e = n.evidence[0];
    if (e) {
      row.start = e.start;
      row.end = e.end;
    }
    return row;
  });
}

/** A pronoun says a claim is attributed, not to whom: it counts as sourced but is not listed among quoted sources. */
const PRONOUN = /^(he|she|it|they|i|we|you|him|her|them|us|me|this|that|these|those|who|which|one|someone|somebody|everyone|people)$/i;
const sourceName = (text: string | undefined): string | undefined => (text && !PRONOUN.test(text.trim()) ? text.trim() : undefined);

/** Claims when the pipeline has them; otherwise attributions stand in (sourced when they name a speaker). */
function claimRows(doc: Document): ClaimRow[] {
  const claims = doc.get('claims') as Claim[];
  if (claims.length) {
    return claims.map((c) => {
      const row: ClaimRow = {
        start: c.start, end: c.end, sourced: c.status ? c.status === 'sourced' : Boolean(c.source),
        inComment: c.fromComment ?? doc.inComment(c),
      };
      if (c.status) row.status = c.status;
      const name = sourceName(c.source?.text);
      if (name) row.sourceText = name;
      if (c.source?.entity) row.sourceEntity = c.source.entity;
      if (typeof c.checkworthiness === 'number') row.checkworthiness = c.checkworthiness;
      return row;
    });
  }
  return (doc.get('attributions') as Attribution[]).map((a) => {
    const row: ClaimRow = { start: a.content.start, end: a.content.end, sourced: Boolean(a.source), inComment: doc.inComment(a.content) };
    row.status = a.source ? 'sourced' : 'unsourced';
    const name = sourceName(a.source?.text);
    if (name) row.sourceText = name;
    if (a.source?.entity) row.sourceEntity = a.source.entity;
    return row;
  });
}

export type { LayerName };
