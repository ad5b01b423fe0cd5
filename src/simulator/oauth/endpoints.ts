import { isResponse, type SimRequest, type SimResponse } from '../http.js';
import type { Org } from '../org.js';
import { logRevoke } from './events.js';
import { verifyJwt } from './keys.js';
import { authenticateClient, NO_STORE, oauthError, readForm } from './protocol.js';
import type { RefreshTokenRecord, RegisteredClient } from './state.js';
import { userClaims } from './tokens.js';

type Hint = 'access_token' | 'refresh_token' | 'id_token';

/** The token types to try, the hinted one first (RFC 7009 §2.1, RFC 7662 §2.1: a hint is only a hint). */
function lookupOrder(hint: string | null): Hint[] {
  const all: Hint[] = ['access_token', 'refresh_token', 'id_token'];
  return hint && (all as string[]).includes(hint) ? [hint as Hint, ...all.filter((h) => h !== hint)] : all;
}

function authenticated(org: Org, req: SimRequest): { form: URLSearchParams; client: RegisteredClient; token: string } | SimResponse {
  const form = readForm(org, req);
  if (isResponse(form)) return form;
  const client = authenticateClient(org, req, form);
  if (isResponse(client)) return client;
  const token = form.get('token');
  if (!token) return oauthError(org, 'invalid_request', "The 'token' parameter is required.", client.clientId);
  return { form, client, token };
}

/**
 * `POST /oauth2/v1/revoke`. As Okta documents: revoking an access token leaves its refresh token
 * alone; revoking a refresh token revokes its grant's access tokens too (here: its whole token
 * family). An unknown, expired, already revoked or foreign token still answers 200, so that the
 * endpoint leaks nothing; ID tokens cannot be revoked.
 */
export function revoke(org: Org, req: SimRequest): SimResponse {
  const input = authenticated(org, req);
  if (isResponse(input)) return input;
  const { form, client, token } = input;
  const hint = form.get('token_type_hint');
  if (hint === 'id_token') return oauthError(org, 'unsupported_token_type', 'The authorization server does not support the revocation of the presented token type.', client.clientId);
  const state = org.oauth;
  for (const kind of lookupOrder(hint)) {
    if (kind === 'refresh_token') {
      const rec = state.refreshTokens.get(token);
      if (!rec || rec.family.clientId !== client.clientId) continue;
      if (!rec.revoked && !rec.family.revoked) {
        rec.revoked = true;
        state.revokeFamily(rec.family);
        state.counters.bump('revocations', client.clientId);
        logRevoke(org, req, rec.family, 'refresh_token', rec.id);
      }
      break;
    }
    if (kind === 'access_token') {
      const rec = state.accessTokens.get(token);
      if (!rec || rec.family.clientId !== client.clientId) continue;
      if (!rec.revoked && !rec.family.revoked) {
        rec.revoked = true;
        state.counters.bump('revocations', client.clientId);
        logRevoke(org, req, rec.family, 'access_token', rec.jti);
      }
      break;
    }
  }
  return { status: 200, headers: NO_STORE };
}

const seconds = (ms: number) => Math.floor(ms / 1000);

function liveRefresh(org: Org, rec: RefreshTokenRecord | undefined): RefreshTokenRecord | undefined {
  if (!rec || rec.revoked || rec.family.revoked || Date.now() >= rec.expiresAt) return undefined;
  if (rec.rotatedAt !== undefined && Date.now() - rec.rotatedAt > org.oauth.settings.refreshTokenGraceSeconds * 1000) return undefined;
  return rec;
}

/**
 * `POST /oauth2/v1/introspect` (RFC 7662): `{active: true, ...}` for a live token issued to the
 * calling client, `{active: false}` for anything else.
 */
export function introspect(org: Org, req: SimRequest): SimResponse {
  const input = authenticated(org, req);
  if (isResponse(input)) return input;
  const { form, client, token } = input;
  const state = org.oauth;
  const issuer = state.issuer;
  for (const kind of lookupOrder(form.get('token_type_hint'))) {
    if (kind === 'access_token') {
      const rec = state.liveAccessToken(token);
      const user = rec && org.users.get(rec.family.userId);
      if (!rec || !user || rec.family.clientId !== client.clientId) continue;
      return introspection({
        active: true, scope: [...rec.scopes].join(' '), username: user.profile.login, exp: seconds(rec.expiresAt), iat: seconds(rec.issuedAt),
        sub: user.profile.login, aud: issuer, iss: issuer, jti: rec.jti, token_type: 'Bearer', client_id: client.clientId, uid: user.id,
      });
    }
    if (kind === 'refresh_token') {
      const rec = liveRefresh(org, state.refreshTokens.get(token));
      const user = rec && org.users.get(rec.family.userId);
      if (!rec || !user || rec.family.clientId !== client.clientId) continue;
      return introspection({
        active: true, scope: rec.family.scopes.join(' '), username: user.profile.login, exp: seconds(rec.expiresAt), iat: seconds(rec.issuedAt),
        sub: user.profile.login, aud: issuer, iss: issuer, jti: rec.id, client_id: client.clientId, uid: user.id,
      });
    }
    const claims = verifyJwt(state.key, token);
    if (claims && claims.aud === client.clientId && typeof claims.exp === 'number' && claims.exp * 1000 > Date.now() && typeof claims.jti === 'string' && claims.jti.startsWith('ID.')) {
      const user = org.users.get(String(claims.sub));
      if (!user) continue;
      return introspection({ active: true, username: user.profile.login, exp: claims.exp, iat: claims.iat, sub: claims.sub, aud: claims.aud, iss: claims.iss, jti: claims.jti, token_type: 'id_token', client_id: client.clientId, uid: user.id });
    }
  }
  return introspection({ active: false });
}

function introspection(body: Record<string, unknown>): SimResponse {
  return { status: 200, body, headers: NO_STORE };
}

/**
 * `GET|POST /oauth2/v1/userinfo` (OIDC Core §5.3) with a bearer access token that holds `openid`;
 * claims follow the token's scopes. Errors are RFC 6750 challenges with an empty body, as Okta's.
 */
export function userinfo(org: Org, req: SimRequest): SimResponse {
  const issuer = org.oauth.issuer;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(String(req.headers.authorization ?? ''));
  if (!match) return { status: 401, headers: { 'www-authenticate': `Bearer realm="${issuer}"` } };
  const rec = org.oauth.liveAccessToken(match[1]!);
  const user = rec && org.users.get(rec.family.userId);
  if (!rec || !user) {
    return { status: 401, headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="The access token is invalid."` } };
  }
  if (!rec.scopes.has('openid')) {
    return {
      status: 403,
      headers: { 'www-authenticate': `Bearer error="insufficient_scope", error_description="The access token must provide access to at least one of these scopes - openid, profile, email, address or phone"` },
    };
  }
  return { status: 200, body: { sub: user.id, ...userClaims(user, rec.scopes) }, headers: NO_STORE };
}
