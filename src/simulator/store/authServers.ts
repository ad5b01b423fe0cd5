import type { Org } from '../org.js';

/** The org's custom authorization servers with scopes, claims, policies, rules and keys. */
export class AuthServerStore {}

/** Seeds the authorization servers from the org's seed. */
export function seedAuthServers(_org: Org): void {}
