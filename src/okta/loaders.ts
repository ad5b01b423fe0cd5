import DataLoader from 'dataloader';
import type { OktaClient, OktaRequest } from './client.js';
import { OktaApiError } from './errors.js';
import { anyOf } from './filters.js';
import type { OktaPage } from './pagination.js';
import { getOrNull, readAll, requests } from './requests.js';
import type { OktaApplication, OktaAuthorizationServer, OktaGroup, OktaUser } from './types.js';
import { listUsersRequest, USERS_MAX_LIMIT } from './users.js';

/** Okta user ids: `00u` followed by 17 alphanumerics. Anything else is looked up as a login. */
const USER_ID = /^00u[A-Za-z0-9]{17}$/;

/** True when `key` has the shape of an Okta user id. */
export function isOktaUserId(key: string): boolean {
  return USER_ID.test(key);
}

/** A page request: a first page, or a link Okta gave (with an optional page-size override). */
export type PageRequest = OktaRequest | { route: string; link: string; limit?: number };

/** Per-request loaders; create a fresh set for every GraphQL request. */
export interface Loaders {
  /** Users by id or login (logins compare case-insensitively, as in Okta). Null when absent. */
  user: DataLoader<string, OktaUser | null>;
  /** Groups by id, batched through `search`. Null when absent. */
  group: DataLoader<string, OktaGroup | null>;
  /** Applications by id (Okta has no batch lookup: deduplicated only). */
  application: DataLoader<string, OktaApplication | null>;
  /** Authorization servers by id (deduplicated). */
  authorizationServer: DataLoader<string, OktaAuthorizationServer | null>;
  /** One page of any list, so that the same page asked twice in a query costs one call. */
  page: DataLoader<PageRequest, OktaPage<unknown>, string>;
  /** A whole list Okta does not page by request (a user's groups, app links, claims...). */
  list: DataLoader<OktaRequest, unknown[], string>;
}

/** Settings of {@link createLoaders}. */
export interface LoaderOptions {
  /** Ids (or logins) per `filter=… or …` / `search=… or …` request. */
  batchSize: number;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Fetches one chunk with `fetch`; when Okta refuses the expression as too long or complex (400, or
 * 414 for the URL), halves the chunk and tries again.
 */
async function splitting<T>(values: readonly string[], fetch: (values: readonly string[]) => Promise<T[]>): Promise<T[]> {
  try {
    return await fetch(values);
  } catch (err) {
    if (err instanceof OktaApiError && (err.status === 400 || err.status === 414) && values.length > 1) {
      const half = Math.ceil(values.length / 2);
      return (await Promise.all([splitting(values.slice(0, half), fetch), splitting(values.slice(half), fetch)])).flat();
    }
    throw err;
  }
}

/** How one kind of key is looked up in bulk. */
interface KeyKind<T> {
  keys: readonly string[];
  fetch: (values: readonly string[]) => Promise<T[]>;
}

/**
 * The batch function behind the user and group loaders: one `… or …` request per chunk of keys, then
 * the by-id endpoint for every key the bulk request did not return (search lags behind writes, and a
 * login may differ in case: only the by-id endpoint's 404 proves absence). A failing chunk fails
 * only its own keys.
 */
async function batchLookup<T>(
  keys: readonly string[],
  kinds: Array<KeyKind<T>>,
  options: { size: number; keysOf: (item: T) => string[]; normalise: (key: string) => string; getOne: (key: string) => Promise<T | null> },
): Promise<Array<T | null | Error>> {
  if (keys.length === 1) {
    try {
      return [await options.getOne(keys[0]!)];
    } catch (err) {
      return [err as Error];
    }
  }
  const found = new Map<string, T>();
  const failed = new Map<string, Error>();
  await Promise.all(
    kinds.flatMap((kind) =>
      chunk(kind.keys, options.size).map(async (values) => {
        try {
          for (const item of await splitting(values, kind.fetch)) for (const k of options.keysOf(item)) found.set(k, item);
        } catch (err) {
          for (const v of values) failed.set(options.normalise(v), err as Error);
        }
      }),
    ),
  );
  const misses = keys.filter((k) => !found.has(options.normalise(k)) && !failed.has(options.normalise(k)));
  await Promise.all(
    misses.map(async (k) => {
      try {
        const item = await options.getOne(k);
        if (item) found.set(options.normalise(k), item);
      } catch (err) {
        failed.set(options.normalise(k), err as Error);
      }
    }),
  );
  return keys.map((k) => failed.get(options.normalise(k)) ?? found.get(options.normalise(k)) ?? null);
}

function requestKey(req: PageRequest): string {
  return 'link' in req ? `${req.route}|${req.link}|${req.limit ?? ''}` : `${req.route}|${req.path}|${JSON.stringify(req.query ?? {})}`;
}

async function settled<K, V>(keys: readonly K[], fn: (key: K) => Promise<V>): Promise<Array<V | Error>> {
  return (await Promise.allSettled(keys.map(fn))).map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error)));
}

/** Builds the loaders of one GraphQL request over `client`. */
export function createLoaders(client: OktaClient, options: LoaderOptions): Loaders {
  const userKey = (key: string) => (isOktaUserId(key) ? key : key.toLowerCase());

  const user: DataLoader<string, OktaUser | null> = new DataLoader(
    async (keys) => {
      const byFilter = (attr: string) => (values: readonly string[]) =>
        readAll<OktaUser>(client, listUsersRequest({ limit: Math.min(USERS_MAX_LIMIT, values.length + 1), filter: anyOf(attr, values)!.text }));
      const result = await batchLookup<OktaUser>(
        keys,
        [
          { keys: keys.filter(isOktaUserId), fetch: byFilter('id') },
          { keys: keys.filter((k) => !isOktaUserId(k)), fetch: byFilter('profile.login') },
        ],
        { size: options.batchSize, keysOf: (u) => [u.id, u.profile.login.toLowerCase()], normalise: userKey, getOne: (k) => getOrNull<OktaUser>(client, requests.user(k)) },
      );
      for (const u of result) if (u && !(u instanceof Error)) primeUser(u);
      return result;
    },
    { cacheKeyFn: userKey },
  );
  const primeUser = (u: OktaUser) => {
    user.prime(u.id, u);
    user.prime(u.profile.login, u);
  };

  const group: DataLoader<string, OktaGroup | null> = new DataLoader(async (keys) =>
    batchLookup<OktaGroup>(
      keys,
      [
        {
          keys,
          // Okta's group `filter` has no `or` over ids, but `search` does.
          fetch: (values) => readAll<OktaGroup>(client, requests.groups({ limit: Math.min(200, values.length + 1), search: anyOf('id', values)!.text })),
        },
      ],
      { size: options.batchSize, keysOf: (g) => [g.id], normalise: (k) => k, getOne: (k) => getOrNull<OktaGroup>(client, requests.group(k)) },
    ),
  );

  const application = new DataLoader<string, OktaApplication | null>((keys) => settled(keys, (id) => getOrNull<OktaApplication>(client, requests.app(id))));
  const authorizationServer = new DataLoader<string, OktaAuthorizationServer | null>((keys) =>
    settled(keys, (id) => getOrNull<OktaAuthorizationServer>(client, requests.authorizationServer(id))),
  );
  const page = new DataLoader<PageRequest, OktaPage<unknown>, string>((reqs) => settled(reqs, (r) => client.page<unknown>(r)), { cacheKeyFn: requestKey });
  const list = new DataLoader<OktaRequest, unknown[], string>((reqs) => settled(reqs, (r) => readAll<unknown>(client, r)), { cacheKeyFn: requestKey });

  return { user, group, application, authorizationServer, page, list };
}
