import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { stateHash } from '../src/oauth/connect.js';
import { startStack, type Stack } from './helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ mode: 'oauth', env: { CONNECT_RETURN_ORIGINS: 'https://console.example.com' } });
});
afterAll(async () => {
  await stack.close();
});
beforeEach(async () => {
  await stack.gql('mutation { disconnectOkta(input: { revoke: false }) { disconnected } }');
  await fetch(`${stack.sim.url}/__simulator/oauth/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ consent: 'grant' }) });
  await stack.resetSim();
});

const STATUS = '{ oktaConnection { status grantedScopes connectedAt accessTokenExpiresAt me { id profile { login } } } }';

async function oauthStats(): Promise<Record<string, any>> {
  return (await (await fetch(`${stack.sim.url}/__simulator/oauth/stats`)).json()) as Record<string, any>;
}

describe('the connect flow', () => {
  test('before connecting, Okta fields say OKTA_NOT_CONNECTED and cost nothing', async () => {
    const res: any = await stack.gql(`{ users(first: 1) { nodes { id } } ${STATUS.slice(1, -1)} }`);
    expect(res.data.oktaConnection).toEqual(expect.objectContaining({ status: 'NOT_CONNECTED', grantedScopes: [], me: null }));
    expect(res.errors[0].extensions.code).toBe('OKTA_NOT_CONNECTED');
    expect((await stack.stats()).total).toBe(0);
  });

  test('connectOkta → Okta sign-in → callback stores the connection; queries then use the user\'s token', async () => {
    const run = await stack.connect({}, {}, 'org.admin@example.com');
    const url = new URL(run.authorizationUrl!);
    expect(url.pathname).toBe('/oauth2/v1/authorize');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toBe(`${stack.url}/integration-callback`);
    expect(url.searchParams.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'offline_access', 'okta.users.read']));
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(new Date(run.started.data.connectOkta.expiresAt).getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
    expect(run.callback?.status).toBe(200);
    expect(run.body).toContain('org.admin@example.com');

    const status: any = await stack.gql(STATUS);
    expect(status.errors).toBeUndefined();
    expect(status.data.oktaConnection.status).toBe('CONNECTED');
    expect(status.data.oktaConnection.me.profile.login).toBe('org.admin@example.com');
    expect(status.data.oktaConnection.grantedScopes).toEqual(expect.arrayContaining(['okta.users.read', 'okta.groups.read', 'offline_access']));

    const users: any = await stack.gql('{ users(first: 3) { nodes { id } } }');
    expect(users.errors).toBeUndefined();
    expect(users.data.users.nodes).toHaveLength(3);
    expect((await stack.stats()).byRoute['GET /api/v1/users']).toBe(1);
  });

  test('the returnTo of an allowed origin gets the outcome; other origins are refused up front', async () => {
    const run = await stack.connect({}, { returnTo: 'https://console.example.com/settings?tab=okta' });
    expect(run.callback?.status).toBe(303);
    const back = new URL(run.callback!.headers.get('location')!);
    expect(back.origin).toBe('https://console.example.com');
    expect(back.searchParams.get('tab')).toBe('okta');
    expect(back.searchParams.get('oktaConnect')).toBe('connected');

    const refused: any = await stack.gql('mutation { connectOkta(input: { returnTo: "https://evil.example/x" }) { authorizationUrl userErrors { code field } } }');
    expect(refused.data.connectOkta).toEqual({ authorizationUrl: null, userErrors: [{ code: 'RETURN_URL_NOT_ALLOWED', field: ['input', 'returnTo'] }] });
  });

  test('unknown scopes are user errors', async () => {
    const res: any = await stack.gql('mutation { connectOkta(input: { scopes: ["openid", "okta.everything"] }) { authorizationUrl userErrors { code field } } }');
    expect(res.data.connectOkta.userErrors).toEqual([{ code: 'UNKNOWN_SCOPE', field: ['input', 'scopes', '1'] }]);
  });

  test('granted scopes are what Okta granted, and feed the scope checks', async () => {
    await stack.connect({}, { scopes: ['okta.groups.read'] });
    const res: any = await stack.gql('{ oktaConnection { grantedScopes } users(first: 1) { nodes { id } } }');
    expect(res.data.oktaConnection.grantedScopes).not.toContain('okta.users.read');
    expect(res.errors[0].extensions.code).toBe('OKTA_SCOPE_MISSING');
    expect(res.errors[0].extensions.grantedScopes).toContain('okta.groups.read');
  });
});

describe('bad callbacks store nothing and say why', () => {
  async function expectNotConnected() {
    const res: any = await stack.gql('{ oktaConnection { status } }');
    expect(res.data.oktaConnection.status).toBe('NOT_CONNECTED');
  }

  test('consent refused (access_denied) → error page, or error redirect to returnTo', async () => {
    await fetch(`${stack.sim.url}/__simulator/oauth/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ consent: 'deny' }) });
    const run = await stack.connect();
    expect(run.callback?.status).toBe(400);
    expect(run.body).toContain('access_denied');
    const withReturn = await stack.connect({}, { returnTo: 'https://console.example.com/' });
    expect(withReturn.callback?.status).toBe(303);
    const back = new URL(withReturn.callback!.headers.get('location')!);
    expect(back.searchParams.get('oktaConnect')).toBe('error');
    expect(back.searchParams.get('error')).toBe('access_denied');
    await expectNotConnected();
  });

  test('a replayed state is refused', async () => {
    const run = await stack.connect();
    expect(run.callback?.status).toBe(200);
    await stack.gql('mutation { disconnectOkta(input: { revoke: false }) { disconnected } }');
    const replay = await fetch(run.callbackUrl!, { redirect: 'manual' });
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('invalid_state');
    await expectNotConnected();
  });

  test('unknown state, missing state and missing code are refused', async () => {
    for (const [query, code] of [
      ['?code=abc&state=never-issued', 'invalid_state'],
      ['?code=abc', 'missing_state'],
    ] as const) {
      const res = await fetch(`${stack.url}/integration-callback${query}`, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(code);
    }
    const started: any = await stack.gql('mutation { connectOkta { authorizationUrl } }');
    const state = new URL(started.data.connectOkta.authorizationUrl).searchParams.get('state');
    const noCode = await fetch(`${stack.url}/integration-callback?state=${state}`, { redirect: 'manual' });
    expect(noCode.status).toBe(400);
    expect(await noCode.text()).toContain('missing_code');
    await expectNotConnected();
  });

  test('an expired state is refused', async () => {
    const started: any = await stack.gql('mutation { connectOkta { authorizationUrl } }');
    const authorize = await fetch(started.data.connectOkta.authorizationUrl, { redirect: 'manual' });
    const callbackUrl = new URL(authorize.headers.get('location')!);
    const hash = stateHash(callbackUrl.searchParams.get('state')!);
    const store = stack.app.services.store;
    const pending = await store.takePendingState(hash);
    await store.savePendingState({ ...pending!, expiresAt: Date.now() - 1000 });
    const res = await fetch(callbackUrl, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('expired_state');
    await expectNotConnected();
  });

  test('a failed token exchange is a 502 page and nothing is stored', async () => {
    await stack.configureSim({ faults: [{ route: 'POST /oauth2/v1/token', errorRate: 1, errorStatus: 503 }] });
    const run = await stack.connect();
    expect(run.callback?.status).toBe(502);
    expect(run.body).toMatch(/token_exchange_failed|okta_unavailable/);
    await expectNotConnected();
  });

  test('a tampered code is refused by Okta', async () => {
    const started: any = await stack.gql('mutation { connectOkta { authorizationUrl } }');
    const authorize = await fetch(started.data.connectOkta.authorizationUrl, { redirect: 'manual' });
    const callbackUrl = new URL(authorize.headers.get('location')!);
    callbackUrl.searchParams.set('code', 'forged-code');
    const res = await fetch(callbackUrl, { redirect: 'manual' });
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('token_exchange_failed');
    await expectNotConnected();
  });
});

describe('disconnect', () => {
  test('revokes the tokens at Okta and deletes them', async () => {
    await stack.connect();
    const record = await stack.app.services.store.getConnection('dev-tenant', 'dev-user');
    const access = stack.app.services.connections.open(record!, 'access_token')!;
    const before = await fetch(`${stack.sim.url}/api/v1/users?limit=1`, { headers: { authorization: `Bearer ${access}` } });
    expect(before.status).toBe(200);

    const res: any = await stack.gql('mutation { disconnectOkta { disconnected revoked userErrors { code } } }');
    expect(res.data.disconnectOkta).toEqual({ disconnected: true, revoked: true, userErrors: [] });
    expect((await oauthStats()).revocations).toBeGreaterThanOrEqual(1);
    const after = await fetch(`${stack.sim.url}/api/v1/users?limit=1`, { headers: { authorization: `Bearer ${access}` } });
    expect(after.status).toBe(401);
    expect(await stack.app.services.store.getConnection('dev-tenant', 'dev-user')).toBeUndefined();
  });

  test('still deletes the tokens when Okta is down, and says the revocation failed', async () => {
    await stack.connect();
    await stack.configureSim({ faults: [{ route: 'POST /oauth2/v1/revoke', resetRate: 1 }] });
    const res: any = await stack.gql('mutation { disconnectOkta { disconnected revoked } }');
    expect(res.data.disconnectOkta).toEqual({ disconnected: true, revoked: false });
    expect(await stack.app.services.store.getConnection('dev-tenant', 'dev-user')).toBeUndefined();
  });

  test('with nothing connected, reports nothing disconnected', async () => {
    const res: any = await stack.gql('mutation { disconnectOkta { disconnected revoked } }');
    expect(res.data.disconnectOkta).toEqual({ disconnected: false, revoked: false });
  });
});
