import type { Org } from '../org.js';
import { Rng } from '../random.js';
import type { SimGroup, SimGroupType } from '../store/groups.js';
import type { SimUser } from '../store/users.js';

/** When every seeded org was created (the seeded users are created after it). */
const ORG_CREATED = Date.UTC(2021, 0, 1);
const DAY = 86_400_000;

const DEPARTMENT_DESCRIPTIONS: Record<string, string> = {
  Engineering: 'Software engineering, SRE and engineering management',
  Sales: 'Account executives, sales engineers and sales development',
  Marketing: 'Brand, content and growth marketing',
  Finance: 'Accounting, FP&A and the controller’s office',
  Support: 'Customer support and customer success',
  Legal: 'Legal counsel and paralegals',
  People: 'Recruiting, HR business partners and people operations',
  Operations: 'Business operations, facilities and IT',
  Security: 'Security engineering, analysis and the CISO’s office',
  Product: 'Product management, design and UX research',
};

/** Titles of people who manage others, beyond those named as someone's manager. */
const MANAGER_TITLE = /Manager|Director|Lead|Controller|General Counsel|CISO/;

interface Draft {
  group: SimGroup;
  /** Latest `created` of its members: when its membership last changed. */
  latest: number;
}

/**
 * Seeds the org's groups, deterministically from the org's seed: the BUILT_IN Everyone group
 * (every user, derived), one OKTA_GROUP per department with its members, cross-cutting groups
 * (Managers, Contractors, VPN Users, Okta Administrators) and two Active Directory APP_GROUPs whose
 * `sourceAppId` the apps seed may set. One pass over the users: 100k users seed in well under a second.
 */
export function seedOrgGroups(org: Org): void {
  const rng = new Rng(`groups:${String(org.options.seed)}`);
  const ids = org.seed.ids;
  const users = [...org.users.all()];
  const iso = (ms: number) => new Date(ms).toISOString();
  const drafts: Draft[] = [];
  const make = (type: SimGroupType, name: string, description: string, extra: Partial<SimGroup> = {}): Draft => {
    const created = ORG_CREATED + (type === 'BUILT_IN' ? 0 : rng.int(1, 60) * DAY + rng.int(0, DAY));
    const draft: Draft = {
      group: {
        id: ids.next('00g'),
        type,
        created: iso(created),
        lastUpdated: iso(type === 'BUILT_IN' ? created : created + rng.int(0, 400) * DAY),
        lastMembershipUpdated: iso(created),
        profile: { name, description },
        ...extra,
      },
      latest: created,
    };
    drafts.push(draft);
    return draft;
  };

  const everyone = make('BUILT_IN', 'Everyone', 'All users in your organization');
  const departments = [...new Set(users.map((u) => u.profile.department).filter((d): d is string => typeof d === 'string'))].sort();
  const byDepartment = new Map(departments.map((d) => [d, make('OKTA_GROUP', d, DEPARTMENT_DESCRIPTIONS[d] ?? `Everyone in ${d}`)]));
  const managers = make('OKTA_GROUP', 'Managers', 'People managers: approvers for access requests and expense reports');
  const contractors = make('OKTA_GROUP', 'Contractors', 'Contingent workers; access reviewed every quarter');
  const vpn = make('OKTA_GROUP', 'VPN Users', 'Allowed to connect to the corporate VPN');
  const admins = make('OKTA_GROUP', 'Okta Administrators', 'Holders of an Okta admin role');
  const adEngineering = make('APP_GROUP', 'Engineering Users', 'corp.example.com/Engineering/Engineering Users', {
    objectClass: ['okta:windows_security_principal'],
  });
  adProfile(adEngineering.group, 'OU=Engineering', rng);
  const adLondon = make('APP_GROUP', 'London Office', 'corp.example.com/Offices/London Office', {
    objectClass: ['okta:windows_security_principal'],
  });
  adProfile(adLondon.group, 'OU=Offices', rng);

  const managerIds = new Set(users.map((u) => u.profile.managerId).filter((id): id is string => typeof id === 'string'));
  const memberships: Array<[Draft, SimUser]> = [];
  for (const user of users) {
    const department = byDepartment.get(String(user.profile.department));
    if (department) memberships.push([department, user]);
    if (managerIds.has(user.id) || MANAGER_TITLE.test(String(user.profile.title ?? ''))) memberships.push([managers, user]);
    if (user.profile.userType === 'Contractor') memberships.push([contractors, user]);
    if (user.status !== 'DEPROVISIONED' && rng.chance(0.3)) memberships.push([vpn, user]);
    if (user.roles.length > 0) memberships.push([admins, user]);
    if (user.profile.department === 'Engineering' && rng.chance(0.9)) memberships.push([adEngineering, user]);
    if (user.profile.city === 'London') memberships.push([adLondon, user]);
  }

  for (const draft of drafts) org.groups.insert(draft.group);
  org.groups.setEveryone(everyone.group.id, org.users);
  for (const [draft, user] of memberships) {
    org.groups.addMember(draft.group.id, user.id);
    draft.latest = Math.max(draft.latest, Date.parse(user.created));
  }
  for (const user of users) everyone.latest = Math.max(everyone.latest, Date.parse(user.created));
  for (const draft of drafts) draft.group.lastMembershipUpdated = iso(draft.latest);
}

/** The attributes Okta imports with an Active Directory group. */
function adProfile(group: SimGroup, ou: string, rng: Rng): void {
  const name = group.profile.name;
  const rid = rng.int(1100, 9999);
  Object.assign(group.profile, {
    groupType: 'Security',
    samAccountName: name,
    objectSid: `S-1-5-21-717838489-685202119-709183397-${rid}`,
    groupScope: 'Global',
    dn: `CN=${name},${ou},DC=corp,DC=example,DC=com`,
    windowsDomainQualifiedName: `CORP\\${name}`,
    externalId: Buffer.from(`${group.id}:${rid}`).toString('base64').slice(0, 24),
  });
}
