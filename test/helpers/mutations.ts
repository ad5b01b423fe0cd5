/**
 * Helpers of the mutation suites (issue 6). Set-up goes straight to the simulator (its Management API
 * with the org's API token, or its in-process store for what no API reaches, such as a locked-out
 * user); expectations are computed from the simulator, never from the subgraph's own code.
 */
import { expect } from '@jest/globals';
import type { SimGroup } from '../../src/simulator/store/groups.js';
import type { SimUser, SimUserStatus } from '../../src/simulator/store/users.js';
import type { GqlResult, Stack } from './stack.js';

/** A password that satisfies the simulated org's default policy and contains no part of our logins. */
export const PASSWORD = 'Tr0ub4dor&3Horse';

let counter = 0;

/** A name no other test of the run uses. */
export function uniq(prefix: string): string {
  counter++;
  return `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}${counter}`;
}

/** A fresh login (an email address; its parts are random, so they never clash with {@link PASSWORD}). */
export function newLogin(): string {
  counter++;
  return `qa.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}.n${counter}@example.com`;
}

/** One Management API call straight to the simulator, with the org's API token. */
export async function okta(stack: Stack, method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(new URL(path, stack.sim.url), {
    method,
    headers: { authorization: `SSWS ${stack.sim.org.apiToken}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

async function must(stack: Stack, method: string, path: string, body?: unknown): Promise<any> {
  const res = await okta(stack, method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Options of {@link simUser}. */
export interface SimUserOptions {
  /** Give the user a password (default: every status but PROVISIONED). */
  password?: boolean;
  profile?: Record<string, unknown>;
  groupIds?: string[];
}

/**
 * Creates a user through the simulator's API and drives it into `status` the way an admin would;
 * LOCKED_OUT (reached only by failed sign-ins) is set in the store. Returns the stored user.
 */
export async function simUser(stack: Stack, status: SimUserStatus = 'ACTIVE', options: SimUserOptions = {}): Promise<SimUser> {
  const login = newLogin();
  const withPassword = options.password ?? status !== 'PROVISIONED';
  const body = {
    profile: { login, email: login, firstName: 'Quinn', lastName: 'Tester', ...options.profile },
    ...(withPassword ? { credentials: { password: { value: PASSWORD } } } : {}),
    ...(options.groupIds ? { groupIds: options.groupIds } : {}),
  };
  const created = await must(stack, 'POST', `/api/v1/users?activate=${status !== 'STAGED'}`, body);
  const id: string = created.id;
  const op: Partial<Record<SimUserStatus, string>> = {
    SUSPENDED: 'suspend',
    DEPROVISIONED: 'deactivate',
    RECOVERY: 'reset_password?sendEmail=true',
    PASSWORD_EXPIRED: 'expire_password',
  };
  if (op[status]) await must(stack, 'POST', `/api/v1/users/${id}/lifecycle/${op[status]}`);
  if (status === 'LOCKED_OUT') {
    stack.sim.org.users.update(id, (u) => {
      u.status = 'LOCKED_OUT';
      u.statusChanged = new Date().toISOString();
    });
  }
  const user = stack.sim.org.users.get(id)!;
  if (user.status !== status) throw new Error(`wanted a ${status} user, got ${user.status}`);
  return user;
}

/** Creates an OKTA_GROUP through the simulator's API; returns the stored group. */
export async function simGroup(stack: Stack, profile: Record<string, unknown> = {}): Promise<SimGroup> {
  const created = await must(stack, 'POST', '/api/v1/groups', { profile: { name: uniq('QA group'), description: 'made by a mutation test', ...profile } });
  return stack.sim.org.groups.get(created.id)!;
}

/** Adds a user to a group through the simulator's API. */
export async function simAddMember(stack: Stack, groupId: string, userId: string): Promise<void> {
  await must(stack, 'PUT', `/api/v1/groups/${groupId}/users/${userId}`);
}

/** Reads an object the way Okta returns it now (by-id endpoint), without `_links`. */
export async function oktaNow(stack: Stack, path: string): Promise<any> {
  const res = await okta(stack, 'GET', path);
  if (res.status === 404) return null;
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
  const { _links: _l, _embedded: _e, ...rest } = res.body;
  return rest;
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return [...value.entries()];
  if (value instanceof Set) return [...value];
  return value;
}

/**
 * Everything a mutation could change in the simulated org, as one string: users, groups with their
 * members, apps with their user and group assignments, authorization servers with their scopes and
 * claims, and the number of System Log events.
 */
export function snapshot(stack: Stack): string {
  const org = stack.sim.org;
  const users = [...org.users.all()];
  const groups = [...org.groups.all()].map((g) => ({ ...g, members: g.type === 'BUILT_IN' ? null : org.groups.members(g.id) }));
  const apps = [...org.apps.all()].map((a) => ({ ...a, users: [...org.apps.userRecordsOf(a.id)], groups: [...org.apps.groupAssignments(a.id)] }));
  const servers = org.authServers.all();
  return JSON.stringify({ users, groups, apps, servers, logs: org.logs.events.length }, replacer);
}

/** Asserts that the org is exactly as in `before` (a {@link snapshot}). */
export function expectUnchanged(stack: Stack, before: string): void {
  const after = snapshot(stack);
  if (after !== before) {
    // Show the first difference rather than two huge strings.
    let i = 0;
    while (i < after.length && after[i] === before[i]) i++;
    expect({ at: i, after: after.slice(Math.max(0, i - 200), i + 200) }).toEqual({ at: i, after: before.slice(Math.max(0, i - 200), i + 200) });
  }
}

/** The JSON log lines written since index `from`, parsed. */
export function logsSince(stack: Stack, from: number): any[] {
  return stack.logs.slice(from).map((line) => {
    try {
      return JSON.parse(line);
    } catch {
      return { raw: line };
    }
  });
}

/** The audit records (`audit` of the `mutation` lines) written since `from`, optionally of one mutation. */
export function auditsSince(stack: Stack, from: number, mutation?: string): any[] {
  return logsSince(stack, from)
    .filter((l) => l.audit && l.msg === 'mutation')
    .map((l) => l.audit)
    .filter((a) => mutation === undefined || a.mutation === mutation);
}

/** System Log events about `targetId`, read back through the subgraph's `logEvents` query. */
export async function logEventsAbout(stack: Stack, targetId: string, eventTypes?: string[], headers?: Record<string, string>): Promise<any[]> {
  const res: GqlResult = await stack.gql(
    `query($f: LogEventFilter) { logEvents(first: 200, filter: $f) { nodes { uuid eventType displayMessage outcome { result } targets { id type } transaction { id } } } }`,
    { f: { targetIds: [targetId], ...(eventTypes ? { eventTypes } : {}) } },
    headers,
  );
  if (res.errors) throw new Error(`logEvents: ${JSON.stringify(res.errors)}`);
  return res.data!.logEvents.nodes;
}

/** Selection of the user fields {@link expectedUser} fills in. */
export const USER_FIELDS = `id login status created activated statusChanged lastLogin lastUpdated passwordChanged type { id }
  profile { login email secondEmail firstName lastName title department mobilePhone customAttributes }`;

const BASE_SHOWN = ['login', 'email', 'secondEmail', 'firstName', 'lastName', 'title', 'department', 'mobilePhone'];
/** Okta's base profile attributes (every `UserProfile` field but `customAttributes`). */
export const BASE_ATTRIBUTES = new Set([
  'login', 'email', 'secondEmail', 'firstName', 'lastName', 'middleName', 'honorificPrefix', 'honorificSuffix',
  'title', 'displayName', 'nickName', 'profileUrl', 'primaryPhone', 'mobilePhone', 'streetAddress', 'city',
  'state', 'zipCode', 'countryCode', 'postalAddress', 'preferredLanguage', 'locale', 'timezone', 'userType',
  'employeeNumber', 'costCenter', 'organization', 'division', 'department', 'managerId', 'manager',
]);

/** The GraphQL `User` ({@link USER_FIELDS}) the schema promises for a stored user. */
export function expectedUser(u: SimUser) {
  const custom = Object.fromEntries(Object.entries(u.profile).filter(([k, v]) => !BASE_ATTRIBUTES.has(k) && v !== undefined));
  return {
    id: u.id,
    login: u.profile.login,
    status: u.status,
    created: u.created,
    activated: u.activated,
    statusChanged: u.statusChanged,
    lastLogin: u.lastLogin,
    lastUpdated: u.lastUpdated,
    passwordChanged: u.passwordChanged,
    type: { id: u.typeId },
    profile: { ...Object.fromEntries(BASE_SHOWN.map((k) => [k, u.profile[k] ?? null])), customAttributes: custom },
  };
}

/** Selection of the group fields {@link expectedGroup} fills in. */
export const GROUP_FIELDS = 'id type created lastUpdated lastMembershipUpdated profile { name description customAttributes }';

/** The GraphQL `Group` ({@link GROUP_FIELDS}) for a stored group. */
export function expectedGroup(g: SimGroup) {
  const { name, description, ...custom } = g.profile;
  return {
    id: g.id,
    type: g.type,
    created: g.created,
    lastUpdated: g.lastUpdated,
    lastMembershipUpdated: g.lastMembershipUpdated,
    profile: { name, description: description ?? null, customAttributes: custom },
  };
}

/** The one `userErrors` entry of a payload, asserting there is exactly one. */
export function onlyError(payload: any): { code: string; field: string[] | null; message: string } {
  expect(payload?.userErrors).toHaveLength(1);
  return payload.userErrors[0];
}

/** Asserts an answer has no top-level errors and returns its data. */
export function ok(res: GqlResult): any {
  expect(res.errors).toBeUndefined();
  return res.data;
}
