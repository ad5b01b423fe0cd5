import type {
  ApplicationCredentialsResolvers,
  ApplicationGroupAssignmentResolvers,
  ApplicationResolvers,
  ApplicationUserAssignmentResolvers,
  ApplicationVisibilityResolvers,
} from '../__generated__/resolvers-types.js';
import { MAX_LIMIT, requests } from '../okta/requests.js';
import type { OktaAppGroup, OktaAppUser } from '../okta/types.js';
import { referenceKey } from './args.js';
import { pagedConnection } from './connection.js';

const SIGN_ON_MODES = new Set(['AUTO_LOGIN', 'BASIC_AUTH', 'BOOKMARK', 'BROWSER_PLUGIN', 'OPENID_CONNECT', 'SAML_1_1', 'SAML_2_0', 'SECURE_PASSWORD_STORE', 'WS_FEDERATION']);
const STATUSES = new Set(['ACTIVE', 'INACTIVE', 'DELETED']);

export const Application: ApplicationResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.application.load(referenceKey('Application', reference, 'id')),
  // Okta adds sign-on modes over time; an unknown one must not fail the whole object.
  signOnMode: (app) => (SIGN_ON_MODES.has(app.signOnMode) ? (app.signOnMode as 'BOOKMARK') : 'OTHER'),
  status: (app) => (STATUSES.has(app.status) ? (app.status as 'ACTIVE') : 'INACTIVE'),
  features: (app) => app.features ?? [],
  visibility: (app) => app.visibility ?? null,
  settings: (app) => app.settings ?? null,
  credentials: (app) => app.credentials ?? null,

  assignedUsers: (app, args, ctx) =>
    pagedConnection<OktaAppUser>(ctx.loaders, args, {
      key: ['appUsers', app.id],
      firstPage: (limit) => requests.appUsers(app.id, limit),
      maxLimit: MAX_LIMIT.appUsers,
      defaultFirst: 50,
      prime: (a) => a._embedded?.user && ctx.loaders.user.prime(a.id, a._embedded.user),
    }),

  assignedGroups: (app, args, ctx) =>
    pagedConnection<OktaAppGroup>(ctx.loaders, args, {
      key: ['appGroups', app.id],
      firstPage: (limit) => requests.appGroups(app.id, limit),
      maxLimit: MAX_LIMIT.appGroups,
      defaultFirst: 20,
      prime: (a) => a._embedded?.group && ctx.loaders.group.prime(a.id, a._embedded.group),
    }),
};

export const ApplicationVisibility: ApplicationVisibilityResolvers = {
  hiddenOnWeb: (v) => v.hide?.web ?? null,
  hiddenOnIos: (v) => v.hide?.iOS ?? null,
  appLinks: (v) => v.appLinks ?? null,
};

export const ApplicationCredentials: ApplicationCredentialsResolvers = {
  userNameTemplate: (c) => c.userNameTemplate?.template ?? null,
  userNameTemplateType: (c) => c.userNameTemplate?.type ?? null,
  signingKid: (c) => c.signing?.kid ?? null,
  oauthClientId: (c) => c.oauthClient?.client_id ?? null,
  tokenEndpointAuthMethod: (c) => c.oauthClient?.token_endpoint_auth_method ?? null,
};

export const ApplicationUserAssignment: ApplicationUserAssignmentResolvers = {
  user: (a, _args, ctx) => a._embedded?.user ?? ctx.loaders.user.load(a.id),
  userName: (a) => a.credentials?.userName ?? null,
  profile: (a) => a.profile ?? null,
};

export const ApplicationGroupAssignment: ApplicationGroupAssignmentResolvers = {
  group: (a, _args, ctx) => a._embedded?.group ?? ctx.loaders.group.load(a.id),
  profile: (a) => a.profile ?? null,
};
