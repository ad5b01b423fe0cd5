import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import cors from 'cors';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { ContextFactory, type Context } from './context.js';
import { formatError } from './errors.js';
import { ApiTokenProvider } from './okta/client.js';
import { buildSchema } from './schema.js';

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
  /** Stops reporting ready (load balancers stop sending traffic), then drains and stops. */
  stop(): Promise<void>;
}

/** Adds `extensions.okta` (requests, retries, rate-limit waits) to every response. */
const oktaCostPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response }) {
        if (response.body.kind !== 'single' || !contextValue?.oktaStats) return;
        const s = contextValue.oktaStats;
        response.body.singleResult.extensions = {
          ...response.body.singleResult.extensions,
          okta: { requests: s.requests, retries: s.retries, rateLimitWaitMs: Math.round(s.rateLimitWaitMs), lowestRateLimitRemaining: s.lowestRateLimitRemaining },
        };
      },
    };
  },
};

/**
 * Builds Express + Apollo Server: `POST /graphql` (Sandbox on GET outside production), `/healthz`,
 * `/readyz`. Importable by tests without listening.
 */
export async function createApp({ config, logger, fetch: fetchImpl }: AppOptions): Promise<App> {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const httpServer = http.createServer(app);
  const production = config.nodeEnv === 'production';
  const contexts = new ContextFactory({ config, logger, tokens: new ApiTokenProvider(config.okta.apiToken!), fetch: fetchImpl });
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
      production ? ApolloServerPluginLandingPageProductionDefault({ footer: false }) : ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false }),
      oktaCostPlugin,
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const readiness = new ReadinessProbe(config, fetchImpl ?? fetch);
  app.get('/readyz', async (_req, res) => {
    if (stopping) {
      res.status(503).json({ status: 'stopping' });
      return;
    }
    const checks = await readiness.check();
    const ok = Object.values(checks).every((c) => c.ok);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready', checks });
  });

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
      context: async ({ res }) => {
        const controller = new AbortController();
        res.on('close', () => {
          if (!res.writableFinished) controller.abort(new Error('client went away'));
        });
        return contexts.create(controller.signal);
      },
    }),
  );

  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found', message: 'No such route; GraphQL is served at /graphql' });
  });

  return {
    express: app,
    httpServer,
    async stop() {
      stopping = true;
      await apollo.stop();
    },
  };
}

/**
 * `/readyz`: is Okta reachable. Probes the org's public discovery document (no token, no rate-limit
 * bucket of the Management API) and caches the answer briefly so that frequent probes cost little.
 */
class ReadinessProbe {
  private cached?: { at: number; result: Record<string, { ok: boolean; detail?: string }> };

  constructor(
    private readonly config: Config,
    private readonly fetchImpl: typeof fetch,
  ) {}

  async check(): Promise<Record<string, { ok: boolean; detail?: string }>> {
    if (this.cached && Date.now() - this.cached.at < 5000) return this.cached.result;
    const result: Record<string, { ok: boolean; detail?: string }> = {};
    const origin = this.config.okta.origin;
    if (origin && this.config.okta.readyCheck) {
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
