import type { Expr } from '../expr.js';
import { SearchLag } from './searchLag.js';

export { userJson, userDisplayName } from './userJson.js';

/** Okta's user statuses. */
export type SimUserStatus = 'STAGED' | 'PROVISIONED' | 'ACTIVE' | 'RECOVERY' | 'PASSWORD_EXPIRED' | 'LOCKED_OUT' | 'SUSPENDED' | 'DEPROVISIONED';

/** A user as the simulator keeps it (the JSON Okta returns is derived by `userJson`). */
export interface SimUser {
  id: string;
  status: SimUserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  typeId: string;
  profile: { login: string; [attribute: string]: unknown };
  /** Whether a password is set (the value itself is never kept or returned). */
  hasPassword: boolean;
  recoveryQuestion?: string;
  /** Admin roles (`SUPER_ADMIN`, `ORG_ADMIN`, `READ_ONLY_ADMIN`, ...); empty for end users. */
  roles: string[];
}

const INDEXED = ['id', 'profile.login', 'profile.email', 'status'] as const;

/**
 * Users with the indexes that listing needs: creation order for cursor paging (a cursor is a
 * position, so resuming costs nothing), and exact-match indexes on id, login, email and status so
 * that `eq` filters touch only the matching users, as Okta's do. Every write goes through
 * {@link UserStore.insert}, {@link UserStore.update} or {@link UserStore.delete}, which keep the
 * indexes and the search-lag journal right.
 */
export class UserStore {
  private readonly byId = new Map<string, SimUser>();
  /** Ids in creation order; a deleted user keeps its slot so that positions stay stable. */
  private readonly order: string[] = [];
  private readonly position = new Map<string, number>();
  private readonly byLogin = new Map<string, string>();
  /** Login short names (the part before `@`); null when several users share one. */
  private readonly byShortName = new Map<string, string | null>();
  private readonly byEmail = new Map<string, Set<string>>();
  private readonly byStatus = new Map<string, Set<string>>();
  /** Counts writes, so that derived views (sorted searches) know when to rebuild. */
  version = 0;
  /** What `search` sees: the users as they were `searchLagMs` ago. */
  readonly searchLag = new SearchLag<SimUser>();

  /** Number of users (deleted ones excluded). */
  get size(): number {
    return this.byId.size;
  }

  /**
   * A user by id, login (case-insensitive) or unambiguous login short name, as
   * `/api/v1/users/{idOrLogin}` resolves it.
   */
  get(idOrLogin: string): SimUser | undefined {
    const byId = this.byId.get(idOrLogin);
    if (byId) return byId;
    const key = idOrLogin.toLowerCase();
    const id = this.byLogin.get(key) ?? (key.includes('@') ? undefined : this.byShortName.get(key));
    return id ? this.byId.get(id) : undefined;
  }

  /** True when a user with this id (not login) exists. */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The id of the user holding `login`, if any. */
  idOfLogin(login: string): string | undefined {
    return this.byLogin.get(login.toLowerCase());
  }

  /** Adds a new user. */
  insert(user: SimUser): void {
    this.searchLag.record(user.id, undefined);
    this.version++;
    this.byId.set(user.id, user);
    this.position.set(user.id, this.order.length);
    this.order.push(user.id);
    this.index(user);
  }

  /** Applies `change` to a stored user, keeping the indexes and the search journal right. */
  update(id: string, change: (user: SimUser) => void): SimUser {
    const user = this.byId.get(id);
    if (!user) throw new Error(`no user ${id}`);
    this.searchLag.record(id, user);
    this.version++;
    this.unindex(user);
    change(user);
    this.index(user);
    return user;
  }

  /** Removes a user for good. */
  delete(id: string): void {
    const user = this.byId.get(id);
    if (!user) return;
    this.searchLag.record(id, user);
    this.version++;
    this.unindex(user);
    this.byId.delete(id);
  }

  /** Position of a user in creation order (cursor values). */
  positionOf(id: string): number | undefined {
    return this.position.get(id);
  }

  /**
   * Users matching `predicate` in creation order, starting after position `after`, at most `limit`.
   * @param candidates when an index narrowed the search, only these ids are visited.
   * @param view what to read for each id; the live user unless search lag applies.
   */
  scan(
    predicate: (u: SimUser) => boolean,
    after: number,
    limit: number,
    candidates?: ReadonlySet<string>,
    view: (id: string) => SimUser | undefined = (id) => this.byId.get(id),
  ): { items: SimUser[]; lastPosition: number } {
    const items: SimUser[] = [];
    let lastPosition = after;
    // A broad index hit (`status eq "ACTIVE"`) costs more to sort than a scan that stops at `limit`.
    if (candidates && candidates.size * 16 < this.order.length) {
      const positions = [...candidates]
        .map((id) => this.position.get(id))
        .filter((p): p is number => p !== undefined && p > after)
        .sort((a, b) => a - b);
      for (const p of positions) {
        const user = view(this.order[p]!);
        if (!user || !predicate(user)) continue;
        items.push(user);
        lastPosition = p;
        if (items.length >= limit) break;
      }
      return { items, lastPosition };
    }
    for (let p = after + 1; p < this.order.length && items.length < limit; p++) {
      const user = view(this.order[p]!);
      if (!user || !predicate(user)) continue;
      items.push(user);
      lastPosition = p;
    }
    return { items, lastPosition };
  }

  /** Every user, in creation order. */
  *all(): IterableIterator<SimUser> {
    for (const id of this.order) {
      const user = this.byId.get(id);
      if (user) yield user;
    }
  }

  /** Every user as search sees it (with lag: as of `searchLagMs` ago), in creation order. */
  *searchable(): IterableIterator<SimUser> {
    if (!this.searchLag.active) {
      yield* this.all();
      return;
    }
    this.searchLag.prune();
    for (const id of this.order) {
      const user = this.searchLag.view(id, this.byId.get(id));
      if (user) yield user;
    }
  }

  /** Reads a user as search sees it; call `searchLag.prune()` once per request first. */
  searchView(id: string): SimUser | undefined {
    return this.searchLag.view(id, this.byId.get(id));
  }

  /**
   * The ids an expression can only match, from the exact-match indexes; undefined when the
   * expression needs a scan. Values compare case-insensitively here: callers re-check every
   * candidate with the full predicate.
   */
  candidates(expr: Expr): Set<string> | undefined {
    if (expr.kind === 'cmp') {
      if (expr.op !== 'eq' || typeof expr.value !== 'string' || !(INDEXED as readonly string[]).includes(expr.attr)) return undefined;
      const v = expr.value;
      switch (expr.attr) {
        case 'id':
          return this.byId.has(v) ? new Set([v]) : new Set();
        case 'profile.login': {
          const id = this.byLogin.get(v.toLowerCase());
          return new Set(id ? [id] : []);
        }
        case 'profile.email':
          return new Set(this.byEmail.get(v.toLowerCase()) ?? []);
        case 'status':
          return new Set(this.byStatus.get(v.toUpperCase()) ?? []);
      }
      return undefined;
    }
    const left = this.candidates(expr.left);
    const right = this.candidates(expr.right);
    if (expr.kind === 'and') {
      if (left && right) return new Set([...left].filter((id) => right.has(id)));
      return left ?? right;
    }
    if (!left || !right) return undefined;
    return new Set([...left, ...right]);
  }

  private index(user: SimUser): void {
    const login = user.profile.login.toLowerCase();
    this.byLogin.set(login, user.id);
    const short = login.split('@')[0]!;
    this.byShortName.set(short, this.byShortName.has(short) && this.byShortName.get(short) !== user.id ? null : user.id);
    const email = typeof user.profile.email === 'string' ? user.profile.email.toLowerCase() : undefined;
    if (email) add(this.byEmail, email, user.id);
    add(this.byStatus, user.status, user.id);
  }

  private unindex(user: SimUser): void {
    const login = user.profile.login.toLowerCase();
    if (this.byLogin.get(login) === user.id) this.byLogin.delete(login);
    const short = login.split('@')[0]!;
    // An ambiguous short name stays ambiguous: rebuilding it would cost a scan, and Okta's own
    // short-name lookup is documented as best effort.
    if (this.byShortName.get(short) === user.id) this.byShortName.delete(short);
    const email = typeof user.profile.email === 'string' ? user.profile.email.toLowerCase() : undefined;
    if (email) this.byEmail.get(email)?.delete(user.id);
    this.byStatus.get(user.status)?.delete(user.id);
  }
}

function add(map: Map<string, Set<string>>, key: string, id: string): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(id);
}
