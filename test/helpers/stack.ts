import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
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
  close(): Promise<void>;
}

/** Options of {@link startStack}. */
export interface StackOptions {
  sim?: Partial<SimulatorOptions>;
  env?: Record<string, string>;
  /** Replaces fetch for the subgraph's Okta calls. */
  fetch?: typeof fetch;
}

/** Starts a seeded simulator and the subgraph against it. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sim = await startSimulator({ users: 120, seed: 'test', ...options.sim });
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    OKTA_DOMAIN: sim.url,
    OKTA_ALLOW_INSECURE_HTTP: 'true',
    OKTA_API_TOKEN: sim.org.apiToken,
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
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;

  const control = async (path: string, body?: unknown) => {
    const res = await fetch(`${sim.url}/__simulator/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`simulator ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };

  return {
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
    async close() {
      await app.stop();
      await sim.close();
    },
  };
}
