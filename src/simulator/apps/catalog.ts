import type { AppSignOnMode, AppStatus, Json } from '../store/apps.js';

/** OIDC client settings of a seeded app. */
export interface OidcTemplate {
  type: 'web' | 'browser' | 'native' | 'service';
  grantTypes: string[];
  responseTypes: string[];
  redirectUris: string[];
  authMethod: 'client_secret_basic' | 'client_secret_post' | 'none';
  clientUri?: string;
}

/** A seeded application: what Okta would hold for one app integration of a typical company. */
export interface AppTemplate {
  label: string;
  name: string;
  signOnMode: AppSignOnMode;
  status: AppStatus;
  features?: string[];
  /** Dashboard link names (`visibility.appLinks`). */
  links: string[];
  userNameTemplate: { template: string; type: 'BUILT_IN' | 'CUSTOM' };
  /** `settings.app` / `settings.signOn` and the like (common settings are added by the seed). */
  settings: Json;
  /** Extra credentials (SWA scheme, ...). */
  credentials?: Json;
  oidc?: OidcTemplate;
  /** App-user profile attribute → Okta user attribute. */
  profileMap: Record<string, string>;
  /** Individually assigned users drawn from the org (besides `fixedUsers`). */
  users: number;
  /** Logins always assigned individually (the seeded admin and end user), so tests know some answers. */
  fixedUsers?: string[];
  /** Groups assigned to the app: those whose name contains one of these (at most two). */
  groupHints?: string[];
  /** Assigned to the Everyone group. */
  everyone?: boolean;
  /** Per-user extras of the app profile. */
  userProfile?: (pick: <T>(items: readonly T[]) => T) => Json;
}

const PROVISIONING = ['IMPORT_NEW_USERS', 'PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION', 'REACTIVATE_USERS'];
const NAMES = { email: 'email', firstName: 'firstName', lastName: 'lastName' };
const SWA = { scheme: 'EDIT_USERNAME_AND_PASSWORD', revealPassword: false, signing: {} };
const LOGIN = { template: '${source.login}', type: 'BUILT_IN' } as const;
const EMAIL = { template: '${source.email}', type: 'BUILT_IN' } as const;
const ADMIN = 'admin@example.com';
const END_USER = 'end.user@example.com';

function samlSignOn(host: string): Json {
  return {
    defaultRelayState: '',
    ssoAcsUrl: `https://${host}/saml/acs`,
    idpIssuer: 'http://www.okta.com/${org.externalKey}',
    audience: `https://${host}/saml/metadata`,
    recipient: `https://${host}/saml/acs`,
    destination: `https://${host}/saml/acs`,
    subjectNameIdTemplate: '${user.userName}',
    subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    responseSigned: true,
    assertionSigned: true,
    signatureAlgorithm: 'RSA_SHA256',
    digestAlgorithm: 'SHA256',
    honorForceAuthn: true,
    authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    requestCompressed: false,
    allowMultipleAcsEndpoints: false,
    acsEndpoints: [],
    samlAssertionLifetimeSeconds: 3600,
    slo: { enabled: false },
    attributeStatements: [
      { type: 'EXPRESSION', name: 'email', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified', values: ['user.email'] },
      { type: 'GROUP', name: 'groups', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified', filterType: 'STARTS_WITH', filterValue: 'HR' },
    ],
    inlineHooks: [],
  };
}

/** The seeded app catalogue: SAML (OIN and custom), SWA, OIDC of every client type, bookmarks. */
export const APP_TEMPLATES: readonly AppTemplate[] = [
  {
    label: 'Salesforce.com', name: 'salesforce', signOnMode: 'SAML_2_0', status: 'ACTIVE', features: PROVISIONING,
    links: ['login'], userNameTemplate: LOGIN, profileMap: { ...NAMES, email: 'email' },
    settings: { app: { instanceType: 'PRODUCTION', integrationType: 'STANDARD', loginUrl: 'https://example.my.salesforce.com' } },
    users: 25, fixedUsers: [ADMIN], groupHints: ['Sales'],
    userProfile: (pick) => ({ profile: pick(['Standard User', 'Sales User', 'Marketing User']), role: pick(['Account Executive', 'SDR', 'Sales Manager']) }),
  },
  {
    label: 'Slack', name: 'slack', signOnMode: 'SAML_2_0', status: 'ACTIVE', features: PROVISIONING,
    links: ['slack_link'], userNameTemplate: EMAIL, profileMap: { ...NAMES, email: 'email', title: 'title' },
    settings: { app: { domain: 'examplecorp', userEmailValue: 'email' } },
    users: 40, fixedUsers: [ADMIN, END_USER], groupHints: ['Engineering', 'Product'],
  },
  {
    label: 'Google Workspace', name: 'google', signOnMode: 'SAML_2_0', status: 'ACTIVE',
    links: ['mail', 'calendar', 'drive'], userNameTemplate: EMAIL, profileMap: NAMES,
    settings: { app: { domain: 'example.com', rpId: 'example.com' } },
    users: 5, everyone: true,
  },
  {
    label: 'Zoom', name: 'zoomus', signOnMode: 'SAML_2_0', status: 'ACTIVE',
    links: ['zoomus_link'], userNameTemplate: EMAIL, profileMap: NAMES,
    settings: { app: { subDomain: 'examplecorp' } },
    users: 20, groupHints: ['Sales', 'Marketing'],
  },
  {
    label: 'Atlassian Cloud', name: 'atlassian', signOnMode: 'SAML_2_0', status: 'ACTIVE', features: PROVISIONING,
    links: ['atlassian_link'], userNameTemplate: EMAIL, profileMap: { ...NAMES, displayName: 'displayName' },
    settings: { app: { orgId: 'example-corp', siteUrl: 'https://example.atlassian.net' } },
    users: 15, groupHints: ['Engineering', 'Support'],
  },
  {
    label: 'HR Portal', name: 'examplecorp_hrportal_1', signOnMode: 'SAML_2_0', status: 'ACTIVE',
    links: ['examplecorp_hrportal_1_link'], userNameTemplate: EMAIL, profileMap: NAMES,
    settings: { app: {}, signOn: samlSignOn('hr.example.com') },
    users: 10, fixedUsers: [END_USER], groupHints: ['People', 'HR'],
  },
  {
    label: 'GitHub', name: 'template_swa', signOnMode: 'BROWSER_PLUGIN', status: 'ACTIVE',
    links: ['login'], userNameTemplate: { template: '${fn:substringBefore(source.login, "@")}', type: 'CUSTOM' }, profileMap: {},
    credentials: SWA,
    settings: { app: { buttonField: 'input[name=commit]', passwordField: '#password', usernameField: '#login_field', url: 'https://github.com/login', loginUrlRegex: '^https://github\\.com/login$' } },
    users: 20, fixedUsers: [END_USER], groupHints: ['Engineering'],
  },
  {
    label: 'Expense Portal', name: 'examplecorp_expenses_1', signOnMode: 'AUTO_LOGIN', status: 'ACTIVE',
    links: ['examplecorp_expenses_1_link'], userNameTemplate: EMAIL, profileMap: {},
    credentials: { ...SWA, revealPassword: true },
    settings: { app: {}, signOn: { loginUrl: 'https://expenses.example.com/login', redirectUrl: 'https://expenses.example.com/' } },
    users: 12, groupHints: ['Finance'],
  },
  {
    label: 'Legacy Wiki', name: 'template_swa3field', signOnMode: 'BROWSER_PLUGIN', status: 'INACTIVE',
    links: ['login'], userNameTemplate: LOGIN, profileMap: {},
    credentials: SWA,
    settings: {
      app: {
        buttonField: '#submit', passwordField: '#pass', usernameField: '#user', url: 'https://wiki.example.com/login',
        buttonSelector: '#submit', passwordSelector: '#pass', userNameSelector: '#user', targetURL: 'https://wiki.example.com/login',
        extraFieldSelector: '#space', extraFieldValue: 'corp', loginUrlRegex: '^https://wiki\\.example\\.com/',
      },
    },
    users: 8,
  },
  {
    label: 'Employee Portal', name: 'oidc_client', signOnMode: 'OPENID_CONNECT', status: 'ACTIVE',
    links: ['oidc_client_link'], userNameTemplate: LOGIN, profileMap: {},
    oidc: {
      type: 'web', grantTypes: ['authorization_code', 'refresh_token'], responseTypes: ['code'],
      redirectUris: ['https://portal.example.com/authorization-code/callback'], authMethod: 'client_secret_basic', clientUri: 'https://portal.example.com',
    },
    settings: {}, users: 30, fixedUsers: [ADMIN, END_USER],
  },
  {
    label: 'Ops Dashboard', name: 'oidc_client', signOnMode: 'OPENID_CONNECT', status: 'ACTIVE',
    links: ['oidc_client_link'], userNameTemplate: LOGIN, profileMap: {},
    oidc: { type: 'browser', grantTypes: ['authorization_code'], responseTypes: ['code'], redirectUris: ['https://ops.example.com/login/callback'], authMethod: 'none' },
    settings: {}, users: 6, groupHints: ['Operations', 'Security', 'Engineering'],
  },
  {
    label: 'Reporting Service', name: 'oidc_client', signOnMode: 'OPENID_CONNECT', status: 'ACTIVE',
    links: [], userNameTemplate: LOGIN, profileMap: {},
    oidc: { type: 'service', grantTypes: ['client_credentials'], responseTypes: ['token'], redirectUris: [], authMethod: 'client_secret_post' },
    settings: {}, users: 0,
  },
  {
    label: 'Field Sales Mobile', name: 'oidc_client', signOnMode: 'OPENID_CONNECT', status: 'INACTIVE',
    links: ['oidc_client_link'], userNameTemplate: LOGIN, profileMap: {},
    oidc: { type: 'native', grantTypes: ['authorization_code', 'refresh_token'], responseTypes: ['code'], redirectUris: ['com.example.fieldsales:/callback'], authMethod: 'none' },
    settings: {}, users: 6,
  },
  {
    label: 'Company Intranet', name: 'bookmark', signOnMode: 'BOOKMARK', status: 'ACTIVE',
    links: ['login'], userNameTemplate: LOGIN, profileMap: {},
    settings: { app: { requestIntegration: false, url: 'https://intranet.example.com/' } },
    users: 3, everyone: true,
  },
  {
    label: 'Benefits Center', name: 'bookmark', signOnMode: 'BOOKMARK', status: 'ACTIVE',
    links: ['login'], userNameTemplate: LOGIN, profileMap: {},
    settings: { app: { requestIntegration: false, url: 'https://benefits.example.com/' } },
    users: 10, fixedUsers: [END_USER], groupHints: ['People'],
  },
  {
    label: 'Old CRM', name: 'bookmark', signOnMode: 'BOOKMARK', status: 'INACTIVE',
    links: ['login'], userNameTemplate: LOGIN, profileMap: {},
    settings: { app: { requestIntegration: false, url: 'https://crm-legacy.example.com/' } },
    users: 4,
  },
];
