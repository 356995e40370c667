import { Command, InvalidArgumentError } from 'commander';
import { UnspinError, isUnspinError } from '../core/errors.js';
import { registerCatalogCommands } from './catalog.js';
import { demoSource } from './demo.js';
import { registerServeCommand } from './serve.js';
import { registerCorpusCommands } from './corpus.js';
import { registerQueueCommands } from './queue.js';

// Commands import the pipeline and its models only when they run: `--help` and bad-argument errors answer at once,
// and a broken module cannot turn every command into a stack trace.
const program = new Command();
program.configureOutput({ outputError: (str, write) => write(`unspin: ${str.replace(/^error: /, '')}`) });
// Set before any subcommand exists: subcommands copy these settings when they are created.
program.exitOverride();
program.name('unspin').description('Dissect news articles: structure, actors, events, claims, persuasion techniques and coded language.').version('0.1.0');

const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive whole number');
  return n;
};
const half = (v: string): 'odd' | 'even' => {
  if (v !== 'odd' && v !== 'even') throw new InvalidArgumentError('must be odd or even');
  return v;
};

program
  .command('analyze')
  .description('analyse one article: a file (HTML or text), an http(s) URL, or - for standard input')
  .argument('<source>', 'file path, URL, or - for standard input')
  .option('-f, --format <format>', 'json | text | html | events-csv | events-jsonl | claimreview', 'json')
  .option('--allow-private', 'let URL fetches reach private, loopback and link-local addresses', false)
  .option('--max-bytes <n>', 'largest input accepted, in bytes', positiveInt, 20 * 1024 * 1024)
  .option('--timeout <ms>', 'URL fetch timeout in milliseconds', positiveInt, 15000)
  .option('--timings', 'print per-stage timings to standard error', false)
  .action(async (source: string, o: { format: string; allowPrivate: boolean; maxBytes: number; timeout: number; timings: boolean }) => {
    const formats = ['json', 'text', 'html', 'events-csv', 'events-jsonl', 'claimreview'];
    if (!formats.includes(o.format)) throw new UnspinError('BAD_ARGUMENT', `unknown format "${o.format}" (use ${formats.join(', ')})`);
    const timings = o.timings ? [] : undefined;
    const { analyzeSource } = await import('../analyze.js');
    const doc = await analyzeSource(source, { allowPrivate: o.allowPrivate, maxBytes: o.maxBytes, timeoutMs: o.timeout, timings });
    if (timings) for (const t of timings as { analyser: string; ms: number }[]) process.stderr.write(`${t.analyser.padEnd(14)} ${t.ms.toFixed(1)} ms\n`);
    if (o.format === 'json') write(JSON.stringify((await import('../output/json.js')).toJson(doc), null, 2) + '\n');
    else if (o.format === 'html') write((await import('../output/html.js')).toHtmlReport(doc));
    else if (o.format === 'events-csv') write((await import('../output/events.js')).toEventsCsv(doc));
    else if (o.format === 'events-jsonl') write((await import('../output/events.js')).toEventsJsonl(doc));
    else if (o.format === 'claimreview') {
      const { claimReviews } = await import('../corpus/claimreview.js');
      write(JSON.stringify(claimReviews({ ...doc.meta, text: doc.text, sections: doc.sections, claims: doc.get('claims') }), null, 2) + '\n');
    }
    else write((await import('../output/text.js')).toTextReport(doc, { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR, width: process.stdout.columns }));
  });

program
  .command('eval')
  .description('score an analyser on a gold folder (extraction, ner, places, langid, events, attribution, checkworthy, techniques, antisemitism, hate); prints a JSON summary as its last line')
  .argument('<task>', 'what to score')
  .argument('<dir>', 'gold folder, laid out like the matching folder in ../shared/data')
  .option('--json', 'print only the JSON summary', false)
  .option('--limit <n>', 'score only the first n items', positiveInt)
  .option('--half <odd|even>', 'attribution: score only the articles at odd or even positions (tuning / held-out halves)', half)
  .action(async (task: string, dir: string, o: { json: boolean; limit?: number; half?: 'odd' | 'even' }) => {
    const { runEval } = await import('../eval/index.js');
    const result = await runEval(task, dir, { limit: o.limit, half: o.half, log: o.json ? undefined : (line) => process.stderr.write(line + '\n') });
    write(JSON.stringify(result) + '\n');
  });

program
  .command('demo')
  .description('analyse the bundled sample article and print the text report (what `npm start` runs)')
  .action(async () => {
    const { analyzeSource } = await import('../analyze.js');
    const { toTextReport } = await import('../output/text.js');
    const doc = await analyzeSource(demoSource());
    write(toTextReport(doc, { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR, width: process.stdout.columns }));
    write('\nTry: unspin analyze <file|url|-> --format json|text|html\n');
  });

function write(s: string): void {
  process.stdout.write(s);
}

registerCorpusCommands(program);
registerQueueCommands(program);
registerCatalogCommands(program);
registerServeCommand(program);


async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') process.exit(0);
    if (typeof code === 'string' && code.startsWith('commander.')) process.exit(2); // commander already printed the message
    if (isUnspinError(e)) {
      process.stderr.write(`unspin: ${e.message}\n`);
      process.exit(1);
    }
    // A bug, not bad input: still one line for the user; the stack only when asked for.
    process.stderr.write(`unspin: internal error: ${(e as Error)?.message ?? String(e)}${process.env.UNSPIN_DEBUG ? `\n${(e as Error)?.stack}` : ' (set UNSPIN_DEBUG=1 for details)'}\n`);
    process.exit(70);
  }
}

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
});

await main();
