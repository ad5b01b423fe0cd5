import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { OktaDomainError, parseOktaOrigin } from '../okta/domain.js';
import { ALWAYS_REQUESTED, isKnownScope } from '../okta/scopes.js';
import { SealError, type Sealer } from '../store/crypto.js';
import type { IntegrationRecord, Store } from '../store/types.js';

/** The integration a tenant's Okta calls use: stored by a tenant admin, or the deployment default. */
export interface ResolvedIntegration {
  source: 'STORED' | 'ENVIRONMENT';
  tenantId: string;
  origin: URL;
  clientId: string;
  /** Plaintext, in memory only; undefined when none is set. */
  clientSecret: string | undefined;
  scopes: string[];
  updatedAt: number | null;
}

/** What a tenant admin submits. */
export interface IntegrationInput {
  domain: string;
  clientId: string;
  clientSecret?: string | null;
  scopes?: readonly string[] | null;
}

/** A validation problem, attached to an input field. */
export interface FieldProblem {
  field: string[];
  message: string;
  code: 'INVALID' | 'REQUIRED' | 'UNKNOWN_SCOPE' | 'DOMAIN_NOT_ALLOWED' | 'OKTA_UNREACHABLE';
}

/**
 * Associated data of a sealed client secret: bound to its tenant, org and client, so that a row
 * pointed at another host (by someone able to write the database) no longer yields the secret.
 */
export function secretAad(tenantId: string, oktaOrigin: string, clientId: string): string {
  return JSON.stringify(['integration', tenantId, oktaOrigin, clientId, 'client_secret']);
}

/** Scopes to request: as given (deduplicated) plus `openid` and `offline_access`, always. */
export function normaliseScopes(scopes: readonly string[]): string[] {
  return [...new Set([...ALWAYS_REQUESTED, ...scopes])];
}

const CLIENT_ID = /^[A-Za-z0-9._~-]{1,128}$/;

/** Reads, validates and stores tenants' integrations. */
export class Integrations {
  constructor(
    private readonly store: Store,
    private readonly sealer: Sealer | undefined,
    private readonly config: Config,
    private readonly logger?: Logger,
  ) {}

  /** The tenant's stored integration, else the environment default, else undefined. */
  async resolve(tenantId: string): Promise<ResolvedIntegration | undefined> {
    const stored = await this.store.getIntegration(tenantId);
    if (stored) {
      // Stored origins pass the same checks as typed ones: the rules may have tightened since.
      let origin: URL;
      try {
        origin = parseOktaOrigin(stored.oktaOrigin, { allowInsecureHttp: this.config.okta.allowInsecureHttp, allowedHosts: this.config.okta.allowedDomains });
      } catch {
        return undefined;
      }
      return {
        source: 'STORED',
        tenantId,
        origin,
        clientId: stored.clientId,
        clientSecret: stored.clientSecretSealed ? this.openSecret(stored.clientSecretSealed, tenantId, origin.origin, stored.clientId) : undefined,
        scopes: stored.scopes,
        updatedAt: stored.updatedAt,
      };
    }
    const { origin, clientId, clientSecret, scopes } = this.config.okta;
    if (origin && clientId) {
      return { source: 'ENVIRONMENT', tenantId, origin, clientId, clientSecret, scopes: normaliseScopes(scopes), updatedAt: null };
    }
    return undefined;
  }

  /** The client secret, or undefined (logged) when it does not open: the integration then has no usable secret. */
  private openSecret(sealed: string, tenantId: string, origin: string, clientId: string): string | undefined {
    if (!this.sealer) return undefined;
    try {
      return this.sealer.open(sealed, secretAad(tenantId, origin, clientId));
    } catch (err) {
      if (!(err instanceof SealError)) throw err;
      this.logger?.error({ tenantId, reason: err.message }, "a tenant's stored client secret does not open");
      return undefined;
    }
  }

  /**
   * Validates an admin's input. The domain must be one of Okta's hostnames or in
   * `OKTA_ALLOWED_DOMAINS` (the subgraph will send tokens there: no arbitrary hosts, no SSRF).
   */
  validate(input: IntegrationInput, existing: IntegrationRecord | undefined): { value?: { origin: URL; clientId: string; clientSecret?: string; scopes: string[] }; problems: FieldProblem[] } {
    const problems: FieldProblem[] = [];
    let origin: URL | undefined;
    try {
      origin = parseOktaOrigin(input.domain, { allowInsecureHttp: this.config.okta.allowInsecureHttp, allowedHosts: this.config.okta.allowedDomains });
    } catch (err) {
      if (!(err instanceof OktaDomainError)) throw err;
      const code = /not an Okta domain/.test(err.message) ? 'DOMAIN_NOT_ALLOWED' : 'INVALID';
      problems.push({ field: ['input', 'domain'], message: `The domain is not accepted: ${err.message}`, code });
    }
    const clientId = input.clientId.trim();
    if (!CLIENT_ID.test(clientId)) problems.push({ field: ['input', 'clientId'], message: 'The client ID must be 1 to 128 letters, digits or ._~-', code: 'INVALID' });
    const secret = input.clientSecret?.trim();
    if (input.clientSecret !== undefined && input.clientSecret !== null && !secret) {
      problems.push({ field: ['input', 'clientSecret'], message: 'The client secret must not be empty; omit it to keep the stored one', code: 'INVALID' });
    }
    const sameClient = existing && origin && existing.oktaOrigin === origin.origin && existing.clientId === clientId;
    if (!secret && !(sameClient && existing?.clientSecretSealed)) {
      problems.push({ field: ['input', 'clientSecret'], message: 'A client secret is required for a new or changed client', code: 'REQUIRED' });
    }
    const scopes = input.scopes ?? existing?.scopes ?? this.config.okta.scopes;
    scopes.forEach((scope, i) => {
      if (!isKnownScope(scope)) problems.push({ field: ['input', 'scopes', String(i)], message: `"${scope}" is not a scope Okta defines`, code: 'UNKNOWN_SCOPE' });
    });
    if (problems.length > 0 || !origin) return { problems };
    return { value: { origin, clientId, clientSecret: secret || undefined, scopes: normaliseScopes(scopes) }, problems };
  }

  /** Stores a validated integration; the secret is sealed first, or the stored one kept. */
  async save(tenantId: string, updatedBy: string, value: { origin: URL; clientId: string; clientSecret?: string; scopes: string[] }, existing: IntegrationRecord | undefined): Promise<IntegrationRecord> {
    if (!this.sealer) throw new Error('no encryption key: cannot store a client secret');
    const now = Date.now();
    const record: IntegrationRecord = {
      tenantId,
      oktaOrigin: value.origin.origin,
      clientId: value.clientId,
      // A kept secret was sealed for the same origin and client (validate() requires a new one otherwise).
      clientSecretSealed: value.clientSecret ? this.sealer.seal(value.clientSecret, secretAad(tenantId, value.origin.origin, value.clientId)) : (existing?.clientSecretSealed ?? null),
      scopes: value.scopes,
      updatedBy,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    await this.store.saveIntegration(record);
    return record;
  }
}
