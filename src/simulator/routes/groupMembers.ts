import { audit, groupTarget, userTarget } from '../auditEvents.js';
import { encodeCursor, errors, linkHeader, ok, oktaError, readLimit, isResponse, type SimRequest, type SimResponse } from '../http.js';
import type { Org } from '../org.js';
import type { RouteDef } from '../router.js';
import type { SimGroup } from '../store/groups.js';
import { userJson, type SimUser } from '../store/users.js';
import { noContent, readPositionCursor } from './params.js';

/** Scopes that allow reading groups (a manage scope includes read, as in Okta). */
export const GROUPS_READ = [['okta.groups.read'], ['okta.groups.manage']];
/** Scopes that allow changing groups and memberships. */
export const GROUPS_MANAGE = [['okta.groups.manage']];

/**
 * Okta's refusal to change a group it does not let the API manage: the BUILT_IN Everyone group
 * (its profile and implicit membership are fixed) and APP_GROUPs (their profile and members come
 * from the source application's imports). The spec declares 403 for every such write.
 */
export function groupRefusal(group: SimGroup, what: 'profile' | 'membership' | 'delete'): SimResponse {
  const reason =
    group.type === 'BUILT_IN'
      ? `The ${group.profile.name} group is BUILT_IN: it contains every user and cannot be ${what === 'delete' ? 'deleted' : 'modified'}`
      : `Groups of type APP_GROUP are managed by their source application: their ${what} cannot be modified through the API`;
  return oktaError(403, 'E0000006', 'You do not have permission to perform the requested action', [reason]);
}

/** The refusal for a membership change of a group that is not an OKTA_GROUP. */
export function membershipRefusal(group: SimGroup): SimResponse {
  return groupRefusal(group, 'membership');
}

function findGroup(org: Org, id: string): SimGroup | SimResponse {
  return org.groups.get(id) ?? errors.notFound(`${id} (UserGroup)`);
}

/** `GET /api/v1/groups/{groupId}/users`: members in the order they joined (Everyone: every user), paged. */
function listMembers(org: Org, req: SimRequest): SimResponse {
  const group = findGroup(org, req.params.groupId!);
  if (isResponse(group)) return group;
  // Okta's default page here is large for historical reasons; it recommends asking for 200.
  const limit = readLimit(req.query, 1000, 10000);
  if (isResponse(limit)) return limit;
  const after = readPositionCursor(req.query, 'm');
  if (isResponse(after)) return after;
  const { ids, last } = org.groups.memberPage(group.id, after, limit);
  const users = ids.map((id) => org.users.get(id)).filter((u): u is SimUser => u !== undefined);
  const next = ids.length === limit ? encodeCursor('m', last) : undefined;
  return ok(users.map((u) => userJson(u, req.baseUrl, false)), { link: linkHeader(req, limit, next) });
}

/** Shared checks of `PUT`/`DELETE /api/v1/groups/{groupId}/users/{userId}`. */
function resolveMembership(org: Org, req: SimRequest): { group: SimGroup; user: SimUser } | SimResponse {
  const group = findGroup(org, req.params.groupId!);
  if (isResponse(group)) return group;
  const userId = req.params.userId!;
  const user = org.users.get(userId);
  if (!user) return errors.notFound(`${userId} (User)`);
  if (group.type !== 'OKTA_GROUP') return membershipRefusal(group);
  return { group, user };
}

/** `PUT /api/v1/groups/{groupId}/users/{userId}`: idempotent; 204 either way. */
function addMember(org: Org, req: SimRequest): SimResponse {
  const found = resolveMembership(org, req);
  if (isResponse(found)) return found;
  if (org.groups.addMember(found.group.id, found.user.id, org.nowIso())) {
    audit(org, req, 'group.user_membership.add', [userTarget(found.user), groupTarget(found.group)]);
  }
  return noContent();
}

/** `DELETE /api/v1/groups/{groupId}/users/{userId}`: idempotent; 204 either way. */
function removeMember(org: Org, req: SimRequest): SimResponse {
  const found = resolveMembership(org, req);
  if (isResponse(found)) return found;
  if (org.groups.removeMember(found.group.id, found.user.id, org.nowIso())) {
    audit(org, req, 'group.user_membership.remove', [userTarget(found.user), groupTarget(found.group)]);
  }
  return noContent();
}

/** The group membership routes. */
export function groupMemberRoutes(org: Org): RouteDef[] {
  const common = { kind: 'management' as const };
  const write = { ...common, scopes: GROUPS_MANAGE, permission: 'groups.membership' };
  return [
    { method: 'GET', path: '/api/v1/groups/{groupId}/users', ...common, scopes: GROUPS_READ, permission: 'groups.read', handler: (req) => listMembers(org, req) },
    { method: 'PUT', path: '/api/v1/groups/{groupId}/users/{userId}', ...write, handler: (req) => addMember(org, req) },
    { method: 'DELETE', path: '/api/v1/groups/{groupId}/users/{userId}', ...write, handler: (req) => removeMember(org, req) },
  ];
}
