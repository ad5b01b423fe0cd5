import { audit, userTarget, type AuditEventType } from '../auditEvents.js';
import { errors, ok, type SimRequest, type SimResponse } from '../http.js';
import { applyTransition, LIFECYCLE_OPS, transition, type LifecycleOp } from '../lifecycle.js';
import type { Org } from '../org.js';
import type { RouteDef } from '../router.js';
import { userJson, type SimUser } from '../store/users.js';
import { oneTimeToken, readBool } from './params.js';

/** Scopes that allow changing users. */
export const USERS_MANAGE = [['okta.users.manage']];

const EVENTS: Record<LifecycleOp, AuditEventType> = {
  activate: 'user.lifecycle.activate',
  reactivate: 'user.lifecycle.reactivate',
  deactivate: 'user.lifecycle.deactivate',
  suspend: 'user.lifecycle.suspend',
  unsuspend: 'user.lifecycle.unsuspend',
  unlock: 'user.account.unlock_by_admin',
  reset_password: 'user.account.reset_password',
  expire_password: 'user.account.expire_password',
};

/**
 * Help desk admins may unlock users and reset or expire passwords; changing a user's status
 * otherwise takes a role that manages users (roles.ts: `users.manage` includes `users.lifecycle`).
 */
const PERMISSION: Record<LifecycleOp, string> = {
  activate: 'users.manage',
  reactivate: 'users.manage',
  deactivate: 'users.manage',
  suspend: 'users.manage',
  unsuspend: 'users.manage',
  unlock: 'users.lifecycle',
  reset_password: 'users.lifecycle',
  expire_password: 'users.lifecycle',
};

/** The activation link Okta returns instead of emailing it (`sendEmail=false`). */
function activationBody(req: SimRequest): Record<string, string> {
  const token = oneTimeToken();
  return { activationUrl: `${req.baseUrl}/welcome/${token}`, activationToken: token };
}

/** The body of a successful operation, which depends on the operation and on `sendEmail`. */
function responseBody(op: LifecycleOp, req: SimRequest, user: SimUser): unknown {
  switch (op) {
    case 'activate':
      return readBool(req.query, 'sendEmail', true) ? {} : activationBody(req);
    case 'reactivate':
      return readBool(req.query, 'sendEmail', false) ? {} : activationBody(req);
    case 'reset_password':
      return readBool(req.query, 'sendEmail', true) ? {} : { resetPasswordUrl: `${req.baseUrl}/reset_password/${oneTimeToken()}` };
    case 'expire_password':
      return userJson(user, req.baseUrl, true);
    default:
      return {};
  }
}

/**
 * Runs a lifecycle operation: 404 E0000007 for an unknown user, Okta's error for an operation
 * the user's status forbids, otherwise the transition, a System Log event and Okta's body.
 */
export function runLifecycle(org: Org, req: SimRequest, op: LifecycleOp, idOrLogin: string): SimResponse {
  const user = org.users.get(idOrLogin);
  if (!user) return errors.notFound(`${idOrLogin} (User)`);
  const outcome = transition(op, user);
  if ('refused' in outcome) return outcome.refused();
  if (outcome.changes) {
    const now = org.nowIso();
    org.users.update(user.id, (u) => applyTransition(u, op, outcome.to, now));
  }
  audit(org, req, EVENTS[op], [userTarget(user)]);
  return ok(responseBody(op, req, user));
}

/** `POST /api/v1/users/{id}/lifecycle/{op}` for every operation Okta offers there. */
export function userLifecycleRoutes(org: Org): RouteDef[] {
  return LIFECYCLE_OPS.map((op) => ({
    method: 'POST' as const,
    path: `/api/v1/users/{id}/lifecycle/${op}`,
    kind: 'management' as const,
    scopes: USERS_MANAGE,
    permission: PERMISSION[op],
    handler: (req: SimRequest) => runLifecycle(org, req, op, req.params.id!),
  }));
}
