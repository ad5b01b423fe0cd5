/**
 * Pacing against Okta's rate limits, shared by every request this process makes to one org.
 *
 * Okta meters each endpoint family in its own bucket and reports it on every response
 * (`X-Rate-Limit-Limit`, `-Remaining`, `-Reset` in epoch seconds). It also caps concurrent
 * requests per org (75 by default). Collecting 429s is the expensive way to learn a bucket is empty:
 * Okta may warn the org's admins and, past a threshold, lengthen the penalty. So we keep the last
 * reading of every bucket and hold requests back once what remains is already claimed by requests
 * in flight, until the reset time Okta announced.
 */

/** What Okta last said about a bucket. */
interface BucketState {
  limit: number;
  remaining: number;
  /** Epoch ms on our clock at which Okta refills the bucket. */
  resetAt: number;
  inFlight: number;
}

/** Raised when honouring a rate limit would overrun the caller's deadline. */
export class RateLimitWaitError extends Error {
  override name = 'RateLimitWaitError';
  constructor(
    readonly bucket: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`rate limit of ${bucket} resets in ${retryAfterSeconds} s`);
  }
}

/** Settings of an {@link OrgGovernor}. */
export interface GovernorOptions {
  /** Requests in flight to the org at once (Okta's default org limit is 75; stay well under). */
  maxConcurrency: number;
  /** Calls of a bucket kept in reserve for other processes sharing the org (replicas, scripts). */
  reserve: number;
  /** Upper bound of the random delay added after a reset, so that waiters do not stampede. */
  jitterMs: number;
  now?: () => number;
}

/** The outcome of {@link OrgGovernor.acquire}: how long we waited, and how to give the slot back. */
export interface Permit {
  waitedMs: number;
  release(): void;
}

/** Shared pacing state for one Okta org. */
export class OrgGovernor {
  private readonly buckets = new Map<string, BucketState>();
  private active = 0;
  private readonly queue: Array<() => void> = [];
  private readonly now: () => number;

  constructor(private readonly options: GovernorOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Waits until a request to `bucket` can be sent without emptying it, and for a concurrency slot.
   * @param deadline epoch ms after which waiting is pointless; throws {@link RateLimitWaitError} if the
   *   bucket will not reset before it.
   */
  async acquire(bucket: string, deadline: number, signal?: AbortSignal): Promise<Permit> {
    const started = this.now();
    for (;;) {
      const state = this.buckets.get(bucket);
      const now = this.now();
      if (!state || now >= state.resetAt) {
        if (state) {
          // Okta refilled the bucket; until the next response tells us more, assume it is full.
          state.remaining = state.limit;
          state.resetAt = Number.POSITIVE_INFINITY;
        }
        break;
      }
      if (state.remaining - state.inFlight > this.options.reserve) break;
      const wakeAt = state.resetAt + Math.random() * this.options.jitterMs;
      if (wakeAt > deadline) {
        throw new RateLimitWaitError(bucket, Math.max(1, Math.ceil((state.resetAt - now) / 1000)));
      }
      await sleep(wakeAt - now, signal);
    }
    await this.takeSlot(signal);
    const state = this.buckets.get(bucket);
    if (state) state.inFlight++;
    let released = false;
    return {
      waitedMs: this.now() - started,
      release: () => {
        if (released) return;
        released = true;
        const s = this.buckets.get(bucket);
        if (s && s.inFlight > 0) s.inFlight--;
        this.active--;
        this.queue.shift()?.();
      },
    };
  }

  /**
   * Records the rate-limit headers of a response. `serverDate` (the `Date` header) lets us turn
   * Okta's absolute reset time into a delay that does not depend on our clock agreeing with Okta's.
   * @returns the bucket's remaining count, when the response carried one.
   */
  observe(bucket: string, headers: Headers): number | undefined {
    const limit = Number(headers.get('x-rate-limit-limit'));
    const remaining = Number(headers.get('x-rate-limit-remaining'));
    const reset = Number(headers.get('x-rate-limit-reset'));
    if (!headers.has('x-rate-limit-remaining') || !Number.isFinite(remaining) || !Number.isFinite(reset)) return undefined;
    // A concurrency-limit 429 reports Limit = Remaining = 0; it says nothing about the bucket.
    if (limit === 0 && remaining === 0) return undefined;
    const resetAt = this.now() + resetDelayMs(reset, headers.get('date'), this.now());
    const state = this.buckets.get(bucket);
    if (state) {
      state.limit = limit;
      // Responses can arrive out of order; within one window, the lowest remaining is the latest.
      state.remaining = resetAt > state.resetAt + 1000 || !Number.isFinite(state.resetAt) ? remaining : Math.min(state.remaining, remaining);
      state.resetAt = resetAt;
    } else {
      this.buckets.set(bucket, { limit, remaining, resetAt, inFlight: 0 });
    }
    return remaining;
  }

  /** Marks a bucket empty until `resetAt` (after a 429). */
  exhaust(bucket: string, resetInMs: number): void {
    const state = this.buckets.get(bucket) ?? { limit: 0, remaining: 0, resetAt: 0, inFlight: 0 };
    state.remaining = 0;
    state.resetAt = this.now() + resetInMs;
    this.buckets.set(bucket, state);
  }

  private async takeSlot(signal?: AbortSignal): Promise<void> {
    if (this.active < this.options.maxConcurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        resolve();
      };
      const onAbort = () => {
        const i = this.queue.indexOf(grant);
        if (i >= 0) this.queue.splice(i, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(grant);
    });
  }
}

/**
 * Milliseconds until an `X-Rate-Limit-Reset` (epoch seconds) falls due, measured against the
 * response's `Date` header when present so that clock skew between us and Okta does not matter.
 */
export function resetDelayMs(resetEpochSeconds: number, dateHeader: string | null, now: number): number {
  const serverNow = dateHeader ? Date.parse(dateHeader) : Number.NaN;
  // Date is truncated to the second, so this errs on the late side, never early.
  const reference = Number.isFinite(serverNow) ? serverNow : now;
  return Math.max(0, resetEpochSeconds * 1000 - reference);
}

/** Sleeps `ms`, rejecting early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
