import { createWriteStream, promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { once } from 'node:events';
import { InvalidArgumentError, type Command } from 'commander';
import { UnspinError } from '../core/errors.js';
import { exportClaimReviews, exportCorpus } from '../corpus/export.js';
import { ingest } from '../corpus/ingest.js';
import { outletProfiles, type OutletProfile } from '../corpus/profiles.js';
import { createProgress, silentProgress } from '../corpus/progress.js';
import { formatOf, walk } from '../corpus/readers/files.js';
import { expandInputs } from '../corpus/sources.js';
import { openStore } from '../store/open.js';
import type { NarrativeCluster, SearchResult, Store } from '../store/store.js';

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

/** `--db` and `--json` exist on `narratives` and its subcommands; commander hands them to the parent wherever they are written. */
function withParent<T extends { db?: string; json: boolean }>(o: T, cmd: Command): T {
  const p = (cmd.parent?.opts() ?? {}) as { db?: string; json?: boolean };
  return { ...o, db: o.db ?? p.db, json: o.json || Boolean(p.json) };
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
    .description('full-text search over the corpus, with counts per outlet, language, entity, technique and narrative')
    .argument('[query]', 'words or an FTS5 query ("exact phrase", a OR b, prefix*); empty lists documents by filters only')
    .option('--db <path>', DB_HELP)
    .option('--outlet <name>', 'only this outlet')
    .option('--from <date>', 'published on or after (ISO date)')
    .option('--to <date>', 'published on or before (ISO date)')
    .option('--entity <name>', 'only documents naming this entity')
    .option('--technique <name>', 'only documents with this persuasion technique')
    .option('--language <code>', 'only this language (ISO 639-1)')
    .option('--narrative <id|label>', 'only documents carrying this narrative: a catalogue case id or label, or a clustered narrative id')
    .option('--limit <n>', 'results shown', positive, 20)
    .option('--json', 'print one JSON object', false)
    .action(async (query: string | undefined, o: { db?: string; outlet?: string; from?: string; to?: string; entity?: string; technique?: string; language?: string; narrative?: string; limit: number; json: boolean }) => {
      for (const d of [o.from, o.to]) if (d && !/^\d{4}(-\d{2}(-\d{2})?)?/.test(d)) throw new UnspinError('BAD_ARGUMENT', `${d}: give dates as YYYY-MM-DD`);
      const result = await withStore(o.db, (s) => s.search({ text: query, outlet: o.outlet, from: o.from, to: o.to, entity: o.entity, technique: o.technique, language: o.language, narrative: o.narrative, limit: o.limit }));
      out(o.json ? JSON.stringify({ query: query ?? '', ...result }) + '\n' : searchText(query, result));
    });

  const narratives = program
    .command('narratives')
    .description('narratives: claims that recur across documents, clustered (run `unspin narratives build` after an ingest); lists them, largest first')
    .option('--db <path>', DB_HELP)
    .option('--limit <n>', 'narratives listed', positive, 20)
    .option('--min-documents <n>', 'only narratives carried by at least n documents', positive)
    .option('--json', 'print one JSON object', false)
    .action(async (o: { db?: string; limit: number; minDocuments?: number; json: boolean }) => {
      const r = await withStore(o.db, (s) => s.narrativeClusters({ limit: o.limit, minDocuments: o.minDocuments }));
      if (o.json) return out(JSON.stringify(r) + '\n');
      if (!r.total) return out('no narratives: run `unspin narratives build` after ingesting (it clusters the claims stored)\n');
      out(narrativesText(r.narratives, r.total));
    });
  narratives
    .command('build')
    .description('cluster the stored claims (author text only) into narratives, replacing the previous ones')
    .option('--db <path>', DB_HELP)
    .option('--threshold <x>', 'similarity (0-1) at which two claims join; lower joins more, looser paraphrases', (v: string) => {
      const x = Number(v);
      if (!(x > 0 && x <= 1)) throw new InvalidArgumentError('must be a number in (0, 1]');
      return x;
    })
    .option('--json', 'print the statistics as one JSON object', false)
    .action(async (opts: { db?: string; threshold?: number; json: boolean }, cmd: Command) => {
      const o = withParent(opts, cmd);
      const db = o.db;
      const { buildNarratives } = await import('../narratives/cluster.js');
      const stats = await withStore(db, (s) => buildNarratives(s, { threshold: o.threshold }));
      out(o.json ? JSON.stringify(stats) + '\n' : `${stats.narratives} narratives from ${stats.usable} claims in ${stats.documents} documents (${stats.comparisons} comparisons, ${(stats.ms / 1000).toFixed(1)} s)\n`);
    });
  narratives
    .command('show')
    .description('one narrative with its member claims (document, offsets, text)')
    .argument('<id>', 'narrative id (from `unspin narratives`)')
    .option('--db <path>', DB_HELP)
    .option('--json', 'print one JSON object', false)
    .action(async (id: string, opts: { db?: string; json: boolean }, cmd: Command) => {
      const o = withParent(opts, cmd);
      const db = o.db;
      const n = await withStore(db, (s) => s.narrativeCluster(id));
      if (!n) throw new UnspinError('NOT_FOUND', `no narrative ${id} (see \`unspin narratives\`)`);
      if (o.json) return out(JSON.stringify(n) + '\n');
      out(narrativesText([n], 1) + (n.claims ?? []).map((c) => `  [${c.docId} ${c.start}-${c.end}] ${[c.outlet, c.published?.slice(0, 10)].filter(Boolean).join(', ')}: ${c.text.replace(/\s+/g, ' ')}\n`).join(''));
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
    .option('--format <format>', 'jsonl | csv | claimreview (schema.org ClaimReview-shaped JSON for the claims; no truth rating)', 'jsonl')
    .option('--layer <name>', 'only this layer (csv: one row per item, with the outlet metadata)')
    .option('--outlet <name>', 'only this outlet')
    .option('--reviewer <name>', 'claimreview: the reviewing organisation (unset by default: unspin rates nothing)')
    .option('--reviewer-url <url>', "claimreview: the reviewing organisation's web address")
    .option('--min-checkworthiness <x>', 'claimreview: leave out claims below this check-worthiness (0-1)', Number)
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(async (o: { db?: string; format: string; layer?: string; outlet?: string; output?: string; reviewer?: string; reviewerUrl?: string; minCheckworthiness?: number }) => {
      if (!['jsonl', 'csv', 'claimreview'].includes(o.format)) throw new UnspinError('BAD_ARGUMENT', `unknown format "${o.format}" (use jsonl, csv, claimreview)`);
      const sink = o.output ? createWriteStream(o.output) : process.stdout;
      const reviewer = o.reviewer ? { name: o.reviewer, ...(o.reviewerUrl ? { url: o.reviewerUrl } : {}) } : undefined;
      await withStore(o.db, async (s) => {
        const chunks = o.format === 'claimreview'
          ? exportClaimReviews(s, { outlet: o.outlet, reviewer, minCheckworthiness: o.minCheckworthiness })
          : exportCorpus(s, { format: o.format as 'jsonl' | 'csv', layer: o.layer, outlet: o.outlet });
        for await (const chunk of chunks) {
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

function narrativesText(list: NarrativeCluster[], total: number): string {
  const lines = list.map((n) => {
    const bars = n.volume.buckets.map((b) => b.count);
    const max = Math.max(1, ...bars);
    const spark = bars.slice(-40).map((c) => '▁▂▃▄▅▆▇█'[Math.min(7, Math.floor((c / max) * 7.99))]).join('');
    return `${n.id}  ${n.documents} docs, ${n.size} claims, ${n.outlets.length} outlets  ${n.firstSeen ?? '?'} → ${n.lastSeen ?? '?'}  ${spark}\n` +
      `  "${n.label.length > 160 ? `${n.label.slice(0, 157)}…` : n.label}"\n` +
      `  outlets: ${n.outlets.slice(0, 5).map((o) => `${o.value} (${o.count})`).join(', ')}${n.outlets.length > 5 ? ', …' : ''}`;
  });
  return `${total} narrative${total === 1 ? '' : 's'}${total > list.length ? ` (first ${list.length})` : ''}\n${lines.join('\n')}\n`;
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
