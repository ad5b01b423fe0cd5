import type { Org } from '../org.js';
import { Rng } from '../random.js';
import type { SimUser } from './users.js';
import { assembleEvent, deviceOf, parseUserAgent, userRef, type EventParts, type LogActor, type LogClientJson, type LogGeo, type LogSecurity } from './logEvent.js';
import type { StoredLogEvent } from './logs.js';

/** The seeded history covers this long before start-up. */
export const HISTORY_DAYS = 30;
/** At most this many seeded events, so that a 100k-user org still starts in seconds. */
export const MAX_HISTORY_EVENTS = 20_000;
const DAY = 86_400_000;

const AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
];
const ISPS: LogSecurity[] = [
  { asNumber: 7922, asOrg: 'comcast', isp: 'comcast cable communications llc', domain: 'comcast.net', isProxy: false },
  { asNumber: 701, asOrg: 'verizon', isp: 'verizon business', domain: 'verizon.net', isProxy: false },
  { asNumber: 3320, asOrg: 'deutsche telekom ag', isp: 'deutsche telekom ag', domain: 'telekom.de', isProxy: false },
  { asNumber: 2856, asOrg: 'british telecommunications plc', isp: 'bt', domain: 'bt.com', isProxy: false },
];
const COUNTRIES: Record<string, string> = {
  US: 'United States', CA: 'Canada', GB: 'United Kingdom', DE: 'Germany', FR: 'France', IN: 'India', JP: 'Japan', AU: 'Australia',
};
const COORDS: Record<string, [number, number]> = {
  'San Francisco': [37.7749, -122.4194], 'New York': [40.7128, -74.006], Austin: [30.2672, -97.7431], Toronto: [43.6532, -79.3832],
  London: [51.5072, -0.1276], Berlin: [52.52, 13.405], Paris: [48.8566, 2.3522], Bengaluru: [12.9716, 77.5946], Tokyo: [35.6762, 139.6503],
  Sydney: [-33.8688, 151.2093],
};
const FACTORS = [
  { factor: 'OKTA_VERIFY_PUSH', displayName: 'Okta Verify', credentialType: 'OTP' },
  { factor: 'FIDO_WEBAUTHN', displayName: 'Security Key or Biometric', credentialType: 'ASSERTION' },
  { factor: 'SMS_FACTOR', displayName: 'Phone', credentialType: 'SMS' },
];
const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

interface AppRef {
  id: string;
  label: string;
  signOnMode: string;
}

/** Reads the apps store if it offers `all()` (it is built separately); otherwise Okta's built-in apps. */
function appsOf(org: Org, builtIn: AppRef[]): AppRef[] {
  const store = org.apps as unknown as { all?: () => Iterable<Record<string, unknown>> } | undefined;
  const found: AppRef[] = [];
  if (typeof store?.all === 'function') {
    for (const app of store.all()) {
      if (typeof app.id !== 'string' || (app.status !== undefined && app.status !== 'ACTIVE')) continue;
      const label = typeof app.label === 'string' ? app.label : typeof app.name === 'string' ? app.name : app.id;
      found.push({ id: app.id, label, signOnMode: typeof app.signOnMode === 'string' ? app.signOnMode : 'SAML_2_0' });
      if (found.length >= 200) break;
    }
  }
  return found.length > 0 ? found : builtIn;
}

/** Groups (not Everyone) with a few of their members, read defensively from the groups store. */
function groupsOf(org: Org): Array<{ id: string; name: string; members: string[] }> {
  const store = org.groups as unknown as { all?: () => Iterable<Record<string, unknown>>; members?: (id: string) => string[]; memberPage?: (id: string, after: number, limit: number) => { ids: string[] } } | undefined;
  if (typeof store?.all !== 'function') return [];
  const out: Array<{ id: string; name: string; members: string[] }> = [];
  for (const g of store.all()) {
    if (typeof g.id !== 'string' || g.type === 'BUILT_IN') continue;
    const name = String((g.profile as { name?: unknown } | undefined)?.name ?? g.id);
    const members = typeof store.memberPage === 'function' ? store.memberPage(g.id, -1, 200).ids : (store.members?.(g.id) ?? []).slice(0, 200);
    out.push({ id: g.id, name, members });
    if (out.length >= 200) break;
  }
  return out;
}

/**
 * Fills the log with a deterministic history (from the org's seed) of the last {@link HISTORY_DAYS}
 * days: sign-in sessions (password, MFA, app SSO, sign-out), failed sign-ins and lockouts, password
 * changes, admin lifecycle actions, group and app membership changes. Its size grows with the org
 * (10 events per user) up to {@link MAX_HISTORY_EVENTS}. Content is fixed by the seed; timestamps are
 * relative to start-up, as a real org's recent history would be.
 */
export function seedLogHistory(org: Org): void {
  const rng = new Rng(`logs:${String(org.options.seed)}`);
  const now = Date.now();
  const users: SimUser[] = [];
  const signers: SimUser[] = [];
  const admins: SimUser[] = [];
  const byStatus: Record<string, SimUser[]> = {};
  for (const u of org.users.all()) {
    users.push(u);
    (byStatus[u.status] ??= []).push(u);
    if (['ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY', 'LOCKED_OUT'].includes(u.status)) signers.push(u);
    if (u.roles.some((r) => r === 'SUPER_ADMIN' || r === 'ORG_ADMIN')) admins.push(u);
  }
  const target = Math.min(MAX_HISTORY_EVENTS, Math.max(200, users.length * 10));
  const pool = (...statuses: string[]) => statuses.flatMap((st) => byStatus[st] ?? []);
  const lifecycleTargets: Record<string, SimUser[]> = {
    create: pool('STAGED', 'PROVISIONED'),
    activate: pool('ACTIVE'),
    deactivate: pool('DEPROVISIONED'),
    suspend: pool('SUSPENDED'),
    unsuspend: pool('ACTIVE'),
  };
  const id = (prefix: string, length: number) => {
    let s = prefix;
    while (s.length < length) s += B64[Math.floor(rng.next() * 64)];
    return s;
  };
  const uuid = () => {
    let h = '';
    for (let i = 0; i < 32; i++) h += HEX[Math.floor(rng.next() * 16)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[hash(h) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
  const builtInApps: AppRef[] = [
    { id: id('0oa', 20), label: 'Okta Dashboard', signOnMode: 'OPENID_CONNECT' },
    { id: id('0oa', 20), label: 'Okta Admin Console', signOnMode: 'OPENID_CONNECT' },
  ];
  const apps = appsOf(org, builtInApps);
  const groups = groupsOf(org).filter((g) => g.members.length > 0);

  // A user signs in from the same machine and network every time, as most do.
  const clients = new Map<string, { client: LogClientJson; security: LogSecurity }>();
  const clientOf = (user: SimUser) => {
    const known = clients.get(user.id);
    if (known) return known;
    const h = hash(user.id);
    const ua = parseUserAgent(AGENTS[h % AGENTS.length]!);
    const city = String(user.profile.city ?? '');
    const coords = COORDS[city];
    const geo: LogGeo | undefined = coords
      ? { city, state: String(user.profile.state ?? ''), country: COUNTRIES[String(user.profile.countryCode)] ?? 'United States', postalCode: String(user.profile.zipCode ?? ''), geolocation: { lat: coords[0], lon: coords[1] } }
      : undefined;
    const net = ['198.51.100', '203.0.113', '192.0.2'][h % 3];
    const made = {
      client: { userAgent: ua, zone: 'null', device: deviceOf(ua), ipAddress: `${net}.${(h >>> 8) % 254 + 1}`, ...(geo ? { geographicalContext: geo } : {}) },
      security: ISPS[(h >>> 4) % ISPS.length]!,
    };
    clients.set(user.id, made);
    return made;
  };

  const events: Array<{ at: number; parts: EventParts }> = [];
  const push = (at: number, user: SimUser, actor: LogActor, e: Pick<EventParts, 'eventType' | 'displayMessage' | 'legacyEventType'> & Partial<EventParts>, session?: string) => {
    const { client, security } = clientOf(user);
    const requestUri = e.debugData?.requestUri as string | undefined;
    events.push({
      at,
      parts: {
        uuid: uuid(),
        published: '',
        severity: 'INFO',
        outcome: { result: 'SUCCESS' },
        actor,
        client,
        targets: [],
        transaction: { type: 'WEB', id: id('', 27), detail: {} },
        authenticationContext: { authenticationStep: 0, ...(session ? { externalSessionId: session } : {}) },
        securityContext: security,
        ...e,
        debugData: { requestId: id('', 27), ...(requestUri ? { url: requestUri } : {}), threatSuspected: 'false', ...e.debugData },
      },
    });
  };
  const appTarget = (app: AppRef) => ({ id: app.id, type: 'AppInstance', alternateId: app.label, displayName: app.label });
  const userTarget = (u: SimUser) => userRef(u);

  const session = (user: SimUser, at: number) => {
    const sid = id('idx', 25);
    const pwd = { authenticationProvider: 'OKTA_AUTHENTICATION_PROVIDER', credentialType: 'PASSWORD', authenticationStep: 0, externalSessionId: sid };
    push(at, user, userRef(user), { eventType: 'user.session.start', displayMessage: 'User login to Okta', legacyEventType: 'core.user_auth.login_success', authenticationContext: pwd, targets: [appTarget(builtInApps[0]!)], debugData: { requestUri: '/idp/idx/identify' } }, sid);
    const f = rng.pick(FACTORS);
    let t = at + rng.int(2_000, 30_000);
    push(t, user, userRef(user), {
      eventType: 'user.authentication.auth_via_mfa', displayMessage: 'Authentication of user via MFA', legacyEventType: 'core.user.factor.attempt_success',
      authenticationContext: { authenticationProvider: 'FACTOR_PROVIDER', credentialProvider: 'OKTA_CREDENTIAL_PROVIDER', credentialType: f.credentialType, authenticationStep: 0, externalSessionId: sid },
      targets: [{ id: id('pfd', 20), type: 'AuthenticatorEnrollment', alternateId: 'unknown', displayName: f.displayName }],
      debugData: { requestUri: '/idp/idx/challenge/answer', factor: f.factor, factorIntent: 'AUTHENTICATION' },
    }, sid);
    for (let n = rng.int(0, 3); n > 0; n--) {
      t += rng.int(30_000, 3_600_000);
      const app = rng.pick(apps);
      push(t, user, userRef(user), {
        eventType: 'user.authentication.sso', displayMessage: 'User single sign on to app', legacyEventType: 'app.auth.sso',
        targets: [appTarget(app), { ...userRef(user, 'AppUser'), id: id('0ua', 20) }],
        debugData: { requestUri: `/app/${app.id}/sso`, initiationType: 'IDP_INITIATED', signOnMode: app.signOnMode },
      }, sid);
    }
    if (rng.chance(0.3)) push(t + rng.int(60_000, 7_200_000), user, userRef(user), { eventType: 'user.session.end', displayMessage: 'User logout from Okta', legacyEventType: 'core.user_auth.logout_success', debugData: { requestUri: '/login/signout' } }, sid);
  };

  const failures = (user: SimUser, at: number) => {
    const n = rng.int(1, 4);
    for (let i = 0; i < n; i++) {
      push(at + i * rng.int(5_000, 60_000), user, userRef(user), {
        eventType: 'user.session.start', displayMessage: 'User login to Okta', legacyEventType: 'core.user_auth.login_failed', severity: 'WARN',
        outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
        authenticationContext: { authenticationProvider: 'OKTA_AUTHENTICATION_PROVIDER', credentialType: 'PASSWORD', authenticationStep: 0 },
        debugData: { requestUri: '/idp/idx/challenge/answer' },
      });
    }
    if (n === 4 && rng.chance(0.5)) {
      push(at + 300_000, user, userRef(user), { eventType: 'user.account.lock', displayMessage: 'Max sign in attempts exceeded', legacyEventType: 'core.user_auth.account_locked', severity: 'WARN', outcome: { result: 'FAILURE', reason: 'LOCKED_OUT' }, debugData: { requestUri: '/idp/idx/challenge/answer' } });
    }
  };

  const LIFECYCLE = [
    ['create', 'user.lifecycle.create', 'Create Okta user', 'core.user.config.user_creation.success'],
    ['activate', 'user.lifecycle.activate', 'Activate Okta user', 'core.user.config.user_activated'],
    ['deactivate', 'user.lifecycle.deactivate', 'Deactivate Okta user', 'core.user.config.user_deactivated'],
    ['suspend', 'user.lifecycle.suspend', 'Suspend Okta user', 'core.user.config.user_status.suspended'],
    ['unsuspend', 'user.lifecycle.unsuspend', 'Unsuspend Okta user', 'core.user.config.user_status.unsuspended'],
  ] as const;

  while (events.length < target && signers.length > 0) {
    const at = now - rng.int(60_000, HISTORY_DAYS * DAY);
    const r = rng.next();
    const admin = admins.length > 0 ? rng.pick(admins) : rng.pick(signers);
    if (r < 0.7) session(rng.pick(signers), at);
    else if (r < 0.8) failures(rng.pick(signers), at);
    else if (r < 0.84) {
      const user = rng.pick(signers);
      push(at, user, userRef(user), { eventType: 'user.account.update_password', displayMessage: 'User update password for Okta', legacyEventType: 'core.user.config.password_update.success', targets: [userTarget(user)], debugData: { requestUri: '/idp/myaccount/password' } });
    } else if (r < 0.9) {
      const [op, eventType, displayMessage, legacyEventType] = rng.pick(LIFECYCLE);
      const pool = lifecycleTargets[op]!;
      const user = pool.length > 0 ? rng.pick(pool) : rng.pick(users);
      push(at, admin, userRef(admin), { eventType, displayMessage, legacyEventType, targets: [userTarget(user)], debugData: { requestUri: `/api/v1/users/${user.id}/lifecycle/${op}` } });
    } else if (r < 0.97 && groups.length > 0) {
      const group = rng.pick(groups);
      const user = org.users.get(rng.pick(group.members)) ?? rng.pick(users);
      const add = rng.chance(0.8);
      push(at, admin, userRef(admin), {
        eventType: add ? 'group.user_membership.add' : 'group.user_membership.remove',
        displayMessage: add ? 'Add user to group membership' : 'Remove user from group membership',
        legacyEventType: add ? 'core.user_group_member.user_add' : 'core.user_group_member.user_remove',
        targets: [userTarget(user), { id: group.id, type: 'UserGroup', alternateId: 'unknown', displayName: group.name }],
        debugData: { requestUri: `/api/v1/groups/${group.id}/users/${user.id}` },
      });
    } else {
      const app = rng.pick(apps);
      const user = rng.pick(signers);
      push(at, admin, userRef(admin), {
        eventType: 'application.user_membership.add', displayMessage: 'Add user to application membership', legacyEventType: 'app.generic.provision.assign_user_to_app',
        targets: [{ ...userRef(user, 'AppUser'), id: id('0ua', 20) }, appTarget(app), userTarget(user)],
        debugData: { requestUri: `/api/v1/apps/${app.id}/users` },
      });
    }
  }

  events.length = Math.min(events.length, target);
  events.sort((a, b) => a.at - b.at);
  for (const e of events) {
    const at = Math.min(e.at, now - 1_000);
    e.parts.published = new Date(at).toISOString();
    org.logs.insert(assembleEvent(e.parts) as StoredLogEvent, at);
  }
}
