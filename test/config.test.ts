import { spawnSync } from 'node:child_process';
import { describe, expect, test } from '@jest/globals';
import { ConfigError, loadConfig } from '../src/config.js';
import { parseOktaOrigin } from '../src/okta/domain.js';

const BASE = { OKTA_DOMAIN: 'acme.okta.com', OKTA_API_TOKEN: 'tok-secret-value', AUTH_MODE: 'dev' };

describe('loadConfig', () => {
  test('defaults', () => {
    const c = loadConfig(BASE);
    expect(c.port).toBe(4001);
    expect(c.okta.origin?.toString()).toBe('https://acme.okta.com/');
    expect(c.okta.scopes).toContain('okta.users.read');
    expect(c.redirectUri).toBe('http://localhost:4001/integration-callback');
    expect(c.auth).toEqual({ mode: 'dev', tenantId: 'dev-tenant', userId: 'dev-user' });
    expect(c.connectConfirmation).toBe('callback');
    expect(
      loadConfig({ ...BASE, AUTH_MODE: 'jwt', NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a', TOKEN_ENCRYPTION_KEY: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' })
        .connectConfirmation,
    ).toBe('app');
    expect(c.publicUrl).toBe('http://localhost:4001');
    expect(c.corsOrigins).toEqual([]);
  });

  test.each([
    [{ PORT: 'abc' }, /^PORT must be a whole number \(got "abc"\)$/],
    [{ PORT: '70000' }, /^PORT must be between 0 and 65535/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL .*\(got "loud"\)$/],
    [{ CORS_ORIGINS: 'https://ok.example, not a url' }, /^CORS_ORIGINS .*not a url/],
    [{ OKTA_DOMAIN: 'http://acme.okta.com' }, /^OKTA_DOMAIN plain http:\/\/ is only accepted for loopback hosts/],
    [{ OKTA_DOMAIN: 'http://127.0.0.1:9999' }, /^OKTA_DOMAIN plain http:\/\/ needs OKTA_ALLOW_INSECURE_HTTP=true/],
    [{ OKTA_DOMAIN: 'https://acme.okta.com/oauth2/default' }, /^OKTA_DOMAIN .*without a path/],
    [{ OKTA_ALLOW_INSECURE_HTTP: 'maybe' }, /^OKTA_ALLOW_INSECURE_HTTP must be true or false/],
    [{ OKTA_REQUEST_TIMEOUT_MS: '5' }, /^OKTA_REQUEST_TIMEOUT_MS must be between 100 and/],
    [{ OKTA_DOMAIN: undefined }, /^OKTA_DOMAIN is required when OKTA_API_TOKEN is set/],
    [{ OKTA_API_TOKEN: undefined, OKTA_CLIENT_ID: '0oa1' }, /^OKTA_CLIENT_SECRET is required when OKTA_CLIENT_ID is set/],
    [{ OKTA_SCOPES: 'openid okta.users.raed' }, /^OKTA_SCOPES contains "okta.users.raed"/],
    [{ AUTH_MODE: 'jwt' }, /^AUTH_JWKS_URL is required when AUTH_MODE=jwt/],
    [{ AUTH_MODE: 'dev', NODE_ENV: 'production', TOKEN_ENCRYPTION_KEY: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' }, /^AUTH_MODE dev is refused when NODE_ENV=production/],
    [{ AUTH_MODE: 'jwt', NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' }, /^TOKEN_ENCRYPTION_KEY is required in production/],
    [{ TOKEN_ENCRYPTION_KEY: 'c2hvcnQ=' }, /^TOKEN_ENCRYPTION_KEY the key must be 32 bytes/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL must start with postgres/],
    [{ CONNECT_RETURN_ORIGINS: 'nope' }, /^CONNECT_RETURN_ORIGINS .*nope/],
    [{ CONNECT_CONFIRMATION: 'browser' }, /^CONNECT_CONFIRMATION .*\(got "browser"\)$/],
    [
      { AUTH_MODE: 'jwt', NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a', TOKEN_ENCRYPTION_KEY: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', OKTA_ALLOW_INSECURE_HTTP: 'true' },
      /^OKTA_ALLOW_INSECURE_HTTP is refused when NODE_ENV=production/,
    ],
    [{ OKTA_DOMAIN: 'https://acme.okta.com:8443' }, /^OKTA_DOMAIN an Okta domain takes no port/],
  ])('%j is refused with a one-line reason naming the variable', (override, reason) => {
    const env: Record<string, string | undefined> = { ...BASE, ...override };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as Error).message).toMatch(reason);
      expect((err as Error).message).not.toContain('\n');
    }
  });

  test('a secret is never echoed in the error', () => {
    const env = { ...BASE, OKTA_API_TOKEN: '   ' };
    expect(() => loadConfig(env)).toThrow(/OKTA_API_TOKEN/);
    try {
      loadConfig({ ...BASE, OKTA_DOMAIN: 'ftp://x', OKTA_API_TOKEN: 'super-secret' });
    } catch (err) {
      expect((err as Error).message).not.toContain('super-secret');
    }
  });

  test('the process exits with the one-line reason', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      env: { PATH: process.env.PATH, PORT: 'nope', OKTA_DOMAIN: 'acme.okta.com', OKTA_API_TOKEN: 'x', AUTH_MODE: 'dev' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('Configuration error: PORT must be a whole number (got "nope")');
  });
});

describe('parseOktaOrigin', () => {
  test.each([
    ['acme.okta.com', 'https://acme.okta.com'],
    ['https://acme.okta.com/', 'https://acme.okta.com'],
    ['  ACME.oktapreview.com ', 'https://acme.oktapreview.com'],
    ['login.acme.com', 'https://login.acme.com'],
  ])('%s → %s', (input, origin) => {
    expect(parseOktaOrigin(input).origin).toBe(origin);
  });

  test('an allowlist refuses hosts that are neither Okta nor listed (SSRF)', () => {
    const options = { allowedHosts: ['login.acme.com'] };
    expect(parseOktaOrigin('acme.okta.com', options).origin).toBe('https://acme.okta.com');
    expect(parseOktaOrigin('login.acme.com', options).origin).toBe('https://login.acme.com');
    expect(() => parseOktaOrigin('169.254.169.254', options)).toThrow(/not an Okta domain/);
    expect(() => parseOktaOrigin('okta.com.evil.example', options)).toThrow(/not an Okta domain/);
    expect(() => parseOktaOrigin('https://user:pw@acme.okta.com', options)).toThrow(/credentials/);
  });
});
