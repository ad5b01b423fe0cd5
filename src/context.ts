import { randomUUID } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { Caller } from './auth/caller.js';
import { ErrorCode, graphQLError } from './errors.js';
import { ApiTokenProvider, newCallStats, OktaClient, type OktaCallStats, type TokenProvider } from './okta/client.js';
import { createLoaders, type Loaders } from './okta/loaders.js';
import type { ResolvedIntegration } from './oauth/integrations.js';
import { effectiveStatus, OAuthTokenProvider, type EffectiveStatus } from './oauth/tokens.js';
import type { Services } from './services.js';
import type { ConnectionRecord } from './store/types.js';

/** Everything a resolver may use, built once per GraphQL request. */
export interface Context {
  /** Correlates our log lines for this request. */
  requestId: string;
  logger: Logger;
  services: Services;
  /** The authenticated caller; undefined only for the unauthenticated `_service` query. */
  caller: Caller | undefined;
  /** The caller's tenant's integration, when one applies (OAuth mode). */
  integration: ResolvedIntegration | undefined;
  /** The caller's stored connection, when there is one (OAuth mode). */
  connection: ConnectionRecord | undefined;
  /** Status of the caller's connection (`CONNECTED` in API-token mode). */
  connectionStatus: EffectiveStatus;
  /** Why Okta cannot be called for this request; checked before any Okta field resolves. */
  oktaUnavailable: GraphQLError | undefined;
  /** Scopes granted to the Okta credentials in use (checked by `@requiresOktaScopes`). */
  grantedScopes: ReadonlySet<string>;
  /** The Okta client of this request; throws {@link oktaUnavailable} when there is none. */
  readonly okta: OktaClient;
  /** Per-request DataLoaders over {@link okta}. */
  readonly loaders: Loaders;
  /** What this request cost in Okta calls. */
  oktaStats: OktaCallStats;
  /**
   * Resolves the caller's Okta credentials again, after a mutation connected or disconnected them,
   * so that the rest of the operation (the payload's fields) sees the new state.
   */
  reloadOktaSession(): Promise<void>;
}

interface Session {
  origin?: URL;
  tokens?: TokenProvider;
  scopes: string[];
  integration?: ResolvedIntegration;
  connection?: ConnectionRecord;
  status: EffectiveStatus;
  unavailable?: GraphQLError;
}

class RequestContext implements Context {
  readonly requestId = randomUUID();
  readonly logger: Logger;
  readonly oktaStats = newCallStats();
  grantedScopes: ReadonlySet<string>;
  private client?: OktaClient;
  private loaderSet?: Loaders;

  constructor(
    readonly services: Services,
    readonly caller: Caller | undefined,
    private session: Session,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.logger = services.logger.child({ requestId: this.requestId, tenantId: caller?.tenantId, userId: caller?.userId });
    this.grantedScopes = new Set(session.scopes);
  }

  async reloadOktaSession(): Promise<void> {
    this.session = await resolveSession(this.services, this.caller);
    this.grantedScopes = new Set(this.session.scopes);
    this.client = undefined;
    this.loaderSet = undefined;
  }

  get integration() {
    return this.session.integration;
  }
  get connection() {
    return this.session.connection;
  }
  get connectionStatus() {
    return this.session.status;
  }
  get oktaUnavailable() {
    return this.session.unavailable;
  }

  get okta(): OktaClient {
    if (this.client) return this.client;
    const { origin, tokens, unavailable } = this.session;
    if (unavailable || !origin || !tokens) throw unavailable ?? graphQLError(ErrorCode.OKTA_NOT_CONFIGURED, 'No Okta org is configured');
    const { config } = this.services;
    this.client = new OktaClient({
      origin,
      tokens,
      governor: this.services.governorFor(origin),
      timeoutMs: config.okta.requestTimeoutMs,
      maxRetries: config.okta.maxRetries,
      deadline: Date.now() + config.okta.requestDeadlineMs,
      signal: this.signal,
      stats: this.oktaStats,
      logger: this.logger,
      fetch: this.services.fetch,
      onCall: (route, status, seconds) => {
        this.services.metrics.oktaRequests.inc({ route, status: String(status) });
        this.services.metrics.oktaSeconds.inc({ route }, seconds);
      },
    });
    return this.client;
  }

  get loaders(): Loaders {
    this.loaderSet ??= createLoaders(this.okta, { batchSize: this.services.config.okta.userBatchSize });
    return this.loaderSet;
  }
}

/**
 * Which Okta credentials serve `caller`: the deployment's API token when configured (single org),
 * otherwise the caller's own OAuth connection under their tenant's integration.
 */
async function resolveSession(services: Services, caller: Caller | undefined): Promise<Session> {
  const { config } = services;
  if (!caller) {
    return { scopes: [], status: 'NOT_CONNECTED', unavailable: graphQLError(ErrorCode.UNAUTHENTICATED, 'Authentication is required') };
  }
  if (config.okta.apiToken && config.okta.origin) {
    return { origin: config.okta.origin, tokens: new ApiTokenProvider(config.okta.apiToken), scopes: config.okta.scopes, status: 'CONNECTED' };
  }
  const integration = await services.integrations.resolve(caller.tenantId);
  if (!integration) {
    return {
      scopes: [],
      status: 'NOT_CONNECTED',
      unavailable: graphQLError(ErrorCode.OKTA_NOT_CONFIGURED, "No Okta integration is configured for this tenant; a tenant admin can set one with configureOktaIntegration"),
    };
  }
  const connection = await services.store.getConnection(caller.tenantId, caller.userId);
  const status = effectiveStatus(connection, integration);
  if (status === 'NOT_CONNECTED' || !connection) {
    return { integration, scopes: [], status, unavailable: graphQLError(ErrorCode.OKTA_NOT_CONNECTED, 'Connect your Okta account first with the connectOkta mutation') };
  }
  if (status === 'NEEDS_REAUTH') {
    return { integration, connection, scopes: [], status, unavailable: graphQLError(ErrorCode.OKTA_RECONNECT_REQUIRED, 'Okta no longer accepts your connection; reconnect with the connectOkta mutation') };
  }
  const tokens = new OAuthTokenProvider(services.connections, caller, integration, connection, config.refreshSkewMs);
  return { origin: integration.origin, tokens, scopes: connection.scopes, integration, connection, status };
}

/** Builds the context of one request; `signal` aborts its Okta calls when the client goes away. */
export async function createContext(services: Services, caller: Caller | undefined, signal?: AbortSignal): Promise<Context> {
  return new RequestContext(services, caller, await resolveSession(services, caller), signal);
}
