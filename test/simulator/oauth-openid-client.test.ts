/**
 * The subgraph talks to the org authorization server with openid-client 6: this suite drives the
 * simulator with it, so a non-conformant discovery document, token response, ID token, userinfo,
 * revocation or introspection answer fails here first.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import * as client from 'openid-client';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { DEFAULT_ADMIN_LOGIN } from '../../src/simulator/seed.js';
import { control, managementCall, sleep } from './oauth-flow.js';

let sim: Simulator;
const app = { clientId: 'oidc-client-app', clientSecret: 'a-dev-secret with spaces+symbols', redirectUri: 'http://localhost:4001/integration-callback' };

async function configuration(auth: 'basic' | 'post' = 'basic'): Promise<client.Configuration> {
  const method = auth === 'basic' ? client.ClientSecretBasic(app.clientSecret) : client.ClientSecretPost(app.clientSecret);
  return client.discovery(new URL(sim.url), app.clientId, undefined, method, { execute: [client.allowInsecureRequests] });
}

/** What the subgraph's connect flow does: build the URL, "visit" it, return the callback URL. */
async function connect(config: client.Configuration, extra: Record<string, string> = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: app.redirectUri,
    scope: 'openid profile email offline_access okta.users.read okta.groups.read',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return { callback: new URL(res.headers.get('location')!), verifier, state, nonce };
}

beforeAll(async () => {
  sim = await startSimulator({ users: 30, seed: 'oauth-oidc', oauthClients: [{ ...app, redirectUris: [app.redirectUri] }] });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await control(sim.url, 'reset', {});
});

describe('openid-client 6 against the org authorization server', () => {
  test.each(['basic', 'post'] as const)('discovery, code exchange with ID token checks, userinfo, refresh, introspection, revocation (client_secret_%s)', async (auth) => {
    const config = await configuration(auth);
    expect(config.serverMetadata().issuer).toBe(sim.url);
    const { callback, verifier, state, nonce } = await connect(config);
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope).toBe('openid profile email offline_access okta.users.read okta.groups.read');
    expect(tokens.expiresIn()).toBeGreaterThan(3590);
    const claims = tokens.claims()!;
    const admin = sim.org.users.get(DEFAULT_ADMIN_LOGIN)!;
    expect(claims.sub).toBe(admin.id);
    expect(claims.nonce).toBe(nonce);

    const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(info.email).toBe(admin.profile.email);
    expect((await managementCall(sim.url, tokens.access_token)).status).toBe(200);

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.claims()?.sub).toBe(admin.id);

    const active = await client.tokenIntrospection(config, refreshed.access_token);
    expect(active).toMatchObject({ active: true, client_id: app.clientId, uid: admin.id });

    await client.tokenRevocation(config, refreshed.refresh_token!, { token_type_hint: 'refresh_token' });
    expect((await client.tokenIntrospection(config, refreshed.access_token)).active).toBe(false);
    await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  test('consent denial surfaces as an authorization response error with access_denied', async () => {
    await control(sim.url, 'oauth/config', { consent: 'deny' });
    const config = await configuration();
    const { callback, verifier, state, nonce } = await connect(config);
    await expect(client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce })).rejects.toMatchObject({
      error: 'access_denied',
    });
  });

  test('a replayed rotated refresh token after the grace period is invalid_grant for openid-client too', async () => {
    await control(sim.url, 'oauth/config', { refreshTokenGraceSeconds: 0.2 });
    const config = await configuration();
    const { callback, verifier, state, nonce } = await connect(config);
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    await client.refreshTokenGrant(config, tokens.refresh_token!);
    await sleep(300);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await control(sim.url, 'oauth/stats')).body.reuseDetections).toBe(1);
  });

  test('a wrong client secret is a ResponseBodyError with invalid_client', async () => {
    const config = await client.discovery(new URL(sim.url), app.clientId, undefined, client.ClientSecretBasic('wrong'), { execute: [client.allowInsecureRequests] });
    const { callback, verifier, state, nonce } = await connect(config);
    await expect(client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce })).rejects.toMatchObject({
      error: 'invalid_client',
      status: 401,
    });
  });
});
