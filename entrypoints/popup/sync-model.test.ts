import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { packVaultList } from '../../lib/messaging/preview-pack.ts';
import type { SessionStatus, Settings, SyncStatus, VaultStatus } from '../../lib/messaging/messages.ts';
import { useEnglish } from '../../tests/unit/support/english.ts';
import { sampleAccount } from '../../tests/unit/support/fixtures.ts';
import { sampleItem, sampleList, samplePreview, sampleSyncStatus, syncScript, VAULT_LOCKED, VAULT_UNLOCKED } from '../../tests/unit/support/popup-fixtures.ts';
import { ok, type Script, scriptedBackground } from '../../tests/unit/support/scripted-background.ts';
import { createPopupModel } from './popup-model.ts';
import { SYNC_POLL_MS } from './sync-model.ts';

useEnglish();

const NOW = Date.UTC(2026, 0, 10, 12);
const SIGNED_IN: SessionStatus = { state: 'signed_in', account: sampleAccount(), devices: [], deviceId: 'd-1', offlineSince: null };
const SETTINGS: Settings = { serverAddress: 'https://hub.tessera.example', builtInServerAddress: 'https://hub.tessera.example', custom: false };
/** Lets pending answers (promises) settle without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

async function popupWith(vault: VaultStatus, script: Script = {}) {
  const state = { vault, sync: sampleSyncStatus(), session: SIGNED_IN as SessionStatus, titles: ['GitHub'] };
  const background = scriptedBackground({
    'session.status': () => ok<'session.status'>(state.session),
    'settings.get': () => ok<'settings.get'>(SETTINGS),
    'account.refresh': () => ok<'account.refresh'>(state.session),
    'vault.status': () => ok<'vault.status'>(state.vault),
    'vault.get': () => ok<'vault.get'>(sampleItem()),
    'vault.unlock': () => ok<'vault.unlock'>((state.vault = VAULT_UNLOCKED)),
    'vault.list': () => ok<'vault.list'>(packVaultList(sampleList(state.titles.map((title) => samplePreview({ id: `item-${title.toLowerCase().padEnd(18, 'x')}`, title }))))),
    ...syncScript(() => state.sync),
    ...script,
  });
  const model = createPopupModel({ send: background.send, requestHostPermission: vi.fn(), copyText: vi.fn(async () => {}) });
  await model.start();
  await settle();
  const count = (type: string) => background.types().filter((sent) => sent === type).length;
  return { model, background, state, count };
}

describe('sync model', () => {
  let dispose: (() => void) | null = null;
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    dispose?.();
    dispose = null;
    vi.useRealTimers();
  });

  it('sends sync.now when the popup opens on an unlocked vault, then polls sync.status every second', async () => {
    const { model, background, count } = await popupWith(VAULT_UNLOCKED);
    dispose = model.dispose;
    // The baseline status is asked for before the list is read, so a change in between is not missed.
    expect(background.types().filter((type) => type.startsWith('sync.') || type === 'vault.list')).toEqual(['sync.status', 'sync.now', 'vault.list']);
    expect(model.sync.status.value?.state).toBe('synced');
    await vi.advanceTimersByTimeAsync(3 * SYNC_POLL_MS);
    expect(count('sync.status')).toBe(4);
    expect(count('sync.now')).toBe(1);
  });

  it('sends nothing while the vault is locked, and sync.now once it is unlocked', async () => {
    const { model, count } = await popupWith(VAULT_LOCKED);
    dispose = model.dispose;
    await vi.advanceTimersByTimeAsync(5 * SYNC_POLL_MS);
    expect(count('sync.now') + count('sync.status')).toBe(0);
    await model.vault.unlock('Quartz lantern mosaic 47');
    await settle();
    expect(count('sync.now')).toBe(1);
    await vi.advanceTimersByTimeAsync(SYNC_POLL_MS);
    expect(count('sync.status')).toBe(2);
  });

  it('stops polling when the account screen opens, and syncs again when the vault comes back', async () => {
    const { model, count } = await popupWith(VAULT_UNLOCKED);
    dispose = model.dispose;
    model.openAccount();
    expect(model.sync.status.value).toBeNull();
    await vi.advanceTimersByTimeAsync(5 * SYNC_POLL_MS);
    expect(count('sync.status')).toBe(1);
    model.closeAccount();
    await settle();
    expect(count('sync.now')).toBe(2);
    await vi.advanceTimersByTimeAsync(SYNC_POLL_MS);
    expect(count('sync.status')).toBe(3);
  });

  it('stops polling when the popup model is disposed', async () => {
    const { model, count } = await popupWith(VAULT_UNLOCKED);
    model.dispose();
    await vi.advanceTimersByTimeAsync(5 * SYNC_POLL_MS);
    expect(count('sync.status')).toBe(1);
  });

  it('shows "Syncing…" at once and sends sync.now when "Try again" is used after an error', async () => {
    let answer: ((status: SyncStatus) => void) | null = null;
    const { model, state, count } = await popupWith(VAULT_UNLOCKED, {
      'sync.now': () => (answer ? new Promise<SyncStatus>((resolve) => (answer = resolve)).then((status) => ok<'sync.now'>(status)) : ok<'sync.now'>(state.sync)),
    });
    dispose = model.dispose;
    state.sync = sampleSyncStatus({ state: 'error', error: 'network_error', pending: 1 });
    await vi.advanceTimersByTimeAsync(SYNC_POLL_MS);
    expect(model.sync.status.value?.state).toBe('error');
    answer = () => {};
    model.sync.syncNow();
    expect(model.sync.status.value).toEqual(sampleSyncStatus({ state: 'syncing', pending: 1 }));
    expect(count('sync.now')).toBe(2);
    answer(sampleSyncStatus());
    await settle();
    expect(model.sync.status.value?.state).toBe('synced');
  });

  it('reads the list again, quietly, when the vault generation moves', async () => {
    const { model, state, count } = await popupWith(VAULT_UNLOCKED);
    dispose = model.dispose;
    model.notice.value = 'Password copied.';
    expect(count('vault.list')).toBe(1);
    await vi.advanceTimersByTimeAsync(2 * SYNC_POLL_MS);
    expect(count('vault.list')).toBe(1);
    state.titles = ['GitHub', 'Bank'];
    state.sync = sampleSyncStatus({ generation: 2 });
    await vi.advanceTimersByTimeAsync(SYNC_POLL_MS);
    expect(count('vault.list')).toBe(2);
    expect(model.vault.items.list.value?.items.map((item) => item.title)).toEqual(['GitHub', 'Bank']);
    expect([model.notice.value, model.busy.value]).toEqual(['Password copied.', false]);
    await vi.advanceTimersByTimeAsync(3 * SYNC_POLL_MS);
    expect(count('vault.list')).toBe(2);
  });

  it('waits for the first download to finish before reading the list again', async () => {
    const { model, state, count } = await popupWith(VAULT_UNLOCKED);
    dispose = model.dispose;
    for (const done of [500, 1000, 1500]) {
      state.sync = sampleSyncStatus({ state: 'syncing', progress: { done, total: 2000 }, generation: done });
      await vi.advanceTimersByTimeAsync(SYNC_POLL_MS);
    }
    expect(count('vault.list')).toBe(1);
    state.sync = sampleSyncStatus({ generation: 2000 });
    await vi.advanceTimersByTimeAsync(SYNC_POLL_MS);
    expect(count('vault.list')).toBe(2);
  });

  it('reads the vault state again when the background reports sync off (the vault locked meanwhile)', async () => {
    const { model, state } = await popupWith(VAULT_UNLOCKED);
    dispose = model.dispose;
    state.vault = VAULT_LOCKED;
    state.sync = sampleSyncStatus({ state: 'off' });
    await vi.advanceTimersByTimeAsync(SYNC_POLL_MS);
    expect(model.vault.view.value).toBe('unlock');
    expect(model.vault.items.list.value).toBeNull();
  });

  it('returns to sign-in with "You were signed out" and keeps nothing of the vault when this device was signed out remotely', async () => {
    const { model, state, count } = await popupWith(VAULT_UNLOCKED);
    dispose = model.dispose;
    await model.vault.items.open(sampleItem().id);
    model.vault.items.setQuery('git');
    expect(model.vault.items.item.value?.content.title).toBe('GitHub');
    state.session = { state: 'signed_out', lastEmail: 'someone@example.com', pending: null };
    state.vault = { state: 'signed_out', lockTimeout: 15 };
    state.sync = sampleSyncStatus({ state: 'off' });
    await vi.advanceTimersByTimeAsync(SYNC_POLL_MS);
    expect(model.screen.value).toBe('signIn');
    expect(model.error.value).toBe('You were signed out. Sign in again.');
    const { items } = model.vault;
    expect([model.vault.status.value, items.list.value, items.item.value, items.query.value, model.sync.status.value]).toEqual([null, null, null, '', null]);
    const sent = count('sync.status');
    await vi.advanceTimersByTimeAsync(3 * SYNC_POLL_MS);
    expect(count('sync.status')).toBe(sent);
  });
});
