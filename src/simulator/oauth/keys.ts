import { createHash, generateKeyPairSync, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

/** The org authorization server's signing key: RS256, as Okta signs ID and access tokens. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public JWK as `/oauth2/v1/keys` lists it. */
  jwk: JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' };
}

/**
 * One key per org for the life of the process, kept outside the org's data: a control-plane
 * reseed must not rotate it, or clients that cached the JWKS (openid-client does) would fail.
 */
const keys = new WeakMap<object, SigningKey>();

/** The signing key of `owner` (created on first use). */
export function signingKeyOf(owner: object): SigningKey {
  let key = keys.get(owner);
  if (!key) {
    key = createSigningKey();
    keys.set(owner, key);
  }
  return key;
}

function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { n, e } = publicKey.export({ format: 'jwk' });
  // RFC 7638 thumbprint: a stable, 43-character kid like the ones Okta publishes.
  const kid = createHash('sha256').update(JSON.stringify({ e, kty: 'RSA', n })).digest('base64url');
  return { kid, privateKey, publicKey, jwk: { kty: 'RSA', alg: 'RS256', kid, use: 'sig', e, n } };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs `claims` as a compact RS256 JWS with the key's `kid` in the header. */
export function signJwt(key: SigningKey, claims: Record<string, unknown>): string {
  const input = `${b64({ kid: key.kid, alg: 'RS256' })}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}

/**
 * Verifies an RS256 JWS made by {@link signJwt} and returns its claims; undefined when it is not
 * one, its signature does not verify, or it names another key.
 */
export function verifyJwt(key: SigningKey, token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  try {
    const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown; kid?: unknown };
    if (head.alg !== 'RS256' || head.kid !== key.kid) return undefined;
    if (!verify('sha256', Buffer.from(`${header}.${payload}`), key.publicKey, Buffer.from(signature, 'base64url'))) return undefined;
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** OIDC `at_hash`: the left half of the SHA-256 of the access token, base64url. */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
}
