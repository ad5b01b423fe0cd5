import type { OktaErrorBody } from './types.js';

/**
 * Base of every failure the Okta client raises. Messages are ours, never Okta's raw body, and
 * never contain a token. `requestId` is Okta's `X-Okta-Request-Id`, for support tickets.
 */
export class OktaError extends Error {
  override name = 'OktaError';
  /** The route template of the call that failed, e.g. `GET /api/v1/users/{id}`. */
  readonly route: string;
  readonly requestId: string | undefined;
  constructor(message: string, route: string, requestId?: string, options?: ErrorOptions) {
    super(message, options);
    this.route = route;
    this.requestId = requestId;
  }
}

/** Okta answered with an HTTP error status and (usually) an Okta error body. */
export class OktaApiError extends OktaError {
  override name = 'OktaApiError';
  readonly status: number;
  readonly errorCode: string | undefined;
  readonly errorSummary: string | undefined;
  readonly errorId: string | undefined;
  readonly errorCauses: NonNullable<OktaErrorBody['errorCauses']>;
  /** Parsed `WWW-Authenticate` error (e.g. `insufficient_scope`), when Okta sent one. */
  readonly authenticateError: string | undefined;
  constructor(status: number, body: OktaErrorBody | undefined, route: string, requestId?: string, authenticateError?: string) {
    super(`Okta answered ${status}${body?.errorCode ? ` ${body.errorCode}` : ''} on ${route}`, route, requestId);
    this.status = status;
    this.errorCode = body?.errorCode;
    this.errorSummary = body?.errorSummary;
    this.errorId = body?.errorId;
    this.errorCauses = Array.isArray(body?.errorCauses) ? body.errorCauses : [];
    this.authenticateError = authenticateError;
  }
}

/** A rate limit we could not wait out within the request's deadline (or a 429 after all retries). */
export class OktaRateLimitError extends OktaError {
  override name = 'OktaRateLimitError';
  /** Seconds until the bucket resets, as best known. */
  readonly retryAfterSeconds: number;
  constructor(route: string, retryAfterSeconds: number, requestId?: string) {
    super(`Okta rate limit reached on ${route}`, route, requestId);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** No answer within the configured timeout. */
export class OktaTimeoutError extends OktaError {
  override name = 'OktaTimeoutError';
  constructor(route: string, timeoutMs: number) {
    super(`Okta did not answer ${route} within ${timeoutMs} ms`, route);
  }
}

/** The connection failed (refused, reset, DNS). */
export class OktaNetworkError extends OktaError {
  override name = 'OktaNetworkError';
  /** True when the request certainly never reached Okta (so even a write may be retried). */
  readonly notSent: boolean;
  constructor(route: string, code: string | undefined, notSent: boolean, cause?: unknown) {
    super(`Could not reach Okta for ${route}${code ? ` (${code})` : ''}`, route, undefined, { cause });
    this.notSent = notSent;
  }
}

/** Okta answered 2xx with a body we cannot use (malformed JSON, wrong type, a foreign next link). */
export class OktaInvalidResponseError extends OktaError {
  override name = 'OktaInvalidResponseError';
}
