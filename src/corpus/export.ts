import type { Store, StoredDocument, StoredLayer } from '../store/store.js';
import { claimReviews, type ClaimLike, type ClaimReviewOptions } from './claimreview.js';

type Doc = StoredDocument & { layers: StoredLayer[] };

/** Document columns every CSV row keeps, so rows of a layer can be grouped by outlet, date or language. */
export const DOC_COLUMNS = ['doc_id', 'url', 'outlet', 'title', 'author', 'published', 'language'] as const;

function docColumns(d: Doc): Record<string, unknown> {
  return { doc_id: d.id, url: d.url, outlet: d.outlet, title: d.title, author: d.author, published: d.published, language: d.language };
}

/** One JSON object per document: the `analyze --format json` shape (document + layers) plus the stored id. */
export function jsonlLine(d: Doc): string {
  const layers = Object.fromEntries(d.layers.map((l) => [l.name, l.items]));
  return JSON.stringify({
    id: d.id,
    document: { title: d.title ?? null, url: d.url, outlet: d.outlet, author: d.author, published: d.published, language: d.language ?? 'und', text: d.text, sections: d.sections },
    ...layers,
    analysers: d.versions,
  });
}

/** RFC 4180 quoting; objects and arrays become JSON in one cell. */
export function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csvLine = (cells: unknown[]): string => cells.map(csvCell).join(',') + '\r\n';

/**
 * Streams an export. jsonl: one document per line with all its layers (or only `layer`). csv without a layer: one
 * row per document (metadata, word counts, text); csv with a layer: one row per layer item, its fields as columns
 * (the union of the first rows' fields; nested values as JSON) after the document's metadata columns.
 */
export async function* exportCorpus(store: Store, opts: { format: 'jsonl' | 'csv'; layer?: string; outlet?: string }): AsyncGenerator<string> {
  const docs = store.exportDocuments({ outlet: opts.outlet, layer: opts.layer });
  if (opts.format === 'jsonl') {
    for await (const d of docs) yield jsonlLine(d) + '\n';
    return;
  }
  if (!opts.layer) {
    yield csvLine([...DOC_COLUMNS, 'words', 'comment_words', 'text']);
    for await (const d of docs) {
      const c = docColumns(d);
      yield csvLine([...DOC_COLUMNS.map((k) => c[k]), d.words, d.commentWords, d.text]);
    }
    return;
  }
  // Columns come from the first items seen (buffered until 200 rows or the end), then stay fixed.
  let columns: string[] | undefined;
  const buffered: { d: Doc; item: Record<string, unknown> }[] = [];
  const header = (): string => {
    const keys = new Set<string>();
    for (const { item } of buffered) for (const k of Object.keys(item)) keys.add(k);
    columns = [...keys];
    return csvLine([...DOC_COLUMNS, ...columns]);
  };
  const row = (d: Doc, item: Record<string, unknown>): string => {
    const c = docColumns(d);
    return csvLine([...DOC_COLUMNS.map((k) => c[k]), ...columns!.map((k) => item[k])]);
  };
  for await (const d of docs) {
    const layer = d.layers.find((l) => l.name === opts.layer);
    for (const raw of layer?.items ?? []) {
      const item = (raw && typeof raw === 'object' ? raw : { value: raw }) as Record<string, unknown>;
      if (columns) yield row(d, item);
      else {
        buffered.push({ d, item });
        if (buffered.length >= 200) {
          yield header();
          for (const b of buffered) yield row(b.d, b.item);
          buffered.length = 0;
        }
      }
    }
  }
  if (!columns) {
    yield header();
    for (const b of buffered) yield row(b.d, b.item);
  }
}

/** The corpus's author claims as one JSON array of ClaimReview-shaped records (see claimreview.ts), streamed. */
export async function* exportClaimReviews(store: Store, opts: ClaimReviewOptions & { outlet?: string } = {}): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const d of store.exportDocuments({ outlet: opts.outlet, layer: 'claims' })) {
    const claims = (d.layers.find((l) => l.name === 'claims')?.items ?? []) as ClaimLike[];
    for (const r of claimReviews({ ...d, claims }, opts)) {
      yield `${first ? '\n' : ',\n'}${JSON.stringify(r)}`;
      first = false;
    }
  }
  yield first ? ']\n' : '\n]\n';
}
