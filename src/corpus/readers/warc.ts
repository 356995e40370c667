import type { Readable } from 'node:stream';
import { gunzipSync, inflateSync, brotliDecompressSync } from 'node:zlib';
import { UnspinError } from '../../core/errors.js';
import type { IngestItem } from '../items.js';
import { errorItem, openStream } from './files.js';

/**
 * A small streaming WARC 1.0/1.1 reader (ISO 28500). We read our own rather than use the `warcio` package, whose
 * dependencies (yargs, tempy, hash-wasm, pako...) outweigh the ~150 lines needed here. Records are read one at a time
 * from a (gunzipped) stream, so memory stays at one record; records over the size limit are skipped unread.
 * `response` records holding an HTTP 2xx HTML or text page become items, and so do `resource` records of those types;
 * everything else (requests, metadata, images) is passed over.
 */
export async function* warcItems(path: string, maxBytes: number): AsyncGenerator<IngestItem> {
  const reader = new ByteReader(openStream(path));
  let index = 0;
  try {
    for (;;) {
      const headBytes = await reader.readUntil(CRLFCRLF, 64 * 1024);
      if (headBytes === null) return;
      const head = headBytes.toString('latin1').replace(/^\s+/, '');
      if (!head) continue; // the blank lines that end the previous record
      if (!/^WARC\/1\.\d/.test(head)) throw new Error(`record ${index + 1} does not start with a WARC version line`);
      const headers = parseHeaders(head.split(/\r?\n/).slice(1));
      const length = Number(headers.get('content-length'));
      if (!Number.isFinite(length) || length < 0) throw new Error(`record ${index + 1} has no Content-Length`);
      index++;
      const type = headers.get('warc-type') ?? '';
      const ctype = (headers.get('content-type') ?? '').toLowerCase();
      const wanted = (type === 'response' && ctype.startsWith('application/http')) || (type === 'resource' && isPage(ctype));
      const id = headers.get('warc-record-id') ?? `#${index}`;
      const url = headers.get('warc-target-uri')?.replace(/^<|>$/g, '');
      if (!wanted) {
        await reader.skip(length);
        continue;
      }
      const key = `file:${path}#${id}`;
      const label = `${path} ${url ?? id}`;
      if (length > maxBytes + 64 * 1024) {
        await reader.skip(length);
        yield errorItem(key, label, new UnspinError('TOO_LARGE', `${label}: record is over the size limit`));
        continue;
      }
      const block = await reader.read(length);
      if (!block) throw new Error(`record ${index} is cut short`);
      const page = type === 'response' ? httpBody(block) : { body: block, contentType: ctype };
      if (!page || !isPage(page.contentType)) continue; // not a successful page: nothing to analyse
      const date = headers.get('warc-date');
      yield {
        key,
        label,
        load: async () => ({
          raw: { bytes: page.body, kind: 'url', name: url ?? path, ...(url ? { url } : {}), ...(page.contentType ? { contentType: page.contentType } : {}) },
          // The capture date is only a fallback: a page's own publication date wins.
          ...(date ? { hints: { published: date } } : {}),
        }),
      };
    }
  } catch (e) {
    yield errorItem(`file:${path}#record-${index + 1}`, path, new UnspinError('UNREADABLE', `${path}: WARC unreadable at record ${index + 1} (${(e as Error).message})`));
  } finally {
    reader.close();
  }
}

const CRLFCRLF = Buffer.from('\r\n\r\n');

function isPage(ctype: string): boolean {
  return /^(text\/html|application\/xhtml\+xml|text\/plain)/i.test(ctype.trim());
}

function parseHeaders(lines: string[]): Map<string, string> {
  const h = new Map<string, string>();
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i > 0) h.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return h;
}

/** The body of a captured HTTP response, de-chunked and decompressed; undefined unless the status is 2xx. */
function httpBody(block: Buffer): { body: Buffer; contentType: string } | undefined {
  let end = block.indexOf(CRLFCRLF);
  let sep = 4;
  if (end < 0) {
    end = block.indexOf('\n\n');
    sep = 2;
  }
  if (end < 0) return undefined;
  const lines = block.subarray(0, end).toString('latin1').split(/\r?\n/);
  const status = /^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(lines[0] ?? '')?.[1];
  if (!status || !status.startsWith('2')) return undefined;
  const headers = parseHeaders(lines.slice(1));
  let body = block.subarray(end + sep);
  if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) body = dechunk(body);
  const enc = (headers.get('content-encoding') ?? '').toLowerCase();
  try {
    if (enc === 'gzip' || enc === 'x-gzip') body = gunzipSync(body);
    else if (enc === 'deflate') body = inflateSync(body);
    else if (enc === 'br') body = brotliDecompressSync(body);
  } catch {
    // Many crawlers store the decoded body but keep the header: use the bytes as they are.
  }
  return { body, contentType: headers.get('content-type') ?? 'text/html' };
}

function dechunk(buf: Buffer): Buffer {
  const parts: Buffer[] = [];
  let i = 0;
  while (i < buf.length) {
    const eol = buf.indexOf('\r\n', i);
    if (eol < 0) break;
    const size = parseInt(buf.subarray(i, eol).toString('latin1').split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size)) return buf; // not really chunked
    if (size === 0) break;
    parts.push(buf.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** Pull-style reads over a stream: up to a delimiter, exactly n bytes, or skip n bytes; buffers only what is asked for. */
class ByteReader {
  private buf: Buffer = Buffer.alloc(0);
  private done = false;
  private readonly it: AsyncIterator<Buffer>;

  constructor(private readonly stream: Readable) {
    this.it = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  private async more(): Promise<boolean> {
    if (this.done) return false;
    const r = await this.it.next();
    if (r.done) {
      this.done = true;
      return false;
    }
    this.buf = this.buf.length ? Buffer.concat([this.buf, r.value]) : r.value;
    return true;
  }

  /** Bytes before `delim` (consuming it), or what is left at the end of the stream (null when nothing is). */
  async readUntil(delim: Buffer, limit: number): Promise<Buffer | null> {
    for (;;) {
      const i = this.buf.indexOf(delim);
      if (i >= 0) {
        const out = this.buf.subarray(0, i);
        this.buf = this.buf.subarray(i + delim.length);
        return out;
      }
      if (this.buf.length > limit) throw new Error('record header too long');
      if (!(await this.more())) {
        const out = this.buf;
        this.buf = Buffer.alloc(0);
        return out.length ? out : null;
      }
    }
  }

  async read(n: number): Promise<Buffer | null> {
    while (this.buf.length < n) if (!(await this.more())) return null;
    const out = Buffer.from(this.buf.subarray(0, n));
    this.buf = this.buf.subarray(n);
    return out;
  }

  async skip(n: number): Promise<void> {
    let left = n;
    for (;;) {
      const take = Math.min(left, this.buf.length);
      this.buf = this.buf.subarray(take);
      left -= take;
      if (left === 0 || !(await this.more())) return;
    }
  }

  close(): void {
    this.stream.destroy();
  }
}
