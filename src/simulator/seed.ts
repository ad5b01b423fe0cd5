import { IdFactory, Rng } from './random.js';
import type { SimUser, SimUserStatus, UserStore } from './store/users.js';

const FIRST = [
  'Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Radia', 'Tim', 'Frances', 'Edsger', 'Katherine',
  'Donald', 'Hedy', 'John', 'Shafi', 'Leslie', 'Anita', 'Vint', 'Sophie', 'Guido', 'Joan', 'Bjarne', 'Karen', 'James',
  'Lynn', 'Niklaus', 'Jean', 'Robert', 'Mary', 'Ivan', 'Carol', 'Whitfield', 'Elena', 'Yukihiro', 'Amara', 'Diego',
  'Priya', 'Mateo', 'Chen', 'Fatima', 'Olga', 'Kwame', 'Ingrid', 'Rahul', 'Aiko', 'Lucas', 'Zanele', 'Omar', 'Nadia',
  'Tomás', 'Siobhan', 'Hiro', 'Noor', 'Emeka', 'Astrid', 'Camila', 'Dmitri', 'Leila',
];
const LAST = [
  'Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Perlman', 'Berners-Lee',
  'Allen', 'Dijkstra', 'Johnson', 'Knuth', 'Lamarr', 'McCarthy', 'Goldwasser', 'Lamport', 'Borg', 'Cerf', 'Wilson',
  'van Rossum', 'Clarke', 'Stroustrup', 'Jones', 'Gosling', 'Conway', 'Wirth', 'Bartik', 'Kahn', 'Keller', 'Sutherland',
  'Shaw', 'Diffie', 'García', 'Matsumoto', 'Okafor', 'Fernández', 'Sharma', 'Rossi', 'Wang', 'Haddad', 'Petrova',
  'Mensah', 'Larsen', 'Gupta', 'Tanaka', 'Silva', 'Dlamini', 'Farouk', 'Nguyen', 'O\'Brien', 'Müller', 'Kowalski',
];
const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Finance', 'Support', 'Legal', 'People', 'Operations', 'Security', 'Product'];
const TITLES: Record<string, string[]> = {
  Engineering: ['Software Engineer', 'Senior Software Engineer', 'Staff Engineer', 'Engineering Manager', 'SRE'],
  Sales: ['Account Executive', 'Sales Engineer', 'Sales Director', 'SDR'],
  Marketing: ['Content Strategist', 'Growth Marketer', 'Marketing Director'],
  Finance: ['Accountant', 'Financial Analyst', 'Controller'],
  Support: ['Support Engineer', 'Support Lead', 'Customer Success Manager'],
  Legal: ['Counsel', 'Paralegal', 'General Counsel'],
  People: ['Recruiter', 'HR Business Partner', 'People Ops Lead'],
  Operations: ['Operations Analyst', 'Office Manager', 'IT Administrator'],
  Security: ['Security Engineer', 'Security Analyst', 'CISO'],
  Product: ['Product Manager', 'Product Designer', 'UX Researcher'],
};
const PLACES = [
  { city: 'San Francisco', state: 'CA', zipCode: '94105', countryCode: 'US', timezone: 'America/Los_Angeles', locale: 'en_US' },
  { city: 'New York', state: 'NY', zipCode: '10001', countryCode: 'US', timezone: 'America/New_York', locale: 'en_US' },
  { city: 'Austin', state: 'TX', zipCode: '73301', countryCode: 'US', timezone: 'America/Chicago', locale: 'en_US' },
  { city: 'Toronto', state: 'ON', zipCode: 'M5H 2N2', countryCode: 'CA', timezone: 'America/Toronto', locale: 'en_CA' },
  { city: 'London', state: 'England', zipCode: 'EC1A 1BB', countryCode: 'GB', timezone: 'Europe/London', locale: 'en_GB' },
  { city: 'Berlin', state: 'Berlin', zipCode: '10115', countryCode: 'DE', timezone: 'Europe/Berlin', locale: 'de_DE' },
  { city: 'Paris', state: 'Île-de-France', zipCode: '75001', countryCode: 'FR', timezone: 'Europe/Paris', locale: 'fr_FR' },
  { city: 'Bengaluru', state: 'KA', zipCode: '560001', countryCode: 'IN', timezone: 'Asia/Kolkata', locale: 'en_IN' },
  { city: 'Tokyo', state: 'Tokyo', zipCode: '100-0001', countryCode: 'JP', timezone: 'Asia/Tokyo', locale: 'ja_JP' },
  { city: 'Sydney', state: 'NSW', zipCode: '2000', countryCode: 'AU', timezone: 'Australia/Sydney', locale: 'en_AU' },
];
const STATUSES: Array<[SimUserStatus, number]> = [
  ['ACTIVE', 0.8],
  ['STAGED', 0.04],
  ['PROVISIONED', 0.04],
  ['DEPROVISIONED', 0.04],
  ['SUSPENDED', 0.03],
  ['LOCKED_OUT', 0.02],
  ['PASSWORD_EXPIRED', 0.02],
  ['RECOVERY', 0.01],
];

/** The seeded admin users (the first users of every seeded org). */
export const SEED_ADMINS = [
  { login: 'admin@example.com', firstName: 'Ada', lastName: 'Admin', roles: ['SUPER_ADMIN'] },
  { login: 'org.admin@example.com', firstName: 'Orson', lastName: 'Orgadmin', roles: ['ORG_ADMIN'] },
  { login: 'readonly.admin@example.com', firstName: 'Rita', lastName: 'Readonly', roles: ['READ_ONLY_ADMIN'] },
  { login: 'help.desk@example.com', firstName: 'Hal', lastName: 'Helpdesk', roles: ['HELP_DESK_ADMIN'] },
] as const;

/** The login of the default (super) admin: API tokens and consent act as this user. */
export const DEFAULT_ADMIN_LOGIN = SEED_ADMINS[0].login;

/** A login of a seeded end user with no admin role. */
export const SEED_END_USER_LOGIN = 'end.user@example.com';

const EPOCH = Date.UTC(2021, 0, 1);
const SPAN = Date.UTC(2025, 11, 31) - EPOCH;

function pickStatus(rng: Rng): SimUserStatus {
  let r = rng.next();
  for (const [status, share] of STATUSES) {
    if (r < share) return status;
    r -= share;
  }
  return 'ACTIVE';
}

/** Fixed timestamps derived from the seed only, so that a seed gives the same org at any date. */
function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Settings of {@link seedUsers}. */
export interface SeedOptions {
  users: number;
  seed: number | string;
}

/** Deterministic id and data generators shared by the seed steps of one org. */
export interface SeedContext {
  rng: Rng;
  ids: IdFactory;
  defaultUserTypeId: string;
}

/** Creates the seed context for a seed value. */
export function seedContext(seed: number | string): SeedContext {
  const rng = new Rng(seed);
  const ids = new IdFactory(new Rng(`ids:${seed}`));
  return { rng, ids, defaultUserTypeId: ids.next('oty') };
}

/**
 * Fills `store` with `count` users: the seeded admins, one end user without admin rights, then
 * realistic employees with Okta's base profile attributes, managers, a few custom attributes and a
 * spread of statuses. The same seed always yields the same users.
 */
export function seedUsers(store: UserStore, count: number, ctx: SeedContext): void {
  const { rng, ids } = ctx;
  const used = new Map<string, number>();
  // Managers come from the first users, which keeps the org chart shallow, as in real orgs.
  const managers: SimUser[] = [];
  const fixed = [...SEED_ADMINS, { login: SEED_END_USER_LOGIN, firstName: 'Eve', lastName: 'Enduser', roles: [] as string[] }];
  for (let i = 0; i < count; i++) {
    const preset = fixed[i];
    const firstName = preset?.firstName ?? rng.pick(FIRST);
    const lastName = preset?.lastName ?? rng.pick(LAST);
    let login: string;
    if (preset) login = preset.login;
    else {
      const base = `${firstName}.${lastName}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z.]/g, '');
      const n = (used.get(base) ?? 0) + 1;
      used.set(base, n);
      login = `${base}${n > 1 ? n : ''}@example.com`;
    }
    const department = rng.pick(DEPARTMENTS);
    const place = rng.pick(PLACES);
    const created = EPOCH + Math.floor(rng.next() * SPAN * 0.8);
    const lastUpdated = created + Math.floor(rng.next() * (EPOCH + SPAN - created));
    const status = preset ? 'ACTIVE' : pickStatus(rng);
    const everActive = !['STAGED', 'PROVISIONED'].includes(status);
    const activated = everActive ? created + rng.int(60_000, 86_400_000) : null;
    const managerPos = i > 10 ? rng.int(0, Math.min(i - 1, 50)) : undefined;
    const profile: SimUser['profile'] = {
      login,
      email: login,
      firstName,
      lastName,
      displayName: `${firstName} ${lastName}`,
      title: rng.pick(TITLES[department]!),
      department,
      division: department === 'Engineering' || department === 'Product' ? 'R&D' : 'G&A',
      organization: 'Example Corp',
      employeeNumber: String(100000 + i),
      costCenter: `CC-${DEPARTMENTS.indexOf(department) + 1}00`,
      userType: rng.chance(0.9) ? 'Employee' : 'Contractor',
      mobilePhone: `+1-555-${String(rng.int(100, 999))}-${String(rng.int(1000, 9999))}`,
      primaryPhone: rng.chance(0.5) ? `+1-555-${String(rng.int(100, 999))}-${String(rng.int(1000, 9999))}` : null,
      streetAddress: `${rng.int(1, 999)} ${rng.pick(['Market', 'Main', 'High', 'King', 'Queen'])} St`,
      city: place.city,
      state: place.state,
      zipCode: place.zipCode,
      countryCode: place.countryCode,
      timezone: place.timezone,
      locale: place.locale,
      preferredLanguage: place.locale.slice(0, 2),
      secondEmail: rng.chance(0.3) ? `${login.split('@')[0]}@personal.example.org` : null,
    };
    if (managerPos !== undefined) {
      const manager = managers[managerPos];
      if (manager) {
        profile.managerId = manager.id;
        profile.manager = `${String(manager.profile.firstName)} ${String(manager.profile.lastName)}`;
      }
    }
    if (rng.chance(0.25)) profile.githubUsername = login.split('@')[0]!.replace('.', '-');
    if (rng.chance(0.1)) profile.badgeNumber = rng.int(1000, 99999);
    const user: SimUser = {
      id: ids.next('00u'),
      status,
      created: iso(created),
      activated: activated ? iso(activated) : null,
      statusChanged: status === 'ACTIVE' && activated ? iso(activated) : status !== 'STAGED' ? iso(lastUpdated) : null,
      lastLogin: everActive && rng.chance(0.9) ? iso(lastUpdated) : null,
      lastUpdated: iso(lastUpdated),
      passwordChanged: everActive ? iso(activated ?? created) : null,
      typeId: ctx.defaultUserTypeId,
      profile,
      hasPassword: everActive,
      roles: preset ? [...preset.roles] : [],
    };
    store.insert(user);
    if (managers.length <= 50) managers.push(user);
  }
}
