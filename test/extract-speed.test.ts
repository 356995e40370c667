import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { latestStatedDate } from '../src/extract/dates.js';
import { classOf, descendants, hasClass, maxDepth } from '../src/extract/html/dom.js';
import { extractHtml } from '../src/extract/html/index.js';
import { stripInert } from '../src/extract/html/strip.js';

const doc = (html: string) => (parseHTML(html) as unknown as { document: Document }).document;

test('stripInert drops scripts, styles, SVG, templates and comments, keeps JSON-LD and all visible text', () => {
  const page =
    '<html><head><style>p{color:red}</style><script type="application/ld+json">{"headline":"H"}</script>' +
    '<SCRIPT src="x.js"></SCRIPT><script>if (a < b) document.write("<p>not text</p>")</script></head>' +
    '<body><!-- a comment with <p>markup</p> --><p>One <b>two</b></p><svg><title>icon</title><path d="M0"/></svg>' +
    '<template><p>hidden</p></template><p>three</p></body></html>';
  const out = stripInert(page);
  assert.equal(
    out,
    '<html><head><script type="application/ld+json">{"headline":"H"}</script></head><body><p>One <b>two</b></p><p>three</p></body></html>',
  );
  // Nothing to strip: the same string back.
  assert.equal(stripInert('<p>plain</p>'), '<p>plain</p>');
  // An unclosed comment runs to the end (as in a browser); an unclosed script is left to the parser.
  assert.equal(stripInert('<p>a</p><!-- open'), '<p>a</p>');
  assert.equal(stripInert('<p>a</p><script>var x'), '<p>a</p><script>var x');
});

test('stripping before parsing changes nothing in what is extracted', () => {
  const page =
    '<html lang="en"><head><title>Storm hits coast</title><script>var ads = "<div class=\\"content\\">Buy now</div>";</script>' +
    '<style>.x{}</style></head><body><article><h1>Storm hits coast</h1>' +
    '<p>The storm reached the coast on Monday morning, officials said, and thousands of homes lost power across the region.</p>' +
    '<!-- ad slot --><svg viewBox="0 0 1 1"><text>Share</text></svg>' +
    '<p>Emergency crews worked through the night to clear roads and restore electricity to the worst-hit towns.</p>' +
    '</article></body></html>';
  const a = extractHtml(page);
  // extractHtml strips itself; compare with the page stripped beforehand and with the untouched result's text.
  const b = extractHtml(stripInert(page));
  assert.deepEqual(a, b);
  assert.match(a.text, /Emergency crews/);
  assert.doesNotMatch(a.text, /Buy now|Share/);
});

test('DOM helpers: descendants in document order, depth, raw class attribute, class tokens', () => {
  const d = doc('<html><body><div class="  a  b "><p id="x"><span>1</span></p><p>2</p></div><ul><li>3</li></ul></body></html>');
  const names = descendants(d).map((e) => e.localName);
  assert.deepEqual(names, [...d.querySelectorAll('*')].map((e) => e.localName));
  assert.equal(maxDepth(d), 5); // html > body > div > p > span
  const div = d.querySelector('div')!;
  // The same tokens linkedom's getAttribute('class') gives, without rebuilding them from its token set.
  assert.deepEqual(classOf(div).split(/\s+/).filter(Boolean), div.getAttribute('class')!.split(' '));
  assert.equal(classOf(d.querySelector('p')!), '');
  assert.ok(hasClass(div, ['b']));
  assert.ok(!hasClass(div, ['a b', 'c']));
});

test('latest stated date: only lines with a year reach chrono, and the latest full date still wins', () => {
  const text = 'Talks resumed on Monday.\nThe deal was signed on March 3, 2016 in Geneva.\nNo year here, May 4.\nA review followed on 12 June 2017.';
  assert.equal(latestStatedDate(text, new Date('2020-01-01')), '2017-06-12');
  assert.equal(latestStatedDate('Nothing dated here.\nNor here.', new Date('2020-01-01')), undefined);
});
