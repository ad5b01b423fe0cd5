/** Parent types of GraphQL types that are not plain Okta objects (codegen mappers). */
import type { OktaUser } from '../okta/types.js';
import type { Connection, Edge } from './connection.js';

/** Parent of `UserConnection`. */
export type UserConnectionModel = Connection<OktaUser>;
/** Parent of `UserEdge`. */
export type UserEdgeModel = Edge<OktaUser>;

/** Parent of `OktaConnection`: the caller's stored connection (if any) and its effective status. */
export interface OktaConnectionModel {
  status: 'NOT_CONNECTED' | 'CONNECTED' | 'NEEDS_REAUTH';
  grantedScopes: readonly string[];
  oktaUserId: string | null;
  connectedAt: number | null;
  accessTokenExpiresAt: number | null;
  lastRefreshedAt: number | null;
}
