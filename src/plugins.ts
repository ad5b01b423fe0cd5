import type { ApolloServerPlugin } from '@apollo/server';
import type { Config } from './config.js';
import type { Context } from './context.js';
import { estimateCost } from './cost.js';
import { ErrorCode, graphQLError } from './errors.js';

/**
 * Refuses, before any Okta call, an operation whose estimated Okta requests exceed
 * `QUERY_COST_LIMIT` or whose nesting exceeds `QUERY_DEPTH_LIMIT`; a heavy dashboard query would
 * otherwise empty the org's rate-limit buckets for every other caller. The estimate is reported in
 * `extensions.okta.estimatedRequests` of every response, next to what the query really cost.
 */
export function costLimitPlugin(config: Config): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let estimated: number | undefined;
      return {
        async didResolveOperation({ document, operationName, request, schema, operation, contextValue }) {
          contextValue.services.metrics.graphqlRequests.inc({ type: operation?.operation ?? 'unknown' });
          const estimate = estimateCost(schema, document, operationName, request.variables ?? {}, config.okta.userBatchSize);
          estimated = estimate.requests;
          if (estimate.depth > config.queryDepthLimit) {
            throw graphQLError(ErrorCode.QUERY_TOO_DEEP, `The operation nests ${estimate.depth} levels deep; the limit is ${config.queryDepthLimit}`, {
              depth: estimate.depth,
              limit: config.queryDepthLimit,
              http: { status: 400 },
            });
          }
          if (estimate.requests > config.queryCostLimit) {
            throw graphQLError(
              ErrorCode.QUERY_TOO_EXPENSIVE,
              `The operation could cost up to ${estimate.requests} Okta requests; the limit is ${config.queryCostLimit}. Ask for smaller pages or fewer nested lists.`,
              { estimatedOktaRequests: estimate.requests, limit: config.queryCostLimit, http: { status: 400 } },
            );
          }
        },
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single' || !contextValue?.oktaStats) return;
          const metrics = contextValue.services.metrics;
          for (const e of response.body.singleResult.errors ?? []) metrics.graphqlErrors.inc({ code: String(e.extensions?.code ?? 'UNKNOWN') });
          const s = contextValue.oktaStats;
          if (s.rateLimitWaitMs > 0) metrics.rateLimitWaitSeconds.inc({}, s.rateLimitWaitMs / 1000);
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            okta: {
              requests: s.requests,
              retries: s.retries,
              rateLimitWaitMs: Math.round(s.rateLimitWaitMs),
              lowestRateLimitRemaining: s.lowestRateLimitRemaining,
              ...(estimated !== undefined ? { estimatedRequests: estimated } : {}),
            },
          };
        },
      };
    },
  };
}
