import { z } from 'zod';
import { OktaDomainError, parseOktaOrigin } from './okta/domain.js';

/** A configuration problem, phrased as one line that names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Variables whose values must never be echoed back in an error message. */
const SECRET_VARS = new Set(['OKTA_API_TOKEN', 'OKTA_CLIENT_SECRET', 'TOKEN_ENCRYPTION_KEY', 'TOKEN_ENCRYPTION_OLD_KEYS']);

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

const list = z
  .string()
  .transform((v) => v.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean));

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

/** The shape of `process.env` we read; every variable is a string or absent. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(0, 65535).default(4001),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  CORS_ORIGINS: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(origin))
    .default([]),
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),

  OKTA_DOMAIN: z.string().trim().min(1).optional(),
  OKTA_API_TOKEN: z.string().trim().min(1).optional(),
  OKTA_SCOPES: list.optional(),
  OKTA_ALLOW_INSECURE_HTTP: bool.default(false),
  OKTA_REQUEST_TIMEOUT_MS: int(100, 120_000).default(10_000),
  OKTA_MAX_RETRIES: int(0, 10).default(2),
  OKTA_USER_BATCH_SIZE: int(1, 100).default(50),
  OKTA_REQUEST_DEADLINE_MS: int(100, 300_000).default(25_000),
  OKTA_READY_CHECK: bool.default(true),
});

/** Validated configuration, built once at start-up. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Where browsers and Okta reach us; the OAuth redirect URI is derived from it. */
  publicUrl: string;
  corsOrigins: string[];
  shutdownTimeoutMs: number;
  okta: {
    /** The org's origin (`https://acme.okta.com`), when configured for the whole deployment. */
    origin?: URL;
    /** A static SSWS API token: single-org deployments without per-user OAuth. */
    apiToken?: string;
    /** The scopes the API token is taken to hold, for the scope directive. */
    scopes: string[];
    allowInsecureHttp: boolean;
    requestTimeoutMs: number;
    /** Budget of one GraphQL request for Okta calls, retries and rate-limit waits included. */
    requestDeadlineMs: number;
    maxRetries: number;
    userBatchSize: number;
    readyCheck: boolean;
  };
}

/** Every Okta API scope this subgraph can use; the default grant of an API token. */
export const ALL_OKTA_API_SCOPES = [
  'okta.users.read',
  'okta.users.manage',
  'okta.groups.read',
  'okta.groups.manage',
  'okta.apps.read',
  'okta.apps.manage',
  'okta.authorizationServers.read',
  'okta.authorizationServers.manage',
  'okta.logs.read',
] as const;

function describeIssue(issue: z.core.$ZodIssue, env: NodeJS.ProcessEnv): string {
  const name = String(issue.path[0] ?? 'environment');
  const value = env[name];
  const shown = value === undefined ? 'it is not set' : SECRET_VARS.has(name) ? 'value hidden' : `got "${value}"`;
  return `${name} ${issue.message.replace(/^Invalid input: /, '')} (${shown})`;
}

/**
 * Reads and validates the environment once. Throws {@link ConfigError} with a one-line reason that
 * names the variable; never includes a secret's value.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(describeIssue(parsed.error.issues[0]!, env));
  }
  const e = parsed.data;

  let origin: URL | undefined;
  if (e.OKTA_DOMAIN) {
    try {
      origin = parseOktaOrigin(e.OKTA_DOMAIN, { allowInsecureHttp: e.OKTA_ALLOW_INSECURE_HTTP });
    } catch (err) {
      if (err instanceof OktaDomainError) throw new ConfigError(`OKTA_DOMAIN ${err.message} (got "${e.OKTA_DOMAIN}")`);
      throw err;
    }
  }
  if (e.OKTA_API_TOKEN && !origin) {
    throw new ConfigError('OKTA_DOMAIN is required when OKTA_API_TOKEN is set (it is not set)');
  }
  if (!e.OKTA_API_TOKEN) {
    throw new ConfigError('OKTA_API_TOKEN is required: the subgraph calls Okta with an API token (it is not set)');
  }
  const scopes = e.OKTA_SCOPES ?? [...ALL_OKTA_API_SCOPES];

  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    corsOrigins: e.CORS_ORIGINS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    okta: {
      origin,
      apiToken: e.OKTA_API_TOKEN,
      scopes,
      allowInsecureHttp: e.OKTA_ALLOW_INSECURE_HTTP,
      requestTimeoutMs: e.OKTA_REQUEST_TIMEOUT_MS,
      requestDeadlineMs: e.OKTA_REQUEST_DEADLINE_MS,
      maxRetries: e.OKTA_MAX_RETRIES,
      userBatchSize: e.OKTA_USER_BATCH_SIZE,
      readyCheck: e.OKTA_READY_CHECK,
    },
  };
}
