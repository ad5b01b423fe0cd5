import type { UserError, UserErrorCode } from '../../__generated__/resolvers-types.js';
import type { Context } from '../../context.js';
import type { OktaRequest } from '../../okta/client.js';
import { OktaApiError, OktaError } from '../../okta/errors.js';

/** Okta answers these 403s for an operation the object's state forbids, not for a missing admin role. */
const STATE_ERRORS = new Set([
  'E0000016', // activation failed: user already active
  'E0000032', // unlock not allowed
  'E0000038', // operation not allowed in the user's current status
  'E0000046', // unassign forbidden while a group grants the app
  'E0000056', // delete of an active application
]);

/** How a mutation's Okta errors land on its input. */
export interface MutationSpec {
  /** The GraphQL field name, for the audit line. */
  name: string;
  /** Ids of what the mutation acts on, for the audit line. */
  targets: Record<string, string | null | undefined>;
  /** Where a 404 (unknown object) points in the input. */
  notFoundField?: string[];
  /**
   * Where a 404 points, by the resource type Okta names in it (`Not found: Resource not found: X
   * (User)`): `User`, `UserGroup`, `AppInstance`, `AuthorizationServer`, `OAuth2Scope`, ...
   */
  notFoundByType?: Record<string, string[]>;
  /** A user lifecycle operation: Okta's causes on `status` mean the user's state forbids it. */
  lifecycle?: boolean;
  /** Maps an attribute named in an Okta error cause (`login: …`) to its input path. */
  field?: (attribute: string) => string[] | undefined;
  /** The payload's results when there are user errors (null, or false for flags). */
  empty: Record<string, null | false>;
}

/** The Okta calls of one mutation, recording Okta's request ids for the audit line. */
export interface Writer {
  /** Sends a request; returns Okta's body. */
  send<T>(req: OktaRequest): Promise<T>;
  /** A by-id GET through the strongly consistent endpoint; null on 404. */
  read<T>(req: OktaRequest): Promise<T | null>;
}

/** A userError without a field. */
export function userError(code: UserErrorCode, message: string, field: string[] | null = null): UserError {
  return { code, message, field };
}

/** The code of an Okta validation cause, from Okta's wording. */
function causeCode(attribute: string | undefined, message: string, lifecycle: boolean): UserErrorCode {
  // On a lifecycle operation Okta names `status` when the user's state forbids it.
  if (lifecycle && attribute === 'status') return 'INVALID_STATE';
  // Okta's own objects (system scopes and claims) are refused as causes on `system`.
  if (attribute === 'system') return 'NOT_ALLOWED';
  if (/already exists/i.test(message)) return 'ALREADY_EXISTS';
  if (/cannot be left blank|is required|must not be blank/i.test(message)) return 'REQUIRED';
  if (/password/i.test(attribute ?? '') || /password/i.test(message)) return 'PASSWORD_POLICY';
  return 'INVALID';
}

function causeToError(summary: string, spec: Pick<MutationSpec, 'field' | 'notFoundField' | 'lifecycle'>): UserError {
  const match = /^([A-Za-z_][\w.]*):\s*(.*)$/s.exec(summary);
  const attribute = match?.[1];
  const message = match?.[2] ?? summary;
  const code = causeCode(attribute, message, spec.lifecycle ?? false);
  const field = code === 'INVALID_STATE' || code === 'NOT_ALLOWED' ? (spec.notFoundField ?? null) : ((attribute ? spec.field?.(attribute) : undefined) ?? ['input']);
  return { code, message: attribute ? `${attribute}: ${message}` : message, field };
}

/** The input field a 404 is about, from the resource type Okta names. */
function notFoundField(summary: string, spec: Pick<MutationSpec, 'notFoundField' | 'notFoundByType'>): string[] | null {
  const type = /\(([A-Za-z0-9_]+)\)\s*$/.exec(summary)?.[1];
  return (type && spec.notFoundByType?.[type]) || spec.notFoundField || null;
}

/**
 * The user errors an Okta failure stands for, or undefined when it is not the caller's to fix
 * (scope, admin role, rate limit, Okta down): those stay top-level errors.
 */
export function toUserErrors(err: unknown, spec: Pick<MutationSpec, 'field' | 'notFoundField' | 'notFoundByType' | 'lifecycle'>): UserError[] | undefined {
  if (!(err instanceof OktaApiError)) return undefined;
  const summary = err.errorSummary ?? `Okta answered ${err.status}`;
  if (err.status === 404) return [userError('NOT_FOUND', summary, notFoundField(summary, spec))];
  if (err.status === 400 || err.status === 409) {
    if (err.errorCauses.length > 0) return err.errorCauses.map((c) => causeToError(c.errorSummary ?? summary, spec));
    return [userError(causeCode(undefined, summary, false), summary, ['input'])];
  }
  if (err.status === 403 && err.errorCode && STATE_ERRORS.has(err.errorCode)) {
    const reasons = err.errorCauses.map((c) => c.errorSummary).filter(Boolean);
    return [userError('INVALID_STATE', reasons.length ? `${summary} ${reasons.join('; ')}` : summary, null)];
  }
  return undefined;
}

/** Writes one audit line for a mutation (never a password, token or secret: ids and codes only). */
export function auditMutation(ctx: Pick<Context, 'logger' | 'caller' | 'connection' | 'services'>, entry: { mutation: string; targets: Record<string, unknown>; outcome: string; [key: string]: unknown }): void {
  ctx.logger.info(
    {
      audit: {
        tenantId: ctx.caller?.tenantId,
        caller: ctx.caller?.userId,
        oktaUser: ctx.connection?.oktaUserId ?? (ctx.services.config.okta.apiToken ? 'api-token' : null),
        ...entry,
      },
    },
    'mutation',
  );
}

/**
 * Runs a mutation: its Okta calls, the mapping of Okta's validation and state errors to userErrors,
 * the loader hygiene that keeps the rest of the operation from reading stale pages, and one audit
 * line (never a password, token or secret).
 */
export async function runMutation<R extends object>(
  ctx: Context,
  spec: MutationSpec,
  fn: (okta: Writer) => Promise<R | UserError[]>,
): Promise<R & { userErrors: UserError[] }> {
  type P = R & { userErrors: UserError[] };
  const requestIds: string[] = [];
  const client = ctx.okta;
  const writer: Writer = {
    async send<T>(req: OktaRequest) {
      try {
        const res = await client.request<T>(req);
        if (res.requestId) requestIds.push(res.requestId);
        return res.data;
      } catch (err) {
        if (err instanceof OktaError && err.requestId) requestIds.push(err.requestId);
        throw err;
      }
    },
    async read<T>(req: OktaRequest) {
      try {
        return await writer.send<T>(req);
      } catch (err) {
        if (err instanceof OktaApiError && err.status === 404) return null;
        throw err;
      }
    },
  };
  const audit = (outcome: string, extra: Record<string, unknown> = {}) =>
    auditMutation(ctx, { mutation: spec.name, targets: spec.targets, outcome, oktaRequestIds: requestIds, ...extra });

  try {
    const result = await fn(writer);
    if (Array.isArray(result)) {
      audit('user_error', { codes: result.map((e) => e.code) });
      return { ...spec.empty, userErrors: result } as unknown as P;
    }
    audit('success');
    return { ...result, userErrors: [] };
  } catch (err) {
    const userErrors = toUserErrors(err, spec);
    if (userErrors) {
      audit('user_error', { codes: userErrors.map((e) => e.code), oktaErrorCode: (err as OktaApiError).errorCode });
      return { ...spec.empty, userErrors } as unknown as P;
    }
    audit('error', { error: err instanceof OktaError ? err.name : 'internal' });
    throw err;
  } finally {
    // A write can change any list already read in this operation: later fields must read again.
    ctx.loaders.page.clearAll();
    ctx.loaders.list.clearAll();
  }
}

/**
 * A payload field read lazily, after the write: graphql-js calls a function-valued property when the
 * field is selected. A failed read-back then fails only that field (the write stays reported as
 * done), and an unselected field costs no call.
 */
export function readLater<T>(read: () => Promise<T>): T {
  // Memoised: aliases of the same field (`a: user { id } b: user { status }`) share one read.
  let once: Promise<T> | undefined;
  return (() => (once ??= read())) as unknown as T;
}
