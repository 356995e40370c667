/**
 * Distributed ingestion on PostgreSQL: `ingest --enqueue` turns inputs into jobs, `worker` (on any number of
 * machines) runs them, `status` shows the queue. The queue is pg-boss in the same database as the store.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { UnspinError } from '../core/errors.js';
import { expandInputs } from '../corpus/sources.js';
import { isPostgresUrl, openStore, resolveStoreLocation } from '../store/open.js';

const positive = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive whole number');
  return n;
};
const out = (s: string): void => void process.stdout.write(s);
/** CPU of all this process's threads so far: what the documents cost, whichever thread analysed them. */
const cpuSeconds = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const PG_HELP = 'PostgreSQL URL postgres://user:pass@host:port/db (default: $UNSPIN_DB)';

/** The queue lives in PostgreSQL only: a file path (or nothing) is an argument error. */
function pgUrl(db: string | undefined, what: string): string {
  const where = resolveStoreLocation(db);
  if (!isPostgresUrl(where)) throw new UnspinError('BAD_ARGUMENT', `${what} needs a PostgreSQL store: give --db postgres://... or set UNSPIN_DB (got ${where})`);
  return where;
}

export interface EnqueueCliOptions {
  db?: string; limit?: number; retryErrors: boolean; fetch: boolean; allowPrivate: boolean; maxBytes: number; timeout: number; json: boolean; quiet: boolean;
  maxAttempts?: number; jobTimeout?: number; retryDelay?: number;
}

/** `unspin ingest <inputs> --db postgres://... --enqueue`. */
export async function enqueueCommand(inputs: string[], o: EnqueueCliOptions): Promise<void> {
  const url = pgUrl(o.db, 'ingest --enqueue');
  const { openQueue, DEFAULT_RETRY } = await import('../queue/boss.js');
  const { enqueue } = await import('../queue/enqueue.js');
  const retry = { ...DEFAULT_RETRY, ...(o.maxAttempts ? { maxAttempts: o.maxAttempts } : {}), ...(o.jobTimeout ? { jobTimeoutSeconds: o.jobTimeout } : {}), ...(o.retryDelay ? { retryDelaySeconds: o.retryDelay } : {}) };
  const store = await openStore(url);
  const boss = await openQueue(url, { retry }).catch(async (e) => {
    await store.close();
    throw e;
  });
  const ac = new AbortController();
  const onSigint = (): void => {
    process.stderr.write('\nunspin: stopping after the current round of jobs (a re-run skips what is queued or done)\n');
    ac.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    const s = await enqueue(store, boss, expandInputs(inputs, { allowPrivate: o.allowPrivate, maxBytes: o.maxBytes, timeoutMs: o.timeout, noFetch: !o.fetch }), {
      limit: o.limit, retryErrors: o.retryErrors, retry, signal: ac.signal,
      onProgress: o.quiet || o.json ? undefined : (p) => process.stderr.write(`\renqueued ${p.enqueued}, skipped ${p.skipped}, errors ${p.errors}`),
    });
    if (!o.quiet && !o.json) process.stderr.write('\n');
    if (s.interrupted) process.exitCode = 130;
    out(o.json ? JSON.stringify(s) + '\n'
      : `${s.interrupted ? 'interrupted: ' : ''}${s.enqueued} jobs enqueued, ${s.skipped} items already done, ${s.errors} unreadable (recorded as errors) in ${s.seconds.toFixed(1)} s; run \`unspin worker --db ...\` on any number of machines\n`);
  } finally {
    process.removeListener('SIGINT', onSigint);
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    await store.close();
  }
}

export function registerQueueCommands(program: Command): void {
  program
    .command('worker')
    .description('run queued ingest jobs from a PostgreSQL store (start it on as many machines as you like; Ctrl-C or SIGTERM finishes the jobs in hand and stops)')
    .option('--db <url>', PG_HELP)
    .option('--concurrency <n>', 'analysis threads in this process (default: one per core)', positive)
    .option('--batch-size <n>', 'jobs fetched and written together (default: 16, or 8 per thread with more threads)', positive)
    .option('--analysers <names>', 'run only these analysers (comma-separated; what they depend on runs too)', (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean))
    .option('--keep-tokens', 'also store the tokens layer', false)
    .option('--until-empty', 'stop when no job is queued, retrying or active', false)
    .option('--timeout <ms>', 'longest analysis of one document before its thread is restarted (the job is retried)', positive, 120_000)
    .option('--no-in-process', 'with --concurrency 1: analyse in a worker thread rather than in the main thread')
    .option('--memory-budget <mb>', 'with in-process analysis: resident memory above which a full garbage collection runs between batches', positive, 450)
    .option('--json', 'print the summary as one JSON object', false)
    .option('--quiet', 'no progress output', false)
    .action(async (o: { db?: string; concurrency?: number; batchSize?: number; analysers?: string[]; keepTokens: boolean; untilEmpty: boolean; timeout: number; inProcess: boolean; memoryBudget: number; json: boolean; quiet: boolean }) => {
      const url = pgUrl(o.db, 'worker');
      const { openQueue } = await import('../queue/boss.js');
      const { runWorker } = await import('../queue/worker.js');
      const { createAnalyser } = await import('../corpus/pool.js');
      const inProcess = o.inProcess && o.concurrency === 1;
      const analyser = await createAnalyser({ workers: o.concurrency, analysers: o.analysers, keepTokens: o.keepTokens, timeoutMs: o.timeout, inProcess });
      const store = await openStore(url);
      let boss;
      try {
        boss = await openQueue(url);
      } catch (e) {
        await store.close();
        await analyser.close();
        throw e;
      }
      const stop = new AbortController();
      const release = new AbortController();
      const onSignal = (sig: string): void => {
        if (!stop.signal.aborted) {
          if (!o.quiet) process.stderr.write(`\nunspin: ${sig}: finishing the jobs in hand, then stopping (again to give them back now)\n`);
          stop.abort();
        } else release.abort();
      };
      const onInt = (): void => onSignal('SIGINT');
      const onTerm = (): void => onSignal('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
      let first: { cpu: number; docs: number } | undefined;
      try {
        const s = await runWorker(store, boss, {
          analyser, batchSize: o.batchSize, memoryBudgetMb: inProcess ? o.memoryBudget : undefined, untilEmpty: o.untilEmpty, signal: stop.signal, release: release.signal,
          onBatch: (p) => {
            // CPU spent until the first batch was written (start-up, models loading), so the steady cost per document can be told apart.
            first ??= { cpu: cpuSeconds(), docs: p.done + p.duplicate + p.nearDuplicate + p.errors };
            if (!o.quiet && !o.json) process.stderr.write(`\r${p.done} stored, ${p.duplicate + p.nearDuplicate} duplicates, ${p.errors} errors, ${p.retried} retried (${p.docsPerSecond.toFixed(1)}/s)`);
          },
          onError: (e) => process.stderr.write(`\nunspin: worker: ${e.message} (jobs returned to the queue)\n`),
        });
        if (!o.quiet && !o.json) process.stderr.write('\n');
        const startup = first ? { cpuSecondsAtFirstBatch: +first.cpu.toFixed(2), documentsAtFirstBatch: first.docs } : {};
        out(o.json ? JSON.stringify({ ...s, workers: analyser.size, inProcess, cpuSeconds: +cpuSeconds().toFixed(2), ...startup }) + '\n'
          : `${s.done} new documents, ${s.duplicate} exact duplicates, ${s.nearDuplicate} near-duplicates, ${s.errors} errors (${s.deadLettered} dead letters), ${s.retried} retried, ${s.redelivered} redelivered in ${s.seconds.toFixed(1)} s (${s.docsPerSecond.toFixed(1)} docs/s on ${analyser.size} thread${analyser.size === 1 ? '' : 's'})\n`);
      } finally {
        process.removeListener('SIGINT', onInt);
        process.removeListener('SIGTERM', onTerm);
        await boss.stop({ graceful: false, wait: true }).catch(() => {});
        await analyser.close();
        await store.close();
      }
    });

  program
    .command('status')
    .description('queue depth by state, throughput over the last minute, dead letters and store counts of a PostgreSQL store')
    .option('--db <url>', PG_HELP)
    .option('--json', 'print one JSON object', false)
    .action(async (o: { db?: string; json: boolean }) => {
      const url = pgUrl(o.db, 'status');
      const { queueStatus, statusText } = await import('../queue/status.js');
      const s = await queueStatus(url);
      out(o.json ? JSON.stringify(s) + '\n' : statusText(s));
    });
}
