import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { UnspinError } from '../core/errors.js';
import type { FetchOptions } from '../ingest/fetch.js';
import { readSource } from '../ingest/source.js';
import type { IngestItem } from './items.js';
import { canonicalUrl } from './keys.js';
import { csvItems } from './readers/csv.js';
import { feedItems, feedKind } from './readers/feeds.js';
import { articleItem, errorItem, formatOf, isGzip, walk } from './readers/files.js';
import { jsonlItems } from './readers/jsonl.js';
import { warcItems } from './readers/warc.js';

export interface SourceOptions extends FetchOptions {
  maxBytes: number;
  noFetch?: boolean;
}

const isUrl = (s: string): boolean => /^https?:\/\//i.test(s);

/**
 * Turns command-line inputs (folders, files, http(s) URLs of pages, feeds or sitemaps) into one lazy stream of
 * items. Nothing is read ahead: the caller pulls, so a huge JSON Lines file or WARC costs one record of memory.
 */
export async function* expandInputs(specs: string[], opts: SourceOptions): AsyncGenerator<IngestItem> {
  for (const spec of specs) {
    if (isUrl(spec)) {
      yield* urlItems(spec, opts);
      continue;
    }
    const path = resolve(spec);
    let stat;
    try {
      stat = await fs.stat(path);
    } catch {
      yield errorItem(`file:${path}`, spec, new UnspinError('NOT_FOUND', `${spec}: no such file or folder`));
      continue;
    }
    if (stat.isDirectory()) {
      for await (const file of walk(path)) yield* fileItems(file, opts);
    } else yield* fileItems(path, opts, true);
  }
}

/** Items of one file by its format; a file named explicitly with an unknown extension is read as one article. */
export async function* fileItems(path: string, opts: SourceOptions, explicit = false): AsyncGenerator<IngestItem> {
  const format = formatOf(path) ?? (explicit ? 'article' : undefined);
  switch (format) {
    case 'article':
      yield articleItem(path, opts.maxBytes);
      return;
    case 'jsonl':
      yield* jsonlItems(path);
      return;
    case 'csv':
    case 'tsv':
      yield* csvItems(path, format === 'csv' ? ',' : '\t', opts.maxBytes);
      return;
    case 'warc':
      yield* warcItems(path, opts.maxBytes);
      return;
    case 'feed': {
      let text: string;
      try {
        let bytes = await fs.readFile(path);
        if (isGzip(path)) bytes = gunzipSync(bytes, { maxOutputLength: opts.maxBytes });
        text = bytes.toString('utf8');
      } catch (e) {
        yield errorItem(`file:${path}`, path, new UnspinError('UNREADABLE', `${path}: cannot read (${(e as Error).message})`));
        return;
      }
      // An .xml file that is not a feed or sitemap is probably an XHTML article.
      if (!feedKind(text)) {
        yield articleItem(path, opts.maxBytes);
        return;
      }
      yield* guarded(feedItems(text, path, opts), `file:${path}`, path);
      return;
    }
    default:
      return;
  }
}

/** A URL on the command line: fetched once (guarded); a feed or sitemap expands into its entries, a page is one item. */
async function* urlItems(url: string, opts: SourceOptions): AsyncGenerator<IngestItem> {
  const key = `url:${canonicalUrl(url) ?? url}`;
  let raw;
  try {
    raw = await readSource(url, opts);
  } catch (e) {
    yield errorItem(key, url, e as Error);
    return;
  }
  const text = raw.bytes.subarray(0, 8192).toString('utf8');
  if (feedKind(text)) {
    yield* guarded(feedItems(raw.bytes.toString('utf8'), url, opts), key, url);
    return;
  }
  const page = raw;
  yield { key, label: url, load: async () => ({ raw: page }) };
}

/** A feed that fails midway (bad XML, a sitemap that cannot be fetched) ends with one error item instead of stopping the run. */
async function* guarded(items: AsyncGenerator<IngestItem>, key: string, label: string): AsyncGenerator<IngestItem> {
  try {
    yield* items;
  } catch (e) {
    yield errorItem(`${key}#feed`, label, e as Error);
  }
}
