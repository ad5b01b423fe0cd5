import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import type { SimGroup } from '../src/simulator/store/groups.js';
import { expectedGroup, expectedUserBrief, GROUP_FIELDS, okta, pageToEnd, USER_BRIEF } from './helpers/readGraph.js';
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

const GROUPS = /* GraphQL */ `
  query Groups($first: Int, $after: String, $search: String, $filter: GroupFilter, $rawFilter: String, $query: String) {
    groups(first: $first, after: $after, search: $search, filter: $filter, rawFilter: $rawFilter, query: $query) {
      edges { cursor node { id } }
      nodes { ${GROUP_FIELDS} }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

const orgGroups = (): SimGroup[] => [...stack.sim.org.groups.all()];
const ids = (nodes: Array<{ id: string }>) => nodes.map((n) => n.id);
const byName = (name: string) => orgGroups().find((g) => g.profile.name === name)!;

async function listIds(variables: Record<string, unknown>): Promise<string[]> {
  const res: any = await stack.gql(GROUPS, { first: 200, ...variables });
  expect(res.errors).toBeUndefined();
  expect(res.data.groups.pageInfo.hasNextPage).toBe(false);
  return ids(res.data.groups.nodes);
}

describe('Query.groups', () => {
  test('pages to the end with cursors: every group with every field as Okta holds it, one Okta call per page', async () => {
    const { items, pages } = await pageToEnd(async (after) => {
      const res: any = await stack.gql(GROUPS, { first: 5, after });
      expect(res.errors).toBeUndefined();
      const conn = res.data.groups;
      expect(ids(conn.edges.map((e: any) => e.node))).toEqual(ids(conn.nodes));
      expect(conn.pageInfo.startCursor).toBe(conn.edges[0]?.cursor ?? null);
      return conn;
    });
    const expected = orgGroups();
    expect(expected.length).toBeGreaterThan(10);
    expect(items).toEqual(expected.map(expectedGroup));
    expect(pages).toBe(Math.ceil(expected.length / 5) + (expected.length % 5 === 0 ? 1 : 0));
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/groups': pages });
  });

  test('APP_GROUP imported attributes are customAttributes; OKTA_GROUPs have none', async () => {
    const res: any = await stack.gql(GROUPS, { first: 200, filter: { types: ['APP_GROUP'] } });
    const appGroups = orgGroups().filter((g) => g.type === 'APP_GROUP');
    expect(appGroups.length).toBeGreaterThan(0);
    expect(res.data.groups.nodes).toEqual(appGroups.map(expectedGroup));
    for (const node of res.data.groups.nodes) {
      expect(node.objectClass).toEqual(['okta:windows_security_principal']);
      expect(Object.keys(node.profile.customAttributes).length).toBeGreaterThan(0);
      expect(node.profile.customAttributes).not.toHaveProperty('name');
      expect(node.profile.customAttributes).not.toHaveProperty('description');
    }
  });

  test('an edge cursor in the middle of a page resumes right after that edge', async () => {
    const first: any = await stack.gql(GROUPS, { first: 8 });
    const rest: any = await stack.gql(GROUPS, { first: 3, after: first.data.groups.edges[2].cursor });
    expect(rest.errors).toBeUndefined();
    expect(ids(rest.data.groups.nodes)).toEqual(ids(first.data.groups.nodes).slice(3, 6));
  });

  test('typed filter: each type, several types, ids, and both update ranges (strict bounds); fields are ANDed', async () => {
    const groups = orgGroups();
    for (const type of ['OKTA_GROUP', 'APP_GROUP', 'BUILT_IN'] as const) {
      expect(await listIds({ filter: { types: [type] } })).toEqual(groups.filter((g) => g.type === type).map((g) => g.id));
    }
    expect(await listIds({ filter: { types: ['BUILT_IN', 'APP_GROUP'] } })).toEqual(groups.filter((g) => g.type !== 'OKTA_GROUP').map((g) => g.id));

    const picked = [groups[3]!.id, groups[7]!.id, groups[1]!.id];
    expect(await listIds({ filter: { ids: picked } })).toEqual(groups.filter((g) => picked.includes(g.id)).map((g) => g.id));

    const updated = groups.map((g) => g.lastUpdated).sort();
    const mid = updated[Math.floor(updated.length / 2)]!;
    expect(await listIds({ filter: { lastUpdatedAfter: mid } })).toEqual(groups.filter((g) => g.lastUpdated > mid).map((g) => g.id));
    expect(await listIds({ filter: { lastUpdatedBefore: mid } })).toEqual(groups.filter((g) => g.lastUpdated < mid).map((g) => g.id));

    const membership = groups.map((g) => g.lastMembershipUpdated).sort();
    const low = membership[2]!;
    const high = membership[membership.length - 3]!;
    const inRange = groups.filter((g) => g.lastMembershipUpdated > low && g.lastMembershipUpdated < high).map((g) => g.id);
    expect(inRange.length).toBeGreaterThan(0);
    expect(await listIds({ filter: { lastMembershipUpdatedAfter: low, lastMembershipUpdatedBefore: high } })).toEqual(inRange);

    const and = groups.filter((g) => g.type === 'OKTA_GROUP' && g.lastUpdated > mid).map((g) => g.id);
    expect(await listIds({ filter: { types: ['OKTA_GROUP'], lastUpdatedAfter: mid } })).toEqual(and);
  });

  test('a hostile filter value stays one literal value and matches nothing', async () => {
    expect(await listIds({ filter: { ids: ['x" or type eq "BUILT_IN'] } })).toEqual([]);
    expect(await listIds({ filter: { ids: ['x\\" or type eq \\"BUILT_IN'] } })).toEqual([]);
  });

  test('raw search, raw filter and query (name prefix) reach Okta as given', async () => {
    const groups = orgGroups();
    const eng = groups.filter((g) => g.profile.name.toLowerCase().startsWith('eng')).map((g) => g.id);
    expect(eng.length).toBeGreaterThanOrEqual(2);
    expect(await listIds({ search: 'profile.name sw "Eng"' })).toEqual(eng);
    expect(await listIds({ search: 'type eq "APP_GROUP"' })).toEqual(groups.filter((g) => g.type === 'APP_GROUP').map((g) => g.id));
    expect(await listIds({ rawFilter: 'type eq "BUILT_IN"' })).toEqual(groups.filter((g) => g.type === 'BUILT_IN').map((g) => g.id));
    expect([...(await listIds({ query: 'eng' }))].sort()).toEqual([...eng].sort());
    expect(await listIds({ query: 'no group is named like this' })).toEqual([]);
  });

  test('an invalid raw expression is Okta\'s BAD_USER_INPUT with its error ids', async () => {
    const res: any = await stack.gql(GROUPS, { rawFilter: 'profile.name co' });
    expect(res.data.groups).toBeNull();
    expect(res.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors[0].extensions.oktaErrorId).toEqual(expect.any(String));
  });

  test.each([
    [{ first: 0 }, 'first'],
    [{ first: 201 }, 'first'],
    [{ first: -5 }, 'first'],
    [{ search: 'type eq "OKTA_GROUP"', filter: { types: ['OKTA_GROUP'] } }, 'at most one'],
    [{ search: 'type eq "OKTA_GROUP"', rawFilter: 'type eq "OKTA_GROUP"' }, 'at most one'],
    [{ filter: { types: ['OKTA_GROUP'] }, rawFilter: 'type eq "OKTA_GROUP"' }, 'at most one'],
    [{ rawFilter: 'type eq "OKTA_GROUP"', query: 'Eng' }, 'at most one'],
    [{ search: 'type eq "OKTA_GROUP"', query: 'Eng' }, 'at most one'],
    [{ search: '' }, 'search'],
    [{ rawFilter: '   ' }, 'rawFilter'],
    [{ query: '' }, 'query'],
    [{ filter: { types: [] } }, 'filter.types'],
    [{ filter: { ids: [] } }, 'filter.ids'],
    [{ after: 'not-a-cursor' }, 'cursor'],
    [{ after: Buffer.from('{"v":1,"k":"x","l":"/api/v1/groups","s":0}').toString('base64url') }, 'after'],
  ])('bad arguments %j are BAD_USER_INPUT mentioning %s, with no Okta call', async (variables, word) => {
    const res: any = await stack.gql(GROUPS, variables);
    expect(res.data?.groups ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors[0].message).toContain(word);
    expect((await stack.stats()).total).toBe(0);
  });

  test('a malformed DateTime in the filter is BAD_USER_INPUT before execution', async () => {
    const res: any = await stack.gql(GROUPS, { filter: { lastUpdatedAfter: 'yesterday' } });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await stack.stats()).total).toBe(0);
  });

  test('a cursor is bound to its arguments: replayed with another filter, or on users, it is refused', async () => {
    const page: any = await stack.gql(GROUPS, { first: 2 });
    const cursor = page.data.groups.pageInfo.endCursor;
    await stack.resetSim();
    const other: any = await stack.gql(GROUPS, { first: 2, after: cursor, filter: { types: ['OKTA_GROUP'] } });
    expect(other.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const users: any = await stack.gql('query($after: String) { users(first: 2, after: $after) { nodes { id } } }', { after: cursor });
    expect(users.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await stack.stats()).total).toBe(0);
  });
});

describe('Query.group', () => {
  const ONE = `query($id: ID!) { group(id: $id) { ${GROUP_FIELDS} } }`;

  test('every field of a group of each type, one by-id call each', async () => {
    for (const type of ['BUILT_IN', 'OKTA_GROUP', 'APP_GROUP']) {
      const g = orgGroups().find((x) => x.type === type)!;
      const res: any = await stack.gql(ONE, { id: g.id });
      expect(res.errors).toBeUndefined();
      expect(res.data.group).toEqual(expectedGroup(g));
    }
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/groups/{groupId}': 3 });
  });

  test('null without an error for an unknown id and for ids with path characters', async () => {
    for (const id of ['00gDoesNotExist000000', '../users', 'a/b?c=d']) {
      const res: any = await stack.gql(ONE, { id });
      expect(res.errors).toBeUndefined();
      expect(res.data.group).toBeNull();
    }
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/groups/{groupId}': 3 });
  });

  test('a group created without a description, with a custom attribute: description null, the attribute in customAttributes', async () => {
    const created = await okta(stack, 'POST', '/api/v1/groups', { profile: { name: 'Platform Guild', costCenter: 'CC-1042', headcount: 12 } });
    expect(created.status).toBe(200);
    await stack.resetSim();
    const res: any = await stack.gql(ONE, { id: created.body.id });
    expect(res.errors).toBeUndefined();
    expect(res.data.group).toEqual(expectedGroup(stack.sim.org.groups.get(created.body.id)!));
    expect(res.data.group.profile).toEqual({ name: 'Platform Guild', description: null, customAttributes: { costCenter: 'CC-1042', headcount: 12 } });
    expect(res.data.group.type).toBe('OKTA_GROUP');
  });

  test('an empty id is BAD_USER_INPUT with no Okta call', async () => {
    const res: any = await stack.gql(ONE, { id: '' });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await stack.stats()).total).toBe(0);
  });
});

describe('Group.members', () => {
  const MEMBERS = /* GraphQL */ `
    query($id: ID!, $first: Int, $after: String) {
      group(id: $id) { id members(first: $first, after: $after) {
        edges { cursor node { id } } nodes { ${USER_BRIEF} profile { login email } } pageInfo { hasNextPage hasPreviousPage endCursor }
      } }
    }
  `;

  test('pages a large group to the end; members are the group\'s users in membership order, one members call per page', async () => {
    const managers = byName('Managers');
    const expected = stack.sim.org.groups.members(managers.id).map((id) => stack.sim.org.users.get(id)!);
    expect(expected.length).toBeGreaterThan(40);
    const { items, pages } = await pageToEnd(async (after) => {
      const res: any = await stack.gql(MEMBERS, { id: managers.id, first: 30, after });
      expect(res.errors).toBeUndefined();
      return res.data.group.members;
    });
    expect(items).toEqual(expected.map((u) => ({ ...expectedUserBrief(u), profile: { login: u.profile.login, email: u.profile.email ?? null } })));
    expect((await stack.stats()).byRoute['GET /api/v1/groups/{groupId}/users']).toBe(pages);
    expect(pages).toBe(Math.ceil(expected.length / 30) + (expected.length % 30 === 0 ? 1 : 0));
  });

  test('Everyone holds every user of the org', async () => {
    const everyone = orgGroups().find((g) => g.type === 'BUILT_IN')!;
    const res: any = await stack.gql(MEMBERS, { id: everyone.id, first: 200 });
    expect(res.errors).toBeUndefined();
    expect(ids(res.data.group.members.nodes)).toEqual([...stack.sim.org.users.all()].map((u) => u.id));
  });

  test('every group\'s first members in one query: one members call per group, no user lookups', async () => {
    const res: any = await stack.gql(`{ groups(first: 200) { nodes { id members(first: 3) { nodes { ${USER_BRIEF} } pageInfo { hasNextPage } } } } }`);
    expect(res.errors).toBeUndefined();
    for (const node of res.data.groups.nodes) {
      const all = stack.sim.org.groups.members(node.id);
      expect(ids(node.members.nodes)).toEqual(all.slice(0, 3));
      expect(node.members.pageInfo.hasNextPage).toBe(all.length >= 3);
    }
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/groups': 1, 'GET /api/v1/groups/{groupId}/users': res.data.groups.nodes.length });
  });

  test('an edge cursor resumes inside a page', async () => {
    const sales = byName('Sales');
    const page: any = await stack.gql(MEMBERS, { id: sales.id, first: 10 });
    const rest: any = await stack.gql(MEMBERS, { id: sales.id, first: 4, after: page.data.group.members.edges[4].cursor });
    expect(ids(rest.data.group.members.nodes)).toEqual(stack.sim.org.groups.members(sales.id).slice(5, 9));
  });

  test('bad first, or a cursor of another group, fails the field only (BAD_USER_INPUT) and calls no members endpoint', async () => {
    const [a, b] = [byName('Sales'), byName('Legal')];
    const page: any = await stack.gql(MEMBERS, { id: a.id, first: 2 });
    await stack.resetSim();
    for (const variables of [{ id: b.id, first: 2, after: page.data.group.members.pageInfo.endCursor }, { id: b.id, first: 0 }, { id: b.id, first: 201 }]) {
      const res: any = await stack.gql(MEMBERS, variables);
      expect(res.data.group.id).toBe(b.id);
      expect(res.data.group.members).toBeNull();
      expect(res.errors).toHaveLength(1);
      expect(res.errors[0].path).toEqual(['group', 'members']);
      expect(res.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    expect((await stack.stats()).byRoute['GET /api/v1/groups/{groupId}/users']).toBeUndefined();
  });
});

describe('Group.applications', () => {
  const APPS = `query($id: ID!, $first: Int, $after: String) { group(id: $id) { applications(first: $first, after: $after) {
    edges { cursor node { id } } nodes { id label status signOnMode } pageInfo { hasNextPage hasPreviousPage endCursor } } } }`;

  test('every group\'s applications equal the apps the group is assigned to; one call per group', async () => {
    const res: any = await stack.gql('{ groups(first: 200) { nodes { id applications(first: 200) { nodes { id label status } } } } }');
    expect(res.errors).toBeUndefined();
    let assigned = 0;
    for (const node of res.data.groups.nodes) {
      const expected = stack.sim.org.apps.appsOfGroup(node.id).map((id) => stack.sim.org.apps.get(id)!);
      assigned += expected.length;
      expect(node.applications.nodes).toEqual(expected.map((a) => ({ id: a.id, label: a.label, status: a.status })));
    }
    expect(assigned).toBeGreaterThan(5);
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/groups': 1, 'GET /api/v1/groups/{groupId}/apps': res.data.groups.nodes.length });
  });

  test('pages one app at a time to the end', async () => {
    const eng = byName('Engineering');
    const expected = stack.sim.org.apps.appsOfGroup(eng.id);
    expect(expected.length).toBeGreaterThan(1);
    const { items } = await pageToEnd(async (after) => {
      const res: any = await stack.gql(APPS, { id: eng.id, first: 1, after });
      expect(res.errors).toBeUndefined();
      return res.data.group.applications;
    });
    expect(ids(items)).toEqual(expected);
  });

  test('a group without apps has an empty connection; first out of range is BAD_USER_INPUT', async () => {
    const legal = orgGroups().find((g) => stack.sim.org.apps.appsOfGroup(g.id).length === 0)!;
    const res: any = await stack.gql(APPS, { id: legal.id });
    expect(res.data.group.applications).toEqual({ edges: [], nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, endCursor: null } });
    const bad: any = await stack.gql(APPS, { id: legal.id, first: 500 });
    expect(bad.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors[0].path).toEqual(['group', 'applications']);
  });
});

describe('User.groups', () => {
  const USER_GROUPS = `query($id: ID!, $first: Int, $after: String) { user(id: $id) { id login groups(first: $first, after: $after) {
    edges { cursor node { id } } nodes { ${GROUP_FIELDS} } pageInfo { hasNextPage hasPreviousPage endCursor } } } }`;

  test('a user\'s groups, Everyone included, with every group field; paged with our own cursors', async () => {
    const user = [...stack.sim.org.users.all()].find((u) => stack.sim.org.groups.groupsOf(u.id).length >= 4)!;
    const expected = stack.sim.org.groups.groupsOf(user.id).map((id) => expectedGroup(stack.sim.org.groups.get(id)!));
    const whole: any = await stack.gql(USER_GROUPS, { id: user.profile.login });
    expect(whole.errors).toBeUndefined();
    expect(whole.data.user.login).toBe(user.profile.login);
    expect(whole.data.user.groups.nodes).toEqual(expected);
    expect(whole.data.user.groups.pageInfo.hasNextPage).toBe(false);

    const { items } = await pageToEnd(async (after) => {
      const res: any = await stack.gql(USER_GROUPS, { id: user.id, first: 1, after });
      expect(res.errors).toBeUndefined();
      return res.data.user.groups;
    });
    expect(items).toEqual(expected);
  });

  test('the groups of many users cost one call per user, and a cursor of one user\'s groups is refused for another', async () => {
    const res: any = await stack.gql('{ users(first: 10) { nodes { id groups(first: 1) { nodes { id } pageInfo { endCursor } } } } }');
    expect(res.errors).toBeUndefined();
    for (const node of res.data.users.nodes) expect(ids(node.groups.nodes)).toEqual(stack.sim.org.groups.groupsOf(node.id).slice(0, 1));
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/users': 1, 'GET /api/v1/users/{id}/groups': 10 });

    const [a, b] = res.data.users.nodes;
    const replay: any = await stack.gql(USER_GROUPS, { id: b.id, first: 1, after: a.groups.pageInfo.endCursor });
    expect(replay.data.user.id).toBe(b.id);
    expect(replay.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(replay.errors[0].path).toEqual(['user', 'groups']);
  });
});
