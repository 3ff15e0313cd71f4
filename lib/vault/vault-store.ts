/**
 * Background-only. The local vault in IndexedDB (`vaultItems`, `vaultMeta`): ciphertext and
 * non-secret bookkeeping only. Invariant: every change to items bumps `generation` in the same
 * transaction, and a listing written with it carries that generation — so a listing that does not
 * match the items can always be told apart (lib/vault/listing.ts).
 */
import type { IDBPDatabase } from 'idb';
import type { StoredItem, TesseraDb, VaultMeta, VaultMetaKey } from '../state/local-database.ts';

export interface ItemChanges {
  put?: StoredItem[];
  remove?: string[];
}

export function createVaultStore(database: () => Promise<IDBPDatabase<TesseraDb>>) {
  async function meta<K extends VaultMetaKey>(key: K): Promise<VaultMeta[K] | undefined> {
    return (await (await database()).get('vaultMeta', key)) as VaultMeta[K] | undefined;
  }

  return {
    meta,

    async setMeta<K extends VaultMetaKey>(key: K, value: VaultMeta[K]): Promise<void> {
      await (await database()).put('vaultMeta', value, key);
    },

    async item(id: string): Promise<StoredItem | undefined> {
      return (await database()).get('vaultItems', id);
    },

    async allItems(): Promise<StoredItem[]> {
      return (await database()).getAll('vaultItems');
    },

    /** The listing and the generation it must match, read together. */
    async listing(): Promise<{ listing: VaultMeta['listing'] | undefined; generation: number }> {
      const transaction = (await database()).transaction('vaultMeta');
      const [listing, generation] = await Promise.all([transaction.store.get('listing'), transaction.store.get('generation')]);
      await transaction.done;
      return { listing: listing as VaultMeta['listing'] | undefined, generation: (generation as number | undefined) ?? 0 };
    },

    /**
     * Applies item changes and writes the listing `sealListing` makes, in ONE transaction. The
     * sealing runs synchronously inside it (noble's ciphers are synchronous), so the transaction
     * stays open and either everything is written or nothing is.
     */
    async commit(changes: ItemChanges, sealListing: () => Uint8Array): Promise<void> {
      const transaction = (await database()).transaction(['vaultItems', 'vaultMeta'], 'readwrite');
      const items = transaction.objectStore('vaultItems');
      const metaStore = transaction.objectStore('vaultMeta');
      const generation = (((await metaStore.get('generation')) as number | undefined) ?? 0) + 1;
      let blob: Uint8Array;
      try {
        blob = sealListing();
      } catch (error) {
        transaction.abort();
        await transaction.done.catch(() => undefined);
        throw error;
      }
      const writes: Promise<unknown>[] = [
        ...(changes.put ?? []).map((record) => items.put(record)),
        ...(changes.remove ?? []).map((id) => items.delete(id)),
        metaStore.put(generation, 'generation'),
        metaStore.put({ blob, generation } satisfies VaultMeta['listing'], 'listing'),
      ];
      await Promise.all([...writes, transaction.done]);
    },

    /**
     * Forgets the local vault (another account signed in here). The lock-timeout setting is a
     * preference of this browser, not account data, so it stays.
     */
    async wipe(): Promise<void> {
      const transaction = (await database()).transaction(['vaultItems', 'vaultMeta'], 'readwrite');
      const metaStore = transaction.objectStore('vaultMeta');
      const settings = await metaStore.get('settings');
      await Promise.all([transaction.objectStore('vaultItems').clear(), metaStore.clear()]);
      if (settings) await metaStore.put(settings, 'settings');
      await transaction.done;
    },
  };
}

export type VaultStore = ReturnType<typeof createVaultStore>;
