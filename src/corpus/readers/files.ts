import { createReadStream, promises as fs } from 'node:fs';
import { extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { gunzipSync, createGunzip } from 'node:zlib';
import { UnspinError } from '../../core/errors.js';
import { formatBytes } from '../../ingest/format.js';
import type { IngestItem } from '../items.js';

export type FileFormat = 'article' | 'jsonl' | 'csv' | 'tsv' | 'warc' | 'feed';

const FORMATS: Record<string, FileFormat> = {
  '.html': 'article', '.htm': 'article', '.xhtml': 'article', '.txt': 'article', '.text': 'article',
  '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.csv': 'csv', '.tsv': 'tsv', '.warc': 'warc',
  '.xml': 'feed', '.rss': 'feed', '.atom': 'feed',
};

/** The format a file name says (a trailing .gz is looked through), or undefined for files a folder walk skips. */
export function formatOf(path: string): FileFormat | undefined {
  const base = path.toLowerCase().replace(/\.gz$/, '');
  return FORMATS[extname(base)];
}

export const isGzip = (path: string): boolean => path.toLowerCase().endsWith('.gz');

/** Every file under `dir` with a known format, depth first in name order; hidden files and folders (.git, .unspin) skipped. */
export async function* walk(dir: string): AsyncGenerator<string> {
  const entries = (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile() && formatOf(p)) yield p;
  }
}

/** A byte stream of a file, decompressed when it ends in .gz. */
export function openStream(path: string): Readable {
  const s = createReadStream(path);
  return isGzip(path) ? s.pipe(createGunzip()) : s;
}

/** One article file (HTML or text, maybe gzipped) as one item. */
export function articleItem(path: string, maxBytes: number): IngestItem {
  return {
    key: `file:${path}`,
    label: path,
    load: async () => {
      const stat = await fs.stat(path);
      if (!isGzip(path) && stat.size > maxBytes) throw new UnspinError('TOO_LARGE', `${path}: file is ${formatBytes(stat.size)}, over the ${formatBytes(maxBytes)} limit`);
      let bytes = await fs.readFile(path);
      if (isGzip(path)) {
        try {
          bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
        } catch (e) {
          throw new UnspinError((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? 'TOO_LARGE' : 'UNREADABLE', `${path}: cannot decompress (${(e as Error).message})`);
        }
      }
      return { raw: { bytes, kind: 'file', name: path.replace(/\.gz$/i, '') } };
    },
  };
}

/** An item that records a failure (a line that is not JSON, a file that cannot be parsed). */
export function errorItem(key: string, label: string, error: Error): IngestItem {
  return { key, label, load: () => Promise.reject(error) };
}
