import type { Handler } from './http.js';

/** How a route is guarded. */
export type RouteKind =
  /** Management API: SSWS or Bearer token, scope and admin-role checks, rate limits, faults, stats. */
  | 'management'
  /** OAuth / OIDC endpoints: their own client authentication; rate limits, faults and stats apply. */
  | 'oauth'
  /** `/__simulator/*`: no auth, never counted, never faulted. */
  | 'control';

/** One route of the simulator. */
export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path template with `{param}` segments, e.g. `/api/v1/users/{id}`. */
  path: string;
  kind: RouteKind;
  handler: Handler;
  /** For bearer tokens: alternatives of required scopes (any inner list fully held). */
  scopes?: string[][];
  /** The admin permission the calling user needs, e.g. `users.read` (see `roles.ts`). */
  permission?: string;
  /** Rate-limit bucket; defaults to the path template. */
  bucket?: string;
}

interface Compiled {
  def: RouteDef;
  segments: string[];
  /** Static segments first, so `/users/me` would win over `/users/{id}`. */
  specificity: number;
}

/** Matches requests to route templates. */
export class Router {
  private readonly routes: Compiled[] = [];

  add(...defs: RouteDef[]): void {
    for (const def of defs) {
      const segments = def.path.split('/').filter(Boolean);
      this.routes.push({ def, segments, specificity: segments.filter((s) => !s.startsWith('{')).length });
    }
    this.routes.sort((a, b) => b.specificity - a.specificity);
  }

  /**
   * Finds the route of `method pathname`.
   * @returns the route and decoded params; `methodMismatch` when only another method matches.
   */
  match(method: string, pathname: string): { def: RouteDef; params: Record<string, string> } | 'methodMismatch' | undefined {
    const parts = pathname.split('/').filter(Boolean);
    let mismatch = false;
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = route.segments[i]!;
        if (seg.startsWith('{')) {
          try {
            params[seg.slice(1, -1)] = decodeURIComponent(parts[i]!);
          } catch {
            ok = false;
            break;
          }
        } else if (seg !== parts[i]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (route.def.method !== method) {
        mismatch = true;
        continue;
      }
      return { def: route.def, params };
    }
    return mismatch ? 'methodMismatch' : undefined;
  }

  /** Every registered route. */
  list(): RouteDef[] {
    return this.routes.map((r) => r.def);
  }
}

/** The template a route is counted under in stats: `GET /api/v1/users/{id}`. */
export function routeName(def: Pick<RouteDef, 'method' | 'path'>): string {
  return `${def.method} ${def.path}`;
}
