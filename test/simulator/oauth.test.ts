import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { responseErrors } from '../helpers/openapi.js';
import { OKTA_API_SCOPES } from '../../src/simulator/oauth/scopes.js';
import { DEFAULT_ADMIN_LOGIN, SEED_END_USER_LOGIN } from '../../src/simulator/seed.js';
import {
  authorizeParams,
  authorizeRaw,
  codeFlow,
  control,
  managementCall,
  pkcePair,
  postForm,
  redirectParams,
  registerClient,
  sleep,
  type TestClient,
} from './oauth-flow.js';

let sim: Simulator;
const client: TestClient = { clientId: 'subgraph-web', clientSecret: 'dev-secret-for-tests', redirectUri: 'http://localhost:4001/integration-callback' };

beforeAll(async () => {
  sim = await startSimulator({ users: 60, seed: 'oauth', oauthClients: [{ ...client, redirectUris: [client.redirectUri] }] });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await control(sim.url, 'reset', {});
});

describe('discovery', () => {
  test.each(['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server'])('%s describes the org authorization server', async (path) => {
    const res = await fetch(new URL(path, sim.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const meta = (await res.json()) as Record<string, any>;
    expect(meta.issuer).toBe(sim.url);
    for (const [key, endpoint] of Object.entries({ authorization_endpoint: 'authorize', token_endpoint: 'token', userinfo_endpoint: 'userinfo', jwks_uri: 'keys', revocation_endpoint: 'revoke', introspection_endpoint: 'introspect' })) {
      expect(meta[key]).toBe(`${sim.url}/oauth2/v1/${endpoint}`);
    }
    expect(meta.response_types_supported).toEqual(['code']);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.id_token_signing_alg_values_supported).toEqual(['RS256']);
    expect(meta.token_endpoint_auth_methods_supported).toEqual(['client_secret_basic', 'client_secret_post']);
    expect(meta.grant_types_supported).toEqual(['authorization_code', 'refresh_token']);
    expect(meta.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'offline_access', ...OKTA_API_SCOPES]));
    expect(OKTA_API_SCOPES).toHaveLength(107);
  });
});

describe('authorization code flow', () => {
  test('authorize → code and state → token → Management API call → userinfo; tokens verify against the JWKS', async () => {
    const { verifier, challenge } = pkcePair();
    const params = authorizeParams(client, challenge);
    const res = await authorizeRaw(sim.url, params);
    expect(res.status).toBe(302);
    const callback = redirectParams(res);
    expect(res.headers.get('location')!.startsWith(`${client.redirectUri}?`)).toBe(true);
    expect(callback.get('state')).toBe(params.state);
    const code = callback.get('code')!;
    expect(code).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    const tokens = await postForm(sim.url, '/oauth2/v1/token', client, { grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: verifier });
    expect(tokens.status).toBe(200);
    expect(tokens.headers.get('cache-control')).toBe('no-store');
    expect(tokens.body).toEqual({
      token_type: 'Bearer',
      expires_in: 3600,
      access_token: expect.any(String),
      scope: 'openid profile email offline_access okta.users.read',
      refresh_token: expect.any(String),
      id_token: expect.any(String),
    });

    const admin = sim.org.users.get(DEFAULT_ADMIN_LOGIN)!;
    const jwks = createRemoteJWKSet(new URL('/oauth2/v1/keys', sim.url));
    const at = await jwtVerify(tokens.body.access_token, jwks, { issuer: sim.url, audience: sim.url, algorithms: ['RS256'] });
    expect(at.payload).toMatchObject({ sub: DEFAULT_ADMIN_LOGIN, uid: admin.id, cid: client.clientId, scp: ['openid', 'profile', 'email', 'offline_access', 'okta.users.read'], ver: 1 });
    expect(at.payload.exp! - at.payload.iat!).toBe(3600);
    expect(String(at.payload.jti)).toMatch(/^AT\./);
    const id = await jwtVerify(tokens.body.id_token, jwks, { issuer: sim.url, audience: client.clientId, algorithms: ['RS256'] });
    expect(id.protectedHeader.kid).toBeDefined();
    expect(id.payload).toMatchObject({ sub: admin.id, nonce: params.nonce, email: admin.profile.email, preferred_username: DEFAULT_ADMIN_LOGIN, name: 'Ada Admin' });

    const users = await managementCall(sim.url, tokens.body.access_token);
    expect(users.status).toBe(200);
    expect(users.body).toHaveLength(1);

    const info = await fetch(new URL('/oauth2/v1/userinfo', sim.url), { headers: { authorization: `Bearer ${tokens.body.access_token}` } });
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({ sub: admin.id, email: admin.profile.email, email_verified: true, preferred_username: DEFAULT_ADMIN_LOGIN, given_name: 'Ada', family_name: 'Admin' });

    const stats = (await control(sim.url, 'oauth/stats')).body;
    expect(stats).toMatchObject({ codesIssued: 1, codesRedeemed: 1, accessTokensIssued: 1, idTokensIssued: 1, refreshTokensIssued: 1 });
    const events = sim.org.logs.events.filter((e) => String(e.eventType).startsWith('app.oauth2.')).slice(-4);
    expect(events.map((e) => e.eventType)).toEqual(['app.oauth2.authorize.code', 'app.oauth2.token.grant.access_token', 'app.oauth2.token.grant.refresh_token', 'app.oauth2.token.grant.id_token']);
    for (const e of events) expect((e.actor as { id: string }).id).toBe(admin.id);

    // Read back through the System Log API, the events match Okta's LogEvent schema.
    const logRes = await fetch(new URL(`/api/v1/logs?filter=${encodeURIComponent('eventType sw "app.oauth2"')}`, sim.url), { headers: { authorization: `SSWS ${sim.org.apiToken}` } });
    expect(logRes.status).toBe(200);
    const logs = { body: (await logRes.json()) as Array<{ eventType: string }> };
    expect(logs.body.map((e: { eventType: string }) => e.eventType)).toEqual(events.map((e) => e.eventType));
    expect(responseErrors('GET', '/api/v1/logs', 200, logs.body)).toEqual([]);
  });

  test('client_secret_post authenticates too; login_hint picks the consenting user', async () => {
    const tokens = await codeFlow(sim.url, client, { login_hint: 'org.admin@example.com' }, 'post');
    expect(tokens.status).toBe(200);
    const principal = sim.org.bearer?.(tokens.body.access_token);
    expect(principal?.userId).toBe(sim.org.users.get('org.admin@example.com')!.id);
  });

  test('without offline_access there is no refresh token; without openid-dependent scopes no profile claims', async () => {
    const tokens = await codeFlow(sim.url, client, { scope: 'openid okta.users.read' });
    expect(tokens.body.refresh_token).toBeUndefined();
    expect(tokens.body.scope).toBe('openid okta.users.read');
    const claims = JSON.parse(Buffer.from(tokens.body.id_token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    expect(claims.email).toBeUndefined();
    expect(claims.name).toBeUndefined();
  });
});

describe('authorize errors', () => {
  const { challenge } = pkcePair();

  test('an unknown client or an unregistered redirect_uri is an error page, never a redirect', async () => {
    for (const overrides of [{ client_id: 'nope' }, { redirect_uri: 'http://localhost:4001/elsewhere' }, { redirect_uri: undefined }, { redirect_uri: `${client.redirectUri}/` }]) {
      const res = await authorizeRaw(sim.url, authorizeParams(client, challenge, overrides));
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toMatch(/invalid_(client|request)/);
    }
  });

  test.each([
    ['no code_challenge', { code_challenge: undefined }, 'invalid_request'],
    ['the plain method', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['no method (plain by default)', { code_challenge_method: undefined }, 'invalid_request'],
    ['a malformed challenge', { code_challenge: 'short' }, 'invalid_request'],
    ['response_type=token', { response_type: 'token' }, 'unsupported_response_type'],
    ['no openid scope', { scope: 'okta.users.read' }, 'invalid_scope'],
    ['a custom scope', { scope: 'openid my.api' }, 'invalid_scope'],
    ['an unknown Okta scope', { scope: 'openid okta.nothing.read' }, 'invalid_scope'],
    ['no scope', { scope: undefined }, 'invalid_scope'],
    ['an unknown login_hint', { login_hint: 'ghost@example.com' }, 'access_denied'],
  ])('%s → redirect with error=%s and the state', async (_name, overrides, error) => {
    const params = authorizeParams(client, challenge, overrides);
    const callback = redirectParams(await authorizeRaw(sim.url, params));
    expect(callback.get('error')).toBe(error);
    expect(callback.get('error_description')).toBeTruthy();
    expect(callback.get('state')).toBe(params.state);
    expect(callback.get('code')).toBeNull();
  });

  test('a missing state is refused', async () => {
    const callback = redirectParams(await authorizeRaw(sim.url, authorizeParams(client, challenge, { state: undefined })));
    expect(callback.get('error')).toBe('invalid_request');
  });

  test('consent denial configured on the control plane → access_denied, counted and logged', async () => {
    expect((await control(sim.url, 'oauth/config', { consent: 'deny' })).status).toBe(200);
    const params = authorizeParams(client, challenge);
    const callback = redirectParams(await authorizeRaw(sim.url, params));
    expect(callback.get('error')).toBe('access_denied');
    expect(callback.get('state')).toBe(params.state);
    expect((await control(sim.url, 'oauth/stats')).body.consentDenials).toBe(1);
    const last = sim.org.logs.events.at(-1)!;
    expect(last.eventType).toBe('app.oauth2.authorize.code');
    expect((last.outcome as { result: string }).result).toBe('FAILURE');
    // A control-plane reset brings consent back.
    await control(sim.url, 'reset', {});
    expect(redirectParams(await authorizeRaw(sim.url, authorizeParams(client, challenge))).get('code')).toBeTruthy();
  });
});

describe('token endpoint', () => {
  async function freshCode(overrides: Record<string, string | undefined> = {}) {
    const { verifier, challenge } = pkcePair();
    const code = redirectParams(await authorizeRaw(sim.url, authorizeParams(client, challenge, overrides))).get('code')!;
    return { code, verifier };
  }

  test('PKCE: a wrong verifier is invalid_grant, a missing one invalid_request', async () => {
    const a = await freshCode();
    const wrong = await postForm(sim.url, '/oauth2/v1/token', client, { grant_type: 'authorization_code', code: a.code, redirect_uri: client.redirectUri, code_verifier: pkcePair().verifier });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ error: 'invalid_grant', error_description: 'PKCE verification failed.' });
    const b = await freshCode();
    const missing = await postForm(sim.url, '/oauth2/v1/token', client, { grant_type: 'authorization_code', code: b.code, redirect_uri: client.redirectUri });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_request');
  });

  test('the redirect_uri must equal the one of the authorization request', async () => {
    const { code, verifier } = await freshCode();
    const res = await postForm(sim.url, '/oauth2/v1/token', client, { grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:4001/other', code_verifier: verifier });
    expect(res.body.error).toBe('invalid_grant');
  });

  test('a code is single use: replaying it is invalid_grant and revokes the tokens it gave', async () => {
    const { code, verifier } = await freshCode();
    const form = { grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: verifier };
    const first = await postForm(sim.url, '/oauth2/v1/token', client, form);
    expect(first.status).toBe(200);
    expect((await managementCall(sim.url, first.body.access_token)).status).toBe(200);
    const replay = await postForm(sim.url, '/oauth2/v1/token', client, form);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    const after = await managementCall(sim.url, first.body.access_token);
    expect(after.status).toBe(401);
    expect(after.body.errorCode).toBe('E0000011');
    const refreshed = await postForm(sim.url, '/oauth2/v1/token', client, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token });
    expect(refreshed.body.error).toBe('invalid_grant');
    expect((await control(sim.url, 'oauth/stats')).body).toMatchObject({ codeReuses: 1, familiesRevoked: 1 });
    expect(sim.org.logs.events.some((e) => e.eventType === 'app.oauth2.token.detect_reuse')).toBe(true);
  });

  test('codes expire (60 s by default; 1 s here)', async () => {
    await control(sim.url, 'oauth/config', { codeLifetimeSeconds: 1 });
    const { code, verifier } = await freshCode();
    await sleep(1100);
    const res = await postForm(sim.url, '/oauth2/v1/token', client, { grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: verifier });
    expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'The authorization code is invalid or has expired.' });
  });

  test('a code is bound to its client', async () => {
    const other: TestClient = { clientId: 'other-app', clientSecret: 'other-secret', redirectUri: client.redirectUri };
    await registerClient(sim.url, other);
    const { code, verifier } = await freshCode();
    const res = await postForm(sim.url, '/oauth2/v1/token', other, { grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: verifier });
    expect(res.body.error).toBe('invalid_grant');
  });

  test('client authentication failures: 401 invalid_client (basic and post); two methods at once: 400', async () => {
    const { code, verifier } = await freshCode();
    const form = { grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: verifier };
    const wrong = { ...client, clientSecret: 'wrong' };
    for (const auth of ['basic', 'post'] as const) {
      const res = await postForm(sim.url, '/oauth2/v1/token', wrong, form, auth);
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('invalid_client');
    }
    const unknown = await postForm(sim.url, '/oauth2/v1/token', { ...client, clientId: 'nobody' }, form, 'post');
    expect(unknown.status).toBe(401);
    const none = await postForm(sim.url, '/oauth2/v1/token', client, form, 'none');
    expect(none.status).toBe(401);
    const both = await postForm(sim.url, '/oauth2/v1/token', client, { ...form, client_secret: client.clientSecret }, 'basic');
    expect(both.status).toBe(400);
    expect(both.body.error).toBe('invalid_request');
    expect((await control(sim.url, 'oauth/stats')).body.errors.invalid_client).toBe(4);
    // None of those spent the code: client authentication comes first.
    expect((await postForm(sim.url, '/oauth2/v1/token', client, form)).status).toBe(200);
  });

  test('unsupported grant types and non-form bodies are refused', async () => {
    const res = await postForm(sim.url, '/oauth2/v1/token', client, { grant_type: 'password', username: 'x', password: 'y' });
    expect(res.body.error).toBe('unsupported_grant_type');
    const json = await fetch(new URL('/oauth2/v1/token', sim.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'refresh_token' }) });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toBe('invalid_request');
  });
});

describe('scopes and the Management API', () => {
  test('granted scopes are the requested ones the app is allowed', async () => {
    const limited: TestClient = { clientId: 'read-only-app', clientSecret: 'ro-secret', redirectUri: 'http://localhost:5000/cb' };
    await registerClient(sim.url, limited, ['openid', 'profile', 'offline_access', 'okta.users.read']);
    const tokens = await codeFlow(sim.url, limited, { scope: 'openid profile email offline_access okta.users.read okta.users.manage' });
    expect(tokens.status).toBe(200);
    expect(tokens.body.scope).toBe('openid profile offline_access okta.users.read');
    expect(sim.org.bearer?.(tokens.body.access_token)?.scopes).toEqual(new Set(['openid', 'profile', 'offline_access', 'okta.users.read']));
  });

  test('a token without the endpoint scope: 403 E0000006 with an insufficient_scope challenge', async () => {
    const tokens = await codeFlow(sim.url, client, { scope: 'openid okta.groups.read' });
    const res = await managementCall(sim.url, tokens.body.access_token);
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe('E0000006');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer .*error="insufficient_scope"/);
  });

  test("an end user's token (no admin role): 403 E0000006 whatever its scopes", async () => {
    const tokens = await codeFlow(sim.url, client, { login_hint: SEED_END_USER_LOGIN });
    expect(tokens.status).toBe(200);
    const res = await managementCall(sim.url, tokens.body.access_token);
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe('E0000006');
  });

  test('an expired access token: 401 E0000011', async () => {
    await control(sim.url, 'oauth/config', { accessTokenLifetimeSeconds: 1 });
    const tokens = await codeFlow(sim.url, client);
    expect(tokens.body.expires_in).toBe(1);
    expect((await managementCall(sim.url, tokens.body.access_token)).status).toBe(200);
    await sleep(1100);
    const res = await managementCall(sim.url, tokens.body.access_token);
    expect(res.status).toBe(401);
    expect(res.body.errorCode).toBe('E0000011');
  });

  test('garbage and forged bearer tokens: 401 E0000011', async () => {
    const tokens = await codeFlow(sim.url, client);
    const [h, p] = tokens.body.access_token.split('.');
    const forged = `${h}.${p}.${Buffer.from('not the signature').toString('base64url')}`;
    for (const token of ['garbage', forged]) {
      const res = await managementCall(sim.url, token);
      expect(res.status).toBe(401);
      expect(res.body.errorCode).toBe('E0000011');
    }
  });

  test('userinfo: 401 without a valid token, 403 without openid', async () => {
    const noToken = await fetch(new URL('/oauth2/v1/userinfo', sim.url));
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const bad = await fetch(new URL('/oauth2/v1/userinfo', sim.url), { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    const minted = await control(sim.url, 'oauth/mint', { clientId: client.clientId, scopes: ['okta.users.read'] });
    const res = await fetch(new URL('/oauth2/v1/userinfo', sim.url), { headers: { authorization: `Bearer ${minted.body.access_token}` } });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
  });
});
