import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toCsv } from '../src/output/events.js';

test('CSV: quotes fields with commas, quotes and newlines; neutralises spreadsheet formulas', () => {
  const csv = toCsv([
    { a: 'plain', b: 'with, comma', c: 'say "hi"' },
    { a: '=HYPERLINK("x")', b: 'two\nlines', c: null },
  ]);
  assert.equal(csv, 'a,b,c\r\nplain,"with, comma","say ""hi"""\r\n"\'=HYPERLINK(""x"")","two\nlines",\r\n');
});

test('CSV: numbers and booleans as written, explicit column order', () => {
  assert.equal(toCsv([{ n: 1.5, ok: true, s: 'x' }], ['s', 'n', 'ok']), 's,n,ok\r\nx,1.5,true\r\n');
});

test('ClaimReview: author claims only, schema.org shape, no rating, reviewer unset unless given', async () => {
  const { claimReviews } = await import('../src/corpus/claimreview.js');
  const text = 'Officials said the dam was sabotaged. A reader: the moon landing was faked.';
  const src = {
    id: 'doc1', url: 'https://news.example/a', title: 'Dam breaks', outlet: 'news.example', author: 'Ann Reporter', published: '2024-05-02T10:00:00Z', text,
    sections: [{ kind: 'body', start: 0, end: 37 }, { kind: 'comment', start: 38, end: text.length }],
    claims: [
      { start: 0, end: 37, text: 'Officials said the dam was sabotaged.', source: { text: 'Officials' }, status: 'sourced', checkworthiness: 0.81 },
      { start: 46, end: text.length, status: 'unsourced', checkworthiness: 0.9 },
    ],
  };
  const [r, ...rest] = claimReviews(src, { date: '2024-06-01' });
  assert.equal(rest.length, 0, 'the comment claim is left out');
  assert.deepEqual(r, {
    '@context': 'https://schema.org', '@type': 'ClaimReview', claimReviewed: 'Officials said the dam was sabotaged.',
    itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', name: 'Officials' }, datePublished: '2024-05-02', appearance: { '@type': 'CreativeWork', url: 'https://news.example/a', headline: 'Dam breaks', publisher: { '@type': 'Organization', name: 'news.example' } } },
    datePublished: '2024-06-01', 'unspin:checkworthiness': 0.81, 'unspin:status': 'sourced', 'unspin:document': 'doc1', 'unspin:span': { start: 0, end: 37 },
    'unspin:note': 'Produced by unspin, which finds and triages claims but does not judge their truth: no rating is given. Review before publishing. The reviewing organisation (author) is unset.',
  });
  const withReviewer = claimReviews(src, { reviewer: { name: 'Check Desk', url: 'https://check.example' }, minCheckworthiness: 0.5 });
  assert.deepEqual(withReviewer[0]!.author, { '@type': 'Organization', name: 'Check Desk', url: 'https://check.example' });
  assert.equal(withReviewer[0]!.reviewRating, undefined);
  assert.equal(claimReviews(src, { minCheckworthiness: 0.9 }).length, 0);
});

test('ClaimReview from the CLI: analyze --format claimreview prints a JSON array of reviews', async () => {
  const { spawnSync } = await import('node:child_process');
  const { CLI } = await import('./helpers/paths.js');
  const r = spawnSync(process.execPath, [CLI, 'analyze', '-', '--format', 'claimreview'], {
    input: 'Harbour Plan\n\nThe port authority said the harbour will close for repairs in March, according to a statement.',
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const reviews = JSON.parse(r.stdout) as { '@type': string; claimReviewed: string }[];
  assert.ok(reviews.length >= 1);
  assert.ok(reviews.every((x) => x['@type'] === 'ClaimReview' && x.claimReviewed.length > 0));
});

test('an unnamed event side coded only by country reads "unnamed (XXX)" in the text, HTML and UI views', async () => {
  const { Document } = await import('../src/core/document.js');
  const { toTextReport } = await import('../src/output/text.js');
  const { toHtmlReport } = await import('../src/output/html.js');
  const { articleView } = await import('../src/output/view.js');
  const text = 'A roadside bomb exploded near the market.';
  const doc = new Document(text);
  doc.set('entities', []);
  doc.set('events', [{ start: 0, end: text.length, type: 'ASSAULT', actorCountry: 'IRQ', confidence: 0.5 }]);
  assert.match(toTextReport(doc, { color: false }), /ASSAULT unnamed \(IRQ\) → \?/);
  assert.match(toHtmlReport(doc), /unnamed \(IRQ\) → \?/);
  assert.equal(articleView(doc).view.events[0]!.actorCountry, 'IRQ');
});
