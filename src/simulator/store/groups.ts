import type { Org } from '../org.js';

/** The org's groups and memberships. */
export class GroupStore {}

/** Seeds groups and memberships from the org's seed. */
export function seedGroups(_org: Org): void {}
