/**
 * The scopes of the org authorization server. Okta API scopes are the 107 `okta.*` scopes that
 * Okta's Management API description (`../shared/okta`, `components.securitySchemes.oauth2`)
 * declares; the org authorization server knows no others besides the OpenID Connect ones, and it
 * refuses custom scopes outright (only custom authorization servers have them).
 */
export const OKTA_API_SCOPES: readonly string[] = [
  'okta.agentPools.manage', 'okta.agentPools.read', 'okta.apiTokens.manage', 'okta.apiTokens.read',
  'okta.appGrants.manage', 'okta.appGrants.read', 'okta.apps.interclientTrust.manage',
  'okta.apps.interclientTrust.read', 'okta.apps.manage', 'okta.apps.read', 'okta.authenticators.manage',
  'okta.authenticators.read', 'okta.authorizationServers.manage', 'okta.authorizationServers.read',
  'okta.behaviors.manage', 'okta.behaviors.read', 'okta.botProtection.manage', 'okta.botProtection.read',
  'okta.brands.manage', 'okta.brands.read', 'okta.captchas.manage', 'okta.captchas.read',
  'okta.customTelephonyProvider.manage', 'okta.customTelephonyProvider.read', 'okta.deviceAssurance.manage',
  'okta.deviceAssurance.read', 'okta.deviceIntegrations.manage', 'okta.deviceIntegrations.read',
  'okta.devicePostureChecks.manage', 'okta.devicePostureChecks.read', 'okta.devices.manage', 'okta.devices.read',
  'okta.directories.groups.manage', 'okta.directories.groups.read', 'okta.domains.manage', 'okta.domains.read',
  'okta.dr.manage', 'okta.dr.read', 'okta.emailDomains.manage', 'okta.emailDomains.read', 'okta.emailServers.manage',
  'okta.emailServers.read', 'okta.eventHooks.manage', 'okta.eventHooks.read', 'okta.features.manage',
  'okta.features.read', 'okta.groups.manage', 'okta.groups.read', 'okta.identitySources.manage',
  'okta.identitySources.read', 'okta.idps.manage', 'okta.idps.read', 'okta.inlineHooks.manage',
  'okta.inlineHooks.read', 'okta.linkedObjects.manage', 'okta.linkedObjects.read', 'okta.logStreams.manage',
  'okta.logStreams.read', 'okta.logs.read', 'okta.networkZones.manage', 'okta.networkZones.read',
  'okta.oauthIntegrations.manage', 'okta.oauthIntegrations.read', 'okta.orgs.manage', 'okta.orgs.read',
  'okta.personal.adminSettings.manage', 'okta.personal.adminSettings.read', 'okta.policies.manage',
  'okta.policies.read', 'okta.principalRateLimits.manage', 'okta.principalRateLimits.read',
  'okta.profileMappings.manage', 'okta.profileMappings.read', 'okta.pushProviders.manage', 'okta.pushProviders.read',
  'okta.rateLimits.manage', 'okta.rateLimits.read', 'okta.realmAssignments.manage', 'okta.realmAssignments.read',
  'okta.realms.manage', 'okta.realms.read', 'okta.roles.manage', 'okta.roles.read', 'okta.schemas.manage',
  'okta.schemas.read', 'okta.securityEventsProviders.manage', 'okta.securityEventsProviders.read',
  'okta.serviceAccounts.manage', 'okta.serviceAccounts.okta.manage', 'okta.serviceAccounts.okta.read',
  'okta.serviceAccounts.read', 'okta.sessions.manage', 'okta.sessions.read', 'okta.templates.manage',
  'okta.templates.read', 'okta.threatInsights.manage', 'okta.threatInsights.read', 'okta.trustedOrigins.manage',
  'okta.trustedOrigins.read', 'okta.uischemas.manage', 'okta.uischemas.read', 'okta.userRisk.manage',
  'okta.userRisk.read', 'okta.userTypes.manage', 'okta.userTypes.read', 'okta.users.manage', 'okta.users.read',
];

/** The OpenID Connect scopes of the org authorization server. */
export const OIDC_SCOPES: readonly string[] = ['openid', 'profile', 'email', 'address', 'phone', 'offline_access'];

/** Every scope the org authorization server knows (what discovery advertises). */
export const ALL_SCOPES: readonly string[] = [...OIDC_SCOPES, ...OKTA_API_SCOPES];

const KNOWN = new Set(ALL_SCOPES);

/** True when the org authorization server knows `scope`. */
export function isKnownScope(scope: string): boolean {
  return KNOWN.has(scope);
}
