import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '../lib/messaging/messages.ts';
import { controlsWithoutName } from '../tests/unit/support/a11y.ts';
import { useEnglish } from '../tests/unit/support/english.ts';
import { sampleSyncStatus } from '../tests/unit/support/popup-fixtures.ts';
import { SyncStatusLine } from './sync-status.tsx';

useEnglish();

const NOW = Date.UTC(2026, 0, 10, 12);

function renderLine(overrides: Partial<SyncStatus>) {
  const onTryAgain = vi.fn();
  const view = render(<SyncStatusLine status={sampleSyncStatus(overrides)} now={NOW} onTryAgain={onTryAgain} />);
  return { ...view, onTryAgain };
}

const statusText = () => screen.getByRole('status').textContent;

describe('SyncStatusLine', () => {
  it('shows "Synced", with when as its title, when nothing is waiting', () => {
    renderLine({ lastSyncedAt: NOW - 5 * 60_000 });
    expect(screen.getByRole('status', { name: 'Synced' })).toBeTruthy();
    expect(screen.getByText('Synced').getAttribute('title')).toBe('Last synced 5 minutes ago');
    expect(screen.queryByRole('button')).toBeNull();
  });

  it.each([
    [1, '1 change waiting'],
    [2, '2 changes waiting'],
    [1234, '1,234 changes waiting'],
  ])('shows %i waiting change(s) as "%s" when synced with changes not yet sent', (pending, text) => {
    renderLine({ pending });
    expect(screen.getByRole('status', { name: text })).toBeTruthy();
    expect(statusText()).toBe(text);
  });

  it('shows "Syncing…" and the waiting changes while a sync runs', () => {
    renderLine({ state: 'syncing', pending: 1 });
    expect(screen.getByText('Syncing…')).toBeTruthy();
    expect(statusText()).toContain('1 change waiting');
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('shows "Offline", the waiting changes, what happens to them, and "Try again" when the hub cannot be reached', () => {
    const { onTryAgain } = renderLine({ state: 'offline', pending: 3 });
    expect(screen.getByRole('status', { name: 'Offline 3 changes waiting' })).toBeTruthy();
    expect(screen.getByText('Offline')).toBeTruthy();
    expect(screen.getByText('Your changes are kept and will sync when you’re back online.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onTryAgain).toHaveBeenCalledTimes(1);
  });

  it('shows the items received so far and a progress bar during the first download when the total is unknown', () => {
    renderLine({ state: 'syncing', progress: { done: 1234, total: null } });
    expect(statusText()).toBe('Downloading your vault… 1,234 items');
    expect(screen.getByRole('progressbar', { name: 'Sync progress' }).hasAttribute('value')).toBe(false);
  });

  it('shows "of N" and a filled progress bar during the first download when the total is known', () => {
    renderLine({ state: 'syncing', progress: { done: 1234, total: 10_000 } });
    expect(statusText()).toBe('Downloading your vault… 1,234 of 10,000 items');
    const bar = screen.getByRole<HTMLProgressElement>('progressbar', { name: 'Sync progress' });
    expect([bar.value, bar.max]).toEqual([1234, 10_000]);
  });

  it.each([
    ['item_too_large', 'Sync error: This item is too large to sync. Shorten its notes or fields.'],
    ['quota_exceeded', 'Sync error: Your vault has reached its item limit.'],
    ['network_error', 'Sync error: Can’t reach the Tessera server. Check your connection, or the server address in Settings.'],
  ] as const)('says what to do and offers "Try again" when sync failed with %s', (code, text) => {
    const { onTryAgain, container } = renderLine({ state: 'error', error: code });
    expect(statusText()).toBe(text);
    expect(controlsWithoutName(container)).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onTryAgain).toHaveBeenCalledTimes(1);
  });

  it('shows nothing when sync is off (locked or signed out)', () => {
    const { container } = renderLine({ state: 'off' });
    expect(container.textContent).toBe('');
  });
});
