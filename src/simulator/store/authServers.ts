import type { Json } from './apps.js';

export { seedAuthServers } from '../authServers/seed.js';

/** Okta's lifecycle status of authorization servers, claims, policies and rules. */
export type LifecycleStatus = 'ACTIVE' | 'INACTIVE';

/** A custom token scope. */
export interface SimScope {
  id: string;
  name: string;
  displayName?: string;
  description?: string;
  consent: 'FLEXIBLE' | 'IMPLICIT' | 'REQUIRED';
  default: boolean;
  metadataPublish: 'ALL_CLIENTS' | 'NO_CLIENTS';
  optional: boolean;
  /** Okta's own OIDC scopes (`openid`, `profile`, ...): they cannot be renamed or deleted. */
  system: boolean;
}

/** A custom token claim. */
export interface SimClaim {
  id: string;
  name: string;
  status: LifecycleStatus;
  claimType: 'IDENTITY' | 'RESOURCE';
  valueType: 'EXPRESSION' | 'GROUPS' | 'SYSTEM';
  value: string;
  alwaysIncludeInToken: boolean;
  conditions: { scopes: string[] };
  system: boolean;
  group_filter_type?: 'CONTAINS' | 'EQUALS' | 'REGEX' | 'STARTS_WITH';
}

/** A rule of an access policy. */
export interface SimRule {
  id: string;
  name: string;
  status: LifecycleStatus;
  system: boolean;
  type: 'RESOURCE_ACCESS';
  conditions: Json;
  actions: Json;
  created: string;
  lastUpdated: string;
}

/** An access policy; its priority is its position in the server's list (1 first), as for its rules. */
export interface SimPolicy {
  id: string;
  name: string;
  description: string;
  status: LifecycleStatus;
  system: boolean;
  conditions: Json;
  created: string;
  lastUpdated: string;
  rules: SimRule[];
}

/** A custom authorization server with its scopes, claims and policies. */
export interface SimAuthServer {
  id: string;
  name: string;
  description: string;
  audiences: string[];
  issuerMode: 'ORG_URL' | 'CUSTOM_URL' | 'DYNAMIC';
  status: LifecycleStatus;
  created: string;
  lastUpdated: string;
  rotationMode: 'AUTO' | 'MANUAL';
  scopes: Map<string, SimScope>;
  claims: Map<string, SimClaim>;
  policies: SimPolicy[];
}

/**
 * The org's custom authorization servers (API Access Management). Scopes and claims keep their
 * creation order; policies and rules keep Okta's priority order, which a write with `priority`
 * changes (the others shift, as Okta renumbers them).
 */
export class AuthServerStore {
  private readonly byId = new Map<string, SimAuthServer>();

  /** A server by id (the default server's id is literally `default`). */
  get(id: string): SimAuthServer | undefined {
    return this.byId.get(id);
  }

  /** Every server, in creation order. */
  all(): SimAuthServer[] {
    return [...this.byId.values()];
  }

  /** Adds a server. */
  insert(server: SimAuthServer): void {
    this.byId.set(server.id, server);
  }

  /** A policy of a server and its index. */
  policy(server: SimAuthServer, policyId: string): { policy: SimPolicy; index: number } | undefined {
    const index = server.policies.findIndex((p) => p.id === policyId);
    return index < 0 ? undefined : { policy: server.policies[index]!, index };
  }
}

/**
 * Moves (or inserts) `item` to 1-based `priority` in `list`; without one a new item goes last and
 * an existing one stays where it is.
 */
export function placeByPriority<T extends { id: string }>(list: T[], item: T, priority: number | undefined): void {
  const index = list.findIndex((x) => x.id === item.id);
  if (index >= 0) list.splice(index, 1);
  const at = priority !== undefined ? priority - 1 : index >= 0 ? index : list.length;
  list.splice(Math.min(Math.max(at, 0), list.length), 0, item);
}
