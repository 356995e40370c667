/**
 * The store backends a test suite runs against: SQLite always, PostgreSQL when UNSPIN_TEST_PG names a server
 * (scripts/pg-test-server.sh starts a throwaway one; .ci/run does it). Each test gets a fresh database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import pg from 'pg';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** false, or why this backend is skipped (for `{ skip }`). */
  skip: string | false;
  /** A fresh, empty store location (file path or URL) named after `name`. */
  location(name: string): Promise<string>;
  open(name: string): Promise<Store>;
}

export const PG_URL = process.env.UNSPIN_TEST_PG;
export const PG_SKIP: string | false = PG_URL
  ? false
  : 'PostgreSQL runs skipped: UNSPIN_TEST_PG is not set (start a server with scripts/pg-test-server.sh start, or run .ci/run)';

let tmp: string | undefined;
const created: string[] = [];
let cleanupRegistered = false;

function registerCleanup(): void {
  if (cleanupRegistered) return;
  cleanupRegistered = true;
  after(async () => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    if (PG_URL && created.length) {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      for (const db of created) await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {});
      await c.end();
    }
  });
}

/** A new, empty PostgreSQL database on the test server; its URL. Dropped when the test file ends. */
export async function freshPgDatabase(name: string): Promise<string> {
  if (!PG_URL) throw new Error('UNSPIN_TEST_PG is not set');
  registerCleanup();
  const db = `unspin_${name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}`;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${db}`);
  } finally {
    await c.end();
  }
  created.push(db);
  const u = new URL(PG_URL);
  u.pathname = `/${db}`;
  return u.toString();
}

export const sqliteBackend: Backend = {
  name: 'sqlite',
  skip: false,
  async location(name) {
    registerCleanup();
    tmp ??= mkdtempSync(join(tmpdir(), 'unspin-stores-'));
    return join(tmp, `${name}.db`);
  },
  async open(name) {
    return openStore(await this.location(name));
  },
};

export const postgresBackend: Backend = {
  name: 'postgres',
  skip: PG_SKIP,
  location: freshPgDatabase,
  async open(name) {
    return openStore(await freshPgDatabase(name));
  },
};

export const BACKENDS: readonly Backend[] = [sqliteBackend, postgresBackend];

/** One value from a PostgreSQL database (tests' direct checks). */
export async function pgQueryOne(url: string, sql: string, params: unknown[] = []): Promise<unknown> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query({ text: sql, values: params, rowMode: 'array' });
    const v = r.rows[0]?.[0];
    return typeof v === 'string' && /^\d+$/.test(v) && r.fields[0]?.dataTypeID === 20 ? Number(v) : v;
  } finally {
    await c.end();
  }
}
