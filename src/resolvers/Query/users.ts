import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import { ErrorCode, graphQLError } from '../../errors.js';
import { compileUserFilter } from '../../okta/filters.js';
import type { OktaUser } from '../../okta/types.js';
import { listUsersRequest, USERS_MAX_LIMIT } from '../../okta/users.js';
import { checkFirst, oktaConnection } from '../connection.js';

function nonEmpty(name: string, value: string | null | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (value.trim() === '') throw graphQLError(ErrorCode.BAD_USER_INPUT, `\`${name}\` must not be empty; omit it instead`, { argumentName: name });
  return value;
}

export const userQueries: Pick<QueryResolvers, 'users' | 'user'> = {
  users: async (_parent, args, ctx) => {
    const first = checkFirst(args.first, USERS_MAX_LIMIT, 50);
    const search = nonEmpty('search', args.search);
    const q = nonEmpty('query', args.query);
    if (args.filter) {
      for (const [name, list] of Object.entries(args.filter)) {
        if (Array.isArray(list) && list.length === 0) {
          throw graphQLError(ErrorCode.BAD_USER_INPUT, `\`filter.${name}\` must not be an empty list; omit it instead`, { argumentName: 'filter' });
        }
      }
    }
    const filter = args.filter ? compileUserFilter(args.filter)?.text : undefined;
    if ([search, filter, q].filter((v) => v !== undefined).length > 1) {
      throw graphQLError(ErrorCode.BAD_USER_INPUT, 'Give at most one of `search`, `filter` and `query`: Okta cannot combine them');
    }
    const connection = await oktaConnection<OktaUser>(
      ctx.okta,
      { key: ['users', search, filter, q], firstPage: (limit) => listUsersRequest({ limit, search, filter, q }), maxLimit: USERS_MAX_LIMIT },
      first,
      args.after,
    );
    for (const user of connection.nodes) ctx.loaders.user.prime(user.id, user);
    return connection;
  },

  user: (_parent, args, ctx) => {
    const key = nonEmpty('id', args.id)!;
    return ctx.loaders.user.load(key);
  },
};
