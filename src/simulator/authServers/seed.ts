import type { Org } from '../org.js';
import { IdFactory, Rng } from '../random.js';
import type { Json } from '../store/apps.js';
import type { SimAuthServer, SimClaim, SimPolicy, SimRule, SimScope } from '../store/authServers.js';

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();
const DAY = 86_400_000;

/** The OIDC scopes Okta creates on every custom authorization server (`system: true`). */
const SYSTEM_SCOPES: Array<[name: string, description: string, consent: SimScope['consent']]> = [
  ['openid', 'Signals that a request is an OpenID request.', 'IMPLICIT'],
  ['profile', "Allows this application to access your profile information.", 'IMPLICIT'],
  ['email', 'Allows this application to access your email address.', 'IMPLICIT'],
  ['address', 'Allows this application to access your address.', 'IMPLICIT'],
  ['phone', 'Allows this application to access your phone number.', 'IMPLICIT'],
  ['offline_access', 'Allows this application to access your information while you are signed out.', 'IMPLICIT'],
  ['device_sso', 'Allows this application to use single sign-on on your device.', 'IMPLICIT'],
];

interface Ctx {
  rng: Rng;
  ids: IdFactory;
}

function server(ctx: Ctx, id: string, name: string, description: string, audience: string, created: number): SimAuthServer {
  const scopes = new Map<string, SimScope>();
  for (const [scopeName, desc, consent] of SYSTEM_SCOPES) {
    const scope: SimScope = { id: ctx.ids.next('scp'), name: scopeName, description: desc, consent, default: false, metadataPublish: 'ALL_CLIENTS', optional: false, system: true };
    scopes.set(scope.id, scope);
  }
  return {
    id, name, description, audiences: [audience], issuerMode: 'ORG_URL', status: 'ACTIVE',
    created: iso(created), lastUpdated: iso(created + ctx.rng.int(1, 200) * DAY), rotationMode: 'AUTO',
    scopes, claims: new Map(), policies: [],
  };
}

function addScope(ctx: Ctx, s: SimAuthServer, name: string, description: string, extra: Partial<SimScope> = {}): void {
  const scope: SimScope = { id: ctx.ids.next('scp'), name, displayName: name, description, consent: 'IMPLICIT', default: false, metadataPublish: 'NO_CLIENTS', optional: false, system: false, ...extra };
  s.scopes.set(scope.id, scope);
}

function addClaim(ctx: Ctx, s: SimAuthServer, claim: Omit<SimClaim, 'id' | 'status' | 'system' | 'alwaysIncludeInToken'> & { alwaysIncludeInToken?: boolean }): void {
  const full: SimClaim = { id: ctx.ids.next('ocl'), status: 'ACTIVE', system: false, alwaysIncludeInToken: true, ...claim };
  s.claims.set(full.id, full);
}

function rule(ctx: Ctx, at: number, name: string, conditions: Json, token: Json, status: SimRule['status'] = 'ACTIVE'): SimRule {
  return {
    id: ctx.ids.next('0pr'), name, status, system: false, type: 'RESOURCE_ACCESS', conditions,
    actions: { token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080, ...token } },
    created: iso(at), lastUpdated: iso(at),
  };
}

const people = (groups: string[] = ['EVERYONE']) => ({ users: { include: [] }, groups: { include: groups } });

function policy(ctx: Ctx, at: number, name: string, description: string, clients: string[], rules: SimRule[], status: SimPolicy['status'] = 'ACTIVE'): SimPolicy {
  return { id: ctx.ids.next('00p'), name, description, status, system: false, conditions: { clients: { include: clients } }, created: iso(at), lastUpdated: iso(at), rules };
}

/**
 * Seeds two custom authorization servers: Okta's `default` (its id is literally `default`) and a
 * "Partner API" server with custom scopes, claims, two policies and their rules. Own random
 * streams keep them stable when other seed steps change.
 */
export function seedAuthServers(org: Org): void {
  const ctx: Ctx = { rng: new Rng(`authServers:${String(org.options.seed)}`), ids: new IdFactory(new Rng(`authServers-ids:${String(org.options.seed)}`)) };
  const start = Date.UTC(2021, 0, 1);

  const def = server(ctx, 'default', 'default', 'Default Authorization Server for your Applications', 'api://default', start);
  addClaim(ctx, def, { name: 'groups', claimType: 'IDENTITY', valueType: 'GROUPS', value: '.*', group_filter_type: 'REGEX', conditions: { scopes: ['openid'] }, alwaysIncludeInToken: false });
  const defRule = rule(ctx, start, 'Default Policy Rule', {
    people: people(),
    grantTypes: { include: ['authorization_code', 'password', 'implicit', 'client_credentials', 'urn:ietf:params:oauth:grant-type:device_code'] },
    scopes: { include: ['*'] },
  }, {});
  def.policies.push(policy(ctx, start, 'Default Policy', 'Default policy description', ['ALL_CLIENTS'], [defRule]));
  org.authServers.insert(def);

  const created = start + ctx.rng.int(100, 500) * DAY;
  const partner = server(ctx, ctx.ids.next('aus'), 'Partner API', 'Tokens for partner integrations of the orders and invoicing APIs', 'api://partners.example.com', created);
  addScope(ctx, partner, 'partners:read', 'Read partner account data', { default: true, metadataPublish: 'ALL_CLIENTS' });
  addScope(ctx, partner, 'orders:read', 'Read orders');
  addScope(ctx, partner, 'orders:write', 'Create and update orders', { consent: 'REQUIRED' });
  addScope(ctx, partner, 'invoices:read', 'Read invoices', { consent: 'FLEXIBLE', optional: true });
  addClaim(ctx, partner, { name: 'partner_tier', claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'user.userType', conditions: { scopes: ['partners:read'] } });
  addClaim(ctx, partner, { name: 'department', claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'user.department', conditions: { scopes: [] } });
  addClaim(ctx, partner, { name: 'partner_groups', claimType: 'IDENTITY', valueType: 'GROUPS', value: 'Sales', group_filter_type: 'STARTS_WITH', conditions: { scopes: ['openid'] }, alwaysIncludeInToken: true });
  const machine = rule(ctx, created, 'Machine-to-machine', { people: people(), grantTypes: { include: ['client_credentials'] }, scopes: { include: ['partners:read', 'orders:read', 'invoices:read'] } }, { accessTokenLifetimeMinutes: 30 });
  const interactive = rule(ctx, created, 'Interactive partners', {
    people: people(),
    grantTypes: { include: ['authorization_code'] },
    scopes: { include: ['openid', 'profile', 'email', 'offline_access', 'partners:read', 'orders:read', 'orders:write'] },
  }, { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 43200, refreshTokenWindowMinutes: 10080 });
  partner.policies.push(policy(ctx, created, 'Partner integrations', 'Access for partner systems and their users', ['ALL_CLIENTS'], [machine, interactive]));
  const legacy = rule(ctx, created, 'Legacy password grant', { people: people(), grantTypes: { include: ['password'] }, scopes: { include: ['orders:read'] } }, { accessTokenLifetimeMinutes: 15 }, 'INACTIVE');
  partner.policies.push(policy(ctx, created, 'Legacy access', 'Retired password-grant access, kept for audit', ['ALL_CLIENTS'], [legacy], 'INACTIVE'));
  org.authServers.insert(partner);
}
