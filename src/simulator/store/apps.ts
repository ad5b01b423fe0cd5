export { seedApps } from '../apps/seed.js';

/** Sign-on modes the simulator serves (Okta has a few more: BASIC_AUTH, WS_FEDERATION, ...). */
export type AppSignOnMode = 'OPENID_CONNECT' | 'SAML_2_0' | 'BOOKMARK' | 'AUTO_LOGIN' | 'BROWSER_PLUGIN';

/** Okta's app statuses (DELETED apps are gone from the API, so the store never holds one). */
export type AppStatus = 'ACTIVE' | 'INACTIVE';

/** A JSON object. */
export type Json = Record<string, unknown>;

/** An application instance as the simulator keeps it; `appJson` derives Okta's JSON from it. */
export interface SimApp {
  id: string;
  /** Okta's key name of the app definition: `salesforce`, `oidc_client`, `bookmark`, `template_swa`, ... */
  name: string;
  label: string;
  status: AppStatus;
  signOnMode: AppSignOnMode;
  created: string;
  lastUpdated: string;
  features: string[];
  accessibility: Json;
  /** Includes `appLinks`, the dashboard links by name. */
  visibility: Json;
  /** As returned (an OIDC client secret is kept apart in {@link SimApp.clientSecret}). */
  credentials: Json;
  settings: Json;
  profile?: Json;
  /** OIDC confidential clients: the secret, returned only in the answer of the write that set it. */
  clientSecret?: string;
  /** Stable ids (`aln…`) of the dashboard links, by link name. */
  linkIds: Record<string, string>;
  /** App-user profile attributes derived from the Okta user profile: app attribute → user attribute. */
  profileMap: Record<string, string>;
}

/**
 * A user's own assignment record. `individual` is Okta's `scope: USER`; a record without it only
 * holds per-user overrides (credentials, profile) of someone who gets the app through a group, and
 * means nothing once no group grants the app any more.
 */
export interface AppUserRecord {
  userId: string;
  /** Okta's app-assignment id (`0ua…`), shown in app links. */
  assignmentId: string;
  individual: boolean;
  created: string;
  lastUpdated: string;
  statusChanged: string;
  profile: Json;
  userName?: string;
  /** Whether a password was set for the app (SWA); the value is never kept. */
  passwordSet: boolean;
}

/** A group assigned to an app; its priority is its position in the app's list. */
export interface GroupAssignment {
  groupId: string;
  profile: Json;
  created: string;
  lastUpdated: string;
}

/**
 * The org's applications with their individual user assignments and group assignments. Users who
 * get an app through a group are derived on read (see `apps/access.ts`), never stored per user: an
 * app assigned to Everyone costs nothing however large the org.
 */
export class AppStore {
  /** The org id (`00o…`) that app ORNs name. */
  orgId = '';
  private readonly byId = new Map<string, SimApp>();
  /** Ids in creation order; a deleted app leaves a hole so that cursors stay valid. */
  private readonly order: Array<string | null> = [];
  private readonly position = new Map<string, number>();
  private readonly byClientId = new Map<string, string>();
  private readonly userRecords = new Map<string, Map<string, AppUserRecord>>();
  private readonly groupLists = new Map<string, GroupAssignment[]>();
  private readonly appsByGroup = new Map<string, Set<string>>();
  private readonly appsByUser = new Map<string, Set<string>>();

  get size(): number {
    return this.byId.size;
  }

  /** An app by id. */
  get(id: string): SimApp | undefined {
    return this.byId.get(id);
  }

  /** The OIDC app whose `credentials.oauthClient.client_id` is `clientId`. */
  getByClientId(clientId: string): SimApp | undefined {
    const id = this.byClientId.get(clientId);
    return id ? this.byId.get(id) : undefined;
  }

  /** Every app, in creation order. */
  *all(): IterableIterator<SimApp> {
    for (const id of this.order) if (id) yield this.byId.get(id)!;
  }

  /** Adds a new app. */
  insert(app: SimApp): void {
    this.byId.set(app.id, app);
    this.position.set(app.id, this.order.length);
    this.order.push(app.id);
    this.userRecords.set(app.id, new Map());
    this.groupLists.set(app.id, []);
    const clientId = clientIdOf(app);
    if (clientId) this.byClientId.set(clientId, app.id);
  }

  /** Removes an app with all its assignments. */
  delete(id: string): void {
    const app = this.byId.get(id);
    if (!app) return;
    for (const userId of this.userRecords.get(id)?.keys() ?? []) this.appsByUser.get(userId)?.delete(id);
    for (const g of this.groupLists.get(id) ?? []) this.appsByGroup.get(g.groupId)?.delete(id);
    const clientId = clientIdOf(app);
    if (clientId) this.byClientId.delete(clientId);
    this.userRecords.delete(id);
    this.groupLists.delete(id);
    this.byId.delete(id);
    const pos = this.position.get(id);
    if (pos !== undefined) this.order[pos] = null;
    this.position.delete(id);
  }

  /**
   * Apps matching `predicate` in creation order after position `after` (-1 for the first page).
   * @returns the page and the position of its last app (the next cursor).
   */
  page(predicate: (app: SimApp) => boolean, after: number, limit: number): { items: SimApp[]; last: number } {
    const items: SimApp[] = [];
    let last = after;
    for (let p = after + 1; p < this.order.length && items.length < limit; p++) {
      const id = this.order[p];
      if (!id) continue;
      const app = this.byId.get(id)!;
      if (!predicate(app)) continue;
      items.push(app);
      last = p;
    }
    return { items, last };
  }

  /** The stored record of a user on an app (individual assignment or group-user overrides). */
  userRecord(appId: string, userId: string): AppUserRecord | undefined {
    return this.userRecords.get(appId)?.get(userId);
  }

  /** Every stored user record of an app. */
  userRecordsOf(appId: string): IterableIterator<AppUserRecord> {
    return (this.userRecords.get(appId) ?? new Map<string, AppUserRecord>()).values();
  }

  /** Ids of the apps holding a record for `userId`. */
  appsWithRecordFor(userId: string): string[] {
    return [...(this.appsByUser.get(userId) ?? [])];
  }

  /** Stores (or replaces) a user record. */
  putUserRecord(appId: string, record: AppUserRecord): void {
    this.userRecords.get(appId)?.set(record.userId, record);
    addTo(this.appsByUser, record.userId, appId);
  }

  /** Removes a user record; false when there was none. */
  deleteUserRecord(appId: string, userId: string): boolean {
    this.appsByUser.get(userId)?.delete(appId);
    return this.userRecords.get(appId)?.delete(userId) ?? false;
  }

  /** The app's group assignments by priority (index 0 first). */
  groupAssignments(appId: string): readonly GroupAssignment[] {
    return this.groupLists.get(appId) ?? [];
  }

  /** One group assignment and its priority. */
  groupAssignment(appId: string, groupId: string): { assignment: GroupAssignment; priority: number } | undefined {
    const list = this.groupLists.get(appId) ?? [];
    const priority = list.findIndex((g) => g.groupId === groupId);
    return priority < 0 ? undefined : { assignment: list[priority]!, priority };
  }

  /**
   * Assigns a group, or updates its assignment: `priority` moves it (the others shift, as Okta
   * renumbers them); without one a new group goes last.
   * @returns whether the assignment is new.
   */
  assignGroup(appId: string, groupId: string, change: { priority?: number; profile: Json; at: string }): boolean {
    const list = this.groupLists.get(appId);
    if (!list) throw new Error(`no app ${appId}`);
    const index = list.findIndex((g) => g.groupId === groupId);
    const existing = index >= 0 ? list.splice(index, 1)[0] : undefined;
    const assignment: GroupAssignment = existing
      ? { ...existing, profile: change.profile, lastUpdated: change.at }
      : { groupId, profile: change.profile, created: change.at, lastUpdated: change.at };
    const at = change.priority ?? (existing ? index : list.length);
    list.splice(Math.min(Math.max(at, 0), list.length), 0, assignment);
    addTo(this.appsByGroup, groupId, appId);
    return !existing;
  }

  /** Removes a group assignment; false when the group was not assigned. */
  unassignGroup(appId: string, groupId: string): boolean {
    const list = this.groupLists.get(appId) ?? [];
    const index = list.findIndex((g) => g.groupId === groupId);
    if (index < 0) return false;
    list.splice(index, 1);
    this.appsByGroup.get(groupId)?.delete(appId);
    return true;
  }

  /** Ids of the apps a group is assigned to, in app creation order. */
  appsOfGroup(groupId: string): string[] {
    const ids = [...(this.appsByGroup.get(groupId) ?? [])];
    return ids.sort((a, b) => (this.position.get(a) ?? 0) - (this.position.get(b) ?? 0));
  }

  /** Position of an app in creation order (cursor values). */
  positionOf(id: string): number | undefined {
    return this.position.get(id);
  }
}

function clientIdOf(app: SimApp): string | undefined {
  const client = (app.credentials.oauthClient as Json | undefined)?.client_id;
  return typeof client === 'string' ? client : undefined;
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}
