import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { controlsWithoutName } from '../tests/unit/support/a11y.ts';
import { useEnglish } from '../tests/unit/support/english.ts';
import { UnlockScreen, VaultUnavailableScreen } from './unlock-screen.tsx';

useEnglish();

function renderScreen(props: { changedElsewhere?: boolean; error?: string | null } = {}) {
  const callbacks = { onUnlock: vi.fn(), onAccount: vi.fn() };
  const view = render(<UnlockScreen changedElsewhere={props.changedElsewhere ?? false} busy={false} error={props.error ?? null} {...callbacks} />);
  return { ...view, ...callbacks };
}

describe('UnlockScreen', () => {
  it('sends the master password when Unlock is clicked', () => {
    const { onUnlock, container } = renderScreen();
    expect(screen.getByRole('heading', { name: 'Unlock your vault' })).toBeTruthy();
    expect(controlsWithoutName(container)).toEqual([]);
    fireEvent.input(screen.getByLabelText('Master password'), { target: { value: 'Quartz lantern mosaic' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(onUnlock).toHaveBeenCalledWith('Quartz lantern mosaic');
  });

  it('says the master password changed elsewhere when the status says so', () => {
    renderScreen({ changedElsewhere: true });
    expect(screen.getByText('Your master password was changed on another device. Enter the new one.')).toBeTruthy();
  });

  it('shows a wrong master password as an alert', () => {
    renderScreen({ error: 'That master password is not right.' });
    expect(screen.getByRole('alert').textContent).toBe('That master password is not right.');
  });

  it('opens the account when Account is clicked', () => {
    const { onAccount } = renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Account' }));
    expect(onAccount).toHaveBeenCalled();
  });
});

describe('VaultUnavailableScreen', () => {
  it('offers Try again when the hub cannot be reached', () => {
    const onRetry = vi.fn();
    render(<VaultUnavailableScreen busy={false} error={null} onRetry={onRetry} onAccount={vi.fn()} />);
    expect(screen.getByRole('heading', { name: "Can't reach My Tessera to open your vault" })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalled();
  });
});
