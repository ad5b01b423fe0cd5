import { createHash } from 'node:crypto';
import type { Org } from '../org.js';
import type { AppUserRecord, GroupAssignment, SimApp } from '../store/apps.js';
import type { SimUser } from '../store/users.js';

/**
 * Who has an app and how, derived from individual records and group assignments on every read.
 * Okta materialises an app user per group member; deriving gives the same answers (a group member
 * is an app user with `scope: GROUP` for as long as a group grants the app) without storing
 * anything per member, so that assigning Everyone in a 100 000-user org is free.
 */

/** An app user as Okta reports it: how the user got the app, and what was stored for them. */
export interface ResolvedAppUser {
  app: SimApp;
  user: SimUser;
  scope: 'USER' | 'GROUP';
  /** The individual record, or the overrides of a group user. */
  record?: AppUserRecord;
  /** For GROUP scope: the highest-priority assignment that grants the app. */
  group?: GroupAssignment;
}

/**
 * Drops the assignments of groups that no longer exist: Okta removes a deleted group's app
 * assignments with it, and the groups store does not know about apps.
 */
export function pruneDeletedGroups(org: Org, app: SimApp): void {
  for (const g of [...org.apps.groupAssignments(app.id)]) if (!org.groups.get(g.groupId)) org.apps.unassignGroup(app.id, g.groupId);
}

/** The group assignments of `app` that grant it to `userId`, highest priority first. */
export function grantingGroups(org: Org, app: SimApp, userId: string): GroupAssignment[] {
  return org.apps.groupAssignments(app.id).filter((g) => org.groups.isMember(g.groupId, userId));
}

/** The app user of `userId` on `app`, or undefined when the user does not have the app. */
export function resolveAppUser(org: Org, app: SimApp, userId: string): ResolvedAppUser | undefined {
  const user = org.users.get(userId);
  if (!user || user.id !== userId) return undefined;
  const record = org.apps.userRecord(app.id, userId);
  if (record?.individual) return { app, user, scope: 'USER', record };
  const group = grantingGroups(org, app, userId)[0];
  if (!group) return undefined;
  return { app, user, scope: 'GROUP', record, group };
}

/** Whether `userId` has `app`, individually or through a group. */
export function hasApp(org: Org, app: SimApp, userId: string): boolean {
  if (org.apps.userRecord(app.id, userId)?.individual) return true;
  return org.apps.groupAssignments(app.id).some((g) => org.groups.isMember(g.groupId, userId));
}

/** The apps `userId` has, individually or through a group, in app creation order. */
export function appsOfUser(org: Org, userId: string): SimApp[] {
  const groups = new Set(org.groups.groupsOf(userId));
  const ids = new Set(org.apps.appsWithRecordFor(userId).filter((id) => org.apps.userRecord(id, userId)?.individual));
  for (const g of groups) for (const id of org.apps.appsOfGroup(g)) ids.add(id);
  return [...ids]
    .map((id) => org.apps.get(id))
    .filter((a): a is SimApp => a !== undefined)
    .sort((a, b) => (org.apps.positionOf(a.id) ?? 0) - (org.apps.positionOf(b.id) ?? 0));
}

/**
 * One page of an app's users in user creation order after user position `after`.
 * @param match an extra condition (the `q` prefix match).
 */
export function appUsersPage(
  org: Org,
  app: SimApp,
  after: number,
  limit: number,
  match: (u: ResolvedAppUser) => boolean = () => true,
): { items: ResolvedAppUser[]; last: number } {
  const assignments = org.apps.groupAssignments(app.id);
  // When the assigned groups hold a good share of the org (Everyone, a department), a scan in user
  // order finds a page after a few hundred users; listing the members first would cost more.
  const members = assignments.reduce((n, g) => n + org.groups.memberCount(g.groupId), 0);
  const broad = members * 16 >= org.users.size;
  let candidates: Set<string> | undefined;
  if (!broad) {
    candidates = new Set<string>();
    for (const r of org.apps.userRecordsOf(app.id)) if (r.individual) candidates.add(r.userId);
    for (const g of assignments) for (const id of org.groups.members(g.groupId)) candidates.add(id);
  }
  const resolved = new Map<string, ResolvedAppUser>();
  const { items, lastPosition } = org.users.scan(
    (u) => {
      const r = resolveAppUser(org, app, u.id);
      if (!r || !match(r)) return false;
      resolved.set(u.id, r);
      return true;
    },
    after,
    limit,
    candidates,
  );
  return { items: items.map((u) => resolved.get(u.id)!), last: lastPosition };
}

/** Okta's app-assignment id (`0ua…`) of a group user, stable for the pair. */
export function derivedAssignmentId(appId: string, userId: string): string {
  const digest = createHash('sha256').update(`${appId}:${userId}`).digest();
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let id = '0ua';
  for (let i = 0; id.length < 20; i++) id += alphabet[digest[i]! % 62];
  return id;
}
