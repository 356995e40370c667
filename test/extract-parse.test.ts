import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Readability } from '@mozilla/readability';
import iconv from 'iconv-lite';
import { parseHTML } from 'linkedom';
import { fastParserActive, parseDocument } from '../src/extract/html/parse.js';
import { readArticle } from '../src/extract/html/readability.js';
import { decodeInput } from '../src/ingest/decode.js';

const linkedom = (html: string) => (parseHTML(html) as unknown as { document: Document }).document;

const PAGES = [
  '<!DOCTYPE html><html><head><title>A &amp; B</title></head><body><p class="  lead  lead x ">One &eacute; &#x41; &nbsp;</p></body></html>',
  '<html><body><DIV ID="Up" Class="A  a">Mixed <B>case</b></DIV><ul><li>one<li>two<li class="">three</ul></body></html>',
  '<html><body><table><tr><td>1<td>2<tr><td>3</table><p>unclosed <b>bold <i>both</b> italic</i> end<p>next</body></html>',
  '<html><body><!-- a comment --><![CDATA[ not cdata in html ]]><svg class="icon  big"><g class="g"><path d="M0 0"/></g></svg><p>after</p></body></html>',
  '<html><head><meta charset="utf-8"><script type="application/ld+json">{"a":"<b>"}</script></head><body><img src=x.png alt="a \'q\' &quot;"><br/><input disabled></body></html>',
  '<p>fragment without html element</p>',
  '<html><body><div data-x="1" data-y=\'{"k":2}\' onclick="go()" aria-label="L"><span class="a b a">text</span></div></body></html>',
  // Tags whose classes set fields of their own go through createElement; unknown and custom tags do not.
  '<html><head><style>p{color:red}</style></head><body><template><p>t</p></template><custom-tag a="1">c</custom-tag><canvas></canvas><x-y><z>q</z></x-y></body></html>',
];

test('the fast parser builds the same tree as linkedom (same serialisation, class values and token sets)', () => {
  assert.equal(fastParserActive(), true, 'the compatibility probe failed: linkedom internals changed');
  for (const html of PAGES) {
    const ours = parseDocument(html);
    const theirs = linkedom(html);
    assert.equal(String(ours), String(theirs), html);
    const a = [...ours.querySelectorAll('*')];
    const b = [...theirs.querySelectorAll('*')];
    assert.equal(a.length, b.length);
    for (let i = 0; i < a.length; i++) {
      assert.equal(Object.getPrototypeOf(a[i]), Object.getPrototypeOf(b[i]), a[i]!.localName);
      assert.equal(a[i]!.getAttribute('class'), b[i]!.getAttribute('class'));
      assert.equal(a[i]!.getAttributeNode('class')?.value, b[i]!.getAttributeNode('class')?.value);
      assert.deepEqual([...a[i]!.classList], [...b[i]!.classList]);
    }
  }
  // Attribute and text nodes made without their constructors behave as linkedom's own under the usual operations.
  const twin = (html: string) => [parseDocument(html), linkedom(html)];
  const [mine, lib] = twin('<html><body><div id="a" data-k="v">one <b title="t">two</b></div></body></html>');
  for (const d of [mine!, lib!]) {
    const div = d.getElementById('a')!;
    const copy = div.cloneNode(true) as Element;
    copy.setAttribute('data-k', 'w');
    copy.removeAttribute('id');
    (copy.firstChild as Text).data = 'uno ';
    div.getAttributeNode('data-k')!.value = 'x';
    div.after(copy);
    div.querySelector('b')!.replaceWith(d.createTextNode('dos'));
  }
  assert.equal(String(mine), String(lib));
  assert.equal(mine!.body.textContent, 'one dosuno two');
  // The token set, built on demand, still writes back to the attribute.
  const d = parseDocument('<html><body><p class="a b">x</p></body></html>');
  const p = d.querySelector('p')!;
  p.classList.add('c');
  assert.equal(p.getAttribute('class'), 'a b c');
  assert.equal(d.querySelectorAll('.c').length, 1);
});

test('decoding: valid UTF-8 (with a byte-order mark, CRLF line ends) and damaged UTF-8 give what iconv gives', () => {
  const raw = (bytes: Buffer) => ({ bytes, kind: 'file' as const, name: 'x.html', contentType: 'text/html; charset=utf-8' });
  const text = 'Caf\u00e9 \u2014 \u{1F600} na\u00efve\r\nline two\rline three\u0007';
  const clean = 'Caf\u00e9 \u2014 \u{1F600} na\u00efve\nline two\nline three';
  const utf8 = Buffer.from(text, 'utf8');
  assert.equal(decodeInput(raw(utf8)).text, clean);
  // A byte-order mark is skipped; a second one right after it is stripped too, as iconv's stripBOM does.
  assert.equal(decodeInput(raw(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]))).text, clean);
  assert.equal(decodeInput(raw(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), utf8]))).text, clean);
  // One stray byte in a UTF-8 page: still UTF-8, decoded by iconv with its replacement characters.
  const damaged = Buffer.concat([utf8, Buffer.from([0xff]), Buffer.from(' more text', 'utf8')]);
  const d = decodeInput(raw(damaged));
  assert.equal(d.encoding, 'utf-8');
  assert.equal(d.text, iconv.decode(damaged, 'utf-8').replace(/\r\n?/g, '\n').replace(/\u0007/g, ''));
  // Clean input is returned as decoded.
  assert.equal(decodeInput(raw(Buffer.from('<p>plain</p>\n'))).text, '<p>plain</p>\n');
});

test('a Readability retry restores the page from the replay and finds what the library finds', () => {
  // The story sits in a "sidebar" block: the first pass strips it as unlikely, finds too little and tries again.
  const para = (n: number) =>
    `<p>Paragraph ${n} of the story tells how the river rose overnight and how crews worked until dawn to move families to higher ground.</p>`;
  const html =
    '<html><head><title>River</title></head><body><div class="header"><a href="/">Home</a></div>' +
    `<div class="sidebar story">${para(1)}${para(2)}${para(3)}</div><div class="footer">Contact</div></body></html>`;
  let replays = 0;
  const replay = () => {
    replays++;
    return linkedom(html);
  };
  const ours = readArticle(linkedom(html), { charThreshold: 200, keepClasses: true }, replay);
  const lib = new Readability<Node>(linkedom(html), { charThreshold: 200, keepClasses: true, serializer: (n) => n }).parse();
  assert.ok(ours && lib?.content);
  assert.equal(replays, 1, 'the page was rebuilt once, for the retries');
  assert.equal(ours.textContent, (lib.content as unknown as Element).textContent);
  assert.match(ours.textContent ?? '', /Paragraph 3 of the story/);
  // Without a retry the replay is never called.
  replays = 0;
  const plain = `<html><body><article>${para(1)}${para(2)}${para(3)}</article></body></html>`;
  assert.ok(readArticle(linkedom(plain), { charThreshold: 200, keepClasses: true }, replay));
  assert.equal(replays, 0);
});
