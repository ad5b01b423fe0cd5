import { randomBytes } from 'node:crypto';
import type { SimRequest, SimResponse } from '../http.js';
import type { Org } from '../org.js';
import { logAuthorize } from './events.js';
import { isValidS256Challenge } from './pkce.js';
import { errorPage, redirectTo } from './protocol.js';
import { isKnownScope } from './scopes.js';

const OIDC_CLAIM_SCOPES = ['profile', 'email', 'address', 'phone'];

/**
 * `GET /oauth2/v1/authorize`: the authorization code flow with PKCE S256. The user "signs in" and
 * consents at once, as the user named by `login_hint` or the configured default (the seeded super
 * admin); the control plane can make consent fail instead.
 *
 * Order matters, as in RFC 6749 §4.1.2.1: until the client and its exact redirect URI are known,
 * errors are an error page (never a redirect, or the server would be an open redirector); after
 * that, every error goes back to the client as `error`, `error_description` and `state`.
 */
export function authorize(org: Org, req: SimRequest): SimResponse {
  const q = req.query;
  const clientId = q.get('client_id');
  const client = clientId ? org.oauth.clients.get(clientId) : undefined;
  if (!client) return errorPage('invalid_client', "Invalid value for 'client_id' parameter.");
  const redirectUri = q.get('redirect_uri');
  if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
    return errorPage('invalid_request', "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings.");
  }

  const state = q.get('state') ?? undefined;
  const fail = (error: string, description: string) => redirectTo(redirectUri, { error, error_description: description, state });
  const seen = new Set<string>();
  for (const key of q.keys()) {
    if (seen.has(key)) return fail('invalid_request', `The '${key}' parameter was provided more than once.`);
    seen.add(key);
  }

  const responseType = q.get('response_type');
  if (!responseType) return fail('invalid_request', "The 'response_type' parameter is required.");
  if (responseType !== 'code') {
    return fail('unsupported_response_type', 'The response type is not supported by the authorization server. Configured response types: [code].');
  }
  const responseMode = q.get('response_mode');
  if (responseMode !== null && responseMode !== 'query') {
    return fail('unsupported_response_mode', `The requested response mode is not supported: ${responseMode}. Supported response modes: [query].`);
  }
  if (!state) return fail('invalid_request', "The 'state' parameter is required.");

  const requested = [...new Set((q.get('scope') ?? '').split(' ').filter(Boolean))];
  if (requested.length === 0) {
    return fail('invalid_scope', "The authorization server resource does not have any configured default scopes, 'scope' must be provided.");
  }
  const unknown = requested.filter((s) => !isKnownScope(s));
  if (unknown.length > 0) {
    // The org authorization server has no custom scopes; an unknown okta.* name is simply unknown.
    return unknown.some((s) => !s.startsWith('okta.'))
      ? fail('invalid_scope', 'Custom scopes are not allowed for this request.')
      : fail('invalid_scope', 'One or more scopes are not configured for the authorization server resource.');
  }
  if (!requested.includes('openid')) {
    return requested.some((s) => OIDC_CLAIM_SCOPES.includes(s))
      ? fail('invalid_scope', "Requests for ID tokens or access tokens with OpenID scopes require the 'openid' scope.")
      : fail('invalid_scope', "The 'openid' scope is required.");
  }
  // Okta grants the requested scopes that are in the app's grant collection and leaves out the
  // others; the token response's `scope` tells the client what it got.
  const granted = requested.filter((s) => client.allowedScopes.has(s));

  const challenge = q.get('code_challenge');
  const method = q.get('code_challenge_method');
  if (!challenge) return fail('invalid_request', 'PKCE code challenge is required by the client application.');
  // RFC 7636 §4.3: no method means `plain`, which Okta does not support.
  if (method !== 'S256') return fail('invalid_request', "PKCE code challenge method is not supported. Supported methods: [S256]. Use 'code_challenge_method=S256'.");
  if (!isValidS256Challenge(challenge)) return fail('invalid_request', 'PKCE code challenge contains illegal characters or has an invalid length.');

  const login = q.get('login_hint') ?? org.oauth.settings.defaultLogin;
  const user = org.users.get(login);
  if (!user || user.status !== 'ACTIVE') return fail('access_denied', 'The user is not allowed to sign in.');

  if (org.oauth.settings.consent === 'deny') {
    org.oauth.counters.bump('consentDenials', client.clientId);
    logAuthorize(org, req, client.clientId, user.id, requested, 'User denied consent');
    return fail('access_denied', 'The resource owner or authorization server denied the request.');
  }

  const now = Date.now();
  const code = randomBytes(32).toString('base64url');
  const nonce = q.get('nonce');
  org.oauth.codes.set(code, {
    clientId: client.clientId,
    redirectUri,
    codeChallenge: challenge,
    ...(nonce !== null ? { nonce } : {}),
    scopes: granted,
    userId: user.id,
    authTime: Math.floor(now / 1000),
    expiresAt: now + org.oauth.settings.codeLifetimeSeconds * 1000,
    used: false,
  });
  org.oauth.counters.bump('codesIssued', client.clientId);
  org.oauth.sweepSometimes();
  logAuthorize(org, req, client.clientId, user.id, requested);
  return redirectTo(redirectUri, { code, state });
}
