import type { SimRequest } from '../http.js';
import type { Org } from '../org.js';
import type { LogTarget } from '../store/logs.js';
import type { TokenFamily } from './state.js';

/*
 * System Log events of the org authorization server. Okta names them `app.oauth2.*` for the org
 * authorization server (tag `oauth2-org-as`) and `app.oauth2.as.*` for custom ones; this is the
 * org authorization server, so the former.
 */

/** The kinds of tokens the org authorization server mints, as System Log target types. */
export type TokenKind = 'access_token' | 'id_token' | 'refresh_token';

const TOKEN_LABEL: Record<TokenKind, string> = { access_token: 'Access Token', id_token: 'ID Token', refresh_token: 'Refresh Token' };

function appTarget(org: Org, clientId: string): LogTarget {
  const name = org.oauth.clients.get(clientId)?.name ?? clientId;
  return { id: clientId, type: 'AppInstance', alternateId: name, displayName: name };
}

function tokenTarget(kind: TokenKind, id: string, family: TokenFamily, expiresAt?: number): LogTarget {
  return {
    id,
    type: kind,
    displayName: TOKEN_LABEL[kind],
    detailEntry: { subject: family.userId, ...(expiresAt !== undefined ? { expires: new Date(expiresAt).toISOString() } : {}) },
  };
}

/** `app.oauth2.authorize.code`: an authorization request answered with a code, or refused. */
export function logAuthorize(org: Org, req: SimRequest, clientId: string, userId: string, scopes: readonly string[], denied?: string): void {
  org.logs.emit(req, {
    eventType: 'app.oauth2.authorize.code',
    legacyEventType: denied ? 'app.oauth2.authorize.code_failure' : 'app.oauth2.authorize.code_success',
    displayMessage: 'OIDC authorization request',
    actorUserId: userId,
    severity: denied ? 'WARN' : 'INFO',
    outcome: denied ? { result: 'FAILURE', reason: denied } : { result: 'SUCCESS' },
    targets: [appTarget(org, clientId)],
    debugData: { responseType: 'code', requestedScopes: scopes.join(' ') },
  });
}

/** `app.oauth2.token.grant.{access_token,id_token,refresh_token}`: one per token minted. */
export function logGrant(org: Org, req: SimRequest, family: TokenFamily, kind: TokenKind, tokenId: string, grantType: string, scopes: readonly string[], expiresAt?: number): void {
  org.logs.emit(req, {
    eventType: `app.oauth2.token.grant.${kind}`,
    legacyEventType: `app.oauth2.token.grant.${kind}_success`,
    displayMessage: kind === 'id_token' ? 'OIDC id token is granted' : `OAuth2 ${kind === 'access_token' ? 'access' : 'refresh'} token is granted`,
    actorUserId: family.userId,
    targets: [tokenTarget(kind, tokenId, family, expiresAt), appTarget(org, family.clientId)],
    debugData: { grantType, grantedScopes: scopes.join(' ') },
  });
}

/** `app.oauth2.token.revoke`: a token revoked at `/oauth2/v1/revoke`. */
export function logRevoke(org: Org, req: SimRequest, family: TokenFamily, kind: TokenKind, tokenId: string): void {
  org.logs.emit(req, {
    eventType: 'app.oauth2.token.revoke',
    legacyEventType: 'app.oauth2.token.revoke_success',
    displayMessage: 'OAuth2 token revocation request',
    actorUserId: family.userId,
    targets: [tokenTarget(kind, tokenId, family), appTarget(org, family.clientId)],
  });
}

/** `app.oauth2.token.detect_reuse`: a rotated refresh token (or a code) replayed; the family is revoked. */
export function logReuse(org: Org, req: SimRequest, family: TokenFamily, tokenId: string, what: 'refresh_token' | 'authorization_code'): void {
  org.logs.emit(req, {
    eventType: 'app.oauth2.token.detect_reuse',
    displayMessage: 'OAuth2 token reuse detected',
    actorUserId: family.userId,
    severity: 'WARN',
    outcome: { result: 'FAILURE', reason: `Reuse of a previously used ${what === 'refresh_token' ? 'refresh token' : 'authorization code'}; all tokens of the grant were revoked` },
    targets: [what === 'refresh_token' ? tokenTarget('refresh_token', tokenId, family) : { id: tokenId, type: 'authorization_code' }, appTarget(org, family.clientId)],
  });
}
