/**
 * Okta's rate limits: each endpoint family has a bucket of N calls per window (one minute in Okta),
 * reported on every response as `X-Rate-Limit-Limit`, `-Remaining` and `-Reset` (epoch seconds);
 * an empty bucket answers 429 E0000047. Separately, an org caps concurrent requests; exceeding it
 * answers 429 with Limit = Remaining = 0.
 */

/** Rate-limit settings; all of them can change at run time through the control plane. */
export interface RateLimitConfig {
  /** Window length in milliseconds (Okta: 60 000). */
  windowMs: number;
  /** Limit of a bucket without its own entry in `buckets` (Okta's "most other API actions"). */
  defaultLimit: number;
  /** Limits by bucket name (see {@link bucketFor}, e.g. `/api/v1/users`). */
  buckets: Record<string, number>;
  /** Concurrent requests per org (Okta's default: 75 for Enterprise and Workforce orgs). */
  concurrency: number;
}

/**
 * Okta's published per-minute defaults for a Workforce Identity org ("Management rate limits" and
 * "End-user access rate limits" in Okta's developer docs), for the endpoint families the simulator
 * serves. Everything else under `/api/v1` (authorization servers, user sub-resources such as
 * `/users/{id}/groups` or lifecycle operations) falls in the `/api/v1` bucket, the default.
 */
export const DEFAULT_BUCKETS: Record<string, number> = {
  '/api/v1/users': 600,
  '/api/v1/users/{id}': 2000,
  '/api/v1/users/{id}/write': 600,
  '/api/v1/groups': 500,
  '/api/v1/groups/{id}': 1000,
  '/api/v1/apps': 100,
  '/api/v1/apps/{id}': 500,
  '/api/v1/logs': 120,
  '/api/v1': 1200,
  '/oauth2/v1': 2000,
  '/oauth2/v1/authorize': 2000,
  '/oauth2/v1/token': 2000,
  '/oauth2/v1/clients': 100,
  '/oauth2/{authorizationServerId}/v1': 2000,
  '/oauth2': 600,
};

/** Default settings: Okta's per-minute defaults. */
export function defaultRateLimitConfig(): RateLimitConfig {
  return { windowMs: 60_000, defaultLimit: 1200, buckets: { ...DEFAULT_BUCKETS }, concurrency: 75 };
}

const isParam = (segment: string | undefined) => segment !== undefined && segment.startsWith('{');

/**
 * The bucket a route counts against, by Okta's rules: `/api/v1/users` only for GET/POST on the
 * collection itself and `/api/v1/users/{id}` split into reads and writes, whereas the apps and
 * groups buckets take every sub-resource ("`/api/v1/apps` except `/api/v1/apps/{id}`").
 * @returns undefined for the public metadata endpoints, which Okta does not rate limit.
 */
export function bucketFor(method: string, pathTemplate: string): string | undefined {
  const s = pathTemplate.split('/').filter(Boolean);
  if (s[0] === '.well-known') return undefined;
  if (s[0] === 'oauth2') {
    const custom = s[1] !== 'v1';
    const rest = custom ? s.slice(2) : s.slice(1);
    if (rest[0] === '.well-known' || (rest[0] === 'v1' && rest[1] === 'keys' && rest.length === 2)) return undefined;
    if (rest[0] !== 'v1') return '/oauth2';
    if (custom) return '/oauth2/{authorizationServerId}/v1';
    if (['authorize', 'token', 'clients'].includes(rest[1] ?? '')) return `/oauth2/v1/${rest[1]}`;
    return '/oauth2/v1';
  }
  if (s[0] !== 'api' || s[1] !== 'v1') return '/api/v1';
  const [resource, id] = [s[2], s[3]];
  if (resource === 'logs') return '/api/v1/logs';
  if (resource === 'users') {
    if (s.length === 3 && (method === 'GET' || method === 'POST')) return '/api/v1/users';
    if (s.length === 4 && isParam(id)) return method === 'GET' ? '/api/v1/users/{id}' : '/api/v1/users/{id}/write';
    return '/api/v1';
  }
  if (resource === 'groups' || resource === 'apps') {
    return s.length === 4 && isParam(id) ? `/api/v1/${resource}/{id}` : `/api/v1/${resource}`;
  }
  return '/api/v1';
}

/** The outcome of one call against a bucket. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch seconds at which the bucket refills. */
  reset: number;
}

/** The `X-Rate-Limit-*` headers of a decision. */
export function rateLimitHeaders(decision: Pick<RateLimitDecision, 'limit' | 'remaining' | 'reset'>): Record<string, string> {
  return {
    'x-rate-limit-limit': String(decision.limit),
    'x-rate-limit-remaining': String(decision.remaining),
    'x-rate-limit-reset': String(decision.reset),
  };
}

/** Fixed-window counters per bucket, and the org's concurrent-request counter. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private active = 0;

  constructor(public config: RateLimitConfig, private readonly now: () => number = Date.now) {}

  /** Requests being served right now. */
  get inFlight(): number {
    return this.active;
  }

  /** Counts one call against `bucket` (unless the bucket is already empty). */
  take(bucket: string): RateLimitDecision {
    const limit = this.config.buckets[bucket] ?? this.config.defaultLimit;
    const now = this.now();
    let w = this.windows.get(bucket);
    if (!w || now >= w.start + this.config.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(bucket, w);
    }
    const reset = Math.ceil((w.start + this.config.windowMs) / 1000);
    if (w.count >= limit) return { allowed: false, limit, remaining: 0, reset };
    w.count++;
    return { allowed: true, limit, remaining: limit - w.count, reset };
  }

  /** Claims a concurrency slot; false when the org is at its concurrent-request limit. */
  enter(): boolean {
    if (this.active >= this.config.concurrency) return false;
    this.active++;
    return true;
  }

  /** Gives a concurrency slot back. */
  leave(): void {
    if (this.active > 0) this.active--;
  }

  /**
   * Headers of a request refused by the concurrency limit: Okta reports Limit = Remaining = 0 and
   * a reset one second out, which tells clients it is not a per-minute bucket.
   */
  concurrencyHeaders(): Record<string, string> {
    return rateLimitHeaders({ limit: 0, remaining: 0, reset: Math.ceil(this.now() / 1000) + 1 });
  }

  /** Forgets all counters (control plane reset); requests in flight keep their slots. */
  reset(): void {
    this.windows.clear();
  }
}
