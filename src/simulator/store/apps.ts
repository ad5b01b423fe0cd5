import type { Org } from '../org.js';

/** The org's applications and their user and group assignments. */
export class AppStore {}

/** Seeds applications and assignments from the org's seed. */
export function seedApps(_org: Org): void {}
