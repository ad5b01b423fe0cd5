/**
 * What the subgraph persists, and the one interface both stores implement. Every secret arrives
 * already sealed (`…Sealed` fields, see crypto.ts): a store never sees a plaintext token or secret.
 * Times are epoch milliseconds.
 */

/** A tenant's Okta integration: the OIDC web app its admin registered in their Okta org. */
export interface IntegrationRecord {
  tenantId: string;
  /** The org's origin, e.g. `https://acme.okta.com`. */
  oktaOrigin: string;
  clientId: string;
  clientSecretSealed: string | null;
  /** Scopes to request when users connect. */
  scopes: string[];
  /** Platform user id of the admin who last changed it. */
  updatedBy: string;
  createdAt: number;
  updatedAt: number;
}

/** Okta connection statuses we persist (`NOT_CONNECTED` is the absence of a record). */
export type ConnectionStatus = 'CONNECTED' | 'NEEDS_REAUTH';

/** One platform user's connection to their Okta account. */
export interface ConnectionRecord {
  tenantId: string;
  userId: string;
  /** The org and client the tokens were issued for; a changed integration invalidates them. */
  oktaOrigin: string;
  clientId: string;
  oktaUserId: string;
  oktaLogin: string | null;
  status: ConnectionStatus;
  /** Scopes Okta granted (from the token response). */
  scopes: string[];
  accessTokenSealed: string | null;
  accessTokenExpiresAt: number | null;
  refreshTokenSealed: string | null;
  idTokenSealed: string | null;
  connectedAt: number;
  lastRefreshedAt: number | null;
  updatedAt: number;
}

/** A pending authorization request: single use, bound to tenant and user, short-lived. */
export interface PendingStateRecord {
  /** SHA-256 of the `state` parameter: the store never holds a usable state value. */
  stateHash: string;
  tenantId: string;
  userId: string;
  codeVerifierSealed: string;
  nonce: string;
  scopes: string[];
  returnTo: string | null;
  oktaOrigin: string;
  clientId: string;
  /** Okta's callback query (with the code), sealed, while it waits for the app's confirmation. */
  callbackSealed: string | null;
  createdAt: number;
  expiresAt: number;
}

/**
 * What a function run under a connection lock decides: a result or an error to raise, and
 * optionally a record to write or the connection to delete (before the lock is released, even when
 * an error follows). Both apply only if the row is still as `fn` received it, else
 * {@link ConnectionChangedError} is raised and nothing is written.
 */
export type LockedOutcome<T> = ({ result: T } | { error: unknown }) & { save?: ConnectionRecord; delete?: boolean };

/** The connection changed (or vanished) between the read under the lock and the write. */
export class ConnectionChangedError extends Error {
  override name = 'ConnectionChangedError';
  constructor() {
    super('the connection changed while it was locked');
  }
}

/** The result of an outcome, or its error thrown. */
export function settle<T>(outcome: LockedOutcome<T>): T {
  if ('error' in outcome) throw outcome.error;
  return outcome.result;
}

/** The persistence contract; `sqlite.ts` and `postgres.ts` implement it and share one test suite. */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Fails when the store cannot be reached (used by `/readyz`). */
  ping(): Promise<void>;
  close(): Promise<void>;

  getIntegration(tenantId: string): Promise<IntegrationRecord | undefined>;
  /** Inserts or replaces the tenant's integration. */
  saveIntegration(record: IntegrationRecord): Promise<void>;

  getConnection(tenantId: string, userId: string): Promise<ConnectionRecord | undefined>;
  /** Inserts or replaces a connection. */
  saveConnection(record: ConnectionRecord): Promise<void>;
  /** Deletes a connection; returns what was deleted. */
  deleteConnection(tenantId: string, userId: string): Promise<ConnectionRecord | undefined>;
  /**
   * Runs `fn` while holding the connection's lock, exclusive across every process that shares this
   * store: Okta rotates refresh tokens, and two concurrent refreshes with the same token would make
   * Okta revoke the whole token family; a disconnect or reconnect racing a refresh must not be
   * undone by it. `fn` receives the connection as stored once the lock is held (another process may
   * just have refreshed it). The lock is a lease on the row, so no database connection or
   * transaction stays open while `fn` talks to Okta.
   */
  withConnectionLock<T>(tenantId: string, userId: string, fn: (current: ConnectionRecord | undefined) => Promise<LockedOutcome<T>>): Promise<T>;

  savePendingState(record: PendingStateRecord): Promise<void>;
  /** Deletes and returns a pending state (so that it is used at most once), expired or not. */
  takePendingState(stateHash: string): Promise<PendingStateRecord | undefined>;
  /** Deletes pending states that expired before `now`; returns how many. */
  deleteExpiredStates(now: number): Promise<number>;
}
