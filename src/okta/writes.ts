import { oktaPath, type OktaRequest } from './client.js';

/**
 * Every Management API write the subgraph makes, built in one place. The client retries none of
 * them on a 5xx or a dropped connection (Okta may have executed the write); only a 429, which Okta
 * did not execute, or a connection refused before sending.
 */

const write = (method: 'POST' | 'PUT' | 'DELETE', route: string, path: string, body?: unknown, query?: OktaRequest['query']): OktaRequest => ({
  method,
  route,
  path,
  body,
  query,
});

/** The user lifecycle operations of `POST /api/v1/users/{id}/lifecycle/{op}`. */
export type UserLifecycleOp = 'activate' | 'reactivate' | 'deactivate' | 'suspend' | 'unsuspend' | 'unlock' | 'reset_password' | 'expire_password';

export const writes = {
  createUser: (body: unknown, activate: boolean) => write('POST', 'POST /api/v1/users', '/api/v1/users', body, { activate }),
  updateUser: (id: string, profile: Record<string, unknown>) => write('POST', 'POST /api/v1/users/{id}', oktaPath`/api/v1/users/${id}`, { profile }),
  userLifecycle: (id: string, op: UserLifecycleOp, sendEmail?: boolean) =>
    write('POST', `POST /api/v1/users/{id}/lifecycle/${op}`, oktaPath`/api/v1/users/${id}/lifecycle/${op}`, undefined, { sendEmail }),
  deleteUser: (id: string) => write('DELETE', 'DELETE /api/v1/users/{id}', oktaPath`/api/v1/users/${id}`),

  createGroup: (profile: Record<string, unknown>) => write('POST', 'POST /api/v1/groups', '/api/v1/groups', { profile }),
  replaceGroup: (id: string, profile: Record<string, unknown>) => write('PUT', 'PUT /api/v1/groups/{id}', oktaPath`/api/v1/groups/${id}`, { profile }),
  deleteGroup: (id: string) => write('DELETE', 'DELETE /api/v1/groups/{id}', oktaPath`/api/v1/groups/${id}`),
  addGroupMember: (groupId: string, userId: string) => write('PUT', 'PUT /api/v1/groups/{id}/users/{userId}', oktaPath`/api/v1/groups/${groupId}/users/${userId}`),
  removeGroupMember: (groupId: string, userId: string) => write('DELETE', 'DELETE /api/v1/groups/{id}/users/{userId}', oktaPath`/api/v1/groups/${groupId}/users/${userId}`),

  appLifecycle: (id: string, op: 'activate' | 'deactivate') => write('POST', `POST /api/v1/apps/{id}/lifecycle/${op}`, oktaPath`/api/v1/apps/${id}/lifecycle/${op}`),
  replaceApp: (id: string, app: unknown) => write('PUT', 'PUT /api/v1/apps/{id}', oktaPath`/api/v1/apps/${id}`, app),
  assignUserToApp: (appId: string, body: unknown) => write('POST', 'POST /api/v1/apps/{id}/users', oktaPath`/api/v1/apps/${appId}/users`, body),
  unassignUserFromApp: (appId: string, userId: string, sendEmail: boolean) =>
    write('DELETE', 'DELETE /api/v1/apps/{id}/users/{userId}', oktaPath`/api/v1/apps/${appId}/users/${userId}`, undefined, { sendEmail }),
  assignGroupToApp: (appId: string, groupId: string, body: unknown) =>
    write('PUT', 'PUT /api/v1/apps/{id}/groups/{groupId}', oktaPath`/api/v1/apps/${appId}/groups/${groupId}`, body),
  unassignGroupFromApp: (appId: string, groupId: string) => write('DELETE', 'DELETE /api/v1/apps/{id}/groups/{groupId}', oktaPath`/api/v1/apps/${appId}/groups/${groupId}`),

  authServerLifecycle: (id: string, op: 'activate' | 'deactivate') =>
    write('POST', `POST /api/v1/authorizationServers/{id}/lifecycle/${op}`, oktaPath`/api/v1/authorizationServers/${id}/lifecycle/${op}`),
  createScope: (serverId: string, body: unknown) => write('POST', 'POST /api/v1/authorizationServers/{id}/scopes', oktaPath`/api/v1/authorizationServers/${serverId}/scopes`, body),
  replaceScope: (serverId: string, scopeId: string, body: unknown) =>
    write('PUT', 'PUT /api/v1/authorizationServers/{id}/scopes/{scopeId}', oktaPath`/api/v1/authorizationServers/${serverId}/scopes/${scopeId}`, body),
  deleteScope: (serverId: string, scopeId: string) =>
    write('DELETE', 'DELETE /api/v1/authorizationServers/{id}/scopes/{scopeId}', oktaPath`/api/v1/authorizationServers/${serverId}/scopes/${scopeId}`),
  createClaim: (serverId: string, body: unknown) => write('POST', 'POST /api/v1/authorizationServers/{id}/claims', oktaPath`/api/v1/authorizationServers/${serverId}/claims`, body),
  replaceClaim: (serverId: string, claimId: string, body: unknown) =>
    write('PUT', 'PUT /api/v1/authorizationServers/{id}/claims/{claimId}', oktaPath`/api/v1/authorizationServers/${serverId}/claims/${claimId}`, body),
  deleteClaim: (serverId: string, claimId: string) =>
    write('DELETE', 'DELETE /api/v1/authorizationServers/{id}/claims/{claimId}', oktaPath`/api/v1/authorizationServers/${serverId}/claims/${claimId}`),
};
