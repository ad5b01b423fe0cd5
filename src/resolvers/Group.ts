import type { GroupProfileResolvers, GroupResolvers } from '../__generated__/resolvers-types.js';
import { MAX_LIMIT, requests } from '../okta/requests.js';
import type { OktaApplication, OktaUser } from '../okta/types.js';
import { checkFirst, oktaConnection } from './connection.js';
import { customAttributes } from './User.js';

const BASE = new Set(['name', 'description']);

export const Group: GroupResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.group.load(reference.id),
  objectClass: (group) => group.objectClass ?? [],

  members: async (group, args, ctx) => {
    const first = checkFirst(args.first, MAX_LIMIT.groupMembers, 50);
    const connection = await oktaConnection<OktaUser>(
      ctx.loaders.page,
      { key: ['groupMembers', group.id], firstPage: (limit) => requests.groupMembers(group.id, limit), maxLimit: MAX_LIMIT.groupMembers },
      first,
      args.after,
    );
    for (const u of connection.nodes) ctx.loaders.user.prime(u.id, u);
    return connection;
  },

  applications: async (group, args, ctx) => {
    const first = checkFirst(args.first, MAX_LIMIT.groupApps, 20);
    const connection = await oktaConnection<OktaApplication>(
      ctx.loaders.page,
      { key: ['groupApps', group.id], firstPage: (limit) => requests.groupApps(group.id, limit), maxLimit: MAX_LIMIT.groupApps },
      first,
      args.after,
    );
    for (const a of connection.nodes) ctx.loaders.application.prime(a.id, a);
    return connection;
  },
};

export const GroupProfile: GroupProfileResolvers = {
  description: (profile) => profile.description ?? null,
  customAttributes: (profile) => customAttributes(profile, BASE),
};
