import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateKey, parseKey } from './crypto.js';

/** Where development runs keep their generated encryption key (next to the SQLite file). */
export const DEV_KEY_PATH = './data/dev-encryption-key';

/**
 * Outside production, without `TOKEN_ENCRYPTION_KEY`: reads the local key, creating it (0600) on
 * first use, so that a restarted demo can still open the tokens it stored.
 * @returns the key and whether it was just created.
 */
export function loadOrCreateDevKey(path: string = DEV_KEY_PATH): { key: Buffer; created: boolean } {
  if (existsSync(path)) return { key: parseKey(readFileSync(path, 'utf8')), created: false };
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const text = generateKey();
  writeFileSync(path, `${text}\n`, { mode: 0o600, flag: 'wx' });
  return { key: parseKey(text), created: true };
}
