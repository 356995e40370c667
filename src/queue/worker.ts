import type PgBoss from 'pg-boss';
import type { AnalysedItem } from '../corpus/analyse-item.js';
import { BatchDeduper } from '../corpus/batch-dedupe.js';
import type { Analyser } from '../corpus/pool.js';
import type { ItemStatus, Store, WriteEntry } from '../store/store.js';
import { DEAD_LETTER, QUEUE, fromJob, type IngestJob } from './jobs.js';
import { BatchLookups } from './lookups.js';
import { memoryGuard } from './memory.js';

export interface WorkerOptions {
  analyser: Analyser;
  /** Jobs fetched at once (one store transaction per batch); default 16, or 8 per analysis thread. */
  batchSize?: number;
  /** Fetch-analyse-write loops sharing the analyser, so analysis goes on while a batch is written. */
  loops?: number;
  pollMs?: number;
  /** Stop when the queue holds nothing to do (no queued, retrying or active jobs): benchmarks, tests, cron runs. */
  untilEmpty?: boolean;
  /** First abort: finish the jobs in hand and stop. */
  signal?: AbortSignal;
  /** Second abort: give the jobs in hand back to the queue now. */
  release?: AbortSignal;
  onBatch?: (s: WorkerSummary) => void;
  /** Resident memory (MB) above which a full garbage collection runs between batches (see memoryGuard). */
  memoryBudgetMb?: number;
  onError?: (e: Error) => void;
}

export interface WorkerSummary {
  done: number;
  duplicate: number;
  nearDuplicate: number;
  errors: number;
  /** Jobs whose item was already stored (a redelivery after a crash): completed without work. */
  redelivered: number;
  retried: number;
  deadLettered: number;
  /** Full collections run to stay within the memory budget. */
  collections: number;
  seconds: number;
  docsPerSecond: number;
}

/**
 * Errors that say the analysis thread died or hung rather than that the document is bad: worth another attempt
 * (on another worker, later); a document that keeps doing it is poison and ends in the dead-letter queue.
 */
const TRANSIENT = /^(analysis crashed|analysis worker exited|TIMEOUT: analysis took)/;

type Job = PgBoss.JobWithMetadata<IngestJob>;

/**
 * A queue worker: fetches batches of jobs, analyses them on the pool, writes the outcomes through the store in one
 * transaction, then completes the jobs. Delivery is at least once (a worker killed between the write and the
 * completion leaves its jobs to expire and run again), and the store's idempotent writes plus the item-outcome check
 * before analysis make the second delivery a no-op.
 */
export async function runWorker(store: Store, boss: PgBoss, opts: WorkerOptions): Promise<WorkerSummary> {
  const t0 = performance.now();
  const s: WorkerSummary = { done: 0, duplicate: 0, nearDuplicate: 0, errors: 0, redelivered: 0, retried: 0, deadLettered: 0, collections: 0, seconds: 0, docsPerSecond: 0 };
  // Per batch the queue and the store cost about a dozen round trips whatever its size: 16 documents spread them thin
  // (a quarter less server CPU per document than 4) while a graceful stop still waits well under a second or two.
  const batchSize = opts.batchSize ?? Math.max(16, opts.analyser.size * 8);
  const pollMs = opts.pollMs ?? 500;
  // Results of concurrent loops are classified one batch at a time, so duplicate checks see every earlier result.
  const lookups = new BatchLookups(store);
  const deduper = new BatchDeduper(lookups);
  let writeLock: Promise<void> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = writeLock.then(fn);
    writeLock = run.then(() => undefined, () => undefined);
    return run;
  };
  const stopping = (): boolean => Boolean(opts.signal?.aborted || opts.release?.aborted);
  let lastExpire = 0;
  const overBudget = opts.memoryBudgetMb ? memoryGuard(opts.memoryBudgetMb) : undefined;

  const processBatch = async (jobs: Job[]): Promise<void> => {
    const statuses = await store.itemStatuses(jobs.map((j) => j.data.key));
    const fresh = jobs.filter((j) => !isFinal(statuses.get(j.data.key)));
    const again = jobs.filter((j) => isFinal(statuses.get(j.data.key)));
    const results = await Promise.all(fresh.map(async (j): Promise<[Job, AnalysedItem]> => [j, await opts.analyser.analyse(j.data.key, fromJob(j.data))]));
    if (opts.release?.aborted) {
      // Shutting down hard: give the jobs back (the attempt counts) rather than write half a batch.
      await failJobs(boss, QUEUE, jobs.map((j) => j.id), 'released at worker shutdown');
      return;
    }
    const retry: [Job, string][] = [];
    const complete: string[] = again.map((j) => j.id);
    const dead: [Job, string][] = [];
    await serial(async () => {
      const entries: WriteEntry[] = [];
      await lookups.load(results.flatMap(([, r]) => ('record' in r ? [r.record] : [])));
      for (const [job, r] of results) {
        const base = { key: job.data.key, label: job.data.label };
        if ('error' in r) {
          if (TRANSIENT.test(r.error)) {
            if (job.retryCount < job.retryLimit) {
              retry.push([job, r.error]);
              continue;
            }
            // Last attempt: recorded as an item error now, and failed (not completed) so pg-boss files it as a dead letter.
            dead.push([job, r.error]);
            entries.push({ outcome: { ...base, status: 'error', error: deadLetterMessage(r.error, job.retryCount + 1) } });
            continue;
          } else entries.push({ outcome: { ...base, status: 'error', error: r.error } });
        } else entries.push(await deduper.classify(base, r.record));
        complete.push(job.id);
      }
      deduper.written();
      await store.writeBatch(entries);
      for (const e of entries) {
        const st = e.outcome.status;
        if (st === 'done') s.done++;
        else if (st === 'duplicate') s.duplicate++;
        else if (st === 'near-duplicate') s.nearDuplicate++;
        else s.errors++;
      }
    });
    s.redelivered += again.length;
    if (complete.length) await boss.complete(QUEUE, complete);
    for (const [job, error] of retry) await boss.fail(QUEUE, job.id, { message: error });
    for (const [job, error] of dead) await boss.fail(QUEUE, job.id, { message: error });
    s.retried += retry.length;
    s.deadLettered += dead.length;
    if (overBudget?.(s.done + s.duplicate + s.nearDuplicate + s.errors)) s.collections++;
    opts.onBatch?.(summary());
  };

  /** Dead letters that reached the queue without passing through processBatch (their worker died on them). */
  const recordDeadLetters = async (): Promise<void> => {
    const jobs = await boss.fetch<IngestJob>(DEAD_LETTER, { batchSize: 50, includeMetadata: true });
    if (!jobs.length) return;
    const statuses = await store.itemStatuses(jobs.map((j) => j.data.key));
    // An item with an outcome was recorded by the worker that failed it last (or stored by a later run).
    const entries: WriteEntry[] = jobs.filter((j) => !statuses.has(j.data.key)).map((j) => ({
      outcome: { key: j.data.key, label: j.data.label, status: 'error', error: deadLetterMessage(lastError(j.output), j.retryLimit + 1) },
    }));
    if (entries.length) await serial(() => store.writeBatch(entries));
    s.deadLettered += entries.length;
    s.errors += entries.length;
    await boss.complete(DEAD_LETTER, jobs.map((j) => j.id));
  };

  const loop = async (): Promise<void> => {
    while (!stopping()) {
      // Jobs left active by a dead worker go back to the queue once their time is up; every worker sweeps now and
      // then, so recovery does not wait for pg-boss's maintenance slot.
      if (performance.now() - lastExpire > 5000) {
        lastExpire = performance.now();
        await boss.expire();
        await recordDeadLetters();
      }
      const jobs = await boss.fetch<IngestJob>(QUEUE, { batchSize, includeMetadata: true });
      if (!jobs.length) {
        if (opts.untilEmpty && (await pendingJobs(boss)) === 0) {
          await recordDeadLetters();
          return;
        }
        await sleep(pollMs, opts.signal);
        continue;
      }
      try {
        await processBatch(jobs);
      } catch (e) {
        // The store or the queue failed (a restart, a lost connection): the jobs go back with backoff, the loop goes on.
        opts.onError?.(e as Error);
        s.retried += jobs.length;
        await failJobs(boss, QUEUE, jobs.map((j) => j.id), (e as Error).message).catch(() => {});
        await sleep(pollMs * 4, opts.signal);
      }
    }
  };

  const summary = (): WorkerSummary => {
    const seconds = (performance.now() - t0) / 1000;
    const n = s.done + s.duplicate + s.nearDuplicate + s.errors;
    return { ...s, seconds, docsPerSecond: seconds > 0 ? n / seconds : 0 };
  };

  await Promise.all(Array.from({ length: opts.loops ?? 2 }, loop));
  return summary();
}

const isFinal = (st: ItemStatus | undefined): boolean => st !== undefined && st !== 'error';

function deadLetterMessage(error: string, attempts: number): string {
  return `DEAD_LETTER: failed ${attempts} attempt${attempts === 1 ? '' : 's'}: ${error}`.slice(0, 500);
}

function lastError(output: unknown): string {
  const o = output as { message?: string; value?: { message?: string } } | null;
  return o?.message ?? o?.value?.message ?? 'the worker stopped while analysing it';
}

/** Fails jobs with a message kept in their output (pg-boss takes an id list and data; its typings list only one). */
function failJobs(boss: PgBoss, queue: string, ids: string[], message: string): Promise<void> {
  return (boss.fail as unknown as (name: string, ids: string[], data: object) => Promise<void>).call(boss, queue, ids, { message });
}

/** Jobs still to be done: queued, waiting to retry, or active (possibly on a worker that died and will expire). */
export async function pendingJobs(boss: PgBoss): Promise<number> {
  const { rows } = await boss.getDb().executeSql(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state < 'completed'`, [QUEUE]);
  return Number((rows[0] as { n: number }).n);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((res) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      res();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
