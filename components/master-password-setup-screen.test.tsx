import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { controlsWithoutName } from '../tests/unit/support/a11y.ts';
import { useEnglish } from '../tests/unit/support/english.ts';
import { MasterPasswordSetupScreen } from './master-password-setup-screen.tsx';

useEnglish();

const STRONG = 'Quartz lantern mosaic 47 velvet';

function renderScreen(error: string | null = null) {
  const onCreate = vi.fn();
  const onAccount = vi.fn();
  const view = render(<MasterPasswordSetupScreen email="someone@example.com" busy={false} error={error} onCreate={onCreate} onAccount={onAccount} />);
  return { ...view, onCreate, onAccount };
}

function fill(password: string, confirm = password, acknowledge = true) {
  fireEvent.input(screen.getByLabelText('Master password'), { target: { value: password } });
  fireEvent.input(screen.getByLabelText('Confirm master password'), { target: { value: confirm } });
  if (acknowledge) fireEvent.click(screen.getByRole('checkbox', { name: 'I understand that a forgotten master password cannot be recovered' }));
  fireEvent.click(screen.getByRole('button', { name: 'Create vault' }));
}

describe('MasterPasswordSetupScreen', () => {
  it('names every control and says the master password cannot be recovered when shown', () => {
    const { container } = renderScreen();
    expect(screen.getByRole('heading', { name: 'Create your master password' })).toBeTruthy();
    expect(controlsWithoutName(container)).toEqual([]);
    expect(screen.getByText(/cannot be recovered: if you forget it/)).toBeTruthy();
  });

  it('creates the vault with the password when it is strong, confirmed and the checkbox is ticked', async () => {
    const { onCreate } = renderScreen();
    fill(STRONG);
    await waitFor(() => expect(onCreate).toHaveBeenCalledWith(STRONG));
  });

  it('shows the strength as the password is typed', async () => {
    renderScreen();
    fireEvent.input(screen.getByLabelText('Master password'), { target: { value: STRONG } });
    expect(await screen.findByText(/^Strength: (strong|very strong)$/)).toBeTruthy();
  });

  it('refuses when the confirmation does not match', async () => {
    const { onCreate } = renderScreen();
    fill(STRONG, `${STRONG}!`);
    expect((await screen.findByRole('alert')).textContent).toBe('The master passwords do not match.');
    expect(onCreate).not.toHaveBeenCalled();
  });

  it('refuses when the checkbox is not ticked', async () => {
    const { onCreate } = renderScreen();
    fill(STRONG, STRONG, false);
    expect((await screen.findByRole('alert')).textContent).toBe('Confirm that you understand a forgotten master password cannot be recovered.');
    expect(onCreate).not.toHaveBeenCalled();
  });

  it.each([
    ['too short', 'Short-7x', 'Use at least 12 characters.'],
    ['the email name', 'someone-someone', 'Do not use the name of your email address in your master password.'],
    ['easy to guess', 'aaaaaaaaaaaaaaaa', 'This master password is too easy to guess. Add more words or characters.'],
  ])('refuses a password that is %s', async (_what, password, message) => {
    const { onCreate } = renderScreen();
    fill(password);
    expect((await screen.findByRole('alert')).textContent).toBe(message);
    expect(onCreate).not.toHaveBeenCalled();
  });

  it('shows the background’s error when given one', () => {
    renderScreen('A vault was created on another device meanwhile. Unlock it with its master password.');
    expect(screen.getByRole('alert').textContent).toContain('another device');
  });
});
