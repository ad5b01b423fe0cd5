import { randomBytes } from 'node:crypto';
import { FaultInjector } from './faults.js';
import type { Principal } from './http.js';
import { defaultRateLimitConfig, RateLimiter, type RateLimitConfig } from './rateLimits.js';
import { DEFAULT_ADMIN_LOGIN, seedContext, seedUsers, type SeedContext } from './seed.js';
import { AppStore, seedApps } from './store/apps.js';
import { AuthServerStore, seedAuthServers } from './store/authServers.js';
import { GroupStore, seedGroups } from './store/groups.js';
import { LogStore, seedLogHistory } from './store/logs.js';
import { UserStore } from './store/users.js';
import { OAuthState, seedOAuthClients, type OAuthClientRegistration } from './oauth/state.js';

/** Settings of a simulated org. */
export interface OrgOptions {
  /** Seeded users (the first ones are the seeded admins). */
  users: number;
  /** Seed of the deterministic generator. */
  seed: number | string;
  /** The SSWS API token; a random one when absent. */
  apiToken?: string;
  /** Rate-limit overrides. */
  rateLimit?: Partial<RateLimitConfig>;
  /** Latency added to every management and OAuth call, in ms. */
  latencyMs?: number;
  /** Random extra latency in [0, latencyJitterMs). */
  latencyJitterMs?: number;
  /** How far `search` lags behind writes, in ms (Okta's search index is eventually consistent). */
  searchLagMs?: number;
  /** OAuth web apps to register besides the seeded ones (`--client-id` etc.). */
  oauthClients?: OAuthClientRegistration[];
}

/** Request counts since start or the last reset, by route template. */
export class Stats {
  total = 0;
  byRoute: Record<string, number> = {};

  count(route: string): void {
    this.total++;
    this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
  }

  reset(): void {
    this.total = 0;
    this.byRoute = {};
  }

  toJSON(): { total: number; byRoute: Record<string, number> } {
    return { total: this.total, byRoute: { ...this.byRoute } };
  }
}

/** The whole state of one simulated Okta org. */
export class Org {
  users!: UserStore;
  groups!: GroupStore;
  apps!: AppStore;
  authServers!: AuthServerStore;
  logs!: LogStore;
  oauth!: OAuthState;
  seed!: SeedContext;
  readonly apiToken: string;
  readonly rateLimiter: RateLimiter;
  readonly faults: FaultInjector;
  readonly stats = new Stats();
  latencyMs: number;
  latencyJitterMs: number;
  searchLagMs: number;
  /** Set once the server listens: `http://127.0.0.1:PORT`. */
  baseUrl = 'http://127.0.0.1';
  /**
   * Resolves a bearer access token to its principal; installed by the org authorization server.
   * Without it, only SSWS tokens authenticate.
   */
  bearer?: (token: string) => Principal | undefined;

  constructor(readonly options: OrgOptions) {
    this.apiToken = options.apiToken ?? `00${randomBytes(30).toString('base64url')}`;
    this.rateLimiter = new RateLimiter({ ...defaultRateLimitConfig(), ...options.rateLimit });
    this.faults = new FaultInjector(options.seed);
    this.latencyMs = options.latencyMs ?? 0;
    this.latencyJitterMs = options.latencyJitterMs ?? 0;
    this.searchLagMs = options.searchLagMs ?? 0;
    this.reseed();
  }

  /** Rebuilds the org's data from the seed (control-plane reset with `data: true`). */
  reseed(): void {
    this.seed = seedContext(this.options.seed);
    this.users = new UserStore();
    seedUsers(this.users, Math.max(this.options.users, 5), this.seed);
    this.groups = new GroupStore();
    seedGroups(this);
    this.apps = new AppStore();
    seedApps(this);
    this.authServers = new AuthServerStore();
    seedAuthServers(this);
    this.oauth = new OAuthState();
    seedOAuthClients(this, this.options.oauthClients ?? []);
    this.logs = new LogStore(this);
    seedLogHistory(this);
  }

  /** The super admin that API tokens act as. */
  defaultAdminId(): string {
    return this.users.get(DEFAULT_ADMIN_LOGIN)!.id;
  }

  /** Okta's clock, as ISO-8601 with milliseconds. */
  nowIso(): string {
    return new Date().toISOString();
  }
}
