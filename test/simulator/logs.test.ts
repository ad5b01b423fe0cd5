import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { evaluate, parseExpression, readPath } from '../../src/simulator/expr.js';
import type { SimRequest } from '../../src/simulator/http.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { Org } from '../../src/simulator/org.js';
import { apiRoutes } from '../../src/simulator/routes/index.js';
import { LogStore, type StoredLogEvent } from '../../src/simulator/store/logs.js';
import { requestErrors, responseErrors } from '../helpers/openapi.js';
import { client, type SimAnswer } from '../helpers/simClient.js';

type Ev = StoredLogEvent & Record<string, any>;
const DAY = 86_400_000;

// The first validation parses and compiles Okta's 3 MB spec: seconds on a busy machine.
jest.setTimeout(20_000);

let sim: Simulator;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  // Ajv warns about the spec's free-text `format`s of the logs parameters ("Opaque token", ...).
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  sim = await startSimulator({ users: 120, seed: 'logs-test' });
  api = client(sim.url, `SSWS ${sim.org.apiToken}`);
});
afterAll(async () => {
  await sim.close();
});

/** GET /api/v1/logs, checking the request against the spec and the answer against its schema. */
async function logs(query: string | URL): Promise<SimAnswer<Ev[]>> {
  const path = typeof query === 'string' ? `/api/v1/logs${query}` : query.toString();
  expect(requestErrors('GET', '/api/v1/logs', path)).toEqual([]);
  const res = await api<Ev[]>(path);
  expect(responseErrors('GET', '/api/v1/logs', res.status, res.body)).toEqual([]);
  return res;
}

/** Follows `next` links to the end (bounded requests only). */
async function all(query: string): Promise<{ events: Ev[]; pages: number }> {
  const events: Ev[] = [];
  let res = await logs(query);
  let pages = 1;
  events.push(...res.body);
  while (res.links.next) {
    expect(new URL(res.links.next).searchParams.has('since')).toBe(false);
    res = await logs(new URL(res.links.next));
    events.push(...res.body);
    pages++;
    expect(pages).toBeLessThan(200);
  }
  return { events, pages };
}

const iso = (ms: number) => new Date(ms).toISOString();
const stored = () => sim.org.logs.events as Ev[];

describe('GET /api/v1/logs conformance and defaults', () => {
  test('a default request is a polling request over the last 7 days: 100 events, ascending, self and next links', async () => {
    const res = await logs('');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-rate-limit-limit')).toBe('120');
    expect(res.body).toHaveLength(100);
    const times = res.body.map((e) => Date.parse(e.published));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThanOrEqual(Date.now() - 7 * DAY - 60_000);
    expect(res.links.self).toBe(`${sim.url}/api/v1/logs`);
    const next = new URL(res.links.next!);
    expect(next.searchParams.get('limit')).toBe('100');
    expect(next.searchParams.get('after')).toBeTruthy();
  });

  test('the seeded history spans 30 days, is deterministic for a seed, and is sized by the org', () => {
    const events = stored();
    expect(events.length).toBe(1200);
    const oldest = Date.parse(events[0]!.published);
    expect(oldest).toBeGreaterThan(Date.now() - 30 * DAY - 60_000);
    expect(oldest).toBeLessThan(Date.now() - 25 * DAY);
    const again = new Org({ users: 120, seed: 'logs-test' });
    expect(again.logs.events.map((e) => [e.uuid, e.eventType])).toEqual(events.map((e) => [e.uuid, e.eventType]));
    const other = new Org({ users: 120, seed: 'another' });
    expect(other.logs.events[0]!.uuid).not.toBe(events[0]!.uuid);
    const types = new Set(events.map((e) => e.eventType));
    for (const t of ['user.session.start', 'user.authentication.auth_via_mfa', 'user.authentication.sso', 'user.account.update_password', 'user.lifecycle.suspend', 'application.user_membership.add']) {
      expect(types).toContain(t);
    }
    const failed = events.filter((e) => e.outcome.result === 'FAILURE');
    expect(failed.length).toBeGreaterThan(10);
    expect(failed.every((e) => e.severity === 'WARN')).toBe(true);
    const ids = new Set([...sim.org.users.all()].map((u) => u.id));
    expect(events.every((e) => ids.has(e.actor.id))).toBe(true);
  });

  test('limit: default 100, capped at 1000, 0 allowed; not a number is 400 E0000001', async () => {
    const since = iso(Date.now() - 31 * DAY);
    expect((await logs(`?since=${since}&limit=5000`)).body).toHaveLength(1000);
    expect((await logs(`?since=${since}&limit=7`)).body).toHaveLength(7);
    const zero = await logs(`?since=${since}&limit=0`);
    expect(zero.body).toEqual([]);
    expect(zero.links.next).toBeDefined();
    const bad = await api<any>('/api/v1/logs?limit=ten');
    expect(bad.status).toBe(400);
    expect(bad.body.errorCode).toBe('E0000001');
  });
});

describe('bounded requests', () => {
  test('since + until pages to the end in published order, every event of the window exactly once, no next on the last page', async () => {
    const since = Date.now() - 10 * DAY;
    const until = Date.now() - 3 * DAY;
    const { events, pages } = await all(`?since=${iso(since)}&until=${iso(until)}&limit=50`);
    const expected = stored().filter((e) => Date.parse(e.published) >= since && Date.parse(e.published) < until);
    expect(events.map((e) => e.uuid)).toEqual(expected.map((e) => e.uuid));
    expect(pages).toBe(Math.ceil(expected.length / 50));
  });

  test('DESCENDING goes back from until to since; without until it starts now', async () => {
    const since = Date.now() - 5 * DAY;
    const { events } = await all(`?since=${iso(since)}&sortOrder=DESCENDING&limit=40`);
    const expected = stored().filter((e) => Date.parse(e.published) >= since).reverse();
    expect(events.map((e) => e.uuid)).toEqual(expected.map((e) => e.uuid));
    const until = Date.now() - 20 * DAY;
    const older = await all(`?until=${iso(until)}&sortOrder=DESCENDING&limit=1000`);
    const window = stored().filter((e) => Date.parse(e.published) < until && Date.parse(e.published) >= until - 7 * DAY).reverse();
    expect(older.events.map((e) => e.uuid)).toEqual(window.map((e) => e.uuid));
  });

  test('since and after together is 400 E0000001; bad dates 400 E0000001; since beyond 180 days 400 E0000053', async () => {
    const first = await logs(`?since=${iso(Date.now() - DAY)}&until=${iso(Date.now())}&limit=1`);
    const after = new URL(first.links.next!).searchParams.get('after')!;
    const both = await api<any>(`/api/v1/logs?since=${iso(Date.now() - DAY)}&after=${after}`);
    expect(both.status).toBe(400);
    expect(both.body.errorCode).toBe('E0000001');
    expect(responseErrors('GET', '/api/v1/logs', 400, both.body)).toEqual([]);
    const badDate = await api<any>('/api/v1/logs?until=01-01-2017');
    expect(badDate.status).toBe(400);
    expect(badDate.body.errorSummary).toContain("'until': The date format in your query is not recognized");
    const ancient = await api<any>(`/api/v1/logs?since=${iso(Date.now() - 200 * DAY)}`);
    expect(ancient.status).toBe(400);
    expect(ancient.body.errorCode).toBe('E0000053');
    const forged = await api<any>('/api/v1/logs?after=not-a-cursor');
    expect(forged.status).toBe(400);
  });
});

describe('filter and q', () => {
  const since = iso(Date.now() - 31 * DAY);
  const local = (text: string) => stored().filter((e) => evaluate(parseExpression(text), readPath(e), false));

  test.each([
    'eventType eq "user.session.start" and outcome.result eq "FAILURE"',
    'severity eq "WARN"',
    'eventType sw "user.lifecycle"',
    'eventType co "membership" or eventType ew ".sso"',
    'displayMessage eq "User single sign on to app"',
    'severity ne "INFO"',
    'client.geographicalContext.city eq "Tokyo"',
    'legacyEventType pr and (target.type eq "UserGroup" or target.type eq "AppInstance")',
  ])('filter=%s matches what the expression selects', async (expression) => {
    const res = await logs(`?since=${since}&limit=1000&filter=${encodeURIComponent(expression)}`);
    const expected = local(expression);
    expect(expected.length).toBeGreaterThan(0);
    expect(res.body.map((e) => e.uuid)).toEqual(expected.slice(0, 1000).map((e) => e.uuid));
  });

  test('actor.id and target.id select one user\'s events', async () => {
    const user = stored().find((e) => e.eventType === 'user.lifecycle.suspend')!.target[0];
    const res = await logs(`?since=${since}&limit=1000&filter=${encodeURIComponent(`target.id eq "${user.id}"`)}`);
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.body.every((e) => e.target.some((t: any) => t.id === user.id))).toBe(true);
    const admin = stored().find((e) => e.eventType === 'user.lifecycle.suspend')!.actor.id;
    const byActor = await logs(`?since=${since}&limit=1000&filter=${encodeURIComponent(`actor.id eq "${admin}"`)}`);
    expect(byActor.body.map((e) => e.uuid)).toEqual(local(`actor.id eq "${admin}"`).map((e) => e.uuid));
  });

  test.each([
    ['displayMessage eqq "Create okta user"', 'E0000053'],
    ['eventType eq', 'E0000053'],
    ['some_invalid_field eq "x"', 'E0000053'],
    ['published gt "2024-01-01T00:00:00.000Z"', 'E0000031'],
    ['debugContext.debugData.url co "/oauth/"', 'E0000031'],
  ])('filter=%s is 400 %s', async (expression, code) => {
    const res = await api<any>(`/api/v1/logs?filter=${encodeURIComponent(expression)}`);
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe(code);
    expect(responseErrors('GET', '/api/v1/logs', 400, res.body)).toEqual([]);
  });

  test('q: every keyword must match a value exactly, case-insensitively; hyphenated values match by part', async () => {
    const user = [...sim.org.users.all()].find((u) => stored().some((e) => e.actor.id === u.id && e.eventType === 'user.session.start'))!;
    const name = `${String(user.profile.firstName)} ${String(user.profile.lastName)}`;
    const res = await logs(`?since=${since}&limit=1000&q=${encodeURIComponent(name.toUpperCase())}`);
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.body.every((e) => JSON.stringify(e).toLowerCase().includes(String(user.profile.lastName).toLowerCase()))).toBe(true);
    const uuid = stored()[5]!.uuid;
    const part = await logs(`?since=${since}&q=${uuid.split('-')[4]}`);
    expect(part.body.map((e) => e.uuid)).toEqual([uuid]);
    const none = await logs(`?since=${since}&q=${encodeURIComponent(`${name} zzzunmatched`)}`);
    expect(none.body).toEqual([]);
    const tooLong = await api<any>(`/api/v1/logs?q=${'x'.repeat(41)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errorSummary).toContain('longer than 40 characters');
  });
});

describe('polling', () => {
  test('an empty page still links next, and following it later returns what was written since', async () => {
    let res = await logs(`?limit=1000`);
    let guard = 0;
    while (res.body.length > 0) {
      res = await logs(new URL(res.links.next!));
      expect(++guard).toBeLessThan(20);
    }
    expect(res.links.next).toBeDefined();
    const emptyNext = new URL(res.links.next!);
    const again = await logs(emptyNext);
    expect(again.body).toEqual([]);
    expect(again.links.next).toBeDefined();

    const user = sim.org.users.get('end.user@example.com')!;
    const event = sim.org.logs.emit(undefined, {
      eventType: 'user.lifecycle.suspend',
      displayMessage: 'Suspend Okta user',
      legacyEventType: 'core.user.config.user_status.suspended',
      targets: [{ id: user.id, type: 'User', alternateId: user.profile.login, displayName: 'Eve Enduser' }],
    });
    const later = await logs(emptyNext);
    expect(later.body.map((e) => e.uuid)).toEqual([event.uuid]);
    expect(later.links.next).toBeDefined();
    expect((await logs(new URL(later.links.next!))).body).toEqual([]);
  });

  test('polling since a moment ago sees only new events, filtered', async () => {
    const since = iso(Date.now() - 1000);
    const first = await logs(`?since=${since}&filter=${encodeURIComponent('eventType eq "group.user_membership.add"')}`);
    const req = fakeRequest();
    sim.org.logs.emit(req, { eventType: 'user.lifecycle.activate', displayMessage: 'Activate Okta user' });
    const added = sim.org.logs.emit(req, { eventType: 'group.user_membership.add', displayMessage: 'Add user to group membership' });
    expect(first.body).toEqual([]);
    const next = await logs(new URL(first.links.next!));
    expect(next.body.map((e) => e.uuid)).toEqual([added.uuid]);
  });
});

function fakeRequest(): SimRequest {
  const url = new URL(`${sim.url}/api/v1/users/00u1/lifecycle/activate?sendEmail=false`);
  return {
    method: 'POST', url, query: url.searchParams, params: {}, headers: { 'user-agent': 'okta-subgraph/0.1 node' }, body: undefined, rawBody: '',
    principal: { kind: 'ssws', userId: sim.org.defaultAdminId() }, route: 'POST /api/v1/users/{id}/lifecycle/activate', requestId: 'Wn4f0RQ8D8lTSLkAmkKdQAADqo', baseUrl: sim.url, ip: '127.0.0.1',
  };
}

describe('events emitted by writes', () => {
  test('emit() fills actor, client, request, transaction and debug context from the request, to the spec', async () => {
    const user = sim.org.users.get('end.user@example.com')!;
    const event = sim.org.logs.emit(fakeRequest(), {
      eventType: 'user.lifecycle.activate',
      displayMessage: 'Activate Okta user',
      targets: [{ id: user.id, type: 'User', alternateId: user.profile.login, displayName: 'Eve Enduser', detailEntry: null }],
      outcome: { result: 'SUCCESS', reason: null },
    }) as Ev;
    expect(responseErrors('GET', '/api/v1/logs', 200, [event])).toEqual([]);
    expect(event.actor).toMatchObject({ id: sim.org.defaultAdminId(), type: 'User', alternateId: 'admin@example.com', displayName: 'Ada Admin' });
    expect(event.client).toMatchObject({ ipAddress: '127.0.0.1', zone: 'null', device: 'Unknown', userAgent: { rawUserAgent: 'okta-subgraph/0.1 node' } });
    expect(event.transaction).toEqual({ type: 'WEB', id: 'Wn4f0RQ8D8lTSLkAmkKdQAADqo', detail: { requestApiTokenId: sim.org.logs.apiTokenId } });
    expect(event.debugContext.debugData).toMatchObject({ requestUri: '/api/v1/users/00u1/lifecycle/activate', url: '/api/v1/users/00u1/lifecycle/activate?sendEmail=false' });
    expect(event.request.ipChain).toEqual([{ ip: '127.0.0.1', version: 'V4' }]);
    expect(event.target[0]).not.toHaveProperty('detailEntry');
    expect(event.outcome).toEqual({ result: 'SUCCESS' });
    const found = await logs(`?filter=${encodeURIComponent(`uuid eq "${event.uuid}"`)}`);
    expect(found.body).toEqual([event]);
  });

  const creates = apiRoutes(new Org({ users: 5, seed: 1 })).some((r) => r.method === 'POST' && r.path === '/api/v1/users');
  (creates ? test : test.skip)('POST /api/v1/users is logged as user.lifecycle.create with the new user as target', async () => {
    const res = await api<any>('/api/v1/users?activate=false', { method: 'POST', body: { profile: { firstName: 'Log', lastName: 'Probe', email: 'log.probe@example.com', login: 'log.probe@example.com' } } });
    expect(res.status).toBe(200);
    const found = await logs(`?since=${iso(Date.now() - 60_000)}&filter=${encodeURIComponent(`target.id eq "${res.body.id}"`)}`);
    expect(found.body.map((e) => e.eventType)).toContain('user.lifecycle.create');
  });
});

test('every event in the log, seeded or emitted by any write route, conforms to LogEvent', async () => {
  const admin = sim.org.users.get('admin@example.com')!;
  const group = (await api<any[]>('/api/v1/groups?limit=1')).body?.[0];
  if (group?.id) await api(`/api/v1/groups/${group.id}/users/${admin.id}`, { method: 'PUT' });
  const res = await logs(`?since=${iso(Date.now() - 31 * DAY)}&limit=1000`);
  expect(res.body.length).toBeGreaterThan(0);
  expect(responseErrors('GET', '/api/v1/logs', 200, stored())).toEqual([]);
});

describe('authorization and scale', () => {
  test('okta.logs.read scope and a role with logs.read are both needed', async () => {
    const as = (login: string, scopes: string[]) => ({ kind: 'bearer' as const, userId: sim.org.users.get(login)!.id, scopes: new Set(scopes), clientId: '0oaclient' });
    const previous = sim.org.bearer;
    sim.org.bearer = (token) =>
      ({ noscope: as('admin@example.com', ['okta.users.read']), helpdesk: as('help.desk@example.com', ['okta.logs.read']), readonly: as('readonly.admin@example.com', ['okta.logs.read']) })[token];
    try {
      const noScope = await api<any>('/api/v1/logs', { auth: 'Bearer noscope' });
      expect(noScope.status).toBe(403);
      expect(noScope.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
      expect((await api('/api/v1/logs', { auth: 'Bearer helpdesk' })).status).toBe(403);
      expect((await api('/api/v1/logs', { auth: 'Bearer readonly' })).status).toBe(200);
    } finally {
      sim.org.bearer = previous;
    }
  });

  test('a page costs O(page) with 200k events: deep cursors and narrow windows answer in milliseconds', async () => {
    const big = new Org({ users: 20, seed: 'big' });
    const base = big.logs.events[0]!;
    big.logs = new LogStore(big);
    const start = Date.now() - 20 * DAY;
    for (let i = 0; i < 200_000; i++) big.logs.insert({ ...base, uuid: `u${i}`, published: iso(start + i * 5000) }, start + i * 5000);
    big.baseUrl = sim.url;
    const handler = apiRoutes(big).find((r) => r.path === '/api/v1/logs')!.handler;
    const url = new URL(`${sim.url}/api/v1/logs?since=${iso(start + 150_000 * 5000)}&until=${iso(start + 150_100 * 5000)}&limit=1000`);
    const t0 = performance.now();
    const res = await handler({ ...fakeRequest(), method: 'GET', url, query: url.searchParams });
    const elapsed = performance.now() - t0;
    expect((res.body as Ev[]).map((e) => e.uuid)).toEqual(Array.from({ length: 100 }, (_, i) => `u${150_000 + i}`));
    expect(elapsed).toBeLessThan(50);
  });
});
