import { parseConfigPatch, patchedRateLimit } from './controlConfig.js';
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

/** Applies a partial configuration; a bad field changes nothing and answers 400. */
function applyConfig(org: Org, body: unknown): SimResponse {
  const patch = parseConfigPatch(body);
  if (typeof patch === 'string') return bad(patch);
  if (patch.rateLimit) org.rateLimiter.config = patchedRateLimit(org.rateLimiter.config, patch.rateLimit);
  if (patch.faults) org.faults.set(patch.faults);
  if (patch.latencyMs !== undefined) org.latencyMs = patch.latencyMs;
  if (patch.latencyJitterMs !== undefined) org.latencyJitterMs = patch.latencyJitterMs;
  if (patch.searchLagMs !== undefined) org.searchLagMs = patch.searchLagMs;
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
