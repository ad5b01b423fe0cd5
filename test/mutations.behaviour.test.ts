/**
 * Issue 6, what every mutation shares: the `*.manage` scope check (no Okta call), Okta's admin-role
 * refusal (FORBIDDEN with Okta's errorId), one audit line per mutation without secrets, and retries
 * (a write is never retried on a 5xx or a dropped connection; a 429 and a refused connection are).
 * One subgraph in OAuth mode: each test connects as the Okta user it needs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { bucketFor } from '../src/simulator/rateLimits.js';
import type { SimUserStatus } from '../src/simulator/store/users.js';
import {
  auditsSince,
  expectUnchanged,
  logEventsAbout,
  newLogin,
  ok,
  okta,
  PASSWORD,
  simGroup,
  simUser,
  snapshot,
  uniq,
} from './helpers/mutations.js';
import { startStack, type Stack } from './helpers/stack.js';

/** When set, the next matching Okta call fails as a refused connection, before anything is sent. */
let refuse: { method: string; path: RegExp; times: number } | undefined;

const fetchWithRefusals: typeof fetch = async (input, init) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  const method = (init?.method ?? 'GET').toUpperCase();
  if (refuse && refuse.times > 0 && method === refuse.method && refuse.path.test(url.pathname)) {
    refuse.times--;
    const err = new TypeError('fetch failed');
    (err as { cause?: unknown }).cause = Object.assign(new Error(`connect ECONNREFUSED ${url.host}`), { code: 'ECONNREFUSED', syscall: 'connect' });
    throw err;
  }
  return fetch(input, init);
};

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ mode: 'oauth', fetch: fetchWithRefusals });
});
afterAll(async () => {
  await stack.close();
});
beforeEach(async () => {
  refuse = undefined;
  await stack.resetSim();
});

const NO_USER = '00uNOSUCHUSER0000000';
const NO_GROUP = '00gNOSUCHGROUP000000';
const NO_APP = '0oaNOSUCHAPP00000000';
const NO_SERVER = 'ausNOSUCHSERVER00000';
const READ_SCOPES = ['okta.users.read', 'okta.groups.read', 'okta.apps.read', 'okta.authorizationServers.read', 'okta.logs.read'];

/** Connects the dev caller's Okta account as `login` (all default scopes unless `scopes`). */
async function connectAs(login: string, scopes?: string[]): Promise<void> {
  const run = await stack.connect({}, scopes ? { scopes } : {}, login);
  expect(run.callback?.status).toBe(200);
  await stack.resetSim();
}

function oktaId(login: string): string {
  return stack.sim.org.users.get(login)!.id;
}

/** Every mutation of issue 6: its input type, its scope, and inputs that reach Okta. */
interface Spec {
  name: string;
  input: string;
  scope: string;
  /** Inputs naming objects that do not exist (Okta answers 404, or 400 for creates). */
  missing: () => Record<string, unknown>;
  /** Inputs on real objects that an admin with the right role could apply. */
  real: (o: Objects) => Record<string, unknown>;
}

/** Fresh objects for {@link Spec.real}. */
interface Objects {
  users: Record<SimUserStatus, string>;
  group: string;
  member: string;
  app: string;
  server: string;
  scope: string;
  claim: string;
}

const U = 'okta.users.manage';
const G = 'okta.groups.manage';
const A = 'okta.apps.manage';
const S = 'okta.authorizationServers.manage';
const SPECS: Spec[] = [
  { name: 'createUser', input: 'CreateUserInput', scope: U, missing: () => ({ profile: { login: 'admin@example.com', email: 'admin@example.com', firstName: 'A', lastName: 'B' } }), real: () => ({ profile: { login: newLogin(), email: 'x@example.com', firstName: 'A', lastName: 'B' } }) },
  { name: 'updateUser', input: 'UpdateUserInput', scope: U, missing: () => ({ id: NO_USER, profile: { title: 't' } }), real: (o) => ({ id: o.users.ACTIVE, profile: { title: 't' } }) },
  { name: 'activateUser', input: 'ActivateUserInput', scope: U, missing: () => ({ id: NO_USER }), real: (o) => ({ id: o.users.STAGED }) },
  { name: 'reactivateUser', input: 'ReactivateUserInput', scope: U, missing: () => ({ id: NO_USER }), real: (o) => ({ id: o.users.PROVISIONED }) },
  { name: 'deactivateUser', input: 'DeactivateUserInput', scope: U, missing: () => ({ id: NO_USER }), real: (o) => ({ id: o.users.ACTIVE }) },
  { name: 'suspendUser', input: 'UserLifecycleInput', scope: U, missing: () => ({ id: NO_USER }), real: (o) => ({ id: o.users.ACTIVE }) },
  { name: 'unsuspendUser', input: 'UserLifecycleInput', scope: U, missing: () => ({ id: NO_USER }), real: (o) => ({ id: o.users.SUSPENDED }) },
  { name: 'unlockUser', input: 'UserLifecycleInput', scope: U, missing: () => ({ id: NO_USER }), real: (o) => ({ id: o.users.LOCKED_OUT }) },
  { name: 'resetUserPassword', input: 'ResetUserPasswordInput', scope: U, missing: () => ({ id: NO_USER }), real: (o) => ({ id: o.users.ACTIVE, sendEmail: false }) },
  { name: 'expireUserPassword', input: 'UserLifecycleInput', scope: U, missing: () => ({ id: NO_USER }), real: (o) => ({ id: o.users.ACTIVE }) },
  { name: 'deleteUser', input: 'DeleteUserInput', scope: U, missing: () => ({ id: NO_USER }), real: (o) => ({ id: o.users.DEPROVISIONED }) },
  { name: 'createGroup', input: 'CreateGroupInput', scope: G, missing: () => ({ name: [...stack.sim.org.groups.all()].find((g) => g.type === 'OKTA_GROUP')!.profile.name }), real: () => ({ name: uniq('Role check') }) },
  { name: 'updateGroup', input: 'UpdateGroupInput', scope: G, missing: () => ({ id: NO_GROUP, name: 'x' }), real: (o) => ({ id: o.group, name: uniq('Renamed') }) },
  { name: 'deleteGroup', input: 'DeleteGroupInput', scope: G, missing: () => ({ id: NO_GROUP }), real: (o) => ({ id: o.group }) },
  { name: 'addUserToGroup', input: 'GroupMembershipInput', scope: G, missing: () => ({ groupId: NO_GROUP, userId: NO_USER }), real: (o) => ({ groupId: o.group, userId: o.users.ACTIVE }) },
  { name: 'removeUserFromGroup', input: 'GroupMembershipInput', scope: G, missing: () => ({ groupId: NO_GROUP, userId: NO_USER }), real: (o) => ({ groupId: o.group, userId: o.member }) },
  { name: 'activateApplication', input: 'ApplicationLifecycleInput', scope: A, missing: () => ({ id: NO_APP }), real: (o) => ({ id: o.app }) },
  { name: 'deactivateApplication', input: 'ApplicationLifecycleInput', scope: A, missing: () => ({ id: NO_APP }), real: (o) => ({ id: o.app }) },
  { name: 'updateApplicationLabel', input: 'UpdateApplicationLabelInput', scope: A, missing: () => ({ id: NO_APP, label: 'x' }), real: (o) => ({ id: o.app, label: 'Relabelled' }) },
  { name: 'assignUserToApplication', input: 'AssignUserToApplicationInput', scope: A, missing: () => ({ applicationId: NO_APP, userId: NO_USER }), real: (o) => ({ applicationId: o.app, userId: o.users.ACTIVE }) },
  { name: 'unassignUserFromApplication', input: 'UnassignUserFromApplicationInput', scope: A, missing: () => ({ applicationId: NO_APP, userId: NO_USER }), real: (o) => ({ applicationId: o.app, userId: o.member }) },
  { name: 'assignGroupToApplication', input: 'AssignGroupToApplicationInput', scope: A, missing: () => ({ applicationId: NO_APP, groupId: NO_GROUP }), real: (o) => ({ applicationId: o.app, groupId: o.group }) },
  { name: 'unassignGroupFromApplication', input: 'UnassignGroupFromApplicationInput', scope: A, missing: () => ({ applicationId: NO_APP, groupId: NO_GROUP }), real: (o) => ({ applicationId: o.app, groupId: o.group }) },
  { name: 'activateAuthorizationServer', input: 'AuthorizationServerLifecycleInput', scope: S, missing: () => ({ id: NO_SERVER }), real: (o) => ({ id: o.server }) },
  { name: 'deactivateAuthorizationServer', input: 'AuthorizationServerLifecycleInput', scope: S, missing: () => ({ id: NO_SERVER }), real: (o) => ({ id: o.server }) },
  { name: 'createAuthorizationServerScope', input: 'CreateAuthorizationServerScopeInput', scope: S, missing: () => ({ authorizationServerId: NO_SERVER, name: 'x' }), real: (o) => ({ authorizationServerId: o.server, name: 'role:check' }) },
  { name: 'updateAuthorizationServerScope', input: 'UpdateAuthorizationServerScopeInput', scope: S, missing: () => ({ authorizationServerId: NO_SERVER, scopeId: 'scpNOSUCH', description: 'x' }), real: (o) => ({ authorizationServerId: o.server, scopeId: o.scope, description: 'x' }) },
  { name: 'deleteAuthorizationServerScope', input: 'DeleteAuthorizationServerScopeInput', scope: S, missing: () => ({ authorizationServerId: NO_SERVER, scopeId: 'scpNOSUCH' }), real: (o) => ({ authorizationServerId: o.server, scopeId: o.scope }) },
  { name: 'createAuthorizationServerClaim', input: 'CreateAuthorizationServerClaimInput', scope: S, missing: () => ({ authorizationServerId: NO_SERVER, name: 'x', claimType: 'RESOURCE', value: 'x' }), real: (o) => ({ authorizationServerId: o.server, name: 'role_check', claimType: 'RESOURCE', value: 'user.login' }) },
  { name: 'updateAuthorizationServerClaim', input: 'UpdateAuthorizationServerClaimInput', scope: S, missing: () => ({ authorizationServerId: NO_SERVER, claimId: 'oclNOSUCH', value: 'x' }), real: (o) => ({ authorizationServerId: o.server, claimId: o.claim, value: 'user.email' }) },
  { name: 'deleteAuthorizationServerClaim', input: 'DeleteAuthorizationServerClaimInput', scope: S, missing: () => ({ authorizationServerId: NO_SERVER, claimId: 'oclNOSUCH' }), real: (o) => ({ authorizationServerId: o.server, claimId: o.claim }) },
];

const run = (spec: Spec, input: Record<string, unknown>) => stack.gql(`mutation($input: ${spec.input}!) { ${spec.name}(input: $input) { __typename userErrors { code field } } }`, { input });

/** Real objects, made with the org's API token (a super admin). */
async function objects(): Promise<Objects> {
  const users = {} as Record<SimUserStatus, string>;
  for (const status of ['ACTIVE', 'STAGED', 'PROVISIONED', 'SUSPENDED', 'LOCKED_OUT', 'DEPROVISIONED'] as SimUserStatus[]) users[status] = (await simUser(stack, status)).id;
  const group = (await simGroup(stack)).id;
  const member = (await simUser(stack, 'ACTIVE', { groupIds: [group] })).id;
  const app = [...stack.sim.org.apps.all()].find((a) => a.status === 'ACTIVE')!.id;
  expect((await okta(stack, 'POST', `/api/v1/apps/${app}/users`, { id: member, scope: 'USER' })).status).toBe(200);
  expect((await okta(stack, 'PUT', `/api/v1/apps/${app}/groups/${group}`, {})).status).toBe(200);
  const server = stack.sim.org.authServers.all()[0]!.id;
  const scope = (await okta(stack, 'POST', `/api/v1/authorizationServers/${server}/scopes`, { name: uniq('role:scope').replace(/\s+/g, '.') })).body.id;
  const claim = (await okta(stack, 'POST', `/api/v1/authorizationServers/${server}/claims`, { name: uniq('role_claim').replace(/\s+/g, '_'), claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'user.login' })).body.id;
  return { users, group, member, app, server, scope, claim };
}

describe('scopes', () => {
  beforeAll(async () => {
    await connectAs('admin@example.com', READ_SCOPES);
  });

  test.each(SPECS)('$name without $scope: OKTA_SCOPE_MISSING and no Okta call', async (spec) => {
    await stack.resetSim();
    const res = await run(spec, spec.missing());
    expect(res.data).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.path).toEqual([spec.name]);
    expect(res.errors![0]!.extensions).toEqual(expect.objectContaining({ code: 'OKTA_SCOPE_MISSING', requiredScopes: [[spec.scope]] }));
    expect(res.errors![0]!.extensions!.grantedScopes).toEqual(expect.arrayContaining(READ_SCOPES));
    expect((await stack.stats()).total).toBe(0);
  });

  test('each family needs its own manage scope: users.manage alone allows user mutations only', async () => {
    await connectAs('admin@example.com', [...READ_SCOPES, 'okta.users.manage']);
    const user = await simUser(stack);
    await stack.resetSim();
    const allowed = ok(await run(SPECS.find((s) => s.name === 'suspendUser')!, { id: user.id })).suspendUser;
    expect(allowed.userErrors).toEqual([]);
    for (const name of ['createGroup', 'activateApplication', 'activateAuthorizationServer']) {
      const spec = SPECS.find((s) => s.name === name)!;
      const res = await run(spec, spec.missing());
      expect(res.errors?.[0]?.extensions?.code).toBe('OKTA_SCOPE_MISSING');
    }
    const routes = Object.keys((await stack.stats()).byRoute);
    expect(routes).toContain('POST /api/v1/users/{id}/lifecycle/suspend');
    for (const route of routes) expect(route).toMatch(/^\w+ \/api\/v1\/users\//);
    await connectAs('admin@example.com', READ_SCOPES);
  });

  test('a mutation refused for a missing scope is still audited', async () => {
    const from = stack.logs.length;
    const spec = SPECS.find((s) => s.name === 'deleteGroup')!;
    await run(spec, { id: NO_GROUP });
    const audits = auditsSince(stack, from, 'deleteGroup');
    expect(audits).toHaveLength(1);
    expect(audits[0].outcome).not.toBe('success');
    expect(Object.values(audits[0].targets)).toContain(NO_GROUP);
  });
});

describe('Okta admin roles', () => {
  let o: Objects;
  beforeAll(async () => {
    o = await objects();
  });

  describe.each(['end.user@example.com', 'readonly.admin@example.com'])('connected as %s', (login) => {
    beforeAll(async () => {
      await connectAs(login);
    });

    test.each(SPECS)('$name: top-level FORBIDDEN with Okta\'s errorId; nothing changes; audited as an error', async (spec) => {
      const before = snapshot(stack);
      const from = stack.logs.length;
      const res = await run(spec, spec.real(o));
      expect(res.data).toBeNull();
      expect(res.errors).toHaveLength(1);
      const ext = res.errors![0]!.extensions!;
      expect(ext).toEqual(expect.objectContaining({ code: 'FORBIDDEN', oktaStatus: 403, oktaErrorCode: 'E0000006' }));
      expect(ext.oktaErrorId).toEqual(expect.stringMatching(/^oae/));
      expect(ext.oktaRequestId).toEqual(expect.any(String));
      expectUnchanged(stack, before);
      const audits = auditsSince(stack, from, spec.name);
      expect(audits).toHaveLength(1);
      expect(audits[0]).toEqual(expect.objectContaining({ outcome: 'error', oktaUser: oktaId(login) }));
      expect(audits[0].oktaRequestIds).toContain(ext.oktaRequestId);
    });
  });

  test('an org admin manages users and groups but not apps or authorization servers', async () => {
    await connectAs('org.admin@example.com');
    const spec = (n: string) => SPECS.find((s) => s.name === n)!;
    expect(ok(await run(spec('addUserToGroup'), spec('addUserToGroup').real(o))).addUserToGroup.userErrors).toEqual([]);
    expect((await run(spec('assignUserToApplication'), spec('assignUserToApplication').real(o))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await run(spec('createAuthorizationServerScope'), spec('createAuthorizationServerScope').real(o))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('audit lines', () => {
  beforeAll(async () => {
    await connectAs('admin@example.com');
  });

  test.each(SPECS)('$name writes exactly one audit line: tenant, caller, Okta user, targets, outcome, Okta request ids', async (spec) => {
    const input = spec.missing();
    const from = stack.logs.length;
    const data = ok(await run(spec, input))[spec.name];
    expect(data.userErrors.length).toBeGreaterThan(0);
    const audits = auditsSince(stack, from);
    expect(audits).toHaveLength(1);
    const audit = audits[0];
    expect(audit).toEqual(
      expect.objectContaining({ tenantId: 'dev-tenant', caller: 'dev-user', oktaUser: oktaId('admin@example.com'), mutation: spec.name, outcome: 'user_error' }),
    );
    expect(audit.oktaRequestIds.length).toBeGreaterThan(0);
    for (const id of audit.oktaRequestIds) expect(id).toEqual(expect.any(String));
    // Every id the input names is among the audit's targets.
    const ids = Object.entries(input).filter(([k, v]) => /id$/i.test(k) && typeof v === 'string').map(([, v]) => v);
    for (const id of ids) expect(Object.values(audit.targets)).toContain(id);
  });

  test('a success names the object and the Okta request that the System Log event carries', async () => {
    const from = stack.logs.length;
    const name = uniq('Audited');
    const payload = ok(await stack.gql('mutation($n: String!) { createGroup(input: { name: $n }) { group { id } userErrors { code } } }', { n: name })).createGroup;
    const audits = auditsSince(stack, from);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toEqual(expect.objectContaining({ mutation: 'createGroup', outcome: 'success', oktaUser: oktaId('admin@example.com') }));
    const [event] = await logEventsAbout(stack, payload.group.id, ['group.lifecycle.create']);
    expect(audits[0].oktaRequestIds).toContain(event.transaction.id);
    expect(JSON.stringify(audits[0].targets)).toContain(name);
  });

  test('the audit line of a create names the created object\'s id', async () => {
    const from = stack.logs.length;
    const login = newLogin();
    const user = ok(await stack.gql('mutation($l: String!) { createUser(input: { profile: { login: $l, email: $l, firstName: "A", lastName: "B" } }) { user { id } } }', { l: login })).createUser.user;
    const group = ok(await stack.gql('mutation($n: String!) { createGroup(input: { name: $n }) { group { id } } }', { n: uniq('Audited id') })).createGroup.group;
    const audits = auditsSince(stack, from);
    expect(Object.values(audits.find((a) => a.mutation === 'createUser').targets)).toContain(user.id);
    expect(Object.values(audits.find((a) => a.mutation === 'createGroup').targets)).toContain(group.id);
  });

  test('deleteUser with deactivateFirst lists the request ids of each Okta call, matching the System Log', async () => {
    const user = await simUser(stack, 'ACTIVE');
    const from = stack.logs.length;
    ok(await stack.gql('mutation($id: ID!) { deleteUser(input: { id: $id, deactivateFirst: true }) { deletedUserId } }', { id: user.id }));
    const [audit] = auditsSince(stack, from);
    expect(audit).toEqual(expect.objectContaining({ mutation: 'deleteUser', outcome: 'success', targets: expect.objectContaining({ userId: user.id }) }));
    expect(audit.oktaRequestIds).toHaveLength(3);
    const events = await logEventsAbout(stack, user.id, ['user.lifecycle.deactivate', 'user.lifecycle.delete.completed']);
    expect(events).toHaveLength(2);
    for (const e of events) expect(audit.oktaRequestIds).toContain(e.transaction.id);
  });

  test('two mutations in one operation write two lines', async () => {
    const a = await simUser(stack);
    const from = stack.logs.length;
    ok(await stack.gql('mutation($id: ID!) { s: suspendUser(input: { id: $id }) { user { status } } u: unsuspendUser(input: { id: $id }) { user { status } } }', { id: a.id }));
    expect(auditsSince(stack, from).map((l) => [l.mutation, l.outcome])).toEqual([
      ['suspendUser', 'success'],
      ['unsuspendUser', 'success'],
    ]);
  });

  test('no password, recovery answer, one-time link or token ever reaches the logs', async () => {
    const login = newLogin();
    const answer = 'Purple elephants dancing';
    const password = `${PASSWORD}x9`;
    const created = ok(
      await stack.gql(
        'mutation($input: CreateUserInput!) { createUser(input: $input) { user { id status } userErrors { code } } }',
        { input: { profile: { login, email: login, firstName: 'Sec', lastName: 'Ret' }, password, recoveryQuestion: { question: 'Q?', answer } } },
      ),
    ).createUser;
    expect(created.userErrors).toEqual([]);
    const weak = ok(await stack.gql('mutation($input: CreateUserInput!) { createUser(input: $input) { userErrors { code } } }', {
      input: { profile: { login: newLogin(), email: 'w@example.com', firstName: 'W', lastName: 'K' }, password: 'nouppercaseordigitshere' },
    })).createUser;
    expect(weak.userErrors.map((e: any) => e.code)).toEqual(['PASSWORD_POLICY']);
    const staged = await simUser(stack, 'STAGED', { password: false });
    const activated = ok(await stack.gql('mutation($id: ID!) { activateUser(input: { id: $id, sendEmail: false }) { activationUrl } }', { id: staged.id })).activateUser;
    const reset = ok(await stack.gql('mutation($id: ID!) { resetUserPassword(input: { id: $id, sendEmail: false }) { resetPasswordUrl } }', { id: created.user.id })).resetUserPassword;
    expect(activated.activationUrl).toEqual(expect.any(String));
    expect(reset.resetPasswordUrl).toEqual(expect.any(String));

    const record = await stack.app.services.store.getConnection('dev-tenant', 'dev-user');
    const access = stack.app.services.connections.open(record!, 'access_token');
    const refresh = stack.app.services.connections.open(record!, 'refresh_token');
    const secrets = [
      password,
      answer,
      'nouppercaseordigitshere',
      activated.activationUrl,
      activated.activationUrl.split('/').pop(),
      reset.resetPasswordUrl,
      reset.resetPasswordUrl.split('/').pop(),
      access,
      refresh,
      stack.client!.clientSecret,
    ];
    const all = stack.logs.join('\n');
    for (const secret of secrets) {
      expect(secret).toEqual(expect.any(String));
      expect(all).not.toContain(secret);
    }
  });
});

describe('read-back', () => {
  beforeAll(async () => {
    await connectAs('admin@example.com');
  });

  test('payloads and later reads come from Okta\'s by-id endpoints, not from its lagging search index', async () => {
    await stack.configureSim({ searchLagMs: 60_000 });
    const login = newLogin();
    const res = await stack.gql(
      `mutation($input: CreateUserInput!, $n: String!) {
        createUser(input: $input) { user { id status profile { title } } userErrors { code } }
        createGroup(input: { name: $n }) { group { id profile { name } } userErrors { code } }
      }`,
      { input: { profile: { login, email: login, firstName: 'Lag', lastName: 'Free', title: 'First' }, password: PASSWORD }, n: uniq('Lag free') },
    );
    const data = ok(res);
    const userId = data.createUser.user.id;
    const groupId = data.createGroup.group.id;
    const second = ok(
      await stack.gql(
        `mutation($u: ID!, $g: ID!) {
          updateUser(input: { id: $u, profile: { title: "Second" } }) { user { profile { title } } }
          addUserToGroup(input: { groupId: $g, userId: $u }) { group { members { nodes { id profile { title } } } } }
          suspendUser(input: { id: $u }) { user { status profile { title } } }
        }`,
        { u: userId, g: groupId },
      ),
    );
    expect(second.updateUser.user.profile.title).toBe('Second');
    expect(second.addUserToGroup.group.members.nodes).toEqual([{ id: userId, profile: { title: 'Second' } }]);
    expect(second.suspendUser.user).toEqual({ status: 'SUSPENDED', profile: { title: 'Second' } });
    const reread = ok(await stack.gql('query($u: ID!, $g: ID!) { user(id: $u) { status profile { title } } group(id: $g) { members { nodes { id } } } }', { u: userId, g: groupId }));
    expect(reread.user).toEqual({ status: 'SUSPENDED', profile: { title: 'Second' } });
    expect(reread.group.members.nodes).toEqual([{ id: userId }]);

    // A group created a moment ago is not in the lagging search index yet: createUser still finds it.
    const other = newLogin();
    const withGroup = ok(
      await stack.gql('mutation($input: CreateUserInput!) { createUser(input: $input) { user { id groups { nodes { id } } } userErrors { code field } } }', {
        input: { profile: { login: other, email: other, firstName: 'In', lastName: 'Group' }, groupIds: [groupId] },
      }),
    ).createUser;
    expect(withGroup.userErrors).toEqual([]);
    expect(withGroup.user.groups.nodes.map((g: any) => g.id)).toContain(groupId);
  });

  test('the object after the write is read once, however many aliases select it', async () => {
    const user = await simUser(stack);
    await stack.resetSim();
    const res = await stack.gql('mutation($id: ID!) { suspendUser(input: { id: $id }) { a: user { id } b: user { status } userErrors { code } } }', { id: user.id });
    expect(ok(res).suspendUser).toEqual({ a: { id: user.id }, b: { status: 'SUSPENDED' }, userErrors: [] });
    expect((await stack.stats()).byRoute).toEqual({ 'POST /api/v1/users/{id}/lifecycle/suspend': 1, 'GET /api/v1/users/{id}': 1 });
  });
});

describe('Okta tokens expiring or revoked under a mutation', () => {
  beforeAll(async () => {
    await connectAs('admin@example.com');
  });

  async function oauthControl(path: string, body: unknown): Promise<void> {
    const res = await fetch(`${stack.sim.url}/__simulator/oauth/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
  }

  test('an access token Okta expired early is refreshed and the write is made once', async () => {
    const user = await simUser(stack);
    await oauthControl('expire', { clientId: stack.client!.clientId });
    await stack.resetSim();
    const res = await stack.gql('mutation($id: ID!) { suspendUser(input: { id: $id }) { user { status } userErrors { code } } }', { id: user.id });
    expect(ok(res).suspendUser).toEqual({ user: { status: 'SUSPENDED' }, userErrors: [] });
    expect(await logEventsAbout(stack, user.id, ['user.lifecycle.suspend'])).toHaveLength(1);
    // The refused attempt (401) and the one Okta carried out.
    expect((await stack.stats()).byRoute['POST /api/v1/users/{id}/lifecycle/suspend']).toBe(2);
  });

  test('a revoked grant is a top-level OKTA_RECONNECT_REQUIRED; nothing changes', async () => {
    const user = await simUser(stack);
    await oauthControl('revoke', { clientId: stack.client!.clientId });
    const before = snapshot(stack);
    const res = await stack.gql('mutation($id: ID!) { suspendUser(input: { id: $id }) { user { status } } }', { id: user.id });
    expect(res.errors?.[0]?.extensions?.code).toBe('OKTA_RECONNECT_REQUIRED');
    expectUnchanged(stack, before);
  });
});

describe('retries of writes', () => {
  beforeAll(async () => {
    await connectAs('admin@example.com');
  });

  test('a 500 on a create is not retried: one request, top-level OKTA_UNAVAILABLE, audited as an error', async () => {
    await stack.configureSim({ faults: [{ route: 'POST /api/v1/groups', errorRate: 1, errorStatus: 500, times: 1 }] });
    const name = uniq('Five hundred');
    const from = stack.logs.length;
    const res = await stack.gql('mutation($n: String!) { createGroup(input: { name: $n }) { group { id } } }', { n: name });
    expect(res.errors?.[0]?.extensions?.code).toBe('OKTA_UNAVAILABLE');
    expect(res.errors?.[0]?.path).toEqual(['createGroup']);
    expect((await stack.stats()).byRoute['POST /api/v1/groups']).toBe(1);
    expect([...stack.sim.org.groups.all()].some((g) => g.profile.name === name)).toBe(false);
    expect(res.extensions?.okta?.retries).toBe(0);
    const audits = auditsSince(stack, from, 'createGroup');
    expect(audits).toHaveLength(1);
    expect(audits[0].outcome).toBe('error');
  });

  test('a 503 on a lifecycle operation is not retried; the user keeps its status', async () => {
    const user = await simUser(stack);
    await stack.resetSim();
    await stack.configureSim({ faults: [{ route: 'POST /api/v1/users/{id}/lifecycle/suspend', errorRate: 1, errorStatus: 503, times: 1 }] });
    const res = await stack.gql('mutation($id: ID!) { suspendUser(input: { id: $id }) { user { status } } }', { id: user.id });
    expect(res.errors?.[0]?.extensions?.code).toBe('OKTA_UNAVAILABLE');
    expect((await stack.stats()).byRoute['POST /api/v1/users/{id}/lifecycle/suspend']).toBe(1);
    expect(stack.sim.org.users.get(user.id)!.status).toBe('ACTIVE');
  });

  test.each([
    ['createGroup', 'POST /api/v1/groups'],
    ['addUserToGroup', 'PUT /api/v1/groups/{groupId}/users/{userId}'],
  ])('a dropped connection on %s is not retried: one request, OKTA_UNAVAILABLE', async (name, route) => {
    const group = await simGroup(stack);
    const user = await simUser(stack);
    await stack.resetSim();
    await stack.configureSim({ faults: [{ route, resetRate: 1, times: 1 }] });
    const res =
      name === 'createGroup'
        ? await stack.gql('mutation($n: String!) { createGroup(input: { name: $n }) { group { id } } }', { n: uniq('Dropped') })
        : await stack.gql('mutation($g: ID!, $u: ID!) { addUserToGroup(input: { groupId: $g, userId: $u }) { group { id } } }', { g: group.id, u: user.id });
    expect(res.errors?.[0]?.extensions?.code).toBe('OKTA_UNAVAILABLE');
    expect((await stack.stats()).byRoute[route]).toBe(1);
    expect(stack.sim.org.groups.isMember(group.id, user.id)).toBe(false);
  });

  test('the reads of a mutation are retried on a 500; its write is then made once', async () => {
    const group = await simGroup(stack);
    await stack.resetSim();
    await stack.configureSim({ faults: [{ route: 'GET /api/v1/groups/{groupId}', errorRate: 1, errorStatus: 500, times: 1 }] });
    const name = uniq('Read retried');
    const res = await stack.gql('mutation($id: ID!, $n: String!) { updateGroup(input: { id: $id, name: $n }) { group { profile { name } } userErrors { code } } }', { id: group.id, n: name });
    expect(ok(res).updateGroup).toEqual({ group: { profile: { name } }, userErrors: [] });
    const stats = await stack.stats();
    expect(stats.byRoute['GET /api/v1/groups/{groupId}']).toBe(2);
    expect(stats.byRoute['PUT /api/v1/groups/{groupId}']).toBe(1);
  });

  test('a failed read-back does not report a write Okta made as failed', async () => {
    const user = await simUser(stack);
    await stack.resetSim();
    await stack.configureSim({ faults: [{ route: 'GET /api/v1/users/{id}', errorRate: 1, errorStatus: 500, times: 1 + stack.config.okta.maxRetries }] });
    const from = stack.logs.length;
    const res = await stack.gql('mutation($id: ID!) { suspendUser(input: { id: $id }) { user { status } userErrors { code } } }', { id: user.id });
    expect(stack.sim.org.users.get(user.id)!.status).toBe('SUSPENDED');
    expect(res.data?.suspendUser).toEqual(expect.objectContaining({ userErrors: [] }));
    expect(auditsSince(stack, from, 'suspendUser')[0].outcome).toBe('success');
  });

  test('a connection refused before sending is retried, and the write happens once', async () => {
    const name = uniq('Refused once');
    refuse = { method: 'POST', path: /^\/api\/v1\/groups$/, times: 1 };
    const res = await stack.gql('mutation($n: String!) { createGroup(input: { name: $n }) { group { id } userErrors { code } } }', { n: name });
    expect(refuse.times).toBe(0);
    expect(ok(res).createGroup.userErrors).toEqual([]);
    expect(res.extensions?.okta?.retries).toBe(1);
    expect((await stack.stats()).byRoute['POST /api/v1/groups']).toBe(1);
    expect([...stack.sim.org.groups.all()].filter((g) => g.profile.name === name)).toHaveLength(1);
  });

  test('a write timing out is not retried: Okta may still carry it out, and a retry would do it twice', async () => {
    // A second subgraph on the same simulator, with a short per-attempt timeout.
    const quick = await startStack({ simulator: stack.sim, env: { OKTA_REQUEST_TIMEOUT_MS: '400' } });
    try {
      await stack.configureSim({ faults: [{ route: 'POST /api/v1/groups', latencyMs: 700, times: 1 }] });
      const name = uniq('Slow create');
      const res = await quick.gql('mutation($n: String!) { createGroup(input: { name: $n }) { group { id } } }', { n: name });
      expect(res.errors?.[0]?.extensions?.code).toBe('OKTA_TIMEOUT');
      await new Promise((r) => setTimeout(r, 600));
      expect((await stack.stats()).byRoute['POST /api/v1/groups']).toBe(1);
      expect([...stack.sim.org.groups.all()].filter((g) => g.profile.name === name)).toHaveLength(1);
    } finally {
      await quick.close();
    }
  });

  /** Empties the simulator's bucket of `POST /api/v1/groups` (size 3) the way another client would. */
  async function fillGroupsBucket(windowMs: number): Promise<void> {
    const bucket = bucketFor('POST', '/api/v1/groups')!;
    await stack.configureSim({ rateLimit: { windowMs, buckets: { [bucket]: 3 } } });
    for (let i = 0; i < 3; i++) expect((await okta(stack, 'POST', '/api/v1/groups', { profile: { name: uniq('Bucket filler') } })).status).toBe(200);
  }

  test('a 429 is retried once the window passes, and the write happens once', async () => {
    await fillGroupsBucket(1500);
    const name = uniq('After the window');
    const started = Date.now();
    const res = await stack.gql('mutation($n: String!) { createGroup(input: { name: $n }) { group { id profile { name } } userErrors { code } } }', { n: name });
    const payload = ok(res).createGroup;
    expect(payload.userErrors).toEqual([]);
    expect(payload.group.profile.name).toBe(name);
    expect(Date.now() - started).toBeLessThan(4500);
    expect(res.extensions?.okta?.retries).toBe(1);
    // Three fillers, then ours: one refused with 429, one accepted.
    expect((await stack.stats()).byRoute['POST /api/v1/groups']).toBe(5);
    expect([...stack.sim.org.groups.all()].filter((g) => g.profile.name === name)).toHaveLength(1);
  });

  // Last of the file: the subgraph then knows the groups bucket is empty for a minute.
  test('a 429 whose window outlasts the request deadline is a top-level RATE_LIMITED at once; nothing is created', async () => {
    await fillGroupsBucket(60_000);
    const name = uniq('Never');
    const started = Date.now();
    const res = await stack.gql('mutation($n: String!) { createGroup(input: { name: $n }) { group { id } } }', { n: name });
    expect(res.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(res.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(30);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await stack.stats()).byRoute['POST /api/v1/groups']).toBe(4);
    expect([...stack.sim.org.groups.all()].some((g) => g.profile.name === name)).toBe(false);
  });
});
