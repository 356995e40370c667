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

/** A PostgreSQL connection URL (postgres:// or postgresql://). */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Opens the store named by `location`: a PostgreSQL URL (postgres://user@host:port/db), or a SQLite file path
 * (`:memory:` for a throwaway one). The PostgreSQL driver is loaded only when a URL asks for it.
 */
export async function openStore(location?: string): Promise<Store> {
  const where = resolveStoreLocation(location);
  if (isPostgresUrl(where)) {
    const { openPostgresStore } = await import('./postgres/index.js');
    return openPostgresStore(where);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(where)) throw new UnspinError('BAD_ARGUMENT', `${where}: unsupported database URL (give a SQLite file path or a postgres:// URL)`);
  return openSqliteStore(where === ':memory:' ? where : resolve(where));
}
