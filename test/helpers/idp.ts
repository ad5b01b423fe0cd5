import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/** The platform's identity provider as the tests play it: a JWKS endpoint and a token minter. */
export interface TestIdp {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** A platform JWT for `sub` in `tenantId`; `roles` decides tenant-admin rights. */
  token(claims: { sub: string; tenantId?: string; roles?: string[] | string; expiresIn?: string | null; audience?: string }): Promise<string>;
  /** A JWT signed by a key the JWKS does not publish. */
  foreignToken(claims: { sub: string; tenantId: string }): Promise<string>;
  close(): Promise<void>;
}

/** Starts a JWKS server on loopback with a fresh RSA key. */
export async function startIdp(): Promise<TestIdp> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'platform-1', alg: 'RS256', use: 'sig' };
  const server = http.createServer((req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = 'https://platform.example.com';
  const audience = 'okta-subgraph';
  const sign = (key: Parameters<SignJWT['sign']>[0], kid: string, claims: Parameters<TestIdp['token']>[0]) => {
    const payload: Record<string, unknown> = {};
    if (claims.tenantId !== undefined) payload.tenantId = claims.tenantId;
    if (claims.roles !== undefined) payload.roles = claims.roles;
    const jwt = new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject(claims.sub)
      .setIssuer(issuer)
      .setAudience(claims.audience ?? audience)
      .setIssuedAt();
    // `expiresIn: null` makes a token without `exp`.
    return (claims.expiresIn === null ? jwt : jwt.setExpirationTime(claims.expiresIn ?? '10m')).sign(key);
  };
  return {
    jwksUrl: `${base}/.well-known/jwks.json`,
    issuer,
    audience,
    token: (claims) => sign(privateKey, 'platform-1', claims),
    foreignToken: (claims) => sign(other.privateKey, 'platform-1', claims),
    close: () => new Promise((r) => server.close(() => r())),
  };
}
