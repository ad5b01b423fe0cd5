import { randomBytes } from 'node:crypto';
import type { SimRequest } from '../http.js';
import type { Org } from '../org.js';
import type { SimUser } from '../store/users.js';
import { logGrant } from './events.js';
import { accessTokenHash, signJwt } from './keys.js';
import type { TokenFamily } from './state.js';

/** The grants that mint tokens. */
export type GrantType = 'authorization_code' | 'refresh_token';

/** What to mint for a family. */
export interface MintOptions {
  grantType: GrantType;
  /** The access token's scopes (a subset of the family's). */
  scopes: readonly string[];
  /** The `nonce` of the authorization request; only the code exchange's ID token carries it. */
  nonce?: string;
  /** Whether to mint a refresh token (the grant holds `offline_access`). */
  refresh: boolean;
}

/** The body of a successful token response (RFC 6749 §5.1, OIDC Core §3.1.3.3). */
export interface TokenResponseBody {
  token_type: 'Bearer';
  expires_in: number;
  access_token: string;
  scope: string;
  refresh_token?: string;
  id_token?: string;
}

const random = (bytes: number) => randomBytes(bytes).toString('base64url');
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** The user's OIDC claims that `scopes` release (OIDC Core §5.4), as Okta maps its profile. */
export function userClaims(user: SimUser, scopes: ReadonlySet<string> | readonly string[]): Record<string, unknown> {
  const has = (s: string) => (Array.isArray(scopes) ? scopes.includes(s) : (scopes as ReadonlySet<string>).has(s));
  const p = user.profile;
  const claims: Record<string, unknown> = {};
  if (has('profile')) {
    Object.assign(claims, {
      name: str(p.displayName) ?? [str(p.firstName), str(p.lastName)].filter(Boolean).join(' '),
      preferred_username: p.login,
      given_name: str(p.firstName),
      family_name: str(p.lastName),
      locale: str(p.locale),
      zoneinfo: str(p.timezone),
      updated_at: Math.floor(Date.parse(user.lastUpdated) / 1000),
    });
  }
  if (has('email') && str(p.email)) Object.assign(claims, { email: p.email, email_verified: user.status === 'ACTIVE' });
  if (has('phone') && (str(p.mobilePhone) ?? str(p.primaryPhone))) claims.phone_number = str(p.mobilePhone) ?? str(p.primaryPhone);
  if (has('address')) {
    claims.address = { street_address: str(p.streetAddress), locality: str(p.city), region: str(p.state), postal_code: str(p.zipCode), country: str(p.countryCode) };
  }
  for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
  return claims;
}

/** Okta puts only `name`, `preferred_username` and `email` in ID tokens; the rest is for `/userinfo`. */
function idTokenProfile(user: SimUser, scopes: readonly string[]): Record<string, unknown> {
  const all = userClaims(user, scopes);
  const picked: Record<string, unknown> = {};
  for (const k of ['name', 'preferred_username', 'email']) if (all[k] !== undefined) picked[k] = all[k];
  return picked;
}

/**
 * Mints an access token (a JWT signed by the org key, as Okta's org authorization server issues
 * them, with `scp`, `uid`, `cid` and `sub` = login), an ID token when `openid` was granted, and a
 * refresh token when asked; records them in the family and logs one System Log event per token.
 */
export function mintTokens(org: Org, req: SimRequest, family: TokenFamily, options: MintOptions): TokenResponseBody {
  const state = org.oauth;
  const s = state.settings;
  const user = org.users.get(family.userId);
  if (!user) throw new Error('token family of a deleted user');
  const now = Date.now();
  const iat = Math.floor(now / 1000);
  const issuer = state.issuer;

  const jti = `AT.${random(32)}`;
  const atExpiresAt = now + s.accessTokenLifetimeSeconds * 1000;
  const accessToken = signJwt(state.key, {
    ver: 1,
    jti,
    iss: issuer,
    aud: issuer,
    iat,
    // The claim says the lifetime to the second; the server honours it to the millisecond.
    exp: iat + s.accessTokenLifetimeSeconds,
    cid: family.clientId,
    uid: user.id,
    scp: [...options.scopes],
    auth_time: family.authTime,
    sub: user.profile.login,
  });
  state.addAccessToken(accessToken, { jti, family, scopes: new Set(options.scopes), issuedAt: now, expiresAt: atExpiresAt, revoked: false });
  state.counters.bump('accessTokensIssued', family.clientId);
  logGrant(org, req, family, 'access_token', jti, options.grantType, options.scopes, atExpiresAt);

  const body: TokenResponseBody = {
    token_type: 'Bearer',
    expires_in: s.accessTokenLifetimeSeconds,
    access_token: accessToken,
    scope: options.scopes.join(' '),
  };

  if (options.refresh) {
    const refreshToken = random(32);
    const id = `rt.${random(16)}`;
    const expiresAt = now + s.refreshTokenIdleSeconds * 1000;
    state.addRefreshToken(refreshToken, { id, family, issuedAt: now, expiresAt, revoked: false });
    state.counters.bump('refreshTokensIssued', family.clientId);
    logGrant(org, req, family, 'refresh_token', id, options.grantType, family.scopes, expiresAt);
    body.refresh_token = refreshToken;
  }

  if (options.scopes.includes('openid')) {
    const idJti = `ID.${random(32)}`;
    const idExpiresAt = now + s.idTokenLifetimeSeconds * 1000;
    body.id_token = signJwt(state.key, {
      sub: user.id,
      ...idTokenProfile(user, options.scopes),
      ver: 1,
      iss: issuer,
      aud: family.clientId,
      iat,
      exp: iat + s.idTokenLifetimeSeconds,
      jti: idJti,
      amr: ['pwd'],
      idp: state.orgId,
      ...(options.nonce !== undefined ? { nonce: options.nonce } : {}),
      auth_time: family.authTime,
      at_hash: accessTokenHash(accessToken),
    });
    state.counters.bump('idTokensIssued', family.clientId);
    logGrant(org, req, family, 'id_token', idJti, options.grantType, options.scopes, idExpiresAt);
  }
  return body;
}
