import { fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionStatus, Settings } from '../../lib/messaging/messages.ts';
import type { DeviceView } from '../../lib/protocol/devices.ts';
import { useEnglish } from '../../tests/unit/support/english.ts';
import { sampleAccount } from '../../tests/unit/support/fixtures.ts';
import { sampleDevices, VAULT_LOCKED } from '../../tests/unit/support/popup-fixtures.ts';
import { fail, ok, type Script, scriptedBackground } from '../../tests/unit/support/scripted-background.ts';
import { App } from './app.tsx';
import { createPopupModel } from './popup-model.ts';

useEnglish();
const opened: { dispose: () => void }[] = [];
afterEach(() => opened.splice(0).forEach((model) => model.dispose()));

const SETTINGS: Settings = { serverAddress: 'https://hub.tessera.example', builtInServerAddress: 'https://hub.tessera.example', custom: false };
const signedIn = (devices: DeviceView[]): SessionStatus => ({ state: 'signed_in', account: sampleAccount(), devices, deviceId: devices[0]!.id, offlineSince: null });

/** A signed-in popup (vault locked) on a background that keeps the device list; opened on the Devices screen. */
async function devicesPopup(script: (state: { status: SessionStatus }) => Script = () => ({})) {
  const state = { status: signedIn(sampleDevices(Date.now())) };
  const background = scriptedBackground({
    'session.status': () => ok<'session.status'>(state.status),
    'settings.get': () => ok<'settings.get'>(SETTINGS),
    'account.refresh': () => ok<'account.refresh'>(state.status),
    'vault.status': () => ok<'vault.status'>(VAULT_LOCKED),
    ...script(state),
  });
  const model = createPopupModel({ send: background.send, requestHostPermission: vi.fn() });
  opened.push(model);
  render(<App model={model} />);
  await model.start();
  fireEvent.click(await screen.findByRole('button', { name: 'Account' }));
  fireEvent.click(await screen.findByRole('button', { name: 'Devices' }));
  await screen.findByRole('heading', { name: 'Devices' });
  return { model, background, state };
}

const listed = () => within(screen.getByRole('list', { name: 'Connected devices' })).getAllByRole('listitem').map((item) => item.textContent);

describe('popup App: devices', () => {
  it('signs another device out remotely and shows the list the background answers', async () => {
    const { background } = await devicesPopup((state) => ({
      'devices.signOut': ({ id }) => {
        const current = state.status.state === 'signed_in' ? (state.status.devices ?? []) : [];
        return ok<'devices.signOut'>((state.status = signedIn(current.filter((device) => device.id !== id))));
      },
    }));
    expect(listed()).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Sign out Home PC remotely' }));
    fireEvent.click(screen.getByRole('button', { name: 'Sign out remotely' }));
    expect((await screen.findByText('Signed out Home PC.')).getAttribute('role')).toBe('status');
    expect(background.calls.find((call) => call.type === 'devices.signOut')?.payload).toEqual({ id: sampleDevices(0)[1]!.id });
    expect(listed()).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(await screen.findByRole('heading', { name: 'My Tessera' })).toBeTruthy();
    expect(listed()).toHaveLength(1);
  });

  it('renames a device, says "Renamed.", and shows the new name on the account screen too', async () => {
    const { background } = await devicesPopup((state) => ({
      'devices.rename': ({ id, name }) => {
        const current = state.status.state === 'signed_in' ? (state.status.devices ?? []) : [];
        return ok<'devices.rename'>((state.status = signedIn(current.map((device) => (device.id === id ? { ...device, name } : device)))));
      },
    }));
    fireEvent.click(screen.getByRole('button', { name: 'Rename Work laptop' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Device name' }), { target: { value: 'Office laptop' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Renamed.')).toBeTruthy();
    expect(background.calls.find((call) => call.type === 'devices.rename')?.payload).toEqual({ id: sampleDevices(0)[0]!.id, name: 'Office laptop' });
    expect(screen.queryByRole('textbox', { name: 'Device name' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect((await screen.findByRole('list', { name: 'Connected devices' })).textContent).toContain('Office laptop');
  });

  it('says "That device is no longer connected." and reads the list again when the device is gone', async () => {
    const { background, state } = await devicesPopup(() => ({ 'devices.signOut': () => fail('device_not_found') }));
    state.status = signedIn(sampleDevices(Date.now()).slice(0, 1));
    fireEvent.click(screen.getByRole('button', { name: 'Sign out Home PC remotely' }));
    fireEvent.click(screen.getByRole('button', { name: 'Sign out remotely' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That device is no longer connected.');
    await vi.waitFor(() => expect(listed()).toHaveLength(1));
    expect(background.types().filter((type) => type === 'account.refresh').length).toBeGreaterThanOrEqual(3);
  });

  it('goes back to sign-in with "You were signed out" when the answer says this device is signed out', async () => {
    await devicesPopup(() => ({ 'devices.rename': () => ok<'devices.rename'>({ state: 'signed_out', lastEmail: 'someone@example.com', pending: null }) }));
    fireEvent.click(screen.getByRole('button', { name: 'Rename Home PC' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('heading', { name: 'Sign In to My Tessera' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('You were signed out. Sign in again.');
  });
});
