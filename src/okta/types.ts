/**
 * The JSON shapes Okta's Management API returns, narrowed to what this subgraph reads.
 * Source of truth: `components.schemas` of Okta's OpenAPI description (`../shared/okta`).
 * These are the codegen mappers: resolvers receive these objects as parents.
 */

/** `UserStatus` in Okta's spec. */
export type OktaUserStatus =
  | 'ACTIVE'
  | 'DEPROVISIONED'
  | 'LOCKED_OUT'
  | 'PASSWORD_EXPIRED'
  | 'PROVISIONED'
  | 'RECOVERY'
  | 'STAGED'
  | 'SUSPENDED';

/** A user profile: Okta's base attributes plus any custom ones (`additionalProperties: true`). */
export interface OktaUserProfile {
  login: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  [attribute: string]: unknown;
}

/** `User` in Okta's spec. */
export interface OktaUser {
  id: string;
  status: OktaUserStatus;
  created: string;
  activated?: string | null;
  statusChanged?: string | null;
  lastLogin?: string | null;
  lastUpdated?: string | null;
  passwordChanged?: string | null;
  transitioningToStatus?: string | null;
  type?: { id?: string } | null;
  profile: OktaUserProfile;
  credentials?: unknown;
  _links?: unknown;
  _embedded?: unknown;
}

/** Okta's error body (`Error` in the spec). */
export interface OktaErrorBody {
  errorCode?: string;
  errorSummary?: string;
  errorLink?: string;
  errorId?: string;
  errorCauses?: Array<{ errorSummary?: string; reason?: string; locationType?: string; location?: string; domain?: string }>;
}

/** `Group` in Okta's spec. */
export interface OktaGroup {
  id: string;
  type: 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';
  objectClass?: string[];
  created: string;
  lastUpdated?: string | null;
  lastMembershipUpdated?: string | null;
  profile: { name: string; description?: string | null; [attribute: string]: unknown };
  _embedded?: unknown;
  _links?: unknown;
}

/** `Application` in Okta's spec (the fields we read; settings vary by sign-on mode). */
export interface OktaApplication {
  id: string;
  name?: string;
  label: string;
  status: string;
  signOnMode: string;
  created?: string | null;
  lastUpdated?: string | null;
  features?: string[];
  visibility?: { autoSubmitToolbar?: boolean; hide?: { iOS?: boolean; web?: boolean }; appLinks?: Record<string, unknown> } | null;
  settings?: Record<string, unknown> | null;
  credentials?: {
    scheme?: string;
    userNameTemplate?: { template?: string; type?: string };
    signing?: { kid?: string };
    oauthClient?: { client_id?: string; token_endpoint_auth_method?: string; client_secret?: string };
  } | null;
  _links?: unknown;
}

/** `AppUser` in Okta's spec. */
export interface OktaAppUser {
  id: string;
  scope: string;
  status?: string;
  created?: string | null;
  lastUpdated?: string | null;
  credentials?: { userName?: string } | null;
  profile?: Record<string, unknown> | null;
  _embedded?: { user?: OktaUser };
}

/** `ApplicationGroupAssignment` in Okta's spec. */
export interface OktaAppGroup {
  id: string;
  priority?: number | null;
  lastUpdated?: string | null;
  profile?: Record<string, unknown> | null;
  _embedded?: { group?: OktaGroup };
}

/** An app link of `GET /api/v1/users/{id}/appLinks`. */
export interface OktaAppLink {
  id: string;
  label: string;
  linkUrl?: string;
  logoUrl?: string;
  appName?: string;
  appInstanceId: string;
  appAssignmentId?: string;
  credentialsSetup?: boolean;
  hidden?: boolean;
  sortOrder?: number;
}

/** `AuthorizationServer` in Okta's spec. */
export interface OktaAuthorizationServer {
  id: string;
  name: string;
  description?: string | null;
  audiences?: string[];
  issuer?: string;
  issuerMode?: string;
  status: 'ACTIVE' | 'INACTIVE';
  created?: string | null;
  lastUpdated?: string | null;
}

/** `OAuth2Scope` in Okta's spec. */
export interface OktaOAuthScope {
  id: string;
  name: string;
  displayName?: string;
  description?: string;
  consent?: string;
  default?: boolean;
  metadataPublish?: string;
  system?: boolean;
}

/** `OAuth2Claim` in Okta's spec. */
export interface OktaOAuthClaim {
  id: string;
  name: string;
  status?: string;
  claimType?: string;
  valueType?: string;
  value?: string;
  alwaysIncludeInToken?: boolean;
  conditions?: { scopes?: string[] };
  group_filter_type?: string;
  system?: boolean;
}

/** `AuthorizationServerPolicy` in Okta's spec. */
export interface OktaAuthServerPolicy {
  id: string;
  name: string;
  description?: string;
  priority?: number;
  status?: string;
  system?: boolean;
  conditions?: { clients?: { include?: string[] } };
  created?: string | null;
  lastUpdated?: string | null;
}

/** `AuthorizationServerPolicyRule` in Okta's spec. */
export interface OktaAuthServerPolicyRule {
  id: string;
  name: string;
  priority?: number;
  status?: string;
  system?: boolean;
  conditions?: { grantTypes?: { include?: string[] }; scopes?: { include?: string[] }; people?: Record<string, unknown> };
  actions?: { token?: { accessTokenLifetimeMinutes?: number; refreshTokenLifetimeMinutes?: number; refreshTokenWindowMinutes?: number } };
}

/** A public key of `GET .../credentials/keys`. */
export interface OktaJsonWebKey {
  kid: string;
  kty: string;
  alg?: string;
  use?: string;
  n?: string;
  e?: string;
  status?: string;
}

/** An actor or target of a System Log event. */
export interface OktaLogEntity {
  id: string;
  type: string;
  alternateId?: string | null;
  displayName?: string | null;
  detailEntry?: Record<string, unknown> | null;
  changeDetails?: Record<string, unknown> | null;
}

/** Where an IP address is (`LogGeographicalContext`). */
export interface OktaLogGeo {
  city?: string | null;
  state?: string | null;
  country?: string | null;
  postalCode?: string | null;
  geolocation?: { lat?: number; lon?: number } | null;
}

/** `LogEvent` in Okta's spec. */
export interface OktaLogEvent {
  uuid: string;
  published: string;
  eventType: string;
  version?: string | null;
  severity: string;
  displayMessage?: string | null;
  legacyEventType?: string | null;
  actor?: OktaLogEntity | null;
  client?: {
    userAgent?: { rawUserAgent?: string | null; os?: string | null; browser?: string | null } | null;
    zone?: string | null;
    device?: string | null;
    id?: string | null;
    ipAddress?: string | null;
    geographicalContext?: OktaLogGeo | null;
  } | null;
  outcome?: { result: string; reason?: string | null } | null;
  target?: OktaLogEntity[] | null;
  transaction?: { type?: string | null; id?: string | null; detail?: Record<string, unknown> | null } | null;
  debugContext?: { debugData?: Record<string, unknown> | null } | null;
  authenticationContext?: {
    authenticationProvider?: string | null;
    credentialProvider?: string | null;
    credentialType?: string | null;
    issuer?: { id?: string | null; type?: string | null } | null;
    interface?: string | null;
    authenticationStep?: number | null;
    externalSessionId?: string | null;
  } | null;
  securityContext?: { asNumber?: number | null; asOrg?: string | null; isp?: string | null; domain?: string | null; isProxy?: boolean | null } | null;
  request?: { ipChain?: Array<{ ip?: string | null; version?: string | null; source?: string | null; geographicalContext?: OktaLogGeo | null }> | null } | null;
}

/** Named parts of the shapes above, for codegen mappers. */
export type OktaGroupProfile = OktaGroup['profile'];
export type OktaAppVisibility = NonNullable<OktaApplication['visibility']>;
export type OktaAppCredentials = NonNullable<OktaApplication['credentials']>;
export type OktaLogClient = NonNullable<OktaLogEvent['client']>;
export type OktaLogUserAgent = NonNullable<OktaLogClient['userAgent']>;
export type OktaLogOutcome = NonNullable<OktaLogEvent['outcome']>;
export type OktaLogTransaction = NonNullable<OktaLogEvent['transaction']>;
export type OktaLogAuthenticationContext = NonNullable<OktaLogEvent['authenticationContext']>;
export type OktaLogSecurityContext = NonNullable<OktaLogEvent['securityContext']>;
export type OktaLogIpAddress = NonNullable<NonNullable<OktaLogEvent['request']>['ipChain']>[number];
