import type { Logger } from 'pino';
import type { Caller } from '../auth/caller.js';
import { ErrorCode, graphQLError } from '../errors.js';
import type { TokenProvider } from '../okta/client.js';
import { SealError, type Sealer } from '../store/crypto.js';
import { ConnectionChangedError, type ConnectionRecord, type Store } from '../store/types.js';
import type { ResolvedIntegration } from './integrations.js';
import { OAuthGrantError, type Oidc, type TokenSet } from './oidc.js';

/** Which sealed field of a connection. */
type TokenField = 'access_token' | 'refresh_token' | 'id_token';

/** What a sealed connection token is bound to. */
type TokenBinding = Pick<ConnectionRecord, 'tenantId' | 'userId' | 'oktaOrigin' | 'clientId' | 'oktaUserId'>;

/**
 * Associated data of a sealed connection token: bound to its tenant, user, field, and to the org,
 * client and Okta user it was issued for. Someone able to write the database cannot point a row at
 * another org and have the subgraph send the token there: the token would no longer open.
 */
export function tokenAad(b: TokenBinding, field: TokenField): string {
  return JSON.stringify(['connection', b.tenantId, b.userId, b.oktaOrigin, b.clientId, b.oktaUserId, field]);
}

/** An access token and when it expires (epoch ms). */
export interface AccessToken {
  token: string;
  expiresAt: number;
}

/** The status of a caller's connection as clients see it. */
export type EffectiveStatus = 'NOT_CONNECTED' | 'CONNECTED' | 'NEEDS_REAUTH';

/**
 * A stored connection is only usable for the integration it was made with: when a tenant admin
 * points the integration at another org or client, its users must reconnect.
 */
export function effectiveStatus(record: ConnectionRecord | undefined, integration: ResolvedIntegration | undefined): EffectiveStatus {
  if (!record) return 'NOT_CONNECTED';
  if (record.status === 'NEEDS_REAUTH') return 'NEEDS_REAUTH';
  if (!integration || record.oktaOrigin !== integration.origin.origin || record.clientId !== integration.clientId) return 'NEEDS_REAUTH';
  return 'CONNECTED';
}

const reconnect = (why: string) => graphQLError(ErrorCode.OKTA_RECONNECT_REQUIRED, `${why}; reconnect with the connectOkta mutation`);

/**
 * Access tokens of connected users, refreshed before they expire. Exactly one refresh per
 * connection runs at a time: in this process (single flight), and across replicas (the store's
 * connection lock, under which the row is read again, so that a refresh another replica just made
 * is used instead of repeated). Okta rotates refresh tokens; a second refresh with the same token
 * after the grace period would make Okta revoke the whole family.
 */
export class ConnectionManager {
  private readonly inflight = new Map<string, Promise<AccessToken>>();
  /** Refresh calls made to Okta by this process (for metrics and tests). */
  refreshes = 0;

  constructor(
    private readonly store: Store,
    private readonly sealer: Sealer,
    private readonly oidc: Oidc,
    private readonly options: { skewMs: number; logger: Logger; onRefresh?: (outcome: 'success' | 'invalid_grant' | 'failed') => void },
  ) {}

  /** Seals a token set into a connection record for `caller`. */
  seal(caller: Caller, integration: ResolvedIntegration, tokens: TokenSet, previous: ConnectionRecord | undefined, identity: { oktaUserId: string; oktaLogin: string | null }): ConnectionRecord {
    const { tenantId, userId } = caller;
    const now = Date.now();
    const binding: TokenBinding = { tenantId, userId, oktaOrigin: integration.origin.origin, clientId: integration.clientId, oktaUserId: identity.oktaUserId };
    const refresh = tokens.refreshToken ?? (previous ? this.open(previous, 'refresh_token') : undefined);
    const idToken = tokens.idToken ?? (previous ? this.open(previous, 'id_token') : undefined);
    return {
      tenantId,
      userId,
      oktaOrigin: integration.origin.origin,
      clientId: integration.clientId,
      oktaUserId: identity.oktaUserId,
      oktaLogin: identity.oktaLogin,
      status: 'CONNECTED',
      scopes: tokens.scopes ?? previous?.scopes ?? [],
      accessTokenSealed: this.sealer.seal(tokens.accessToken, tokenAad(binding, 'access_token')),
      accessTokenExpiresAt: tokens.accessTokenExpiresAt,
      refreshTokenSealed: refresh ? this.sealer.seal(refresh, tokenAad(binding, 'refresh_token')) : null,
      idTokenSealed: idToken ? this.sealer.seal(idToken, tokenAad(binding, 'id_token')) : null,
      connectedAt: previous?.connectedAt ?? now,
      lastRefreshedAt: previous ? now : null,
      updatedAt: now,
    };
  }

  /**
   * Opens one sealed token of a record; undefined when there is none, or when it does not open (its
   * key is gone, or the row was altered): the connection then needs re-authorization, which is
   * what such a row deserves.
   */
  open(record: ConnectionRecord, field: TokenField): string | undefined {
    const sealed = field === 'access_token' ? record.accessTokenSealed : field === 'refresh_token' ? record.refreshTokenSealed : record.idTokenSealed;
    if (!sealed) return undefined;
    try {
      return this.sealer.open(sealed, tokenAad(record, field));
    } catch (err) {
      if (!(err instanceof SealError)) throw err;
      this.options.logger.error({ tenantId: record.tenantId, userId: record.userId, field, reason: err.message }, 'a stored Okta token does not open');
      return undefined;
    }
  }

  /** True when the record's access token is usable for at least the refresh skew. */
  fresh(record: ConnectionRecord): boolean {
    return record.accessTokenSealed !== null && (record.accessTokenExpiresAt ?? 0) - this.options.skewMs > Date.now();
  }

  /**
   * A usable access token for the caller: refreshed when it expires within the skew, or when Okta
   * just rejected `rejected` (a revoked token that has not expired).
   */
  accessToken(caller: Caller, integration: ResolvedIntegration, rejected?: string): Promise<AccessToken> {
    const key = `${caller.tenantId}\u0000${caller.userId}`;
    const running = this.inflight.get(key);
    // A refresh already running may hand back the very token Okta just rejected (it started before
    // the rejection): then refresh again, now knowing what to avoid.
    if (running) return running.then((t) => (rejected !== undefined && t.token === rejected ? this.accessToken(caller, integration, rejected) : t));
    const work = this.refreshUnderLock(caller, integration, rejected)
      .catch((err: unknown) => {
        // Disconnected or reconnected while we refreshed: our tokens were not saved. Read again.
        if (err instanceof ConnectionChangedError) return this.refreshUnderLock(caller, integration, rejected);
        throw err;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, work);
    return work;
  }

  private refreshUnderLock(caller: Caller, integration: ResolvedIntegration, rejected: string | undefined): Promise<AccessToken> {
    return this.store.withConnectionLock<AccessToken>(caller.tenantId, caller.userId, async (current) => {
      const status = effectiveStatus(current, integration);
      if (!current || status === 'NOT_CONNECTED') return { error: graphQLError(ErrorCode.OKTA_NOT_CONNECTED, 'Connect your Okta account first with the connectOkta mutation') };
      if (status === 'NEEDS_REAUTH') return { error: reconnect('Okta no longer accepts this connection') };
      const access = this.open(current, 'access_token');
      if (access && this.fresh(current) && access !== rejected) return { result: { token: access, expiresAt: current.accessTokenExpiresAt ?? 0 } };

      const refreshToken = this.open(current, 'refresh_token');
      if (!refreshToken) return { error: reconnect('There is no refresh token for this connection'), save: this.needsReauth(current) };
      let tokens: TokenSet;
      try {
        this.refreshes++;
        tokens = await this.oidc.refresh(this.client(integration), refreshToken);
      } catch (err) {
        this.options.onRefresh?.(err instanceof OAuthGrantError && err.error === 'invalid_grant' ? 'invalid_grant' : 'failed');
        if (err instanceof OAuthGrantError && err.error === 'invalid_grant') {
          this.options.logger.warn({ tenantId: caller.tenantId, userId: caller.userId }, 'Okta refused the refresh token; the connection needs re-authorization');
          return { error: reconnect('Okta refused the stored refresh token (revoked or expired)'), save: this.needsReauth(current) };
        }
        if (err instanceof OAuthGrantError && err.error === 'invalid_client') {
          return { error: graphQLError(ErrorCode.OKTA_UNAUTHORIZED, "Okta refused the integration's client credentials; a tenant admin must update them") };
        }
        return { error: graphQLError(ErrorCode.OKTA_UNAVAILABLE, 'Okta could not refresh the access token; retry later') };
      }
      this.options.onRefresh?.('success');
      const save = this.seal(caller, integration, tokens, current, { oktaUserId: current.oktaUserId, oktaLogin: current.oktaLogin });
      this.options.logger.info({ tenantId: caller.tenantId, userId: caller.userId, expiresAt: new Date(tokens.accessTokenExpiresAt).toISOString() }, 'refreshed Okta access token');
      return { result: { token: tokens.accessToken, expiresAt: tokens.accessTokenExpiresAt }, save };
    });
  }

  private needsReauth(record: ConnectionRecord): ConnectionRecord {
    return { ...record, status: 'NEEDS_REAUTH', accessTokenSealed: null, accessTokenExpiresAt: null, refreshTokenSealed: null, updatedAt: Date.now() };
  }

  /** The OIDC client of an integration (its secret is required for the token endpoint). */
  client(integration: ResolvedIntegration) {
    if (!integration.clientSecret) throw graphQLError(ErrorCode.OKTA_NOT_CONFIGURED, 'The Okta integration has no client secret');
    return { origin: integration.origin, clientId: integration.clientId, clientSecret: integration.clientSecret };
  }
}

/**
 * The per-request token provider of a connected caller: the access token read with the request's
 * context, refreshed through the {@link ConnectionManager} when due or when Okta rejects it.
 */
export class OAuthTokenProvider implements TokenProvider {
  private token: string | undefined;
  private expiresAt: number;

  constructor(
    private readonly manager: ConnectionManager,
    private readonly caller: Caller,
    private readonly integration: ResolvedIntegration,
    record: ConnectionRecord,
    private readonly skewMs: number,
  ) {
    this.token = manager.fresh(record) ? manager.open(record, 'access_token') : undefined;
    this.expiresAt = record.accessTokenExpiresAt ?? 0;
  }

  async authorization(): Promise<string> {
    if (!this.token || this.expiresAt - this.skewMs <= Date.now()) {
      const next = await this.manager.accessToken(this.caller, this.integration);
      this.token = next.token;
      this.expiresAt = next.expiresAt;
    }
    return `Bearer ${this.token}`;
  }

  async renew(rejected: string): Promise<boolean> {
    const stale = rejected.replace(/^Bearer\s+/i, '');
    const next = await this.manager.accessToken(this.caller, this.integration, stale);
    this.token = next.token;
    this.expiresAt = next.expiresAt;
    return next.token !== stale;
  }
}
