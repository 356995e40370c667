import pg from 'pg';
import { UnspinError } from '../core/errors.js';
import { redact } from '../store/postgres/index.js';
import { DEAD_LETTER, QUEUE } from './jobs.js';

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface QueueStatus {
  /** Ingest jobs by state (completed and failed ones stay visible for an hour, then pg-boss archives them). */
  jobs: Record<JobState, number>;
  /** Jobs completed and documents stored in the last 60 seconds. */
  lastMinute: { jobs: number; documents: number; jobsPerSecond: number };
  /** Poison documents: jobs that failed every attempt, recorded as item errors "DEAD_LETTER: ...". */
  deadLetters: { total: number; recent: { key: string; label?: string; error?: string }[] };
  /** Workers seen in the last minute (connections named unspin-queue, one pool per worker process). */
  workerConnections: number;
  store: { documents: number; items: Record<string, number> };
}

const STATES: JobState[] = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'];

/** Reads the queue and store figures straight from the database: works while workers run, from any machine. */
export async function queueStatus(url: string): Promise<QueueStatus> {
  const c = new pg.Client({ connectionString: url, application_name: 'unspin-status' });
  try {
    await c.connect();
  } catch (e) {
    throw new UnspinError('UNREADABLE', `${redact(url)}: cannot connect (${(e as Error).message})`);
  }
  try {
    const one = async <R>(sql: string, params: unknown[] = []): Promise<R[]> => (await c.query(sql, params)).rows as R[];
    const jobs = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<JobState, number>;
    let lastJobs = 0;
    const hasQueue = (await one<{ t: string | null }>(`SELECT to_regclass('pgboss.job')::text AS t`))[0]?.t;
    if (hasQueue) {
      for (const r of await one<{ state: JobState; n: number }>(`SELECT state, count(*)::int AS n FROM pgboss.job WHERE name = $1 GROUP BY state`, [QUEUE])) jobs[r.state] = r.n;
      lastJobs = (await one<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state = 'completed' AND completed_on > now() - interval '1 minute'`, [QUEUE]))[0]!.n;
    }
    const hasStore = (await one<{ t: string | null }>(`SELECT to_regclass('ingest_items')::text AS t`))[0]?.t;
    const items: Record<string, number> = {};
    let documents = 0;
    let lastDocs = 0;
    let dead: QueueStatus['deadLetters'] = { total: 0, recent: [] };
    if (hasStore) {
      for (const r of await one<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM ingest_items GROUP BY status')) items[r.status] = r.n;
      const [d] = await one<{ n: number; m: number }>(`SELECT count(*)::int AS n, count(*) FILTER (WHERE ingested_at > now() - interval '1 minute')::int AS m FROM documents`);
      documents = d!.n;
      lastDocs = d!.m;
      const deadWhere = `status = 'error' AND error LIKE 'DEAD_LETTER:%'`;
      dead = {
        total: (await one<{ n: number }>(`SELECT count(*)::int AS n FROM ingest_items WHERE ${deadWhere}`))[0]!.n,
        recent: (await one<{ key: string; label: string | null; error: string | null }>(`SELECT key, label, error FROM ingest_items WHERE ${deadWhere} ORDER BY updated_at DESC LIMIT 5`))
          .map((r) => ({ key: r.key, ...(r.label ? { label: r.label } : {}), ...(r.error ? { error: r.error } : {}) })),
      };
      // Dead letters a worker has not yet recorded in the store count too.
      if (hasQueue) dead.total += (await one<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state < 'completed'`, [DEAD_LETTER]))[0]!.n;
    }
    const workerConnections = (await one<{ n: number }>(`SELECT count(DISTINCT client_addr::text || ':' || coalesce(client_port, 0))::int AS n FROM pg_stat_activity WHERE application_name = 'unspin-queue' AND datname = current_database()`))[0]!.n;
    return { jobs, lastMinute: { jobs: lastJobs, documents: lastDocs, jobsPerSecond: lastJobs / 60 }, deadLetters: dead, workerConnections, store: { documents, items } };
  } finally {
    await c.end();
  }
}

export function statusText(s: QueueStatus): string {
  const l: string[] = [];
  const j = s.jobs;
  l.push(`queue: ${j.created} waiting, ${j.retry} waiting to retry, ${j.active} active, ${j.completed} completed, ${j.failed} failed (last hour)`);
  l.push(`last minute: ${s.lastMinute.jobs} jobs completed (${s.lastMinute.jobsPerSecond.toFixed(1)}/s), ${s.lastMinute.documents} documents stored`);
  l.push(`store: ${s.store.documents} documents; items ${Object.entries(s.store.items).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  l.push(`dead letters: ${s.deadLetters.total}`);
  for (const d of s.deadLetters.recent) l.push(`  ${d.label ?? d.key}: ${d.error ?? ''}`);
  l.push(`queue connections open: ${s.workerConnections}`);
  return l.join('\n') + '\n';
}
