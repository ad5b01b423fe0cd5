import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import { compileApplicationFilter, compileGroupFilter, compileLogEventFilter } from '../../okta/filters.js';
import { MAX_LIMIT, requests } from '../../okta/requests.js';
import type { OktaApplication, OktaAuthorizationServer, OktaGroup, OktaLogEvent } from '../../okta/types.js';
import { atMostOne, logWindow, nonEmpty, typedFilter } from '../args.js';
import { pagedConnection } from '../connection.js';

/** Query roots of groups, applications, authorization servers and the System Log. */
export const directoryQueries: Pick<
  QueryResolvers,
  'groups' | 'group' | 'applications' | 'application' | 'authorizationServers' | 'authorizationServer' | 'logEvents'
> = {
  groups: (_p, args, ctx) => {
    const search = nonEmpty('search', args.search);
    const rawFilter = nonEmpty('rawFilter', args.rawFilter);
    const q = nonEmpty('query', args.query);
    const typed = typedFilter(args.filter, compileGroupFilter);
    atMostOne({ search, filter: typed, rawFilter, query: q });
    const filter = typed ?? rawFilter;
    return pagedConnection<OktaGroup>(ctx.loaders, args, {
      key: ['groups', search, filter, q],
      firstPage: (limit) => requests.groups({ limit, search, filter, q }),
      maxLimit: MAX_LIMIT.groups,
      defaultFirst: 50,
      prime: (g) => ctx.loaders.group.prime(g.id, g),
    });
  },

  group: (_p, args, ctx) => ctx.loaders.group.load(nonEmpty('id', args.id)!),

  applications: (_p, args, ctx) => {
    const rawFilter = nonEmpty('rawFilter', args.rawFilter);
    const q = nonEmpty('query', args.query);
    const typed = typedFilter(args.filter, compileApplicationFilter);
    atMostOne({ filter: typed, rawFilter, query: q });
    const filter = typed ?? rawFilter;
    return pagedConnection<OktaApplication>(ctx.loaders, args, {
      key: ['apps', filter, q],
      firstPage: (limit) => requests.apps({ limit, filter, q }),
      maxLimit: MAX_LIMIT.apps,
      defaultFirst: 50,
      prime: (a) => ctx.loaders.application.prime(a.id, a),
    });
  },

  application: (_p, args, ctx) => ctx.loaders.application.load(nonEmpty('id', args.id)!),

  authorizationServers: (_p, args, ctx) => {
    const q = nonEmpty('query', args.query);
    return pagedConnection<OktaAuthorizationServer>(ctx.loaders, args, {
      key: ['authorizationServers', q],
      firstPage: (limit) => requests.authorizationServers({ limit, q }),
      maxLimit: MAX_LIMIT.authorizationServers,
      defaultFirst: 50,
      prime: (s) => ctx.loaders.authorizationServer.prime(s.id, s),
    });
  },

  authorizationServer: (_p, args, ctx) => ctx.loaders.authorizationServer.load(nonEmpty('id', args.id)!),

  logEvents: (_p, args, ctx) => {
    const rawFilter = nonEmpty('rawFilter', args.rawFilter);
    const q = nonEmpty('query', args.query);
    const typed = typedFilter(args.filter, compileLogEventFilter);
    atMostOne({ filter: typed, rawFilter });
    const filter = typed ?? rawFilter;
    const { since, until } = logWindow(args);
    const sortOrder = args.sortOrder ?? 'ASCENDING';
    // `since` only shapes the first page: Okta's next link carries the position instead.
    return pagedConnection<OktaLogEvent>(ctx.loaders, args, {
      key: ['logs', until, filter, q, sortOrder],
      firstPage: (limit) => requests.logs({ limit, since, until, filter, q, sortOrder }),
      maxLimit: MAX_LIMIT.logs,
      defaultFirst: 100,
    });
  },
};
