import type { Logger } from 'pino';
import { createAuthenticator, type Authenticator } from './auth/caller.js';
import type { Config } from './config.js';
import { OrgGovernor } from './okta/rateLimit.js';
import { ConnectFlow } from './oauth/connect.js';
import { Integrations } from './oauth/integrations.js';
import { Oidc } from './oauth/oidc.js';
import { ConnectionManager } from './oauth/tokens.js';
import { Metrics } from './metrics.js';
import { Sealer } from './store/crypto.js';
import { loadOrCreateDevKey } from './store/devKey.js';
import { openStore } from './store/index.js';
import type { Store } from './store/types.js';

/** Process-wide collaborators, built once at start-up and shared by every request. */
export interface Services {
  config: Config;
  logger: Logger;
  store: Store;
  sealer: Sealer;
  authenticator: Authenticator;
  oidc: Oidc;
  integrations: Integrations;
  connections: ConnectionManager;
  connectFlow: ConnectFlow;
  metrics: Metrics;
  /** Rate-limit and concurrency state per Okta org, shared by every request of the process. */
  governorFor(origin: URL): OrgGovernor;
  /** Replaces global fetch for Okta calls (tests). */
  fetch?: typeof fetch;
}

/** Opens the store and wires the services. */
export async function createServices(config: Config, logger: Logger, fetchImpl?: typeof fetch): Promise<Services> {
  let key = config.encryption.key;
  if (!key) {
    const dev = loadOrCreateDevKey();
    key = dev.key;
    logger.warn({ created: dev.created }, 'TOKEN_ENCRYPTION_KEY is not set: using the local development key in ./data (never do this in production)');
  }
  const sealer = new Sealer(key, config.encryption.oldKeys);
  const store = await openStore(config.databaseUrl);
  const oidc = new Oidc({ timeoutMs: config.okta.requestTimeoutMs, fetch: fetchImpl });
  const integrations = new Integrations(store, sealer, config, logger);
  const metrics = new Metrics();
  const connections = new ConnectionManager(store, sealer, oidc, { skewMs: config.refreshSkewMs, logger, onRefresh: (outcome) => metrics.tokenRefreshes.inc({ outcome }) });
  const connectFlow = new ConnectFlow({ store, sealer, oidc, integrations, connections, redirectUri: config.redirectUri, confirmation: config.connectConfirmation, logger });
  const governors = new Map<string, OrgGovernor>();
  if (config.auth.mode === 'dev') logger.warn('AUTH_MODE=dev: every request acts as one fixed tenant admin; for local work only');
  return {
    config,
    logger,
    store,
    sealer,
    authenticator: createAuthenticator(config.auth),
    oidc,
    integrations,
    connections,
    connectFlow,
    metrics,
    fetch: fetchImpl,
    governorFor(origin) {
      let governor = governors.get(origin.origin);
      if (!governor) {
        governor = new OrgGovernor({ maxConcurrency: config.okta.maxConcurrency, reserve: 1, jitterMs: 250 });
        governors.set(origin.origin, governor);
      }
      return governor;
    },
  };
}
