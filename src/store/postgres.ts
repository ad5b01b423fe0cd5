import pg from 'pg';
import { MIGRATIONS } from './migrations.js';
import { LeaseLock } from './lease.js';
import {
  conditionalUpdateParams,
  connectionParams,
  integrationParams,
  numbered,
  pendingStateParams,
  SQL,
  toConnection,
  toIntegration,
  toPendingState,
} from './sql.js';
import type { ConnectionRecord, IntegrationRecord, LockedOutcome, PendingStateRecord, Store } from './types.js';

/** Arbitrary constant for the advisory lock that serialises migrations across replicas. */
const MIGRATION_LOCK = 7_311_942_001;

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/**
 * The shared store for several replicas: PostgreSQL through `pg`. The connection lock is a lease on
 * the connection's row (see lease.ts), taken with one conditional UPDATE: exactly one replica
 * refreshes a connection at a time, and no pooled client or transaction is held while it talks to
 * Okta, so slow refreshes cannot exhaust the pool for everyone else.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  private readonly lock: LeaseLock;

  private constructor(private readonly pool: pg.Pool) {
    const changed = async (sql: string, params: unknown[]) => ((await this.pool.query(numbered(sql), params)).rowCount ?? 0) === 1;
    this.lock = new LeaseLock({
      tryLease: (tenantId, userId, until, now) => changed(SQL.tryLease, [until, tenantId, userId, now]),
      release: async (tenantId, userId) => {
        await this.pool.query(numbered(SQL.releaseLease), [tenantId, userId]);
      },
      get: (tenantId, userId) => this.getConnection(tenantId, userId),
      write: (record, expected) =>
        expected === undefined ? changed(SQL.insertConnectionIfAbsent, connectionParams(record)) : changed(SQL.updateConnectionIf, conditionalUpdateParams(record, expected)),
      remove: (tenantId, userId, expected) => changed(SQL.deleteConnectionIf, [tenantId, userId, expected]),
    });
  }

  /** Connects, then applies pending migrations (one replica at a time). */
  static async open(connectionString: string, options: { max?: number } = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString, max: options.max ?? 10, connectionTimeoutMillis: 5000 });
    // An idle client's network error must not crash the process; the next query reports it.
    pool.on('error', () => {});
    const store = new PostgresStore(pool);
    try {
      await store.migrate();
    } catch (err) {
      await pool.end();
      throw err;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)');
      const { rows } = await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
      for (const m of MIGRATIONS.filter((m) => m.version > (rows[0]?.v ?? 0))) {
        await client.query(m.postgres);
        await client.query('INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, $3)', [m.version, m.description, Date.now()]);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  private async row(db: Queryable, sql: string, params: unknown[]): Promise<Record<string, unknown> | undefined> {
    const res = await db.query(numbered(sql), params);
    return res.rows[0] as Record<string, unknown> | undefined;
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async getIntegration(tenantId: string): Promise<IntegrationRecord | undefined> {
    const row = await this.row(this.pool, SQL.getIntegration, [tenantId]);
    return row ? toIntegration(row) : undefined;
  }

  async saveIntegration(record: IntegrationRecord): Promise<void> {
    await this.pool.query(numbered(SQL.saveIntegration), integrationParams(record));
  }

  async getConnection(tenantId: string, userId: string): Promise<ConnectionRecord | undefined> {
    const row = await this.row(this.pool, SQL.getConnection, [tenantId, userId]);
    return row ? toConnection(row) : undefined;
  }

  async saveConnection(record: ConnectionRecord): Promise<void> {
    await this.pool.query(numbered(SQL.saveConnection), connectionParams(record));
  }

  async deleteConnection(tenantId: string, userId: string): Promise<ConnectionRecord | undefined> {
    const row = await this.row(this.pool, `${SQL.deleteConnection} RETURNING *`, [tenantId, userId]);
    return row ? toConnection(row) : undefined;
  }

  async withConnectionLock<T>(tenantId: string, userId: string, fn: (current: ConnectionRecord | undefined) => Promise<LockedOutcome<T>>): Promise<T> {
    return this.lock.run(tenantId, userId, fn);
  }

  async savePendingState(record: PendingStateRecord): Promise<void> {
    await this.pool.query(numbered(SQL.savePendingState), pendingStateParams(record));
  }

  async takePendingState(stateHash: string): Promise<PendingStateRecord | undefined> {
    const row = await this.row(this.pool, SQL.takePendingState, [stateHash]);
    return row ? toPendingState(row) : undefined;
  }

  async deleteExpiredStates(now: number): Promise<number> {
    const res = await this.pool.query(numbered(SQL.deleteExpiredStates), [now]);
    return res.rowCount ?? 0;
  }
}
