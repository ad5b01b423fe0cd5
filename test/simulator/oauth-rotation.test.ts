import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { DEFAULT_ADMIN_LOGIN } from '../../src/simulator/seed.js';
import { codeFlow, control, jwtClaims, managementCall, postForm, refresh, registerClient, sleep, type TestClient } from './oauth-flow.js';

let sim: Simulator;
const client: TestClient = { clientId: 'rotation-web', clientSecret: 'rotation-secret', redirectUri: 'http://127.0.0.1:4001/integration-callback' };
const other: TestClient = { clientId: 'another-web', clientSecret: 'another-secret', redirectUri: 'http://127.0.0.1:4999/cb' };

beforeAll(async () => {
  sim = await startSimulator({ users: 40, seed: 'oauth-rotation', oauthClients: [{ ...client, redirectUris: [client.redirectUri] }] });
  await registerClient(sim.url, other);
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await control(sim.url, 'reset', {});
});

const stats = async (clientId?: string) => (await control(sim.url, `oauth/stats${clientId ? `?clientId=${clientId}` : ''}`)).body as Record<string, any>;

describe('refresh token rotation', () => {
  test('every refresh returns a new refresh token and a working access token', async () => {
    const first = await codeFlow(sim.url, client);
    let current = first.body.refresh_token as string;
    const seen = new Set([current]);
    for (let i = 0; i < 3; i++) {
      const next = await refresh(sim.url, client, current);
      expect(next.status).toBe(200);
      expect(next.headers.get('cache-control')).toBe('no-store');
      expect(next.body.refresh_token).toEqual(expect.any(String));
      expect(seen.has(next.body.refresh_token)).toBe(false);
      seen.add(next.body.refresh_token);
      expect(next.body.scope).toBe(first.body.scope);
      expect(jwtClaims(next.body.id_token).nonce).toBeUndefined();
      expect((await managementCall(sim.url, next.body.access_token)).status).toBe(200);
      current = next.body.refresh_token;
    }
    expect(await stats(client.clientId)).toMatchObject({ refreshes: 3, rotations: 3, graceReuses: 0, reuseDetections: 0, refreshTokensIssued: 4 });
    const grants = sim.org.logs.events.filter((e) => e.eventType === 'app.oauth2.token.grant.refresh_token');
    expect(grants.length).toBeGreaterThanOrEqual(4);
  });

  test('the previous refresh token still works within the grace period', async () => {
    await control(sim.url, 'oauth/config', { refreshTokenGraceSeconds: 5 });
    const first = await codeFlow(sim.url, client);
    const a = await refresh(sim.url, client, first.body.refresh_token);
    const b = await refresh(sim.url, client, first.body.refresh_token);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body.refresh_token).not.toBe(a.body.refresh_token);
    for (const t of [a, b]) expect((await managementCall(sim.url, t.body.access_token)).status).toBe(200);
    expect(await stats()).toMatchObject({ refreshes: 2, rotations: 1, graceReuses: 1, reuseDetections: 0 });
  });

  test('reuse after the grace period revokes the whole family: refresh tokens and access tokens', async () => {
    await control(sim.url, 'oauth/config', { refreshTokenGraceSeconds: 0.3 });
    const first = await codeFlow(sim.url, client);
    const second = await refresh(sim.url, client, first.body.refresh_token);
    const third = await refresh(sim.url, client, second.body.refresh_token);
    expect(third.status).toBe(200);
    await sleep(400);

    const replay = await refresh(sim.url, client, first.body.refresh_token);
    expect(replay.status).toBe(400);
    expect(replay.body).toEqual({ error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' });

    // The newest refresh token and every access token of the grant are gone too.
    expect((await refresh(sim.url, client, third.body.refresh_token)).body.error).toBe('invalid_grant');
    for (const t of [first, second, third]) {
      const res = await managementCall(sim.url, t.body.access_token);
      expect(res.status).toBe(401);
      expect(res.body.errorCode).toBe('E0000011');
    }
    expect(await stats()).toMatchObject({ reuseDetections: 1, familiesRevoked: 1 });
    const reuse = sim.org.logs.events.filter((e) => e.eventType === 'app.oauth2.token.detect_reuse').at(-1)!;
    expect((reuse.actor as { id: string }).id).toBe(sim.org.users.get(DEFAULT_ADMIN_LOGIN)!.id);
    expect(reuse.severity).toBe('WARN');

    // Another grant of the same user and client is untouched.
    const fresh = await codeFlow(sim.url, client);
    expect((await refresh(sim.url, client, fresh.body.refresh_token)).status).toBe(200);
  });

  test('with a zero grace period, any second use is a replay', async () => {
    await control(sim.url, 'oauth/config', { refreshTokenGraceSeconds: 0 });
    const first = await codeFlow(sim.url, client);
    expect((await refresh(sim.url, client, first.body.refresh_token)).status).toBe(200);
    await sleep(5);
    expect((await refresh(sim.url, client, first.body.refresh_token)).body.error).toBe('invalid_grant');
    expect((await stats()).reuseDetections).toBe(1);
  });

  test('a refresh may narrow the scope, never widen it', async () => {
    const first = await codeFlow(sim.url, client, { scope: 'openid profile offline_access okta.users.read' });
    const narrow = await refresh(sim.url, client, first.body.refresh_token, { scope: 'openid okta.users.read' });
    expect(narrow.status).toBe(200);
    expect(narrow.body.scope).toBe('openid okta.users.read');
    expect(jwtClaims(narrow.body.access_token).scp).toEqual(['openid', 'okta.users.read']);
    const wide = await refresh(sim.url, client, narrow.body.refresh_token, { scope: 'openid okta.users.manage' });
    expect(wide.body.error).toBe('invalid_scope');
    // The next refresh goes back to the full grant.
    const full = await refresh(sim.url, client, narrow.body.refresh_token);
    expect(full.body.scope).toBe('openid profile offline_access okta.users.read');
  });

  test("another client cannot use a client's refresh token", async () => {
    const first = await codeFlow(sim.url, client);
    const res = await refresh(sim.url, other, first.body.refresh_token);
    expect(res.body.error).toBe('invalid_grant');
    expect((await refresh(sim.url, client, first.body.refresh_token)).status).toBe(200);
  });

  test('an expired access token is renewed by a refresh', async () => {
    await control(sim.url, 'oauth/config', { accessTokenLifetimeSeconds: 1 });
    const first = await codeFlow(sim.url, client);
    await sleep(1100);
    expect((await managementCall(sim.url, first.body.access_token)).status).toBe(401);
    const next = await refresh(sim.url, client, first.body.refresh_token);
    expect((await managementCall(sim.url, next.body.access_token)).status).toBe(200);
  });

  test('refresh tokens expire after the idle lifetime', async () => {
    await control(sim.url, 'oauth/config', { refreshTokenIdleSeconds: 1 });
    const first = await codeFlow(sim.url, client);
    await sleep(1100);
    expect((await refresh(sim.url, client, first.body.refresh_token)).body.error).toBe('invalid_grant');
  });
});

describe('memory', () => {
  test('expired access tokens are swept, rotated refresh tokens are kept so that a late replay is still detected', async () => {
    await control(sim.url, 'oauth/config', { accessTokenLifetimeSeconds: 1, refreshTokenGraceSeconds: 0 });
    const first = await codeFlow(sim.url, client);
    expect((await refresh(sim.url, client, first.body.refresh_token)).status).toBe(200);
    const mint = async (n: number) => {
      for (let i = 0; i < n; i += 100) {
        await Promise.all(Array.from({ length: Math.min(100, n - i) }, () => control(sim.url, 'oauth/mint', { clientId: other.clientId, scopes: ['openid'] })));
      }
    };
    // Whatever the machine's speed: 300 tokens, all expired before the next 520, which cross at least
    // one sweep (every 512 issued tokens) wherever the sweep counter stood.
    await mint(300);
    await sleep(1100);
    await mint(520);
    expect(sim.org.oauth.accessTokens.has(first.body.access_token)).toBe(false);
    expect(sim.org.oauth.accessTokens.size).toBeLessThan(600);
    expect(sim.org.oauth.refreshTokens.has(first.body.refresh_token)).toBe(true);
    expect((await refresh(sim.url, client, first.body.refresh_token)).body.error).toBe('invalid_grant');
    expect((await stats(client.clientId)).reuseDetections).toBe(1);
  });
});

describe('revocation', () => {
  test('revoking an access token leaves its refresh token working', async () => {
    const first = await codeFlow(sim.url, client);
    const res = await postForm(sim.url, '/oauth2/v1/revoke', client, { token: first.body.access_token, token_type_hint: 'access_token' });
    expect(res.status).toBe(200);
    expect((await managementCall(sim.url, first.body.access_token)).status).toBe(401);
    const next = await refresh(sim.url, client, first.body.refresh_token);
    expect(next.status).toBe(200);
    expect((await managementCall(sim.url, next.body.access_token)).status).toBe(200);
    expect(sim.org.logs.events.some((e) => e.eventType === 'app.oauth2.token.revoke')).toBe(true);
  });

  test('revoking a refresh token revokes the access tokens of its grant', async () => {
    const first = await codeFlow(sim.url, client);
    const second = await refresh(sim.url, client, first.body.refresh_token);
    // A wrong hint is only a hint.
    const res = await postForm(sim.url, '/oauth2/v1/revoke', client, { token: second.body.refresh_token, token_type_hint: 'access_token' }, 'post');
    expect(res.status).toBe(200);
    expect((await refresh(sim.url, client, second.body.refresh_token)).body.error).toBe('invalid_grant');
    for (const t of [first, second]) expect((await managementCall(sim.url, t.body.access_token)).status).toBe(401);
    expect(await stats()).toMatchObject({ revocations: 1, familiesRevoked: 1 });
  });

  test("unknown tokens and other clients' tokens answer 200 and change nothing; client auth is required", async () => {
    const first = await codeFlow(sim.url, client);
    expect((await postForm(sim.url, '/oauth2/v1/revoke', client, { token: 'never-issued' })).status).toBe(200);
    expect((await postForm(sim.url, '/oauth2/v1/revoke', other, { token: first.body.refresh_token })).status).toBe(200);
    expect((await refresh(sim.url, client, first.body.refresh_token)).status).toBe(200);
    expect((await postForm(sim.url, '/oauth2/v1/revoke', { ...client, clientSecret: 'wrong' }, { token: first.body.access_token })).status).toBe(401);
    expect((await postForm(sim.url, '/oauth2/v1/revoke', client, {})).body.error).toBe('invalid_request');
  });
});

describe('introspection', () => {
  test('live access, refresh and ID tokens are active with their claims; dead or foreign ones are not', async () => {
    const first = await codeFlow(sim.url, client);
    const admin = sim.org.users.get(DEFAULT_ADMIN_LOGIN)!;
    const at = await postForm(sim.url, '/oauth2/v1/introspect', client, { token: first.body.access_token, token_type_hint: 'access_token' });
    expect(at.status).toBe(200);
    expect(at.body).toMatchObject({
      active: true, scope: first.body.scope, username: DEFAULT_ADMIN_LOGIN, sub: DEFAULT_ADMIN_LOGIN, uid: admin.id, client_id: client.clientId, token_type: 'Bearer', iss: sim.url, aud: sim.url,
    });
    expect(at.body.exp).toBe(jwtClaims(first.body.access_token).exp);
    const rt = await postForm(sim.url, '/oauth2/v1/introspect', client, { token: first.body.refresh_token }, 'post');
    expect(rt.body).toMatchObject({ active: true, client_id: client.clientId, uid: admin.id });
    const id = await postForm(sim.url, '/oauth2/v1/introspect', client, { token: first.body.id_token, token_type_hint: 'id_token' });
    expect(id.body).toMatchObject({ active: true, sub: admin.id, token_type: 'id_token' });

    expect((await postForm(sim.url, '/oauth2/v1/introspect', other, { token: first.body.access_token })).body).toEqual({ active: false });
    expect((await postForm(sim.url, '/oauth2/v1/introspect', client, { token: 'garbage' })).body).toEqual({ active: false });
    await postForm(sim.url, '/oauth2/v1/revoke', client, { token: first.body.refresh_token });
    expect((await postForm(sim.url, '/oauth2/v1/introspect', client, { token: first.body.access_token })).body).toEqual({ active: false });
    expect((await postForm(sim.url, '/oauth2/v1/introspect', client, { token: first.body.refresh_token })).body).toEqual({ active: false });
    expect((await postForm(sim.url, '/oauth2/v1/introspect', { ...client, clientSecret: 'x' }, { token: first.body.access_token })).status).toBe(401);
  });
});

describe('control plane', () => {
  test('config is validated, readable, and reset by /__simulator/reset', async () => {
    for (const bad of [{ consent: 'maybe' }, { accessTokenLifetimeSeconds: 0 }, { accessTokenLifetimeSeconds: 1.5 }, { refreshTokenGraceSeconds: 61 }, { defaultLogin: 'ghost@example.com' }, { unknown: 1 }]) {
      expect((await control(sim.url, 'oauth/config', bad)).status).toBe(400);
    }
    const set = await control(sim.url, 'oauth/config', { accessTokenLifetimeSeconds: 120, refreshTokenGraceSeconds: 2, defaultLogin: 'readonly.admin@example.com' });
    expect(set.body).toMatchObject({ accessTokenLifetimeSeconds: 120, refreshTokenGraceSeconds: 2, consent: 'grant' });
    const tokens = await codeFlow(sim.url, client);
    expect(tokens.body.expires_in).toBe(120);
    expect(jwtClaims(tokens.body.access_token).sub).toBe('readonly.admin@example.com');
    await control(sim.url, 'reset', {});
    expect((await control(sim.url, 'oauth/config')).body).toMatchObject({ accessTokenLifetimeSeconds: 3600, refreshTokenGraceSeconds: 30, defaultLogin: DEFAULT_ADMIN_LOGIN });
    expect((await stats()).accessTokensIssued).toBe(0);
    // Tokens are data: a settings reset leaves them valid.
    expect((await managementCall(sim.url, tokens.body.access_token)).status).toBe(200);
  });

  test('clients: list without secrets, register, replace, delete (its tokens stop working)', async () => {
    const listed = (await control(sim.url, 'oauth/clients')).body as Array<Record<string, unknown>>;
    expect(listed.map((c) => c.clientId)).toEqual(expect.arrayContaining([client.clientId, other.clientId]));
    expect(JSON.stringify(listed)).not.toContain(client.clientSecret);
    const temp: TestClient = { clientId: 'temp-app', clientSecret: 'temp-secret', redirectUri: 'http://localhost:7000/cb' };
    expect((await control(sim.url, 'oauth/clients', { clientId: 'x', clientSecret: 'y', redirectUris: ['not a uri'] })).status).toBe(400);
    expect((await control(sim.url, 'oauth/clients', { ...temp, redirectUris: [temp.redirectUri], allowedScopes: ['okta.bogus'] })).status).toBe(400);
    expect((await control(sim.url, 'oauth/clients', { ...temp, redirectUris: [temp.redirectUri] })).status).toBe(201);
    expect((await control(sim.url, 'oauth/clients', { ...temp, redirectUris: [temp.redirectUri] })).status).toBe(200);
    const tokens = await codeFlow(sim.url, temp);
    expect((await managementCall(sim.url, tokens.body.access_token)).status).toBe(200);
    expect((await control(sim.url, 'oauth/clients/temp-app', undefined, 'DELETE')).status).toBe(204);
    expect((await managementCall(sim.url, tokens.body.access_token)).status).toBe(401);
    expect((await control(sim.url, 'oauth/clients/temp-app', undefined, 'DELETE')).status).toBe(404);
  });

  test('expire and revoke grants by client and user; stats per client', async () => {
    const mine = await codeFlow(sim.url, client, { login_hint: 'help.desk@example.com' });
    const theirs = await codeFlow(sim.url, other, { login_hint: 'org.admin@example.com' });
    const expired = await control(sim.url, 'oauth/expire', { clientId: client.clientId, login: 'help.desk@example.com' });
    expect(expired.body).toEqual({ expired: 1 });
    expect((await managementCall(sim.url, mine.body.access_token)).status).toBe(401);
    expect((await managementCall(sim.url, theirs.body.access_token)).status).toBe(200);
    expect((await refresh(sim.url, client, mine.body.refresh_token)).status).toBe(200);

    const revoked = await control(sim.url, 'oauth/revoke', { login: 'org.admin@example.com' });
    expect(revoked.body).toEqual({ revokedFamilies: 1 });
    expect((await refresh(sim.url, other, theirs.body.refresh_token)).body.error).toBe('invalid_grant');
    expect((await stats(client.clientId)).refreshes).toBe(1);
    expect((await stats(other.clientId)).refreshes).toBe(0);
    expect((await stats(other.clientId)).errors).toEqual({ invalid_grant: 1 });
  });

  test('mint issues tokens without the browser flow, limited to the app and known scopes', async () => {
    const minted = await control(sim.url, 'oauth/mint', { clientId: client.clientId, login: 'help.desk@example.com', scopes: ['openid', 'okta.users.read', 'offline_access'] });
    expect(minted.status).toBe(200);
    expect(minted.body.refresh_token).toEqual(expect.any(String));
    expect(sim.org.bearer?.(minted.body.access_token)?.userId).toBe(sim.org.users.get('help.desk@example.com')!.id);
    expect((await control(sim.url, 'oauth/mint', { scopes: ['made.up'] })).status).toBe(400);
  });
});
