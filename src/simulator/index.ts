import type { AddressInfo } from 'node:net';
import { controlRoutes, type SimulatorConfig } from './control.js';
import { Org, type OrgOptions } from './org.js';
import { Router } from './router.js';
import { apiRoutes } from './routes/index.js';
import { createSimulatorServer } from './server.js';

/** Settings of {@link startSimulator}. */
export interface SimulatorOptions extends OrgOptions {
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  /** Interface to listen on; loopback unless told otherwise. */
  host?: string;
}

/** A running simulator. */
export interface Simulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  org: Org;
  close(): Promise<void>;
}

/** Starts a simulated Okta org on loopback. */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const org = new Org(options);
  const startConfig: SimulatorConfig = {
    rateLimit: structuredClone(org.rateLimiter.config),
    faults: [],
    latencyMs: org.latencyMs,
    latencyJitterMs: org.latencyJitterMs,
    searchLagMs: org.searchLagMs,
  };
  const router = new Router();
  router.add(...apiRoutes(org), ...controlRoutes(org, () => structuredClone(startConfig)));
  const server = createSimulatorServer(org, router);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  org.baseUrl = url;
  return {
    url,
    port,
    org,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
