import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { DeviceView } from '../lib/protocol/devices.ts';
import { controlsWithoutName } from '../tests/unit/support/a11y.ts';
import { useEnglish } from '../tests/unit/support/english.ts';
import { sampleDevices } from '../tests/unit/support/popup-fixtures.ts';
import { DevicesScreen } from './devices-screen.tsx';

useEnglish();

const NOW = Date.UTC(2026, 0, 10, 12);
const [THIS, OTHER] = sampleDevices(NOW) as [DeviceView, DeviceView];

function renderScreen(props: { devices?: DeviceView[] | null; error?: string | null; notice?: string | null; renamed?: boolean } = {}) {
  const callbacks = { onRename: vi.fn(async () => props.renamed ?? true), onSignOut: vi.fn(), onBack: vi.fn() };
  const view = render(
    <DevicesScreen
      devices={props.devices === undefined ? [THIS, OTHER] : props.devices}
      now={NOW}
      busy={false}
      error={props.error ?? null}
      notice={props.notice ?? null}
      {...callbacks}
    />,
  );
  return { ...view, ...callbacks };
}

const rows = () => within(screen.getByRole('list', { name: 'Connected devices' })).getAllByRole('listitem');
const typeInto = (element: HTMLElement, value: string) => fireEvent.input(element, { target: { value } });

describe('DevicesScreen', () => {
  it('lists every device with its name, browser, system and last seen, and names every control', () => {
    const { container } = renderScreen();
    expect(screen.getByRole('heading', { name: 'Devices' })).toBeTruthy();
    const [first, second] = rows();
    expect(first?.textContent).toBe('Work laptopThis deviceChromium on LinuxLast seen nowRename');
    expect(second?.textContent).toContain('Home PC');
    expect(second?.textContent).toContain('Firefox on Windows');
    expect(second?.textContent).toContain('Last seen 3 hours ago');
    expect(controlsWithoutName(container)).toEqual([]);
  });

  it('offers "Sign out remotely" for another device only, never for this one', () => {
    renderScreen();
    expect(screen.getByRole('button', { name: 'Sign out Home PC remotely' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign out Work laptop remotely' })).toBeNull();
    expect(within(rows()[0]!).queryByText('Sign out remotely')).toBeNull();
  });

  it('signs the other device out only after the confirm step', () => {
    const { onSignOut } = renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out Home PC remotely' }));
    expect(onSignOut).not.toHaveBeenCalled();
    expect(screen.getByText('Sign out Home PC? It will be signed out and its local copy of the vault deleted.')).toBeTruthy();
    const confirm = screen.getByRole('button', { name: 'Sign out remotely' });
    expect(document.activeElement).toBe(confirm);
    fireEvent.click(confirm);
    expect(onSignOut).toHaveBeenCalledWith(OTHER.id);
  });

  it('takes the question back when Cancel is chosen in the confirm step', () => {
    const { onSignOut } = renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out Home PC remotely' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('button', { name: 'Sign out remotely' })).toBeNull();
    expect(onSignOut).not.toHaveBeenCalled();
  });

  it('renames a device with the trimmed name and closes the field when saved', async () => {
    const { onRename } = renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Rename Work laptop' }));
    const field = screen.getByRole<HTMLInputElement>('textbox', { name: 'Device name' });
    expect(field.value).toBe('Work laptop');
    expect(document.activeElement).toBe(field);
    typeInto(field, '  Office laptop  ');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onRename).toHaveBeenCalledWith(THIS.id, 'Office laptop');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Rename Work laptop' })));
    expect(screen.queryByRole('textbox', { name: 'Device name' })).toBeNull();
  });

  it('keeps the field open when the rename fails', async () => {
    const { onRename } = renderScreen({ renamed: false });
    fireEvent.click(screen.getByRole('button', { name: 'Rename Home PC' }));
    typeInto(screen.getByRole('textbox', { name: 'Device name' }), 'Gaming PC');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onRename).toHaveBeenCalledWith(OTHER.id, 'Gaming PC'));
    expect(screen.getByRole('textbox', { name: 'Device name' })).toBeTruthy();
  });

  it.each([
    ['   ', 'Enter a name for this device.'],
    ['x'.repeat(65), 'Use at most 64 characters.'],
    ['Home\tPC', 'Use a name without control characters such as line breaks or tabs.'],
  ])('says what is wrong and sends nothing when the name is %j', (name, message) => {
    const { onRename } = renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Rename Home PC' }));
    typeInto(screen.getByRole('textbox', { name: 'Device name' }), name);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByText(message)).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Device name' }).getAttribute('aria-invalid')).toBe('true');
    expect(onRename).not.toHaveBeenCalled();
  });

  it('accepts a name of exactly 64 characters', () => {
    const { onRename } = renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Rename Home PC' }));
    typeInto(screen.getByRole('textbox', { name: 'Device name' }), 'x'.repeat(64));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onRename).toHaveBeenCalledWith(OTHER.id, 'x'.repeat(64));
  });

  it.each([
    ['Cancel', (field: HTMLElement) => fireEvent.click(within(field.closest('form')!).getByRole('button', { name: 'Cancel' }))],
    ['Escape', (field: HTMLElement) => fireEvent.keyDown(field, { key: 'Escape' })],
  ])('closes the field without renaming when %s is used', (_how, leave) => {
    const { onRename } = renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Rename Home PC' }));
    const field = screen.getByRole('textbox', { name: 'Device name' });
    typeInto(field, 'Gaming PC');
    leave(field);
    expect(screen.queryByRole('textbox', { name: 'Device name' })).toBeNull();
    expect(screen.getByText('Home PC')).toBeTruthy();
    expect(onRename).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Rename Home PC' }));
  });

  it('shows the error and the notice it is given', () => {
    renderScreen({ error: 'That device is no longer connected.', notice: 'Renamed.' });
    expect(screen.getByRole('alert').textContent).toBe('That device is no longer connected.');
    expect(screen.getByRole('status').textContent).toBe('Renamed.');
  });

  it('explains the missing list when the hub could not be reached', () => {
    renderScreen({ devices: null });
    expect(screen.queryByRole('list')).toBeNull();
    expect(screen.getByText('Your device list appears when My Tessera can be reached.')).toBeTruthy();
  });

  it('goes back when Back is clicked', () => {
    const { onBack } = renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(onBack).toHaveBeenCalledTimes(1);
  });
});
