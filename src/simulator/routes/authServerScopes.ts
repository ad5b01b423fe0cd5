import { asTargets, emitAsEvent } from '../authServers/events.js';
import { claimJson, scopeJson } from '../authServers/json.js';
import { validateClaim, validateScope } from '../authServers/validateTokens.js';
import { checkRules, evaluate, ExprError, parseExpression, type Expr } from '../expr.js';
import { encodeCursor, errors, isResponse, linkHeader, ok, readLimit, type SimRequest, type SimResponse } from '../http.js';
import type { Org } from '../org.js';
import type { RouteDef } from '../router.js';
import type { SimAuthServer, SimClaim, SimScope } from '../store/authServers.js';
import { readPosition } from './apps.js';
import { asManage, asRead, withServer } from './authServers.js';

const SCOPE_FILTER = ['id', 'name', 'displayName', 'system', 'default', 'consent', 'metadataPublish', 'optional'];

function scopeNotFound(id: string): SimResponse {
  return errors.notFound(`${id} (OAuth2Scope)`);
}

function claimNotFound(id: string): SimResponse {
  return errors.notFound(`${id} (OAuth2Claim)`);
}

/** `GET .../scopes`: `q` (name prefix), `filter` (eq / sw on the scope's own attributes), cursor paging. */
function listScopes(req: SimRequest, server: SimAuthServer): SimResponse {
  const limit = readLimit(req.query, 200, 200);
  if (isResponse(limit)) return limit;
  const after = readPosition(req.query, 'scp');
  if (isResponse(after)) return after;
  let expr: Expr | undefined;
  const filter = req.query.get('filter');
  if (filter !== null) {
    try {
      expr = parseExpression(filter);
      checkRules(expr, (attr, op) => SCOPE_FILTER.includes(attr) && (op === 'eq' || op === 'sw'));
    } catch (err) {
      if (err instanceof ExprError) return errors.invalidSearch();
      throw err;
    }
  }
  const q = req.query.get('q')?.toLowerCase();
  const page = [...server.scopes.values()]
    .map((scope, position) => ({ scope, position }))
    .filter(({ scope, position }) => {
      if (position <= after) return false;
      if (q !== undefined && !scope.name.toLowerCase().startsWith(q)) return false;
      return expr === undefined || evaluate(expr, (attr) => (scope as unknown as Record<string, unknown>)[attr], false);
    })
    .slice(0, limit);
  const next = page.length === limit ? encodeCursor('scp', page[page.length - 1]!.position) : undefined;
  return ok(page.map((e) => scopeJson(e.scope, req.baseUrl, server)), { link: linkHeader(req, limit, next) });
}

function createScope(org: Org, req: SimRequest, server: SimAuthServer): SimResponse {
  const input = validateScope(server, req.body);
  if (Array.isArray(input)) return errors.validation(input);
  const scope: SimScope = { id: org.seed.ids.next('scp'), system: false, ...input };
  server.scopes.set(scope.id, scope);
  emitAsEvent(org, req, 'scopeCreated', server, [asTargets.scope(scope)]);
  return { status: 201, body: scopeJson(scope, req.baseUrl, server) };
}

function replaceScope(org: Org, req: SimRequest, server: SimAuthServer, scope: SimScope): SimResponse {
  const input = validateScope(server, req.body, scope);
  if (Array.isArray(input)) return errors.validation(input);
  const next: SimScope = { id: scope.id, system: scope.system, ...input };
  server.scopes.set(scope.id, next);
  emitAsEvent(org, req, 'scopeUpdated', server, [asTargets.scope(next)]);
  return ok(scopeJson(next, req.baseUrl, server));
}

function deleteScope(org: Org, req: SimRequest, server: SimAuthServer, scope: SimScope): SimResponse {
  // Okta's own OIDC scopes belong to every server and cannot be removed.
  if (scope.system) return errors.validation([`system: System scope '${scope.name}' cannot be deleted`]);
  server.scopes.delete(scope.id);
  emitAsEvent(org, req, 'scopeDeleted', server, [asTargets.scope(scope)]);
  return { status: 204 };
}

function createClaim(org: Org, req: SimRequest, server: SimAuthServer): SimResponse {
  const input = validateClaim(server, req.body);
  if (Array.isArray(input)) return errors.validation(input);
  const claim: SimClaim = { id: org.seed.ids.next('ocl'), system: false, ...input };
  server.claims.set(claim.id, claim);
  emitAsEvent(org, req, 'claimCreated', server, [asTargets.claim(claim)]);
  return { status: 201, body: claimJson(claim, req.baseUrl, server) };
}

function replaceClaim(org: Org, req: SimRequest, server: SimAuthServer, claim: SimClaim): SimResponse {
  if (claim.system) return errors.validation([`system: System claim '${claim.name}' cannot be modified`]);
  const input = validateClaim(server, req.body, claim);
  if (Array.isArray(input)) return errors.validation(input);
  const next: SimClaim = { id: claim.id, system: false, ...input };
  server.claims.set(claim.id, next);
  emitAsEvent(org, req, 'claimUpdated', server, [asTargets.claim(next)]);
  return ok(claimJson(next, req.baseUrl, server));
}

function deleteClaim(org: Org, req: SimRequest, server: SimAuthServer, claim: SimClaim): SimResponse {
  if (claim.system) return errors.validation([`system: System claim '${claim.name}' cannot be deleted`]);
  server.claims.delete(claim.id);
  emitAsEvent(org, req, 'claimDeleted', server, [asTargets.claim(claim)]);
  return { status: 204 };
}

/** Custom token scopes and claims of authorization servers. */
export function authServerScopeRoutes(org: Org): RouteDef[] {
  const base = '/api/v1/authorizationServers/{authServerId}';
  const scope = (handle: (req: SimRequest, s: SimAuthServer, scope: SimScope) => SimResponse) =>
    withServer(org, (req, s) => {
      const found = s.scopes.get(req.params.scopeId!);
      return found ? handle(req, s, found) : scopeNotFound(req.params.scopeId!);
    });
  const claim = (handle: (req: SimRequest, s: SimAuthServer, claim: SimClaim) => SimResponse) =>
    withServer(org, (req, s) => {
      const found = s.claims.get(req.params.claimId!);
      return found ? handle(req, s, found) : claimNotFound(req.params.claimId!);
    });
  return [
    { method: 'GET', path: `${base}/scopes`, ...asRead, handler: withServer(org, (req, s) => listScopes(req, s)) },
    { method: 'POST', path: `${base}/scopes`, ...asManage, handler: withServer(org, (req, s) => createScope(org, req, s)) },
    { method: 'GET', path: `${base}/scopes/{scopeId}`, ...asRead, handler: scope((req, s, found) => ok(scopeJson(found, req.baseUrl, s))) },
    { method: 'PUT', path: `${base}/scopes/{scopeId}`, ...asManage, handler: scope((req, s, found) => replaceScope(org, req, s, found)) },
    { method: 'DELETE', path: `${base}/scopes/{scopeId}`, ...asManage, handler: scope((req, s, found) => deleteScope(org, req, s, found)) },
    { method: 'GET', path: `${base}/claims`, ...asRead, handler: withServer(org, (req, s) => ok([...s.claims.values()].map((c) => claimJson(c, req.baseUrl, s)))) },
    { method: 'POST', path: `${base}/claims`, ...asManage, handler: withServer(org, (req, s) => createClaim(org, req, s)) },
    { method: 'GET', path: `${base}/claims/{claimId}`, ...asRead, handler: claim((req, s, found) => ok(claimJson(found, req.baseUrl, s))) },
    { method: 'PUT', path: `${base}/claims/{claimId}`, ...asManage, handler: claim((req, s, found) => replaceClaim(org, req, s, found)) },
    { method: 'DELETE', path: `${base}/claims/{claimId}`, ...asManage, handler: claim((req, s, found) => deleteClaim(org, req, s, found)) },
  ];
}
