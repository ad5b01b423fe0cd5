import { afterAll, beforeAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { FaultInjector } from '../../src/simulator/faults.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { bucketFor, DEFAULT_BUCKETS } from '../../src/simulator/rateLimits.js';
import { responseErrors } from '../helpers/openapi.js';
import { call, client, type SimAnswer } from '../helpers/simClient.js';

// The first response validation parses and compiles Okta's 3 MB spec: seconds on a busy machine.
jest.setTimeout(20_000);

let sim: Simulator;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  sim = await startSimulator({ users: 60, seed: 'behaviour' });
  api = client(sim.url, `SSWS ${sim.org.apiToken}`);
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  expect((await control('reset', {})).status).toBe(200);
});

function control<T = any>(path: string, body?: unknown): Promise<SimAnswer<T>> {
  return call<T>(sim.url, `/__simulator/${path}`, body === undefined ? {} : { method: 'POST', body });
}
async function configure(body: unknown): Promise<void> {
  const res = await control('config', body);
  expect(res.status).toBe(200);
}
const rl = (res: SimAnswer) => ({
  limit: res.headers.get('x-rate-limit-limit'),
  remaining: res.headers.get('x-rate-limit-remaining'),
  reset: Number(res.headers.get('x-rate-limit-reset')),
});

describe('rate limits', () => {
  test('every management and OAuth answer carries its bucket, whatever the status; public metadata has none', async () => {
    const now = Date.now() / 1000;
    const cases: Array<[Promise<SimAnswer>, number | number[], string]> = [
      [api('/api/v1/users?limit=2'), 200, '/api/v1/users'],
      [api('/api/v1/users/00unotthere'), 404, '/api/v1/users/{id}'],
      [api('/api/v1/users', { auth: 'SSWS wrong' }), 401, '/api/v1/users'],
      [api('/api/v1/logs?filter=bad'), 400, '/api/v1/logs'],
      [call(sim.url, '/oauth2/v1/token', { method: 'POST', body: 'grant_type=nope' }), [400, 401], '/oauth2/v1/token'],
      [call(sim.url, '/oauth2/v1/userinfo'), 401, '/oauth2/v1'],
    ];
    const used: Record<string, number> = {};
    for (const [pending, status, bucket] of cases) {
      const res = await pending;
      used[bucket] = (used[bucket] ?? 0) + 1;
      const limit = DEFAULT_BUCKETS[bucket]!;
      expect([status].flat()).toContain(res.status);
      expect(rl(res).limit).toBe(String(limit));
      expect(rl(res).remaining).toBe(String(limit - used[bucket]!));
      expect(rl(res).reset).toBeGreaterThanOrEqual(Math.floor(now));
      expect(rl(res).reset).toBeLessThanOrEqual(Math.ceil(now) + 61);
    }
    for (const path of ['/oauth2/v1/keys', '/.well-known/openid-configuration']) {
      const res = await call(sim.url, path);
      expect(res.status).toBe(200);
      expect(res.headers.has('x-rate-limit-limit')).toBe(false);
    }
  });

  test('Remaining counts down per bucket; buckets are independent', async () => {
    const a = await api('/api/v1/users?limit=1');
    const b = await api('/api/v1/users?limit=1');
    const c = await api('/api/v1/logs?limit=1');
    expect([rl(a).remaining, rl(b).remaining, rl(c).remaining]).toEqual(['599', '598', '119']);
  });

  test('an empty bucket answers 429 E0000047 until the window resets; other buckets are unaffected', async () => {
    await configure({ rateLimit: { windowMs: 1000, buckets: { '/api/v1/logs': 3 } } });
    const statuses: number[] = [];
    let last: SimAnswer<any> | undefined;
    for (let i = 0; i < 4; i++) {
      last = await api('/api/v1/logs?limit=1');
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(last!.body.errorCode).toBe('E0000047');
    expect(responseErrors('GET', '/api/v1/logs', 429, last!.body)).toEqual([]);
    expect(rl(last!)).toMatchObject({ limit: '3', remaining: '0' });
    expect((await api('/api/v1/users?limit=1')).status).toBe(200);
    await sleep(Math.max(0, rl(last!).reset * 1000 - Date.now()) + 50);
    const refilled = await api('/api/v1/logs?limit=1');
    expect([refilled.status, rl(refilled).remaining]).toEqual([200, '2']);
  });

  test('everyBucket sets every bucket and the default (what --rate-limit does)', async () => {
    await configure({ rateLimit: { everyBucket: 7 } });
    for (const path of ['/api/v1/users', '/api/v1/logs', '/api/v1/groups', '/api/v1/users/00unope/groups']) expect(rl(await api(path)).limit).toBe('7');
  });

  test('injected failures still count against the bucket and report it', async () => {
    await configure({ faults: [{ route: 'GET /api/v1/users', errorRate: 1 }] });
    const first = await api('/api/v1/users');
    const second = await api('/api/v1/users');
    expect([first.status, rl(first).remaining, second.status, rl(second).remaining]).toEqual([500, '599', 500, '598']);
  });

  test.each([
    ['GET', '/api/v1/users', '/api/v1/users'],
    ['POST', '/api/v1/users', '/api/v1/users'],
    ['GET', '/api/v1/users/{id}', '/api/v1/users/{id}'],
    ['POST', '/api/v1/users/{id}', '/api/v1/users/{id}/write'],
    ['DELETE', '/api/v1/users/{userId}', '/api/v1/users/{id}/write'],
    ['POST', '/api/v1/users/{id}/lifecycle/suspend', '/api/v1'],
    ['GET', '/api/v1/users/{id}/groups', '/api/v1'],
    ['GET', '/api/v1/groups/{groupId}', '/api/v1/groups/{id}'],
    ['PUT', '/api/v1/groups/{groupId}/users/{userId}', '/api/v1/groups'],
    ['GET', '/api/v1/apps/{appId}/users', '/api/v1/apps'],
    ['GET', '/api/v1/apps/{appId}', '/api/v1/apps/{id}'],
    ['GET', '/api/v1/authorizationServers/{authServerId}/scopes', '/api/v1'],
    ['GET', '/api/v1/logs', '/api/v1/logs'],
    ['POST', '/oauth2/v1/token', '/oauth2/v1/token'],
    ['GET', '/oauth2/v1/authorize', '/oauth2/v1/authorize'],
    ['POST', '/oauth2/v1/introspect', '/oauth2/v1'],
    ['GET', '/oauth2/v1/keys', undefined],
    ['GET', '/.well-known/openid-configuration', undefined],
    ['POST', '/oauth2/{authServerId}/v1/token', '/oauth2/{authorizationServerId}/v1'],
    ['GET', '/oauth2/{authServerId}/v1/keys', undefined],
  ])('%s %s counts against %s', (method, path, bucket) => {
    expect(bucketFor(method, path)).toBe(bucket);
    if (bucket) expect(DEFAULT_BUCKETS[bucket]).toBeGreaterThan(0);
  });
});

describe('concurrency limit', () => {
  test('a request over the limit gets 429 with Limit = Remaining = 0; slots come back', async () => {
    await configure({ rateLimit: { concurrency: 2 }, faults: [{ route: 'GET /api/v1/users', latencyMs: 300 }] });
    const answers = await Promise.all([api('/api/v1/users?limit=1'), api('/api/v1/users?limit=1'), api('/api/v1/users?limit=1')]);
    const refused = answers.filter((a) => a.status === 429);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 429]);
    expect(rl(refused[0]!)).toMatchObject({ limit: '0', remaining: '0' });
    expect((refused[0]!.body as any).errorCode).toBe('E0000047');
    expect((await api('/api/v1/logs?limit=1')).status).toBe(200);
  });

  test('dropped connections and failures give their slot back', async () => {
    await configure({ rateLimit: { concurrency: 1 }, faults: [{ route: 'GET /api/v1/users', resetRate: 1, times: 2 }] });
    await expect(api('/api/v1/users')).rejects.toThrow();
    await expect(api('/api/v1/users')).rejects.toThrow();
    expect((await api('/api/v1/users?limit=1')).status).toBe(200);
    expect(sim.org.rateLimiter.inFlight).toBe(0);
  });
});

describe('faults', () => {
  test('latency: fixed per route pattern, plus the org-wide latency', async () => {
    await configure({ faults: [{ route: 'GET /api/v1/users*', latencyMs: 400 }] });
    expect((await api('/api/v1/users?limit=1')).ms).toBeGreaterThanOrEqual(390);
    expect((await api('/api/v1/users/admin@example.com')).ms).toBeGreaterThanOrEqual(390);
    expect((await api('/api/v1/logs?limit=1')).ms).toBeLessThan(300);
    await configure({ faults: [], latencyMs: 150 });
    expect((await api('/api/v1/logs?limit=1')).ms).toBeGreaterThanOrEqual(140);
  });

  test('jitter stays within its bound and is reproducible for the same rules', () => {
    const rules = [{ latencyMs: 10, jitterMs: 100 }];
    const injector = new FaultInjector('x');
    injector.set(rules);
    const first = Array.from({ length: 20 }, () => injector.plan('GET /api/v1/users').delayMs);
    injector.set(rules);
    const second = Array.from({ length: 20 }, () => injector.plan('GET /api/v1/users').delayMs);
    expect(second).toEqual(first);
    expect(first.every((d) => d >= 10 && d < 110)).toBe(true);
    expect(new Set(first).size).toBeGreaterThan(10);
  });

  test('5xx answers: 500 E0000009 by default, 503 E0000010, any 5xx; a share of them; `times` caps a rule', async () => {
    await configure({ faults: [{ route: 'GET /api/v1/users', errorRate: 1 }] });
    const e500 = await api<any>('/api/v1/users');
    expect([e500.status, e500.body.errorCode]).toEqual([500, 'E0000009']);
    await configure({ faults: [{ route: 'GET /api/v1/users', errorRate: 1, errorStatus: 503 }] });
    const e503 = await api<any>('/api/v1/users');
    expect([e503.status, e503.body.errorCode]).toEqual([503, 'E0000010']);
    await configure({ faults: [{ route: 'GET /api/v1/users', errorRate: 1, errorStatus: 502 }] });
    expect((await api('/api/v1/users')).status).toBe(502);
    await configure({ faults: [{ route: 'GET /api/v1/logs', errorRate: 0.5 }] });
    const shares = await Promise.all(Array.from({ length: 40 }, () => api('/api/v1/logs?limit=1')));
    const failed = shares.filter((s) => s.status === 500).length;
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(32);
    await configure({ faults: [{ route: '* /api/v1/users', errorRate: 1, times: 2 }] });
    const seq: number[] = [];
    for (let i = 0; i < 4; i++) seq.push((await api('/api/v1/users?limit=1')).status);
    expect(seq).toEqual([500, 500, 200, 200]);
    expect((await control('config')).body.faults).toEqual([{ route: '* /api/v1/users', errorRate: 1, times: 2 }]);
  });

  test('connection reset: the socket closes without an answer', async () => {
    await configure({ faults: [{ route: 'GET /api/v1/logs', resetRate: 1 }] });
    const err = await api('/api/v1/logs').catch((e: unknown) => e as Error);
    expect(err).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(String((err as Error & { cause?: unknown }).cause)).toMatch(/closed|reset|socket/i);
  });

  test('malformed JSON: a 200 whose body is cut short', async () => {
    const whole = await api('/api/v1/users?limit=3');
    await configure({ faults: [{ route: 'GET /api/v1/users', malformedRate: 1 }] });
    const cut = await api('/api/v1/users?limit=3');
    expect(cut.status).toBe(200);
    expect(cut.headers.get('content-type')).toContain('application/json');
    expect(() => JSON.parse(cut.text)).toThrow();
    expect(whole.text.startsWith(cut.text)).toBe(true);
    expect(cut.text.length).toBeLessThan(whole.text.length);
  });

  test('slow body: headers come at once, the body trickles in over slowBodyMs', async () => {
    await configure({ faults: [{ route: 'GET /api/v1/users', slowBodyMs: 800 }] });
    const started = performance.now();
    const res = await fetch(`${sim.url}/api/v1/users?limit=20`, { headers: { authorization: `SSWS ${sim.org.apiToken}` } });
    const headersAt = performance.now() - started;
    const body = (await res.json()) as unknown[];
    const bodyAt = performance.now() - started;
    expect(headersAt).toBeLessThan(400);
    expect(bodyAt).toBeGreaterThanOrEqual(640);
    expect(body).toHaveLength(20);
  });

  test('the control plane is never faulted, limited or counted', async () => {
    await configure({ faults: [{ errorRate: 1 }], rateLimit: { concurrency: 1, everyBucket: 0 } });
    expect((await api('/api/v1/users')).status).toBe(429);
    for (let i = 0; i < 3; i++) expect((await control('stats')).status).toBe(200);
    expect((await control('stats')).body).toEqual({ total: 1, byRoute: { 'GET /api/v1/users': 1 } });
  });
});

describe('control plane', () => {
  const invalid: Array<[string, unknown]> = [
    ['not an object', '"rate"'],
    ['an array', [1]],
    ['null', null],
    ['unknown setting', { latency: 10 }],
    ['rateLimit not an object', { rateLimit: 5 }],
    ['unknown rate-limit setting', { rateLimit: { window: 10 } }],
    ['zero window', { rateLimit: { windowMs: 0 } }],
    ['negative limit', { rateLimit: { defaultLimit: -1 } }],
    ['fractional limit', { rateLimit: { defaultLimit: 1.5 } }],
    ['string concurrency', { rateLimit: { concurrency: '5' } }],
    ['zero concurrency', { rateLimit: { concurrency: 0 } }],
    ['null buckets', { rateLimit: { buckets: null } }],
    ['array buckets', { rateLimit: { buckets: [1] } }],
    ['negative bucket', { rateLimit: { buckets: { '/api/v1/users': -5 } } }],
    ['faults not a list', { faults: { route: '*' } }],
    ['fault not an object', { faults: [null] }],
    ['unknown fault setting', { faults: [{ errorRatio: 1 }] }],
    ['rate above 1', { faults: [{ errorRate: 2 }] }],
    ['4xx error status', { faults: [{ errorRate: 1, errorStatus: 404 }] }],
    ['fractional times', { faults: [{ errorRate: 1, times: 1.5 }] }],
    ['empty route', { faults: [{ route: '', latencyMs: 5 }] }],
    ['negative latency', { latencyMs: -1 }],
    ['valid part with an invalid part', { latencyMs: 100, rateLimit: { windowMs: -1 } }],
  ];
  test.each(invalid)('%s: 400 and nothing changes', async (_name, body) => {
    const before = (await control('config')).body;
    const res = await control('config', body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_config', message: expect.any(String) });
    expect((await control('config')).body).toEqual(before);
  });

  test('malformed JSON is 400 and changes nothing', async () => {
    const before = (await control('config')).body;
    const res = await fetch(`${sim.url}/__simulator/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"latencyMs": 5' });
    expect(res.status).toBe(400);
    expect((await control('config')).body).toEqual(before);
  });

  test('GET config shows the settings; a partial change merges; reset restores start-up values and windows', async () => {
    const start = (await control('config')).body;
    expect(start).toEqual({ rateLimit: { windowMs: 60_000, defaultLimit: 1200, buckets: DEFAULT_BUCKETS, concurrency: 75 }, faults: [], latencyMs: 0, latencyJitterMs: 0, searchLagMs: 0 });
    await api('/api/v1/logs');
    await configure({ rateLimit: { buckets: { '/api/v1/logs': 5 } }, latencyJitterMs: 3, faults: [{ route: 'GET /x', latencyMs: 1 }] });
    const changed = (await control('config')).body;
    expect(changed.rateLimit.buckets).toEqual({ ...DEFAULT_BUCKETS, '/api/v1/logs': 5 });
    expect([changed.latencyJitterMs, changed.faults]).toEqual([3, [{ route: 'GET /x', latencyMs: 1 }]]);
    expect((await control('reset', {})).body).toEqual({ reset: true });
    expect((await control('config')).body).toEqual(start);
    expect(rl(await api('/api/v1/logs')).remaining).toBe('119');
  });

  test('stats count management calls by route template; reset zeroes them; reset with data rebuilds the org', async () => {
    await api('/api/v1/users?limit=1');
    await api('/api/v1/users/admin@example.com');
    await api('/api/v1/users/org.admin@example.com');
    expect((await control('stats')).body).toEqual({ total: 3, byRoute: { 'GET /api/v1/users': 1, 'GET /api/v1/users/{id}': 2 } });
    const seeded = sim.org.logs.events.length;
    sim.org.logs.emit(undefined, { eventType: 'user.lifecycle.suspend', displayMessage: 'Suspend Okta user' });
    await control('reset', {});
    expect((await control('stats')).body).toEqual({ total: 0, byRoute: {} });
    expect(sim.org.logs.events.length).toBe(seeded + 1);
    await control('reset', { data: true });
    expect(sim.org.logs.events.length).toBe(seeded);
  });
});
