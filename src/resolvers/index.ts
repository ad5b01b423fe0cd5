import { DateTimeISOResolver, JSONObjectResolver } from 'graphql-scalars';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import {
  Application,
  ApplicationCredentials,
  ApplicationGroupAssignment,
  ApplicationUserAssignment,
  ApplicationVisibility,
} from './Application.js';
import { AuthorizationServer, AuthorizationServerClaim, AuthorizationServerPolicy, AuthorizationServerPolicyRule } from './AuthorizationServer.js';
import { Group, GroupProfile } from './Group.js';
import { LogActor, LogAuthenticationContext, LogEvent, LogGeographicalContext, LogTarget } from './LogEvent.js';
import { connectionMutations, connectionQueries, OktaConnection, OktaIntegration } from './oktaConnection.js';
import { applicationMutations } from './Mutation/applications.js';
import { authorizationServerMutations } from './Mutation/authorizationServers.js';
import { groupMutations } from './Mutation/groups.js';
import { userMutations } from './Mutation/users.js';
import { directoryQueries } from './Query/directory.js';
import { userQueries } from './Query/users.js';
import { AppLink, User, UserProfile } from './User.js';

/** Every resolver of the subgraph, keyed by GraphQL type. */
export const resolvers: Resolvers = {
  DateTime: DateTimeISOResolver,
  JSONObject: JSONObjectResolver,
  Query: {
    ...userQueries,
    ...directoryQueries,
    ...connectionQueries,
  },
  Mutation: {
    ...connectionMutations,
    ...userMutations,
    ...groupMutations,
    ...applicationMutations,
    ...authorizationServerMutations,
  },
  User,
  UserProfile,
  AppLink,
  Group,
  GroupProfile,
  Application,
  ApplicationVisibility,
  ApplicationCredentials,
  ApplicationUserAssignment,
  ApplicationGroupAssignment,
  AuthorizationServer,
  AuthorizationServerClaim,
  AuthorizationServerPolicy,
  AuthorizationServerPolicyRule,
  LogEvent,
  LogActor,
  LogTarget,
  LogGeographicalContext,
  LogAuthenticationContext,
  OktaIntegration,
  OktaConnection,
};
