import { createHash } from 'node:crypto';
import * as client from 'openid-client';
import { isLoopbackHost } from '../okta/domain.js';

/** The client side of one integration: which org and which OIDC app. */
export interface OidcClient {
  origin: URL;
  clientId: string;
  clientSecret: string;
}

/** Tokens from Okta's token endpoint. */
export interface TokenSet {
  accessToken: string;
  /** Epoch ms. */
  accessTokenExpiresAt: number;
  refreshToken: string | undefined;
  idToken: string | undefined;
  /** Granted scopes, as Okta reported them. */
  scopes: string[] | undefined;
  /** ID token claims, when an ID token came back (validated by openid-client). */
  claims: Record<string, unknown> | undefined;
}

/** Okta answered the token endpoint with an OAuth error (`invalid_grant`, `invalid_client`, …). */
export class OAuthGrantError extends Error {
  override name = 'OAuthGrantError';
  constructor(readonly error: string, readonly status: number) {
    super(`Okta's token endpoint answered ${status} ${error}`);
  }
}

/** Okta's authorization server could not be reached or answered something unusable. */
export class OAuthUnavailableError extends Error {
  override name = 'OAuthUnavailableError';
}

function classify(err: unknown): Error {
  if (err instanceof client.ResponseBodyError) return new OAuthGrantError(err.error, err.status);
  if (err instanceof client.AuthorizationResponseError) return new OAuthGrantError(err.error, 400);
  if (err instanceof client.ClientError) {
    // A 5xx (or a gateway's error page) where a JSON answer was expected: Okta is down, not wrong.
    // Anything else (an ID token that fails validation, a malformed answer) is Okta's answer refused.
    const status = err.cause instanceof Response ? err.cause.status : undefined;
    if (status !== undefined && status >= 500) return new OAuthUnavailableError('Okta could not answer an OAuth request', { cause: err });
    // openid-client wraps a failed fetch (refused, reset, timeout) in a ClientError of its own.
    const cause = err.cause as { name?: unknown; message?: unknown } | undefined;
    if (cause && (cause.name === 'TypeError' || cause.name === 'AbortError' || cause.name === 'TimeoutError' || cause.message === 'fetch failed')) {
      return new OAuthUnavailableError('Okta could not be reached for OAuth', { cause: err });
    }
    return new OAuthGrantError('invalid_response', status ?? 502);
  }
  return new OAuthUnavailableError('Okta could not be reached for OAuth', { cause: err });
}

/**
 * openid-client over Okta's org authorization server (the one that issues tokens for the
 * Management API; a custom authorization server cannot grant `okta.*` scopes). Discovery documents
 * are cached per integration for ten minutes.
 */
export class Oidc {
  private readonly configs = new Map<string, { at: number; config: Promise<client.Configuration> }>();

  constructor(private readonly options: { timeoutMs: number; fetch?: typeof fetch }) {}

  private configuration(c: OidcClient): Promise<client.Configuration> {
    // The secret takes part in the cache key (hashed), so that an updated secret takes effect at once.
    const key = createHash('sha256').update(`${c.origin.origin}\u0000${c.clientId}\u0000${c.clientSecret}`).digest('hex');
    const cached = this.configs.get(key);
    if (cached && Date.now() - cached.at < 600_000) return cached.config;
    const insecure = c.origin.protocol === 'http:' && isLoopbackHost(c.origin.hostname);
    const fetchImpl = this.options.fetch;
    const config = client
      .discovery(c.origin, c.clientId, undefined, client.ClientSecretBasic(c.clientSecret), {
        timeout: Math.ceil(this.options.timeoutMs / 1000),
        execute: insecure ? [client.allowInsecureRequests] : [],
        ...(fetchImpl ? { [client.customFetch]: (url: string, init: client.CustomFetchOptions) => fetchImpl(url, init as RequestInit) } : {}),
      })
      .catch((err: unknown) => {
        this.configs.delete(key);
        throw classify(err);
      });
    this.configs.set(key, { at: Date.now(), config });
    return config;
  }

  /** The authorization URL of a code flow with PKCE (S256), state and nonce. */
  async authorizationUrl(c: OidcClient, p: { redirectUri: string; scopes: string[]; state: string; nonce: string; codeChallenge: string }): Promise<URL> {
    const config = await this.configuration(c);
    return client.buildAuthorizationUrl(config, {
      redirect_uri: p.redirectUri,
      scope: p.scopes.join(' '),
      state: p.state,
      nonce: p.nonce,
      code_challenge: p.codeChallenge,
      code_challenge_method: 'S256',
      response_type: 'code',
    });
  }

  /**
   * Exchanges an authorization code; openid-client validates the ID token (signature against the
   * org's JWKS, issuer, audience, expiry) and its `nonce`, and the `state`.
   */
  async exchangeCode(c: OidcClient, callbackUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }): Promise<TokenSet> {
    const config = await this.configuration(c);
    try {
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
      return toTokenSet(tokens);
    } catch (err) {
      throw classify(err);
    }
  }

  /** Uses a refresh token; Okta rotates it, so the answer carries the one to use next time. */
  async refresh(c: OidcClient, refreshToken: string): Promise<TokenSet> {
    const config = await this.configuration(c);
    try {
      return toTokenSet(await client.refreshTokenGrant(config, refreshToken));
    } catch (err) {
      throw classify(err);
    }
  }

  /** Revokes a token at Okta (RFC 7009). */
  async revoke(c: OidcClient, token: string, hint: 'access_token' | 'refresh_token'): Promise<void> {
    const config = await this.configuration(c);
    try {
      await client.tokenRevocation(config, token, { token_type_hint: hint });
    } catch (err) {
      throw classify(err);
    }
  }
}

function toTokenSet(tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers): TokenSet {
  const expiresIn = tokens.expiresIn() ?? 3600;
  return {
    accessToken: tokens.access_token,
    accessTokenExpiresAt: Date.now() + expiresIn * 1000,
    refreshToken: tokens.refresh_token,
    idToken: tokens.id_token,
    scopes: typeof tokens.scope === 'string' ? tokens.scope.split(' ').filter(Boolean) : undefined,
    claims: tokens.claims() as Record<string, unknown> | undefined,
  };
}
