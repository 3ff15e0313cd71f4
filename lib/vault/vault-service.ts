/**
 * Background-only. The vault's keys: status, first setup, unlock, lock and master password change.
 * Invariants: the master password is used only here, in memory, to derive the key that unwraps the
 * vault key, and is never stored or sent; a wrong one answers `wrong_master_password` and nothing
 * else; a keyset reaches the hub only by compare-and-swap, so two devices never overwrite each other.
 */
import { fromBase64, toBase64 } from '../crypto/base64.ts';
import type { KdfParams } from '../crypto/kdf.ts';
import { createKeyset, rewrapKeyset, unlockWithPassword, wipe, WrongMasterPasswordError } from '../crypto/vault-keys.ts';
import type { LockTimeout, VaultState, VaultStatus } from '../messaging/messages.ts';
import { MessageFailure } from '../messaging/router.ts';
import { isWeakMasterPassword } from '../protocol/master-password.ts';
import type { Keyset } from '../protocol/vault-keyset.ts';
import { HubRequestError } from '../session/hub-client.ts';
import type { KeysetSource } from './keyset-source.ts';
import type { Listing } from './listing.ts';
import type { UnlockedState } from './unlocked-state.ts';
import type { VaultStore } from './vault-store.ts';

export interface Account {
  id: string;
  email: string;
}

export interface VaultServiceDeps {
  store: VaultStore;
  keysets: KeysetSource;
  listing: Listing;
  state: UnlockedState;
  serial: <T>(task: () => Promise<T>) => Promise<T>;
  /** The signed-in account, or null when signed out. */
  account: () => Promise<Account | null>;
  /** Argon2id cost for new keysets (setup, master password change); tests pass a small one. */
  kdfParams: KdfParams;
  /** Runs after every unlock (trash purge, daily alarm); outside `serial`. */
  afterUnlock: () => Promise<void>;
}

export function createVaultService(deps: VaultServiceDeps) {
  const { store, keysets, listing, state, serial } = deps;

  async function withStatus(vault: VaultState): Promise<VaultStatus> {
    return { ...vault, lockTimeout: await state.lockTimeout() };
  }

  function itemCount(): number {
    let count = 0;
    for (const { preview } of listing.entries().values()) if (preview.trashedAt === null) count += 1;
    return count;
  }

  async function requireAccount(): Promise<Account> {
    const account = await deps.account();
    if (!account) throw new MessageFailure('unauthorized');
    await state.claimFor(account.id);
    return account;
  }

  async function status(): Promise<VaultStatus> {
    const account = await deps.account();
    if (!account) {
      await state.lock();
      return withStatus({ state: 'signed_out' });
    }
    await state.claimFor(account.id);
    if (await serial(state.currentKey)) return withStatus({ state: 'unlocked', itemCount: itemCount() });
    let lookup;
    try {
      lookup = await keysets.lookup();
    } catch (error) {
      if (error instanceof MessageFailure && error.detail.code === 'unauthorized') return withStatus({ state: 'signed_out' });
      throw error;
    }
    if (lookup.kind === 'none') return withStatus({ state: 'setup_required' });
    if (lookup.kind === 'unavailable') return withStatus({ state: 'unavailable', reason: 'network_error' });
    const unlockedVersion = await store.meta('unlockedKeysetVersion');
    return withStatus({ state: 'locked', changedElsewhere: unlockedVersion !== undefined && unlockedVersion !== lookup.keyset.version });
  }

  async function unlocked(account: Account, vaultKey: Uint8Array, keyset: Keyset): Promise<VaultStatus> {
    await state.hold(vaultKey, account.id, keyset.version);
    await deps.afterUnlock();
    return status();
  }

  /** The keyset to unlock with: the hub's, else the cached one. */
  async function keysetToUse(): Promise<{ keyset: Keyset; fromHub: boolean }> {
    const lookup = await keysets.lookup();
    if (lookup.kind === 'none') throw new MessageFailure('no_keyset');
    if (lookup.kind === 'unavailable') throw new MessageFailure('keyset_unavailable');
    return lookup;
  }

  async function unwrap(password: string, keyset: Keyset): Promise<Uint8Array> {
    try {
      const opened = await unlockWithPassword(password, { kdf: keyset.kdf, salt: fromBase64(keyset.salt), wrappedKey: fromBase64(keyset.wrappedKey) });
      return opened.vaultKey;
    } catch (error) {
      if (error instanceof WrongMasterPasswordError) throw new MessageFailure('wrong_master_password');
      throw new MessageFailure('keyset_unavailable'); // a keyset this device cannot use (bad parameters, unknown format)
    }
  }

  function refuseWeak(password: string, account: Account): void {
    if (isWeakMasterPassword(password, account.email)) throw new MessageFailure('weak_master_password');
  }

  async function putKeyset(replaces: number | null, wrapped: Awaited<ReturnType<typeof rewrapKeyset>>): Promise<Keyset> {
    try {
      return await keysets.put({ replaces, kdf: wrapped.kdf, salt: toBase64(wrapped.salt), wrappedKey: toBase64(wrapped.wrappedKey) });
    } catch (error) {
      if (error instanceof HubRequestError && error.code === 'conflict') {
        await keysets.lookup().catch(() => undefined); // caches the keyset that won, so the next status shows it
        throw new MessageFailure('conflict');
      }
      if (error instanceof HubRequestError) throw new MessageFailure(error.code);
      throw error;
    }
  }

  return {
    status,

    /** First device: a new vault key, wrapped under the master password, stored on the hub. */
    async setup(masterPassword: string): Promise<VaultStatus> {
      const account = await requireAccount();
      refuseWeak(masterPassword, account);
      const created = await createKeyset(masterPassword, deps.kdfParams);
      let keyset: Keyset;
      try {
        keyset = await putKeyset(null, created);
      } catch (error) {
        wipe(created.vaultKey);
        throw error; // 'conflict': another device set the vault up first — the popup asks to unlock instead
      }
      return unlocked(account, created.vaultKey, keyset);
    },

    async unlock(masterPassword: string): Promise<VaultStatus> {
      const account = await requireAccount();
      const { keyset } = await keysetToUse();
      // Marks for the benchmark (tests/bench/vault.bench.ts): the KDF, then the list becoming usable.
      performance.mark('tessera:unlock-start');
      const vaultKey = await unwrap(masterPassword, keyset);
      performance.mark('tessera:unlock-kdf-done');
      return unlocked(account, vaultKey, keyset);
    },

    async lock(): Promise<VaultStatus> {
      await state.lock();
      return status();
    },

    /** Rewraps the same vault key under the new password (items are not re-encrypted). */
    async changeMasterPassword(current: string, next: string): Promise<VaultStatus> {
      const account = await requireAccount();
      const held = await serial(state.currentKey);
      if (!held) throw new MessageFailure('vault_locked');
      refuseWeak(next, account);
      // A copy: a lock while the KDF runs zeroes the held key, not this one.
      const vaultKey = held.key.slice();
      try {
        const lookup = await keysetToUse();
        if (!lookup.fromHub) throw new MessageFailure('keyset_unavailable'); // the swap needs the hub's current version
        const unwrapped = await unwrap(current, lookup.keyset);
        const same = unwrapped.length === vaultKey.length && unwrapped.every((byte, index) => byte === vaultKey[index]);
        wipe(unwrapped);
        if (!same) throw new MessageFailure('conflict'); // the hub's keyset wraps another vault key
        const keyset = await putKeyset(lookup.keyset.version, await rewrapKeyset(vaultKey, next, deps.kdfParams));
        await store.setMeta('unlockedKeysetVersion', keyset.version);
      } finally {
        wipe(vaultKey);
      }
      return status();
    },

    async setLockTimeout(timeout: LockTimeout): Promise<VaultStatus> {
      await state.setLockTimeout(timeout);
      return status();
    },
  };
}

export type VaultService = ReturnType<typeof createVaultService>;
