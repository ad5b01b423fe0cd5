import { createHash } from 'node:crypto';
import { isResponse, type SimRequest, type SimResponse } from '../http.js';
import type { Org } from '../org.js';
import { logReuse } from './events.js';
import { isValidVerifier, verifierMatches } from './pkce.js';
import { authenticateClient, NO_STORE, oauthError, readForm } from './protocol.js';
import type { RegisteredClient } from './state.js';
import { mintTokens } from './tokens.js';

const INVALID_CODE = 'The authorization code is invalid or has expired.';
const INVALID_REFRESH = 'The refresh token is invalid or expired.';

/** `POST /oauth2/v1/token`: `authorization_code` and `refresh_token` grants for confidential web apps. */
export function token(org: Org, req: SimRequest): SimResponse {
  const form = readForm(org, req);
  if (isResponse(form)) return form;
  const client = authenticateClient(org, req, form);
  if (isResponse(client)) return client;
  const grantType = form.get('grant_type');
  if (!grantType) return oauthError(org, 'invalid_request', "The 'grant_type' parameter is required.", client.clientId);
  if (grantType === 'authorization_code') return codeGrant(org, req, form, client);
  if (grantType === 'refresh_token') return refreshGrant(org, req, form, client);
  return oauthError(org, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server. Configured grant types: [authorization_code, refresh_token].', client.clientId);
}

function ok(body: unknown): SimResponse {
  return { status: 200, body, headers: NO_STORE };
}

/**
 * The code exchange (RFC 6749 §4.1.3, RFC 7636 §4.6). A code is spent by its first presentation,
 * whatever the outcome; presenting it again revokes the tokens it was exchanged for (RFC 6749
 * §4.1.2: "SHOULD revoke (when possible) all tokens previously issued based on that code").
 */
function codeGrant(org: Org, req: SimRequest, form: URLSearchParams, client: RegisteredClient): SimResponse {
  const state = org.oauth;
  const code = form.get('code');
  if (!code) return oauthError(org, 'invalid_request', "The 'code' parameter is required.", client.clientId);
  const rec = state.codes.get(code);
  const fail = (error: string, description: string) => oauthError(org, error, description, client.clientId);
  if (!rec || rec.clientId !== client.clientId) return fail('invalid_grant', INVALID_CODE);
  if (rec.used) {
    state.counters.bump('codeReuses', client.clientId);
    if (rec.family && state.revokeFamily(rec.family)) {
      logReuse(org, req, rec.family, createHash('sha256').update(code).digest('base64url').slice(0, 20), 'authorization_code');
    }
    return fail('invalid_grant', INVALID_CODE);
  }
  rec.used = true;
  if (Date.now() >= rec.expiresAt) return fail('invalid_grant', INVALID_CODE);
  if (form.get('redirect_uri') !== rec.redirectUri) {
    return fail('invalid_grant', "The 'redirect_uri' does not match the redirection URI used in the authorization request.");
  }
  const verifier = form.get('code_verifier');
  if (!verifier) return fail('invalid_request', 'PKCE code verifier is required when the parameter code_challenge is included in the authorization request.');
  if (!isValidVerifier(verifier) || !verifierMatches(verifier, rec.codeChallenge)) return fail('invalid_grant', 'PKCE verification failed.');
  const user = org.users.get(rec.userId);
  if (!user || user.status !== 'ACTIVE') return fail('invalid_grant', INVALID_CODE);

  const family = state.newFamily(rec);
  rec.family = family;
  state.counters.bump('codesRedeemed', client.clientId);
  return ok(
    mintTokens(org, req, family, {
      grantType: 'authorization_code',
      scopes: rec.scopes,
      ...(rec.nonce !== undefined ? { nonce: rec.nonce } : {}),
      refresh: rec.scopes.includes('offline_access'),
    }),
  );
}

/**
 * The refresh grant with Okta's refresh token rotation: every refresh returns a new refresh token;
 * the one presented stays usable for the grace period after its first use; presented after that,
 * it is a replay: Okta revokes every token of the grant (the family) and answers `invalid_grant`.
 */
function refreshGrant(org: Org, req: SimRequest, form: URLSearchParams, client: RegisteredClient): SimResponse {
  const state = org.oauth;
  const presented = form.get('refresh_token');
  if (!presented) return oauthError(org, 'invalid_request', "The 'refresh_token' parameter is required.", client.clientId);
  const rec = state.refreshTokens.get(presented);
  const invalid = () => oauthError(org, 'invalid_grant', INVALID_REFRESH, client.clientId);
  if (!rec || rec.family.clientId !== client.clientId) return invalid();
  const { family } = rec;
  const now = Date.now();
  if (family.revoked || rec.revoked || now >= rec.expiresAt) return invalid();
  if (rec.rotatedAt !== undefined) {
    if (now - rec.rotatedAt > state.settings.refreshTokenGraceSeconds * 1000) {
      state.revokeFamily(family);
      state.counters.bump('reuseDetections', client.clientId);
      logReuse(org, req, family, rec.id, 'refresh_token');
      return invalid();
    }
    state.counters.bump('graceReuses', client.clientId);
  }
  const user = org.users.get(family.userId);
  if (!user || user.status !== 'ACTIVE') return invalid();

  let scopes = family.scopes;
  const asked = form.get('scope');
  if (asked !== null) {
    // RFC 6749 §6: a refresh may narrow the scope, never add to what was granted.
    const wanted = [...new Set(asked.split(' ').filter(Boolean))];
    if (wanted.length === 0 || wanted.some((s) => !family.scopes.includes(s))) {
      return oauthError(org, 'invalid_scope', 'The requested scope is invalid, unknown, or malformed.', client.clientId);
    }
    scopes = wanted;
  }
  if (rec.rotatedAt === undefined) {
    rec.rotatedAt = now;
    state.counters.bump('rotations', client.clientId);
  }
  state.counters.bump('refreshes', client.clientId);
  return ok(mintTokens(org, req, family, { grantType: 'refresh_token', scopes, refresh: true }));
}
