/**
 * Background-only. The one ciphertext format: `version(1) || nonce(24) || ciphertext || tag(16)`,
 * XChaCha20-Poly1305 with a caller-chosen AAD; nothing is returned unless the tag verifies.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';

export const BLOB_VERSION = 1;
export const NONCE_BYTES = 24;
export const TAG_BYTES = 16;
const HEADER_BYTES = 1 + NONCE_BYTES;

export type BlobErrorReason = 'malformed' | 'unsupported_version' | 'tampered';

/** Says why a blob did not open, and never anything about its contents. */
export class BlobError extends Error {
  override name = 'BlobError';
  readonly reason: BlobErrorReason;

  constructor(reason: BlobErrorReason) {
    super(`blob ${reason}`);
    this.reason = reason;
  }
}

const utf8 = new TextEncoder();

/** A fresh random nonce per blob: 24 bytes is large enough that random nonces never collide in practice. */
export function sealBlob(key: Uint8Array, aad: string, plaintext: Uint8Array): Uint8Array {
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const sealed = xchacha20poly1305(key, nonce, utf8.encode(aad)).encrypt(plaintext);
  const blob = new Uint8Array(HEADER_BYTES + sealed.length);
  blob[0] = BLOB_VERSION;
  blob.set(nonce, 1);
  blob.set(sealed, HEADER_BYTES);
  return blob;
}

export function openBlob(key: Uint8Array, aad: string, blob: Uint8Array): Uint8Array {
  if (blob.length < HEADER_BYTES + TAG_BYTES) throw new BlobError('malformed');
  if (blob[0] !== BLOB_VERSION) throw new BlobError('unsupported_version');
  const nonce = blob.subarray(1, HEADER_BYTES);
  try {
    return xchacha20poly1305(key, nonce, utf8.encode(aad)).decrypt(blob.subarray(HEADER_BYTES));
  } catch {
    // noble throws one error for a bad tag; wrong key, wrong AAD and flipped bits are indistinguishable.
    throw new BlobError('tampered');
  }
}
