import { defaultPipeline } from './analysers/registry.js';
import type { Document, DocumentMeta } from './core/document.js';
import { cpuNow, type StageTiming } from './core/pipeline.js';
import { extractDocument } from './extract/index.js';
import { decodeInput } from './ingest/decode.js';
import { readSource, type ReadOptions } from './ingest/source.js';
import { DEFAULT_MAX_BYTES, type RawInput } from './ingest/types.js';

export interface AnalyzeOptions extends ReadOptions {
  timings?: StageTiming[];
  /** Metadata known from outside the page (a feed's date, a catalogue's outlet); it wins over what extraction finds. */
  meta?: Partial<DocumentMeta>;
}

/** Reads, decodes, extracts and analyses one source: a path, an http(s) URL, or "-" for standard input. */
export async function analyzeSource(spec: string, opts: AnalyzeOptions = {}): Promise<Document> {
  return analyzeRaw(await readSource(spec, opts), opts);
}

export function analyzeRaw(raw: RawInput, opts: AnalyzeOptions = {}): Document {
  const t0 = performance.now();
  const c0 = opts.timings ? cpuNow() : 0;
  const decoded = decodeInput(raw, { maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES });
  const doc = extractDocument(decoded, raw);
  if (opts.meta) Object.assign(doc.meta, opts.meta);
  if (opts.timings) opts.timings.push({ analyser: 'extract', ms: performance.now() - t0, cpuMs: cpuNow() - c0 });
  return defaultPipeline().run(doc, opts.timings);
}

/** Analyses an in-memory string (HTML or plain text, detected). */
export function analyzeString(text: string, opts: AnalyzeOptions & { name?: string; url?: string; published?: string } = {}): Document {
  const raw: RawInput = { bytes: Buffer.from(text, 'utf8'), kind: 'string', name: opts.name ?? '<string>' };
  if (opts.url) raw.url = opts.url;
  return analyzeRaw(raw, opts.published ? { ...opts, meta: { ...opts.meta, published: opts.published } } : opts);
}
