import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { AuthConfig } from '../config.js';
import { ErrorCode, graphQLError } from '../errors.js';

/** Who is calling: a user of a tenant of the platform in front of us. */
export interface Caller {
  tenantId: string;
  userId: string;
  /** A tenant admin may configure the tenant's Okta integration. */
  isAdmin: boolean;
}

/** Identifies the caller of a request from its headers. */
export interface Authenticator {
  /** Resolves the caller, or throws an UNAUTHENTICATED GraphQL error (HTTP 401). */
  authenticate(authorization: string | undefined): Promise<Caller>;
}

// Asymmetric algorithms only: a shared-secret JWT would let anyone holding the secret mint callers.
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

function unauthenticated(reason: string) {
  return graphQLError(ErrorCode.UNAUTHENTICATED, reason, {
    http: { status: 401, headers: new Map([['www-authenticate', 'Bearer error="invalid_token"']]) },
  });
}

function describe(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `the token's "${err.claim}" claim is not accepted`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'the token was signed with an unknown key';
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'the token uses an algorithm that is not accepted';
  if (err instanceof joseErrors.JWKSTimeout || (err as { code?: string })?.code === 'ERR_JWKS_TIMEOUT') return 'the signing keys could not be fetched';
  if (err instanceof joseErrors.JOSEError) return 'the token is not a valid JWT';
  return 'the token could not be verified';
}

function isAdmin(payload: JWTPayload, claim: string, value: string): boolean {
  const held = payload[claim];
  if (typeof held === 'string') return held.split(/\s+/).includes(value);
  return Array.isArray(held) && held.includes(value);
}

/**
 * The platform's JWTs, verified against its JWKS (cached by jose, refetched on an unknown `kid`):
 * signature, `iss`, `aud`, `exp`/`nbf`. The tenant comes from a configurable claim, the user from `sub`.
 */
export function jwtAuthenticator(config: Extract<AuthConfig, { mode: 'jwt' }>): Authenticator {
  const jwks = createRemoteJWKSet(config.jwksUrl, { timeoutDuration: 5000, cooldownDuration: 30_000 });
  return {
    async authenticate(authorization) {
      const match = /^Bearer\s+([A-Za-z0-9\-_.]+)\s*$/i.exec(authorization ?? '');
      if (!match) throw unauthenticated('A bearer token from the platform is required (Authorization: Bearer <JWT>)');
      let payload: JWTPayload;
      try {
        // A token without `exp` would be valid forever: refuse it.
        ({ payload } = await jwtVerify(match[1]!, jwks, { issuer: config.issuer, audience: config.audience, algorithms: ALGORITHMS, clockTolerance: 30, requiredClaims: ['exp'] }));
      } catch (err) {
        throw unauthenticated(`Invalid bearer token: ${describe(err)}`);
      }
      const tenantId = payload[config.tenantClaim];
      if (typeof tenantId !== 'string' || tenantId === '') throw unauthenticated(`Invalid bearer token: the "${config.tenantClaim}" claim is missing`);
      if (typeof payload.sub !== 'string' || payload.sub === '') throw unauthenticated('Invalid bearer token: the "sub" claim is missing');
      return { tenantId, userId: payload.sub, isAdmin: isAdmin(payload, config.adminClaim, config.adminValue) };
    },
  };
}

/** `AUTH_MODE=dev`: every request is the one configured tenant admin, for the demo and local work. */
export function devAuthenticator(config: Extract<AuthConfig, { mode: 'dev' }>): Authenticator {
  const caller: Caller = { tenantId: config.tenantId, userId: config.userId, isAdmin: true };
  return { authenticate: async () => caller };
}

/** The authenticator for the configured mode. */
export function createAuthenticator(config: AuthConfig): Authenticator {
  return config.mode === 'jwt' ? jwtAuthenticator(config) : devAuthenticator(config);
}
