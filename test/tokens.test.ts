import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { generateKey } from '../src/store/crypto.js';
import { isolatedSchema, testDatabaseUrl } from './helpers/postgres.js';
import { startStack, type Stack } from './helpers/stack.js';

const TENANT = 'dev-tenant';
const USER = 'dev-user';

async function oauth(sim: Simulator, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${sim.url}/__simulator/oauth/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json();
}

/** Makes our stored access token look expired, as if its hour had passed. */
async function expireStored(stack: Stack): Promise<void> {
  const store = stack.app.services.store;
  const record = await store.getConnection(TENANT, USER);
  await store.saveConnection({ ...record!, accessTokenExpiresAt: Date.now() - 1000 });
}

const USERS = '{ users(first: 2) { nodes { id } } }';

describe('token refresh', () => {
  let sim: Simulator;
  let stack: Stack;
  beforeAll(async () => {
    sim = await startSimulator({ users: 50, seed: 'tokens' });
    stack = await startStack({ mode: 'oauth', simulator: sim });
  });
  afterAll(async () => {
    await stack.close();
    await sim.close();
  });

  test('an access token about to expire is refreshed before the call, and rotation is recorded', async () => {
    expect((await stack.connect()).callback?.status).toBe(200);
    const before = await stack.app.services.store.getConnection(TENANT, USER);
    const base = await oauth(sim, 'stats');
    await expireStored(stack);
    const res: any = await stack.gql(USERS);
    expect(res.errors).toBeUndefined();
    const after = await stack.app.services.store.getConnection(TENANT, USER);
    expect((await oauth(sim, 'stats')).refreshes - base.refreshes).toBe(1);
    expect(after!.accessTokenExpiresAt).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(after!.refreshTokenSealed).not.toBe(before!.refreshTokenSealed);
    expect(after!.lastRefreshedAt).toBeGreaterThan(0);
    const status: any = await stack.gql('{ oktaConnection { status lastRefreshedAt } }');
    expect(status.data.oktaConnection.lastRefreshedAt).not.toBeNull();
  });

  test('50 concurrent requests at expiry cause exactly one refresh', async () => {
    await expireStored(stack);
    const base = await oauth(sim, 'stats');
    const results: any[] = await Promise.all(Array.from({ length: 50 }, () => stack.gql(USERS)));
    for (const r of results) expect(r.errors).toBeUndefined();
    const stats = await oauth(sim, 'stats');
    expect(stats.refreshes - base.refreshes).toBe(1);
    expect(stats.reuseDetections).toBe(0);
    expect(stats.graceReuses).toBe(0);
  });

  test('a token Okta rejects before its expiry (401) is refreshed once and the call retried', async () => {
    await oauth(sim, 'expire', { clientId: stack.client!.clientId });
    const base = await oauth(sim, 'stats');
    const res: any = await stack.gql(USERS);
    expect(res.errors).toBeUndefined();
    expect(res.extensions.okta.retries).toBe(1);
    expect((await oauth(sim, 'stats')).refreshes - base.refreshes).toBe(1);
  });

  test('invalid_grant marks the connection NEEDS_REAUTH; fields then fail with OKTA_RECONNECT_REQUIRED; reconnecting fixes it', async () => {
    await oauth(sim, 'revoke', { clientId: stack.client!.clientId });
    await expireStored(stack);
    const res: any = await stack.gql(USERS);
    expect(res.errors[0].extensions.code).toBe('OKTA_RECONNECT_REQUIRED');
    const status: any = await stack.gql('{ oktaConnection { status grantedScopes } users(first: 1) { nodes { id } } }');
    expect(status.data.oktaConnection).toEqual({ status: 'NEEDS_REAUTH', grantedScopes: [] });
    expect(status.errors[0].extensions.code).toBe('OKTA_RECONNECT_REQUIRED');
    const record = await stack.app.services.store.getConnection(TENANT, USER);
    expect(record).toEqual(expect.objectContaining({ status: 'NEEDS_REAUTH', refreshTokenSealed: null, accessTokenSealed: null }));

    expect((await stack.connect()).callback?.status).toBe(200);
    expect(((await stack.gql(USERS)) as any).errors).toBeUndefined();
  });

  test('a disconnect during a refresh stays a disconnect: the refresh cannot write the connection back', async () => {
    expect((await stack.connect()).callback?.status).toBe(200);
    await expireStored(stack);
    await stack.configureSim({ faults: [{ route: 'POST /oauth2/v1/token', latencyMs: 600 }] });
    const query = stack.gql(USERS);
    await new Promise((r) => setTimeout(r, 200));
    const disconnect: any = await stack.gql('mutation { disconnectOkta { disconnected revoked } }');
    expect(disconnect.data.disconnectOkta.disconnected).toBe(true);
    await query;
    expect(await stack.app.services.store.getConnection(TENANT, USER)).toBeUndefined();
    const status: any = await stack.gql('{ oktaConnection { status } }');
    expect(status.data.oktaConnection.status).toBe('NOT_CONNECTED');
    await stack.configureSim({ faults: [] });
  });

  test('a reconnect during a refresh keeps the new connection and its scopes', async () => {
    expect((await stack.connect({}, { scopes: ['okta.users.read'] })).callback?.status).toBe(200);
    await expireStored(stack);
    await stack.configureSim({ faults: [{ route: 'POST /oauth2/v1/token', latencyMs: 600, times: 1 }] });
    const query = stack.gql(USERS);
    await new Promise((r) => setTimeout(r, 200));
    expect((await stack.connect({}, { scopes: ['okta.users.read', 'okta.groups.read'] })).callback?.status).toBe(200);
    await query;
    const record = await stack.app.services.store.getConnection(TENANT, USER);
    expect(record?.scopes).toEqual(expect.arrayContaining(['okta.users.read', 'okta.groups.read']));
    await stack.configureSim({ faults: [] });
  });

  test('no refresh token was ever reused after rotation', async () => {
    const stats = await oauth(sim, 'stats');
    expect(stats.reuseDetections).toBe(0);
  });
});

describe('secrets at rest and in transit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'okta-subgraph-secrets-'));
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ mode: 'oauth', env: { DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}` } });
  });
  afterAll(async () => {
    await stack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('no token or client secret appears in the database file, the logs or any GraphQL response', async () => {
    const responses: unknown[] = [];
    const run = await stack.connect();
    responses.push(run.started, run.body);
    await expireStored(stack);
    responses.push(await stack.gql(`${USERS.slice(0, -1)} oktaConnection { status grantedScopes } oktaIntegration { domain clientId hasClientSecret scopes } }`));
    const record = await stack.app.services.store.getConnection(TENANT, USER);
    const secrets = [
      stack.app.services.connections.open(record!, 'access_token')!,
      stack.app.services.connections.open(record!, 'refresh_token')!,
      stack.app.services.connections.open(record!, 'id_token')!,
      stack.client!.clientSecret,
    ];
    for (const s of secrets) expect(s.length).toBeGreaterThan(10);
    const files = ['db.sqlite', 'db.sqlite-wal'].map((f) => join(dir, f)).filter(existsSync);
    const bytes = files.map((f) => readFileSync(f).toString('latin1')).join('');
    expect(bytes).toContain('CONNECTED');
    const everything = [bytes, stack.logs.join('\n'), JSON.stringify(responses)];
    for (const haystack of everything) for (const s of secrets) expect(haystack.includes(s)).toBe(false);
  });
});

const pgUrl = testDatabaseUrl('tokens');
(pgUrl ? describe : describe.skip)('two replicas on one PostgreSQL database', () => {
  let sim: Simulator;
  let a: Stack;
  let b: Stack;
  let schema: Awaited<ReturnType<typeof isolatedSchema>>;
  beforeAll(async () => {
    sim = await startSimulator({ users: 30, seed: 'replicas' });
    schema = await isolatedSchema(pgUrl!);
    const key = generateKey();
    a = await startStack({ mode: 'oauth', simulator: sim, env: { DATABASE_URL: schema.url, TOKEN_ENCRYPTION_KEY: key } });
    b = await startStack({
      mode: 'oauth',
      simulator: sim,
      env: { DATABASE_URL: schema.url, TOKEN_ENCRYPTION_KEY: key, OKTA_CLIENT_ID: a.client!.clientId, OKTA_CLIENT_SECRET: a.client!.clientSecret },
    });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await sim?.close();
    await schema?.drop();
  });

  test('a connection expiring under load on both replicas is refreshed exactly once', async () => {
    expect((await a.connect()).callback?.status).toBe(200);
    const status: any = await b.gql('{ oktaConnection { status } }');
    expect(status.data.oktaConnection.status).toBe('CONNECTED');
    await expireStored(a);
    const base = await oauth(sim, 'stats');
    const results: any[] = await Promise.all([...Array.from({ length: 25 }, () => a.gql(USERS)), ...Array.from({ length: 25 }, () => b.gql(USERS))]);
    for (const r of results) expect(r.errors).toBeUndefined();
    const stats = await oauth(sim, 'stats');
    expect(stats.refreshes - base.refreshes).toBe(1);
    expect(stats.reuseDetections).toBe(0);
    expect(a.app.services.connections.refreshes + b.app.services.connections.refreshes).toBe(1);
  });
});
