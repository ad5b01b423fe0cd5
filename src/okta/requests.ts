import { oktaPath, type OktaClient, type OktaRequest } from './client.js';
import { OktaApiError } from './errors.js';

/**
 * Every Management API request the subgraph reads with, built in one place: resolvers never build a
 * URL. Route templates double as rate-limit bucket names and appear in logs and errors.
 */

/** Okta's largest page per endpoint (our connections never ask for more). */
export const MAX_LIMIT = {
  users: 200,
  groups: 200,
  groupMembers: 200,
  groupApps: 200,
  apps: 200,
  appUsers: 200,
  appGroups: 200,
  authorizationServers: 200,
  authServerScopes: 200,
  logs: 1000,
} as const;

const get = (route: string, path: string, query?: OktaRequest['query']): OktaRequest => ({ method: 'GET', route, path, query });

export const requests = {
  user: (idOrLogin: string) => get('GET /api/v1/users/{id}', oktaPath`/api/v1/users/${idOrLogin}`),
  group: (id: string) => get('GET /api/v1/groups/{id}', oktaPath`/api/v1/groups/${id}`),
  groups: (p: { limit: number; search?: string; filter?: string; q?: string }) =>
    get('GET /api/v1/groups', '/api/v1/groups', { limit: p.limit, search: p.search, filter: p.filter, q: p.q }),
  groupMembers: (groupId: string, limit: number) => get('GET /api/v1/groups/{id}/users', oktaPath`/api/v1/groups/${groupId}/users`, { limit }),
  groupApps: (groupId: string, limit: number) => get('GET /api/v1/groups/{id}/apps', oktaPath`/api/v1/groups/${groupId}/apps`, { limit }),
  userGroups: (userId: string) => get('GET /api/v1/users/{id}/groups', oktaPath`/api/v1/users/${userId}/groups`),
  userAppLinks: (userId: string) => get('GET /api/v1/users/{id}/appLinks', oktaPath`/api/v1/users/${userId}/appLinks`),

  app: (id: string) => get('GET /api/v1/apps/{id}', oktaPath`/api/v1/apps/${id}`),
  apps: (p: { limit: number; filter?: string; q?: string }) => get('GET /api/v1/apps', '/api/v1/apps', { limit: p.limit, filter: p.filter, q: p.q }),
  // `expand` embeds the user (group) in each assignment: no extra call per assignment.
  appUsers: (appId: string, limit: number) => get('GET /api/v1/apps/{id}/users', oktaPath`/api/v1/apps/${appId}/users`, { limit, expand: 'user' }),
  appGroups: (appId: string, limit: number) => get('GET /api/v1/apps/{id}/groups', oktaPath`/api/v1/apps/${appId}/groups`, { limit, expand: 'group' }),

  authorizationServer: (id: string) => get('GET /api/v1/authorizationServers/{id}', oktaPath`/api/v1/authorizationServers/${id}`),
  authorizationServers: (p: { limit: number; q?: string }) => get('GET /api/v1/authorizationServers', '/api/v1/authorizationServers', { limit: p.limit, q: p.q }),
  authServerScopes: (id: string) => get('GET /api/v1/authorizationServers/{id}/scopes', oktaPath`/api/v1/authorizationServers/${id}/scopes`, { limit: MAX_LIMIT.authServerScopes }),
  authServerClaims: (id: string) => get('GET /api/v1/authorizationServers/{id}/claims', oktaPath`/api/v1/authorizationServers/${id}/claims`),
  authServerPolicies: (id: string) => get('GET /api/v1/authorizationServers/{id}/policies', oktaPath`/api/v1/authorizationServers/${id}/policies`),
  authServerPolicyRules: (id: string, policyId: string) =>
    get('GET /api/v1/authorizationServers/{id}/policies/{policyId}/rules', oktaPath`/api/v1/authorizationServers/${id}/policies/${policyId}/rules`),
  authServerScope: (id: string, scopeId: string) =>
    get('GET /api/v1/authorizationServers/{id}/scopes/{scopeId}', oktaPath`/api/v1/authorizationServers/${id}/scopes/${scopeId}`),
  authServerClaim: (id: string, claimId: string) =>
    get('GET /api/v1/authorizationServers/{id}/claims/{claimId}', oktaPath`/api/v1/authorizationServers/${id}/claims/${claimId}`),
  authServerKeys: (id: string) => get('GET /api/v1/authorizationServers/{id}/credentials/keys', oktaPath`/api/v1/authorizationServers/${id}/credentials/keys`),

  logs: (p: { limit: number; since?: string; until?: string; filter?: string; q?: string; sortOrder?: 'ASCENDING' | 'DESCENDING' }) =>
    get('GET /api/v1/logs', '/api/v1/logs', { limit: p.limit, since: p.since, until: p.until, filter: p.filter, q: p.q, sortOrder: p.sortOrder }),
};

/** Runs a by-id GET; null when Okta answers 404. */
export async function getOrNull<T>(client: OktaClient, req: OktaRequest): Promise<T | null> {
  try {
    return (await client.request<T>(req)).data;
  } catch (err) {
    if (err instanceof OktaApiError && err.status === 404) return null;
    throw err;
  }
}

/**
 * Every item of a list, following `Link rel="next"`, for the lists Okta does not page by request
 * (a user's groups, app links, claims, policies, keys), bounded so that a runaway list cannot hold a
 * request forever.
 */
export async function readAll<T>(client: OktaClient, req: OktaRequest, maxPages = 20): Promise<T[]> {
  let page = await client.page<T>(req);
  const items = [...page.items];
  for (let i = 1; page.next && i < maxPages; i++) {
    page = await client.page<T>({ route: req.route, link: page.next });
    items.push(...page.items);
  }
  return items;
}
