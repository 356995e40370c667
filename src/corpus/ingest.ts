import type { ItemOutcome, Store, WriteEntry } from '../store/store.js';
import type { AnalysedItem } from './analyse-item.js';
import { BatchDeduper } from './batch-dedupe.js';
import type { IngestItem } from './items.js';
import { createAnalyser, type Analyser } from './pool.js';
import { silentProgress, type Progress, type ProgressCounts } from './progress.js';

export interface IngestOptions {
  /** Worker threads (default: one per core; 0 analyses in this thread). */
  workers?: number;
  /** Process at most this many new items (already-done ones are skipped without counting). */
  limit?: number;
  /** Documents per write transaction. */
  batchSize?: number;
  /** Longest wait before buffered results are written, in ms. */
  flushMs?: number;
  /** Try items that failed in an earlier run again. */
  retryErrors?: boolean;
  keepTokens?: boolean;
  /** Run only these analysers (and what they need). */
  analysers?: string[];
  timeoutMs?: number;
  progress?: Progress;
  total?: number;
  /** Stops taking new items (Ctrl-C); what is in flight is finished and written. */
  signal?: AbortSignal;
  args?: string[];
  /** Injected analyser (tests); default a worker pool. */
  analyser?: Analyser;
}

export interface IngestSummary extends ProgressCounts {
  seconds: number;
  docsPerSecond: number;
  workers: number;
  interrupted: boolean;
  errorSamples: { key: string; label: string; error: string }[];
}

/**
 * One ingest run: pulls items, skips those a previous run finished, analyses the rest on the worker pool with a
 * bounded number in flight, drops exact and near duplicates, and writes documents with their item outcomes in
 * batched transactions. A crash at any point loses at most the unwritten batch, which the next run redoes: the item
 * keys written with each document make the run resumable without doubling anything.
 */
export async function ingest(store: Store, items: AsyncIterable<IngestItem>, opts: IngestOptions = {}): Promise<IngestSummary> {
  const t0 = performance.now();
  const progress = opts.progress ?? silentProgress;
  const analyser = opts.analyser ?? (await createAnalyser({ workers: opts.workers, timeoutMs: opts.timeoutMs, keepTokens: opts.keepTokens, analysers: opts.analysers }));
  const ownAnalyser = !opts.analyser;
  const batchSize = opts.batchSize ?? 64;
  const flushMs = opts.flushMs ?? 1000;
  // Enough in flight to keep every worker busy while results are written, few enough to bound memory.
  const maxInFlight = analyser.size * 2 + 2;
  const counts: ProgressCounts = { done: 0, duplicate: 0, nearDuplicate: 0, errors: 0, skipped: 0 };
  const errorSamples: IngestSummary['errorSamples'] = [];
  const labels = new Map<string, string>();
  const runId = await store.beginRun(opts.args ?? []);

  let pending: WriteEntry[] = [];
  const activeKeys = new Set<string>();
  const deduper = new BatchDeduper(store);
  let lastFlush = performance.now();
  const flush = async (): Promise<void> => {
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    deduper.written();
    await store.writeBatch(batch);
    for (const e of batch) activeKeys.delete(e.outcome.key);
    lastFlush = performance.now();
  };

  const record = (o: ItemOutcome): void => {
    if (o.status === 'done') counts.done++;
    else if (o.status === 'duplicate') counts.duplicate++;
    else if (o.status === 'near-duplicate') counts.nearDuplicate++;
    else {
      counts.errors++;
      if (errorSamples.length < 20) errorSamples.push({ key: o.key, label: o.label ?? o.key, error: o.error ?? '' });
    }
  };

  // Results are handled one at a time (a promise chain), so duplicate checks always see every earlier result.
  let chain: Promise<void> = Promise.resolve();
  const handle = (r: AnalysedItem): Promise<void> => {
    chain = chain.then(async () => {
      const label = labels.get(r.key);
      labels.delete(r.key);
      let entry: WriteEntry;
      if ('error' in r) entry = { outcome: { key: r.key, status: 'error', error: r.error, ...(label ? { label } : {}) } };
      else entry = await deduper.classify({ key: r.key, ...(label ? { label } : {}) }, r.record);
      pending.push(entry);
      record(entry.outcome);
      if (pending.length >= batchSize || performance.now() - lastFlush >= flushMs) await flush();
      progress.update(counts);
    });
    return chain;
  };

  const inFlight = new Set<Promise<void>>();
  let taken = 0;
  let interrupted = false;
  progress.start(opts.total);
  try {
    for await (const item of items) {
      if (opts.signal?.aborted) {
        interrupted = true;
        break;
      }
      if (opts.limit !== undefined && taken >= opts.limit) break;
      // The same item twice in one run (a file named twice, a feed listing a URL twice) is processed once: in flight
      // or unwritten it is in activeKeys (bounded by the in-flight limit and the batch size), written it has a status.
      if (activeKeys.has(item.key)) continue;
      const status = (await store.itemStatuses([item.key])).get(item.key);
      if (status && !(opts.retryErrors && status === 'error')) {
        counts.skipped++;
        progress.update(counts);
        continue;
      }
      activeKeys.add(item.key);
      taken++;
      labels.set(item.key, item.label);
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      const task = (async () => {
        let result: AnalysedItem;
        try {
          result = await analyser.analyse(item.key, await item.load());
        } catch (e) {
          const err = e as Error & { code?: string };
          result = { key: item.key, error: `${err.code && !err.message.startsWith(err.code) ? `${err.code}: ` : ''}${err.message ?? String(e)}` };
        }
        await handle(result);
      })();
      inFlight.add(task);
      const drop = (): void => void inFlight.delete(task);
      task.then(drop, drop);
    }
    await Promise.all(inFlight);
    await chain;
    await flush();
  } finally {
    progress.stop();
    if (ownAnalyser) await analyser.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  const processed = counts.done + counts.duplicate + counts.nearDuplicate + counts.errors;
  await store.finishRun(runId, { ...counts, seconds });
  return { ...counts, seconds, docsPerSecond: seconds > 0 ? processed / seconds : 0, workers: analyser.size, interrupted: interrupted || Boolean(opts.signal?.aborted), errorSamples };
}
