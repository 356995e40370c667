import type { RawInput } from '../ingest/types.js';

/** Document fields an input format can state (JSON Lines / CSV columns, feed entries, WARC headers). */
export interface StatedMeta {
  title?: string;
  url?: string;
  outlet?: string;
  author?: string;
  published?: string;
  language?: string;
}

/** What a worker analyses: the bytes (HTML or text, sniffed as for `analyze`) plus metadata the input stated. */
export interface ItemPayload {
  raw: RawInput;
  /** Fields that override what extraction finds (a CSV's `title` column is better than a guess). */
  meta?: StatedMeta;
  /** Fields used only where extraction found nothing (a feed's date for a fetched page). */
  hints?: StatedMeta;
}

/**
 * One input item: a file, a JSON Lines line, a CSV row, a WARC record, a feed entry. `key` is stable across runs (path
 * plus position, or the article URL) and is what resuming checks; `load` does the I/O (reading, fetching) lazily, so
 * items already done are skipped without being fetched again. A `load` that throws records the item as an error.
 */
export interface IngestItem {
  key: string;
  /** Short human name for summaries and error lists. */
  label: string;
  load(): Promise<ItemPayload>;
}
