/**
 * Vault keyset schemas of the hub API (v1): the wrapped vault key of an account with the Argon2id
 * salt and parameters every device needs to unwrap it (architecture §3). The hub stores these as
 * opaque bytes; it never sees the master password, the master key or the vault key. Pure TS + zod.
 */
import { z } from 'zod';
import { base64OfLength } from './base64-text.ts';

export const KEYSET_SALT_BYTES = 16;
/** `version(1) || nonce(24) || XChaCha20-Poly1305 ciphertext of the 32-byte vault key + tag(16)`. */
export const WRAPPED_KEY_BYTES = 1 + 24 + 32 + 16;

/** Argon2id cost; the bounds keep a hostile or broken hub from making a device hang or give up. */
export const KdfParams = z.strictObject({
  algorithm: z.literal('argon2id'),
  memoryKiB: z.number().int().min(8192).max(1_048_576),
  iterations: z.number().int().min(1).max(20),
  parallelism: z.number().int().min(1).max(16),
});
export type KdfParams = z.infer<typeof KdfParams>;

/** `GET /v1/vault/keyset` — the account's current keyset. */
export const Keyset = z.strictObject({
  /** 1 for the first keyset, +1 on every replacement (master password change, raised KDF cost). */
  version: z.number().int().min(1),
  kdf: KdfParams,
  salt: base64OfLength(KEYSET_SALT_BYTES),
  wrappedKey: base64OfLength(WRAPPED_KEY_BYTES),
});
export type Keyset = z.infer<typeof Keyset>;

/**
 * `PUT /v1/vault/keyset` — compare-and-swap: `replaces` is the version the client last read, or null
 * when it believes there is none yet. Anything else answers 409 `conflict` with `current`.
 */
export const PutKeysetRequest = z.strictObject({
  replaces: z.number().int().min(1).nullable(),
  kdf: KdfParams,
  salt: Keyset.shape.salt,
  wrappedKey: Keyset.shape.wrappedKey,
});
export type PutKeysetRequest = z.infer<typeof PutKeysetRequest>;

export const PutKeysetResponse = z.object({ version: z.number().int().min(1) });
export type PutKeysetResponse = z.infer<typeof PutKeysetResponse>;

/** Extra field of a `conflict` answer: the version the hub holds now (null: none), so the client re-reads. */
export const KeysetConflict = z.object({ current: z.number().int().min(1).nullable() });
export type KeysetConflict = z.infer<typeof KeysetConflict>;
