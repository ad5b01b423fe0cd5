import { randomBytes } from 'node:crypto';
import type { Principal } from '../http.js';
import type { Org } from '../org.js';
import { IdFactory, Rng } from '../random.js';
import { DEFAULT_ADMIN_LOGIN } from '../seed.js';
import { OAuthCounters } from './counters.js';
import { signingKeyOf, type SigningKey } from './keys.js';
import { ALL_SCOPES } from './scopes.js';

/** A registered OAuth client (an OIDC web app in the org). */
export interface OAuthClientRegistration {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Scopes this client may be granted; all Okta API scopes (and the OIDC ones) when absent. */
  allowedScopes?: string[];
  /** The app's label, shown in System Log targets. */
  name?: string;
}

/** A client as the authorization server keeps it. */
export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
  redirectUris: readonly string[];
  allowedScopes: ReadonlySet<string>;
  name: string;
}

/** Run-time behaviour of the org authorization server (control plane: `/__simulator/oauth/config`). */
export interface OAuthSettings {
  /** `deny` makes every authorization request end in `error=access_denied`, as a user refusing consent. */
  consent: 'grant' | 'deny';
  /** The user who consents when the request carries no `login_hint`. */
  defaultLogin: string;
  accessTokenLifetimeSeconds: number;
  idTokenLifetimeSeconds: number;
  /** Okta's authorization codes live 60 s. */
  codeLifetimeSeconds: number;
  /** How long a rotated refresh token stays usable (Okta: 0–60 s, default 30). */
  refreshTokenGraceSeconds: number;
  /** A refresh token not used for this long expires (Okta: 7 days idle by default). */
  refreshTokenIdleSeconds: number;
}

/** Okta's defaults. */
export const DEFAULT_OAUTH_SETTINGS: Readonly<OAuthSettings> = {
  consent: 'grant',
  defaultLogin: DEFAULT_ADMIN_LOGIN,
  accessTokenLifetimeSeconds: 3600,
  idTokenLifetimeSeconds: 3600,
  codeLifetimeSeconds: 60,
  refreshTokenGraceSeconds: 30,
  refreshTokenIdleSeconds: 7 * 24 * 3600,
};

/**
 * Every token minted from one authorization code: the refresh tokens of its rotation chain and the
 * access tokens they yielded. Okta revokes a family as a whole (refresh token revocation, reuse
 * detection, code replay), so a revocation is one flag, checked on every lookup.
 */
export interface TokenFamily {
  id: string;
  clientId: string;
  userId: string;
  /** Scopes granted at authorization; a refresh may narrow an access token, never widen it. */
  scopes: readonly string[];
  /** When the user authenticated (epoch seconds), the ID token's `auth_time`. */
  authTime: number;
  revoked: boolean;
  /** Latest expiry of any of its tokens (ms), for sweeping. */
  lastExpiry: number;
}

/** An issued access token. */
export interface AccessTokenRecord {
  jti: string;
  family: TokenFamily;
  scopes: ReadonlySet<string>;
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

/** An issued refresh token. */
export interface RefreshTokenRecord {
  id: string;
  family: TokenFamily;
  issuedAt: number;
  expiresAt: number;
  /** Set when it was first exchanged; from then on it only lives through the grace period. */
  rotatedAt?: number;
  revoked: boolean;
}

/** A pending or redeemed authorization code. */
export interface CodeRecord {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce?: string;
  scopes: readonly string[];
  userId: string;
  authTime: number;
  expiresAt: number;
  used: boolean;
  /** The tokens it was exchanged for: revoked if the code is replayed (RFC 6749 §4.1.2). */
  family?: TokenFamily;
}

const SWEEP_EVERY = 512;

/** The org authorization server's state: clients, codes, tokens, signing key, settings, counters. */
export class OAuthState {
  readonly clients = new Map<string, RegisteredClient>();
  readonly codes = new Map<string, CodeRecord>();
  /** Keyed by the token itself: a lookup is O(1), and only a token we minted can match. */
  readonly accessTokens = new Map<string, AccessTokenRecord>();
  readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  readonly families = new Map<string, TokenFamily>();
  settings: OAuthSettings = { ...DEFAULT_OAUTH_SETTINGS };
  readonly counters = new OAuthCounters();
  private org!: Org;
  key!: SigningKey;
  /** The org's id (`00o…`), the ID token's `idp`. */
  orgId = '';
  private sinceSweep = 0;

  /** Binds the state to its org (the org creates it before its users exist). */
  init(org: Org): void {
    this.org = org;
    this.key = signingKeyOf(org);
    this.orgId = new IdFactory(new Rng(`org:${org.options.seed}`)).next('00o');
  }

  /** The issuer: the org's base URL, known once the server listens. */
  get issuer(): string {
    return this.org.baseUrl;
  }

  /** Registers a client, replacing any with the same id. */
  register(reg: OAuthClientRegistration): RegisteredClient {
    const client: RegisteredClient = {
      clientId: reg.clientId,
      clientSecret: reg.clientSecret,
      redirectUris: [...reg.redirectUris],
      // openid is what makes it an OIDC app: always allowed.
      allowedScopes: new Set(['openid', ...(reg.allowedScopes ?? ALL_SCOPES)]),
      name: reg.name ?? reg.clientId,
    };
    this.clients.set(client.clientId, client);
    return client;
  }

  /** The live access token record of `token`; undefined when unknown, expired or revoked. */
  liveAccessToken(token: string): AccessTokenRecord | undefined {
    const rec = this.accessTokens.get(token);
    if (!rec || rec.revoked || rec.family.revoked || Date.now() >= rec.expiresAt) return undefined;
    if (!this.clients.has(rec.family.clientId)) return undefined;
    return rec;
  }

  /**
   * `org.bearer`: a management call's access token → its principal. Valid only if we minted it
   * (exact match, so the signature is ours), it has not expired, and neither it nor its family was
   * revoked; otherwise the server answers 401 E0000011.
   */
  principal(token: string): Principal | undefined {
    const rec = this.liveAccessToken(token);
    if (!rec || !this.org.users.get(rec.family.userId)) return undefined;
    return { kind: 'bearer', userId: rec.family.userId, scopes: rec.scopes, clientId: rec.family.clientId };
  }

  /** Starts a token family for a redeemed code. */
  newFamily(code: CodeRecord): TokenFamily {
    const family: TokenFamily = {
      id: randomBytes(12).toString('base64url'),
      clientId: code.clientId,
      userId: code.userId,
      scopes: code.scopes,
      authTime: code.authTime,
      revoked: false,
      lastExpiry: 0,
    };
    this.families.set(family.id, family);
    return family;
  }

  /** Revokes every token of a family; false when it already was. */
  revokeFamily(family: TokenFamily): boolean {
    if (family.revoked) return false;
    family.revoked = true;
    this.counters.bump('familiesRevoked', family.clientId);
    return true;
  }

  /** Records a new access token. */
  addAccessToken(token: string, rec: AccessTokenRecord): void {
    this.accessTokens.set(token, rec);
    rec.family.lastExpiry = Math.max(rec.family.lastExpiry, rec.expiresAt);
    this.sweepSometimes();
  }

  /** Records a new refresh token. */
  addRefreshToken(token: string, rec: RefreshTokenRecord): void {
    this.refreshTokens.set(token, rec);
    rec.family.lastExpiry = Math.max(rec.family.lastExpiry, rec.expiresAt);
  }

  /** Back to the start-up settings with zeroed counters (control-plane reset); tokens stay valid. */
  resetRuntime(): void {
    this.settings = { ...DEFAULT_OAUTH_SETTINGS };
    this.counters.reset();
  }

  /** Drops dead codes and tokens every few hundred calls, so that memory follows live tokens only. */
  sweepSometimes(): void {
    if (++this.sinceSweep < SWEEP_EVERY) return;
    this.sinceSweep = 0;
    const now = Date.now();
    for (const [token, rec] of this.accessTokens) if (rec.revoked || rec.family.revoked || rec.expiresAt <= now) this.accessTokens.delete(token);
    // Rotated refresh tokens stay until they expire: a late replay must still be detected as reuse.
    for (const [token, rec] of this.refreshTokens) if (rec.revoked || rec.family.revoked || rec.expiresAt <= now) this.refreshTokens.delete(token);
    for (const [code, rec] of this.codes) if (rec.expiresAt <= now) this.codes.delete(code);
    for (const [id, family] of this.families) if (family.revoked || family.lastExpiry <= now) this.families.delete(id);
  }
}

/** Where the subgraph's callback lives by default (`PUBLIC_URL` unset, `PORT` 4001). */
export const DEFAULT_REDIRECT_URIS = ['http://localhost:4001/integration-callback', 'http://127.0.0.1:4001/integration-callback'];

/** The seeded web app: its id and secret derive from the seed only, so a seed always gives the same. */
export function defaultClient(seed: number | string): OAuthClientRegistration {
  const ids = new IdFactory(new Rng(`oauth-client:${seed}`));
  return {
    clientId: ids.next('0oa'),
    clientSecret: ids.next('') + ids.next(''),
    redirectUris: [...DEFAULT_REDIRECT_URIS],
    name: 'Okta Subgraph (dev)',
  };
}

/**
 * Registers the seeded OAuth client and those given on the command line, and installs
 * `org.bearer` so that management calls accept the access tokens minted here.
 */
export function seedOAuthClients(org: Org, clients: OAuthClientRegistration[]): void {
  org.oauth.init(org);
  org.oauth.register(defaultClient(org.options.seed));
  for (const client of clients) org.oauth.register(client);
  org.bearer = (token) => org.oauth.principal(token);
}
