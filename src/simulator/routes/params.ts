import { randomBytes } from 'node:crypto';
import { checkRules, ExprError, parseExpression, type Expr, type ExprRules } from '../expr.js';
import { decodeCursor, errors, type SimResponse } from '../http.js';

/**
 * Reads a boolean query parameter as Okta's Java stack does: `true`/`false` in any case; anything
 * else (or absence) gives the default.
 */
export function readBool(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = query.get(name)?.toLowerCase();
  return raw === 'true' ? true : raw === 'false' ? false : fallback;
}

/** Parses a `filter` or `search` expression; 400 E0000031 when malformed or not allowed here. */
export function parseQueryExpr(text: string, rules: ExprRules): Expr | SimResponse {
  try {
    const expr = parseExpression(text);
    checkRules(expr, rules);
    return expr;
  } catch (err) {
    if (err instanceof ExprError) return errors.invalidSearch();
    throw err;
  }
}

/** Reads a numeric cursor made with `encodeCursor(kind, n)`: -1 without one, 400 when it is not ours. */
export function readPositionCursor(query: URLSearchParams, kind: string): number | SimResponse {
  const after = query.get('after');
  if (!after) return -1;
  const decoded = decodeCursor(kind, after);
  if (decoded === undefined || !/^-?\d+$/.test(decoded)) return errors.validation(['after: invalid cursor']);
  return Number(decoded);
}

/**
 * The request body as a JSON object. Okta deserialises bodies strictly: a property its model does
 * not know, or a body that is not an object, answers 400 E0000003.
 */
export function readBody(body: unknown, allowed: readonly string[]): Record<string, unknown> | SimResponse {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return errors.malformedBody();
  const record = body as Record<string, unknown>;
  if (Object.keys(record).some((k) => !allowed.includes(k))) return errors.malformedBody();
  return record;
}

/** A plain JSON object, or undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A one-time token shaped like Okta's (20 base-62 characters). */
export function oneTimeToken(): string {
  return [...randomBytes(20)].map((b) => BASE62[b % 62]).join('');
}

/** `204 No Content`. */
export function noContent(): SimResponse {
  return { status: 204 };
}
