import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { type AutofillSettings, LOCK_TIMEOUT_CHOICES } from '../lib/messaging/messages.ts';
import { controlsWithoutName } from '../tests/unit/support/a11y.ts';
import { useEnglish } from '../tests/unit/support/english.ts';
import { LOCK_AFTER_CHOICES, VaultSettingsScreen } from './vault-settings-screen.tsx';

useEnglish();

const AUTOFILL_DEFAULTS: AutofillSettings = { fillOnLoad: false, neverSites: [] };

function renderScreen(notice: string | null = null, autofill: AutofillSettings | null = AUTOFILL_DEFAULTS) {
  const callbacks = { onLockTimeout: vi.fn(), onChangeMasterPassword: vi.fn(async () => true), onBack: vi.fn(), onFillOnLoad: vi.fn(), onForgetNeverSite: vi.fn() };
  const view = render(
    <VaultSettingsScreen lockTimeout={15} email="someone@example.com" busy={false} error={null} notice={notice} autofill={autofill} {...callbacks} />,
  );
  return { ...view, ...callbacks };
}

describe('VaultSettingsScreen', () => {
  it('offers the same lock timeouts as the background when shown', () => {
    expect(LOCK_AFTER_CHOICES).toEqual(LOCK_TIMEOUT_CHOICES);
    const { container } = renderScreen();
    expect(controlsWithoutName(container)).toEqual([]);
    const select = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Lock after' });
    expect([...select.options].map((option) => option.text)).toEqual([
      '1 minute',
      '5 minutes',
      '15 minutes',
      '30 minutes',
      '1 hour',
      '4 hours',
      'When the browser closes',
    ]);
    expect(select.value).toBe('15');
  });

  it.each([
    ['1 hour', '60', 60],
    ['When the browser closes', 'browser_close', 'browser_close'],
  ])('sends the choice when "%s" is chosen', (_label, value, timeout) => {
    const { onLockTimeout } = renderScreen();
    fireEvent.change(screen.getByRole('combobox', { name: 'Lock after' }), { target: { value } });
    expect(onLockTimeout).toHaveBeenCalledWith(timeout);
  });

  it('changes the master password when the new one is strong and confirmed', async () => {
    const { onChangeMasterPassword } = renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Change master password' }));
    fireEvent.input(screen.getByLabelText('Current master password'), { target: { value: 'Old lantern mosaic 46' } });
    fireEvent.input(screen.getByLabelText('New master password'), { target: { value: 'Quartz lantern mosaic 47 velvet' } });
    fireEvent.input(screen.getByLabelText('Confirm new master password'), { target: { value: 'Quartz lantern mosaic 47 velvet' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save new master password' }));
    await waitFor(() => expect(onChangeMasterPassword).toHaveBeenCalledWith('Old lantern mosaic 46', 'Quartz lantern mosaic 47 velvet'));
    await waitFor(() => expect(screen.queryByLabelText('New master password')).toBeNull());
  });

  it('refuses a new master password that does not match its confirmation', async () => {
    const { onChangeMasterPassword } = renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Change master password' }));
    fireEvent.input(screen.getByLabelText('Current master password'), { target: { value: 'Old lantern mosaic 46' } });
    fireEvent.input(screen.getByLabelText('New master password'), { target: { value: 'Quartz lantern mosaic 47 velvet' } });
    fireEvent.input(screen.getByLabelText('Confirm new master password'), { target: { value: 'something else entirely' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save new master password' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The master passwords do not match.');
    expect(onChangeMasterPassword).not.toHaveBeenCalled();
  });

  it('shows the success notice and goes back', () => {
    const { onBack } = renderScreen('Master password changed.');
    expect(screen.getByRole('status').textContent).toBe('Master password changed.');
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(onBack).toHaveBeenCalled();
  });

  it('shows "Fill on page load" off by default, with its risk, and sends the change when ticked', () => {
    const { onFillOnLoad, container } = renderScreen();
    expect(controlsWithoutName(container)).toEqual([]);
    const box = screen.getByRole<HTMLInputElement>('checkbox', { name: 'Fill on page load' });
    expect(box.checked).toBe(false);
    expect(document.getElementById(box.getAttribute('aria-describedby')!)?.textContent).toMatch(/without a click.*could get your password/);
    fireEvent.click(box);
    expect(onFillOnLoad).toHaveBeenCalledWith(true);
  });

  it('sends the change when "Fill on page load" is turned off again', () => {
    const { onFillOnLoad } = renderScreen(null, { fillOnLoad: true, neverSites: [] });
    const box = screen.getByRole<HTMLInputElement>('checkbox', { name: 'Fill on page load' });
    expect(box.checked).toBe(true);
    fireEvent.click(box);
    expect(onFillOnLoad).toHaveBeenCalledWith(false);
  });

  it('lists the "never" sites, each with its own Remove button', () => {
    const { onForgetNeverSite } = renderScreen(null, { fillOnLoad: false, neverSites: ['example.com', 'shop.example.org'] });
    const list = screen.getByRole('list', { name: 'Never offer to save on' });
    expect(list.textContent).toContain('example.com');
    expect(list.textContent).toContain('shop.example.org');
    const remove = screen.getByRole('button', { name: 'Remove shop.example.org' });
    expect(remove.textContent).toBe('Remove');
    fireEvent.click(remove);
    expect(onForgetNeverSite).toHaveBeenCalledWith('shop.example.org');
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Never offer to save on' }));
  });

  it('says "No sites." when nothing is on the "never" list', () => {
    renderScreen();
    expect(screen.getByText('No sites.')).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Never offer to save on' })).toBeNull();
  });

  it('shows the autofill part as loading until the background answered', () => {
    renderScreen(null, null);
    expect(screen.getByRole('heading', { name: 'Autofill' })).toBeTruthy();
    expect(screen.getByText('Loading…')).toBeTruthy();
    expect(screen.queryByRole('checkbox', { name: 'Fill on page load' })).toBeNull();
  });
});
