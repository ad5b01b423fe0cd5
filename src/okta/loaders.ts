import DataLoader from 'dataloader';
import type { OktaClient } from './client.js';
import { OktaApiError } from './errors.js';
import { anyOf } from './filters.js';
import { getUser, listUsersRequest, USERS_MAX_LIMIT } from './users.js';
import type { OktaUser } from './types.js';

/** Okta user ids: `00u` followed by 17 alphanumerics. Anything else is looked up as a login. */
const USER_ID = /^00u[A-Za-z0-9]{17}$/;

/** True when `key` has the shape of an Okta user id. */
export function isOktaUserId(key: string): boolean {
  return USER_ID.test(key);
}

/** Per-request loaders; create a fresh set for every GraphQL request. */
export interface Loaders {
  /** Users by id or login (logins compare case-insensitively, as in Okta). Null when absent. */
  user: DataLoader<string, OktaUser | null>;
}

/** Settings of {@link createLoaders}. */
export interface LoaderOptions {
  /** Ids (or logins) per `filter=… or …` request. */
  userBatchSize: number;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Fetches every user matching `attr eq v1 or attr eq v2 …`. When Okta refuses the expression as too
 * long or complex (400, or 414 for the URL), halves the list and tries again.
 */
async function usersByFilter(client: OktaClient, attr: string, values: readonly string[]): Promise<OktaUser[]> {
  if (values.length === 0) return [];
  try {
    const found: OktaUser[] = [];
    // One more than can match: a full page makes Okta add a next link, which would cost a call.
    let page = await client.page<OktaUser>(
      listUsersRequest({ limit: Math.min(USERS_MAX_LIMIT, values.length + 1), filter: anyOf(attr, values)!.text }),
    );
    found.push(...page.items);
    while (page.next) {
      page = await client.page<OktaUser>({ route: listUsersRequest({ limit: 1 }).route, link: page.next });
      found.push(...page.items);
    }
    return found;
  } catch (err) {
    if (err instanceof OktaApiError && (err.status === 400 || err.status === 414) && values.length > 1) {
      const half = Math.ceil(values.length / 2);
      const parts = await Promise.all([usersByFilter(client, attr, values.slice(0, half)), usersByFilter(client, attr, values.slice(half))]);
      return parts.flat();
    }
    throw err;
  }
}

/** Builds the loaders of one GraphQL request over `client`. */
export function createLoaders(client: OktaClient, options: LoaderOptions): Loaders {
  const userCacheKey = (key: string) => (isOktaUserId(key) ? key : key.toLowerCase());

  const user: DataLoader<string, OktaUser | null> = new DataLoader(
    async (keys) => {
      // One key: the by-id endpoint is a single call and strongly consistent.
      if (keys.length === 1) return [await getUser(client, keys[0]!)];
      const ids = keys.filter(isOktaUserId);
      const logins = keys.filter((k) => !isOktaUserId(k));
      const batches = [
        ...chunk(ids, options.userBatchSize).map((c) => usersByFilter(client, 'id', c)),
        ...chunk(logins, options.userBatchSize).map((c) => usersByFilter(client, 'profile.login', c)),
      ];
      const byKey = new Map<string, OktaUser>();
      for (const u of (await Promise.all(batches)).flat()) {
        byKey.set(u.id, u);
        byKey.set(u.profile.login.toLowerCase(), u);
      }
      // A miss may be a login typed in another case (filter values are case-sensitive, logins are
      // not) or a user the filter does not see yet; only the by-id endpoint's 404 proves absence.
      const misses = keys.filter((k) => !byKey.has(userCacheKey(k)));
      const rescued = await Promise.all(misses.map((k) => getUser(client, k)));
      misses.forEach((k, i) => {
        const u = rescued[i];
        if (u) byKey.set(userCacheKey(k), u);
      });
      const result = keys.map((k) => byKey.get(userCacheKey(k)) ?? null);
      for (const u of result) {
        if (!u) continue;
        user.prime(u.id, u);
        user.prime(u.profile.login, u);
      }
      return result;
    },
    { cacheKeyFn: userCacheKey },
  );

  return { user };
}
