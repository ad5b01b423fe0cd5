import { z } from 'zod';
import { OktaDomainError, parseOktaOrigin } from './okta/domain.js';
import { DEFAULT_SCOPES, isKnownScope } from './okta/scopes.js';
import { parseKey, SealError } from './store/crypto.js';

/** A configuration problem, phrased as one line that names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Variables whose values must never be echoed back in an error message. */
const SECRET_VARS = new Set(['OKTA_API_TOKEN', 'OKTA_CLIENT_SECRET', 'TOKEN_ENCRYPTION_KEY', 'TOKEN_ENCRYPTION_OLD_KEYS', 'DATABASE_URL']);

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['true', 'false', '1', '0', 'yes', 'no'].includes(v), 'must be true or false')
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

const list = z.string().transform((v) => v.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean));

const origin = z.string().transform((v, ctx) => {
  try {
    const url = new URL(v);
    if (url.origin === 'null') throw new Error('opaque');
    return url.origin;
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${v}" is not an origin such as https://app.example.com` });
    return z.NEVER;
  }
});

const origins = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(origin));

/** The shape of `process.env` we read; every variable is a string or absent. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(0, 65535).default(4001),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  CORS_ORIGINS: origins.default([]),
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),

  AUTH_MODE: z.enum(['jwt', 'dev']).default('jwt'),
  AUTH_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  AUTH_ISSUER: z.string().trim().min(1).optional(),
  AUTH_AUDIENCE: z.string().trim().min(1).optional(),
  AUTH_TENANT_CLAIM: z.string().trim().min(1).default('tenantId'),
  AUTH_ADMIN_CLAIM: z.string().trim().min(1).default('roles'),
  AUTH_ADMIN_VALUE: z.string().trim().min(1).default('admin'),
  DEV_TENANT_ID: z.string().trim().min(1).default('dev-tenant'),
  DEV_USER_ID: z.string().trim().min(1).default('dev-user'),

  DATABASE_URL: z.string().trim().regex(/^(postgres(ql)?:\/\/|sqlite:)/i, 'must start with postgres://, postgresql:// or sqlite:').optional(),
  TOKEN_ENCRYPTION_KEY: z.string().trim().min(1).optional(),
  TOKEN_ENCRYPTION_OLD_KEYS: list.optional(),
  TOKEN_REFRESH_SKEW_SECONDS: int(0, 3600).default(120),
  CONNECT_RETURN_ORIGINS: origins.default([]),
  CONNECT_CONFIRMATION: z.enum(['app', 'callback']).optional(),

  OKTA_DOMAIN: z.string().trim().min(1).optional(),
  OKTA_CLIENT_ID: z.string().trim().min(1).optional(),
  OKTA_CLIENT_SECRET: z.string().trim().min(1).optional(),
  OKTA_API_TOKEN: z.string().trim().min(1).optional(),
  OKTA_SCOPES: list.optional(),
  OKTA_ALLOWED_DOMAINS: list.default([]),
  OKTA_ALLOW_INSECURE_HTTP: bool.default(false),
  OKTA_REQUEST_TIMEOUT_MS: int(100, 120_000).default(10_000),
  OKTA_REQUEST_DEADLINE_MS: int(100, 300_000).default(25_000),
  OKTA_MAX_RETRIES: int(0, 10).default(2),
  OKTA_MAX_CONCURRENCY: int(1, 75).default(20),
  OKTA_USER_BATCH_SIZE: int(1, 100).default(50),
  OKTA_READY_CHECK: bool.default(true),
  QUERY_COST_LIMIT: int(1, 100_000).default(2000),
  QUERY_DEPTH_LIMIT: int(2, 100).default(15),
});

/** How callers are identified. */
export type AuthConfig =
  | { mode: 'jwt'; jwksUrl: URL; issuer: string; audience: string; tenantClaim: string; adminClaim: string; adminValue: string }
  | { mode: 'dev'; tenantId: string; userId: string };

/** Validated configuration, built once at start-up. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Where browsers and Okta reach us, without a trailing slash. */
  publicUrl: string;
  /** `${publicUrl}/integration-callback`: the sign-in redirect URI to register in Okta. */
  redirectUri: string;
  corsOrigins: string[];
  shutdownTimeoutMs: number;
  auth: AuthConfig;
  /** `DATABASE_URL` (undefined: the embedded SQLite file). */
  databaseUrl?: string;
  encryption: {
    /** Undefined outside production when none is configured: a local key file is used. */
    key?: Buffer;
    oldKeys: Buffer[];
  };
  /** Refresh an access token this long before it expires. */
  refreshSkewMs: number;
  /** Origins `connectOkta(returnTo)` may send the browser back to. */
  connectReturnOrigins: string[];
  /**
   * Who completes a connect flow: `app` (the app of the user who started it confirms it with
   * `confirmOktaConnection`; the default in production) or `callback` (the callback completes it).
   */
  connectConfirmation: 'app' | 'callback';
  /** Estimated Okta requests one operation may cost. */
  queryCostLimit: number;
  /** Deepest field nesting one operation may have. */
  queryDepthLimit: number;
  okta: {
    /** The deployment-wide org (`OKTA_DOMAIN`): the default integration or the API-token org. */
    origin?: URL;
    clientId?: string;
    clientSecret?: string;
    /** A static SSWS API token: single-org deployments without per-user OAuth. */
    apiToken?: string;
    /** Default scopes: requested on connect, and assumed granted to an API token. */
    scopes: string[];
    /** Custom Okta domains accepted besides Okta's own hostnames. */
    allowedDomains: string[];
    allowInsecureHttp: boolean;
    requestTimeoutMs: number;
    /** Budget of one GraphQL request for Okta calls, retries and rate-limit waits included. */
    requestDeadlineMs: number;
    maxRetries: number;
    maxConcurrency: number;
    userBatchSize: number;
    readyCheck: boolean;
  };
}

function describeIssue(issue: z.core.$ZodIssue, env: NodeJS.ProcessEnv): string {
  const name = String(issue.path[0] ?? 'environment');
  const value = env[name];
  const shown = value === undefined ? 'it is not set' : SECRET_VARS.has(name) ? 'value hidden' : `got "${value}"`;
  return `${name} ${issue.message.replace(/^Invalid input: /, '')} (${shown})`;
}

function key(name: string, text: string): Buffer {
  try {
    return parseKey(text);
  } catch (err) {
    if (err instanceof SealError) throw new ConfigError(`${name} ${err.message}; generate one with: openssl rand -base64 32 (value hidden)`);
    throw err;
  }
}

/**
 * Reads and validates the environment once. Throws {@link ConfigError} with a one-line reason that
 * names the variable; never includes a secret's value.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(describeIssue(parsed.error.issues[0]!, env));
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';

  let oktaOrigin: URL | undefined;
  if (e.OKTA_DOMAIN) {
    try {
      // The operator's own domain is trusted: the allowlist guards domains typed by tenant admins.
      oktaOrigin = parseOktaOrigin(e.OKTA_DOMAIN, { allowInsecureHttp: e.OKTA_ALLOW_INSECURE_HTTP });
    } catch (err) {
      if (err instanceof OktaDomainError) throw new ConfigError(`OKTA_DOMAIN ${err.message} (got "${e.OKTA_DOMAIN}")`);
      throw err;
    }
  }
  if ((e.OKTA_API_TOKEN || e.OKTA_CLIENT_ID) && !oktaOrigin) {
    throw new ConfigError(`OKTA_DOMAIN is required when ${e.OKTA_API_TOKEN ? 'OKTA_API_TOKEN' : 'OKTA_CLIENT_ID'} is set (it is not set)`);
  }
  if (e.OKTA_CLIENT_ID && !e.OKTA_CLIENT_SECRET) throw new ConfigError('OKTA_CLIENT_SECRET is required when OKTA_CLIENT_ID is set (it is not set)');
  const unknownScope = e.OKTA_SCOPES?.find((s) => !isKnownScope(s));
  if (unknownScope) throw new ConfigError(`OKTA_SCOPES contains "${unknownScope}", which is not a scope Okta defines`);

  let auth: AuthConfig;
  if (e.AUTH_MODE === 'dev') {
    if (production) throw new ConfigError('AUTH_MODE dev is refused when NODE_ENV=production: every caller would act as one fixed user (got "dev")');
    auth = { mode: 'dev', tenantId: e.DEV_TENANT_ID, userId: e.DEV_USER_ID };
  } else {
    for (const name of ['AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE'] as const) {
      if (!e[name]) throw new ConfigError(`${name} is required when AUTH_MODE=jwt (it is not set); set AUTH_MODE=dev for local work`);
    }
    auth = {
      mode: 'jwt',
      jwksUrl: new URL(e.AUTH_JWKS_URL!),
      issuer: e.AUTH_ISSUER!,
      audience: e.AUTH_AUDIENCE!,
      tenantClaim: e.AUTH_TENANT_CLAIM,
      adminClaim: e.AUTH_ADMIN_CLAIM,
      adminValue: e.AUTH_ADMIN_VALUE,
    };
  }

  if (production && e.OKTA_ALLOW_INSECURE_HTTP) {
    throw new ConfigError('OKTA_ALLOW_INSECURE_HTTP is refused when NODE_ENV=production: it exists for the local simulator only (got "true")');
  }
  if (production && !e.TOKEN_ENCRYPTION_KEY) {
    throw new ConfigError('TOKEN_ENCRYPTION_KEY is required in production: 32 random bytes, base64 (openssl rand -base64 32) (it is not set)');
  }
  const encryption = {
    key: e.TOKEN_ENCRYPTION_KEY ? key('TOKEN_ENCRYPTION_KEY', e.TOKEN_ENCRYPTION_KEY) : undefined,
    oldKeys: (e.TOKEN_ENCRYPTION_OLD_KEYS ?? []).map((k) => key('TOKEN_ENCRYPTION_OLD_KEYS', k)),
  };

  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    publicUrl,
    redirectUri: `${publicUrl}/integration-callback`,
    corsOrigins: e.CORS_ORIGINS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    auth,
    databaseUrl: e.DATABASE_URL,
    encryption,
    refreshSkewMs: e.TOKEN_REFRESH_SKEW_SECONDS * 1000,
    connectReturnOrigins: e.CONNECT_RETURN_ORIGINS,
    connectConfirmation: e.CONNECT_CONFIRMATION ?? (production ? 'app' : 'callback'),
    queryCostLimit: e.QUERY_COST_LIMIT,
    queryDepthLimit: e.QUERY_DEPTH_LIMIT,
    okta: {
      origin: oktaOrigin,
      clientId: e.OKTA_CLIENT_ID,
      clientSecret: e.OKTA_CLIENT_SECRET,
      apiToken: e.OKTA_API_TOKEN,
      scopes: e.OKTA_SCOPES ?? [...DEFAULT_SCOPES],
      allowedDomains: e.OKTA_ALLOWED_DOMAINS.map((d) => d.toLowerCase()),
      allowInsecureHttp: e.OKTA_ALLOW_INSECURE_HTTP,
      requestTimeoutMs: e.OKTA_REQUEST_TIMEOUT_MS,
      requestDeadlineMs: e.OKTA_REQUEST_DEADLINE_MS,
      maxRetries: e.OKTA_MAX_RETRIES,
      maxConcurrency: e.OKTA_MAX_CONCURRENCY,
      userBatchSize: e.OKTA_USER_BATCH_SIZE,
      readyCheck: e.OKTA_READY_CHECK,
    },
  };
}
