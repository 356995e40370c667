import PgBoss from 'pg-boss';
import { UnspinError } from '../core/errors.js';
import { redact } from '../store/postgres/index.js';
import { DEAD_LETTER, QUEUE } from './jobs.js';

export interface RetryPolicy {
  /** Attempts before a job goes to the dead-letter queue (first try included). */
  maxAttempts: number;
  /** First retry delay in seconds; doubled on each retry (with jitter). */
  retryDelaySeconds: number;
  /** A job active longer than this (its worker died or hangs) is failed and retried. */
  jobTimeoutSeconds: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, retryDelaySeconds: 5, jobTimeoutSeconds: 300 };

/**
 * Starts pg-boss on `url` (its own schema, `pgboss`, and its own small pool) and makes sure both queues exist.
 * Maintenance (expiring jobs of dead workers, archiving) runs in whichever process holds pg-boss's maintenance slot.
 */
export async function openQueue(url: string, opts: { retry?: RetryPolicy; max?: number; maintenanceSeconds?: number } = {}): Promise<PgBoss> {
  const retry = opts.retry ?? DEFAULT_RETRY;
  const boss = new PgBoss({
    connectionString: url,
    max: opts.max ?? 3,
    application_name: 'unspin-queue',
    schedule: false,
    maintenanceIntervalSeconds: opts.maintenanceSeconds ?? 30,
    // Completed jobs stay in the job table for an hour: `unspin status` reads throughput from them.
    archiveCompletedAfterSeconds: 3600,
  });
  // Connection errors surface on the calls that fail; an unhandled 'error' event would crash the process instead.
  boss.on('error', () => {});
  try {
    await boss.start();
    await ensureQueue(boss, DEAD_LETTER, { name: DEAD_LETTER, retryLimit: 0 });
    await ensureQueue(boss, QUEUE, {
      name: QUEUE, retryLimit: retry.maxAttempts - 1, retryDelay: retry.retryDelaySeconds, retryBackoff: true,
      expireInSeconds: retry.jobTimeoutSeconds, deadLetter: DEAD_LETTER,
    });
  } catch (e) {
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    throw new UnspinError('UNREADABLE', `${redact(url)}: cannot open the job queue (${(e as Error).message})`);
  }
  return boss;
}

/** Creates a queue unless it exists; two processes racing to create it is fine (the loser finds it there). */
async function ensureQueue(boss: PgBoss, name: string, options: PgBoss.Queue): Promise<void> {
  if (await boss.getQueue(name)) return;
  try {
    await boss.createQueue(name, options);
  } catch (e) {
    if (!(await boss.getQueue(name))) throw e;
  }
}
