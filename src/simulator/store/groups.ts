import type { Org } from '../org.js';
import { seedOrgGroups } from '../seed/groups.js';
import { SearchLag } from './searchLag.js';
import type { UserStore } from './users.js';

export { groupJson } from './groupJson.js';

/** Okta's group types. */
export type SimGroupType = 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';

/** A group as the simulator keeps it. */
export interface SimGroup {
  id: string;
  type: SimGroupType;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  /** Okta's `objectClass`: `okta:user_group`, or the source's class for an APP_GROUP. */
  objectClass?: string[];
  profile: { name: string; description: string | null; [attribute: string]: unknown };
  /** For APP_GROUP: the application the group is imported from (set by the apps seed). */
  sourceAppId?: string;
}

/** Members of one stored group in the order they were added; removal leaves a hole so cursors stay valid. */
interface Members {
  seq: Map<string, number>;
  order: Array<string | undefined>;
}

/**
 * The org's groups and memberships. Other stores rely on `get`, `all`, `members`, `groupsOf`,
 * `isMember`, `addMember`, `removeMember` and `delete`, whose signatures stay as they are.
 *
 * The BUILT_IN Everyone group holds every user of the org; its membership is derived from the
 * user store rather than stored (100k set entries would buy nothing), and it cannot be changed.
 */
export class GroupStore {
  private readonly byId = new Map<string, SimGroup>();
  /** Ids in creation order; a deleted group keeps its slot so that cursors stay valid. */
  private readonly order: string[] = [];
  private readonly position = new Map<string, number>();
  private readonly byName = new Map<string, Set<string>>();
  private readonly membersByGroup = new Map<string, Members>();
  private readonly groupsByUser = new Map<string, Set<string>>();
  private everyone?: { id: string; users: UserStore };
  /** Counts writes, so that derived views know when to rebuild. */
  version = 0;
  /** What `search` sees: the groups as they were `searchLagMs` ago. */
  readonly searchLag = new SearchLag<SimGroup>();

  /** Number of groups. */
  get size(): number {
    return this.byId.size;
  }

  /** The id of the BUILT_IN Everyone group, once seeded. */
  get everyoneId(): string | undefined {
    return this.everyone?.id;
  }

  /** Makes `groupId` the Everyone group: its members are all of `users`, now and later. */
  setEveryone(groupId: string, users: UserStore): void {
    this.everyone = { id: groupId, users };
  }

  /** A group by id. */
  get(id: string): SimGroup | undefined {
    return this.byId.get(id);
  }

  /** Every group, in creation order. */
  all(): IterableIterator<SimGroup> {
    return this.byId.values();
  }

  /** Ids of groups whose name is `name` (case-insensitive). */
  idsNamed(name: string): string[] {
    return [...(this.byName.get(name.toLowerCase()) ?? [])];
  }

  /** Adds a new group. */
  insert(group: SimGroup): void {
    this.searchLag.record(group.id, undefined);
    this.version++;
    this.byId.set(group.id, group);
    this.position.set(group.id, this.order.length);
    this.order.push(group.id);
    this.membersByGroup.set(group.id, { seq: new Map(), order: [] });
    addTo(this.byName, group.profile.name.toLowerCase(), group.id);
  }

  /** Applies `change` to a stored group, keeping the name index and the search journal right. */
  update(id: string, change: (group: SimGroup) => void): SimGroup {
    const group = this.byId.get(id);
    if (!group) throw new Error(`no group ${id}`);
    this.searchLag.record(id, group);
    this.version++;
    this.byName.get(group.profile.name.toLowerCase())?.delete(id);
    change(group);
    addTo(this.byName, group.profile.name.toLowerCase(), id);
    return group;
  }

  /** Ids of the group's members, in the order they were added (Everyone: creation order of users). */
  members(groupId: string): string[] {
    if (groupId === this.everyone?.id) return [...this.everyone.users.all()].map((u) => u.id);
    return (this.membersByGroup.get(groupId)?.order ?? []).filter((id): id is string => id !== undefined);
  }

  /** Number of members (`expand=stats`), without listing them. */
  memberCount(groupId: string): number {
    if (groupId === this.everyone?.id) return this.everyone.users.size;
    return this.membersByGroup.get(groupId)?.seq.size ?? 0;
  }

  /**
   * One page of members after cursor `after` (-1 for the first page): the member ids and the
   * cursor of the last one.
   */
  memberPage(groupId: string, after: number, limit: number): { ids: string[]; last: number } {
    if (groupId === this.everyone?.id) {
      const { items, lastPosition } = this.everyone.users.scan(() => true, after, limit);
      return { ids: items.map((u) => u.id), last: lastPosition };
    }
    const order = this.membersByGroup.get(groupId)?.order ?? [];
    const ids: string[] = [];
    let last = after;
    for (let i = after + 1; i < order.length && ids.length < limit; i++) {
      const id = order[i];
      if (id === undefined) continue;
      ids.push(id);
      last = i;
    }
    return { ids, last };
  }

  /** Ids of the groups a user belongs to, Everyone first. */
  groupsOf(userId: string): string[] {
    const stored = [...(this.groupsByUser.get(userId) ?? [])];
    return this.everyone && this.everyone.users.has(userId) ? [this.everyone.id, ...stored] : stored;
  }

  /** True when the user belongs to the group (every existing user belongs to Everyone). */
  isMember(groupId: string, userId: string): boolean {
    if (groupId === this.everyone?.id) return this.everyone.users.has(userId);
    return this.membersByGroup.get(groupId)?.seq.has(userId) ?? false;
  }

  /**
   * Adds a member; false when already one, or when the group is Everyone (implicit membership).
   * @param at when given, the group's `lastMembershipUpdated` (API writes pass the time; seeds don't).
   */
  addMember(groupId: string, userId: string, at?: string): boolean {
    const members = this.membersByGroup.get(groupId);
    if (!members || members.seq.has(userId) || groupId === this.everyone?.id) return false;
    this.touch(groupId, at);
    members.seq.set(userId, members.order.length);
    members.order.push(userId);
    let groups = this.groupsByUser.get(userId);
    if (!groups) {
      groups = new Set();
      this.groupsByUser.set(userId, groups);
    }
    groups.add(groupId);
    return true;
  }

  /**
   * Removes a member; false when not one, or when the group is Everyone.
   * @param at when given, the group's `lastMembershipUpdated`.
   */
  removeMember(groupId: string, userId: string, at?: string): boolean {
    const members = this.membersByGroup.get(groupId);
    const index = members?.seq.get(userId);
    if (!members || index === undefined) return false;
    this.touch(groupId, at);
    members.order[index] = undefined;
    members.seq.delete(userId);
    this.groupsByUser.get(userId)?.delete(groupId);
    return true;
  }

  /** Removes a deleted user from every group (Everyone follows the user store by itself). */
  removeUser(userId: string, at?: string): void {
    for (const groupId of this.groupsByUser.get(userId) ?? []) this.removeMember(groupId, userId, at);
    this.groupsByUser.delete(userId);
    if (this.everyone && at) this.touch(this.everyone.id, at);
  }

  /** Records a membership change of Everyone (a user created or deleted). */
  touchEveryone(at: string): void {
    if (this.everyone) this.touch(this.everyone.id, at);
  }

  /** Removes a group and its memberships. */
  delete(groupId: string): void {
    const group = this.byId.get(groupId);
    if (!group) return;
    this.searchLag.record(groupId, group);
    this.version++;
    for (const userId of this.membersByGroup.get(groupId)?.seq.keys() ?? []) this.groupsByUser.get(userId)?.delete(groupId);
    this.membersByGroup.delete(groupId);
    this.byName.get(group.profile.name.toLowerCase())?.delete(groupId);
    this.byId.delete(groupId);
    if (groupId === this.everyone?.id) this.everyone = undefined;
  }

  /**
   * Groups matching `predicate` in creation order after position `after`, at most `limit`.
   * @param view what to read for each id; the live group unless search lag applies.
   */
  scan(
    predicate: (g: SimGroup) => boolean,
    after: number,
    limit: number,
    view: (id: string) => SimGroup | undefined = (id) => this.byId.get(id),
  ): { items: SimGroup[]; lastPosition: number } {
    const items: SimGroup[] = [];
    let lastPosition = after;
    for (let p = after + 1; p < this.order.length && items.length < limit; p++) {
      const group = view(this.order[p]!);
      if (!group || !predicate(group)) continue;
      items.push(group);
      lastPosition = p;
    }
    return { items, lastPosition };
  }

  /** Reads a group as search sees it; call `searchLag.prune()` once per request first. */
  searchView(id: string): SimGroup | undefined {
    return this.searchLag.view(id, this.byId.get(id));
  }

  private touch(groupId: string, at: string | undefined): void {
    const group = this.byId.get(groupId);
    if (!group || at === undefined) return;
    this.searchLag.record(groupId, group);
    this.version++;
    group.lastMembershipUpdated = at;
  }
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(id);
}

/**
 * Seeds groups and memberships from the org's seed (see `seed/groups.ts`), then connects the
 * search-lag journals of users and groups to the org's `searchLagMs`.
 */
export function seedGroups(org: Org): void {
  seedOrgGroups(org);
  org.users.searchLag.bind(() => org.searchLagMs);
  org.groups.searchLag.bind(() => org.searchLagMs);
}
