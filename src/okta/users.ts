import type { OktaRequest } from './client.js';

/** Route templates of the Users API (rate-limit buckets, logs, stats). */
export const USER_ROUTES = {
  list: 'GET /api/v1/users',
  get: 'GET /api/v1/users/{id}',
} as const;

/** Okta's largest page for `GET /api/v1/users`. */
export const USERS_MAX_LIMIT = 200;

/** Parameters of `GET /api/v1/users`; at most one of `filter`, `search`, `q`. */
export interface ListUsersParams {
  limit: number;
  filter?: string;
  search?: string;
  q?: string;
}

/** The first-page request of `GET /api/v1/users`. */
export function listUsersRequest(params: ListUsersParams): OktaRequest {
  return {
    method: 'GET',
    route: USER_ROUTES.list,
    path: '/api/v1/users',
    query: { limit: params.limit, filter: params.filter, search: params.search, q: params.q },
  };
}
