import type {
  AuthorizationServerClaimResolvers,
  AuthorizationServerPolicyResolvers,
  AuthorizationServerPolicyRuleResolvers,
  AuthorizationServerResolvers,
} from '../__generated__/resolvers-types.js';
import { requests } from '../okta/requests.js';
import { referenceKey } from './args.js';
import type { OktaAuthServerPolicy, OktaAuthServerPolicyRule, OktaJsonWebKey, OktaOAuthClaim, OktaOAuthScope } from '../okta/types.js';

export const AuthorizationServer: AuthorizationServerResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.authorizationServer.load(referenceKey('AuthorizationServer', reference, 'id')),
  audiences: (s) => s.audiences ?? [],
  scopes: async (s, _a, ctx) => (await ctx.loaders.list.load(requests.authServerScopes(s.id))) as OktaOAuthScope[],
  claims: async (s, _a, ctx) => (await ctx.loaders.list.load(requests.authServerClaims(s.id))) as OktaOAuthClaim[],
  policies: async (s, _a, ctx) => {
    const policies = (await ctx.loaders.list.load(requests.authServerPolicies(s.id))) as OktaAuthServerPolicy[];
    return policies.map((p) => ({ ...p, authServerId: s.id })).sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
  },
  keys: async (s, _a, ctx) => (await ctx.loaders.list.load(requests.authServerKeys(s.id))) as OktaJsonWebKey[],
};

export const AuthorizationServerClaim: AuthorizationServerClaimResolvers = {
  scopes: (c) => c.conditions?.scopes ?? [],
  groupFilterType: (c) => c.group_filter_type ?? null,
};

export const AuthorizationServerPolicy: AuthorizationServerPolicyResolvers = {
  clients: (p) => p.conditions?.clients?.include ?? [],
  rules: async (p, _a, ctx) => {
    const rules = (await ctx.loaders.list.load(requests.authServerPolicyRules(p.authServerId, p.id))) as OktaAuthServerPolicyRule[];
    return [...rules].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
  },
};

export const AuthorizationServerPolicyRule: AuthorizationServerPolicyRuleResolvers = {
  grantTypes: (r) => r.conditions?.grantTypes?.include ?? [],
  scopes: (r) => r.conditions?.scopes?.include ?? [],
  people: (r) => r.conditions?.people ?? null,
  accessTokenLifetimeMinutes: (r) => r.actions?.token?.accessTokenLifetimeMinutes ?? null,
  refreshTokenLifetimeMinutes: (r) => r.actions?.token?.refreshTokenLifetimeMinutes ?? null,
  refreshTokenWindowMinutes: (r) => r.actions?.token?.refreshTokenWindowMinutes ?? null,
};
