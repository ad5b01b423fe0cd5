import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { startStack, type Stack } from './helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ sim: { users: 300 } });
});
afterAll(async () => {
  await stack.close();
});
beforeEach(async () => {
  await stack.resetSim();
});

const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { id status profile { login } } } }`;

describe('federation', () => {
  test('_service { sdl } carries the User entity key and our directive', async () => {
    const res: any = await stack.gql('{ _service { sdl } }');
    expect(res.errors).toBeUndefined();
    const sdl: string = res.data._service.sdl;
    expect(sdl).toMatch(/type User\s+@key\(fields: "id"\)/);
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.7"');
    expect(sdl).toContain('directive @requiresOktaScopes');
  });

  test('_entities for 100 distinct users (plus duplicates) costs at most 3 Okta requests, in order', async () => {
    const users = [...stack.sim.org.users.all()].slice(0, 100);
    const ids = users.map((u) => u.id);
    const representations = [...ids, ...ids.slice(0, 30), ...ids.slice(50, 60)].map((id) => ({ __typename: 'User', id }));
    const res: any = await stack.gql(ENTITIES, { representations });
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toHaveLength(representations.length);
    res.data._entities.forEach((entity: any, i: number) => expect(entity.id).toBe(representations[i]!.id));
    const stats = await stack.stats();
    expect(stats.total).toBeLessThanOrEqual(3);
    expect(stats.byRoute['GET /api/v1/users']).toBe(2);
  });

  test('unknown ids resolve to null without failing the others', async () => {
    const known = [...stack.sim.org.users.all()].slice(0, 3).map((u) => u.id);
    const representations = [...known, '00uNoSuchUser00000000', '00uNoSuchUser00000001'].map((id) => ({ __typename: 'User', id }));
    const res: any = await stack.gql(ENTITIES, { representations });
    expect(res.errors).toBeUndefined();
    expect(res.data._entities.map((e: any) => e?.id ?? null)).toEqual([...known, null, null]);
  });
});

describe('batch splitting', () => {
  let small: Stack;
  const urls: string[] = [];
  beforeAll(async () => {
    // An Okta front end that refuses long URLs with 414, as real proxies do.
    const fetch414: typeof fetch = async (input, init) => {
      const url = String(input);
      urls.push(url);
      if (url.length > 700) return new Response('URI Too Long', { status: 414 });
      return fetch(input, init);
    };
    small = await startStack({ sim: { users: 60 }, fetch: fetch414 });
  });
  afterAll(async () => {
    await small.close();
  });

  test('a batch refused as too long (414) is halved until it fits, and every entity still resolves', async () => {
    const ids = [...small.sim.org.users.all()].slice(0, 40).map((u) => u.id);
    const res: any = await small.gql(ENTITIES, { representations: ids.map((id) => ({ __typename: 'User', id })) });
    expect(res.errors).toBeUndefined();
    expect(res.data._entities.map((e: any) => e.id)).toEqual(ids);
    expect(urls.some((u) => u.length > 700)).toBe(true);
    const stats = await small.stats();
    // Accepted requests only: 40 ids split into chunks that fit, never one request per id.
    expect(stats.total).toBeGreaterThan(1);
    expect(stats.total).toBeLessThan(20);
  });
});
