import { createWriteStream, promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { once } from 'node:events';
import { InvalidArgumentError, type Command } from 'commander';
import { UnspinError } from '../core/errors.js';
import { exportCorpus } from '../corpus/export.js';
import { ingest } from '../corpus/ingest.js';
import { outletProfiles, type OutletProfile } from '../corpus/profiles.js';
import { createProgress, silentProgress } from '../corpus/progress.js';
import { formatOf, walk } from '../corpus/readers/files.js';
import { expandInputs } from '../corpus/sources.js';
import { openStore } from '../store/open.js';
import type { SearchResult, Store } from '../store/store.js';

const count = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number');
  return n;
};
const positive = (v: string): number => {
  const n = count(v);
  if (n === 0) throw new InvalidArgumentError('must be a positive whole number');
  return n;
};
const DB_HELP = 'corpus database: a file, or a postgres:// URL (default: $UNSPIN_DB, else .unspin/unspin.db in the current folder)';
const out = (s: string): void => void process.stdout.write(s);

async function withStore<T>(db: string | undefined, fn: (s: Store) => Promise<T>): Promise<T> {
  const store = await openStore(db);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Cheap up-front count for the progress bar's ETA: article files and JSON Lines lines; undefined when a CSV, WARC, feed or URL makes it unknowable without parsing. */
async function estimateTotal(specs: string[]): Promise<number | undefined> {
  let n = 0;
  const file = async (p: string): Promise<boolean> => {
    const f = formatOf(p) ?? 'article';
    if (f === 'article') n++;
    else if (f === 'jsonl' && !p.endsWith('.gz')) {
      const buf = await fs.readFile(p);
      for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) n++;
    } else return false;
    return true;
  };
  for (const spec of specs) {
    if (/^https?:\/\//i.test(spec)) return undefined;
    const stat = await fs.stat(spec).catch(() => undefined);
    if (!stat) continue;
    if (stat.isDirectory()) {
      for await (const p of walk(resolve(spec))) if (!(await file(p))) return undefined;
    } else if (!(await file(spec))) return undefined;
  }
  return n;
}

export function registerCorpusCommands(program: Command): void {
  program
    .command('ingest')
    .description('analyse many articles into the corpus database: folders (.html .htm .txt, .gz too), JSON Lines, CSV, WARC, RSS/Atom feeds and sitemaps (files or URLs); resumable')
    .argument('<inputs...>', 'folders, files or http(s) URLs')
    .option('--db <path>', DB_HELP)
    .option('--workers <n>', 'worker threads (default: one per core; 0 = analyse in the main thread)', count)
    .option('--limit <n>', 'process at most n new items', positive)
    .option('--batch-size <n>', 'documents per write transaction', positive, 64)
    .option('--retry-errors', 'try items that failed in an earlier run again', false)
    .option('--no-fetch', 'never fetch the pages feeds and sitemaps link to (use the text the feed carries)')
    .option('--allow-private', 'let URL fetches reach private, loopback and link-local addresses', false)
    .option('--max-bytes <n>', 'largest input item accepted, in bytes', positive, 20 * 1024 * 1024)
    .option('--timeout <ms>', 'URL fetch timeout in milliseconds', positive, 15000)
    .option('--keep-tokens', 'also store the tokens layer (large; recomputable from the text)', false)
    .option('--analysers <names>', 'run only these analysers (comma-separated; what they depend on runs too)', (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean))
    .option('--json', 'print the summary as one JSON object', false)
    .option('--quiet', 'no progress output', false)
    .option('--enqueue', 'PostgreSQL store only: queue the items as jobs for `unspin worker` instead of analysing them here', false)
    .option('--max-attempts <n>', 'with --enqueue: attempts before a job is dead-lettered', positive)
    .option('--job-timeout <s>', 'with --enqueue: seconds a job may stay active before it is retried (its worker died)', positive)
    .option('--retry-delay <s>', 'with --enqueue: first retry delay in seconds, doubling on each retry', positive)
    .action(async (inputs: string[], o: {
      enqueue: boolean; maxAttempts?: number; jobTimeout?: number; retryDelay?: number; db?: string; workers?: number; limit?: number; batchSize: number; retryErrors: boolean; fetch: boolean; allowPrivate: boolean;
      maxBytes: number; timeout: number; keepTokens: boolean; analysers?: string[]; json: boolean; quiet: boolean;
    }) => {
      if (o.enqueue) return (await import('./queue.js')).enqueueCommand(inputs, o);
      const fetchOpts = { allowPrivate: o.allowPrivate, maxBytes: o.maxBytes, timeoutMs: o.timeout, noFetch: !o.fetch };
      const estimate = o.quiet ? undefined : await estimateTotal(inputs);
      const total = estimate === undefined ? o.limit : o.limit === undefined ? estimate : Math.min(o.limit, estimate);
      const ac = new AbortController();
      const onSigint = (): void => {
        process.stderr.write('\nunspin: stopping after the documents in progress (Ctrl-C again to quit now; a re-run resumes)\n');
        ac.abort();
        process.once('SIGINT', () => process.exit(130));
      };
      process.once('SIGINT', onSigint);
      const summary = await withStore(o.db, (store) =>
        ingest(store, expandInputs(inputs, fetchOpts), {
          workers: o.workers, limit: o.limit, batchSize: o.batchSize, retryErrors: o.retryErrors, keepTokens: o.keepTokens, analysers: o.analysers,
          progress: o.quiet || o.json ? silentProgress : createProgress(), total, signal: ac.signal, args: inputs,
        }),
      );
      process.removeListener('SIGINT', onSigint);
      // Interrupted runs exit 130 (as a shell does for Ctrl-C) after saying what was kept; a re-run resumes.
      if (summary.interrupted) process.exitCode = 130;
      if (o.json) {
        out(JSON.stringify(summary) + '\n');
        return;
      }
      const processed = summary.done + summary.duplicate + summary.nearDuplicate + summary.errors;
      out(`${summary.interrupted ? 'interrupted: ' : ''}${summary.done} new documents, ${summary.duplicate} exact duplicates, ${summary.nearDuplicate} near-duplicates, ${summary.errors} errors` +
        `${summary.skipped ? `, ${summary.skipped} already done` : ''} in ${summary.seconds.toFixed(1)} s (${processed ? summary.docsPerSecond.toFixed(1) : '0'} items/s on ${summary.workers} worker${summary.workers === 1 ? '' : 's'})\n`);
      if (summary.errorSamples.length) {
        out(`errors (${summary.errors}${summary.errors > summary.errorSamples.length ? `, first ${summary.errorSamples.length}` : ''}; re-run with --retry-errors to try them again):\n`);
        for (const e of summary.errorSamples) out(`  ${e.error.includes(e.label) ? e.error : `${e.label}: ${e.error}`}\n`);
      }
    });

  program
    .command('search')
    .description('full-text search over the corpus, with counts per outlet, language, entity and technique')
    .argument('[query]', 'words or an FTS5 query ("exact phrase", a OR b, prefix*); empty lists documents by filters only')
    .option('--db <path>', DB_HELP)
    .option('--outlet <name>', 'only this outlet')
    .option('--from <date>', 'published on or after (ISO date)')
    .option('--to <date>', 'published on or before (ISO date)')
    .option('--entity <name>', 'only documents naming this entity')
    .option('--technique <name>', 'only documents with this persuasion technique')
    .option('--language <code>', 'only this language (ISO 639-1)')
    .option('--limit <n>', 'results shown', positive, 20)
    .option('--json', 'print one JSON object', false)
    .action(async (query: string | undefined, o: { db?: string; outlet?: string; from?: string; to?: string; entity?: string; technique?: string; language?: string; limit: number; json: boolean }) => {
      for (const d of [o.from, o.to]) if (d && !/^\d{4}(-\d{2}(-\d{2})?)?/.test(d)) throw new UnspinError('BAD_ARGUMENT', `${d}: give dates as YYYY-MM-DD`);
      const result = await withStore(o.db, (s) => s.search({ text: query, outlet: o.outlet, from: o.from, to: o.to, entity: o.entity, technique: o.technique, language: o.language, limit: o.limit }));
      out(o.json ? JSON.stringify({ query: query ?? '', ...result }) + '\n' : searchText(query, result));
    });

  program
    .command('outlets')
    .description('per outlet: documents, technique rates, sourced claims, quoted sources, named actors, comment toxicity, against the corpus average')
    .option('--db <path>', DB_HELP)
    .option('--json', 'print one JSON object', false)
    .action(async (o: { db?: string; json: boolean }) => {
      const p = await withStore(o.db, (s) => outletProfiles(s));
      if (o.json) return out(JSON.stringify(p) + '\n');
      if (!p.corpus) return out('the corpus is empty: add articles with `unspin ingest <folder|file|url>`\n');
      out(outletsTable(p.outlets, p.corpus));
    });

  program
    .command('outlet')
    .description("one outlet's profile against the corpus average")
    .argument('<name>', 'outlet name as stored (usually the web domain)')
    .option('--db <path>', DB_HELP)
    .option('--top <n>', 'sources and actors listed', positive, 10)
    .option('--json', 'print one JSON object', false)
    .action(async (name: string, o: { db?: string; top: number; json: boolean }) => {
      const p = await withStore(o.db, (s) => outletProfiles(s, { outlet: name, top: o.top }));
      const profile = p.outlets[0];
      if (!profile) throw new UnspinError('NOT_FOUND', `no documents from outlet "${name}" (see \`unspin outlets\`)`);
      out(o.json ? JSON.stringify({ ...profile, corpus: p.corpus }) + '\n' : outletText(profile));
    });

  program
    .command('export')
    .description('write the corpus out: JSON Lines (documents with their layers) or CSV (documents, or one row per item of a layer)')
    .option('--db <path>', DB_HELP)
    .option('--format <format>', 'jsonl | csv', 'jsonl')
    .option('--layer <name>', 'only this layer (csv: one row per item, with the outlet metadata)')
    .option('--outlet <name>', 'only this outlet')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(async (o: { db?: string; format: string; layer?: string; outlet?: string; output?: string }) => {
      if (o.format !== 'jsonl' && o.format !== 'csv') throw new UnspinError('BAD_ARGUMENT', `unknown format "${o.format}" (use jsonl, csv)`);
      const sink = o.output ? createWriteStream(o.output) : process.stdout;
      await withStore(o.db, async (s) => {
        for await (const chunk of exportCorpus(s, { format: o.format as 'jsonl' | 'csv', layer: o.layer, outlet: o.outlet })) {
          if (!sink.write(chunk)) await once(sink, 'drain');
        }
      });
      if (o.output) {
        (sink as NodeJS.WritableStream).end();
        await once(sink, 'finish');
      }
    });
}

const fmt = (x: number | null | undefined, d = 2): string => (x === null || x === undefined ? '–' : x.toFixed(d));
const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : `${Math.round(x * 100)}%`);

function searchText(query: string | undefined, r: SearchResult): string {
  const lines = [`${r.total} document${r.total === 1 ? '' : 's'} match${r.total === 1 ? 'es' : ''}${query ? ` "${query}"` : ''} (${r.ms.toFixed(1)} ms)`];
  r.hits.forEach((h, i) => {
    lines.push(`${String(i + 1).padStart(3)}. ${h.title ?? '(untitled)'} — ${[h.outlet, h.published?.slice(0, 10), h.language].filter(Boolean).join(', ')}  [${h.id}]`);
    if (h.url) lines.push(`     ${h.url}`);
    if (h.snippet) lines.push(`     ${h.snippet}`);
  });
  for (const [name, list] of Object.entries(r.facets)) {
    if (list.length) lines.push(`${name}: ${list.map((f) => `${f.value} (${f.count})`).join(' · ')}`);
  }
  return lines.join('\n') + '\n';
}

function outletsTable(rows: OutletProfile[], corpus: OutletProfile): string {
  const head = ['outlet', 'docs', 'techniques/1000w', 'sourced claims', 'comment hate/1000w'];
  const body = [...rows, { ...corpus, outlet: '(corpus)' }].map((p) => [
    p.outlet, String(p.documents), fmt(p.techniqueRate.rate), pct(p.sourcedShare.share), fmt(p.commentToxicity.perThousandWords),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...body.map(line)].join('\n') + '\n';
}

function outletText(p: OutletProfile): string {
  const l = [`${p.outlet}: ${p.documents} documents, ${p.words} words`];
  l.push(`persuasion techniques per 1,000 words: ${fmt(p.techniqueRate.rate)} (corpus ${fmt(p.techniqueRate.corpus)}; ${p.coverage.techniques} documents analysed for techniques)`);
  for (const [t, r] of Object.entries(p.techniqueRates)) if (r.rate || r.corpus) l.push(`  ${t.padEnd(40)} ${fmt(r.rate)}  (corpus ${fmt(r.corpus)})`);
  l.push(`claims naming a source: ${pct(p.sourcedShare.share)} of ${p.sourcedShare.claims} (corpus ${pct(p.sourcedShare.corpus)})`);
  if (p.quotedSources.length) l.push(`most quoted sources: ${p.quotedSources.map((s) => `${s.value} (${s.count})`).join(', ')}`);
  if (p.namedActors.length) l.push(`most named actors: ${p.namedActors.map((s) => `${s.value} (${s.count})`).join(', ')}`);
  const c = p.commentToxicity;
  l.push(`reader comments: ${c.commentedDocuments} documents with comments; hate flags per 1,000 comment words ${fmt(c.perThousandWords)} (corpus ${fmt(c.corpusPerThousandWords)}); ` +
    `commented documents with a flagged comment ${pct(c.flaggedShare)} (corpus ${pct(c.corpusFlaggedShare)})`);
  return l.join('\n') + '\n';
}
