import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { LOCK_TIMEOUT_CHOICES } from '../lib/messaging/messages.ts';
import { controlsWithoutName } from '../tests/unit/support/a11y.ts';
import { useEnglish } from '../tests/unit/support/english.ts';
import { LOCK_AFTER_CHOICES, VaultSettingsScreen } from './vault-settings-screen.tsx';

useEnglish();

function renderScreen(notice: string | null = null) {
  const callbacks = { onLockTimeout: vi.fn(), onChangeMasterPassword: vi.fn(async () => true), onBack: vi.fn() };
  const view = render(<VaultSettingsScreen lockTimeout={15} email="someone@example.com" busy={false} error={null} notice={notice} {...callbacks} />);
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
});
