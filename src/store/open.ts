import { resolve } from 'node:path';
import { UnspinError } from '../core/errors.js';
import type { Store } from './store.js';
import { openSqliteStore } from './sqlite/index.js';

/** Where the corpus lives when neither --db nor UNSPIN_DB says: `.unspin/unspin.db` under the current folder. */
export function defaultStorePath(cwd = process.cwd()): string {
  return resolve(cwd, '.unspin', 'unspin.db');
}

export function resolveStoreLocation(db?: string, env: NodeJS.ProcessEnv = process.env): string {
  return db ?? env.UNSPIN_DB ?? defaultStorePath();
}

/**
 * Opens the store named by `location` (a file path, `:memory:`). Database URLs (postgres://...) are the place for a
 * second implementation to plug in; until one exists they are refused with a clear message.
 */
export async function openStore(location?: string): Promise<Store> {
  const where = resolveStoreLocation(location);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(where)) throw new UnspinError('BAD_ARGUMENT', `${where}: only SQLite files are supported so far (give a file path)`);
  return openSqliteStore(where === ':memory:' ? where : resolve(where));
}
