import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { errorsByPath, READ_SCOPES, REQUIRED } from './helpers/readGraph.js';
import { startStack, type GqlResult, type Stack } from './helpers/stack.js';

/**
 * `@requiresOktaScopes` on every type and nested field, checked against the scopes of the Okta
 * credentials in use (API token: `OKTA_SCOPES`; OAuth: what Okta granted the connection), before any
 * Okta call; and Okta's own 403 when the connected user's admin role forbids a read.
 */

type Family = keyof typeof READ_SCOPES;
const FAMILIES = Object.keys(READ_SCOPES) as Family[];
const grantedWithout = (missing: Family) => FAMILIES.filter((f) => f !== missing).map((f) => READ_SCOPES[f]);

let full: Stack;
const without = new Map<Family, Stack>();

beforeAll(async () => {
  full = await startStack();
  for (const family of FAMILIES) without.set(family, await startStack({ simulator: full.sim, env: { OKTA_SCOPES: grantedWithout(family).join(' ') } }));
});
afterAll(async () => {
  for (const s of without.values()) await s.close();
  await full.close();
});
beforeEach(async () => {
  await full.resetSim();
});

const org = () => full.sim.org;
const someGroup = () => [...org().groups.all()].find((g) => g.profile.name === 'Engineering')!;
const someApp = () => [...org().apps.all()].find((a) => a.label === 'Slack')!;

/** A list field needing a scope of `call` for the Okta call and one of `items` for what it lists. */
function both(call: Family, items: Family): string[][] {
  return REQUIRED[call].flatMap(([c]) => REQUIRED[items].map(([i]) => [c!, i!]));
}

/** Every error of `res` is OKTA_SCOPE_MISSING for `family`, at exactly `paths` (dotted, numbers included). */
function expectScopeErrors(res: GqlResult, family: Family, paths: string[]) {
  const errors = errorsByPath(res);
  expect([...errors.keys()].sort()).toEqual([...paths].sort());
  for (const e of errors.values()) {
    expect(e.extensions?.code).toBe('OKTA_SCOPE_MISSING');
    expect(e.extensions?.requiredScopes).toEqual(REQUIRED[family]);
    expect(e.extensions?.grantedScopes).toEqual([...grantedWithout(family)].sort());
  }
}

async function routes(): Promise<string[]> {
  return Object.keys((await full.stats()).byRoute).sort();
}

describe('API token without okta.users.*', () => {
  const s = () => without.get('users')!;

  test('users and user fail, siblings resolve, no users call', async () => {
    const res = await s().gql('{ users(first: 2) { nodes { id } } user(id: "admin@example.com") { id } groups(first: 2) { nodes { id } } oktaConnection { status me { id } } }');
    expectScopeErrors(res, 'users', ['users', 'user', 'oktaConnection.me']);
    expect(res.data).toEqual({ users: null, user: null, groups: { nodes: [...org().groups.all()].slice(0, 2).map((g) => ({ id: g.id })) }, oktaConnection: { status: 'CONNECTED', me: null } });
    expect(await routes()).toEqual(['GET /api/v1/groups']);
  });

  test('_entities of User by id and by login fail with no call', async () => {
    const admin = org().users.get('admin@example.com')!;
    const res = await s().gql('query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id } } }', { r: [{ __typename: 'User', id: admin.id }, { __typename: 'User', login: admin.profile.login }] });
    expectScopeErrors(res, 'users', ['_entities.0', '_entities.1']);
    expect(res.data?._entities).toEqual([null, null]);
    expect((await full.stats()).total).toBe(0);
  });

  test('users nested under apps and log events fail where they appear; the rest of each object resolves without user lookups', async () => {
    const app = someApp();
    const res: any = await s().gql(
      `query($id: ID!) { application(id: $id) { label assignedUsers(first: 2) { nodes { id scope user { id } } } } logEvents(first: 3) { nodes { uuid actor { id user { id } } targets { id type user { id } } } } }`,
      { id: app.id },
    );
    // Only user targets need the users scope; a target of another type is null without an error.
    const targetPaths = res.data.logEvents.nodes.flatMap((n: any, i: number) =>
      n.targets.flatMap((t: any, j: number) => (t.type === 'User' ? [`logEvents.nodes.${i}.targets.${j}.user`] : [])),
    );
    expectScopeErrors(res, 'users', [
      'application.assignedUsers.nodes.0.user',
      'application.assignedUsers.nodes.1.user',
      'logEvents.nodes.0.actor.user',
      'logEvents.nodes.1.actor.user',
      'logEvents.nodes.2.actor.user',
      ...targetPaths,
    ]);
    expect(res.data.application.label).toBe(app.label);
    for (const n of res.data.application.assignedUsers.nodes) {
      expect(n.id).toMatch(/^00u/);
      expect(n.scope).toMatch(/^(USER|GROUP)$/);
      expect(n.user).toBeNull();
    }
    for (const n of res.data.logEvents.nodes) {
      expect(n.actor).toEqual({ id: expect.any(String), user: null });
      for (const t of n.targets) expect(t.user).toBeNull();
    }
    expect((await routes()).filter((r) => r.startsWith('GET /api/v1/users'))).toEqual([]);
  });

  test('a group\'s members need a groups scope and a users scope: the field fails before any members call', async () => {
    const g = someGroup();
    const res: any = await s().gql('query($id: ID!) { group(id: $id) { id profile { name } members(first: 2) { nodes { id } } } }', { id: g.id });
    expect(res.data.group).toEqual({ id: g.id, profile: { name: g.profile.name }, members: null });
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0].path).toEqual(['group', 'members']);
    expect(res.errors[0].extensions).toEqual(expect.objectContaining({ code: 'OKTA_SCOPE_MISSING', requiredScopes: both('groups', 'users') }));
    expect((await routes()).filter((r) => r.endsWith('/users'))).toEqual([]);
  });
});

describe('API token without okta.groups.*', () => {
  const s = () => without.get('groups')!;

  test('groups and group fail, siblings resolve, no groups call', async () => {
    const res = await s().gql(`query($id: ID!) { groups { nodes { id } } group(id: $id) { id } users(first: 1) { nodes { id } } }`, { id: someGroup().id });
    expectScopeErrors(res, 'groups', ['groups', 'group']);
    expect(res.data?.users.nodes).toHaveLength(1);
    expect(await routes()).toEqual(['GET /api/v1/users']);
  });

  test('_entities of Group fail with no call', async () => {
    const res = await s().gql('query($r: [_Any!]!) { _entities(representations: $r) { ... on Group { id } } }', { r: [{ __typename: 'Group', id: someGroup().id }] });
    expectScopeErrors(res, 'groups', ['_entities.0']);
    expect((await full.stats()).total).toBe(0);
  });

  test('groups nested under app assignments and log targets fail there, with no group lookup', async () => {
    const app = someApp();
    const assigned = org().apps.groupAssignments(app.id).length;
    const since = new Date(Date.now() - 29 * 86_400_000).toISOString();
    const res: any = await s().gql(
      `query($id: ID!, $since: DateTime) { application(id: $id) { assignedGroups { nodes { id priority group { id } } } }
        logEvents(first: 1, since: $since, filter: { eventTypes: ["group.user_membership.add"] }) { nodes { targets { id type group { id } } } } }`,
      { id: app.id, since },
    );
    const targets = res.data.logEvents.nodes[0].targets;
    expect(targets.map((t: any) => t.type)).toContain('UserGroup');
    // Only group targets need the groups scope: other targets' `group` is null without an error.
    expectScopeErrors(res, 'groups', [
      ...Array.from({ length: assigned }, (_, i) => `application.assignedGroups.nodes.${i}.group`),
      ...targets.flatMap((t: any, i: number) => (t.type === 'UserGroup' ? [`logEvents.nodes.0.targets.${i}.group`] : [])),
    ]);
    for (const t of targets) expect(t.group).toBeNull();
    expect(res.data.application.assignedGroups.nodes).toEqual(org().apps.groupAssignments(app.id).map((a, priority) => ({ id: a.groupId, priority, group: null })));
    expect((await routes()).filter((r) => r.startsWith('GET /api/v1/groups'))).toEqual([]);
  });

  test('a user\'s groups need a users scope and a groups scope: the field fails before the call; the user resolves', async () => {
    const res: any = await s().gql('{ user(id: "admin@example.com") { login groups { nodes { id } } } }');
    expect(res.data.user).toEqual({ login: 'admin@example.com', groups: null });
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0].path).toEqual(['user', 'groups']);
    expect(res.errors[0].extensions).toEqual(expect.objectContaining({ code: 'OKTA_SCOPE_MISSING', requiredScopes: both('users', 'groups') }));
    expect(await routes()).toEqual(['GET /api/v1/users/{id}']);
  });
});

describe('API token without okta.apps.*', () => {
  const s = () => without.get('apps')!;

  test('applications and application fail, siblings resolve, no apps call', async () => {
    const res = await s().gql(`query($id: ID!) { applications { nodes { id } } application(id: $id) { id } groups(first: 1) { nodes { id } } }`, { id: someApp().id });
    expectScopeErrors(res, 'apps', ['applications', 'application']);
    expect(res.data?.groups.nodes).toHaveLength(1);
    expect(await routes()).toEqual(['GET /api/v1/groups']);
  });

  test('_entities of Application fail with no call', async () => {
    const res = await s().gql('query($r: [_Any!]!) { _entities(representations: $r) { ... on Application { id } } }', { r: [{ __typename: 'Application', id: someApp().id }] });
    expectScopeErrors(res, 'apps', ['_entities.0']);
    expect((await full.stats()).total).toBe(0);
  });

  test('apps behind app links and log targets fail there, with no app lookup', async () => {
    const since = new Date(Date.now() - 29 * 86_400_000).toISOString();
    const res: any = await s().gql(
      `query($since: DateTime) { user(id: "admin@example.com") { applications { appInstanceId application { id } } }
        logEvents(first: 1, since: $since, filter: { eventTypes: ["user.authentication.sso"] }) { nodes { targets { id type application { id } } } } }`,
      { since },
    );
    const links = res.data.user.applications;
    expect(links.length).toBeGreaterThan(0);
    const targets = res.data.logEvents.nodes[0].targets;
    expect(targets.map((t: any) => t.type)).toContain('AppInstance');
    expectScopeErrors(res, 'apps', [
      ...links.map((_: unknown, i: number) => `user.applications.${i}.application`),
      ...targets.flatMap((t: any, i: number) => (t.type === 'AppInstance' ? [`logEvents.nodes.0.targets.${i}.application`] : [])),
    ]);
    for (const l of links) expect(l).toEqual({ appInstanceId: expect.stringMatching(/^0oa/), application: null });
    expect((await routes()).filter((r) => r.startsWith('GET /api/v1/apps'))).toEqual([]);
  });

  test('a group\'s applications need a groups scope and an apps scope: the field fails before the call; the group resolves', async () => {
    const g = someGroup();
    const res: any = await s().gql('query($id: ID!) { group(id: $id) { id applications { nodes { id } } } }', { id: g.id });
    expect(res.data.group).toEqual({ id: g.id, applications: null });
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0].extensions).toEqual(expect.objectContaining({ code: 'OKTA_SCOPE_MISSING', requiredScopes: both('groups', 'apps') }));
    expect((await routes()).filter((r) => r.endsWith('/apps'))).toEqual([]);
  });
});

describe('API token without okta.authorizationServers.*', () => {
  const s = () => without.get('authorizationServers')!;

  test('authorizationServers, authorizationServer and _entities fail, siblings resolve, no call', async () => {
    const res = await s().gql('{ authorizationServers { nodes { id } } authorizationServer(id: "default") { id scopes { id } } users(first: 1) { nodes { id } } }');
    expectScopeErrors(res, 'authorizationServers', ['authorizationServers', 'authorizationServer']);
    expect(res.data?.users.nodes).toHaveLength(1);
    const entities = await s().gql('query($r: [_Any!]!) { _entities(representations: $r) { ... on AuthorizationServer { id } } }', { r: [{ __typename: 'AuthorizationServer', id: 'default' }] });
    expectScopeErrors(entities, 'authorizationServers', ['_entities.0']);
    expect(await routes()).toEqual(['GET /api/v1/users']);
  });
});

describe('API token without okta.logs.read', () => {
  const s = () => without.get('logs')!;

  test('logEvents and User.logEvents fail, siblings and the user resolve, no logs call', async () => {
    const res = await s().gql('{ logEvents(first: 2) { nodes { uuid } } user(id: "admin@example.com") { login logEvents { nodes { uuid } } } groups(first: 1) { nodes { id } } }');
    expectScopeErrors(res, 'logs', ['logEvents', 'user.logEvents']);
    expect(res.data?.user).toEqual({ login: 'admin@example.com', logEvents: null });
    expect(res.data?.groups.nodes).toHaveLength(1);
    expect(await routes()).toEqual(['GET /api/v1/groups', 'GET /api/v1/users/{id}']);
  });
});

describe('manage scopes satisfy reads', () => {
  let manage: Stack;
  beforeAll(async () => {
    manage = await startStack({ simulator: full.sim, env: { OKTA_SCOPES: 'okta.users.manage okta.groups.manage okta.apps.manage okta.authorizationServers.manage okta.logs.read' } });
  });
  afterAll(async () => {
    await manage.close();
  });

  test('every type resolves with the .manage alternatives only', async () => {
    const res: any = await manage.gql(`query($r: [_Any!]!) { users(first: 1) { nodes { id } } groups(first: 1) { nodes { id } } applications(first: 1) { nodes { id assignedGroups(first: 1) { nodes { group { id } } } } }
      authorizationServers { nodes { id } } logEvents(first: 1) { nodes { actor { user { id } } } } _entities(representations: $r) { ... on Group { id } ... on Application { id } } }`,
    { r: [{ __typename: 'Group', id: someGroup().id }, { __typename: 'Application', id: someApp().id }] });
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual([{ id: someGroup().id }, { id: someApp().id }]);
  });
});

describe('OAuth connections', () => {
  let oauth: Stack;
  beforeAll(async () => {
    oauth = await startStack({ mode: 'oauth' });
  });
  afterAll(async () => {
    await oauth.close();
  });
  beforeEach(async () => {
    await oauth.gql('mutation { disconnectOkta(input: { revoke: false }) { disconnected } }');
    await oauth.resetSim();
  });

  async function connectAs(login: string, scopes?: string[]) {
    const run = await oauth.connect({}, scopes ? { scopes } : {}, login);
    expect(run.callback?.status).toBe(200);
    await oauth.resetSim();
  }

  const EVERYTHING = `{ oktaConnection { status grantedScopes } users(first: 1) { nodes { id } } groups(first: 1) { nodes { id } }
    applications(first: 1) { nodes { id } } authorizationServers(first: 1) { nodes { id } } logEvents(first: 1) { nodes { uuid } } }`;

  test('a connection granted only okta.users.read: the other families fail with what was granted, users resolve', async () => {
    await connectAs('admin@example.com', ['okta.users.read']);
    const res: any = await oauth.gql(EVERYTHING);
    const granted = res.data.oktaConnection.grantedScopes;
    expect(granted).toEqual(expect.arrayContaining(['okta.users.read', 'openid', 'offline_access']));
    expect(granted.filter((s: string) => s.startsWith('okta.'))).toEqual(['okta.users.read']);
    expect(res.data.users.nodes).toHaveLength(1);
    const errors = errorsByPath(res);
    expect([...errors.keys()].sort()).toEqual(['applications', 'authorizationServers', 'groups', 'logEvents']);
    expect(errors.get('groups')!.extensions).toEqual(expect.objectContaining({ code: 'OKTA_SCOPE_MISSING', requiredScopes: REQUIRED.groups, grantedScopes: [...granted].sort() }));
    expect(errors.get('applications')!.extensions!.requiredScopes).toEqual(REQUIRED.apps);
    expect(errors.get('authorizationServers')!.extensions!.requiredScopes).toEqual(REQUIRED.authorizationServers);
    expect(errors.get('logEvents')!.extensions!.requiredScopes).toEqual(REQUIRED.logs);
    expect(Object.keys((await oauth.stats()).byRoute)).toEqual(['GET /api/v1/users']);
  });

  test('an end user without an admin role: Okta\'s 403 is FORBIDDEN with Okta\'s summary and errorId; other fields resolve', async () => {
    await connectAs('end.user@example.com');
    const res: any = await oauth.gql(`{ oktaConnection { status } users(first: 1) { nodes { id } } group(id: "${someGroup().id}") { id } }`);
    expect(res.data).toEqual({ oktaConnection: { status: 'CONNECTED' }, users: null, group: null });
    const errors = errorsByPath(res);
    expect([...errors.keys()].sort()).toEqual(['group', 'users']);
    for (const e of errors.values()) {
      expect(e.extensions).toEqual(expect.objectContaining({ code: 'FORBIDDEN', oktaStatus: 403, oktaErrorCode: 'E0000006', oktaErrorId: expect.any(String), oktaRequestId: expect.any(String) }));
      expect(e.message).toContain('You do not have permission to perform the requested action');
    }
  });

  test('a help-desk admin reads users and groups, and is FORBIDDEN apps, servers and the System Log, down to nested fields', async () => {
    await connectAs('help.desk@example.com');
    const res: any = await oauth.gql(`{ users(first: 1) { nodes { id } } groups(first: 1) { nodes { id } } applications(first: 1) { nodes { id } }
      authorizationServers { nodes { id } } logEvents(first: 1) { nodes { uuid } } user(id: "admin@example.com") { login applications { appInstanceId application { id } } } }`);
    expect(res.data.users.nodes).toHaveLength(1);
    expect(res.data.groups.nodes).toHaveLength(1);
    expect(res.data.user.login).toBe('admin@example.com');
    const links = res.data.user.applications;
    expect(links.length).toBeGreaterThan(0);
    const errors = errorsByPath(res);
    expect([...errors.keys()].sort()).toEqual(['applications', 'authorizationServers', 'logEvents', ...links.map((_: unknown, i: number) => `user.applications.${i}.application`)].sort());
    for (const e of errors.values()) expect(e.extensions).toEqual(expect.objectContaining({ code: 'FORBIDDEN', oktaErrorCode: 'E0000006', oktaErrorId: expect.any(String) }));
    for (const l of links) expect(l.application).toBeNull();
  });
});
