import type { SimRequest } from './http.js';
import type { Org } from './org.js';
import type { SimGroup } from './store/groups.js';
import type { LogTarget } from './store/logs.js';
import { userDisplayName, type SimUser } from './store/users.js';

/** An event type of Okta's System Log with its display message and legacy type. */
interface EventKind {
  displayMessage: string;
  legacyEventType?: string;
}

/**
 * The System Log event types user and group writes produce, with the display messages and legacy
 * event types Okta records for them (Okta's event types catalog).
 */
export const EVENT_TYPES = {
  'user.lifecycle.create': { displayMessage: 'Create Okta user', legacyEventType: 'core.user.config.user_creation.success' },
  'user.lifecycle.activate': { displayMessage: 'Activate Okta user', legacyEventType: 'core.user.config.user_activated' },
  'user.lifecycle.reactivate': { displayMessage: 'Reactivate Okta user', legacyEventType: 'core.user.config.user_reactivated' },
  'user.lifecycle.deactivate': { displayMessage: 'Deactivate Okta user', legacyEventType: 'core.user.config.user_deactivated' },
  'user.lifecycle.suspend': { displayMessage: 'Suspend Okta user', legacyEventType: 'core.user.config.user_status.suspended' },
  'user.lifecycle.unsuspend': { displayMessage: 'Unsuspend Okta user', legacyEventType: 'core.user.config.user_status.unsuspended' },
  'user.lifecycle.delete.initiated': { displayMessage: 'Delete Okta user initiated', legacyEventType: 'core.user.config.user_deleted' },
  'user.lifecycle.delete.completed': { displayMessage: 'Delete Okta user completed' },
  'user.account.update_profile': { displayMessage: 'Update user profile for Okta', legacyEventType: 'core.user.config.profile_update.success' },
  'user.account.update_password': { displayMessage: 'Update password for user', legacyEventType: 'core.user.config.password_update.success' },
  'user.account.reset_password': { displayMessage: 'Reset password for user', legacyEventType: 'core.user.config.password_reset' },
  'user.account.expire_password': { displayMessage: 'Expire password for user', legacyEventType: 'core.user.config.password_expired' },
  'user.account.unlock_by_admin': { displayMessage: 'Unlock user account by admin', legacyEventType: 'core.user.config.user_status.unlocked' },
  'group.lifecycle.create': { displayMessage: 'Create Okta group', legacyEventType: 'core.user_group.created' },
  'group.lifecycle.delete': { displayMessage: 'Delete Okta group', legacyEventType: 'core.user_group.deleted' },
  'group.profile.update': { displayMessage: 'Update Okta group profile', legacyEventType: 'core.user_group.profile_updated' },
  'group.user_membership.add': { displayMessage: 'Add user to group membership', legacyEventType: 'core.user_group_member.user_add' },
  'group.user_membership.remove': { displayMessage: 'Remove user from group membership', legacyEventType: 'core.user_group_member.user_remove' },
} satisfies Record<string, EventKind>;

/** One of the event types above. */
export type AuditEventType = keyof typeof EVENT_TYPES;

/** The System Log target of a user. */
export function userTarget(user: SimUser): LogTarget {
  return { id: user.id, type: 'User', alternateId: user.profile.login, displayName: userDisplayName(user) };
}

/** The System Log target of a group (Okta gives groups no alternate id: it logs `unknown`). */
export function groupTarget(group: SimGroup): LogTarget {
  return { id: group.id, type: 'UserGroup', alternateId: 'unknown', displayName: group.profile.name };
}

/** Records a successful write in the org's System Log. */
export function audit(org: Org, req: SimRequest, eventType: AuditEventType, targets: LogTarget[], debugData?: Record<string, unknown>): void {
  const kind: EventKind = EVENT_TYPES[eventType];
  org.logs.emit(req, { eventType, displayMessage: kind.displayMessage, legacyEventType: kind.legacyEventType, targets, debugData });
}
