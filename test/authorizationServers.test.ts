import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { keysOf } from '../src/simulator/authServers/keys.js';
import type { SimAuthServer } from '../src/simulator/store/authServers.js';
import { okta, pageToEnd } from './helpers/readGraph.js';
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

const SERVER_FIELDS = 'id name description audiences issuer issuerMode status created lastUpdated';
const NESTED = /* GraphQL */ `
  scopes { id name displayName description consent default metadataPublish system }
  claims { id name status claimType valueType value alwaysIncludeInToken scopes system }
  policies { id name description priority status system clients created lastUpdated
    rules { id name priority status system grantTypes scopes people accessTokenLifetimeMinutes refreshTokenLifetimeMinutes refreshTokenWindowMinutes } }
  keys { kid kty alg use n e status }
`;

const LIST = `query($first: Int, $after: String, $query: String) { authorizationServers(first: $first, after: $after, query: $query) {
  edges { cursor node { id } } nodes { ${SERVER_FIELDS} } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
const ONE = `query($id: ID!) { authorizationServer(id: $id) { ${SERVER_FIELDS} ${NESTED} } }`;

const servers = (): SimAuthServer[] => stack.sim.org.authServers.all();
const partner = () => servers().find((s) => s.name === 'Partner API')!;

function expectedServer(s: SimAuthServer) {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    audiences: s.audiences,
    issuer: `${stack.sim.url}/oauth2/${s.id}`,
    issuerMode: s.issuerMode,
    status: s.status,
    created: s.created,
    lastUpdated: s.lastUpdated,
  };
}

async function expectedNested(s: SimAuthServer) {
  const keys = await keysOf(stack.sim.org, s.id, s.created);
  const token = (r: any) => r.actions?.token ?? {};
  return {
    scopes: [...s.scopes.values()].map((x) => ({
      id: x.id,
      name: x.name,
      displayName: x.displayName ?? null,
      description: x.description ?? null,
      consent: x.consent,
      default: x.default,
      metadataPublish: x.metadataPublish,
      system: x.system,
    })),
    claims: [...s.claims.values()].map((c) => ({
      id: c.id,
      name: c.name,
      status: c.status,
      claimType: c.claimType,
      valueType: c.valueType,
      value: c.value,
      alwaysIncludeInToken: c.alwaysIncludeInToken,
      scopes: c.conditions.scopes,
      system: c.system,
    })),
    policies: s.policies.map((p, i) => ({
      id: p.id,
      name: p.name,
      description: p.description,
      priority: i + 1,
      status: p.status,
      system: p.system,
      clients: (p.conditions as any).clients.include,
      created: p.created,
      lastUpdated: p.lastUpdated,
      rules: p.rules.map((r, j) => ({
        id: r.id,
        name: r.name,
        priority: j + 1,
        status: r.status,
        system: r.system,
        grantTypes: (r.conditions as any).grantTypes.include,
        scopes: (r.conditions as any).scopes.include,
        people: (r.conditions as any).people,
        accessTokenLifetimeMinutes: token(r).accessTokenLifetimeMinutes ?? null,
        refreshTokenLifetimeMinutes: token(r).refreshTokenLifetimeMinutes ?? null,
        refreshTokenWindowMinutes: token(r).refreshTokenWindowMinutes ?? null,
      })),
    })),
    keys: keys.map((k) => ({ kid: k.kid, kty: 'RSA', alg: 'RS256', use: 'sig', n: k.n, e: k.e, status: k.status })),
  };
}

describe('Query.authorizationServers', () => {
  test('every server with every field; pages to the end one server at a time, one call per page', async () => {
    const { items, pages } = await pageToEnd(async (after) => {
      const res: any = await stack.gql(LIST, { first: 1, after });
      expect(res.errors).toBeUndefined();
      return res.data.authorizationServers;
    });
    expect(servers().length).toBe(2);
    expect(items).toEqual(servers().map(expectedServer));
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/authorizationServers': pages });
  });

  test('query is a name prefix (Okta q)', async () => {
    const res: any = await stack.gql(LIST, { query: 'Partner' });
    expect(res.errors).toBeUndefined();
    expect(res.data.authorizationServers.nodes.map((n: any) => n.id)).toEqual([partner().id]);
    const none: any = await stack.gql(LIST, { query: 'zzz' });
    expect(none.data.authorizationServers.nodes).toEqual([]);
  });

  test('every nested list of every server in one query: one call per list, one rules call per policy', async () => {
    const res: any = await stack.gql(`{ authorizationServers { nodes { ${SERVER_FIELDS} ${NESTED} } } }`);
    expect(res.errors).toBeUndefined();
    const expected = await Promise.all(servers().map(async (s) => ({ ...expectedServer(s), ...(await expectedNested(s)) })));
    expect(res.data.authorizationServers.nodes).toEqual(expected);
    const policies = servers().reduce((n, s) => n + s.policies.length, 0);
    const base = '/api/v1/authorizationServers/{authServerId}';
    expect((await stack.stats()).byRoute).toEqual({
      'GET /api/v1/authorizationServers': 1,
      [`GET ${base}/scopes`]: 2,
      [`GET ${base}/claims`]: 2,
      [`GET ${base}/policies`]: 2,
      [`GET ${base}/policies/{policyId}/rules`]: policies,
      [`GET ${base}/credentials/keys`]: 2,
    });
  });

  test.each([[{ first: 0 }], [{ first: 201 }], [{ after: 'nope' }], [{ query: '' }]])('bad arguments %j are BAD_USER_INPUT with no Okta call', async (variables) => {
    const res: any = await stack.gql(LIST, variables);
    expect(res.data?.authorizationServers ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await stack.stats()).total).toBe(0);
  });

  test('a cursor replayed with another query is refused', async () => {
    const page: any = await stack.gql(LIST, { first: 1 });
    await stack.resetSim();
    const res: any = await stack.gql(LIST, { first: 1, after: page.data.authorizationServers.pageInfo.endCursor, query: 'P' });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await stack.stats()).total).toBe(0);
  });
});

describe('Query.authorizationServer', () => {
  test('the default server and a custom one, with scopes, claims, policies with rules, and public keys', async () => {
    for (const s of [stack.sim.org.authServers.get('default')!, partner()]) {
      const res: any = await stack.gql(ONE, { id: s.id });
      expect(res.errors).toBeUndefined();
      expect(res.data.authorizationServer).toEqual({ ...expectedServer(s), ...(await expectedNested(s)) });
    }
  });

  test('keys carry public material only', async () => {
    const res: any = await stack.gql(`{ authorizationServer(id: "default") { keys { kid n e } } }`);
    const text = JSON.stringify(res);
    for (const key of await keysOf(stack.sim.org, 'default', stack.sim.org.authServers.get('default')!.created)) {
      const jwk = key.privateKey.export({ format: 'jwk' });
      expect(text).not.toContain(String(jwk.d));
      expect(text).not.toContain(String(jwk.p));
    }
  });

  test('the same server asked twice, and its lists asked twice, cost one call each', async () => {
    const res: any = await stack.gql(`{ a: authorizationServer(id: "default") { id scopes { name } } b: authorizationServer(id: "default") { name scopes { id } } }`);
    expect(res.errors).toBeUndefined();
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/authorizationServers/{authServerId}': 1, 'GET /api/v1/authorizationServers/{authServerId}/scopes': 1 });
  });

  test('null without an error for an unknown id; an empty id is BAD_USER_INPUT with no call', async () => {
    const res: any = await stack.gql(ONE, { id: 'ausDoesNotExist000000' });
    expect(res.errors).toBeUndefined();
    expect(res.data.authorizationServer).toBeNull();
    expect((await stack.stats()).byRoute).toEqual({ 'GET /api/v1/authorizationServers/{authServerId}': 1 });
    await stack.resetSim();
    const empty: any = await stack.gql(ONE, { id: '' });
    expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await stack.stats()).total).toBe(0);
  });

  test('changes in Okta show: a deactivated server is INACTIVE; a key rotation publishes ACTIVE, NEXT and EXPIRED keys', async () => {
    const s = partner();
    const before = (await keysOf(stack.sim.org, s.id, s.created)).map((k) => k.kid);
    expect((await okta(stack, 'POST', `/api/v1/authorizationServers/${s.id}/lifecycle/deactivate`)).status).toBe(204);
    expect((await okta(stack, 'POST', `/api/v1/authorizationServers/${s.id}/credentials/lifecycle/keyRotate`, { use: 'sig' })).status).toBe(200);
    try {
      const res: any = await stack.gql(ONE, { id: s.id });
      expect(res.errors).toBeUndefined();
      expect(res.data.authorizationServer).toEqual({ ...expectedServer(s), ...(await expectedNested(s)) });
      expect(res.data.authorizationServer.status).toBe('INACTIVE');
      expect(res.data.authorizationServer.keys.map((k: any) => k.status)).toEqual(['ACTIVE', 'NEXT', 'EXPIRED']);
      expect(res.data.authorizationServer.keys.map((k: any) => k.kid)).toEqual([before[1], expect.any(String), before[0]]);
    } finally {
      await okta(stack, 'POST', `/api/v1/authorizationServers/${s.id}/lifecycle/activate`);
    }
  });

  /** Gives the default server more scopes than one Okta page holds (200). */
  async function manyScopes(): Promise<SimAuthServer> {
    const s = stack.sim.org.authServers.get('default')!;
    for (let i = 0; s.scopes.size <= 210; i += 30) {
      const batch = await Promise.all(
        Array.from({ length: 30 }, (_, j) => okta(stack, 'POST', `/api/v1/authorizationServers/default/scopes`, { name: `bulk:${i + j}`, description: `Bulk scope ${i + j}` })),
      );
      for (const r of batch) expect(r.status).toBe(201);
    }
    await stack.resetSim();
    return s;
  }

  test('more than one Okta page of scopes: every scope is read (Link pagination) and counted in extensions.okta', async () => {
    const s = await manyScopes();
    const res: any = await stack.gql(`{ authorizationServer(id: "default") { scopes { id name } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.authorizationServer.scopes).toEqual([...s.scopes.values()].map((x) => ({ id: x.id, name: x.name })));
    const stats = await stack.stats();
    expect(stats.byRoute['GET /api/v1/authorizationServers/{authServerId}/scopes']).toBe(2);
    expect(res.extensions.okta.requests).toBe(stats.total);
  });

  // The cost estimate counts one page for a list read whole (documented in src/cost.ts): a server
  // with more than 200 scopes costs one call more than estimated, the estimate stays close.
  test('the estimate of a whole list spanning several Okta pages is one page short, and close', async () => {
    await manyScopes();
    const res: any = await stack.gql(`{ authorizationServer(id: "default") { scopes { id } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.extensions.okta.requests - res.extensions.okta.estimatedRequests).toBe(1);
  });
});
