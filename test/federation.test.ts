import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { loadTypeDefs } from '../src/schema.js';
import { APP_FIELDS, createGroups, expectedApp, expectedGroup, GROUP_FIELDS } from './helpers/readGraph.js';
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

const org = () => stack.sim.org;
/** `_entities` selecting `fields` on `type` (one type per query: the types' fields of the same name have different types). */
const entities = (type: string, fields: string) => `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on ${type} { ${fields} } } }`;
const USERS = entities('User', 'id login status profile { email }');
const GROUPS = entities('Group', GROUP_FIELDS);
const APPS = entities('Application', APP_FIELDS);
const SERVERS = entities('AuthorizationServer', 'id name issuer status audiences');
/** Every entity type at once, with fields that do not conflict. */
const MIXED = `query($r: [_Any!]!) { _entities(representations: $r) { __typename
  ... on User { id login } ... on Group { id profile { name } } ... on Application { id label } ... on AuthorizationServer { id name } } }`;

const userView = (id: string) => {
  const u = org().users.get(id)!;
  return { __typename: 'User', id: u.id, login: u.profile.login, status: u.status, profile: { email: u.profile.email ?? null } };
};
const groupView = (id: string) => ({ __typename: 'Group', ...expectedGroup(org().groups.get(id)!) });
const appView = (id: string) => ({ __typename: 'Application', ...expectedApp(org().apps.get(id)!) });
const serverView = (id: string) => {
  const s = org().authServers.get(id)!;
  return { __typename: 'AuthorizationServer', id: s.id, name: s.name, issuer: `${stack.sim.url}/oauth2/${s.id}`, status: s.status, audiences: s.audiences };
};

/** What {@link MIXED} selects for a representation. */
function brief(r: { __typename: string; id?: string; login?: string }) {
  if (r.__typename === 'User') {
    const u = org().users.get(r.id ?? r.login!)!;
    return { __typename: 'User', id: u.id, login: u.profile.login };
  }
  if (r.__typename === 'Group') return { __typename: 'Group', id: r.id, profile: { name: org().groups.get(r.id!)!.profile.name } };
  if (r.__typename === 'Application') return { __typename: 'Application', id: r.id, label: org().apps.get(r.id!)!.label };
  return { __typename: 'AuthorizationServer', id: r.id, name: org().authServers.get(r.id!)!.name };
}

describe('entity keys in the SDL', () => {
  test('User is keyed by id and by login; Group, Application and AuthorizationServer by id', async () => {
    const res: any = await stack.gql('{ _service { sdl } }');
    expect(res.errors).toBeUndefined();
    const sdl: string = res.data._service.sdl;
    const keysOf = (type: string) => {
      const header = new RegExp(`type ${type}\\s+((?:@\\w+(?:\\([^)]*\\))?\\s*)*)\\{`).exec(sdl)?.[1] ?? '';
      return [...header.matchAll(/@key\(fields: "([^"]+)"\)/g)].map((m) => m[1]);
    };
    expect(keysOf('User').sort()).toEqual(['id', 'login']);
    expect(keysOf('Group')).toEqual(['id']);
    expect(keysOf('Application')).toEqual(['id']);
    expect(keysOf('AuthorizationServer')).toEqual(['id']);
    expect(keysOf('LogEvent')).toEqual([]);
  });
});

describe('_entities', () => {
  test('User by id: every entity with its fields, in order, batched', async () => {
    const ids = [...org().users.all()].slice(10, 40).map((u) => u.id);
    const res: any = await stack.gql(USERS, { r: ids.map((id) => ({ __typename: 'User', id })) });
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual(ids.map(userView));
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/users': 1 });
  });

  test('User by login: resolves to the user, batched', async () => {
    const users = [...org().users.all()].slice(5, 25);
    const res: any = await stack.gql(USERS, { r: users.map((u) => ({ __typename: 'User', login: u.profile.login })) });
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual(users.map((u) => userView(u.id)));
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/users': 1 });
  });

  test('User by login in another case resolves to the user, with Okta\'s spelling of the login', async () => {
    const users = [...org().users.all()].slice(30, 34);
    const res: any = await stack.gql(USERS, { r: users.map((u) => ({ __typename: 'User', login: u.profile.login.toUpperCase() })) });
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual(users.map((u) => userView(u.id)));
  });

  test('Group by id: every field, batched through search', async () => {
    const ids = [...org().groups.all()].map((g) => g.id);
    const res: any = await stack.gql(GROUPS, { r: ids.map((id) => ({ __typename: 'Group', id })) });
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual(ids.map(groupView));
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/groups': 1 });
  });

  test('Application by id: every field, one call per distinct app', async () => {
    const ids = [...org().apps.all()].map((a) => a.id);
    const r = [...ids, ids[0]!, ids[1]!].map((id) => ({ __typename: 'Application', id }));
    const res: any = await stack.gql(APPS, { r });
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual(r.map((x) => appView(x.id)));
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/apps/{appId}': ids.length });
  });

  test('AuthorizationServer by id', async () => {
    const ids = org().authServers.all().map((s) => s.id);
    const res: any = await stack.gql(SERVERS, { r: ids.map((id) => ({ __typename: 'AuthorizationServer', id })) });
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual(ids.map(serverView));
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/authorizationServers/{authServerId}': ids.length });
  });

  test('every key in one request, interleaved: order kept, each kind batched or deduplicated', async () => {
    const users = [...org().users.all()].slice(0, 6);
    const groups = [...org().groups.all()].slice(0, 4);
    const apps = [...org().apps.all()].slice(0, 3);
    const r = [
      { __typename: 'Group', id: groups[0]!.id },
      { __typename: 'User', id: users[0]!.id },
      { __typename: 'Application', id: apps[0]!.id },
      { __typename: 'User', login: users[1]!.profile.login },
      { __typename: 'AuthorizationServer', id: 'default' },
      { __typename: 'Group', id: groups[1]!.id },
      { __typename: 'User', id: users[2]!.id },
      { __typename: 'Application', id: apps[1]!.id },
      { __typename: 'User', login: users[3]!.profile.login },
      { __typename: 'Group', id: groups[2]!.id },
      { __typename: 'Application', id: apps[0]!.id },
      { __typename: 'User', id: users[0]!.id },
    ];
    const res: any = await stack.gql(MIXED, { r });
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual(r.map((x: any) => brief(x)));
    const stats = await stack.stats();
    expect(stats.byRoute['GET /api/v1/users']).toBeLessThanOrEqual(2);
    expect(stats.byRoute['GET /api/v1/users/{id}']).toBeUndefined();
    expect(stats.byRoute['GET /api/v1/groups']).toBe(1);
    expect(stats.byRoute['GET /api/v1/apps/{appId}']).toBe(2);
    expect(stats.byRoute['GET /api/v1/authorizationServers/{authServerId}']).toBe(1);
  });

  test('unknown ids and logins of every type resolve to null without errors, next to known ones', async () => {
    const known = [...org().groups.all()][0]!.id;
    const r = [
      { __typename: 'User', id: '00uNoSuchUser00000000' },
      { __typename: 'User', login: 'nobody@example.com' },
      { __typename: 'Group', id: '00gNoSuchGroup0000000' },
      { __typename: 'Group', id: known },
      { __typename: 'Application', id: '0oaNoSuchApp000000000' },
      { __typename: 'AuthorizationServer', id: 'ausNoSuchServer000000' },
    ];
    const res: any = await stack.gql(MIXED, { r });
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual([null, null, null, brief({ __typename: 'Group', id: known }), null, null]);
  });

  test('entities resolve their nested fields as from Query roots', async () => {
    const group = [...org().groups.all()].find((g) => g.profile.name === 'Sales')!;
    const app = [...org().apps.all()].find((a) => org().apps.groupAssignments(a.id).length > 1)!;
    const admin = org().users.get('admin@example.com')!;
    const res: any = await stack.gql(
      `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Group { members(first: 3) { nodes { id } } }
        ... on Application { assignedGroups { nodes { id priority } } }
        ... on User { groups { nodes { id } } }
        ... on AuthorizationServer { policies { name rules { name } } }
      } }`,
      { r: [{ __typename: 'Group', id: group.id }, { __typename: 'Application', id: app.id }, { __typename: 'User', login: admin.profile.login }, { __typename: 'AuthorizationServer', id: 'default' }] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual([
      { members: { nodes: org().groups.members(group.id).slice(0, 3).map((id) => ({ id })) } },
      { assignedGroups: { nodes: org().apps.groupAssignments(app.id).map((a, priority) => ({ id: a.groupId, priority })) } },
      { groups: { nodes: org().groups.groupsOf(admin.id).map((id) => ({ id })) } },
      { policies: org().authServers.get('default')!.policies.map((p) => ({ name: p.name, rules: p.rules.map((r) => ({ name: r.name })) })) },
    ]);
  });

  test('_entities of 100 groups costs at most 3 requests', async () => {
    const created = await createGroups(stack, 100 - org().groups.size, 'Entity');
    await stack.resetSim();
    const ids = [...org().groups.all()].map((g) => g.id);
    expect(ids).toHaveLength(100);
    expect(created.length).toBeGreaterThan(0);
    const res: any = await stack.gql(GROUPS, { r: ids.map((id) => ({ __typename: 'Group', id })) });
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual(ids.map(groupView));
    expect((await stack.stats()).total).toBeLessThanOrEqual(3);
  });

  test('a representation without its key fails only its own entity, as BAD_USER_INPUT', async () => {
    const known = [...org().groups.all()][0]!.id;
    const res: any = await stack.gql(GROUPS, { r: [{ __typename: 'Group' }, { __typename: 'Group', id: known }] });
    expect(res.data._entities).toEqual([null, groupView(known)]);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0].path).toEqual(['_entities', 0]);
    expect(res.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('composition with another subgraph', () => {
  /** Another team's subgraph: extends User (by login), Group and Application with fields of its own, references User by id. */
  const TICKETS = parse(/* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

    type User @key(fields: "login") {
      login: String!
      openTickets: [Ticket!]!
    }

    type Group @key(fields: "id") {
      id: ID!
      onCallRotation: [User!]!
      slackChannel: String
    }

    type Application @key(fields: "id") {
      id: ID!
      owner: User
      supportTickets: [Ticket!]!
    }

    type AuthorizationServer @key(fields: "id", resolvable: false) {
      id: ID!
    }

    type Ticket @key(fields: "id") {
      id: ID!
      title: String!
      reporter: User
      group: Group
      application: Application
      issuer: AuthorizationServer
    }

    type Query {
      ticket(id: ID!): Ticket
    }
  `);

  const result = composeServices([
    { name: 'okta', typeDefs: parse(loadTypeDefs()), url: 'http://okta.example/graphql' },
    { name: 'tickets', typeDefs: TICKETS, url: 'http://tickets.example/graphql' },
  ]);

  test('composes without errors', () => {
    expect(result.errors ?? []).toEqual([]);
    expect(result.supergraphSdl).toEqual(expect.any(String));
  });

  test('the supergraph joins our entities with the fields the other subgraph adds', () => {
    const supergraph = result.supergraphSdl ?? '';
    const typeBlock = (name: string) => {
      const start = supergraph.search(new RegExp(`^type ${name}\\b`, 'm'));
      return start < 0 ? '' : supergraph.slice(start, supergraph.indexOf('\n}', start));
    };
    const user = typeBlock('User');
    expect(user).toContain('join__type(graph: OKTA, key: "id")');
    expect(user).toContain('join__type(graph: OKTA, key: "login")');
    expect(user).toContain('join__type(graph: TICKETS, key: "login")');
    expect(user).toMatch(/openTickets: \[Ticket!\]! @join__field\(graph: TICKETS\)/);
    expect(user).toMatch(/profile: UserProfile! @join__field\(graph: OKTA\)/);
    const group = typeBlock('Group');
    expect(group).toContain('join__type(graph: OKTA, key: "id")');
    expect(group).toContain('join__type(graph: TICKETS, key: "id")');
    expect(group).toMatch(/slackChannel: String @join__field\(graph: TICKETS\)/);
    expect(group).toMatch(/members\([^)]*\): UserConnection @join__field\(graph: OKTA\)/);
    const app = typeBlock('Application');
    expect(app).toContain('join__type(graph: TICKETS, key: "id")');
    expect(app).toMatch(/owner: User @join__field\(graph: TICKETS\)/);
    expect(typeBlock('AuthorizationServer')).toContain('join__type(graph: TICKETS, key: "id", resolvable: false)');
    // Our own directive is enforced inside this subgraph and is not part of the supergraph.
    expect(supergraph).not.toContain('requiresOktaScopes');
  });

  test('a query across both subgraphs can be planned through the entity keys', () => {
    const hints = (result.hints ?? []).map((h) => h.definition.code);
    // Nothing about inconsistent or unresolvable entities.
    expect(hints.filter((c) => /INCONSISTENT_ENTITY|UNRESOLVABLE|EXTERNAL/.test(c))).toEqual([]);
  });
});
