import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { createHash, createPublicKey, sign, verify } from 'node:crypto';
import { keysOf } from '../../src/simulator/authServers/keys.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { SimAuthServer } from '../../src/simulator/store/authServers.js';
import { responseErrors } from '../helpers/openapi.js';
import { api, expectConforms, expectOktaError, type Answer } from './directoryApi.js';

jest.setTimeout(20_000);

let sim: Simulator;
/** Where this file's events start in the org's log (after the seeded history). */
let firstEvent = 0;
let partner: SimAuthServer;
beforeAll(async () => {
  sim = await startSimulator({ users: 120, seed: 'auth-servers-test' });
  firstEvent = sim.org.logs.events.length;
  partner = sim.org.authServers.all().find((s) => s.name === 'Partner API')!;
  // Parsing Okta's spec and compiling its schemas takes seconds on a busy machine: once, up front.
  responseErrors('GET', '/api/v1/authorizationServers', 200, []);
}, 60_000);
afterAll(async () => {
  await sim.close();
});

const AS = '/api/v1/authorizationServers/{authServerId}';
/** The System Log events since `from`, as the tests read them. */
interface Logged {
  eventType: string;
  displayMessage: string;
  target: Array<{ id: string; type: string; displayName?: string }>;
}
const events = (from: number) => sim.org.logs.events.slice(from) as unknown as Logged[];
const path = (suffix = '', server = partner) => `/api/v1/authorizationServers/${server.id}${suffix}`;

/** Calls and checks the request and the answer against the spec operation. */
async function checked(specPath: string, url: string, init: { method?: string; body?: unknown } = {}): Promise<Answer> {
  const res = await api(sim, url, init);
  expectConforms(init.method ?? 'GET', specPath, res);
  return res;
}

describe('authorization servers', () => {
  test('list: default (id "default") and Partner API, issuer {org}/oauth2/{id}; q on name or audience; paging by Link', async () => {
    const list = await checked('/api/v1/authorizationServers', '/api/v1/authorizationServers');
    expect(list.body.map((s: { name: string }) => s.name)).toEqual(['default', 'Partner API']);
    const [def, custom] = list.body;
    expect(def).toMatchObject({ id: 'default', issuer: `${sim.url}/oauth2/default`, audiences: ['api://default'], status: 'ACTIVE', issuerMode: 'ORG_URL' });
    expect(custom.id).toMatch(/^aus[0-9A-Za-z]{17}$/);
    expect(custom.issuer).toBe(`${sim.url}/oauth2/${custom.id}`);
    expect((await checked('/api/v1/authorizationServers', '/api/v1/authorizationServers?q=partner')).body.map((s: { id: string }) => s.id)).toEqual([custom.id]);
    expect((await checked('/api/v1/authorizationServers', '/api/v1/authorizationServers?q=api%3A%2F%2Fdef')).body.map((s: { id: string }) => s.id)).toEqual(['default']);
    const first = await checked('/api/v1/authorizationServers', '/api/v1/authorizationServers?limit=1');
    expect(first.body).toHaveLength(1);
    const second = await checked('/api/v1/authorizationServers', first.next!);
    expect(second.body.map((s: { id: string }) => s.id)).toEqual([custom.id]);
    const one = await checked(AS, path());
    expect(one.body).toEqual(custom);
    expectOktaError(await checked(AS, '/api/v1/authorizationServers/ausnotthere000000000'), 404, 'E0000007');
  });

  test('deactivate and activate: 204, status and links follow, oauth2.as.* events', async () => {
    const from = sim.org.logs.events.length;
    await checked(`${AS}/lifecycle/deactivate`, path('/lifecycle/deactivate'), { method: 'POST' });
    const off = (await api(sim, path())).body;
    expect(off.status).toBe('INACTIVE');
    expect(off._links.activate.href).toBe(`${sim.url}${path('/lifecycle/activate')}`);
    expect((await api(sim, path('/lifecycle/deactivate'), { method: 'POST' })).status).toBe(204);
    await checked(`${AS}/lifecycle/activate`, path('/lifecycle/activate'), { method: 'POST' });
    expect(partner.status).toBe('ACTIVE');
    const logged = events(from);
    expect(logged.map((e) => e.eventType)).toEqual(['oauth2.as.deactivated', 'oauth2.as.activated']);
    expect(logged[0]!.target[0]).toMatchObject({ id: partner.id, type: 'AuthorizationServer', displayName: 'Partner API' });
    expectOktaError(await api(sim, '/api/v1/authorizationServers/ausnotthere000000000/lifecycle/activate', { method: 'POST' }), 404, 'E0000007');
  });
});

describe('signing keys', () => {
  test('ACTIVE and NEXT RSA public keys: importable JWKs whose kid is the thumbprint, verifying what the server signs', async () => {
    const res = await checked(`${AS}/credentials/keys`, path('/credentials/keys'));
    expect(res.body.map((k: { status: string }) => k.status)).toEqual(['ACTIVE', 'NEXT']);
    const internal = await keysOf(sim.org, partner.id, partner.created);
    for (const [i, jwk] of res.body.entries()) {
      expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
      const key = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
      expect(key.asymmetricKeyType).toBe('rsa');
      expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
      expect(jwk.kid).toBe(createHash('sha256').update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n })).digest('base64url'));
      const signature = sign('sha256', Buffer.from('token'), internal[i]!.privateKey);
      expect(verify('sha256', Buffer.from('token'), key, signature)).toBe(true);
    }
    expect((await api(sim, path())).body.credentials.signing).toMatchObject({ kid: res.body[0].kid, use: 'sig', rotationMode: 'AUTO' });
    expect(res.body[0].kid).not.toBe((await api(sim, '/api/v1/authorizationServers/default/credentials/keys')).body[0].kid);
    const one = await checked(`${AS}/credentials/keys/{keyId}`, path(`/credentials/keys/${res.body[1].kid}`));
    expect(one.body).toEqual(res.body[1]);
    expectOktaError(await checked(`${AS}/credentials/keys/{keyId}`, path('/credentials/keys/nope')), 404, 'E0000007');
  });

  test('keyRotate: NEXT becomes ACTIVE, a new NEXT appears, the old ACTIVE expires', async () => {
    const before = (await api(sim, path('/credentials/keys'))).body;
    const bad = await checked(`${AS}/credentials/lifecycle/keyRotate`, path('/credentials/lifecycle/keyRotate'), { method: 'POST', body: { use: 'enc' } });
    expectOktaError(bad, 400, 'E0000001');
    const from = sim.org.logs.events.length;
    const rotated = await checked(`${AS}/credentials/lifecycle/keyRotate`, path('/credentials/lifecycle/keyRotate'), { method: 'POST', body: { use: 'sig' } });
    expect(rotated.body.map((k: { kid: string; status: string }) => [k.status, k.kid])).toEqual([
      ['ACTIVE', before[1].kid],
      ['NEXT', expect.not.stringMatching(new RegExp(`^(${before[0].kid}|${before[1].kid})$`))],
      ['EXPIRED', before[0].kid],
    ]);
    expect((await api(sim, path())).body.credentials.signing.kid).toBe(before[1].kid);
    expect(events(from).map((e) => e.eventType)).toEqual(['app.oauth2.as.key.rollover']);
  });
});

describe('scopes', () => {
  test('list: system OIDC scopes and custom ones; q, filter, paging by Link', async () => {
    const all = await checked(`${AS}/scopes`, path('/scopes'));
    const names = all.body.map((s: { name: string }) => s.name);
    expect(names).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'offline_access', 'partners:read', 'orders:write']));
    expect(all.body.filter((s: { system: boolean }) => s.system).map((s: { name: string }) => s.name)).toContain('openid');
    expect((await checked(`${AS}/scopes`, path('/scopes?q=ORD'))).body.map((s: { name: string }) => s.name)).toEqual(['orders:read', 'orders:write']);
    const custom = await checked(`${AS}/scopes`, path(`/scopes?filter=${encodeURIComponent('system eq false')}`));
    expect(custom.body.every((s: { system: boolean }) => !s.system)).toBe(true);
    expectOktaError(await api(sim, path(`/scopes?filter=${encodeURIComponent('description co "x"')}`)), 400, 'E0000031');
    const seen: string[] = [];
    let next: string | undefined = path('/scopes?limit=3');
    while (next) {
      const page = await checked(`${AS}/scopes`, next);
      seen.push(...page.body.map((s: { name: string }) => s.name));
      next = page.next;
    }
    expect(seen).toEqual(names);
  });

  test('create, read, replace and delete a scope, with oauth2.scope.* events', async () => {
    const from = sim.org.logs.events.length;
    const created = await checked(`${AS}/scopes`, path('/scopes'), { method: 'POST', body: { name: 'shipments:read', description: 'Read shipments', consent: 'REQUIRED', metadataPublish: 'ALL_CLIENTS' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'shipments:read', consent: 'REQUIRED', system: false, default: false, optional: false });
    expect(created.body.id).toMatch(/^scp/);
    const url = path(`/scopes/${created.body.id}`);
    expect((await checked(`${AS}/scopes/{scopeId}`, url)).body).toEqual(created.body);
    const replaced = await checked(`${AS}/scopes/{scopeId}`, url, { method: 'PUT', body: { name: 'shipments:read', description: 'Read shipment status' } });
    expect(replaced.body).toMatchObject({ description: 'Read shipment status', consent: 'IMPLICIT', metadataPublish: 'NO_CLIENTS' });
    const deleted = await checked(`${AS}/scopes/{scopeId}`, url, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expectOktaError(await checked(`${AS}/scopes/{scopeId}`, url), 404, 'E0000007');
    const logged = events(from);
    expect(logged.map((e) => e.eventType)).toEqual(['oauth2.scope.created', 'oauth2.scope.updated', 'oauth2.scope.deleted']);
    expect(logged[0]!.target.map((t: { type: string }) => t.type)).toEqual(['AuthorizationServer', 'OAuth2Scope']);
  });

  test("Okta's validation: duplicate names, reserved prefix, whitespace, enums; system scopes cannot be renamed or deleted", async () => {
    const create = (body: unknown) => checked(`${AS}/scopes`, path('/scopes'), { method: 'POST', body });
    expectOktaError(await create({ name: 'orders:read' }), 400, 'E0000001', [/^name: .*already exists/]);
    expectOktaError(await create({ name: 'okta.users.read' }), 400, 'E0000001', [/^name: .*reserved/]);
    expectOktaError(await create({ name: 'has space' }), 400, 'E0000001', [/^name: /]);
    expectOktaError(await create({ description: 'no name' }), 400, 'E0000001', [/^name: /]);
    expectOktaError(await create({ name: 'ok:scope', consent: 'SOMETIMES' }), 400, 'E0000001', [/^consent: /]);
    const openid = [...partner.scopes.values()].find((s) => s.name === 'openid')!;
    const url = path(`/scopes/${openid.id}`);
    expectOktaError(await checked(`${AS}/scopes/{scopeId}`, url, { method: 'PUT', body: { name: 'openid2' } }), 400, 'E0000001', [/^name: /]);
    const renamed = await checked(`${AS}/scopes/{scopeId}`, url, { method: 'PUT', body: { name: 'openid', description: 'OIDC' } });
    expect(renamed.body).toMatchObject({ name: 'openid', system: true, description: 'OIDC' });
    const refused = await api(sim, url, { method: 'DELETE' });
    expectOktaError(refused, 400, 'E0000001', [/^system: /]);
    expect(partner.scopes.has(openid.id)).toBe(true);
  });
});

describe('claims', () => {
  test('create, read, replace and delete a claim, with oauth2.claim.* events', async () => {
    const list = await checked(`${AS}/claims`, path('/claims'));
    expect(list.body.map((c: { name: string }) => c.name)).toEqual(['partner_tier', 'department', 'partner_groups']);
    const from = sim.org.logs.events.length;
    const body = { name: 'region', claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'user.countryCode', alwaysIncludeInToken: false, conditions: { scopes: ['orders:read'] } };
    const created = await checked(`${AS}/claims`, path('/claims'), { method: 'POST', body });
    expect(created.status).toBe(201);
    // Access-token claims are always included, whatever the request says.
    expect(created.body).toMatchObject({ name: 'region', status: 'ACTIVE', system: false, alwaysIncludeInToken: true, conditions: { scopes: ['orders:read'] } });
    expect(created.body.id).toMatch(/^ocl/);
    const url = path(`/claims/${created.body.id}`);
    expect((await checked(`${AS}/claims/{claimId}`, url)).body).toEqual(created.body);
    const groups = { name: 'region', claimType: 'IDENTITY', valueType: 'GROUPS', value: 'EU', group_filter_type: 'STARTS_WITH', alwaysIncludeInToken: false };
    const replaced = await checked(`${AS}/claims/{claimId}`, url, { method: 'PUT', body: groups });
    expect(replaced.body).toMatchObject({ claimType: 'IDENTITY', valueType: 'GROUPS', group_filter_type: 'STARTS_WITH', alwaysIncludeInToken: false });
    expect((await checked(`${AS}/claims/{claimId}`, url, { method: 'DELETE' })).status).toBe(204);
    expectOktaError(await checked(`${AS}/claims/{claimId}`, url), 404, 'E0000007');
    expect(events(from).map((e) => e.eventType)).toEqual(['oauth2.claim.created', 'oauth2.claim.updated', 'oauth2.claim.deleted']);
  });

  test("Okta's validation: required fields, reserved names, group filters, known scopes, one claim per name and type", async () => {
    const create = (body: unknown) => checked(`${AS}/claims`, path('/claims'), { method: 'POST', body });
    const base = { name: 'c1', claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'user.login' };
    expectOktaError(await create({ ...base, name: 'sub' }), 400, 'E0000001', [/^name: .*reserved/]);
    expectOktaError(await create({ name: 'c2', value: 'x' }), 400, 'E0000001', [/^claimType: /, /^valueType: /]);
    expectOktaError(await create({ ...base, valueType: 'GROUPS' }), 400, 'E0000001', [/^group_filter_type: /]);
    expectOktaError(await create({ ...base, conditions: { scopes: ['nope:read'] } }), 400, 'E0000001', [/^conditions\.scopes: /]);
    expectOktaError(await create({ ...base, name: 'department' }), 400, 'E0000001', [/^name: .*already exists/]);
    expect((await create({ ...base, name: 'department', claimType: 'IDENTITY' })).status).toBe(201);
  });
});

describe('policies and rules', () => {
  test('policies by priority; create at a priority shifts the others; replace, lifecycle and delete with policy events', async () => {
    const list = await checked(`${AS}/policies`, path('/policies'));
    expect(list.body.map((p: { name: string; priority: number }) => [p.name, p.priority])).toEqual([['Partner integrations', 1], ['Legacy access', 2]]);
    const from = sim.org.logs.events.length;
    const clientId = [...sim.org.apps.all()].find((a) => a.signOnMode === 'OPENID_CONNECT')!.id;
    const body = { type: 'OAUTH_AUTHORIZATION_POLICY', name: 'Reporting', description: 'Reporting clients', priority: 1, conditions: { clients: { include: [clientId] } } };
    const created = await checked(`${AS}/policies`, path('/policies'), { method: 'POST', body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Reporting', priority: 1, status: 'ACTIVE', system: false, conditions: { clients: { include: [clientId] } } });
    expect(created.body.id).toMatch(/^00p/);
    expect((await api(sim, path('/policies'))).body.map((p: { priority: number }) => p.priority)).toEqual([1, 2, 3]);
    const url = path(`/policies/${created.body.id}`);
    expect((await checked(`${AS}/policies/{policyId}`, url)).body).toEqual(created.body);
    const replaced = await checked(`${AS}/policies/{policyId}`, url, { method: 'PUT', body: { ...body, description: 'All reporting clients', priority: 3 } });
    expect(replaced.body).toMatchObject({ description: 'All reporting clients', priority: 3 });
    await checked(`${AS}/policies/{policyId}/lifecycle/deactivate`, `${url}/lifecycle/deactivate`, { method: 'POST' });
    expect((await api(sim, url)).body.status).toBe('INACTIVE');
    await checked(`${AS}/policies/{policyId}/lifecycle/activate`, `${url}/lifecycle/activate`, { method: 'POST' });
    expect((await checked(`${AS}/policies/{policyId}`, url, { method: 'DELETE' })).status).toBe(204);
    expectOktaError(await checked(`${AS}/policies/{policyId}`, url), 404, 'E0000007');
    expect(events(from).map((e) => e.eventType)).toEqual(['policy.lifecycle.create', 'policy.lifecycle.update', 'policy.lifecycle.deactivate', 'policy.lifecycle.activate', 'policy.lifecycle.delete']);
  });

  test("policy validation: name, description and known clients", async () => {
    const create = (body: unknown) => checked(`${AS}/policies`, path('/policies'), { method: 'POST', body });
    expectOktaError(await create({ name: 'P', conditions: { clients: { include: ['ALL_CLIENTS'] } } }), 400, 'E0000001', [/^description: /]);
    expectOktaError(await create({ name: 'P', description: 'd', conditions: { clients: { include: ['0oanotaclient'] } } }), 400, 'E0000001', [/^conditions\.clients\.include: /]);
    expectOktaError(await create({ name: 'P', description: 'd' }), 400, 'E0000001', [/^conditions\.clients\.include: /]);
    expectOktaError(await create({ name: 'P', description: 'd', priority: 0, conditions: { clients: { include: ['ALL_CLIENTS'] } } }), 400, 'E0000001', [/^priority: /]);
  });

  test('rules: list, create, replace, lifecycle and delete with policy.rule.* events; validation of grants, scopes, people and lifetimes', async () => {
    const policy = partner.policies[0]!;
    const rules = path(`/policies/${policy.id}/rules`);
    const RULES = `${AS}/policies/{policyId}/rules`;
    const list = await checked(RULES, rules);
    expect(list.body.map((r: { name: string; priority: number }) => [r.name, r.priority])).toEqual([['Machine-to-machine', 1], ['Interactive partners', 2]]);
    const sales = [...sim.org.groups.all()].find((g) => g.profile.name === 'Sales')!;
    const body = {
      type: 'RESOURCE_ACCESS', name: 'Sales reps',
      conditions: { people: { groups: { include: [sales.id] } }, grantTypes: { include: ['authorization_code'] }, scopes: { include: ['openid', 'orders:read'] } },
      actions: { token: { accessTokenLifetimeMinutes: 15, refreshTokenLifetimeMinutes: 60, refreshTokenWindowMinutes: 30 } },
    };
    const from = sim.org.logs.events.length;
    const created = await checked(RULES, rules, { method: 'POST', body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Sales reps', priority: 3, status: 'ACTIVE', type: 'RESOURCE_ACCESS', actions: { token: { accessTokenLifetimeMinutes: 15 } } });
    expect(created.body.id).toMatch(/^0pr/);
    const url = `${rules}/${created.body.id}`;
    const RULE = `${RULES}/{ruleId}`;
    expect((await checked(RULE, url)).body).toEqual(created.body);
    const replaced = await checked(RULE, url, { method: 'PUT', body: { ...body, priority: 1, name: 'Sales representatives' } });
    expect(replaced.body).toMatchObject({ name: 'Sales representatives', priority: 1 });
    expect((await api(sim, rules)).body.map((r: { id: string }) => r.id)[0]).toBe(created.body.id);
    await checked(`${RULE}/lifecycle/deactivate`, `${url}/lifecycle/deactivate`, { method: 'POST' });
    expect((await api(sim, url)).body.status).toBe('INACTIVE');
    await checked(`${RULE}/lifecycle/activate`, `${url}/lifecycle/activate`, { method: 'POST' });
    expect((await checked(RULE, url, { method: 'DELETE' })).status).toBe(204);
    expectOktaError(await checked(RULE, url), 404, 'E0000007');
    expect(events(from).map((e) => e.eventType)).toEqual(['policy.rule.add', 'policy.rule.update', 'policy.rule.deactivate', 'policy.rule.activate', 'policy.rule.delete']);

    const invalid: Array<[unknown, RegExp]> = [
      [{ ...body, type: undefined }, /^type: /],
      [{ ...body, conditions: { ...body.conditions, grantTypes: { include: ['magic'] } } }, /^conditions\.grantTypes\.include: /],
      [{ ...body, conditions: { ...body.conditions, scopes: { include: ['nope:read'] } } }, /^conditions\.scopes\.include: /],
      [{ ...body, conditions: { ...body.conditions, people: { groups: { include: ['00gnotthere000000000'] } } } }, /^conditions\.people\.groups\.include: /],
      [{ ...body, actions: { token: { accessTokenLifetimeMinutes: 4 } } }, /^actions\.token\.accessTokenLifetimeMinutes: /],
      [{ ...body, actions: { token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 30 } } }, /^actions\.token\.refreshTokenLifetimeMinutes: /],
      [{ ...body, actions: { token: { refreshTokenWindowMinutes: 5 } } }, /^actions\.token\.refreshTokenWindowMinutes: /],
    ];
    for (const [bad, cause] of invalid) expectOktaError(await checked(RULES, rules, { method: 'POST', body: bad }), 400, 'E0000001', [cause]);
    expectOktaError(await checked(RULES, path('/policies/00pnotthere000000000/rules')), 404, 'E0000007');
  });
});

describe('authorization', () => {
  test('okta.authorizationServers.read reads, .manage writes; an org admin may read but not manage', async () => {
    const as = (login: string, scopes: string[]) => ({ kind: 'bearer' as const, userId: sim.org.users.get(login)!.id, scopes: new Set(scopes), clientId: '0oaclient' });
    const tokens: Record<string, ReturnType<typeof as>> = {
      reader: as('admin@example.com', ['okta.authorizationServers.read']),
      manager: as('admin@example.com', ['okta.authorizationServers.manage']),
      orgAdmin: as('org.admin@example.com', ['okta.authorizationServers.manage']),
    };
    const previous = sim.org.bearer;
    sim.org.bearer = (token) => tokens[token];
    try {
      const call = (token: string, method = 'GET', url = path('/scopes')) => api(sim, url, { method, auth: `Bearer ${token}`, ...(method === 'POST' ? { body: { name: `s:${token}` } } : {}) });
      expect((await call('reader')).status).toBe(200);
      const refused = await call('reader', 'POST');
      expectOktaError(refused, 403, 'E0000006');
      expect(refused.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
      expect((await call('manager', 'POST')).status).toBe(201);
      expect((await call('orgAdmin')).status).toBe(200);
      expect((await call('orgAdmin', 'POST')).status).toBe(403);
    } finally {
      sim.org.bearer = previous;
    }
  });
});

describe('System Log', () => {
  test("every event this file's writes emitted conforms to the spec's LogEvent", () => {
    const emitted = sim.org.logs.events.slice(firstEvent);
    expect(emitted.length).toBeGreaterThan(5);
    expect(responseErrors('GET', '/api/v1/logs', 200, emitted)).toEqual([]);
  });
});
