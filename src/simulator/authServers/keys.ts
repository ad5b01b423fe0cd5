import { createHash, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

/** One signing key of an authorization server. */
export interface AuthServerKey {
  /** RFC 7638 thumbprint: 43 base64url characters, like the kids Okta publishes. */
  kid: string;
  /** ACTIVE signs tokens; NEXT is published ahead of the next rotation; EXPIRED follows a rotation. */
  status: 'ACTIVE' | 'NEXT' | 'EXPIRED';
  n: string;
  e: string;
  privateKey: KeyObject;
  /** When it became the ACTIVE key (ISO), for `credentials.signing.lastRotated`. */
  activated?: string;
}

async function createKey(status: AuthServerKey['status'], activated?: string): Promise<AuthServerKey> {
  const { publicKey, privateKey } = await generate('rsa', { modulusLength: 2048 });
  const { n, e } = publicKey.export({ format: 'jwk' });
  const kid = createHash('sha256').update(JSON.stringify({ e, kty: 'RSA', n })).digest('base64url');
  return { kid, status, n: n!, e: e!, privateKey, ...(activated ? { activated } : {}) };
}

/**
 * Keys live outside the org's data, per owner (the org) and server, for the life of the process:
 * a control-plane reseed must not change them under clients that cached a JWKS. They are made on
 * first use, off the event loop, so that seeding a large org pays nothing for them.
 */
const keys = new WeakMap<object, Map<string, Promise<AuthServerKey[]>>>();

/** The keys of server `serverId` (ACTIVE first, then NEXT, then any EXPIRED). */
export function keysOf(owner: object, serverId: string, activated: string): Promise<AuthServerKey[]> {
  let byServer = keys.get(owner);
  if (!byServer) {
    byServer = new Map();
    keys.set(owner, byServer);
  }
  let set = byServer.get(serverId);
  if (!set) {
    set = Promise.all([createKey('ACTIVE', activated), createKey('NEXT')]);
    byServer.set(serverId, set);
  }
  return set;
}

/**
 * Rotates the keys of a server as Okta's `keyRotate` does: the ACTIVE key expires, NEXT becomes
 * ACTIVE and a new NEXT key is published. Only the latest expired key is kept.
 */
export async function rotateKeys(owner: object, serverId: string, now: string): Promise<AuthServerKey[]> {
  const current = await keysOf(owner, serverId, now);
  const active = current.find((k) => k.status === 'ACTIVE')!;
  const next = current.find((k) => k.status === 'NEXT')!;
  const rotated: AuthServerKey[] = [{ ...next, status: 'ACTIVE', activated: now }, await createKey('NEXT'), { ...active, status: 'EXPIRED' }];
  keys.get(owner)!.set(serverId, Promise.resolve(rotated));
  return rotated;
}

/** The public JWK of a key (`AuthorizationServerJsonWebKey`), with its self link. */
export function keyJson(key: AuthServerKey, baseUrl: string, serverId: string): Record<string, unknown> {
  return {
    kid: key.kid,
    kty: 'RSA',
    alg: 'RS256',
    use: 'sig',
    e: key.e,
    n: key.n,
    status: key.status,
    _links: { self: { href: `${baseUrl}/api/v1/authorizationServers/${serverId}/credentials/keys/${key.kid}`, hints: { allow: ['GET'] } } },
  };
}
