import type { ConnectionRecord, IntegrationRecord, PendingStateRecord } from './types.js';

/**
 * The SQL both stores run, written once with `?` placeholders (PostgreSQL's `$n` are derived by
 * {@link numbered}), and the mapping between rows and records.
 */

type Row = Record<string, unknown>;
type Param = string | number | null;

/** Rewrites `?` placeholders as `$1, $2, …` for PostgreSQL. */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

const num = (v: unknown): number => Number(v);
const optNum = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const optStr = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const scopes = (v: unknown): string[] => String(v ?? '').split(' ').filter(Boolean);

export const SQL = {
  getIntegration: 'SELECT * FROM integrations WHERE tenant_id = ?',
  saveIntegration: `INSERT INTO integrations (tenant_id, okta_origin, client_id, client_secret_sealed, scopes, updated_by, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (tenant_id) DO UPDATE SET okta_origin = excluded.okta_origin, client_id = excluded.client_id,
      client_secret_sealed = excluded.client_secret_sealed, scopes = excluded.scopes, updated_by = excluded.updated_by,
      updated_at = excluded.updated_at`,
  getConnection: 'SELECT * FROM connections WHERE tenant_id = ? AND user_id = ?',
  saveConnection: `INSERT INTO connections (tenant_id, user_id, okta_origin, client_id, okta_user_id, okta_login, status, scopes,
      access_token_sealed, access_token_expires_at, refresh_token_sealed, id_token_sealed, connected_at, last_refreshed_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (tenant_id, user_id) DO UPDATE SET okta_origin = excluded.okta_origin, client_id = excluded.client_id,
      okta_user_id = excluded.okta_user_id, okta_login = excluded.okta_login, status = excluded.status, scopes = excluded.scopes,
      access_token_sealed = excluded.access_token_sealed, access_token_expires_at = excluded.access_token_expires_at,
      refresh_token_sealed = excluded.refresh_token_sealed, id_token_sealed = excluded.id_token_sealed,
      connected_at = excluded.connected_at, last_refreshed_at = excluded.last_refreshed_at, updated_at = excluded.updated_at`,
  deleteConnection: 'DELETE FROM connections WHERE tenant_id = ? AND user_id = ?',
  deleteConnectionIf: 'DELETE FROM connections WHERE tenant_id = ? AND user_id = ? AND updated_at = ?',
  insertConnectionIfAbsent: `INSERT INTO connections (tenant_id, user_id, okta_origin, client_id, okta_user_id, okta_login, status, scopes,
      access_token_sealed, access_token_expires_at, refresh_token_sealed, id_token_sealed, connected_at, last_refreshed_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (tenant_id, user_id) DO NOTHING`,
  updateConnectionIf: `UPDATE connections SET okta_origin = ?, client_id = ?, okta_user_id = ?, okta_login = ?, status = ?, scopes = ?,
      access_token_sealed = ?, access_token_expires_at = ?, refresh_token_sealed = ?, id_token_sealed = ?, connected_at = ?,
      last_refreshed_at = ?, updated_at = ?
    WHERE tenant_id = ? AND user_id = ? AND updated_at = ?`,
  savePendingState: `INSERT INTO oauth_states (state_hash, tenant_id, user_id, code_verifier_sealed, nonce, scopes, return_to, okta_origin, client_id, callback_sealed, created_at, expires_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  // One statement, so that two callbacks racing with the same state cannot both get it.
  takePendingState: 'DELETE FROM oauth_states WHERE state_hash = ? RETURNING *',
  deleteExpiredStates: 'DELETE FROM oauth_states WHERE expires_at < ?',
  tryLease: 'UPDATE connections SET lock_until = ? WHERE tenant_id = ? AND user_id = ? AND (lock_until IS NULL OR lock_until < ?)',
  releaseLease: 'UPDATE connections SET lock_until = NULL WHERE tenant_id = ? AND user_id = ?',
} as const;

export function integrationParams(r: IntegrationRecord): Param[] {
  return [r.tenantId, r.oktaOrigin, r.clientId, r.clientSecretSealed, r.scopes.join(' '), r.updatedBy, r.createdAt, r.updatedAt];
}

export function toIntegration(row: Row): IntegrationRecord {
  return {
    tenantId: String(row.tenant_id),
    oktaOrigin: String(row.okta_origin),
    clientId: String(row.client_id),
    clientSecretSealed: optStr(row.client_secret_sealed),
    scopes: scopes(row.scopes),
    updatedBy: String(row.updated_by),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

export function connectionParams(r: ConnectionRecord): Param[] {
  return [
    r.tenantId, r.userId, r.oktaOrigin, r.clientId, r.oktaUserId, r.oktaLogin, r.status, r.scopes.join(' '),
    r.accessTokenSealed, r.accessTokenExpiresAt, r.refreshTokenSealed, r.idTokenSealed, r.connectedAt, r.lastRefreshedAt, r.updatedAt,
  ];
}

/** Parameters of {@link SQL.updateConnectionIf}: the new values, then the key and the expected version. */
export function conditionalUpdateParams(r: ConnectionRecord, expectedUpdatedAt: number): Param[] {
  const [tenantId, userId, ...rest] = connectionParams(r);
  return [...rest, tenantId!, userId!, expectedUpdatedAt];
}

export function toConnection(row: Row): ConnectionRecord {
  return {
    tenantId: String(row.tenant_id),
    userId: String(row.user_id),
    oktaOrigin: String(row.okta_origin),
    clientId: String(row.client_id),
    oktaUserId: String(row.okta_user_id),
    oktaLogin: optStr(row.okta_login),
    status: row.status === 'NEEDS_REAUTH' ? 'NEEDS_REAUTH' : 'CONNECTED',
    scopes: scopes(row.scopes),
    accessTokenSealed: optStr(row.access_token_sealed),
    accessTokenExpiresAt: optNum(row.access_token_expires_at),
    refreshTokenSealed: optStr(row.refresh_token_sealed),
    idTokenSealed: optStr(row.id_token_sealed),
    connectedAt: num(row.connected_at),
    lastRefreshedAt: optNum(row.last_refreshed_at),
    updatedAt: num(row.updated_at),
  };
}

export function pendingStateParams(r: PendingStateRecord): Param[] {
  return [r.stateHash, r.tenantId, r.userId, r.codeVerifierSealed, r.nonce, r.scopes.join(' '), r.returnTo, r.oktaOrigin, r.clientId, r.callbackSealed, r.createdAt, r.expiresAt];
}

export function toPendingState(row: Row): PendingStateRecord {
  return {
    stateHash: String(row.state_hash),
    tenantId: String(row.tenant_id),
    userId: String(row.user_id),
    codeVerifierSealed: String(row.code_verifier_sealed),
    nonce: String(row.nonce),
    scopes: scopes(row.scopes),
    returnTo: optStr(row.return_to),
    oktaOrigin: String(row.okta_origin),
    clientId: String(row.client_id),
    callbackSealed: optStr(row.callback_sealed),
    createdAt: num(row.created_at),
    expiresAt: num(row.expires_at),
  };
}

/** Serialises async work per key within this process. */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
