import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import type { Context } from '../../context.js';
import { requests } from '../../okta/requests.js';
import type { OktaAuthorizationServer, OktaOAuthClaim, OktaOAuthScope } from '../../okta/types.js';
import { writes } from '../../okta/writes.js';
import { readLater, runMutation, userError } from './run.js';

/** A 404 names the resource type it is about; each points at its own input field. */
const NOT_FOUND_BY_TYPE = {
  AuthorizationServer: ['input', 'authorizationServerId'],
  OAuth2Scope: ['input', 'scopeId'],
  OAuth2Claim: ['input', 'claimId'],
};

/** Drops absent fields: Okta reads an explicit null as "clear", an absent field as "keep". */
function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null));
}

/** Okta's attribute names (snake_case, nested) as the input names them. */
const INPUT_NAMES: Record<string, string> = { 'conditions.scopes': 'scopes', 'conditions.scopes.include': 'scopes', group_filter_type: 'groupFilterType' };
const inputField = (attribute: string) => ['input', INPUT_NAMES[attribute] ?? attribute.replace(/^conditions\./, '')];

function lifecycle(ctx: Context, name: 'activateAuthorizationServer' | 'deactivateAuthorizationServer', id: string) {
  return runMutation(ctx, { name, targets: { authorizationServerId: id }, notFoundField: ['input', 'id'], empty: { authorizationServer: null } }, async (okta) => {
    await okta.send(writes.authServerLifecycle(id, name === 'activateAuthorizationServer' ? 'activate' : 'deactivate'));
    return {
      authorizationServer: readLater(async () => {
        const server = await okta.read<OktaAuthorizationServer>(requests.authorizationServer(id));
        if (server) ctx.loaders.authorizationServer.clear(id).prime(id, server);
        return server;
      }),
    };
  });
}

export const authorizationServerMutations: Pick<
  MutationResolvers,
  | 'activateAuthorizationServer'
  | 'deactivateAuthorizationServer'
  | 'createAuthorizationServerScope'
  | 'updateAuthorizationServerScope'
  | 'deleteAuthorizationServerScope'
  | 'createAuthorizationServerClaim'
  | 'updateAuthorizationServerClaim'
  | 'deleteAuthorizationServerClaim'
> = {
  activateAuthorizationServer: (_p, { input }, ctx) => lifecycle(ctx, 'activateAuthorizationServer', input.id),
  deactivateAuthorizationServer: (_p, { input }, ctx) => lifecycle(ctx, 'deactivateAuthorizationServer', input.id),

  createAuthorizationServerScope: (_p, { input }, ctx) => {
    const { authorizationServerId: serverId, ...fields } = input;
    return runMutation(
      ctx,
      { name: 'createAuthorizationServerScope', targets: { authorizationServerId: serverId, name: input.name }, notFoundField: ['input', 'authorizationServerId'], notFoundByType: NOT_FOUND_BY_TYPE, field: inputField, empty: { scope: null } },
      async (okta) => {
        if (!input.name.trim()) return [userError('REQUIRED', 'A scope name is required', ['input', 'name'])];
        return { scope: await okta.send<OktaOAuthScope>(writes.createScope(serverId, defined(fields))) };
      },
    );
  },

  updateAuthorizationServerScope: (_p, { input }, ctx) => {
    const { authorizationServerId: serverId, scopeId, ...changes } = input;
    return runMutation(
      ctx,
      { name: 'updateAuthorizationServerScope', targets: { authorizationServerId: serverId, scopeId }, notFoundField: ['input', 'scopeId'], notFoundByType: NOT_FOUND_BY_TYPE, field: inputField, empty: { scope: null } },
      async (okta) => {
        // A 404 here names the server or the scope: the runner points it at the right input.
        const current = await okta.send<OktaOAuthScope & Record<string, unknown>>(requests.authServerScope(serverId, scopeId));
        const { _links: _l, ...rest } = current;
        return { scope: await okta.send<OktaOAuthScope>(writes.replaceScope(serverId, scopeId, { ...rest, ...defined(changes) })) };
      },
    );
  },

  deleteAuthorizationServerScope: (_p, { input }, ctx) =>
    runMutation(
      ctx,
      { name: 'deleteAuthorizationServerScope', targets: { authorizationServerId: input.authorizationServerId, scopeId: input.scopeId }, notFoundField: ['input', 'scopeId'], notFoundByType: NOT_FOUND_BY_TYPE, field: () => ['input', 'scopeId'], empty: { deletedId: null } },
      async (okta) => {
        await okta.send(writes.deleteScope(input.authorizationServerId, input.scopeId));
        return { deletedId: input.scopeId };
      },
    ),

  createAuthorizationServerClaim: (_p, { input }, ctx) => {
    const { authorizationServerId: serverId, scopes, ...fields } = input;
    return runMutation(
      ctx,
      { name: 'createAuthorizationServerClaim', targets: { authorizationServerId: serverId, name: input.name }, notFoundField: ['input', 'authorizationServerId'], notFoundByType: NOT_FOUND_BY_TYPE, field: inputField, empty: { claim: null } },
      async (okta) => {
        if (!input.name.trim()) return [userError('REQUIRED', 'A claim name is required', ['input', 'name'])];
        const { groupFilterType, ...other } = fields;
        const body = {
          valueType: 'EXPRESSION',
          status: 'ACTIVE',
          ...defined(other),
          ...(groupFilterType ? { group_filter_type: groupFilterType } : {}),
          conditions: { scopes: scopes ?? [] },
        };
        return { claim: await okta.send<OktaOAuthClaim>(writes.createClaim(serverId, body)) };
      },
    );
  },

  updateAuthorizationServerClaim: (_p, { input }, ctx) => {
    const { authorizationServerId: serverId, claimId, scopes, ...changes } = input;
    return runMutation(
      ctx,
      { name: 'updateAuthorizationServerClaim', targets: { authorizationServerId: serverId, claimId }, notFoundField: ['input', 'claimId'], notFoundByType: NOT_FOUND_BY_TYPE, field: inputField, empty: { claim: null } },
      async (okta) => {
        const current = await okta.send<OktaOAuthClaim & Record<string, unknown>>(requests.authServerClaim(serverId, claimId));
        const { _links: _l, ...rest } = current;
        const { groupFilterType, ...other } = changes;
        const body = {
          ...rest,
          ...defined(other),
          ...(groupFilterType ? { group_filter_type: groupFilterType } : {}),
          ...(scopes ? { conditions: { ...current.conditions, scopes } } : {}),
        };
        return { claim: await okta.send<OktaOAuthClaim>(writes.replaceClaim(serverId, claimId, body)) };
      },
    );
  },

  deleteAuthorizationServerClaim: (_p, { input }, ctx) =>
    runMutation(
      ctx,
      { name: 'deleteAuthorizationServerClaim', targets: { authorizationServerId: input.authorizationServerId, claimId: input.claimId }, notFoundField: ['input', 'claimId'], notFoundByType: NOT_FOUND_BY_TYPE, field: () => ['input', 'claimId'], empty: { deletedId: null } },
      async (okta) => {
        await okta.send(writes.deleteClaim(input.authorizationServerId, input.claimId));
        return { deletedId: input.claimId };
      },
    ),
};
