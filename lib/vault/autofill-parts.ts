/**
 * Background-only. What autofill (lib/autofill-background) may do with the vault, and no more: see
 * whether it is unlocked, read the listing's previews and sites, open one item, add or update a
 * login, count activity, and keep this browser's autofill settings. Invariant: nothing here unlocks,
 * and reading counts as no activity — autofill calls `markActivity` after a fill or save a person asked for.
 */
import type { AutofillSettings } from '../messaging/messages.ts';
import type { ItemContent, VaultItem } from '../protocol/vault-item.ts';
import type { ItemService } from './item-service.ts';
import type { Listing } from './listing.ts';
import type { ListingEntry } from './preview.ts';
import type { Serial } from './serial.ts';
import type { UnlockedState } from './unlocked-state.ts';
import type { VaultStore } from './vault-store.ts';

export type VaultAccess = 'signed_out' | 'locked' | 'unlocked';

export interface AutofillVaultParts {
  access(): Promise<VaultAccess>;
  /** The listing's entries, sorted by title; null while locked. */
  entries(): Promise<ListingEntry[] | null>;
  /** One item, decrypted (`vault_locked`, `item_not_found`, `item_undecryptable`). */
  item(id: string): Promise<VaultItem>;
  createLogin(content: ItemContent): Promise<VaultItem>;
  /** New username and password; the replaced password goes to the item's history. */
  updateLogin(id: string, next: { username: string; password: string }): Promise<VaultItem>;
  /** A fill or save the person asked for: moves the idle deadline (no-op while locked). */
  markActivity(): Promise<void>;
  settings: { read(): Promise<AutofillSettings>; write(next: AutofillSettings): Promise<void> };
}

interface Parts {
  account: () => Promise<unknown>;
  store: VaultStore;
  listing: Listing;
  state: UnlockedState;
  serial: Serial;
  items: ItemService;
}

export function createAutofillParts({ account, store, listing, state, serial, items }: Parts): AutofillVaultParts {
  return {
    async access() {
      if (!(await account())) return 'signed_out';
      return (await serial(state.currentKey)) ? 'unlocked' : 'locked';
    },
    entries: () => serial(async () => ((await state.currentKey()) ? [...listing.entries().values()] : null)),
    item: (id) => items.get({ id }),
    createLogin: (content) => items.create({ content, favourite: false }),
    updateLogin: (id, next) => items.updateLogin(id, next),
    markActivity: () => state.markActivity(),
    settings: {
      read: () => store.autofillSettings(),
      write: (next) => store.setAutofillSettings(next),
    },
  };
}
