import { promises as fs } from 'node:fs';
import { UnspinError } from '../core/errors.js';
import { fetchUrl, type FetchOptions } from './fetch.js';
import { DEFAULT_MAX_BYTES, type RawInput } from './types.js';

export interface ReadOptions extends FetchOptions {
  maxBytes?: number;
  stdin?: NodeJS.ReadableStream;
}

/** Reads `spec` (a path, an http(s) URL, or "-" for standard input) into bytes, within the size limit. */
export async function readSource(spec: string, opts: ReadOptions = {}): Promise<RawInput> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (spec === '-') return { bytes: await readStream(opts.stdin ?? process.stdin, maxBytes, 'standard input'), kind: 'stdin', name: '-' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) {
    if (!/^https?:\/\//i.test(spec)) throw new UnspinError('BAD_URL', `${spec}: only http and https URLs can be fetched`);
    return fetchUrl(spec, { ...opts, maxBytes });
  }
  return readFile(spec, maxBytes);
}

async function readFile(path: string, maxBytes: number): Promise<RawInput> {
  let stat;
  try {
    stat = await fs.stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UnspinError('NOT_FOUND', `${path}: no such file`);
    if (code === 'EACCES') throw new UnspinError('UNREADABLE', `${path}: permission denied`);
    throw new UnspinError('UNREADABLE', `${path}: cannot read (${code ?? 'unknown error'})`);
  }
  if (stat.isDirectory()) throw new UnspinError('UNREADABLE', `${path}: is a folder, not a file (use "unspin ingest" for folders)`);
  if (stat.size > maxBytes) throw new UnspinError('TOO_LARGE', `${path}: file is ${(stat.size / 1024 / 1024).toFixed(1)} MB, over the ${(maxBytes / 1024 / 1024).toFixed(1)} MB limit (raise it with --max-bytes)`);
  try {
    return { bytes: await fs.readFile(path), kind: 'file', name: path };
  } catch (e) {
    throw new UnspinError('UNREADABLE', `${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
}

async function readStream(stream: NodeJS.ReadableStream, maxBytes: number, name: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > maxBytes) throw new UnspinError('TOO_LARGE', `${name}: input is over the ${(maxBytes / 1024 / 1024).toFixed(1)} MB limit (raise it with --max-bytes)`);
    parts.push(buf);
  }
  return Buffer.concat(parts);
}
