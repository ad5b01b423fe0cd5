import { emitAppEvent, targets } from '../apps/events.js';
import { appJson, groupAssignmentJson } from '../apps/json.js';
import { groupJson } from '../store/groupJson.js';
import { encodeCursor, errors, isResponse, linkHeader, ok, readLimit, type SimRequest, type SimResponse } from '../http.js';
import type { Org } from '../org.js';
import type { RouteDef } from '../router.js';
import type { Json, SimApp } from '../store/apps.js';
import { APPS_MANAGE, APPS_READ, readPosition, withApp } from './apps.js';

const GROUPS_READ = [['okta.groups.read'], ['okta.groups.manage']];

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function assignmentNotFound(groupId: string): SimResponse {
  return errors.notFound(`${groupId} (ApplicationGroupAssignment)`);
}

/** `GET /api/v1/apps/{appId}/groups`: by priority; `q` is a prefix of the group name. */
function listAppGroups(org: Org, req: SimRequest, app: SimApp): SimResponse {
  // The spec's minimum of 20 is not enforced: Okta serves smaller pages.
  const limit = readLimit(req.query, 20, 200);
  if (isResponse(limit)) return limit;
  const after = readPosition(req.query, 'ag');
  if (isResponse(after)) return after;
  const q = req.query.get('q')?.toLowerCase();
  // `expand=group` embeds each assigned group (Okta's spec: `_embedded.group`), saving a lookup per row.
  const expandGroup = req.query.get('expand') === 'group';
  const list = org.apps.groupAssignments(app.id);
  const page: Json[] = [];
  let last = after;
  for (let i = after + 1; i < list.length && page.length < limit; i++) {
    const assignment = list[i]!;
    const name = org.groups.get(assignment.groupId)?.profile.name.toLowerCase() ?? '';
    if (q !== undefined && !name.startsWith(q)) continue;
    const json = groupAssignmentJson(app, assignment, i, req.baseUrl);
    const group = expandGroup ? org.groups.get(assignment.groupId) : undefined;
    page.push(group ? { ...json, _embedded: { group: groupJson(group, req.baseUrl) } } : json);
    last = i;
  }
  const next = page.length === limit ? encodeCursor('ag', last) : undefined;
  return ok(page, { link: linkHeader(req, limit, next) });
}

function getAppGroup(org: Org, req: SimRequest, app: SimApp): SimResponse {
  const found = org.apps.groupAssignment(app.id, req.params.groupId!);
  if (!found) return assignmentNotFound(req.params.groupId!);
  return ok(groupAssignmentJson(app, found.assignment, found.priority, req.baseUrl));
}

/**
 * `PUT /api/v1/apps/{appId}/groups/{groupId}`: assigns the group (its members become app users
 * with scope GROUP), or updates its priority and profile when it is assigned already.
 */
function assignGroup(org: Org, req: SimRequest, app: SimApp): SimResponse {
  const groupId = req.params.groupId!;
  const group = org.groups.get(groupId);
  if (!group) return errors.notFound(`${groupId} (UserGroup)`);
  const body = req.body === undefined || req.body === null ? {} : req.body;
  if (!isObject(body)) return errors.validation(['priority: must be a number']);
  const causes: string[] = [];
  const priority = body.priority;
  if (priority !== undefined && priority !== null && (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 0)) {
    causes.push('priority: The priority must be a non-negative integer');
  }
  if (body.profile !== undefined && body.profile !== null && !isObject(body.profile)) causes.push('profile: must be an object');
  if (causes.length > 0) return errors.validation(causes);
  const existing = org.apps.groupAssignment(app.id, groupId);
  const profile = isObject(body.profile) ? body.profile : (existing?.assignment.profile ?? {});
  const created = org.apps.assignGroup(app.id, groupId, { priority: typeof priority === 'number' ? priority : undefined, profile, at: org.nowIso() });
  emitAppEvent(org, req, created ? 'groupAdd' : 'groupUpdate', [targets.group(group), targets.app(app)]);
  const found = org.apps.groupAssignment(app.id, groupId)!;
  return ok(groupAssignmentJson(app, found.assignment, found.priority, req.baseUrl));
}

/** `DELETE /api/v1/apps/{appId}/groups/{groupId}`: members keep the app only if assigned individually or by another group. */
function unassignGroup(org: Org, req: SimRequest, app: SimApp): SimResponse {
  const groupId = req.params.groupId!;
  if (!org.apps.unassignGroup(app.id, groupId)) return assignmentNotFound(groupId);
  const group = org.groups.get(groupId);
  emitAppEvent(org, req, 'groupRemove', [...(group ? [targets.group(group)] : []), targets.app(app)]);
  return { status: 204 };
}

/** `GET /api/v1/groups/{id}/apps`: the apps the group is assigned to, in app order. */
function appsOfGroup(org: Org, req: SimRequest): SimResponse {
  const groupId = req.params.groupId!;
  if (!org.groups.get(groupId)) return errors.notFound(`${groupId} (UserGroup)`);
  const limit = readLimit(req.query, 20, 200);
  if (isResponse(limit)) return limit;
  const after = readPosition(req.query, 'ga');
  if (isResponse(after)) return after;
  const apps = org.apps
    .appsOfGroup(groupId)
    .map((id) => ({ app: org.apps.get(id)!, position: org.apps.positionOf(id)! }))
    .filter((a) => a.position > after)
    .slice(0, limit);
  const next = apps.length === limit ? encodeCursor('ga', apps[apps.length - 1]!.position) : undefined;
  return ok(apps.map((a) => appJson(a.app, req.baseUrl, org.apps.orgId)), { link: linkHeader(req, limit, next) });
}

/** App group assignments and a group's apps. */
export function appGroupRoutes(org: Org): RouteDef[] {
  const manage = { kind: 'management', scopes: APPS_MANAGE, permission: 'apps.manage' } as const;
  const read = { kind: 'management', scopes: APPS_READ, permission: 'apps.read' } as const;
  return [
    { method: 'GET', path: '/api/v1/apps/{appId}/groups', ...read, handler: (req) => withApp(org, req, (app) => listAppGroups(org, req, app)) },
    { method: 'GET', path: '/api/v1/apps/{appId}/groups/{groupId}', ...read, handler: (req) => withApp(org, req, (app) => getAppGroup(org, req, app)) },
    { method: 'PUT', path: '/api/v1/apps/{appId}/groups/{groupId}', ...manage, handler: (req) => withApp(org, req, (app) => assignGroup(org, req, app)) },
    { method: 'DELETE', path: '/api/v1/apps/{appId}/groups/{groupId}', ...manage, handler: (req) => withApp(org, req, (app) => unassignGroup(org, req, app)) },
    { method: 'GET', path: '/api/v1/groups/{groupId}/apps', kind: 'management', scopes: GROUPS_READ, permission: 'groups.read', handler: (req) => appsOfGroup(org, req) },
  ];
}
