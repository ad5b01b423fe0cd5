/**
 * `npm run bench`: Okta round trips and latency of representative operations.
 *
 * The simulator runs in its own process with a fixed latency added to every Management API call
 * (`--latency`, default 20 ms) and rate limits out of the way; the subgraph runs in this process in
 * API-token mode. For every operation the harness reports the Okta requests it made, the minimum
 * Okta's API allows for it, what a naive resolver (one request per field occurrence) would make,
 * p50/p95 latency over the runs, and p50 / (upstream dependency depth × injected latency).
 *
 * Options (environment): BENCH_LATENCY_MS (20), BENCH_RUNS (30), BENCH_USERS (2000),
 * BENCH_CONCURRENCY (OKTA_MAX_CONCURRENCY, 20), BENCH_OUT (bench/results/latest.md).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { generateKey } from '../src/store/crypto.js';
import { OPERATIONS, type Operation } from './operations.js';

const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 20);
const runs = Number(process.env.BENCH_RUNS ?? 30);
const users = Number(process.env.BENCH_USERS ?? 2000);
const concurrency = process.env.BENCH_CONCURRENCY ?? '20';
const out = process.env.BENCH_OUT ?? 'bench/results/latest.md';

interface SimProcess {
  url: string;
  token: string;
  stats(): Promise<{ total: number; byRoute: Record<string, number> }>;
  reset(): Promise<void>;
  stop(): void;
}

async function startSimulatorProcess(): Promise<SimProcess> {
  const token = `bench-${Date.now()}`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/simulator/main.ts', '--port', '0', '--users', String(users), '--seed', 'bench', '--api-token', token, '--latency', String(latencyMs), '--rate-limit', '1000000'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`simulator did not start: ${text}`)), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      text += String(chunk);
      const m = /listening on (http:\/\/\S+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`simulator exited with ${code}: ${text}`)));
  });
  child.stdout.resume();
  const control = async (path: string, body?: unknown) =>
    (await fetch(`${url}/__simulator/${path}`, { method: body ? 'POST' : 'GET', headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })).json();
  return {
    url,
    token,
    stats: () => control('stats') as Promise<{ total: number; byRoute: Record<string, number> }>,
    reset: async () => {
      // Keeps the latency: reset restores start-up settings, which include --latency.
      await control('reset', {});
    },
    stop: () => child.kill('SIGTERM'),
  };
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

interface Row {
  op: Operation;
  requests: number;
  minimum: number;
  naive: number;
  p50: number;
  p95: number;
  ratio: number;
}

/**
 * The platform's identity provider, played by the harness: a JWKS endpoint and one signed token, so
 * that the subgraph runs exactly as in production (JWT verification included).
 */
async function startIdp(): Promise<{ jwksUrl: string; token: string; close(): void }> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const token = await new SignJWT({ tenantId: 'bench' })
    .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
    .setSubject('bench-user')
    .setIssuer('bench-idp')
    .setAudience('okta-subgraph')
    .setExpirationTime('2h')
    .sign(privateKey);
  return { jwksUrl: `http://127.0.0.1:${port}/jwks`, token, close: () => server.close() };
}

/** The subgraph in its own process, as deployed: its event loop shared with nothing else. */
async function startSubgraphProcess(env: Record<string, string>): Promise<{ endpoint: string; stop(): void }> {
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  for (let i = 0; ; i++) {
    if (exited !== undefined) throw new Error(`subgraph exited with ${exited}`);
    if (i > 600) {
      child.kill('SIGKILL');
      throw new Error('subgraph did not start within 60 s');
    }
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { endpoint: `http://127.0.0.1:${port}/graphql`, stop: () => child.kill('SIGTERM') };
}

async function main(): Promise<void> {
  const sim = await startSimulatorProcess();
  process.on('exit', () => sim.stop());
  const idp = await startIdp();
  const subgraph = await startSubgraphProcess({
    NODE_ENV: 'production',
    AUTH_MODE: 'jwt',
    AUTH_JWKS_URL: idp.jwksUrl,
    AUTH_ISSUER: 'bench-idp',
    AUTH_AUDIENCE: 'okta-subgraph',
    OKTA_DOMAIN: sim.url,
    OKTA_ALLOW_INSECURE_HTTP: 'true',
    OKTA_API_TOKEN: sim.token,
    OKTA_MAX_CONCURRENCY: concurrency,
    DATABASE_URL: 'sqlite::memory:',
    TOKEN_ENCRYPTION_KEY: generateKey(),
    QUERY_COST_LIMIT: '100000',
    LOG_LEVEL: 'warn',
  });
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(subgraph.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${idp.token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: unknown; errors?: Array<{ message: string }> };
    if (body.errors?.length) throw new Error(`${body.errors[0]!.message}`);
    return body.data;
  };

  const rows: Row[] = [];
  // The floor: the same page fetched from the simulator directly, without the subgraph.
  const direct: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const started = performance.now();
    await (await fetch(`${sim.url}/api/v1/users?limit=50`, { headers: { authorization: `SSWS ${sim.token}` } })).text();
    if (i >= 3) direct.push(performance.now() - started);
  }
  direct.sort((a, b) => a - b);
  const floor = { p50: percentile(direct, 50), p95: percentile(direct, 95) };
  try {
    for (const op of OPERATIONS) {
      const variables = await op.variables(gql);
      // Warm up (JIT, connection pools), then measure the Okta calls of exactly one run.
      for (let i = 0; i < 3; i++) await gql(op.query, variables);
      await sim.reset();
      const data = await gql(op.query, variables);
      const requests = (await sim.stats()).total;
      const { minimum, naive } = op.count(data, variables);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        await gql(op.query, variables);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const p50 = percentile(times, 50);
      rows.push({ op, requests, minimum, naive, p50, p95: percentile(times, 95), ratio: p50 / (op.depth * latencyMs) });
      process.stdout.write(`${op.name}: ${requests} requests (minimum ${minimum}, naive ${naive}), p50 ${p50.toFixed(1)} ms\n`);
    }
  } finally {
    subgraph.stop();
    idp.close();
    sim.stop();
  }

  const lines = [
    `# Benchmark: Okta round trips and latency`,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\` on ${process.platform}/${process.arch}, Node ${process.version}:`,
    `simulator in its own process with ${latencyMs} ms added to every Management API call, ${users} seeded users,`,
    `subgraph in its own process as in production (NODE_ENV=production, platform JWT verified, API-token mode),`,
    `OKTA_MAX_CONCURRENCY=${concurrency}; ${runs} sequential runs per operation after 3 warm-ups.`,
    '',
    '| Operation | Okta requests | Minimum Okta allows | Naive resolver | p50 ms | p95 ms | Depth | p50 / (depth × latency) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| _floor: \`GET /api/v1/users?limit=50\` straight to the simulator, no subgraph_ | 1 | 1 | 1 | ${floor.p50.toFixed(1)} | ${floor.p95.toFixed(1)} | 1 | ${(floor.p50 / latencyMs).toFixed(2)} |`,
    ...rows.map((r) => `| ${r.op.name} | ${r.requests} | ${r.minimum} | ${r.naive} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.op.depth} | ${r.ratio.toFixed(2)} |`),
    '',
    'Columns:',
    '- **Okta requests**: counted by the simulator for one run of the operation.',
    '- **Minimum Okta allows**: the fewest Management API calls that can answer it (one per page or per',
    '  parent list Okta has no bulk endpoint for; by-id lookups batched 50 ids per `filter`/`search`),',
    '  computed from the data returned.',
    '- **Naive resolver**: one call per field occurrence (no batching, no deduplication, no embedding).',
    '- **Depth**: sequential upstream rounds the operation needs at the least (a nested list waits for its parent).',
    '- **Floor**: what one call costs without the subgraph (the simulator\'s own work and HTTP on top of the',
    '  injected latency); the subgraph\'s overhead is the difference to the one-call rows.',
    '- **p50 / (depth × latency)**: 1.0 means no time beyond the injected upstream latency. Where a level fans',
    `  out to more calls than OKTA_MAX_CONCURRENCY, the calls queue in waves and the ratio grows with the fan-out.`,
    '',
    ...rows.filter((r) => r.op.note).map((r) => `- ${r.op.name}: ${r.op.note}`),
  ];
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${lines.join('\n')}\n`);
  writeFileSync(out.replace(/\.md$/, '.json'), JSON.stringify({ latencyMs, runs, users, concurrency, floor, rows: rows.map((r) => ({ ...r, op: r.op.name })) }, null, 2));
  process.stdout.write(`\nwrote ${out}\n`);
}

await main();
