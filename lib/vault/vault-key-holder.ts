/**
 * Background-only. Holds the unlocked vault key. Invariant: the key exists only in this service
 * worker's memory and in storage.session (`session:vaultKey`, memory-only, cleared when the browser
 * closes) so a restarted worker stays unlocked until the idle deadline — and nowhere else. Locking
 * clears both and zeroes the bytes; a stored key whose idle deadline has passed is cleared, never used.
 *
 * storage.session keeps its default access level (extension pages and the background only).
 * Nothing may ever call `storage.session.setAccessLevel`: that would let content scripts read the key.
 */
import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { fromBase64, toBase64 } from '../crypto/base64.ts';
import { wipe } from '../crypto/vault-keys.ts';
import { SESSION_KEYS } from '../state/stored-state.ts';

/** Activity is written to storage.session at most this often; a restarted worker may lock up to this much early. */
export const ACTIVITY_WRITE_INTERVAL_MS = 15_000;

const StoredVaultKey = z.strictObject({ key: z.string(), accountId: z.string(), lastActivity: z.number() });

/** Where the key survives a worker restart; storage.session in the extension (tests give a second "device" its own). */
export interface KeyStorage {
  getValue(): Promise<unknown>;
  setValue(value: z.infer<typeof StoredVaultKey>): Promise<void>;
  removeValue(): Promise<void>;
}

export const sessionKeyStorage: KeyStorage = storage.defineItem<unknown>(SESSION_KEYS.vaultKey, { fallback: null });

export interface HeldKey {
  key: Uint8Array;
  accountId: string;
  lastActivity: number;
}

export function createVaultKeyHolder({ now = Date.now, keyStorage = sessionKeyStorage }: { now?: () => number; keyStorage?: KeyStorage } = {}) {
  const vaultKeyItem = keyStorage;
  let held: HeldKey | null = null;
  let lastWritten = 0;

  async function write(entry: HeldKey): Promise<void> {
    lastWritten = entry.lastActivity;
    await vaultKeyItem.setValue({ key: toBase64(entry.key), accountId: entry.accountId, lastActivity: entry.lastActivity });
  }

  async function clear(): Promise<void> {
    if (held) wipe(held.key);
    held = null;
    lastWritten = 0;
    await vaultKeyItem.removeValue();
  }

  async function fromSessionStorage(): Promise<HeldKey | null> {
    const parsed = StoredVaultKey.safeParse(await vaultKeyItem.getValue());
    if (!parsed.success) return null;
    try {
      const key = fromBase64(parsed.data.key);
      if (key.length !== 32) return null;
      lastWritten = parsed.data.lastActivity;
      return { key, accountId: parsed.data.accountId, lastActivity: parsed.data.lastActivity };
    } catch {
      return null;
    }
  }

  return {
    /**
     * The key, from memory or (after a worker restart) storage.session, if the idle deadline
     * (last activity + `idleMs`; null = none, lock only when the browser closes) has not passed.
     */
    async get(idleMs: number | null): Promise<HeldKey | null> {
      const found = held ?? (await fromSessionStorage());
      if (!found) {
        await vaultKeyItem.removeValue(); // an unreadable record is not left behind
        return null;
      }
      if (idleMs !== null && found.lastActivity + idleMs <= now()) {
        held = found;
        await clear();
        return null;
      }
      held = found;
      return held;
    },

    /** The key in memory without touching storage (null after a worker restart until `get`). */
    inMemory: (): HeldKey | null => held,

    async hold(key: Uint8Array, accountId: string): Promise<void> {
      if (held && held.key !== key) wipe(held.key);
      held = { key, accountId, lastActivity: now() };
      await write(held);
    },

    /** Marks activity; written to storage.session at most every ACTIVITY_WRITE_INTERVAL_MS. */
    async touch(): Promise<void> {
      if (!held) return;
      held.lastActivity = now();
      if (held.lastActivity - lastWritten >= ACTIVITY_WRITE_INTERVAL_MS) await write(held);
    },

    clear,
  };
}

export type VaultKeyHolder = ReturnType<typeof createVaultKeyHolder>;
