import { parse } from 'csv-parse';
import { UnspinError } from '../../core/errors.js';
import type { IngestItem } from '../items.js';
import { recordPayload } from './fields.js';
import { errorItem, openStream } from './files.js';

/**
 * One item per CSV/TSV row, streamed with csv-parse (RFC 4180: quoted fields may span lines, as article bodies do).
 * The header row names the fields (see fields.ts). A file the parser gives up on ends with one error item.
 */
export async function* csvItems(path: string, delimiter: ',' | '\t', maxBytes: number): AsyncGenerator<IngestItem> {
  const parser = openStream(path).pipe(
    parse({ columns: (h: string[]) => h.map((c) => c.trim()), bom: true, relax_column_count: true, skip_empty_lines: true, delimiter, max_record_size: maxBytes }),
  );
  let n = 0;
  try {
    for await (const rec of parser as AsyncIterable<Record<string, unknown>>) {
      n++;
      const key = `file:${path}#R${n}`;
      const label = `${path} row ${n}`;
      yield { key, label, load: async () => recordPayload(rec, label) };
    }
  } catch (e) {
    yield errorItem(`file:${path}#parse`, path, new UnspinError('UNREADABLE', `${path}: CSV unreadable after row ${n} (${(e as Error).message})`));
  }
}
