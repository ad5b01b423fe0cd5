/** Parent types of GraphQL types that are not plain Okta objects (codegen mappers). */
import type {
  OktaAppGroup,
  OktaApplication,
  OktaAppUser,
  OktaAuthorizationServer,
  OktaAuthServerPolicy,
  OktaGroup,
  OktaLogEvent,
  OktaUser,
} from '../okta/types.js';
import type { Connection, Edge } from './connection.js';

export type UserConnectionModel = Connection<OktaUser>;
export type UserEdgeModel = Edge<OktaUser>;
export type GroupConnectionModel = Connection<OktaGroup>;
export type GroupEdgeModel = Edge<OktaGroup>;
export type ApplicationConnectionModel = Connection<OktaApplication>;
export type ApplicationEdgeModel = Edge<OktaApplication>;
export type ApplicationUserConnectionModel = Connection<OktaAppUser>;
export type ApplicationUserEdgeModel = Edge<OktaAppUser>;
export type ApplicationGroupConnectionModel = Connection<OktaAppGroup>;
export type ApplicationGroupEdgeModel = Edge<OktaAppGroup>;
export type AuthorizationServerConnectionModel = Connection<OktaAuthorizationServer>;
export type AuthorizationServerEdgeModel = Edge<OktaAuthorizationServer>;
export type LogEventConnectionModel = Connection<OktaLogEvent>;
export type LogEventEdgeModel = Edge<OktaLogEvent>;

/** Parent of `AuthorizationServerPolicy`: the policy and the server it belongs to (its rules need both ids). */
export type AuthServerPolicyModel = OktaAuthServerPolicy & { authServerId: string };

/** Parent of `OktaConnection`: the caller's stored connection (if any) and its effective status. */
export interface OktaConnectionModel {
  status: 'NOT_CONNECTED' | 'CONNECTED' | 'NEEDS_REAUTH';
  grantedScopes: readonly string[];
  oktaUserId: string | null;
  connectedAt: number | null;
  accessTokenExpiresAt: number | null;
  lastRefreshedAt: number | null;
}
