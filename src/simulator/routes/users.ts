import { checkRules, evaluate, ExprError, parseExpression, type Expr, type ExprRules } from '../expr.js';
import { decodeCursor, encodeCursor, errors, linkHeader, ok, readLimit, isResponse, type SimRequest, type SimResponse } from '../http.js';
import type { Org } from '../org.js';
import type { RouteDef } from '../router.js';
import { userJson, type SimUser } from '../store/users.js';

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

function parse(text: string, rules: ExprRules): Expr | SimResponse {
  try {
    const expr = parseExpression(text);
    checkRules(expr, rules);
    return expr;
  } catch (err) {
    if (err instanceof ExprError) return errors.invalidSearch();
    throw err;
  }
}

/**
 * `GET /api/v1/users`: default listing (no DEPROVISIONED users), `filter`, `search` (with `sortBy`
 * and `sortOrder`), or `q` (prefix match on names and email, first page only).
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
    const parsed = parse(search, SEARCH_RULES);
    if (isResponse(parsed)) return parsed;
    expr = parsed;
    predicate = (u) => evaluate(parsed, userAttribute(u), true);
  } else if (filter !== null) {
    const parsed = parse(filter, FILTER_RULES);
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

  const after = query.get('after');
  const sortBy = search !== null ? query.get('sortBy') : null;
  if (sortBy) {
    // Sorted search pages by offset over the sorted result, as Okta's search index does.
    const descending = (query.get('sortOrder') ?? 'asc').toLowerCase().startsWith('desc');
    const offset = after ? Number(decodeCursor('s', after)) : 0;
    if (!Number.isInteger(offset) || offset < 0) return errors.validation(['after: invalid cursor']);
    const read = (u: SimUser) => userAttribute(u)(sortBy);
    const matches = [...org.users.all()].filter(predicate).sort((a, b) => {
      const va = String(read(a) ?? '');
      const vb = String(read(b) ?? '');
      const c = va < vb ? -1 : va > vb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      return descending ? -c : c;
    });
    const items = matches.slice(offset, offset + limit);
    const next = items.length === limit ? encodeCursor('s', offset + limit) : undefined;
    return ok(items.map((u) => userJson(u, req.baseUrl, false)), { link: linkHeader(req, limit, next) });
  }

  let position = -1;
  if (after) {
    const decoded = decodeCursor('u', after);
    if (decoded === undefined || !/^\d+$/.test(decoded)) return errors.validation(['after: invalid cursor']);
    position = Number(decoded);
  }
  const candidates = expr ? org.users.candidates(expr) : undefined;
  const { items, lastPosition } = org.users.scan(predicate, position, limit, candidates);
  // Okta links a next page whenever this one is full, even when nothing follows; `q` never pages.
  const next = q === null && items.length === limit ? encodeCursor('u', lastPosition) : undefined;
  return ok(items.map((u) => userJson(u, req.baseUrl, false)), { link: linkHeader(req, limit, next) });
}

/** `GET /api/v1/users/{idOrLogin}`. */
function getUser(org: Org, req: SimRequest): SimResponse {
  const id = req.params.id!;
  const user = org.users.get(id);
  if (!user) return errors.notFound(`${id} (User)`);
  return ok(userJson(user, req.baseUrl, true));
}

/** The users routes of the Management API. */
export function userRoutes(org: Org): RouteDef[] {
  return [
    { method: 'GET', path: '/api/v1/users', kind: 'management', scopes: USERS_READ, permission: 'users.read', handler: (req) => listUsers(org, req) },
    { method: 'GET', path: '/api/v1/users/{id}', kind: 'management', scopes: USERS_READ, permission: 'users.read', handler: (req) => getUser(org, req) },
  ];
}
