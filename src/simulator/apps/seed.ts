import { createHash } from 'node:crypto';
import type { Org } from '../org.js';
import { IdFactory, Rng } from '../random.js';
import type { AppUserRecord, Json, SimApp } from '../store/apps.js';
import type { SimUser } from '../store/users.js';
import { APP_TEMPLATES, type AppTemplate } from './catalog.js';

const EPOCH = Date.UTC(2021, 0, 1);
const APPS_UNTIL = Date.UTC(2024, 5, 30);
const SEED_END = Date.UTC(2025, 11, 31);
/** Individually assigned users are drawn from the first users only: seeding stays O(1) in org size. */
const POOL = 2000;

/** Okta's timestamps carry whole seconds. */
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();

/** Settings every app carries (Okta fills them in when an app is created). */
export function commonSettings(settings: Json): Json {
  return {
    app: {},
    notifications: { vpn: { network: { connection: 'DISABLED' } } },
    manualProvisioning: false,
    implicitAssignment: false,
    notes: {},
    emOptInStatus: 'NONE',
    ...settings,
  };
}

/** A signing key id as Okta shows them: 43 base64url characters. */
function kidOf(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** OIDC client settings (`settings.oauthClient`) and credentials of a client. */
function oidcParts(oidc: NonNullable<AppTemplate['oidc']>, clientId: string, kid: string): { settings: Json; credentials: Json } {
  const settings: Json = {
    redirect_uris: oidc.redirectUris,
    post_logout_redirect_uris: oidc.type === 'web' || oidc.type === 'browser' ? oidc.redirectUris.map((u) => `${new URL(u).origin}/`) : [],
    response_types: oidc.responseTypes,
    grant_types: oidc.grantTypes,
    application_type: oidc.type,
    consent_method: 'REQUIRED',
    issuer_mode: 'DYNAMIC',
    idp_initiated_login: { mode: 'DISABLED', default_scope: [] },
    wildcard_redirect: 'DISABLED',
    dpop_bound_access_tokens: false,
    ...(oidc.clientUri ? { client_uri: oidc.clientUri } : {}),
    ...(oidc.grantTypes.includes('refresh_token') ? { refresh_token: { rotation_type: 'ROTATE', leeway: 30 } } : {}),
  };
  const credentials: Json = {
    signing: { kid },
    oauthClient: { autoKeyRotation: true, client_id: clientId, token_endpoint_auth_method: oidc.authMethod, pkce_required: oidc.authMethod === 'none' },
  };
  return { settings: { oauthClient: settings }, credentials };
}

/** Builds an app from a template; `clientSecret` is set for confidential OIDC clients. */
function buildApp(t: AppTemplate, id: string, created: number, lastUpdated: number, secret: string, ids: IdFactory): SimApp {
  const kid = kidOf(`${id}:signing`);
  const oidc = t.oidc ? oidcParts(t.oidc, id, kid) : undefined;
  const signing = t.signOnMode === 'SAML_2_0' ? { kid } : {};
  return {
    id,
    name: t.name,
    label: t.label,
    status: t.status,
    signOnMode: t.signOnMode,
    created: iso(created),
    lastUpdated: iso(lastUpdated),
    features: [...(t.features ?? [])],
    accessibility: { selfService: false },
    visibility: { autoLaunch: false, autoSubmitToolbar: false, hide: { iOS: t.oidc?.type === 'service', web: t.oidc?.type === 'service' }, appLinks: Object.fromEntries(t.links.map((l) => [l, true])) },
    credentials: { userNameTemplate: { ...t.userNameTemplate }, signing, ...(t.credentials ?? {}), ...(oidc?.credentials ?? {}) },
    settings: commonSettings({ ...t.settings, ...(oidc?.settings ?? {}) }),
    ...(t.oidc && t.oidc.authMethod !== 'none' ? { clientSecret: secret } : {}),
    linkIds: Object.fromEntries(t.links.map((l) => [l, ids.next('aln')])),
    profileMap: { ...t.profileMap },
  };
}

function firstUsers(org: Org): SimUser[] {
  const pool: SimUser[] = [];
  for (const user of org.users.all()) {
    if (user.status !== 'DEPROVISIONED') pool.push(user);
    if (pool.length >= POOL) break;
  }
  return pool;
}

/**
 * Seeds the app catalogue with individual and group assignments. It draws from its own random
 * streams (derived from the org seed), so that the apps stay the same when other seed steps change.
 */
export function seedApps(org: Org): void {
  const rng = new Rng(`apps:${String(org.options.seed)}`);
  const ids = new IdFactory(new Rng(`apps-ids:${String(org.options.seed)}`));
  org.apps.orgId = new IdFactory(new Rng(`org:${String(org.options.seed)}`)).next('00o');
  const pool = firstUsers(org);
  const groups = [...org.groups.all()];
  const everyone = groups.find((g) => g.type === 'BUILT_IN');
  const regular = groups.filter((g) => g.type === 'OKTA_GROUP');
  const pick = <T>(items: readonly T[]): T => rng.pick(items);

  for (const t of APP_TEMPLATES) {
    const created = EPOCH + Math.floor(rng.next() * (APPS_UNTIL - EPOCH));
    const app = buildApp(t, ids.next('0oa'), created, created + rng.int(0, 300) * 86_400_000, secretOf(rng), ids);
    org.apps.insert(app);

    const chosen = new Map<string, SimUser>();
    for (const login of t.fixedUsers ?? []) {
      const user = org.users.get(login);
      if (user) chosen.set(user.id, user);
    }
    for (let i = 0; i < t.users && pool.length > 0; i++) {
      const user = pick(pool);
      chosen.set(user.id, user);
    }
    for (const user of chosen.values()) {
      const at = Math.max(created, Date.parse(user.created)) + rng.int(1, 200) * 3_600_000;
      const record: AppUserRecord = {
        userId: user.id,
        assignmentId: ids.next('0ua'),
        individual: true,
        created: iso(Math.min(at, SEED_END)),
        lastUpdated: iso(Math.min(at, SEED_END)),
        statusChanged: iso(Math.min(at, SEED_END)),
        profile: t.userProfile ? t.userProfile(pick) : {},
        passwordSet: (t.signOnMode === 'AUTO_LOGIN' || t.signOnMode === 'BROWSER_PLUGIN') && rng.chance(0.7),
      };
      org.apps.putUserRecord(app.id, record);
    }

    const assigned = [
      ...(t.everyone && everyone ? [everyone] : []),
      ...(t.groupHints ?? []).flatMap((hint) => regular.filter((g) => g.profile.name.toLowerCase().includes(hint.toLowerCase()))).slice(0, 2),
    ];
    if (!t.everyone && assigned.length === 0 && (t.groupHints?.length ?? 0) > 0 && regular.length > 0) assigned.push(pick(regular));
    for (const group of new Set(assigned)) {
      const at = iso(Math.min(Math.max(created, Date.parse(group.created)) + rng.int(1, 90) * 86_400_000, SEED_END));
      org.apps.assignGroup(app.id, group.id, { profile: {}, at });
    }
  }
}

function secretOf(rng: Rng): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let s = '';
  for (let i = 0; i < 64; i++) s += alphabet[rng.int(0, alphabet.length - 1)];
  return s;
}

/** An OIDC web app to register (the OAuth client the subgraph connects with). */
export interface OidcAppRegistration {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  label?: string;
}

/**
 * Adds an active OIDC web app for a registered OAuth client, assigned to Everyone (when the org has
 * that group) so that any user can sign in to it, and returns it.
 */
export function addOidcApp(org: Org, reg: OidcAppRegistration): SimApp {
  const existing = org.apps.getByClientId(reg.clientId);
  if (existing) return existing;
  const ids = new IdFactory(new Rng(`apps-client:${reg.clientId}`));
  const t: AppTemplate = {
    label: reg.label ?? 'Okta Subgraph', name: 'oidc_client', signOnMode: 'OPENID_CONNECT', status: 'ACTIVE',
    links: ['oidc_client_link'], userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' }, profileMap: {},
    oidc: { type: 'web', grantTypes: ['authorization_code', 'refresh_token'], responseTypes: ['code'], redirectUris: reg.redirectUris, authMethod: 'client_secret_basic' },
    settings: {}, users: 0,
  };
  const at = Date.UTC(2025, 0, 1);
  const app = buildApp(t, ids.next('0oa'), at, at, reg.clientSecret, ids);
  (app.credentials.oauthClient as Json).client_id = reg.clientId;
  org.apps.insert(app);
  const everyone = [...org.groups.all()].find((g) => g.type === 'BUILT_IN');
  if (everyone) org.apps.assignGroup(app.id, everyone.id, { profile: {}, at: iso(at) });
  return app;
}
