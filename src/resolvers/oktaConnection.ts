import type {
  MutationResolvers,
  OktaConnectionResolvers,
  OktaIntegrationResolvers,
  QueryResolvers,
  UserError,
  UserErrorCode,
} from '../__generated__/resolvers-types.js';
import type { Caller } from '../auth/caller.js';
import type { Context } from '../context.js';
import { ErrorCode, graphQLError } from '../errors.js';
import { isKnownScope } from '../okta/scopes.js';
import { CallbackError } from '../oauth/connect.js';
import { normaliseScopes } from '../oauth/integrations.js';
import type { EffectiveStatus } from '../oauth/tokens.js';
import type { ConnectionRecord } from '../store/types.js';
import type { OktaConnectionModel } from './models.js';

const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);

function requireCaller(ctx: Context): Caller {
  if (!ctx.caller) throw graphQLError(ErrorCode.UNAUTHENTICATED, 'Authentication is required');
  return ctx.caller;
}

/** Fetches the org's discovery document: a typo in the domain is reported now, not at sign-in. */
async function probeOkta(ctx: Context, origin: URL): Promise<boolean> {
  try {
    const res = await (ctx.services.fetch ?? fetch)(new URL('/.well-known/openid-configuration', origin), { signal: AbortSignal.timeout(5000), redirect: 'manual' });
    if (!res.ok) return false;
    const doc = (await res.json()) as { issuer?: unknown };
    return typeof doc.issuer === 'string' && new URL(doc.issuer).origin === origin.origin;
  } catch {
    return false;
  }
}

function connectionModel(c: ConnectionRecord | undefined, status: EffectiveStatus, scopes: readonly string[]): OktaConnectionModel {
  return {
    status,
    grantedScopes: status === 'CONNECTED' ? scopes : [],
    oktaUserId: c?.oktaUserId ?? null,
    connectedAt: c?.connectedAt ?? null,
    accessTokenExpiresAt: c?.accessTokenExpiresAt ?? null,
    lastRefreshedAt: c?.lastRefreshedAt ?? null,
  };
}

function audit(ctx: Context, mutation: string, outcome: string, extra: Record<string, unknown> = {}): void {
  ctx.logger.info({ audit: { tenantId: ctx.caller?.tenantId, caller: ctx.caller?.userId, mutation, outcome, ...extra } }, 'mutation');
}

export const connectionQueries: Pick<QueryResolvers, 'oktaIntegration' | 'oktaConnection'> = {
  oktaIntegration: async (_p, _a, ctx) => {
    const caller = requireCaller(ctx);
    return ctx.integration ?? (await ctx.services.integrations.resolve(caller.tenantId)) ?? null;
  },

  oktaConnection: (_p, _a, ctx): OktaConnectionModel => {
    requireCaller(ctx);
    return connectionModel(ctx.connection, ctx.connectionStatus, [...ctx.grantedScopes]);
  },
};

export const OktaIntegration: OktaIntegrationResolvers = {
  domain: (i) => i.origin.origin,
  redirectUri: (_i, _a, ctx) => ctx.services.config.redirectUri,
  hasClientSecret: (i) => Boolean(i.clientSecret),
  updatedAt: (i) => iso(i.updatedAt),
};

export const OktaConnection: OktaConnectionResolvers = {
  me: (c, _a, ctx) => (c.status === 'CONNECTED' && c.oktaUserId ? ctx.loaders.user.load(c.oktaUserId) : null),
  connectedAt: (c) => iso(c.connectedAt),
  accessTokenExpiresAt: (c) => iso(c.accessTokenExpiresAt),
  lastRefreshedAt: (c) => iso(c.lastRefreshedAt),
};

const CONFIRM_CODES: Record<string, UserErrorCode> = { invalid_state: 'NOT_FOUND', expired_state: 'INVALID_STATE', wrong_user: 'NOT_ALLOWED', integration_changed: 'INVALID_STATE' };

export const connectionMutations: Pick<MutationResolvers, 'configureOktaIntegration' | 'connectOkta' | 'confirmOktaConnection' | 'disconnectOkta'> = {
  confirmOktaConnection: async (_p, { input }, ctx) => {
    const caller = requireCaller(ctx);
    const { connectFlow } = ctx.services;
    try {
      await connectFlow.confirm(caller, input.state);
    } catch (err) {
      if (!(err instanceof CallbackError)) throw err;
      if (err.code === 'okta_unavailable') throw graphQLError(ErrorCode.OKTA_UNAVAILABLE, err.message);
      audit(ctx, 'confirmOktaConnection', 'refused', { reason: err.code });
      return { oktaConnection: null, userErrors: [{ field: ['input', 'state'], code: CONFIRM_CODES[err.code] ?? 'INVALID', message: err.message }] };
    }
    await ctx.reloadOktaSession();
    audit(ctx, 'confirmOktaConnection', 'success', { oktaUserId: ctx.connection?.oktaUserId });
    return { oktaConnection: connectionModel(ctx.connection, ctx.connectionStatus, [...ctx.grantedScopes]), userErrors: [] };
  },

  configureOktaIntegration: async (_p, { input }, ctx) => {
    const caller = requireCaller(ctx);
    if (!caller.isAdmin) {
      audit(ctx, 'configureOktaIntegration', 'forbidden');
      throw graphQLError(ErrorCode.FORBIDDEN, 'Only tenant admins can configure the Okta integration');
    }
    const { integrations, store } = ctx.services;
    const existing = await store.getIntegration(caller.tenantId);
    const { value, problems } = integrations.validate(input, existing);
    if (!value) {
      audit(ctx, 'configureOktaIntegration', 'invalid', { fields: problems.map((p) => p.field.join('.')) });
      return { integration: null, userErrors: problems };
    }
    if (!(await probeOkta(ctx, value.origin))) {
      audit(ctx, 'configureOktaIntegration', 'unreachable', { domain: value.origin.origin });
      return { integration: null, userErrors: [{ field: ['input', 'domain'], code: 'OKTA_UNREACHABLE', message: `No Okta org answered at ${value.origin.origin}` }] };
    }
    await integrations.save(caller.tenantId, caller.userId, value, existing);
    audit(ctx, 'configureOktaIntegration', 'success', { domain: value.origin.origin, clientId: value.clientId, secretChanged: Boolean(value.clientSecret) });
    return { integration: (await integrations.resolve(caller.tenantId)) ?? null, userErrors: [] };
  },

  connectOkta: async (_p, { input }, ctx) => {
    const caller = requireCaller(ctx);
    const { integrations, connectFlow, config } = ctx.services;
    const integration = await integrations.resolve(caller.tenantId);
    if (!integration?.clientSecret) {
      return { authorizationUrl: null, expiresAt: null, userErrors: [{ field: null, code: 'NOT_CONFIGURED', message: 'No Okta integration with a client secret is configured for this tenant' }] };
    }
    const userErrors: UserError[] = [];
    const scopes = input?.scopes ?? integration.scopes;
    // The tenant admin decided which scopes the app may request; a user may ask for fewer, not more.
    const offered = new Set(normaliseScopes(integration.scopes));
    scopes.forEach((scope, i) => {
      if (!isKnownScope(scope)) userErrors.push({ field: ['input', 'scopes', String(i)], code: 'UNKNOWN_SCOPE', message: `"${scope}" is not a scope Okta defines` });
      else if (!offered.has(scope)) userErrors.push({ field: ['input', 'scopes', String(i)], code: 'NOT_ALLOWED', message: `"${scope}" is not among the scopes the integration requests` });
    });
    let returnTo: string | null = null;
    if (input?.returnTo) {
      let url: URL | undefined;
      try {
        url = new URL(input.returnTo);
      } catch {
        userErrors.push({ field: ['input', 'returnTo'], code: 'INVALID', message: 'returnTo must be an absolute URL' });
      }
      if (url && !config.connectReturnOrigins.includes(url.origin)) {
        userErrors.push({ field: ['input', 'returnTo'], code: 'RETURN_URL_NOT_ALLOWED', message: `${url.origin} is not an allowed return origin` });
      } else if (url) returnTo = url.toString();
    }
    if (config.connectConfirmation === 'app' && !input?.returnTo) {
      userErrors.push({ field: ['input', 'returnTo'], code: 'REQUIRED', message: 'returnTo is required: your app confirms the connection when the browser comes back' });
    }
    if (userErrors.length > 0) return { authorizationUrl: null, expiresAt: null, userErrors };
    const started = await connectFlow.start(caller, integration, scopes, returnTo);
    audit(ctx, 'connectOkta', 'started', { domain: integration.origin.origin });
    return { authorizationUrl: started.authorizationUrl, expiresAt: new Date(started.expiresAt).toISOString(), userErrors: [] };
  },

  disconnectOkta: async (_p, { input }, ctx) => {
    const caller = requireCaller(ctx);
    const { store, integrations, connections, oidc, logger } = ctx.services;
    const integration = input?.revoke !== false ? await integrations.resolve(caller.tenantId) : undefined;
    // Under the connection's lock: a refresh in flight finishes first, and the tokens revoked are
    // the ones it left, not an older pair (and it cannot write the connection back afterwards).
    const outcome = await store.withConnectionLock(caller.tenantId, caller.userId, async (record) => {
      if (!record) return { result: { disconnected: false, revoked: false, oktaUserId: null as string | null } };
      let revoked = false;
      if (input?.revoke !== false) {
        try {
          if (!integration?.clientSecret || integration.origin.origin !== record.oktaOrigin) throw new Error('integration changed');
          const client = connections.client(integration);
          const refresh = connections.open(record, 'refresh_token');
          const access = connections.open(record, 'access_token');
          // Revoking the refresh token ends the grant; the access token is revoked too, so that it
          // cannot be replayed during its remaining lifetime.
          if (refresh) await oidc.revoke(client, refresh, 'refresh_token');
          if (access) await oidc.revoke(client, access, 'access_token');
          revoked = true;
        } catch (err) {
          logger.warn({ tenantId: caller.tenantId, userId: caller.userId, reason: (err as Error).name }, 'could not revoke Okta tokens; deleting them anyway');
        }
      }
      return { result: { disconnected: true, revoked, oktaUserId: record.oktaUserId as string | null }, delete: true };
    });
    if (outcome.disconnected) audit(ctx, 'disconnectOkta', 'success', { oktaUserId: outcome.oktaUserId, revoked: outcome.revoked });
    await ctx.reloadOktaSession();
    return { disconnected: outcome.disconnected, revoked: outcome.revoked, userErrors: [] };
  },
};
