import { userJson } from '../store/users.js';
import type { GroupAssignment, Json, SimApp } from '../store/apps.js';
import type { SimUser } from '../store/users.js';
import { derivedAssignmentId, type ResolvedAppUser } from './access.js';

/** Features that make Okta provision app users (their status is then PROVISIONED, not ACTIVE). */
const PROVISIONING = 'PUSH_NEW_USERS';

const post = (href: string) => ({ href, hints: { allow: ['POST'] } });

/**
 * The `Application` JSON of Okta's spec. A client secret appears only when `withSecret` is set:
 * Okta shows it in the answer of the write that set it, never in reads or lists.
 */
export function appJson(app: SimApp, baseUrl: string, orgId: string, withSecret = false): Json {
  const self = `${baseUrl}/api/v1/apps/${app.id}`;
  const links: Json = {
    self: { href: self },
    uploadLogo: post(`${self}/logo`),
    appLinks: Object.keys((app.visibility.appLinks as Json | undefined) ?? {}).map((name) => ({
      name,
      href: `${baseUrl}/home/${app.name}/${app.id}/${app.linkIds[name] ?? name}`,
      type: 'text/html',
    })),
    help: { href: `${baseUrl}/app/${app.name}/${app.id}/setup/help/${app.signOnMode}/instructions`, type: 'text/html' },
    users: { href: `${self}/users` },
    groups: { href: `${self}/groups` },
    logo: [{ name: 'medium', href: `${baseUrl}/assets/img/logos/${app.name}.png`, type: 'image/png' }],
    ...(app.signOnMode === 'SAML_2_0' ? { metadata: { href: `${self}/sso/saml/metadata`, type: 'application/xml' } } : {}),
    ...(app.status === 'ACTIVE' ? { deactivate: post(`${self}/lifecycle/deactivate`) } : { activate: post(`${self}/lifecycle/activate`) }),
  };
  let credentials = app.credentials;
  if (withSecret && app.clientSecret) {
    credentials = { ...credentials, oauthClient: { ...(credentials.oauthClient as Json), client_secret: app.clientSecret } };
  }
  return {
    id: app.id,
    orn: `orn:okta:idp:${orgId}:apps:${app.name}:${app.id}`,
    name: app.name,
    label: app.label,
    status: app.status,
    lastUpdated: app.lastUpdated,
    created: app.created,
    accessibility: structuredClone(app.accessibility),
    visibility: structuredClone(app.visibility),
    features: [...app.features],
    signOnMode: app.signOnMode,
    credentials: structuredClone(credentials),
    settings: structuredClone(app.settings),
    ...(app.profile ? { profile: structuredClone(app.profile) } : {}),
    _links: links,
  };
}

/**
 * The user name an app user gets from the app's `userNameTemplate` (`${source.login}`,
 * `${source.email}`, or `${fn:substringBefore(source.login, "@")}` as custom SWA apps use).
 */
export function userNameFor(app: SimApp, user: SimUser): string {
  const template = String((app.credentials.userNameTemplate as Json | undefined)?.template ?? '${source.login}');
  const attr = (name: string) => String(user.profile[name] ?? user.profile.login);
  const before = /^\$\{fn:substringBefore\(source\.(\w+),\s*"(.+)"\)\}$/.exec(template);
  if (before) return attr(before[1]!).split(before[2]!)[0]!;
  const plain = /^\$\{source\.(\w+)\}$/.exec(template);
  const suffix = String((app.credentials.userNameTemplate as Json | undefined)?.userSuffix ?? '');
  return `${plain ? attr(plain[1]!) : user.profile.login}${suffix}`;
}

/** The app-user profile: mapped user attributes, then the granting group's profile, then the user's own. */
export function appUserProfile(r: ResolvedAppUser): Json {
  const profile: Json = {};
  for (const [appAttr, userAttr] of Object.entries(r.app.profileMap)) profile[appAttr] = r.user.profile[userAttr] ?? null;
  return { ...profile, ...(r.group?.profile ?? {}), ...(r.record?.profile ?? {}) };
}

/** When an app user came to be: its record, or for a group user the later of group assignment and user. */
function assignedAt(r: ResolvedAppUser): { created: string; lastUpdated: string; statusChanged: string } {
  if (r.scope === 'USER' && r.record) return r.record;
  const created = [r.group!.created, r.user.created].sort().pop()!;
  const lastUpdated = [created, r.group!.lastUpdated, r.record?.lastUpdated ?? created].sort().pop()!;
  return { created, lastUpdated, statusChanged: created };
}

/** The `AppUser` JSON of Okta's spec; `expand=user` embeds the user. */
export function appUserJson(r: ResolvedAppUser, baseUrl: string, embedUser = false): Json {
  const provisioned = r.app.features.includes(PROVISIONING);
  const at = assignedAt(r);
  const links: Json = {
    app: { href: `${baseUrl}/api/v1/apps/${r.app.id}` },
    user: { href: `${baseUrl}/api/v1/users/${r.user.id}` },
    ...(r.group ? { group: { href: `${baseUrl}/api/v1/groups/${r.group.groupId}` } } : {}),
  };
  return {
    id: r.user.id,
    ...(provisioned ? { externalId: derivedAssignmentId(r.user.id, r.app.id).slice(3) } : {}),
    created: at.created,
    lastUpdated: at.lastUpdated,
    scope: r.scope,
    status: provisioned ? 'PROVISIONED' : 'ACTIVE',
    statusChanged: at.statusChanged,
    passwordChanged: null,
    syncState: provisioned ? 'SYNCHRONIZED' : 'DISABLED',
    ...(provisioned ? { lastSync: at.lastUpdated } : {}),
    credentials: {
      userName: r.record?.userName ?? userNameFor(r.app, r.user),
      ...(r.record?.passwordSet ? { password: {} } : {}),
    },
    profile: appUserProfile(r),
    _links: links,
    ...(embedUser ? { _embedded: { user: userJson(r.user, baseUrl, false) } } : {}),
  };
}

/** The `ApplicationGroupAssignment` JSON of Okta's spec. */
export function groupAssignmentJson(app: SimApp, assignment: GroupAssignment, priority: number, baseUrl: string): Json {
  return {
    id: assignment.groupId,
    lastUpdated: assignment.lastUpdated,
    priority,
    profile: structuredClone(assignment.profile),
    _links: {
      self: { href: `${baseUrl}/api/v1/apps/${app.id}/groups/${assignment.groupId}` },
      app: { href: `${baseUrl}/api/v1/apps/${app.id}` },
      group: { href: `${baseUrl}/api/v1/groups/${assignment.groupId}` },
    },
  };
}

const titleCase = (text: string) => text.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');

/**
 * The `AssignedAppLink` JSON of a user's dashboard: one entry per link the app shows
 * (`visibility.appLinks` set to true); `hidden` when the app is hidden from the web dashboard.
 */
export function appLinksJson(r: ResolvedAppUser, baseUrl: string, sortStart: number): Json[] {
  const shown = Object.entries((r.app.visibility.appLinks as Record<string, boolean> | undefined) ?? {}).filter(([, on]) => on);
  const hidden = Boolean((r.app.visibility.hide as Json | undefined)?.web);
  const swa = r.app.signOnMode === 'AUTO_LOGIN' || r.app.signOnMode === 'BROWSER_PLUGIN';
  return shown.map(([name], i) => ({
    id: r.user.id,
    label: shown.length > 1 ? `${r.app.label} ${titleCase(name.replace(/_link$/, ''))}` : r.app.label,
    linkUrl: `${baseUrl}/home/${r.app.name}/${r.app.id}/${r.app.linkIds[name] ?? name}`,
    logoUrl: `${baseUrl}/assets/img/logos/${r.app.name}.png`,
    appName: r.app.name,
    appInstanceId: r.app.id,
    appAssignmentId: r.record?.assignmentId ?? derivedAssignmentId(r.app.id, r.user.id),
    // SWA apps need the user's credentials before the link signs in.
    credentialsSetup: swa ? Boolean(r.record?.passwordSet) : false,
    hidden,
    sortOrder: sortStart + i,
  }));
}
