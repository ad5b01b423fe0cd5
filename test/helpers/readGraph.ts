/**
 * Helpers of the read-graph suites: direct calls to the simulator (to set data up or read it the way
 * Okta returns it), expected GraphQL shapes computed from the simulator's stores, and small readers
 * of GraphQL answers. Nothing here uses the subgraph's own code: expectations stay independent of
 * the implementation under test.
 */
import type { SimApp } from '../../src/simulator/store/apps.js';
import type { SimGroup } from '../../src/simulator/store/groups.js';
import type { SimUser } from '../../src/simulator/store/users.js';
import type { GqlResult, Stack } from './stack.js';

/** Every read scope family the schema declares, as `OKTA_SCOPES` takes them. */
export const READ_SCOPES = {
  users: 'okta.users.read',
  groups: 'okta.groups.read',
  apps: 'okta.apps.read',
  authorizationServers: 'okta.authorizationServers.read',
  logs: 'okta.logs.read',
} as const;

/** The `requiredScopes` the schema declares per family (read or manage; logs: read only). */
export const REQUIRED = {
  users: [['okta.users.read'], ['okta.users.manage']],
  groups: [['okta.groups.read'], ['okta.groups.manage']],
  apps: [['okta.apps.read'], ['okta.apps.manage']],
  authorizationServers: [['okta.authorizationServers.read'], ['okta.authorizationServers.manage']],
  logs: [['okta.logs.read']],
} as const;

/** Sends one Management API call straight to the simulator with the org's API token. */
export async function okta(stack: Stack, method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(new URL(path, stack.sim.url), {
    method,
    headers: { authorization: `SSWS ${stack.sim.org.apiToken}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** Every item of a simulator list, following its `Link: rel="next"` headers. */
export async function oktaAll(stack: Stack, path: string): Promise<any[]> {
  const items: any[] = [];
  let next: string | undefined = path;
  for (let i = 0; next && i < 100; i++) {
    const res = await okta(stack, 'GET', next);
    if (res.status !== 200) throw new Error(`GET ${next}: ${res.status} ${JSON.stringify(res.body)}`);
    items.push(...(res.body as any[]));
    next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
  }
  return items;
}

/** Creates `count` OKTA_GROUPs through the simulator's API; returns their ids. */
export async function createGroups(stack: Stack, count: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, count - i) }, (_, j) => okta(stack, 'POST', '/api/v1/groups', { profile: { name: `${prefix} ${i + j}`, description: `Group ${i + j} of ${prefix}` } })),
    );
    for (const res of batch) {
      if (res.status !== 200) throw new Error(`creating a group: ${res.status} ${JSON.stringify(res.body)}`);
      ids.push(res.body.id);
    }
  }
  return ids;
}

/** The GraphQL `Group` (scalar fields and profile) the schema promises for a stored group. */
export function expectedGroup(g: SimGroup) {
  const { name, description, ...custom } = g.profile;
  return {
    id: g.id,
    type: g.type,
    objectClass: g.objectClass ?? ['okta:user_group'],
    created: g.created,
    lastUpdated: g.lastUpdated,
    lastMembershipUpdated: g.lastMembershipUpdated,
    profile: { name, description: description ?? null, customAttributes: custom },
  };
}

/** Selection matching {@link expectedGroup}. */
export const GROUP_FIELDS = 'id type objectClass created lastUpdated lastMembershipUpdated profile { name description customAttributes }';

/** The GraphQL `Application` scalar fields the schema promises for a stored app. */
export function expectedApp(a: SimApp) {
  const vis = a.visibility as any;
  const cred = a.credentials as any;
  return {
    id: a.id,
    name: a.name,
    label: a.label,
    status: a.status,
    signOnMode: a.signOnMode,
    created: a.created,
    lastUpdated: a.lastUpdated,
    features: a.features,
    visibility: {
      autoSubmitToolbar: vis.autoSubmitToolbar ?? null,
      hiddenOnWeb: vis.hide?.web ?? null,
      hiddenOnIos: vis.hide?.iOS ?? null,
      appLinks: vis.appLinks ?? null,
    },
    settings: a.settings,
    credentials: {
      scheme: cred.scheme ?? null,
      userNameTemplate: cred.userNameTemplate?.template ?? null,
      userNameTemplateType: cred.userNameTemplate?.type ?? null,
      signingKid: cred.signing?.kid ?? null,
      oauthClientId: cred.oauthClient?.client_id ?? null,
      tokenEndpointAuthMethod: cred.oauthClient?.token_endpoint_auth_method ?? null,
    },
  };
}

/** Selection matching {@link expectedApp}. */
export const APP_FIELDS = `id name label status signOnMode created lastUpdated features
  visibility { autoSubmitToolbar hiddenOnWeb hiddenOnIos appLinks } settings
  credentials { scheme userNameTemplate userNameTemplateType signingKid oauthClientId tokenEndpointAuthMethod }`;

/** A few scalar fields of a user, as the schema exposes them. */
export function expectedUserBrief(u: SimUser) {
  return { id: u.id, login: u.profile.login, status: u.status };
}

/** Selection matching {@link expectedUserBrief}. */
export const USER_BRIEF = 'id login status';

/** Errors of an answer by their dotted path (`groups.nodes.0.members`). */
export function errorsByPath(res: GqlResult): Map<string, NonNullable<GqlResult['errors']>[number]> {
  return new Map((res.errors ?? []).map((e) => [(e.path ?? []).join('.'), e]));
}

/** A page of a Relay connection, as the tests read it. */
export interface ConnectionPage {
  nodes: any[];
  edges: Array<{ cursor: string; node: any }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
}

/**
 * Follows a connection to its end; `page(after)` runs one query and returns the connection. Checks
 * on every page that edges and nodes agree and that `hasPreviousPage` is false.
 */
export async function pageToEnd(page: (after: string | null) => Promise<ConnectionPage>, maxPages = 50): Promise<{ items: any[]; pages: number }> {
  const items: any[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const conn = await page(after);
    pages++;
    if (conn.edges.length !== conn.nodes.length) throw new Error('edges and nodes differ in length');
    if (conn.pageInfo.hasPreviousPage !== false) throw new Error('hasPreviousPage must be false');
    items.push(...conn.nodes);
    if (!conn.pageInfo.hasNextPage) break;
    if (!conn.pageInfo.endCursor) throw new Error('hasNextPage without endCursor');
    after = conn.pageInfo.endCursor;
    if (pages >= maxPages) throw new Error(`still paging after ${maxPages} pages`);
  }
  return { items, pages };
}
