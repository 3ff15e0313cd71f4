/**
 * Background-only. The local vault in IndexedDB (`vaultItems`, `outbox`, `vaultMeta`): ciphertext and
 * non-secret bookkeeping only. Invariants: every change to items bumps `generation` in the same
 * transaction, and a listing written with it carries that generation — so a listing that does not
 * match the items can always be told apart (lib/vault/listing.ts); and every local change queues
 * its outbox entry in that same transaction, so no change is ever stored without being queued for
 * the hub (lib/sync).
 */
import type { IDBPDatabase } from 'idb';
import type { AutofillSettings } from '../messaging/messages.ts';
import type { InflightBatch, OutboxEntry, StoredItem, TesseraDb, VaultMeta, VaultMetaKey } from '../state/local-database.ts';

/**
 * vaultMeta 'autofill': this browser's autofill settings ("fill on page load", "never for this site").
 * Kept apart from 'settings' on purpose: `wipe()` keeps 'settings' but not this — the never-list names
 * sites the person uses, which a sign-out must not leave behind. What is read is checked, never trusted.
 */
const AUTOFILL_SETTINGS: VaultMetaKey = 'autofill';

function isAutofillSettings(value: unknown): value is AutofillSettings {
  if (typeof value !== 'object' || value === null) return false;
  const { fillOnLoad, neverSites } = value as Record<string, unknown>;
  return typeof fillOnLoad === 'boolean' && Array.isArray(neverSites) && neverSites.every((site) => typeof site === 'string');
}

export interface ItemChanges {
  put?: StoredItem[];
  remove?: string[];
  /**
   * A change made here (lib/vault): every put and removed item is queued in the outbox, replacing
   * the item's earlier entry (edits coalesce; a removal remembers the revision it was based on).
   */
  queue?: { at: number };
  /** Sync's own bookkeeping (lib/sync), written in the same transaction. */
  outbox?: { put?: OutboxEntry[]; remove?: string[] };
  cursor?: number;
  /** null clears it. */
  inflight?: InflightBatch | null;
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

    async autofillSettings(): Promise<AutofillSettings> {
      const stored: unknown = await (await database()).get('vaultMeta', AUTOFILL_SETTINGS);
      // Off and empty until the person chooses otherwise.
      return isAutofillSettings(stored) ? { fillOnLoad: stored.fillOnLoad, neverSites: [...stored.neverSites] } : { fillOnLoad: false, neverSites: [] };
    },

    async setAutofillSettings(settings: AutofillSettings): Promise<void> {
      await (await database()).put('vaultMeta', settings as unknown as VaultMeta[VaultMetaKey], AUTOFILL_SETTINGS);
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
    /** `sealListing` null: the listing (and its generation) stay as they are — the previews did not change. */
    async commit(changes: ItemChanges, sealListing: (() => Uint8Array) | null): Promise<void> {
      const transaction = (await database()).transaction(['vaultItems', 'vaultMeta', 'outbox'], 'readwrite');
      const items = transaction.objectStore('vaultItems');
      const metaStore = transaction.objectStore('vaultMeta');
      const outbox = transaction.objectStore('outbox');
      const generation = sealListing ? (((await metaStore.get('generation')) as number | undefined) ?? 0) + 1 : null;
      const queued: OutboxEntry[] = [];
      if (changes.queue) {
        const queuedAt = changes.queue.at;
        for (const record of changes.put ?? []) queued.push({ itemId: record.id, deleted: false, baseRevision: record.revision, queuedAt, failed: null });
        for (const id of changes.remove ?? []) {
          const removed = await items.get(id);
          if (removed) queued.push({ itemId: id, deleted: true, baseRevision: removed.revision, queuedAt, failed: null });
        }
      }
      let blob: Uint8Array | null;
      try {
        blob = sealListing ? sealListing() : null;
      } catch (error) {
        transaction.abort();
        await transaction.done.catch(() => undefined);
        throw error;
      }
      const writes: Promise<unknown>[] = [
        ...(changes.put ?? []).map((record) => items.put(record)),
        ...(changes.remove ?? []).map((id) => items.delete(id)),
        ...(changes.outbox?.remove ?? []).map((id) => outbox.delete(id)),
        ...[...(changes.outbox?.put ?? []), ...queued].map((entry) => outbox.put(entry)),
      ];
      if (blob !== null && generation !== null) {
        writes.push(metaStore.put(generation, 'generation'), metaStore.put({ blob, generation } satisfies VaultMeta['listing'], 'listing'));
      }
      if (changes.cursor !== undefined) writes.push(metaStore.put(changes.cursor, 'cursor'));
      if (changes.inflight === null) writes.push(metaStore.delete('inflight'));
      else if (changes.inflight) writes.push(metaStore.put(changes.inflight, 'inflight'));
      await Promise.all([...writes, transaction.done]);
    },

    /** Records and outbox entries of these ids (undefined where none), read in one transaction. */
    async itemsWithEntries(ids: string[]): Promise<{ records: (StoredItem | undefined)[]; entries: (OutboxEntry | undefined)[] }> {
      const transaction = (await database()).transaction(['vaultItems', 'outbox']);
      const [records, entries] = await Promise.all([
        Promise.all(ids.map((id) => transaction.objectStore('vaultItems').get(id))),
        Promise.all(ids.map((id) => transaction.objectStore('outbox').get(id))),
        transaction.done,
      ]);
      return { records, entries };
    },

    async outboxEntries(): Promise<OutboxEntry[]> {
      return (await database()).getAll('outbox');
    },

    async outboxEntry(id: string): Promise<OutboxEntry | undefined> {
      return (await database()).get('outbox', id);
    },

    async outboxCount(): Promise<number> {
      return (await database()).count('outbox');
    },

    /** Sync bookkeeping that touches no item (no listing to rewrite). */
    async setSyncMeta(changes: { inflight?: InflightBatch | null; cursor?: number; outbox?: { put?: OutboxEntry[]; remove?: string[] } }): Promise<void> {
      const transaction = (await database()).transaction(['vaultMeta', 'outbox'], 'readwrite');
      const metaStore = transaction.objectStore('vaultMeta');
      const outbox = transaction.objectStore('outbox');
      const writes: Promise<unknown>[] = [
        ...(changes.outbox?.remove ?? []).map((id) => outbox.delete(id)),
        ...(changes.outbox?.put ?? []).map((entry) => outbox.put(entry)),
      ];
      if (changes.cursor !== undefined) writes.push(metaStore.put(changes.cursor, 'cursor'));
      if (changes.inflight === null) writes.push(metaStore.delete('inflight'));
      else if (changes.inflight) writes.push(metaStore.put(changes.inflight, 'inflight'));
      await Promise.all([...writes, transaction.done]);
    },

    /**
     * Forgets the local vault: sign-out, revocation, or another account signing in here (items,
     * outbox, cursor, in-flight batch, listing, keyset cache, autofill settings). The lock-timeout
     * setting is a preference of this browser, not account data, so it stays.
     */
    async wipe(): Promise<void> {
      const transaction = (await database()).transaction(['vaultItems', 'vaultMeta', 'outbox'], 'readwrite');
      const metaStore = transaction.objectStore('vaultMeta');
      const settings = await metaStore.get('settings');
      await Promise.all([transaction.objectStore('vaultItems').clear(), transaction.objectStore('outbox').clear(), metaStore.clear()]);
      if (settings) await metaStore.put(settings, 'settings');
      await transaction.done;
    },
  };
}

export type VaultStore = ReturnType<typeof createVaultStore>;
