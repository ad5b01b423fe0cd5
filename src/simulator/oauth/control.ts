import { ok, type SimRequest, type SimResponse } from '../http.js';
import type { Org } from '../org.js';
import type { RouteDef } from '../router.js';
import { isKnownScope } from './scopes.js';
import type { OAuthClientRegistration, OAuthSettings, RegisteredClient, TokenFamily } from './state.js';
import { mintTokens } from './tokens.js';

function bad(message: string): SimResponse {
  return { status: 400, body: { error: 'invalid_config', message } };
}

const object = (body: unknown): Record<string, unknown> | undefined =>
  typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;

/** A client as the control plane shows it: never its secret. */
function clientView(c: RegisteredClient): Record<string, unknown> {
  return { clientId: c.clientId, name: c.name, redirectUris: [...c.redirectUris], allowedScopes: [...c.allowedScopes] };
}

const LIFETIMES = ['accessTokenLifetimeSeconds', 'idTokenLifetimeSeconds', 'codeLifetimeSeconds', 'refreshTokenIdleSeconds'] as const;

/** Applies a partial {@link OAuthSettings}; a bad field changes nothing and answers 400. */
function configure(org: Org, body: unknown): SimResponse {
  const b = object(body);
  if (!b) return bad('body must be a JSON object');
  const known = new Set<string>(['consent', 'defaultLogin', 'refreshTokenGraceSeconds', ...LIFETIMES]);
  const stray = Object.keys(b).find((k) => !known.has(k));
  if (stray) return bad(`unknown setting ${stray}`);
  if (b.consent !== undefined && b.consent !== 'grant' && b.consent !== 'deny') return bad('consent must be "grant" or "deny"');
  if (b.defaultLogin !== undefined && (typeof b.defaultLogin !== 'string' || !org.users.get(b.defaultLogin))) return bad('defaultLogin must be the login of an existing user');
  for (const key of LIFETIMES) {
    if (b[key] !== undefined && !(Number.isInteger(b[key]) && (b[key] as number) >= 1)) return bad(`${key} must be a whole number of seconds, at least 1`);
  }
  const grace = b.refreshTokenGraceSeconds;
  // Okta accepts 0 to 60 s; fractions are allowed here so that tests can wait less.
  if (grace !== undefined && !(typeof grace === 'number' && grace >= 0 && grace <= 60)) return bad('refreshTokenGraceSeconds must be between 0 and 60');
  org.oauth.settings = { ...org.oauth.settings, ...(b as Partial<OAuthSettings>) };
  return ok(org.oauth.settings);
}

/** Registers or replaces a client from an {@link OAuthClientRegistration} body. */
function registerClient(org: Org, body: unknown): SimResponse {
  const b = object(body);
  if (!b) return bad('body must be a JSON object');
  if (typeof b.clientId !== 'string' || b.clientId === '') return bad('clientId must be a non-empty string');
  if (typeof b.clientSecret !== 'string' || b.clientSecret === '') return bad('clientSecret must be a non-empty string');
  if (!Array.isArray(b.redirectUris) || b.redirectUris.length === 0) return bad('redirectUris must be a non-empty list');
  for (const uri of b.redirectUris) {
    if (typeof uri !== 'string' || !URL.canParse(uri) || uri.includes('#')) return bad(`redirect URI ${String(uri)} must be an absolute URI without a fragment`);
  }
  if (b.allowedScopes !== undefined && (!Array.isArray(b.allowedScopes) || b.allowedScopes.some((s) => typeof s !== 'string' || !isKnownScope(s)))) {
    return bad('allowedScopes must list scopes the org authorization server knows');
  }
  if (b.name !== undefined && typeof b.name !== 'string') return bad('name must be a string');
  const existed = org.oauth.clients.has(b.clientId);
  const client = org.oauth.register(b as unknown as OAuthClientRegistration);
  return { status: existed ? 200 : 201, body: clientView(client) };
}

/** The families matching `{clientId?, login?}` (a login or user id). */
function familiesOf(org: Org, body: unknown): TokenFamily[] | SimResponse {
  const b = object(body ?? {});
  if (!b) return bad('body must be a JSON object');
  let userId: string | undefined;
  if (b.login !== undefined) {
    userId = typeof b.login === 'string' ? org.users.get(b.login)?.id : undefined;
    if (!userId) return bad('login must name an existing user');
  }
  const clientId = typeof b.clientId === 'string' ? b.clientId : undefined;
  return [...org.oauth.families.values()].filter((f) => !f.revoked && (!clientId || f.clientId === clientId) && (!userId || f.userId === userId));
}

/** Mints tokens for a user without the browser flow (for tests of other endpoints' scope checks). */
function mint(org: Org, req: SimRequest): SimResponse {
  const b = object(req.body ?? {});
  if (!b) return bad('body must be a JSON object');
  const client = typeof b.clientId === 'string' ? org.oauth.clients.get(b.clientId) : [...org.oauth.clients.values()][0];
  if (!client) return bad('clientId must name a registered client');
  const user = org.users.get(typeof b.login === 'string' ? b.login : org.oauth.settings.defaultLogin);
  if (!user) return bad('login must name an existing user');
  if (!Array.isArray(b.scopes) || b.scopes.some((s) => typeof s !== 'string' || !isKnownScope(s))) return bad('scopes must list known scopes');
  const scopes = (b.scopes as string[]).filter((s) => client.allowedScopes.has(s));
  const now = Date.now();
  const family = org.oauth.newFamily({
    clientId: client.clientId, redirectUri: '', codeChallenge: '', scopes, userId: user.id, authTime: Math.floor(now / 1000), expiresAt: now, used: true,
  });
  return ok(mintTokens(org, req, family, { grantType: 'authorization_code', scopes, refresh: scopes.includes('offline_access') }));
}

/**
 * `/__simulator/oauth/*`: the org authorization server's test control plane (simulator only).
 * Settings and counters go back to their start values on `POST /__simulator/reset`; clients and
 * tokens are data, rebuilt only by a reset with `{"data": true}`.
 */
export function oauthControlRoutes(org: Org): RouteDef[] {
  const route = (method: RouteDef['method'], path: string, handler: RouteDef['handler']): RouteDef => ({ method, path, kind: 'control', handler });
  return [
    route('GET', '/__simulator/oauth', () =>
      ok({ settings: org.oauth.settings, stats: org.oauth.counters.snapshot(), clients: [...org.oauth.clients.values()].map(clientView) }),
    ),
    route('GET', '/__simulator/oauth/config', () => ok(org.oauth.settings)),
    route('POST', '/__simulator/oauth/config', (req) => configure(org, req.body)),
    route('GET', '/__simulator/oauth/clients', () => ok([...org.oauth.clients.values()].map(clientView))),
    route('POST', '/__simulator/oauth/clients', (req) => registerClient(org, req.body)),
    route('DELETE', '/__simulator/oauth/clients/{clientId}', (req) =>
      org.oauth.clients.delete(req.params.clientId!) ? { status: 204 } : { status: 404, body: { error: 'not_found', message: 'no such client' } },
    ),
    route('GET', '/__simulator/oauth/stats', (req) => ok(org.oauth.counters.snapshot(req.query.get('clientId') ?? undefined))),
    route('POST', '/__simulator/oauth/expire', (req) => {
      const families = familiesOf(org, req.body);
      if (!Array.isArray(families)) return families;
      const set = new Set(families);
      let expired = 0;
      const now = Date.now();
      for (const rec of org.oauth.accessTokens.values()) {
        if (set.has(rec.family) && !rec.revoked && rec.expiresAt > now) {
          rec.expiresAt = now;
          expired++;
        }
      }
      return ok({ expired });
    }),
    route('POST', '/__simulator/oauth/revoke', (req) => {
      const families = familiesOf(org, req.body);
      if (!Array.isArray(families)) return families;
      for (const f of families) org.oauth.revokeFamily(f);
      return ok({ revokedFamilies: families.length });
    }),
    route('POST', '/__simulator/oauth/mint', (req) => mint(org, req)),
  ];
}
