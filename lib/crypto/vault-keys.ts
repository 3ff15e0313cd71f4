/**
 * Background-only. The vault key: made once, stored only wrapped under the KEK, and every item
 * sealed under it is bound to its item id by the AAD so the hub cannot swap two items' blobs.
 */
import { BlobError, openBlob, sealBlob } from './blob.ts';
import { DEFAULT_KDF, deriveKek, deriveMasterKey, type KdfParams } from './kdf.ts';

const KEY_BYTES = 32;
const SALT_BYTES = 16;
const KEYSET_AAD = 'tessera/keyset/v1';
const itemAad = (itemId: string) => `item/v1/${itemId}`;

/** A wrong master password and a tampered wrapped key fail the same tag check; both mean "not unlocked". */
export class WrongMasterPasswordError extends Error {
  override name = 'WrongMasterPasswordError';
  constructor() {
    super('wrong master password');
  }
}

export interface Keyset {
  kdf: KdfParams;
  salt: Uint8Array;
  wrappedKey: Uint8Array;
}

export const newVaultKey = (): Uint8Array => crypto.getRandomValues(new Uint8Array(KEY_BYTES));
export const newSalt = (): Uint8Array => crypto.getRandomValues(new Uint8Array(SALT_BYTES));

/**
 * Best effort only: JS gives no guarantee that the engine made no other copies (GC moves, JIT
 * registers, the strings a password came from), but zeroing what we hold shortens its life.
 */
export function wipe(bytes: Uint8Array): void {
  bytes.fill(0);
}

export function wrapVaultKey(vaultKey: Uint8Array, kek: Uint8Array): Uint8Array {
  return sealBlob(kek, KEYSET_AAD, vaultKey);
}

export function unwrapVaultKey(wrapped: Uint8Array, kek: Uint8Array): Uint8Array {
  try {
    return openBlob(kek, KEYSET_AAD, wrapped);
  } catch (error) {
    if (error instanceof BlobError && error.reason === 'tampered') throw new WrongMasterPasswordError();
    throw error;
  }
}

export function encryptItem(vaultKey: Uint8Array, itemId: string, plaintext: Uint8Array): Uint8Array {
  return sealBlob(vaultKey, itemAad(itemId), plaintext);
}

/** Throws BlobError; the caller keeps and reports a blob that fails, never drops it (architecture §3). */
export function decryptItem(vaultKey: Uint8Array, itemId: string, blob: Uint8Array): Uint8Array {
  return openBlob(vaultKey, itemAad(itemId), blob);
}

/** For other local records (e.g. the listing cache under AAD "listing/v1"). */
export function encryptJson(key: Uint8Array, aad: string, value: unknown): Uint8Array {
  return sealBlob(key, aad, new TextEncoder().encode(JSON.stringify(value)));
}

/** Returns `unknown`: the caller validates the shape (zod) like any other input. */
export function decryptJson(key: Uint8Array, aad: string, blob: Uint8Array): unknown {
  const bytes = openBlob(key, aad, blob);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } finally {
    wipe(bytes);
  }
}

async function kekFor(password: string, salt: Uint8Array, kdf: KdfParams): Promise<Uint8Array> {
  const masterKey = await deriveMasterKey(password, salt, kdf);
  try {
    return deriveKek(masterKey);
  } finally {
    wipe(masterKey);
  }
}

/** `kdfMs` lets the caller tell the user (and us) how long the KDF takes on this device. */
export async function unlockWithPassword(password: string, keyset: Keyset): Promise<{ vaultKey: Uint8Array; kdfMs: number }> {
  const started = performance.now();
  const kek = await kekFor(password, keyset.salt, keyset.kdf);
  const kdfMs = Math.round(performance.now() - started);
  try {
    return { vaultKey: unwrapVaultKey(keyset.wrappedKey, kek), kdfMs };
  } finally {
    wipe(kek);
  }
}

/** A new vault: a fresh vault key and salt, the key wrapped under the password's KEK. */
export async function createKeyset(password: string, params: KdfParams = DEFAULT_KDF): Promise<Keyset & { vaultKey: Uint8Array }> {
  const vaultKey = newVaultKey();
  return { vaultKey, ...(await rewrapKeyset(vaultKey, password, params)) };
}

/** Changing the master password (or raising the KDF cost) rewraps the same vault key; items stay as they are. */
export async function rewrapKeyset(vaultKey: Uint8Array, newPassword: string, params: KdfParams = DEFAULT_KDF): Promise<Keyset> {
  const salt = newSalt();
  const kek = await kekFor(newPassword, salt, params);
  try {
    return { kdf: { ...params }, salt, wrappedKey: wrapVaultKey(vaultKey, kek) };
  } finally {
    wipe(kek);
  }
}
