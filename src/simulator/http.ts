import type { IncomingHttpHeaders } from 'node:http';
import { randomBytes } from 'node:crypto';

/** Who is calling a management endpoint. */
export interface Principal {
  kind: 'ssws' | 'bearer';
  /** The Okta user the credential acts as (the API token's creator, or the OAuth token's subject). */
  userId: string;
  /** OAuth scopes of a bearer token; undefined for API tokens (which carry their admin's rights). */
  scopes?: ReadonlySet<string>;
  /** The OAuth client that obtained the token. */
  clientId?: string;
}

/** A parsed request as route handlers see it. */
export interface SimRequest {
  method: string;
  url: URL;
  query: URLSearchParams;
  /** Decoded path parameters of the route template. */
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined when none). */
  body: unknown;
  /** Raw body (form-encoded OAuth requests read this). */
  rawBody: string;
  /** Set for management routes after authentication. */
  principal?: Principal;
  /** The matched route template, e.g. `GET /api/v1/users/{id}`. */
  route: string;
  requestId: string;
  /** The org's base URL, e.g. `http://127.0.0.1:PORT`. */
  baseUrl: string;
  /** Client address, for System Log events. */
  ip: string;
}

/** What a handler returns; the server writes it (and may apply faults to it). */
export interface SimResponse {
  status: number;
  /** JSON-serialised unless `raw` is given. */
  body?: unknown;
  /** A non-JSON body (HTML, plain text); sent as is with `contentType`. */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** A handler of one route. */
export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

/** A random Okta-style error id (`oae…`, 22 characters). */
export function errorId(): string {
  return `oae${randomBytes(15).toString('base64url').slice(0, 19)}`;
}

/** An Okta error response (`Error` schema of the spec). */
export function oktaError(status: number, code: string, summary: string, causes: string[] = []): SimResponse {
  return {
    status,
    body: {
      errorCode: code,
      errorSummary: summary,
      errorLink: code,
      errorId: errorId(),
      errorCauses: causes.map((errorSummary) => ({ errorSummary })),
    },
  };
}

/** The errors Okta's Management API returns, with Okta's own codes and wording. */
export const errors = {
  validation: (causes: string[], summary = 'Api validation failed: ' + (causes[0]?.split(':')[0] ?? 'request')) =>
    oktaError(400, 'E0000001', summary, causes),
  malformedBody: () => oktaError(400, 'E0000003', 'The request body was not well-formed.'),
  invalidToken: () => oktaError(401, 'E0000011', 'Invalid token provided'),
  forbidden: () => oktaError(403, 'E0000006', 'You do not have permission to perform the requested action'),
  notFound: (what: string) => oktaError(404, 'E0000007', `Not found: Resource not found: ${what}`),
  noRoute: () => oktaError(405, 'E0000022', 'The endpoint does not support the provided HTTP method'),
  invalidSearch: () => oktaError(400, 'E0000031', 'Invalid search criteria.'),
  searchAndFilter: () => oktaError(400, 'E0000033', 'Cannot specify a search query and filter in the same request.'),
  rateLimited: () => oktaError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.'),
  internal: () => oktaError(500, 'E0000009', 'Internal Server Error'),
  unavailable: () => oktaError(503, 'E0000010', 'Service is in read only mode'),
};

/** `200 OK` with a JSON body. */
export function ok(body: unknown, headers?: Record<string, string>): SimResponse {
  return { status: 200, body, headers };
}

/** Encodes an opaque cursor: callers must follow `Link` headers, never build cursors. */
export function encodeCursor(kind: string, value: string | number): string {
  return Buffer.from(`${kind}:${value}`).toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor}; undefined when it is not one of `kind`. */
export function decodeCursor(kind: string, cursor: string): string | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return text.startsWith(`${kind}:`) ? text.slice(kind.length + 1) : undefined;
}

/**
 * The `Link` header of a list page: `self` is the request as made, `next` the same request with
 * the next cursor and page size, as Okta builds them (other parameters such as `filter` kept).
 */
export function linkHeader(req: SimRequest, limit: number, nextAfter: string | undefined, drop: string[] = []): string {
  const self = new URL(req.url.pathname + req.url.search, req.baseUrl);
  const links = [`<${self.toString()}>; rel="self"`];
  if (nextAfter !== undefined) {
    const next = new URL(req.url.pathname, req.baseUrl);
    for (const [k, v] of req.query) if (k !== 'after' && k !== 'limit' && !drop.includes(k)) next.searchParams.append(k, v);
    next.searchParams.set('after', nextAfter);
    next.searchParams.set('limit', String(limit));
    links.push(`<${next.toString()}>; rel="next"`);
  }
  return links.join(', ');
}

/**
 * Reads `limit`: Okta's default when absent, capped at the endpoint's maximum; 400 when not a
 * positive integer.
 */
export function readLimit(query: URLSearchParams, defaultLimit: number, maxLimit: number): number | SimResponse {
  const raw = query.get('limit');
  if (raw === null || raw === '') return defaultLimit;
  if (!/^-?\d+$/.test(raw)) return errors.validation([`limit: The value '${raw}' is not a valid integer`]);
  const n = Number(raw);
  if (n < 1) return errors.validation([`limit: must be greater than 0`]);
  return Math.min(n, maxLimit);
}

/** Type guard for a handler's early return. */
export function isResponse(value: unknown): value is SimResponse {
  return typeof value === 'object' && value !== null && 'status' in value && typeof (value as SimResponse).status === 'number';
}
