import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { PostgresStore } from '../src/store/postgres.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { ConnectionChangedError, type ConnectionRecord, type IntegrationRecord, type PendingStateRecord, type Store } from '../src/store/types.js';
import { isolatedSchema, testDatabaseUrl } from './helpers/postgres.js';

const integration = (tenantId: string, over: Partial<IntegrationRecord> = {}): IntegrationRecord => ({
  tenantId,
  oktaOrigin: 'https://acme.okta.com',
  clientId: '0oa1',
  clientSecretSealed: 'v1.k.iv.ct.tag',
  scopes: ['openid', 'okta.users.read'],
  updatedBy: 'admin-1',
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
  ...over,
});

const connection = (tenantId: string, userId: string, over: Partial<ConnectionRecord> = {}): ConnectionRecord => ({
  tenantId,
  userId,
  oktaOrigin: 'https://acme.okta.com',
  clientId: '0oa1',
  oktaUserId: '00u1',
  oktaLogin: 'ada@example.com',
  status: 'CONNECTED',
  scopes: ['openid', 'offline_access', 'okta.users.read'],
  accessTokenSealed: 'sealed-access',
  accessTokenExpiresAt: 1_700_000_360_000,
  refreshTokenSealed: 'sealed-refresh',
  idTokenSealed: null,
  connectedAt: 1_700_000_000_000,
  lastRefreshedAt: null,
  updatedAt: 1_700_000_000_000,
  ...over,
});

const pending = (stateHash: string, expiresAt: number): PendingStateRecord => ({
  stateHash,
  tenantId: 't1',
  userId: 'u1',
  codeVerifierSealed: 'sealed-verifier',
  nonce: 'n',
  scopes: ['openid'],
  returnTo: null,
  oktaOrigin: 'https://acme.okta.com',
  clientId: '0oa1',
  callbackSealed: null,
  createdAt: 1,
  expiresAt,
});

/** The contract both stores must honour; `second` opens another instance on the same database (another replica). */
function contract(name: string, open: () => Promise<Store>, second: () => Promise<Store>) {
  describe(name, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store.close();
    });

    test('integrations: save, read, replace; tenants are separate', async () => {
      expect(await store.getIntegration('t-int')).toBeUndefined();
      await store.saveIntegration(integration('t-int'));
      expect(await store.getIntegration('t-int')).toEqual(integration('t-int'));
      await store.saveIntegration(integration('t-int', { clientId: '0oa2', scopes: ['openid'], updatedAt: 2 }));
      const replaced = await store.getIntegration('t-int');
      expect(replaced).toEqual(expect.objectContaining({ clientId: '0oa2', scopes: ['openid'], createdAt: 1_700_000_000_000, updatedAt: 2 }));
      expect(await store.getIntegration('t-other')).toBeUndefined();
    });

    test('connections: save, read, replace, delete (returns the deleted row)', async () => {
      await store.saveConnection(connection('t-c', 'u1'));
      await store.saveConnection(connection('t-c', 'u2', { oktaUserId: '00u2' }));
      expect(await store.getConnection('t-c', 'u1')).toEqual(connection('t-c', 'u1'));
      await store.saveConnection(connection('t-c', 'u1', { status: 'NEEDS_REAUTH', accessTokenSealed: null, lastRefreshedAt: 5 }));
      expect(await store.getConnection('t-c', 'u1')).toEqual(connection('t-c', 'u1', { status: 'NEEDS_REAUTH', accessTokenSealed: null, lastRefreshedAt: 5 }));
      expect((await store.deleteConnection('t-c', 'u1'))?.userId).toBe('u1');
      expect(await store.deleteConnection('t-c', 'u1')).toBeUndefined();
      expect(await store.getConnection('t-c', 'u1')).toBeUndefined();
      expect((await store.getConnection('t-c', 'u2'))?.oktaUserId).toBe('00u2');
      expect(await store.getConnection('t-other', 'u2')).toBeUndefined();
    });

    test('pending states are single use, even under a race', async () => {
      await store.savePendingState(pending('h1', Date.now() + 60_000));
      const [a, b] = await Promise.all([store.takePendingState('h1'), store.takePendingState('h1')]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      expect(await store.takePendingState('h1')).toBeUndefined();
    });

    test('expired pending states are purged', async () => {
      await store.savePendingState(pending('old', 1000));
      await store.savePendingState(pending('new', Date.now() + 60_000));
      expect(await store.deleteExpiredStates(Date.now())).toBeGreaterThanOrEqual(1);
      expect(await store.takePendingState('old')).toBeUndefined();
      expect(await store.takePendingState('new')).toBeDefined();
    });

    test('the connection lock is exclusive, within a process and across instances, and saves under the lock', async () => {
      await store.saveConnection(connection('t-lock', 'u1', { lastRefreshedAt: 0 }));
      const other = await second();
      try {
        let inside = 0;
        let overlapped = false;
        const critical = (s: Store) =>
          s.withConnectionLock('t-lock', 'u1', async (current) => {
            inside++;
            if (inside > 1) overlapped = true;
            await new Promise((r) => setTimeout(r, 30));
            inside--;
            const next = (current?.lastRefreshedAt ?? 0) + 1;
            return { result: next, save: connection('t-lock', 'u1', { lastRefreshedAt: next }) };
          });
        const results = await Promise.all([critical(store), critical(other), critical(store), critical(other), critical(store)]);
        expect(overlapped).toBe(false);
        // Each saw the previous one's write: a read-modify-write under the lock never loses an update.
        expect([...results].sort()).toEqual([1, 2, 3, 4, 5]);
        expect((await store.getConnection('t-lock', 'u1'))?.lastRefreshedAt).toBe(5);
      } finally {
        await other.close();
      }
    });

    test('a write under the lock never overwrites a row changed outside it, and a delete under the lock deletes', async () => {
      await store.saveConnection(connection('t-cond', 'u1', { updatedAt: 10 }));
      await expect(
        store.withConnectionLock('t-cond', 'u1', async (current) => {
          // Another writer gets in between (a lease that expired under a very slow holder).
          await store.saveConnection(connection('t-cond', 'u1', { updatedAt: 20, status: 'NEEDS_REAUTH' }));
          return { result: 'refreshed', save: connection('t-cond', 'u1', { updatedAt: (current?.updatedAt ?? 0) + 1, accessTokenSealed: 'new' }) };
        }),
      ).rejects.toBeInstanceOf(ConnectionChangedError);
      expect(await store.getConnection('t-cond', 'u1')).toEqual(expect.objectContaining({ updatedAt: 20, status: 'NEEDS_REAUTH', accessTokenSealed: 'sealed-access' }));

      const deleted = await store.withConnectionLock('t-cond', 'u1', async (current) => ({ result: current?.userId, delete: true }));
      expect(deleted).toBe('u1');
      expect(await store.getConnection('t-cond', 'u1')).toBeUndefined();
      // No row: a save under the lock inserts.
      await store.withConnectionLock('t-cond', 'u1', async (current) => ({ result: current, save: connection('t-cond', 'u1', { updatedAt: 30 }) }));
      expect((await store.getConnection('t-cond', 'u1'))?.updatedAt).toBe(30);
    });

    test('locks of many connections held at once leave the store usable (nothing held open while they run)', async () => {
      for (let i = 0; i < 12; i++) await store.saveConnection(connection('t-many', `u${i}`));
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const holders = Array.from({ length: 12 }, (_, i) => store.withConnectionLock('t-many', `u${i}`, async () => {
        await gate;
        return { result: i };
      }));
      await new Promise((r) => setTimeout(r, 100));
      const started = Date.now();
      expect((await store.getConnection('t-many', 'u0'))?.userId).toBe('u0');
      expect(Date.now() - started).toBeLessThan(1000);
      release();
      expect(await Promise.all(holders)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    });

    test('a failing function under the lock releases it and saves nothing', async () => {
      await store.saveConnection(connection('t-fail', 'u1'));
      await expect(store.withConnectionLock('t-fail', 'u1', async () => {
        throw new Error('boom');
      })).rejects.toThrow('boom');
      const value = await store.withConnectionLock('t-fail', 'u1', async (current) => ({ result: current?.status }));
      expect(value).toBe('CONNECTED');
    });

    test('opening again applies no migration twice', async () => {
      const again = await second();
      await again.ping();
      await again.close();
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'okta-subgraph-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
contract(
  'SqliteStore',
  async () => SqliteStore.open(join(dir, 'store.db')),
  async () => SqliteStore.open(join(dir, 'store.db')),
);

const pgUrl = testDatabaseUrl('store');
if (pgUrl) {
  let schema: Awaited<ReturnType<typeof isolatedSchema>>;
  beforeAll(async () => {
    schema = await isolatedSchema(pgUrl);
  });
  afterAll(async () => {
    await schema.drop();
  });
  contract(
    'PostgresStore',
    () => PostgresStore.open(schema.url, { max: 4 }),
    () => PostgresStore.open(schema.url),
  );
} else {
  test.skip('PostgresStore (TEST_DATABASE_URL not set)', () => {});
}
