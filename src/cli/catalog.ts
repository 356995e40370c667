import type { Command } from 'commander';
import { Document } from '../core/document.js';
import { UnspinError } from '../core/errors.js';
import { Pipeline } from '../core/pipeline.js';
import { extractPlainText } from '../extract/plaintext.js';
import { readCatalog, type CatalogCase, type CatalogFormat } from '../narratives/catalog.js';
import { activeCatalog, buildIndex, caseText, catalogPath, saveIndex } from '../narratives/index.js';

/** Only what entity ids need: catalogue import runs it on every case, so it stays light. */
async function entityPipeline(): Promise<Pipeline> {
  const { analysers } = await import('../analysers/registry.js');
  return new Pipeline(analysers.filter((a) => ['tokens', 'sentences', 'mentions', 'entities'].includes(a.writes)));
}

export function registerCatalogCommands(program: Command): void {
  const catalog = program.command('catalog').description('a catalogue of known disinformation cases that articles are matched against');

  catalog
    .command('import')
    .description('import catalogue files (EUvsDisinfo case CSV, EUvsDisinfo posts CSV, or unspin simple JSON/JSONL/CSV) and build the match index')
    .argument('<files...>', 'catalogue files')
    .option('--format <format>', 'euvsdisinfo | euvsdisinfo-posts | simple (default: detected)')
    .option('--out <path>', 'where to write the index (default: $UNSPIN_CATALOG or .unspin/catalog.json)')
    .option('--replace', 'replace the existing catalogue instead of adding to it', false)
    .action(async (files: string[], o: { format?: CatalogFormat; out?: string; replace: boolean }) => {
      if (o.format && !['euvsdisinfo', 'euvsdisinfo-posts', 'simple'].includes(o.format)) throw new UnspinError('BAD_ARGUMENT', `unknown catalogue format "${o.format}"`);
      const out = o.out ?? catalogPath();
      if (o.out) process.env.UNSPIN_CATALOG = o.out;
      const existing = o.replace ? null : activeCatalog();
      const cases: CatalogCase[] = existing ? [...existing.cases] : [];
      const ids = new Set(cases.map((c) => c.id));
      const titles = new Set(cases.map((c) => normTitle(c.title)));
      let added = 0;
      let skipped = 0;
      for (const f of files) {
        for (const c of readCatalog(f, o.format)) {
          // The same case appears in several exports (and twice in one): keep the first copy of an id or a title.
          if (ids.has(c.id) || titles.has(normTitle(c.title))) {
            skipped++;
            continue;
          }
          ids.add(c.id);
          titles.add(normTitle(c.title));
          cases.push(c);
          added++;
        }
      }
      const pipeline = await entityPipeline();
      const t0 = performance.now();
      const entityTerms = cases.map((c, i) => {
        if (process.stderr.isTTY && i % 200 === 0) process.stderr.write(`\rlinking entities: ${i}/${cases.length}`);
        const text = caseText(c);
        const ex = extractPlainText(text);
        const doc = pipeline.run(new Document(ex.text, ex.sections.map((s) => ({ ...s, kind: 'body' as const }))));
        return [...new Set(doc.get('entities').map((e) => `ent:${e.id}`))];
      });
      if (process.stderr.isTTY) process.stderr.write('\r');
      const sources = [...new Set([...(existing?.sources ?? []), ...files.map((f) => f.split('/').slice(-2).join('/'))])];
      saveIndex(buildIndex(cases, entityTerms, sources), out);
      process.stdout.write(`catalogue: ${cases.length} cases (${added} added, ${skipped} duplicates skipped) in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${out}\n`);
    });

  catalog
    .command('stats')
    .description('how many cases the active catalogue holds, and from where')
    .action(() => {
      const index = activeCatalog();
      if (!index) throw new UnspinError('MISSING_DATA', `no catalogue at ${catalogPath()} (run "unspin catalog import <file>")`);
      const years = new Map<string, number>();
      for (const c of index.cases) if (c.date) years.set(c.date.slice(0, 4), (years.get(c.date.slice(0, 4)) ?? 0) + 1);
      process.stdout.write(`${index.size} cases from ${index.sources.join(', ') || 'unknown'}\n`);
      for (const [y, n] of [...years].sort()) process.stdout.write(`  ${y}: ${n}\n`);
    });

  catalog
    .command('match')
    .description('match one article against the catalogue and show the cases with their evidence')
    .argument('<source>', 'file path, URL, or - for standard input')
    .option('--json', 'print JSON', false)
    .option('--allow-private', 'let URL fetches reach private addresses', false)
    .action(async (source: string, o: { json: boolean; allowPrivate: boolean }) => {
      if (!activeCatalog()) throw new UnspinError('MISSING_DATA', `no catalogue at ${catalogPath()} (run "unspin catalog import <file>")`);
      const { analyzeSource } = await import('../analyze.js');
      const doc = await analyzeSource(source, { allowPrivate: o.allowPrivate });
      const narratives = doc.get('narratives');
      if (o.json) {
        process.stdout.write(JSON.stringify(narratives.map((n) => ({ ...n, evidence: n.evidence.map((e) => ({ ...e, text: doc.slice(e) })) })), null, 2) + '\n');
        return;
      }
      if (!narratives.length) process.stdout.write('no catalogued case matches this article\n');
      for (const n of narratives) {
        process.stdout.write(`\n${n.label}  (confidence ${n.confidence})\n`);
        for (const e of n.evidence) process.stdout.write(`  evidence [${e.start}-${e.end}]: ${doc.slice(e).replace(/\s+/g, ' ').slice(0, 200)}\n`);
        for (const m of n.matches ?? []) process.stdout.write(`  case ${m.score.toFixed(3)} ${m.title}${m.url ? ` <${m.url}>` : ''}\n`);
      }
    });
}

function normTitle(t: string): string {
  return t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}
