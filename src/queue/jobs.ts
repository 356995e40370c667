import { createHash } from 'node:crypto';
import type { ItemPayload, StatedMeta } from '../corpus/items.js';

/** The ingest queue and its dead-letter queue (pg-boss queue names). */
export const QUEUE = 'unspin-ingest';
export const DEAD_LETTER = 'unspin-dead';

/**
 * One job: an input item already read (and fetched) by the enqueuer, so workers need neither the input files nor
 * network access, only the database. The bytes travel base64-encoded in the job's jsonb.
 */
export interface IngestJob {
  key: string;
  label: string;
  bytes: string;
  kind: ItemPayload['raw']['kind'];
  name: string;
  contentType?: string;
  url?: string;
  meta?: StatedMeta;
  hints?: StatedMeta;
}

export function toJob(key: string, label: string, p: ItemPayload): IngestJob {
  const j: IngestJob = { key, label, bytes: p.raw.bytes.toString('base64'), kind: p.raw.kind, name: p.raw.name };
  if (p.raw.contentType) j.contentType = p.raw.contentType;
  if (p.raw.url) j.url = p.raw.url;
  if (p.meta) j.meta = p.meta;
  if (p.hints) j.hints = p.hints;
  return j;
}

export function fromJob(j: IngestJob): ItemPayload {
  const raw: ItemPayload['raw'] = { bytes: Buffer.from(j.bytes, 'base64'), kind: j.kind, name: j.name };
  if (j.contentType) raw.contentType = j.contentType;
  if (j.url) raw.url = j.url;
  return { raw, ...(j.meta ? { meta: j.meta } : {}), ...(j.hints ? { hints: j.hints } : {}) };
}

/**
 * The job id of an item key: a UUID made from the key's hash, so enqueueing the same item twice (two enqueuers, a
 * rerun) inserts one job; the queue's primary key drops the second.
 */
export function jobId(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
