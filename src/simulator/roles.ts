/**
 * Okta's standard admin roles and what they may do in the Management API, reduced to the
 * permissions the simulator checks. A user without a role is an end user: every management call
 * made with their token answers 403 E0000006, whatever the token's scopes.
 */
export const ROLE_PERMISSIONS: Record<string, readonly string[]> = {
  SUPER_ADMIN: ['*'],
  ORG_ADMIN: ['users.read', 'users.manage', 'groups.read', 'groups.manage', 'apps.read', 'logs.read', 'authorizationServers.read'],
  APP_ADMIN: ['users.read', 'groups.read', 'apps.read', 'apps.manage'],
  API_ACCESS_MANAGEMENT_ADMIN: ['apps.read', 'authorizationServers.read', 'authorizationServers.manage'],
  GROUP_MEMBERSHIP_ADMIN: ['users.read', 'groups.read', 'groups.membership'],
  HELP_DESK_ADMIN: ['users.read', 'users.lifecycle', 'groups.read'],
  READ_ONLY_ADMIN: ['users.read', 'groups.read', 'apps.read', 'logs.read', 'authorizationServers.read'],
  REPORT_ADMIN: ['logs.read'],
};

/** Permissions that another, broader one includes. */
const IMPLIED: Record<string, readonly string[]> = {
  'users.lifecycle': ['users.manage'],
  'groups.membership': ['groups.manage'],
};

/** True when a user holding `roles` may exercise `permission`. */
export function allows(roles: readonly string[], permission: string): boolean {
  const accepted = [permission, ...(IMPLIED[permission] ?? [])];
  return roles.some((role) => {
    const perms = ROLE_PERMISSIONS[role] ?? [];
    return perms.includes('*') || accepted.some((p) => perms.includes(p));
  });
}
