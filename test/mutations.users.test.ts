/**
 * Issue 6, user mutations: createUser, updateUser, the lifecycle operations and deleteUser, through
 * HTTP GraphQL against the simulator. Expectations come from the simulator's store and its Management
 * API (the Okta side), never from the subgraph's code.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { transition, type LifecycleOp } from '../src/simulator/lifecycle.js';
import type { SimUser, SimUserStatus } from '../src/simulator/store/users.js';
import {
  expectedUser,
  expectUnchanged,
  logEventsAbout,
  newLogin,
  ok,
  okta,
  onlyError,
  PASSWORD,
  simGroup,
  simUser,
  snapshot,
  USER_FIELDS,
} from './helpers/mutations.js';
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

const ERRORS = 'userErrors { code field message }';
const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { ${USER_FIELDS} groups(first: 200) { nodes { id } } } ${ERRORS} } }`;
const UPDATE = `mutation($input: UpdateUserInput!) { updateUser(input: $input) { user { ${USER_FIELDS} } ${ERRORS} } }`;
const DELETE = `mutation($input: DeleteUserInput!) { deleteUser(input: $input) { deletedUserId ${ERRORS} } }`;

/** The GraphQL mutation of each Okta lifecycle operation. */
const MUTATION_OF: Record<LifecycleOp, string> = {
  activate: 'activateUser',
  reactivate: 'reactivateUser',
  deactivate: 'deactivateUser',
  suspend: 'suspendUser',
  unsuspend: 'unsuspendUser',
  unlock: 'unlockUser',
  reset_password: 'resetUserPassword',
  expire_password: 'expireUserPassword',
};
const EXTRA_FIELDS: Record<string, string> = { activateUser: 'activationUrl', reactivateUser: 'activationUrl', resetUserPassword: 'resetPasswordUrl' };

function lifecycleQuery(mutation: string): string {
  const input = { activateUser: 'ActivateUserInput', reactivateUser: 'ReactivateUserInput', deactivateUser: 'DeactivateUserInput', resetUserPassword: 'ResetUserPasswordInput' }[mutation] ?? 'UserLifecycleInput';
  return `mutation($input: ${input}!) { ${mutation}(input: $input) { user { ${USER_FIELDS} } ${EXTRA_FIELDS[mutation] ?? ''} ${ERRORS} } }`;
}

async function lifecycle(mutation: string, input: Record<string, unknown>): Promise<any> {
  const res = await stack.gql(lifecycleQuery(mutation), { input });
  return ok(res)[mutation];
}

function stored(id: string): SimUser | undefined {
  return stack.sim.org.users.get(id);
}

function expectNotLogged(...secrets: Array<string | null | undefined>) {
  const all = stack.logs.join('\n');
  for (const secret of secrets) if (secret) expect(all).not.toContain(secret);
}

describe('createUser', () => {
  test('activated with a password and a recovery question: ACTIVE, as Okta stored it, in the given group, which a later field lists', async () => {
    const group = await simGroup(stack);
    const login = newLogin();
    const answer = 'Sparkling water, no ice';
    const res = await stack.gql(CREATE, {
      input: {
        profile: { login, email: login, firstName: 'Nadia', lastName: 'Create', title: 'Tester', customAttributes: { githubUsername: 'nadia-c', badgeNumber: 4242 } },
        password: PASSWORD,
        recoveryQuestion: { question: 'Favourite drink?', answer },
        groupIds: [group.id],
      },
    });
    const payload = ok(res).createUser;
    expect(payload.userErrors).toEqual([]);
    const user = stack.sim.org.users.get(login)!;
    expect(user).toBeDefined();
    expect(user.status).toBe('ACTIVE');
    expect(user.hasPassword).toBe(true);
    expect(user.recoveryQuestion).toBe('Favourite drink?');
    expect(user.profile).toEqual(expect.objectContaining({ title: 'Tester', githubUsername: 'nadia-c', badgeNumber: 4242 }));
    const { groups, ...rest } = payload.user;
    expect(rest).toEqual(expectedUser(user));
    // The membership Okta made is visible to a later field of the same operation.
    expect(groups.nodes.map((g: any) => g.id)).toEqual(stack.sim.org.groups.groupsOf(user.id));
    expect(groups.nodes.map((g: any) => g.id)).toContain(group.id);
    expect(stack.sim.org.groups.isMember(group.id, user.id)).toBe(true);
    expect((await stack.stats()).byRoute['POST /api/v1/users']).toBe(1);

    const events = (await logEventsAbout(stack, user.id)).map((e) => e.eventType);
    expect(events).toEqual(expect.arrayContaining(['user.lifecycle.create', 'user.lifecycle.activate', 'group.user_membership.add']));
    expectNotLogged(PASSWORD, answer);
  });

  test('without a password an activated user is PROVISIONED; with activate: false it is STAGED', async () => {
    const a = newLogin();
    const provisioned = ok(await stack.gql(CREATE, { input: { profile: { login: a, email: a, firstName: 'Pia', lastName: 'Prov' } } })).createUser;
    expect(provisioned.userErrors).toEqual([]);
    expect(provisioned.user).toEqual(expect.objectContaining(expectedUser(stack.sim.org.users.get(a)!)));
    expect(provisioned.user.status).toBe('PROVISIONED');

    const b = newLogin();
    const staged = ok(await stack.gql(CREATE, { input: { profile: { login: b, email: b, firstName: 'Stan', lastName: 'Staged' }, password: PASSWORD, activate: false } })).createUser;
    expect(staged.userErrors).toEqual([]);
    expect(staged.user.status).toBe('STAGED');
    expect(staged.user).toEqual(expect.objectContaining(expectedUser(stack.sim.org.users.get(b)!)));
    const types = (await logEventsAbout(stack, staged.user.id)).map((e) => e.eventType);
    expect(types).toContain('user.lifecycle.create');
    expect(types).not.toContain('user.lifecycle.activate');
  });

  test('Okta validation errors become userErrors on the input fields, with codes, and nothing is created', async () => {
    const taken = stack.sim.org.users.get('admin@example.com')!.profile.login;
    const before = snapshot(stack);
    const res = await stack.gql(CREATE, {
      input: {
        profile: { login: taken, email: 'not-an-email', firstName: 'Val', lastName: 'Idation', customAttributes: { nested: { no: 'objects' } } },
        password: 'alllowercaseandlong',
        recoveryQuestion: { question: 'Colour?', answer: 'r' },
      },
    });
    const payload = ok(res).createUser;
    expect(payload.user).toBeNull();
    const byField = new Map(payload.userErrors.map((e: any) => [JSON.stringify(e.field), e]));
    expect(byField.get(JSON.stringify(['input', 'profile', 'login']))).toEqual(expect.objectContaining({ code: 'ALREADY_EXISTS' }));
    expect(byField.get(JSON.stringify(['input', 'profile', 'email']))).toEqual(expect.objectContaining({ code: 'INVALID' }));
    expect(byField.get(JSON.stringify(['input', 'profile', 'customAttributes', 'nested']))).toEqual(expect.objectContaining({ code: 'INVALID' }));
    expect(byField.get(JSON.stringify(['input', 'password']))).toEqual(expect.objectContaining({ code: 'PASSWORD_POLICY' }));
    const recovery = payload.userErrors.find((e: any) => e.field?.[1] === 'recoveryQuestion');
    expect(recovery).toEqual(expect.objectContaining({ code: 'INVALID' }));
    expect(recovery.message).toMatch(/at least 4 characters/);
    expect(payload.userErrors).toHaveLength(5);
    expectUnchanged(stack, before);
    expect((await stack.stats()).byRoute['POST /api/v1/users']).toBe(1);
    expectNotLogged('alllowercaseandlong');
  });

  test('a malformed login is INVALID on input.profile.login', async () => {
    const before = snapshot(stack);
    const payload = ok(await stack.gql(CREATE, { input: { profile: { login: 'no-at-sign', email: 'x@example.com', firstName: 'A', lastName: 'B' } } })).createUser;
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'INVALID', field: ['input', 'profile', 'login'] }));
    expectUnchanged(stack, before);
  });

  test('a required attribute Okta finds missing or blank is REQUIRED on its field', async () => {
    const before = snapshot(stack);
    const login = newLogin();
    const payload = ok(await stack.gql(CREATE, { input: { profile: { login, email: '', lastName: 'Nofirst' } } })).createUser;
    expect(payload.user).toBeNull();
    expect(payload.userErrors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'REQUIRED', field: ['input', 'profile', 'firstName'] }),
        expect.objectContaining({ code: 'REQUIRED', field: ['input', 'profile', 'email'] }),
      ]),
    );
    expectUnchanged(stack, before);
  });

  test('what the subgraph can tell without Okta costs no Okta call', async () => {
    const cases: Array<[Record<string, unknown>, string, string[]]> = [
      [{ profile: { login: '  ', email: 'a@example.com', firstName: 'A', lastName: 'B' } }, 'REQUIRED', ['input', 'profile', 'login']],
      [{ profile: { login: newLogin(), email: 'a@example.com', firstName: 'A', lastName: 'B' }, password: '' }, 'INVALID', ['input', 'password']],
      [{ profile: { login: newLogin(), email: 'a@example.com', firstName: 'A', lastName: 'B' }, groupIds: [] }, 'INVALID', ['input', 'groupIds']],
      [{ profile: { login: newLogin(), email: 'a@example.com', firstName: 'A', lastName: 'B', customAttributes: { email: 'b@example.com' } } }, 'INVALID', ['input', 'profile', 'customAttributes', 'email']],
    ];
    const before = snapshot(stack);
    for (const [input, code, field] of cases) {
      const payload = ok(await stack.gql(CREATE, { input })).createUser;
      expect({ input, errors: payload.userErrors }).toEqual({ input, errors: [expect.objectContaining({ code, field })] });
      expect(payload.user).toBeNull();
    }
    expect((await stack.stats()).total).toBe(0);
    expectUnchanged(stack, before);
  });

  test('an unknown group id is NOT_FOUND and no user is created', async () => {
    const before = snapshot(stack);
    const login = newLogin();
    const payload = ok(await stack.gql(CREATE, { input: { profile: { login, email: login, firstName: 'G', lastName: 'Ghost' }, password: PASSWORD, groupIds: ['00gDOESNOTEXIST00000'] } })).createUser;
    expect(payload.user).toBeNull();
    expect(onlyError(payload).code).toBe('NOT_FOUND');
    expectUnchanged(stack, before);
  });

  test('the NOT_FOUND of an unknown group id points at input.groupIds', async () => {
    const login = newLogin();
    const payload = ok(await stack.gql(CREATE, { input: { profile: { login, email: login, firstName: 'G', lastName: 'Ghost' }, groupIds: ['00gDOESNOTEXIST00000'] } })).createUser;
    expect(onlyError(payload).field?.slice(0, 2)).toEqual(['input', 'groupIds']);
  });

  test('an app group in groupIds is a NOT_ALLOWED userError, and no user is created', async () => {
    const appGroup = [...stack.sim.org.groups.all()].find((g) => g.type === 'APP_GROUP')!;
    const before = snapshot(stack);
    const login = newLogin();
    const res = await stack.gql(CREATE, { input: { profile: { login, email: login, firstName: 'A', lastName: 'Group' }, password: PASSWORD, groupIds: [appGroup.id] } });
    const payload = ok(res).createUser;
    expect(payload.user).toBeNull();
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'NOT_ALLOWED' }));
    expect(onlyError(payload).field?.slice(0, 2)).toEqual(['input', 'groupIds']);
    expectUnchanged(stack, before);
  });

  test('naming the built-in Everyone group in groupIds: either Okta\'s no-op, or a NOT_ALLOWED userError with nothing created', async () => {
    // Okta puts every user in Everyone anyway; the issue refuses changes to built-in groups. Both
    // readings are fair; what is not is a top-level error or a half-made user.
    const everyone = stack.sim.org.groups.everyoneId!;
    const login = newLogin();
    const before = snapshot(stack);
    const payload = ok(await stack.gql(CREATE, { input: { profile: { login, email: login, firstName: 'E', lastName: 'Veryone' }, password: PASSWORD, groupIds: [everyone] } })).createUser;
    if (payload.userErrors.length === 0) {
      expect(payload.user.groups.nodes.map((g: any) => g.id)).toEqual([everyone]);
      expect(stack.sim.org.users.get(login)).toBeDefined();
    } else {
      expect(onlyError(payload).code).toBe('NOT_ALLOWED');
      expect(onlyError(payload).field?.slice(0, 2)).toEqual(['input', 'groupIds']);
      expect(payload.user).toBeNull();
      expectUnchanged(stack, before);
    }
  });
});

describe('updateUser', () => {
  test('a partial update by login changes only the given attributes (custom ones too) and returns the user as Okta has it', async () => {
    const user = await simUser(stack, 'ACTIVE', { profile: { title: 'Before', department: 'Legal', githubUsername: 'old-gh', badgeNumber: 7 } });
    const payload = ok(
      await stack.gql(UPDATE, { input: { id: user.profile.login, profile: { title: 'After', mobilePhone: '+1-555-000-1111', customAttributes: { githubUsername: 'new-gh', badgeNumber: null } } } }),
    ).updateUser;
    expect(payload.userErrors).toEqual([]);
    const after = stored(user.id)!;
    expect(after.profile).toEqual(expect.objectContaining({ title: 'After', department: 'Legal', firstName: 'Quinn', mobilePhone: '+1-555-000-1111', githubUsername: 'new-gh' }));
    expect(after.profile.badgeNumber ?? null).toBeNull();
    expect(payload.user).toEqual(expectedUser(after));
    expect((await stack.stats()).byRoute['POST /api/v1/users/{id}']).toBe(1);
    const events = await logEventsAbout(stack, user.id, ['user.account.update_profile']);
    expect(events).toHaveLength(1);
  });

  test('in one operation, a later field reads the updated user, not the copy an earlier field loaded', async () => {
    const user = await simUser(stack, 'ACTIVE', { profile: { title: 'Old title' } });
    const app = [...stack.sim.org.apps.all()].find((a) => a.status === 'ACTIVE')!;
    const res = await stack.gql(
      `mutation($app: ID!, $user: ID!) {
        a: assignUserToApplication(input: { applicationId: $app, userId: $user }) { assignment { user { profile { title } } } userErrors { code } }
        b: updateUser(input: { id: $user, profile: { title: "New title" } }) { user { profile { title } } userErrors { code } }
        c: assignUserToApplication(input: { applicationId: $app, userId: $user, userName: "renamed" }) { assignment { userName user { profile { title } } } userErrors { code } }
      }`,
      { app: app.id, user: user.id },
    );
    const data = ok(res);
    expect(data.a.assignment.user.profile.title).toBe('Old title');
    expect(data.b.user.profile.title).toBe('New title');
    expect(data.c.assignment).toEqual({ userName: 'renamed', user: { profile: { title: 'New title' } } });
  });

  test('Okta validation errors land on the profile fields; nothing changes', async () => {
    const user = await simUser(stack);
    const taken = stack.sim.org.users.get('org.admin@example.com')!.profile.login;
    const before = snapshot(stack);
    const payload = ok(await stack.gql(UPDATE, { input: { id: user.id, profile: { login: taken, secondEmail: 'nope' } } })).updateUser;
    expect(payload.user).toBeNull();
    expect(payload.userErrors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'ALREADY_EXISTS', field: ['input', 'profile', 'login'] }),
        expect.objectContaining({ code: 'INVALID', field: ['input', 'profile', 'secondEmail'] }),
      ]),
    );
    expect(payload.userErrors).toHaveLength(2);
    expectUnchanged(stack, before);
  });

  test('blanking a required attribute is REQUIRED on its field', async () => {
    const user = await simUser(stack);
    const before = snapshot(stack);
    const payload = ok(await stack.gql(UPDATE, { input: { id: user.id, profile: { lastName: '' } } })).updateUser;
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'REQUIRED', field: ['input', 'profile', 'lastName'] }));
    expectUnchanged(stack, before);
  });

  test('nothing to change, or a base attribute among the custom ones, is refused without calling Okta', async () => {
    const user = await simUser(stack);
    await stack.resetSim();
    const empty = ok(await stack.gql(UPDATE, { input: { id: user.id, profile: {} } })).updateUser;
    expect(onlyError(empty)).toEqual(expect.objectContaining({ code: 'REQUIRED', field: ['input', 'profile'] }));
    const base = ok(await stack.gql(UPDATE, { input: { id: user.id, profile: { customAttributes: { login: 'x@example.com' } } } })).updateUser;
    expect(onlyError(base)).toEqual(expect.objectContaining({ code: 'INVALID', field: ['input', 'profile', 'customAttributes', 'login'] }));
    expect((await stack.stats()).total).toBe(0);
  });

  test('an unknown user is NOT_FOUND on input.id', async () => {
    const before = snapshot(stack);
    const payload = ok(await stack.gql(UPDATE, { input: { id: '00uNOSUCHUSER0000000', profile: { title: 'x' } } })).updateUser;
    expect(payload.user).toBeNull();
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'id'] }));
    expectUnchanged(stack, before);
  });
});

describe('lifecycle operations', () => {
  const legal: Array<{ name: string; from: SimUserStatus; password?: boolean; mutation: string; input: Record<string, unknown>; to: SimUserStatus; event: string; url?: 'activationUrl' | 'resetPasswordUrl' | 'none'; byLogin?: boolean }> = [
    { name: 'activate a staged user without password, link returned', from: 'STAGED', password: false, mutation: 'activateUser', input: { sendEmail: false }, to: 'PROVISIONED', event: 'user.lifecycle.activate', url: 'activationUrl' },
    { name: 'activate a staged user with a password, link emailed', from: 'STAGED', mutation: 'activateUser', input: { sendEmail: true }, to: 'ACTIVE', event: 'user.lifecycle.activate', url: 'none' },
    { name: 'activate (default: email) a deactivated user', from: 'DEPROVISIONED', mutation: 'activateUser', input: {}, to: 'PROVISIONED', event: 'user.lifecycle.activate', url: 'none' },
    { name: 'reactivate a provisioned user (default: link returned)', from: 'PROVISIONED', mutation: 'reactivateUser', input: {}, to: 'PROVISIONED', event: 'user.lifecycle.reactivate', url: 'activationUrl' },
    { name: 'reactivate with sendEmail', from: 'PROVISIONED', mutation: 'reactivateUser', input: { sendEmail: true }, to: 'PROVISIONED', event: 'user.lifecycle.reactivate', url: 'none' },
    { name: 'deactivate an active user', from: 'ACTIVE', mutation: 'deactivateUser', input: {}, to: 'DEPROVISIONED', event: 'user.lifecycle.deactivate', byLogin: true },
    { name: 'suspend an active user', from: 'ACTIVE', mutation: 'suspendUser', input: {}, to: 'SUSPENDED', event: 'user.lifecycle.suspend' },
    { name: 'unsuspend a suspended user', from: 'SUSPENDED', mutation: 'unsuspendUser', input: {}, to: 'ACTIVE', event: 'user.lifecycle.unsuspend' },
    { name: 'unlock a locked-out user', from: 'LOCKED_OUT', mutation: 'unlockUser', input: {}, to: 'ACTIVE', event: 'user.account.unlock_by_admin' },
    { name: 'reset a password, link returned', from: 'ACTIVE', mutation: 'resetUserPassword', input: { sendEmail: false }, to: 'RECOVERY', event: 'user.account.reset_password', url: 'resetPasswordUrl' },
    { name: 'reset a password, link emailed', from: 'ACTIVE', mutation: 'resetUserPassword', input: { sendEmail: true }, to: 'RECOVERY', event: 'user.account.reset_password', url: 'none' },
    { name: 'expire a password', from: 'ACTIVE', mutation: 'expireUserPassword', input: {}, to: 'PASSWORD_EXPIRED', event: 'user.account.expire_password', byLogin: true },
  ];

  test.each(legal)('$name: $from → $to, read back from Okta, with its System Log event', async (c) => {
    const user = await simUser(stack, c.from, c.password === undefined ? {} : { password: c.password });
    await stack.resetSim();
    const payload = await lifecycle(c.mutation, { id: c.byLogin ? user.profile.login : user.id, ...c.input });
    expect(payload.userErrors).toEqual([]);
    const after = stored(user.id)!;
    expect(after.status).toBe(c.to);
    expect(payload.user).toEqual(expectedUser(after));
    if (c.url === 'none') expect(payload[EXTRA_FIELDS[c.mutation]!]).toBeNull();
    if (c.url && c.url !== 'none') {
      const link: string = payload[c.url];
      expect(link).toEqual(expect.stringMatching(new RegExp(`^${stack.sim.url}/`)));
      const token = link.split('/').pop()!;
      expect(token.length).toBeGreaterThan(10);
      // One-time links are for the user only: never in our logs.
      expectNotLogged(link, token);
    }
    const op = Object.entries(MUTATION_OF).find(([, m]) => m === c.mutation)![0];
    const stats = await stack.stats();
    expect(stats.byRoute[`POST /api/v1/users/{id}/lifecycle/${op}`]).toBe(1);
    const events = await logEventsAbout(stack, user.id, [c.event]);
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.at(-1)!.targets.map((t: any) => t.id)).toContain(user.id);
  });

  test('unlocking an active user succeeds and leaves it ACTIVE (Okta clears unknown-device blocks)', async () => {
    const user = await simUser(stack, 'ACTIVE');
    const payload = await lifecycle('unlockUser', { id: user.id });
    expect(payload.userErrors).toEqual([]);
    expect(payload.user).toEqual(expectedUser(stored(user.id)!));
    expect(payload.user.status).toBe('ACTIVE');
  });

  describe('every transition the simulated Okta refuses is INVALID_STATE with Okta\'s reason, and changes nothing', () => {
    const STATUSES: SimUserStatus[] = ['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED'];
    const OPS = Object.keys(MUTATION_OF) as LifecycleOp[];
    const users = new Map<SimUserStatus, SimUser>();
    beforeAll(async () => {
      for (const status of STATUSES) users.set(status, await simUser(stack, status));
    });

    // The (operation, status) pairs the simulator refuses, for users made by `simUser` (a password
    // unless PROVISIONED); each test re-checks against the stored user.
    const pairs = OPS.flatMap((op) => STATUSES.map((status) => ({ op, status, mutation: MUTATION_OF[op] }))).filter(
      ({ op, status }) => 'refused' in transition(op, { status, hasPassword: status !== 'PROVISIONED' } as SimUser),
    );

    test.each(pairs)('$mutation on a $status user', async ({ op, status, mutation }) => {
      const user = users.get(status)!;
      const outcome = transition(op, stack.sim.org.users.get(user.id)!);
      if (!('refused' in outcome)) throw new Error(`the simulator allows ${op} on this ${status} user`);
      const refusal = outcome.refused().body as { errorSummary: string; errorCauses: Array<{ errorSummary: string }> };
      const reason = refusal.errorCauses[0]?.errorSummary.replace(/^status:\s*/, '') ?? refusal.errorSummary;
      const before = snapshot(stack);
      const payload = await lifecycle(mutation, { id: user.id, ...(EXTRA_FIELDS[mutation] ? { sendEmail: false } : {}) });
      expect(payload.user).toBeNull();
      const error = onlyError(payload);
      expect(error.code).toBe('INVALID_STATE');
      expect(error.message).toContain(reason);
      if (EXTRA_FIELDS[mutation]) expect(payload[EXTRA_FIELDS[mutation]!]).toBeNull();
      expectUnchanged(stack, before);
    });
  });

  test.each(Object.values(MUTATION_OF))('%s of an unknown user is NOT_FOUND on input.id', async (mutation) => {
    const before = snapshot(stack);
    const payload = await lifecycle(mutation, { id: '00uNOSUCHUSER0000000' });
    expect(payload.user).toBeNull();
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'id'] }));
    expectUnchanged(stack, before);
  });

  test('two lifecycle mutations in one operation: the second sees the first, and a re-read agrees', async () => {
    const user = await simUser(stack, 'ACTIVE');
    const res = await stack.gql(
      `mutation($id: ID!) {
        a: suspendUser(input: { id: $id }) { user { status } userErrors { code } }
        b: suspendUser(input: { id: $id }) { user { status } userErrors { code } }
        c: unsuspendUser(input: { id: $id }) { user { status } userErrors { code } }
      }`,
      { id: user.id },
    );
    const data = ok(res);
    expect(data.a).toEqual({ user: { status: 'SUSPENDED' }, userErrors: [] });
    expect(data.b.user).toBeNull();
    expect(data.b.userErrors).toEqual([{ code: 'INVALID_STATE' }]);
    expect(data.c).toEqual({ user: { status: 'ACTIVE' }, userErrors: [] });
    const reread = ok(await stack.gql('query($id: ID!) { user(id: $id) { status } }', { id: user.id }));
    expect(reread.user.status).toBe('ACTIVE');
    expect(stored(user.id)!.status).toBe('ACTIVE');
  });
});

describe('deleteUser', () => {
  test('deletes a deactivated user: gone from Okta, from its groups and from later reads', async () => {
    const group = await simGroup(stack);
    const user = await simUser(stack, 'DEPROVISIONED', { groupIds: [group.id] });
    await stack.resetSim();
    const payload = ok(await stack.gql(DELETE, { input: { id: user.id } })).deleteUser;
    expect(payload).toEqual({ deletedUserId: user.id, userErrors: [] });
    expect(stored(user.id)).toBeUndefined();
    expect(stack.sim.org.groups.isMember(group.id, user.id)).toBe(false);
    expect((await stack.stats()).byRoute['DELETE /api/v1/users/{id}']).toBe(1);
    const reread = ok(await stack.gql('query($id: ID!, $g: ID!) { user(id: $id) { id } group(id: $g) { members { nodes { id } } } }', { id: user.id, g: group.id }));
    expect(reread.user).toBeNull();
    expect(reread.group.members.nodes).toEqual([]);
    const types = (await logEventsAbout(stack, user.id)).map((e) => e.eventType);
    expect(types).toEqual(expect.arrayContaining(['user.lifecycle.delete.initiated', 'user.lifecycle.delete.completed']));
  });

  test('by login', async () => {
    const user = await simUser(stack, 'DEPROVISIONED');
    const payload = ok(await stack.gql(DELETE, { input: { id: user.profile.login } })).deleteUser;
    expect(payload).toEqual({ deletedUserId: user.id, userErrors: [] });
    expect(stored(user.id)).toBeUndefined();
  });

  test.each(['ACTIVE', 'SUSPENDED', 'STAGED'] as SimUserStatus[])('a %s user is INVALID_STATE, not silently deactivated; nothing changes', async (status) => {
    const user = await simUser(stack, status);
    await stack.resetSim();
    const before = snapshot(stack);
    const payload = ok(await stack.gql(DELETE, { input: { id: user.id } })).deleteUser;
    expect(payload.deletedUserId).toBeNull();
    const error = onlyError(payload);
    expect(error.code).toBe('INVALID_STATE');
    expect(error.message).toContain(status);
    expectUnchanged(stack, before);
    expect(stored(user.id)!.status).toBe(status);
    expect((await stack.stats()).byRoute['DELETE /api/v1/users/{id}']).toBeUndefined();
  });

  test('deactivateFirst: true deactivates then deletes, both in the System Log', async () => {
    const user = await simUser(stack, 'SUSPENDED');
    await stack.resetSim();
    const payload = ok(await stack.gql(DELETE, { input: { id: user.id, deactivateFirst: true } })).deleteUser;
    expect(payload).toEqual({ deletedUserId: user.id, userErrors: [] });
    expect(stored(user.id)).toBeUndefined();
    const stats = await stack.stats();
    expect(stats.byRoute['POST /api/v1/users/{id}/lifecycle/deactivate']).toBe(1);
    expect(stats.byRoute['DELETE /api/v1/users/{id}']).toBe(1);
    const types = (await logEventsAbout(stack, user.id)).map((e) => e.eventType);
    expect(types).toEqual(expect.arrayContaining(['user.lifecycle.deactivate', 'user.lifecycle.delete.completed']));
  });

  test('deactivateFirst on a user already deactivated makes no deactivate call', async () => {
    const user = await simUser(stack, 'DEPROVISIONED');
    await stack.resetSim();
    const payload = ok(await stack.gql(DELETE, { input: { id: user.id, deactivateFirst: true } })).deleteUser;
    expect(payload).toEqual({ deletedUserId: user.id, userErrors: [] });
    expect((await stack.stats()).byRoute['POST /api/v1/users/{id}/lifecycle/deactivate']).toBeUndefined();
  });

  test('an unknown user is NOT_FOUND on input.id', async () => {
    const before = snapshot(stack);
    const payload = ok(await stack.gql(DELETE, { input: { id: '00uNOSUCHUSER0000000', deactivateFirst: true } })).deleteUser;
    expect(payload.deletedUserId).toBeNull();
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'id'] }));
    expectUnchanged(stack, before);
  });

  test('deactivate then delete in one operation; a re-read finds nothing', async () => {
    const user = await simUser(stack, 'ACTIVE');
    const res = await stack.gql(
      `mutation($id: ID!) {
        a: deactivateUser(input: { id: $id }) { user { status } userErrors { code } }
        b: deleteUser(input: { id: $id }) { deletedUserId userErrors { code } }
      }`,
      { id: user.id },
    );
    const data = ok(res);
    expect(data.a).toEqual({ user: { status: 'DEPROVISIONED' }, userErrors: [] });
    expect(data.b).toEqual({ deletedUserId: user.id, userErrors: [] });
    expect(ok(await stack.gql('query($id: ID!) { user(id: $id) { id } }', { id: user.id })).user).toBeNull();
  });
});

test('the simulator answers a direct activation of an active user the way the INVALID_STATE cases assume', async () => {
  // Guards the expectation source: the simulator itself refuses, so the userError is Okta's, not ours.
  const user = await simUser(stack, 'ACTIVE');
  const res = await okta(stack, 'POST', `/api/v1/users/${user.id}/lifecycle/activate?sendEmail=false`);
  expect(res.status).toBe(403);
  expect(res.body.errorCode).toBe('E0000016');
});
