import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { SimUserStatus } from '../../src/simulator/store/users.js';
import { api, eventsSince, expectOktaError } from './directoryApi.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ users: 60, seed: 'lifecycle-test' });
});
afterAll(async () => {
  await sim.close();
});

const STATUSES: SimUserStatus[] = ['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED'];
type Op = 'activate' | 'reactivate' | 'deactivate' | 'suspend' | 'unsuspend' | 'unlock' | 'reset_password' | 'expire_password';

/** Okta's documented state machine, written out independently of the simulator's. */
const LEGAL: Record<Op, Partial<Record<SimUserStatus, SimUserStatus>>> = {
  activate: { STAGED: 'ACTIVE', DEPROVISIONED: 'PROVISIONED' },
  reactivate: { PROVISIONED: 'PROVISIONED', RECOVERY: 'RECOVERY' },
  deactivate: Object.fromEntries(STATUSES.filter((s) => s !== 'DEPROVISIONED').map((s) => [s, 'DEPROVISIONED'])),
  suspend: { ACTIVE: 'SUSPENDED' },
  unsuspend: { SUSPENDED: 'ACTIVE' },
  unlock: { LOCKED_OUT: 'ACTIVE', ACTIVE: 'ACTIVE' },
  reset_password: { ACTIVE: 'RECOVERY', PASSWORD_EXPIRED: 'RECOVERY', RECOVERY: 'RECOVERY', LOCKED_OUT: 'RECOVERY', PROVISIONED: 'RECOVERY' },
  expire_password: { ACTIVE: 'PASSWORD_EXPIRED', PASSWORD_EXPIRED: 'PASSWORD_EXPIRED', RECOVERY: 'PASSWORD_EXPIRED', LOCKED_OUT: 'PASSWORD_EXPIRED' },
};
const REFUSAL: Record<Op, [number, string]> = {
  activate: [403, 'E0000016'],
  reactivate: [403, 'E0000038'],
  deactivate: [403, 'E0000038'],
  suspend: [400, 'E0000001'],
  unsuspend: [400, 'E0000001'],
  unlock: [403, 'E0000032'],
  reset_password: [403, 'E0000038'],
  expire_password: [403, 'E0000038'],
};
const EVENT: Record<Op, string> = {
  activate: 'user.lifecycle.activate',
  reactivate: 'user.lifecycle.reactivate',
  deactivate: 'user.lifecycle.deactivate',
  suspend: 'user.lifecycle.suspend',
  unsuspend: 'user.lifecycle.unsuspend',
  unlock: 'user.account.unlock_by_admin',
  reset_password: 'user.account.reset_password',
  expire_password: 'user.account.expire_password',
};
const LINK_OF: Record<string, Op> = {
  activate: 'activate', reactivate: 'reactivate', deactivate: 'deactivate', suspend: 'suspend', unsuspend: 'unsuspend',
  unlock: 'unlock', resetPassword: 'reset_password', expirePassword: 'expire_password',
};

let serial = 0;
/** A user with a password, put into `status` (test setup goes through the store). */
async function userIn(status: SimUserStatus): Promise<string> {
  serial++;
  const login = `life.cycle${serial}@example.org`;
  const body = { profile: { login, email: login, firstName: 'Life', lastName: `Cycle${serial}` }, credentials: { password: { value: 'Tlpw3NT2mX' } } };
  const created = await api(sim, '/api/v1/users?activate=false', { method: 'POST', body });
  sim.org.users.update(created.body.id, (u) => {
    u.status = status;
  });
  return created.body.id;
}

describe('user lifecycle', () => {
  test('every operation in every status: Okta’s transition or Okta’s error', async () => {
    const ops = Object.keys(LEGAL) as Op[];
    for (const op of ops) {
      for (const status of STATUSES) {
        const id = await userIn(status);
        const from = sim.org.logs.events.length;
        const answer = await api(sim, `/api/v1/users/${id}/lifecycle/${op}?sendEmail=false`, { method: 'POST' });
        const to = LEGAL[op][status];
        const label = `${op} on ${status}`;
        if (to === undefined) {
          const [code, errorCode] = REFUSAL[op];
          expect({ label, status: answer.status, code: answer.body.errorCode }).toEqual({ label, status: code, code: errorCode });
          expect(sim.org.users.get(id)!.status).toBe(status);
          expect(eventsSince(sim, from)).toEqual([]);
        } else {
          expect({ label, status: answer.status }).toEqual({ label, status: 200 });
          expect({ label, now: sim.org.users.get(id)!.status }).toEqual({ label, now: to });
          expect(eventsSince(sim, from).map((e) => [e.eventType, e.target[0].id])).toEqual([[EVENT[op], id]]);
          // The filter index follows the new status at once.
          const filtered = await api(sim, `/api/v1/users?filter=${encodeURIComponent(`status eq "${to}" and id eq "${id}"`)}`);
          expect(filtered.body.map((u: { id: string }) => u.id)).toEqual([id]);
        }
      }
    }
  });

  test('a single user links exactly the operations its status allows', async () => {
    for (const status of STATUSES) {
      const user = (await api(sim, `/api/v1/users/${await userIn(status)}`)).body;
      const linked = Object.keys(user._links).filter((k) => k in LINK_OF).map((k) => LINK_OF[k]!).sort();
      // Unlocking an ACTIVE user only clears a device block; Okta does not advertise it.
      const legal = (Object.keys(LEGAL) as Op[]).filter((op) => LEGAL[op][status] && !(op === 'unlock' && status === 'ACTIVE')).sort();
      expect({ status, linked }).toEqual({ status, linked: legal });
      expect(user._links[Object.keys(LINK_OF).find((k) => user._links[k])!].href).toMatch(new RegExp(`^${sim.url}/api/v1/users/${user.id}/lifecycle/`));
    }
  });

  test('activation: token and URL unless emailed; a password makes the user ACTIVE, none PROVISIONED', async () => {
    const id = await userIn('STAGED');
    const emailed = await api(sim, `/api/v1/users/${id}/lifecycle/activate`, { method: 'POST' });
    expect(emailed.body).toEqual({});
    const user = sim.org.users.get(id)!;
    expect({ status: user.status, activated: user.activated === user.statusChanged }).toEqual({ status: 'ACTIVE', activated: true });
    const login = 'no.password@example.org';
    const bare = (await api(sim, '/api/v1/users?activate=false', { method: 'POST', body: { profile: { login, email: login, firstName: 'No', lastName: 'Password' } } })).body;
    const token = await api(sim, `/api/v1/users/${bare.id}/lifecycle/activate?sendEmail=false`, { method: 'POST' });
    expect(token.body.activationUrl).toBe(`${sim.url}/welcome/${token.body.activationToken}`);
    expect(token.body.activationToken).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(sim.org.users.get(bare.id)!.status).toBe('PROVISIONED');
    const again = await api(sim, `/api/v1/users/${bare.id}/lifecycle/reactivate`, { method: 'POST' });
    expect(Object.keys(again.body).sort()).toEqual(['activationToken', 'activationUrl']);
    expect((await api(sim, `/api/v1/users/${bare.id}/lifecycle/reactivate?sendEmail=true`, { method: 'POST' })).body).toEqual({});
    const refused = await api(sim, `/api/v1/users/${id}/lifecycle/activate`, { method: 'POST' });
    expectOktaError(refused, 403, 'E0000016');
    expect(refused.body.errorSummary).toBe('Activation failed because the user is already active');
  });

  test('reactivating a deactivated user drops the old password', async () => {
    const id = await userIn('ACTIVE');
    await api(sim, `/api/v1/users/${id}/lifecycle/deactivate`, { method: 'POST' });
    await api(sim, `/api/v1/users/${id}/lifecycle/activate?sendEmail=false`, { method: 'POST' });
    const user = (await api(sim, `/api/v1/users/${id}`)).body;
    expect({ status: user.status, password: user.credentials.password }).toEqual({ status: 'PROVISIONED', password: undefined });
  });

  test('reset and expire password: URL unless emailed, User body, and Okta’s wording for refusals', async () => {
    const id = await userIn('ACTIVE');
    const reset = await api(sim, `/api/v1/users/${id}/lifecycle/reset_password?sendEmail=false`, { method: 'POST' });
    expect(reset.body.resetPasswordUrl).toMatch(new RegExp(`^${sim.url}/reset_password/[A-Za-z0-9]{20}$`));
    expect((await api(sim, `/api/v1/users/${id}/lifecycle/reset_password?sendEmail=true`, { method: 'POST' })).body).toEqual({});
    const expired = await api(sim, `/api/v1/users/${id}/lifecycle/expire_password`, { method: 'POST' });
    expect({ id: expired.body.id, status: expired.body.status }).toEqual({ id, status: 'PASSWORD_EXPIRED' });
    const suspended = await userIn('SUSPENDED');
    const refused = await api(sim, `/api/v1/users/${suspended}/lifecycle/reset_password?sendEmail=false`, { method: 'POST' });
    expect(refused.body.errorSummary).toBe("This operation is not allowed in the user's current status.");
    expect((await api(sim, `/api/v1/users/${suspended}/lifecycle/unlock`, { method: 'POST' })).body.errorSummary).toBe('Unlock is not allowed for this user.');
  });

  test('lifecycle on an unknown user is 404 E0000007, by id or login', async () => {
    for (const op of Object.keys(LEGAL)) {
      expectOktaError(await api(sim, `/api/v1/users/nobody@example.org/lifecycle/${op}?sendEmail=false`, { method: 'POST' }), 404, 'E0000007');
    }
    const id = await userIn('ACTIVE');
    const login = sim.org.users.get(id)!.profile.login;
    expect((await api(sim, `/api/v1/users/${encodeURIComponent(login)}/lifecycle/suspend`, { method: 'POST' })).status).toBe(200);
  });
});

describe('who may change users', () => {
  const withBearer = async (login: string, scopes: string[], run: (auth: string) => Promise<void>) => {
    const original = sim.org.bearer;
    const userId = sim.org.users.get(login)!.id;
    sim.org.bearer = (token) => (token === 'test-token' ? { kind: 'bearer', userId, scopes: new Set(scopes) } : original?.(token));
    try {
      await run('Bearer test-token');
    } finally {
      sim.org.bearer = original;
    }
  };

  test('a read scope cannot write: 403 E0000006 with insufficient_scope', async () => {
    await withBearer('admin@example.com', ['okta.users.read'], async (auth) => {
      expect((await api(sim, '/api/v1/users?limit=1', { auth })).status).toBe(200);
      const denied = await api(sim, '/api/v1/users', { method: 'POST', auth, body: { profile: {} } });
      expectOktaError(denied, 403, 'E0000006');
      expect(denied.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    });
  });

  test('admin roles: read-only admins read, help desk unlocks and resets but does not suspend', async () => {
    const locked = await userIn('LOCKED_OUT');
    const active = await userIn('ACTIVE');
    await withBearer('readonly.admin@example.com', ['okta.users.manage'], async (auth) => {
      expect((await api(sim, `/api/v1/users/${active}`, { auth })).status).toBe(200);
      expectOktaError(await api(sim, `/api/v1/users/${active}/lifecycle/suspend`, { method: 'POST', auth }), 403, 'E0000006');
    });
    await withBearer('help.desk@example.com', ['okta.users.manage'], async (auth) => {
      expect((await api(sim, `/api/v1/users/${locked}/lifecycle/unlock`, { method: 'POST', auth })).status).toBe(200);
      expect((await api(sim, `/api/v1/users/${active}/lifecycle/reset_password?sendEmail=false`, { method: 'POST', auth })).status).toBe(200);
      expectOktaError(await api(sim, `/api/v1/users/${active}/lifecycle/suspend`, { method: 'POST', auth }), 403, 'E0000006');
      expectOktaError(await api(sim, `/api/v1/users/${active}`, { method: 'DELETE', auth }), 403, 'E0000006');
    });
  });
});
