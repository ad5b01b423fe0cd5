import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import type { StoredLogEvent } from '../src/simulator/store/logs.js';
import { okta, pageToEnd } from './helpers/readGraph.js';
import { startStack, type Stack } from './helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  // Value tests read whole pages of events with every entity field; the cost limit is tested in readGraph.test.ts.
  stack = await startStack({ env: { QUERY_COST_LIMIT: '100000' } });
});
afterAll(async () => {
  await stack.close();
});
beforeEach(async () => {
  await stack.resetSim();
});

const DAY = 86_400_000;
const GEO = 'city state country postalCode latitude longitude';
const EVENT_FIELDS = /* GraphQL */ `
  uuid published eventType version severity displayMessage legacyEventType
  actor { id type alternateId displayName detailEntry user { id login } }
  client { userAgent { rawUserAgent os browser } zone device id ipAddress geographicalContext { ${GEO} } }
  outcome { result reason }
  targets { id type alternateId displayName detailEntry changeDetails user { id login } group { id profile { name } } application { id label } }
  transaction { type id detail }
  debugContext
  authenticationContext { authenticationProvider credentialProvider credentialType issuerId issuerType interface authenticationStep externalSessionId }
  securityContext { asNumber asOrg isp domain isProxy }
  ipChain { ip version source geographicalContext { ${GEO} } }
`;

const LOGS = /* GraphQL */ `
  query Logs($first: Int, $after: String, $since: DateTime, $until: DateTime, $filter: LogEventFilter, $rawFilter: String, $query: String, $sortOrder: LogSortOrder) {
    logEvents(first: $first, after: $after, since: $since, until: $until, filter: $filter, rawFilter: $rawFilter, query: $query, sortOrder: $sortOrder) {
      edges { cursor node { uuid } }
      nodes { uuid published eventType }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

/** A fixed window of seeded history: no event is written into it while the tests run. */
const now = Date.now();
const SINCE = new Date(now - 6 * DAY).toISOString();
const UNTIL = new Date(now - 1 * DAY).toISOString();

/** Stored events published in [since, until), oldest first (Okta's order of bounded queries). */
function inWindow(since = SINCE, until = UNTIL): StoredLogEvent[] {
  const [lo, hi] = [Date.parse(since), Date.parse(until)];
  return stack.sim.org.logs.byPublished.filter((r) => r.ms >= lo && r.ms < hi).map((r) => r.event);
}

const uuids = (events: Array<{ uuid: string }>) => events.map((e) => e.uuid);

function geo(g: any) {
  if (!g) return null;
  return { city: g.city ?? null, state: g.state ?? null, country: g.country ?? null, postalCode: g.postalCode ?? null, latitude: g.geolocation?.lat ?? null, longitude: g.geolocation?.lon ?? null };
}

/** The GraphQL `LogEvent` the schema promises for a stored event, entities resolved from the org. */
function expectedEvent(e: any) {
  const org = stack.sim.org;
  const user = (id: string) => {
    const u = org.users.get(id);
    return u && u.id === id ? { id: u.id, login: u.profile.login } : null;
  };
  const group = (id: string) => {
    const g = org.groups.get(id);
    return g ? { id: g.id, profile: { name: g.profile.name } } : null;
  };
  const app = (id: string) => {
    const a = org.apps.get(id);
    return a ? { id: a.id, label: a.label } : null;
  };
  const a = e.authenticationContext ?? {};
  return {
    uuid: e.uuid,
    published: e.published,
    eventType: e.eventType,
    version: e.version ?? null,
    severity: e.severity,
    displayMessage: e.displayMessage ?? null,
    legacyEventType: e.legacyEventType ?? null,
    actor: {
      id: e.actor.id,
      type: e.actor.type,
      alternateId: e.actor.alternateId ?? null,
      displayName: e.actor.displayName ?? null,
      detailEntry: e.actor.detailEntry ?? null,
      user: e.actor.type === 'User' ? user(e.actor.id) : null,
    },
    client: {
      userAgent: e.client.userAgent ? { rawUserAgent: e.client.userAgent.rawUserAgent ?? null, os: e.client.userAgent.os ?? null, browser: e.client.userAgent.browser ?? null } : null,
      zone: e.client.zone ?? null,
      device: e.client.device ?? null,
      id: e.client.id ?? null,
      ipAddress: e.client.ipAddress ?? null,
      geographicalContext: geo(e.client.geographicalContext),
    },
    outcome: { result: e.outcome.result, reason: e.outcome.reason ?? null },
    targets: (e.target ?? []).map((t: any) => ({
      id: t.id,
      type: t.type,
      alternateId: t.alternateId ?? null,
      displayName: t.displayName ?? null,
      detailEntry: t.detailEntry ?? null,
      changeDetails: t.changeDetails ?? null,
      user: t.type === 'User' ? user(t.id) : null,
      group: t.type === 'UserGroup' ? group(t.id) : null,
      application: t.type === 'AppInstance' ? app(t.id) : null,
    })),
    transaction: { type: e.transaction.type ?? null, id: e.transaction.id ?? null, detail: e.transaction.detail ?? null },
    debugContext: e.debugContext?.debugData ?? null,
    authenticationContext: {
      authenticationProvider: a.authenticationProvider ?? null,
      credentialProvider: a.credentialProvider ?? null,
      credentialType: a.credentialType ?? null,
      issuerId: a.issuer?.id ?? null,
      issuerType: a.issuer?.type ?? null,
      interface: a.interface ?? null,
      authenticationStep: a.authenticationStep ?? null,
      externalSessionId: a.externalSessionId ?? null,
    },
    securityContext: {
      asNumber: e.securityContext.asNumber ?? null,
      asOrg: e.securityContext.asOrg ?? null,
      isp: e.securityContext.isp ?? null,
      domain: e.securityContext.domain ?? null,
      isProxy: e.securityContext.isProxy ?? null,
    },
    ipChain: (e.request?.ipChain ?? []).map((ip: any) => ({ ip: ip.ip ?? null, version: ip.version ?? null, source: ip.source ?? null, geographicalContext: geo(ip.geographicalContext) })),
  };
}

async function windowIds(variables: Record<string, unknown>): Promise<string[]> {
  const res: any = await stack.gql(LOGS, { first: 1000, since: SINCE, until: UNTIL, ...variables });
  expect(res.errors).toBeUndefined();
  expect(res.data.logEvents.pageInfo.hasNextPage).toBe(false);
  return uuids(res.data.logEvents.nodes);
}

describe('Query.logEvents: values', () => {
  test('every field of every event of a window, with actor and target entities resolved in few calls', async () => {
    const expected = inWindow();
    expect(expected.length).toBeGreaterThan(50);
    const res: any = await stack.gql(`query($since: DateTime, $until: DateTime) { logEvents(first: 1000, since: $since, until: $until) { nodes { ${EVENT_FIELDS} } pageInfo { hasNextPage } } }`, { since: SINCE, until: UNTIL });
    expect(res.errors).toBeUndefined();
    expect(res.data.logEvents.nodes).toEqual(expected.map(expectedEvent));
    const kinds = new Set(expected.flatMap((e: any) => (e.target as any[]).map((t) => t.type)));
    expect([...kinds]).toEqual(expect.arrayContaining(['User', 'AppInstance']));

    const stats = await stack.stats();
    const users = new Set([...expected.map((e: any) => e.actor.id), ...expected.flatMap((e: any) => (e.target as any[]).filter((t) => t.type === 'User').map((t) => t.id))]);
    const apps = new Set(expected.flatMap((e: any) => (e.target as any[]).filter((t) => t.type === 'AppInstance').map((t) => t.id)));
    const groups = new Set(expected.flatMap((e: any) => (e.target as any[]).filter((t) => t.type === 'UserGroup').map((t) => t.id)));
    expect(stats.byRoute['GET /api/v1/logs']).toBe(1);
    expect(stats.byRoute['GET /api/v1/users']).toBeLessThanOrEqual(Math.ceil(users.size / 50));
    expect(stats.byRoute['GET /api/v1/users/{id}']).toBeUndefined();
    expect(stats.byRoute['GET /api/v1/apps/{appId}'] ?? 0).toBe(apps.size);
    expect((stats.byRoute['GET /api/v1/groups'] ?? 0) + (stats.byRoute['GET /api/v1/groups/{groupId}'] ?? 0)).toBeLessThanOrEqual(Math.ceil(groups.size / 50));
  });

  test('events about groups resolve their group targets (batched), and FAILURE events carry their reason', async () => {
    const since = new Date(now - 29 * DAY).toISOString();
    const groupEvents = inWindow(since).filter((e: any) => e.eventType.startsWith('group.'));
    expect(groupEvents.length).toBeGreaterThan(1);
    const res: any = await stack.gql(
      `query($since: DateTime, $until: DateTime) { logEvents(first: 1000, since: $since, until: $until, filter: { eventTypePrefixes: ["group."] }) { nodes { ${EVENT_FIELDS} } } }`,
      { since, until: UNTIL },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.logEvents.nodes).toEqual(groupEvents.map(expectedEvent));
    expect(res.data.logEvents.nodes.some((n: any) => n.targets.some((t: any) => t.group !== null))).toBe(true);
    const stats = await stack.stats();
    expect((stats.byRoute['GET /api/v1/groups'] ?? 0) + (stats.byRoute['GET /api/v1/groups/{groupId}'] ?? 0)).toBe(1);

    const failures: any = await stack.gql(`query($since: DateTime, $until: DateTime) { logEvents(first: 1000, since: $since, until: $until, filter: { outcomes: ["FAILURE"] }) { nodes { uuid severity outcome { result reason } } } }`, { since, until: UNTIL });
    const expected = inWindow(since).filter((e: any) => e.outcome.result === 'FAILURE');
    expect(expected.length).toBeGreaterThan(0);
    expect(failures.data.logEvents.nodes).toEqual(expected.map((e: any) => ({ uuid: e.uuid, severity: e.severity, outcome: { result: 'FAILURE', reason: e.outcome.reason ?? null } })));
  });
});

describe('Query.logEvents: windows, order and paging', () => {
  test('a bounded window pages to its end oldest first; the last page says there is no next page', async () => {
    const expected = inWindow();
    const { items, pages } = await pageToEnd(async (after) => {
      const res: any = await stack.gql(LOGS, after ? { first: 40, after, since: SINCE, until: UNTIL } : { first: 40, since: SINCE, until: UNTIL });
      expect(res.errors).toBeUndefined();
      return res.data.logEvents;
    });
    expect(uuids(items)).toEqual(uuids(expected));
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/logs': pages });
    expect(pages).toBe(Math.ceil(expected.length / 40));
  });

  test('DESCENDING pages the same window newest first', async () => {
    const { items } = await pageToEnd(async (after) => {
      const res: any = await stack.gql(LOGS, { first: 50, after, since: SINCE, until: UNTIL, sortOrder: 'DESCENDING' });
      expect(res.errors).toBeUndefined();
      return res.data.logEvents;
    });
    expect(uuids(items)).toEqual(uuids(inWindow()).reverse());
  });

  test('DESCENDING without until reads back from now and ends', async () => {
    const since = new Date(now - 2 * DAY).toISOString();
    const res: any = await stack.gql(LOGS, { first: 1000, since, sortOrder: 'DESCENDING' });
    expect(res.errors).toBeUndefined();
    expect(uuids(res.data.logEvents.nodes)).toEqual(uuids(inWindow(since, new Date(Date.now() + 1000).toISOString())).reverse());
    expect(res.data.logEvents.pageInfo.hasNextPage).toBe(false);
  });

  test('without since, Okta starts 7 days back, oldest first', async () => {
    const before = Date.now();
    const res: any = await stack.gql(LOGS, { first: 1000 });
    const after = Date.now();
    expect(res.errors).toBeUndefined();
    const got = uuids(res.data.logEvents.nodes);
    const records = stack.sim.org.logs.bySeq;
    const must = records.filter((r) => r.persistedMs >= after - 7 * DAY).map((r) => r.event.uuid);
    const may = new Set(records.filter((r) => r.persistedMs >= before - 7 * DAY - 1000).map((r) => r.event.uuid));
    expect(must.length).toBeGreaterThan(50);
    expect(got.slice(got.length - must.length)).toEqual(must);
    for (const id of got) expect(may.has(id)).toBe(true);
  });

  test('the default page is 100 events', async () => {
    const res: any = await stack.gql('{ logEvents(since: "' + SINCE + '", until: "' + UNTIL + '") { nodes { uuid } pageInfo { hasNextPage } } }');
    expect(res.errors).toBeUndefined();
    expect(uuids(res.data.logEvents.nodes)).toEqual(uuids(inWindow()).slice(0, 100));
    expect(res.data.logEvents.pageInfo.hasNextPage).toBe(inWindow().length > 100);
  });

  test('polling (ascending, no until): hasNextPage stays true at the end, and the end cursor later returns new events', async () => {
    const first: any = await stack.gql(LOGS, { first: 1000 });
    expect(first.errors).toBeUndefined();
    expect(first.data.logEvents.nodes.length).toBeGreaterThan(50);
    expect(first.data.logEvents.pageInfo.hasNextPage).toBe(true);
    const cursor = first.data.logEvents.pageInfo.endCursor;
    expect(cursor).toEqual(expect.any(String));

    const empty: any = await stack.gql(LOGS, { first: 1000, after: cursor });
    expect(empty.errors).toBeUndefined();
    expect(empty.data.logEvents.nodes).toEqual([]);
    expect(empty.data.logEvents.pageInfo.hasNextPage).toBe(true);
    expect(empty.data.logEvents.pageInfo.endCursor).toEqual(expect.any(String));

    const group = [...stack.sim.org.groups.all()].find((g) => g.profile.name === 'Legal')!;
    const user = [...stack.sim.org.users.all()].find((u) => u.status === 'ACTIVE' && !stack.sim.org.groups.isMember(group.id, u.id))!;
    expect((await okta(stack, 'PUT', `/api/v1/groups/${group.id}/users/${user.id}`)).status).toBe(204);
    try {
      const later: any = await stack.gql(`query($after: String) { logEvents(first: 1000, after: $after) { nodes { eventType actor { user { login } } targets { user { id } group { id } } } pageInfo { hasNextPage } } }`, { after: empty.data.logEvents.pageInfo.endCursor });
      expect(later.errors).toBeUndefined();
      expect(later.data.logEvents.nodes).toEqual([
        { eventType: 'group.user_membership.add', actor: { user: { login: 'admin@example.com' } }, targets: [{ user: { id: user.id }, group: null }, { user: null, group: { id: group.id } }] },
      ]);
      expect(later.data.logEvents.pageInfo.hasNextPage).toBe(true);
    } finally {
      await okta(stack, 'DELETE', `/api/v1/groups/${group.id}/users/${user.id}`);
    }
  });

  test('the next page of a query with since is read with after alone, as the schema says', async () => {
    const page: any = await stack.gql(LOGS, { first: 5, since: SINCE, until: UNTIL });
    const next: any = await stack.gql(LOGS, { first: 5, after: page.data.logEvents.pageInfo.endCursor, until: UNTIL });
    expect(next.errors).toBeUndefined();
    expect(uuids(next.data.logEvents.nodes)).toEqual(uuids(inWindow()).slice(5, 10));
  });

  test('an edge cursor in the middle of a page resumes right after it', async () => {
    const page: any = await stack.gql(LOGS, { first: 10, since: SINCE, until: UNTIL });
    const rest: any = await stack.gql(LOGS, { first: 3, after: page.data.logEvents.edges[5].cursor, since: SINCE, until: UNTIL });
    expect(rest.errors).toBeUndefined();
    expect(uuids(rest.data.logEvents.nodes)).toEqual(uuids(inWindow()).slice(6, 9));
  });
});

describe('Query.logEvents: filters', () => {
  test('typed filter: each field, values ORed within a field', async () => {
    const events = inWindow();
    const pick = (f: (e: any) => boolean) => uuids(events.filter(f));

    expect(await windowIds({ filter: { eventTypes: ['user.session.start', 'user.session.end'] } })).toEqual(pick((e) => e.eventType === 'user.session.start' || e.eventType === 'user.session.end'));
    expect(await windowIds({ filter: { eventTypePrefixes: ['user.authentication.', 'user.account.'] } })).toEqual(pick((e) => e.eventType.startsWith('user.authentication.') || e.eventType.startsWith('user.account.')));

    const actors = [...new Set(events.map((e: any) => e.actor.id))].slice(0, 3);
    expect(await windowIds({ filter: { actorIds: actors } })).toEqual(pick((e) => actors.includes(e.actor.id)));

    const app = (events.flatMap((e: any) => e.target).find((t: any) => t.type === 'AppInstance') as any).id;
    expect(await windowIds({ filter: { targetIds: [app] } })).toEqual(pick((e) => e.target.some((t: any) => t.id === app)));

    expect(await windowIds({ filter: { outcomes: ['FAILURE'] } })).toEqual(pick((e) => e.outcome.result === 'FAILURE'));
    expect(await windowIds({ filter: { outcomes: ['SUCCESS', 'FAILURE'] } })).toEqual(uuids(events));
    expect(await windowIds({ filter: { severities: ['WARN'] } })).toEqual(pick((e) => e.severity === 'WARN'));
    expect(pick((e) => e.severity === 'WARN').length).toBeGreaterThan(0);
  });

  test('typed filter: different fields must all match', async () => {
    const events = inWindow();
    const actor = (events.find((e: any) => e.eventType === 'user.session.start') as any).actor.id;
    const expected = uuids(events.filter((e: any) => e.actor.id === actor && e.eventType === 'user.session.start' && e.severity === 'INFO'));
    expect(expected.length).toBeGreaterThan(0);
    expect(await windowIds({ filter: { actorIds: [actor], eventTypes: ['user.session.start'], severities: ['INFO'] } })).toEqual(expected);
  });

  test('typed filter: eventTypes and eventTypePrefixes are different fields, so both must match', async () => {
    const expected = uuids(inWindow(new Date(now - 29 * DAY).toISOString()).filter((e: any) => e.eventType === 'group.user_membership.add'));
    expect(expected.length).toBeGreaterThan(0);
    const res: any = await stack.gql(LOGS, { first: 1000, since: new Date(now - 29 * DAY).toISOString(), until: UNTIL, filter: { eventTypes: ['user.session.start', 'group.user_membership.add'], eventTypePrefixes: ['group.'] } });
    expect(uuids(res.data.logEvents.nodes)).toEqual(expected);
  });

  test('a hostile filter value stays one literal value', async () => {
    expect(await windowIds({ filter: { eventTypes: ['x" or severity eq "INFO'] } })).toEqual([]);
  });

  test('raw filter reaches Okta as given', async () => {
    const events = inWindow(new Date(now - 29 * DAY).toISOString());
    const expected = uuids(events.filter((e: any) => e.eventType.startsWith('user.lifecycle.') || e.outcome.result === 'FAILURE'));
    const res: any = await stack.gql(LOGS, { first: 1000, since: new Date(now - 29 * DAY).toISOString(), until: UNTIL, rawFilter: 'eventType sw "user.lifecycle." or outcome.result eq "FAILURE"' });
    expect(res.errors).toBeUndefined();
    expect(uuids(res.data.logEvents.nodes)).toEqual(expected);
  });

  test('query: keywords, all required, matched in any attribute', async () => {
    const events = inWindow();
    const toronto = events.filter((e: any) => e.client.geographicalContext?.city === 'Toronto');
    expect(toronto.length).toBeGreaterThan(0);
    const one = await windowIds({ query: 'Toronto' });
    expect(one).toEqual(expect.arrayContaining(uuids(toronto)));
    for (const id of one) expect(JSON.stringify(events.find((e) => e.uuid === id)).toLowerCase()).toContain('toronto');

    const both = await windowIds({ query: 'toronto FIREFOX' });
    expect(both).toEqual(expect.arrayContaining(uuids(toronto.filter((e: any) => e.client.userAgent.browser === 'FIREFOX'))));
    for (const id of both) {
      const text = JSON.stringify(events.find((e) => e.uuid === id)).toLowerCase();
      expect(text).toContain('toronto');
      expect(text).toContain('firefox');
    }
    expect(both.length).toBeLessThan(one.length);
  });
});

describe('Query.logEvents: bad arguments', () => {
  test.each([
    [{ first: 0 }, 'first'],
    [{ first: 1001 }, 'first'],
    [{ filter: { severities: ['WARN'] }, rawFilter: 'severity eq "WARN"' }, 'at most one'],
    [{ rawFilter: '' }, 'rawFilter'],
    [{ query: '  ' }, 'query'],
    [{ filter: { eventTypes: [] } }, 'filter.eventTypes'],
    [{ filter: { actorIds: [] } }, 'filter.actorIds'],
    [{ filter: { severities: [] } }, 'filter.severities'],
    [{ after: 'garbage' }, 'cursor'],
  ])('%j is BAD_USER_INPUT mentioning %s, with no Okta call', async (variables, word) => {
    const res: any = await stack.gql(LOGS, variables);
    expect(res.data?.logEvents ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors[0].message).toContain(word);
    expect((await stack.stats()).total).toBe(0);
  });

  test('a malformed since is refused before execution', async () => {
    const res: any = await stack.gql(LOGS, { since: 'last tuesday' });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await stack.stats()).total).toBe(0);
  });

  test('Okta\'s refusals (since older than 180 days, an unsupported filter) are BAD_USER_INPUT with Okta\'s error ids', async () => {
    for (const variables of [{ since: new Date(now - 200 * DAY).toISOString() }, { rawFilter: 'published gt "2024-01-01T00:00:00.000Z"' }]) {
      const res: any = await stack.gql(LOGS, variables);
      expect(res.data.logEvents).toBeNull();
      expect(res.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.errors[0].extensions.oktaErrorCode).toMatch(/^E00000/);
      expect(res.errors[0].extensions.oktaErrorId).toEqual(expect.any(String));
    }
  });

  test('cursors are bound to their arguments: another order, filter, query or window is refused with no call', async () => {
    const page: any = await stack.gql(LOGS, { first: 3, since: SINCE, until: UNTIL });
    const after = page.data.logEvents.pageInfo.endCursor;
    await stack.resetSim();
    for (const other of [{ sortOrder: 'DESCENDING' }, { filter: { severities: ['WARN'] } }, { query: 'Toronto' }, { until: new Date(now).toISOString() }]) {
      const res: any = await stack.gql(LOGS, { first: 3, after, since: SINCE, until: UNTIL, ...other });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect((await stack.stats()).total).toBe(0);
  });
});

describe('User.logEvents', () => {
  const USER_LOGS = `query($id: ID!, $first: Int, $after: String, $since: DateTime, $until: DateTime, $sortOrder: LogSortOrder) {
    user(id: $id) { id logEvents(first: $first, after: $after, since: $since, until: $until, sortOrder: $sortOrder) {
      edges { cursor node { uuid } } nodes { uuid eventType } pageInfo { hasNextPage hasPreviousPage endCursor } } } }`;
  const since = new Date(now - 29 * DAY).toISOString();
  const about = (id: string) => inWindow(since).filter((e: any) => e.actor.id === id || e.target.some((t: any) => t.id === id));

  test('events where the user is actor or target, newest first by default, paged to the end', async () => {
    const admin = stack.sim.org.users.get('admin@example.com')!;
    const expected = about(admin.id);
    expect(expected.length).toBeGreaterThan(5);
    const { items } = await pageToEnd(async (after) => {
      const res: any = await stack.gql(USER_LOGS, { id: admin.id, first: 7, after, since, until: UNTIL });
      expect(res.errors).toBeUndefined();
      return res.data.user.logEvents;
    });
    expect(uuids(items)).toEqual(uuids(expected).reverse());
  });

  test('as target only: a user acted upon by admins; ASCENDING on request', async () => {
    const targeted = inWindow(since).flatMap((e: any) => e.target.filter((t: any) => t.type === 'User' && t.id !== e.actor.id).map((t: any) => t.id as string));
    const id = targeted[0]!;
    const expected = about(id);
    expect(expected.some((e: any) => e.actor.id !== id)).toBe(true);
    const res: any = await stack.gql(USER_LOGS, { id, first: 1000, since, until: UNTIL, sortOrder: 'ASCENDING' });
    expect(res.errors).toBeUndefined();
    expect(uuids(res.data.user.logEvents.nodes)).toEqual(uuids(expected));
  });

  test('the logs of several users cost one call each; a cursor of one user is refused for another', async () => {
    const res: any = await stack.gql(`query($since: DateTime, $until: DateTime) { users(first: 4) { nodes { id logEvents(first: 2, since: $since, until: $until) { nodes { uuid } pageInfo { endCursor } } } } }`, { since, until: UNTIL });
    expect(res.errors).toBeUndefined();
    for (const node of res.data.users.nodes) expect(uuids(node.logEvents.nodes)).toEqual(uuids(about(node.id)).reverse().slice(0, 2));
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/users': 1, 'GET /api/v1/logs': 4 });

    const [a, b] = res.data.users.nodes;
    const replay: any = await stack.gql(USER_LOGS, { id: b.id, first: 2, after: a.logEvents.pageInfo.endCursor, since, until: UNTIL });
    expect(replay.data.user.id).toBe(b.id);
    expect(replay.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(replay.errors[0].path).toEqual(['user', 'logEvents']);
  });

  test('first out of range fails the field only', async () => {
    for (const first of [0, 1001]) {
      const res: any = await stack.gql(USER_LOGS, { id: 'admin@example.com', first });
      expect(res.data.user.id).toEqual(expect.any(String));
      expect(res.data.user.logEvents).toBeNull();
      expect(res.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});
