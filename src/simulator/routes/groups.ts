import { audit, groupTarget } from '../auditEvents.js';
import { evaluate, type ExprRules } from '../expr.js';
import { encodeCursor, errors, linkHeader, ok, readLimit, isResponse, type SimRequest, type SimResponse } from '../http.js';
import type { Org } from '../org.js';
import type { RouteDef } from '../router.js';
import { groupJson, type SimGroup } from '../store/groups.js';
import { groupMemberRoutes, groupRefusal, GROUPS_MANAGE, GROUPS_READ } from './groupMembers.js';
import { asObject, noContent, parseQueryExpr, readBody, readPositionCursor } from './params.js';

const DATES = ['created', 'lastUpdated', 'lastMembershipUpdated'];

/** Okta's `filter` for groups: `id` and `type` with `eq`, the two update dates with comparisons. */
const FILTER_RULES: ExprRules = (attr, op) => {
  if (attr === 'lastUpdated' || attr === 'lastMembershipUpdated') return ['eq', 'gt', 'ge', 'lt', 'le'].includes(op);
  return (attr === 'id' || attr === 'type') && op === 'eq';
};

/**
 * Okta's `search` for groups: any profile attribute, `id`, `type`, the dates and `source.id`;
 * `eq`, `sw`, `pr`, comparisons; `co` only on the name and description; no `ne`.
 */
const SEARCH_RULES: ExprRules = (attr, op) => {
  const known = ['id', 'type', 'source.id', ...DATES].includes(attr) || /^profile\.[A-Za-z_][A-Za-z0-9_]*$/.test(attr);
  if (!known || op === 'ne' || op === 'ew') return false;
  if (op === 'co') return attr === 'profile.name' || attr === 'profile.description';
  return true;
};

/** Reads an attribute of a group the way Okta's expressions name it. */
function groupAttribute(group: SimGroup) {
  return (attr: string): unknown => {
    if (attr.startsWith('profile.')) return group.profile[attr.slice(8)];
    if (attr === 'source.id') return group.sourceAppId;
    return (group as unknown as Record<string, unknown>)[attr];
  };
}

/** The `_embedded` data `expand` asks for: `stats` (member count); `app` is left to the apps API. */
function render(org: Org, req: SimRequest, group: SimGroup): Record<string, unknown> {
  const expand = (req.query.get('expand') ?? '').split(',').map((e) => e.trim());
  return groupJson(group, req.baseUrl, expand.includes('stats') ? { usersCount: org.groups.memberCount(group.id) } : {});
}

/**
 * `GET /api/v1/groups`: every group in creation order, or `filter`, `search` (from the lagging
 * search index, optionally sorted) or `q` (name prefix, exact matches first, never paged).
 */
function listGroups(org: Org, req: SimRequest): SimResponse {
  const { query } = req;
  const filter = query.get('filter');
  const search = query.get('search');
  const q = query.get('q');
  if (filter !== null && search !== null) return errors.searchAndFilter();
  // Okta's default for `q` is 300 groups; otherwise the page is as large as the maximum.
  const limit = readLimit(query, q !== null ? 300 : 10000, 10000);
  if (isResponse(limit)) return limit;
  const page = (groups: SimGroup[], next?: string) => ok(groups.map((g) => render(org, req, g)), { link: linkHeader(req, limit, next) });

  if (q !== null) {
    const prefix = q.toLowerCase();
    const matches = [...org.groups.all()].filter((g) => g.profile.name.toLowerCase().startsWith(prefix));
    const exact = matches.filter((g) => g.profile.name.toLowerCase() === prefix);
    return page([...exact, ...matches.filter((g) => !exact.includes(g))].slice(0, limit));
  }

  let predicate: (g: SimGroup) => boolean = () => true;
  let view: ((id: string) => SimGroup | undefined) | undefined;
  if (filter !== null) {
    const expr = parseQueryExpr(filter, FILTER_RULES);
    if (isResponse(expr)) return expr;
    predicate = (g) => evaluate(expr, groupAttribute(g), false);
  } else if (search !== null) {
    const expr = parseQueryExpr(search, SEARCH_RULES);
    if (isResponse(expr)) return expr;
    predicate = (g) => evaluate(expr, groupAttribute(g), true);
    if (org.groups.searchLag.active) {
      org.groups.searchLag.prune();
      view = (id) => org.groups.searchView(id);
    }
  }

  const sortBy = search !== null ? query.get('sortBy') : null;
  if (sortBy) {
    const descending = (query.get('sortOrder') ?? 'asc').toLowerCase().startsWith('desc');
    const offset = readPositionCursor(query, 'gs');
    if (isResponse(offset)) return offset;
    const start = Math.max(offset, 0);
    const read = (g: SimGroup) => String(groupAttribute(g)(sortBy) ?? '');
    const all = org.groups.scan(predicate, -1, Number.MAX_SAFE_INTEGER, view).items;
    all.sort((a, b) => {
      const c = read(a) < read(b) ? -1 : read(a) > read(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      return descending ? -c : c;
    });
    const items = all.slice(start, start + limit);
    return page(items, items.length === limit ? encodeCursor('gs', start + limit) : undefined);
  }

  const after = readPositionCursor(query, 'g');
  if (isResponse(after)) return after;
  const { items, lastPosition } = org.groups.scan(predicate, after, limit, view);
  return page(items, items.length === limit ? encodeCursor('g', lastPosition) : undefined);
}

/** `GET /api/v1/groups/{groupId}`. */
function getGroup(org: Org, req: SimRequest): SimResponse {
  const id = req.params.groupId!;
  const group = org.groups.get(id);
  return group ? ok(render(org, req, group)) : errors.notFound(`${id} (UserGroup)`);
}

/** The properties of Okta's Group model; SDKs send whole groups back, anything else is malformed. */
const GROUP_PROPERTIES = ['id', 'created', 'lastUpdated', 'lastMembershipUpdated', 'objectClass', 'type', 'profile', 'source', '_embedded', '_links'];

/**
 * Reads and validates the `okta:user_group` profile of a create or replace: `name` required and
 * unique among Okta-managed groups, `description` optional.
 */
function readProfile(org: Org, raw: unknown, selfId?: string): SimGroup['profile'] | SimResponse {
  const body = readBody(raw, GROUP_PROPERTIES);
  if (isResponse(body)) return body;
  const profile = asObject(body.profile);
  if (body.profile !== undefined && !profile) return errors.malformedBody();
  const name = profile?.name;
  const causes: string[] = [];
  if (typeof name !== 'string' || name.trim() === '') causes.push('name: The field cannot be left blank');
  else if (name.length > 255) causes.push('name: The field is too long');
  else if (org.groups.idsNamed(name).some((id) => id !== selfId && org.groups.get(id)?.type !== 'APP_GROUP')) {
    causes.push('name: An object with this field already exists in the current organization');
  }
  const description = profile?.description;
  if (description !== undefined && description !== null && typeof description !== 'string') causes.push('description: Does not match required pattern');
  for (const [attr, value] of Object.entries(profile ?? {})) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) causes.push(`${attr}: Property is not a valid primitive or array of primitives`);
  }
  if (causes.length > 0) return errors.validation(causes);
  return { ...profile, name: name as string, description: (description as string | null | undefined) ?? null };
}

/** `POST /api/v1/groups`: creates an OKTA_GROUP (the only type the API creates). */
function createGroup(org: Org, req: SimRequest): SimResponse {
  const profile = readProfile(org, req.body);
  if (isResponse(profile)) return profile;
  const now = org.nowIso();
  const group: SimGroup = { id: org.seed.ids.next('00g'), type: 'OKTA_GROUP', created: now, lastUpdated: now, lastMembershipUpdated: now, profile };
  org.groups.insert(group);
  audit(org, req, 'group.lifecycle.create', [groupTarget(group)]);
  return ok(groupJson(group, req.baseUrl));
}

/** `PUT /api/v1/groups/{groupId}`: replaces the whole profile of an OKTA_GROUP. */
function replaceGroup(org: Org, req: SimRequest): SimResponse {
  const id = req.params.groupId!;
  const group = org.groups.get(id);
  if (!group) return errors.notFound(`${id} (UserGroup)`);
  if (group.type !== 'OKTA_GROUP') return groupRefusal(group, 'profile');
  const profile = readProfile(org, req.body, group.id);
  if (isResponse(profile)) return profile;
  const now = org.nowIso();
  org.groups.update(group.id, (g) => {
    g.profile = profile;
    g.lastUpdated = now;
  });
  audit(org, req, 'group.profile.update', [groupTarget(group)]);
  return ok(groupJson(group, req.baseUrl));
}

/** `DELETE /api/v1/groups/{groupId}`: OKTA_GROUP and APP_GROUP groups go; Everyone stays. */
function deleteGroup(org: Org, req: SimRequest): SimResponse {
  const id = req.params.groupId!;
  const group = org.groups.get(id);
  if (!group) return errors.notFound(`${id} (UserGroup)`);
  if (group.type === 'BUILT_IN') return groupRefusal(group, 'delete');
  org.groups.delete(group.id);
  audit(org, req, 'group.lifecycle.delete', [groupTarget(group)]);
  return noContent();
}

/** The groups routes of the Management API. */
export function groupRoutes(org: Org): RouteDef[] {
  const read = { kind: 'management' as const, scopes: GROUPS_READ, permission: 'groups.read' };
  const write = { kind: 'management' as const, scopes: GROUPS_MANAGE, permission: 'groups.manage' };
  return [
    { method: 'GET', path: '/api/v1/groups', ...read, handler: (req) => listGroups(org, req) },
    { method: 'POST', path: '/api/v1/groups', ...write, handler: (req) => createGroup(org, req) },
    { method: 'GET', path: '/api/v1/groups/{groupId}', ...read, handler: (req) => getGroup(org, req) },
    { method: 'PUT', path: '/api/v1/groups/{groupId}', ...write, handler: (req) => replaceGroup(org, req) },
    { method: 'DELETE', path: '/api/v1/groups/{groupId}', ...write, handler: (req) => deleteGroup(org, req) },
    ...groupMemberRoutes(org),
  ];
}
