/**
 * Background-only. The vault as the background wires it: one object per job (lib/vault/*), joined
 * here into the `vault.*` message handlers, the alarm handler, the sign-out hook and the parts sync
 * (lib/sync) works on. Invariant:
 * every vault message is checked against the idle deadline first, and every one a person causes
 * counts as activity (not the item view's once-a-second code refresh) — and item messages run only with the key in hand (`vault_locked` otherwise).
 */
import type { IDBPDatabase } from 'idb';
import { browser } from 'wxt/browser';
import { DEFAULT_KDF, type KdfParams } from '../crypto/kdf.ts';
import type { MessageType } from '../messaging/messages.ts';
import { packVaultList } from '../messaging/preview-pack.ts';
import { type Handlers, MessageFailure } from '../messaging/router.ts';
import type { TesseraDb } from '../state/local-database.ts';
import { activeTabHost } from './current-site.ts';
import { createIdleLock, IDLE_LOCK_ALARM } from './idle-lock.ts';
import { createItemService } from './item-service.ts';
import { type Authorized, createKeysetSource, type VaultHub } from './keyset-source.ts';
import { createListing } from './listing.ts';
import { createSerial } from './serial.ts';
import { createVaultKeyHolder, type KeyStorage } from './vault-key-holder.ts';
import { createUnlockedState } from './unlocked-state.ts';
import { type Account, createVaultService } from './vault-service.ts';
import { createVaultStore } from './vault-store.ts';
import { createAutofillParts } from './autofill-parts.ts';

export const TRASH_PURGE_ALARM = 'vault-trash-purge';
const DAY_MINUTES = 24 * 60;

type VaultMessage = Extract<MessageType, `vault.${string}`>;
export type VaultHandlers = Pick<Handlers, VaultMessage>;

export interface VaultDeps {
  database: () => Promise<IDBPDatabase<TesseraDb>>;
  hub: VaultHub;
  authorized: Authorized;
  account: () => Promise<Account | null>;
  activeTabHost?: () => Promise<string | null>;
  /** Argon2id cost of new keysets; DEFAULT_KDF unless a test wants speed. */
  kdfParams?: KdfParams;
  /** storage.session unless a test gives a second "device" its own. */
  keyStorage?: KeyStorage;
  now?: () => number;
  /** After every local item change (sync schedules a push). */
  onLocalChange?: () => void;
  /** After every unlock (sync starts). */
  onUnlocked?: () => Promise<void>;
  /**
   * Whenever the vault is (found) locked — also on every check made while locked, so it must be cheap
   * and must not call back into the vault. Autofill drops its pending save offers here.
   */
  onLocked?: () => Promise<void>;
}

export function createVault(deps: VaultDeps) {
  const now = deps.now ?? Date.now;
  const store = createVaultStore(deps.database);
  const listing = createListing(store);
  const holder = createVaultKeyHolder({ now, ...(deps.keyStorage ? { keyStorage: deps.keyStorage } : {}) });
  const serial = createSerial();
  const keysets = createKeysetSource({ hub: deps.hub, authorized: deps.authorized, store });
  const state = createUnlockedState({
    store,
    holder,
    listing,
    idle: createIdleLock(),
    serial,
    afterLock: async () => {
      await browser.alarms.clear(TRASH_PURGE_ALARM);
      await deps.onLocked?.();
    },
  });
  const service = createVaultService({
    store,
    keysets,
    listing,
    state,
    serial,
    account: deps.account,
    kdfParams: deps.kdfParams ?? DEFAULT_KDF,
    afterUnlock: async () => {
      await browser.alarms.create(TRASH_PURGE_ALARM, { periodInMinutes: DAY_MINUTES });
      await purgeTrash();
      await deps.onUnlocked?.();
    },
  });
  const withKey = <T>(task: (vaultKey: Uint8Array) => Promise<T>): Promise<T> =>
    serial(async () => {
      const held = await state.currentKey();
      if (!held) throw new MessageFailure('vault_locked');
      return task(held.key);
    });
  const items = createItemService({
    store,
    listing,
    activeTabHost: deps.activeTabHost ?? activeTabHost,
    now,
    withKey,
    ...(deps.onLocalChange ? { afterChange: deps.onLocalChange } : {}),
  });

  async function purgeTrash(): Promise<number> {
    try {
      return await items.purgeTrash();
    } catch (error) {
      if (error instanceof MessageFailure && error.detail.code === 'vault_locked') return 0;
      throw error;
    }
  }

  function active<P, R>(handler: (payload: P) => Promise<R>): (payload: P) => Promise<R> {
    return async (payload) => {
      await state.expireIfIdle();
      try {
        return await handler(payload);
      } finally {
        await state.markActivity();
      }
    };
  }

  /** Checked against the idle deadline but not counted: the item view asks for the code every second by itself. */
  function passive<P, R>(handler: (payload: P) => Promise<R>): (payload: P) => Promise<R> {
    return async (payload) => {
      await state.expireIfIdle();
      return handler(payload);
    };
  }

  const handlers: VaultHandlers = {
    'vault.status': active(() => service.status()),
    'vault.setup': active(({ masterPassword }) => service.setup(masterPassword)),
    'vault.unlock': active(({ masterPassword }) => service.unlock(masterPassword)),
    'vault.lock': active(() => service.lock()),
    'vault.list': active(async () => packVaultList(await items.list())),
    'vault.get': active(items.get),
    'vault.create': active(items.create),
    'vault.update': active(items.update),
    'vault.setFavourite': active(items.setFavourite),
    'vault.trash': active(items.trash),
    'vault.restore': active(items.restore),
    'vault.deleteForever': active(items.deleteForever),
    'vault.emptyTrash': active(() => items.emptyTrash()),
    'vault.import': active(items.import),
    'vault.totpCode': passive(items.totpCode),
    'vault.changeMasterPassword': active(({ current, next }) => service.changeMasterPassword(current, next)),
    'vault.setLockTimeout': active(({ timeout }) => service.setLockTimeout(timeout)),
  };

  return {
    handlers,
    /** For browser.alarms.onAlarm: the idle lock and the daily trash purge. */
    async onAlarm(name: string): Promise<void> {
      if (name === IDLE_LOCK_ALARM) await state.onIdleAlarm();
      else if (name === TRASH_PURGE_ALARM) await purgeTrash();
    },
    /**
     * For session-service's onSignedOut (sign-out, remote sign-out, revocation): locks and WIPES the
     * local vault — items, outbox, cursor, listing, keyset cache (stored-state.ts). The hub holds every
     * acknowledged item; a voluntary sign-out tries to push the outbox first (lib/sync).
     */
    async onSignedOut(): Promise<void> {
      await state.lock();
      await serial(() => store.wipe());
    },
    /** What sync (lib/sync) works on: the store, the listing, and the key inside the serial queue. */
    syncParts: { store, listing, withKey },
    /** Unlocked right now (after a worker restart too), without counting as activity. */
    isUnlocked: async () => (await serial(state.currentKey)) !== null,
    /** Re-reads the keyset from the hub into the cache (the socket said it changed). */
    refreshKeyset: async () => {
      await keysets.lookup().catch(() => undefined);
    },
    /** At worker start: a stored key past its idle deadline is cleared, not kept for the next message. */
    onStartup: () => state.clearExpiredKey(),
    autofillParts: createAutofillParts({ account: deps.account, store, listing, state, serial, items }),
  };
}

export type Vault = ReturnType<typeof createVault>;
