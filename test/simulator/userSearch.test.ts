import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { SimUser } from '../../src/simulator/store/users.js';
import { api, expectOktaError, pageAll } from './directoryApi.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ users: 400, seed: 'search-test' });
});
afterAll(async () => {
  await sim.close();
});

const users = (): SimUser[] => [...sim.org.users.all()];
const ids = (list: Array<{ id: string }>) => list.map((u) => u.id);
const enc = encodeURIComponent;

async function setLag(ms: number): Promise<void> {
  const res = await fetch(`${sim.url}/__simulator/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ searchLagMs: ms }) });
  expect(res.status).toBe(200);
}

describe('listing users', () => {
  test('pages to the end through Link headers, without DEPROVISIONED users', async () => {
    const { items, pages } = await pageAll(sim, '/api/v1/users?limit=45');
    expect(ids(items)).toEqual(ids(users().filter((u) => u.status !== 'DEPROVISIONED')));
    expect(pages).toBeGreaterThan(5);
    const first = await api(sim, '/api/v1/users?limit=45');
    expect(first.headers.get('link')).toContain(`<${sim.url}/api/v1/users?limit=45>; rel="self"`);
  });

  test('filter: each attribute and operator Okta allows, and/or, parentheses; DEPROVISIONED included', async () => {
    const all = users();
    const [a, b] = [all[20]!, all[33]!];
    const check = async (filter: string, expected: SimUser[]) => {
      const { items } = await pageAll(sim, `/api/v1/users?limit=200&filter=${enc(filter)}`);
      expect({ filter, ids: ids(items) }).toEqual({ filter, ids: ids(expected) });
    };
    await check('status eq "DEPROVISIONED"', all.filter((u) => u.status === 'DEPROVISIONED'));
    await check(`id eq "${a.id}"`, [a]);
    await check(`profile.login eq "${a.profile.login}"`, [a]);
    await check(`profile.email eq "${b.profile.email}" or id eq "${a.id}"`, [a, b]);
    await check(`profile.firstName eq "${String(a.profile.firstName)}"`, all.filter((u) => u.profile.firstName === a.profile.firstName));
    await check(`profile.lastName eq "${String(b.profile.lastName)}"`, all.filter((u) => u.profile.lastName === b.profile.lastName));
    const t = '2024-01-01T00:00:00.000Z';
    await check(`lastUpdated gt "${t}"`, all.filter((u) => u.lastUpdated > t));
    await check(`lastUpdated ge "${a.lastUpdated}"`, all.filter((u) => u.lastUpdated >= a.lastUpdated));
    await check(`lastUpdated lt "${t}"`, all.filter((u) => u.lastUpdated < t));
    await check(`lastUpdated le "${a.lastUpdated}"`, all.filter((u) => u.lastUpdated <= a.lastUpdated));
    await check(`lastUpdated eq "${a.lastUpdated}"`, all.filter((u) => u.lastUpdated === a.lastUpdated));
    await check(`lastUpdated gt "${t}" and (status eq "SUSPENDED" or status eq "LOCKED_OUT")`, all.filter((u) => u.lastUpdated > t && ['SUSPENDED', 'LOCKED_OUT'].includes(u.status)));
    // Filter values are case-sensitive.
    await check(`status eq "active"`, []);
  });

  test('filter and search refuse what Okta refuses', async () => {
    for (const filter of ['profile.firstName sw "A"', 'profile.city eq "Paris"', 'status ne "ACTIVE"', 'status eq', 'status eq "A" and (', 'status eq "ACTIVE" xor id eq "x"']) {
      const answer = await api(sim, `/api/v1/users?filter=${enc(filter)}`);
      expectOktaError(answer, 400, 'E0000031');
    }
    for (const search of ['status ne "ACTIVE"', 'profile.city co "ar"', 'credentials.provider eq "OKTA"']) {
      expectOktaError(await api(sim, `/api/v1/users?search=${enc(search)}`), 400, 'E0000031');
    }
    const both = await api(sim, `/api/v1/users?search=${enc('status eq "ACTIVE"')}&filter=${enc('status eq "ACTIVE"')}`);
    expectOktaError(both, 400, 'E0000033');
  });

  test('search: eq (case-insensitive), sw, co, pr, date comparisons, sorted paging', async () => {
    const all = users();
    const check = async (search: string, expected: SimUser[]) => {
      const { items } = await pageAll(sim, `/api/v1/users?limit=200&search=${enc(search)}`);
      expect({ search, ids: ids(items) }).toEqual({ search, ids: ids(expected) });
    };
    const city = String(all[7]!.profile.city);
    await check(`profile.city eq "${city.toUpperCase()}"`, all.filter((u) => u.profile.city === city));
    await check('profile.lastName sw "tu"', all.filter((u) => String(u.profile.lastName).toLowerCase().startsWith('tu')));
    await check('profile.email co "ada"', all.filter((u) => String(u.profile.email).includes('ada')));
    await check('profile.githubUsername pr', all.filter((u) => u.profile.githubUsername));
    await check('created lt "2022-01-01T00:00:00.000Z" and status eq "ACTIVE"', all.filter((u) => u.created < '2022-01-01T00:00:00.000Z' && u.status === 'ACTIVE'));
    await check('(status lt "STAGED" or status gt "STAGED")', all.filter((u) => u.status !== 'STAGED'));
    const sorted = await pageAll(sim, `/api/v1/users?limit=50&search=${enc('status eq "ACTIVE"')}&sortBy=profile.lastName&sortOrder=desc`);
    const expected = all
      .filter((u) => u.status === 'ACTIVE')
      .sort((x, y) => (String(y.profile.lastName) < String(x.profile.lastName) ? -1 : String(y.profile.lastName) > String(x.profile.lastName) ? 1 : x.id < y.id ? 1 : -1));
    expect(ids(sorted.items)).toEqual(ids(expected));
  });

  test('q: prefix of first name, last name or email; 10 by default; no paging; no DEPROVISIONED', async () => {
    const answer = await api(sim, '/api/v1/users?q=a');
    const starts = (u: SimUser) => ['firstName', 'lastName', 'email'].some((k) => String(u.profile[k]).toLowerCase().startsWith('a'));
    expect(ids(answer.body)).toEqual(ids(users().filter((u) => u.status !== 'DEPROVISIONED' && starts(u)).slice(0, 10)));
    expect(answer.next).toBeUndefined();
  });

  test('a bad limit or cursor is 400', async () => {
    expectOktaError(await api(sim, '/api/v1/users?limit=abc'), 400, 'E0000001');
    expectOktaError(await api(sim, '/api/v1/users?after=garbage'), 400, 'E0000001');
  });
});

describe('search index lag (searchLagMs)', () => {
  test('a new or changed user is missing or stale in search for the lag; filter, q and get see it at once', async () => {
    await setLag(400);
    try {
      const login = 'lagging.user@example.org';
      const created = (await api(sim, '/api/v1/users', { method: 'POST', body: { profile: { login, email: login, firstName: 'Lagging', lastName: 'Zebra' } } })).body;
      const search = async (expr: string) => ids((await api(sim, `/api/v1/users?search=${enc(expr)}`)).body);
      expect(await search(`profile.login eq "${login}"`)).toEqual([]);
      expect(await search('profile.lastName sw "Zebr"')).toEqual([]);
      expect(ids((await api(sim, `/api/v1/users?filter=${enc(`profile.login eq "${login}"`)}`)).body)).toEqual([created.id]);
      expect(ids((await api(sim, '/api/v1/users?q=Lagging')).body)).toEqual([created.id]);
      expect((await api(sim, `/api/v1/users/${created.id}`)).status).toBe(200);
      await sleep(450);
      expect(await search(`profile.login eq "${login}"`)).toEqual([created.id]);

      await api(sim, `/api/v1/users/${created.id}`, { method: 'POST', body: { profile: { lastName: 'Yak' } } });
      expect(await search('profile.lastName eq "Yak"')).toEqual([]);
      const stale = (await api(sim, `/api/v1/users?search=${enc('profile.lastName eq "Zebra"')}`)).body;
      expect(stale.map((u: SimUser) => [u.id, u.profile.lastName])).toEqual([[created.id, 'Zebra']]);
      await sleep(450);
      expect(await search('profile.lastName eq "Yak"')).toEqual([created.id]);
      expect(await search('profile.lastName eq "Zebra"')).toEqual([]);

      await api(sim, `/api/v1/users/${created.id}`, { method: 'DELETE' });
      await api(sim, `/api/v1/users/${created.id}`, { method: 'DELETE' });
      expect((await api(sim, `/api/v1/users/${created.id}`)).status).toBe(404);
      expect(await search('profile.lastName eq "Yak"')).toEqual([created.id]);
      await sleep(450);
      expect(await search('profile.lastName eq "Yak"')).toEqual([]);
    } finally {
      await setLag(0);
    }
  });

  test('without lag, search sees writes at once', async () => {
    const login = 'instant.user@example.org';
    const created = (await api(sim, '/api/v1/users', { method: 'POST', body: { profile: { login, email: login, firstName: 'Instant', lastName: 'User' } } })).body;
    expect(ids((await api(sim, `/api/v1/users?search=${enc(`profile.login eq "${login}"`)}`)).body)).toEqual([created.id]);
  });
});
