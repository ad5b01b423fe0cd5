import { ok, type SimResponse } from './http.js';
import type { FaultRule } from './faults.js';
import type { Org } from './org.js';
import { defaultRateLimitConfig, type RateLimitConfig } from './rateLimits.js';
import type { RouteDef } from './router.js';

/** The run-time settings the control plane reads and changes. */
export interface SimulatorConfig {
  rateLimit: RateLimitConfig;
  faults: FaultRule[];
  latencyMs: number;
  latencyJitterMs: number;
  searchLagMs: number;
}

function current(org: Org): SimulatorConfig {
  return {
    rateLimit: org.rateLimiter.config,
    faults: org.faults.list(),
    latencyMs: org.latencyMs,
    latencyJitterMs: org.latencyJitterMs,
    searchLagMs: org.searchLagMs,
  };
}

function bad(message: string): SimResponse {
  return { status: 400, body: { error: 'invalid_config', message } };
}

const isCount = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Applies a partial configuration; a bad field changes nothing and answers 400. */
function applyConfig(org: Org, body: unknown): SimResponse {
  if (!body || typeof body !== 'object') return bad('body must be a JSON object');
  const b = body as Partial<SimulatorConfig> & { rateLimit?: Partial<RateLimitConfig> };
  if (b.rateLimit !== undefined) {
    const r = b.rateLimit;
    if (typeof r !== 'object' || r === null) return bad('rateLimit must be an object');
    for (const key of ['windowMs', 'defaultLimit', 'concurrency'] as const) {
      if (r[key] !== undefined && !isCount(r[key])) return bad(`rateLimit.${key} must be a non-negative number`);
    }
    if (r.buckets !== undefined && (typeof r.buckets !== 'object' || Object.values(r.buckets).some((v) => !isCount(v)))) {
      return bad('rateLimit.buckets must map bucket names to non-negative numbers');
    }
  }
  if (b.faults !== undefined && (!Array.isArray(b.faults) || b.faults.some((f) => typeof f !== 'object' || f === null))) {
    return bad('faults must be a list of fault rules');
  }
  for (const key of ['latencyMs', 'latencyJitterMs', 'searchLagMs'] as const) {
    if (b[key] !== undefined && !isCount(b[key])) return bad(`${key} must be a non-negative number`);
  }

  if (b.rateLimit) {
    const r = b.rateLimit;
    // `everyBucket` sets all known buckets and the default at once (what --rate-limit does).
    const every = (r as { everyBucket?: number }).everyBucket;
    const buckets = every !== undefined ? Object.fromEntries(Object.keys(org.rateLimiter.config.buckets).map((k) => [k, every])) : org.rateLimiter.config.buckets;
    org.rateLimiter.config = {
      ...org.rateLimiter.config,
      ...r,
      ...(every !== undefined ? { defaultLimit: every } : {}),
      buckets: { ...buckets, ...(r.buckets ?? {}) },
    };
  }
  if (b.faults) org.faults.set(b.faults);
  if (b.latencyMs !== undefined) org.latencyMs = b.latencyMs;
  if (b.latencyJitterMs !== undefined) org.latencyJitterMs = b.latencyJitterMs;
  if (b.searchLagMs !== undefined) org.searchLagMs = b.searchLagMs;
  return ok(current(org));
}

/**
 * `/__simulator/*`: the test control plane. It exists on the simulator only; the subgraph has no
 * such routes.
 */
export function controlRoutes(org: Org, initial: () => SimulatorConfig): RouteDef[] {
  return [
    { method: 'GET', path: '/__simulator/stats', kind: 'control', handler: () => ok(org.stats.toJSON()) },
    { method: 'GET', path: '/__simulator/config', kind: 'control', handler: () => ok(current(org)) },
    { method: 'POST', path: '/__simulator/config', kind: 'control', handler: (req) => applyConfig(org, req.body) },
    {
      method: 'POST',
      path: '/__simulator/reset',
      kind: 'control',
      // Resets counters, rate-limit windows, faults and settings to their start-up values; with
      // `{"data": true}` also rebuilds the org's data from the seed.
      handler: (req) => {
        const start = initial();
        org.stats.reset();
        org.rateLimiter.reset();
        org.rateLimiter.config = { ...defaultRateLimitConfig(), ...start.rateLimit, buckets: { ...start.rateLimit.buckets } };
        org.faults.set([]);
        org.latencyMs = start.latencyMs;
        org.latencyJitterMs = start.latencyJitterMs;
        org.searchLagMs = start.searchLagMs;
        org.oauth.resetRuntime();
        if ((req.body as { data?: unknown } | undefined)?.data === true) org.reseed();
        return ok({ reset: true });
      },
    },
  ];
}
