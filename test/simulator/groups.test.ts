import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { Org } from '../../src/simulator/org.js';
import type { SimGroup } from '../../src/simulator/store/groups.js';
import { api, eventsSince, expectConforms, expectOktaError, pageAll, warmSpec } from './directoryApi.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ users: 250, seed: 'groups-test' });
  warmSpec();
}, 30_000);
afterAll(async () => {
  await sim.close();
});

const enc = encodeURIComponent;
const groups = (): SimGroup[] => [...sim.org.groups.all()];
const named = (name: string) => groups().find((g) => g.profile.name === name)!;
const everyone = () => sim.org.groups.get(sim.org.groups.everyoneId!)!;
const ids = (list: Array<{ id: string }>) => list.map((g) => g.id);
let serial = 0;
const createGroup = async (name = `Team ${++serial}`, description: string | undefined = 'A team') =>
  (await api(sim, '/api/v1/groups', { method: 'POST', body: { profile: { name, description } } })).body;

describe('conformance of every groups operation with the spec', () => {
  test('list, get, create, replace, delete', async () => {
    expectConforms('GET', '/api/v1/groups', await api(sim, '/api/v1/groups?limit=3&expand=stats'));
    expectConforms('GET', '/api/v1/groups', await api(sim, `/api/v1/groups?search=${enc('type eq "OKTA_GROUP"')}&sortBy=profile.name&sortOrder=asc`));
    expectConforms('GET', '/api/v1/groups', await api(sim, `/api/v1/groups?filter=${enc('type eq "APP_GROUP"')}&limit=10`));
    expectConforms('GET', '/api/v1/groups', await api(sim, '/api/v1/groups?q=Eng&limit=10'));
    expectConforms('GET', '/api/v1/groups/{groupId}', await api(sim, `/api/v1/groups/${named('Engineering Users').id}`));
    expectConforms('GET', '/api/v1/groups/{groupId}', await api(sim, '/api/v1/groups/00gnothere'));
    const created = await api(sim, '/api/v1/groups', { method: 'POST', body: { profile: { name: 'Conformance', description: 'x' } } });
    expectConforms('POST', '/api/v1/groups', created);
    expectConforms('POST', '/api/v1/groups', await api(sim, '/api/v1/groups', { method: 'POST', body: { profile: { name: 'Conformance' } } }));
    const path = `/api/v1/groups/${created.body.id}`;
    expectConforms('PUT', '/api/v1/groups/{groupId}', await api(sim, path, { method: 'PUT', body: { profile: { name: 'Conformance 2' } } }));
    expectConforms('PUT', '/api/v1/groups/{groupId}', await api(sim, path, { method: 'PUT', body: { profile: {} } }));
    expectConforms('PUT', '/api/v1/groups/{groupId}', await api(sim, `/api/v1/groups/${everyone().id}`, { method: 'PUT', body: { profile: { name: 'All' } } }));
    expectConforms('PUT', '/api/v1/groups/{groupId}', await api(sim, '/api/v1/groups/00gnothere', { method: 'PUT', body: { profile: { name: 'x' } } }));
    expectConforms('DELETE', '/api/v1/groups/{groupId}', await api(sim, path, { method: 'DELETE' }));
    expectConforms('DELETE', '/api/v1/groups/{groupId}', await api(sim, path, { method: 'DELETE' }));
    expectConforms('DELETE', '/api/v1/groups/{groupId}', await api(sim, `/api/v1/groups/${everyone().id}`, { method: 'DELETE' }));
  });

  test('members: list, add, remove', async () => {
    const group = await createGroup();
    const user = [...sim.org.users.all()][5]!;
    const member = `/api/v1/groups/${group.id}/users/${user.id}`;
    expectConforms('PUT', '/api/v1/groups/{groupId}/users/{userId}', await api(sim, member, { method: 'PUT' }));
    expectConforms('PUT', '/api/v1/groups/{groupId}/users/{userId}', await api(sim, `/api/v1/groups/${group.id}/users/00unothere`, { method: 'PUT' }));
    expectConforms('PUT', '/api/v1/groups/{groupId}/users/{userId}', await api(sim, `/api/v1/groups/${everyone().id}/users/${user.id}`, { method: 'PUT' }));
    expectConforms('GET', '/api/v1/groups/{groupId}/users', await api(sim, `/api/v1/groups/${group.id}/users?limit=10`));
    expectConforms('GET', '/api/v1/groups/{groupId}/users', await api(sim, '/api/v1/groups/00gnothere/users'));
    expectConforms('DELETE', '/api/v1/groups/{groupId}/users/{userId}', await api(sim, member, { method: 'DELETE' }));
    expectConforms('DELETE', '/api/v1/groups/{groupId}/users/{userId}', await api(sim, `/api/v1/groups/00gnothere/users/${user.id}`, { method: 'DELETE' }));
  });
});

describe('seeded groups', () => {
  test('Everyone (all users, derived), one group per department, cross-cutting groups and two AD app groups', () => {
    const users = [...sim.org.users.all()];
    expect(everyone()).toMatchObject({ type: 'BUILT_IN', profile: { name: 'Everyone', description: 'All users in your organization' } });
    expect(sim.org.groups.memberCount(everyone().id)).toBe(users.length);
    for (const department of new Set(users.map((u) => String(u.profile.department)))) {
      const group = named(department);
      expect(group.type).toBe('OKTA_GROUP');
      expect(sim.org.groups.members(group.id).sort()).toEqual(users.filter((u) => u.profile.department === department).map((u) => u.id).sort());
    }
    expect(sim.org.groups.members(named('Contractors').id).length).toBe(users.filter((u) => u.profile.userType === 'Contractor').length);
    for (const name of ['Managers', 'VPN Users', 'Okta Administrators']) expect(sim.org.groups.memberCount(named(name).id)).toBeGreaterThan(0);
    const appGroups = groups().filter((g) => g.type === 'APP_GROUP');
    expect(appGroups.map((g) => g.profile.name)).toEqual(['Engineering Users', 'London Office']);
    expect(appGroups[0]!.objectClass).toEqual(['okta:windows_security_principal']);
    expect(groups().every((g) => /^00g[A-Za-z0-9]{17}$/.test(g.id))).toBe(true);
  });

  test('the same seed gives the same groups and memberships', () => {
    const a = new Org({ users: 120, seed: 7 });
    const b = new Org({ users: 120, seed: 7 });
    const shape = (org: Org) => [...org.groups.all()].map((g) => [g.id, g.profile.name, g.lastMembershipUpdated, org.groups.members(g.id).join()]);
    expect(shape(a)).toEqual(shape(b));
    expect(shape(new Org({ users: 120, seed: 8 }))).not.toEqual(shape(a));
  });
});

describe('listing groups', () => {
  test('pages to the end through Link headers; expand=stats counts members', async () => {
    const { items, pages } = await pageAll(sim, '/api/v1/groups?limit=4&expand=stats');
    expect(ids(items)).toEqual(ids(groups()));
    expect(pages).toBeGreaterThan(3);
    const first = items.find((g) => g.id === everyone().id);
    expect(first._embedded.stats.usersCount).toBe(sim.org.users.size);
    expect(first._links.users.href).toBe(`${sim.url}/api/v1/groups/${everyone().id}/users`);
  });

  test('filter: id, type, lastUpdated and lastMembershipUpdated with comparisons, and/or', async () => {
    const check = async (filter: string, expected: SimGroup[]) => {
      const answer = await api(sim, `/api/v1/groups?filter=${enc(filter)}`);
      expect({ filter, ids: ids(answer.body) }).toEqual({ filter, ids: ids(expected) });
    };
    const t = '2021-02-01T00:00:00.000Z';
    await check('type eq "BUILT_IN"', [everyone()]);
    await check('type eq "APP_GROUP"', groups().filter((g) => g.type === 'APP_GROUP'));
    await check(`id eq "${named('Sales').id}"`, [named('Sales')]);
    await check(`lastUpdated gt "${t}"`, groups().filter((g) => g.lastUpdated > t));
    await check(`lastUpdated lt "${t}" or type eq "BUILT_IN"`, groups().filter((g) => g.lastUpdated < t || g.type === 'BUILT_IN'));
    const m = named('Legal').lastMembershipUpdated;
    await check(`lastMembershipUpdated ge "${m}" and type eq "OKTA_GROUP"`, groups().filter((g) => g.lastMembershipUpdated >= m && g.type === 'OKTA_GROUP'));
    await check(`lastMembershipUpdated le "${m}"`, groups().filter((g) => g.lastMembershipUpdated <= m));
    for (const bad of ['profile.name eq "Sales"', 'type sw "OKTA"', 'type eq']) expectOktaError(await api(sim, `/api/v1/groups?filter=${enc(bad)}`), 400, 'E0000031');
  });

  test('search: profile attributes (sw, eq, co on name/description), type, source.id, dates; sorted', async () => {
    const check = async (search: string, expected: SimGroup[]) => {
      const answer = await api(sim, `/api/v1/groups?search=${enc(search)}`);
      expect({ search, ids: ids(answer.body) }).toEqual({ search, ids: ids(expected) });
    };
    await check('profile.name sw "eng"', groups().filter((g) => g.profile.name.toLowerCase().startsWith('eng')));
    await check('profile.description co "MANAGEMENT"', groups().filter((g) => String(g.profile.description).toLowerCase().includes('management')));
    await check('type eq "app_group" and profile.samAccountName eq "London Office"', [named('London Office')]);
    await check('created lt "2021-01-02T00:00:00.000Z"', [everyone()]);
    await check('profile.dn pr', groups().filter((g) => g.profile.dn));
    named('London Office').sourceAppId = '0oaSourceAppForTest1';
    await check('source.id eq "0oaSourceAppForTest1"', [named('London Office')]);
    const sorted = await pageAll(sim, `/api/v1/groups?limit=5&search=${enc('type eq "OKTA_GROUP"')}&sortBy=profile.name&sortOrder=desc`);
    const expected = groups().filter((g) => g.type === 'OKTA_GROUP').map((g) => g.profile.name).sort().reverse();
    expect(sorted.items.map((g) => g.profile.name)).toEqual(expected);
    for (const bad of ['profile.dn co "CN"', 'type ne "BUILT_IN"', 'members eq "x"']) expectOktaError(await api(sim, `/api/v1/groups?search=${enc(bad)}`), 400, 'E0000031');
    expectOktaError(await api(sim, `/api/v1/groups?search=${enc('type eq "X"')}&filter=${enc('type eq "X"')}`), 400, 'E0000033');
  });

  test('q: name prefix, exact matches first, never paged', async () => {
    await createGroup('Eng');
    const answer = await api(sim, '/api/v1/groups?q=eng&limit=2');
    expect(answer.body.map((g: SimGroup) => g.profile.name)).toEqual(['Eng', 'Engineering']);
    expect(answer.next).toBeUndefined();
  });
});

describe('group writes', () => {
  test('create, read back, replace (full profile), delete; each logged', async () => {
    const from = sim.org.logs.events.length;
    const group = await createGroup('West Coast Users', 'All users west of the Rockies');
    expect(group).toMatchObject({ type: 'OKTA_GROUP', objectClass: ['okta:user_group'], profile: { name: 'West Coast Users', description: 'All users west of the Rockies' } });
    expect(group.created).toBe(group.lastMembershipUpdated);
    expect((await api(sim, `/api/v1/groups/${group.id}`)).body).toEqual(group);
    const replaced = (await api(sim, `/api/v1/groups/${group.id}`, { method: 'PUT', body: { profile: { name: 'Pacific Users' } } })).body;
    expect(replaced.profile).toEqual({ name: 'Pacific Users' });
    expect(replaced.lastUpdated >= group.lastUpdated).toBe(true);
    expect((await api(sim, `/api/v1/groups/${group.id}`, { method: 'DELETE' })).status).toBe(204);
    expectOktaError(await api(sim, `/api/v1/groups/${group.id}`), 404, 'E0000007');
    const events = eventsSince(sim, from);
    expect(events.map((e) => [e.eventType, e.displayMessage])).toEqual([
      ['group.lifecycle.create', 'Create Okta group'],
      ['group.profile.update', 'Update Okta group profile'],
      ['group.lifecycle.delete', 'Delete Okta group'],
    ]);
    expect(events[0]!.target).toEqual([expect.objectContaining({ id: group.id, type: 'UserGroup', displayName: 'West Coast Users' })]);
  });

  test('validation: name required and unique among Okta groups; unknown properties are malformed', async () => {
    expectOktaError(await api(sim, '/api/v1/groups', { method: 'POST', body: { profile: { name: 'sales' } } }), 400, 'E0000001', [/^name: An object with this field already exists/]);
    expectOktaError(await api(sim, '/api/v1/groups', { method: 'POST', body: { profile: { description: 'x' } } }), 400, 'E0000001', [/^name: The field cannot be left blank$/]);
    expectOktaError(await api(sim, '/api/v1/groups', { method: 'POST', body: { boop: 'bap' } }), 400, 'E0000003');
    // An app group's name does not block an Okta group of the same name.
    expect((await api(sim, '/api/v1/groups', { method: 'POST', body: { profile: { name: 'London Office' } } })).status).toBe(200);
  });

  test('Everyone cannot be changed, renamed, deleted or have its membership changed', async () => {
    const id = everyone().id;
    const user = [...sim.org.users.all()][3]!;
    const refusals = [
      await api(sim, `/api/v1/groups/${id}`, { method: 'PUT', body: { profile: { name: 'All' } } }),
      await api(sim, `/api/v1/groups/${id}`, { method: 'DELETE' }),
      await api(sim, `/api/v1/groups/${id}/users/${user.id}`, { method: 'PUT' }),
      await api(sim, `/api/v1/groups/${id}/users/${user.id}`, { method: 'DELETE' }),
    ];
    for (const answer of refusals) expectOktaError(answer, 403, 'E0000006', [/BUILT_IN/]);
    expect(everyone().profile.name).toBe('Everyone');
    expect(sim.org.groups.isMember(id, user.id)).toBe(true);
  });

  test('an APP_GROUP’s profile and membership belong to its source app; it can still be deleted', async () => {
    const group = named('Engineering Users');
    const user = [...sim.org.users.all()][4]!;
    expectOktaError(await api(sim, `/api/v1/groups/${group.id}`, { method: 'PUT', body: { profile: { name: 'x' } } }), 403, 'E0000006', [/APP_GROUP/]);
    expectOktaError(await api(sim, `/api/v1/groups/${group.id}/users/${user.id}`, { method: 'PUT' }), 403, 'E0000006');
    expectOktaError(await api(sim, `/api/v1/groups/${group.id}/users/${user.id}`, { method: 'DELETE' }), 403, 'E0000006');
    const london = named('London Office');
    expect((await api(sim, `/api/v1/groups/${london.id}`, { method: 'DELETE' })).status).toBe(204);
  });
});

describe('memberships', () => {
  test('add and remove are idempotent 204s; lastMembershipUpdated moves; events only on change', async () => {
    const group = await createGroup();
    const [a, b] = [...sim.org.users.all()].slice(10, 12);
    const before = group.lastMembershipUpdated;
    await sleep(2);
    const from = sim.org.logs.events.length;
    const put = (u: { id: string }) => api(sim, `/api/v1/groups/${group.id}/users/${u.id}`, { method: 'PUT' });
    expect((await put(a!)).status).toBe(204);
    expect((await put(a!)).status).toBe(204);
    expect((await put(b!)).status).toBe(204);
    const after = (await api(sim, `/api/v1/groups/${group.id}`)).body.lastMembershipUpdated;
    expect(after > before).toBe(true);
    expect(ids((await api(sim, `/api/v1/groups/${group.id}/users`)).body)).toEqual([a!.id, b!.id]);
    expect(ids((await api(sim, `/api/v1/users/${a!.id}/groups`)).body)).toContain(group.id);
    expect((await api(sim, `/api/v1/groups/${group.id}/users/${a!.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(sim, `/api/v1/groups/${group.id}/users/${a!.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(ids((await api(sim, `/api/v1/groups/${group.id}/users`)).body)).toEqual([b!.id]);
    const events = eventsSince(sim, from);
    expect(events.map((e) => [e.eventType, e.displayMessage])).toEqual([
      ['group.user_membership.add', 'Add user to group membership'],
      ['group.user_membership.add', 'Add user to group membership'],
      ['group.user_membership.remove', 'Remove user from group membership'],
    ]);
    expect(events[0]!.target.map((t: { type: string; id: string }) => [t.type, t.id])).toEqual([['User', a!.id], ['UserGroup', group.id]]);
  });

  test('members page to the end through Link headers (Everyone: every user)', async () => {
    const department = named('Engineering');
    const members = await pageAll(sim, `/api/v1/groups/${department.id}/users?limit=7`);
    expect(ids(members.items)).toEqual(sim.org.groups.members(department.id));
    const all = await pageAll(sim, `/api/v1/groups/${everyone().id}/users?limit=100`);
    expect(ids(all.items)).toEqual([...sim.org.users.all()].map((u) => u.id));
    expect(all.pages).toBe(Math.ceil(sim.org.users.size / 100) + (sim.org.users.size % 100 === 0 ? 1 : 0));
  });

  test('404s: unknown group (UserGroup) or user (User)', async () => {
    const user = [...sim.org.users.all()][0]!;
    const group = await createGroup();
    const missingGroup = await api(sim, `/api/v1/groups/00gnothere/users/${user.id}`, { method: 'PUT' });
    expectOktaError(missingGroup, 404, 'E0000007');
    expect(missingGroup.body.errorSummary).toBe('Not found: Resource not found: 00gnothere (UserGroup)');
    const missingUser = await api(sim, `/api/v1/groups/${group.id}/users/00unothere`, { method: 'PUT' });
    expect(missingUser.body.errorSummary).toBe('Not found: Resource not found: 00unothere (User)');
    for (const path of ['/api/v1/groups/00gnothere', '/api/v1/groups/00gnothere/users']) expectOktaError(await api(sim, path), 404, 'E0000007');
    expectOktaError(await api(sim, '/api/v1/groups/00gnothere', { method: 'DELETE' }), 404, 'E0000007');
  });
});

describe('search index lag for groups', () => {
  test('a new group is missing from search for the lag; filter and get see it at once', async () => {
    await fetch(`${sim.url}/__simulator/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ searchLagMs: 300 }) });
    try {
      const group = await createGroup('Lagging Group');
      const search = async () => ids((await api(sim, `/api/v1/groups?search=${enc('profile.name eq "Lagging Group"')}`)).body);
      expect(await search()).toEqual([]);
      expect(ids((await api(sim, `/api/v1/groups?filter=${enc(`id eq "${group.id}"`)}`)).body)).toEqual([group.id]);
      expect((await api(sim, `/api/v1/groups/${group.id}`)).status).toBe(200);
      await sleep(350);
      expect(await search()).toEqual([group.id]);
    } finally {
      await fetch(`${sim.url}/__simulator/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ searchLagMs: 0 }) });
    }
  });
});
