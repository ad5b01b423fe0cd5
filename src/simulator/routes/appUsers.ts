import { appsOfUser, appUsersPage, derivedAssignmentId, grantingGroups, resolveAppUser, type ResolvedAppUser } from '../apps/access.js';
import { emitAppEvent, targets } from '../apps/events.js';
import { appLinksJson, appUserJson, appUserProfile, userNameFor } from '../apps/json.js';
import { encodeCursor, errors, isResponse, linkHeader, ok, oktaError, readLimit, type SimRequest, type SimResponse } from '../http.js';
import type { Org } from '../org.js';
import type { RouteDef } from '../router.js';
import type { AppUserRecord, Json, SimApp } from '../store/apps.js';
import { APPS_MANAGE, APPS_READ, readPosition, withApp } from './apps.js';

const USERS_READ = [['okta.users.read'], ['okta.users.manage']];

/** The writable part of an `AppUser` body. */
interface AppUserInput {
  id?: string;
  userName?: string;
  password?: boolean;
  profile?: Json;
  scope?: 'USER' | 'GROUP';
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates an `AppUser` request body; the E0000001 error causes when it is not acceptable. */
function readInput(body: unknown): AppUserInput | string[] {
  if (!isObject(body)) return ['id: The field cannot be left blank'];
  const causes: string[] = [];
  const input: AppUserInput = {};
  if (body.id !== undefined) {
    if (typeof body.id !== 'string' || body.id === '') causes.push('id: The field cannot be left blank');
    else input.id = body.id;
  }
  if (body.scope !== undefined && body.scope !== null) {
    if (body.scope !== 'USER' && body.scope !== 'GROUP') causes.push(`scope: '${String(body.scope)}' is not a valid scope`);
    else input.scope = body.scope;
  }
  if (body.profile !== undefined && body.profile !== null) {
    if (!isObject(body.profile)) causes.push('profile: must be an object');
    else input.profile = body.profile;
  }
  if (body.credentials !== undefined && body.credentials !== null) {
    const credentials = body.credentials;
    if (!isObject(credentials)) causes.push('credentials: must be an object');
    else {
      const userName = credentials.userName;
      if (userName !== undefined && (typeof userName !== 'string' || userName.length < 1 || userName.length > 100)) {
        causes.push('credentials.userName: The user name must be between 1 and 100 characters');
      } else if (typeof userName === 'string') input.userName = userName;
      const password = credentials.password;
      if (isObject(password) && typeof password.value === 'string' && password.value !== '') input.password = true;
    }
  }
  return causes.length > 0 ? causes : input;
}

function userNameOf(r: ResolvedAppUser): string {
  return r.record?.userName ?? userNameFor(r.app, r.user);
}

/** Applies `input` to the stored record of a user (creating it), keeping its history. */
function applyInput(org: Org, app: SimApp, userId: string, input: AppUserInput, individual: boolean): AppUserRecord {
  const now = org.nowIso();
  const existing = org.apps.userRecord(app.id, userId);
  const record: AppUserRecord = existing
    ? { ...existing, lastUpdated: now }
    : { userId, assignmentId: derivedAssignmentId(app.id, userId), individual: false, created: now, lastUpdated: now, statusChanged: now, profile: {}, passwordSet: false };
  if (individual && !record.individual) {
    record.individual = true;
    record.statusChanged = now;
    if (!existing) record.created = now;
  }
  if (input.profile) record.profile = { ...record.profile, ...input.profile };
  if (input.userName !== undefined) record.userName = input.userName;
  if (input.password) record.passwordSet = true;
  org.apps.putUserRecord(app.id, record);
  return record;
}

/** `GET /api/v1/apps/{appId}/users`: `q` prefix match on user name, first and last name and email. */
function listAppUsers(org: Org, req: SimRequest, app: SimApp): SimResponse {
  const limit = readLimit(req.query, 50, 500);
  if (isResponse(limit)) return limit;
  const after = readPosition(req.query, 'au');
  if (isResponse(after)) return after;
  const q = req.query.get('q')?.toLowerCase();
  const starts = (v: unknown) => typeof v === 'string' && v.toLowerCase().startsWith(q!);
  const match = (r: ResolvedAppUser) => {
    if (q === undefined) return true;
    const profile = appUserProfile(r);
    return starts(userNameOf(r)) || starts(profile.firstName) || starts(profile.lastName) || starts(profile.email);
  };
  const { items, last } = appUsersPage(org, app, after, limit, match);
  const embed = req.query.get('expand') === 'user';
  const next = items.length === limit ? encodeCursor('au', last) : undefined;
  return ok(items.map((r) => appUserJson(r, req.baseUrl, embed)), { link: linkHeader(req, limit, next) });
}

function appUserNotFound(userId: string): SimResponse {
  return errors.notFound(`${userId} (AppUser)`);
}

/** `POST /api/v1/apps/{appId}/users`: assigns a user individually (scope USER), or updates that assignment. */
function assignUser(org: Org, req: SimRequest, app: SimApp): SimResponse {
  const input = readInput(req.body);
  if (Array.isArray(input)) return errors.validation(input);
  if (!input.id) return errors.validation(['id: The field cannot be left blank']);
  const user = org.users.get(input.id);
  if (!user || user.id !== input.id) return errors.notFound(`${input.id} (User)`);
  const wasIndividual = org.apps.userRecord(app.id, user.id)?.individual ?? false;
  const record = applyInput(org, app, user.id, input, true);
  const r: ResolvedAppUser = { app, user, scope: 'USER', record };
  emitAppEvent(org, req, wasIndividual ? 'userUpdate' : 'userAdd', [targets.appUser(record.assignmentId, userNameOf(r), user), targets.app(app), targets.user(user)]);
  return ok(appUserJson(r, req.baseUrl));
}

/** `POST /api/v1/apps/{appId}/users/{userId}`: updates credentials or profile; `scope: USER` makes a group user individual. */
function updateAppUser(org: Org, req: SimRequest, app: SimApp): SimResponse {
  const current = resolveAppUser(org, app, req.params.userId!);
  if (!current) return appUserNotFound(req.params.userId!);
  const input = readInput(req.body);
  if (Array.isArray(input)) return errors.validation(input);
  const record = applyInput(org, app, current.user.id, input, current.scope === 'USER' || input.scope === 'USER');
  const r = resolveAppUser(org, app, current.user.id)!;
  emitAppEvent(org, req, 'userUpdate', [targets.appUser(record.assignmentId, userNameOf(r), r.user), targets.app(app), targets.user(r.user)]);
  return ok(appUserJson(r, req.baseUrl));
}

/** `DELETE /api/v1/apps/{appId}/users/{userId}`: only for users no group grants the app to. */
function unassignUser(org: Org, req: SimRequest, app: SimApp): SimResponse {
  const r = resolveAppUser(org, app, req.params.userId!);
  if (!r) return appUserNotFound(req.params.userId!);
  if (grantingGroups(org, app, r.user.id).length > 0) {
    return oktaError(403, 'E0000046', 'Deactivate application for user forbidden.', ['The application cannot be unassigned from the user while their group memberships grant them access']);
  }
  const assignmentId = r.record?.assignmentId ?? derivedAssignmentId(app.id, r.user.id);
  org.apps.deleteUserRecord(app.id, r.user.id);
  emitAppEvent(org, req, 'userRemove', [targets.appUser(assignmentId, userNameOf(r), r.user), targets.app(app), targets.user(r.user)]);
  return { status: 204 };
}

/** `GET /api/v1/users/{id}/appLinks`: the dashboard links of every active app the user has. */
function appLinks(org: Org, req: SimRequest): SimResponse {
  const user = org.users.get(req.params.id!);
  if (!user) return errors.notFound(`${req.params.id!} (User)`);
  const links: Json[] = [];
  for (const app of appsOfUser(org, user.id)) {
    if (app.status !== 'ACTIVE') continue;
    const r = resolveAppUser(org, app, user.id);
    if (r) links.push(...appLinksJson(r, req.baseUrl, links.length));
  }
  return ok(links);
}

/** App user assignments and the users' app links. */
export function appUserRoutes(org: Org): RouteDef[] {
  const manage = { kind: 'management', scopes: APPS_MANAGE, permission: 'apps.manage' } as const;
  const read = { kind: 'management', scopes: APPS_READ, permission: 'apps.read' } as const;
  return [
    { method: 'GET', path: '/api/v1/apps/{appId}/users', ...read, handler: (req) => withApp(org, req, (app) => listAppUsers(org, req, app)) },
    { method: 'POST', path: '/api/v1/apps/{appId}/users', ...manage, handler: (req) => withApp(org, req, (app) => assignUser(org, req, app)) },
    {
      method: 'GET', path: '/api/v1/apps/{appId}/users/{userId}', ...read,
      handler: (req) =>
        withApp(org, req, (app) => {
          const r = resolveAppUser(org, app, req.params.userId!);
          return r ? ok(appUserJson(r, req.baseUrl, req.query.get('expand') === 'user')) : appUserNotFound(req.params.userId!);
        }),
    },
    { method: 'POST', path: '/api/v1/apps/{appId}/users/{userId}', ...manage, handler: (req) => withApp(org, req, (app) => updateAppUser(org, req, app)) },
    { method: 'DELETE', path: '/api/v1/apps/{appId}/users/{userId}', ...manage, handler: (req) => withApp(org, req, (app) => unassignUser(org, req, app)) },
    { method: 'GET', path: '/api/v1/users/{id}/appLinks', kind: 'management', scopes: USERS_READ, permission: 'users.read', handler: (req) => appLinks(org, req) },
  ];
}
