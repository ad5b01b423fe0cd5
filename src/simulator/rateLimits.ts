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
  /** Limit of a bucket without its own entry in `buckets`. */
  defaultLimit: number;
  /** Limits by bucket name (the route's bucket, e.g. `/api/v1/users`). */
  buckets: Record<string, number>;
  /** Concurrent requests per org (Okta's default: 75 for most orgs). */
  concurrency: number;
}

/** Okta's published defaults for the endpoint families the simulator serves (per minute). */
export const DEFAULT_BUCKETS: Record<string, number> = {
  '/api/v1/users': 600,
  '/api/v1/users/{id}': 2000,
  '/api/v1/users/{id}/write': 600,
  '/api/v1/groups': 500,
  '/api/v1/groups/{id}': 1000,
  '/api/v1/apps': 100,
  '/api/v1/apps/{id}': 500,
  '/api/v1/authorizationServers': 100,
  '/api/v1/logs': 120,
  '/oauth2/v1/authorize': 600,
  '/oauth2/v1/token': 600,
  '/oauth2/v1': 600,
};

/** Default settings: Okta's per-minute defaults. */
export function defaultRateLimitConfig(): RateLimitConfig {
  return { windowMs: 60_000, defaultLimit: 1200, buckets: { ...DEFAULT_BUCKETS }, concurrency: 75 };
}

/** The outcome of one call against a bucket. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch seconds at which the bucket refills. */
  reset: number;
}

/** Fixed-window counters per bucket. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private inFlight = 0;

  constructor(public config: RateLimitConfig, private readonly now: () => number = Date.now) {}

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
    if (this.inFlight >= this.config.concurrency) return false;
    this.inFlight++;
    return true;
  }

  /** Gives a concurrency slot back. */
  leave(): void {
    if (this.inFlight > 0) this.inFlight--;
  }

  /** Forgets all counters (control plane reset). */
  reset(): void {
    this.windows.clear();
  }
}
