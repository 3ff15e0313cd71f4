import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { BlobError } from './blob.ts';
import { DEFAULT_KDF, KdfParamsError, deriveKek, deriveMasterKey, type KdfParams } from './kdf.ts';
import {
  WrongMasterPasswordError, createKeyset, decryptItem, decryptJson, encryptItem, encryptJson, newSalt, newVaultKey,
  rewrapKeyset, unlockWithPassword, unwrapVaultKey, wipe, wrapVaultKey,
} from './vault-keys.ts';

// The cheapest parameters the bounds allow: these tests are about the key hierarchy, not Argon2.
const FAST: KdfParams = { algorithm: 'argon2id', memoryKiB: 8192, iterations: 1, parallelism: 1 };
const utf8 = (text: string) => new TextEncoder().encode(text);
const hex = bytesToHex;

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('newVaultKey and newSalt', () => {
  it('makes 32 and 16 fresh random bytes when called', () => {
    expect(newVaultKey()).toHaveLength(32);
    expect(newSalt()).toHaveLength(16);
    expect(hex(newVaultKey())).not.toBe(hex(newVaultKey()));
    expect(hex(newSalt())).not.toBe(hex(newSalt()));
  });
});

describe('wrapVaultKey', () => {
  it('gives the vault key back when unwrapped with the same KEK', () => {
    const vaultKey = newVaultKey();
    const kek = newVaultKey();
    const wrapped = wrapVaultKey(vaultKey, kek);
    expect(wrapped).toHaveLength(1 + 24 + 32 + 16);
    expect(hex(unwrapVaultKey(wrapped, kek))).toBe(hex(vaultKey));
  });

  it('throws WrongMasterPasswordError when unwrapped with another KEK', () => {
    const wrapped = wrapVaultKey(newVaultKey(), newVaultKey());
    expect(() => unwrapVaultKey(wrapped, newVaultKey())).toThrow(WrongMasterPasswordError);
  });

  it('throws a malformed BlobError, not a wrong password, when the wrapped key is truncated', () => {
    const kek = newVaultKey();
    const error = errorOf(() => unwrapVaultKey(wrapVaultKey(newVaultKey(), kek).subarray(0, 30), kek));
    expect(error).toBeInstanceOf(BlobError);
    expect((error as BlobError).reason).toBe('malformed');
  });

  it('refuses a wrapped key when it is presented as an item blob', () => {
    const kek = newVaultKey();
    const wrapped = wrapVaultKey(newVaultKey(), kek);
    expect(() => decryptItem(kek, 'any', wrapped)).toThrow(BlobError);
  });
});

describe('encryptItem', () => {
  it('gives the plaintext back when decrypted under the same item id', () => {
    const vaultKey = newVaultKey();
    const blob = encryptItem(vaultKey, 'item-1', utf8('{"password":"p"}'));
    expect(new TextDecoder().decode(decryptItem(vaultKey, 'item-1', blob))).toBe('{"password":"p"}');
  });

  it('reports tampered when a blob is decrypted under another item id (a swapped item)', () => {
    const vaultKey = newVaultKey();
    const blobA = encryptItem(vaultKey, 'item-a', utf8('bank'));
    const error = errorOf(() => decryptItem(vaultKey, 'item-b', blobA));
    expect(error).toBeInstanceOf(BlobError);
    expect((error as BlobError).reason).toBe('tampered');
  });

  it('reports tampered when decrypted under another vault key', () => {
    const blob = encryptItem(newVaultKey(), 'item-1', utf8('x'));
    expect(() => decryptItem(newVaultKey(), 'item-1', blob)).toThrow(BlobError);
  });
});

describe('encryptJson', () => {
  it('gives an equal value back when decrypted with the same AAD', () => {
    const key = newVaultKey();
    const listing = { items: [{ id: 'a', title: 'Bänk', urls: ['https://bank.example'] }], at: 12 };
    expect(decryptJson(key, 'listing/v1', encryptJson(key, 'listing/v1', listing))).toEqual(listing);
  });

  it('reports tampered when decrypted with another AAD', () => {
    const key = newVaultKey();
    const error = errorOf(() => decryptJson(key, 'listing/v2', encryptJson(key, 'listing/v1', [1])));
    expect((error as BlobError).reason).toBe('tampered');
  });
});

describe('createKeyset', () => {
  it('uses DEFAULT_KDF and a fresh 16-byte salt when no params are given', { timeout: 30_000 }, async () => {
    const keyset = await createKeyset('correct horse');
    expect(keyset.kdf).toEqual(DEFAULT_KDF);
    expect(keyset.kdf).not.toBe(DEFAULT_KDF);
    expect(keyset.salt).toHaveLength(16);
    expect(keyset.vaultKey).toHaveLength(32);
  });

  it('wraps the vault key under HKDF(Argon2id(password)) as architecture §3 draws it', async () => {
    const keyset = await createKeyset('correct horse', FAST);
    const kek = deriveKek(await deriveMasterKey('correct horse', keyset.salt, FAST));
    expect(hex(unwrapVaultKey(keyset.wrappedKey, kek))).toBe(hex(keyset.vaultKey));
  });
});

describe('unlockWithPassword', () => {
  it('gives the vault key and the KDF time when the password is right', async () => {
    const { vaultKey, ...keyset } = await createKeyset('correct horse', FAST);
    const unlocked = await unlockWithPassword('correct horse', keyset);
    expect(hex(unlocked.vaultKey)).toBe(hex(vaultKey));
    expect(unlocked.kdfMs).toBeGreaterThanOrEqual(0);
  });

  it('throws WrongMasterPasswordError when the password is wrong', async () => {
    const keyset = await createKeyset('correct horse', FAST);
    await expect(unlockWithPassword('correct hors', keyset)).rejects.toBeInstanceOf(WrongMasterPasswordError);
  });

  it('unlocks when the password is typed decomposed (NFD) but was set composed (NFC)', async () => {
    const { vaultKey, ...keyset } = await createKeyset('Crème brûlée', FAST);
    const unlocked = await unlockWithPassword('Crème brûlée'.normalize('NFD'), keyset);
    expect(hex(unlocked.vaultKey)).toBe(hex(vaultKey));
  });

  it('throws WrongMasterPasswordError when the hub serves a different salt', async () => {
    const keyset = await createKeyset('correct horse', FAST);
    await expect(unlockWithPassword('correct horse', { ...keyset, salt: newSalt() })).rejects.toBeInstanceOf(WrongMasterPasswordError);
  });

  it('throws KdfParamsError without deriving when the hub serves out-of-bounds params', async () => {
    const keyset = await createKeyset('correct horse', FAST);
    const tampered = { ...keyset, kdf: { ...FAST, memoryKiB: 100 * 1_048_576 } };
    await expect(unlockWithPassword('correct horse', tampered)).rejects.toBeInstanceOf(KdfParamsError);
  });
});

describe('rewrapKeyset', () => {
  it('keeps the vault key, takes a new salt, and refuses the old password after a password change', async () => {
    const { vaultKey, ...old } = await createKeyset('old password', FAST);
    const stronger = { ...FAST, iterations: 2 };
    const rewrapped = await rewrapKeyset(vaultKey, 'new password', stronger);
    expect(rewrapped.kdf).toEqual(stronger);
    expect(hex(rewrapped.salt)).not.toBe(hex(old.salt));
    expect(hex((await unlockWithPassword('new password', rewrapped)).vaultKey)).toBe(hex(vaultKey));
    await expect(unlockWithPassword('old password', rewrapped)).rejects.toBeInstanceOf(WrongMasterPasswordError);
  });

  it('leaves items readable when the vault key is rewrapped', async () => {
    const { vaultKey } = await createKeyset('old password', FAST);
    const blob = encryptItem(vaultKey, 'item-1', utf8('kept'));
    const unlocked = await unlockWithPassword('new password', await rewrapKeyset(vaultKey, 'new password', FAST));
    expect(new TextDecoder().decode(decryptItem(unlocked.vaultKey, 'item-1', blob))).toBe('kept');
  });
});

describe('wipe', () => {
  it('zeroes the bytes when a key is dropped', () => {
    const key = newVaultKey();
    wipe(key);
    expect(key.every((byte) => byte === 0)).toBe(true);
  });
});
