import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { stateHash } from '../src/oauth/connect.js';
import { startIdp, type TestIdp } from './helpers/idp.js';
import { startStack, type Stack } from './helpers/stack.js';

/**
 * `CONNECT_CONFIRMATION=app` (the production default): a sign-in that comes back through the
 * callback is only stored once the app of the platform user who started it confirms it. A sign-in
 * link forwarded to a colleague (an Okta admin, say) cannot connect the colleague's Okta account to
 * the sender.
 */

let idp: TestIdp;
let stack: Stack;
const APP = 'https://console.example.com';
beforeAll(async () => {
  idp = await startIdp();
  stack = await startStack({
    mode: 'oauth',
    env: { AUTH_MODE: 'jwt', AUTH_JWKS_URL: idp.jwksUrl, AUTH_ISSUER: idp.issuer, AUTH_AUDIENCE: idp.audience, CONNECT_CONFIRMATION: 'app', CONNECT_RETURN_ORIGINS: APP },
  });
});
afterAll(async () => {
  await stack.close();
  await idp.close();
});

const as = async (sub: string, tenantId = 'acme') => ({ authorization: `Bearer ${await idp.token({ sub, tenantId })}` });
const CONFIRM = 'mutation($state: String!) { confirmOktaConnection(input: { state: $state }) { oktaConnection { status me { login } } userErrors { code field message } } }';
const STATUS = '{ oktaConnection { status me { login } } }';

/** Starts a flow as `starter`, and has the browser of `oktaLogin` sign in; returns where the callback sends it. */
async function signIn(starter: Record<string, string>, oktaLogin: string): Promise<URL> {
  const run = await stack.connect(starter, { returnTo: `${APP}/settings/okta` }, oktaLogin);
  expect(run.callback?.status).toBe(303);
  return new URL(run.callback!.headers.get('location')!);
}

describe('CONNECT_CONFIRMATION=app', () => {
  test('connectOkta needs a returnTo: the app confirms the connection', async () => {
    const res: any = await stack.gql('mutation { connectOkta { authorizationUrl userErrors { code field } } }', {}, await as('alice'));
    expect(res.data.connectOkta).toEqual({ authorizationUrl: null, userErrors: [{ code: 'REQUIRED', field: ['input', 'returnTo'] }] });
  });

  test('the callback stores nothing; the starting user confirms and is connected', async () => {
    const alice = await as('alice');
    const back = await signIn(alice, 'org.admin@example.com');
    expect(back.origin + back.pathname).toBe(`${APP}/settings/okta`);
    expect(back.searchParams.get('oktaConnect')).toBe('confirm');
    const state = back.searchParams.get('state')!;
    expect(((await stack.gql(STATUS, {}, alice)) as any).data.oktaConnection.status).toBe('NOT_CONNECTED');

    const confirmed: any = await stack.gql(CONFIRM, { state }, alice);
    expect(confirmed.data.confirmOktaConnection).toEqual({ oktaConnection: { status: 'CONNECTED', me: { login: 'org.admin@example.com' } }, userErrors: [] });
    expect(((await stack.gql(STATUS, {}, alice)) as any).data.oktaConnection.me.login).toBe('org.admin@example.com');

    const again: any = await stack.gql(CONFIRM, { state }, alice);
    expect(again.data.confirmOktaConnection.userErrors[0].code).toBe('NOT_FOUND');
  });

  test('a sign-in link forwarded to an Okta admin cannot connect the admin\'s account to the sender', async () => {
    const mallory = await as('mallory');
    const admin = await as('the-admin');
    // Mallory starts; the admin's browser follows the link and signs in to Okta as the admin.
    const back = await signIn(mallory, 'admin@example.com');
    const state = back.searchParams.get('state')!;
    // The admin's browser lands in the app, where the admin (not Mallory) is signed in.
    const byAdmin: any = await stack.gql(CONFIRM, { state }, admin);
    expect(byAdmin.data.confirmOktaConnection.oktaConnection).toBeNull();
    expect(byAdmin.data.confirmOktaConnection.userErrors).toEqual([expect.objectContaining({ code: 'NOT_ALLOWED', field: ['input', 'state'] })]);
    // The sign-in is discarded: Mallory cannot confirm it afterwards either, and nobody got connected.
    const byMallory: any = await stack.gql(CONFIRM, { state }, mallory);
    expect(byMallory.data.confirmOktaConnection.userErrors[0].code).toBe('NOT_FOUND');
    for (const who of [mallory, admin]) expect(((await stack.gql(STATUS, {}, who)) as any).data.oktaConnection.status).toBe('NOT_CONNECTED');
    expect(stack.logs.some((l) => l.includes('confirmed by another user'))).toBe(true);
  });

  test('a user of another tenant with the same id cannot confirm either', async () => {
    const back = await signIn(await as('bob', 'acme'), 'org.admin@example.com');
    const res: any = await stack.gql(CONFIRM, { state: back.searchParams.get('state')! }, await as('bob', 'globex'));
    expect(res.data.confirmOktaConnection.userErrors[0].code).toBe('NOT_ALLOWED');
  });

  test('a confirmation later than the code\'s lifetime is refused', async () => {
    const carol = await as('carol');
    const back = await signIn(carol, 'org.admin@example.com');
    const state = back.searchParams.get('state')!;
    const store = stack.app.services.store;
    const parked = await store.takePendingState(stateHash(state));
    expect(parked?.callbackSealed).toBeTruthy();
    expect(parked!.callbackSealed).not.toContain('code=');
    await store.savePendingState({ ...parked!, expiresAt: Date.now() - 1 });
    const res: any = await stack.gql(CONFIRM, { state }, carol);
    expect(res.data.confirmOktaConnection.userErrors[0].code).toBe('INVALID_STATE');
    expect(((await stack.gql(STATUS, {}, carol)) as any).data.oktaConnection.status).toBe('NOT_CONNECTED');
  });

  test('the parked callback cannot be replayed through the callback route', async () => {
    const dave = await as('dave');
    const run = await stack.connect(dave, { returnTo: `${APP}/x` }, 'org.admin@example.com');
    const replay = await fetch(run.callbackUrl!, { redirect: 'manual' });
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('invalid_state');
  });
});
