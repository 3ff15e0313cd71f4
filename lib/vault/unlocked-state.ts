/**
 * Background-only. Whether the vault is unlocked, for whom, and until when: the held key, the
 * loaded listing, the idle deadline and the local vault's owner. Invariants: a key past its idle
 * deadline is cleared before anything else may use it; locking clears the key, the decrypted
 * previews and the alarms together; the local vault belongs to one account — when another account
 * signs in on this browser, it is wiped before that account's vault is touched.
 */
import { DEFAULT_LOCK_TIMEOUT, type LockTimeout } from '../messaging/messages.ts';
import { type IdleLock, idleMsOf } from './idle-lock.ts';
import type { Listing } from './listing.ts';
import type { Serial } from './serial.ts';
import type { HeldKey, VaultKeyHolder } from './vault-key-holder.ts';
import type { VaultStore } from './vault-store.ts';

export interface UnlockedStateDeps {
  store: VaultStore;
  holder: VaultKeyHolder;
  listing: Listing;
  idle: IdleLock;
  serial: Serial;
  /** Runs inside `serial` whenever the vault is (found) locked. */
  afterLock: () => Promise<void>;
}

export function createUnlockedState({ store, holder, listing, idle, serial, afterLock }: UnlockedStateDeps) {
  let timeout: LockTimeout | null = null;

  async function lockTimeout(): Promise<LockTimeout> {
    timeout ??= (await store.meta('settings'))?.lockTimeout ?? DEFAULT_LOCK_TIMEOUT;
    return timeout;
  }

  /** Inside `serial` only. */
  async function lockNow(): Promise<void> {
    await holder.clear();
    listing.clear();
    await idle.disarm();
    await afterLock();
  }

  /** The key if unlocked — after a worker restart from storage.session — with the listing loaded. Inside `serial` only. */
  async function currentKey(): Promise<HeldKey | null> {
    const held = await holder.get(idleMsOf(await lockTimeout()));
    if (!held) {
      // Locked — or the idle deadline just passed (after a worker restart too): nothing may stay armed.
      listing.clear();
      await idle.disarm();
      await afterLock();
      return null;
    }
    if (!listing.loaded()) await listing.load(held.key);
    return held;
  }

  return {
    lockTimeout,
    currentKey,
    lock: () => serial(lockNow),

    /** Wipes another account's local vault, and forgets a key held for another account. */
    claimFor: (accountId: string) =>
      serial(async () => {
        const owner = await store.meta('owner');
        const held = await holder.get(null);
        if (owner !== undefined && owner !== accountId) {
          await lockNow();
          await store.wipe(); // another account's vault: this one may not keep, see or sync it
        } else if (held && held.accountId !== accountId) await lockNow();
        if (owner !== accountId) await store.setMeta('owner', accountId);
      }),

    /** Holds a freshly unwrapped (or created) key, remembers the keyset version, loads the listing. */
    hold: (vaultKey: Uint8Array, accountId: string, keysetVersion: number) =>
      serial(async () => {
        await holder.hold(vaultKey, accountId);
        await store.setMeta('unlockedKeysetVersion', keysetVersion);
        await listing.load(vaultKey);
        await idle.arm(holder.inMemory()?.lastActivity ?? 0, await lockTimeout());
      }),

    async setLockTimeout(next: LockTimeout): Promise<void> {
      await store.setMeta('settings', { lockTimeout: next });
      timeout = next;
      await serial(async () => {
        const held = holder.inMemory();
        if (!held) return;
        await idle.disarm();
        await idle.arm(held.lastActivity, next);
      });
    },

    /** Every vault message first: a passed idle deadline locks before anything else happens. */
    expireIfIdle: () => serial(currentKey).then(() => undefined),

    /** At worker start: clears a stored key past its deadline without decrypting anything. */
    clearExpiredKey: () => serial(async () => holder.get(idleMsOf(await lockTimeout()))).then(() => undefined),

    /** Every vault message last: counts as activity and moves the idle deadline. */
    markActivity: () =>
      serial(async () => {
        const held = holder.inMemory();
        if (!held) return;
        await holder.touch();
        await idle.arm(held.lastActivity, await lockTimeout());
      }),

    /** The idle alarm: locks if the deadline passed, else (it fired early) sets it again. */
    onIdleAlarm: () =>
      serial(async () => {
        const held = await currentKey();
        if (held) await idle.arm(held.lastActivity, await lockTimeout());
      }),
  };
}

export type UnlockedState = ReturnType<typeof createUnlockedState>;
