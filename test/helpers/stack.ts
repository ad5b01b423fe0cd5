import { randomBytes } from 'node:crypto';
import net, { type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { generateKey } from '../../src/store/crypto.js';
import { createLogger } from '../../src/logger.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';

/** A GraphQL answer as the tests read it. */
export interface GqlResult<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
  extensions?: Record<string, any>;
}

/** A simulator and a subgraph wired to it, both on ephemeral loopback ports. */
export interface Stack {
  sim: Simulator;
  app: App;
  config: Config;
  url: string;
  /** Everything the subgraph logged (JSON lines). */
  logs: string[];
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResult<T>>;
  /** Upstream request counts since the last reset. */
  stats(): Promise<{ total: number; byRoute: Record<string, number> }>;
  /** Resets the simulator's counters, limits and faults. */
  resetSim(body?: Record<string, unknown>): Promise<void>;
  configureSim(body: Record<string, unknown>): Promise<void>;
  /** The OIDC app registered in the simulator (OAuth mode). */
  client?: { clientId: string; clientSecret: string };
  /**
   * Runs the connect flow as a browser would: `connectOkta`, the simulator's authorize endpoint
   * (consent as `loginHint`), then our callback. Redirects are not followed beyond that.
   */
  connect(headers?: Record<string, string>, input?: Record<string, unknown>, loginHint?: string): Promise<ConnectRun>;
  close(): Promise<void>;
}

/** What {@link Stack.connect} saw at each step. */
export interface ConnectRun {
  authorizationUrl: string | null;
  started: any;
  authorize?: Response;
  callbackUrl?: string;
  callback?: Response;
  body?: string;
}

/** A port that was free a moment ago (for PUBLIC_URL, which must be known before listening). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Options of {@link startStack}. */
export interface StackOptions {
  sim?: Partial<SimulatorOptions>;
  /** Share this simulator instead of starting one (it is then not closed by the stack). */
  simulator?: Simulator;
  /**
   * `oauth`: no API token; the deployment's default integration is an OIDC app registered in the
   * simulator, and callers connect through the authorization-code flow.
   */
  mode?: 'api-token' | 'oauth';
  env?: Record<string, string>;
  /** Replaces fetch for the subgraph's Okta calls. */
  fetch?: typeof fetch;
  /** The port to listen on (when PUBLIC_URL must be known in advance); a free one otherwise. */
  port?: number;
}

/** Starts a seeded simulator and the subgraph against it. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sim = options.simulator ?? (await startSimulator({ users: 120, seed: 'test', ...options.sim }));
  const port = options.port ?? (await freePort());
  const oauth = options.mode === 'oauth';
  const client = oauth ? { clientId: `0oa${randomBytes(8).toString('hex')}`, clientSecret: randomBytes(24).toString('base64url') } : undefined;
  if (client) {
    const res = await fetch(`${sim.url}/__simulator/oauth/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...client, redirectUris: [`http://127.0.0.1:${port}/integration-callback`], name: 'Okta Subgraph (test)' }),
    });
    if (!res.ok) throw new Error(`registering the OAuth client: ${res.status} ${await res.text()}`);
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    OKTA_DOMAIN: sim.url,
    OKTA_ALLOW_INSECURE_HTTP: 'true',
    ...(client ? { OKTA_CLIENT_ID: client.clientId, OKTA_CLIENT_SECRET: client.clientSecret } : { OKTA_API_TOKEN: sim.org.apiToken }),
    AUTH_MODE: 'dev',
    DATABASE_URL: 'sqlite::memory:',
    TOKEN_ENCRYPTION_KEY: generateKey(),
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  const app = await createApp({ config, logger: createLogger(config.logLevel, sink), fetch: options.fetch });
  await new Promise<void>((resolve) => app.httpServer.listen(port, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const control = async (path: string, body?: unknown) => {
    const res = await fetch(`${sim.url}/__simulator/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`simulator ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };

  const stack: Stack = {
    sim,
    app,
    config,
    url,
    logs,
    async gql(query, variables, headers) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, ...((await res.json()) as object) };
    },
    stats: () => control('stats') as Promise<{ total: number; byRoute: Record<string, number> }>,
    resetSim: async (body = {}) => {
      await control('reset', body);
    },
    configureSim: async (body) => {
      await control('config', body);
    },
    client,
    async connect(headers = {}, input = {}, loginHint) {
      const started: any = await stack.gql(
        `mutation($input: ConnectOktaInput) { connectOkta(input: $input) { authorizationUrl expiresAt userErrors { code message field } } }`,
        { input },
        headers,
      );
      const authorizationUrl: string | null = started.data?.connectOkta?.authorizationUrl ?? null;
      if (!authorizationUrl) return { authorizationUrl, started };
      const url = new URL(authorizationUrl);
      if (loginHint) url.searchParams.set('login_hint', loginHint);
      const authorize = await fetch(url, { redirect: 'manual' });
      const callbackUrl = authorize.headers.get('location') ?? '';
      const callback = callbackUrl.startsWith(stack.url) ? await fetch(callbackUrl, { redirect: 'manual' }) : undefined;
      return { authorizationUrl, started, authorize, callbackUrl, callback, body: callback ? await callback.text() : undefined };
    },
    async close() {
      await app.stop();
      if (!options.simulator) await sim.close();
    },
  };
  return stack;
}
