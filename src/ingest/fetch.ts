import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { pipeline, Readable, type Transform } from 'node:stream';
import zlib from 'node:zlib';
import { UnspinError } from '../core/errors.js';
import { formatBytes, oneLine } from './format.js';
import { blockedReason } from './address.js';
import { DEFAULT_MAX_BYTES, type RawInput } from './types.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (tests pass a stub; the default asks the system resolver). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface FetchOptions {
  /** Allow private, loopback, link-local and metadata addresses (off by default: unspin is pointed at hostile pages). */
  allowPrivate?: boolean;
  /** Exact addresses let through the guard, e.g. ['127.0.0.1'] for one local test server; everything else stays guarded. */
  allowAddresses?: string[];
  /** Whole fetch, redirects included (default 15 s). */
  timeoutMs?: number;
  /** From sending a request until its response headers arrive, per hop (default: the smaller of 10 s and timeoutMs). */
  headersTimeoutMs?: number;
  /** Largest body accepted, measured after decompression (default 20 MB). */
  maxBytes?: number;
  maxRedirects?: number;
  resolve?: Resolver;
  userAgent?: string;
  /** Certificate authorities to trust for https, replacing Node's default roots (tests; a private CA). */
  ca?: string | Buffer;
}

const ACCEPTED_TYPES = ['text/html', 'application/xhtml+xml', 'application/xml', 'text/xml', 'text/plain'];
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const DEFAULT_UA = 'unspin/0.1 (news article analysis)';

/**
 * Fetches an http(s) URL for analysis, refusing any hop that would reach a non-public address. Each host name is
 * resolved once, every answer is checked, and the connection is pinned to the checked answers, so a DNS server that
 * answers differently the second time (rebinding) cannot redirect the connection. Redirects are followed by hand so
 * each hop is checked the same way. The body is decompressed while streaming and the size limit applies to the
 * decompressed bytes, so a small compressed bomb cannot exhaust memory.
 */
export async function fetchUrl(url: string, opts: FetchOptions = {}): Promise<RawInput> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  try {
    let current = parseUrl(url, url);
    const maxRedirects = opts.maxRedirects ?? 5;
    for (let hop = 0; ; hop++) {
      const res = await request(current, opts, deadline.signal, timeoutMs);
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        res.destroy(); // the body of a redirect or an error page is not wanted; its socket is not reused (agent: false)
        const location = res.headers.location;
        if (!location) throw new UnspinError('FETCH_FAILED', `${show(current)}: HTTP ${status} redirect without a Location header`);
        if (hop >= maxRedirects) throw new UnspinError('TOO_MANY_REDIRECTS', `${show(url)}: more than ${maxRedirects} redirects`);
        current = parseUrl(location, show(current), current);
        continue;
      }
      if (status < 200 || status >= 300) {
        res.destroy();
        throw new UnspinError('FETCH_FAILED', `${show(current)}: HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`);
      }
      const contentType = res.headers['content-type'];
      checkContentType(contentType, current, res);
      const bytes = await readBody(res, current, opts.maxBytes ?? DEFAULT_MAX_BYTES, deadline.signal, timeoutMs);
      const raw: RawInput = { bytes, kind: 'url', name: show(current), url: show(current) };
      if (contentType) raw.contentType = contentType;
      return raw;
    }
  } catch (e) {
    // Whatever Node throws (a malformed header, an odd socket error) reaches the user as one line, not a stack.
    throw networkError(e, parseUrlQuietly(url), deadline.signal, timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}

function parseUrlQuietly(url: string): URL | string {
  try {
    return new URL(url);
  } catch {
    return url;
  }
}

/** Parses and vets one hop's URL: http or https only, no credentials. */
function parseUrl(spec: string, label: string, base?: URL): URL {
  let u: URL;
  try {
    u = new URL(spec, base);
  } catch {
    throw new UnspinError('BAD_URL', `${oneLine(spec)}: not a valid URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    const where = base ? `${oneLine(label)}: redirects to ${u.protocol}` : `${oneLine(spec)}: ${u.protocol}`;
    throw new UnspinError('BAD_URL', `${where} URLs cannot be fetched (only http and https)`);
  }
  if (u.username || u.password) throw new UnspinError('BAD_URL', `${show(u)}: URLs with a user name or password are not fetched`);
  u.hash = '';
  return u;
}

/** Resolves and checks the host of one hop; returns the addresses the connection may use. */
async function vetHost(u: URL, opts: FetchOptions): Promise<ResolvedAddress[]> {
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  const addresses: ResolvedAddress[] = literal
    ? [{ address: host, family: literal as 4 | 6 }]
    : await resolveHost(host, u, opts.resolve ?? systemResolve);
  if (addresses.length === 0) throw new UnspinError('FETCH_FAILED', `${show(u)}: ${host} has no address`);
  if (!opts.allowPrivate) {
    for (const a of addresses) {
      if (opts.allowAddresses?.includes(a.address)) continue;
      const why = blockedReason(a.address);
      if (why) {
        const via = literal ? '' : `${host} resolves to ${a.address}, `;
        throw new UnspinError('BLOCKED_ADDRESS', `${show(u)}: refused, ${via}${why}; pass --allow-private to fetch from private networks`);
      }
    }
  }
  return addresses;
}

async function resolveHost(host: string, u: URL, resolve: Resolver): Promise<ResolvedAddress[]> {
  try {
    return await resolve(host);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOTFOUND' || code === 'ENODATA' ? 'no such host' : `cannot resolve the host (${code ?? (e as Error).message})`;
    throw new UnspinError('FETCH_FAILED', `${show(u)}: ${why}`);
  }
}

const systemResolve: Resolver = async (hostname) => {
  const all = await dnsLookup(hostname, { all: true, verbatim: true });
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** Sends one GET and waits for its response headers, connecting only to the vetted addresses. */
async function request(u: URL, opts: FetchOptions, signal: AbortSignal, timeoutMs: number): Promise<IncomingMessage> {
  if (signal.aborted) throw timeoutError(u, timeoutMs);
  const addresses = await untilAborted(vetHost(u, opts), signal, () => timeoutError(u, timeoutMs));
  // The socket is pinned to what vetHost checked: Node asks this function instead of DNS (with all: true when it
  // races IPv4 and IPv6), so no second, unchecked resolution ever happens.
  const pinned: LookupFunction = (_hostname, options, callback) => {
    const usable = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
    if (usable.length === 0) return callback(Object.assign(new Error('no vetted address of the wanted family'), { code: 'ENOTFOUND' }), '', 0);
    if (options.all) return callback(null, usable);
    callback(null, usable[0]!.address, usable[0]!.family);
  };
  const headersTimeout = opts.headersTimeoutMs ?? Math.min(10_000, timeoutMs);
  const client = u.protocol === 'https:' ? https : http;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = client.request(
      {
        protocol: u.protocol,
        hostname: u.hostname.replace(/^\[|\]$/g, ''),
        port: u.port || undefined,
        path: `${u.pathname}${u.search}`,
        method: 'GET',
        lookup: pinned,
        agent: false, // no pooled sockets: a socket opened for one vetted hop must not serve another
        ...(opts.ca ? { ca: opts.ca } : {}),
        signal,
        headers: {
          'user-agent': opts.userAgent ?? DEFAULT_UA,
          accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8',
          'accept-encoding': 'gzip, deflate, br',
          'accept-language': 'en;q=0.9, *;q=0.5',
        },
      },
      (res) => {
        clearTimeout(headersTimer);
        resolve(res);
      },
    );
    const headersTimer = setTimeout(() => {
      req.destroy(new UnspinError('TIMEOUT', `${show(u)}: no response within ${seconds(headersTimeout)}`));
    }, headersTimeout);
    // Belt and braces: the peer Node actually connected to is put through the same guard, and the request dropped if
    // it fails (pinning makes this unreachable; it stays in case a future Node stops honouring the lookup option).
    req.on('socket', (socket) => {
      socket.once('connect', () => {
        const remote = socket.remoteAddress;
        const why = remote && !opts.allowPrivate && !opts.allowAddresses?.includes(remote) ? blockedReason(remote) : undefined;
        if (why) req.destroy(new UnspinError('BLOCKED_ADDRESS', `${show(u)}: refused, connected to ${remote}, ${why}`));
      });
    });
    req.on('error', (e) => {
      clearTimeout(headersTimer);
      reject(networkError(e, u, signal, timeoutMs));
    });
    req.end();
  });
}

/** A slow resolver must not outlive the overall deadline. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal, onAbort: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

function checkContentType(contentType: string | undefined, u: URL, res: IncomingMessage): void {
  if (!contentType) return; // decodeInput sniffs the bytes and refuses binary data
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (ACCEPTED_TYPES.includes(type) || /^application\/[\w.-]+\+xml$/.test(type)) return;
  res.destroy();
  throw new UnspinError('UNSUPPORTED_CONTENT', `${show(u)}: served ${type || 'an unnamed type'}, not an HTML page or text`);
}

/** Reads the body through the decoders named in Content-Encoding, stopping as soon as the decoded size passes the limit. */
async function readBody(res: IncomingMessage, u: URL, maxBytes: number, signal: AbortSignal, timeoutMs: number): Promise<Buffer> {
  const tooLarge = (): UnspinError => new UnspinError('TOO_LARGE', `${show(u)}: page is over the ${formatBytes(maxBytes)} limit (raise it with --max-bytes)`);
  const declared = Number(res.headers['content-length']);
  const encodings = (res.headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e && e !== 'identity');
  if (encodings.length === 0 && Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw tooLarge();
  }
  let body: AsyncIterable<Buffer> = res;
  // Content-Encoding lists codings in the order applied, so they are undone last first.
  for (const enc of [...encodings].reverse()) {
    const make = decoderFor(enc);
    if (!make) {
      res.destroy();
      throw new UnspinError('UNSUPPORTED_CONTENT', `${show(u)}: served with unknown Content-Encoding "${enc}"`);
    }
    body = throughDecoder(body, make);
  }
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge();
      parts.push(chunk);
    }
  } catch (e) {
    if (e instanceof UnspinError) throw e;
    if (signal.aborted) throw timeoutError(u, timeoutMs);
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (/^(Z_|ERR_BROTLI|ERR__|ERR_ZLIB)/.test(code)) {
      throw new UnspinError('FETCH_FAILED', `${show(u)}: the compressed body is corrupt (${encodings.join(', ')})`);
    }
    throw networkError(e, u, signal, timeoutMs);
  } finally {
    res.destroy();
  }
  if (signal.aborted) throw timeoutError(u, timeoutMs);
  return Buffer.concat(parts);
}

type MakeDecoder = (head: Buffer) => Transform;

function decoderFor(encoding: string): MakeDecoder | undefined {
  if (encoding === 'gzip' || encoding === 'x-gzip') return () => zlib.createGunzip();
  // "deflate" arrives both zlib-wrapped (as the RFC says) and raw (as some servers send it): the first byte tells.
  if (encoding === 'deflate') return (head) => ((head[0]! & 0x0f) === 8 && head.length > 1 && ((head[0]! << 8) | head[1]!) % 31 === 0 ? zlib.createInflate() : zlib.createInflateRaw());
  if (encoding === 'br') return () => zlib.createBrotliDecompress();
  return undefined;
}

/**
 * Streams `source` through a decoder, pulling input only as the consumer pulls output: when the consumer stops at the
 * size limit, decompression stops too, so the decoded size of a bomb never has to fit in memory.
 */
async function* throughDecoder(source: AsyncIterable<Buffer>, make: MakeDecoder): AsyncGenerator<Buffer> {
  const it = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headLength = 0;
  while (headLength < 2) {
    const r = await it.next();
    if (r.done) break;
    head.push(r.value);
    headLength += r.value.length;
  }
  const first = Buffer.concat(head);
  if (first.length === 0) return;
  async function* rest(): AsyncGenerator<Buffer> {
    yield first;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  const out = pipeline(Readable.from(rest()), make(first), () => {});
  for await (const chunk of out) yield chunk as Buffer;
}

function networkError(e: unknown, u: URL | string, signal: AbortSignal, timeoutMs: number): UnspinError {
  if (e instanceof UnspinError) return e;
  if (signal.aborted) return timeoutError(u, timeoutMs);
  const err = e as NodeJS.ErrnoException;
  const code = err.code ?? '';
  const plain: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset by the server',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    ETIMEDOUT: 'connection timed out',
    ENOTFOUND: 'no such host',
    EPROTO: 'TLS handshake failed',
    HPE_INVALID_CONSTANT: 'the server sent a malformed HTTP response',
  };
  const why = plain[code] ?? (code.startsWith('ERR_TLS') || code.includes('CERT') ? `TLS certificate problem (${code})` : code.startsWith('HPE_') ? `malformed HTTP response (${code})` : oneLine(err.message || code || 'unknown network error'));
  return new UnspinError('FETCH_FAILED', `${show(u)}: ${why}`);
}

function timeoutError(u: URL | string, timeoutMs: number): UnspinError {
  return new UnspinError('TIMEOUT', `${show(u)}: timed out after ${seconds(timeoutMs)}`);
}

function show(u: URL | string): string {
  return oneLine(typeof u === 'string' ? u : u.href);
}


function seconds(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}
