import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { generatedStories, queryOne } from './helpers/corpus.js';
import { CLI } from './helpers/paths.js';

const tmp = mkdtempSync(join(tmpdir(), 'unspin-resume-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A count from the store, 0 while the file or its schema is not there yet. */
function count(db: string, sql: string): number {
  try {
    return queryOne(db, sql) as number;
  } catch {
    return 0;
  }
}

test('ingest resumes after kill -9: every document exactly once', async () => {
  const N = 300;
  const input = join(tmp, 'gen.jsonl');
  writeFileSync(input, generatedStories(N, { seed: 12345, title: 'Generated story', outlets: 3 }));
  const db = join(tmp, 'resume.db');
  const args = [CLI, 'ingest', input, '--db', db, '--workers', '1', '--analysers', 'sentences', '--batch-size', '10', '--quiet', '--json'];
  const child = spawn(process.execPath, args, { stdio: 'ignore' });
  const exited = new Promise<void>((res) => child.on('exit', () => res()));
  let atKill = 0;
  // Kill as soon as some batches are committed: mid-run, with a batch in flight.
  for (let i = 0; i < 1000 && child.exitCode === null; i++) {
    atKill = count(db, 'SELECT count(*) FROM ingest_items');
    if (atKill >= 30) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  await exited;
  assert.ok(atKill >= 30 && atKill < N, `killed midway (${atKill} of ${N} items written)`);

  const rerun = spawnSync(process.execPath, args, { encoding: 'utf8' });
  assert.equal(rerun.status, 0, rerun.stderr);
  const summary = JSON.parse(rerun.stdout.trim().split('\n').at(-1)!) as { done: number; skipped: number; errors: number };
  assert.ok(summary.skipped >= atKill, `skipped ${summary.skipped} done items`);
  assert.equal(summary.errors, 0);
  assert.equal(count(db, 'SELECT count(*) FROM documents'), N);
  assert.equal(count(db, 'SELECT count(DISTINCT source) FROM documents'), N);
  assert.equal(count(db, "SELECT count(*) FROM ingest_items WHERE status = 'done'"), N);
  assert.equal(count(db, 'SELECT count(*) FROM documents_fts'), N);
  assert.equal(count(db, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH '\"Generated story 7\"'"), 1);
});
