import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { SectionKind } from '../src/core/document.js';
import { evalExtraction } from '../src/eval/extraction.js';
import { bylineAuthor, isDateLine, judgeText } from '../src/extract/html/boilerplate.js';
import { extractHtml } from '../src/extract/html/index.js';
import { cleanAuthor, normDate, normLang } from '../src/extract/html/metadata.js';
import type { Extracted } from '../src/extract/types.js';
import { FIXTURES, ROOT, SHARED, needsShared } from './helpers/paths.js';

const page = (name: string, url?: string): Extracted =>
  extractHtml(readFileSync(join(FIXTURES, 'html', name), 'utf8'), url);

const texts = (ex: Extracted, kind: SectionKind): string[] =>
  ex.sections.filter((s) => s.kind === kind).map((s) => ex.text.slice(s.start, s.end));

/** What the benchmark scores as the author's text. */
const authorText = (ex: Extracted): string =>
  ex.sections
    .filter((s) => s.kind === 'body' || s.kind === 'heading' || s.kind === 'quote')
    .map((s) => ex.text.slice(s.start, s.end))
    .join('\n');

test('WordPress page: metadata, title first, blockquote as body, comments apart and not in the body', () => {
  const ex = page('wordpress-comments.html', 'https://riverbend-notes.example/2023/05/library-hours/?ref=feed');
  assert.equal(ex.meta.title, 'Why the Town Library Should Stay Open Late');
  assert.equal(ex.meta.author, 'Tessa Lindqvist');
  assert.equal(ex.meta.outlet, 'Riverbend Notes');
  assert.equal(ex.meta.published, '2023-05-02T18:04:11+01:00');
  assert.equal(ex.meta.language, 'en');
  assert.equal(ex.meta.canonicalUrl, 'https://riverbend-notes.example/2023/05/library-hours/');

  assert.equal(ex.sections[0]!.kind, 'title');
  assert.deepEqual(texts(ex, 'heading'), ['Who uses the library after six']);
  const quoted = ex.sections.find((s) => s.cue === 'blockquote');
  assert.equal(quoted?.kind, 'body');
  assert.match(ex.text.slice(quoted!.start, quoted!.end), /^We come here because it is warm/);

  const comments = texts(ex, 'comment');
  assert.equal(comments.length, 2);
  assert.match(comments[0]!, /^My daughter revised/);
  assert.match(comments[1]!, /^Agreed\. The council should publish/);
  // Comment text only: no author names, dates or reply buttons.
  for (const c of comments) assert.doesNotMatch(c, /Graham|Marta|says:|Reply|2023/);
  // Comments come after the article, never inside it.
  const lastBody = Math.max(...ex.sections.filter((s) => s.kind !== 'comment').map((s) => s.end));
  assert.ok(ex.sections.filter((s) => s.kind === 'comment').every((s) => s.start > lastBody));

  const body = authorText(ex);
  assert.doesNotMatch(body, /My daughter|forty thousand figure was worked out/);
  // Share bar, related posts, author bio, byline, comment form and sidebar are furniture.
  assert.doesNotMatch(body, /Share this|Related|New bus routes|writes about local government|Posted on|Leave a Reply|Recent Posts/);
  assert.match(body, /^The council will vote next month/);
  assert.match(body, /a free, heated and staffed public space\.$/);
});

test('news page with JSON-LD: authors, dates, captions, pull quote, ads and newsletter boxes removed', () => {
  const ex = page('news-jsonld.html', 'https://valley-courier.example/news/drought-herds?src=home');
  assert.equal(ex.meta.title, 'Drought Forces Farmers to Sell Herds Early');
  assert.equal(ex.meta.author, 'Luis Ortega, Hannah Brightwater');
  assert.equal(ex.meta.outlet, 'Valley Courier');
  assert.equal(ex.meta.published, '2022-08-09T06:15:00-06:00');
  assert.equal(ex.meta.canonicalUrl, 'https://valley-courier.example/news/drought-herds');
  assert.equal(ex.meta.language, 'en');

  const captions = texts(ex, 'caption');
  assert.equal(captions.length, 1);
  assert.match(captions[0]!, /^Cattle wait at the sale barn/);
  assert.equal(ex.sections.find((s) => s.kind === 'caption')!.cue, 'figcaption');

  assert.deepEqual(texts(ex, 'quote'), ['Once those cows are gone, you do not get them back in a season.']);
  assert.deepEqual(texts(ex, 'heading'), ['Hay at record prices']);

  const body = authorText(ex);
  assert.match(body, /^Ranchers across the plateau/);
  assert.match(body, /since the drought of the early 2000s\.$/m);
  assert.doesNotMatch(body, /By Luis Ortega|Advertisement|Sign up|newsletter|Read more|Share on|More from|County fair|Home|Subscribe|rights reserved|Cattle wait/);
  assert.equal(texts(ex, 'comment').length, 0);
});

test('OpenGraph-only page: metadata from og tags, byline element as author, never a URL', () => {
  const ex = page('opengraph-only.html');
  assert.equal(ex.meta.title, 'Port Authority Approves Night Shipping Ban');
  assert.equal(ex.meta.outlet, 'Coastal Wire');
  assert.equal(ex.meta.canonicalUrl, 'https://coastalwire.example/port-night-ban?utm_source=feed');
  assert.equal(ex.meta.language, 'fr');
  assert.equal(ex.meta.published, '2021-11-30');
  // article:author is a profile URL here; the visible byline names the author.
  assert.equal(ex.meta.author, 'Amélie Durand');
  const body = texts(ex, 'body');
  assert.equal(body.length, 3);
  assert.doesNotMatch(body.join('\n'), /By Amélie/);
  assert.equal(texts(ex, 'title').length, 1);
});

test('page whose Readability result is empty falls back to JSON-LD articleBody', () => {
  const ex = page('readability-empty.html');
  assert.equal(ex.meta.title, 'Bridge on Route 9 Closed for Repairs');
  assert.equal(ex.meta.published, '2020-02-17');
  assert.equal(ex.meta.language, 'es');
  assert.equal(ex.meta.outlet, 'Diario del Sur');
  const body = ex.sections.filter((s) => s.kind === 'body');
  assert.equal(body.length, 3);
  assert.ok(body.every((s) => s.cue === 'json-ld'));
  assert.match(ex.text.slice(body[0]!.start, body[0]!.end), /^The bridge on Route 9/);
  assert.doesNotMatch(ex.text, /Loading|JavaScript/);
});

test('the demo page: byline becomes metadata, pull quote is a quote, two reader comments', () => {
  const ex = extractHtml(readFileSync(join(ROOT, 'samples', 'sample-article.html'), 'utf8'));
  assert.equal(ex.meta.author, 'Mira Okonkwo');
  assert.equal(ex.meta.outlet, 'The Harbour Ledger');
  assert.equal(ex.meta.published, '2024-03-14T09:30:00Z');
  assert.deepEqual(
    ex.sections.map((s) => s.kind),
    ['title', 'body', 'body', 'caption', 'heading', 'body', 'body', 'quote', 'body', 'body', 'comment', 'comment'],
  );
  assert.doesNotMatch(authorText(ex), /By Mira|Same story every spring|All rights reserved/);
  // Every section is a clean span of the text.
  for (const s of ex.sections) assert.equal(ex.text.slice(s.start, s.end), ex.text.slice(s.start, s.end).trim());
});

test('hand-made comment list: each item one comment, "Read more" cut marked truncated, thread notices ignored', () => {
  const paras = Array.from({ length: 4 }, (_, i) => `<p>Paragraph ${i + 1} of the report on the new ferry timetable, which the operator published on Friday after months of delays and complaints from commuters.</p>`).join('');
  const html = `<html><head><title>Ferry timetable | Island Post</title></head><body><article><h1>Ferry timetable</h1>${paras}</article>
    <section class="comments"><h3>Comments (2)</h3><ul>
    <li>The early boat is finally back, which is all my shift needs.</li>
    <li>They promised this last spring as well and then cancelled half the sailings in July, so forgive me if I wait and see before I Read more »</li>
    </ul><p>You must be logged in to post a comment.</p></section></body></html>`;
  const ex = extractHtml(html);
  assert.equal(ex.meta.outlet, 'Island Post');
  const comments = ex.sections.filter((s) => s.kind === 'comment');
  assert.equal(comments.length, 2);
  assert.equal(comments[1]!.truncated, true);
  assert.match(ex.text.slice(comments[1]!.start, comments[1]!.end), /wait and see before I$/);
  assert.doesNotMatch(authorText(ex), /early boat|logged in|Comments \(2\)/);
  assert.equal(ex.sections.filter((s) => s.kind === 'body').length, 4);
});

test('text rules: bylines, date lines, teasers; real sentences kept', () => {
  assert.equal(bylineAuthor('By Jane Doe · March 14, 2024'), 'Jane Doe');
  assert.equal(bylineAuthor('By JANE DOE and JOHN ROE | Reuters'), 'JANE DOE and JOHN ROE');
  assert.equal(bylineAuthor('By Monday, officials in the capital had agreed to reopen the border crossing.'), undefined);
  assert.ok(isDateLine('Published 1 day ago'));
  assert.ok(isDateLine('Posted: Fri 6:45 PM, Feb 16, 2018 | Updated: Sat 8:31 PM, Feb 17, 2018'));
  assert.ok(isDateLine('segunda-feira, 22 de janeiro de 2018 às 0:13'));
  assert.ok(!isDateLine('The vote is on March 3, 2024 in Geneva.'));
  assert.equal(judgeText('Advertisement', 0, 'p').drop, true);
  assert.equal(judgeText('Read more: Water rights fight heads to court', 30, 'p').drop, true);
  assert.equal(judgeText('Jane Doe is a reporter for the Daily Example covering courts.', 0, 'p').drop, true);
  assert.equal(judgeText('Related coverage of the vote was thin, the ombudsman said in a report on Monday.', 0, 'p').drop, true);
  assert.equal(judgeText('Residents said the shelling began shortly after midnight and lasted two hours.', 0, 'p').drop, false);
  assert.equal(judgeText('A whole lot of people on Twitter pointed it out.', 0, 'p').drop, false);
});

test('metadata normalisers', () => {
  assert.equal(normDate('2019-11-18T14:26:00-0500'), '2019-11-18T14:26:00-05:00');
  assert.equal(normDate('2019-11-18'), '2019-11-18');
  assert.equal(normDate('Nov 18, 2019 at 2:26 PM'), '2019-11-18');
  assert.equal(normDate('yesterday'), undefined);
  assert.equal(normLang('en-US'), 'en');
  assert.equal(normLang('pt_BR'), 'pt');
  assert.equal(normLang('not a language'), undefined);
  assert.equal(cleanAuthor('https://www.facebook.com/someone'), undefined);
  assert.equal(cleanAuthor('By Ana Ruiz, Staff Writer'), 'Ana Ruiz');
});

const DEV = join(SHARED, 'data', 'extraction-dev');
test('extraction eval on a slice of extraction-dev gives sane numbers', { skip: needsShared(DEV) }, async () => {
  const r = await evalExtraction(DEV, { limit: 12 });
  assert.equal(r.n, 12);
  assert.equal(r.metrics.errors, 0);
  for (const k of ['f1', 'precision', 'recall'] as const) {
    assert.ok(r.metrics[k]! > 0.85 && r.metrics[k]! <= 1, `${k} = ${r.metrics[k]}`);
  }
  assert.ok(r.metrics.ms_per_page_max! < 5000);
});
