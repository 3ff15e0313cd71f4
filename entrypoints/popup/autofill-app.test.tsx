import { packVaultList } from '../../lib/messaging/preview-pack.ts';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AutofillSettings, SessionStatus, Settings } from '../../lib/messaging/messages.ts';
import { useEnglish } from '../../tests/unit/support/english.ts';
import { sampleAccount } from '../../tests/unit/support/fixtures.ts';
import { sampleList, samplePreview, syncScript, VAULT_LOCKED, VAULT_UNLOCKED } from '../../tests/unit/support/popup-fixtures.ts';
import { fail, ok, type Script, scriptedBackground } from '../../tests/unit/support/scripted-background.ts';
import { App } from './app.tsx';
import { createPopupModel } from './popup-model.ts';

useEnglish();
const opened: { dispose: () => void }[] = [];
afterEach(() => opened.splice(0).forEach((model) => model.dispose()));

const SIGNED_IN: SessionStatus = { state: 'signed_in', account: sampleAccount(), devices: [], deviceId: 'd-1', offlineSince: null };
const SETTINGS: Settings = { serverAddress: 'https://hub.tessera.example', builtInServerAddress: 'https://hub.tessera.example', custom: false };
const GITHUB = samplePreview({ id: 'item-github', title: 'GitHub' });
const MAIL = samplePreview({ id: 'item-mail', title: 'Mail', hosts: ['mail.example'] });

async function openPopup(script: Script = {}) {
  const closeWindow = vi.spyOn(window, 'close').mockImplementation(() => {});
  const background = scriptedBackground({
    'session.status': () => ok<'session.status'>(SIGNED_IN),
    'settings.get': () => ok<'settings.get'>(SETTINGS),
    'account.refresh': () => ok<'account.refresh'>(SIGNED_IN),
    'vault.status': () => ok<'vault.status'>(VAULT_UNLOCKED),
    'vault.list': () => ok<'vault.list'>(packVaultList(sampleList([GITHUB, MAIL], { host: 'github.com', ids: ['item-github'] }))),
    ...syncScript(),
    ...script,
  });
  const model = createPopupModel({ send: background.send, requestHostPermission: vi.fn() });
  opened.push(model);
  render(<App model={model} />);
  await model.start();
  return { background, closeWindow };
}

const fillCalls = (background: { calls: { type: string; payload: unknown }[] }) => background.calls.filter((call) => call.type === 'autofill.fillFromPopup');

describe('popup App: Fill', () => {
  it('fills the current site’s item and closes the popup when the background filled it', async () => {
    const { background, closeWindow } = await openPopup({ 'autofill.fillFromPopup': () => ok<'autofill.fillFromPopup'>({ filled: true }) });
    const fill = await screen.findByRole('button', { name: 'Fill GitHub' });
    expect(fill.getAttribute('data-action')).toBe('fill');
    expect(fill.getAttribute('data-item-id')).toBe('item-github');
    expect(screen.queryByRole('button', { name: 'Fill Mail' })).toBeNull();
    fireEvent.click(fill);
    await waitFor(() => expect(closeWindow).toHaveBeenCalled());
    expect(fillCalls(background)).toEqual([{ type: 'autofill.fillFromPopup', payload: { itemId: 'item-github', confirmed: false } }]);
  });

  it('asks first on an http page, then fills with confirmed: true on "Fill anyway"', async () => {
    const { background, closeWindow } = await openPopup({
      'autofill.fillFromPopup': ({ confirmed }) => (confirmed ? ok<'autofill.fillFromPopup'>({ filled: true }) : fail('confirmation_required')),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Fill GitHub' }));
    expect(await screen.findByText(/^This page is not secure \(http\)\./)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(closeWindow).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Fill anyway' }));
    await waitFor(() => expect(closeWindow).toHaveBeenCalled());
    expect(fillCalls(background).map((call) => call.payload)).toEqual([
      { itemId: 'item-github', confirmed: false },
      { itemId: 'item-github', confirmed: true },
    ]);
  });

  it('fills nothing and keeps the popup open when the http question is cancelled', async () => {
    const { background, closeWindow } = await openPopup({ 'autofill.fillFromPopup': () => fail('confirmation_required') });
    fireEvent.click(await screen.findByRole('button', { name: 'Fill GitHub' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('button', { name: 'Fill anyway' })).toBeNull();
    expect(fillCalls(background)).toHaveLength(1);
    expect(closeWindow).not.toHaveBeenCalled();
  });

  it.each([
    ['site_mismatch', 'This login is not saved for this site, so Tessera does not fill it here.'],
    ['no_fillable_form', 'No field to fill was found on this page. Click into the sign-in form and try again.'],
  ] as const)('shows the error words and stays open when the background answers %s', async (code, words) => {
    const { closeWindow } = await openPopup({ 'autofill.fillFromPopup': () => fail(code) });
    fireEvent.click(await screen.findByRole('button', { name: 'Fill GitHub' }));
    expect((await screen.findByRole('alert')).textContent).toBe(words);
    expect(closeWindow).not.toHaveBeenCalled();
  });

  it('says no field was found and stays open when the frame had nothing to fill', async () => {
    const { closeWindow } = await openPopup({ 'autofill.fillFromPopup': () => ok<'autofill.fillFromPopup'>({ filled: false }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Fill GitHub' }));
    expect((await screen.findByRole('alert')).textContent).toBe('No field to fill was found on this page. Click into the sign-in form and try again.');
    expect(closeWindow).not.toHaveBeenCalled();
  });

  it('shows the unlock screen when the vault locked before the fill', async () => {
    let locked = false;
    await openPopup({
      'vault.status': () => ok<'vault.status'>(locked ? VAULT_LOCKED : VAULT_UNLOCKED),
      'autofill.fillFromPopup': () => {
        locked = true;
        return fail('vault_locked');
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Fill GitHub' }));
    expect(await screen.findByLabelText('Master password')).toBeTruthy();
  });
});

describe('popup App: autofill settings', () => {
  it('reads the autofill settings when Vault settings opens, and turns "Fill on page load" on', async () => {
    let settings: AutofillSettings = { fillOnLoad: false, neverSites: ['example.com'] };
    const { background } = await openPopup({
      'autofill.settings': () => ok<'autofill.settings'>(settings),
      'autofill.setFillOnLoad': ({ enabled }) => ok<'autofill.setFillOnLoad'>((settings = { ...settings, fillOnLoad: enabled })),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Vault settings' }));
    const box = await screen.findByRole<HTMLInputElement>('checkbox', { name: 'Fill on page load' });
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    await waitFor(() => expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'Fill on page load' }).checked).toBe(true));
    expect(background.calls.at(-1)).toEqual({ type: 'autofill.setFillOnLoad', payload: { enabled: true } });
    expect(await screen.findByText('Saved')).toBeTruthy();
  });

  it('removes a site from "Never offer to save on"', async () => {
    const { background } = await openPopup({
      'autofill.settings': () => ok<'autofill.settings'>({ fillOnLoad: false, neverSites: ['example.com', 'example.org'] }),
      'autofill.forgetNeverSite': ({ site }) => ok<'autofill.forgetNeverSite'>({ fillOnLoad: false, neverSites: ['example.com', 'example.org'].filter((kept) => kept !== site) }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Vault settings' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Remove example.com' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Remove example.com' })).toBeNull());
    expect(screen.getByRole('button', { name: 'Remove example.org' })).toBeTruthy();
    expect(background.calls.at(-1)).toEqual({ type: 'autofill.forgetNeverSite', payload: { site: 'example.com' } });
  });

  it('keeps the site listed and shows the error words when removing it fails', async () => {
    await openPopup({
      'autofill.settings': () => ok<'autofill.settings'>({ fillOnLoad: false, neverSites: ['example.com'] }),
      'autofill.forgetNeverSite': () => fail('network_error'),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Vault settings' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Remove example.com' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Can’t reach the Tessera server/);
    expect(screen.getByRole('button', { name: 'Remove example.com' })).toBeTruthy();
  });
});
