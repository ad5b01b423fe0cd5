import { ErrorCode, graphQLError } from '../errors.js';

/** A string argument that, when given, must not be blank. */
export function nonEmpty(name: string, value: string | null | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (value.trim() === '') throw graphQLError(ErrorCode.BAD_USER_INPUT, `\`${name}\` must not be empty; omit it instead`, { argumentName: name });
  return value;
}

/** Refuses empty lists inside a typed filter: `ids: []` would match nothing, which is never meant. */
export function checkFilterLists(filter: object | null | undefined): void {
  for (const [name, list] of Object.entries(filter ?? {})) {
    if (Array.isArray(list) && list.length === 0) {
      throw graphQLError(ErrorCode.BAD_USER_INPUT, `\`filter.${name}\` must not be an empty list; omit it instead`, { argumentName: 'filter' });
    }
  }
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
