import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { SimApp } from '../../src/simulator/store/apps.js';
import type { SimGroup } from '../../src/simulator/store/groups.js';
import { responseErrors } from '../helpers/openapi.js';
import { api, expectConforms, expectOktaError, type Answer } from './directoryApi.js';

jest.setTimeout(20_000);

let sim: Simulator;
/** Where this file's events start in the org's log (after the seeded history). */
let firstEvent = 0;
beforeAll(async () => {
  sim = await startSimulator({ users: 300, seed: 'app-assignments-test' });
  firstEvent = sim.org.logs.events.length;
  // Parsing Okta's spec and compiling its schemas takes seconds on a busy machine: once, up front.
  responseErrors('GET', '/api/v1/apps/{appId}/users', 200, []);
}, 60_000);
afterAll(async () => {
  await sim.close();
});

const byLabel = (label: string): SimApp => [...sim.org.apps.all()].find((a) => a.label === label)!;
const groupNamed = (name: string): SimGroup => [...sim.org.groups.all()].find((g) => g.profile.name === name)!;
/** The System Log events since `from`, as the tests read them. */
interface Logged {
  eventType: string;
  displayMessage: string;
  target: Array<{ id: string; type: string; displayName?: string }>;
}
const events = (from: number) => sim.org.logs.events.slice(from) as unknown as Logged[];
const USERS = '/api/v1/apps/{appId}/users';
const USER = '/api/v1/apps/{appId}/users/{userId}';
const GROUP = '/api/v1/apps/{appId}/groups/{groupId}';

/** The app's users from the stores: individually assigned, or members of an assigned group (user order). */
function expectedUsers(app: SimApp): string[] {
  const groups = sim.org.apps.groupAssignments(app.id).map((g) => g.groupId);
  return [...sim.org.users.all()]
    .filter((u) => sim.org.apps.userRecord(app.id, u.id)?.individual || groups.some((g) => sim.org.groups.isMember(g, u.id)))
    .map((u) => u.id);
}

/** Follows `next` links, checking every request and page against the spec. */
async function pages(path: string, specPath: string): Promise<{ items: Array<Answer['body']>; count: number }> {
  const items: Array<Answer['body']> = [];
  let next: string | undefined = path;
  let count = 0;
  while (next) {
    const page = await api(sim, next);
    expectConforms('GET', specPath, page);
    items.push(...page.body);
    next = page.next;
    count++;
    expect(count).toBeLessThan(100);
  }
  return { items, count };
}

describe('app users', () => {
  test('list pages to the end; individual users have scope USER, group members scope GROUP with a group link', async () => {
    const app = byLabel('Salesforce.com');
    expect(sim.org.apps.groupAssignments(app.id).length).toBeGreaterThan(0);
    const { items, count } = await pages(`/api/v1/apps/${app.id}/users?limit=7`, USERS);
    expect(items.map((u) => u.id)).toEqual(expectedUsers(app));
    expect(count).toBeGreaterThan(2);
    for (const u of items) {
      const individual = sim.org.apps.userRecord(app.id, u.id)?.individual === true;
      expect(u.scope).toBe(individual ? 'USER' : 'GROUP');
      expect(Boolean(u._links.group)).toBe(!individual);
      expect(u._links.user.href).toBe(`${sim.url}/api/v1/users/${u.id}`);
      // Salesforce provisions its users.
      expect(u.status).toBe('PROVISIONED');
    }
    expect(new Set(items.map((u) => u.scope))).toEqual(new Set(['USER', 'GROUP']));
  });

  test('q matches the start of user name, first name, last name or email; expand=user embeds the user', async () => {
    const app = byLabel('Slack');
    const all = (await pages(`/api/v1/apps/${app.id}/users?limit=500`, USERS)).items;
    const q = String(all[3].profile.firstName).slice(0, 2).toLowerCase();
    const found = (await pages(`/api/v1/apps/${app.id}/users?q=${q}&expand=user`, USERS)).items;
    const starts = (v: unknown) => typeof v === 'string' && v.toLowerCase().startsWith(q);
    expect(found.map((u) => u.id)).toEqual(all.filter((u) => [u.credentials.userName, u.profile.firstName, u.profile.lastName, u.profile.email].some(starts)).map((u) => u.id));
    for (const u of found) expect(u._embedded.user.id).toBe(u.id);
  });

  test('get one: USER and GROUP scope; a user without the app is 404 E0000007', async () => {
    const app = byLabel('Salesforce.com');
    const individual = [...sim.org.apps.userRecordsOf(app.id)].find((r) => r.individual)!;
    const one = await api(sim, `/api/v1/apps/${app.id}/users/${individual.userId}?expand=user`);
    expectConforms('GET', USER, one);
    expect(one.body.scope).toBe('USER');
    expect(one.body._embedded.user.id).toBe(individual.userId);
    const sales = sim.org.apps.groupAssignments(app.id)[0]!.groupId;
    const member = sim.org.groups.members(sales).find((id) => !sim.org.apps.userRecord(app.id, id)?.individual)!;
    const viaGroup = await api(sim, `/api/v1/apps/${app.id}/users/${member}`);
    expectConforms('GET', USER, viaGroup);
    expect(viaGroup.body.scope).toBe('GROUP');
    const outsider = [...sim.org.users.all()].find((u) => !expectedUsers(app).includes(u.id))!;
    const missing = await api(sim, `/api/v1/apps/${app.id}/users/${outsider.id}`);
    expectConforms('GET', USER, missing);
    expectOktaError(missing, 404, 'E0000007');
  });

  test('assign, update and unassign a user individually, each with its System Log event', async () => {
    const app = byLabel('Expense Portal');
    const user = [...sim.org.users.all()].find((u) => u.status === 'ACTIVE' && !expectedUsers(app).includes(u.id))!;
    const from = sim.org.logs.events.length;
    const added = await api(sim, `/api/v1/apps/${app.id}/users`, { method: 'POST', body: { id: user.id, scope: 'USER', credentials: { userName: 'jdoe', password: { value: 'S3cret!pass' } } } });
    expectConforms('POST', USERS, added);
    expect(added.body).toMatchObject({ id: user.id, scope: 'USER', status: 'ACTIVE', credentials: { userName: 'jdoe', password: {} } });
    expect(added.body.credentials.password.value).toBeUndefined();
    expect((await api(sim, `/api/v1/apps/${app.id}/users/${user.id}`)).body.scope).toBe('USER');

    const updated = await api(sim, `/api/v1/apps/${app.id}/users/${user.id}`, { method: 'POST', body: { credentials: { userName: 'john.doe' }, profile: { costCenter: 'CC-9' } } });
    expectConforms('POST', USER, updated);
    expect(updated.body.credentials.userName).toBe('john.doe');
    expect(updated.body.profile.costCenter).toBe('CC-9');

    const removed = await api(sim, `/api/v1/apps/${app.id}/users/${user.id}`, { method: 'DELETE' });
    expectConforms('DELETE', USER, removed);
    expect(removed.status).toBe(204);
    expect((await api(sim, `/api/v1/apps/${app.id}/users/${user.id}`)).status).toBe(404);
    const logged = events(from);
    expect(logged.map((e) => [e.eventType, e.displayMessage])).toEqual([
      ['application.user_membership.add', 'Add user to application membership'],
      ['application.user_membership.update', 'Updated user application property'],
      ['application.user_membership.remove', 'Remove users application membership'],
    ]);
    expect(logged[0]!.target.map((t: { type: string }) => t.type)).toEqual(['AppUser', 'AppInstance', 'User']);
    expect(logged[0]!.target[2]!.id).toBe(user.id);
  });

  test('assignment errors: no id, unknown user, bad user name, unknown app', async () => {
    const app = byLabel('Expense Portal');
    for (const [body, cause] of [[{}, /^id: /], [{ id: sim.org.users.get('admin@example.com')!.id, credentials: { userName: '' } }, /^credentials\.userName: /]] as const) {
      const res = await api(sim, `/api/v1/apps/${app.id}/users`, { method: 'POST', body });
      expectConforms('POST', USERS, res);
      expectOktaError(res, 400, 'E0000001', [cause]);
    }
    expectOktaError(await api(sim, `/api/v1/apps/${app.id}/users`, { method: 'POST', body: { id: '00unotthere000000000' } }), 404, 'E0000007');
    expectOktaError(await api(sim, '/api/v1/apps/0oanotthere000000000/users'), 404, 'E0000007');
  });

  test('a user whom a group grants the app cannot be unassigned: 403 E0000046, even when also assigned individually', async () => {
    const app = byLabel('Salesforce.com');
    const group = sim.org.apps.groupAssignments(app.id)[0]!.groupId;
    const member = sim.org.groups.members(group)[0]!;
    await api(sim, `/api/v1/apps/${app.id}/users`, { method: 'POST', body: { id: member } });
    const refused = await api(sim, `/api/v1/apps/${app.id}/users/${member}`, { method: 'DELETE' });
    expectConforms('DELETE', USER, refused);
    expectOktaError(refused, 403, 'E0000046');
    expect((await api(sim, `/api/v1/apps/${app.id}/users/${member}`)).body.scope).toBe('USER');
  });
});

describe('app group assignments', () => {
  test('assigning a group makes its members app users (scope GROUP), live with membership changes; unassigning removes them', async () => {
    const app = byLabel('Employee Portal');
    const finance = groupNamed('Finance');
    const members = sim.org.groups.members(finance.id);
    const plain = members.filter((id) => !sim.org.apps.userRecord(app.id, id)?.individual);
    expect(plain.length).toBeGreaterThan(2);
    const [keep, probe] = plain as [string, string];
    await api(sim, `/api/v1/apps/${app.id}/users`, { method: 'POST', body: { id: keep } });
    const from = sim.org.logs.events.length;
    const put = await api(sim, `/api/v1/apps/${app.id}/groups/${finance.id}`, { method: 'PUT', body: { priority: 0, profile: { role: 'Approver' } } });
    expectConforms('PUT', GROUP, put);
    expect(put.body).toMatchObject({ id: finance.id, priority: 0, profile: { role: 'Approver' } });
    expect(events(from).map((e) => [e.eventType, e.target.map((t: { type: string }) => t.type)])).toEqual([['group.application_assignment.add', ['UserGroup', 'AppInstance']]]);

    const viaGroup = await api(sim, `/api/v1/apps/${app.id}/users/${probe}`);
    expect(viaGroup.body).toMatchObject({ scope: 'GROUP', profile: { role: 'Approver' }, _links: { group: { href: `${sim.url}/api/v1/groups/${finance.id}` } } });
    expect((await api(sim, `/api/v1/apps/${app.id}/users/${keep}`)).body.scope).toBe('USER');
    const listed = (await pages(`/api/v1/apps/${app.id}/users?limit=500`, USERS)).items.map((u) => u.id);
    expect(listed).toEqual(expect.arrayContaining(members));
    expect(listed).toEqual(expectedUsers(app));

    const newcomer = [...sim.org.users.all()].find((u) => !sim.org.groups.isMember(finance.id, u.id) && !expectedUsers(app).includes(u.id))!;
    expect((await api(sim, `/api/v1/groups/${finance.id}/users/${newcomer.id}`, { method: 'PUT' })).status).toBe(204);
    expect((await api(sim, `/api/v1/apps/${app.id}/users/${newcomer.id}`)).body.scope).toBe('GROUP');

    const groupApps = await api(sim, `/api/v1/groups/${finance.id}/apps`);
    expectConforms('GET', '/api/v1/groups/{groupId}/apps', groupApps);
    expect(groupApps.body.map((a: { id: string }) => a.id)).toContain(app.id);

    const removed = await api(sim, `/api/v1/apps/${app.id}/groups/${finance.id}`, { method: 'DELETE' });
    expectConforms('DELETE', GROUP, removed);
    expect(removed.status).toBe(204);
    expect((await api(sim, `/api/v1/apps/${app.id}/users/${probe}`)).status).toBe(404);
    expect((await api(sim, `/api/v1/apps/${app.id}/users/${keep}`)).body.scope).toBe('USER');
    expect(events(from).at(-1)).toMatchObject({ eventType: 'group.application_assignment.remove', displayMessage: 'Remove assigned application from group' });
    expectOktaError(await api(sim, `/api/v1/apps/${app.id}/groups/${finance.id}`, { method: 'DELETE' }), 404, 'E0000007');
  });

  test('priorities order the list and move with PUT; paging by Link headers; q is a name prefix', async () => {
    const app = byLabel('Ops Dashboard');
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api(sim, '/api/v1/groups', { method: 'POST', body: { profile: { name: `Ops Rotation ${i}`, description: 'On-call rotation' } } });
      expect(res.status).toBe(200);
      created.push(res.body.id);
    }
    const others = [...sim.org.groups.all()].filter((g) => g.type !== 'BUILT_IN' && !created.includes(g.id)).map((g) => g.id);
    for (const id of [...created, ...others]) await api(sim, `/api/v1/apps/${app.id}/groups/${id}`, { method: 'PUT' });
    const order = sim.org.apps.groupAssignments(app.id).map((g) => g.groupId);
    expect(order.length).toBeGreaterThan(20);
    const { items, count } = await pages(`/api/v1/apps/${app.id}/groups?limit=20`, '/api/v1/apps/{appId}/groups');
    expect(count).toBe(2);
    expect(items.map((g) => g.id)).toEqual(order);
    expect(items.map((g) => g.priority)).toEqual(order.map((_, i) => i));

    const last = order[order.length - 1]!;
    const moved = await api(sim, `/api/v1/apps/${app.id}/groups/${last}`, { method: 'PUT', body: { priority: 0 } });
    expect(moved.body.priority).toBe(0);
    const one = await api(sim, `/api/v1/apps/${app.id}/groups/${order[0]}`);
    expectConforms('GET', GROUP, one);
    expect(one.body.priority).toBe(1);
    const q = await pages(`/api/v1/apps/${app.id}/groups?q=ops%20rot`, '/api/v1/apps/{appId}/groups');
    expect(q.items.map((g) => g.id).sort()).toEqual([...created].sort());

    // A deleted group takes its app assignments with it.
    expect((await api(sim, `/api/v1/groups/${created[0]}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(sim, `/api/v1/apps/${app.id}/groups/${created[0]}`)).status).toBe(404);
  });

  test('assignment errors: bad priority, unknown group, unassigned group', async () => {
    const app = byLabel('Zoom');
    const group = groupNamed('Legal');
    const bad = await api(sim, `/api/v1/apps/${app.id}/groups/${group.id}`, { method: 'PUT', body: { priority: -1 } });
    expectConforms('PUT', GROUP, bad);
    expectOktaError(bad, 400, 'E0000001', [/^priority: /]);
    expectOktaError(await api(sim, `/api/v1/apps/${app.id}/groups/00gnotthere000000000`, { method: 'PUT' }), 404, 'E0000007');
    const missing = await api(sim, `/api/v1/apps/${app.id}/groups/${group.id}`);
    expectConforms('GET', GROUP, missing);
    expectOktaError(missing, 404, 'E0000007');
    expectOktaError(await api(sim, '/api/v1/groups/00gnotthere000000000/apps'), 404, 'E0000007');
  });
});

describe('GET /api/v1/users/{id}/appLinks', () => {
  test('one link per visible link of every active app the user has; deactivating an app removes its links', async () => {
    const endUser = sim.org.users.get('end.user@example.com')!;
    const res = await api(sim, `/api/v1/users/${endUser.id}/appLinks`);
    expectConforms('GET', '/api/v1/users/{id}/appLinks', res);
    const expected = [...sim.org.apps.all()].filter((a) => a.status === 'ACTIVE' && expectedUsers(a).includes(endUser.id));
    expect([...new Set(res.body.map((l: { appInstanceId: string }) => l.appInstanceId))]).toEqual(expected.map((a) => a.id));
    expect(res.body.map((l: { sortOrder: number }) => l.sortOrder)).toEqual(res.body.map((_: unknown, i: number) => i));
    const google = res.body.filter((l: { appName: string }) => l.appName === 'google');
    expect(google.map((l: { label: string }) => l.label)).toEqual(['Google Workspace Mail', 'Google Workspace Calendar', 'Google Workspace Drive']);
    for (const link of res.body) expect(link.linkUrl.startsWith(`${sim.url}/home/${link.appName}/${link.appInstanceId}/`)).toBe(true);

    const slack = byLabel('Slack');
    await api(sim, `/api/v1/apps/${slack.id}/lifecycle/deactivate`, { method: 'POST' });
    const after = await api(sim, `/api/v1/users/${endUser.id}/appLinks`);
    expect(after.body.some((l: { appInstanceId: string }) => l.appInstanceId === slack.id)).toBe(false);
    expect(after.body.length).toBe(res.body.length - 1);
    expectOktaError(await api(sim, '/api/v1/users/00unotthere000000000/appLinks'), 404, 'E0000007');
  });
});

describe('System Log', () => {
  test("every event this file's writes emitted conforms to the spec's LogEvent", () => {
    const emitted = sim.org.logs.events.slice(firstEvent);
    expect(emitted.length).toBeGreaterThan(5);
    expect(responseErrors('GET', '/api/v1/logs', 200, emitted)).toEqual([]);
  });
});
