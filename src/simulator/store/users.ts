import type { Expr } from '../expr.js';

/** Okta's user statuses. */
export type SimUserStatus = 'STAGED' | 'PROVISIONED' | 'ACTIVE' | 'RECOVERY' | 'PASSWORD_EXPIRED' | 'LOCKED_OUT' | 'SUSPENDED' | 'DEPROVISIONED';

/** A user as the simulator keeps it (the JSON Okta returns is derived by {@link userJson}). */
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
 * Users with the indexes that listing needs: insertion order for cursor paging (a cursor is a
 * position, so resuming costs nothing), and exact-match indexes on id, login, email and status so
 * that `eq` filters touch only the matching users, as Okta's do.
 */
export class UserStore {
  private readonly byId = new Map<string, SimUser>();
  /** Ids in creation order; a deleted user leaves a hole so that positions stay stable. */
  private readonly order: Array<string | null> = [];
  private readonly position = new Map<string, number>();
  private readonly byLogin = new Map<string, string>();
  private readonly byEmail = new Map<string, Set<string>>();
  private readonly byStatus = new Map<string, Set<string>>();

  get size(): number {
    return this.byId.size;
  }

  /** A user by id, or by login (case-insensitive), as `GET /api/v1/users/{idOrLogin}` resolves it. */
  get(idOrLogin: string): SimUser | undefined {
    const byId = this.byId.get(idOrLogin);
    if (byId) return byId;
    const id = this.byLogin.get(idOrLogin.toLowerCase());
    return id ? this.byId.get(id) : undefined;
  }

  /** The id of the user holding `login`, if any. */
  idOfLogin(login: string): string | undefined {
    return this.byLogin.get(login.toLowerCase());
  }

  /** Adds a new user. */
  insert(user: SimUser): void {
    this.byId.set(user.id, user);
    this.position.set(user.id, this.order.length);
    this.order.push(user.id);
    this.index(user);
  }

  /** Applies `change` to a stored user, keeping the indexes right. */
  update(id: string, change: (user: SimUser) => void): SimUser {
    const user = this.byId.get(id);
    if (!user) throw new Error(`no user ${id}`);
    this.unindex(user);
    change(user);
    this.index(user);
    return user;
  }

  /** Removes a user for good. */
  delete(id: string): void {
    const user = this.byId.get(id);
    if (!user) return;
    this.unindex(user);
    this.byId.delete(id);
    const pos = this.position.get(id);
    if (pos !== undefined) this.order[pos] = null;
    this.position.delete(id);
  }

  /** Position of a user in creation order (cursor values). */
  positionOf(id: string): number | undefined {
    return this.position.get(id);
  }

  /**
   * Users matching `predicate` in creation order, starting after position `after`, at most `limit`.
   * @param candidates when an index narrowed the search, only these ids are visited.
   */
  scan(predicate: (u: SimUser) => boolean, after: number, limit: number, candidates?: ReadonlySet<string>): { items: SimUser[]; lastPosition: number } {
    const items: SimUser[] = [];
    let lastPosition = after;
    if (candidates) {
      const positions = [...candidates]
        .map((id) => this.position.get(id))
        .filter((p): p is number => p !== undefined && p > after)
        .sort((a, b) => a - b);
      for (const p of positions) {
        const user = this.byId.get(this.order[p]!)!;
        if (!predicate(user)) continue;
        items.push(user);
        lastPosition = p;
        if (items.length >= limit) break;
      }
      return { items, lastPosition };
    }
    for (let p = after + 1; p < this.order.length && items.length < limit; p++) {
      const id = this.order[p];
      if (!id) continue;
      const user = this.byId.get(id)!;
      if (!predicate(user)) continue;
      items.push(user);
      lastPosition = p;
    }
    return { items, lastPosition };
  }

  /** Every user, in creation order. */
  *all(): IterableIterator<SimUser> {
    for (const id of this.order) if (id) yield this.byId.get(id)!;
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
    this.byLogin.set(user.profile.login.toLowerCase(), user.id);
    const email = typeof user.profile.email === 'string' ? user.profile.email.toLowerCase() : undefined;
    if (email) add(this.byEmail, email, user.id);
    add(this.byStatus, user.status, user.id);
  }

  private unindex(user: SimUser): void {
    if (this.byLogin.get(user.profile.login.toLowerCase()) === user.id) this.byLogin.delete(user.profile.login.toLowerCase());
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

/**
 * The `User` JSON of Okta's spec. Collections carry only the `self` link; a single user carries
 * the lifecycle links its status allows, as Okta's do.
 */
export function userJson(user: SimUser, baseUrl: string, single: boolean): Record<string, unknown> {
  const self = `${baseUrl}/api/v1/users/${user.id}`;
  const links: Record<string, unknown> = { self: { href: self } };
  if (single) {
    const lifecycle = (op: string) => ({ href: `${self}/lifecycle/${op}`, method: 'POST' });
    switch (user.status) {
      case 'STAGED':
        links.activate = lifecycle('activate');
        links.deactivate = lifecycle('deactivate');
        break;
      case 'PROVISIONED':
        links.reactivate = lifecycle('reactivate');
        links.deactivate = lifecycle('deactivate');
        break;
      case 'ACTIVE':
      case 'PASSWORD_EXPIRED':
      case 'RECOVERY':
        links.suspend = lifecycle('suspend');
        links.resetPassword = lifecycle('reset_password');
        links.expirePassword = lifecycle('expire_password');
        links.deactivate = lifecycle('deactivate');
        break;
      case 'LOCKED_OUT':
        links.unlock = lifecycle('unlock');
        links.deactivate = lifecycle('deactivate');
        break;
      case 'SUSPENDED':
        links.unsuspend = lifecycle('unsuspend');
        links.deactivate = lifecycle('deactivate');
        break;
      case 'DEPROVISIONED':
        links.activate = lifecycle('activate');
        break;
    }
    links.type = { href: `${baseUrl}/api/v1/meta/types/user/${user.typeId}` };
    links.schema = { href: `${baseUrl}/api/v1/meta/schemas/user/${user.typeId}` };
  }
  return {
    id: user.id,
    status: user.status,
    created: user.created,
    activated: user.activated,
    statusChanged: user.statusChanged,
    lastLogin: user.lastLogin,
    lastUpdated: user.lastUpdated,
    passwordChanged: user.passwordChanged,
    type: { id: user.typeId },
    profile: { ...user.profile },
    credentials: {
      ...(user.hasPassword ? { password: {} } : {}),
      ...(user.recoveryQuestion ? { recovery_question: { question: user.recoveryQuestion } } : {}),
      provider: { type: 'OKTA', name: 'OKTA' },
    },
    _links: links,
  };
}
