import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { api, eventsSince, expectConforms, expectOktaError, warmSpec } from './directoryApi.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ users: 300, seed: 'users-test' });
  warmSpec();
}, 30_000);
afterAll(async () => {
  await sim.close();
});

let serial = 0;
/** A fresh, valid create-user body. */
function newUser(extra: Record<string, unknown> = {}) {
  serial++;
  return { profile: { firstName: 'Isaac', lastName: `Brock${serial}`, email: `isaac.brock${serial}@example.org`, login: `isaac.brock${serial}@example.org`, ...extra } };
}
const PASSWORD = { password: { value: 'Tlpw3NT2mX' } };

describe('conformance of every users operation with the spec', () => {
  test('list, get, groups of a user', async () => {
    const list = await api(sim, '/api/v1/users?limit=5&search=profile.lastName%20sw%20%22a%22&sortBy=profile.lastName&sortOrder=desc');
    expect(list.status).toBe(200);
    expectConforms('GET', '/api/v1/users', list);
    const filtered = await api(sim, `/api/v1/users?filter=${encodeURIComponent('status eq "ACTIVE"')}&limit=3`);
    expectConforms('GET', '/api/v1/users', filtered);
    const q = await api(sim, '/api/v1/users?q=ada');
    expectConforms('GET', '/api/v1/users', q);
    const one = await api(sim, `/api/v1/users/${list.body[0].id}`);
    expectConforms('GET', '/api/v1/users/{id}', one);
    const missing = await api(sim, '/api/v1/users/00unothere');
    expectConforms('GET', '/api/v1/users/{id}', missing);
    expectOktaError(missing, 404, 'E0000007');
    expect(missing.body.errorSummary).toBe('Not found: Resource not found: 00unothere (User)');
    const me = await api(sim, '/api/v1/users/me');
    expect(me.body.profile.login).toBe('admin@example.com');
    const groups = await api(sim, `/api/v1/users/${list.body[0].id}/groups`);
    expectConforms('GET', '/api/v1/users/{id}/groups', groups);
    expect(groups.body.length).toBeGreaterThan(0);
    expectConforms('GET', '/api/v1/users/{id}/groups', await api(sim, '/api/v1/users/00unothere/groups'));
  });

  test('create, update, replace, delete', async () => {
    const created = await api(sim, '/api/v1/users?activate=true', { method: 'POST', body: { ...newUser(), credentials: PASSWORD } });
    expect(created.status).toBe(200);
    expectConforms('POST', '/api/v1/users', created);
    const invalid = await api(sim, '/api/v1/users?activate=false', { method: 'POST', body: { profile: { login: 'nope' } } });
    expectConforms('POST', '/api/v1/users', invalid);
    const id = created.body.id;
    const updated = await api(sim, `/api/v1/users/${id}?strict=false`, { method: 'POST', body: { profile: { title: 'Staff' } } });
    expectConforms('POST', '/api/v1/users/{id}', updated);
    expectConforms('POST', '/api/v1/users/{id}', await api(sim, `/api/v1/users/${id}`, { method: 'POST', body: { profile: { email: 'bad' } } }));
    expectConforms('POST', '/api/v1/users/{id}', await api(sim, '/api/v1/users/00unothere', { method: 'POST', body: { profile: {} } }));
    const replaced = await api(sim, `/api/v1/users/${id}`, { method: 'PUT', body: { profile: { ...created.body.profile, title: 'Lead' } } });
    expectConforms('PUT', '/api/v1/users/{id}', replaced);
    expectConforms('PUT', '/api/v1/users/{id}', await api(sim, `/api/v1/users/${id}`, { method: 'PUT', body: { profile: { title: 'x' } } }));
    expectConforms('PUT', '/api/v1/users/{id}', await api(sim, '/api/v1/users/00unothere', { method: 'PUT', body: { profile: {} } }));
    const deactivated = await api(sim, `/api/v1/users/${id}?sendEmail=false`, { method: 'DELETE' });
    expectConforms('DELETE', '/api/v1/users/{id}', deactivated);
    expectConforms('DELETE', '/api/v1/users/{id}', await api(sim, `/api/v1/users/${id}`, { method: 'DELETE' }));
    expectConforms('DELETE', '/api/v1/users/{id}', await api(sim, `/api/v1/users/${id}`, { method: 'DELETE' }));
  });

  test('every lifecycle operation, success and refusal', async () => {
    const staged = (await api(sim, '/api/v1/users?activate=false', { method: 'POST', body: newUser() })).body;
    const op = (name: string, id: string, query = '') => api(sim, `/api/v1/users/${id}/lifecycle/${name}${query}`, { method: 'POST' });
    const path = (name: string) => `/api/v1/users/{id}/lifecycle/${name}`;
    const cases: Array<[string, string, string]> = [
      ['activate', staged.id, '?sendEmail=false'], // 200 with token
      ['activate', staged.id, ''], // 403 E0000016
      ['reactivate', staged.id, '?sendEmail=false'], // PROVISIONED: 200 with token
      ['reset_password', staged.id, '?sendEmail=false&revokeSessions=true'], // 200 with URL
      ['expire_password', staged.id, ''], // RECOVERY without password: 403
      ['suspend', staged.id, ''], // 400
      ['unsuspend', staged.id, ''], // 400
      ['unlock', staged.id, ''], // 403 E0000032
      ['deactivate', staged.id, '?sendEmail=false'], // 200
      ['deactivate', staged.id, ''], // 403
      ['activate', '00unothere', ''], // 404
    ];
    for (const [name, id, query] of cases) expectConforms('POST', path(name), await op(name, id, query));
    const active = (await api(sim, '/api/v1/users', { method: 'POST', body: { ...newUser(), credentials: PASSWORD } })).body;
    for (const name of ['suspend', 'unsuspend', 'expire_password', 'unlock']) expectConforms('POST', path(name), await op(name, active.id));
  });
});

describe('creating users', () => {
  test('activation and credentials decide the status, as in Okta creation scenarios', async () => {
    const create = async (query: string, extra: Record<string, unknown> = {}) => (await api(sim, `/api/v1/users${query}`, { method: 'POST', body: { ...newUser(), ...extra } })).body;
    const staged = await create('?activate=false', { credentials: PASSWORD });
    expect({ status: staged.status, activated: staged.activated, password: staged.credentials.password }).toEqual({ status: 'STAGED', activated: null, password: {} });
    expect(staged._links.activate.href).toBe(`${sim.url}/api/v1/users/${staged.id}/lifecycle/activate`);
    const provisioned = await create('');
    expect(provisioned.status).toBe('PROVISIONED');
    expect(provisioned.activated).not.toBeNull();
    expect(provisioned.credentials).toEqual({ provider: { type: 'OKTA', name: 'OKTA' } });
    const active = await create('?activate=true', { credentials: { ...PASSWORD, recovery_question: { question: 'Who?', answer: 'Annie Oakley' } } });
    expect(active.status).toBe('ACTIVE');
    expect(active.credentials.recovery_question).toEqual({ question: 'Who?' });
    expect(active.passwordChanged).toBe(active.created);
    const expired = await create('?activate=true&nextLogin=changePassword', { credentials: PASSWORD });
    expect(expired.status).toBe('PASSWORD_EXPIRED');
  });

  test('nextLogin=changePassword needs a password and activation (E0000124, E0000125)', async () => {
    expectOktaError(await api(sim, '/api/v1/users?nextLogin=changePassword', { method: 'POST', body: newUser() }), 400, 'E0000124');
    expectOktaError(await api(sim, '/api/v1/users?activate=false&nextLogin=changePassword', { method: 'POST', body: { ...newUser(), credentials: PASSWORD } }), 400, 'E0000125');
  });

  test('validation failures are 400 E0000001 with errorCauses', async () => {
    const taken = sim.org.users.get('admin@example.com')!.profile.login;
    const dup = await api(sim, '/api/v1/users', { method: 'POST', body: { profile: { ...newUser().profile, login: taken.toUpperCase() } } });
    expectOktaError(dup, 400, 'E0000001', [/^login: An object with this field already exists in the current organization$/]);
    expect(dup.body.errorSummary).toBe('Api validation failed: login');
    const missing = await api(sim, '/api/v1/users', { method: 'POST', body: { profile: { firstName: 'A' } } });
    expectOktaError(missing, 400, 'E0000001', [/^login: The field cannot be left blank$/, /^email: The field cannot be left blank$/, /^lastName: The field cannot be left blank$/]);
    const malformed = await api(sim, '/api/v1/users', { method: 'POST', body: newUser({ email: 'not-an-email', secondEmail: 'x@' }) });
    expectOktaError(malformed, 400, 'E0000001', [/^email: Does not match required pattern$/, /^secondEmail: Does not match required pattern$/]);
    const weak = await api(sim, '/api/v1/users', { method: 'POST', body: { ...newUser(), credentials: { password: { value: 'short' } } } });
    expectOktaError(weak, 400, 'E0000001', [/^password: Password requirements were not met/]);
    const question = await api(sim, '/api/v1/users', { method: 'POST', body: { ...newUser(), credentials: { recovery_question: { question: 'Q?', answer: 'no' } } } });
    expectOktaError(question, 400, 'E0000001', [/answer must be at least 4 characters/]);
    const type = await api(sim, '/api/v1/users', { method: 'POST', body: { ...newUser(), type: { id: 'otyUnknown' } } });
    expectOktaError(type, 400, 'E0000001', [/^type\.id: /]);
    expectOktaError(await api(sim, '/api/v1/users', { method: 'POST', body: { boop: 'bap' } }), 400, 'E0000003');
    expectOktaError(await api(sim, '/api/v1/users', { method: 'POST', body: '{"profile":' }), 400, 'E0000003');
  });

  test('groupIds puts the user in those groups; an unknown group is 404 (UserGroup)', async () => {
    const engineering = [...sim.org.groups.all()].find((g) => g.profile.name === 'Engineering')!;
    const before = engineering.lastMembershipUpdated;
    const from = sim.org.logs.events.length;
    const user = (await api(sim, '/api/v1/users', { method: 'POST', body: { ...newUser(), groupIds: [engineering.id, sim.org.groups.everyoneId] } })).body;
    expect(sim.org.groups.isMember(engineering.id, user.id)).toBe(true);
    expect(engineering.lastMembershipUpdated > before).toBe(true);
    const groups = (await api(sim, `/api/v1/users/${user.id}/groups`)).body.map((g: { profile: { name: string } }) => g.profile.name);
    expect(groups).toEqual(['Everyone', 'Engineering']);
    expect(eventsSince(sim, from).map((e) => e.eventType)).toEqual(['user.lifecycle.create', 'user.lifecycle.activate', 'group.user_membership.add']);
    const unknown = await api(sim, '/api/v1/users', { method: 'POST', body: { ...newUser(), groupIds: ['00gnothere'] } });
    expectOktaError(unknown, 404, 'E0000007');
    expect(unknown.body.errorSummary).toBe('Not found: Resource not found: 00gnothere (UserGroup)');
    const appGroup = [...sim.org.groups.all()].find((g) => g.type === 'APP_GROUP')!;
    expectOktaError(await api(sim, '/api/v1/users', { method: 'POST', body: { ...newUser(), groupIds: [appGroup.id] } }), 403, 'E0000006');
  });

  test('a create is logged with Okta event types, messages and a User target', async () => {
    const from = sim.org.logs.events.length;
    const user = (await api(sim, '/api/v1/users?activate=false', { method: 'POST', body: newUser() })).body;
    const [event] = eventsSince(sim, from);
    expect(event).toMatchObject({ eventType: 'user.lifecycle.create', displayMessage: 'Create Okta user' });
    expect(event!.target).toEqual([expect.objectContaining({ id: user.id, type: 'User', alternateId: user.profile.login, displayName: `Isaac ${user.profile.lastName}` })]);
  });
});

describe('updating and deleting users', () => {
  test('POST merges the profile, PUT replaces it; indexes follow the new login and email', async () => {
    const user = (await api(sim, '/api/v1/users', { method: 'POST', body: newUser({ title: 'Engineer', nickName: 'Ike' }) })).body;
    const from = sim.org.logs.events.length;
    const merged = await api(sim, `/api/v1/users/${user.id}`, { method: 'POST', body: { profile: { title: 'Staff Engineer', email: 'ike@example.net' } } });
    expect(merged.body.profile).toMatchObject({ title: 'Staff Engineer', nickName: 'Ike', email: 'ike@example.net', login: user.profile.login });
    expect(merged.body.lastUpdated >= user.lastUpdated).toBe(true);
    expect(eventsSince(sim, from)).toEqual([expect.objectContaining({ eventType: 'user.account.update_profile', displayMessage: 'Update user profile for Okta' })]);
    const byEmail = await api(sim, `/api/v1/users?filter=${encodeURIComponent('profile.email eq "ike@example.net"')}`);
    expect(byEmail.body.map((u: { id: string }) => u.id)).toEqual([user.id]);

    const login = `renamed.${user.id}@example.org`;
    const replaced = await api(sim, `/api/v1/users/${user.id}`, { method: 'PUT', body: { profile: { login, email: login, firstName: 'Isaac', lastName: 'Brock' } } });
    expect(replaced.body.profile).toEqual({ login, email: login, firstName: 'Isaac', lastName: 'Brock' });
    expect((await api(sim, `/api/v1/users/${encodeURIComponent(login)}`)).body.id).toBe(user.id);
    expect((await api(sim, `/api/v1/users/${encodeURIComponent(user.profile.login)}`)).status).toBe(404);
    expect((await api(sim, `/api/v1/users?filter=${encodeURIComponent('profile.email eq "ike@example.net"')}`)).body).toEqual([]);
    const noLogin = await api(sim, `/api/v1/users/${user.id}`, { method: 'PUT', body: { profile: { email: login, firstName: 'I', lastName: 'B' } } });
    expectOktaError(noLogin, 400, 'E0000001', [/^login: The field cannot be left blank$/]);
    const blank = await api(sim, `/api/v1/users/${user.id}`, { method: 'POST', body: { profile: { firstName: '' } } });
    expectOktaError(blank, 400, 'E0000001', [/^firstName: The field cannot be left blank$/]);
    const taken = await api(sim, `/api/v1/users/${user.id}`, { method: 'POST', body: { profile: { login: 'admin@example.com' } } });
    expectOktaError(taken, 400, 'E0000001', [/already exists/]);
    const password = await api(sim, `/api/v1/users/${user.id}`, { method: 'POST', body: { credentials: PASSWORD } });
    expect(password.body.credentials.password).toEqual({});
  });

  test('a deactivated user keeps its profile on update, as Okta does by default', async () => {
    const user = (await api(sim, '/api/v1/users', { method: 'POST', body: newUser() })).body;
    await api(sim, `/api/v1/users/${user.id}/lifecycle/deactivate`, { method: 'POST' });
    const answer = await api(sim, `/api/v1/users/${user.id}`, { method: 'POST', body: { profile: { title: 'Ghost' } } });
    expect(answer.status).toBe(200);
    expect(answer.body.profile.title).toBeUndefined();
  });

  test('DELETE deactivates first, deletes the second time, and removes memberships', async () => {
    const vpn = [...sim.org.groups.all()].find((g) => g.profile.name === 'VPN Users')!;
    const user = (await api(sim, '/api/v1/users', { method: 'POST', body: { ...newUser(), groupIds: [vpn.id] } })).body;
    const from = sim.org.logs.events.length;
    expect((await api(sim, `/api/v1/users/${user.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(sim, `/api/v1/users/${user.id}`)).body.status).toBe('DEPROVISIONED');
    expect(sim.org.groups.isMember(vpn.id, user.id)).toBe(true);
    expect((await api(sim, `/api/v1/users/${user.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(sim, `/api/v1/users/${user.id}`)).status).toBe(404);
    expect(sim.org.groups.isMember(vpn.id, user.id)).toBe(false);
    expect(sim.org.groups.groupsOf(user.id)).toEqual([]);
    expect(eventsSince(sim, from).map((e) => e.eventType)).toEqual(['user.lifecycle.deactivate', 'user.lifecycle.delete.initiated', 'user.lifecycle.delete.completed']);
    expectOktaError(await api(sim, `/api/v1/users/${user.id}`, { method: 'DELETE' }), 404, 'E0000007');
  });
});
