import type { SimRequest } from '../http.js';
import type { Org } from '../org.js';
import type { SimApp } from '../store/apps.js';
import type { SimGroup } from '../store/groups.js';
import type { LogTarget } from '../store/logs.js';
import type { SimUser } from '../store/users.js';

/** System Log targets as Okta writes them for app events. */
export const targets = {
  app: (app: SimApp): LogTarget => ({ id: app.id, type: 'AppInstance', alternateId: app.label, displayName: app.label, detailEntry: { signOnModeType: app.signOnMode } }),
  user: (user: SimUser): LogTarget => ({
    id: user.id,
    type: 'User',
    alternateId: user.profile.login,
    displayName: `${String(user.profile.firstName ?? '')} ${String(user.profile.lastName ?? '')}`.trim(),
  }),
  appUser: (assignmentId: string, userName: string, user: SimUser): LogTarget => ({
    id: assignmentId,
    type: 'AppUser',
    alternateId: userName,
    displayName: `${String(user.profile.firstName ?? '')} ${String(user.profile.lastName ?? '')}`.trim(),
  }),
  // Okta writes `unknown` as a group's alternate id.
  group: (group: SimGroup): LogTarget => ({ id: group.id, type: 'UserGroup', alternateId: 'unknown', displayName: group.profile.name }),
};

/**
 * Okta's event types for app writes, with their display messages and legacy (Events API) types.
 * Messages are the ones Okta's System Log shows.
 */
export const APP_EVENTS = {
  activate: { eventType: 'application.lifecycle.activate', displayMessage: 'Activate application', legacyEventType: 'app.generic.config.app_activated' },
  deactivate: { eventType: 'application.lifecycle.deactivate', displayMessage: 'Deactivate application', legacyEventType: 'app.generic.config.app_deactivated' },
  update: { eventType: 'application.lifecycle.update', displayMessage: 'Update application', legacyEventType: 'app.generic.config.app_updated' },
  delete: { eventType: 'application.lifecycle.delete', displayMessage: 'Delete application', legacyEventType: 'app.generic.config.app_deleted' },
  userAdd: { eventType: 'application.user_membership.add', displayMessage: 'Add user to application membership', legacyEventType: 'app.generic.provision.assign_user_to_app' },
  userUpdate: { eventType: 'application.user_membership.update', displayMessage: 'Updated user application property' },
  userRemove: { eventType: 'application.user_membership.remove', displayMessage: 'Remove users application membership' },
  groupAdd: { eventType: 'group.application_assignment.add', displayMessage: 'Add assigned application to group', legacyEventType: 'group.application_assignment.add' },
  groupUpdate: { eventType: 'group.application_assignment.update', displayMessage: 'Update assigned application in group', legacyEventType: 'group.application_assignment.update' },
  groupRemove: { eventType: 'group.application_assignment.remove', displayMessage: 'Remove assigned application from group', legacyEventType: 'group.application_assignment.remove' },
} as const;

/** Records one app event caused by `req`. */
export function emitAppEvent(org: Org, req: SimRequest, kind: keyof typeof APP_EVENTS, eventTargets: LogTarget[], debugData?: Record<string, unknown>): void {
  org.logs.emit(req, { ...APP_EVENTS[kind], targets: eventTargets, ...(debugData ? { debugData } : {}) });
}
