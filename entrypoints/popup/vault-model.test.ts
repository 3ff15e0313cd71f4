import { packVaultList } from '../../lib/messaging/preview-pack.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionStatus, Settings, VaultStatus } from '../../lib/messaging/messages.ts';
import type { ItemContent, ItemPreview, VaultItem } from '../../lib/protocol/vault-item.ts';
import { useEnglish } from '../../tests/unit/support/english.ts';
import { sampleAccount } from '../../tests/unit/support/fixtures.ts';
import { sampleItem, sampleList, syncScript, VAULT_LOCKED, VAULT_UNLOCKED } from '../../tests/unit/support/popup-fixtures.ts';
import { fail, ok, type Script, scriptedBackground } from '../../tests/unit/support/scripted-background.ts';
import { createPopupModel } from './popup-model.ts';

useEnglish();
/** Popups opened by a test; disposed after it, so no sync poll outlives its test. */
const opened: { dispose: () => void }[] = [];
afterEach(() => opened.splice(0).forEach((model) => model.dispose()));

const SIGNED_IN: SessionStatus = { state: 'signed_in', account: sampleAccount(), devices: null, deviceId: 'd-1', offlineSince: null };
const SETTINGS: Settings = { serverAddress: 'https://hub.tessera.example', builtInServerAddress: 'https://hub.tessera.example', custom: false };

const preview = (item: VaultItem): ItemPreview => ({
  id: item.id,
  kind: item.content.kind,
  title: item.content.title,
  username: item.content.login?.username ?? '',
  hosts: item.content.login?.websites.map((website) => new URL(website.url).hostname) ?? [],
  favourite: item.favourite,
  hasTotp: Boolean(item.content.login?.totp),
  updatedAt: item.updatedAt,
  trashedAt: item.trashedAt,
  problem: null,
});

/** A signed-in popup on a background that keeps a vault status and items, as the real one does. */
async function vaultPopup(initial: VaultStatus, script: Script = {}) {
  const state = { vault: initial, items: new Map<string, VaultItem>([['item-aaaaaaaaaaaaaaaaaa', sampleItem()]]) };
  const change = (id: string, next: Partial<VaultItem>) => {
    const item = { ...state.items.get(id)!, ...next };
    state.items.set(id, item);
    return ok<'vault.get'>(item);
  };
  const background = scriptedBackground({
    'session.status': () => ok<'session.status'>(SIGNED_IN),
    'settings.get': () => ok<'settings.get'>(SETTINGS),
    'account.refresh': () => ok<'account.refresh'>(SIGNED_IN),
    'vault.status': () => ok<'vault.status'>(state.vault),
    'vault.list': () => ok<'vault.list'>(packVaultList(sampleList([...state.items.values()].map(preview)))),
    'vault.get': ({ id }) => (state.items.has(id) ? ok<'vault.get'>(state.items.get(id)!) : fail('item_not_found')),
    'vault.create': ({ content, favourite }) => {
      const id = `item-${'b'.repeat(18)}`;
      state.items.set(id, sampleItem({ id, content, favourite, passwordHistory: [] }));
      return ok<'vault.create'>(state.items.get(id)!);
    },
    'vault.update': ({ id, content }) => change(id, { content }),
    'vault.trash': ({ id }) => change(id, { trashedAt: Date.UTC(2026, 0, 3) }),
    'vault.restore': ({ id }) => change(id, { trashedAt: null }),
    'vault.setFavourite': ({ id, favourite }) => change(id, { favourite }),
    'vault.lock': () => ok<'vault.lock'>((state.vault = VAULT_LOCKED)),
    ...syncScript(),
    ...script,
  });
  const model = createPopupModel({ send: background.send, requestHostPermission: vi.fn(), copyText: vi.fn(async () => {}) });
  opened.push(model);
  await model.start();
  if (initial.state !== 'signed_out') await vi.waitFor(() => expect(model.vault.view.value).not.toBe('loading'));
  return { model, vault: model.vault, background, state };
}

const NOTE: ItemContent = { kind: 'note', title: 'Wi-Fi', notes: 'door code 1234', fields: [], login: null };

describe('vault model: routing', () => {
  it.each([
    [{ state: 'setup_required', lockTimeout: 15 } as VaultStatus, 'setup'],
    [VAULT_LOCKED, 'unlock'],
    [{ state: 'unavailable', reason: 'network_error', lockTimeout: 15 } as VaultStatus, 'unavailable'],
    [VAULT_UNLOCKED, 'list'],
  ])('shows the %j vault as the %s screen when signed in', async (status, view) => {
    const { model, vault } = await vaultPopup(status);
    expect(model.screen.value).toBe('vault');
    expect(vault.view.value).toBe(view);
  });

  it('loads the list when the vault is unlocked at start', async () => {
    const { vault } = await vaultPopup(VAULT_UNLOCKED);
    await vi.waitFor(() => expect(vault.items.results.value).toEqual(['item-aaaaaaaaaaaaaaaaaa']));
  });

  it('re-reads the session when the vault says it is signed out', async () => {
    const { background } = await vaultPopup({ state: 'signed_out', lockTimeout: 15 } as VaultStatus);
    await vi.waitFor(() => expect(background.types().filter((type) => type === 'session.status')).toHaveLength(2));
  });
});

describe('vault model: unlock, set up, lock', () => {
  it('shows "That master password is not right." and stays locked when unlocking fails', async () => {
    const { vault, model } = await vaultPopup(VAULT_LOCKED, { 'vault.unlock': () => fail('wrong_master_password') });
    await vault.unlock('not-it');
    expect(vault.view.value).toBe('unlock');
    expect(model.error.value).toBe('That master password is not right.');
  });

  it('opens the list when unlocking succeeds', async () => {
    const { vault, state } = await vaultPopup(VAULT_LOCKED, { 'vault.unlock': () => ok<'vault.unlock'>((state.vault = VAULT_UNLOCKED)) });
    await vault.unlock('correct horse battery staple');
    expect(vault.view.value).toBe('list');
    expect(vault.items.results.value).toHaveLength(1);
  });

  it('moves to unlock and keeps the explanation when setup finds a vault made elsewhere (conflict)', async () => {
    const { vault, model, state } = await vaultPopup({ state: 'setup_required', lockTimeout: 15 }, {
      'vault.setup': () => {
        state.vault = VAULT_LOCKED;
        return fail('conflict');
      },
    });
    await vault.setup('correct horse battery staple');
    await vi.waitFor(() => expect(vault.view.value).toBe('unlock'));
    expect(model.error.value).toBe('A vault was created on another device meanwhile. Unlock it with its master password.');
  });

  it('shows the unlock screen and forgets the list when locked', async () => {
    const { vault } = await vaultPopup(VAULT_UNLOCKED);
    await vault.lock();
    expect(vault.view.value).toBe('unlock');
    expect(vault.items.list.value).toBeNull();
  });

  it('re-reads the status and shows unlock when an item call finds the vault locked', async () => {
    const { vault, state } = await vaultPopup(VAULT_UNLOCKED, {
      'vault.get': () => {
        state.vault = VAULT_LOCKED;
        return fail('vault_locked');
      },
    });
    await vault.items.open('item-aaaaaaaaaaaaaaaaaa');
    await vi.waitFor(() => expect(vault.view.value).toBe('unlock'));
  });
});

describe('vault model: items', () => {
  it('creates an item, shows it, and lists it when saved from "New item"', async () => {
    const { vault, background } = await vaultPopup(VAULT_UNLOCKED);
    vault.items.startNew();
    expect(vault.view.value).toBe('editor');
    await vault.items.save(NOTE);
    expect(background.calls.find((call) => call.type === 'vault.create')?.payload).toEqual({ content: NOTE, favourite: false });
    expect(vault.view.value).toBe('item');
    expect(vault.items.item.value?.content.title).toBe('Wi-Fi');
    expect(vault.items.list.value?.items.map((item) => item.title).sort()).toEqual(['GitHub', 'Wi-Fi']);
  });

  it('sends vault.update and lists the new title when an item is edited', async () => {
    const { vault } = await vaultPopup(VAULT_UNLOCKED);
    await vault.items.open('item-aaaaaaaaaaaaaaaaaa');
    vault.items.startEdit();
    await vault.items.save({ ...sampleItem().content, title: 'GitHub (work)' });
    expect(vault.view.value).toBe('item');
    expect(vault.items.list.value?.items[0]?.title).toBe('GitHub (work)');
  });

  it('moves an item to the trash and back when trashed and restored', async () => {
    const { vault, model } = await vaultPopup(VAULT_UNLOCKED);
    await vault.items.open('item-aaaaaaaaaaaaaaaaaa');
    await vault.items.trash();
    expect(vault.view.value).toBe('list');
    expect(model.notice.value).toBe('Moved to the trash.');
    expect(vault.items.results.value).toEqual([]);
    vault.items.setFilter('trash');
    expect(vault.items.results.value).toEqual(['item-aaaaaaaaaaaaaaaaaa']);
    await vault.items.open('item-aaaaaaaaaaaaaaaaaa');
    await vault.items.restore();
    expect(vault.view.value).toBe('list');
    expect(model.notice.value).toBe('Restored.');
    expect(vault.items.results.value).toEqual([]);
    vault.items.setFilter('all');
    expect(vault.items.results.value).toEqual(['item-aaaaaaaaaaaaaaaaaa']);
  });

  it('narrows the results when a query is typed', async () => {
    const { vault } = await vaultPopup(VAULT_UNLOCKED);
    await vault.items.save(NOTE);
    vault.items.close();
    vault.items.setQuery('wi-fi');
    expect(vault.items.results.value).toHaveLength(1);
    vault.items.setQuery('nothing like it');
    expect(vault.items.results.value).toEqual([]);
  });

  it('copies through deps.copyText and says what was copied', async () => {
    const { vault, model } = await vaultPopup(VAULT_UNLOCKED);
    await vault.items.copy('Quartz-Lantern-47', 'password');
    expect(model.notice.value).toBe('Password copied.');
  });
});
