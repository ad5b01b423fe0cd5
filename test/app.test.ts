import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startSimulator } from '../src/simulator/index.js';
import { generateKey } from '../src/store/crypto.js';
import { startStack, type Stack } from './helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { CORS_ORIGINS: 'https://console.example.com' } });
});
afterAll(async () => {
  await stack.close();
});

describe('HTTP surface', () => {
  test('/healthz answers while the process is up', async () => {
    const res = await fetch(`${stack.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  test('/readyz checks that Okta is reachable', async () => {
    const res = await fetch(`${stack.url}/readyz`);
    const body: any = await res.json();
    expect(body.checks.okta).toBeDefined();
  });

  test('/readyz is 503 when Okta is unreachable', async () => {
    const down = await startStack({ env: { OKTA_DOMAIN: 'http://127.0.0.1:9' } });
    try {
      const res = await fetch(`${down.url}/readyz`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as any).checks.okta).toEqual({ ok: false, detail: 'unreachable' });
    } finally {
      await down.close();
    }
  });

  test('CORS: allowlisted origins only', async () => {
    const allowed = await fetch(`${stack.url}/graphql`, { method: 'OPTIONS', headers: { origin: 'https://console.example.com', 'access-control-request-method': 'POST' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://console.example.com');
    const denied = await fetch(`${stack.url}/graphql`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('CSRF prevention refuses simple GET queries without a preflight header', async () => {
    const res = await fetch(`${stack.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(res.status).toBe(400);
    const ok = await fetch(`${stack.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(ok.status).toBe(200);
  });

  test('GET /graphql from a browser serves the Sandbox landing page outside production', async () => {
    const res = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('embeddable-sandbox');
  });

  test('unknown routes are 404 with a reason', async () => {
    const res = await fetch(`${stack.url}/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).message).toContain('/graphql');
  });

  test('malformed GraphQL is a 400 with a code, not a crash', async () => {
    const res = await stack.gql('{ users(first: ) }');
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  test('/metrics exposes Prometheus counters labelled by route template and code only', async () => {
    await stack.gql('{ users(first: 2) { nodes { id } } user(id: "nobody-at-all@example.com") { id } }');
    await stack.gql('{ users(first: 0) { nodes { id } } }');
    const res = await fetch(`${stack.url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/okta_subgraph_okta_requests_total\{route="GET \/api\/v1\/users",status="200"\} \d+/);
    expect(text).toMatch(/okta_subgraph_okta_requests_total\{route="GET \/api\/v1\/users\/\{id\}",status="404"\} \d+/);
    expect(text).toMatch(/okta_subgraph_graphql_requests_total\{type="query"\} \d+/);
    expect(text).toMatch(/okta_subgraph_graphql_errors_total\{code="BAD_USER_INPUT"\} \d+/);
    expect(text).not.toContain('nobody-at-all');
  });

  test('the API token never appears in logs or responses', async () => {
    const res = await stack.gql('{ users(first: 3) { nodes { id } } }');
    expect(JSON.stringify(res)).not.toContain(stack.sim.org.apiToken);
    expect(stack.logs.join('\n')).not.toContain(stack.sim.org.apiToken);
  });
});

describe('scopes', () => {
  let noUsers: Stack;
  beforeAll(async () => {
    noUsers = await startStack({ env: { OKTA_SCOPES: 'okta.groups.read okta.logs.read' } });
  });
  afterAll(async () => {
    await noUsers.close();
  });

  test('a missing scope is OKTA_SCOPE_MISSING with required and granted scopes, and costs no Okta call', async () => {
    const res: any = await noUsers.gql('{ users(first: 2) { nodes { id } } user(id: "admin@example.com") { id } }');
    expect(res.data).toEqual({ users: null, user: null });
    expect(res.errors).toHaveLength(2);
    for (const e of res.errors) {
      expect(e.extensions.code).toBe('OKTA_SCOPE_MISSING');
      expect(e.extensions.requiredScopes).toEqual([['okta.users.read'], ['okta.users.manage']]);
      expect(e.extensions.grantedScopes).toEqual(['okta.groups.read', 'okta.logs.read']);
    }
    expect((await noUsers.stats()).total).toBe(0);
  });

  test('_entities is guarded too, although it bypasses Query fields', async () => {
    const res: any = await noUsers.gql('query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id } } }', { r: [{ __typename: 'User', id: '00u0000000000000000a' }] });
    expect(res.data._entities).toEqual([null]);
    expect(res.errors[0].extensions.code).toBe('OKTA_SCOPE_MISSING');
    expect((await noUsers.stats()).total).toBe(0);
  });
});

describe('graceful shutdown', () => {
  test('SIGTERM lets an in-flight query finish, then the process exits 0', async () => {
    const sim = await startSimulator({ users: 20, seed: 'shutdown', latencyMs: 800 });
    const port = 40000 + Math.floor(Math.random() * 10000);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        HOST: '127.0.0.1',
        OKTA_DOMAIN: sim.url,
        OKTA_ALLOW_INSECURE_HTTP: 'true',
        OKTA_API_TOKEN: sim.org.apiToken,
        AUTH_MODE: 'dev',
        DATABASE_URL: 'sqlite::memory:',
        TOKEN_ENCRYPTION_KEY: generateKey(),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listen line: ${out}`)), 30_000);
        child.stdout.on('data', (d: Buffer) => {
          out += String(d);
          if (out.includes('okta-subgraph listening')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const inFlight = fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ users(first: 2) { nodes { id } } }' }),
      });
      await new Promise((r) => setTimeout(r, 200));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(((await res.json()) as any).data.users.nodes).toHaveLength(2);
      expect(await exited).toBe(0);
      expect(out).toContain('shutting down');
    } finally {
      child.kill('SIGKILL');
      await sim.close();
    }
  }, 40_000);
});
