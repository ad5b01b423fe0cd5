import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import { compileApplicationFilter, compileGroupFilter, compileLogEventFilter } from '../../okta/filters.js';
import { MAX_LIMIT, requests } from '../../okta/requests.js';
import type { OktaApplication, OktaAuthorizationServer, OktaGroup, OktaLogEvent } from '../../okta/types.js';
import { atMostOne, checkFilterLists, logWindow, nonEmpty } from '../args.js';
import { checkFirst, oktaConnection } from '../connection.js';

/** Query roots of groups, applications, authorization servers and the System Log. */
export const directoryQueries: Pick<
  QueryResolvers,
  'groups' | 'group' | 'applications' | 'application' | 'authorizationServers' | 'authorizationServer' | 'logEvents'
> = {
  groups: async (_p, args, ctx) => {
    const first = checkFirst(args.first, MAX_LIMIT.groups, 50);
    const search = nonEmpty('search', args.search);
    const rawFilter = nonEmpty('rawFilter', args.rawFilter);
    const q = nonEmpty('query', args.query);
    checkFilterLists(args.filter);
    const typed = args.filter ? compileGroupFilter(args.filter)?.text : undefined;
    atMostOne({ search, filter: typed, rawFilter, query: q });
    const filter = typed ?? rawFilter;
    const connection = await oktaConnection<OktaGroup>(
      ctx.loaders.page,
      { key: ['groups', search, filter, q], firstPage: (limit) => requests.groups({ limit, search, filter, q }), maxLimit: MAX_LIMIT.groups },
      first,
      args.after,
    );
    for (const g of connection.nodes) ctx.loaders.group.prime(g.id, g);
    return connection;
  },

  group: (_p, args, ctx) => ctx.loaders.group.load(nonEmpty('id', args.id)!),

  applications: async (_p, args, ctx) => {
    const first = checkFirst(args.first, MAX_LIMIT.apps, 50);
    const rawFilter = nonEmpty('rawFilter', args.rawFilter);
    const q = nonEmpty('query', args.query);
    checkFilterLists(args.filter);
    const typed = args.filter ? compileApplicationFilter(args.filter)?.text : undefined;
    atMostOne({ filter: typed, rawFilter, query: q });
    const filter = typed ?? rawFilter;
    const connection = await oktaConnection<OktaApplication>(
      ctx.loaders.page,
      { key: ['apps', filter, q], firstPage: (limit) => requests.apps({ limit, filter, q }), maxLimit: MAX_LIMIT.apps },
      first,
      args.after,
    );
    for (const a of connection.nodes) ctx.loaders.application.prime(a.id, a);
    return connection;
  },

  application: (_p, args, ctx) => ctx.loaders.application.load(nonEmpty('id', args.id)!),

  authorizationServers: async (_p, args, ctx) => {
    const first = checkFirst(args.first, MAX_LIMIT.authorizationServers, 50);
    const q = nonEmpty('query', args.query);
    const connection = await oktaConnection<OktaAuthorizationServer>(
      ctx.loaders.page,
      { key: ['authorizationServers', q], firstPage: (limit) => requests.authorizationServers({ limit, q }), maxLimit: MAX_LIMIT.authorizationServers },
      first,
      args.after,
    );
    for (const s of connection.nodes) ctx.loaders.authorizationServer.prime(s.id, s);
    return connection;
  },

  authorizationServer: (_p, args, ctx) => ctx.loaders.authorizationServer.load(nonEmpty('id', args.id)!),

  logEvents: (_p, args, ctx) => {
    const first = checkFirst(args.first, MAX_LIMIT.logs, 100);
    const rawFilter = nonEmpty('rawFilter', args.rawFilter);
    const q = nonEmpty('query', args.query);
    checkFilterLists(args.filter);
    const typed = args.filter ? compileLogEventFilter(args.filter)?.text : undefined;
    atMostOne({ filter: typed, rawFilter });
    const filter = typed ?? rawFilter;
    const { since, until } = logWindow(args);
    const sortOrder = args.sortOrder ?? 'ASCENDING';
    // `since` only shapes the first page: Okta's next link carries the position instead.
    return oktaConnection<OktaLogEvent>(
      ctx.loaders.page,
      { key: ['logs', until, filter, q, sortOrder], firstPage: (limit) => requests.logs({ limit, since, until, filter, q, sortOrder }), maxLimit: MAX_LIMIT.logs },
      first,
      args.after,
    );
  },
};
