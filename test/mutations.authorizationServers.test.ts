/**
 * Issue 6, authorization-server mutations: lifecycle, scopes and claims, through HTTP GraphQL
 * against the simulator; expectations from its store and its by-id endpoints.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import type { SimAuthServer, SimClaim, SimScope } from '../src/simulator/store/authServers.js';
import { expectUnchanged, logEventsAbout, ok, okta, oktaNow, onlyError, snapshot, uniq } from './helpers/mutations.js';
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
const SERVER = 'id name status lastUpdated';
const SCOPE = 'id name displayName description consent default metadataPublish system';
const CLAIM = 'id name status claimType valueType value groupFilterType alwaysIncludeInToken scopes system';
const NO_SERVER = 'ausNOSUCHSERVER00000';

const LIFECYCLE = (name: string) => `mutation($id: ID!) { ${name}(input: { id: $id }) { authorizationServer { ${SERVER} } ${ERRORS} } }`;
const CREATE_SCOPE = `mutation($input: CreateAuthorizationServerScopeInput!) { createAuthorizationServerScope(input: $input) { scope { ${SCOPE} } ${ERRORS} } }`;
const UPDATE_SCOPE = `mutation($input: UpdateAuthorizationServerScopeInput!) { updateAuthorizationServerScope(input: $input) { scope { ${SCOPE} } ${ERRORS} } }`;
const DELETE_SCOPE = `mutation($input: DeleteAuthorizationServerScopeInput!) { deleteAuthorizationServerScope(input: $input) { deletedId ${ERRORS} } }`;
const CREATE_CLAIM = `mutation($input: CreateAuthorizationServerClaimInput!) { createAuthorizationServerClaim(input: $input) { claim { ${CLAIM} } ${ERRORS} } }`;
const UPDATE_CLAIM = `mutation($input: UpdateAuthorizationServerClaimInput!) { updateAuthorizationServerClaim(input: $input) { claim { ${CLAIM} } ${ERRORS} } }`;
const DELETE_CLAIM = `mutation($input: DeleteAuthorizationServerClaimInput!) { deleteAuthorizationServerClaim(input: $input) { deletedId ${ERRORS} } }`;

function servers(): SimAuthServer[] {
  return stack.sim.org.authServers.all();
}
function server(): SimAuthServer {
  return servers()[0]!;
}
/** A scope name the simulator accepts (no whitespace), unique in the run. */
function scopeName(): string {
  return uniq('qa:scope').replace(/\s+/g, '.');
}
function claimName(): string {
  return uniq('qa_claim').replace(/\s+/g, '_');
}

/** The GraphQL scope for a stored scope. */
function expectedScope(s: SimScope) {
  return {
    id: s.id,
    name: s.name,
    displayName: s.displayName ?? null,
    description: s.description ?? null,
    consent: s.consent,
    default: s.default,
    metadataPublish: s.metadataPublish,
    system: s.system,
  };
}
/** The GraphQL claim for a stored claim. */
function expectedClaim(c: SimClaim) {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    claimType: c.claimType,
    valueType: c.valueType,
    value: c.value,
    groupFilterType: c.group_filter_type ?? null,
    alwaysIncludeInToken: c.alwaysIncludeInToken,
    scopes: c.conditions.scopes,
    system: c.system,
  };
}

async function newScope(s: SimAuthServer, extra: Record<string, unknown> = {}): Promise<SimScope> {
  const res = await okta(stack, 'POST', `/api/v1/authorizationServers/${s.id}/scopes`, { name: scopeName(), displayName: 'Made by a test', description: 'Original', consent: 'REQUIRED', ...extra });
  expect(res.status).toBe(201);
  return s.scopes.get(res.body.id)!;
}
async function newClaim(s: SimAuthServer, extra: Record<string, unknown> = {}): Promise<SimClaim> {
  const res = await okta(stack, 'POST', `/api/v1/authorizationServers/${s.id}/claims`, {
    name: claimName(), claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'user.department', status: 'ACTIVE', conditions: { scopes: [] }, ...extra,
  });
  expect(res.status).toBe(201);
  return s.claims.get(res.body.id)!;
}
/** A system claim, which no API creates: put in the store directly. */
function systemClaim(s: SimAuthServer): SimClaim {
  const claim: SimClaim = {
    id: `oclSYS${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`,
    name: claimName(), status: 'ACTIVE', claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'user.login', alwaysIncludeInToken: true, conditions: { scopes: [] }, system: true,
  };
  s.claims.set(claim.id, claim);
  return claim;
}

describe('activateAuthorizationServer / deactivateAuthorizationServer', () => {
  test('deactivate then activate: the status Okta has, a later field of the same operation sees it, System Log events', async () => {
    const s = servers()[1]!;
    expect(s.status).toBe('ACTIVE');
    const off = ok(await stack.gql(LIFECYCLE('deactivateAuthorizationServer'), { id: s.id })).deactivateAuthorizationServer;
    expect(off.userErrors).toEqual([]);
    expect(s.status).toBe('INACTIVE');
    const now = await oktaNow(stack, `/api/v1/authorizationServers/${s.id}`);
    expect(off.authorizationServer).toEqual({ id: s.id, name: now.name, status: 'INACTIVE', lastUpdated: now.lastUpdated });
    expect((await stack.stats()).byRoute['POST /api/v1/authorizationServers/{authServerId}/lifecycle/deactivate']).toBe(1);
    expect(await logEventsAbout(stack, s.id, ['oauth2.as.deactivated'])).toHaveLength(1);

    const res = await stack.gql(`mutation($id: ID!) {
      a: activateAuthorizationServer(input: { id: $id }) { authorizationServer { status } ${ERRORS} }
      b: deactivateAuthorizationServer(input: { id: $id }) { authorizationServer { status } }
      c: activateAuthorizationServer(input: { id: $id }) { authorizationServer { status } }
    }`, { id: s.id });
    expect(ok(res)).toEqual({
      a: { authorizationServer: { status: 'ACTIVE' }, userErrors: [] },
      b: { authorizationServer: { status: 'INACTIVE' } },
      c: { authorizationServer: { status: 'ACTIVE' } },
    });
    expect(s.status).toBe('ACTIVE');
    expect(ok(await stack.gql('query($id: ID!) { authorizationServer(id: $id) { status } }', { id: s.id })).authorizationServer.status).toBe('ACTIVE');
    expect(await logEventsAbout(stack, s.id, ['oauth2.as.activated'])).toHaveLength(2);
  });

  test.each(['activateAuthorizationServer', 'deactivateAuthorizationServer'])('%s of an unknown server is NOT_FOUND on input.id', async (name) => {
    const before = snapshot(stack);
    const payload = ok(await stack.gql(LIFECYCLE(name), { id: NO_SERVER }))[name];
    expect(payload.authorizationServer).toBeNull();
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'id'] }));
    expectUnchanged(stack, before);
  });
});

describe('authorization server scopes', () => {
  test('create: the scope as Okta stored it, with Okta\'s defaults; a later field lists it; System Log event', async () => {
    const s = server();
    const name = scopeName();
    const res = await stack.gql(
      `mutation($input: CreateAuthorizationServerScopeInput!, $s: ID!) {
        createAuthorizationServerScope(input: $input) { scope { ${SCOPE} } ${ERRORS} }
        activateAuthorizationServer(input: { id: $s }) { authorizationServer { scopes { id name } } }
      }`,
      { input: { authorizationServerId: s.id, name, displayName: 'Orders', description: 'Read orders' }, s: s.id },
    );
    const data = ok(res);
    expect(data.createAuthorizationServerScope.userErrors).toEqual([]);
    const stored = [...s.scopes.values()].find((x) => x.name === name)!;
    expect(stored).toEqual(expect.objectContaining({ displayName: 'Orders', description: 'Read orders', consent: 'IMPLICIT', metadataPublish: 'NO_CLIENTS', default: false, system: false }));
    expect(data.createAuthorizationServerScope.scope).toEqual(expectedScope(stored));
    expect(data.activateAuthorizationServer.authorizationServer.scopes).toContainEqual({ id: stored.id, name });
    const events = await logEventsAbout(stack, stored.id, ['oauth2.scope.created']);
    expect(events).toHaveLength(1);
    expect(events[0].targets.map((t: any) => t.id)).toEqual([s.id, stored.id]);
  });

  test('create with every option', async () => {
    const s = server();
    const name = scopeName();
    const payload = ok(await stack.gql(CREATE_SCOPE, { input: { authorizationServerId: s.id, name, consent: 'REQUIRED', default: true, metadataPublish: 'ALL_CLIENTS' } })).createAuthorizationServerScope;
    expect(payload.userErrors).toEqual([]);
    const stored = [...s.scopes.values()].find((x) => x.name === name)!;
    expect(stored).toEqual(expect.objectContaining({ consent: 'REQUIRED', default: true, metadataPublish: 'ALL_CLIENTS' }));
    expect(payload.scope).toEqual(expectedScope(stored));
  });

  test.each([
    ['a name the server has', (): string => [...server().scopes.values()][0]!.name, {}, 'ALREADY_EXISTS', ['input', 'name']],
    ['a reserved okta. name', (): string => 'okta.myScope', {}, 'INVALID', ['input', 'name']],
    ['whitespace in the name', (): string => 'two words', {}, 'INVALID', ['input', 'name']],
    ['an unknown consent', (): string => scopeName(), { consent: 'SOMETIMES' }, 'INVALID', ['input', 'consent']],
    ['an unknown metadataPublish', (): string => scopeName(), { metadataPublish: 'EVERYONE' }, 'INVALID', ['input', 'metadataPublish']],
  ] as const)('create with %s: refused, nothing changes', async (_what, name, extra, code, field) => {
    const before = snapshot(stack);
    const payload = ok(await stack.gql(CREATE_SCOPE, { input: { authorizationServerId: server().id, name: name(), ...extra } })).createAuthorizationServerScope;
    expect(payload.scope).toBeNull();
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code, field }));
    expectUnchanged(stack, before);
  });

  test('create: a blank name is REQUIRED without a call; an unknown server is NOT_FOUND on input.authorizationServerId', async () => {
    const blank = ok(await stack.gql(CREATE_SCOPE, { input: { authorizationServerId: server().id, name: ' ' } })).createAuthorizationServerScope;
    expect(onlyError(blank)).toEqual(expect.objectContaining({ code: 'REQUIRED', field: ['input', 'name'] }));
    expect((await stack.stats()).total).toBe(0);
    const before = snapshot(stack);
    const missing = ok(await stack.gql(CREATE_SCOPE, { input: { authorizationServerId: NO_SERVER, name: scopeName() } })).createAuthorizationServerScope;
    expect(onlyError(missing)).toEqual(expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'authorizationServerId'] }));
    expectUnchanged(stack, before);
  });

  test('update changes only the given fields; System Log event', async () => {
    const s = server();
    const scope = await newScope(s);
    const payload = ok(await stack.gql(UPDATE_SCOPE, { input: { authorizationServerId: s.id, scopeId: scope.id, description: 'Changed', default: true } })).updateAuthorizationServerScope;
    expect(payload.userErrors).toEqual([]);
    const after = s.scopes.get(scope.id)!;
    expect(after).toEqual({ ...scope, description: 'Changed', default: true });
    expect(payload.scope).toEqual(expectedScope(after));
    expect(await logEventsAbout(stack, scope.id, ['oauth2.scope.updated'])).toHaveLength(1);
  });

  test('update: renaming to a taken name is ALREADY_EXISTS on input.name; nothing changes', async () => {
    const s = server();
    const scope = await newScope(s);
    const other = await newScope(s);
    const before = snapshot(stack);
    const payload = ok(await stack.gql(UPDATE_SCOPE, { input: { authorizationServerId: s.id, scopeId: scope.id, name: other.name } })).updateAuthorizationServerScope;
    expect(payload.scope).toBeNull();
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'ALREADY_EXISTS', field: ['input', 'name'] }));
    expectUnchanged(stack, before);
  });

  test('update: renaming a system scope is refused on input.name; nothing changes', async () => {
    const s = server();
    const system = [...s.scopes.values()].find((x) => x.system)!;
    const before = snapshot(stack);
    const payload = ok(await stack.gql(UPDATE_SCOPE, { input: { authorizationServerId: s.id, scopeId: system.id, name: 'renamed_openid' } })).updateAuthorizationServerScope;
    expect(payload.scope).toBeNull();
    const error = onlyError(payload);
    expect(error.field).toEqual(['input', 'name']);
    expect(['INVALID', 'NOT_ALLOWED']).toContain(error.code);
    expectUnchanged(stack, before);
  });

  test('update: an unknown scope is NOT_FOUND on input.scopeId', async () => {
    const before = snapshot(stack);
    const payload = ok(await stack.gql(UPDATE_SCOPE, { input: { authorizationServerId: server().id, scopeId: 'scpNOSUCHSCOPE000000', description: 'x' } })).updateAuthorizationServerScope;
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'scopeId'] }));
    expectUnchanged(stack, before);
  });

  test('update or delete on an unknown server is NOT_FOUND on input.authorizationServerId', async () => {
    const cases: Array<[string, string, Record<string, unknown>]> = [
      [UPDATE_SCOPE, 'updateAuthorizationServerScope', { scopeId: 'scpX', description: 'x' }],
      [DELETE_SCOPE, 'deleteAuthorizationServerScope', { scopeId: 'scpX' }],
      [UPDATE_CLAIM, 'updateAuthorizationServerClaim', { claimId: 'oclX', value: 'x' }],
      [DELETE_CLAIM, 'deleteAuthorizationServerClaim', { claimId: 'oclX' }],
    ];
    for (const [query, name, input] of cases) {
      const payload = ok(await stack.gql(query, { input: { authorizationServerId: NO_SERVER, ...input } }))[name];
      expect({ name, error: onlyError(payload) }).toEqual({ name, error: expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'authorizationServerId'] }) });
    }
  });

  test('delete: gone from Okta and from a later read; System Log event', async () => {
    const s = server();
    const scope = await newScope(s);
    await stack.resetSim();
    const payload = ok(await stack.gql(DELETE_SCOPE, { input: { authorizationServerId: s.id, scopeId: scope.id } })).deleteAuthorizationServerScope;
    expect(payload).toEqual({ deletedId: scope.id, userErrors: [] });
    expect(s.scopes.has(scope.id)).toBe(false);
    expect((await stack.stats()).byRoute['DELETE /api/v1/authorizationServers/{authServerId}/scopes/{scopeId}']).toBe(1);
    const reread = ok(await stack.gql('query($id: ID!) { authorizationServer(id: $id) { scopes { id } } }', { id: s.id }));
    expect(reread.authorizationServer.scopes.map((x: any) => x.id)).not.toContain(scope.id);
    expect(await logEventsAbout(stack, scope.id, ['oauth2.scope.deleted'])).toHaveLength(1);
  });

  test('delete: an unknown scope is NOT_FOUND on input.scopeId', async () => {
    const before = snapshot(stack);
    const payload = ok(await stack.gql(DELETE_SCOPE, { input: { authorizationServerId: server().id, scopeId: 'scpNOSUCHSCOPE000000' } })).deleteAuthorizationServerScope;
    expect(payload.deletedId).toBeNull();
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'scopeId'] }));
    expectUnchanged(stack, before);
  });

  test('delete: a system scope is refused; nothing changes', async () => {
    const s = server();
    const system = [...s.scopes.values()].find((x) => x.system)!;
    const before = snapshot(stack);
    const payload = ok(await stack.gql(DELETE_SCOPE, { input: { authorizationServerId: s.id, scopeId: system.id } })).deleteAuthorizationServerScope;
    expect(payload.deletedId).toBeNull();
    expect(payload.userErrors).toHaveLength(1);
    expectUnchanged(stack, before);
  });

  test('delete: a system scope is NOT_ALLOWED', async () => {
    const s = server();
    const system = [...s.scopes.values()].find((x) => x.system)!;
    const payload = ok(await stack.gql(DELETE_SCOPE, { input: { authorizationServerId: s.id, scopeId: system.id } })).deleteAuthorizationServerScope;
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'NOT_ALLOWED', field: ['input', 'scopeId'] }));
  });
});

describe('authorization server claims', () => {
  test('create a RESOURCE claim for a scope created by an earlier field of the same operation; System Log event', async () => {
    const s = server();
    const scope = scopeName();
    const name = claimName();
    const res = await stack.gql(
      `mutation($s: ID!, $scope: String!, $name: String!) {
        a: createAuthorizationServerScope(input: { authorizationServerId: $s, name: $scope }) { scope { id } ${ERRORS} }
        b: createAuthorizationServerClaim(input: { authorizationServerId: $s, name: $name, claimType: "RESOURCE", value: "user.email", scopes: [$scope] }) { claim { ${CLAIM} } ${ERRORS} }
      }`,
      { s: s.id, scope, name },
    );
    const data = ok(res);
    expect(data.a.userErrors).toEqual([]);
    expect(data.b.userErrors).toEqual([]);
    const stored = [...s.claims.values()].find((c) => c.name === name)!;
    expect(stored).toEqual(expect.objectContaining({ claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'user.email', status: 'ACTIVE', conditions: { scopes: [scope] } }));
    expect(data.b.claim).toEqual(expectedClaim(stored));
    const events = await logEventsAbout(stack, stored.id, ['oauth2.claim.created']);
    expect(events).toHaveLength(1);
    expect(events[0].targets.map((t: any) => t.id)).toEqual([s.id, stored.id]);
  });

  test('create an IDENTITY claim that is not always included, inactive', async () => {
    const s = server();
    const name = claimName();
    const payload = ok(
      await stack.gql(CREATE_CLAIM, { input: { authorizationServerId: s.id, name, claimType: 'IDENTITY', value: 'user.title', alwaysIncludeInToken: false, status: 'INACTIVE', scopes: ['profile'] } }),
    ).createAuthorizationServerClaim;
    expect(payload.userErrors).toEqual([]);
    const stored = [...s.claims.values()].find((c) => c.name === name)!;
    expect(stored).toEqual(expect.objectContaining({ claimType: 'IDENTITY', alwaysIncludeInToken: false, status: 'INACTIVE', conditions: { scopes: ['profile'] } }));
    expect(payload.claim).toEqual(expectedClaim(stored));
  });

  test('create a GROUPS claim with its group filter type', async () => {
    const s = server();
    const name = claimName();
    const payload = ok(
      await stack.gql(CREATE_CLAIM, { input: { authorizationServerId: s.id, name, claimType: 'IDENTITY', valueType: 'GROUPS', value: 'Eng', groupFilterType: 'STARTS_WITH', scopes: ['openid'] } }),
    ).createAuthorizationServerClaim;
    expect(payload.userErrors).toEqual([]);
    const stored = [...s.claims.values()].find((c) => c.name === name)!;
    expect(stored).toEqual(expect.objectContaining({ valueType: 'GROUPS', value: 'Eng', group_filter_type: 'STARTS_WITH' }));
    expect(payload.claim).toEqual(expectedClaim(stored));
    expect(payload.claim.groupFilterType).toBe('STARTS_WITH');
  });

  test('a GROUPS claim without a group filter type is REQUIRED on input.groupFilterType; nothing changes', async () => {
    const before = snapshot(stack);
    const payload = ok(
      await stack.gql(CREATE_CLAIM, { input: { authorizationServerId: server().id, name: claimName(), claimType: 'IDENTITY', valueType: 'GROUPS', value: 'Eng' } }),
    ).createAuthorizationServerClaim;
    expect(payload.claim).toBeNull();
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'REQUIRED', field: ['input', 'groupFilterType'] }));
    expectUnchanged(stack, before);
  });

  test.each([
    ['an unknown scope', { scopes: ['no:such:scope'] }, 'INVALID', ['input', 'scopes']],
    ['a reserved claim name', { name: 'sub' }, 'INVALID', ['input', 'name']],
    ['an unknown claim type', { claimType: 'EVERYTHING' }, 'INVALID', ['input', 'claimType']],
  ] as const)('create with %s (%j): %s, nothing changes', async (_what, extra, code, field) => {
    const before = snapshot(stack);
    const payload = ok(
      await stack.gql(CREATE_CLAIM, { input: { authorizationServerId: server().id, name: claimName(), claimType: 'RESOURCE', value: 'user.login', ...extra } }),
    ).createAuthorizationServerClaim;
    expect(payload.claim).toBeNull();
    expect(payload.userErrors).toEqual([expect.objectContaining({ code, field })]);
    expectUnchanged(stack, before);
  });

  test('create with a blank value is REQUIRED on input.value; nothing changes', async () => {
    const before = snapshot(stack);
    const payload = ok(await stack.gql(CREATE_CLAIM, { input: { authorizationServerId: server().id, name: claimName(), claimType: 'RESOURCE', value: ' ' } })).createAuthorizationServerClaim;
    expect(payload.claim).toBeNull();
    expect(payload.userErrors).toEqual([expect.objectContaining({ code: 'REQUIRED', field: ['input', 'value'] })]);
    expectUnchanged(stack, before);
  });

  test('create with an unknown status is INVALID on input.status', async () => {
    const before = snapshot(stack);
    const payload = ok(
      await stack.gql(CREATE_CLAIM, { input: { authorizationServerId: server().id, name: claimName(), claimType: 'RESOURCE', value: 'user.login', status: 'MAYBE' } }),
    ).createAuthorizationServerClaim;
    expect(payload.claim).toBeNull();
    expect(payload.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'status'] })]);
    expectUnchanged(stack, before);
  });

  test('create with the name of a claim of the same type is ALREADY_EXISTS on input.name', async () => {
    const s = server();
    const existing = await newClaim(s);
    const before = snapshot(stack);
    const payload = ok(await stack.gql(CREATE_CLAIM, { input: { authorizationServerId: s.id, name: existing.name, claimType: 'RESOURCE', value: 'user.login' } })).createAuthorizationServerClaim;
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'ALREADY_EXISTS', field: ['input', 'name'] }));
    expectUnchanged(stack, before);
  });

  test('create: a blank name is REQUIRED without a call; an unknown server is NOT_FOUND on input.authorizationServerId', async () => {
    const blank = ok(await stack.gql(CREATE_CLAIM, { input: { authorizationServerId: server().id, name: '', claimType: 'RESOURCE', value: 'x' } })).createAuthorizationServerClaim;
    expect(onlyError(blank)).toEqual(expect.objectContaining({ code: 'REQUIRED', field: ['input', 'name'] }));
    expect((await stack.stats()).total).toBe(0);
    const before = snapshot(stack);
    const missing = ok(await stack.gql(CREATE_CLAIM, { input: { authorizationServerId: NO_SERVER, name: claimName(), claimType: 'RESOURCE', value: 'x' } })).createAuthorizationServerClaim;
    expect(onlyError(missing)).toEqual(expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'authorizationServerId'] }));
    expectUnchanged(stack, before);
  });

  test('update changes only the given fields (value, then scopes); System Log event', async () => {
    const s = server();
    const claim = await newClaim(s, { conditions: { scopes: ['profile'] } });
    const first = ok(await stack.gql(UPDATE_CLAIM, { input: { authorizationServerId: s.id, claimId: claim.id, value: 'user.title' } })).updateAuthorizationServerClaim;
    expect(first.userErrors).toEqual([]);
    expect(s.claims.get(claim.id)).toEqual({ ...claim, value: 'user.title' });
    expect(first.claim).toEqual(expectedClaim(s.claims.get(claim.id)!));
    const second = ok(await stack.gql(UPDATE_CLAIM, { input: { authorizationServerId: s.id, claimId: claim.id, scopes: ['email'] } })).updateAuthorizationServerClaim;
    expect(second.userErrors).toEqual([]);
    expect(s.claims.get(claim.id)).toEqual({ ...claim, value: 'user.title', conditions: { scopes: ['email'] } });
    expect(second.claim).toEqual(expectedClaim(s.claims.get(claim.id)!));
    expect(await logEventsAbout(stack, claim.id, ['oauth2.claim.updated'])).toHaveLength(2);
  });

  test('update a seeded GROUPS claim keeps its group filter', async () => {
    const s = servers().find((x) => [...x.claims.values()].some((c) => c.valueType === 'GROUPS'))!;
    const claim = [...s.claims.values()].find((c) => c.valueType === 'GROUPS')!;
    const copy = structuredClone(claim);
    const payload = ok(await stack.gql(UPDATE_CLAIM, { input: { authorizationServerId: s.id, claimId: claim.id, value: 'Sales' } })).updateAuthorizationServerClaim;
    expect(payload.userErrors).toEqual([]);
    expect(s.claims.get(claim.id)).toEqual({ ...copy, value: 'Sales' });
  });

  test('update: an unknown claim is NOT_FOUND on input.claimId; an unknown scope INVALID on input.scopes; nothing changes', async () => {
    const s = server();
    const claim = await newClaim(s);
    const before = snapshot(stack);
    const missing = ok(await stack.gql(UPDATE_CLAIM, { input: { authorizationServerId: s.id, claimId: 'oclNOSUCHCLAIM000000', value: 'x' } })).updateAuthorizationServerClaim;
    expect(onlyError(missing)).toEqual(expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'claimId'] }));
    const bad = ok(await stack.gql(UPDATE_CLAIM, { input: { authorizationServerId: s.id, claimId: claim.id, scopes: ['no:such:scope'] } })).updateAuthorizationServerClaim;
    expect(onlyError(bad)).toEqual(expect.objectContaining({ code: 'INVALID', field: ['input', 'scopes'] }));
    expectUnchanged(stack, before);
  });

  test('delete: gone from Okta and from a later read; System Log event', async () => {
    const s = server();
    const claim = await newClaim(s);
    const payload = ok(await stack.gql(DELETE_CLAIM, { input: { authorizationServerId: s.id, claimId: claim.id } })).deleteAuthorizationServerClaim;
    expect(payload).toEqual({ deletedId: claim.id, userErrors: [] });
    expect(s.claims.has(claim.id)).toBe(false);
    const reread = ok(await stack.gql('query($id: ID!) { authorizationServer(id: $id) { claims { id } } }', { id: s.id }));
    expect(reread.authorizationServer.claims.map((c: any) => c.id)).not.toContain(claim.id);
    expect(await logEventsAbout(stack, claim.id, ['oauth2.claim.deleted'])).toHaveLength(1);
  });

  test('delete: an unknown claim is NOT_FOUND on input.claimId', async () => {
    const before = snapshot(stack);
    const payload = ok(await stack.gql(DELETE_CLAIM, { input: { authorizationServerId: server().id, claimId: 'oclNOSUCHCLAIM000000' } })).deleteAuthorizationServerClaim;
    expect(payload.deletedId).toBeNull();
    expect(onlyError(payload)).toEqual(expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'claimId'] }));
    expectUnchanged(stack, before);
  });

  test('a system claim can be neither changed nor deleted; nothing changes', async () => {
    const s = server();
    const claim = systemClaim(s);
    try {
      const before = snapshot(stack);
      const upd = ok(await stack.gql(UPDATE_CLAIM, { input: { authorizationServerId: s.id, claimId: claim.id, value: 'user.email' } })).updateAuthorizationServerClaim;
      expect(upd.claim).toBeNull();
      expect(upd.userErrors).toHaveLength(1);
      const del = ok(await stack.gql(DELETE_CLAIM, { input: { authorizationServerId: s.id, claimId: claim.id } })).deleteAuthorizationServerClaim;
      expect(del.deletedId).toBeNull();
      expect(del.userErrors).toHaveLength(1);
      expectUnchanged(stack, before);
    } finally {
      s.claims.delete(claim.id);
    }
  });

  test('a system claim is NOT_ALLOWED to change or delete', async () => {
    const s = server();
    const claim = systemClaim(s);
    try {
      const upd = ok(await stack.gql(UPDATE_CLAIM, { input: { authorizationServerId: s.id, claimId: claim.id, value: 'user.email' } })).updateAuthorizationServerClaim;
      expect(onlyError(upd).code).toBe('NOT_ALLOWED');
      const del = ok(await stack.gql(DELETE_CLAIM, { input: { authorizationServerId: s.id, claimId: claim.id } })).deleteAuthorizationServerClaim;
      expect(onlyError(del).code).toBe('NOT_ALLOWED');
    } finally {
      s.claims.delete(claim.id);
    }
  });
});
