/**
 * Background-only. The decrypted previews of every item, kept in memory while unlocked, and their
 * encrypted snapshot in vaultMeta 'listing' so unlocking a large vault decrypts one blob, not every
 * item. Invariant: the snapshot is written in the same transaction as the item changes it reflects
 * and is used only when its generation matches the items' — otherwise (missing, stale, tampered,
 * unreadable) it is rebuilt from the item blobs. An item whose blob does not decrypt is listed with
 * `problem: 'undecryptable'` and left as it is.
 */
import { decryptJson, encryptJson } from '../crypto/vault-keys.ts';
import { ITEM_KINDS, MATCH_MODES } from '../protocol/vault-item.ts';
import type { StoredItem } from '../state/local-database.ts';
import { openItem } from './item-codec.ts';
import { entryOf, type ListingEntry, undecryptableEntry } from './preview.ts';
import type { ItemChanges, VaultStore } from './vault-store.ts';

const LISTING_AAD = 'listing/v1';

/**
 * The listing's shape, checked by hand rather than with zod: it is our own authenticated data, read
 * on every unlock of a vault that may hold 10,000 items, where a schema walk costs tens of
 * milliseconds in a cold service worker. Anything unexpected sends us down the rebuild path.
 */
const isString = (value: unknown): value is string => typeof value === 'string';
const SITE_MODES: readonly unknown[] = MATCH_MODES.filter((mode) => mode !== 'never');

function isPreview(value: unknown): value is ListingEntry['preview'] {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    isString(p.id) && (ITEM_KINDS as readonly unknown[]).includes(p.kind) && isString(p.title) && isString(p.username) &&
    Array.isArray(p.hosts) && p.hosts.every(isString) && typeof p.favourite === 'boolean' && typeof p.hasTotp === 'boolean' &&
    typeof p.updatedAt === 'number' && (p.trashedAt === null || typeof p.trashedAt === 'number') &&
    (p.problem === null || p.problem === 'undecryptable')
  );
}

function isSite(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const site = value as Record<string, unknown>;
  // Listings written before autofill kept `host` only: they fail here and are rebuilt once.
  return isString(site.url) && SITE_MODES.includes(site.match);
}

export function isListing(value: unknown): value is ListingEntry[] {
  if (!Array.isArray(value)) return false;
  for (const entry of value as unknown[]) {
    if (typeof entry !== 'object' || entry === null) return false;
    const { preview, sites } = entry as Record<string, unknown>;
    if (!isPreview(preview) || !Array.isArray(sites) || !sites.every(isSite)) return false;
  }
  return true;
}

/** The list's order (by title, then id), kept in the snapshot so an unlock never sorts 10,000 items. */
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const byTitle = (a: ListingEntry, b: ListingEntry) => collator.compare(a.preview.title, b.preview.title) || (a.preview.id < b.preview.id ? -1 : a.preview.id > b.preview.id ? 1 : 0);

export interface ListingChange {
  put?: { record: StoredItem; entry: ListingEntry }[];
  remove?: string[];
  /** Written with the items by the store (vault-store.ts): outbox, cursor, in-flight batch. */
  also?: Omit<ItemChanges, 'put' | 'remove'>;
}

export function createListing(store: VaultStore) {
  let entries: Map<string, ListingEntry> | null = null;

  function readSnapshot(vaultKey: Uint8Array, blob: Uint8Array): ListingEntry[] | null {
    try {
      const value = decryptJson(vaultKey, LISTING_AAD, blob);
      return isListing(value) ? value : null;
    } catch {
      return null;
    }
  }

  /** Writes item changes and the listing they lead to together, then adopts the new listing. */
  async function commit(vaultKey: Uint8Array, change: ListingChange, base: Map<string, ListingEntry>): Promise<void> {
    const records = (change.put ?? []).map(({ record }) => record);
    // Records whose previews stay exactly as listed (a push acknowledged: only revision and base
    // move) leave the snapshot alone — re-encrypting a 10,000-item listing per push batch kept the
    // worker busy for seconds after an import.
    const listingUnchanged =
      base === entries && (change.remove ?? []).length === 0 && (change.put ?? []).every(({ entry }) => base.get(entry.preview.id) === entry);
    if (listingUnchanged) {
      await store.commit({ ...change.also, put: records, remove: [] }, null);
      return;
    }
    const changed = new Map(base);
    for (const id of change.remove ?? []) changed.delete(id);
    for (const { entry } of change.put ?? []) changed.set(entry.preview.id, entry);
    // Sorted on every write (nearly sorted input: cheap), so reads never sort.
    const sorted = [...changed.values()].sort(byTitle);
    await store.commit({ ...change.also, put: records, remove: change.remove ?? [] }, () =>
      encryptJson(vaultKey, LISTING_AAD, sorted),
    );
    entries = new Map(sorted.map((entry) => [entry.preview.id, entry]));
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
        // Written sorted; a snapshot from an older format that is not gets sorted here (one pass to check).
        if (!snapshot.every((entry, index) => index === 0 || byTitle(snapshot[index - 1]!, entry) <= 0)) snapshot.sort(byTitle);
        entries = new Map(snapshot.map((entry) => [entry.preview.id, entry]));
        return { rebuilt: false };
      }
      await rebuild(vaultKey);
      return { rebuilt: true };
    },

    loaded: () => entries !== null,

    /** The in-memory entries, sorted by title; only while unlocked and loaded. */
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
