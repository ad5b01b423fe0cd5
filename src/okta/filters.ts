/**
 * Okta `filter` / `search` expressions built from values, never from string concatenation of input.
 *
 * Okta's grammar (SCIM-like): `attr op "value"`, joined by `and` / `or`, grouped by parentheses.
 * Inside a double-quoted value, `\` and `"` are escaped with a backslash. Every value passes through
 * {@link quote}, and every attribute name must match {@link ATTRIBUTE}, so no input can close a
 * string early or add a clause: `a" or status eq "ACTIVE` stays one literal value.
 */

/** A well-formed Okta expression. Only the builders below construct one. */
export class OktaExpression {
  /** @internal */
  constructor(readonly text: string, readonly compound: boolean) {}
  toString(): string {
    return this.text;
  }
}

/** Raised for a value Okta's grammar cannot carry (control characters). */
export class FilterValueError extends Error {
  override name = 'FilterValueError';
}

const ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** A value as Okta wants it: a JSON-escaped string literal, or a bare number or boolean. */
export function quote(value: string | number | boolean | Date): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new FilterValueError('a filter number must be finite');
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  const text = value instanceof Date ? value.toISOString() : value;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new FilterValueError('a filter value must not contain control characters');
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function attribute(name: string): string {
  if (!ATTRIBUTE.test(name)) throw new FilterValueError(`"${name}" is not an attribute name`);
  return name;
}

type Value = string | number | boolean | Date;
const compare = (op: string) => (attr: string, value: Value) =>
  new OktaExpression(`${attribute(attr)} ${op} ${quote(value)}`, false);

/** `attr eq value` */
export const eq = compare('eq');
/** `attr ne value` (not every endpoint accepts it) */
export const ne = compare('ne');
/** `attr sw value` (starts with) */
export const sw = compare('sw');
/** `attr co value` (contains; Okta allows it on few attributes) */
export const co = compare('co');
/** `attr gt value` */
export const gt = compare('gt');
/** `attr ge value` */
export const ge = compare('ge');
/** `attr lt value` */
export const lt = compare('lt');
/** `attr le value` */
export const le = compare('le');
/** `attr pr` (present) */
export const pr = (attr: string) => new OktaExpression(`${attribute(attr)} pr`, false);

function join(op: 'and' | 'or', parts: ReadonlyArray<OktaExpression | undefined>): OktaExpression | undefined {
  const present = parts.filter((p): p is OktaExpression => p !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  return new OktaExpression(present.map((p) => (p.compound ? `(${p.text})` : p.text)).join(` ${op} `), true);
}

/** All of `parts` (undefined parts are skipped; undefined when none is left). */
export const and = (...parts: Array<OktaExpression | undefined>) => join('and', parts);
/** Any of `parts` (undefined parts are skipped; undefined when none is left). */
export const or = (...parts: Array<OktaExpression | undefined>) => join('or', parts);

/** `attr eq v1 or attr eq v2 …`, or undefined for an empty list. */
export function anyOf(attr: string, values: readonly Value[] | null | undefined): OktaExpression | undefined {
  return values && values.length > 0 ? or(...values.map((v) => eq(attr, v))) : undefined;
}

/** The typed user filter of `Query.users`, in Okta's terms. */
export interface UserFilterValues {
  statuses?: readonly string[] | null;
  ids?: readonly string[] | null;
  logins?: readonly string[] | null;
  emails?: readonly string[] | null;
  lastUpdatedAfter?: Date | string | null;
  lastUpdatedBefore?: Date | string | null;
}

/**
 * Compiles a typed user filter to Okta's `filter` parameter, which (unlike `search`) reads the
 * strongly consistent store and supports exactly these attributes: `status`, `id`, `profile.login`,
 * `profile.email` with `eq`, and `lastUpdated` with `gt`/`lt`. Lists are ORed, fields are ANDed.
 */
export function compileUserFilter(f: UserFilterValues): OktaExpression | undefined {
  const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));
  return and(
    anyOf('status', f.statuses),
    anyOf('id', f.ids),
    anyOf('profile.login', f.logins),
    anyOf('profile.email', f.emails),
    f.lastUpdatedAfter ? gt('lastUpdated', date(f.lastUpdatedAfter)) : undefined,
    f.lastUpdatedBefore ? lt('lastUpdated', date(f.lastUpdatedBefore)) : undefined,
  );
}

const dateOf = (v: Date | string) => (v instanceof Date ? v : new Date(v));
type DateArg = Date | string | null | undefined;

/** The typed group filter of `Query.groups`. */
export interface GroupFilterValues {
  types?: readonly string[] | null;
  ids?: readonly string[] | null;
  lastUpdatedAfter?: DateArg;
  lastUpdatedBefore?: DateArg;
  lastMembershipUpdatedAfter?: DateArg;
  lastMembershipUpdatedBefore?: DateArg;
}

/** Compiles a typed group filter to Okta's groups `filter` (type, id, and the two update times). */
export function compileGroupFilter(f: GroupFilterValues): OktaExpression | undefined {
  return and(
    anyOf('type', f.types),
    anyOf('id', f.ids),
    f.lastUpdatedAfter ? gt('lastUpdated', dateOf(f.lastUpdatedAfter)) : undefined,
    f.lastUpdatedBefore ? lt('lastUpdated', dateOf(f.lastUpdatedBefore)) : undefined,
    f.lastMembershipUpdatedAfter ? gt('lastMembershipUpdated', dateOf(f.lastMembershipUpdatedAfter)) : undefined,
    f.lastMembershipUpdatedBefore ? lt('lastMembershipUpdated', dateOf(f.lastMembershipUpdatedBefore)) : undefined,
  );
}

/** The typed application filter of `Query.applications`. */
export interface ApplicationFilterValues {
  statuses?: readonly string[] | null;
  names?: readonly string[] | null;
  userId?: string | null;
  groupId?: string | null;
}

/** Compiles a typed application filter to Okta's apps `filter` (`status`, `name`, `user.id`, `group.id`). */
export function compileApplicationFilter(f: ApplicationFilterValues): OktaExpression | undefined {
  return and(
    anyOf('status', f.statuses),
    anyOf('name', f.names),
    f.userId ? eq('user.id', f.userId) : undefined,
    f.groupId ? eq('group.id', f.groupId) : undefined,
  );
}

/** The typed System Log filter of `Query.logEvents`. */
export interface LogEventFilterValues {
  eventTypes?: readonly string[] | null;
  eventTypePrefixes?: readonly string[] | null;
  actorIds?: readonly string[] | null;
  targetIds?: readonly string[] | null;
  outcomes?: readonly string[] | null;
  severities?: readonly string[] | null;
}

/** Compiles a typed System Log filter to Okta's logs `filter`. */
export function compileLogEventFilter(f: LogEventFilterValues): OktaExpression | undefined {
  return and(
    anyOf('eventType', f.eventTypes),
    or(...(f.eventTypePrefixes ?? []).map((p) => sw('eventType', p))),
    anyOf('actor.id', f.actorIds),
    anyOf('target.id', f.targetIds),
    anyOf('outcome.result', f.outcomes),
    anyOf('severity', f.severities),
  );
}
