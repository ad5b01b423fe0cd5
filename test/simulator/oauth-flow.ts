/**
 * Drives the simulator's org authorization server over plain HTTP, as a browser and a confidential
 * client would: authorize (following nothing, reading the 302), token, refresh, revoke, introspect,
 * and the `/__simulator/oauth` control plane. Shared by the `oauth*.test.ts` suites.
 */
import { createHash, randomBytes } from 'node:crypto';

/** A registered web app as the tests use it. */
export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/** A PKCE pair (RFC 7636, S256). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** `GET /oauth2/v1/authorize` without following the redirect. */
export async function authorizeRaw(simUrl: string, params: Record<string, string | undefined>): Promise<Response> {
  const url = new URL('/oauth2/v1/authorize', simUrl);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return fetch(url, { redirect: 'manual' });
}

/** The query of a 302's `Location`, or throws when the answer is not a redirect. */
export function redirectParams(res: Response): URLSearchParams {
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`expected a redirect, got ${res.status}`);
  return new URL(location).searchParams;
}

/** Standard authorize parameters for `client`; override or drop (`undefined`) any of them. */
export function authorizeParams(client: TestClient, challenge: string, overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    response_type: 'code',
    scope: 'openid profile email offline_access okta.users.read',
    state: randomBytes(8).toString('hex'),
    nonce: randomBytes(8).toString('hex'),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
}

/** The answer of a form POST, body parsed when JSON. */
export interface FormAnswer {
  status: number;
  headers: Headers;
  body: Record<string, any>;
}

/** How the client authenticates. */
export type ClientAuthMode = 'basic' | 'post' | 'none';

/** POSTs a form to an OAuth endpoint with client authentication. */
export async function postForm(simUrl: string, path: string, client: TestClient, form: Record<string, string>, auth: ClientAuthMode = 'basic'): Promise<FormAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  const body = new URLSearchParams(form);
  if (auth === 'basic') {
    const enc = (s: string) => encodeURIComponent(s);
    headers.authorization = `Basic ${Buffer.from(`${enc(client.clientId)}:${enc(client.clientSecret)}`).toString('base64')}`;
  } else if (auth === 'post') {
    body.set('client_id', client.clientId);
    body.set('client_secret', client.clientSecret);
  }
  const res = await fetch(new URL(path, simUrl), { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
}

/** Authorize then exchange the code: the whole code flow, returning the token response. */
export async function codeFlow(
  simUrl: string,
  client: TestClient,
  overrides: Record<string, string | undefined> = {},
  auth: ClientAuthMode = 'basic',
): Promise<FormAnswer & { nonce?: string }> {
  const { verifier, challenge } = pkcePair();
  const params = authorizeParams(client, challenge, overrides);
  const callback = redirectParams(await authorizeRaw(simUrl, params));
  const code = callback.get('code');
  if (!code) throw new Error(`authorize failed: ${callback.get('error')} ${callback.get('error_description')}`);
  const answer = await postForm(simUrl, '/oauth2/v1/token', client, { grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: verifier }, auth);
  return { ...answer, ...(params.nonce !== undefined ? { nonce: params.nonce } : {}) };
}

/** A refresh grant. */
export function refresh(simUrl: string, client: TestClient, refreshToken: string, extra: Record<string, string> = {}): Promise<FormAnswer> {
  return postForm(simUrl, '/oauth2/v1/token', client, { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra });
}

/** `GET /api/v1/users?limit=1` with a bearer token: the cheapest management call. */
export async function managementCall(simUrl: string, accessToken: string, path = '/api/v1/users?limit=1'): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(new URL(path, simUrl), { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

/** Calls the simulator's control plane (`/__simulator/...`). */
export async function control(simUrl: string, path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<{ status: number; body: any }> {
  const res = await fetch(new URL(`/__simulator/${path}`, simUrl), {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Registers (or replaces) a client through the control plane. */
export async function registerClient(simUrl: string, client: TestClient, allowedScopes?: string[]): Promise<void> {
  const res = await control(simUrl, 'oauth/clients', { ...client, redirectUris: [client.redirectUri], ...(allowedScopes ? { allowedScopes } : {}) });
  if (res.status !== 201 && res.status !== 200) throw new Error(`register client: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Decodes a JWT's payload without verifying it. */
export function jwtClaims(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, any>;
}

/** Waits `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
