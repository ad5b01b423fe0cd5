import type { Org } from '../org.js';
import type { Json } from '../store/apps.js';
import type { LifecycleStatus, SimAuthServer } from '../store/authServers.js';
import { BLANK, isObject, oneOf } from './validateTokens.js';

/** Grant types an access-policy rule can name. */
const RULE_GRANTS = new Set([
  'authorization_code', 'client_credentials', 'implicit', 'password', 'interaction_code',
  'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'urn:ietf:params:oauth:grant-type:saml2-bearer',
  'urn:ietf:params:oauth:grant-type:token-exchange', 'urn:openid:params:grant-type:ciba', 'urn:okta:params:oauth:grant-type:otp', 'urn:okta:params:oauth:grant-type:oob',
]);

/** Token lifetime bounds of Okta's access policies, in minutes. */
const ACCESS_MIN = 5;
const ACCESS_MAX = 1440;
const WINDOW_MIN = 10;
const WINDOW_MAX = 2_628_000;

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

function priorityOf(causes: string[], body: Json): number | undefined {
  const p = body.priority;
  if (p === undefined || p === null) return undefined;
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 1) {
    causes.push('priority: The priority must be a positive integer');
    return undefined;
  }
  return p;
}

/** The writable fields of a policy. */
export interface PolicyInput {
  name: string;
  description: string;
  status: LifecycleStatus;
  priority?: number;
  conditions: Json;
}

/** Whether `clientId` is an OAuth client of the org (an OIDC app, or a client of the org authorization server). */
function isClient(org: Org, clientId: string): boolean {
  return org.apps.getByClientId(clientId) !== undefined || org.oauth.clients.has(clientId);
}

/** Validates an access policy: name, description and `conditions.clients.include` (`ALL_CLIENTS` or client ids). */
export function validatePolicy(org: Org, raw: unknown): PolicyInput | string[] {
  if (!isObject(raw)) return [`name: ${BLANK}`];
  const causes: string[] = [];
  const { name, description } = raw;
  if (typeof name !== 'string' || name.trim() === '') causes.push(`name: ${BLANK}`);
  else if (name.length > 100) causes.push('name: The field is too long');
  if (typeof description !== 'string' || description.trim() === '') causes.push(`description: ${BLANK}`);
  else if (description.length > 255) causes.push('description: The field is too long');
  if (raw.type !== undefined && raw.type !== 'OAUTH_AUTHORIZATION_POLICY') causes.push(`type: '${String(raw.type)}' is not OAUTH_AUTHORIZATION_POLICY`);
  const include = stringList(isObject(raw.conditions) && isObject(raw.conditions.clients) ? raw.conditions.clients.include : undefined);
  if (!include || include.length === 0) causes.push(`conditions.clients.include: ${BLANK}`);
  else for (const c of include) if (c !== 'ALL_CLIENTS' && !isClient(org, c)) causes.push(`conditions.clients.include: '${c}' is not a valid client id`);
  const input: PolicyInput = {
    name: String(name),
    description: String(description),
    status: oneOf(causes, raw, 'status', ['ACTIVE', 'INACTIVE'] as const, 'ACTIVE'),
    conditions: { clients: { include: include ?? [] } },
  };
  const priority = priorityOf(causes, raw);
  if (priority !== undefined) input.priority = priority;
  return causes.length > 0 ? causes : input;
}

/** The writable fields of a rule. */
export interface RuleInput {
  name: string;
  status: LifecycleStatus;
  priority?: number;
  conditions: Json;
  actions: Json;
}

function minutes(causes: string[], token: Json, key: string, fallback: number, check: (n: number) => string | undefined): number {
  const v = token[key];
  if (v === undefined || v === null) return fallback;
  const problem = typeof v !== 'number' || !Number.isInteger(v) ? 'must be a whole number of minutes' : check(v);
  if (problem) causes.push(`actions.token.${key}: ${problem}`);
  return typeof v === 'number' ? v : fallback;
}

/**
 * Validates a policy rule: name, type RESOURCE_ACCESS, grant types, scopes (`*` or scopes of the
 * server), people (users of the org, groups of the org or `EVERYONE`) and Okta's token lifetime
 * bounds (access 5 min to 1 day; refresh window 10 min to 5 years; refresh lifetime unlimited (0)
 * or at least the access lifetime).
 */
export function validateRule(org: Org, server: SimAuthServer, raw: unknown): RuleInput | string[] {
  if (!isObject(raw)) return [`name: ${BLANK}`];
  const causes: string[] = [];
  if (typeof raw.name !== 'string' || raw.name.trim() === '') causes.push(`name: ${BLANK}`);
  else if (raw.name.length > 100) causes.push('name: The field is too long');
  if (raw.type !== 'RESOURCE_ACCESS') causes.push(raw.type === undefined ? `type: ${BLANK}` : `type: '${String(raw.type)}' is not RESOURCE_ACCESS`);
  const conditions = isObject(raw.conditions) ? raw.conditions : undefined;
  if (!conditions) causes.push(`conditions: ${BLANK}`);
  const grants = stringList(isObject(conditions?.grantTypes) ? conditions.grantTypes.include : undefined);
  if (!grants || grants.length === 0) causes.push(`conditions.grantTypes.include: ${BLANK}`);
  else for (const g of grants) if (!RULE_GRANTS.has(g)) causes.push(`conditions.grantTypes.include: '${g}' is not a valid grant type`);
  const scopes = stringList(isObject(conditions?.scopes) ? conditions.scopes.include : undefined);
  const known = new Set([...server.scopes.values()].map((s) => s.name));
  if (!scopes || scopes.length === 0) causes.push(`conditions.scopes.include: ${BLANK}`);
  else for (const s of scopes) if (s !== '*' && !known.has(s)) causes.push(`conditions.scopes.include: The scope '${s}' does not exist`);
  const people = isObject(conditions?.people) ? conditions.people : { groups: { include: ['EVERYONE'] } };
  const users = stringList(isObject(people.users) ? people.users.include : []) ?? [];
  const groups = stringList(isObject(people.groups) ? people.groups.include : []) ?? [];
  for (const u of users) if (!org.users.get(u)) causes.push(`conditions.people.users.include: '${u}' is not a user of the org`);
  for (const g of groups) if (g !== 'EVERYONE' && !org.groups.get(g)) causes.push(`conditions.people.groups.include: '${g}' is not a group of the org`);
  if (users.length === 0 && groups.length === 0) causes.push(`conditions.people: ${BLANK}`);

  const token = isObject(raw.actions) && isObject(raw.actions.token) ? raw.actions.token : {};
  const access = minutes(causes, token, 'accessTokenLifetimeMinutes', 60, (n) => (n < ACCESS_MIN || n > ACCESS_MAX ? `must be between ${ACCESS_MIN} and ${ACCESS_MAX}` : undefined));
  const refresh = minutes(causes, token, 'refreshTokenLifetimeMinutes', 0, (n) => (n !== 0 && n < access ? 'must be 0 (unlimited) or at least the access token lifetime' : undefined));
  const window = minutes(causes, token, 'refreshTokenWindowMinutes', 10080, (n) => (n < WINDOW_MIN || n > WINDOW_MAX ? `must be between ${WINDOW_MIN} and ${WINDOW_MAX}` : undefined));
  const input: RuleInput = {
    name: String(raw.name),
    status: oneOf(causes, raw, 'status', ['ACTIVE', 'INACTIVE'] as const, 'ACTIVE'),
    conditions: {
      people: { users: { include: users }, groups: { include: groups } },
      grantTypes: { include: grants ?? [] },
      scopes: { include: scopes ?? [] },
    },
    actions: {
      token: {
        accessTokenLifetimeMinutes: access,
        refreshTokenLifetimeMinutes: refresh,
        refreshTokenWindowMinutes: window,
        ...(isObject(token.inlineHook) ? { inlineHook: token.inlineHook } : {}),
      },
    },
  };
  const priority = priorityOf(causes, raw);
  if (priority !== undefined) input.priority = priority;
  return causes.length > 0 ? causes : input;
}
