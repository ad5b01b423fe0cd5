import { createHash, timingSafeEqual } from 'node:crypto';
import type { SimRequest, SimResponse } from '../http.js';
import type { Org } from '../org.js';
import type { RegisteredClient } from './state.js';

/** Headers of every token-bearing answer (RFC 6749 §5.1). */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/**
 * An RFC 6749 §5.2 error answer (`{error, error_description}`), counted by code for tests.
 * Okta answers 401 for `invalid_client` and 400 for the rest.
 */
export function oauthError(org: Org, error: string, description: string, clientId?: string, status = error === 'invalid_client' ? 401 : 400): SimResponse {
  org.oauth.counters.error(error, clientId);
  return { status, body: { error, error_description: description }, headers: NO_STORE };
}

/**
 * The form parameters of a POST to a token-like endpoint. RFC 6749 §3.2 requires
 * `application/x-www-form-urlencoded`, and a parameter sent twice makes the request invalid.
 */
export function readForm(org: Org, req: SimRequest): URLSearchParams | SimResponse {
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    return oauthError(org, 'invalid_request', 'The request must use the application/x-www-form-urlencoded content type.');
  }
  const form = new URLSearchParams(req.rawBody);
  const seen = new Set<string>();
  for (const key of form.keys()) {
    if (seen.has(key)) return oauthError(org, 'invalid_request', `The '${key}' parameter was provided more than once.`);
    seen.add(key);
  }
  return form;
}

/** `application/x-www-form-urlencoded` decoding of one Basic credential half (RFC 6749 §2.3.1). */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Client authentication with `client_secret_basic` or `client_secret_post`, with Okta's errors:
 * both at once is `invalid_request`; an unknown client or a wrong or missing secret is 401
 * `invalid_client`.
 */
export function authenticateClient(org: Org, req: SimRequest, form: URLSearchParams): RegisteredClient | SimResponse {
  const header = req.headers.authorization;
  let clientId: string | undefined;
  let secret: string | undefined;
  if (header && /^basic\s/i.test(header)) {
    if (form.has('client_secret') || form.has('client_assertion')) {
      return oauthError(org, 'invalid_request', 'Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.');
    }
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    clientId = colon > 0 ? formDecode(decoded.slice(0, colon)) : undefined;
    secret = colon > 0 ? formDecode(decoded.slice(colon + 1)) : undefined;
    if (clientId === undefined || secret === undefined) {
      return oauthError(org, 'invalid_client', 'Client authentication failed. Either the client or the client credentials are invalid.');
    }
    const bodyId = form.get('client_id');
    if (bodyId !== null && bodyId !== clientId) {
      return oauthError(org, 'invalid_client', 'Client authentication failed. Either the client or the client credentials are invalid.');
    }
  } else {
    clientId = form.get('client_id') ?? undefined;
    secret = form.get('client_secret') ?? undefined;
  }
  if (!clientId) return oauthError(org, 'invalid_client', 'Client authentication failed. Either the client or the client credentials are invalid.');
  const client = org.oauth.clients.get(clientId);
  if (!client) return oauthError(org, 'invalid_client', "Invalid value for 'client_id' parameter.");
  // Every client here is a confidential web app: a missing secret fails like a wrong one.
  if (secret === undefined || !sameSecret(secret, client.clientSecret)) {
    return oauthError(org, 'invalid_client', 'The client secret supplied for a confidential client is invalid.', client.clientId);
  }
  return client;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Okta's error page: what `/authorize` shows instead of redirecting when it cannot trust the
 * redirect URI (unknown client, unregistered `redirect_uri`), per RFC 6749 §4.1.2.1.
 */
export function errorPage(error: string, description: string): SimResponse {
  return {
    status: 400,
    contentType: 'text/html; charset=utf-8',
    raw: `<!DOCTYPE html><html><head><title>400 Bad Request</title></head><body><h1>400 Bad Request</h1><p>Identity Provider: Okta</p><p>Error Code: <code id="errorCode">${escapeHtml(error)}</code></p><p>Description: <span id="errorDescription">${escapeHtml(description)}</span></p></body></html>`,
  };
}

/** A 302 to `redirectUri` with `params` added to its query (RFC 6749 §4.1.2, response_mode=query). */
export function redirectTo(redirectUri: string, params: Record<string, string | undefined>): SimResponse {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return { status: 302, headers: { location: url.toString(), ...NO_STORE }, raw: '', contentType: 'text/html; charset=utf-8' };
}
