import type { UserProfileResolvers, UserResolvers } from '../__generated__/resolvers-types.js';

/** Okta's base profile attributes: those with a field of their own on `UserProfile`. */
const BASE_PROFILE_ATTRIBUTES = new Set([
  'login', 'email', 'secondEmail', 'firstName', 'lastName', 'middleName', 'honorificPrefix', 'honorificSuffix',
  'title', 'displayName', 'nickName', 'profileUrl', 'primaryPhone', 'mobilePhone', 'streetAddress', 'city',
  'state', 'zipCode', 'countryCode', 'postalAddress', 'preferredLanguage', 'locale', 'timezone', 'userType',
  'employeeNumber', 'costCenter', 'organization', 'division', 'department', 'managerId', 'manager',
]);

export const User: UserResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.user.load(reference.id),
  type: (user) => (user.type?.id ? { id: user.type.id } : null),
};

export const UserProfile: UserProfileResolvers = {
  customAttributes: (profile) =>
    Object.fromEntries(Object.entries(profile).filter(([name, value]) => !BASE_PROFILE_ATTRIBUTES.has(name) && value !== undefined)),
};
