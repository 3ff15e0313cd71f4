/**
 * Background-only. Master password → master key (Argon2id) → KEK (HKDF-SHA256); Argon2 never runs
 * with parameters outside the bounds below, whoever supplied them (a tampered hub included).
 */
import { argon2idAsync } from '@noble/hashes/argon2.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { argon2id } from 'hash-wasm';

/** Structurally identical to the zod `KdfParams` in lib/protocol/vault-keyset.ts (the wire shape). */
export interface KdfParams {
  algorithm: 'argon2id';
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

export const DEFAULT_KDF: KdfParams = { algorithm: 'argon2id', memoryKiB: 65536, iterations: 3, parallelism: 4 };

/** Inclusive bounds. Below them the key is cheap to guess; above them a hub could make us allocate gigabytes. */
export const KDF_BOUNDS = {
  memoryKiB: { min: 8192, max: 1_048_576 },
  iterations: { min: 1, max: 20 },
  parallelism: { min: 1, max: 16 },
} as const;

/** Argon2's own floor for the salt (RFC 9106 §3.1); ours are 16 random bytes. */
const MIN_SALT_BYTES = 8;
const KEY_BYTES = 32;
const KEK_INFO = new TextEncoder().encode('tessera/kek/v1');

/** The KDF refused its inputs: parameters out of bounds, a short salt, or an empty password. */
export class KdfParamsError extends Error {
  override name = 'KdfParamsError';
}

export function assertKdfParams(params: KdfParams, salt: Uint8Array): void {
  if (params.algorithm !== 'argon2id') throw new KdfParamsError('unsupported KDF algorithm');
  for (const field of ['memoryKiB', 'iterations', 'parallelism'] as const) {
    const value = params[field];
    const { min, max } = KDF_BOUNDS[field];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new KdfParamsError(`KDF ${field} must be an integer in ${min}..${max}`);
    }
  }
  if (!(salt instanceof Uint8Array) || salt.length < MIN_SALT_BYTES) {
    throw new KdfParamsError(`KDF salt must be at least ${MIN_SALT_BYTES} bytes`);
  }
}

/**
 * NFC first: macOS input methods and some Linux ones produce decomposed (NFD) accents where Windows
 * produces composed ones, and the same password typed on either must give the same key.
 */
function passwordBytes(password: string): Uint8Array {
  // hash-wasm cannot take an empty password; refuse it in both implementations alike.
  if (password.length === 0) throw new KdfParamsError('the master password must not be empty');
  return new TextEncoder().encode(password.normalize('NFC'));
}

/** The implementation the extension uses: Argon2id compiled to WebAssembly (hash-wasm), ~10× noble. */
export async function deriveMasterKey(password: string, salt: Uint8Array, params: KdfParams): Promise<Uint8Array> {
  assertKdfParams(params, salt);
  const bytes = passwordBytes(password);
  try {
    return await argon2id({
      password: bytes,
      salt,
      parallelism: params.parallelism,
      iterations: params.iterations,
      memorySize: params.memoryKiB,
      hashLength: KEY_BYTES,
      outputType: 'binary',
    });
  } finally {
    bytes.fill(0);
  }
}

/** Pure-JS Argon2id (@noble/hashes): the independent reference the tests hold the WASM one to. */
export async function deriveMasterKeyReference(password: string, salt: Uint8Array, params: KdfParams): Promise<Uint8Array> {
  assertKdfParams(params, salt);
  const bytes = passwordBytes(password);
  try {
    return await argon2idAsync(bytes, salt, {
      m: params.memoryKiB,
      t: params.iterations,
      p: params.parallelism,
      dkLen: KEY_BYTES,
      // noble's default cap is 1 GiB of blocks; the bounds above already cap what we allow.
      maxmem: params.memoryKiB * 1024,
    });
  } finally {
    bytes.fill(0);
  }
}

/** Domain-separates the key that wraps the vault key from anything else a master key might key later. */
export function deriveKek(masterKey: Uint8Array): Uint8Array {
  return hkdf(sha256, masterKey, undefined, KEK_INFO, KEY_BYTES);
}
