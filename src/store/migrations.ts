/**
 * Versioned schema migrations, applied in order at start-up and recorded in `schema_migrations`.
 * Never edit a released migration: add the next one.
 */
export interface Migration {
  version: number;
  description: string;
  sqlite: string;
  postgres: string;
}

const initial = (bigint: string) => `
CREATE TABLE integrations (
  tenant_id TEXT PRIMARY KEY,
  okta_origin TEXT NOT NULL,
  client_id TEXT NOT NULL,
  client_secret_sealed TEXT,
  scopes TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  created_at ${bigint} NOT NULL,
  updated_at ${bigint} NOT NULL
);
CREATE TABLE connections (
  tenant_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  okta_origin TEXT NOT NULL,
  client_id TEXT NOT NULL,
  okta_user_id TEXT NOT NULL,
  okta_login TEXT,
  status TEXT NOT NULL CHECK (status IN ('CONNECTED', 'NEEDS_REAUTH')),
  scopes TEXT NOT NULL,
  access_token_sealed TEXT,
  access_token_expires_at ${bigint},
  refresh_token_sealed TEXT,
  id_token_sealed TEXT,
  connected_at ${bigint} NOT NULL,
  last_refreshed_at ${bigint},
  updated_at ${bigint} NOT NULL,
  lock_until ${bigint},
  PRIMARY KEY (tenant_id, user_id)
);
CREATE TABLE oauth_states (
  state_hash TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  code_verifier_sealed TEXT NOT NULL,
  nonce TEXT NOT NULL,
  scopes TEXT NOT NULL,
  return_to TEXT,
  okta_origin TEXT NOT NULL,
  client_id TEXT NOT NULL,
  created_at ${bigint} NOT NULL,
  expires_at ${bigint} NOT NULL
);
CREATE INDEX oauth_states_expires_at ON oauth_states (expires_at);
`;

/** Every migration, oldest first. */
export const MIGRATIONS: Migration[] = [
  { version: 1, description: 'integrations, connections, pending OAuth states', sqlite: initial('INTEGER'), postgres: initial('BIGINT') },
  {
    version: 2,
    description: 'a pending state can hold a callback awaiting confirmation',
    sqlite: 'ALTER TABLE oauth_states ADD COLUMN callback_sealed TEXT;',
    postgres: 'ALTER TABLE oauth_states ADD COLUMN callback_sealed TEXT;',
  },
];
