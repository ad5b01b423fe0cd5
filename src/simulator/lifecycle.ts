import { errors, oktaError, type SimResponse } from './http.js';
import type { SimUser, SimUserStatus } from './store/users.js';

/** The lifecycle operations of `POST /api/v1/users/{id}/lifecycle/{op}`. */
export type LifecycleOp = 'activate' | 'reactivate' | 'deactivate' | 'suspend' | 'unsuspend' | 'unlock' | 'reset_password' | 'expire_password';

/** Every lifecycle operation, in the order the routes are registered. */
export const LIFECYCLE_OPS: readonly LifecycleOp[] = ['activate', 'reactivate', 'deactivate', 'suspend', 'unsuspend', 'unlock', 'reset_password', 'expire_password'];

/** The outcome of an operation on a user in some status. */
export type Transition = { to: SimUserStatus; changes: boolean } | { refused: () => SimResponse };

const notInStatus = () => oktaError(403, 'E0000038', "This operation is not allowed in the user's current status.");

/**
 * Okta's user state machine: which operation is legal in which status, the status it leads to,
 * and the error Okta answers for an illegal one (each as Okta's docs and error catalog give it).
 */
export function transition(op: LifecycleOp, user: SimUser): Transition {
  const { status } = user;
  switch (op) {
    case 'activate':
      // Only STAGED and DEPROVISIONED users activate; Okta reports any other as "already active".
      if (status !== 'STAGED' && status !== 'DEPROVISIONED') {
        return { refused: () => oktaError(403, 'E0000016', 'Activation failed because the user is already active') };
      }
      // A user with a password signs in with it; one without must finish the activation flow first.
      // Reactivating a deactivated user drops the old password (a fresh activation link is sent).
      return { to: status === 'STAGED' && user.hasPassword ? 'ACTIVE' : 'PROVISIONED', changes: true };
    case 'reactivate':
      if (status !== 'PROVISIONED' && status !== 'RECOVERY') return { refused: notInStatus };
      return { to: status, changes: false };
    case 'deactivate':
      if (status === 'DEPROVISIONED') return { refused: notInStatus };
      return { to: 'DEPROVISIONED', changes: true };
    case 'suspend':
      if (status !== 'ACTIVE') return { refused: () => errors.validation(['status: Cannot suspend a user that is not active']) };
      return { to: 'SUSPENDED', changes: true };
    case 'unsuspend':
      if (status !== 'SUSPENDED') return { refused: () => errors.validation(['status: Cannot unsuspend a user that is not suspended']) };
      return { to: 'ACTIVE', changes: true };
    case 'unlock':
      // Unlocking an ACTIVE user clears a block on unknown devices: it succeeds without a status change.
      if (status === 'ACTIVE') return { to: 'ACTIVE', changes: false };
      if (status !== 'LOCKED_OUT') return { refused: () => oktaError(403, 'E0000032', 'Unlock is not allowed for this user.') };
      return { to: 'ACTIVE', changes: true };
    case 'reset_password':
      if (!['ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY', 'LOCKED_OUT', 'PROVISIONED'].includes(status)) return { refused: notInStatus };
      return { to: 'RECOVERY', changes: status !== 'RECOVERY' };
    case 'expire_password':
      if (!['ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY', 'LOCKED_OUT'].includes(status) || !user.hasPassword) return { refused: notInStatus };
      return { to: 'PASSWORD_EXPIRED', changes: status !== 'PASSWORD_EXPIRED' };
  }
}

/** Applies a legal transition to a user (inside `UserStore.update`). */
export function applyTransition(user: SimUser, op: LifecycleOp, to: SimUserStatus, now: string): void {
  if (op === 'activate') {
    if (user.status === 'DEPROVISIONED') {
      user.hasPassword = false;
      user.passwordChanged = null;
    }
    user.activated = now;
  }
  if (user.status !== to) user.statusChanged = now;
  user.status = to;
  user.lastUpdated = now;
}
