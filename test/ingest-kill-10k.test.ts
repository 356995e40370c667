import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { queryOne } from './helpers/corpus.js';
import { CLI } from './helpers/paths.js';

const tmp = mkdtempSync(join(tmpdir(), 'unspin-kill10k-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const N = 10_000;

/**
 * Short generated documents (two sentences of six pseudo-words, all distinct): the test is about the ingest machinery
 * (worker pool, batching, resume, memory), not the analysers, and 10,000 full articles would take many minutes on a
 * 2-core machine. Only the sentence splitter runs (plus extraction and language identification, which always run).
 */
function shortDocs(n: number): string {
  let seed = 10_000;
  const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const syll = ['ka', 'lo', 'mer', 'tin', 'sa', 'vel', 'dor', 'pi', 'gan', 'rus', 'te', 'bo', 'lim', 'ne', 'ost', 'quar'];
  const word = (): string => Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => syll[Math.floor(rnd() * syll.length)]).join('');
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const text = Array.from({ length: 2 }, () => `${Array.from({ length: 6 }, word).join(' ')}.`).join(' ');
    lines.push(JSON.stringify({ title: `Short story ${i}`, outlet: `outlet-${i % 9}.example`, published: `2024-01-${String(1 + (i % 28)).padStart(2, '0')}`, text }));
  }
  return lines.join('\n') + '\n';
}

/** Peak resident memory of a process (all its threads: the ingest's workers are threads), from /proc; 0 where there is none. */
function peakRss(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function itemsRecorded(db: string): number {
  if (!existsSync(db)) return 0;
  try {
    return queryOne(db, 'SELECT count(*) FROM ingest_items') as number;
  } catch {
    return 0; // created but not migrated yet
  }
}

/** Runs the ingest; `killWhen` is checked every 200 ms and SIGKILLs the process when it says so. Resolves with the exit code or signal and the peak RSS seen. */
function runIngest(args: string[], killWhen?: () => boolean): Promise<{ code: number | null; signal: NodeJS.Signals | null; peak: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    let peak = 0;
    const timer = setInterval(() => {
      peak = Math.max(peak, peakRss(child.pid!));
      if (killWhen?.()) child.kill('SIGKILL');
    }, 200);
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      resolve({ code, signal, peak, stdout });
    });
  });
}

test(`ingest of ${N.toLocaleString('en')} generated documents on all cores survives kill -9 midway; the re-run loses and doubles nothing; peak memory < 1 GB`, { timeout: 420_000 }, async () => {
  const input = join(tmp, 'docs.jsonl');
  writeFileSync(input, shortDocs(N));
  const db = join(tmp, 'k.db');
  // No --workers: one worker thread per core, the default.
  const args = [CLI, 'ingest', input, '--db', db, '--analysers', 'sentences', '--quiet', '--json'];
  const first = await runIngest(args, () => itemsRecorded(db) >= N * 0.3);
  assert.equal(first.signal, 'SIGKILL', 'the first run was killed before it finished');
  assert.equal(queryOne(db, 'PRAGMA integrity_check'), 'ok');
  const kept = queryOne(db, 'SELECT count(*) FROM documents') as number;
  assert.ok(kept >= N * 0.3 && kept < N, `killed midway (${kept} of ${N} stored)`);
  assert.equal(queryOne(db, "SELECT count(*) FROM ingest_items WHERE status = 'done'"), kept, 'documents and done items agree after the kill');

  const second = await runIngest(args);
  assert.equal(second.code, 0);
  const summary = JSON.parse(second.stdout.trim().split('\n').at(-1)!) as { done: number; skipped: number; errors: number; workers: number };
  assert.equal(summary.workers, availableParallelism(), 'all cores');
  assert.equal(summary.errors, 0);
  assert.equal(summary.skipped, kept, 'the re-run skips exactly what the killed run stored');
  assert.equal(summary.done, N - kept, 'and does exactly the rest');
  assert.equal(queryOne(db, 'SELECT count(*) FROM documents'), N, 'nothing lost');
  assert.equal(queryOne(db, 'SELECT count(DISTINCT source) FROM documents'), N, 'nothing doubled');
  assert.equal(queryOne(db, 'SELECT count(*) FROM documents_fts'), N);
  assert.equal(queryOne(db, 'SELECT count(*) FROM ingest_items'), N);
  const peak = Math.max(first.peak, second.peak);
  // Printed for docs/EVALUATION.md.
  process.stdout.write(`# ingest-kill-10k: kept ${kept} at the kill; peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB (first run ${(first.peak / 2 ** 20).toFixed(0)}, re-run ${(second.peak / 2 ** 20).toFixed(0)}); ${summary.workers} workers\n`);
  assert.ok(peak > 0, 'memory was measured');
  assert.ok(peak < 2 ** 30, `peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB stays under 1 GiB`);
});
