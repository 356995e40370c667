import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI, FIXTURES, SEED, needsShared } from './helpers/paths.js';

/** Runs the real CLI as a child process (asynchronously, so this process can serve the URL tests meanwhile). */
function unspin(args: string[], input?: string | Buffer): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1', UNSPIN_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {}); // the CLI may exit before reading all of it
    child.stdin.end(input ?? '');
  });
}

/** A refusal: non-zero exit, exactly one line on stderr starting "unspin:", no stack trace, nothing on stdout. */
function assertRefused(r: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  assert.notEqual(r.code, 0, `exit code (stderr: ${r.stderr})`);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0]!, /^unspin: /);
  assert.match(lines[0]!, pattern);
  assert.ok(!r.stderr.includes('    at '), 'no stack trace');
  assert.equal(r.stdout, '');
}

const HOSTILE = join(FIXTURES, 'ingest', 'hostile-comment.txt');
const dir = mkdtempSync(join(tmpdir(), 'unspin-cli-'));
let server: http.Server;
let base = '';

before(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/story') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>' +
        '<p>The harbour reopened on Monday after storm repairs that took three weeks, the port authority said.</p>' +
        '<p>Fishing boats were the first to leave, and ferries will resume their normal timetable on Friday.</p></article></body></html>');
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

// Each case starts its own Node process; running them side by side keeps the file within a few seconds of wall time.
describe('unspin analyze (the real CLI)', { concurrency: 4 }, () => {
  test('the reference article as JSON: sections, offsets, comments and latest stated date', { skip: needsShared(SEED) }, async () => {
    const r = await unspin(['analyze', SEED, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout).document as { text: string; latestStatedDate?: string; sections: { kind: string; start: number; end: number; truncated?: boolean }[] };
    const kinds = doc.sections.map((s) => s.kind);
    assert.equal(kinds[0], 'title');
    const firstCaption = kinds.indexOf('caption');
    const firstComment = kinds.indexOf('comment');
    assert.ok(kinds.slice(1, firstCaption).length > 0 && kinds.slice(1, firstCaption).every((k) => k === 'heading' || k === 'body'), kinds.join(','));
    assert.equal(kinds.filter((k) => k === 'caption').length, 1, 'exactly one caption');
    assert.equal(firstComment, firstCaption + 1, 'the caption is the paragraph just before the comments');
    assert.deepEqual(kinds.slice(firstComment), ['comment', 'comment'], 'exactly two comments, at the end');
    assert.equal(doc.sections[firstComment]!.truncated ?? false, false);
    assert.equal(doc.sections[firstComment + 1]!.truncated, true, 'the second comment is cut short');
    let previousEnd = 0;
    for (const s of doc.sections) {
      const slice = doc.text.slice(s.start, s.end);
      assert.ok(s.start >= previousEnd && s.end > s.start && s.end <= doc.text.length, `${s.kind} ${s.start}-${s.end}`);
      assert.equal(slice, slice.trim(), `${s.kind} ${s.start}-${s.end} is trimmed`);
      assert.ok(/\w/.test(slice), `${s.kind} ${s.start}-${s.end} holds text`);
      previousEnd = s.end;
    }
    const title = doc.sections[0]!;
    assert.ok(!doc.text.slice(title.start, title.end).includes('\n'), 'the title is one line');
    assert.equal(doc.latestStatedDate, '2017-09-28');
  });

  test('--format html escapes markup written into a text article', async () => {
    const r = await unspin(['analyze', HOSTILE, '--format', 'html']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^<!doctype html>/i);
    assert.ok(!/<script/i.test(r.stdout), 'no <script in the report');
    assert.ok(!/<img\b/i.test(r.stdout), 'no <img tag in the report');
    assert.ok(r.stdout.includes('&lt;script&gt;alert('), 'the payload is shown, escaped');
    assert.ok(!/<[^>]*\sonerror\s*=/i.test(r.stdout), 'no onerror attribute inside a tag');
  });

  test('--format text prints a readable report', async () => {
    const r = await unspin(['analyze', HOSTILE, '--format', 'text']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /City council approves new bus lanes/);
    assert.ok(!r.stdout.includes('\u001b['), 'no colour codes when not on a terminal');
  });

  test('standard input: analyze -', async () => {
    const r = await unspin(['analyze', '-', '--format', 'json'], 'Storm closes mountain pass\n\nThe pass closed on Sunday after heavy snow, the road agency said. It may reopen on Wednesday.\n');
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout).document;
    assert.equal(doc.origin.kind, 'stdin');
    assert.match(doc.text, /^Storm closes mountain pass/);
  });

  test('a URL on a loopback server is fetched with --allow-private', async () => {
    const r = await unspin(['analyze', `${base}/story`, '--allow-private', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout).document;
    assert.match(doc.text, /harbour reopened on Monday/);
    assert.equal(doc.origin.kind, 'url');
  });

  test('the same URL is refused without --allow-private', async () => {
    assertRefused(await unspin(['analyze', `${base}/story`]), /refused, a loopback address; pass --allow-private/);
  });

  const bad: [string, () => string[], RegExp][] = [
    ['empty file', () => (writeFileSync(join(dir, 'empty.html'), ''), ['analyze', join(dir, 'empty.html')]), /empty/],
    ['PNG renamed .html', () => (writeFileSync(join(dir, 'photo.html'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), ['analyze', join(dir, 'photo.html')]), /PNG image/],
    ['too large', () => ['analyze', HOSTILE, '--max-bytes', '100'], /over the 100 bytes limit/],
    ['missing file', () => ['analyze', join(dir, 'no-such-article.html')], /no such file/],
    ['folder', () => (mkdirSync(join(dir, 'folder'), { recursive: true }), ['analyze', join(dir, 'folder')]), /is a folder/],
    ['bad URL scheme', () => ['analyze', 'ftp://example.com/story.html'], /only http and https/],
    ['unknown --format', () => ['analyze', HOSTILE, '--format', 'pdf'], /unknown format "pdf"/],
  ];
  for (const [what, args, pattern] of bad) {
    test(`bad input is one line on stderr and a non-zero exit: ${what}`, async () => {
      assertRefused(await unspin(args()), pattern);
    });
  }
});
