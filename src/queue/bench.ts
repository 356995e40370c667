/**
 * Worker benchmark on PostgreSQL: documents/s with 1 and with 2 worker processes (one analysis thread each) on the
 * same queue, and the peak resident memory of one worker over a long run. Prints a table on standard error and one
 * JSON object on standard output.
 *   node dist/src/queue/bench.js [--docs 300] [--rss-docs 1000] [--analysers a,b] [--procs 1,2] [--threads] [--node-args "..."]
 * --threads runs each worker's analysis on a worker thread (`worker --no-in-process`) instead of its main thread.
 * CPU is reported two ways: the whole process (start-up included) and the steady state (from each worker's first
 * written batch to its end), plus the PostgreSQL server's own CPU per document when the server runs on this machine.
 * The server: $UNSPIN_BENCH_PG or $UNSPIN_TEST_PG (a URL whose user may CREATE DATABASE), else a throwaway cluster
 * started with scripts/pg-test-server.sh (as the postgres user when run as root).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync, copyFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { generated } from '../corpus/generate.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(ROOT, 'bin', 'unspin.js');
const arg = (name: string, def?: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const docs = Number(arg('docs', '300'));
const rssDocs = Number(arg('rss-docs', '1000'));
const analysers = arg('analysers');
const procsList = (arg('procs') ?? '1,2').split(',').map(Number).filter((n) => n > 0);
const threads = process.argv.includes('--threads');
/** Extra Node/V8 options for the worker processes, space-separated (e.g. "--single-threaded-gc"). */
const nodeArgs = (arg('node-args') ?? '').split(' ').filter(Boolean);
const log = (s: string): void => void process.stderr.write(s);

/** A server URL, and how to stop it when the bench started it. */
function server(): { url: string; stop: () => void } {
  const given = process.env.UNSPIN_BENCH_PG ?? process.env.UNSPIN_TEST_PG;
  if (given) return { url: given, stop: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'unspin-bench-pg-'));
  const script = join(dir, 'pg-test-server.sh');
  copyFileSync(join(ROOT, 'scripts', 'pg-test-server.sh'), script);
  chmodSync(script, 0o755);
  const root = process.getuid?.() === 0;
  if (root) spawnSync('chown', ['postgres', dir]);
  const run = (a: string[]): ReturnType<typeof spawnSync> => spawnSync(root ? 'runuser' : script, root ? ['-u', 'postgres', '--', script, ...a] : a, { encoding: 'utf8' });
  const r = run(['start', join(dir, 'cluster')]);
  if (r.status !== 0) throw new Error(`cannot start a PostgreSQL server: ${r.stderr}`);
  return { url: String(r.stdout).trim(), stop: () => { run(['stop', join(dir, 'cluster')]); rmSync(dir, { recursive: true, force: true }); } };
}

async function freshDb(url: string, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function one<R>(url: string, sql: string): Promise<R> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows[0] as R;
  } finally {
    await c.end();
  }
}

function enqueue(db: string, input: string): void {
  const r = spawnSync(process.execPath, [CLI, 'ingest', input, '--db', db, '--enqueue', '--quiet', '--json'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`enqueue failed: ${r.stderr}`);
}

interface Proc { pid: number; exited: Promise<number | null>; peakKb: number; stdout: string }

function startWorker(db: string): Proc {
  const args = [...nodeArgs, CLI, 'worker', '--db', db, '--concurrency', '1', '--until-empty', '--quiet', '--json', ...(analysers ? ['--analysers', analysers] : []),
    ...(threads ? ['--no-in-process'] : [])];
  const c = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const p: Proc = { pid: c.pid!, exited: new Promise((res) => c.on('exit', (code) => res(code))), peakKb: 0, stdout: '' };
  c.stdout.on('data', (d: Buffer) => (p.stdout += d.toString()));
  return p;
}

/** Resident memory of a process now, in kB (Linux /proc), 0 once it is gone. */
function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Clock ticks per second of /proc's CPU times (100 on every Linux this runs on). */
const TICKS = 100;

/** utime, stime, cutime, cstime of a process (Linux /proc), in seconds; undefined when it cannot be read. */
function procTimes(pid: number): number[] | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return [f[11], f[12], f[13], f[14]].map((x) => Number(x) / TICKS);
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds the PostgreSQL server has used so far, when it runs on this machine: its postmaster, the backends that
 * exited (the postmaster's reaped children) and the live ones. Found from a backend's parent process; undefined for
 * a remote server or one whose processes cannot be read.
 */
async function serverCpu(url: string): Promise<(() => number | undefined) | undefined> {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]', ''].includes(host)) return undefined;
  // The backend's parent is read while its connection is open: the backend exits with the connection.
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  let postmaster: number;
  try {
    const pid = Number((await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    postmaster = Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  } finally {
    await c.end();
  }
  return () => {
    const pm = procTimes(postmaster);
    if (!pm) return undefined;
    let t = pm.reduce((a, b) => a + b, 0);
    let children: string[] = [];
    try {
      children = readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch { /* no children file: reaped children are still counted */ }
    for (const c of children) {
      const ct = procTimes(Number(c));
      if (ct) t += ct[0]! + ct[1]!;
    }
    return t;
  };
}

interface WorkerJson { cpuSeconds?: number; cpuSecondsAtFirstBatch?: number; documentsAtFirstBatch?: number; done?: number; duplicate?: number; nearDuplicate?: number; errors?: number }

async function scaling(url: string, input: string, procs: number): Promise<Record<string, unknown>> {
  const db = await freshDb(url, `unspin_bench_w${procs}`);
  enqueue(db, input);
  const load = loadavg()[0]!;
  const pgCpu = await serverCpu(db);
  const pg0 = pgCpu?.();
  const t0 = performance.now();
  const ps = Array.from({ length: procs }, () => startWorker(db));
  const codes = await Promise.all(ps.map((p) => p.exited));
  const wall = (performance.now() - t0) / 1000;
  if (codes.some((c) => c !== 0)) throw new Error(`a worker failed (exit codes ${codes.join(', ')})`);
  // Steady-state rate from the store: first to last document written, so process start-up (models loading) is left out.
  const r = await one<{ n: string; span: number }>(db, 'SELECT count(*) AS n, EXTRACT(EPOCH FROM max(ingested_at) - min(ingested_at)) AS span FROM documents');
  const n = Number(r.n);
  // CPU the worker processes used (all their threads): on a shared machine the wall-clock rate measures what the
  // other load left over, the rate per CPU-second what the workers themselves cost, with or without contention.
  const pg1 = pgCpu?.();
  const outs = ps.map((p) => JSON.parse(p.stdout.trim().split('\n').at(-1) ?? '{}') as WorkerJson);
  const cpu = outs.reduce((t, o) => t + Number(o.cpuSeconds ?? 0), 0);
  // Steady state per process: CPU and documents after its first written batch (models loaded, code warm).
  let steadyCpu = 0;
  let steadyDocs = 0;
  for (const o of outs) {
    const docsOf = Number(o.done ?? 0) + Number(o.duplicate ?? 0) + Number(o.nearDuplicate ?? 0) + Number(o.errors ?? 0);
    if (o.cpuSecondsAtFirstBatch === undefined) continue;
    steadyCpu += Number(o.cpuSeconds ?? 0) - o.cpuSecondsAtFirstBatch;
    steadyDocs += docsOf - Number(o.documentsAtFirstBatch ?? 0);
  }
  const server = pg0 !== undefined && pg1 !== undefined ? pg1 - pg0 : undefined;
  return {
    procs, documents: n, cpuSeconds: +cpu.toFixed(1), docsPerCpuSecond: +(cpu ? n / cpu : 0).toFixed(2),
    steadyCpuMsPerDoc: steadyDocs > 0 ? +((steadyCpu / steadyDocs) * 1000).toFixed(1) : null,
    steadyDocsPerCpuSecond: steadyCpu > 0 ? +(steadyDocs / steadyCpu).toFixed(2) : null,
    serverCpuMsPerDoc: server !== undefined && n ? +((server / n) * 1000).toFixed(1) : null,
    wallSeconds: +wall.toFixed(2), docsPerSecondWall: +(n / wall).toFixed(2),
    docsPerSecond: +(n > 1 ? (n - 1) / Number(r.span) : 0).toFixed(2), loadAvg1mAtStart: +load.toFixed(2),
  };
}

async function memory(url: string, input: string): Promise<Record<string, unknown>> {
  const db = await freshDb(url, 'unspin_bench_rss');
  enqueue(db, input);
  const t0 = performance.now();
  const p = startWorker(db);
  let done = false;
  void p.exited.then(() => (done = true));
  const samples: { documents: number; rssMB: number }[] = [];
  let lastN = -1;
  let peakAt = 0;
  while (!done) {
    const kb = rssKb(p.pid);
    const n = Number((await one<{ n: string }>(db, 'SELECT count(*) AS n FROM documents').catch(() => ({ n: '0' }))).n);
    if (kb > p.peakKb) peakAt = n;
    p.peakKb = Math.max(p.peakKb, kb);
    if (kb && n !== lastN && (samples.length === 0 || n - samples.at(-1)!.documents >= rssDocs / 10)) {
      samples.push({ documents: n, rssMB: +(kb / 1024).toFixed(1) });
      lastN = n;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const n = Number((await one<{ n: string }>(db, 'SELECT count(*) AS n FROM documents')).n);
  // Store size per document (tables and indexes, the queue's tables apart): for sizing the database.
  const size = await one<{ b: string }>(db, `SELECT sum(pg_total_relation_size(c.oid)) AS b FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
    WHERE s.nspname = 'public' AND c.relkind = 'r'`);
  const last = samples.filter((s) => s.documents >= n / 2);
  // Growth per 1,000 documents over the second half of the run: what a longer run would add.
  const slope = last.length >= 2 ? ((last.at(-1)!.rssMB - last[0]!.rssMB) / Math.max(1, last.at(-1)!.documents - last[0]!.documents)) * 1000 : 0;
  const peak = p.peakKb / 1024;
  return {
    documents: n, storeKBPerDocument: +(Number(size.b) / 1024 / Math.max(1, n)).toFixed(1), seconds: +((performance.now() - t0) / 1000).toFixed(1), peakRssMB: +peak.toFixed(1), peakAtDocuments: peakAt,
    collections: Number((JSON.parse(p.stdout.trim().split('\n').at(-1) ?? '{}') as { collections?: number }).collections ?? 0),
    growthMBPer1000Docs: +slope.toFixed(2), extrapolatedPeakAt10000MB: +(peak + Math.max(0, slope) * Math.max(0, (10_000 - n) / 1000)).toFixed(1), samples,
  };
}

const tmp = mkdtempSync(join(tmpdir(), 'unspin-bench-workers-'));
const srv = server();
try {
  const input = join(tmp, 'docs.jsonl');
  writeFileSync(input, generated(docs));
  const scalingRuns: Record<string, unknown>[] = [];
  for (const procs of procsList) {
    log(`workers: ${procs} process(es) on ${docs} documents...\n`);
    scalingRuns.push(await scaling(srv.url, input, procs));
  }
  const one1 = scalingRuns.find((r) => r.procs === 1);
  const base = Number(one1?.docsPerSecond ?? 0);
  const perCpu = Number(one1?.docsPerCpuSecond ?? 0);
  const cores = (await import('node:os')).availableParallelism();
  for (const r of scalingRuns) {
    r.speedup = base ? +(Number(r.docsPerSecond) / base).toFixed(2) : null;
    // What n processes would give on n idle cores: n times the per-CPU-second efficiency relative to one process.
    r.speedupOnIdleCores = perCpu ? +((Number(r.procs) * Number(r.docsPerCpuSecond)) / perCpu).toFixed(2) : null;
    // The same from the steady-state CPU (start-up left out, as a long run amortises it).
    r.steadySpeedupOnIdleCores = one1?.steadyDocsPerCpuSecond && r.steadyDocsPerCpuSecond
      ? +((Number(r.procs) * Number(r.steadyDocsPerCpuSecond)) / Number(one1.steadyDocsPerCpuSecond)).toFixed(2) : null;
    // Worker and server CPU per document together: on a machine whose cores they share, cores / this is the ceiling.
    if (r.steadyCpuMsPerDoc && r.serverCpuMsPerDoc !== null) r.cpuBoundDocsPerSecond = +((cores * 1000) / (Number(r.steadyCpuMsPerDoc) + Number(r.serverCpuMsPerDoc))).toFixed(1);
  }
  let mem: Record<string, unknown> | undefined;
  if (rssDocs > 0) {
    log(`memory: one worker on ${rssDocs} documents...\n`);
    const big = join(tmp, 'rss.jsonl');
    writeFileSync(big, generated(rssDocs));
    mem = await memory(srv.url, big);
  }
  log('\nprocs  docs  docs/s (steady)  docs/s (wall)  speedup  docs/CPU-s  steady ms/doc  server ms/doc  speedup on idle cores  load avg\n');
  for (const r of scalingRuns) {
    log(`${String(r.procs).padStart(5)}  ${String(r.documents).padStart(4)}  ${String(r.docsPerSecond).padStart(15)}  ${String(r.docsPerSecondWall).padStart(13)}  ${String(r.speedup).padStart(7)}  ${String(r.docsPerCpuSecond).padStart(10)}  ${String(r.steadyCpuMsPerDoc).padStart(13)}  ${String(r.serverCpuMsPerDoc).padStart(13)}  ${String(r.speedupOnIdleCores).padStart(21)}  ${String(r.loadAvg1mAtStart).padStart(8)}\n`);
  }
  if (mem) log(`worker peak RSS: ${mem.peakRssMB} MB over ${mem.documents} documents (growth ${mem.growthMBPer1000Docs} MB per 1,000; extrapolated to 10,000: ${mem.extrapolatedPeakAt10000MB} MB)\n`);
  process.stdout.write(JSON.stringify({ cores, analysers: analysers ?? 'all', analysis: threads ? 'worker thread' : 'main thread', scaling: scalingRuns, memory: mem }) + '\n');
} finally {
  srv.stop();
  rmSync(tmp, { recursive: true, force: true });
}
