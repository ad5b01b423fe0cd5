import type { GroupProfileResolvers, GroupResolvers } from '../__generated__/resolvers-types.js';
import { MAX_LIMIT, requests } from '../okta/requests.js';
import type { OktaApplication, OktaUser } from '../okta/types.js';
import { referenceKey } from './args.js';
import { pagedConnection } from './connection.js';
import { customAttributes } from './User.js';

const BASE = new Set(['name', 'description']);

export const Group: GroupResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.group.load(referenceKey('Group', reference, 'id')),
  objectClass: (group) => group.objectClass ?? [],

  members: (group, args, ctx) =>
    pagedConnection<OktaUser>(ctx.loaders, args, {
      key: ['groupMembers', group.id],
      firstPage: (limit) => requests.groupMembers(group.id, limit),
      maxLimit: MAX_LIMIT.groupMembers,
      defaultFirst: 50,
      prime: (u) => ctx.loaders.user.prime(u.id, u),
    }),

  applications: (group, args, ctx) =>
    pagedConnection<OktaApplication>(ctx.loaders, args, {
      key: ['groupApps', group.id],
      firstPage: (limit) => requests.groupApps(group.id, limit),
      maxLimit: MAX_LIMIT.groupApps,
      defaultFirst: 20,
      prime: (a) => ctx.loaders.application.prime(a.id, a),
    }),
};

export const GroupProfile: GroupProfileResolvers = {
  description: (profile) => profile.description ?? null,
  customAttributes: (profile) => customAttributes(profile, BASE),
};
