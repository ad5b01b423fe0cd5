import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import { compileUserFilter } from '../../okta/filters.js';
import type { OktaUser } from '../../okta/types.js';
import { listUsersRequest, USERS_MAX_LIMIT } from '../../okta/users.js';
import { atMostOne, nonEmpty, typedFilter } from '../args.js';
import { pagedConnection } from '../connection.js';

export const userQueries: Pick<QueryResolvers, 'users' | 'user'> = {
  users: (_parent, args, ctx) => {
    const search = nonEmpty('search', args.search);
    const q = nonEmpty('query', args.query);
    const filter = typedFilter(args.filter, compileUserFilter);
    atMostOne({ search, filter, query: q });
    return pagedConnection<OktaUser>(ctx.loaders, args, {
      key: ['users', search, filter, q],
      firstPage: (limit) => listUsersRequest({ limit, search, filter, q }),
      maxLimit: USERS_MAX_LIMIT,
      defaultFirst: 50,
      prime: (user) => ctx.loaders.user.prime(user.id, user),
    });
  },

  user: (_parent, args, ctx) => ctx.loaders.user.load(nonEmpty('id', args.id)!),
};
