import type { SimRequest } from '../http.js';
import type { Org } from '../org.js';
import type { SimAuthServer, SimClaim, SimPolicy, SimRule, SimScope } from '../store/authServers.js';
import type { LogTarget } from '../store/logs.js';

/** System Log targets of authorization-server events. */
export const asTargets = {
  server: (s: SimAuthServer): LogTarget => ({ id: s.id, type: 'AuthorizationServer', alternateId: s.name, displayName: s.name }),
  scope: (s: SimScope): LogTarget => ({ id: s.id, type: 'OAuth2Scope', alternateId: s.name, displayName: s.name }),
  claim: (c: SimClaim): LogTarget => ({ id: c.id, type: 'OAuth2Claim', alternateId: c.name, displayName: c.name, detailEntry: { claimType: c.claimType } }),
  policy: (p: SimPolicy): LogTarget => ({ id: p.id, type: 'PolicyEntity', alternateId: 'unknown', displayName: p.name, detailEntry: { policyType: 'OAUTH_AUTHORIZATION_POLICY' } }),
  rule: (r: SimRule): LogTarget => ({ id: r.id, type: 'PolicyRule', alternateId: 'unknown', displayName: r.name }),
};

/**
 * Okta's event types of API Access Management writes. The `oauth2.*` types carry their Events API
 * names (`api.oauth2.*`) as legacy types; access policies and rules use the generic policy events.
 */
export const AS_EVENTS = {
  serverActivated: { eventType: 'oauth2.as.activated', displayMessage: 'Activate authorization server', legacyEventType: 'api.oauth2.as.activated' },
  serverDeactivated: { eventType: 'oauth2.as.deactivated', displayMessage: 'Deactivate authorization server', legacyEventType: 'api.oauth2.as.deactivated' },
  keyRollover: { eventType: 'app.oauth2.as.key.rollover', displayMessage: 'Authorization server key rollover' },
  scopeCreated: { eventType: 'oauth2.scope.created', displayMessage: 'Create OAuth 2.0 scope', legacyEventType: 'api.oauth2.scope.created' },
  scopeUpdated: { eventType: 'oauth2.scope.updated', displayMessage: 'Update OAuth 2.0 scope', legacyEventType: 'api.oauth2.scope.updated' },
  scopeDeleted: { eventType: 'oauth2.scope.deleted', displayMessage: 'Delete OAuth 2.0 scope', legacyEventType: 'api.oauth2.scope.deleted' },
  claimCreated: { eventType: 'oauth2.claim.created', displayMessage: 'Create OAuth 2.0 claim', legacyEventType: 'api.oauth2.claim.created' },
  claimUpdated: { eventType: 'oauth2.claim.updated', displayMessage: 'Update OAuth 2.0 claim', legacyEventType: 'api.oauth2.claim.updated' },
  claimDeleted: { eventType: 'oauth2.claim.deleted', displayMessage: 'Delete OAuth 2.0 claim', legacyEventType: 'api.oauth2.claim.deleted' },
  policyCreated: { eventType: 'policy.lifecycle.create', displayMessage: 'Create policy' },
  policyUpdated: { eventType: 'policy.lifecycle.update', displayMessage: 'Update policy' },
  policyDeleted: { eventType: 'policy.lifecycle.delete', displayMessage: 'Delete policy' },
  policyActivated: { eventType: 'policy.lifecycle.activate', displayMessage: 'Activate policy' },
  policyDeactivated: { eventType: 'policy.lifecycle.deactivate', displayMessage: 'Deactivate policy' },
  ruleCreated: { eventType: 'policy.rule.add', displayMessage: 'Add policy rule' },
  ruleUpdated: { eventType: 'policy.rule.update', displayMessage: 'Update policy rule' },
  ruleDeleted: { eventType: 'policy.rule.delete', displayMessage: 'Delete policy rule' },
  ruleActivated: { eventType: 'policy.rule.activate', displayMessage: 'Activate policy rule' },
  ruleDeactivated: { eventType: 'policy.rule.deactivate', displayMessage: 'Deactivate policy rule' },
} as const;

/** Records one authorization-server event caused by `req`; the server is always the first target. */
export function emitAsEvent(org: Org, req: SimRequest, kind: keyof typeof AS_EVENTS, server: SimAuthServer, more: LogTarget[] = []): void {
  org.logs.emit(req, { ...AS_EVENTS[kind], targets: [asTargets.server(server), ...more] });
}
