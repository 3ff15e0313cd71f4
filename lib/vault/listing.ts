/**
 * Background-only. The decrypted previews of every item, kept in memory while unlocked, and their
 * encrypted snapshot in vaultMeta 'listing' so unlocking a large vault decrypts one blob, not every
 * item. Invariant: the snapshot is written in the same transaction as the item changes it reflects
 * and is used only when its generation matches the items' — otherwise (missing, stale, tampered,
 * unreadable) it is rebuilt from the item blobs. An item whose blob does not decrypt is listed with
 * `problem: 'undecryptable'` and left as it is.
 */
import { z } from 'zod';
import { decryptJson, encryptJson } from '../crypto/vault-keys.ts';
import { ITEM_KINDS, MATCH_MODES } from '../protocol/vault-item.ts';
import type { StoredItem } from '../state/local-database.ts';
import { openItem } from './item-codec.ts';
import { entryOf, type ListingEntry, undecryptableEntry } from './preview.ts';
import type { VaultStore } from './vault-store.ts';

const LISTING_AAD = 'listing/v1';

const ListingSchema = z.array(
  z.object({
    preview: z.object({
      id: z.string(),
      kind: z.enum(ITEM_KINDS),
      title: z.string(),
      username: z.string(),
      hosts: z.array(z.string()),
      favourite: z.boolean(),
      hasTotp: z.boolean(),
      updatedAt: z.number(),
      trashedAt: z.number().nullable(),
      problem: z.literal('undecryptable').nullable(),
    }),
    sites: z.array(z.object({ host: z.string(), match: z.enum(MATCH_MODES).exclude(['never']) })),
  }),
);

export interface ListingChange {
  put?: { record: StoredItem; entry: ListingEntry }[];
  remove?: string[];
}

export function createListing(store: VaultStore) {
  let entries: Map<string, ListingEntry> | null = null;

  function readSnapshot(vaultKey: Uint8Array, blob: Uint8Array): ListingEntry[] | null {
    try {
      const parsed = ListingSchema.safeParse(decryptJson(vaultKey, LISTING_AAD, blob));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** Writes item changes and the listing they lead to together, then adopts the new listing. */
  async function commit(vaultKey: Uint8Array, change: ListingChange, base: Map<string, ListingEntry>): Promise<void> {
    const next = new Map(base);
    for (const id of change.remove ?? []) next.delete(id);
    for (const { entry } of change.put ?? []) next.set(entry.preview.id, entry);
    await store.commit({ put: (change.put ?? []).map(({ record }) => record), remove: change.remove ?? [] }, () =>
      encryptJson(vaultKey, LISTING_AAD, [...next.values()]),
    );
    entries = next;
  }

  /** The slow, always-correct path: every item blob decrypted once. */
  async function rebuild(vaultKey: Uint8Array): Promise<void> {
    const rebuilt = new Map<string, ListingEntry>();
    for (const record of await store.allItems()) {
      let entry: ListingEntry;
      try {
        entry = entryOf(openItem(vaultKey, record));
      } catch {
        entry = undecryptableEntry(record);
      }
      rebuilt.set(record.id, entry);
    }
    await commit(vaultKey, {}, rebuilt);
  }

  return {
    /** Loads the previews after unlocking; answers whether the slow path was needed. */
    async load(vaultKey: Uint8Array): Promise<{ rebuilt: boolean }> {
      const { listing, generation } = await store.listing();
      const snapshot = listing && listing.generation === generation ? readSnapshot(vaultKey, listing.blob) : null;
      if (snapshot) {
        entries = new Map(snapshot.map((entry) => [entry.preview.id, entry]));
        return { rebuilt: false };
      }
      await rebuild(vaultKey);
      return { rebuilt: true };
    },

    loaded: () => entries !== null,

    /** The in-memory entries; only while unlocked and loaded. */
    entries(): ReadonlyMap<string, ListingEntry> {
      if (!entries) throw new Error('listing not loaded');
      return entries;
    },

    commit: (vaultKey: Uint8Array, change: ListingChange) => {
      if (!entries) throw new Error('listing not loaded');
      return commit(vaultKey, change, entries);
    },

    /** Marks an item found undecryptable after the listing was written (its blob changed underneath). */
    async markUndecryptable(vaultKey: Uint8Array, record: StoredItem): Promise<void> {
      if (!entries || entries.get(record.id)?.preview.problem === 'undecryptable') return;
      const next = new Map(entries).set(record.id, undecryptableEntry(record));
      await commit(vaultKey, {}, next);
    },

    /** Forgets the decrypted previews (lock). */
    clear(): void {
      entries = null;
    },
  };
}

export type Listing = ReturnType<typeof createListing>;
