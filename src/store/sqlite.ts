import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { MIGRATIONS } from './migrations.js';
import { LeaseLock } from './lease.js';
import {
  conditionalUpdateParams,
  connectionParams,
  integrationParams,
  pendingStateParams,
  SQL,
  toConnection,
  toIntegration,
  toPendingState,
} from './sql.js';
import type { ConnectionRecord, IntegrationRecord, LockedOutcome, PendingStateRecord, Store } from './types.js';

/**
 * The embedded store: one SQLite file (WAL) through Node's built-in `node:sqlite`, no native addon.
 * Meant for one replica; the connection lock (a lease column, see lease.ts) still holds across
 * processes sharing the file.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly statements = new Map<string, StatementSync>();
  private readonly lock: LeaseLock;

  private constructor(private readonly db: DatabaseSync) {
    this.lock = new LeaseLock({
      tryLease: async (tenantId, userId, until, now) => this.run(SQL.tryLease, [until, tenantId, userId, now]) === 1,
      release: async (tenantId, userId) => {
        this.run(SQL.releaseLease, [tenantId, userId]);
      },
      get: (tenantId, userId) => this.getConnection(tenantId, userId),
      write: async (record, expected) =>
        (expected === undefined ? this.run(SQL.insertConnectionIfAbsent, connectionParams(record)) : this.run(SQL.updateConnectionIf, conditionalUpdateParams(record, expected))) === 1,
      remove: async (tenantId, userId, expected) => this.run(SQL.deleteConnectionIf, [tenantId, userId, expected]) === 1,
    });
  }

  /** Opens (creating when needed) the database at `path` and applies pending migrations. */
  static open(path: string): SqliteStore {
    const memory = path === ':memory:';
    if (!memory) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const db = new DatabaseSync(path);
    db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;');
    // The file holds sealed tokens only, but nobody else needs to read it.
    if (!memory) chmodSync(path, 0o600);
    const store = new SqliteStore(db);
    store.migrate();
    return store;
  }

  private migrate(): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)');
      const row = this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
      for (const m of MIGRATIONS.filter((m) => m.version > (row.v ?? 0))) {
        this.db.exec(m.sqlite);
        this.db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(m.version, m.description, Date.now());
      }
      this.db.exec('COMMIT');
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  private stmt(sql: string): StatementSync {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private row(sql: string, params: SQLInputValue[]): Record<string, unknown> | undefined {
    return this.stmt(sql).get(...params) as Record<string, unknown> | undefined;
  }

  private run(sql: string, params: SQLInputValue[]): number {
    return Number(this.stmt(sql).run(...params).changes);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }

  async getIntegration(tenantId: string): Promise<IntegrationRecord | undefined> {
    const row = this.row(SQL.getIntegration, [tenantId]);
    return row ? toIntegration(row) : undefined;
  }

  async saveIntegration(record: IntegrationRecord): Promise<void> {
    this.run(SQL.saveIntegration, integrationParams(record));
  }

  async getConnection(tenantId: string, userId: string): Promise<ConnectionRecord | undefined> {
    const row = this.row(SQL.getConnection, [tenantId, userId]);
    return row ? toConnection(row) : undefined;
  }

  async saveConnection(record: ConnectionRecord): Promise<void> {
    this.run(SQL.saveConnection, connectionParams(record));
  }

  async deleteConnection(tenantId: string, userId: string): Promise<ConnectionRecord | undefined> {
    const existing = await this.getConnection(tenantId, userId);
    if (existing) this.run(SQL.deleteConnection, [tenantId, userId]);
    return existing;
  }

  async withConnectionLock<T>(tenantId: string, userId: string, fn: (current: ConnectionRecord | undefined) => Promise<LockedOutcome<T>>): Promise<T> {
    return this.lock.run(tenantId, userId, fn);
  }

  async savePendingState(record: PendingStateRecord): Promise<void> {
    this.run(SQL.savePendingState, pendingStateParams(record));
  }

  async takePendingState(stateHash: string): Promise<PendingStateRecord | undefined> {
    const row = this.row(SQL.takePendingState, [stateHash]);
    return row ? toPendingState(row) : undefined;
  }

  async deleteExpiredStates(now: number): Promise<number> {
    return this.run(SQL.deleteExpiredStates, [now]);
  }
}
