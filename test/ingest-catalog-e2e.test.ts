import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI, SEED, SHARED, needsShared } from './helpers/paths.js';

const CASES = join(SHARED, 'data', 'euvsdisinfo', 'cases-2015-2017', 'full_dataset.csv');
const NEWS = join(SHARED, 'data', 'news-sample', 'news_sample.csv');
const tmp = mkdtempSync(join(tmpdir(), 'unspin-e2e-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const skip = needsShared(CASES) || needsShared(NEWS) || needsShared(SEED);

/**
 * End to end from the CLI: import the 3,071 EUvsDisinfo cases, ingest the reference article with part of the
 * news sample (the catalogue is matched at ingest), then search by text and by narrative (facet and filter), read
 * the matched cases with their evidence spans, and profile the outlets. The news rows are limited to keep the test
 * short on two cores; `unspin ingest ../shared/data/news-sample/news_sample.csv` runs all 250 the same way.
 */
test('CLI end to end: catalogue import, ingest, narrative facet and filter, evidence spans, outlet profiles', { skip, timeout: 400_000 }, () => {
  const env = { ...process.env, UNSPIN_CATALOG: join(tmp, 'catalog.json'), UNSPIN_DB: join(tmp, 'e2e.db') };
  const cli = (...args: string[]): string => {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env, maxBuffer: 64 << 20 });
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  assert.match(cli('catalog', 'import', CASES), /catalogue: \d+ cases/);
  const input = join(tmp, 'in');
  mkdirSync(input);
  copyFileSync(SEED, join(input, 'reference.txt'));
  const ingested = JSON.parse(cli('ingest', input, NEWS, '--limit', '21', '--analysers', 'narratives,claims', '--quiet', '--json').trim().split('\n').at(-1)!) as { done: number; errors: number };
  assert.ok(ingested.done >= 17, `stored ${ingested.done}`);

  const all = JSON.parse(cli('search', '--json', '--limit', '1')) as { total: number; facets: { narrative: { value: string; count: number }[] } };
  assert.equal(all.total, ingested.done);
  assert.ok(all.facets.narrative.length > 0, 'the narrative facet lists matched cases');
  const isis = JSON.parse(cli('search', 'ISIS', '--json')) as { hits: { id: string; title?: string }[] };
  assert.ok(isis.hits.length >= 1);

  // The reference article's matched narratives: cases about the US and ISIS / al-Qaeda, with evidence in the author's text.
  const lines = cli('export', '--format', 'jsonl', '--layer', 'narratives').trim().split('\n').map((l) => JSON.parse(l) as {
    id: string; document: { text: string }; narratives?: { label: string; evidence: { start: number; end: number }[]; matches?: { id: string; title: string }[] }[];
  });
  const ref = lines.find((l) => /Deir/.test(l.document.text) && /Idlib/.test(l.document.text) && (l.narratives?.length ?? 0) > 0);
  assert.ok(ref, 'the reference article carries matched narratives');
  const titles = ref.narratives!.flatMap((n) => (n.matches ?? []).map((m) => m.title));
  assert.ok(titles.some((t) => /(ISIS|Islamic State|Daesh|al[- ]Qa[e']?da|al-Nusra|terrorist)/i.test(t) && /\b(US|U\.S|USA|United States|West|Washington|Pentagon|CIA|American)/i.test(t)), titles.join(' | '));
  for (const n of ref.narratives!) {
    assert.ok(n.evidence.length > 0);
    for (const e of n.evidence) assert.ok(e.start >= 0 && e.end > e.start && e.end <= ref.document.text.length);
  }
  // Filter by the best case's id: the reference article is among the documents kept.
  const caseId = ref.narratives![0]!.matches![0]!.id;
  const byCase = JSON.parse(cli('search', '--narrative', caseId, '--json')) as { hits: { id: string }[] };
  assert.ok(byCase.hits.some((h) => h.id === ref.id));

  const outlets = JSON.parse(cli('outlets', '--json')) as { outlets: { outlet: string; documents: number }[] };
  assert.ok(outlets.outlets.length >= 2);
  assert.equal(outlets.outlets.reduce((a, o) => a + o.documents, 0), ingested.done);
  const built = JSON.parse(cli('narratives', 'build', '--json')) as { documents: number };
  assert.ok(built.documents >= 1);
  const reviews = JSON.parse(cli('export', '--format', 'claimreview')) as { '@type': string }[];
  assert.ok(reviews.length > 0 && reviews.every((r) => r['@type'] === 'ClaimReview'));
});
