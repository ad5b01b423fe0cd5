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
  /** False until a first response of the bucket has told us its numbers. */
  known: boolean;
  limit: number;
  remaining: number;
  /** Epoch ms on our clock at which Okta refills the bucket (Infinity: not known yet). */
  resetAt: number;
  inFlight: number;
}

/**
 * The rate-limit bucket Okta counts a call against, from Okta's documented families: the users,
 * groups and apps collections each have their own bucket, so do a single user, group or app (user
 * reads apart from user writes), the System Log; everything else under `/api/v1` shares one.
 * A group's or an app's sub-resources (members, assignments) count against their collection.
 * @param route `METHOD /path/template`, as the client's requests name it.
 */
export function oktaBucket(route: string): string {
  const [method = 'GET', path = ''] = route.split(' ', 2);
  const s = path.split('/').filter(Boolean);
  if (s[0] !== 'api' || s[1] !== 'v1') return s[0] === 'oauth2' ? '/oauth2' : path;
  const resource = s[2];
  const byId = s.length === 4 && s[3]!.startsWith('{');
  if (resource === 'logs') return '/api/v1/logs';
  if (resource === 'users') {
    if (s.length === 3 && (method === 'GET' || method === 'POST')) return '/api/v1/users';
    if (byId) return method === 'GET' ? '/api/v1/users/{id}' : '/api/v1/users/{id}:write';
    return '/api/v1';
  }
  if (resource === 'groups' || resource === 'apps') return byId ? `/api/v1/${resource}/{id}` : `/api/v1/${resource}`;
  return '/api/v1';
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
  /** Time held back by the bucket (not the wait for a concurrency slot). */
  waitedMs: number;
  release(): void;
}

/** While in-flight calls hold a fresh window's budget, re-check this often for their answers. */
const POLL_MS = 25;

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
   * Waits until a call to `bucket` can be sent without emptying it, claims its share of the bucket
   * (checked and claimed in one synchronous step, so that concurrent callers cannot all pass on the
   * same remaining count), then waits for a concurrency slot. A bucket never seen before admits one
   * call, whose answer tells the bucket's size, before the others.
   * @param deadline epoch ms after which waiting is pointless; throws {@link RateLimitWaitError} if the
   *   bucket will not admit the call before it.
   */
  async acquire(bucket: string, deadline: number, signal?: AbortSignal): Promise<Permit> {
    let waitedMs = 0;
    let state = this.buckets.get(bucket);
    if (!state) {
      state = { known: false, limit: 0, remaining: 0, resetAt: Number.POSITIVE_INFINITY, inFlight: 0 };
      this.buckets.set(bucket, state);
    }
    for (;;) {
      const now = this.now();
      if (state.known && now >= state.resetAt) {
        // Okta refilled the bucket; until an answer tells us more, assume it is full.
        state.remaining = state.limit;
        state.resetAt = Number.POSITIVE_INFINITY;
      }
      // A bucket smaller than the reserve keeps none: it would otherwise never admit a call.
      const reserve = Math.min(this.options.reserve, Math.max(0, state.limit - 1));
      const admitted = state.known ? state.remaining - state.inFlight > reserve : state.inFlight === 0;
      if (admitted) break;
      const wakeAt = Number.isFinite(state.resetAt) ? state.resetAt + Math.random() * this.options.jitterMs : now + POLL_MS;
      if (wakeAt > deadline) {
        throw new RateLimitWaitError(bucket, Number.isFinite(state.resetAt) ? Math.max(1, Math.ceil((state.resetAt - now) / 1000)) : 1);
      }
      await sleep(wakeAt - now, signal);
      waitedMs += this.now() - now;
    }
    state.inFlight++;
    const claimed = state;
    try {
      await this.takeSlot(signal);
    } catch (err) {
      claimed.inFlight--;
      throw err;
    }
    let released = false;
    return {
      waitedMs,
      release: () => {
        if (released) return;
        released = true;
        if (claimed.inFlight > 0) claimed.inFlight--;
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
    const state = this.buckets.get(bucket) ?? { known: false, limit: 0, remaining: 0, resetAt: Number.POSITIVE_INFINITY, inFlight: 0 };
    this.buckets.set(bucket, state);
    const limit = Number(headers.get('x-rate-limit-limit'));
    const remaining = Number(headers.get('x-rate-limit-remaining'));
    const reset = Number(headers.get('x-rate-limit-reset'));
    if (!headers.has('x-rate-limit-remaining') || !Number.isFinite(remaining) || !Number.isFinite(reset)) {
      // An answer without the headers (a proxy's, or an unmetered endpoint): nothing to pace by.
      if (!state.known) Object.assign(state, { known: true, limit: Number.POSITIVE_INFINITY, remaining: Number.POSITIVE_INFINITY });
      return undefined;
    }
    // A concurrency-limit 429 reports Limit = Remaining = 0; it says nothing about the bucket.
    if (limit === 0 && remaining === 0) return undefined;
    const resetAt = this.now() + resetDelayMs(reset, headers.get('date'), this.now());
    const sameWindow = state.known && Number.isFinite(state.resetAt) && Math.abs(resetAt - state.resetAt) < 1000;
    state.known = true;
    state.limit = limit;
    // Answers can arrive out of order; within one window, the lowest remaining is the latest.
    state.remaining = sameWindow ? Math.min(state.remaining, remaining) : remaining;
    state.resetAt = resetAt;
    return remaining;
  }

  /** Marks a bucket empty until `resetAt` (after a 429). */
  exhaust(bucket: string, resetInMs: number): void {
    const state = this.buckets.get(bucket) ?? { known: true, limit: 0, remaining: 0, resetAt: 0, inFlight: 0 };
    state.known = true;
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
