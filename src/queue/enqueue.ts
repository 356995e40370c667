import type PgBoss from 'pg-boss';
import type { IngestItem } from '../corpus/items.js';
import type { Store, WriteEntry } from '../store/store.js';
import type { RetryPolicy } from './boss.js';
import { DEFAULT_RETRY } from './boss.js';
import { DEAD_LETTER, QUEUE, jobId, toJob } from './jobs.js';

export interface EnqueueOptions {
  /** Enqueue items that failed in an earlier run again. */
  retryErrors?: boolean;
  limit?: number;
  /** Items per round (one status lookup, one insert). */
  chunk?: number;
  /** Items read or fetched at once. */
  concurrency?: number;
  retry?: RetryPolicy;
  signal?: AbortSignal;
  onProgress?: (s: EnqueueSummary) => void;
}

export interface EnqueueSummary {
  /** Jobs submitted (a job already queued for the same key is not added twice). */
  enqueued: number;
  /** Items the store already has an outcome for. */
  skipped: number;
  /** Items that could not be read or fetched, recorded as item errors. */
  errors: number;
  seconds: number;
  interrupted: boolean;
}

/**
 * Expands inputs into jobs: skips items already done (the store's item outcomes), reads each remaining item once
 * (files, records, fetched pages) and inserts one job per item key. Unreadable items are recorded as errors in the
 * store right away; they would fail the same way on every worker.
 */
export async function enqueue(store: Store, boss: PgBoss, items: AsyncIterable<IngestItem>, opts: EnqueueOptions = {}): Promise<EnqueueSummary> {
  const t0 = performance.now();
  const retry = opts.retry ?? DEFAULT_RETRY;
  const chunkSize = opts.chunk ?? 200;
  const s: EnqueueSummary = { enqueued: 0, skipped: 0, errors: 0, seconds: 0, interrupted: false };
  const seen = new Set<string>();
  let chunk: IngestItem[] = [];
  let taken = 0;

  const submit = async (): Promise<void> => {
    const batch = chunk;
    chunk = [];
    if (!batch.length) return;
    const status = await store.itemStatuses(batch.map((i) => i.key));
    const todo = batch.filter((i) => {
      const st = status.get(i.key);
      const skip = st !== undefined && !(opts.retryErrors && st === 'error');
      if (skip) s.skipped++;
      return !skip;
    });
    const loaded = await mapLimit(todo, opts.concurrency ?? 8, async (i) => {
      try {
        return { item: i, job: toJob(i.key, i.label, await i.load()) };
      } catch (e) {
        const err = e as Error & { code?: string };
        return { item: i, error: `${err.code && !err.message.startsWith(err.code) ? `${err.code}: ` : ''}${err.message ?? String(e)}` };
      }
    });
    const failed: WriteEntry[] = loaded.flatMap((l) => ('error' in l ? [{ outcome: { key: l.item.key, status: 'error' as const, error: l.error, label: l.item.label } }] : []));
    if (failed.length) await store.writeBatch(failed);
    s.errors += failed.length;
    const jobs: PgBoss.JobInsert[] = loaded.flatMap((l) => ('job' in l && l.job ? [{
      id: jobId(l.item.key), name: QUEUE, data: l.job, retryLimit: retry.maxAttempts - 1, retryDelay: retry.retryDelaySeconds,
      retryBackoff: true, expireInSeconds: retry.jobTimeoutSeconds, deadLetter: DEAD_LETTER,
    }] : []));
    // Retrying errors: the earlier job for the key may still sit in the table as failed; a fresh id makes a new job.
    if (opts.retryErrors) for (const j of jobs) if (status.get((j.data as { key: string }).key) === 'error') j.id = jobId(`${(j.data as { key: string }).key}#${Date.now()}`);
    if (jobs.length) await boss.insert(jobs);
    s.enqueued += jobs.length;
    opts.onProgress?.(s);
  };

  for await (const item of items) {
    if (opts.signal?.aborted) {
      s.interrupted = true;
      break;
    }
    if (opts.limit !== undefined && taken >= opts.limit) break;
    if (seen.has(item.key)) continue; // the same item twice in one run (a file named twice)
    seen.add(item.key);
    taken++;
    chunk.push(item);
    if (chunk.length >= chunkSize) await submit();
  }
  await submit();
  s.seconds = (performance.now() - t0) / 1000;
  return s;
}

/** Maps with at most `limit` calls in flight, keeping the order. */
async function mapLimit<T, R>(xs: T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(xs.length);
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < xs.length) {
      const i = next++;
      out[i] = await fn(xs[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, xs.length) }, run));
  return out;
}
