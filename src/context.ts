import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { OktaClient, newCallStats, type OktaCallStats, type TokenProvider } from './okta/client.js';
import { createLoaders, type Loaders } from './okta/loaders.js';
import { OrgGovernor } from './okta/rateLimit.js';

/** Everything a resolver may use, built once per GraphQL request. */
export interface Context {
  /** Correlates our log lines for this request. */
  requestId: string;
  logger: Logger;
  /** The Okta client of this request, bound to the caller's credentials. */
  okta: OktaClient;
  /** Per-request DataLoaders over {@link okta}. */
  loaders: Loaders;
  /** Scopes granted to the Okta credentials in use (checked by `@requiresOktaScopes`). */
  grantedScopes: ReadonlySet<string>;
  /** What this request cost in Okta calls. */
  oktaStats: OktaCallStats;
}

/** Process-wide state the per-request contexts share. */
export interface ContextDeps {
  config: Config;
  logger: Logger;
  /** How the static deployment credentials authenticate (the API token). */
  tokens: TokenProvider;
  fetch?: typeof fetch;
}

/** Builds contexts; holds the per-org rate-limit state shared by all requests of this process. */
export class ContextFactory {
  private readonly governors = new Map<string, OrgGovernor>();

  constructor(private readonly deps: ContextDeps) {}

  /** One shared governor per Okta org origin. */
  governorFor(origin: URL): OrgGovernor {
    let governor = this.governors.get(origin.origin);
    if (!governor) {
      governor = new OrgGovernor({ maxConcurrency: 20, reserve: 1, jitterMs: 250 });
      this.governors.set(origin.origin, governor);
    }
    return governor;
  }

  /** A fresh context for one request; `signal` aborts its Okta calls when the client goes away. */
  create(signal?: AbortSignal): Context {
    const { config, logger, tokens } = this.deps;
    const origin = config.okta.origin!;
    const requestId = randomUUID();
    const oktaStats = newCallStats();
    const requestLogger = logger.child({ requestId });
    const okta = new OktaClient({
      origin,
      tokens,
      governor: this.governorFor(origin),
      timeoutMs: config.okta.requestTimeoutMs,
      maxRetries: config.okta.maxRetries,
      deadline: Date.now() + config.okta.requestDeadlineMs,
      signal,
      stats: oktaStats,
      logger: requestLogger,
      fetch: this.deps.fetch,
    });
    return {
      requestId,
      logger: requestLogger,
      okta,
      loaders: createLoaders(okta, { userBatchSize: config.okta.userBatchSize }),
      grantedScopes: new Set(config.okta.scopes),
      oktaStats,
    };
  }
}
