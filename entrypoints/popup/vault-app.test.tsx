import { packVaultList } from '../../lib/messaging/preview-pack.ts';
import { fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionStatus, Settings, VaultStatus } from '../../lib/messaging/messages.ts';
import { useEnglish } from '../../tests/unit/support/english.ts';
import { sampleAccount } from '../../tests/unit/support/fixtures.ts';
import { sampleItem, sampleList, samplePreview, sampleSyncStatus, syncScript, VAULT_LOCKED, VAULT_UNLOCKED } from '../../tests/unit/support/popup-fixtures.ts';
import { fail, ok, type Script, scriptedBackground } from '../../tests/unit/support/scripted-background.ts';
import { App } from './app.tsx';
import { createPopupModel } from './popup-model.ts';

useEnglish();
/** Popups opened by a test; disposed after it, so no sync poll outlives its test. */
const opened: { dispose: () => void }[] = [];
afterEach(() => opened.splice(0).forEach((model) => model.dispose()));

const SIGNED_IN: SessionStatus = { state: 'signed_in', account: sampleAccount(), devices: [], deviceId: 'd-1', offlineSince: null };
const SETTINGS: Settings = { serverAddress: 'https://hub.tessera.example', builtInServerAddress: 'https://hub.tessera.example', custom: false };

async function openPopup(vault: VaultStatus, script: Script = {}) {
  const copyText = vi.fn(async () => {});
  const background = scriptedBackground({
    'session.status': () => ok<'session.status'>(SIGNED_IN),
    'settings.get': () => ok<'settings.get'>(SETTINGS),
    'account.refresh': () => ok<'account.refresh'>(SIGNED_IN),
    'vault.status': () => ok<'vault.status'>(vault),
    'vault.list': () => ok<'vault.list'>(packVaultList(sampleList([samplePreview()]))),
    'vault.get': () => ok<'vault.get'>(sampleItem()),
    'autofill.settings': () => ok<'autofill.settings'>({ fillOnLoad: false, neverSites: [] }),
    ...syncScript(),
    ...script,
  });
  const model = createPopupModel({ send: background.send, requestHostPermission: vi.fn(), copyText });
  opened.push(model);
  render(<App model={model} />);
  await model.start();
  return { model, background, copyText };
}

describe('popup App: the vault', () => {
  it('shows "That master password is not right." as an alert when unlocking with a wrong one', async () => {
    await openPopup(VAULT_LOCKED, { 'vault.unlock': () => fail('wrong_master_password') });
    fireEvent.input(await screen.findByLabelText('Master password'), { target: { value: 'not it at all' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That master password is not right.');
  });

  it('shows the list after unlocking, and an item with its password copied', async () => {
    const { copyText } = await openPopup(VAULT_LOCKED, { 'vault.unlock': () => ok<'vault.unlock'>(VAULT_UNLOCKED) });
    fireEvent.input(await screen.findByLabelText('Master password'), { target: { value: 'Quartz lantern mosaic 47' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    fireEvent.click(await screen.findByRole('button', { name: 'GitHub' }));
    expect(await screen.findByRole('heading', { name: 'GitHub' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Copy password' }));
    expect(copyText).toHaveBeenCalledWith('Quartz-Lantern-47');
    expect((await screen.findByRole('status')).textContent).toBe('Password copied.');
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(await screen.findByRole('heading', { name: 'Vault' })).toBeTruthy();
  });

  it('sends vault.setLockTimeout when "Lock after" changes in Vault settings', async () => {
    const { background } = await openPopup(VAULT_UNLOCKED, { 'vault.setLockTimeout': ({ timeout }) => ok<'vault.setLockTimeout'>({ ...VAULT_UNLOCKED, lockTimeout: timeout }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Vault settings' }));
    fireEvent.change(await screen.findByRole('combobox', { name: 'Lock after' }), { target: { value: '240' } });
    expect(background.calls.at(-1)).toEqual({ type: 'vault.setLockTimeout', payload: { timeout: 240 } });
    expect(await screen.findByText('Saved')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(await screen.findByRole('heading', { name: 'Vault' })).toBeTruthy();
  });

  it('opens an unreadable item as such (never asking for it) and deletes it for good after confirming', async () => {
    const unreadable = samplePreview({ id: 'item-bbbbbbbbbbbbbbbbbb', title: '', username: '', hosts: [], problem: 'undecryptable' });
    let listed = [samplePreview(), unreadable];
    const { background } = await openPopup(VAULT_UNLOCKED, {
      'vault.list': () => ok<'vault.list'>(packVaultList(sampleList(listed))),
      'vault.deleteForever': ({ id }) => {
        listed = listed.filter((preview) => preview.id !== id);
        return ok<'vault.deleteForever'>({ deleted: true });
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Untitled' }));
    expect(await screen.findByRole('heading', { name: 'This item cannot be read' })).toBeTruthy();
    expect(background.calls.some((call) => call.type === 'vault.get')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Delete forever' }));
    expect(screen.getByText('Delete this unreadable item for good, on all your devices?')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Delete forever' }));
    expect(await screen.findByRole('heading', { name: 'Vault' })).toBeTruthy();
    expect(background.calls.filter((call) => call.type === 'vault.deleteForever')).toEqual([{ type: 'vault.deleteForever', payload: { id: unreadable.id } }]);
    expect(screen.queryByRole('button', { name: 'Untitled' })).toBeNull();
    expect(await screen.findByText('Deleted forever.')).toBeTruthy();
  });

  it('opens the account from the vault and comes back to it', async () => {
    await openPopup(VAULT_UNLOCKED);
    fireEvent.click(await screen.findByRole('button', { name: 'Account' }));
    expect(await screen.findByRole('heading', { name: 'My Tessera' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Open vault' }));
    expect(await screen.findByRole('heading', { name: 'Vault' })).toBeTruthy();
  });

  it('shows the setup screen when the account has no vault yet', async () => {
    await openPopup({ state: 'setup_required', lockTimeout: 15 });
    expect(await screen.findByRole('heading', { name: 'Create your master password' })).toBeTruthy();
  });

  it('shows "Synced" in the vault header, then the waiting change, then the error and "Try again" that syncs', async () => {
    let sync = sampleSyncStatus();
    const { background, model } = await openPopup(VAULT_UNLOCKED, syncScript(() => sync));
    expect(await screen.findByRole('status', { name: 'Synced' })).toBeTruthy();
    sync = sampleSyncStatus({ state: 'offline', pending: 1, error: 'network_error' });
    model.sync.syncNow();
    expect(await screen.findByText('1 change waiting')).toBeTruthy();
    expect(screen.getByText('Offline')).toBeTruthy();
    sync = sampleSyncStatus({ state: 'error', pending: 1, error: 'quota_exceeded' });
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Sync error: Your vault has reached its item limit.')).toBeTruthy();
    expect(background.types().filter((type) => type === 'sync.now')).toHaveLength(3);
  });
});
