import { setTimeout as sleep } from 'node:timers/promises';
import { KeyedMutex } from './sql.js';
import { ConnectionChangedError, settle, type ConnectionRecord, type LockedOutcome } from './types.js';

/** How long a lease is honoured when its holder died without releasing it. */
export const LEASE_MS = 60_000;
const POLL_MS = 25;

/** The row operations a lease lock needs; each store implements them in its SQL. */
export interface LeaseOps {
  /** Sets the lease if the row exists and is not leased (or the lease expired); true when taken. */
  tryLease(tenantId: string, userId: string, until: number, now: number): Promise<boolean>;
  release(tenantId: string, userId: string): Promise<void>;
  get(tenantId: string, userId: string): Promise<ConnectionRecord | undefined>;
  /** Inserts when `expectedUpdatedAt` is undefined (and no row exists), else updates the row still at that version. */
  write(record: ConnectionRecord, expectedUpdatedAt: number | undefined): Promise<boolean>;
  /** Deletes the row still at that version. */
  remove(tenantId: string, userId: string, expectedUpdatedAt: number): Promise<boolean>;
}

/**
 * The connection lock both stores share: an in-process queue per connection, then a lease column on
 * the row, taken with one conditional UPDATE and polled while another process holds it. Nothing is
 * held open while the caller talks to Okta (a PostgreSQL pool cannot be exhausted by slow refreshes).
 * Writes under the lock are conditional on the row's version, so a lease that expired under a very
 * slow holder still cannot overwrite a newer row.
 */
export class LeaseLock {
  private readonly mutex = new KeyedMutex();

  constructor(private readonly ops: LeaseOps) {}

  run<T>(tenantId: string, userId: string, fn: (current: ConnectionRecord | undefined) => Promise<LockedOutcome<T>>): Promise<T> {
    return this.mutex.run(`${tenantId}\u0000${userId}`, async () => {
      const leased = await this.lease(tenantId, userId);
      try {
        const current = await this.ops.get(tenantId, userId);
        const outcome = await fn(current);
        if (outcome.delete && current) {
          if (!(await this.ops.remove(tenantId, userId, current.updatedAt))) throw new ConnectionChangedError();
        } else if (outcome.save) {
          if (!(await this.ops.write(outcome.save, current?.updatedAt))) throw new ConnectionChangedError();
        }
        return settle(outcome);
      } finally {
        if (leased) await this.ops.release(tenantId, userId).catch(() => {});
      }
    });
  }

  /** Takes the row's lease, waiting while another process holds it; false when there is no row. */
  private async lease(tenantId: string, userId: string): Promise<boolean> {
    const giveUp = Date.now() + LEASE_MS;
    for (;;) {
      const now = Date.now();
      if (await this.ops.tryLease(tenantId, userId, now + LEASE_MS, now)) return true;
      if (!(await this.ops.get(tenantId, userId))) return false;
      if (now > giveUp) throw new Error('timed out waiting for the connection lock');
      await sleep(POLL_MS);
    }
  }
}
