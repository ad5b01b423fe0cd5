import { DateTimeISOResolver, JSONObjectResolver } from 'graphql-scalars';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { connectionMutations, connectionQueries, OktaConnection, OktaIntegration } from './oktaConnection.js';
import { userQueries } from './Query/users.js';
import { User, UserProfile } from './User.js';

/** Every resolver of the subgraph, keyed by GraphQL type. */
export const resolvers: Resolvers = {
  DateTime: DateTimeISOResolver,
  JSONObject: JSONObjectResolver,
  Query: {
    ...userQueries,
    ...connectionQueries,
  },
  Mutation: {
    ...connectionMutations,
  },
  OktaIntegration,
  OktaConnection,
  User,
  UserProfile,
};
