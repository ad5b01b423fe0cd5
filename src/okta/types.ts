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
