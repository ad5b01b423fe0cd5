import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** A key could not be used (wrong size, not base64), or a sealed value could not be opened. */
export class SealError extends Error {
  override name = 'SealError';
}

interface Key {
  id: string;
  bytes: Buffer;
}

const VERSION = 'v1';

/** Parses a base64 (or base64url) 32-byte key; throws {@link SealError} naming what is wrong. */
export function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) throw new SealError('the key is not base64');
  const bytes = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length !== 32) throw new SealError(`the key must be 32 bytes, got ${bytes.length}`);
  return bytes;
}

/** A fresh random key, base64 (what `TOKEN_ENCRYPTION_KEY` expects). */
export function generateKey(): string {
  return randomBytes(32).toString('base64');
}

function keyId(bytes: Buffer): string {
  // Identifies the key without revealing it: a truncated hash is not usable to recover 256 bits.
  return createHash('sha256').update('okta-subgraph key id').update(bytes).digest('hex').slice(0, 12);
}

/**
 * AES-256-GCM sealing of secrets before they reach the store. Every sealed value names the key that
 * sealed it, so older keys (`TOKEN_ENCRYPTION_OLD_KEYS`) still open values while new ones use the
 * current key: keys rotate without a migration. Each value is bound to its purpose by the
 * associated data (`aad`, e.g. `connection:<tenant>:<user>:refresh_token`), so a ciphertext copied
 * into another row or column does not open.
 */
export class Sealer {
  private readonly current: Key;
  private readonly byId = new Map<string, Key>();

  constructor(currentKey: Buffer, oldKeys: readonly Buffer[] = []) {
    this.current = { id: keyId(currentKey), bytes: currentKey };
    for (const bytes of [currentKey, ...oldKeys]) this.byId.set(keyId(bytes), { id: keyId(bytes), bytes });
  }

  /** Id of the key new values are sealed with. */
  get currentKeyId(): string {
    return this.current.id;
  }

  /** Seals `plaintext` for `aad`: `v1.<key id>.<iv>.<ciphertext>.<tag>` (base64url parts). */
  seal(plaintext: string, aad: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.bytes, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.current.id, iv.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /** Opens a value sealed for `aad`; throws {@link SealError} when it cannot (unknown key, tampering). */
  open(sealed: string, aad: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new SealError('not a sealed value');
    const key = this.byId.get(parts[1]!);
    if (!key) throw new SealError('sealed with a key that is not configured');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(parts[2]!, 'base64url'));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(Buffer.from(parts[4]!, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(parts[3]!, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SealError('the sealed value does not open with its key (tampered, or bound to other data)');
    }
  }

  /** True when `sealed` was made with an old key and should be sealed again with the current one. */
  isStale(sealed: string): boolean {
    return sealed.split('.')[1] !== this.current.id;
  }
}
