import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import {
  OktaApiError,
  OktaError,
  OktaInvalidResponseError,
  OktaNetworkError,
  OktaRateLimitError,
  OktaTimeoutError,
} from './okta/errors.js';
import { FilterValueError } from './okta/filters.js';
import { OAuthGrantError, OAuthUnavailableError } from './oauth/oidc.js';

/**
 * Every error code this subgraph puts in `extensions.code`, besides those Apollo Server and
 * graphql-js produce themselves (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, ...).
 */
export const ErrorCode = {
  /** An argument or input is invalid (ours or Okta's validation). */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The caller presented no valid platform credentials. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** Okta refused: the connected Okta user's admin role does not allow this. */
  FORBIDDEN: 'FORBIDDEN',
  /** The object does not exist in Okta. */
  NOT_FOUND: 'NOT_FOUND',
  /** The Okta credentials in use lack a scope this field needs. */
  OKTA_SCOPE_MISSING: 'OKTA_SCOPE_MISSING',
  /** The tenant has no Okta integration (and the deployment sets no default). */
  OKTA_NOT_CONFIGURED: 'OKTA_NOT_CONFIGURED',
  /** The caller has not connected their Okta account (run `connectOkta`). */
  OKTA_NOT_CONNECTED: 'OKTA_NOT_CONNECTED',
  /** Okta no longer accepts the caller's connection (revoked, rotated away, integration changed): reconnect. */
  OKTA_RECONNECT_REQUIRED: 'OKTA_RECONNECT_REQUIRED',
  /** Okta rejected the credentials (an API token revoked or expired). */
  OKTA_UNAUTHORIZED: 'OKTA_UNAUTHORIZED',
  /** An Okta rate limit would not reset before the request's deadline. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** Okta did not answer in time. */
  OKTA_TIMEOUT: 'OKTA_TIMEOUT',
  /** Okta failed (5xx) or could not be reached. */
  OKTA_UNAVAILABLE: 'OKTA_UNAVAILABLE',
  /** Okta answered with something we could not use. */
  OKTA_BAD_RESPONSE: 'OKTA_BAD_RESPONSE',
  /** Any other error status from Okta. */
  OKTA_ERROR: 'OKTA_ERROR',
  /** The operation would cost more Okta requests than `QUERY_COST_LIMIT` allows. */
  QUERY_TOO_EXPENSIVE: 'QUERY_TOO_EXPENSIVE',
  /** The operation nests deeper than `QUERY_DEPTH_LIMIT`. */
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  /** A bug or an unexpected failure on our side; details are in the server log only. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** One of {@link ErrorCode}. */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Throws-ready GraphQL error with a code from {@link ErrorCode}. */
export function graphQLError(code: ErrorCodeValue, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/** Support identifiers of an Okta failure, safe to show. */
function oktaExtensions(err: OktaError): Record<string, unknown> {
  const ext: Record<string, unknown> = {};
  if (err instanceof OktaApiError) {
    ext.oktaStatus = err.status;
    if (err.errorCode) ext.oktaErrorCode = err.errorCode;
    if (err.errorId) ext.oktaErrorId = err.errorId;
  }
  if (err.requestId) ext.oktaRequestId = err.requestId;
  return ext;
}

/**
 * The one mapping from an Okta failure to a code and a message fit for a client. Okta's
 * `errorSummary` is meant for display and is kept; raw bodies never are.
 */
export function classifyOktaError(err: OktaError): { code: ErrorCodeValue; message: string; extensions: Record<string, unknown> } {
  const extensions = oktaExtensions(err);
  if (err instanceof OktaRateLimitError) {
    return { code: ErrorCode.RATE_LIMITED, message: 'Okta rate limit reached; retry later', extensions: { ...extensions, retryAfter: err.retryAfterSeconds } };
  }
  if (err instanceof OktaTimeoutError) return { code: ErrorCode.OKTA_TIMEOUT, message: 'Okta did not answer in time', extensions };
  if (err instanceof OktaNetworkError) return { code: ErrorCode.OKTA_UNAVAILABLE, message: 'Okta could not be reached', extensions };
  if (err instanceof OktaInvalidResponseError) return { code: ErrorCode.OKTA_BAD_RESPONSE, message: 'Okta sent a response that could not be used', extensions };
  if (err instanceof OktaApiError) {
    const summary = err.errorSummary ? `: ${err.errorSummary}` : '';
    if (err.status === 400) return { code: ErrorCode.BAD_USER_INPUT, message: `Okta rejected the request${summary}`, extensions };
    if (err.status === 401) return { code: ErrorCode.OKTA_UNAUTHORIZED, message: 'Okta rejected the credentials in use', extensions };
    if (err.status === 403 && err.authenticateError === 'insufficient_scope') {
      return { code: ErrorCode.OKTA_SCOPE_MISSING, message: `Okta says the credentials lack a required scope${summary}`, extensions };
    }
    if (err.status === 403) return { code: ErrorCode.FORBIDDEN, message: `Okta refused the operation${summary}`, extensions };
    if (err.status === 404) return { code: ErrorCode.NOT_FOUND, message: `Not found in Okta${summary}`, extensions };
    if (err.status === 429) return { code: ErrorCode.RATE_LIMITED, message: 'Okta rate limit reached; retry later', extensions };
    if (err.status >= 500) return { code: ErrorCode.OKTA_UNAVAILABLE, message: `Okta failed with status ${err.status}`, extensions };
    return { code: ErrorCode.OKTA_ERROR, message: `Okta answered ${err.status}${summary}`, extensions };
  }
  return { code: ErrorCode.OKTA_ERROR, message: 'Okta call failed', extensions };
}

/** Turns any error thrown in a resolver into a client-safe GraphQL error. */
export function toGraphQLError(err: unknown): GraphQLError {
  if (err instanceof GraphQLError) return err;
  if (err instanceof OktaError) {
    const { code, message, extensions } = classifyOktaError(err);
    return graphQLError(code, message, extensions);
  }
  if (err instanceof FilterValueError) return graphQLError(ErrorCode.BAD_USER_INPUT, err.message);
  if (err instanceof OAuthUnavailableError) return graphQLError(ErrorCode.OKTA_UNAVAILABLE, "Okta's authorization server could not be reached");
  if (err instanceof OAuthGrantError) {
    return err.error === 'invalid_client'
      ? graphQLError(ErrorCode.OKTA_UNAUTHORIZED, "Okta refused the integration's client credentials")
      : graphQLError(ErrorCode.OKTA_ERROR, `Okta's authorization server answered ${err.error}`);
  }
  return graphQLError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
}

/**
 * Apollo Server's `formatError`: maps Okta errors to codes and masks anything unexpected, so no
 * internal message, upstream body or secret reaches a client. `onUnexpected` logs what was masked.
 */
export function formatError(onUnexpected: (err: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof GraphQLError && original !== error) {
      return { ...formatted, message: original.message, extensions: { ...original.extensions } };
    }
    if (original instanceof OktaError || original instanceof FilterValueError || original instanceof OAuthUnavailableError || original instanceof OAuthGrantError) {
      const mapped = toGraphQLError(original);
      return { ...formatted, message: mapped.message, extensions: { ...mapped.extensions } };
    }
    if (formatted.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR || !formatted.extensions?.code) {
      onUnexpected(original);
      return { ...formatted, message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
    }
    return formatted;
  };
}
