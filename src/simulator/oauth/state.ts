import type { Org } from '../org.js';

/** A registered OAuth client (an OIDC web app in the org). */
export interface OAuthClientRegistration {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Scopes this client may be granted; all Okta API scopes when absent. */
  allowedScopes?: string[];
}

/** The org authorization server's state: clients, codes, tokens, signing keys. */
export class OAuthState {}

/** Registers the seeded OAuth clients and those given on the command line. */
export function seedOAuthClients(_org: Org, _clients: OAuthClientRegistration[]): void {}
