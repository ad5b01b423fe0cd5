import { Rng } from './random.js';

/**
 * Failures on demand, per route pattern, for testing how the client copes: latency, 5xx answers,
 * dropped connections, bodies that trickle in, and malformed JSON.
 */
export interface FaultRule {
  /**
   * Which routes: a route template with `*` wildcards, matched against `METHOD /path/{param}`
   * (e.g. `GET /api/v1/users*`, `* /api/v1/groups/{id}`). Default: every management route.
   */
  route?: string;
  /** Added latency before answering, in ms. */
  latencyMs?: number;
  /** Extra random latency in [0, jitterMs). */
  jitterMs?: number;
  /** Share of requests (0..1) answered with `errorStatus`. */
  errorRate?: number;
  /** 500 (E0000009) or 503 (E0000010) and friends; default 500. */
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

function matcher(pattern: string | undefined): (route: string) => boolean {
  if (!pattern || pattern === '*') return () => true;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return (route) => re.test(route);
}

/** The active fault rules, with a seeded PRNG so that a test run is reproducible. */
export class FaultInjector {
  private rules: Array<{ rule: FaultRule; matches: (route: string) => boolean; used: number }> = [];
  private rng: Rng;

  constructor(seed: number | string = 1) {
    this.rng = new Rng(`faults:${seed}`);
  }

  /** Replaces every rule. */
  set(rules: FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule, matches: matcher(rule.route), used: 0 }));
  }

  /** The current rules (for the control plane). */
  list(): FaultRule[] {
    return this.rules.map((r) => r.rule);
  }

  /** Decides the faults of one request to `route`. */
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
      if (rule.resetRate && this.rng.chance(rule.resetRate)) {
        plan.reset = true;
        applied = true;
      } else if (rule.errorRate && this.rng.chance(rule.errorRate)) {
        plan.errorStatus = rule.errorStatus ?? 500;
        applied = true;
      } else if (rule.malformedRate && this.rng.chance(rule.malformedRate)) {
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
}
