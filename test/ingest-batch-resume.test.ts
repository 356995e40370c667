import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { CLI } from './helpers/paths.js';

const tmp = mkdtempSync(join(tmpdir(), 'unspin-resume-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Deterministic pseudo-random words, so every generated document is distinct (no accidental near-duplicates). */
function generate(n: number): string {
  let seed = 12345;
  const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const syll = ['ka', 'lo', 'mer', 'tin', 'sa', 'vel', 'dor', 'pi', 'gan', 'rus', 'te', 'bo', 'lim', 'ne', 'ost', 'quar'];
  const word = (): string => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => syll[Math.floor(rnd() * syll.length)]).join('');
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const sentences = Array.from({ length: 6 }, () => `${Array.from({ length: 10 }, word).join(' ')}.`);
    lines.push(JSON.stringify({ title: `Generated story ${i}`, outlet: `outlet-${i % 3}.example`, text: sentences.join(' ') }));
  }
  return lines.join('\n') + '\n';
}

function count(db: string, sql: string): number {
  try {
    const d = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return d.prepare(sql).pluck().get() as number;
    } finally {
      d.close();
    }
  } catch {
    return 0; // not created yet, or the schema is still being written
  }
}

test('ingest resumes after kill -9: every document exactly once', async () => {
  const N = 300;
  const input = join(tmp, 'gen.jsonl');
  writeFileSync(input, generate(N));
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
