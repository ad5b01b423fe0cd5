import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { startStack, type Stack } from './helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});
beforeEach(async () => {
  await stack.resetSim();
});

const PAGE = /* GraphQL */ `
  query Page($first: Int, $after: String, $filter: UserFilter, $search: String, $query: String) {
    users(first: $first, after: $after, filter: $filter, search: $search, query: $query) {
      edges { cursor node { id } }
      nodes { id status created lastUpdated profile { login email firstName lastName customAttributes } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

function orgUsers() {
  return [...stack.sim.org.users.all()];
}

describe('Query.users', () => {
  test('pages to the end with cursors, one Okta call per page, and omits DEPROVISIONED users as Okta does', async () => {
    const expected = orgUsers().filter((u) => u.status !== 'DEPROVISIONED').map((u) => u.id);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res: any = await stack.gql(PAGE, { first: 50, after });
      expect(res.errors).toBeUndefined();
      const conn = res.data.users;
      pages++;
      expect(conn.nodes.map((n: any) => n.id)).toEqual(conn.edges.map((e: any) => e.node.id));
      expect(conn.pageInfo.hasPreviousPage).toBe(false);
      seen.push(...conn.nodes.map((n: any) => n.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
      expect(pages).toBeLessThan(10);
    }
    expect(seen).toEqual(expected);
    const stats = await stack.stats();
    expect(stats.byRoute['GET /api/v1/users']).toBe(pages);
  });

  test('an edge cursor in the middle of a page resumes right after that edge', async () => {
    const first: any = await stack.gql(PAGE, { first: 10 });
    const middle = first.data.users.edges[3].cursor;
    const rest: any = await stack.gql(PAGE, { first: 4, after: middle });
    expect(rest.data.users.nodes.map((n: any) => n.id)).toEqual(first.data.users.nodes.slice(4, 8).map((n: any) => n.id));
  });

  test('typed filter: statuses, logins, emails, ids and lastUpdated range', async () => {
    const users = orgUsers();
    const suspended = users.filter((u) => u.status === 'SUSPENDED' || u.status === 'LOCKED_OUT').map((u) => u.id);
    const byStatus: any = await stack.gql(PAGE, { first: 200, filter: { statuses: ['SUSPENDED', 'LOCKED_OUT'] } });
    expect(byStatus.errors).toBeUndefined();
    expect(byStatus.data.users.nodes.map((n: any) => n.id)).toEqual(suspended);

    const pick = users.slice(5, 8);
    const byLogin: any = await stack.gql(PAGE, { filter: { logins: pick.map((u) => u.profile.login) } });
    expect(byLogin.data.users.nodes.map((n: any) => n.id)).toEqual(pick.map((u) => u.id));
    const byEmail: any = await stack.gql(PAGE, { filter: { emails: [pick[0]!.profile.email] } });
    expect(byEmail.data.users.nodes.map((n: any) => n.id)).toEqual([pick[0]!.id]);
    const byId: any = await stack.gql(PAGE, { filter: { ids: [pick[1]!.id, pick[2]!.id], statuses: ['ACTIVE', 'SUSPENDED', 'STAGED', 'PROVISIONED', 'DEPROVISIONED', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'RECOVERY'] } });
    expect(byId.data.users.nodes.map((n: any) => n.id)).toEqual([pick[1]!.id, pick[2]!.id]);

    const after = '2024-01-01T00:00:00.000Z';
    const before = '2025-01-01T00:00:00.000Z';
    const inRange = users.filter((u) => u.lastUpdated > after && u.lastUpdated < before).map((u) => u.id);
    const range: any = await stack.gql(PAGE, { first: 200, filter: { lastUpdatedAfter: after, lastUpdatedBefore: before } });
    expect(range.errors).toBeUndefined();
    expect(range.data.users.nodes.map((n: any) => n.id)).toEqual(inRange);
    expect(inRange.length).toBeGreaterThan(0);
  });

  test('a hostile filter value stays one literal and matches nothing', async () => {
    const res: any = await stack.gql(PAGE, { filter: { logins: ['a" or status eq "ACTIVE'] } });
    expect(res.errors).toBeUndefined();
    expect(res.data.users.nodes).toEqual([]);
    const res2: any = await stack.gql(PAGE, { filter: { emails: ['x\\" or id pr or \\"'] } });
    expect(res2.errors).toBeUndefined();
    expect(res2.data.users.nodes).toEqual([]);
  });

  test('raw search and query (Okta q) reach Okta as given', async () => {
    const engineers = orgUsers().filter((u) => u.profile.department === 'Engineering');
    const res: any = await stack.gql(PAGE, { first: 200, search: 'profile.department eq "engineering"' });
    expect(res.errors).toBeUndefined();
    expect(res.data.users.nodes.map((n: any) => n.id)).toEqual(engineers.map((u) => u.id));

    const q: any = await stack.gql(PAGE, { first: 200, query: 'ad' });
    expect(q.errors).toBeUndefined();
    const logins = q.data.users.nodes.map((n: any) => n.profile.login);
    expect(logins).toContain('admin@example.com');
    expect(q.data.users.pageInfo.hasNextPage).toBe(false);
  });

  test('custom profile attributes are exposed as customAttributes', async () => {
    const withCustom = orgUsers().find((u) => u.profile.githubUsername && u.status !== 'DEPROVISIONED')!;
    const res: any = await stack.gql(`query($id: ID!) { user(id: $id) { profile { login customAttributes } } }`, { id: withCustom.id });
    expect(res.data.user.profile.customAttributes.githubUsername).toBe(withCustom.profile.githubUsername);
    expect(res.data.user.profile.customAttributes).not.toHaveProperty('login');
  });

  test.each([
    [{ first: 0 }, 'first'],
    [{ first: 201 }, 'first'],
    [{ search: 'profile.department eq "x"', filter: { statuses: ['ACTIVE'] } }, 'at most one'],
    [{ search: '' }, 'search'],
    [{ filter: { ids: [] } }, 'filter.ids'],
    [{ after: 'not-a-cursor' }, 'cursor'],
  ])('bad arguments %j are BAD_USER_INPUT naming %s, with no Okta call', async (variables, word) => {
    const res: any = await stack.gql(PAGE, variables);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors[0].message).toContain(word);
    expect((await stack.stats()).total).toBe(0);
  });

  test('a cursor from another list is refused', async () => {
    const page: any = await stack.gql(PAGE, { first: 2 });
    const res: any = await stack.gql(PAGE, { first: 2, after: page.data.users.pageInfo.endCursor, filter: { statuses: ['ACTIVE'] } });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('an invalid Okta search expression is BAD_USER_INPUT with Okta error id', async () => {
    const res: any = await stack.gql(PAGE, { search: 'profile.department eq' });
    expect(res.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors[0].extensions.oktaErrorCode).toBe('E0000031');
    expect(res.errors[0].extensions.oktaErrorId).toMatch(/^oae/);
    expect(res.errors[0].extensions.oktaRequestId).toBeTruthy();
  });

  test('responses report their Okta cost in extensions.okta', async () => {
    const res: any = await stack.gql(PAGE, { first: 5 });
    expect(res.extensions.okta).toEqual(expect.objectContaining({ requests: 1, retries: 0 }));
    expect(res.extensions.okta.lowestRateLimitRemaining).toEqual(expect.any(Number));
  });
});

describe('Query.user', () => {
  const ONE = `query($id: ID!) { user(id: $id) { id status created activated statusChanged lastLogin lastUpdated passwordChanged type { id } profile { login email firstName lastName displayName department managerId } } }`;

  test('by id and by login (any case), with every top-level field', async () => {
    const u = orgUsers()[7]!;
    const byId: any = await stack.gql(ONE, { id: u.id });
    expect(byId.errors).toBeUndefined();
    expect(byId.data.user).toEqual(
      expect.objectContaining({ id: u.id, status: u.status, created: u.created, lastUpdated: u.lastUpdated, type: { id: u.typeId } }),
    );
    expect(byId.data.user.profile.login).toBe(u.profile.login);
    const byLogin: any = await stack.gql(ONE, { id: u.profile.login.toUpperCase() });
    expect(byLogin.data.user.id).toBe(u.id);
  });

  test('null when Okta says 404, without an error', async () => {
    const res: any = await stack.gql(ONE, { id: '00uDoesNotExist000000' });
    expect(res.errors).toBeUndefined();
    expect(res.data.user).toBeNull();
    const res2: any = await stack.gql(ONE, { id: 'nobody@example.com' });
    expect(res2.data.user).toBeNull();
  });

  test('ids with path characters are encoded, never change the path', async () => {
    const res: any = await stack.gql(ONE, { id: '../groups' });
    expect(res.errors).toBeUndefined();
    expect(res.data.user).toBeNull();
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/users/{id}': 1 });
  });
});
