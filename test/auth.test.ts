import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startIdp, type TestIdp } from './helpers/idp.js';
import { startStack, type Stack } from './helpers/stack.js';

let idp: TestIdp;
let stack: Stack;
beforeAll(async () => {
  idp = await startIdp();
  // OAuth mode without a deployment default: every tenant brings its own integration.
  stack = await startStack({
    mode: 'oauth',
    env: { AUTH_MODE: 'jwt', AUTH_JWKS_URL: idp.jwksUrl, AUTH_ISSUER: idp.issuer, AUTH_AUDIENCE: idp.audience, OKTA_CLIENT_ID: '', OKTA_CLIENT_SECRET: '' },
  });
});
afterAll(async () => {
  await stack.close();
  await idp.close();
});

const as = async (sub: string, tenantId: string, roles: string[] = []) => ({ authorization: `Bearer ${await idp.token({ sub, tenantId, roles })}` });

describe('caller authentication (AUTH_MODE=jwt)', () => {
  test.each([
    ['no token', async () => ({})],
    ['a malformed header', async () => ({ authorization: 'Basic abc' })],
    ['a token signed by another key', async () => ({ authorization: `Bearer ${await idp.foreignToken({ sub: 'u', tenantId: 't' })}` })],
    ['an expired token', async () => ({ authorization: `Bearer ${await idp.token({ sub: 'u', tenantId: 't', expiresIn: '-1m' })}` })],
    ['a token for another audience', async () => ({ authorization: `Bearer ${await idp.token({ sub: 'u', tenantId: 't', audience: 'someone-else' })}` })],
    ['a token without the tenant claim', async () => ({ authorization: `Bearer ${await idp.token({ sub: 'u' })}` })],
    ['a token without an expiry', async () => ({ authorization: `Bearer ${await idp.token({ sub: 'u', tenantId: 't', roles: ['admin'], expiresIn: null })}` })],
  ])('%s → HTTP 401 UNAUTHENTICATED with a reason', async (_name, headers) => {
    const res = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await headers()) },
      body: JSON.stringify({ query: '{ oktaConnection { status } }' }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    const body: any = await res.json();
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors[0].message.length).toBeGreaterThan(10);
  });

  test('a gateway may fetch _service { sdl } without a token, and nothing else', async () => {
    const sdl: any = await stack.gql('{ _service { sdl } }');
    expect(sdl.status).toBe(200);
    expect(sdl.data._service.sdl).toContain('type User');
    const mixed = await stack.gql('{ _service { sdl } oktaConnection { status } }');
    expect(mixed.status).toBe(401);
  });

  test('a valid token identifies tenant, user and admin role', async () => {
    const res: any = await stack.gql('{ oktaConnection { status } oktaIntegration { domain } }', {}, await as('someone', 'tenant-z'));
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ oktaConnection: { status: 'NOT_CONNECTED' }, oktaIntegration: null });
  });
});

describe('integrations and tenant isolation', () => {
  const CONFIGURE = `mutation($input: ConfigureOktaIntegrationInput!) {
    configureOktaIntegration(input: $input) {
      integration { domain clientId scopes redirectUri hasClientSecret source updatedAt }
      userErrors { code field message }
    }
  }`;

  test('only tenant admins configure the integration', async () => {
    const res: any = await stack.gql(CONFIGURE, { input: { domain: stack.sim.url, clientId: 'x', clientSecret: 'y' } }, await as('member', 'tenant-a'));
    expect(res.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(res.data).toBeNull();
  });

  test.each([
    [{ domain: 'login.evil.example', clientId: 'c', clientSecret: 's' }, 'DOMAIN_NOT_ALLOWED', 'domain'],
    [{ domain: 'http://10.0.0.5', clientId: 'c', clientSecret: 's' }, 'INVALID', 'domain'],
    [{ domain: 'acme.okta.com/oauth2/default', clientId: 'c', clientSecret: 's' }, 'INVALID', 'domain'],
    [{ domain: 'acme.okta.com', clientId: 'c d', clientSecret: 's' }, 'INVALID', 'clientId'],
    [{ domain: 'acme.okta.com', clientId: 'c' }, 'REQUIRED', 'clientSecret'],
    [{ domain: 'acme.okta.com', clientId: 'c', clientSecret: 's', scopes: ['okta.users.read', 'okta.nope'] }, 'UNKNOWN_SCOPE', 'scopes'],
    [{ domain: 'http://127.0.0.1:9', clientId: 'c', clientSecret: 's' }, 'OKTA_UNREACHABLE', 'domain'],
  ])('input %j → userError %s on %s, nothing stored', async (input, code, field) => {
    const res: any = await stack.gql(CONFIGURE, { input }, await as('boss', 'tenant-bad', ['admin']));
    expect(res.errors).toBeUndefined();
    expect(res.data.configureOktaIntegration.integration).toBeNull();
    const errors = res.data.configureOktaIntegration.userErrors;
    expect(errors).toEqual(expect.arrayContaining([expect.objectContaining({ code, field: expect.arrayContaining(['input', field]) })]));
    expect(await stack.app.services.store.getIntegration('tenant-bad')).toBeUndefined();
  });

  test('a tenant admin configures; only that tenant sees and uses it; each user has their own connection', async () => {
    const adminA = await as('admin-a', 'tenant-a', ['admin']);
    const res: any = await stack.gql(CONFIGURE, { input: { domain: stack.sim.url, clientId: stack.client!.clientId, clientSecret: stack.client!.clientSecret, scopes: ['okta.users.read', 'okta.groups.read'] } }, adminA);
    expect(res.data.configureOktaIntegration.userErrors).toEqual([]);
    expect(res.data.configureOktaIntegration.integration).toEqual({
      domain: stack.sim.url,
      clientId: stack.client!.clientId,
      scopes: ['openid', 'offline_access', 'okta.users.read', 'okta.groups.read'],
      redirectUri: `${stack.url}/integration-callback`,
      hasClientSecret: true,
      source: 'STORED',
      updatedAt: expect.any(String),
    });
    expect(JSON.stringify(res)).not.toContain(stack.client!.clientSecret);

    // Keeping the secret: same client, no secret given.
    const again: any = await stack.gql(CONFIGURE, { input: { domain: stack.sim.url, clientId: stack.client!.clientId } }, adminA);
    expect(again.data.configureOktaIntegration.integration.hasClientSecret).toBe(true);

    const userA1 = await as('user-1', 'tenant-a');
    const run = await stack.connect(userA1, {}, 'org.admin@example.com');
    expect(run.callback?.status).toBe(200);
    const a1: any = await stack.gql('{ oktaConnection { status me { profile { login } } } users(first: 1) { nodes { id } } }', {}, userA1);
    expect(a1.errors).toBeUndefined();
    expect(a1.data.oktaConnection.me.profile.login).toBe('org.admin@example.com');

    // Another user of the same tenant: the integration, but not user-1's connection.
    const userA2 = await as('user-2', 'tenant-a');
    const a2: any = await stack.gql('{ oktaIntegration { clientId } oktaConnection { status } users(first: 1) { nodes { id } } }', {}, userA2);
    expect(a2.data.oktaIntegration.clientId).toBe(stack.client!.clientId);
    expect(a2.data.oktaConnection.status).toBe('NOT_CONNECTED');
    expect(a2.errors[0].extensions.code).toBe('OKTA_NOT_CONNECTED');

    // The same user id in another tenant sees neither the integration nor the connection.
    const sameSubOtherTenant = await as('user-1', 'tenant-b');
    const b: any = await stack.gql('{ oktaIntegration { clientId } oktaConnection { status } users(first: 1) { nodes { id } } }', {}, sameSubOtherTenant);
    expect(b.data.oktaIntegration).toBeNull();
    expect(b.data.oktaConnection.status).toBe('NOT_CONNECTED');
    expect(b.errors[0].extensions.code).toBe('OKTA_NOT_CONFIGURED');
    const connect: any = await stack.gql('mutation { connectOkta { authorizationUrl userErrors { code } } }', {}, sameSubOtherTenant);
    expect(connect.data.connectOkta).toEqual({ authorizationUrl: null, userErrors: [{ code: 'NOT_CONFIGURED' }] });
    const disconnect: any = await stack.gql('mutation { disconnectOkta { disconnected } }', {}, sameSubOtherTenant);
    expect(disconnect.data.disconnectOkta.disconnected).toBe(false);
    expect((await stack.app.services.store.getConnection('tenant-a', 'user-1'))?.status).toBe('CONNECTED');

    // Pointing the integration at another client invalidates existing connections.
    await stack.gql(CONFIGURE, { input: { domain: stack.sim.url, clientId: '0oaOtherClient', clientSecret: 'other-secret' } }, adminA);
    const after: any = await stack.gql('{ oktaConnection { status } users(first: 1) { nodes { id } } }', {}, userA1);
    expect(after.data.oktaConnection.status).toBe('NEEDS_REAUTH');
    expect(after.errors[0].extensions.code).toBe('OKTA_RECONNECT_REQUIRED');
  });
});
