import { ok, type SimResponse } from '../http.js';
import type { Org } from '../org.js';
import type { RouteDef } from '../router.js';
import { authorize } from './authorize.js';
import { introspect, revoke, userinfo } from './endpoints.js';
import { ALL_SCOPES } from './scopes.js';
import { token } from './token.js';

const CLIENT_AUTH = ['client_secret_basic', 'client_secret_post'];

/**
 * The org authorization server's metadata (OIDC Discovery 1.0, RFC 8414). The issuer is the org
 * URL itself, not `/oauth2/default`: only the org authorization server mints tokens with Okta API
 * scopes. It advertises what this server implements, so a standard client (openid-client) never
 * picks a method it would then be refused.
 */
export function serverMetadata(org: Org): Record<string, unknown> {
  const issuer = org.oauth.issuer;
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth2/v1/authorize`,
    token_endpoint: `${issuer}/oauth2/v1/token`,
    userinfo_endpoint: `${issuer}/oauth2/v1/userinfo`,
    jwks_uri: `${issuer}/oauth2/v1/keys`,
    introspection_endpoint: `${issuer}/oauth2/v1/introspect`,
    revocation_endpoint: `${issuer}/oauth2/v1/revoke`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: [...ALL_SCOPES],
    token_endpoint_auth_methods_supported: CLIENT_AUTH,
    introspection_endpoint_auth_methods_supported: CLIENT_AUTH,
    revocation_endpoint_auth_methods_supported: CLIENT_AUTH,
    claims_supported: [
      'iss', 'ver', 'sub', 'aud', 'iat', 'exp', 'jti', 'auth_time', 'amr', 'idp', 'nonce', 'name', 'preferred_username',
      'given_name', 'family_name', 'email', 'email_verified', 'zoneinfo', 'locale', 'address', 'phone_number', 'updated_at', 'at_hash',
    ],
    code_challenge_methods_supported: ['S256'],
    request_parameter_supported: false,
    claims_parameter_supported: false,
  };
}

function keys(org: Org): SimResponse {
  // Okta lets clients cache its JWKS and rotates keys with overlap; one key never rotates here.
  return ok({ keys: [org.oauth.key.jwk] }, { 'cache-control': 'max-age=86400, must-revalidate' });
}

/** The org authorization server's routes (`oauth` kind: rate limits, faults and stats apply). */
export function oauthRoutes(org: Org): RouteDef[] {
  const route = (method: RouteDef['method'], path: string, handler: RouteDef['handler']): RouteDef => ({ method, path, kind: 'oauth', handler });
  return [
    route('GET', '/.well-known/openid-configuration', () => ok(serverMetadata(org))),
    route('GET', '/.well-known/oauth-authorization-server', () => ok(serverMetadata(org))),
    route('GET', '/oauth2/v1/authorize', (req) => authorize(org, req)),
    route('POST', '/oauth2/v1/token', (req) => token(org, req)),
    route('POST', '/oauth2/v1/revoke', (req) => revoke(org, req)),
    route('POST', '/oauth2/v1/introspect', (req) => introspect(org, req)),
    route('GET', '/oauth2/v1/userinfo', (req) => userinfo(org, req)),
    route('POST', '/oauth2/v1/userinfo', (req) => userinfo(org, req)),
    route('GET', '/oauth2/v1/keys', () => keys(org)),
  ];
}
