import { createHash, randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { Logger } from 'pino';
import type { Caller } from '../auth/caller.js';
import type { Sealer } from '../store/crypto.js';
import type { PendingStateRecord, Store } from '../store/types.js';
import { normaliseScopes, type Integrations, type ResolvedIntegration } from './integrations.js';
import { OAuthGrantError, type Oidc } from './oidc.js';
import type { ConnectionManager } from './tokens.js';

/** How long a started connect flow may take before its state expires. */
export const STATE_TTL_MS = 10 * 60_000;

/** Hash of a `state` value: what the store keeps. */
export function stateHash(state: string): string {
  return createHash('sha256').update(state).digest('base64url');
}

function verifierAad(p: { stateHash: string; tenantId: string; userId: string; oktaOrigin: string; clientId: string }): string {
  return JSON.stringify(['state', p.stateHash, p.tenantId, p.userId, p.oktaOrigin, p.clientId, 'code_verifier']);
}

/** Why a callback failed; `code` goes into the redirect or page, never anything secret. */
export class CallbackError extends Error {
  override name = 'CallbackError';
  constructor(
    readonly code:
      | 'missing_state'
      | 'invalid_state'
      | 'expired_state'
      | 'missing_code'
      | 'access_denied'
      | 'authorization_failed'
      | 'token_exchange_failed'
      | 'okta_unavailable'
      | 'integration_changed'
      | 'wrong_user',
    message: string,
    readonly status: number,
    /** Where to send the browser back, when the state was genuine. */
    readonly returnTo?: string | null,
  ) {
    super(message);
  }
}

/** The outcome of a successful callback. */
export interface ConnectedOutcome {
  oktaLogin: string | null;
  returnTo: string | null;
}

/** A callback parked until its platform user confirms it from their app. */
export interface AwaitingConfirmation {
  awaitingConfirmation: true;
  state: string;
  returnTo: string;
}

/** How long a parked callback waits for confirmation: Okta's authorization codes live 60 s. */
export const CODE_TTL_MS = 60_000;

function callbackAad(p: { stateHash: string; tenantId: string; userId: string }): string {
  return JSON.stringify(['state', p.stateHash, p.tenantId, p.userId, 'callback']);
}

/**
 * The OAuth 2.0 authorization-code flow that connects a platform user to their Okta account:
 * PKCE S256, a random `state` (stored hashed, single use, bound to tenant and user, ten minutes)
 * and a random `nonce` checked in the ID token.
 */
export class ConnectFlow {
  constructor(
    private readonly deps: {
      store: Store;
      sealer: Sealer;
      oidc: Oidc;
      integrations: Integrations;
      connections: ConnectionManager;
      redirectUri: string;
      /** Who completes a flow: the callback itself, or the app of the user who started it. */
      confirmation: 'callback' | 'app';
      logger: Logger;
    },
  ) {}

  /** Starts a flow: stores the pending state and returns the URL to send the browser to. */
  async start(caller: Caller, integration: ResolvedIntegration, scopes: string[], returnTo: string | null): Promise<{ authorizationUrl: string; expiresAt: number }> {
    const { store, sealer, oidc, connections, redirectUri } = this.deps;
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    const hash = stateHash(state);
    const now = Date.now();
    const requested = normaliseScopes(scopes);
    const url = await oidc.authorizationUrl(connections.client(integration), {
      redirectUri,
      scopes: requested,
      state,
      nonce,
      codeChallenge: await client.calculatePKCECodeChallenge(codeVerifier),
    });
    await store.savePendingState({
      stateHash: hash,
      tenantId: caller.tenantId,
      userId: caller.userId,
      codeVerifierSealed: sealer.seal(codeVerifier, verifierAad({ stateHash: hash, tenantId: caller.tenantId, userId: caller.userId, oktaOrigin: integration.origin.origin, clientId: integration.clientId })),
      nonce,
      scopes: requested,
      returnTo,
      oktaOrigin: integration.origin.origin,
      clientId: integration.clientId,
      callbackSealed: null,
      createdAt: now,
      expiresAt: now + STATE_TTL_MS,
    });
    // Abandoned flows leave rows behind; sweeping here keeps the table small without a timer.
    if (randomBytes(1)[0]! < 16) await store.deleteExpiredStates(now);
    return { authorizationUrl: url.toString(), expiresAt: now + STATE_TTL_MS };
  }

  /**
   * Handles Okta's redirect. The state is taken (single use) and checked; Okta's error or a missing
   * code ends the flow. Then, with `confirmation: 'callback'`, the code is exchanged at once; with
   * `'app'`, the callback URL is parked (sealed, for the code's 60 s lifetime) until the platform
   * user who started the flow confirms it from their app (see {@link confirm}): whoever's browser
   * brings the code back must not decide whose connection it becomes.
   * Throws {@link CallbackError}; stores no connection on failure.
   */
  async complete(callbackUrl: URL): Promise<ConnectedOutcome | AwaitingConfirmation> {
    const { store, sealer, confirmation } = this.deps;
    const params = callbackUrl.searchParams;
    const state = params.get('state');
    if (!state) throw new CallbackError('missing_state', 'The callback has no state parameter.', 400);
    const pending = await store.takePendingState(stateHash(state));
    if (!pending) throw new CallbackError('invalid_state', 'This sign-in link is unknown or was already used. Start connecting again.', 400);
    if (pending.expiresAt < Date.now()) throw new CallbackError('expired_state', 'This sign-in link expired. Start connecting again.', 400, pending.returnTo);
    if (pending.callbackSealed) throw new CallbackError('invalid_state', 'This sign-in was already completed. Start connecting again.', 400);

    const error = params.get('error');
    if (error) {
      const code = error === 'access_denied' ? 'access_denied' : 'authorization_failed';
      throw new CallbackError(code, error === 'access_denied' ? 'Access to Okta was denied.' : 'Okta did not authorize the connection.', 400, pending.returnTo);
    }
    if (!params.get('code')) throw new CallbackError('missing_code', 'The callback has no authorization code.', 400, pending.returnTo);

    if (confirmation === 'app' && pending.returnTo) {
      const now = Date.now();
      await store.savePendingState({ ...pending, callbackSealed: sealer.seal(callbackUrl.search, callbackAad(pending)), expiresAt: now + CODE_TTL_MS });
      return { awaitingConfirmation: true, state, returnTo: pending.returnTo };
    }
    return this.exchange(pending, callbackUrl, state);
  }

  /**
   * Completes a parked flow for `caller`, who must be the platform user who started it. Anyone else
   * (a colleague whose browser was sent the sign-in link) ends the flow without a connection.
   */
  async confirm(caller: Caller, state: string): Promise<ConnectedOutcome> {
    const { store, sealer, logger } = this.deps;
    const pending = await store.takePendingState(stateHash(state));
    if (!pending || !pending.callbackSealed) throw new CallbackError('invalid_state', 'No sign-in is waiting for confirmation with this state.', 404);
    if (pending.tenantId !== caller.tenantId || pending.userId !== caller.userId) {
      logger.warn({ tenantId: caller.tenantId, userId: caller.userId, startedBy: pending.userId, startedIn: pending.tenantId }, 'an Okta sign-in was confirmed by another user than the one who started it; discarded');
      throw new CallbackError('wrong_user', 'This sign-in was started by another user; it has been discarded.', 403);
    }
    if (pending.expiresAt < Date.now()) throw new CallbackError('expired_state', 'The sign-in expired before it was confirmed. Start connecting again.', 400);
    const search = sealer.open(pending.callbackSealed, callbackAad(pending));
    return this.exchange(pending, new URL(`${this.deps.redirectUri}${search}`), state);
  }

  /** Exchanges the code, validates the ID token, stores the connection under its lock. */
  private async exchange(pending: PendingStateRecord, callbackUrl: URL, state: string): Promise<ConnectedOutcome> {
    const { store, sealer, oidc, integrations, connections, logger } = this.deps;
    const integration = await integrations.resolve(pending.tenantId);
    if (!integration || integration.origin.origin !== pending.oktaOrigin || integration.clientId !== pending.clientId) {
      throw new CallbackError('integration_changed', 'The Okta integration changed while you were signing in. Start connecting again.', 409, pending.returnTo);
    }
    const caller: Caller = { tenantId: pending.tenantId, userId: pending.userId, isAdmin: false };
    let tokens;
    try {
      tokens = await oidc.exchangeCode(connections.client(integration), callbackUrl, {
        state,
        nonce: pending.nonce,
        codeVerifier: sealer.open(pending.codeVerifierSealed, verifierAad(pending)),
      });
    } catch (err) {
      logger.warn({ tenantId: caller.tenantId, userId: caller.userId, reason: err instanceof OAuthGrantError ? err.error : (err as Error).name }, 'Okta code exchange failed');
      if (err instanceof OAuthGrantError) throw new CallbackError('token_exchange_failed', 'Okta refused the authorization code.', 502, pending.returnTo);
      throw new CallbackError('okta_unavailable', 'Okta could not be reached to complete the connection.', 502, pending.returnTo);
    }
    const oktaUserId = typeof tokens.claims?.sub === 'string' ? tokens.claims.sub : undefined;
    if (!oktaUserId) throw new CallbackError('token_exchange_failed', 'Okta returned no identity for the user.', 502, pending.returnTo);
    const oktaLogin = typeof tokens.claims?.preferred_username === 'string' ? tokens.claims.preferred_username : null;
    const record = connections.seal(caller, integration, { ...tokens, scopes: tokens.scopes ?? pending.scopes }, undefined, { oktaUserId, oktaLogin });
    // Under the connection's lock, so that a refresh of the previous connection cannot overwrite it.
    const replaced = await store.withConnectionLock(caller.tenantId, caller.userId, async (previous) => ({ result: previous !== undefined, save: record }));
    logger.info({ tenantId: caller.tenantId, userId: caller.userId, oktaUserId, replaced }, 'Okta account connected');
    return { oktaLogin, returnTo: pending.returnTo };
  }
}
