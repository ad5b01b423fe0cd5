import { createHash } from 'node:crypto';
import type { OktaRequest } from '../okta/client.js';
import type { PageRequest } from '../okta/loaders.js';
import type { OktaPage } from '../okta/pagination.js';
import { ErrorCode, graphQLError } from '../errors.js';

/** A node with its cursor. */
export interface Edge<T> {
  cursor: string;
  node: T;
}

/** Relay `PageInfo`. */
export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** A Relay connection over an Okta list. */
export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
}

/**
 * What our cursors carry: the Okta link to request (`l`, a `path?query` Okta gave us, or the one
 * we sent for the first page), how many of its items were already seen (`s`), and a fingerprint of
 * the list and arguments (`k`) so that a cursor cannot be replayed against another list.
 */
interface CursorPayload {
  v: 1;
  k: string;
  l: string;
  s: number;
}

/** Stable fingerprint of a list's identity and arguments. */
export function listKey(parts: unknown): string {
  const stable = (value: unknown): unknown => {
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.map(stable);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .filter(([, v]) => v !== undefined && v !== null)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, v]) => [k, stable(v)]),
      );
    }
    return value;
  };
  return createHash('sha256').update(JSON.stringify(stable(parts))).digest('base64url').slice(0, 16);
}

function encodeCursor(payload: CursorPayload): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function decodeCursor(raw: string, key: string, path: string): CursorPayload {
  let payload: Partial<CursorPayload>;
  try {
    payload = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<CursorPayload>;
  } catch {
    throw graphQLError(ErrorCode.BAD_USER_INPUT, '`after` is not a cursor of this API', { argumentName: 'after' });
  }
  if (payload?.v !== 1 || typeof payload.l !== 'string' || typeof payload.s !== 'number' || !Number.isInteger(payload.s) || payload.s < 0) {
    throw graphQLError(ErrorCode.BAD_USER_INPUT, '`after` is not a cursor of this API', { argumentName: 'after' });
  }
  if (payload.k !== key || new URL(payload.l, 'http://cursor.invalid').pathname !== path) {
    throw graphQLError(ErrorCode.BAD_USER_INPUT, '`after` belongs to another list or other arguments', { argumentName: 'after' });
  }
  return payload as CursorPayload;
}

/** Checks `first` against 1..max; BAD_USER_INPUT otherwise. */
export function checkFirst(first: number | null | undefined, max: number, fallback: number): number {
  const value = first ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw graphQLError(ErrorCode.BAD_USER_INPUT, `\`first\` must be between 1 and ${max}`, { argumentName: 'first' });
  }
  return value;
}

/** How to page one Okta list. */
export interface ListSpec {
  /** Identity of the list and its arguments (parent id, filters), for cursor binding. */
  key: unknown;
  /** The first-page request for a given page size. */
  firstPage: (limit: number) => OktaRequest;
  /** Okta's largest page size for this endpoint. */
  maxLimit: number;
}

/**
 * One page of a Relay connection, fetched with exactly one Okta call: the first page, or the link a
 * cursor carries (Okta's own `next` link, or an earlier page to resume from within).
 */
export async function oktaConnection<T>(
  pages: { load(req: PageRequest): Promise<OktaPage<unknown>> },
  spec: ListSpec,
  first: number,
  after: string | null | undefined,
): Promise<Connection<T>> {
  const key = listKey(spec.key);
  const initial = spec.firstPage(Math.min(first, spec.maxLimit));
  const path = new URL(initial.path, 'http://cursor.invalid').pathname;
  const cursor = after ? decodeCursor(after, key, path) : undefined;
  const skip = cursor?.s ?? 0;
  const limit = Math.min(spec.maxLimit, skip + first);
  const page = (cursor ? await pages.load({ route: initial.route, link: cursor.l, limit }) : await pages.load(initial)) as OktaPage<T>;

  const items = page.items.slice(skip, skip + first);
  const consumed = skip + items.length;
  const restInPage = page.items.length > consumed;
  const edges = items.map((node, i) => {
    const isLast = i === items.length - 1;
    const payload: CursorPayload =
      isLast && !restInPage && page.next ? { v: 1, k: key, l: page.next, s: 0 } : { v: 1, k: key, l: page.self, s: skip + i + 1 };
    return { cursor: encodeCursor(payload), node };
  });
  const endCursor = edges.at(-1)?.cursor ?? (page.next ? encodeCursor({ v: 1, k: key, l: page.next, s: 0 }) : null);
  return {
    edges,
    nodes: items,
    pageInfo: {
      hasNextPage: restInPage || page.next !== undefined,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor,
    },
  };
}

/**
 * A Relay connection over a list read whole (Okta does not page it by request): the cursor is our
 * own offset into it, bound to the list like Okta-backed cursors.
 */
export function localConnection<T>(items: readonly T[], key: unknown, first: number, after: string | null | undefined): Connection<T> {
  const k = listKey(key);
  let offset = 0;
  if (after) {
    const payload = decodeCursor(after, k, '/local');
    offset = payload.s;
  }
  const slice = items.slice(offset, offset + first);
  const edges = slice.map((node, i) => ({ cursor: encodeCursor({ v: 1, k, l: '/local', s: offset + i + 1 }), node }));
  return {
    edges,
    nodes: slice,
    pageInfo: {
      hasNextPage: offset + slice.length < items.length,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Relay arguments of a connection field. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/**
 * The usual connection field: checks `first`, fetches one Okta page through the request's page
 * loader (so the same page asked twice costs one call), and primes the entity loaders with what came
 * back (`prime`), so that later lookups of these objects cost nothing.
 */
export async function pagedConnection<T>(
  loaders: { page: { load(req: PageRequest): Promise<OktaPage<unknown>> } },
  args: PageArgs,
  spec: ListSpec & { defaultFirst: number; prime?: (item: T) => void },
): Promise<Connection<T>> {
  const first = checkFirst(args.first, spec.maxLimit, spec.defaultFirst);
  const connection = await oktaConnection<T>(loaders.page, spec, first, args.after);
  if (spec.prime) for (const node of connection.nodes) spec.prime(node);
  return connection;
}
