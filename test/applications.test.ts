import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { appsOfUser } from '../src/simulator/apps/access.js';
import type { SimApp } from '../src/simulator/store/apps.js';
import { APP_FIELDS, expectedApp, oktaAll, pageToEnd } from './helpers/readGraph.js';
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

const APPS = /* GraphQL */ `
  query Apps($first: Int, $after: String, $filter: ApplicationFilter, $rawFilter: String, $query: String) {
    applications(first: $first, after: $after, filter: $filter, rawFilter: $rawFilter, query: $query) {
      edges { cursor node { id } }
      nodes { ${APP_FIELDS} }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

const orgApps = (): SimApp[] => [...stack.sim.org.apps.all()];
const ids = (nodes: Array<{ id: string }>) => nodes.map((n) => n.id);
const byLabel = (label: string) => orgApps().find((a) => a.label === label)!;

async function listIds(variables: Record<string, unknown>): Promise<string[]> {
  const res: any = await stack.gql(APPS, { first: 200, ...variables });
  expect(res.errors).toBeUndefined();
  return ids(res.data.applications.nodes);
}

describe('Query.applications', () => {
  test('pages to the end with cursors: every app with every field as Okta holds it, one call per page', async () => {
    const { items, pages } = await pageToEnd(async (after) => {
      const res: any = await stack.gql(APPS, { first: 5, after });
      expect(res.errors).toBeUndefined();
      expect(ids(res.data.applications.edges.map((e: any) => e.node))).toEqual(ids(res.data.applications.nodes));
      return res.data.applications;
    });
    const expected = orgApps();
    expect(expected.length).toBeGreaterThan(10);
    expect(items).toEqual(expected.map(expectedApp));
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/apps': pages });
    expect(pages).toBe(Math.ceil(expected.length / 5) + (expected.length % 5 === 0 ? 1 : 0));
  });

  test('credentials are a summary without secrets: no client secret appears anywhere', async () => {
    const withSecret = orgApps().filter((a) => a.clientSecret);
    expect(withSecret.length).toBeGreaterThan(0);
    const res: any = await stack.gql(APPS, { first: 200 });
    const text = JSON.stringify(res);
    for (const a of withSecret) expect(text).not.toContain(a.clientSecret!);
    const oidc = res.data.applications.nodes.filter((n: any) => n.signOnMode === 'OPENID_CONNECT');
    expect(oidc.length).toBeGreaterThan(0);
    for (const n of oidc) expect(n.credentials.oauthClientId).toBe(n.id);
  });

  test('an edge cursor in the middle of a page resumes right after it', async () => {
    const page: any = await stack.gql(APPS, { first: 9 });
    const rest: any = await stack.gql(APPS, { first: 4, after: page.data.applications.edges[1].cursor });
    expect(ids(rest.data.applications.nodes)).toEqual(ids(page.data.applications.nodes).slice(2, 6));
  });

  test('typed filter: statuses, names, userId, groupId, and fields ANDed', async () => {
    const apps = orgApps();
    expect(await listIds({ filter: { statuses: ['INACTIVE'] } })).toEqual(apps.filter((a) => a.status === 'INACTIVE').map((a) => a.id));
    expect(await listIds({ filter: { statuses: ['ACTIVE', 'INACTIVE'] } })).toEqual(apps.map((a) => a.id));
    expect(await listIds({ filter: { names: ['bookmark', 'oidc_client'] } })).toEqual(apps.filter((a) => a.name === 'bookmark' || a.name === 'oidc_client').map((a) => a.id));
    expect(await listIds({ filter: { names: ['bookmark'], statuses: ['ACTIVE'] } })).toEqual(apps.filter((a) => a.name === 'bookmark' && a.status === 'ACTIVE').map((a) => a.id));

    const user = [...stack.sim.org.users.all()].find((u) => appsOfUser(stack.sim.org, u.id).length >= 3)!;
    expect(await listIds({ filter: { userId: user.id } })).toEqual(appsOfUser(stack.sim.org, user.id).map((a) => a.id));

    const group = [...stack.sim.org.groups.all()].find((g) => stack.sim.org.apps.appsOfGroup(g.id).length >= 2)!;
    expect(await listIds({ filter: { groupId: group.id } })).toEqual(stack.sim.org.apps.appsOfGroup(group.id));
    expect(await listIds({ filter: { groupId: group.id, statuses: ['INACTIVE'] } })).toEqual(
      stack.sim.org.apps.appsOfGroup(group.id).filter((id) => stack.sim.org.apps.get(id)!.status === 'INACTIVE'),
    );
  });

  test('raw filter and query (prefix of label or name) reach Okta as given', async () => {
    const apps = orgApps();
    expect(await listIds({ rawFilter: 'status eq "INACTIVE"' })).toEqual(apps.filter((a) => a.status === 'INACTIVE').map((a) => a.id));
    const startsWith = (p: string) => apps.filter((a) => a.label.toLowerCase().startsWith(p) || a.name.toLowerCase().startsWith(p)).map((a) => a.id);
    expect(await listIds({ query: 'oidc' })).toEqual(startsWith('oidc'));
    expect(await listIds({ query: 'Ops' })).toEqual(startsWith('ops'));
    expect(startsWith('ops').length).toBeGreaterThan(0);
    expect(await listIds({ query: 'zzz-nothing' })).toEqual([]);
  });

  test('a hostile filter value stays one literal value', async () => {
    expect(await listIds({ filter: { names: ['x" or status eq "ACTIVE'] } })).toEqual([]);
  });

  test.each([
    [{ first: 0 }, 'first'],
    [{ first: 201 }, 'first'],
    [{ filter: { statuses: ['ACTIVE'] }, rawFilter: 'status eq "ACTIVE"' }, 'at most one'],
    [{ filter: { statuses: ['ACTIVE'] }, query: 'Sl' }, 'at most one'],
    [{ rawFilter: 'status eq "ACTIVE"', query: 'Sl' }, 'at most one'],
    [{ rawFilter: '' }, 'rawFilter'],
    [{ query: ' ' }, 'query'],
    [{ filter: { statuses: [] } }, 'filter.statuses'],
    [{ filter: { names: [] } }, 'filter.names'],
    [{ after: '!!!' }, 'cursor'],
  ])('bad arguments %j are BAD_USER_INPUT mentioning %s, with no Okta call', async (variables, word) => {
    const res: any = await stack.gql(APPS, variables);
    expect(res.data?.applications ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors[0].message).toContain(word);
    expect((await stack.stats()).total).toBe(0);
  });

  test('a cursor replayed with other arguments is refused', async () => {
    const page: any = await stack.gql(APPS, { first: 2 });
    await stack.resetSim();
    const res: any = await stack.gql(APPS, { first: 2, after: page.data.applications.pageInfo.endCursor, query: 'S' });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await stack.stats()).total).toBe(0);
  });
});

describe('Query.application', () => {
  const ONE = `query($id: ID!) { application(id: $id) { ${APP_FIELDS} } }`;

  test('every field of an app of each sign-on mode, one by-id call each', async () => {
    const modes = [...new Set(orgApps().map((a) => a.signOnMode))];
    expect(modes.length).toBeGreaterThanOrEqual(4);
    for (const mode of modes) {
      const app = orgApps().find((a) => a.signOnMode === mode)!;
      const res: any = await stack.gql(ONE, { id: app.id });
      expect(res.errors).toBeUndefined();
      expect(res.data.application).toEqual(expectedApp(app));
    }
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/apps/{appId}': modes.length });
  });

  test('a sign-on mode this schema does not know yet is OTHER, and the rest of the app still resolves', async () => {
    const app = byLabel('Company Intranet');
    const mode = app.signOnMode;
    (app as { signOnMode: string }).signOnMode = 'PASSKEY_FEDERATION';
    try {
      const res: any = await stack.gql(ONE, { id: app.id });
      expect(res.errors).toBeUndefined();
      expect(res.data.application).toEqual({ ...expectedApp(app), signOnMode: 'OTHER' });
    } finally {
      app.signOnMode = mode;
    }
  });

  test('null without an error for unknown ids; an empty id is BAD_USER_INPUT with no call', async () => {
    for (const id of ['0oaDoesNotExist000000', '../users']) {
      const res: any = await stack.gql(ONE, { id });
      expect(res.errors).toBeUndefined();
      expect(res.data.application).toBeNull();
    }
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/apps/{appId}': 2 });
    await stack.resetSim();
    const res: any = await stack.gql(ONE, { id: '' });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await stack.stats()).total).toBe(0);
  });

  test('the same app asked twice costs one call', async () => {
    const app = orgApps()[0]!;
    const res: any = await stack.gql(`query($id: ID!) { a: application(id: $id) { id } b: application(id: $id) { label } }`, { id: app.id });
    expect(res.data).toEqual({ a: { id: app.id }, b: { label: app.label } });
    expect((await stack.stats()).total).toBe(1);
  });
});

describe('Application.assignedUsers', () => {
  const USERS = /* GraphQL */ `
    query($id: ID!, $first: Int, $after: String) { application(id: $id) { id assignedUsers(first: $first, after: $after) {
      edges { cursor node { id } }
      nodes { id scope status userName profile created lastUpdated user { id login status profile { email } } }
      pageInfo { hasNextPage hasPreviousPage endCursor }
    } } }
  `;

  /** The app's users as Okta lists them, in the GraphQL shape. */
  async function expectedAssignments(app: SimApp) {
    const raw = await oktaAll(stack, `/api/v1/apps/${app.id}/users?limit=500`);
    await stack.resetSim();
    return raw.map((a: any) => {
      const u = stack.sim.org.users.get(a.id)!;
      return {
        id: a.id,
        scope: a.scope,
        status: a.status ?? null,
        userName: a.credentials?.userName ?? null,
        profile: a.profile ?? null,
        created: a.created ?? null,
        lastUpdated: a.lastUpdated ?? null,
        user: { id: u.id, login: u.profile.login, status: u.status, profile: { email: u.profile.email ?? null } },
      };
    });
  }

  test('pages every assignment of an app with group and direct users; users come embedded (no user calls)', async () => {
    const slack = byLabel('Slack');
    const expected = await expectedAssignments(slack);
    expect(expected.length).toBeGreaterThan(20);
    expect(new Set(expected.map((a) => a.scope))).toEqual(new Set(['USER', 'GROUP']));
    const { items, pages } = await pageToEnd(async (after) => {
      const res: any = await stack.gql(USERS, { id: slack.id, first: 10, after });
      expect(res.errors).toBeUndefined();
      return res.data.application.assignedUsers;
    });
    expect(items).toEqual(expected);
    const stats = await stack.stats();
    expect(stats.byRoute['GET /api/v1/apps/{appId}/users']).toBe(pages);
    expect(stats.byRoute['GET /api/v1/users']).toBeUndefined();
    expect(stats.byRoute['GET /api/v1/users/{id}']).toBeUndefined();
  });

  test('provisioning apps report PROVISIONED assignments, others ACTIVE; user names follow the app template', async () => {
    for (const label of ['Salesforce.com', 'GitHub']) {
      const app = byLabel(label);
      const expected = await expectedAssignments(app);
      const res: any = await stack.gql(USERS, { id: app.id, first: 200 });
      expect(res.errors).toBeUndefined();
      expect(res.data.application.assignedUsers.nodes).toEqual(expected);
      const status = app.features.includes('PUSH_NEW_USERS') ? 'PROVISIONED' : 'ACTIVE';
      for (const n of res.data.application.assignedUsers.nodes) expect(n.status).toBe(status);
    }
    const github = await stack.gql(USERS, { id: byLabel('GitHub').id, first: 3 });
    for (const n of (github as any).data.application.assignedUsers.nodes) {
      const u = stack.sim.org.users.get(n.id)!;
      if (n.scope === 'GROUP') expect(n.userName).toBe(u.profile.login.split('@')[0]);
    }
  });

  test('an app with no assignment has an empty connection', async () => {
    const empty = orgApps().find((a) => stack.sim.org.apps.groupAssignments(a.id).length === 0 && [...stack.sim.org.apps.userRecordsOf(a.id)].every((r) => !r.individual))!;
    const res: any = await stack.gql(USERS, { id: empty.id });
    expect(res.errors).toBeUndefined();
    expect(res.data.application.assignedUsers.nodes).toEqual([]);
    expect(res.data.application.assignedUsers.pageInfo.hasNextPage).toBe(false);
  });

  test('first out of range and a cursor of another app fail the field only', async () => {
    const [a, b] = [byLabel('Slack'), byLabel('Zoom')];
    const page: any = await stack.gql(USERS, { id: a.id, first: 2 });
    await stack.resetSim();
    for (const variables of [{ id: b.id, first: 2, after: page.data.application.assignedUsers.pageInfo.endCursor }, { id: b.id, first: 0 }, { id: b.id, first: 201 }]) {
      const res: any = await stack.gql(USERS, variables);
      expect(res.data.application.id).toBe(b.id);
      expect(res.data.application.assignedUsers).toBeNull();
      expect(res.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.errors[0].path).toEqual(['application', 'assignedUsers']);
    }
    expect((await stack.stats()).byRoute['GET /api/v1/apps/{appId}/users']).toBeUndefined();
  });
});

describe('Application.assignedGroups', () => {
  const GROUPS = /* GraphQL */ `
    query($id: ID!, $first: Int, $after: String) { application(id: $id) { assignedGroups(first: $first, after: $after) {
      edges { cursor node { id } }
      nodes { id priority profile lastUpdated group { id type profile { name } } }
      pageInfo { hasNextPage hasPreviousPage endCursor }
    } } }
  `;

  function expectedGroups(app: SimApp) {
    return stack.sim.org.apps.groupAssignments(app.id).map((a, priority) => {
      const g = stack.sim.org.groups.get(a.groupId)!;
      return { id: a.groupId, priority, profile: a.profile, lastUpdated: a.lastUpdated, group: { id: g.id, type: g.type, profile: { name: g.profile.name } } };
    });
  }

  test('every app\'s group assignments by priority, with the assigned group', async () => {
    const res: any = await stack.gql(`{ applications(first: 200) { nodes { id assignedGroups(first: 200) { nodes { id priority profile lastUpdated group { id type profile { name } } } } } } }`);
    expect(res.errors).toBeUndefined();
    let total = 0;
    for (const node of res.data.applications.nodes) {
      const expected = expectedGroups(stack.sim.org.apps.get(node.id)!);
      total += expected.length;
      expect(node.assignedGroups.nodes).toEqual(expected);
    }
    expect(total).toBeGreaterThan(10);
  });

  test('pages one assignment at a time to the end', async () => {
    const app = orgApps().find((a) => stack.sim.org.apps.groupAssignments(a.id).length >= 2)!;
    const { items } = await pageToEnd(async (after) => {
      const res: any = await stack.gql(GROUPS, { id: app.id, first: 1, after });
      expect(res.errors).toBeUndefined();
      return res.data.application.assignedGroups;
    });
    expect(items).toEqual(expectedGroups(app));
  });

  test('assigned groups never cost one call per group: at most one batched group lookup besides 1 + (number of apps)', async () => {
    const res: any = await stack.gql('{ applications(first: 200) { nodes { id assignedGroups { nodes { group { profile { name } } } } } } }');
    expect(res.errors).toBeUndefined();
    const apps = res.data.applications.nodes.length;
    const stats = await stack.stats();
    expect(stats.byRoute['GET /api/v1/apps']).toBe(1);
    expect(stats.byRoute['GET /api/v1/apps/{appId}/groups']).toBe(apps);
    expect(stats.byRoute['GET /api/v1/groups/{groupId}']).toBeUndefined();
    expect(stats.total).toBeLessThanOrEqual(1 + apps + 1);
  });
});

describe('User.applications (app links)', () => {
  const LINKS = `query($id: ID!) { user(id: $id) { id applications {
    id label linkUrl logoUrl appName appInstanceId appAssignmentId credentialsSetup hidden sortOrder application { id label status } } } }`;

  test('the user\'s dashboard links as Okta lists them, each with its application (one call per distinct app)', async () => {
    const user = [...stack.sim.org.users.all()].find((u) => u.status === 'ACTIVE' && appsOfUser(stack.sim.org, u.id).filter((a) => a.status === 'ACTIVE').length >= 3)!;
    const raw = await oktaAll(stack, `/api/v1/users/${user.id}/appLinks`);
    await stack.resetSim();
    expect(raw.length).toBeGreaterThanOrEqual(3);
    const res: any = await stack.gql(LINKS, { id: user.id });
    expect(res.errors).toBeUndefined();
    expect(res.data.user.applications).toEqual(
      raw.map((l: any) => {
        const app = stack.sim.org.apps.get(l.appInstanceId)!;
        return {
          id: l.id,
          label: l.label,
          linkUrl: l.linkUrl ?? null,
          logoUrl: l.logoUrl ?? null,
          appName: l.appName ?? null,
          appInstanceId: l.appInstanceId,
          appAssignmentId: l.appAssignmentId ?? null,
          credentialsSetup: l.credentialsSetup ?? null,
          hidden: l.hidden ?? null,
          sortOrder: l.sortOrder ?? null,
          application: { id: app.id, label: app.label, status: app.status },
        };
      }),
    );
    const distinctApps = new Set(raw.map((l: any) => l.appInstanceId)).size;
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/users/{id}': 1, 'GET /api/v1/users/{id}/appLinks': 1, 'GET /api/v1/apps/{appId}': distinctApps });
  });

  test('the apps of many users are looked up once each across users', async () => {
    const res: any = await stack.gql('{ users(first: 20) { nodes { id applications { appInstanceId application { id } } } } }');
    expect(res.errors).toBeUndefined();
    const distinct = new Set<string>();
    for (const node of res.data.users.nodes) {
      for (const link of node.applications) {
        expect(link.application.id).toBe(link.appInstanceId);
        distinct.add(link.appInstanceId);
      }
    }
    expect(distinct.size).toBeGreaterThan(3);
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/users': 1, 'GET /api/v1/users/{id}/appLinks': 20, 'GET /api/v1/apps/{appId}': distinct.size });
  });
});
