import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { exactCounts, overlapCounts, parseBrat, countsF1, predictedSpans } from '../src/eval/attribution.js';
import { parseCheckworthyTsv } from '../src/eval/checkworthy.js';
import { runEval } from '../src/eval/index.js';
import { SHARED, needsShared } from './helpers/paths.js';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

// A brat file written for this test (offsets into TEXT), with one discontinuous content span.
const TEXT = 'Ann Lee said the mill closed. "It was sad," she added, "and sudden."';
const ANN = [
  'T1\tSource 0 7\tAnn Lee',
  'T2\tCue 8 12\tsaid',
  'T3\tContent 13 28\tthe mill closed',
  'T4\tAttribution 8 12\tsaid',
  'E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3',
  'T5\tContent 31 41;56 66\tIt was sad and sudden',
  'T6\tSource 44 47\tshe',
  'T7\tCue 48 53\tadded',
].join('\n');

test('brat parsing keeps roles and discontinuous fragments, and drops relation-only lines', () => {
  const gold = parseBrat(ANN, TEXT);
  assert.equal(gold.length, 6);
  const content = gold.filter((g) => g.role === 'Content');
  assert.equal(content.length, 2);
  assert.deepEqual(content[1]!.fragments, [{ start: 31, end: 41 }, { start: 56, end: 66 }]);
  assert.equal(TEXT.slice(31, 41), 'It was sad');
});

test('brat offsets in code points map to UTF-16 offsets', () => {
  const text = '😀 Bo said hi.';
  const gold = parseBrat('T1\tSource 2 4\tBo', text);
  const f = gold[0]!.fragments[0]!;
  assert.equal(text.slice(f.start, f.end), 'Bo');
});

test('overlap and exact scoring on hand-worked spans', () => {
  const gold = parseBrat(ANN, TEXT).filter((g) => g.role === 'Source');
  // "Ann" overlaps "Ann Lee"; "she added" overlaps "she"; "mill" matches no source
  const pred = [
    { start: 0, end: 3 },
    { start: 44, end: 53 },
    { start: 17, end: 21 },
  ];
  const c = overlapCounts(pred, gold);
  assert.deepEqual(c, { predMatched: 2, pred: 3, goldMatched: 2, gold: 2 });
  const f = countsF1(c);
  assert.equal(f.precision.toFixed(4), '0.6667');
  assert.equal(f.recall, 1);
  assert.equal(f.f1.toFixed(4), '0.8000');
  // exact: only a span equal to a gold span counts (edge punctuation and spaces trimmed)
  const e = exactCounts(TEXT, [{ start: 0, end: 8 }, { start: 44, end: 53 }], gold);
  assert.deepEqual(e, { predMatched: 1, pred: 2, goldMatched: 1, gold: 2 });
});

test('predicted spans are deduplicated per role', () => {
  const m = (start: number, end: number) => ({ start, end, text: '' });
  const atts = [
    { source: m(0, 3), cue: m(4, 8), content: m(9, 20), kind: 'indirect', stance: 'neutral', confidence: 1, rule: 'r', reason: 'r' },
    { source: m(0, 3), cue: m(4, 8), content: m(22, 30), kind: 'direct', stance: 'neutral', confidence: 1, rule: 'r', reason: 'r' },
  ] as const;
  const p = predictedSpans(atts as never);
  assert.equal(p.Source.length, 1);
  assert.equal(p.Cue.length, 1);
  assert.equal(p.Content.length, 2);
});

test('check-worthiness tsv parsing', () => {
  const rows = parseCheckworthyTsv('id\ttext\tlabel\n1\tTaxes rose.\tYes\n2\tHello.\tNo\n');
  assert.deepEqual(rows, [
    { id: '1', text: 'Taxes rose.', yes: true },
    { id: '2', text: 'Hello.', yes: false },
  ]);
});

test('eval attribution --half scores the odd or even positions of metadata order', async () => {
  // three articles written for this test; metadata order (c, a, b) differs from name order
  const dir = mkdtempSync(join(tmpdir(), 'unspin-half-'));
  try {
    mkdirSync(join(dir, 'text'));
    mkdirSync(join(dir, 'attributions'));
    const texts: Record<string, string> = { a: 'Ann said the mill closed.', b: 'Bo said the port reopened.', c: 'The lake froze early.' };
    for (const [name, text] of Object.entries(texts)) {
      writeFileSync(join(dir, 'text', `${name}.txt`), text);
      const said = text.indexOf('said');
      writeFileSync(join(dir, 'attributions', `${name}_x1.ann`), said < 0 ? '' : `T1\tCue ${said} ${said + 4}\tsaid\n`);
    }
    writeFileSync(join(dir, 'metadata.tsv'), 'id\tname\n1\tc\n2\ta\n3\tb\n');
    const odd = await runEval('attribution', dir, { half: 'odd' });
    const even = await runEval('attribution', dir, { half: 'even' });
    assert.equal(odd.n, 1);
    assert.equal(odd.attributions, 1, 'position 1 is article a');
    assert.equal(even.n, 2);
    assert.equal(even.attributions, 1, 'positions 0 and 2 are c (no cue) and b');
    assert.equal(odd.metrics.cue_f1, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const POLNEAR = join(SHARED, 'data', 'polnear-dev');
const CHECKWORTHY = join(SHARED, 'data', 'checkworthy-dev');

test('eval attribution on a few PolNeAR articles', { skip: needsShared(POLNEAR) }, async () => {
  const r = await runEval('attribution', POLNEAR, { limit: 5 });
  assert.equal(r.n, 5);
  for (const k of ['source_f1', 'cue_f1', 'content_f1', 'exact_source_f1']) {
    assert.ok(r.metrics[k]! > 0.3 && r.metrics[k]! <= 1, `${k}=${r.metrics[k]}`);
  }
});

test('eval checkworthy on the first 200 dev sentences', { skip: needsShared(CHECKWORTHY) }, async () => {
  const r = await runEval('checkworthy', CHECKWORTHY, { limit: 200 });
  assert.equal(r.n, 200);
  assert.ok(r.metrics.f1! > 0.6, `f1=${r.metrics.f1}`);
});
