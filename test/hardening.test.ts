import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { freePort, startStack, type Stack } from './helpers/stack.js';

/** Defences beyond the happy path: tampered rows, Okta down during connect, scope ceilings, proxies. */

describe('a stored integration pointed elsewhere', () => {
  let stack: Stack;
  let evil: http.Server;
  let evilUrl: string;
  const seen: string[] = [];
  beforeAll(async () => {
    stack = await startStack({ mode: 'oauth' });
    evil = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', () => r()));
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await stack.close();
    await new Promise((r) => evil.close(r));
  });

  test('someone who rewrites the row\'s origin in the database gets neither the client secret nor any token', async () => {
    const CONFIGURE = 'mutation($i: ConfigureOktaIntegrationInput!) { configureOktaIntegration(input: $i) { userErrors { code } } }';
    const set: any = await stack.gql(CONFIGURE, { i: { domain: stack.sim.url, clientId: stack.client!.clientId, clientSecret: stack.client!.clientSecret } });
    expect(set.data.configureOktaIntegration.userErrors).toEqual([]);
    expect((await stack.connect()).callback?.status).toBe(200);

    const store = stack.app.services.store;
    const integration = await store.getIntegration('dev-tenant');
    await store.saveIntegration({ ...integration!, oktaOrigin: evilUrl });
    const connection = await store.getConnection('dev-tenant', 'dev-user');
    await store.saveConnection({ ...connection!, oktaOrigin: evilUrl, accessTokenExpiresAt: Date.now() - 1000 });

    const res: any = await stack.gql('{ oktaIntegration { domain hasClientSecret } users(first: 1) { nodes { id } } }');
    expect(res.data.oktaIntegration).toEqual({ domain: evilUrl, hasClientSecret: false });
    expect(res.errors[0].extensions.code).toMatch(/OKTA_(NOT_CONFIGURED|RECONNECT_REQUIRED)/);
    const connect: any = await stack.gql('mutation { connectOkta { authorizationUrl userErrors { code } } }');
    expect(connect.data.connectOkta.userErrors).toEqual([{ code: 'NOT_CONFIGURED' }]);
    expect(seen.filter((s) => !s.startsWith('GET /.well-known'))).toEqual([]);
    expect(seen.join('\n')).not.toContain(stack.client!.clientSecret);
    expect(stack.logs.join('\n')).toContain('does not open');
  });
});

describe('connect when Okta is down, and scope ceilings', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ mode: 'oauth', env: { OKTA_SCOPES: 'okta.users.read okta.groups.read' } });
  });
  afterAll(async () => {
    await stack.close();
  });

  test('a user may ask for fewer scopes than the integration requests, never more', async () => {
    const more: any = await stack.gql('mutation { connectOkta(input: { scopes: ["okta.users.read", "okta.users.manage"] }) { authorizationUrl userErrors { code field } } }');
    expect(more.data.connectOkta).toEqual({ authorizationUrl: null, userErrors: [{ code: 'NOT_ALLOWED', field: ['input', 'scopes', '1'] }] });
    const fewer: any = await stack.gql('mutation { connectOkta(input: { scopes: ["okta.users.read"] }) { authorizationUrl userErrors { code } } }');
    expect(fewer.data.connectOkta.userErrors).toEqual([]);
  });

  test('Okta unreachable while starting a connection is OKTA_UNAVAILABLE, not an internal error', async () => {
    await stack.configureSim({ faults: [{ route: 'GET /.well-known/openid-configuration', resetRate: 1 }] });
    // A fresh discovery is needed: another client id makes another cache entry.
    const other = await startStack({ mode: 'oauth', simulator: stack.sim, env: { OKTA_SCOPES: 'okta.users.read' } });
    try {
      const res: any = await other.gql('mutation { connectOkta { authorizationUrl } }');
      expect(res.errors[0].extensions.code).toBe('OKTA_UNAVAILABLE');
    } finally {
      await stack.configureSim({ faults: [] });
      await other.close();
    }
  });
});

describe('behind a proxy that serves the subgraph under a path prefix', () => {
  let sim: Simulator;
  let stack: Stack;
  beforeAll(async () => {
    sim = await startSimulator({ users: 20, seed: 'prefix' });
    const port = await freePort();
    const clientId = '0oaprefixclient00001';
    const clientSecret = 'prefix-secret-value-0000000';
    const res = await fetch(`${sim.url}/__simulator/oauth/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId, clientSecret, redirectUris: [`http://127.0.0.1:${port}/okta/integration-callback`] }),
    });
    expect(res.ok).toBe(true);
    stack = await startStack({
      simulator: sim,
      port,
      env: { OKTA_API_TOKEN: '', OKTA_CLIENT_ID: clientId, OKTA_CLIENT_SECRET: clientSecret, PUBLIC_URL: `http://127.0.0.1:${port}/okta` },
    });
  });
  afterAll(async () => {
    await stack.close();
    await sim.close();
  });

  test('the token request names the registered redirect URI, prefix included', async () => {
    const started: any = await stack.gql('mutation { connectOkta { authorizationUrl } }');
    const authorize = await fetch(started.data.connectOkta.authorizationUrl, { redirect: 'manual' });
    const location = new URL(authorize.headers.get('location')!);
    expect(location.pathname).toBe('/okta/integration-callback');
    // The proxy strips `/okta` before the request reaches the subgraph.
    const callback = await fetch(`${stack.url}/integration-callback${location.search}`, { redirect: 'manual' });
    expect(callback.status).toBe(200);
    const status: any = await stack.gql('{ oktaConnection { status } }');
    expect(status.data.oktaConnection.status).toBe('CONNECTED');
  });
});
