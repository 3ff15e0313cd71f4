import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { controlsWithoutName } from '../tests/unit/support/a11y.ts';
import { useEnglish } from '../tests/unit/support/english.ts';
import { sampleItem } from '../tests/unit/support/popup-fixtures.ts';
import type { VaultItem } from '../lib/protocol/vault-item.ts';
import { ItemView } from './item-view.tsx';

useEnglish();

function renderView(item: VaultItem = sampleItem()) {
  const callbacks = {
    onBack: vi.fn(),
    onEdit: vi.fn(),
    onCopy: vi.fn(),
    onFavourite: vi.fn(),
    onTrash: vi.fn(),
    onRestore: vi.fn(),
    onDeleteForever: vi.fn(),
    loadCode: vi.fn(async () => ({ code: '123456', period: 30, remainingSeconds: 17 })),
  };
  const view = render(<ItemView item={item} busy={false} error={null} notice={null} {...callbacks} />);
  return { ...view, ...callbacks };
}

describe('ItemView', () => {
  it('shows the title as the heading and names every control', () => {
    const { container } = renderView();
    expect(screen.getByRole('heading', { name: 'GitHub' })).toBeTruthy();
    expect(controlsWithoutName(container)).toEqual([]);
    for (const name of ['Back', 'Edit', 'Copy username', 'Copy password', 'Show password', 'Add to favourites', 'Move to trash', 'Password history']) {
      expect(screen.getByRole('button', { name })).toBeTruthy();
    }
  });

  it('copies the username and the password when their buttons are clicked', () => {
    const { onCopy } = renderView();
    fireEvent.click(screen.getByRole('button', { name: 'Copy username' }));
    fireEvent.click(screen.getByRole('button', { name: 'Copy password' }));
    expect(onCopy.mock.calls).toEqual([
      ['octo@example.com', 'username'],
      ['Quartz-Lantern-47', 'password'],
    ]);
  });

  it('shows and hides the password when "Show password" and "Hide password" are clicked', () => {
    renderView();
    expect(screen.queryByText('Quartz-Lantern-47')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show password' }));
    expect(screen.getByText('Quartz-Lantern-47')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Hide password' }));
    expect(screen.queryByText('Quartz-Lantern-47')).toBeNull();
  });

  it('shows previous passwords with their dates when the history is opened, each hidden or copied on demand', () => {
    const { onCopy } = renderView();
    const history = screen.getByRole('button', { name: 'Password history' });
    expect(history.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByText('Old-Lantern-12')).toBeNull();
    fireEvent.click(history);
    expect(screen.getByText('Old-Lantern-12')).toBeTruthy();
    expect(screen.getByText(/^Replaced .*2026/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /^Hide password replaced / }));
    expect(screen.queryByText('Old-Lantern-12')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /^Copy password replaced / }));
    expect(onCopy).toHaveBeenCalledWith('Old-Lantern-12', 'password');
  });

  it('shows the authenticator code with its seconds left and copies it when the login has a secret', async () => {
    const { onCopy, loadCode } = renderView(sampleItem({}, { totp: 'JBSWY3DPEHPK3PXP' }));
    expect(await screen.findByText('123456')).toBeTruthy();
    expect(screen.getByText('17 s left')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Copy code' }));
    expect(onCopy).toHaveBeenCalledWith('123456', 'code');
    expect(loadCode).toHaveBeenCalled();
  });

  it('offers Restore and Delete forever (after a confirm step) instead of Edit when in the trash', () => {
    const { onDeleteForever, onRestore } = renderView(sampleItem({ trashedAt: Date.UTC(2026, 0, 3) }));
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Move to trash' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Restore' }));
    expect(onRestore).toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Delete forever' }));
    expect(onDeleteForever).not.toHaveBeenCalled();
    expect(screen.getByText('Delete this item forever? This cannot be undone.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Delete forever' }));
    expect(onDeleteForever).toHaveBeenCalled();
  });

  it('goes back when Escape is pressed', () => {
    const { onBack } = renderView();
    fireEvent.keyDown(screen.getByRole('button', { name: 'Edit' }), { key: 'Escape' });
    expect(onBack).toHaveBeenCalled();
  });

  it('says what a conflict copy is and what to do with it when the item is one', () => {
    renderView(sampleItem({ content: { ...sampleItem().content, title: 'GitHub (conflict copy)' } }));
    expect(screen.getByRole('heading', { name: 'GitHub (conflict copy)' })).toBeTruthy();
    expect(screen.getByText('Conflict copy')).toBeTruthy();
    expect(screen.getByText(/This copy keeps the other device’s version\. Keep what you need, then move it to the trash\./)).toBeTruthy();
  });

  it('shows no conflict hint when the item is an ordinary one', () => {
    renderView();
    expect(screen.queryByText('Conflict copy')).toBeNull();
  });
});
