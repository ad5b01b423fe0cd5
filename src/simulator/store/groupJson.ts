import type { SimGroup } from './groups.js';

/** Extra `_embedded` data asked for with `expand`. */
export interface GroupEmbeds {
  /** `expand=stats`: member count. */
  usersCount?: number;
  /** `expand=stats`: number of applications the group is assigned to, when the caller knows it. */
  appsCount?: number;
}

/**
 * The `Group` JSON of Okta's spec, shaped as Okta returns it: `objectClass`, the group `logo`
 * images, `users` and `apps` links (Okta sends no `self` link on groups) and, for an APP_GROUP,
 * `source` (top level and link) naming the application it was imported from.
 */
export function groupJson(group: SimGroup, baseUrl: string, embeds: GroupEmbeds = {}): Record<string, unknown> {
  const self = `${baseUrl}/api/v1/groups/${group.id}`;
  // Okta draws Active Directory groups with their own logo; every other group uses Okta's.
  const logo = group.objectClass?.includes('okta:windows_security_principal') ? 'active_directory' : 'okta';
  const links: Record<string, unknown> = {
    logo: [
      { name: 'medium', href: `${baseUrl}/img/logos/groups/${logo}-medium.png`, type: 'image/png' },
      { name: 'large', href: `${baseUrl}/img/logos/groups/${logo}-large.png`, type: 'image/png' },
    ],
    ...(group.sourceAppId ? { source: { href: `${baseUrl}/api/v1/apps/${group.sourceAppId}` } } : {}),
    users: { href: `${self}/users` },
    apps: { href: `${self}/apps` },
  };
  const body: Record<string, unknown> = {
    id: group.id,
    created: group.created,
    lastUpdated: group.lastUpdated,
    lastMembershipUpdated: group.lastMembershipUpdated,
    objectClass: group.objectClass ?? ['okta:user_group'],
    type: group.type,
    profile: profileJson(group.profile),
  };
  if (group.sourceAppId) body.source = { id: group.sourceAppId };
  if (embeds.usersCount !== undefined) {
    const stats: Record<string, unknown> = { usersCount: embeds.usersCount };
    if (embeds.appsCount !== undefined) stats.appsCount = embeds.appsCount;
    body._embedded = { stats };
  }
  body._links = links;
  return body;
}

/** The spec types `description` as a string: a group without one omits it rather than sending null. */
function profileJson(profile: SimGroup['profile']): Record<string, unknown> {
  const { description, ...rest } = profile;
  return description === null || description === undefined ? rest : { ...rest, description };
}
