import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { UnspinError } from '../src/core/errors.js';
import { blockedReason } from '../src/ingest/address.js';
import { fetchUrl, type FetchOptions, type ResolvedAddress, type Resolver } from '../src/ingest/fetch.js';
import { readSource } from '../src/ingest/source.js';
import { FIXTURES } from './helpers/paths.js';

/**
 * No test here sends a packet to a private, link-local or metadata address: names are resolved by stubs, and the
 * only server is on 127.0.0.1, let through by `allowAddresses` for that one address. Every socket Node opens is
 * counted through the net.client.socket diagnostics channel, which proves refusals happen before any connection.
 */
let sockets = 0;
const countSocket = (): void => {
  sockets++;
};
before(() => subscribe('net.client.socket', countSocket));
after(() => unsubscribe('net.client.socket', countSocket));

/** A resolver stub that answers from a table and counts the questions. */
function stubResolver(table: Record<string, string[]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string): Promise<ResolvedAddress[]> => {
    calls.push(hostname);
    const answers = table[hostname];
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { calls });
}

async function refused(url: string, opts: FetchOptions, code: string, pattern?: RegExp): Promise<UnspinError> {
  let caught: UnspinError | undefined;
  await assert.rejects(fetchUrl(url, opts), (e: unknown) => {
    assert.ok(e instanceof UnspinError, `expected an UnspinError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.ok(!e.message.includes('\n'), 'one line');
    if (pattern) assert.match(e.message, pattern);
    caught = e;
    return true;
  });
  return caught!;
}

describe('address classification', () => {
  const blocked = [
    '127.0.0.1', '127.8.9.10', '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.1.1', '169.254.169.254', '169.254.1.1',
    '100.64.0.1', '100.127.255.254', '0.0.0.0', '224.0.0.251', '239.255.255.250', '240.0.0.1', '255.255.255.255',
    '192.0.2.10', '198.18.0.1', '198.51.100.7', '203.0.113.9', '168.63.129.16', '100.100.100.200',
    '::', '::1', 'fe80::1', 'fe80::1%eth0', 'fc00::1', 'fd12:3456::1', 'fd00:ec2::254', 'ff02::1', 'fec0::1',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '0:0:0:0:0:ffff:10.0.0.1', '::127.0.0.1', '::ffff:0:10.1.2.3',
    '64:ff9b::a9fe:a9fe', '64:ff9b:1::1', '2002:7f00:1::1', '2002:c0a8:101::1', '2001:db8::1', '2001::1', '100::1', '[::1]',
  ];
  const allowed = ['93.184.216.34', '8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '169.255.0.1', '2606:4700::1111', '2a00:1450:4001::200e', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'];
  for (const a of blocked) test(`blocks ${a}`, () => assert.ok(blockedReason(a), a));
  for (const a of allowed) test(`allows ${a}`, () => assert.equal(blockedReason(a), undefined));
  test('names the kind of address', () => {
    assert.match(blockedReason('169.254.169.254')!, /metadata/);
    assert.match(blockedReason('::ffff:10.0.0.1')!, /private.*10\.0\.0\.1.*IPv6/);
    assert.equal(blockedReason('not-an-ip'), 'not an IP address');
  });
});

describe('fetch: refused before any connection', () => {
  test('literal IPs in every notation the URL parser normalises', async () => {
    const resolve = stubResolver({});
    const urls = [
      'http://127.0.0.1/', 'http://2130706433/', 'http://0x7f000001/', 'http://0177.0.0.1/', 'http://0x7f.1/', 'http://127.1/',
      'http://0/', 'http://10.0.0.1:8080/x', 'http://169.254.169.254/latest/meta-data/', 'http://0xa9fea9fe/', 'http://[::1]/',
      'http://[::ffff:127.0.0.1]/', 'http://[0:0:0:0:0:ffff:169.254.169.254]/', 'http://[fd00:ec2::254]/', 'http://[fe80::1]/',
      'http://[64:ff9b::10.0.0.1]/', 'https://192.168.0.1/', 'http://100.64.0.1/', 'http://224.0.0.1/', 'http://127.0.0.1./',
      'http://017700000001/', 'http://127.000.000.001/', 'http://\u2460\u2461\u2466.0.0.1/', 'http://127.0.0.1%2e/', 'http://[0::1]/',
    ];
    const before = sockets;
    for (const url of urls) await refused(url, { resolve }, 'BLOCKED_ADDRESS', /refused.*--allow-private/);
    assert.equal(sockets - before, 0, 'no socket was opened');
    assert.deepEqual(resolve.calls, [], 'literal addresses need no resolver');
  });

  test('host names resolving to loopback, private, link-local, metadata or ULA addresses', async () => {
    const resolve = stubResolver({
      'loop.test': ['127.0.0.1'],
      'lan.test': ['10.0.0.1'],
      'meta.test': ['169.254.169.254'],
      'six.test': ['::1'],
      'mapped.test': ['::ffff:10.0.0.1'],
      'cgnat.test': ['100.64.3.3'],
      'ula.test': ['fd00::5'],
      // One bad answer among good ones is enough: the connection could be made to any of them.
      'mixed.test': ['93.184.216.34', '10.0.0.1'],
    });
    const before = sockets;
    for (const host of ['loop.test', 'lan.test', 'meta.test', 'six.test', 'mapped.test', 'cgnat.test', 'ula.test', 'mixed.test']) {
      await refused(`http://${host}/story`, { resolve }, 'BLOCKED_ADDRESS', new RegExp(`${host.replace('.', '\\.')} resolves to`));
    }
    assert.equal(sockets - before, 0, 'no socket was opened');
    assert.equal(resolve.calls.length, 8, 'each name resolved exactly once');
  });

  test('the system resolver is checked too: localhost is refused without connecting', async () => {
    const before = sockets;
    await refused('http://localhost:9/', {}, 'BLOCKED_ADDRESS', /localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
    assert.equal(sockets - before, 0);
  });

  test('unknown host, malformed URL, credentials and other schemes', async () => {
    const resolve = stubResolver({});
    const before = sockets;
    await refused('http://nowhere.test/', { resolve }, 'FETCH_FAILED', /no such host/);
    await refused('http://exa mple.com/', { resolve }, 'BAD_URL', /not a valid URL/);
    await refused('http://user:pw@news.test/', { resolve }, 'BAD_URL', /user name or password/);
    await refused('gopher://news.test/', { resolve }, 'BAD_URL', /only http and https/);
    assert.equal(sockets - before, 0);
  });
});

/** One loopback server whose routes the tests set; it counts the connections it accepts. */
const routes = new Map<string, http.RequestListener>();
let server: http.Server;
let base = '';
let connections = 0;
const local: FetchOptions = { allowAddresses: ['127.0.0.1'], timeoutMs: 5000 };

before(async () => {
  server = http.createServer((req, res) => {
    const route = routes.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (route) return route(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const send = (type: string, body: string | Buffer, headers: http.OutgoingHttpHeaders = {}): http.RequestListener => (_req, res) => {
  res.writeHead(200, { 'content-type': type, ...headers }).end(body);
};
const redirect = (location: string, status = 302): http.RequestListener => (_req, res) => {
  res.writeHead(status, { location }).end();
};
const ARTICLE = '<!doctype html><html><head><title>Local story</title></head><body><article><p>Talks resumed on Thursday.</p></article></body></html>';

describe('fetch: a loopback server let through for the test', () => {
  test('a page comes back with its final URL and content type', async () => {
    routes.set('/page', send('text/html; charset=utf-8', ARTICLE));
    const r = await fetchUrl(`${base}/page#frag`, local);
    assert.equal(r.bytes.toString(), ARTICLE);
    assert.deepEqual([r.kind, r.name, r.url, r.contentType], ['url', `${base}/page`, `${base}/page`, 'text/html; charset=utf-8']);
  });

  test('without the exception the same server is refused, and never contacted', async () => {
    const c = connections;
    await refused(`${base}/page`, { timeoutMs: 5000 }, 'BLOCKED_ADDRESS', /loopback/);
    assert.equal(connections, c);
  });

  test('allowPrivate lets private addresses through (the --allow-private flag)', async () => {
    routes.set('/page', send('text/html', ARTICLE));
    const r = await fetchUrl(`${base}/page`, { allowPrivate: true });
    assert.equal(r.bytes.toString(), ARTICLE);
  });

  test('the connection is pinned to the checked answer: a name only the stub knows still connects, resolved once', async () => {
    routes.set('/page', send('text/html', ARTICLE));
    const port = (server.address() as AddressInfo).port;
    const resolve = stubResolver({ 'pinned.test': ['127.0.0.1'] });
    const r = await fetchUrl(`http://pinned.test:${port}/page`, { ...local, resolve });
    assert.equal(r.bytes.toString(), ARTICLE);
    assert.deepEqual(resolve.calls, ['pinned.test']);
  });

  test('a redirect to the metadata address is refused before connecting to it', async () => {
    routes.set('/to-meta', redirect('http://169.254.169.254/latest/meta-data/iam/'));
    const before = sockets;
    await refused(`${base}/to-meta`, local, 'BLOCKED_ADDRESS', /169\.254\.169\.254.*metadata/);
    assert.equal(sockets - before, 1, 'only the loopback server was contacted');
  });

  test('a redirect to a name resolving to 10.0.0.1 is refused before connecting to it', async () => {
    routes.set('/to-lan', redirect('http://intranet.test/admin', 301));
    const resolve = stubResolver({ 'intranet.test': ['10.0.0.1'] });
    const before = sockets;
    await refused(`${base}/to-lan`, { ...local, resolve }, 'BLOCKED_ADDRESS', /intranet\.test resolves to 10\.0\.0\.1/);
    assert.equal(sockets - before, 1);
  });

  test('relative redirects are followed and re-checked; the final URL is reported', async () => {
    routes.set('/old', redirect('/middle', 301));
    routes.set('/middle', redirect(`${base}/new?x=1`, 307));
    routes.set('/new', send('text/html', ARTICLE));
    const r = await fetchUrl(`${base}/old`, local);
    assert.equal(r.name, `${base}/new?x=1`);
  });

  test('redirect limits, loops, and non-http targets', async () => {
    routes.set('/loop', redirect('/loop'));
    await refused(`${base}/loop`, local, 'TOO_MANY_REDIRECTS', /more than 5 redirects/);
    routes.set('/once', redirect('/page'));
    routes.set('/page', send('text/html', ARTICLE));
    await refused(`${base}/once`, { ...local, maxRedirects: 0 }, 'TOO_MANY_REDIRECTS');
    routes.set('/to-file', redirect('file:///etc/passwd'));
    await refused(`${base}/to-file`, local, 'BAD_URL', /redirects to file:/);
    routes.set('/no-location', (_q, res) => res.writeHead(302).end());
    await refused(`${base}/no-location`, local, 'FETCH_FAILED', /without a Location/);
  });

  test('HTTP errors and refused connections', async () => {
    await refused(`${base}/missing`, local, 'FETCH_FAILED', /HTTP 404/);
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await refused(`http://127.0.0.1:${port}/`, local, 'FETCH_FAILED', /connection refused/);
  });

  test('content types: HTML, XHTML, XML and text accepted; images, PDF, JSON refused', async () => {
    for (const type of ['application/xhtml+xml', 'text/xml', 'text/plain; charset=windows-1252', 'application/rss+xml']) {
      routes.set('/typed', send(type, ARTICLE));
      assert.equal((await fetchUrl(`${base}/typed`, local)).contentType, type);
    }
    for (const type of ['image/png', 'application/pdf', 'application/json', 'video/mp4', 'application/octet-stream']) {
      routes.set('/typed', send(type, Buffer.from([0x89, 0x50, 0x4e, 0x47])));
      await refused(`${base}/typed`, local, 'UNSUPPORTED_CONTENT', new RegExp(`served ${type.replace(/[+/.]/g, '\\$&')}`));
    }
  });

  test('the size limit holds with and without Content-Length', async () => {
    const big = Buffer.alloc(300_000, 'a');
    routes.set('/big', send('text/plain', big));
    await refused(`${base}/big`, { ...local, maxBytes: 100_000 }, 'TOO_LARGE', /over the 97.7 KB limit/);
    routes.set('/chunked', (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < 30; i++) res.write(Buffer.alloc(10_000, 'b'));
      res.end();
    });
    await refused(`${base}/chunked`, { ...local, maxBytes: 100_000 }, 'TOO_LARGE');
    assert.equal((await fetchUrl(`${base}/chunked`, { ...local, maxBytes: 300_000 })).bytes.length, 300_000);
  });

  test('gzip, deflate (wrapped and raw) and br are decoded', async () => {
    const codings: [string, Buffer][] = [
      ['gzip', gzipSync(ARTICLE)],
      ['deflate', deflateSync(ARTICLE)],
      ['deflate', deflateRawSync(ARTICLE)],
      ['br', brotliCompressSync(ARTICLE)],
      ['deflate, gzip', gzipSync(deflateSync(ARTICLE))],
    ];
    for (const [coding, body] of codings) {
      routes.set('/packed', send('text/html', body, { 'content-encoding': coding }));
      assert.equal((await fetchUrl(`${base}/packed`, local)).bytes.toString(), ARTICLE, coding);
    }
  });

  test('a compression bomb stops at the limit on the decoded size', async () => {
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024)); // 32 MB of zeros in about 32 KB
    assert.ok(bomb.length < 100_000);
    routes.set('/bomb', send('text/html', bomb, { 'content-encoding': 'gzip' }));
    const heap = process.memoryUsage().arrayBuffers;
    await refused(`${base}/bomb`, { ...local, maxBytes: 1024 * 1024 }, 'TOO_LARGE', /over the 1 MB limit/);
    assert.ok(process.memoryUsage().arrayBuffers - heap < 16 * 1024 * 1024, 'did not inflate the whole bomb');
    routes.set('/brbomb', send('text/html', brotliCompressSync(Buffer.alloc(16 * 1024 * 1024)), { 'content-encoding': 'br' }));
    await refused(`${base}/brbomb`, { ...local, maxBytes: 1024 * 1024 }, 'TOO_LARGE');
  });

  test('corrupt and unknown encodings are refused', async () => {
    routes.set('/corrupt', send('text/html', Buffer.from('definitely not gzip'), { 'content-encoding': 'gzip' }));
    await refused(`${base}/corrupt`, local, 'FETCH_FAILED', /compressed body is corrupt/);
    routes.set('/zstd', send('text/html', Buffer.from('xx'), { 'content-encoding': 'compress' }));
    await refused(`${base}/zstd`, local, 'UNSUPPORTED_CONTENT', /Content-Encoding "compress"/);
  });

  test('a server that never answers hits the headers timeout; a trickling body hits the total timeout', async () => {
    routes.set('/silent', () => {});
    const t0 = Date.now();
    await refused(`${base}/silent`, { ...local, headersTimeoutMs: 200 }, 'TIMEOUT', /no response within 200 ms/);
    assert.ok(Date.now() - t0 < 2000);
    routes.set('/trickle', (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const tick = setInterval(() => (res.destroyed ? clearInterval(tick) : res.write('.')), 50);
      res.on('close', () => clearInterval(tick));
    });
    await refused(`${base}/trickle`, { ...local, timeoutMs: 400 }, 'TIMEOUT', /timed out after 400 ms/);
  });

  test('readSource hands http(s) URLs to the guarded fetcher', async () => {
    routes.set('/page', send('text/html', ARTICLE));
    await assert.rejects(readSource(`${base}/page`), (e: unknown) => e instanceof UnspinError && e.code === 'BLOCKED_ADDRESS');
    assert.equal((await readSource(`${base}/page`, { allowPrivate: true })).kind, 'url');
  });
});

describe('fetch: https with the connection pinned', () => {
  const tls = join(FIXTURES, 'ingest', 'tls');
  const cert = readFileSync(join(tls, 'cert.pem'));
  let secure: https.Server;
  let port = 0;
  before(async () => {
    secure = https.createServer({ key: readFileSync(join(tls, 'key.pem')), cert }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(ARTICLE);
    });
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    port = (secure.address() as AddressInfo).port;
  });
  after(() => {
    secure.closeAllConnections();
    secure.close();
  });

  test('the certificate is checked against the host name, not the pinned address', async () => {
    const resolve = stubResolver({ 'news.test': ['127.0.0.1'], 'other.test': ['127.0.0.1'] });
    const r = await fetchUrl(`https://news.test:${port}/story`, { ...local, resolve, ca: cert });
    assert.equal(r.bytes.toString(), ARTICLE);
    await refused(`https://other.test:${port}/story`, { ...local, resolve, ca: cert }, 'FETCH_FAILED', /certificate|altnames/i);
    await refused(`https://news.test:${port}/story`, { ...local, resolve }, 'FETCH_FAILED', /certificate/i);
  });
});
