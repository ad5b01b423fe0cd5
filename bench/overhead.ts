/**
 * `npm run bench:overhead`: the subgraph's own time for one query when Okta answers instantly.
 *
 * A page of 50 users is fetched once from the simulator, then served from memory to the subgraph's
 * Okta client, so that the figure is the subgraph alone: HTTP in and out, context, GraphQL
 * execution, the Okta client and JSON, in one process. Compare with `npm run bench`, where the same
 * query crosses two loopback hops to a separate simulator process.
 */
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startSimulator } from '../src/simulator/index.js';
import { generateKey } from '../src/store/crypto.js';

const runs = Number(process.env.BENCH_RUNS ?? 2000);
const sim = await startSimulator({ users: 200, seed: 'overhead' });
const page = await (await fetch(`${sim.url}/api/v1/users?limit=50`, { headers: { authorization: `SSWS ${sim.org.apiToken}` } })).text();
await sim.close();
const instantOkta: typeof fetch = async () =>
  new Response(page, {
    status: 200,
    headers: { 'content-type': 'application/json', 'x-rate-limit-limit': '600', 'x-rate-limit-remaining': '500', 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 60) },
  });
const config = loadConfig({
  NODE_ENV: 'production',
  AUTH_MODE: 'jwt',
  AUTH_JWKS_URL: 'http://127.0.0.1:9/unused',
  AUTH_ISSUER: 'bench',
  AUTH_AUDIENCE: 'bench',
  OKTA_DOMAIN: 'acme.okta.com',
  OKTA_API_TOKEN: 'unused',
  DATABASE_URL: 'sqlite::memory:',
  TOKEN_ENCRYPTION_KEY: generateKey(),
  LOG_LEVEL: 'warn',
});
const app = await createApp({ config: { ...config, auth: { mode: 'dev', tenantId: 'bench', userId: 'bench' } }, logger: createLogger('warn'), fetch: instantOkta });
await new Promise<void>((r) => app.httpServer.listen(0, '127.0.0.1', () => r()));
const address = app.httpServer.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`;
const body = JSON.stringify({ query: '{ users(first: 50) { nodes { id status profile { login displayName } } pageInfo { endCursor } } }' });
const once = async () => {
  const started = performance.now();
  await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text();
  return performance.now() - started;
};
for (let i = 0; i < 300; i++) await once();
const times: number[] = [];
for (let i = 0; i < runs; i++) times.push(await once());
times.sort((a, b) => a - b);
const at = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!.toFixed(2);
process.stdout.write(`users(first: 50) with Okta answering instantly, ${runs} runs: p50 ${at(50)} ms, p95 ${at(95)} ms (client included)\n`);
await app.stop();
process.exit(0);
