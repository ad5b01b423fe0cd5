import { validateFaultRules, type FaultRule } from './faults.js';
import type { RateLimitConfig } from './rateLimits.js';

/** A partial rate-limit change: any subset of the settings, plus `everyBucket`. */
export interface RateLimitPatch {
  windowMs?: number;
  defaultLimit?: number;
  concurrency?: number;
  /** Merged into the current limits by bucket name. */
  buckets?: Record<string, number>;
  /** Sets every known bucket and the default at once (what `--rate-limit N` does). */
  everyBucket?: number;
}

/** A validated `POST /__simulator/config` body. */
export interface ConfigPatch {
  rateLimit?: RateLimitPatch;
  faults?: FaultRule[];
  latencyMs?: number;
  latencyJitterMs?: number;
  searchLagMs?: number;
}

/**
 * Top-level settings the control plane accepts. A setting added to `SimulatorConfig` must be
 * listed here too: unknown keys are refused so that a typo in a test fails loudly instead of
 * silently testing nothing.
 */
export const CONFIG_KEYS = new Set<string>(['rateLimit', 'faults', 'latencyMs', 'latencyJitterMs', 'searchLagMs']);

const RATE_LIMIT_KEYS = new Set<string>(['windowMs', 'defaultLimit', 'concurrency', 'buckets', 'everyBucket']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
const isMs = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function rateLimitProblem(r: unknown): string | undefined {
  if (!isObject(r)) return 'rateLimit must be an object';
  const unknown = Object.keys(r).find((k) => !RATE_LIMIT_KEYS.has(k));
  if (unknown) return `rateLimit.${unknown} is not a rate-limit setting`;
  if (r.windowMs !== undefined && !(isMs(r.windowMs) && (r.windowMs as number) >= 1)) return 'rateLimit.windowMs must be a number of ms >= 1';
  if (r.concurrency !== undefined && !(isCount(r.concurrency) && (r.concurrency as number) >= 1)) return 'rateLimit.concurrency must be an integer >= 1';
  for (const key of ['defaultLimit', 'everyBucket'] as const) {
    if (r[key] !== undefined && !isCount(r[key])) return `rateLimit.${key} must be a non-negative integer`;
  }
  if (r.buckets !== undefined && (!isObject(r.buckets) || Object.values(r.buckets).some((v) => !isCount(v)))) {
    return 'rateLimit.buckets must map bucket names to non-negative integers';
  }
  return undefined;
}

/**
 * Validates a control-plane config body as a whole before anything is applied.
 * @param extraKeys further top-level settings handled by the caller.
 * @returns the patch, or a message naming the first problem.
 */
export function parseConfigPatch(body: unknown, extraKeys: readonly string[] = []): ConfigPatch | string {
  if (!isObject(body)) return 'body must be a JSON object';
  const unknown = Object.keys(body).find((k) => !CONFIG_KEYS.has(k) && !extraKeys.includes(k));
  if (unknown) return `${unknown} is not a simulator setting`;
  if (body.rateLimit !== undefined) {
    const problem = rateLimitProblem(body.rateLimit);
    if (problem) return problem;
  }
  if (body.faults !== undefined) {
    const faults = validateFaultRules(body.faults);
    if (typeof faults === 'string') return faults;
  }
  for (const key of ['latencyMs', 'latencyJitterMs', 'searchLagMs'] as const) {
    if (body[key] !== undefined && !isMs(body[key])) return `${key} must be a non-negative number of ms`;
  }
  return body as ConfigPatch;
}

/** The rate-limit settings after applying a (validated) patch. */
export function patchedRateLimit(current: RateLimitConfig, patch: RateLimitPatch): RateLimitConfig {
  const { everyBucket, buckets, ...rest } = patch;
  const base = everyBucket !== undefined ? Object.fromEntries(Object.keys(current.buckets).map((k) => [k, everyBucket])) : current.buckets;
  return {
    ...current,
    ...rest,
    ...(everyBucket !== undefined ? { defaultLimit: everyBucket } : {}),
    buckets: { ...base, ...(buckets ?? {}) },
  };
}
