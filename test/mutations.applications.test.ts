/**
 * Issue 6, application mutations: lifecycle, label, user and group assignments, through HTTP GraphQL
 * against the simulator; expectations from its store and its by-id endpoints.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import type { SimApp } from '../src/simulator/store/apps.js';
import { expectUnchanged, logEventsAbout, ok, okta, oktaNow, onlyError, simAddMember, simGroup, simUser, snapshot } from './helpers/mutations.js';
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
const APP = 'id name label status signOnMode created lastUpdated';
const ASSIGNMENT = 'id scope status userName profile created lastUpdated';
const GROUP_ASSIGNMENT = 'id priority profile lastUpdated';
const NO_APP = '0oaNOSUCHAPP00000000';
const NO_USER = '00uNOSUCHUSER0000000';
const NO_GROUP = '00gNOSUCHGROUP000000';

const LIFECYCLE = (name: string) => `mutation($id: ID!) { ${name}(input: { id: $id }) { application { ${APP} } ${ERRORS} } }`;
const LABEL = `mutation($input: UpdateApplicationLabelInput!) { updateApplicationLabel(input: $input) { application { ${APP} } ${ERRORS} } }`;
const ASSIGN_USER = `mutation($input: AssignUserToApplicationInput!) { assignUserToApplication(input: $input) { assignment { ${ASSIGNMENT} user { id } } ${ERRORS} } }`;
const UNASSIGN_USER = `mutation($input: UnassignUserFromApplicationInput!) { unassignUserFromApplication(input: $input) { unassigned application { ${APP} assignedUsers(first: 200) { nodes { id } } } ${ERRORS} } }`;
const ASSIGN_GROUP = `mutation($input: AssignGroupToApplicationInput!) { assignGroupToApplication(input: $input) { assignment { ${GROUP_ASSIGNMENT} group { id } } ${ERRORS} } }`;
const UNASSIGN_GROUP = `mutation($input: UnassignGroupFromApplicationInput!) { unassignGroupFromApplication(input: $input) { unassigned application { ${APP} assignedGroups(first: 200) { nodes { id } } } ${ERRORS} } }`;
const APP_LINKS = 'query($u: ID!) { user(id: $u) { applications { appInstanceId label } } }';

/** Active apps that show at least one dashboard link, in store order. */
function linkedApps(): SimApp[] {
  return [...stack.sim.org.apps.all()].filter(
    (a) => a.status === 'ACTIVE' && !(a.visibility.hide as any)?.web && Object.values((a.visibility.appLinks as Record<string, boolean>) ?? {}).some(Boolean),
  );
}

/** The app as Okta returns it by id, in the selection {@link APP}. */
async function appNow(id: string) {
  const a = await oktaNow(stack, `/api/v1/apps/${id}`);
  return { id: a.id, name: a.name, label: a.label, status: a.status, signOnMode: a.signOnMode, created: a.created, lastUpdated: a.lastUpdated };
}

async function appLinkIds(userId: string): Promise<string[]> {
  return ok(await stack.gql(APP_LINKS, { u: userId })).user.applications.map((l: any) => l.appInstanceId);
}

describe('activateApplication / deactivateApplication', () => {
  test('deactivate: INACTIVE in Okta and in the payload; its users lose the dashboard link; activate brings it back', async () => {
    const app = linkedApps()[0]!;
    const user = await simUser(stack);
    expect((await okta(stack, 'POST', `/api/v1/apps/${app.id}/users`, { id: user.id, scope: 'USER' })).status).toBe(200);
    expect(await appLinkIds(user.id)).toContain(app.id);
    await stack.resetSim();

    const off = ok(await stack.gql(LIFECYCLE('deactivateApplication'), { id: app.id })).deactivateApplication;
    expect(off.userErrors).toEqual([]);
    expect(stack.sim.org.apps.get(app.id)!.status).toBe('INACTIVE');
    expect(off.application).toEqual(await appNow(app.id));
    expect((await stack.stats()).byRoute['POST /api/v1/apps/{appId}/lifecycle/deactivate']).toBe(1);
    expect(await appLinkIds(user.id)).not.toContain(app.id);
    expect(await logEventsAbout(stack, app.id, ['application.lifecycle.deactivate'])).toHaveLength(1);

    const on = ok(await stack.gql(LIFECYCLE('activateApplication'), { id: app.id })).activateApplication;
    expect(on.userErrors).toEqual([]);
    expect(stack.sim.org.apps.get(app.id)!.status).toBe('ACTIVE');
    expect(on.application).toEqual(await appNow(app.id));
    expect(await appLinkIds(user.id)).toContain(app.id);
    expect(await logEventsAbout(stack, app.id, ['application.lifecycle.activate'])).toHaveLength(1);
  });

  test('in one operation, the second lifecycle field sees the first; a re-read agrees', async () => {
    const app = linkedApps()[1]!;
    const res = await stack.gql(`mutation($id: ID!) {
      a: deactivateApplication(input: { id: $id }) { application { status } }
      b: activateApplication(input: { id: $id }) { application { status } }
    }`, { id: app.id });
    expect(ok(res)).toEqual({ a: { application: { status: 'INACTIVE' } }, b: { application: { status: 'ACTIVE' } } });
    expect(ok(await stack.gql('query($id: ID!) { application(id: $id) { status } }', { id: app.id })).application.status).toBe('ACTIVE');
  });

  test('activating an active app is Okta\'s no-op: success, no event', async () => {
    const app = linkedApps()[2]!;
    const before = snapshot(stack);
    const payload = ok(await stack.gql(LIFECYCLE('activateApplication'), { id: app.id })).activateApplication;
    expect(payload.userErrors).toEqual([]);
    expect(payload.application.status).toBe('ACTIVE');
    expectUnchanged(stack, before);
  });

  test.each(['activateApplication', 'deactivateApplication'])('%s of an unknown app is NOT_FOUND on input.id', async (name) => {
    const before = snapshot(stack);
    const payload = ok(await stack.gql(LIFECYCLE(name), { id: NO_APP }))[name];
    expect(payload.application).toBeNull();
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'id'] }));
    expectUnchanged(stack, before);
  });
});

describe('updateApplicationLabel', () => {
  test('in one operation, later fields read the new label and status, not the copy an earlier field loaded', async () => {
    const app = linkedApps()[7]!;
    const originalLabel = app.label;
    const group = await simGroup(stack);
    const other = await simGroup(stack);
    const user = await simUser(stack);
    expect((await okta(stack, 'PUT', `/api/v1/apps/${app.id}/groups/${group.id}`, {})).status).toBe(200);
    const links = (d: any) => d.user.applications.filter((l: any) => l.appInstanceId === app.id).map((l: any) => l.application);
    const res = await stack.gql(
      `mutation($a: ID!, $g: ID!, $o: ID!, $u: ID!) {
        p: addUserToGroup(input: { groupId: $g, userId: $u }) { user { applications { appInstanceId application { label status } } } }
        q: updateApplicationLabel(input: { id: $a, label: "Relabelled within the operation" }) { application { label } }
        r: addUserToGroup(input: { groupId: $o, userId: $u }) { user { applications { appInstanceId application { label status } } } }
      }`,
      { a: app.id, g: group.id, o: other.id, u: user.id },
    );
    const data = ok(res);
    expect(links(data.p)[0]).toEqual({ label: originalLabel, status: 'ACTIVE' });
    expect(data.q.application.label).toBe('Relabelled within the operation');
    expect(links(data.r).length).toBeGreaterThan(0);
    for (const a of links(data.r)) expect(a).toEqual({ label: 'Relabelled within the operation', status: 'ACTIVE' });
  });

  const modes = () => [...new Set([...stack.sim.org.apps.all()].map((a) => a.signOnMode))];

  test('renames an app of every sign-on mode and changes nothing else (Okta\'s update replaces the whole app)', async () => {
    expect(modes().length).toBeGreaterThanOrEqual(4);
    for (const mode of modes()) {
      const app = [...stack.sim.org.apps.all()].find((a) => a.signOnMode === mode)!;
      const before = structuredClone({ ...app });
      const label = `${app.label} (renamed ${mode})`;
      const payload = ok(await stack.gql(LABEL, { input: { id: app.id, label } })).updateApplicationLabel;
      expect({ mode, errors: payload.userErrors }).toEqual({ mode, errors: [] });
      const after = stack.sim.org.apps.get(app.id)!;
      expect(after.label).toBe(label);
      expect(payload.application).toEqual(await appNow(app.id));
      const { label: _l1, lastUpdated: _u1, ...restBefore } = before;
      const { label: _l2, lastUpdated: _u2, ...restAfter } = structuredClone({ ...after });
      expect({ mode, app: restAfter }).toEqual({ mode, app: restBefore });
    }
    const updates = await logEventsAbout(stack, [...stack.sim.org.apps.all()].find((a) => a.signOnMode === modes()[0])!.id, ['application.lifecycle.update']);
    expect(updates).toHaveLength(1);
  });

  test('a confidential OIDC client keeps its secret, which never reaches our logs', async () => {
    const app = [...stack.sim.org.apps.all()].find((a) => a.signOnMode === 'OPENID_CONNECT' && a.clientSecret)!;
    const secret = app.clientSecret!;
    const payload = ok(await stack.gql(LABEL, { input: { id: app.id, label: `${app.label} v2` } })).updateApplicationLabel;
    expect(payload.userErrors).toEqual([]);
    expect(stack.sim.org.apps.get(app.id)!.clientSecret).toBe(secret);
    expect(stack.logs.join('\n')).not.toContain(secret);
  });

  test('a label Okta finds too long is INVALID on input.label; nothing changes', async () => {
    const app = linkedApps()[0]!;
    const before = snapshot(stack);
    const payload = ok(await stack.gql(LABEL, { input: { id: app.id, label: 'L'.repeat(101) } })).updateApplicationLabel;
    expect(payload.application).toBeNull();
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'INVALID', field: ['input', 'label'] }));
    expectUnchanged(stack, before);
  });

  test('a blank label is REQUIRED without an Okta call; an unknown app is NOT_FOUND on input.id', async () => {
    const blank = ok(await stack.gql(LABEL, { input: { id: linkedApps()[0]!.id, label: '  ' } })).updateApplicationLabel;
    expect(onlyError(blank)).toEqual(expect.objectContaining({ code: 'REQUIRED', field: ['input', 'label'] }));
    expect((await stack.stats()).total).toBe(0);
    const before = snapshot(stack);
    const missing = ok(await stack.gql(LABEL, { input: { id: NO_APP, label: 'x' } })).updateApplicationLabel;
    expect(onlyError(missing)).toEqual(expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'id'] }));
    expectUnchanged(stack, before);
  });
});

describe('assignUserToApplication / unassignUserFromApplication', () => {
  test('assign with userName and profile: the assignment as Okta has it; a later field shows the app on the user\'s dashboard', async () => {
    const app = linkedApps()[3]!;
    const user = await simUser(stack);
    const group = await simGroup(stack);
    const res = await stack.gql(
      `mutation($a: ID!, $u: ID!, $g: ID!) {
        assignUserToApplication(input: { applicationId: $a, userId: $u, userName: "quinn.t", profile: { costCenter: "CC-7" } }) { assignment { ${ASSIGNMENT} user { id } } ${ERRORS} }
        addUserToGroup(input: { groupId: $g, userId: $u }) { user { applications { appInstanceId } } }
      }`,
      { a: app.id, u: user.id, g: group.id },
    );
    const data = ok(res);
    expect(data.assignUserToApplication.userErrors).toEqual([]);
    const okta = await oktaNow(stack, `/api/v1/apps/${app.id}/users/${user.id}`);
    expect(okta.scope).toBe('USER');
    expect(okta.credentials.userName).toBe('quinn.t');
    expect(okta.profile.costCenter).toBe('CC-7');
    expect(data.assignUserToApplication.assignment).toEqual({
      id: user.id,
      scope: okta.scope,
      status: okta.status,
      userName: okta.credentials.userName,
      profile: okta.profile,
      created: okta.created,
      lastUpdated: okta.lastUpdated,
      user: { id: user.id },
    });
    expect(data.addUserToGroup.user.applications.map((l: any) => l.appInstanceId)).toContain(app.id);
    const events = await logEventsAbout(stack, user.id, ['application.user_membership.add']);
    expect(events).toHaveLength(1);
    expect(events[0].targets.map((t: any) => t.id)).toEqual(expect.arrayContaining([app.id, user.id]));
  });

  test('a userName Okta refuses is INVALID on input.userName; nothing changes', async () => {
    const app = linkedApps()[3]!;
    const user = await simUser(stack);
    const before = snapshot(stack);
    const payload = ok(await stack.gql(ASSIGN_USER, { input: { applicationId: app.id, userId: user.id, userName: 'u'.repeat(101) } })).assignUserToApplication;
    expect(payload.assignment).toBeNull();
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'INVALID', field: ['input', 'userName'] }));
    expectUnchanged(stack, before);
  });

  test('an unknown user or app is NOT_FOUND; nothing changes', async () => {
    const app = linkedApps()[3]!;
    const user = await simUser(stack);
    const before = snapshot(stack);
    const noUser = ok(await stack.gql(ASSIGN_USER, { input: { applicationId: app.id, userId: NO_USER } })).assignUserToApplication;
    expect(onlyError(noUser).code).toBe('NOT_FOUND');
    const noApp = ok(await stack.gql(ASSIGN_USER, { input: { applicationId: NO_APP, userId: user.id } })).assignUserToApplication;
    expect(onlyError(noApp).code).toBe('NOT_FOUND');
    expectUnchanged(stack, before);
  });

  test('the NOT_FOUND of an assignment names the missing object\'s input field', async () => {
    const app = linkedApps()[3]!;
    const user = await simUser(stack);
    const group = await simGroup(stack);
    const cases: Array<[string, string, Record<string, unknown>, string[]]> = [
      [ASSIGN_USER, 'assignUserToApplication', { applicationId: app.id, userId: NO_USER }, ['input', 'userId']],
      [ASSIGN_USER, 'assignUserToApplication', { applicationId: NO_APP, userId: user.id }, ['input', 'applicationId']],
      [ASSIGN_GROUP, 'assignGroupToApplication', { applicationId: app.id, groupId: NO_GROUP }, ['input', 'groupId']],
      [ASSIGN_GROUP, 'assignGroupToApplication', { applicationId: NO_APP, groupId: group.id }, ['input', 'applicationId']],
      [UNASSIGN_USER, 'unassignUserFromApplication', { applicationId: NO_APP, userId: user.id }, ['input', 'applicationId']],
      [UNASSIGN_GROUP, 'unassignGroupFromApplication', { applicationId: NO_APP, groupId: group.id }, ['input', 'applicationId']],
    ];
    for (const [query, name, input, field] of cases) {
      const payload = ok(await stack.gql(query, { input }))[name];
      expect({ name, input, error: onlyError(payload) }).toEqual({ name, input, error: expect.objectContaining({ code: 'NOT_FOUND', field }) });
    }
  });

  test('unassign a direct assignment: gone from Okta, from the app\'s users and from the user\'s dashboard', async () => {
    const app = linkedApps()[3]!;
    const user = await simUser(stack);
    expect((await okta(stack, 'POST', `/api/v1/apps/${app.id}/users`, { id: user.id, scope: 'USER' })).status).toBe(200);
    await stack.resetSim();
    const payload = ok(await stack.gql(UNASSIGN_USER, { input: { applicationId: app.id, userId: user.id } })).unassignUserFromApplication;
    expect(payload.userErrors).toEqual([]);
    expect(payload.unassigned).toBe(true);
    const { assignedUsers, ...rest } = payload.application;
    expect(rest).toEqual(await appNow(app.id));
    expect(assignedUsers.nodes.map((n: any) => n.id)).not.toContain(user.id);
    expect(await oktaNow(stack, `/api/v1/apps/${app.id}/users/${user.id}`)).toBeNull();
    expect((await stack.stats()).byRoute['DELETE /api/v1/apps/{appId}/users/{userId}']).toBe(1);
    expect(await appLinkIds(user.id)).not.toContain(app.id);
    expect(await logEventsAbout(stack, user.id, ['application.user_membership.remove'])).toHaveLength(1);
  });

  test('a user whose access comes from a group is INVALID_STATE with Okta\'s reason; nothing changes', async () => {
    const app = linkedApps()[4]!;
    const group = await simGroup(stack);
    const user = await simUser(stack, 'ACTIVE', { groupIds: [group.id] });
    expect((await okta(stack, 'PUT', `/api/v1/apps/${app.id}/groups/${group.id}`, {})).status).toBe(200);
    const direct = await okta(stack, 'DELETE', `/api/v1/apps/${app.id}/users/${user.id}`);
    expect(direct.status).toBe(403);
    const before = snapshot(stack);
    const payload = ok(await stack.gql(UNASSIGN_USER, { input: { applicationId: app.id, userId: user.id } })).unassignUserFromApplication;
    expect(payload.unassigned).toBe(false);
    expect(payload.application).toBeNull();
    const error = onlyError(payload);
    expect(error.code).toBe('INVALID_STATE');
    expect(error.message).toContain(direct.body.errorSummary);
    expect(error.message).toContain(direct.body.errorCauses[0].errorSummary);
    expectUnchanged(stack, before);
  });

  test('a user who does not have the app is NOT_FOUND, unassigned false', async () => {
    const app = linkedApps()[3]!;
    const user = await simUser(stack);
    const before = snapshot(stack);
    const payload = ok(await stack.gql(UNASSIGN_USER, { input: { applicationId: app.id, userId: user.id } })).unassignUserFromApplication;
    expect(payload.unassigned).toBe(false);
    expect(onlyError(payload).code).toBe('NOT_FOUND');
    expectUnchanged(stack, before);
  });
});

describe('assignGroupToApplication / unassignGroupFromApplication', () => {
  test('assign at priority 0: first among the app\'s groups, as Okta has it; members get the app; System Log event', async () => {
    const app = linkedApps()[5]!;
    const group = await simGroup(stack);
    const member = await simUser(stack, 'ACTIVE', { groupIds: [group.id] });
    const existing = stack.sim.org.apps.groupAssignments(app.id).length;
    const payload = ok(await stack.gql(ASSIGN_GROUP, { input: { applicationId: app.id, groupId: group.id, priority: 0, profile: { role: 'viewer' } } })).assignGroupToApplication;
    expect(payload.userErrors).toEqual([]);
    const okta = await oktaNow(stack, `/api/v1/apps/${app.id}/groups/${group.id}`);
    expect(okta.priority).toBe(0);
    expect(payload.assignment).toEqual({ id: group.id, priority: 0, profile: { role: 'viewer' }, lastUpdated: okta.lastUpdated, group: { id: group.id } });
    expect(okta.profile).toEqual({ role: 'viewer' });
    expect(stack.sim.org.apps.groupAssignments(app.id)).toHaveLength(existing + 1);
    expect(stack.sim.org.apps.groupAssignments(app.id)[0]!.groupId).toBe(group.id);
    expect(await appLinkIds(member.id)).toContain(app.id);
    expect((await stack.stats()).byRoute['PUT /api/v1/apps/{appId}/groups/{groupId}']).toBe(1);
    const events = await logEventsAbout(stack, group.id, ['group.application_assignment.add']);
    expect(events).toHaveLength(1);
    expect(events[0].targets.map((t: any) => t.id).sort()).toEqual([app.id, group.id].sort());
  });

  test('without a priority Okta appends the group', async () => {
    const app = linkedApps()[5]!;
    const group = await simGroup(stack);
    const count = stack.sim.org.apps.groupAssignments(app.id).length;
    const payload = ok(await stack.gql(ASSIGN_GROUP, { input: { applicationId: app.id, groupId: group.id } })).assignGroupToApplication;
    expect(payload.userErrors).toEqual([]);
    expect(payload.assignment.priority).toBe(count);
    expect(stack.sim.org.apps.groupAssignments(app.id).at(-1)!.groupId).toBe(group.id);
  });

  test('a negative priority is INVALID on input.priority without an Okta call', async () => {
    const payload = ok(await stack.gql(ASSIGN_GROUP, { input: { applicationId: linkedApps()[5]!.id, groupId: stack.sim.org.groups.everyoneId, priority: -1 } })).assignGroupToApplication;
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'INVALID', field: ['input', 'priority'] }));
    expect((await stack.stats()).total).toBe(0);
  });

  test('an unknown group or app is NOT_FOUND; nothing changes', async () => {
    const app = linkedApps()[5]!;
    const group = await simGroup(stack);
    const before = snapshot(stack);
    const noGroup = ok(await stack.gql(ASSIGN_GROUP, { input: { applicationId: app.id, groupId: NO_GROUP } })).assignGroupToApplication;
    expect(onlyError(noGroup).code).toBe('NOT_FOUND');
    const noApp = ok(await stack.gql(ASSIGN_GROUP, { input: { applicationId: NO_APP, groupId: group.id } })).assignGroupToApplication;
    expect(onlyError(noApp).code).toBe('NOT_FOUND');
    expectUnchanged(stack, before);
  });

  test('unassign: gone from the app\'s groups and from members\' dashboards; System Log event', async () => {
    const app = linkedApps()[6]!;
    const group = await simGroup(stack);
    const member = await simUser(stack, 'ACTIVE', { groupIds: [group.id] });
    expect((await okta(stack, 'PUT', `/api/v1/apps/${app.id}/groups/${group.id}`, {})).status).toBe(200);
    expect(await appLinkIds(member.id)).toContain(app.id);
    const payload = ok(await stack.gql(UNASSIGN_GROUP, { input: { applicationId: app.id, groupId: group.id } })).unassignGroupFromApplication;
    expect(payload.userErrors).toEqual([]);
    expect(payload.unassigned).toBe(true);
    const { assignedGroups, ...rest } = payload.application;
    expect(rest).toEqual(await appNow(app.id));
    expect(assignedGroups.nodes.map((n: any) => n.id)).toEqual(stack.sim.org.apps.groupAssignments(app.id).map((g) => g.groupId));
    expect(assignedGroups.nodes.map((n: any) => n.id)).not.toContain(group.id);
    expect(await appLinkIds(member.id)).not.toContain(app.id);
    expect(await logEventsAbout(stack, group.id, ['group.application_assignment.remove'])).toHaveLength(1);
  });

  test('a group that is not assigned is NOT_FOUND, unassigned false', async () => {
    const group = await simGroup(stack);
    const before = snapshot(stack);
    const payload = ok(await stack.gql(UNASSIGN_GROUP, { input: { applicationId: linkedApps()[6]!.id, groupId: group.id } })).unassignGroupFromApplication;
    expect(payload.unassigned).toBe(false);
    expect(onlyError(payload).code).toBe('NOT_FOUND');
    expectUnchanged(stack, before);
  });

  test('in one operation: a group assignment made by one field makes a later unassignment of its member INVALID_STATE, and the next field sees it gone', async () => {
    const app = linkedApps()[6]!;
    const group = await simGroup(stack);
    const member = await simUser(stack, 'ACTIVE', { groupIds: [group.id] });
    await simAddMember(stack, group.id, member.id);
    const res = await stack.gql(
      `mutation($a: ID!, $g: ID!, $u: ID!) {
        a: assignGroupToApplication(input: { applicationId: $a, groupId: $g }) { assignment { id } ${ERRORS} }
        b: unassignUserFromApplication(input: { applicationId: $a, userId: $u }) { unassigned ${ERRORS} }
        c: unassignGroupFromApplication(input: { applicationId: $a, groupId: $g }) { unassigned application { assignedGroups(first: 200) { nodes { id } } } }
        d: unassignUserFromApplication(input: { applicationId: $a, userId: $u }) { unassigned ${ERRORS} }
      }`,
      { a: app.id, g: group.id, u: member.id },
    );
    const data = ok(res);
    expect(data.a.userErrors).toEqual([]);
    expect(data.b.unassigned).toBe(false);
    expect(data.b.userErrors.map((e: any) => e.code)).toEqual(['INVALID_STATE']);
    expect(data.c.unassigned).toBe(true);
    expect(data.c.application.assignedGroups.nodes.map((n: any) => n.id)).not.toContain(group.id);
    // The member had the app only through the group: now there is nothing to unassign.
    expect(data.d.userErrors.map((e: any) => e.code)).toEqual(['NOT_FOUND']);
  });
});
