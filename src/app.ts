import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import cors from 'cors';
import express, { type Express } from 'express';
import { parse, type OperationDefinitionNode } from 'graphql';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createContext, type Context } from './context.js';
import { formatError } from './errors.js';
import { integrationCallback } from './oauth/callback.js';
import { costLimitPlugin } from './plugins.js';
import { buildSchema } from './schema.js';
import { createServices, type Services } from './services.js';

/** What {@link createApp} needs besides configuration. */
export interface AppOptions {
  config: Config;
  logger: Logger;
  /** Replaces global fetch for Okta calls (tests). */
  fetch?: typeof fetch;
}

/** A built, not yet listening, application. */
export interface App {
  express: Express;
  httpServer: http.Server;
  services: Services;
  /** Stops reporting ready, drains in-flight requests, closes the store. */
  stop(): Promise<void>;
}

/**
 * True for a query that selects nothing but `_service` (and `__typename`): the SDL a gateway fetches
 * when composing, which carries no user's token and reveals nothing beyond the public schema.
 */
function isServiceSdlQuery(body: unknown): boolean {
  const query = (body as { query?: unknown } | undefined)?.query;
  if (typeof query !== 'string' || query.length > 2000) return false;
  try {
    const doc = parse(query);
    return doc.definitions.every(
      (d) =>
        d.kind === 'OperationDefinition' &&
        (d as OperationDefinitionNode).operation === 'query' &&
        d.selectionSet.selections.every((s) => s.kind === 'Field' && (s.name.value === '_service' || s.name.value === '__typename')),
    );
  } catch {
    return false;
  }
}

/**
 * Builds Express + Apollo Server: `POST /graphql` (Sandbox on GET outside production),
 * `GET /integration-callback`, `/healthz`, `/readyz`. Importable by tests without listening.
 */
export async function createApp({ config, logger, fetch: fetchImpl }: AppOptions): Promise<App> {
  const services = await createServices(config, logger, fetchImpl);
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const production = config.nodeEnv === 'production';
  let stopping = false;

  const apollo = new ApolloServer<Context>({
    schema: buildSchema(),
    csrfPrevention: true,
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    logger: logger.child({ component: 'apollo' }),
    formatError: formatError((err) => logger.error({ err }, 'unexpected error in a resolver')),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Okta data is per caller and changes under us: there is no cache policy to compute per field.
      ApolloServerPluginCacheControlDisabled(),
      production ? ApolloServerPluginLandingPageProductionDefault({ footer: false }) : ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false }),
      costLimitPlugin(config),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const readiness = new ReadinessProbe(services, fetchImpl ?? fetch);
  app.get('/readyz', async (_req, res) => {
    if (stopping) {
      res.status(503).json({ status: 'stopping' });
      return;
    }
    const checks = await readiness.check();
    const ok = Object.values(checks).every((c) => c.ok);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready', checks });
  });

  app.get('/metrics', (_req, res) => {
    res.type('text/plain; version=0.0.4').send(services.metrics.render());
  });

  app.get('/integration-callback', integrationCallback(services.connectFlow, config.redirectUri, logger));

  const corsMiddleware = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && config.corsOrigins.includes(origin)),
    credentials: true,
    maxAge: 600,
  });
  app.use(
    '/graphql',
    corsMiddleware,
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const controller = new AbortController();
        res.on('close', () => {
          if (!res.writableFinished) controller.abort(new Error('client went away'));
        });
        const authorization = req.headers.authorization;
        const caller = !authorization && isServiceSdlQuery(req.body) ? undefined : await services.authenticator.authenticate(authorization);
        return createContext(services, caller, controller.signal);
      },
    }),
  );

  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found', message: 'No such route; GraphQL is served at /graphql' });
  });

  return {
    express: app,
    httpServer,
    services,
    async stop() {
      stopping = true;
      await apollo.stop();
      await services.store.close();
    },
  };
}

type Checks = Record<string, { ok: boolean; detail?: string }>;

/**
 * `/readyz`: the store answers, and the deployment's Okta org (if one is configured) is reachable.
 * Probes Okta's public discovery document (no token, no Management API rate-limit bucket) and caches
 * the answer briefly so that frequent probes cost little.
 */
class ReadinessProbe {
  private cached?: { at: number; result: Checks };

  constructor(
    private readonly services: Services,
    private readonly fetchImpl: typeof fetch,
  ) {}

  async check(): Promise<Checks> {
    if (this.cached && Date.now() - this.cached.at < 5000) return this.cached.result;
    const result: Checks = {};
    try {
      await this.services.store.ping();
      result.store = { ok: true };
    } catch {
      result.store = { ok: false, detail: `${this.services.store.kind} unreachable` };
    }
    const { origin, readyCheck } = this.services.config.okta;
    if (origin && readyCheck) {
      try {
        const res = await this.fetchImpl(new URL('/.well-known/openid-configuration', origin), { signal: AbortSignal.timeout(3000) });
        await res.body?.cancel();
        result.okta = res.ok ? { ok: true } : { ok: false, detail: `discovery answered ${res.status}` };
      } catch {
        result.okta = { ok: false, detail: 'unreachable' };
      }
    }
    this.cached = { at: Date.now(), result };
    return result;
  }
}
