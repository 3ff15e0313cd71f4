/**
 * Background-only. Turns a VaultItem into a stored blob and back. Invariant: nothing is sealed or
 * returned that does not parse as a VaultItem, and a blob opens only under its own item id (AAD) —
 * a blob that does not open, or opens to another id, is reported as undecryptable, never repaired.
 */
import { toBase64 } from '../crypto/base64.ts';
import { decryptItem, encryptItem } from '../crypto/vault-keys.ts';
import { VaultItem } from '../protocol/vault-item.ts';
import type { StoredItem } from '../state/local-database.ts';

const ID_BYTES = 16;

export class ItemUndecryptableError extends Error {
  override name = 'ItemUndecryptableError';
  constructor() {
    super('item blob does not decrypt');
  }
}

/** 16 random bytes, base64url without padding (22 characters). */
export function newItemId(): string {
  const text = toBase64(crypto.getRandomValues(new Uint8Array(ID_BYTES)));
  return text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `base`: the hub-acknowledged blob at `revision` the new record keeps (null for an item new here). */
export function sealItem(vaultKey: Uint8Array, item: VaultItem, revision: number, base: Uint8Array | null = null): StoredItem {
  const parsed = VaultItem.parse(item);
  const blob = encryptItem(vaultKey, parsed.id, new TextEncoder().encode(JSON.stringify(parsed)));
  return { id: parsed.id, blob, revision, base, updatedAt: parsed.updatedAt };
}

export function openItem(vaultKey: Uint8Array, record: StoredItem): VaultItem {
  let bytes: Uint8Array;
  try {
    bytes = decryptItem(vaultKey, record.id, record.blob);
  } catch {
    throw new ItemUndecryptableError();
  }
  try {
    const parsed = VaultItem.safeParse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)));
    // The AAD already binds the blob to the id; the id inside must agree too.
    if (!parsed.success || parsed.data.id !== record.id) throw new ItemUndecryptableError();
    return parsed.data;
  } catch {
    throw new ItemUndecryptableError();
  } finally {
    bytes.fill(0);
  }
}
