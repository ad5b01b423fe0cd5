import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { classifyOktaError } from '../src/errors.js';
import { ApiTokenProvider, OktaClient, oktaPath, type OktaClientOptions, type TokenProvider } from '../src/okta/client.js';
import { OktaApiError, OktaInvalidResponseError, OktaNetworkError, OktaRateLimitError, OktaTimeoutError } from '../src/okta/errors.js';
import { parseLinkHeader } from '../src/okta/pagination.js';
import { OrgGovernor } from '../src/okta/rateLimit.js';
import { listUsersRequest } from '../src/okta/users.js';
import type { OktaUser } from '../src/okta/types.js';
import { startSimulator, type Simulator } from '../src/simulator/index.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ users: 60, seed: 'client' });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await control('reset', {});
});

async function control(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${sim.url}/__simulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(await res.text());
}

function client(overrides: Partial<OktaClientOptions> = {}): OktaClient {
  return new OktaClient({
    origin: new URL(sim.url),
    tokens: new ApiTokenProvider(sim.org.apiToken),
    governor: new OrgGovernor({ maxConcurrency: 10, reserve: 0, jitterMs: 50 }),
    timeoutMs: 2000,
    maxRetries: 2,
    ...overrides,
  });
}

const GET_USER = (id: string) => ({ method: 'GET' as const, route: 'GET /api/v1/users/{id}', path: oktaPath`/api/v1/users/${id}` });

describe('pagination', () => {
  test('follows Link rel="next" to the end, with org-relative links only', async () => {
    const c = client();
    const seen: string[] = [];
    let page = await c.page<OktaUser>(listUsersRequest({ limit: 7 }));
    let pages = 1;
    seen.push(...page.items.map((u) => u.id));
    while (page.next) {
      expect(page.next.startsWith('/api/v1/users?')).toBe(true);
      page = await c.page<OktaUser>({ route: 'GET /api/v1/users', link: page.next });
      seen.push(...page.items.map((u) => u.id));
      pages++;
    }
    const expected = [...sim.org.users.all()].filter((u) => u.status !== 'DEPROVISIONED').map((u) => u.id);
    expect(seen).toEqual(expected);
    expect(c.stats.requests).toBe(pages);
  });

  test('parses Link headers with several relations and odd spacing', () => {
    const links = parseLinkHeader('<https://a.okta.com/api/v1/users?limit=2>; rel="self",  <https://a.okta.com/api/v1/users?after=x%2Cy&limit=2>;rel=next');
    expect(links.get('self')).toBe('https://a.okta.com/api/v1/users?limit=2');
    expect(links.get('next')).toBe('https://a.okta.com/api/v1/users?after=x%2Cy&limit=2');
    expect(parseLinkHeader(undefined).size).toBe(0);
  });
});

describe('retries', () => {
  test('a 429 is retried after X-Rate-Limit-Reset plus jitter', async () => {
    await control('config', { rateLimit: { windowMs: 1000, buckets: { '/api/v1/users/{id}': 1 } } });
    const admin = [...sim.org.users.all()][0]!.id;
    // Another process empties the bucket; this client has not seen its headers yet.
    await client().request(GET_USER(admin));
    const c = client();
    const started = Date.now();
    const res = await c.request<OktaUser>(GET_USER(admin));
    expect(res.data.id).toBe(admin);
    expect(c.stats.retries).toBeGreaterThanOrEqual(1);
    expect(c.stats.rateLimitWaitMs).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThan(50);
  });

  test('a 429 that would not reset before the deadline fails fast with retryAfter', async () => {
    await control('config', { rateLimit: { windowMs: 60_000, buckets: { '/api/v1/users/{id}': 1 } } });
    const admin = [...sim.org.users.all()][0]!.id;
    await client().request(GET_USER(admin));
    const c = client({ deadline: Date.now() + 1500 });
    const started = Date.now();
    const err = await c.request(GET_USER(admin)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaRateLimitError);
    expect((err as OktaRateLimitError).retryAfterSeconds).toBeGreaterThan(1);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(classifyOktaError(err as OktaRateLimitError)).toEqual(expect.objectContaining({ code: 'RATE_LIMITED', extensions: expect.objectContaining({ retryAfter: expect.any(Number) }) }));
  });

  test('once the bucket is known to be empty, later calls wait for the reset instead of collecting 429s', async () => {
    await control('config', { rateLimit: { windowMs: 1000, buckets: { '/api/v1/users/{id}': 2 } } });
    const admin = [...sim.org.users.all()][0]!.id;
    const c = client();
    for (let i = 0; i < 5; i++) await c.request(GET_USER(admin));
    const stats: any = await (await fetch(`${sim.url}/__simulator/stats`)).json();
    // 5 calls in a 2-per-second bucket: paced, so Okta never had to refuse one.
    expect(stats.byRoute['GET /api/v1/users/{id}']).toBe(5);
    expect(c.stats.retries).toBe(0);
    expect(c.stats.rateLimitWaitMs).toBeGreaterThan(0);
  });

  test('a GET is retried on 5xx, boundedly', async () => {
    const admin = [...sim.org.users.all()][0]!.id;
    await control('config', { faults: [{ route: 'GET /api/v1/users/{id}', errorRate: 1, errorStatus: 503, times: 2 }] });
    const c = client();
    expect((await c.request<OktaUser>(GET_USER(admin))).data.id).toBe(admin);
    expect(c.stats.requests).toBe(3);

    await control('config', { faults: [{ route: 'GET /api/v1/users/{id}', errorRate: 1, errorStatus: 500, times: 10 }] });
    const c2 = client();
    const err = await c2.request(GET_USER(admin)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaApiError);
    expect((err as OktaApiError).status).toBe(500);
    expect(c2.stats.requests).toBe(3);
    expect(classifyOktaError(err as OktaApiError).code).toBe('OKTA_UNAVAILABLE');
  });

  test('a dropped connection is retried for a GET and reported as OKTA_UNAVAILABLE when it persists', async () => {
    const admin = [...sim.org.users.all()][0]!.id;
    await control('config', { faults: [{ route: 'GET /api/v1/users/{id}', resetRate: 1, times: 1 }] });
    expect((await client().request<OktaUser>(GET_USER(admin))).data.id).toBe(admin);
    await control('config', { faults: [{ route: 'GET /api/v1/users/{id}', resetRate: 1 }] });
    const err = await client({ maxRetries: 1 }).request(GET_USER(admin)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaNetworkError);
    expect(classifyOktaError(err as OktaNetworkError).code).toBe('OKTA_UNAVAILABLE');
  });

  test('malformed JSON is retried once, then reported', async () => {
    const admin = [...sim.org.users.all()][0]!.id;
    await control('config', { faults: [{ route: 'GET /api/v1/users/{id}', malformedRate: 1, times: 1 }] });
    expect((await client().request<OktaUser>(GET_USER(admin))).data.id).toBe(admin);
    await control('config', { faults: [{ route: 'GET /api/v1/users/{id}', malformedRate: 1 }] });
    const err = await client().request(GET_USER(admin)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaInvalidResponseError);
  });

  test('every attempt is timed out', async () => {
    const admin = [...sim.org.users.all()][0]!.id;
    await control('config', { faults: [{ route: 'GET /api/v1/users/{id}', latencyMs: 600 }] });
    const c = client({ timeoutMs: 150, maxRetries: 1 });
    const started = Date.now();
    const err = await c.request(GET_USER(admin)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaTimeoutError);
    expect(c.stats.requests).toBe(2);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(classifyOktaError(err as OktaTimeoutError).code).toBe('OKTA_TIMEOUT');
  });
});

describe('errors', () => {
  test('Okta error bodies become typed errors with code, summary, errorId and request id', async () => {
    const err = (await client().request(GET_USER('00uNoSuchUser00000000')).catch((e: unknown) => e)) as OktaApiError;
    expect(err).toBeInstanceOf(OktaApiError);
    expect(err.status).toBe(404);
    expect(err.errorCode).toBe('E0000007');
    expect(err.errorId).toMatch(/^oae/);
    expect(err.requestId).toBeTruthy();
    expect(classifyOktaError(err)).toEqual(expect.objectContaining({ code: 'NOT_FOUND', extensions: expect.objectContaining({ oktaErrorId: err.errorId, oktaRequestId: err.requestId }) }));
  });

  test('a rejected API token is OKTA_UNAUTHORIZED and is not retried', async () => {
    const c = client({ tokens: new ApiTokenProvider('wrong') });
    const err = (await c.request(GET_USER('x')).catch((e: unknown) => e)) as OktaApiError;
    expect(err.status).toBe(401);
    expect(err.errorCode).toBe('E0000011');
    expect(c.stats.requests).toBe(1);
    expect(classifyOktaError(err).code).toBe('OKTA_UNAUTHORIZED');
    expect(err.message).not.toContain('wrong');
  });
});

describe('against a misbehaving Okta', () => {
  let server: http.Server;
  let origin: URL;
  const seen: Array<{ method?: string; url?: string; authorization?: string }> = [];
  let handler: (req: http.IncomingMessage, res: http.ServerResponse) => void = () => {};
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
      handler(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    origin = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  const fake = (overrides: Partial<OktaClientOptions> = {}) =>
    client({ origin, tokens: new ApiTokenProvider('secret-token'), ...overrides });

  test('a next link to another host is refused and never followed with our token', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', link: '<http://evil.example/api/v1/users?after=1>; rel="next"' });
      res.end('[]');
    };
    const err = await fake().page(listUsersRequest({ limit: 2 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaInvalidResponseError);
    expect(seen).toHaveLength(1);
  });

  test('a redirect is never followed', async () => {
    handler = (_req, res) => {
      res.writeHead(302, { location: 'http://evil.example/steal' });
      res.end();
    };
    const err = await fake().request(GET_USER('a')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaInvalidResponseError);
    expect(seen).toHaveLength(1);
  });

  test('a write is not retried on 5xx (Okta may have executed it)', async () => {
    handler = (_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"errorCode":"E0000009","errorSummary":"Internal Server Error"}');
    };
    const err = await fake().request({ method: 'POST', route: 'POST /api/v1/users', path: '/api/v1/users', body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaApiError);
    expect(seen).toHaveLength(1);
  });

  test('a 401 E0000011 renews the credential once and retries', async () => {
    handler = (req, res) => {
      const good = req.headers.authorization === 'Bearer fresh';
      res.writeHead(good ? 200 : 401, { 'content-type': 'application/json' });
      res.end(good ? '{"id":"00u1"}' : '{"errorCode":"E0000011","errorSummary":"Invalid token provided"}');
    };
    let current = 'stale';
    let renewals = 0;
    const tokens: TokenProvider = {
      authorization: async () => `Bearer ${current}`,
      renew: async (rejected) => {
        renewals++;
        expect(rejected).toBe('Bearer stale');
        current = 'fresh';
        return true;
      },
    };
    const res = await fake({ tokens }).request<{ id: string }>(GET_USER('00u1'));
    expect(res.data.id).toBe('00u1');
    expect(renewals).toBe(1);
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer stale', 'Bearer fresh']);
  });

  test('concurrency per org is bounded by the governor', async () => {
    let inFlight = 0;
    let peak = 0;
    handler = (_req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id":"x"}');
      }, 30);
    };
    const governor = new OrgGovernor({ maxConcurrency: 3, reserve: 0, jitterMs: 0 });
    await Promise.all(Array.from({ length: 12 }, () => fake({ governor }).request(GET_USER('x'))));
    expect(peak).toBe(3);
  });
});
