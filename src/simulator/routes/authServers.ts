import { emitAsEvent } from '../authServers/events.js';
import { authServerJson } from '../authServers/json.js';
import { keyJson, keysOf, rotateKeys, type AuthServerKey } from '../authServers/keys.js';
import { encodeCursor, errors, isResponse, linkHeader, ok, readLimit, type SimRequest, type SimResponse } from '../http.js';
import type { Org } from '../org.js';
import type { RouteDef } from '../router.js';
import type { SimAuthServer } from '../store/authServers.js';
import { readPosition } from './apps.js';

/** Scopes that allow reading authorization servers (manage includes read). */
export const AS_READ = [['okta.authorizationServers.read'], ['okta.authorizationServers.manage']];
/** Scopes that allow changing authorization servers. */
export const AS_MANAGE = [['okta.authorizationServers.manage']];

/** Route guard of reads. */
export const asRead = { kind: 'management', scopes: AS_READ, permission: 'authorizationServers.read' } as const;
/** Route guard of writes. */
export const asManage = { kind: 'management', scopes: AS_MANAGE, permission: 'authorizationServers.manage' } as const;

type Handler<T> = (req: SimRequest) => T | Promise<T>;

/** Runs `handle` on the server of the `{authServerId}` path parameter, or answers Okta's 404. */
export function withServer(org: Org, handle: (req: SimRequest, server: SimAuthServer) => SimResponse | Promise<SimResponse>): Handler<SimResponse> {
  return (req) => {
    const server = org.authServers.get(req.params.authServerId!);
    return server ? handle(req, server) : errors.notFound(`${req.params.authServerId!} (AuthorizationServer)`);
  };
}

/** The server's keys; the ACTIVE one is first. */
function serverKeys(org: Org, server: SimAuthServer): Promise<AuthServerKey[]> {
  return keysOf(org, server.id, server.created);
}

async function serverJson(org: Org, server: SimAuthServer, baseUrl: string) {
  const [active] = await serverKeys(org, server);
  return authServerJson(server, baseUrl, active!);
}

/** `GET /api/v1/authorizationServers`: `q` is a prefix of the name or of an audience. */
async function listServers(org: Org, req: SimRequest): Promise<SimResponse> {
  const limit = readLimit(req.query, 200, 200);
  if (isResponse(limit)) return limit;
  const after = readPosition(req.query, 'as');
  if (isResponse(after)) return after;
  const q = req.query.get('q')?.toLowerCase();
  const matches = (s: SimAuthServer) => q === undefined || s.name.toLowerCase().startsWith(q) || s.audiences.some((a) => a.toLowerCase().startsWith(q));
  const page = org.authServers
    .all()
    .map((server, position) => ({ server, position }))
    .filter((e) => e.position > after && matches(e.server))
    .slice(0, limit);
  const body = await Promise.all(page.map((e) => serverJson(org, e.server, req.baseUrl)));
  const next = page.length === limit ? encodeCursor('as', page[page.length - 1]!.position) : undefined;
  return ok(body, { link: linkHeader(req, limit, next) });
}

function setStatus(org: Org, req: SimRequest, server: SimAuthServer, status: SimAuthServer['status']): SimResponse {
  // A no-op lifecycle call succeeds and records nothing, as in Okta.
  if (server.status !== status) {
    server.status = status;
    server.lastUpdated = org.nowIso();
    emitAsEvent(org, req, status === 'ACTIVE' ? 'serverActivated' : 'serverDeactivated', server);
  }
  return { status: 204 };
}

async function rotate(org: Org, req: SimRequest, server: SimAuthServer): Promise<SimResponse> {
  const body = req.body as { use?: unknown } | undefined;
  if (!body || typeof body !== 'object' || body.use !== 'sig') return errors.validation([`use: The key use must be 'sig'`]);
  const keys = await rotateKeys(org, server.id, org.nowIso());
  emitAsEvent(org, req, 'keyRollover', server);
  return ok(keys.map((k) => keyJson(k, req.baseUrl, server.id)));
}

/** Authorization servers: list, read, lifecycle and signing keys. */
export function authServerRoutes(org: Org): RouteDef[] {
  const base = '/api/v1/authorizationServers/{authServerId}';
  return [
    { method: 'GET', path: '/api/v1/authorizationServers', ...asRead, handler: (req) => listServers(org, req) },
    { method: 'GET', path: base, ...asRead, handler: withServer(org, async (req, s) => ok(await serverJson(org, s, req.baseUrl))) },
    { method: 'POST', path: `${base}/lifecycle/activate`, ...asManage, handler: withServer(org, (req, s) => setStatus(org, req, s, 'ACTIVE')) },
    { method: 'POST', path: `${base}/lifecycle/deactivate`, ...asManage, handler: withServer(org, (req, s) => setStatus(org, req, s, 'INACTIVE')) },
    {
      method: 'GET', path: `${base}/credentials/keys`, ...asRead,
      handler: withServer(org, async (req, s) => ok((await serverKeys(org, s)).map((k) => keyJson(k, req.baseUrl, s.id)))),
    },
    {
      method: 'GET', path: `${base}/credentials/keys/{keyId}`, ...asRead,
      handler: withServer(org, async (req, s) => {
        const key = (await serverKeys(org, s)).find((k) => k.kid === req.params.keyId);
        return key ? ok(keyJson(key, req.baseUrl, s.id)) : errors.notFound(`${req.params.keyId!} (JsonWebKey)`);
      }),
    },
    { method: 'POST', path: `${base}/credentials/lifecycle/keyRotate`, ...asManage, handler: withServer(org, (req, s) => rotate(org, req, s)) },
  ];
}
