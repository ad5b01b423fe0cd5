/** Parent types of GraphQL types that are not plain Okta objects (codegen mappers). */
import type { OktaUser } from '../okta/types.js';
import type { Connection, Edge } from './connection.js';

/** Parent of `UserConnection`. */
export type UserConnectionModel = Connection<OktaUser>;
/** Parent of `UserEdge`. */
export type UserEdgeModel = Edge<OktaUser>;
