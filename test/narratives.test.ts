import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeString } from '../src/analyze.js';
import { matchNarratives } from '../src/analysers/narratives/index.js';
import { readCatalog } from '../src/narratives/catalog.js';
import { buildIndex } from '../src/narratives/index.js';
import { cosine, stem, terms, tfidf } from '../src/narratives/similarity.js';
import { FIXTURES } from './helpers/paths.js';

const dir = join(FIXTURES, 'catalog');

test('catalogue readers: EUvsDisinfo semicolon CSV (dates to ISO, keywords split) and simple JSON Lines', () => {
  const eu = readCatalog(join(dir, 'cases-euvsdisinfo-style.csv'));
  assert.equal(eu.length, 3);
  assert.equal(eu[0]!.date, '2019-10-03');
  assert.deepEqual(eu[0]!.keywords, ['Water', 'Poison']);
  assert.equal(eu[1]!.url, 'https://outlet.example/b');
  const simple = readCatalog(join(dir, 'cases-simple.jsonl'));
  assert.deepEqual(simple.map((c) => [c.id, c.keywords]), [['s1', ['vaccines', 'microchips']], ['s2', ['harbour', 'fire']]]);
});

test('catalogue readers: a file in no known format is refused with a clear error', () => {
  assert.throws(() => readCatalog(join(dir, '..', 'catalog'), undefined), /cannot read catalogue|unknown catalogue format/);
});

test('similarity: stems meet, cosine of a vector with itself is 1', () => {
  assert.equal(stem('supported'), stem('supports'));
  const v = tfidf(terms('Foreign agents poisoned the river'), () => 1);
  assert.ok(Math.abs(cosine(v, v) - 1) < 1e-9);
});

test('an article repeating a catalogued claim is matched, with evidence sentences from the author text only', () => {
  const cases = [...readCatalog(join(dir, 'cases-euvsdisinfo-style.csv')), ...readCatalog(join(dir, 'cases-simple.jsonl'))];
  const index = buildIndex(cases, undefined, ['fixture']);
  const doc = analyzeString(
    'Oldport Water Scandal\n\nLocal sources say foreign agents poisoned the river water in Oldport last week. The mayor refused to comment. Residents queued for bottled water.\n\nA comment: the harbour fire was the coast guard!! Read more »',
  );
  const narratives = matchNarratives(doc, index);
  assert.ok(narratives.length >= 1, 'one narrative');
  const top = narratives[0]!;
  assert.match(top.label, /river water in Oldport was poisoned/);
  assert.ok(top.matches!.some((m) => m.url === 'https://outlet.example/a'));
  const evidence = top.evidence.map((e) => doc.slice(e));
  assert.ok(evidence.some((e) => /poisoned the river water/.test(e)));
  assert.ok(top.evidence.every((e) => !doc.inComment(e)));
});

test('an unrelated article matches nothing', () => {
  const index = buildIndex(readCatalog(join(dir, 'cases-simple.jsonl')));
  const doc = analyzeString('Budget Passes\n\nThe city council approved the annual budget on Monday after a short debate about road repairs and school lunches.');
  assert.deepEqual(matchNarratives(doc, index), []);
});
