import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extractHtml } from '../src/extract/html/index.js';
import { readArticle } from '../src/extract/html/readability.js';
import { dropInterBlockSpace } from '../src/extract/html/strip.js';

const doc = (html: string) => (parseHTML(html) as unknown as { document: Document }).document;

test('white space between two block-level tags goes; between inline tags and inside text it stays', () => {
  assert.equal(dropInterBlockSpace('<div>\n  <p>One</p>\n  <p>Two <b>x</b> <i>y</i></p>\n</div>'), '<div><p>One</p><p>Two <b>x</b> <i>y</i></p></div>');
  // A link next to a paragraph boundary keeps its gap: only block|block pairs are touched.
  assert.equal(dropInterBlockSpace('<p>a</p> <a href="#">b</a> <p>c</p>'), '<p>a</p> <a href="#">b</a> <p>c</p>');
  // <pre> keeps its white space as written: the page is left alone.
  const pre = '<div>\n<pre>\n<div> x </div>\n</pre>\n</div>';
  assert.equal(dropInterBlockSpace(pre), pre);
  // Tag names that merely start like a block tag (<picture>, <param>, <pa>) are not block tags.
  assert.equal(dropInterBlockSpace('<p>x</p> <picture></picture>'), '<p>x</p> <picture></picture>');
});

const PAGE = (pretty: boolean) => {
  const nl = pretty ? '\n    ' : '';
  const extra = pretty ? ' data-module="story" data-ga=\'{"c":"x"}\' aria-label="Story"' : '';
  return (
    '<html lang="en"><head><title>Council approves new bridge | Valley Times</title>' +
    `<meta property="og:title" content="Council approves new bridge"></head><body>${nl}` +
    `<nav${extra} class="menu">${nl}<ul>${nl}<li><a href="/">Home</a></li>${nl}<li><a href="/news">News</a></li>${nl}</ul>${nl}</nav>${nl}` +
    `<article${extra}>${nl}<h1>Council approves new bridge</h1>${nl}` +
    `<p${extra}>The town council voted on Tuesday to build a new bridge across the river, ending <a href="/a"${extra}>a debate</a> that lasted <b>ten</b> <i>years</i>.</p>${nl}` +
    `<figure>${nl}<img src="/b.jpg" data-x="1">${nl}<figcaption>The old bridge in 2019.</figcaption>${nl}</figure>${nl}` +
    `<p>Work should start next spring, the mayor said, and the old crossing will stay open until the new one is finished.</p>${nl}` +
    `<p>Residents who spoke at the meeting mostly welcomed the plan, though some asked about the cost to local taxpayers.</p>${nl}` +
    `</article>${nl}<footer${extra}>${nl}<p>Copyright Valley Times</p>${nl}</footer>${nl}</body></html>`
  );
};

test('indentation and attributes change nothing in what is extracted', () => {
  const compact = extractHtml(PAGE(false));
  const pretty = extractHtml(PAGE(true));
  assert.deepEqual(pretty, compact);
  assert.match(compact.text, /ending a debate that lasted ten years\./);
  assert.ok(compact.sections.some((s) => s.kind === 'caption'));
  assert.doesNotMatch(compact.text, /Copyright|Home/);
});

test('the faster Readability finds the same article as the library on a page with hidden, lazy and script-link markup', () => {
  const html =
    '<html><head><title>Floods</title></head><body><div id="wrap"><div class="content">' +
    '<h2>Floods hit the valley</h2>' +
    '<p>Heavy rain caused rivers to burst their banks overnight, and emergency services rescued dozens of people, officials said.</p>' +
    '<div style="display: none"><p>Hidden promotional text that no reader sees on the page at all, whatever its length is here.</p></div>' +
    '<p hidden>Another hidden paragraph with enough words in it to be scored as content by the algorithm.</p>' +
    '<img class="lazy" data-src="/flood.jpg"><noscript><img src="/flood.jpg"></noscript>' +
    '<p>Roads were closed across the region, and <a href="javascript:void(0)">schools</a> will stay shut on Monday, the council added.</p>' +
    '<p>Forecasters expect more rain later in the week, with warnings in place for the northern districts and the coast.</p>' +
    '</div><div class="sidebar"><a href="/1">Most read</a><a href="/2">Weather</a></div></div></body></html>';
  const ours = readArticle(doc(html), { charThreshold: 200, keepClasses: true });
  const lib = new Readability<Node>(doc(html), { charThreshold: 200, keepClasses: true, serializer: (n) => n }).parse();
  assert.ok(ours && lib?.content);
  const libEl = lib.content as unknown as Element;
  assert.equal(ours.textContent, libEl.textContent);
  assert.doesNotMatch(ours.textContent ?? '', /Hidden promotional|Another hidden/);
  // The javascript: link became plain text, as the library does it (it no longer counts as link text).
  assert.equal(ours.querySelectorAll('a').length, libEl.querySelectorAll('a').length);
  assert.equal(ours.querySelectorAll('img').length, libEl.querySelectorAll('img').length);
});
