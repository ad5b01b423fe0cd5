import { Rng } from './random.js';

/**
 * Failures on demand, per route pattern, for testing how the client copes: latency, 5xx answers,
 * dropped connections, bodies that trickle in, and malformed JSON.
 */
export interface FaultRule {
  /**
   * Which routes: a route template with `*` wildcards, matched against `METHOD /path/{param}`
   * (e.g. `GET /api/v1/users*`, `* /api/v1/groups/{id}`). Default: every management and OAuth route.
   */
  route?: string;
  /** Added latency before answering, in ms. */
  latencyMs?: number;
  /** Extra random latency in [0, jitterMs). */
  jitterMs?: number;
  /** Share of requests (0..1) answered with `errorStatus`. */
  errorRate?: number;
  /** 500 (E0000009), 503 (E0000010) or another 5xx; default 500. */
  errorStatus?: number;
  /** Share of requests whose connection is destroyed without an answer. */
  resetRate?: number;
  /** Share of requests whose JSON body is cut in half. */
  malformedRate?: number;
  /** Sends the body in pieces over this many ms. */
  slowBodyMs?: number;
  /** Applies to at most this many matching requests, then the rule goes quiet. */
  times?: number;
}

/** What to do to one request. */
export interface FaultPlan {
  delayMs: number;
  errorStatus?: number;
  reset: boolean;
  malformed: boolean;
  slowBodyMs: number;
}

const DURATIONS = ['latencyMs', 'jitterMs', 'slowBodyMs'] as const;
const RATES = ['errorRate', 'resetRate', 'malformedRate'] as const;
const KEYS = new Set<string>(['route', 'errorStatus', 'times', ...DURATIONS, ...RATES]);

/**
 * Checks fault rules sent to the control plane.
 * @returns the rules, or a message naming the first problem (the caller answers 400).
 */
export function validateFaultRules(value: unknown): FaultRule[] | string {
  if (!Array.isArray(value)) return 'faults must be a list of fault rules';
  for (const [i, rule] of value.entries()) {
    const at = `faults[${i}]`;
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) return `${at} must be an object`;
    const r = rule as Record<string, unknown>;
    const unknown = Object.keys(r).find((k) => !KEYS.has(k));
    if (unknown) return `${at}.${unknown} is not a fault setting`;
    if (r.route !== undefined && (typeof r.route !== 'string' || r.route === '')) return `${at}.route must be a non-empty string`;
    for (const k of DURATIONS) {
      if (r[k] !== undefined && !(typeof r[k] === 'number' && Number.isFinite(r[k]) && r[k] >= 0)) return `${at}.${k} must be a non-negative number of ms`;
    }
    for (const k of RATES) {
      if (r[k] !== undefined && !(typeof r[k] === 'number' && r[k] >= 0 && r[k] <= 1)) return `${at}.${k} must be a share between 0 and 1`;
    }
    if (r.errorStatus !== undefined && !(Number.isInteger(r.errorStatus) && (r.errorStatus as number) >= 500 && (r.errorStatus as number) <= 599)) {
      return `${at}.errorStatus must be a 5xx status`;
    }
    if (r.times !== undefined && !(Number.isInteger(r.times) && (r.times as number) >= 0)) return `${at}.times must be a non-negative integer`;
  }
  return value as FaultRule[];
}

function matcher(pattern: string | undefined): (route: string) => boolean {
  if (!pattern || pattern === '*') return () => true;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return (route) => re.test(route);
}

/** The active fault rules, with a seeded PRNG so that a test run is reproducible. */
export class FaultInjector {
  private rules: Array<{ rule: FaultRule; matches: (route: string) => boolean; used: number }> = [];
  private rng: Rng;

  constructor(private readonly seed: number | string = 1) {
    this.rng = new Rng(`faults:${seed}`);
  }

  /** Replaces every rule; the PRNG restarts so that the same rules give the same sequence. */
  set(rules: FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule: { ...rule }, matches: matcher(rule.route), used: 0 }));
    this.rng = new Rng(`faults:${this.seed}`);
  }

  /** The current rules (for the control plane). */
  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r.rule }));
  }

  /**
   * Decides the faults of one request to `route`. At most one of reset, error and malformed
   * applies per request (a dropped connection has no body to spoil); latency and slow bodies add up.
   * A rule with `times` counts only the requests it actually changed.
   */
  plan(route: string): FaultPlan {
    const plan: FaultPlan = { delayMs: 0, reset: false, malformed: false, slowBodyMs: 0 };
    for (const entry of this.rules) {
      const { rule } = entry;
      if (!entry.matches(route)) continue;
      if (rule.times !== undefined && entry.used >= rule.times) continue;
      let applied = false;
      if (rule.latencyMs || rule.jitterMs) {
        plan.delayMs += (rule.latencyMs ?? 0) + this.rng.next() * (rule.jitterMs ?? 0);
        applied = true;
      }
      const decided = plan.reset || plan.errorStatus !== undefined;
      if (!decided && rule.resetRate && this.rng.chance(rule.resetRate)) {
        plan.reset = true;
        applied = true;
      } else if (!decided && rule.errorRate && this.rng.chance(rule.errorRate)) {
        plan.errorStatus = rule.errorStatus ?? 500;
        applied = true;
      } else if (!decided && !plan.malformed && rule.malformedRate && this.rng.chance(rule.malformedRate)) {
        plan.malformed = true;
        applied = true;
      }
      if (rule.slowBodyMs) {
        plan.slowBodyMs = Math.max(plan.slowBodyMs, rule.slowBodyMs);
        applied = true;
      }
      if (applied) entry.used++;
    }
    return plan;
  }

  /** Random extra latency in [0, jitterMs) from the same reproducible sequence. */
  jitter(jitterMs: number): number {
    return jitterMs > 0 ? this.rng.next() * jitterMs : 0;
  }
}
