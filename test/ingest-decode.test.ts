import assert from 'node:assert/strict';
import { mkdtempSync, promises as fsp, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, mock, test } from 'node:test';
import { deflateRawSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { UnspinError } from '../src/core/errors.js';
import { decodeInput, looksLikeHtml, sniffBinary } from '../src/ingest/decode.js';
import { readSource } from '../src/ingest/source.js';
import type { RawInput } from '../src/ingest/types.js';

// Every fixture is written here, from text of our own, so the tests say exactly which bytes they feed in.
const RUSSIAN = 'Министр иностранных дел заявил в четверг, что переговоры о прекращении огня продолжатся на следующей неделе. По его словам, стороны договорились о гуманитарных коридорах для мирных жителей.';
const JAPANESE = '外務大臣は木曜日、停戦交渉が来週も続くと述べた。双方は民間人のための人道回廊について合意したという。';
const CHINESE = '外交部长周四表示，停火谈判将于下周继续。他说，双方已就为平民开辟人道主义走廊达成一致。';
const WESTERN = 'The café owner said the “renewed” protests were peaceful — and that the mayor’s façade of calm was crumbling. Naïve observers, he added, would be surprised.';

const raw = (bytes: Buffer, extra: Partial<RawInput> = {}): RawInput => ({ bytes, kind: 'string', name: 'fixture', ...extra });
const page = (charsetMeta: string, body: string): string =>
  `<!doctype html><html><head>${charsetMeta}<title>t</title></head><body><article><p>${body}</p></article></body></html>`;

function rejects(fn: () => unknown, code: string, pattern?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof UnspinError, `expected an UnspinError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.ok(!e.message.includes('\n'), 'message is one line');
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

describe('decoding: byte-order marks and declarations', () => {
  test('UTF-8, UTF-16LE and UTF-16BE byte-order marks win and are removed', () => {
    const text = `Before the ceasefire — ${RUSSIAN}`;
    const utf8 = decodeInput(raw(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])));
    assert.equal(utf8.text, text);
    assert.equal(utf8.encodingSource, 'bom');
    const le = decodeInput(raw(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')])));
    assert.deepEqual([le.text, le.encoding], [text, 'utf-16le']);
    const be = decodeInput(raw(Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')])));
    assert.deepEqual([be.text, be.encoding], [text, 'utf-16be']);
  });

  test('UTF-16 without a byte-order mark is recognised by its NUL pattern, not refused as binary', () => {
    const text = 'Officials said on Thursday that talks would continue next week.';
    const d = decodeInput(raw(iconv.encode(text, 'utf-16le')));
    assert.equal(d.text, text);
    assert.equal(d.encoding, 'utf-16le');
  });

  test('the HTTP charset is used for windows-1251 text', () => {
    const d = decodeInput(raw(iconv.encode(RUSSIAN, 'windows-1251'), { contentType: 'text/plain; charset="windows-1251"' }));
    assert.equal(d.text, RUSSIAN);
    assert.deepEqual([d.encoding, d.encodingSource, d.format], ['windows-1251', 'header', 'text']);
  });

  test('<meta charset> and <meta http-equiv> declare Shift_JIS and GB2312 (read as their supersets)', () => {
    const sjis = decodeInput(raw(iconv.encode(page('<meta charset="Shift_JIS">', JAPANESE), 'shift_jis')));
    assert.ok(sjis.text.includes(JAPANESE));
    assert.deepEqual([sjis.encoding, sjis.encodingSource, sjis.format], ['cp932', 'meta', 'html']);
    const gb = decodeInput(raw(iconv.encode(page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', CHINESE), 'gb18030')));
    assert.ok(gb.text.includes(CHINESE));
    assert.equal(gb.encoding, 'gb18030');
  });

  test('an XML declaration names the encoding of an XHTML page', () => {
    const xhtml = `<?xml version="1.0" encoding="KOI8-R"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>${RUSSIAN}</p></body></html>`;
    const d = decodeInput(raw(iconv.encode(xhtml, 'koi8-r')));
    assert.ok(d.text.includes(RUSSIAN));
    assert.equal(d.encoding, 'koi8-r');
  });

  test('the header charset beats the meta charset, as in browsers', () => {
    const bytes = iconv.encode(page('<meta charset="windows-1252">', RUSSIAN), 'windows-1251');
    const d = decodeInput(raw(bytes, { contentType: 'text/html; charset=windows-1251' }));
    assert.ok(d.text.includes(RUSSIAN));
  });

  test('ISO-8859-1 and US-ASCII labels are read as windows-1252 (curly quotes and dashes survive)', () => {
    const d = decodeInput(raw(iconv.encode(page('<meta charset="iso-8859-1">', WESTERN), 'windows-1252')));
    assert.ok(d.text.includes(WESTERN));
    assert.equal(d.encoding, 'windows-1252');
  });
});

describe('decoding: undeclared and mis-declared text', () => {
  test('undeclared windows-1252 text is detected', () => {
    const d = decodeInput(raw(iconv.encode(WESTERN, 'windows-1252')));
    assert.equal(d.text, WESTERN);
    assert.equal(d.encodingSource, 'detected');
  });

  for (const [label, text] of [
    ['koi8-r', RUSSIAN],
    ['shift_jis', JAPANESE],
    ['gb18030', CHINESE],
  ] as const) {
    test(`undeclared ${label} text is detected`, () => {
      const d = decodeInput(raw(iconv.encode(text, label)));
      assert.equal(d.text, text);
      assert.equal(d.encodingSource, 'detected');
    });
  }

  test('an undeclared windows-1251 HTML page is detected from its text, not its markup', () => {
    const markup = `<div class="nav"><a href="/world">World</a> <a href="/politics">Politics</a></div>`.repeat(20);
    const d = decodeInput(raw(iconv.encode(page('', `${markup}</p><p>${RUSSIAN}`), 'windows-1251')));
    assert.ok(d.text.includes(RUSSIAN));
    assert.equal(d.encoding, 'windows-1251');
  });

  test('a page declared latin1 but saved as UTF-8 is read as UTF-8', () => {
    const d = decodeInput(raw(Buffer.from(page('<meta charset="iso-8859-1">', WESTERN), 'utf8')));
    assert.ok(d.text.includes(WESTERN), d.text);
    assert.deepEqual([d.encoding, d.encodingSource], ['utf-8', 'corrected']);
  });

  test('a page served as UTF-8 but written in windows-1251 is detected, not turned into replacement characters', () => {
    const d = decodeInput(raw(iconv.encode(page('', RUSSIAN), 'windows-1251'), { contentType: 'text/html; charset=utf-8' }));
    assert.ok(d.text.includes(RUSSIAN), d.text.slice(0, 200));
    assert.equal(d.encodingSource, 'corrected');
    assert.ok(!d.text.includes('\ufffd'));
  });

  test('a header claiming UTF-8 is overruled by a correct meta declaration', () => {
    const d = decodeInput(raw(iconv.encode(page('<meta charset="shift_jis">', JAPANESE), 'shift_jis'), { contentType: 'text/html; charset=UTF-8' }));
    assert.ok(d.text.includes(JAPANESE));
    assert.equal(d.encoding, 'cp932');
  });

  test('one broken byte in a UTF-8 page (cut mid-character) keeps it UTF-8', () => {
    const good = Buffer.from(`${RUSSIAN} ${WESTERN}`, 'utf8');
    const d = decodeInput(raw(good.subarray(0, good.length - 1), { contentType: 'text/plain; charset=utf-8' }));
    assert.equal(d.encoding, 'utf-8');
    assert.ok(d.text.startsWith(RUSSIAN));
  });

  test('a meta declaring UTF-16 in an ASCII-readable page means UTF-8', () => {
    const d = decodeInput(raw(Buffer.from(page('<meta charset="utf-16">', WESTERN), 'utf8')));
    assert.ok(d.text.includes(WESTERN));
  });

  test('an unknown charset label is ignored rather than fatal', () => {
    const d = decodeInput(raw(Buffer.from(WESTERN, 'utf8'), { contentType: 'text/plain; charset=x-no-such-thing' }));
    assert.equal(d.text, WESTERN);
  });

  test('stray NUL and control bytes are dropped; CRLF becomes LF', () => {
    const d = decodeInput(raw(Buffer.from('First line.\r\nSecond\u0000 line.\u0007\rThird line.', 'utf8')));
    assert.equal(d.text, 'First line.\nSecond line.\nThird line.');
  });
});

describe('decoding: refusals', () => {
  const binaries: [string, Buffer, RegExp][] = [
    ['PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), /PNG image/],
    ['JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]), /JPEG image/],
    ['PDF', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1'), /PDF file/],
    ['ZIP', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0]), deflateRawSync('word/document.xml')]), /ZIP archive/],
    ['gzip', gzipSync('<html><body><p>compressed page</p></body></html>'), /gzip-compressed/],
    ['random bytes', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256)), /binary data/],
  ];
  for (const [what, bytes, pattern] of binaries) {
    test(`${what} data renamed .html is refused as binary`, () => {
      rejects(() => decodeInput({ bytes, kind: 'file', name: 'article.html' }), 'BINARY_INPUT', pattern);
    });
  }

  test('empty, whitespace-only and BOM-only input are refused as empty', () => {
    rejects(() => decodeInput(raw(Buffer.alloc(0))), 'EMPTY_INPUT', /empty/);
    rejects(() => decodeInput(raw(Buffer.from(' \n\t\r\n\u00a0\u200b  ', 'utf8'))), 'EMPTY_INPUT', /whitespace/);
    rejects(() => decodeInput(raw(Buffer.from([0xef, 0xbb, 0xbf]))), 'EMPTY_INPUT');
  });

  test('input over the byte limit is refused, naming the limit', () => {
    rejects(() => decodeInput(raw(Buffer.from('x'.repeat(2048))), { maxBytes: 1024 }), 'TOO_LARGE', /over the 1 KB limit.*--max-bytes/);
  });

  test('sniffBinary tolerates a few NULs in text and names formats', () => {
    assert.equal(sniffBinary(Buffer.from('A sentence with one stray\u0000 NUL in it, and more words after it.')), undefined);
    assert.equal(sniffBinary(Buffer.from([0x1f, 0x8b, 8, 0])), 'gzip-compressed data (decompress it first)');
  });
});

describe('HTML or text', () => {
  test('a .txt file that quotes tags stays text; a .html file with tags is HTML; text/plain wins over sniffing', () => {
    const quoted = 'The attacker posted <script>alert(1)</script> and <p>more</p> and <div>tags</div> in a comment.';
    assert.equal(looksLikeHtml(quoted, undefined, 'notes.txt'), false);
    assert.equal(looksLikeHtml(quoted, 'text/plain; charset=utf-8'), false);
    assert.equal(looksLikeHtml(quoted), true);
    assert.equal(looksLikeHtml('<!doctype html><html><body>x</body></html>', undefined, 'saved.txt'), true);
    assert.equal(looksLikeHtml('Just words, no markup at all.', undefined, 'story.html'), false);
    assert.equal(looksLikeHtml('<p>x</p>', 'application/xhtml+xml'), true);
  });
});

describe('reading sources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unspin-ingest-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a file is read with its name', async () => {
    const path = join(dir, 'story.txt');
    writeFileSync(path, WESTERN);
    const r = await readSource(path);
    assert.deepEqual([r.kind, r.name, r.bytes.toString('utf8')], ['file', path, WESTERN]);
  });

  test('a missing file, a folder, an oversized file and a bad URL scheme are refused with one-line errors', async () => {
    const expectCode = async (spec: string, code: string, pattern: RegExp, opts = {}): Promise<void> => {
      await assert.rejects(readSource(spec, opts), (e: unknown) => {
        assert.ok(e instanceof UnspinError, String(e));
        assert.equal(e.code, code, e.message);
        assert.match(e.message, pattern);
        assert.ok(!e.message.includes('\n'));
        return true;
      });
    };
    await expectCode(join(dir, 'nope.html'), 'NOT_FOUND', /no such file/);
    await expectCode('www.example.com/story', 'NOT_FOUND', /give the full https:\/\/ URL/);
    await expectCode(dir, 'UNREADABLE', /is a folder/);
    const big = join(dir, 'big.txt');
    writeFileSync(big, 'word '.repeat(1000));
    await expectCode(big, 'TOO_LARGE', /over the 100 bytes limit/, { maxBytes: 100 });
    await expectCode('ftp://example.com/story.html', 'BAD_URL', /only http and https/);
    await expectCode('file:///etc/passwd', 'BAD_URL', /only http and https/);
    await expectCode('bad\nname.txt', 'NOT_FOUND', /bad name\.txt/);
  });

  test('a permission-denied file is refused as unreadable', async () => {
    // Root reads any file whatever its mode, so the read is made to fail the way the kernel fails it for others.
    const path = join(dir, 'secret.txt');
    writeFileSync(path, WESTERN);
    chmodSync(path, 0o000);
    const denied = mock.method(fsp, 'readFile', async () => {
      throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
    });
    try {
      await assert.rejects(readSource(path), (e: unknown) => e instanceof UnspinError && e.code === 'UNREADABLE' && /permission denied/.test(e.message));
    } finally {
      denied.mock.restore();
      chmodSync(path, 0o600);
    }
  });

  test('standard input is read up to the limit', async () => {
    const r = await readSource('-', { stdin: Readable.from([Buffer.from('Piped '), Buffer.from('article.')]) });
    assert.deepEqual([r.kind, r.name, r.bytes.toString()], ['stdin', '-', 'Piped article.']);
    await assert.rejects(readSource('-', { stdin: Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), maxBytes: 1000 }), /over the 1000 bytes limit/);
  });

  test('a stream without a size (a FIFO or /dev/zero) stops at the limit instead of reading forever', { skip: process.platform === 'win32' ? 'no /dev/zero' : false }, async () => {
    await assert.rejects(readSource('/dev/zero', { maxBytes: 64 * 1024 }), (e: unknown) => e instanceof UnspinError && e.code === 'TOO_LARGE');
  });
});
