import type { Json } from '../store/apps.js';
import type { SimAuthServer, SimClaim, SimScope } from '../store/authServers.js';

/** The Okta validation-error wording the simulator uses for a missing field. */
export const BLANK = 'The field cannot be left blank';

/** Whether `v` is a JSON object. */
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads an optional member that must be one of `values`; pushes a cause otherwise. */
export function oneOf<T extends string>(causes: string[], body: Json, key: string, values: readonly T[], fallback: T): T {
  const v = body[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    causes.push(`${key}: '${String(v)}' is not one of ${values.join(', ')}`);
    return fallback;
  }
  return v as T;
}

/** Reads an optional boolean member; pushes a cause when it is not one. */
export function bool(causes: string[], body: Json, key: string, fallback: boolean): boolean {
  const v = body[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') causes.push(`${key}: must be true or false`);
  return typeof v === 'boolean' ? v : fallback;
}

/** Reads an optional string member of at most `max` characters. */
function optionalString(causes: string[], body: Json, key: string, max: number): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') causes.push(`${key}: must be a string`);
  else if (v.length > max) causes.push(`${key}: The field is too long`);
  return typeof v === 'string' ? v : undefined;
}

/** The writable fields of a scope. */
export type ScopeInput = Omit<SimScope, 'id' | 'system'>;

/**
 * Validates a scope for create (`current` undefined) or replace. Okta refuses blank names,
 * whitespace and quotes in names, the reserved `okta.` prefix, a name another scope of the server
 * has, and renaming a system scope.
 */
export function validateScope(server: SimAuthServer, raw: unknown, current?: SimScope): ScopeInput | string[] {
  if (!isObject(raw)) return [`name: ${BLANK}`];
  const causes: string[] = [];
  const name = raw.name;
  if (typeof name !== 'string' || name.trim() === '') causes.push(`name: ${BLANK}`);
  else if (current?.system && name !== current.name) causes.push(`name: The name of a system scope cannot be changed`);
  else if (/[\s"\\]/.test(name)) causes.push(`name: Scope names cannot contain whitespace, quotes or backslashes`);
  else if (name.toLowerCase().startsWith('okta.') && !current?.system) causes.push(`name: Scope names starting with 'okta.' are reserved`);
  else if ([...server.scopes.values()].some((s) => s.name === name && s.id !== current?.id)) causes.push(`name: A scope with the name '${name}' already exists`);
  const input: ScopeInput = {
    name: String(name),
    consent: oneOf(causes, raw, 'consent', ['FLEXIBLE', 'IMPLICIT', 'REQUIRED'] as const, 'IMPLICIT'),
    metadataPublish: oneOf(causes, raw, 'metadataPublish', ['ALL_CLIENTS', 'NO_CLIENTS'] as const, 'NO_CLIENTS'),
    default: bool(causes, raw, 'default', false),
    optional: bool(causes, raw, 'optional', false),
  };
  const displayName = optionalString(causes, raw, 'displayName', 255);
  const description = optionalString(causes, raw, 'description', 1000);
  if (displayName !== undefined) input.displayName = displayName;
  if (description !== undefined) input.description = description;
  return causes.length > 0 ? causes : input;
}

/** Claim names Okta keeps for itself in access and ID tokens. */
const RESERVED_CLAIMS = new Set([
  'acr', 'amr', 'at_hash', 'aud', 'auth_time', 'azp', 'c_hash', 'cid', 'exp', 'iat', 'idp', 'iss', 'jti', 'nbf', 'nonce', 'scp', 'sid', 'sub', 'uid', 'ver',
]);

/** The writable fields of a claim. */
export type ClaimInput = Omit<SimClaim, 'id' | 'system'>;

/**
 * Validates a claim for create or replace: name, claim type and value type are required, GROUPS
 * claims need a filter type, reserved names are refused, `conditions.scopes` must name scopes of
 * the server, and a server has one claim per name and claim type.
 */
export function validateClaim(server: SimAuthServer, raw: unknown, current?: SimClaim): ClaimInput | string[] {
  if (!isObject(raw)) return [`name: ${BLANK}`];
  const causes: string[] = [];
  const name = raw.name;
  if (typeof name !== 'string' || name.trim() === '') causes.push(`name: ${BLANK}`);
  else if (RESERVED_CLAIMS.has(name)) causes.push(`name: '${name}' is a reserved claim name`);
  if (raw.claimType === undefined || raw.claimType === null) causes.push(`claimType: ${BLANK}`);
  const claimType = oneOf(causes, raw, 'claimType', ['IDENTITY', 'RESOURCE'] as const, 'RESOURCE');
  if (raw.valueType === undefined || raw.valueType === null) causes.push(`valueType: ${BLANK}`);
  const valueType = oneOf(causes, raw, 'valueType', ['EXPRESSION', 'GROUPS'] as const, 'EXPRESSION');
  const value = raw.value;
  if (typeof value !== 'string' || value.trim() === '') causes.push(`value: ${BLANK}`);
  let groupFilter: ClaimInput['group_filter_type'];
  if (valueType === 'GROUPS') {
    if (raw.group_filter_type === undefined || raw.group_filter_type === null) causes.push(`group_filter_type: ${BLANK}`);
    groupFilter = oneOf(causes, raw, 'group_filter_type', ['CONTAINS', 'EQUALS', 'REGEX', 'STARTS_WITH'] as const, 'STARTS_WITH');
  }
  const scopes: string[] = [];
  const conditions = raw.conditions;
  if (conditions !== undefined && conditions !== null) {
    const list = isObject(conditions) ? conditions.scopes : undefined;
    if (list !== undefined && (!Array.isArray(list) || list.some((s) => typeof s !== 'string'))) causes.push('conditions.scopes: must be a list of scope names');
    else {
      const known = new Set([...server.scopes.values()].map((s) => s.name));
      for (const s of (list ?? []) as string[]) {
        if (!known.has(s)) causes.push(`conditions.scopes: The scope '${s}' does not exist`);
        else scopes.push(s);
      }
    }
  }
  if (typeof name === 'string' && [...server.claims.values()].some((c) => c.name === name && c.claimType === claimType && c.id !== current?.id)) {
    causes.push(`name: A claim named '${name}' already exists for this claim type`);
  }
  const input: ClaimInput = {
    name: String(name),
    status: oneOf(causes, raw, 'status', ['ACTIVE', 'INACTIVE'] as const, 'ACTIVE'),
    claimType,
    valueType,
    value: String(value),
    // Access-token claims are always included; Okta ignores the flag for them.
    alwaysIncludeInToken: claimType === 'RESOURCE' ? true : bool(causes, raw, 'alwaysIncludeInToken', true),
    conditions: { scopes },
    ...(groupFilter ? { group_filter_type: groupFilter } : {}),
  };
  return causes.length > 0 ? causes : input;
}
