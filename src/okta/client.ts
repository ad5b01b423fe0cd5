import type { Logger } from 'pino';
import {
  OktaApiError,
  OktaError,
  OktaInvalidResponseError,
  OktaNetworkError,
  OktaRateLimitError,
  OktaTimeoutError,
} from './errors.js';
import { parseLinkHeader, toOrgRelative, type OktaPage } from './pagination.js';
import { oktaBucket, RateLimitWaitError, resetDelayMs, sleep, type OrgGovernor } from './rateLimit.js';
import type { OktaErrorBody } from './types.js';

/**
 * Where the client gets its `Authorization` header. The API-token provider returns a constant;
 * the OAuth provider refreshes the caller's access token. The client never knows which.
 */
export interface TokenProvider {
  /** The `Authorization` header value for the next request (`SSWS …` or `Bearer …`). */
  authorization(): Promise<string>;
  /**
   * Called once when Okta answers 401 E0000011 to `rejected`. Resolves true when a different
   * credential is now available and the request is worth one more try.
   */
  renew?(rejected: string): Promise<boolean>;
}

/** An Okta API token (`Authorization: SSWS <token>`), for single-org deployments. */
export class ApiTokenProvider implements TokenProvider {
  readonly #header: string;
  constructor(token: string) {
    this.#header = `SSWS ${token}`;
  }
  authorization(): Promise<string> {
    return Promise.resolve(this.#header);
  }
}

/** What one GraphQL request cost in Okta calls; surfaced as `extensions.okta`. */
export interface OktaCallStats {
  /** HTTP requests sent to Okta, retries included. */
  requests: number;
  /** Of those, how many were retries (429, 5xx, connection resets, token renewal). */
  retries: number;
  /** Milliseconds spent holding requests back for rate limits. */
  rateLimitWaitMs: number;
  /** The lowest `X-Rate-Limit-Remaining` seen, or null when no response carried one. */
  lowestRateLimitRemaining: number | null;
}

/** A fresh, zeroed {@link OktaCallStats}. */
export function newCallStats(): OktaCallStats {
  return { requests: 0, retries: 0, rateLimitWaitMs: 0, lowestRateLimitRemaining: null };
}

/** Settings of an {@link OktaClient}. */
export interface OktaClientOptions {
  /** The org's origin, e.g. `https://acme.okta.com`. */
  origin: URL;
  tokens: TokenProvider;
  /** Shared pacing state for this org (one per org per process). */
  governor: OrgGovernor;
  /** Per attempt, headers and body included. */
  timeoutMs: number;
  /** Retries after a 429 or, for GETs, a 5xx or a dropped connection. */
  maxRetries: number;
  /** Epoch ms after which no further attempt or rate-limit wait is started. */
  deadline?: number;
  /** Aborts everything in flight (the GraphQL request ended). */
  signal?: AbortSignal;
  stats?: OktaCallStats;
  logger?: Logger;
  fetch?: typeof fetch;
  /** Told about every attempt (route template, status or 0 for no answer, seconds), for metrics. */
  onCall?: (route: string, status: number, seconds: number) => void;
}

/** One call to the Management API. */
export interface OktaRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The route template, used for rate-limit buckets, logs and errors: `GET /api/v1/users/{id}`. */
  route: string;
  /** The encoded path (build it with {@link oktaPath}), optionally with a query string already. */
  path: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
}

/** A successful answer. */
export interface OktaResponse<T> {
  status: number;
  data: T;
  headers: Headers;
  requestId: string | undefined;
}

/**
 * Builds a path from a template literal, percent-encoding every interpolated value so that an id
 * such as `../groups` or a login with `/` can never change the path's structure.
 */
export function oktaPath(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  return strings.reduce((acc, s, i) => acc + s + (i < values.length ? encodeURIComponent(String(values[i])) : ''), '');
}

// Connection failures where the request provably never left this process: safe to retry a write.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'ENETUNREACH', 'EHOSTUNREACH']);
const USER_AGENT = 'okta-subgraph/0.1';

function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function authenticateError(header: string | null): string | undefined {
  return header ? /error="([^"]*)"/.exec(header)?.[1] : undefined;
}

/**
 * The one HTTP client for an Okta org: authentication, `Link` pagination, rate-limit pacing,
 * bounded retries with jitter, timeouts and typed errors. It knows nothing about GraphQL.
 */
export class OktaClient {
  readonly origin: URL;
  readonly stats: OktaCallStats;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: OktaClientOptions) {
    this.origin = options.origin;
    this.stats = options.stats ?? newCallStats();
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** Sends one request (with retries) and parses the JSON answer. Throws an {@link OktaError}. */
  async request<T>(req: OktaRequest): Promise<OktaResponse<T>> {
    const { governor, maxRetries, timeoutMs } = this.options;
    const deadline = this.options.deadline ?? Number.POSITIVE_INFINITY;
    const url = this.buildUrl(req);
    const bucket = oktaBucket(req.route);
    const idempotent = req.method === 'GET';
    let attempt = 0;
    let renewed = false;

    for (;;) {
      this.options.signal?.throwIfAborted();
      const authorization = await this.options.tokens.authorization();
      let permit;
      try {
        permit = await governor.acquire(bucket, deadline, this.options.signal);
      } catch (err) {
        if (err instanceof RateLimitWaitError) throw new OktaRateLimitError(req.route, err.retryAfterSeconds);
        throw err;
      }
      this.stats.rateLimitWaitMs += permit.waitedMs;
      this.stats.requests++;
      if (attempt > 0 || renewed) this.stats.retries++;

      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = this.options.signal ? AbortSignal.any([timeout, this.options.signal]) : timeout;
      const started = performance.now();
      let res: Response;
      let text: string;
      try {
        res = await this.fetchImpl(url, {
          method: req.method,
          headers: {
            accept: 'application/json',
            authorization,
            'user-agent': USER_AGENT,
            ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
          signal,
          redirect: 'manual',
        });
        text = await res.text();
      } catch (err) {
        permit.release();
        if (this.options.signal?.aborted) throw this.options.signal.reason;
        const failure = timeout.aborted
          ? new OktaTimeoutError(req.route, timeoutMs)
          : new OktaNetworkError(req.route, errorCode(err), NOT_SENT_CODES.has(errorCode(err) ?? ''), err);
        const retryable = idempotent || (failure instanceof OktaNetworkError && failure.notSent);
        this.log('warn', req, undefined, started, undefined, failure.message);
        if (retryable && attempt < maxRetries && (await this.backoff(attempt, deadline))) {
          attempt++;
          continue;
        }
        throw failure;
      }
      permit.release();

      const requestId = res.headers.get('x-okta-request-id') ?? undefined;
      const remaining = governor.observe(bucket, res.headers);
      if (remaining !== undefined) {
        const low = this.stats.lowestRateLimitRemaining;
        this.stats.lowestRateLimitRemaining = low === null ? remaining : Math.min(low, remaining);
      }
      this.log('debug', req, res.status, started, requestId);

      if (res.status >= 200 && res.status < 300) {
        if (text === '') return { status: res.status, data: undefined as T, headers: res.headers, requestId };
        try {
          return { status: res.status, data: JSON.parse(text) as T, headers: res.headers, requestId };
        } catch {
          if (idempotent && attempt < maxRetries && (await this.backoff(attempt, deadline))) {
            attempt++;
            continue;
          }
          throw new OktaInvalidResponseError(`Okta sent malformed JSON for ${req.route}`, req.route, requestId);
        }
      }

      const body = parseErrorBody(text);
      if (res.status === 429) {
        const concurrency = res.headers.get('x-rate-limit-limit') === '0';
        const reset = Number(res.headers.get('x-rate-limit-reset'));
        const waitMs = concurrency || !Number.isFinite(reset)
          ? 250 + Math.random() * 750
          : resetDelayMs(reset, res.headers.get('date'), Date.now()) + Math.random() * 500;
        if (!concurrency) governor.exhaust(bucket, waitMs);
        if (attempt < maxRetries && Date.now() + waitMs < deadline) {
          this.stats.rateLimitWaitMs += waitMs;
          await sleep(waitMs, this.options.signal);
          attempt++;
          continue;
        }
        throw new OktaRateLimitError(req.route, Math.max(1, Math.ceil(waitMs / 1000)), requestId);
      }
      if (res.status === 401 && !renewed && this.options.tokens.renew && body?.errorCode === 'E0000011') {
        renewed = true;
        if (await this.options.tokens.renew(authorization)) continue;
      }
      if (res.status >= 500 && idempotent && attempt < maxRetries && (await this.backoff(attempt, deadline))) {
        attempt++;
        continue;
      }
      if (res.status >= 300 && res.status < 400) {
        // Okta does not redirect API calls; following one would carry the token to another place.
        throw new OktaInvalidResponseError(`Okta redirected ${req.route}`, req.route, requestId);
      }
      throw new OktaApiError(res.status, body, req.route, requestId, authenticateError(res.headers.get('www-authenticate')));
    }
  }

  /**
   * Fetches one page of a list endpoint. Give either a first request or the `next` of a previous
   * page (`link`). `limit` replaces the page size, the only parameter we ever change in Okta's link.
   */
  async page<T>(req: OktaRequest | { route: string; link: string; limit?: number }): Promise<OktaPage<T>> {
    let request: OktaRequest;
    if ('link' in req) {
      const relative = toOrgRelative(req.link, this.origin);
      if (!relative || !relative.startsWith('/api/')) {
        throw new OktaInvalidResponseError(`refusing to follow a link outside the org for ${req.route}`, req.route);
      }
      request = { method: 'GET', route: req.route, path: relative, query: req.limit ? { limit: req.limit } : undefined };
    } else {
      request = req;
    }
    const res = await this.request<T[]>(request);
    if (!Array.isArray(res.data)) {
      throw new OktaInvalidResponseError(`Okta sent a non-list body for ${request.route}`, request.route, res.requestId);
    }
    const nextLink = parseLinkHeader(res.headers.get('link')).get('next');
    let next: string | undefined;
    if (nextLink) {
      next = toOrgRelative(nextLink, this.origin);
      if (!next) throw new OktaInvalidResponseError(`Okta sent a next link outside the org for ${request.route}`, request.route, res.requestId);
    }
    const self = new URL(this.buildUrl(request));
    return { items: res.data, self: `${self.pathname}${self.search}`, next };
  }

  private buildUrl(req: OktaRequest): string {
    const url = new URL(req.path, this.origin);
    if (url.origin !== this.origin.origin) throw new OktaError(`path escapes the org for ${req.route}`, req.route);
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value === undefined || value === null) continue;
      url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  /** Sleeps with full jitter before a retry; false when that would overrun the deadline. */
  private async backoff(attempt: number, deadline: number): Promise<boolean> {
    const ms = Math.random() * Math.min(2000, 100 * 2 ** (attempt + 1));
    if (Date.now() + ms >= deadline) return false;
    await sleep(ms, this.options.signal);
    return true;
  }

  private log(level: 'debug' | 'warn', req: OktaRequest, status: number | undefined, started: number, requestId?: string, reason?: string): void {
    this.options.onCall?.(req.route, status ?? 0, (performance.now() - started) / 1000);
    const logger = this.options.logger;
    if (!logger?.isLevelEnabled(level)) return;
    // The route template only: query strings carry filter values (emails, names).
    logger[level]({ okta: { route: req.route, status, ms: Math.round(performance.now() - started), requestId }, reason }, 'okta call');
  }
}

function parseErrorBody(text: string): OktaErrorBody | undefined {
  if (!text) return undefined;
  try {
    const body = JSON.parse(text) as unknown;
    return body && typeof body === 'object' ? (body as OktaErrorBody) : undefined;
  } catch {
    return undefined;
  }
}
