import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secret-box.ts';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const ACCOUNT = '6f1c2b1e-0000-4000-8000-000000000001';

describe('createSecretBox', () => {
  const box = createSecretBox(randomBytes(32));

  it('seals a secret so the stored text does not contain it, and opens it again', () => {
    const sealed = box.seal(SECRET, ACCOUNT);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain(SECRET);
    expect(box.open(sealed, ACCOUNT)).toBe(SECRET);
  });

  it('seals the same secret differently each time (random IV)', () => {
    expect(box.seal(SECRET, ACCOUNT)).not.toBe(box.seal(SECRET, ACCOUNT));
  });

  it('refuses a sealed secret moved to another account', () => {
    expect(() => box.open(box.seal(SECRET, ACCOUNT), 'another-account')).toThrow();
  });

  it('refuses a tampered secret', () => {
    const sealed = box.seal(SECRET, ACCOUNT);
    const last = sealed.at(-2) === 'A' ? 'B' : 'A';
    expect(() => box.open(`${sealed.slice(0, -2)}${last}${sealed.at(-1)}`, ACCOUNT)).toThrow();
  });

  it('refuses to open with another key', () => {
    expect(() => createSecretBox(randomBytes(32)).open(box.seal(SECRET, ACCOUNT), ACCOUNT)).toThrow();
  });

  it('still reads a secret stored before a key was set', () => {
    expect(box.open(SECRET, ACCOUNT)).toBe(SECRET);
  });

  it('stores secrets as they are without a key, and says it cannot open a sealed one', () => {
    const plain = createSecretBox(null);
    expect(plain.sealing).toBe(false);
    expect(plain.seal(SECRET, ACCOUNT)).toBe(SECRET);
    expect(() => plain.open(box.seal(SECRET, ACCOUNT), ACCOUNT)).toThrow(/TOTP_ENCRYPTION_KEY/);
  });
});
