import { evaluate, type Expr, type ExprRules } from '../expr.js';
import { encodeCursor, errors, linkHeader, ok, readLimit, isResponse, type SimRequest, type SimResponse } from '../http.js';
import type { Org } from '../org.js';
import type { RouteDef } from '../router.js';
import { groupJson } from '../store/groups.js';
import { userJson, type SimUser, type UserStore } from '../store/users.js';
import { parseQueryExpr, readPositionCursor } from './params.js';
import { userLifecycleRoutes } from './userLifecycle.js';
import { userWriteRoutes } from './userWrites.js';

/** Scopes that allow reading users (a manage scope includes read, as in Okta). */
export const USERS_READ = [['okta.users.read'], ['okta.users.manage']];

/** Okta's `filter` for users: a few attributes, `eq` only, except `lastUpdated` which also takes ranges. */
const FILTER_RULES: ExprRules = (attr, op) => {
  if (attr === 'lastUpdated') return ['eq', 'gt', 'ge', 'lt', 'le'].includes(op);
  return ['status', 'id', 'profile.login', 'profile.email', 'profile.firstName', 'profile.lastName'].includes(attr) && op === 'eq';
};

const SEARCH_TOP_LEVEL = ['id', 'status', 'created', 'activated', 'statusChanged', 'lastUpdated', 'type.id'];
const CONTAINS_ALLOWED = ['profile.firstName', 'profile.lastName', 'profile.email', 'profile.login'];

/** Okta's `search` for users: any profile attribute and the top-level dates; no `ne`; `co` on four attributes. */
const SEARCH_RULES: ExprRules = (attr, op) => {
  if (!SEARCH_TOP_LEVEL.includes(attr) && !/^profile\.[A-Za-z_][A-Za-z0-9_]*$/.test(attr)) return false;
  if (op === 'ne' || op === 'ew') return false;
  if (op === 'co') return CONTAINS_ALLOWED.includes(attr);
  return true;
};

/** Reads an attribute of a user the way Okta's expressions name it. */
function userAttribute(user: SimUser) {
  return (attr: string): unknown => {
    if (attr.startsWith('profile.')) return user.profile[attr.slice(8)];
    if (attr === 'type.id') return user.typeId;
    return (user as unknown as Record<string, unknown>)[attr];
  };
}

/**
 * Sorted search results by user store (a reseed makes a new one), reused while no user changes:
 * paging through a sort of 100k users then costs a slice per page.
 */
const sortedSearches = new WeakMap<UserStore, { key: string; version: number; ids: string[] }>();

function sortedSearch(org: Org, search: string, predicate: (u: SimUser) => boolean, sortBy: string, descending: boolean): string[] {
  const key = `${search}\u0000${sortBy}\u0000${descending}`;
  const lagged = org.users.searchLag.active;
  const cached = sortedSearches.get(org.users);
  if (!lagged && cached && cached.key === key && cached.version === org.users.version) return cached.ids;
  const read = (u: SimUser) => String(userAttribute(u)(sortBy) ?? '');
  const ids = [...org.users.searchable()]
    .filter(predicate)
    .map((u) => ({ id: u.id, v: read(u) }))
    .sort((a, b) => {
      const c = a.v < b.v ? -1 : a.v > b.v ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      return descending ? -c : c;
    })
    .map((e) => e.id);
  if (!lagged) sortedSearches.set(org.users, { key, version: org.users.version, ids });
  return ids;
}

/**
 * `GET /api/v1/users`: default listing (no DEPROVISIONED users), `filter`, `search` (with `sortBy`
 * and `sortOrder`, read from the lagging search index), or `q` (prefix match on names and email,
 * first page only).
 */
function listUsers(org: Org, req: SimRequest): SimResponse {
  const { query } = req;
  const filter = query.get('filter');
  const search = query.get('search');
  const q = query.get('q');
  if (filter !== null && search !== null) return errors.searchAndFilter();
  const limit = readLimit(query, q !== null ? 10 : 200, 200);
  if (isResponse(limit)) return limit;

  let expr: Expr | undefined;
  let predicate: (u: SimUser) => boolean;
  if (search !== null) {
    const parsed = parseQueryExpr(search, SEARCH_RULES);
    if (isResponse(parsed)) return parsed;
    expr = parsed;
    predicate = (u) => evaluate(parsed, userAttribute(u), true);
  } else if (filter !== null) {
    const parsed = parseQueryExpr(filter, FILTER_RULES);
    if (isResponse(parsed)) return parsed;
    expr = parsed;
    predicate = (u) => evaluate(parsed, userAttribute(u), false);
  } else if (q !== null) {
    const prefix = q.toLowerCase();
    const starts = (v: unknown) => typeof v === 'string' && v.toLowerCase().startsWith(prefix);
    predicate = (u) => u.status !== 'DEPROVISIONED' && (starts(u.profile.firstName) || starts(u.profile.lastName) || starts(u.profile.email));
  } else {
    predicate = (u) => u.status !== 'DEPROVISIONED';
  }

  const sortBy = search !== null ? query.get('sortBy') : null;
  if (sortBy) {
    // Sorted search pages by offset over the sorted result, as Okta's search index does.
    const descending = (query.get('sortOrder') ?? 'asc').toLowerCase().startsWith('desc');
    const offset = readPositionCursor(query, 's');
    if (isResponse(offset)) return offset;
    const start = Math.max(offset, 0);
    const ids = sortedSearch(org, search!, predicate, sortBy, descending).slice(start, start + limit);
    const items = ids.map((id) => (org.users.searchLag.active ? org.users.searchView(id) : org.users.get(id))).filter((u): u is SimUser => !!u);
    const next = ids.length === limit ? encodeCursor('s', start + limit) : undefined;
    return ok(items.map((u) => userJson(u, req.baseUrl, false)), { link: linkHeader(req, limit, next) });
  }

  const position = readPositionCursor(query, 'u');
  if (isResponse(position)) return position;
  let candidates = expr ? org.users.candidates(expr) : undefined;
  let view: ((id: string) => SimUser | undefined) | undefined;
  if (search !== null && org.users.searchLag.active) {
    // The indexes hold the live values: users changed within the lag may match on their old ones.
    org.users.searchLag.prune();
    if (candidates) candidates = new Set([...candidates, ...org.users.searchLag.changedIds()]);
    view = (id) => org.users.searchView(id);
  }
  const { items, lastPosition } = org.users.scan(predicate, position, limit, candidates, view);
  // Okta links a next page whenever this one is full, even when nothing follows; `q` never pages.
  const next = q === null && items.length === limit ? encodeCursor('u', lastPosition) : undefined;
  return ok(items.map((u) => userJson(u, req.baseUrl, false)), { link: linkHeader(req, limit, next) });
}

/** `GET /api/v1/users/{idOrLogin}`; `me` is the user behind the credential (the API token's admin). */
function getUser(org: Org, req: SimRequest): SimResponse {
  const id = req.params.id === 'me' && req.principal ? req.principal.userId : req.params.id!;
  const user = org.users.get(id);
  if (!user) return errors.notFound(`${id} (User)`);
  return ok(userJson(user, req.baseUrl, true));
}

/** `GET /api/v1/users/{id}/groups`: every group of the user, Everyone included. */
function listUserGroups(org: Org, req: SimRequest): SimResponse {
  const id = req.params.id!;
  const user = org.users.get(id);
  if (!user) return errors.notFound(`${id} (User)`);
  const groups = org.groups.groupsOf(user.id).map((gid) => org.groups.get(gid)).filter((g) => g !== undefined);
  return ok(groups.map((g) => groupJson(g, req.baseUrl)));
}

/** The users routes of the Management API. */
export function userRoutes(org: Org): RouteDef[] {
  const read = { kind: 'management' as const, scopes: USERS_READ, permission: 'users.read' };
  return [
    { method: 'GET', path: '/api/v1/users', ...read, handler: (req) => listUsers(org, req) },
    { method: 'GET', path: '/api/v1/users/{id}', ...read, handler: (req) => getUser(org, req) },
    { method: 'GET', path: '/api/v1/users/{id}/groups', ...read, handler: (req) => listUserGroups(org, req) },
    ...userWriteRoutes(org),
    ...userLifecycleRoutes(org),
  ];
}
