/**
 * The unlocked vault in the popup: the list of previews, the filter and search, and the one item
 * being viewed or edited (architecture §10 — the popup never holds more decrypted data than that).
 * Every change goes to the background, which answers with the saved item; the list is read again.
 */
import { computed, signal } from '@preact/signals';
import { t } from '../../lib/i18n/t.ts';
import type { MessageError, MessageType, RequestOf, TotpCode, VaultList } from '../../lib/messaging/messages.ts';
import type { ItemContent, VaultItem } from '../../lib/protocol/vault-item.ts';
import { type PackedVaultList, unpackVaultList } from '../../lib/messaging/preview-pack.ts';
import { buildIndex, type ItemFilter, search } from './item-search.ts';
import type { Run } from './two-step-model.ts';

/** 'unreadable': an item whose blob does not decrypt (components/undecryptable-item.tsx). */
export type VaultPage = 'list' | 'item' | 'unreadable' | 'editor' | 'settings';
/**
 * Rows rendered at once; "Show more" adds as many again. The popup shows about a dozen rows, and a
 * keystroke re-renders the window, so it stays small (10,000 items stay quick).
 */
export const LIST_WINDOW = 50;

export interface VaultItemsDeps {
  run: Run;
  send: <T extends MessageType>(type: T, payload: RequestOf<T>) => Promise<{ ok: true; value: unknown } | { ok: false; error: MessageError }>;
  notice: { value: string | null };
  copyText: (text: string) => Promise<void>;
  /** A call failed because the vault locked meanwhile (idle timeout, another popup): re-read the status. */
  onLocked: () => void;
}

export type CopyWhat = 'username' | 'password' | 'code' | 'value';
const COPIED = { username: 'vault_copiedUsername', password: 'vault_copiedPassword', code: 'vault_copiedCode', value: 'vault_copiedValue' } as const;

export function createVaultItemsModel(deps: VaultItemsDeps) {
  const list = signal<VaultList | null>(null);
  const filter = signal<ItemFilter>('all');
  const query = signal('');
  const shown = signal(LIST_WINDOW);
  const page = signal<VaultPage>('list');
  const item = signal<VaultItem | null>(null);
  /** The id of the unreadable item on show (page 'unreadable'). */
  const unreadable = signal<string | null>(null);
  const editing = signal<'new' | 'edit' | null>(null);
  const index = computed(() => (list.value ? buildIndex(list.value) : null));
  const results = computed(() => (index.value ? search(index.value, query.value, filter.value) : []));
  const byId = computed(() => new Map((list.value?.items ?? []).map((preview) => [preview.id, preview])));

  /** A quiet reload under way, and whether another change came in meanwhile. */
  let reloading = false;
  let reloadAgain = false;

  const onFailure = (failure: MessageError) => {
    if (failure.code === 'vault_locked') deps.onLocked();
  };

  async function load() {
    const next = await deps.run('vault.list', {}, onFailure);
    if (!next) return;
    list.value = unpackVaultList(next);
    // The benchmark's "searchable list" moment: the index built and the list rendered (the frame after it).
    void index.value;
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => performance.mark('tessera:vault-searchable'));
  }

  /** Shows `next` (the background's saved copy) and brings the list up to date. */
  async function changed(next: VaultItem | null, to: VaultPage = 'item') {
    if (!next) return false;
    item.value = next;
    editing.value = null;
    page.value = to;
    await load();
    return true;
  }

  return {
    list,
    filter,
    query,
    shown,
    page,
    item,
    unreadable,
    editing,
    results,
    byId,
    load,

    /**
     * Reads the list again, quietly (no busy flag, the notice stays): the vault changed, e.g. a sync
     * brought items added, changed or deleted on another device. Changes during a reload read it once more.
     */
    async reload() {
      if (!list.value) return;
      if (reloading) {
        reloadAgain = true;
        return;
      }
      reloading = true;
      try {
        do {
          reloadAgain = false;
          const result = await deps.send('vault.list', {});
          if (result.ok && list.value) list.value = unpackVaultList(result.value as PackedVaultList);
        } while (reloadAgain && list.value);
      } finally {
        reloading = false;
      }
    },

    reset() {
      reloadAgain = false;
      list.value = null;
      item.value = null;
      editing.value = null;
      page.value = 'list';
      query.value = '';
      filter.value = 'all';
      shown.value = LIST_WINDOW;
    },

    setQuery(next: string) {
      query.value = next;
      shown.value = LIST_WINDOW;
    },
    setFilter(next: ItemFilter) {
      filter.value = next;
      shown.value = LIST_WINDOW;
    },
    showMore: () => (shown.value += LIST_WINDOW),

    async open(id: string) {
      if (byId.value.get(id)?.problem) {
        unreadable.value = id;
        page.value = 'unreadable';
        return;
      }
      const next = await deps.run('vault.get', { id }, onFailure);
      if (next) {
        item.value = next;
        page.value = 'item';
      }
    },
    close() {
      item.value = null;
      unreadable.value = null;
      page.value = 'list';
    },
    /** Deletes the unreadable item on show, for good (the background allows it without the trash). */
    async deleteUnreadable() {
      const id = unreadable.value;
      if (!id || !(await deps.run('vault.deleteForever', { id }, onFailure))) return;
      unreadable.value = null;
      page.value = 'list';
      await load();
      deps.notice.value = t('vault_deleted');
    },
    startNew() {
      item.value = null;
      editing.value = 'new';
      page.value = 'editor';
    },
    startEdit() {
      editing.value = 'edit';
      page.value = 'editor';
    },
    cancelEdit() {
      editing.value = null;
      page.value = item.value ? 'item' : 'list';
    },

    async save(content: ItemContent) {
      const current = item.value;
      const saved =
        editing.value === 'edit' && current
          ? await deps.run('vault.update', { id: current.id, content }, onFailure)
          : await deps.run('vault.create', { content, favourite: filter.value === 'favourites' }, onFailure);
      return changed(saved);
    },

    async setFavourite(favourite: boolean) {
      if (item.value) await changed(await deps.run('vault.setFavourite', { id: item.value.id, favourite }, onFailure));
    },
    async trash() {
      if (item.value && (await changed(await deps.run('vault.trash', { id: item.value.id }, onFailure), 'list'))) {
        item.value = null;
        deps.notice.value = t('vault_movedToTrash');
      }
    },
    /** Back to the list it was restored from (the trash), saying so. */
    async restore() {
      if (item.value && (await changed(await deps.run('vault.restore', { id: item.value.id }, onFailure), 'list'))) {
        item.value = null;
        deps.notice.value = t('vault_restored');
      }
    },
    async deleteForever() {
      if (!item.value || !(await deps.run('vault.deleteForever', { id: item.value.id }, onFailure))) return;
      item.value = null;
      page.value = 'list';
      await load();
      deps.notice.value = t('vault_deleted');
    },
    async emptyTrash() {
      if (!(await deps.run('vault.emptyTrash', {}, onFailure))) return;
      await load();
      deps.notice.value = t('vault_trashEmptied');
    },

    /** The item's current authenticator code; quiet (no busy flag), asked every second by the view. */
    async totpCode(id: string): Promise<TotpCode | null> {
      const result = await deps.send('vault.totpCode', { id });
      return result.ok ? (result.value as TotpCode) : null;
    },

    async copy(text: string, what: CopyWhat) {
      try {
        await deps.copyText(text);
        deps.notice.value = t(COPIED[what]);
      } catch {
        deps.notice.value = t('vault_copyFailed');
      }
    },
  };
}

export type VaultItemsModel = ReturnType<typeof createVaultItemsModel>;
