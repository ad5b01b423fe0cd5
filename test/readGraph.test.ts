import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { createGroups, oktaAll } from './helpers/readGraph.js';
import { startStack, type Stack } from './helpers/stack.js';

/**
 * The read graph as a whole: nested cross-type queries, Okta round trips (batching, deduplication,
 * concurrency), the cost report in `extensions.okta`, cost and depth limits, and rate-limit pacing.
 */

let stack: Stack;
/** Ids of 90 groups created for the batching tests (the seed has 17). */
let extraGroups: string[] = [];

beforeAll(async () => {
  // The default cost limit (500) refuses several of the nested queries below on its estimate alone;
  // the limit itself is tested with a stack of its own.
  stack = await startStack({ env: { QUERY_COST_LIMIT: '100000' } });
  extraGroups = await createGroups(stack, 90, 'Batch');
});
afterAll(async () => {
  await stack.close();
});
beforeEach(async () => {
  await stack.resetSim();
});

const org = () => stack.sim.org;
const groupNamed = (name: string) => [...org().groups.all()].find((g) => g.profile.name === name)!;
const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on User { id login } ... on Group { id profile { name } } ... on Application { id label } ... on AuthorizationServer { id name } } }';

describe('nested, cross-type queries', () => {
  test('a group\'s members with their groups and dashboard apps: values from the org, one call per list, apps deduplicated', async () => {
    const eng = groupNamed('Engineering');
    const members = org().groups.members(eng.id).map((id) => org().users.get(id)!);
    const links = new Map<string, any[]>();
    for (const m of members) links.set(m.id, await oktaAll(stack, `/api/v1/users/${m.id}/appLinks`));
    await stack.resetSim();

    const res: any = await stack.gql(
      `query($id: ID!) { group(id: $id) { profile { name } members(first: 200) { nodes { id login groups(first: 200) { nodes { id profile { name } } } applications { label application { id label } } } } } }`,
      { id: eng.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.group.profile.name).toBe('Engineering');
    expect(res.data.group.members.nodes).toEqual(
      members.map((m) => ({
        id: m.id,
        login: m.profile.login,
        groups: { nodes: org().groups.groupsOf(m.id).map((gid) => ({ id: gid, profile: { name: org().groups.get(gid)!.profile.name } })) },
        applications: links.get(m.id)!.map((l) => ({ label: l.label, application: { id: l.appInstanceId, label: org().apps.get(l.appInstanceId)!.label } })),
      })),
    );
    const distinctApps = new Set([...links.values()].flat().map((l) => l.appInstanceId)).size;
    expect((await stack.stats()).byRoute).toEqual({
      'GET /api/v1/groups/{groupId}': 1,
      'GET /api/v1/groups/{groupId}/users': 1,
      'GET /api/v1/users/{id}/groups': members.length,
      'GET /api/v1/users/{id}/appLinks': members.length,
      'GET /api/v1/apps/{appId}': distinctApps,
    });
  });

  test('app assignments to users and back to the users\' groups: each distinct user\'s groups read once', async () => {
    const res: any = await stack.gql('{ applications(first: 200, filter: { statuses: [ACTIVE] }) { nodes { id assignedUsers(first: 200) { nodes { id user { login groups(first: 200) { nodes { id } } } } } } } }');
    expect(res.errors).toBeUndefined();
    const distinct = new Set<string>();
    for (const app of res.data.applications.nodes) {
      for (const a of app.assignedUsers.nodes) {
        distinct.add(a.id);
        expect(a.user.login).toBe(org().users.get(a.id)!.profile.login);
        expect(a.user.groups.nodes.map((g: any) => g.id)).toEqual(org().groups.groupsOf(a.id));
      }
    }
    const apps = res.data.applications.nodes.length;
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/apps': 1, 'GET /api/v1/apps/{appId}/users': apps, 'GET /api/v1/users/{id}/groups': distinct.size });
  });

  test('a user by login, their groups\' apps and those apps\' group assignments', async () => {
    const user = [...org().users.all()].find((u) => org().groups.groupsOf(u.id).some((g) => org().apps.appsOfGroup(g).length > 0))!;
    const res: any = await stack.gql(
      `query($login: ID!) { user(id: $login) { id groups { nodes { id applications { nodes { id assignedGroups { nodes { id priority } } } } } } } }`,
      { login: user.profile.login.toUpperCase() },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.user.id).toBe(user.id);
    expect(res.data.user.groups.nodes).toEqual(
      org().groups.groupsOf(user.id).map((gid) => ({
        id: gid,
        applications: { nodes: org().apps.appsOfGroup(gid).map((aid) => ({ id: aid, assignedGroups: { nodes: org().apps.groupAssignments(aid).map((a, priority) => ({ id: a.groupId, priority })) } })) },
      })),
    );
    const distinctApps = new Set(org().groups.groupsOf(user.id).flatMap((g) => org().apps.appsOfGroup(g))).size;
    const stats = await stack.stats();
    expect(stats.byRoute['GET /api/v1/groups/{groupId}/apps']).toBe(org().groups.groupsOf(user.id).length);
    expect(stats.byRoute['GET /api/v1/apps/{appId}/groups']).toBe(distinctApps);
  });

  test('log actors resolved to users and on to their groups', async () => {
    const res: any = await stack.gql('{ logEvents(first: 30) { nodes { uuid actor { id user { login groups(first: 1) { nodes { id } } } } } } }');
    expect(res.errors).toBeUndefined();
    const actors = new Set<string>();
    for (const e of res.data.logEvents.nodes) {
      const u = org().users.get(e.actor.id)!;
      actors.add(u.id);
      expect(e.actor.user).toEqual({ login: u.profile.login, groups: { nodes: org().groups.groupsOf(u.id).slice(0, 1).map((id) => ({ id })) } });
    }
    const stats = await stack.stats();
    expect(stats.byRoute['GET /api/v1/logs']).toBe(1);
    expect((stats.byRoute['GET /api/v1/users'] ?? 0) + (stats.byRoute['GET /api/v1/users/{id}'] ?? 0)).toBe(1);
    expect(stats.byRoute['GET /api/v1/users/{id}/groups']).toBe(actors.size);
  });
});

describe('Okta round trips', () => {
  test('_entities of 100 groups (plus duplicates) costs at most 3 requests, in order', async () => {
    const ids = [...[...org().groups.all()].map((g) => g.id).filter((id) => !extraGroups.includes(id)), ...extraGroups].slice(0, 100);
    expect(ids).toHaveLength(100);
    const reps = [...ids, ...ids.slice(10, 30)].map((id) => ({ __typename: 'Group', id }));
    const res: any = await stack.gql(ENTITIES, { r: reps });
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual(reps.map((r) => ({ __typename: 'Group', id: r.id, profile: { name: org().groups.get(r.id)!.profile.name } })));
    const stats = await stack.stats();
    expect(stats.total).toBeLessThanOrEqual(3);
    expect(res.extensions.okta.requests).toBe(stats.total);
  });

  test('_entities of 100 users, half by id and half by login, costs at most 3 requests', async () => {
    const users = [...org().users.all()].slice(0, 100);
    const reps = users.map((u, i) => (i % 2 === 0 ? { __typename: 'User', id: u.id } : { __typename: 'User', login: u.profile.login }));
    const res: any = await stack.gql(ENTITIES, { r: reps });
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual(users.map((u) => ({ __typename: 'User', id: u.id, login: u.profile.login })));
    expect((await stack.stats()).total).toBeLessThanOrEqual(3);
  });

  test('applications { assignedGroups { group { profile { name } } } } costs 1 + (number of apps) requests: groups come embedded', async () => {
    const res: any = await stack.gql('{ applications(first: 200) { nodes { assignedGroups { nodes { group { profile { name } } } } } } }');
    expect(res.errors).toBeUndefined();
    expect((await stack.stats()).total).toBe(1 + res.data.applications.nodes.length);
  });

  test('logEvents(first: 100) with actor users costs 1 + ceil(distinct actors / 50) requests', async () => {
    const res: any = await stack.gql('{ logEvents(first: 100) { nodes { actor { id type user { login } } } } }');
    expect(res.errors).toBeUndefined();
    const actors = new Set<string>();
    for (const n of res.data.logEvents.nodes) {
      if (n.actor.type !== 'User') continue;
      actors.add(n.actor.id);
      expect(n.actor.user.login).toBe(org().users.get(n.actor.id)!.profile.login);
    }
    expect(actors.size).toBeGreaterThan(1);
    const stats = await stack.stats();
    expect(stats.byRoute['GET /api/v1/logs']).toBe(1);
    expect(stats.byRoute['GET /api/v1/users']).toBeLessThanOrEqual(Math.ceil(actors.size / 50));
    expect(stats.byRoute['GET /api/v1/users/{id}']).toBeUndefined();
    expect(stats.total).toBeLessThanOrEqual(1 + Math.ceil(actors.size / 50));
  });

  test('the same page, list or entity asked several times in one query costs one request each', async () => {
    const sales = groupNamed('Sales');
    const res: any = await stack.gql(
      `query($id: ID!, $login: ID!) {
        a: groups(first: 7) { nodes { id } } b: groups(first: 7) { edges { node { profile { name } } } }
        g1: group(id: $id) { members(first: 5) { nodes { id } } } g2: group(id: $id) { members(first: 5) { nodes { login } } }
        u1: user(id: $login) { groups { nodes { id } } } u2: user(id: $login) { groups(first: 2) { nodes { id } } }
        l1: logEvents(first: 3) { nodes { uuid } } l2: logEvents(first: 3) { nodes { eventType } }
      }`,
      { id: sales.id, login: 'admin@example.com' },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.a.nodes.map((n: any) => n.id)).toEqual([...org().groups.all()].slice(0, 7).map((g) => g.id));
    expect(res.data.g2.members.nodes.map((n: any) => n.login)).toEqual(org().groups.members(sales.id).slice(0, 5).map((id) => org().users.get(id)!.profile.login));
    expect((await stack.stats()).byRoute).toEqual({
      'GET /api/v1/groups': 1,
      'GET /api/v1/groups/{groupId}': 1,
      'GET /api/v1/groups/{groupId}/users': 1,
      'GET /api/v1/users/{id}': 1,
      'GET /api/v1/users/{id}/groups': 1,
      'GET /api/v1/logs': 1,
    });
  });

  test('members come with the page that lists them: no user lookups', async () => {
    const res: any = await stack.gql('{ groups(first: 200) { nodes { members(first: 200) { nodes { id login } } } } }');
    expect(res.errors).toBeUndefined();
    const stats = await stack.stats();
    expect(stats.byRoute['GET /api/v1/users']).toBeUndefined();
    expect(stats.byRoute['GET /api/v1/users/{id}']).toBeUndefined();
  });

  test('independent calls run concurrently: 17 member lists behind 150 ms of latency take far less than 17 x 150 ms', async () => {
    await stack.configureSim({ latencyMs: 150 });
    const started = performance.now();
    const res: any = await stack.gql('{ groups(first: 17) { nodes { members(first: 1) { nodes { id } } } } }');
    const elapsed = performance.now() - started;
    expect(res.errors).toBeUndefined();
    expect((await stack.stats()).total).toBe(18);
    expect(elapsed).toBeLessThan(6 * 150);
  });

  test('concurrency is bounded per org (OKTA_MAX_CONCURRENCY): an org allowing 3 concurrent calls sends no 429', async () => {
    const bounded = await startStack({ simulator: stack.sim, env: { OKTA_MAX_CONCURRENCY: '3' } });
    try {
      await stack.configureSim({ rateLimit: { concurrency: 3 }, latencyMs: 100 });
      const started = performance.now();
      const res: any = await bounded.gql('{ groups(first: 17) { nodes { id members(first: 1) { nodes { id } } } } }');
      const elapsed = performance.now() - started;
      expect(res.errors).toBeUndefined();
      for (const node of res.data.groups.nodes) expect(node.members.nodes.map((n: any) => n.id)).toEqual(org().groups.members(node.id).slice(0, 1));
      expect(res.extensions.okta.retries).toBe(0);
      expect((await stack.stats()).total).toBe(18);
      // 1 list, then 17 member calls at most 3 at a time: at least 1 + 6 rounds of 100 ms.
      expect(elapsed).toBeGreaterThanOrEqual(650);
    } finally {
      await bounded.close();
    }
  });

  test('extensions.okta.requests equals the simulator\'s count, and estimatedRequests is at least that, for representative queries', async () => {
    const eng = groupNamed('Engineering');
    const queries = [
      '{ users(first: 10) { nodes { id } } }',
      '{ groups(first: 20) { nodes { members(first: 50) { nodes { id } } } } }',
      `{ group(id: "${eng.id}") { members(first: 200) { nodes { groups { nodes { id } } applications { application { label } } } } applications { nodes { assignedUsers { nodes { user { login } } } } } } }`,
      '{ applications(first: 200) { nodes { assignedUsers(first: 200) { nodes { user { login } } } assignedGroups(first: 200) { nodes { group { id } } } } } }',
      '{ authorizationServers { nodes { scopes { id } claims { id } policies { rules { id } } keys { kid } } } }',
      '{ logEvents(first: 100) { nodes { actor { user { login } } targets { user { id } group { id } } } } }',
      '{ users(first: 3) { nodes { logEvents(first: 5) { nodes { uuid } } groups { nodes { id } } applications { appInstanceId } } } }',
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Group { members(first: 2) { nodes { id } } } ... on Application { label } } }`,
    ];
    const variables = { r: [...[...org().groups.all()].slice(0, 5).map((g) => ({ __typename: 'Group', id: g.id })), ...[...org().apps.all()].slice(0, 4).map((a) => ({ __typename: 'Application', id: a.id }))] };
    for (const query of queries) {
      await stack.resetSim();
      const res: any = await stack.gql(query, variables);
      expect(res.errors).toBeUndefined();
      const stats = await stack.stats();
      expect(stats.total).toBeGreaterThan(0);
      expect({ query, requests: res.extensions.okta.requests }).toEqual({ query, requests: stats.total });
      expect(res.extensions.okta.retries).toBe(0);
      expect(res.extensions.okta.estimatedRequests).toBeGreaterThanOrEqual(stats.total);
      expect(res.extensions.okta.lowestRateLimitRemaining).toEqual(expect.any(Number));
    }
  });

  test('extensions.okta reports nothing spent for a query that needs no Okta call', async () => {
    const res: any = await stack.gql('{ __typename }');
    expect(res.extensions.okta).toEqual({ requests: 0, retries: 0, rateLimitWaitMs: 0, lowestRateLimitRemaining: null, estimatedRequests: 0 });
  });
});

describe('cost and depth limits', () => {
  let limited: Stack;
  beforeAll(async () => {
    limited = await startStack({ simulator: stack.sim, env: { QUERY_COST_LIMIT: '10', QUERY_DEPTH_LIMIT: '6' } });
  });
  afterAll(async () => {
    await limited.close();
  });

  const MEMBERS = 'query($n: Int) { groups(first: $n) { nodes { members(first: 1) { nodes { id } } } } }';

  test('an operation over budget is refused with QUERY_TOO_EXPENSIVE, its estimate and the limit, HTTP 400, and no Okta call', async () => {
    const res: any = await limited.gql(MEMBERS, { n: 10 });
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0].extensions).toEqual(expect.objectContaining({ code: 'QUERY_TOO_EXPENSIVE', estimatedOktaRequests: 11, limit: 10 }));
    expect(res.extensions.okta.estimatedRequests).toBe(11);
    expect((await stack.stats()).total).toBe(0);
  });

  test('the estimate follows the variables: one item fewer fits the budget and runs', async () => {
    const res: any = await limited.gql(MEMBERS, { n: 9 });
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.groups.nodes).toHaveLength(9);
    expect(res.extensions.okta).toEqual(expect.objectContaining({ requests: 10, estimatedRequests: 10 }));
    expect((await stack.stats()).total).toBe(10);
  });

  test('fragments, aliases and _entities are counted too', async () => {
    const viaFragments = await limited.gql(
      `query { groups(first: 6) { ...G } more: groups(first: 6) { nodes { ... on Group { members(first: 1) { nodes { id } } } } } }
       fragment G on GroupConnection { nodes { members(first: 1) { nodes { id } } } }`,
    );
    expect(viaFragments.status).toBe(400);
    expect(viaFragments.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_EXPENSIVE');
    const apps = [...org().apps.all()].slice(0, 11).map((a) => ({ __typename: 'Application', id: a.id }));
    const entities = await limited.gql(ENTITIES, { r: apps });
    expect(entities.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_EXPENSIVE');
    expect((await stack.stats()).total).toBe(0);
    const groups = [...org().groups.all()].slice(0, 11).map((g) => ({ __typename: 'Group', id: g.id }));
    const batched: any = await limited.gql(ENTITIES, { r: groups });
    expect(batched.errors).toBeUndefined();
    expect(batched.data._entities).toHaveLength(11);
  });

  test('an operation nested too deep is refused with QUERY_TOO_DEEP, its depth and the limit, HTTP 400, and no Okta call', async () => {
    const res: any = await limited.gql('{ groups(first: 1) { nodes { members(first: 1) { nodes { groups(first: 1) { nodes { id } } } } } } }');
    expect(res.status).toBe(400);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0].extensions).toEqual(expect.objectContaining({ code: 'QUERY_TOO_DEEP', depth: 7, limit: 6 }));
    const viaFragment: any = await limited.gql('{ groups(first: 1) { nodes { ...M } } } fragment M on Group { members(first: 1) { nodes { groups(first: 1) { nodes { id } } } } }');
    expect(viaFragment.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
    expect((await stack.stats()).total).toBe(0);
    const atLimit: any = await limited.gql('{ groups(first: 1) { nodes { members(first: 1) { nodes { id } } } } }');
    expect(atLimit.errors).toBeUndefined();
  });

  test('introspection is not limited by depth (tools such as Apollo Sandbox need it)', async () => {
    const res: any = await limited.gql('{ __schema { queryType { fields { name type { name ofType { name ofType { name ofType { name } } } } } } } }');
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.__schema.queryType.fields.map((f: any) => f.name)).toEqual(expect.arrayContaining(['groups', 'applications', 'logEvents']));
  });
});

describe('rate-limit pacing', () => {
  test('an operation needing more calls than a bucket allows completes without any 429, waiting for the window', async () => {
    const paced = await startStack({ simulator: stack.sim });
    try {
      await stack.configureSim({ rateLimit: { windowMs: 1000, buckets: { '/api/v1/groups': 3 } }, latencyMs: 20 });
      const res: any = await paced.gql('{ groups(first: 8) { nodes { id members(first: 1) { nodes { id } } } } }');
      expect(res.errors).toBeUndefined();
      for (const node of res.data.groups.nodes) expect(node.members.nodes.map((n: any) => n.id)).toEqual(org().groups.members(node.id).slice(0, 1));
      const stats = await stack.stats();
      // Every call the simulator saw was answered: a 429 would show as an extra call (and a retry).
      expect(stats.total).toBe(9);
      expect(res.extensions.okta).toEqual(expect.objectContaining({ requests: 9, retries: 0 }));
      expect(res.extensions.okta.rateLimitWaitMs).toBeGreaterThan(500);
    } finally {
      await paced.close();
    }
  }, 20_000);

  test('calls of one route waiting for a window reset all complete after it, none fails before the deadline', async () => {
    const paced = await startStack({ simulator: stack.sim });
    try {
      await stack.configureSim({ rateLimit: { windowMs: 1000, buckets: { '/api/v1': 3 } }, latencyMs: 100 });
      // Teaches the governor the state of GET /api/v1/users/{id}/groups (Okta's /api/v1 bucket).
      const warm: any = await paced.gql('{ user(id: "admin@example.com") { groups { nodes { id } } } }');
      expect(warm.errors).toBeUndefined();
      const res: any = await paced.gql('{ users(first: 8) { nodes { id groups(first: 1) { nodes { id } } } } }');
      expect(res.errors).toBeUndefined();
      for (const node of res.data.users.nodes) expect(node.groups.nodes.map((g: any) => g.id)).toEqual(org().groups.groupsOf(node.id).slice(0, 1));
      expect(res.extensions.okta.retries).toBe(0);
    } finally {
      await paced.close();
    }
  }, 20_000);

  test('consecutive operations paging past a bucket\'s budget wait for the window instead of collecting 429s', async () => {
    const paced = await startStack({ simulator: stack.sim });
    try {
      // Calls of one route one after another (each page needs the previous cursor), so that the
      // outcome does not depend on how concurrent calls are paced.
      await stack.configureSim({ rateLimit: { windowMs: 1000, buckets: { '/api/v1/groups': 3 } } });
      const seen: string[] = [];
      let after: string | null = null;
      let waited = 0;
      for (let page = 0; page < 4; page++) {
        const res: any = await paced.gql('query($after: String) { groups(first: 3, after: $after) { nodes { id } pageInfo { endCursor } } }', { after });
        expect(res.errors).toBeUndefined();
        seen.push(...res.data.groups.nodes.map((n: any) => n.id));
        after = res.data.groups.pageInfo.endCursor;
        waited += res.extensions.okta.rateLimitWaitMs;
        expect(res.extensions.okta.retries).toBe(0);
      }
      expect(seen).toEqual([...org().groups.all()].slice(0, 12).map((g) => g.id));
      expect(waited).toBeGreaterThan(500);
      // No call was refused with a 429: the simulator saw exactly one call per page.
      expect((await stack.stats()).total).toBe(4);
    } finally {
      await paced.close();
    }
  }, 20_000);

  test('when the wait would overrun the deadline, the field fails with RATE_LIMITED and retryAfter, and siblings resolve', async () => {
    const hurried = await startStack({ simulator: stack.sim, env: { OKTA_REQUEST_DEADLINE_MS: '1500' } });
    try {
      await stack.configureSim({ rateLimit: { windowMs: 60_000, buckets: { '/api/v1/groups': 2 } } });
      const started = performance.now();
      const res: any = await hurried.gql('{ groups(first: 4) { nodes { id members(first: 1) { nodes { id } } } } users(first: 2) { nodes { id } } }');
      expect(performance.now() - started).toBeLessThan(5000);
      expect(res.status).toBe(200);
      expect(res.data.users.nodes.map((n: any) => n.id)).toEqual([...org().users.all()].filter((u) => u.status !== 'DEPROVISIONED').slice(0, 2).map((u) => u.id));
      expect(res.data.groups.nodes.map((n: any) => n.id)).toEqual([...org().groups.all()].slice(0, 4).map((g) => g.id));
      const limited = res.errors ?? [];
      expect(limited.length).toBeGreaterThanOrEqual(3);
      for (const e of limited) {
        expect(e.extensions.code).toBe('RATE_LIMITED');
        expect(e.path).toEqual(['groups', 'nodes', expect.any(Number), 'members']);
        expect(e.extensions.retryAfter).toBeGreaterThan(0);
        expect(e.extensions.retryAfter).toBeLessThanOrEqual(62);
      }
      const failed = new Set(limited.map((e: any) => e.path[2]));
      res.data.groups.nodes.forEach((node: any, i: number) => {
        if (failed.has(i)) expect(node.members).toBeNull();
        else expect(node.members.nodes.map((n: any) => n.id)).toEqual(org().groups.members(node.id).slice(0, 1));
      });
    } finally {
      await hurried.close();
    }
  }, 20_000);
});
