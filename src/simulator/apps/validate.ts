import { randomBytes } from 'node:crypto';
import type { Json, SimApp } from '../store/apps.js';
import { commonSettings } from './seed.js';

const GRANT_TYPES = new Set([
  'authorization_code', 'client_credentials', 'implicit', 'interaction_code', 'password', 'refresh_token',
  'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'urn:ietf:params:oauth:grant-type:saml2-bearer',
  'urn:ietf:params:oauth:grant-type:token-exchange', 'urn:openid:params:grant-type:ciba', 'urn:okta:params:oauth:grant-type:otp', 'urn:okta:params:oauth:grant-type:oob',
]);
const RESPONSE_TYPES = new Set(['code', 'token', 'id_token']);
const APPLICATION_TYPES = new Set(['web', 'native', 'browser', 'service']);
const AUTH_METHODS = new Set(['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none']);
const SECRET_METHODS = new Set(['client_secret_basic', 'client_secret_post', 'client_secret_jwt']);
const SAML_FLAGS = ['allowMultipleAcsEndpoints', 'assertionSigned', 'honorForceAuthn', 'requestCompressed', 'responseSigned'];
const BLANK = 'The field cannot be left blank';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Drops `null` members: Okta echoes them, but the spec types most of them as plain strings. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}

function isAbsoluteUri(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    new URL(value);
    return /^[a-z][a-z0-9+.-]*:/i.test(value);
  } catch {
    return false;
  }
}

/** The replacement an accepted `PUT /api/v1/apps/{appId}` makes. */
export interface AppReplacement {
  label: string;
  accessibility: Json;
  visibility: Json;
  credentials: Json;
  settings: Json;
  profile?: Json;
  /** The OIDC client secret after the write (undefined for public clients). */
  clientSecret?: string;
}

function requireString(causes: string[], obj: Json | undefined, path: string, key: string): void {
  const v = obj?.[key];
  if (typeof v !== 'string' || v.trim() === '') causes.push(`${path}${key}: ${BLANK}`);
}

function checkSettings(app: SimApp, settings: Json | undefined, causes: string[]): void {
  const appSettings = isObject(settings?.app) ? settings.app : undefined;
  switch (app.signOnMode) {
    case 'BOOKMARK':
      requireString(causes, appSettings, 'settings.app.', 'url');
      if (appSettings && typeof appSettings.url === 'string' && appSettings.url !== '' && !isAbsoluteUri(appSettings.url)) causes.push('settings.app.url: Invalid URL');
      break;
    case 'BROWSER_PLUGIN':
      for (const key of ['url', 'usernameField', 'passwordField', 'buttonField']) requireString(causes, appSettings, 'settings.app.', key);
      break;
    case 'AUTO_LOGIN':
      requireString(causes, isObject(settings?.signOn) ? settings.signOn : undefined, 'settings.signOn.', 'loginUrl');
      break;
    case 'SAML_2_0': {
      const signOn = settings?.signOn;
      if (signOn !== undefined) {
        if (!isObject(signOn)) causes.push('settings.signOn: must be an object');
        else for (const flag of SAML_FLAGS) if (typeof signOn[flag] !== 'boolean') causes.push(`settings.signOn.${flag}: ${BLANK}`);
      }
      break;
    }
    case 'OPENID_CONNECT': {
      const client = settings?.oauthClient;
      if (!isObject(client)) {
        causes.push(`settings.oauthClient: ${BLANK}`);
        break;
      }
      const grants = client.grant_types;
      if (!Array.isArray(grants) || grants.length === 0) causes.push(`settings.oauthClient.grant_types: ${BLANK}`);
      else for (const g of grants) if (!GRANT_TYPES.has(String(g))) causes.push(`settings.oauthClient.grant_types: '${String(g)}' is not a valid grant type`);
      const redirects = client.redirect_uris ?? [];
      if (!Array.isArray(redirects)) causes.push('settings.oauthClient.redirect_uris: must be an array');
      else {
        for (const uri of redirects) if (!isAbsoluteUri(uri)) causes.push(`settings.oauthClient.redirect_uris: '${String(uri)}' is not a valid redirect URI`);
        // Redirect-based flows need somewhere to redirect to.
        if (Array.isArray(grants) && (grants.includes('authorization_code') || grants.includes('implicit')) && redirects.length === 0) {
          causes.push('settings.oauthClient.redirect_uris: At least one redirect URI is required for the authorization_code and implicit grant types');
        }
      }
      const responses = client.response_types ?? [];
      if (!Array.isArray(responses) || responses.some((r) => !RESPONSE_TYPES.has(String(r)))) causes.push('settings.oauthClient.response_types: Invalid response type');
      if (client.application_type !== undefined && !APPLICATION_TYPES.has(String(client.application_type))) {
        causes.push(`settings.oauthClient.application_type: '${String(client.application_type)}' is not a valid application type`);
      }
      break;
    }
  }
}

function checkOauthCredentials(app: SimApp, credentials: Json | undefined, causes: string[]): Json | undefined {
  const client = credentials?.oauthClient;
  if (!isObject(client)) {
    causes.push(`credentials.oauthClient: ${BLANK}`);
    return undefined;
  }
  const current = app.credentials.oauthClient as Json;
  if (client.client_id !== undefined && client.client_id !== current.client_id) causes.push('credentials.oauthClient.client_id: client_id cannot be changed');
  const method = client.token_endpoint_auth_method ?? 'client_secret_basic';
  if (!AUTH_METHODS.has(String(method))) causes.push(`credentials.oauthClient.token_endpoint_auth_method: '${String(method)}' is not a valid authentication method`);
  if (method === 'none' && client.pkce_required === false) causes.push('credentials.oauthClient.pkce_required: PKCE is required for clients without a client secret');
  const secret = client.client_secret;
  if (secret !== undefined && (typeof secret !== 'string' || secret.length < 14 || secret.length > 100)) {
    causes.push('credentials.oauthClient.client_secret: The client secret must be between 14 and 100 characters');
  }
  return client;
}

/**
 * Validates a full replacement of `app` (`PUT /api/v1/apps/{appId}`). Okta's PUT replaces the
 * whole app: what the body omits goes back to its default, and read-only members are ignored.
 * @returns the replacement, or the error causes (`field: message`) of an E0000001.
 */
export function validateReplace(app: SimApp, raw: unknown): AppReplacement | string[] {
  if (!isObject(raw)) return [`label: ${BLANK}`];
  const body = withoutNulls(raw) as Json;
  const causes: string[] = [];
  if (typeof body.label !== 'string' || body.label.trim() === '') causes.push(`label: ${BLANK}`);
  else if (body.label.length > 100) causes.push('label: The field is too long');
  if (body.signOnMode === undefined) causes.push(`signOnMode: ${BLANK}`);
  else if (body.signOnMode !== app.signOnMode) causes.push(`signOnMode: The sign-on mode of this application cannot be changed to '${String(body.signOnMode)}'`);
  if (body.name !== undefined && body.name !== app.name) causes.push(`name: The application name cannot be changed`);
  for (const key of ['accessibility', 'visibility', 'credentials', 'settings', 'profile']) {
    if (body[key] !== undefined && !isObject(body[key])) causes.push(`${key}: must be an object`);
  }
  const settings = isObject(body.settings) ? body.settings : undefined;
  const credentials = isObject(body.credentials) ? body.credentials : undefined;
  checkSettings(app, settings, causes);
  const oauth = app.signOnMode === 'OPENID_CONNECT' ? checkOauthCredentials(app, credentials, causes) : undefined;
  if (causes.length > 0) return causes;

  const links = Object.fromEntries(Object.keys((app.visibility.appLinks as Json | undefined) ?? {}).map((l) => [l, true]));
  const visibility = isObject(body.visibility) ? body.visibility : {};
  const next: AppReplacement = {
    label: String(body.label),
    accessibility: isObject(body.accessibility) ? body.accessibility : { selfService: false },
    visibility: {
      autoLaunch: false,
      autoSubmitToolbar: false,
      ...visibility,
      hide: { iOS: false, web: false, ...(isObject(visibility.hide) ? visibility.hide : {}) },
      appLinks: isObject(visibility.appLinks) ? visibility.appLinks : links,
    },
    credentials: {
      userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' },
      ...(credentials ?? {}),
      // The signing key is managed through the key endpoints, never by a PUT.
      signing: structuredClone(app.credentials.signing ?? {}),
    },
    settings: commonSettings(settings ?? {}),
    ...(isObject(body.profile) ? { profile: body.profile } : {}),
  };
  if (oauth) {
    const method = String(oauth.token_endpoint_auth_method ?? 'client_secret_basic');
    const { client_secret: secret, ...kept } = oauth;
    next.credentials.oauthClient = { autoKeyRotation: true, ...kept, client_id: (app.credentials.oauthClient as Json).client_id, token_endpoint_auth_method: method };
    if (SECRET_METHODS.has(method)) next.clientSecret = typeof secret === 'string' ? secret : (app.clientSecret ?? randomBytes(48).toString('base64url'));
  }
  return next;
}
