import type { Org } from '../org.js';

/** Okta's group types. */
export type SimGroupType = 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';

/** A group as the simulator keeps it. */
export interface SimGroup {
  id: string;
  type: SimGroupType;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  profile: { name: string; description: string | null; [attribute: string]: unknown };
  /** For APP_GROUP: the application the group is imported from. */
  sourceAppId?: string;
}

/**
 * The org's groups and memberships. Other stores rely on this interface: `get`, `all`,
 * `members`, `groupsOf`, `isMember`.
 */
export class GroupStore {
  private readonly byId = new Map<string, SimGroup>();
  private readonly membersByGroup = new Map<string, Set<string>>();
  private readonly groupsByUser = new Map<string, Set<string>>();

  get size(): number {
    return this.byId.size;
  }

  /** A group by id. */
  get(id: string): SimGroup | undefined {
    return this.byId.get(id);
  }

  /** Every group, in creation order. */
  all(): IterableIterator<SimGroup> {
    return this.byId.values();
  }

  /** Adds a new group. */
  insert(group: SimGroup): void {
    this.byId.set(group.id, group);
    this.membersByGroup.set(group.id, new Set());
  }

  /** Ids of the group's members, in the order they were added. */
  members(groupId: string): string[] {
    return [...(this.membersByGroup.get(groupId) ?? [])];
  }

  /** Ids of the groups a user belongs to. */
  groupsOf(userId: string): string[] {
    return [...(this.groupsByUser.get(userId) ?? [])];
  }

  isMember(groupId: string, userId: string): boolean {
    return this.membersByGroup.get(groupId)?.has(userId) ?? false;
  }

  /** Adds a member; false when already one. */
  addMember(groupId: string, userId: string): boolean {
    const members = this.membersByGroup.get(groupId);
    if (!members || members.has(userId)) return false;
    members.add(userId);
    let groups = this.groupsByUser.get(userId);
    if (!groups) {
      groups = new Set();
      this.groupsByUser.set(userId, groups);
    }
    groups.add(groupId);
    return true;
  }

  /** Removes a member; false when not one. */
  removeMember(groupId: string, userId: string): boolean {
    const removed = this.membersByGroup.get(groupId)?.delete(userId) ?? false;
    this.groupsByUser.get(userId)?.delete(groupId);
    return removed;
  }

  /** Removes a group and its memberships. */
  delete(groupId: string): void {
    for (const userId of this.membersByGroup.get(groupId) ?? []) this.groupsByUser.get(userId)?.delete(groupId);
    this.membersByGroup.delete(groupId);
    this.byId.delete(groupId);
  }
}

/** Seeds groups and memberships from the org's seed. */
export function seedGroups(_org: Org): void {}
