import { describe, expect, test } from '@jest/globals';
import { generateKey, parseKey, SealError, Sealer } from '../src/store/crypto.js';

describe('Sealer', () => {
  const current = parseKey(generateKey());
  const old = parseKey(generateKey());

  test('round trip, fresh IV every time, no plaintext in the output', () => {
    const sealer = new Sealer(current);
    const a = sealer.seal('refresh-token-value', 'conn:t:u:refresh');
    const b = sealer.seal('refresh-token-value', 'conn:t:u:refresh');
    expect(a).not.toBe(b);
    expect(a).not.toContain('refresh-token-value');
    expect(sealer.open(a, 'conn:t:u:refresh')).toBe('refresh-token-value');
  });

  test('a value bound to other data, or tampered with, does not open', () => {
    const sealer = new Sealer(current);
    const sealed = sealer.seal('secret', 'conn:t1:u1:refresh');
    expect(() => sealer.open(sealed, 'conn:t2:u1:refresh')).toThrow(SealError);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('x' + Buffer.from(parts[3]!, 'base64url').toString('latin1').slice(1), 'latin1').toString('base64url');
    expect(() => sealer.open(parts.join('.'), 'conn:t1:u1:refresh')).toThrow(SealError);
    expect(() => sealer.open('plain', 'x')).toThrow(SealError);
  });

  test('keys rotate: old keys still open, new values use the current key', () => {
    const before = new Sealer(old).seal('secret', 'aad');
    const rotated = new Sealer(current, [old]);
    expect(rotated.open(before, 'aad')).toBe('secret');
    expect(rotated.isStale(before)).toBe(true);
    expect(rotated.isStale(rotated.seal('secret', 'aad'))).toBe(false);
    expect(() => new Sealer(current).open(before, 'aad')).toThrow(/key that is not configured/);
  });

  test('keys must be 32 bytes of base64', () => {
    expect(() => parseKey('short')).toThrow(/32 bytes/);
    expect(() => parseKey('not base64 !')).toThrow(/base64/);
    expect(parseKey(generateKey())).toHaveLength(32);
  });
});
