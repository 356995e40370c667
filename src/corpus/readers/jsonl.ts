import { createInterface } from 'node:readline';
import { UnspinError } from '../../core/errors.js';
import type { IngestItem } from '../items.js';
import { recordPayload } from './fields.js';
import { errorItem, openStream } from './files.js';

/** One item per non-empty line of a JSON Lines file, streamed (a line that is not a JSON object becomes an error item). */
export async function* jsonlItems(path: string): AsyncGenerator<IngestItem> {
  const lines = createInterface({ input: openStream(path), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    const key = `file:${path}#L${n}`;
    const label = `${path}:${n}`;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch (e) {
      yield errorItem(key, label, new UnspinError('UNREADABLE', `${label}: not valid JSON (${(e as Error).message})`));
      continue;
    }
    if (!rec || typeof rec !== 'object' || Array.isArray(rec)) {
      yield errorItem(key, label, new UnspinError('UNREADABLE', `${label}: not a JSON object`));
      continue;
    }
    const r = rec as Record<string, unknown>;
    yield { key, label, load: async () => recordPayload(r, label) };
  }
}
