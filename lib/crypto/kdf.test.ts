import { argon2id as nobleArgon2id } from '@noble/hashes/argon2.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KDF, KdfParamsError, deriveKek, deriveMasterKey, deriveMasterKeyReference, type KdfParams } from './kdf.ts';

const IMPLEMENTATIONS = [
  ['hash-wasm', deriveMasterKey],
  ['noble (reference)', deriveMasterKeyReference],
] as const;

const ascii = (text: string) => new TextEncoder().encode(text);
const argon = (memoryKiB: number, iterations: number, parallelism: number): KdfParams => ({ algorithm: 'argon2id', memoryKiB, iterations, parallelism });
const range = (from: number, to: number) => Uint8Array.from({ length: to - from + 1 }, (_, i) => from + i);

// The Argon2 reference implementation's known answers (phc-winner-argon2, src/test.c, Argon2id,
// version 0x13, 32-byte tag) — the ones whose parameters lie inside our bounds.
const REFERENCE_VECTORS = [
  { password: 'password', salt: 'somesalt', params: argon(65536, 2, 1), tag: '09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7' },
  { password: 'password', salt: 'somesalt', params: argon(262144, 2, 1), tag: '78fe1ec91fb3aa5657d72e710854e4c3d9b9198c742f9616c2f085bed95b2e8c' },
  { password: 'password', salt: 'somesalt', params: argon(65536, 1, 1), tag: 'f6a5adc1ba723dddef9b5ac1d464e180fcd9dffc9d1cbf76cca2fed795d9ca98' },
  { password: 'password', salt: 'somesalt', params: argon(65536, 4, 1), tag: '9025d48e68ef7395cca9079da4c4ec3affb3c8911fe4f86d1a2520856f63172c' },
  { password: 'differentpassword', salt: 'somesalt', params: argon(65536, 2, 1), tag: '0b84d652cf6b0c4beaef0dfe278ba6a80df6696281d7e0d2891b817d8c458fde' },
  { password: 'password', salt: 'diffsalt', params: argon(65536, 2, 1), tag: 'bdf32b05ccc42eb15d58fd19b1f856b113da1e9a5874fdcc544308565aa8141c' },
];

describe('deriveMasterKey', () => {
  for (const [name, derive] of IMPLEMENTATIONS) {
    for (const { password, salt, params, tag } of REFERENCE_VECTORS) {
      it(`matches the reference implementation's vector when ${name} runs "${password}"/"${salt}" m=${params.memoryKiB} t=${params.iterations}`, { timeout: 30_000 }, async () => {
        expect(bytesToHex(await derive(password, ascii(salt), params))).toBe(tag);
      });
    }
  }

  // RFC 9106 §5.3 needs a secret and associated data, which deriveMasterKey never uses and hash-wasm
  // cannot take; it pins the reference implementation itself, so "WASM === noble" means "WASM === RFC".
  it('matches RFC 9106 §5.3 when the reference library is given its secret and associated data', () => {
    const tag = nobleArgon2id(new Uint8Array(32).fill(1), new Uint8Array(16).fill(2), {
      t: 3, m: 32, p: 4, dkLen: 32, key: new Uint8Array(8).fill(3), personalization: new Uint8Array(12).fill(4),
    });
    expect(bytesToHex(tag)).toBe('0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659');
  });

  it('gives the same bytes from WebAssembly as from the reference when passwords, salts and small params vary', { timeout: 30_000 }, async () => {
    const passwords = ['a', 'hunter2', 'correct horse battery staple', 'pässwörd 🔑 日本語', 'x'.repeat(300), '\u0000\uffff'];
    for (const [i, password] of passwords.entries()) {
      const salt = crypto.getRandomValues(new Uint8Array(16));
      const params = argon(8192 + 1024 * i, 1 + (i % 3), 1 + (i % 4));
      const fast = await deriveMasterKey(password, salt, params);
      expect(fast).toHaveLength(32);
      expect(bytesToHex(fast)).toBe(bytesToHex(await deriveMasterKeyReference(password, salt, params)));
    }
  });

  it('gives the same bytes from WebAssembly as from the reference when run with DEFAULT_KDF', { timeout: 60_000 }, async () => {
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const fast = await deriveMasterKey('Tr0ub4dor&3', salt, DEFAULT_KDF);
    expect(bytesToHex(fast)).toBe(bytesToHex(await deriveMasterKeyReference('Tr0ub4dor&3', salt, DEFAULT_KDF)));
  });

  it('gives the same key when the password is typed composed (NFC) or decomposed (NFD)', async () => {
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const params = argon(8192, 1, 1);
    const composed = 'Caf\u00e9 Ångström';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    const key = bytesToHex(await deriveMasterKey(composed, salt, params));
    expect(bytesToHex(await deriveMasterKey(decomposed, salt, params))).toBe(key);
    expect(bytesToHex(await deriveMasterKeyReference(decomposed, salt, params))).toBe(key);
    expect(bytesToHex(await deriveMasterKey('Cafe Angstrom', salt, params))).not.toBe(key);
  });

  it('gives different keys when only the salt differs', async () => {
    const params = argon(8192, 1, 1);
    const a = await deriveMasterKey('same', new Uint8Array(16).fill(1), params);
    const b = await deriveMasterKey('same', new Uint8Array(16).fill(2), params);
    expect(bytesToHex(a)).not.toBe(bytesToHex(b));
  });

  const OUT_OF_BOUNDS: [string, KdfParams][] = [
    ['memory below 8 MiB', argon(8191, 3, 4)],
    ['memory above 1 GiB', argon(1_048_577, 3, 4)],
    ['100 GiB of memory', argon(100 * 1_048_576, 3, 4)],
    ['fractional memory', argon(65536.5, 3, 4)],
    ['zero iterations', argon(65536, 0, 4)],
    ['21 iterations', argon(65536, 21, 4)],
    ['zero lanes', argon(65536, 3, 0)],
    ['17 lanes', argon(65536, 3, 17)],
    ['NaN iterations', argon(65536, Number.NaN, 4)],
    ['a string for memory', { ...DEFAULT_KDF, memoryKiB: '65536' as unknown as number }],
    ['another algorithm', { ...DEFAULT_KDF, algorithm: 'argon2i' as 'argon2id' }],
  ];
  for (const [name, derive] of IMPLEMENTATIONS) {
    for (const [what, params] of OUT_OF_BOUNDS) {
      it(`rejects ${what} before running when ${name} is asked`, async () => {
        await expect(derive('pw', new Uint8Array(16), params)).rejects.toBeInstanceOf(KdfParamsError);
      });
    }
    it(`rejects an empty password when ${name} is asked`, async () => {
      await expect(derive('', new Uint8Array(16), argon(8192, 1, 1))).rejects.toBeInstanceOf(KdfParamsError);
    });
    it(`rejects a salt shorter than 8 bytes when ${name} is asked`, async () => {
      await expect(derive('pw', new Uint8Array(7), argon(8192, 1, 1))).rejects.toBeInstanceOf(KdfParamsError);
    });
  }

  it('accepts the bounds themselves', { timeout: 30_000 }, async () => {
    const salt = new Uint8Array(16);
    await expect(deriveMasterKey('pw', salt, argon(8192, 1, 16))).resolves.toHaveLength(32);
    await expect(deriveMasterKey('pw', salt, argon(8192, 20, 1))).resolves.toHaveLength(32);
  });
});

describe('deriveKek', () => {
  // RFC 5869 Appendix A, test cases 1–3 (SHA-256): the HKDF that deriveKek is built on.
  it.each([
    { name: 'A.1 basic', ikm: new Uint8Array(22).fill(0x0b), salt: range(0x00, 0x0c), info: range(0xf0, 0xf9), length: 42,
      okm: '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865' },
    { name: 'A.2 long inputs', ikm: range(0x00, 0x4f), salt: range(0x60, 0xaf), info: range(0xb0, 0xff), length: 82,
      okm: 'b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87' },
    { name: 'A.3 empty salt and info', ikm: new Uint8Array(22).fill(0x0b), salt: new Uint8Array(0), info: new Uint8Array(0), length: 42,
      okm: '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8' },
  ])('matches RFC 5869 $name when HKDF-SHA256 runs', ({ ikm, salt, info, length, okm }) => {
    expect(bytesToHex(hkdf(sha256, ikm, salt, info, length))).toBe(okm);
  });

  it('is HKDF-SHA256 with no salt and info "tessera/kek/v1" when given a master key', () => {
    // Pinned (and checked against Python's hmac module): changing the info string would orphan every vault.
    const masterKey = range(0x00, 0x1f);
    expect(bytesToHex(deriveKek(masterKey))).toBe('2a9f1e246169cef0daf15ca5a89506e0e996cc5f3e34d96c75288d4ab9440c79');
  });

  it('differs from the master key it came from', () => {
    const masterKey = hexToBytes('11'.repeat(32));
    expect(bytesToHex(deriveKek(masterKey))).not.toBe(bytesToHex(masterKey));
  });
});
