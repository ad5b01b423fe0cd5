/** What the org authorization server counts, for tests (`GET /__simulator/oauth/stats`). */
export const COUNTER_NAMES = [
  /** Authorization codes handed out by `/authorize`. */
  'codesIssued',
  /** Codes exchanged at `/token`. */
  'codesRedeemed',
  /** A code presented a second time (its tokens were revoked). */
  'codeReuses',
  'accessTokensIssued',
  'idTokensIssued',
  'refreshTokensIssued',
  /** Successful `refresh_token` grants. */
  'refreshes',
  /** Refreshes that rotated a refresh token used for the first time. */
  'rotations',
  /** Refreshes made with an already rotated token inside the grace period. */
  'graceReuses',
  /** A rotated token replayed after the grace period: its whole family was revoked. */
  'reuseDetections',
  /** Tokens revoked through `/oauth2/v1/revoke`. */
  'revocations',
  /** Token families revoked, for any reason. */
  'familiesRevoked',
  /** Authorization requests refused because consent was configured to be denied. */
  'consentDenials',
] as const;

/** One counter. */
export type CounterName = (typeof COUNTER_NAMES)[number];

/** A snapshot of the counters. */
export type CounterSnapshot = Record<CounterName, number> & {
  /** Error answers of `/token`, `/revoke` and `/introspect` by OAuth error code. */
  errors: Record<string, number>;
};

function zero(): CounterSnapshot {
  return { ...(Object.fromEntries(COUNTER_NAMES.map((n) => [n, 0])) as Record<CounterName, number>), errors: {} };
}

/** Counters in total and per client id. */
export class OAuthCounters {
  private total = zero();
  private readonly byClient = new Map<string, CounterSnapshot>();

  /** Adds one to `name` (and to the client's own count). */
  bump(name: CounterName, clientId?: string): void {
    this.total[name]++;
    if (clientId) this.client(clientId)[name]++;
  }

  /** Counts an OAuth error answer. */
  error(code: string, clientId?: string): void {
    this.total.errors[code] = (this.total.errors[code] ?? 0) + 1;
    if (clientId) {
      const c = this.client(clientId);
      c.errors[code] = (c.errors[code] ?? 0) + 1;
    }
  }

  /** The counts, in total or of one client. */
  snapshot(clientId?: string): CounterSnapshot {
    const source = clientId === undefined ? this.total : (this.byClient.get(clientId) ?? zero());
    return { ...source, errors: { ...source.errors } };
  }

  /** Zeroes everything. */
  reset(): void {
    this.total = zero();
    this.byClient.clear();
  }

  private client(clientId: string): CounterSnapshot {
    let c = this.byClient.get(clientId);
    if (!c) {
      c = zero();
      this.byClient.set(clientId, c);
    }
    return c;
  }
}
