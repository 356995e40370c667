import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { after, test } from 'node:test';
import { buildNarratives, clusterClaims, volume, type ClaimInput } from '../src/narratives/cluster.js';
import { openStore } from '../src/store/open.js';
import { BACKENDS } from './helpers/stores.js';
import type { DocumentRecord } from '../src/store/store.js';
import { paraphraseFixture, pairScores } from './helpers/paraphrase.js';
import { CLI } from './helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'unspin-narr-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('paraphrase fixture: the default threshold groups paraphrases and keeps distractors apart (pairwise F1 >= 0.8)', () => {
  const items = paraphraseFixture();
  const inputs: ClaimInput[] = items.map((it, i) => ({ docId: String(i), start: 0, end: it.text.length, text: it.text }));
  const sweep = [0.3, 0.4, 0.5, 0.6, 0.7].map((t) => pairScores(items, inputs, t));
  const chosen = pairScores(items, inputs, 0.5);
  assert.ok(chosen.f1 >= 0.8, JSON.stringify(sweep));
  assert.ok(chosen.precision >= 0.75 && chosen.recall >= 0.9, JSON.stringify(chosen));
  // The default is the measured best (or within 0.02 of it) on the sweep.
  assert.ok(chosen.f1 >= Math.max(...sweep.map((s) => s.f1)) - 0.02, JSON.stringify(sweep));
});

test('entity ids that disagree pull otherwise identical claims apart', () => {
  const a = 'Artillery units shelled the residential district of the city on Tuesday night.';
  const claims: ClaimInput[] = [
    { docId: 'd1', start: 0, end: a.length, text: a, entities: ['country:AA'] },
    { docId: 'd2', start: 0, end: a.length, text: a.replace('Tuesday', 'Wednesday'), entities: ['country:AA'] },
    { docId: 'd3', start: 0, end: a.length, text: a.replace('Tuesday night', 'Tuesday evening'), entities: ['country:BB'] },
  ];
  const { narratives } = clusterClaims(claims, { threshold: 0.6 });
  assert.equal(narratives.length, 1);
  assert.deepEqual(narratives[0]!.claims!.map((c) => c.docId).sort(), ['d1', 'd2']);
});

test('a claim repeated inside one document only is not a narrative; short claims are left out', () => {
  const t = 'The harbour authority secretly sold the northern pier to a shipping company.';
  const { narratives, stats } = clusterClaims([
    { docId: 'one', start: 0, end: t.length, text: t },
    { docId: 'one', start: 100, end: 100 + t.length, text: t },
    { docId: 'a', start: 0, end: 9, text: 'He lied.' },
    { docId: 'b', start: 0, end: 9, text: 'He lied.' },
  ]);
  assert.equal(narratives.length, 0);
  assert.equal(stats.usable, 2);
});

test('volume is per day, or per week (Mondays) past 90 days', () => {
  assert.deepEqual(volume(['2024-01-01', '2024-01-01', '2024-01-03']), { period: 'day', buckets: [{ date: '2024-01-01', count: 2 }, { date: '2024-01-03', count: 1 }] });
  const w = volume(['2024-01-03', '2024-01-04', '2024-06-01']);
  assert.equal(w.period, 'week');
  assert.deepEqual(w.buckets, [{ date: '2024-01-01', count: 2 }, { date: '2024-05-27', count: 1 }]);
});

/** Claims of `n` documents: each repeats (in reworded form) one of `k` stories and adds two claims of its own. */
function syntheticClaims(n: number, k: number): ClaimInput[] {
  let seed = 99;
  const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const syll = ['ka', 'lo', 'mer', 'tin', 'sa', 'vel', 'dor', 'pi', 'gan', 'rus', 'te', 'bo', 'lim', 'ne', 'ost', 'quar'];
  const word = (): string => Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => syll[Math.floor(rnd() * syll.length)]).join('');
  const stories = Array.from({ length: k }, () => Array.from({ length: 10 }, word));
  const out: ClaimInput[] = [];
  for (let i = 0; i < n; i++) {
    const s = stories[i % k]!;
    // A paraphrase: the story's words, one dropped and one replaced, in a shuffled order.
    const words = s.filter((_, j) => j !== Math.floor(rnd() * 10)).map((w, j) => (j === 3 ? word() : w)).sort(() => rnd() - 0.5);
    const own = () => Array.from({ length: 9 }, word).join(' ');
    for (const text of [words.join(' '), own(), own()]) out.push({ docId: `d${i}`, start: 0, end: text.length, text, outlet: `o${i % 5}`, published: `2024-0${1 + (i % 9)}-1${i % 10}` });
  }
  return out;
}

test('scales: 8,000 documents of claims cluster in linear work and find the planted stories', { timeout: 60_000 }, () => {
  const claims = syntheticClaims(8_000, 160);
  const { narratives, stats } = clusterClaims(claims);
  assert.ok(stats.comparisons < 40 * stats.nodes, `comparisons ${stats.comparisons} for ${stats.nodes} nodes`);
  const big = narratives.filter((n) => n.documents >= 40);
  assert.ok(big.length >= 150, `${big.length} of 160 planted stories found`);
  assert.ok(narratives.every((n) => n.documents <= 60), 'no story swallowed another');
  assert.ok(stats.ms < 30_000, `${stats.ms} ms`);
});

for (const b of BACKENDS) {
  test(`store [${b.name}]: narratives are built from stored claims, listed, fetched with members, and filter search`, { skip: b.skip }, async () => {
  const store = await b.open('narratives');
  const claim = 'Foreign agents secretly poisoned the river water in the eastern district last week.';
  const para = 'Last week foreign agents poisoned the eastern district river water in secret.';
  const other = 'The council approved the annual budget for road repairs and school lunches.';
  const rec = (id: string, text: string, outlet: string, published: string, narratives: DocumentRecord['narratives'] = []): DocumentRecord => ({
    doc: { id, text, sections: [{ kind: 'body', start: 0, end: text.length }], contentHash: `h-${id}`, words: 12, commentWords: 0, source: `t:${id}`, versions: {}, outlet, published, title: id },
    layers: [],
    entities: [], techniques: [], hate: [], bands: [], narratives,
    claims: [{ start: 0, end: text.length, sourced: false, inComment: false }],
  });
  await store.writeBatch([
    { outcome: { key: 'a', status: 'done' }, record: rec('a', claim, 'alpha.example', '2024-03-01', [{ narrative: 'CASE-1', label: 'Agents poisoned the river', confidence: 0.6, start: 0, end: 10, inComment: false }]) },
    { outcome: { key: 'b', status: 'done' }, record: rec('b', para, 'beta.example', '2024-03-04') },
    { outcome: { key: 'c', status: 'done' }, record: rec('c', other, 'beta.example', '2024-03-05') },
  ]);
  const stats = await buildNarratives(store);
  assert.equal(stats.documents, 3);
  const list = await store.narrativeClusters();
  assert.equal(list.total, 1);
  const n = list.narratives[0]!;
  assert.equal(n.documents, 2);
  assert.equal(n.firstSeen, '2024-03-01');
  assert.equal(n.lastSeen, '2024-03-04');
  assert.deepEqual(n.outlets.map((o) => o.value).sort(), ['alpha.example', 'beta.example']);
  assert.equal(n.claims, undefined, 'lists carry no members');
  const one = await store.narrativeCluster(n.id);
  assert.deepEqual(one!.claims!.map((c) => c.text).sort(), [claim, para].sort());
  assert.equal(await store.narrativeCluster('nar-nope'), undefined);
  assert.deepEqual((await store.search({ narrative: n.id })).hits.map((h) => h.id).sort(), ['a', 'b']);
  // Catalogue-matched narratives: facet by label, filter by case id or label (case-insensitive).
  const all = await store.search({});
  assert.deepEqual(all.facets.narrative, [{ value: 'Agents poisoned the river', count: 1 }]);
  assert.deepEqual((await store.search({ narrative: 'case-1' })).hits.map((h) => h.id), ['a']);
  assert.deepEqual((await store.search({ narrative: 'agents poisoned the river' })).hits.map((h) => h.id), ['a']);
  assert.equal((await store.search({ narrative: 'nothing' })).total, 0);
  // Rebuilding replaces, never doubles.
  await buildNarratives(store);
  assert.equal((await store.narrativeClusters()).total, 1);
  await store.close();
});
}

test('CLI: narratives build, list, show, and search --narrative', { timeout: 60_000 }, async () => {
  const db = join(dir, 'cli.db');
  const store = await openStore(db);
  const texts = [
    'Officials at the port secretly sold the old lighthouse to a foreign investor, the report said.',
    'The old lighthouse was secretly sold to a foreign investor by port officials, the report said.',
    'A foreign investor secretly bought the old lighthouse from officials at the port.',
  ];
  await store.writeBatch(texts.map((text, i) => ({
    outcome: { key: `k${i}`, status: 'done' as const },
    record: {
      doc: { id: `d${i}`, text, sections: [{ kind: 'body', start: 0, end: text.length }], contentHash: `h${i}`, words: 15, commentWords: 0, source: `k${i}`, versions: {}, outlet: `o${i}.example`, published: `2024-04-0${i + 1}` },
      layers: [], entities: [], techniques: [], hate: [], bands: [], claims: [{ start: 0, end: text.length, sourced: true, inComment: false }],
    },
  })));
  await store.close();
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, ...args, '--db', db], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  const built = JSON.parse(cli('narratives', 'build', '--json')) as { narratives: number; documents: number };
  assert.deepEqual([built.narratives, built.documents], [1, 3]);
  const list = JSON.parse(cli('narratives', '--json')) as { total: number; narratives: { id: string; documents: number; firstSeen: string; lastSeen: string }[] };
  assert.equal(list.total, 1);
  const n = list.narratives[0]!;
  assert.deepEqual([n.documents, n.firstSeen, n.lastSeen], [3, '2024-04-01', '2024-04-03']);
  assert.match(cli('narratives'), /3 docs, 3 claims, 3 outlets/);
  const shown = JSON.parse(cli('narratives', 'show', n.id, '--json')) as { claims: { docId: string; start: number; end: number }[] };
  assert.deepEqual(shown.claims.map((c) => c.docId).sort(), ['d0', 'd1', 'd2']);
  const found = JSON.parse(cli('search', '--narrative', n.id, '--json')) as { total: number };
  assert.equal(found.total, 3);
});
