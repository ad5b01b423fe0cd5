import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import type { Context } from '../../context.js';
import { requests } from '../../okta/requests.js';
import type { OktaAuthorizationServer, OktaOAuthClaim, OktaOAuthScope } from '../../okta/types.js';
import { writes } from '../../okta/writes.js';
import { runMutation, userError } from './run.js';

/** Drops absent fields: Okta reads an explicit null as "clear", an absent field as "keep". */
function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null));
}

const inputField = (attribute: string) => {
  const name = attribute.replace(/^conditions\./, '');
  return ['input', name === 'scopes.include' ? 'scopes' : name];
};

function lifecycle(ctx: Context, name: 'activateAuthorizationServer' | 'deactivateAuthorizationServer', id: string) {
  return runMutation(ctx, { name, targets: { authorizationServerId: id }, notFoundField: ['input', 'id'], empty: { authorizationServer: null } }, async (okta) => {
    await okta.send(writes.authServerLifecycle(id, name === 'activateAuthorizationServer' ? 'activate' : 'deactivate'));
    const server = await okta.read<OktaAuthorizationServer>(requests.authorizationServer(id));
    if (server) ctx.loaders.authorizationServer.clear(id).prime(id, server);
    return { authorizationServer: server };
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
      { name: 'createAuthorizationServerScope', targets: { authorizationServerId: serverId, name: input.name }, notFoundField: ['input', 'authorizationServerId'], field: inputField, empty: { scope: null } },
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
      { name: 'updateAuthorizationServerScope', targets: { authorizationServerId: serverId, scopeId }, notFoundField: ['input', 'scopeId'], field: inputField, empty: { scope: null } },
      async (okta) => {
        const current = await okta.read<OktaOAuthScope & Record<string, unknown>>(requests.authServerScope(serverId, scopeId));
        if (!current) return [userError('NOT_FOUND', `No scope ${scopeId} on ${serverId}`, ['input', 'scopeId'])];
        const { _links: _l, ...rest } = current;
        return { scope: await okta.send<OktaOAuthScope>(writes.replaceScope(serverId, scopeId, { ...rest, ...defined(changes) })) };
      },
    );
  },

  deleteAuthorizationServerScope: (_p, { input }, ctx) =>
    runMutation(
      ctx,
      { name: 'deleteAuthorizationServerScope', targets: { authorizationServerId: input.authorizationServerId, scopeId: input.scopeId }, notFoundField: ['input', 'scopeId'], field: () => ['input', 'scopeId'], empty: { deletedId: null } },
      async (okta) => {
        await okta.send(writes.deleteScope(input.authorizationServerId, input.scopeId));
        return { deletedId: input.scopeId };
      },
    ),

  createAuthorizationServerClaim: (_p, { input }, ctx) => {
    const { authorizationServerId: serverId, scopes, ...fields } = input;
    return runMutation(
      ctx,
      { name: 'createAuthorizationServerClaim', targets: { authorizationServerId: serverId, name: input.name }, notFoundField: ['input', 'authorizationServerId'], field: inputField, empty: { claim: null } },
      async (okta) => {
        if (!input.name.trim()) return [userError('REQUIRED', 'A claim name is required', ['input', 'name'])];
        const body = { valueType: 'EXPRESSION', status: 'ACTIVE', ...defined(fields), conditions: { scopes: scopes ?? [] } };
        return { claim: await okta.send<OktaOAuthClaim>(writes.createClaim(serverId, body)) };
      },
    );
  },

  updateAuthorizationServerClaim: (_p, { input }, ctx) => {
    const { authorizationServerId: serverId, claimId, scopes, ...changes } = input;
    return runMutation(
      ctx,
      { name: 'updateAuthorizationServerClaim', targets: { authorizationServerId: serverId, claimId }, notFoundField: ['input', 'claimId'], field: inputField, empty: { claim: null } },
      async (okta) => {
        const current = await okta.read<OktaOAuthClaim & Record<string, unknown>>(requests.authServerClaim(serverId, claimId));
        if (!current) return [userError('NOT_FOUND', `No claim ${claimId} on ${serverId}`, ['input', 'claimId'])];
        const { _links: _l, ...rest } = current;
        const body = { ...rest, ...defined(changes), ...(scopes ? { conditions: { ...current.conditions, scopes } } : {}) };
        return { claim: await okta.send<OktaOAuthClaim>(writes.replaceClaim(serverId, claimId, body)) };
      },
    );
  },

  deleteAuthorizationServerClaim: (_p, { input }, ctx) =>
    runMutation(
      ctx,
      { name: 'deleteAuthorizationServerClaim', targets: { authorizationServerId: input.authorizationServerId, claimId: input.claimId }, notFoundField: ['input', 'claimId'], field: () => ['input', 'claimId'], empty: { deletedId: null } },
      async (okta) => {
        await okta.send(writes.deleteClaim(input.authorizationServerId, input.claimId));
        return { deletedId: input.claimId };
      },
    ),
};
