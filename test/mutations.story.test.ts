/**
 * Issue 6, the full story through GraphQL only: create a user, put them in a group, give the group an
 * app, see the app on the user's dashboard, suspend, unsuspend, deactivate, delete — checking the
 * state after each step with queries, against the simulator's store and System Log.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { expectedGroup, expectedUser, GROUP_FIELDS, logEventsAbout, newLogin, ok, okta, PASSWORD, uniq, USER_FIELDS } from './helpers/mutations.js';
import { startStack, type Stack } from './helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});

const ERRORS = 'userErrors { code field message }';
/** The user's dashboard links as Okta lists them, in the selection of {@link READ_USER}. */
async function oktaLinks(userId: string) {
  const res = await okta(stack, 'GET', `/api/v1/users/${userId}/appLinks`);
  expect(res.status).toBe(200);
  return (res.body as any[]).map((l) => ({ appInstanceId: l.appInstanceId, label: l.label, appName: l.appName }));
}

const READ_USER = `query($id: ID!) { user(id: $id) { ${USER_FIELDS} groups(first: 200) { nodes { id } } applications { appInstanceId label appName } } }`;

test('create → group → app → dashboard → suspend → unsuspend → deactivate → delete', async () => {
  const org = () => stack.sim.org;
  const login = newLogin();

  // 1. Create an active user.
  const created = ok(
    await stack.gql(`mutation($input: CreateUserInput!) { createUser(input: $input) { user { id status } ${ERRORS} } }`, {
      input: { profile: { login, email: login, firstName: 'Story', lastName: 'Teller', department: 'Support' }, password: PASSWORD },
    }),
  ).createUser;
  expect(created.userErrors).toEqual([]);
  const userId: string = created.user.id;
  expect(org().users.get(userId)!.status).toBe('ACTIVE');
  const read = async () => ok(await stack.gql(READ_USER, { id: userId })).user;
  let user = await read();
  const { groups: _g0, applications: apps0, ...fields0 } = user;
  expect(fields0).toEqual(expectedUser(org().users.get(userId)!));
  // Apps the org gives everyone are already there, as Okta lists them.
  expect(apps0).toEqual(await oktaLinks(userId));

  // 2. A new group, and the user in it.
  const name = uniq('Story group');
  const group = ok(await stack.gql(`mutation($n: String!) { createGroup(input: { name: $n, description: "The story's group" }) { group { id } ${ERRORS} } }`, { n: name })).createGroup;
  expect(group.userErrors).toEqual([]);
  const groupId: string = group.group.id;
  const added = ok(
    await stack.gql(`mutation($g: ID!, $u: ID!) { addUserToGroup(input: { groupId: $g, userId: $u }) { group { ${GROUP_FIELDS} members { nodes { id } } } ${ERRORS} } }`, { g: groupId, u: userId }),
  ).addUserToGroup;
  expect(added.userErrors).toEqual([]);
  const { members, ...groupFields } = added.group;
  expect(groupFields).toEqual(expectedGroup(org().groups.get(groupId)!));
  expect(members.nodes).toEqual([{ id: userId }]);
  user = await read();
  expect(user.groups.nodes.map((g: any) => g.id)).toEqual(org().groups.groupsOf(userId));
  expect(user.groups.nodes.map((g: any) => g.id)).toContain(groupId);

  // 3. The group gets an active app with a dashboard link: the app appears among the user's links.
  const app = [...org().apps.all()].find(
    (a) =>
      a.status === 'ACTIVE' &&
      !(a.visibility.hide as any)?.web &&
      Object.values((a.visibility.appLinks as Record<string, boolean>) ?? {}).filter(Boolean).length === 1 &&
      !apps0.some((l: any) => l.appInstanceId === a.id),
  )!;
  const assigned = ok(
    await stack.gql(`mutation($a: ID!, $g: ID!) { assignGroupToApplication(input: { applicationId: $a, groupId: $g }) { assignment { id priority group { id profile { name } } } ${ERRORS} } }`, {
      a: app.id,
      g: groupId,
    }),
  ).assignGroupToApplication;
  expect(assigned.userErrors).toEqual([]);
  expect(assigned.assignment.group).toEqual({ id: groupId, profile: { name } });
  expect(org().apps.groupAssignment(app.id, groupId)).toBeDefined();
  user = await read();
  expect(user.applications).toEqual(await oktaLinks(userId));
  expect(user.applications).toContainEqual({ appInstanceId: app.id, label: app.label, appName: app.name });
  expect(user.applications).toHaveLength(apps0.length + 1);
  const appUser = ok(await stack.gql('query($a: ID!) { application(id: $a) { assignedUsers(first: 200) { nodes { id scope } } } }', { a: app.id })).application.assignedUsers.nodes;
  expect(appUser).toContainEqual({ id: userId, scope: 'GROUP' });

  // 4. Suspend, 5. unsuspend, 6. deactivate: each read back through a query.
  for (const [mutation, status] of [
    ['suspendUser', 'SUSPENDED'],
    ['unsuspendUser', 'ACTIVE'],
    ['deactivateUser', 'DEPROVISIONED'],
  ] as const) {
    const payload = ok(await stack.gql(`mutation($id: ID!) { ${mutation}(input: { id: $id }) { user { status } ${ERRORS} } }`, { id: userId }))[mutation];
    expect({ mutation, payload }).toEqual({ mutation, payload: { user: { status }, userErrors: [] } });
    user = await read();
    const { groups: _g, applications: _a, ...fields } = user;
    expect({ mutation, fields }).toEqual({ mutation, fields: expectedUser(org().users.get(userId)!) });
    expect(fields.status).toBe(status);
  }

  // 7. Delete: gone from Okta, from the group and from the app.
  const deleted = ok(await stack.gql(`mutation($id: ID!) { deleteUser(input: { id: $id }) { deletedUserId ${ERRORS} } }`, { id: userId })).deleteUser;
  expect(deleted).toEqual({ deletedUserId: userId, userErrors: [] });
  expect(org().users.get(userId)).toBeUndefined();
  const after = ok(
    await stack.gql('query($id: ID!, $g: ID!, $a: ID!) { user(id: $id) { id } group(id: $g) { members { nodes { id } } } application(id: $a) { assignedUsers(first: 200) { nodes { id } } } }', {
      id: userId,
      g: groupId,
      a: app.id,
    }),
  );
  expect(after.user).toBeNull();
  expect(after.group.members.nodes).toEqual([]);
  expect(after.application.assignedUsers.nodes.map((n: any) => n.id)).not.toContain(userId);

  // The System Log tells the same story, in order.
  const story = (await logEventsAbout(stack, userId)).map((e) => e.eventType);
  const expected = [
    'user.lifecycle.create',
    'user.lifecycle.activate',
    'group.user_membership.add',
    'user.lifecycle.suspend',
    'user.lifecycle.unsuspend',
    'user.lifecycle.deactivate',
    'user.lifecycle.delete.initiated',
    'user.lifecycle.delete.completed',
  ];
  expect(story.filter((t) => expected.includes(t))).toEqual(expected);
  const groupStory = (await logEventsAbout(stack, groupId)).map((e) => e.eventType);
  expect(groupStory).toEqual(expect.arrayContaining(['group.lifecycle.create', 'group.user_membership.add', 'group.application_assignment.add']));
});
