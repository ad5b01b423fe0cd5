import { ErrorCode, graphQLError } from '../errors.js';
import type { OktaExpression } from '../okta/filters.js';

/**
 * The key value of an entity representation from the gateway; BAD_USER_INPUT when it is missing or
 * not a non-empty string (a broken representation must not surface as an internal error).
 */
export function referenceKey(typeName: string, reference: object, field: string): string {
  const value = (reference as Record<string, unknown>)[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw graphQLError(ErrorCode.BAD_USER_INPUT, `A ${typeName} representation needs a non-empty "${field}"`);
  }
  return value;
}

/** A string argument that, when given, must not be blank. */
export function nonEmpty(name: string, value: string | null | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (value.trim() === '') throw graphQLError(ErrorCode.BAD_USER_INPUT, `\`${name}\` must not be empty; omit it instead`, { argumentName: name });
  return value;
}

/** Refuses empty lists inside a typed filter: `ids: []` would match nothing, which is never meant. */
function checkFilterLists(filter: object | null | undefined): void {
  for (const [name, list] of Object.entries(filter ?? {})) {
    if (Array.isArray(list) && list.length === 0) {
      throw graphQLError(ErrorCode.BAD_USER_INPUT, `\`filter.${name}\` must not be an empty list; omit it instead`, { argumentName: 'filter' });
    }
  }
}

/** A typed filter argument compiled to Okta's `filter` syntax (its lists checked first). */
export function typedFilter<F extends object>(filter: F | null | undefined, compile: (f: F) => OktaExpression | undefined): string | undefined {
  if (!filter) return undefined;
  checkFilterLists(filter);
  return compile(filter)?.text;
}

/** Okta takes one of `search`, `filter` and `q` per request. */
export function atMostOne(args: Record<string, unknown>): void {
  const given = Object.entries(args).filter(([, v]) => v !== undefined && v !== null);
  if (given.length > 1) {
    const names = Object.keys(args).map((n) => `\`${n}\``).join(', ');
    throw graphQLError(ErrorCode.BAD_USER_INPUT, `Give at most one of ${names}: Okta cannot combine them`);
  }
}

/** An ISO string for Okta from a DateTime argument. */
export function isoArg(value: Date | string | null | undefined): string | undefined {
  return value ? new Date(value).toISOString() : undefined;
}

/**
 * The time window of a System Log read. `since` shapes the first page only: Okta refuses it with
 * `after` and its next link holds the position instead, so with a cursor `since` is not sent (a
 * client that keeps its variables while paging, as Relay clients do, still works).
 */
export function logWindow(args: { since?: Date | string | null; until?: Date | string | null; after?: string | null }): { since?: string; until?: string } {
  const since = isoArg(args.since);
  const until = isoArg(args.until);
  if (since && until && since >= until) throw graphQLError(ErrorCode.BAD_USER_INPUT, '`since` must be before `until`', { argumentName: 'since' });
  return { since, until };
}
