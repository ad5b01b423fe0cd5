import { hasApp, pruneDeletedGroups, resolveAppUser } from '../apps/access.js';
import { emitAppEvent, targets } from '../apps/events.js';
import { appJson, appUserJson } from '../apps/json.js';
import { validateReplace } from '../apps/validate.js';
import { checkRules, ExprError, parseExpression, type Expr } from '../expr.js';
import { decodeCursor, encodeCursor, errors, isResponse, linkHeader, ok, oktaError, readLimit, type SimRequest, type SimResponse } from '../http.js';
import type { Org } from '../org.js';
import type { RouteDef } from '../router.js';
import type { Json, SimApp } from '../store/apps.js';

/** Scopes that allow reading apps (manage includes read, as in Okta). */
export const APPS_READ = [['okta.apps.read'], ['okta.apps.manage']];
/** Scopes that allow changing apps. */
export const APPS_MANAGE = [['okta.apps.manage']];

/** The attributes Okta's `filter` takes on `GET /api/v1/apps`, all with `eq` only. */
const FILTERABLE = ['id', 'status', 'name', 'user.id', 'group.id', 'credentials.signing.kid', 'settings.slo.enabled'];

/** Okta's answer to a missing app. */
export function appNotFound(id: string): SimResponse {
  return errors.notFound(`${id} (AppInstance)`);
}

/** Reads `limit` where the spec's default is `-1` ("the server's default"). */
export function readAppLimit(query: URLSearchParams, defaultLimit: number, maxLimit: number): number | SimResponse {
  if (query.get('limit') === '-1') return defaultLimit;
  return readLimit(query, defaultLimit, maxLimit);
}

/** Reads an `after` cursor of `kind` as a position; -1 when absent. */
export function readPosition(query: URLSearchParams, kind: string): number | SimResponse {
  const after = query.get('after');
  if (!after) return -1;
  const decoded = decodeCursor(kind, after);
  if (decoded === undefined || !/^\d+$/.test(decoded)) return errors.validation(['after: invalid cursor']);
  return Number(decoded);
}

function filterMatches(org: Org, expr: Expr, app: SimApp): boolean {
  if (expr.kind !== 'cmp') {
    const left = filterMatches(org, expr.left, app);
    return expr.kind === 'and' ? left && filterMatches(org, expr.right, app) : left || filterMatches(org, expr.right, app);
  }
  const value = String(expr.value);
  switch (expr.attr) {
    case 'user.id':
      return hasApp(org, app, value);
    case 'group.id':
      return org.apps.groupAssignment(app.id, value) !== undefined;
    case 'credentials.signing.kid':
      return (app.credentials.signing as Json | undefined)?.kid === value;
    // Okta names the SAML single-logout flag `settings.slo.enabled` although it lives under signOn.
    case 'settings.slo.enabled':
      return String(((app.settings.signOn as Json | undefined)?.slo as Json | undefined)?.enabled ?? false) === value;
    default:
      return String((app as unknown as Json)[expr.attr]) === value;
  }
}

/** `GET /api/v1/apps`: `q` (prefix of name or label), `filter`, `expand=user/{userId}`, cursor paging. */
function listApps(org: Org, req: SimRequest): SimResponse {
  const { query } = req;
  const limit = readAppLimit(query, 20, 200);
  if (isResponse(limit)) return limit;
  const after = readPosition(query, 'a');
  if (isResponse(after)) return after;
  let expr: Expr | undefined;
  const filter = query.get('filter');
  if (filter !== null) {
    try {
      expr = parseExpression(filter);
      checkRules(expr, (attr, op) => FILTERABLE.includes(attr) && op === 'eq');
    } catch (err) {
      if (err instanceof ExprError) return errors.invalidSearch();
      throw err;
    }
  }
  const q = query.get('q')?.toLowerCase();
  const predicate = (app: SimApp) =>
    (q === undefined || app.name.toLowerCase().startsWith(q) || app.label.toLowerCase().startsWith(q)) && (expr === undefined || filterMatches(org, expr, app));
  if (expr) for (const app of org.apps.all()) pruneDeletedGroups(org, app);
  const { items, last } = org.apps.page(predicate, after, limit);
  // `expand=user/{userId}` embeds that user's app user in each app that has one.
  const expandUser = /^user\/(.+)$/.exec(query.get('expand') ?? '')?.[1];
  const body = items.map((app) => {
    const json = appJson(app, req.baseUrl, org.apps.orgId);
    const appUser = expandUser ? resolveAppUser(org, app, expandUser) : undefined;
    return appUser ? { ...json, _embedded: { user: appUserJson(appUser, req.baseUrl) } } : json;
  });
  const next = items.length === limit ? encodeCursor('a', last) : undefined;
  return ok(body, { link: linkHeader(req, limit, next) });
}

/** Runs `handle` on the app of the `{appId}` path parameter, or answers Okta's 404. */
export function withApp(org: Org, req: SimRequest, handle: (app: SimApp) => SimResponse): SimResponse {
  const app = org.apps.get(req.params.appId!);
  if (!app) return appNotFound(req.params.appId!);
  pruneDeletedGroups(org, app);
  return handle(app);
}

function setStatus(org: Org, req: SimRequest, app: SimApp, status: SimApp['status']): SimResponse {
  // Okta answers a no-op lifecycle call with success and records nothing.
  if (app.status !== status) {
    app.status = status;
    app.lastUpdated = org.nowIso();
    emitAppEvent(org, req, status === 'ACTIVE' ? 'activate' : 'deactivate', [targets.app(app)]);
  }
  return ok({});
}

function replaceApp(org: Org, req: SimRequest, app: SimApp): SimResponse {
  const next = validateReplace(app, req.body);
  if (Array.isArray(next)) return errors.validation(next);
  app.label = next.label;
  app.accessibility = next.accessibility;
  app.visibility = next.visibility;
  app.credentials = next.credentials;
  app.settings = next.settings;
  if (next.profile) app.profile = next.profile;
  else delete app.profile;
  app.clientSecret = next.clientSecret;
  app.lastUpdated = org.nowIso();
  emitAppEvent(org, req, 'update', [targets.app(app)]);
  // The answer to the write is the one place Okta shows a client secret.
  return ok(appJson(app, req.baseUrl, org.apps.orgId, true));
}

function deleteApp(org: Org, req: SimRequest, app: SimApp): SimResponse {
  // Okta deletes only deactivated apps.
  if (app.status === 'ACTIVE') return oktaError(403, 'E0000056', 'Delete application forbidden.');
  org.apps.delete(app.id);
  emitAppEvent(org, req, 'delete', [targets.app(app)]);
  return { status: 204 };
}

/** The application routes: list, read, replace, lifecycle, delete. */
export function appRoutes(org: Org): RouteDef[] {
  const manage = { kind: 'management', scopes: APPS_MANAGE, permission: 'apps.manage' } as const;
  const read = { kind: 'management', scopes: APPS_READ, permission: 'apps.read' } as const;
  return [
    { method: 'GET', path: '/api/v1/apps', ...read, handler: (req) => listApps(org, req) },
    { method: 'GET', path: '/api/v1/apps/{appId}', ...read, handler: (req) => withApp(org, req, (app) => ok(appJson(app, req.baseUrl, org.apps.orgId))) },
    { method: 'PUT', path: '/api/v1/apps/{appId}', ...manage, handler: (req) => withApp(org, req, (app) => replaceApp(org, req, app)) },
    { method: 'DELETE', path: '/api/v1/apps/{appId}', ...manage, handler: (req) => withApp(org, req, (app) => deleteApp(org, req, app)) },
    { method: 'POST', path: '/api/v1/apps/{appId}/lifecycle/activate', ...manage, handler: (req) => withApp(org, req, (app) => setStatus(org, req, app, 'ACTIVE')) },
    { method: 'POST', path: '/api/v1/apps/{appId}/lifecycle/deactivate', ...manage, handler: (req) => withApp(org, req, (app) => setStatus(org, req, app, 'INACTIVE')) },
  ];
}
