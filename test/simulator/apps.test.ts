import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { SimApp } from '../../src/simulator/store/apps.js';
import { requestErrors, responseErrors } from '../helpers/openapi.js';
import { api, expectConforms, expectOktaError, pageAll } from './directoryApi.js';
import { appSchemaOf, schemaErrors } from './specSchema.js';

jest.setTimeout(20_000);

let sim: Simulator;
/** Where this file's events start in the org's log (after the seeded history). */
let firstEvent = 0;
beforeAll(async () => {
  sim = await startSimulator({ users: 300, seed: 'apps-test' });
  firstEvent = sim.org.logs.events.length;
  // Parsing Okta's spec and compiling its schemas takes seconds on a busy machine: once, up front.
  responseErrors('GET', '/api/v1/apps', 200, []);
  schemaErrors('SamlApplication', {});
}, 60_000);
afterAll(async () => {
  await sim.close();
});

const apps = () => [...sim.org.apps.all()];
const byLabel = (label: string): SimApp => apps().find((a) => a.label === label)!;
/** The System Log events since `from`, as the tests read them. */
interface Logged {
  eventType: string;
  displayMessage: string;
  target: Array<{ id: string; type: string; displayName?: string }>;
}
const events = (from: number) => sim.org.logs.events.slice(from) as unknown as Logged[];

/** Whether the user has the app, from the stores (individual record or a member of an assigned group). */
function userHas(app: SimApp, userId: string): boolean {
  if (sim.org.apps.userRecord(app.id, userId)?.individual) return true;
  return sim.org.apps.groupAssignments(app.id).some((g) => sim.org.groups.isMember(g.groupId, userId));
}

describe('GET /api/v1/apps', () => {
  test('pages through every app with Link headers; each page and each app conforms to the spec and its sign-on-mode schema', async () => {
    const seen: string[] = [];
    let next: string | undefined = '/api/v1/apps?limit=5';
    let pages = 0;
    while (next) {
      const page = await api(sim, next);
      expectConforms('GET', '/api/v1/apps', page);
      for (const app of page.body) expect(schemaErrors(appSchemaOf(app.signOnMode), app)).toEqual([]);
      seen.push(...page.body.map((a: { id: string }) => a.id));
      next = page.next;
      pages++;
    }
    expect(seen).toEqual(apps().map((a) => a.id));
    expect(pages).toBe(Math.ceil(apps().length / 5) + (apps().length % 5 === 0 ? 1 : 0));
    const modes = new Set(apps().map((a) => a.signOnMode));
    expect([...modes].sort()).toEqual(['AUTO_LOGIN', 'BOOKMARK', 'BROWSER_PLUGIN', 'OPENID_CONNECT', 'SAML_2_0']);
    expect(apps().some((a) => a.status === 'INACTIVE')).toBe(true);
  });

  test('Okta default page of 20 (limit=-1 too), cap of 200, and a bad cursor is a 400', async () => {
    expect((await api(sim, '/api/v1/apps')).body).toHaveLength(Math.min(20, apps().length));
    const all = await api(sim, '/api/v1/apps?limit=-1');
    expectConforms('GET', '/api/v1/apps', all);
    expect(all.body).toHaveLength(Math.min(20, apps().length));
    expect((await api(sim, '/api/v1/apps?limit=1000')).body).toHaveLength(apps().length);
    expectOktaError(await api(sim, '/api/v1/apps?after=nonsense'), 400, 'E0000001');
  });

  test('OIDC apps show their client id but never a client secret', async () => {
    const { items } = await pageAll(sim, '/api/v1/apps?limit=200');
    const oidc = items.filter((a) => a.signOnMode === 'OPENID_CONNECT');
    expect(oidc.length).toBeGreaterThanOrEqual(3);
    for (const app of oidc) {
      expect(app.credentials.oauthClient.client_id).toBe(app.id);
      expect(app.credentials.oauthClient.client_secret).toBeUndefined();
      expect(app.settings.oauthClient.grant_types.length).toBeGreaterThan(0);
    }
    expect(new Set(oidc.map((a) => a.settings.oauthClient.application_type))).toEqual(new Set(['web', 'browser', 'service', 'native']));
  });

  test('filter: status, name, id, user.id, group.id, signing kid, combined with and; q prefix of name or label', async () => {
    const list = async (query: string) => {
      const res = await api(sim, `/api/v1/apps?limit=200&${query}`);
      expectConforms('GET', '/api/v1/apps', res);
      return res.body.map((a: { id: string }) => a.id);
    };
    const ids = (pred: (a: SimApp) => boolean) => apps().filter(pred).map((a) => a.id);
    expect(await list(`filter=${encodeURIComponent('status eq "INACTIVE"')}`)).toEqual(ids((a) => a.status === 'INACTIVE'));
    expect(await list(`filter=${encodeURIComponent('name eq "bookmark"')}`)).toEqual(ids((a) => a.name === 'bookmark'));
    const slack = byLabel('Slack');
    expect(await list(`filter=${encodeURIComponent(`id eq "${slack.id}"`)}`)).toEqual([slack.id]);
    const endUser = sim.org.users.get('end.user@example.com')!;
    const mine = await list(`filter=${encodeURIComponent(`user.id eq "${endUser.id}"`)}`);
    expect(mine).toEqual(ids((a) => userHas(a, endUser.id)));
    expect(mine).toEqual(expect.arrayContaining([slack.id, byLabel('GitHub').id, byLabel('Company Intranet').id]));
    const everyone = [...sim.org.groups.all()].find((g) => g.type === 'BUILT_IN')!;
    expect(await list(`filter=${encodeURIComponent(`group.id eq "${everyone.id}"`)}`)).toEqual(ids((a) => sim.org.apps.groupAssignment(a.id, everyone.id) !== undefined));
    const salesforce = byLabel('Salesforce.com');
    const kid = (salesforce.credentials.signing as { kid: string }).kid;
    expect(await list(`filter=${encodeURIComponent(`credentials.signing.kid eq "${kid}"`)}`)).toEqual([salesforce.id]);
    expect(await list(`filter=${encodeURIComponent('status eq "ACTIVE" and name eq "oidc_client"')}`)).toEqual(ids((a) => a.status === 'ACTIVE' && a.name === 'oidc_client'));
    expect(await list('q=sla')).toEqual([slack.id]);
    expect(await list('q=BOOK')).toEqual(ids((a) => a.name === 'bookmark'));
    for (const bad of ['label eq "Slack"', 'status ne "ACTIVE"', 'status eq', 'name sw "book"']) {
      expectOktaError(await api(sim, `/api/v1/apps?filter=${encodeURIComponent(bad)}`), 400, 'E0000031');
    }
  });

  test('expand=user/{userId} embeds that app user in each app the user has', async () => {
    const endUser = sim.org.users.get('end.user@example.com')!;
    const filter = encodeURIComponent(`user.id eq "${endUser.id}"`);
    const res = await api(sim, `/api/v1/apps?filter=${filter}&expand=${encodeURIComponent(`user/${endUser.id}`)}`);
    expect(requestErrors('GET', '/api/v1/apps', res.url)).toEqual([]);
    // The spec types `_embedded.user` as a map of objects although it describes (and Okta returns)
    // one AppUser there: the app is checked without it, the embedded app user as an AppUser.
    const apps = res.body.map(({ _embedded, ...app }: Record<string, unknown>) => app);
    expect(responseErrors('GET', '/api/v1/apps', 200, apps)).toEqual([]);
    expect(res.body.length).toBeGreaterThan(0);
    for (const app of res.body) {
      expect(app._embedded.user.id).toBe(endUser.id);
      expect(schemaErrors('AppUser', app._embedded.user)).toEqual([]);
    }
  });
});

describe('GET /api/v1/apps/{appId}', () => {
  test('one app of each sign-on mode conforms; SAML apps link their metadata; unknown ids are 404 E0000007', async () => {
    for (const mode of ['SAML_2_0', 'OPENID_CONNECT', 'BOOKMARK', 'AUTO_LOGIN', 'BROWSER_PLUGIN']) {
      const app = apps().find((a) => a.signOnMode === mode)!;
      const res = await api(sim, `/api/v1/apps/${app.id}`);
      expectConforms('GET', '/api/v1/apps/{appId}', res);
      expect(schemaErrors(appSchemaOf(mode), res.body)).toEqual([]);
      expect(res.body._links.users.href).toBe(`${sim.url}/api/v1/apps/${app.id}/users`);
      expect(Boolean(res.body._links.metadata)).toBe(mode === 'SAML_2_0');
    }
    const missing = await api(sim, '/api/v1/apps/0oanotthere000000000');
    expectConforms('GET', '/api/v1/apps/{appId}', missing);
    expectOktaError(missing, 404, 'E0000007');
  });
});

describe('app lifecycle and delete', () => {
  test('deactivate and activate: 200 {}, status and links follow, one System Log event per change', async () => {
    const app = byLabel('Zoom');
    const from = sim.org.logs.events.length;
    const off = await api(sim, `/api/v1/apps/${app.id}/lifecycle/deactivate`, { method: 'POST' });
    expectConforms('POST', '/api/v1/apps/{appId}/lifecycle/deactivate', off);
    const got = await api(sim, `/api/v1/apps/${app.id}`);
    expect(got.body.status).toBe('INACTIVE');
    expect(got.body._links.activate.href).toBe(`${sim.url}/api/v1/apps/${app.id}/lifecycle/activate`);
    expect(got.body._links.deactivate).toBeUndefined();
    expect((await api(sim, `/api/v1/apps/${app.id}/lifecycle/deactivate`, { method: 'POST' })).status).toBe(200);
    const on = await api(sim, `/api/v1/apps/${app.id}/lifecycle/activate`, { method: 'POST' });
    expectConforms('POST', '/api/v1/apps/{appId}/lifecycle/activate', on);
    expect(sim.org.apps.get(app.id)!.status).toBe('ACTIVE');
    const logged = events(from);
    expect(logged.map((e) => [e.eventType, e.displayMessage])).toEqual([
      ['application.lifecycle.deactivate', 'Deactivate application'],
      ['application.lifecycle.activate', 'Activate application'],
    ]);
    expect(logged[0]!.target).toEqual([expect.objectContaining({ id: app.id, type: 'AppInstance', displayName: 'Zoom' })]);
    expectOktaError(await api(sim, '/api/v1/apps/0oanotthere000000000/lifecycle/activate', { method: 'POST' }), 404, 'E0000007');
  });

  test('an active app cannot be deleted (403 E0000056); an inactive one is, with its assignments', async () => {
    const app = byLabel('Benefits Center');
    const refused = await api(sim, `/api/v1/apps/${app.id}`, { method: 'DELETE' });
    expectConforms('DELETE', '/api/v1/apps/{appId}', refused);
    expect(refused.status).toBe(403);
    expect(refused.body.errorCode).toBe('E0000056');
    await api(sim, `/api/v1/apps/${app.id}/lifecycle/deactivate`, { method: 'POST' });
    const from = sim.org.logs.events.length;
    const deleted = await api(sim, `/api/v1/apps/${app.id}`, { method: 'DELETE' });
    expectConforms('DELETE', '/api/v1/apps/{appId}', deleted);
    expect(deleted.status).toBe(204);
    expect((await api(sim, `/api/v1/apps/${app.id}`)).status).toBe(404);
    expect((await api(sim, `/api/v1/apps/${app.id}/users`)).status).toBe(404);
    const groups = [...sim.org.groups.all()].filter((g) => sim.org.apps.appsOfGroup(g.id).includes(app.id));
    expect(groups).toEqual([]);
    expect(events(from).map((e) => e.eventType)).toEqual(['application.lifecycle.delete']);
    expect((await api(sim, `/api/v1/apps/${app.id}`, { method: 'DELETE' })).status).toBe(404);
  });
});

describe('PUT /api/v1/apps/{appId}', () => {
  test('a read-modify-write changes the label; the answer alone shows an OIDC client secret', async () => {
    const app = byLabel('Employee Portal');
    const current = (await api(sim, `/api/v1/apps/${app.id}`)).body;
    const from = sim.org.logs.events.length;
    const res = await api(sim, `/api/v1/apps/${app.id}`, { method: 'PUT', body: { ...current, label: 'Employee Portal (new)' } });
    expectConforms('PUT', '/api/v1/apps/{appId}', res);
    expect(schemaErrors('OpenIdConnectApplication', res.body)).toEqual([]);
    expect(res.body.label).toBe('Employee Portal (new)');
    expect(res.body.credentials.oauthClient.client_secret).toEqual(expect.any(String));
    expect(res.body.lastUpdated > current.lastUpdated).toBe(true);
    const after = (await api(sim, `/api/v1/apps/${app.id}`)).body;
    expect(after.label).toBe('Employee Portal (new)');
    expect(after.credentials.oauthClient.client_secret).toBeUndefined();
    expect(after.credentials.signing).toEqual(current.credentials.signing);
    expect(events(from).map((e) => [e.eventType, e.displayMessage, e.target[0]!.id])).toEqual([['application.lifecycle.update', 'Update application', app.id]]);
  });

  test('full replace: what the body omits goes back to its default', async () => {
    const app = byLabel('Company Intranet');
    const current = (await api(sim, `/api/v1/apps/${app.id}`)).body;
    const body = { name: current.name, label: 'Intranet', signOnMode: 'BOOKMARK', settings: { app: { url: 'https://intranet2.example.com/' } } };
    await api(sim, `/api/v1/apps/${app.id}`, { method: 'PUT', body: { ...current, visibility: { ...current.visibility, autoLaunch: true } } });
    const res = await api(sim, `/api/v1/apps/${app.id}`, { method: 'PUT', body });
    expectConforms('PUT', '/api/v1/apps/{appId}', res);
    expect(schemaErrors('BookmarkApplication', res.body)).toEqual([]);
    expect(res.body.visibility.autoLaunch).toBe(false);
    expect(res.body.settings.app).toEqual({ url: 'https://intranet2.example.com/' });
    expect(res.body.credentials.userNameTemplate).toEqual({ template: '${source.login}', type: 'BUILT_IN' });
  });

  test('validation errors are 400 E0000001 with a cause per field, and change nothing', async () => {
    const oidc = byLabel('Ops Dashboard');
    const current = (await api(sim, `/api/v1/apps/${oidc.id}`)).body;
    const put = (body: unknown, id = oidc.id) => api(sim, `/api/v1/apps/${id}`, { method: 'PUT', body });
    const cases: Array<[unknown, RegExp]> = [
      [{ ...current, label: '' }, /^label: /],
      [{ ...current, label: 'x'.repeat(101) }, /^label: /],
      [{ ...current, signOnMode: 'SAML_2_0' }, /^signOnMode: /],
      [{ ...current, name: 'salesforce' }, /^name: /],
      [{ ...current, settings: { ...current.settings, oauthClient: { ...current.settings.oauthClient, grant_types: ['magic'] } } }, /^settings\.oauthClient\.grant_types: /],
      [{ ...current, settings: { ...current.settings, oauthClient: { ...current.settings.oauthClient, redirect_uris: [] } } }, /^settings\.oauthClient\.redirect_uris: /],
      [{ ...current, credentials: { ...current.credentials, oauthClient: { ...current.credentials.oauthClient, client_id: 'another-client' } } }, /^credentials\.oauthClient\.client_id: /],
      [{ ...current, credentials: { ...current.credentials, oauthClient: { ...current.credentials.oauthClient, token_endpoint_auth_method: 'magic' } } }, /^credentials\.oauthClient\.token_endpoint_auth_method: /],
    ];
    for (const [body, cause] of cases) {
      const res = await put(body);
      expectConforms('PUT', '/api/v1/apps/{appId}', res);
      expectOktaError(res, 400, 'E0000001', [cause]);
    }
    expect(sim.org.apps.get(oidc.id)!.label).toBe('Ops Dashboard');
    const bookmark = byLabel('Old CRM');
    expectOktaError(await put({ label: 'CRM', signOnMode: 'BOOKMARK', settings: { app: {} } }, bookmark.id), 400, 'E0000001', [/^settings\.app\.url: /]);
    const swa = byLabel('GitHub');
    expectOktaError(await put({ label: 'GitHub', signOnMode: 'BROWSER_PLUGIN', settings: { app: { url: 'https://github.com' } } }, swa.id), 400, 'E0000001', [/usernameField/, /passwordField/]);
    expectOktaError(await put({ label: 'x', signOnMode: 'BOOKMARK' }, '0oanotthere000000000'), 404, 'E0000007');
  });
});

describe('authorization', () => {
  test('bearer tokens need okta.apps.read to read and okta.apps.manage to write; end users are refused', async () => {
    const as = (login: string, scopes: string[]) => ({ kind: 'bearer' as const, userId: sim.org.users.get(login)!.id, scopes: new Set(scopes), clientId: '0oaclient' });
    const tokens: Record<string, ReturnType<typeof as>> = {
      reader: as('admin@example.com', ['okta.apps.read']),
      manager: as('admin@example.com', ['okta.apps.manage']),
      readonlyAdmin: as('readonly.admin@example.com', ['okta.apps.manage']),
      endUser: as('end.user@example.com', ['okta.apps.manage']),
    };
    const previous = sim.org.bearer;
    sim.org.bearer = (token) => tokens[token];
    try {
      const app = byLabel('Slack');
      const call = (token: string, method = 'GET', path = `/api/v1/apps/${app.id}`) => api(sim, path, { method, auth: `Bearer ${token}` });
      expect((await call('reader')).status).toBe(200);
      const noScope = await call('reader', 'POST', `/api/v1/apps/${app.id}/lifecycle/activate`);
      expectOktaError(noScope, 403, 'E0000006');
      expect(noScope.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
      expect((await call('manager', 'POST', `/api/v1/apps/${app.id}/lifecycle/activate`)).status).toBe(200);
      expect((await call('readonlyAdmin')).status).toBe(200);
      expect((await call('readonlyAdmin', 'POST', `/api/v1/apps/${app.id}/lifecycle/activate`)).status).toBe(403);
      expect((await call('endUser')).status).toBe(403);
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
