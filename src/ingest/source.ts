import { createReadStream, promises as fs } from 'node:fs';
import { UnspinError } from '../core/errors.js';
import { formatBytes, oneLine } from './format.js';
import { fetchUrl, type FetchOptions } from './fetch.js';
import { DEFAULT_MAX_BYTES, type RawInput } from './types.js';

export interface ReadOptions extends FetchOptions {
  maxBytes?: number;
  stdin?: NodeJS.ReadableStream;
}

/** Reads `spec` (a path, an http(s) URL, or "-" for standard input) into bytes, within the size limit. */
export async function readSource(spec: string, opts: ReadOptions = {}): Promise<RawInput> {
  const label = oneLine(spec);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (spec === '-') {
    const stdin = opts.stdin ?? process.stdin;
    // Waiting on a terminal would look like a hang: say what "-" is for instead.
    if ((stdin as { isTTY?: boolean }).isTTY) throw new UnspinError('BAD_ARGUMENT', 'standard input is a terminal: pipe an article in (unspin analyze - < page.html)');
    return { bytes: await readStream(stdin, maxBytes, 'standard input'), kind: 'stdin', name: '-' };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) {
    if (!/^https?:\/\//i.test(spec)) throw new UnspinError('BAD_URL', `${label}: only http and https URLs can be fetched`);
    return fetchUrl(spec, { ...opts, maxBytes });
  }
  return readFile(spec, label, maxBytes);
}

async function readFile(path: string, label: string, maxBytes: number): Promise<RawInput> {
  let stat;
  try {
    stat = await fs.stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const hint = /^(www\.|[\w-]+\.(com|org|net|ru|uk|de|fr|info|news)\/)/i.test(path) ? ' (for a web page, give the full https:// URL)' : '';
      throw new UnspinError('NOT_FOUND', `${label}: no such file${hint}`);
    }
    throw readError(label, e);
  }
  if (stat.isDirectory()) throw new UnspinError('UNREADABLE', `${label}: is a folder, not a file (give one article file)`);
  // FIFOs, /dev/stdin and process substitution have no size up front (and /dev/zero never ends): stream them.
  if (!stat.isFile()) return { bytes: await readStream(createReadStream(path), maxBytes, label), kind: 'file', name: path };
  if (stat.size > maxBytes) throw new UnspinError('TOO_LARGE', `${label}: file is ${formatBytes(stat.size)}, over the ${formatBytes(maxBytes)} limit (raise it with --max-bytes)`);
  try {
    return { bytes: await fs.readFile(path), kind: 'file', name: path };
  } catch (e) {
    throw readError(label, e);
  }
}

function readError(path: string, e: unknown): UnspinError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return new UnspinError('UNREADABLE', `${path}: permission denied`);
  if (code === 'EISDIR') return new UnspinError('UNREADABLE', `${path}: is a folder, not a file`);
  return new UnspinError('UNREADABLE', `${path}: cannot read (${code ?? 'unknown error'})`);
}

async function readStream(stream: NodeJS.ReadableStream, maxBytes: number, name: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += buf.length;
      if (size > maxBytes) throw new UnspinError('TOO_LARGE', `${name}: input is over the ${formatBytes(maxBytes)} limit (raise it with --max-bytes)`);
      parts.push(buf);
    }
  } catch (e) {
    throw e instanceof UnspinError ? e : readError(name, e);
  }
  return Buffer.concat(parts);
}
