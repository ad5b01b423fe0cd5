import type { AppLinkResolvers, UserProfileResolvers, UserResolvers } from '../__generated__/resolvers-types.js';
import { or, eq } from '../okta/filters.js';
import { MAX_LIMIT, requests } from '../okta/requests.js';
import type { OktaAppLink, OktaGroup, OktaLogEvent } from '../okta/types.js';
import { logWindow, referenceKey } from './args.js';
import { checkFirst, localConnection, pagedConnection } from './connection.js';

/** Okta's base profile attributes: those with a field of their own on `UserProfile`. */
export const BASE_PROFILE_ATTRIBUTES: ReadonlySet<string> = new Set([
  'login', 'email', 'secondEmail', 'firstName', 'lastName', 'middleName', 'honorificPrefix', 'honorificSuffix',
  'title', 'displayName', 'nickName', 'profileUrl', 'primaryPhone', 'mobilePhone', 'streetAddress', 'city',
  'state', 'zipCode', 'countryCode', 'postalAddress', 'preferredLanguage', 'locale', 'timezone', 'userType',
  'employeeNumber', 'costCenter', 'organization', 'division', 'department', 'managerId', 'manager',
]);

/** The attributes of a profile that are not in `base`. */
export function customAttributes(profile: Record<string, unknown>, base: ReadonlySet<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(profile).filter(([name, value]) => !base.has(name) && value !== undefined));
}

export const User: UserResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.user.load(referenceKey('User', reference, 'id' in reference ? 'id' : 'login')),
  login: (user) => user.profile.login,
  type: (user) => (user.type?.id ? { id: user.type.id } : null),

  groups: async (user, args, ctx) => {
    const first = checkFirst(args.first, MAX_LIMIT.groups, 50);
    const groups = (await ctx.loaders.list.load(requests.userGroups(user.id))) as OktaGroup[];
    for (const g of groups) ctx.loaders.group.prime(g.id, g);
    return localConnection(groups, ['userGroups', user.id], first, args.after);
  },

  applications: async (user, _args, ctx) => (await ctx.loaders.list.load(requests.userAppLinks(user.id))) as OktaAppLink[],

  logEvents: (user, args, ctx) => {
    const filter = or(eq('actor.id', user.id), eq('target.id', user.id))!.text;
    const { since, until } = logWindow(args);
    const sortOrder = args.sortOrder ?? 'DESCENDING';
    return pagedConnection<OktaLogEvent>(ctx.loaders, args, {
      key: ['userLogEvents', user.id, until, sortOrder],
      firstPage: (limit) => requests.logs({ limit, since, until, filter, sortOrder }),
      maxLimit: MAX_LIMIT.logs,
      defaultFirst: 20,
    });
  },
};

export const UserProfile: UserProfileResolvers = {
  customAttributes: (profile) => customAttributes(profile, BASE_PROFILE_ATTRIBUTES),
};

export const AppLink: AppLinkResolvers = {
  application: (link, _args, ctx) => ctx.loaders.application.load(link.appInstanceId),
};
