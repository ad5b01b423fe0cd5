/**
 * Issue 6, group mutations: createGroup, updateGroup, deleteGroup, addUserToGroup and
 * removeUserFromGroup through HTTP GraphQL against the simulator; expectations from its store.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import type { SimGroup } from '../src/simulator/store/groups.js';
import {
  expectedGroup,
  expectUnchanged,
  GROUP_FIELDS,
  logEventsAbout,
  ok,
  okta,
  onlyError,
  simAddMember,
  simGroup,
  simUser,
  snapshot,
  uniq,
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
const CREATE = `mutation($input: CreateGroupInput!) { createGroup(input: $input) { group { ${GROUP_FIELDS} members { nodes { id } } } ${ERRORS} } }`;
const UPDATE = `mutation($input: UpdateGroupInput!) { updateGroup(input: $input) { group { ${GROUP_FIELDS} } ${ERRORS} } }`;
const DELETE = `mutation($input: DeleteGroupInput!) { deleteGroup(input: $input) { deletedGroupId ${ERRORS} } }`;
const membership = (name: 'addUserToGroup' | 'removeUserFromGroup') =>
  `mutation($input: GroupMembershipInput!) { ${name}(input: $input) {
    group { ${GROUP_FIELDS} members(first: 200) { nodes { id } } }
    user { id login groups(first: 200) { nodes { id } } }
    ${ERRORS} } }`;

function stored(id: string): SimGroup | undefined {
  return stack.sim.org.groups.get(id);
}
function everyone(): SimGroup {
  return stored(stack.sim.org.groups.everyoneId!)!;
}
function appGroup(): SimGroup {
  return [...stack.sim.org.groups.all()].find((g) => g.type === 'APP_GROUP')!;
}

describe('createGroup', () => {
  test('creates an OKTA_GROUP as Okta stored it; a later field lists its (no) members; System Log event', async () => {
    const name = uniq('Created');
    const payload = ok(await stack.gql(CREATE, { input: { name, description: 'A new group' } })).createGroup;
    expect(payload.userErrors).toEqual([]);
    const group = [...stack.sim.org.groups.all()].find((g) => g.profile.name === name)!;
    expect(group).toBeDefined();
    const { members, ...rest } = payload.group;
    expect(rest).toEqual(expectedGroup(group));
    expect(rest.type).toBe('OKTA_GROUP');
    expect(members.nodes).toEqual([]);
    expect((await stack.stats()).byRoute['POST /api/v1/groups']).toBe(1);
    const events = await logEventsAbout(stack, group.id, ['group.lifecycle.create']);
    expect(events).toHaveLength(1);
    expect(events[0].targets).toEqual([{ id: group.id, type: 'UserGroup' }]);
  });

  test('without a description, Okta stores none', async () => {
    const name = uniq('Plain');
    const payload = ok(await stack.gql(CREATE, { input: { name } })).createGroup;
    expect(payload.userErrors).toEqual([]);
    expect(payload.group.profile.description).toBeNull();
    expect(stored(payload.group.id)!.profile.description ?? null).toBeNull();
  });

  test('a taken name is ALREADY_EXISTS on input.name — also when taken by the previous field of the same operation', async () => {
    const name = uniq('Twice');
    const res = await stack.gql(
      `mutation($name: String!) {
        a: createGroup(input: { name: $name }) { group { id } ${ERRORS} }
        b: createGroup(input: { name: $name }) { group { id } ${ERRORS} }
      }`,
      { name },
    );
    const data = ok(res);
    expect(data.a.userErrors).toEqual([]);
    expect(data.b.group).toBeNull();
    expect(onlyError(data.b)).toEqual(expect.objectContaining({ code: 'ALREADY_EXISTS', field: ['input', 'name'] }));
    expect([...stack.sim.org.groups.all()].filter((g) => g.profile.name === name)).toHaveLength(1);

    const engineering = [...stack.sim.org.groups.all()].find((g) => g.type === 'OKTA_GROUP')!;
    const before = snapshot(stack);
    const again = ok(await stack.gql(CREATE, { input: { name: engineering.profile.name } })).createGroup;
    expect(onlyError(again)).toEqual(expect.objectContaining({ code: 'ALREADY_EXISTS', field: ['input', 'name'] }));
    expectUnchanged(stack, before);
  });

  test('a name Okta finds too long is INVALID on input.name; nothing is created', async () => {
    const before = snapshot(stack);
    const payload = ok(await stack.gql(CREATE, { input: { name: 'x'.repeat(256) } })).createGroup;
    expect(payload.group).toBeNull();
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'INVALID', field: ['input', 'name'] }));
    expectUnchanged(stack, before);
  });

  test('a blank name is REQUIRED without an Okta call', async () => {
    const payload = ok(await stack.gql(CREATE, { input: { name: '   ' } })).createGroup;
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'REQUIRED', field: ['input', 'name'] }));
    expect((await stack.stats()).total).toBe(0);
  });
});

describe('updateGroup', () => {
  test('renames, keeping the description and custom profile attributes; payload is the group as Okta has it', async () => {
    const group = await simGroup(stack, { description: 'Kept', costCenter: 'CC-42' });
    const name = uniq('Renamed');
    const payload = ok(await stack.gql(UPDATE, { input: { id: group.id, name } })).updateGroup;
    expect(payload.userErrors).toEqual([]);
    const after = stored(group.id)!;
    expect(after.profile).toEqual({ name, description: 'Kept', costCenter: 'CC-42' });
    expect(payload.group).toEqual(expectedGroup(after));
    const events = await logEventsAbout(stack, group.id, ['group.profile.update']);
    expect(events).toHaveLength(1);
  });

  test('in one operation, a later field reads the renamed group, not the copy an earlier field loaded', async () => {
    const group = await simGroup(stack);
    const originalName = group.profile.name;
    const app = [...stack.sim.org.apps.all()].find((a) => a.status === 'ACTIVE')!;
    const res = await stack.gql(
      `mutation($a: ID!, $g: ID!) {
        x: assignGroupToApplication(input: { applicationId: $a, groupId: $g }) { assignment { group { profile { name } } } }
        y: updateGroup(input: { id: $g, name: "Renamed within the operation" }) { group { profile { name } } }
        z: assignGroupToApplication(input: { applicationId: $a, groupId: $g, priority: 0 }) { assignment { priority group { profile { name } } } }
      }`,
      { a: app.id, g: group.id },
    );
    const data = ok(res);
    expect(data.x.assignment.group.profile.name).toBe(originalName);
    expect(data.y.group.profile.name).toBe('Renamed within the operation');
    expect(data.z.assignment).toEqual({ priority: 0, group: { profile: { name: 'Renamed within the operation' } } });
  });

  test('a new description alone keeps the name; an empty one clears it', async () => {
    const group = await simGroup(stack, { description: 'Old' });
    const changed = ok(await stack.gql(UPDATE, { input: { id: group.id, description: 'New' } })).updateGroup;
    expect(changed.userErrors).toEqual([]);
    expect(stored(group.id)!.profile).toEqual(expect.objectContaining({ name: group.profile.name, description: 'New' }));
    expect(changed.group).toEqual(expectedGroup(stored(group.id)!));
    const cleared = ok(await stack.gql(UPDATE, { input: { id: group.id, description: '' } })).updateGroup;
    expect(cleared.userErrors).toEqual([]);
    expect(stored(group.id)!.profile.description ?? null).toBeNull();
    expect(cleared.group.profile.description).toBeNull();
    expect(cleared.group).toEqual(expectedGroup(stored(group.id)!));
  });

  test('the name of another group is ALREADY_EXISTS on input.name; nothing changes', async () => {
    const group = await simGroup(stack);
    const other = await simGroup(stack);
    const before = snapshot(stack);
    const payload = ok(await stack.gql(UPDATE, { input: { id: group.id, name: other.profile.name } })).updateGroup;
    expect(payload.group).toBeNull();
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'ALREADY_EXISTS', field: ['input', 'name'] }));
    expectUnchanged(stack, before);
  });

  test('a too-long name is INVALID on input.name', async () => {
    const group = await simGroup(stack);
    const before = snapshot(stack);
    const payload = ok(await stack.gql(UPDATE, { input: { id: group.id, name: 'y'.repeat(300) } })).updateGroup;
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'INVALID', field: ['input', 'name'] }));
    expectUnchanged(stack, before);
  });

  test.each([
    ['the built-in Everyone group', () => everyone()],
    ['an app group', () => appGroup()],
  ])('%s is NOT_ALLOWED on input.id, with no write', async (_what, pick) => {
    const group = pick();
    const before = snapshot(stack);
    const payload = ok(await stack.gql(UPDATE, { input: { id: group.id, name: uniq('Nope') } })).updateGroup;
    expect(payload.group).toBeNull();
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'NOT_ALLOWED', field: ['input', 'id'] }));
    expectUnchanged(stack, before);
    expect((await stack.stats()).byRoute['PUT /api/v1/groups/{groupId}']).toBeUndefined();
  });

  test('an unknown group is NOT_FOUND on input.id; nothing to change is REQUIRED without a call', async () => {
    const before = snapshot(stack);
    const missing = ok(await stack.gql(UPDATE, { input: { id: '00gNOSUCHGROUP000000', name: uniq('x') } })).updateGroup;
    expect(onlyError(missing)).toEqual(expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'id'] }));
    expectUnchanged(stack, before);
    await stack.resetSim();
    const group = [...stack.sim.org.groups.all()].find((g) => g.type === 'OKTA_GROUP')!;
    const nothing = ok(await stack.gql(UPDATE, { input: { id: group.id } })).updateGroup;
    expect(onlyError(nothing).code).toBe('REQUIRED');
    expect((await stack.stats()).total).toBe(0);
  });
});

describe('deleteGroup', () => {
  test('deletes an Okta group: gone from Okta, from its members\' groups and from the apps it was assigned to', async () => {
    const group = await simGroup(stack);
    const user = await simUser(stack, 'ACTIVE', { groupIds: [group.id] });
    const app = [...stack.sim.org.apps.all()].find((a) => a.status === 'ACTIVE')!;
    expect((await okta(stack, 'PUT', `/api/v1/apps/${app.id}/groups/${group.id}`, {})).status).toBe(200);
    await stack.resetSim();
    const payload = ok(await stack.gql(DELETE, { input: { id: group.id } })).deleteGroup;
    expect(payload).toEqual({ deletedGroupId: group.id, userErrors: [] });
    expect(stored(group.id)).toBeUndefined();
    expect((await stack.stats()).byRoute['DELETE /api/v1/groups/{groupId}']).toBe(1);
    const reread = ok(
      await stack.gql('query($g: ID!, $u: ID!, $a: ID!) { group(id: $g) { id } user(id: $u) { groups { nodes { id } } } application(id: $a) { assignedGroups(first: 200) { nodes { id } } } }', {
        g: group.id,
        u: user.id,
        a: app.id,
      }),
    );
    expect(reread.group).toBeNull();
    expect(reread.user.groups.nodes.map((g: any) => g.id)).not.toContain(group.id);
    expect(reread.application.assignedGroups.nodes.map((g: any) => g.id)).not.toContain(group.id);
    expect(await logEventsAbout(stack, group.id, ['group.lifecycle.delete'])).toHaveLength(1);
  });

  test('the built-in Everyone group is NOT_ALLOWED; nothing changes', async () => {
    const before = snapshot(stack);
    const payload = ok(await stack.gql(DELETE, { input: { id: everyone().id } })).deleteGroup;
    expect(payload.deletedGroupId).toBeNull();
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'NOT_ALLOWED', field: ['input', 'id'] }));
    expectUnchanged(stack, before);
    expect((await stack.stats()).byRoute['DELETE /api/v1/groups/{groupId}']).toBeUndefined();
  });

  test('an app group is deleted (the schema refuses only built-in groups; Okta deletes OKTA_GROUP and APP_GROUP)', async () => {
    const group = appGroup();
    const payload = ok(await stack.gql(DELETE, { input: { id: group.id } })).deleteGroup;
    expect(payload).toEqual({ deletedGroupId: group.id, userErrors: [] });
    expect(stored(group.id)).toBeUndefined();
  });

  test('an unknown group is NOT_FOUND on input.id', async () => {
    const before = snapshot(stack);
    const payload = ok(await stack.gql(DELETE, { input: { id: '00gNOSUCHGROUP000000' } })).deleteGroup;
    expect(payload.deletedGroupId).toBeNull();
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'id'] }));
    expectUnchanged(stack, before);
  });
});

describe('addUserToGroup / removeUserFromGroup', () => {
  test('add: later fields of the same operation list the new member and the user\'s new group; System Log event', async () => {
    const group = await simGroup(stack);
    const user = await simUser(stack);
    const payload = ok(await stack.gql(membership('addUserToGroup'), { input: { groupId: group.id, userId: user.id } })).addUserToGroup;
    expect(payload.userErrors).toEqual([]);
    expect(stack.sim.org.groups.isMember(group.id, user.id)).toBe(true);
    const { members, ...rest } = payload.group;
    expect(rest).toEqual(expectedGroup(stored(group.id)!));
    expect(members.nodes.map((n: any) => n.id)).toEqual(stack.sim.org.groups.members(group.id));
    expect(members.nodes.map((n: any) => n.id)).toContain(user.id);
    expect(payload.user.id).toBe(user.id);
    expect(payload.user.groups.nodes.map((g: any) => g.id)).toEqual(stack.sim.org.groups.groupsOf(user.id));
    expect((await stack.stats()).byRoute['PUT /api/v1/groups/{groupId}/users/{userId}']).toBe(1);
    const events = await logEventsAbout(stack, group.id, ['group.user_membership.add']);
    expect(events).toHaveLength(1);
    expect(events[0].targets.map((t: any) => t.id).sort()).toEqual([group.id, user.id].sort());
  });

  test('add by login; adding again changes nothing and records nothing', async () => {
    const group = await simGroup(stack);
    const user = await simUser(stack);
    const first = ok(await stack.gql(membership('addUserToGroup'), { input: { groupId: group.id, userId: user.profile.login } })).addUserToGroup;
    expect(first.userErrors).toEqual([]);
    expect(first.user.id).toBe(user.id);
    const before = snapshot(stack);
    const again = ok(await stack.gql(membership('addUserToGroup'), { input: { groupId: group.id, userId: user.id } })).addUserToGroup;
    expect(again.userErrors).toEqual([]);
    expect(again.group.members.nodes.map((n: any) => n.id)).toEqual([user.id]);
    expectUnchanged(stack, before);
  });

  test('remove: the member is gone from later fields and from Okta; System Log event', async () => {
    const group = await simGroup(stack);
    const user = await simUser(stack, 'ACTIVE', { groupIds: [group.id] });
    const stay = await simUser(stack, 'ACTIVE', { groupIds: [group.id] });
    const payload = ok(await stack.gql(membership('removeUserFromGroup'), { input: { groupId: group.id, userId: user.id } })).removeUserFromGroup;
    expect(payload.userErrors).toEqual([]);
    expect(stack.sim.org.groups.isMember(group.id, user.id)).toBe(false);
    const { members, ...rest } = payload.group;
    expect(rest).toEqual(expectedGroup(stored(group.id)!));
    expect(members.nodes.map((n: any) => n.id)).toEqual([stay.id]);
    expect(payload.user.groups.nodes.map((g: any) => g.id)).not.toContain(group.id);
    expect(await logEventsAbout(stack, user.id, ['group.user_membership.remove'])).toHaveLength(1);
  });

  test('add then remove in one operation: each field sees the state its mutation left; a re-read agrees', async () => {
    const group = await simGroup(stack);
    const other = await simGroup(stack);
    const user = await simUser(stack);
    const res = await stack.gql(
      `mutation($g: ID!, $o: ID!, $u: ID!) {
        a: addUserToGroup(input: { groupId: $g, userId: $u }) { group { members { nodes { id } } } user { groups { nodes { id } } } }
        b: addUserToGroup(input: { groupId: $o, userId: $u }) { user { groups { nodes { id } } } }
        c: removeUserFromGroup(input: { groupId: $g, userId: $u }) { group { members { nodes { id } } } user { groups { nodes { id } } } }
      }`,
      { g: group.id, o: other.id, u: user.id },
    );
    const data = ok(res);
    const ids = (conn: any) => conn.nodes.map((n: any) => n.id);
    expect(ids(data.a.group.members)).toEqual([user.id]);
    expect(ids(data.a.user.groups)).toContain(group.id);
    expect(ids(data.b.user.groups)).toEqual(expect.arrayContaining([group.id, other.id]));
    expect(ids(data.c.group.members)).toEqual([]);
    expect(ids(data.c.user.groups)).not.toContain(group.id);
    expect(ids(data.c.user.groups)).toContain(other.id);
    const reread = ok(await stack.gql('query($u: ID!) { user(id: $u) { groups { nodes { id } } } }', { u: user.id }));
    expect(ids(reread.user.groups)).toEqual(stack.sim.org.groups.groupsOf(user.id));
  });

  describe.each(['addUserToGroup', 'removeUserFromGroup'] as const)('%s refusals change nothing', (name) => {
    test.each([
      ['the built-in Everyone group', () => everyone()],
      ['an app group', () => appGroup()],
    ])('%s is NOT_ALLOWED on input.groupId, with no write', async (_what, pick) => {
      const group = pick();
      const member = stack.sim.org.groups.members(group.id)[0];
      const user = member ?? (await simUser(stack)).id;
      await stack.resetSim();
      const before = snapshot(stack);
      const payload = ok(await stack.gql(membership(name), { input: { groupId: group.id, userId: user } }))[name];
      expect(payload.group).toBeNull();
      expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'NOT_ALLOWED', field: ['input', 'groupId'] }));
      expectUnchanged(stack, before);
      const stats = await stack.stats();
      expect(stats.byRoute['PUT /api/v1/groups/{groupId}/users/{userId}'] ?? stats.byRoute['DELETE /api/v1/groups/{groupId}/users/{userId}']).toBeUndefined();
    });

    test('an unknown group is NOT_FOUND on input.groupId; an unknown user on input.userId', async () => {
      const group = await simGroup(stack);
      const user = await simUser(stack);
      if (name === 'removeUserFromGroup') await simAddMember(stack, group.id, user.id);
      const before = snapshot(stack);
      const noGroup = ok(await stack.gql(membership(name), { input: { groupId: '00gNOSUCHGROUP000000', userId: user.id } }))[name];
      expect(onlyError(noGroup)).toEqual(expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'groupId'] }));
      const noUser = ok(await stack.gql(membership(name), { input: { groupId: group.id, userId: '00uNOSUCHUSER0000000' } }))[name];
      expect(onlyError(noUser)).toEqual(expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'userId'] }));
      expect(noUser.group).toBeNull();
      expect(noUser.user).toBeNull();
      expectUnchanged(stack, before);
    });
  });
});
