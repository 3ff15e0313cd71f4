/**
 * Background-only. The `vault.*` item messages. Invariants: every item is parsed as a VaultItem
 * after decrypting and before encrypting; every change writes its items and the new listing in one
 * transaction — with its outbox entry, so the hub hears of it (lib/sync); an item that does not
 * decrypt is reported (`item_undecryptable`) and never overwritten; nothing here runs while locked
 * (`vault_locked`).
 */
import type { RequestOf, TotpCode, VaultList } from '../messaging/messages.ts';
import { MessageFailure } from '../messaging/router.ts';
import type { ItemContent, VaultItem } from '../protocol/vault-item.ts';
import { ITEM_FORMAT, TRASH_RETENTION_MS } from '../protocol/vault-item.ts';
import type { StoredItem } from '../state/local-database.ts';
import { itemsForHost } from './current-site.ts';
import { ItemUndecryptableError, newItemId, openItem, sealItem } from './item-codec.ts';
import { withPasswordHistory } from './password-history.ts';
import type { Listing } from './listing.ts';
import { entryOf } from './preview.ts';
import { InvalidTotpSecretError, totpCode } from './totp.ts';
import type { VaultStore } from './vault-store.ts';

export interface ItemServiceDeps {
  store: VaultStore;
  listing: Listing;
  /** Runs `task` with the vault key, one vault operation at a time; MessageFailure 'vault_locked' when locked. */
  withKey: <T>(task: (vaultKey: Uint8Array) => Promise<T>) => Promise<T>;
  activeTabHost: () => Promise<string | null>;
  now: () => number;
  /** After every stored change (sync schedules a push). */
  afterChange?: () => void;
}

export function createItemService({ store, listing, withKey, activeTabHost, now, afterChange }: ItemServiceDeps) {
  /** Item changes made here: queued in the outbox in the same transaction, then sync is told. */
  async function commit(vaultKey: Uint8Array, change: { put?: Parameters<Listing['commit']>[1]['put']; remove?: string[] }): Promise<void> {
    await listing.commit(vaultKey, { ...change, also: { queue: { at: now() } } });
    afterChange?.();
  }

  async function read(vaultKey: Uint8Array, id: string): Promise<{ record: StoredItem; item: VaultItem }> {
    const record = await store.item(id);
    if (!record) throw new MessageFailure('item_not_found');
    try {
      return { record, item: openItem(vaultKey, record) };
    } catch (error) {
      if (!(error instanceof ItemUndecryptableError)) throw error;
      await listing.markUndecryptable(vaultKey, record);
      throw new MessageFailure('item_undecryptable');
    }
  }

  async function save(vaultKey: Uint8Array, items: { item: VaultItem; revision: number; base: Uint8Array | null }[]): Promise<void> {
    const put = items.map(({ item, revision, base }) => ({ record: sealItem(vaultKey, item, revision, base), entry: entryOf(item) }));
    await commit(vaultKey, { put });
  }

  /** Reads, changes and writes back one item; the hub revision and blob it was based on are kept for sync. */
  const change = (id: string, edit: (item: VaultItem, at: number) => VaultItem) =>
    withKey(async (vaultKey) => {
      const { record, item } = await read(vaultKey, id);
      const at = now();
      const next = edit(item, at);
      await save(vaultKey, [{ item: { ...next, updatedAt: at }, revision: record.revision, base: record.base ?? null }]);
      return { ...next, updatedAt: at };
    });

  function newItem(content: ItemContent, favourite: boolean, at: number): VaultItem {
    return { format: ITEM_FORMAT, id: newItemId(), content, favourite, createdAt: at, updatedAt: at, trashedAt: null, passwordHistory: [] };
  }

  function trashedIds(olderThan: number): string[] {
    return [...listing.entries().values()]
      .filter(({ preview }) => preview.trashedAt !== null && preview.trashedAt < olderThan)
      .map(({ preview }) => preview.id);
  }

  return {
    list: () =>
      withKey(async (): Promise<VaultList> => {
        const entries = [...listing.entries().values()];
        const items = entries.map(({ preview }) => preview); // already by title (listing.ts)
        const siteHost = await activeTabHost();
        return { items, siteHost, siteItemIds: siteHost ? itemsForHost(siteHost, entries) : [] };
      }),

    get: ({ id }: RequestOf<'vault.get'>) => withKey(async (vaultKey) => (await read(vaultKey, id)).item),

    create: ({ content, favourite }: RequestOf<'vault.create'>) =>
      withKey(async (vaultKey) => {
        const item = newItem(content, favourite, now());
        await save(vaultKey, [{ item, revision: 0, base: null }]);
        return item;
      }),

    update: ({ id, content }: RequestOf<'vault.update'>) =>
      change(id, (item, at) => ({ ...item, content, passwordHistory: withPasswordHistory(item, content, at) })),

    /** Autofill's "Update password?": a login's username and password; the replaced password goes to the history. */
    updateLogin: (id: string, next: { username: string; password: string }) =>
      change(id, (item, at) => {
        if (!item.content.login || item.trashedAt !== null) throw new MessageFailure('item_not_found');
        const content: ItemContent = { ...item.content, login: { ...item.content.login, ...next } };
        return { ...item, content, passwordHistory: withPasswordHistory(item, content, at) };
      }),

    setFavourite: ({ id, favourite }: RequestOf<'vault.setFavourite'>) => change(id, (item) => ({ ...item, favourite })),

    trash: ({ id }: RequestOf<'vault.trash'>) => change(id, (item, at) => ({ ...item, trashedAt: item.trashedAt ?? at })),

    restore: ({ id }: RequestOf<'vault.restore'>) => change(id, (item) => ({ ...item, trashedAt: null })),

    /**
     * Only for an item in the trash — or one whose blob does not decrypt: it can be neither opened
     * nor trashed, so deleting it for good (on every device, through sync) is the one way to be rid
     * of it. The popup asks first and says so.
     */
    deleteForever: ({ id }: RequestOf<'vault.deleteForever'>) =>
      withKey(async (vaultKey) => {
        const record = await store.item(id);
        if (!record) throw new MessageFailure('item_not_found');
        let trashed: boolean;
        try {
          trashed = openItem(vaultKey, record).trashedAt !== null;
        } catch (error) {
          if (!(error instanceof ItemUndecryptableError)) throw error;
          trashed = true; // undecryptable: deletable without a trip through the trash
        }
        if (!trashed) throw new MessageFailure('invalid_request');
        await commit(vaultKey, { remove: [id] });
        return { deleted: true as const };
      }),

    emptyTrash: () =>
      withKey(async (vaultKey) => {
        const ids = trashedIds(Infinity);
        if (ids.length > 0) await commit(vaultKey, { remove: ids });
        return { deleted: ids.length };
      }),

    /** A whole chunk in one transaction with one listing write. */
    import: ({ items }: RequestOf<'vault.import'>) =>
      withKey(async (vaultKey) => {
        const at = now();
        if (items.length > 0) await save(vaultKey, items.map((content) => ({ item: newItem(content, false, at), revision: 0, base: null })));
        return { created: items.length };
      }),

    totpCode: ({ id }: RequestOf<'vault.totpCode'>) =>
      withKey(async (vaultKey): Promise<TotpCode> => {
        const { item } = await read(vaultKey, id);
        try {
          return totpCode(item.content.login?.totp ?? '', now());
        } catch (error) {
          if (error instanceof InvalidTotpSecretError) throw new MessageFailure('invalid_code');
          throw error;
        }
      }),

    /** Deletes items that have been in the trash longer than TRASH_RETENTION_MS (at unlock, daily while unlocked). */
    purgeTrash: () =>
      withKey(async (vaultKey) => {
        const ids = trashedIds(now() - TRASH_RETENTION_MS);
        if (ids.length > 0) await commit(vaultKey, { remove: ids });
        return ids.length;
      }),
  };
}

export type ItemService = ReturnType<typeof createItemService>;
