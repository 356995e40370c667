import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { generatedStories } from './helpers/corpus.js';
import { CLI } from './helpers/paths.js';
import { PG_SKIP, freshPgDatabase, pgQueryOne } from './helpers/stores.js';

const tmp = mkdtempSync(join(tmpdir(), 'unspin-pgq-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (args: string[]): ReturnType<typeof spawnSync> => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const lastJson = <T>(stdout: string | Buffer): T => JSON.parse(String(stdout).trim().split('\n').at(-1)!) as T;
const num = async (url: string, sql: string): Promise<number> => Number(await pgQueryOne(url, sql));

describe('queue [postgres]', { skip: PG_SKIP }, () => {
  test('a worker killed mid-batch (SIGKILL), then another worker: every document exactly once', { timeout: 180_000 }, async () => {
    const N = 240;
    const input = join(tmp, 'kill.jsonl');
    writeFileSync(input, generatedStories(N, { seed: 99, title: 'Queue story', outlets: 3 }));
    const db = await freshPgDatabase('qkill');
    // A short job timeout: the killed worker's jobs come back after 3 s instead of 5 minutes.
    const enq = cli(['ingest', input, '--db', db, '--enqueue', '--job-timeout', '3', '--json', '--quiet']);
    assert.equal(enq.status, 0, String(enq.stderr));
    assert.equal(lastJson<{ enqueued: number }>(enq.stdout).enqueued, N);
    // Enqueueing again adds nothing: the job id is derived from the item key.
    cli(['ingest', input, '--db', db, '--enqueue', '--json', '--quiet']);
    assert.equal(await num(db, `SELECT count(*) FROM pgboss.job WHERE name = 'unspin-ingest'`), N);

    const args = ['worker', '--db', db, '--concurrency', '1', '--analysers', 'sentences', '--batch-size', '6', '--quiet', '--json'];
    const child = spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' });
    const exited = new Promise<void>((res) => child.on('exit', () => res()));
    let atKill = 0;
    for (let i = 0; i < 3000 && child.exitCode === null; i++) {
      atKill = await num(db, 'SELECT count(*) FROM ingest_items').catch(() => 0);
      if (atKill >= 30) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await exited;
    assert.ok(atKill >= 30 && atKill < N, `killed midway (${atKill} of ${N} items written)`);
    const active = await num(db, `SELECT count(*) FROM pgboss.job WHERE name = 'unspin-ingest' AND state = 'active'`);
    assert.ok(active > 0, 'the killed worker left jobs active');

    const rerun = cli([...args, '--until-empty']);
    assert.equal(rerun.status, 0, String(rerun.stderr));
    const s = lastJson<{ done: number; errors: number; redelivered: number }>(rerun.stdout);
    assert.equal(s.errors, 0);
    assert.equal(await num(db, 'SELECT count(*) FROM documents'), N);
    assert.equal(await num(db, 'SELECT count(DISTINCT source) FROM documents'), N);
    assert.equal(await num(db, "SELECT count(*) FROM ingest_items WHERE status = 'done'"), N);
    assert.equal(await num(db, 'SELECT count(*) FROM sections'), await num(db, 'SELECT count(DISTINCT doc) FROM sections'), 'no query rows doubled');
    assert.equal(await num(db, `SELECT count(*) FROM documents WHERE search @@ websearch_to_tsquery('simple', '"Queue story 7"')`), 1);
    assert.equal(await num(db, `SELECT count(*) FROM pgboss.job WHERE name = 'unspin-ingest' AND state <> 'completed'`), 0);
    const st = cli(['status', '--db', db, '--json']);
    assert.equal(st.status, 0, String(st.stderr));
    const status = lastJson<{ jobs: Record<string, number>; store: { documents: number }; deadLetters: { total: number } }>(st.stdout);
    assert.equal(status.jobs.completed, N);
    assert.equal(status.store.documents, N);
    assert.equal(status.deadLetters.total, 0);
  });

  test('two workers at once share the queue without doubling; SIGTERM finishes the jobs in hand', { timeout: 180_000 }, async () => {
    const N = 120;
    const input = join(tmp, 'two.jsonl');
    writeFileSync(input, generatedStories(N, { seed: 7, title: 'Shared story', outlets: 2 }));
    const db = await freshPgDatabase('qtwo');
    assert.equal(cli(['ingest', input, '--db', db, '--enqueue', '--quiet']).status, 0);
    const args = ['worker', '--db', db, '--concurrency', '1', '--analysers', 'sentences', '--batch-size', '4', '--quiet', '--json'];
    const runs = [0, 1].map(() => {
      const c = spawn(process.execPath, [CLI, ...args, '--until-empty'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      return new Promise<{ code: number | null; stdout: string }>((res) => c.on('exit', (code) => res({ code, stdout })));
    });
    const [a, b] = await Promise.all(runs);
    assert.equal(a!.code, 0);
    assert.equal(b!.code, 0);
    const done = lastJson<{ done: number }>(a!.stdout).done + lastJson<{ done: number }>(b!.stdout).done;
    assert.equal(done, N, 'the two workers stored each document once between them');
    assert.equal(await num(db, 'SELECT count(*) FROM documents'), N);

    // Graceful stop: new work, a worker that gets SIGTERM mid-run exits 0 and leaves no job active.
    const more = join(tmp, 'more.jsonl');
    writeFileSync(more, generatedStories(150, { seed: 8, title: 'Later story', outlets: 2 }));
    assert.equal(cli(['ingest', more, '--db', db, '--enqueue', '--quiet']).status, 0);
    const w = spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' });
    const exit = new Promise<number | null>((res) => w.on('exit', (code) => res(code)));
    for (let i = 0; i < 3000; i++) {
      if ((await num(db, 'SELECT count(*) FROM documents')) >= N + 10) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    w.kill('SIGTERM');
    assert.equal(await exit, 0);
    assert.equal(await num(db, `SELECT count(*) FROM pgboss.job WHERE name = 'unspin-ingest' AND state = 'active'`), 0, 'no job left active');
    const stored = await num(db, 'SELECT count(*) FROM documents');
    assert.equal(await num(db, "SELECT count(*) FROM ingest_items WHERE status = 'done'"), stored);
    assert.equal(await num(db, `SELECT count(*) FROM pgboss.job WHERE name = 'unspin-ingest' AND state = 'completed'`), stored);
  });

  test('a document that keeps killing its analysis thread is retried, then dead-lettered and recorded as an error', { timeout: 120_000 }, async () => {
    const input = join(tmp, 'poison.jsonl');
    writeFileSync(input, generatedStories(3, { seed: 5, title: 'Poison story', outlets: 1 }));
    const db = await freshPgDatabase('qpoison');
    assert.equal(cli(['ingest', input, '--db', db, '--enqueue', '--max-attempts', '2', '--retry-delay', '1', '--quiet']).status, 0);
    // A 1 ms analysis limit: every attempt times out, as a document that hangs the analysers would.
    const r = cli(['worker', '--db', db, '--concurrency', '1', '--analysers', 'sentences', '--timeout', '1', '--until-empty', '--quiet', '--json']);
    assert.equal(r.status, 0, String(r.stderr));
    const s = lastJson<{ retried: number; deadLettered: number; errors: number }>(r.stdout);
    assert.equal(s.retried, 3);
    assert.equal(s.deadLettered, 3);
    assert.equal(await num(db, `SELECT count(*) FROM ingest_items WHERE status = 'error' AND error LIKE 'DEAD_LETTER: failed 2 attempts: TIMEOUT%'`), 3);
    assert.equal(await num(db, `SELECT count(*) FROM pgboss.job WHERE name = 'unspin-dead'`), 3);
    const st = lastJson<{ deadLetters: { total: number } }>(cli(['status', '--db', db, '--json']).stdout);
    assert.equal(st.deadLetters.total, 3);
  });

});

test('queue commands refuse a SQLite store with an argument error', () => {
  const r = cli(['worker', '--db', join(tmp, 'x.db')]);
  assert.equal(r.status, 1);
  assert.match(String(r.stderr), /^unspin: worker needs a PostgreSQL store/);
});
