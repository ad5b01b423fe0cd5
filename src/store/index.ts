import { resolve } from 'node:path';
import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './types.js';

/** The embedded default database file. */
export const DEFAULT_SQLITE_PATH = './data/okta-subgraph.db';

/**
 * Opens the store `DATABASE_URL` names: `postgres://…` / `postgresql://…` for PostgreSQL,
 * `sqlite:PATH` (or `sqlite::memory:`) for SQLite, and the embedded file when unset.
 */
export async function openStore(databaseUrl: string | undefined): Promise<Store> {
  if (!databaseUrl) return SqliteStore.open(resolve(DEFAULT_SQLITE_PATH));
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) return PostgresStore.open(databaseUrl);
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length);
    return SqliteStore.open(path === ':memory:' ? path : resolve(path));
  }
  throw new Error('DATABASE_URL must start with postgres://, postgresql:// or sqlite:');
}

export type { Store } from './types.js';
