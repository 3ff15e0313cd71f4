import { fireEvent, render, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { AccountView } from '../lib/protocol/accounts.ts';
import type { DeviceView } from '../lib/protocol/devices.ts';
import { controlsWithoutName } from '../tests/unit/support/a11y.ts';
import { useEnglish } from '../tests/unit/support/english.ts';
import { AccountScreen } from './account-screen.tsx';
import { sampleAccount } from '../tests/unit/support/fixtures.ts';

useEnglish();

const NOW = Date.UTC(2026, 0, 10, 12);
const ACCOUNT: AccountView = sampleAccount({ createdAt: new Date(NOW - 86_400_000).toISOString() });
const DEVICES: DeviceView[] = [
  { id: 'd-1', name: 'Chromium on Linux', browser: 'chromium', platform: 'linux', createdAt: new Date(NOW).toISOString(), lastSeenAt: new Date(NOW).toISOString(), current: true },
  { id: 'd-2', name: 'Firefox on Windows', browser: 'firefox', platform: 'windows', createdAt: new Date(NOW).toISOString(), lastSeenAt: new Date(NOW - 3 * 3_600_000).toISOString(), current: false },
];

function renderScreen(props: { account?: Partial<AccountView>; devices?: DeviceView[] | null; offline?: boolean; unsyncedChanges?: number | null } = {}) {
  const callbacks = { onResendActivation: vi.fn(), onSignOut: vi.fn(), onSettings: vi.fn(), onTwoStep: vi.fn(), onSignOutAnyway: vi.fn(), onKeepSignedIn: vi.fn() };
  const view = render(
    <AccountScreen
      account={{ ...ACCOUNT, ...props.account }}
      devices={props.devices === undefined ? DEVICES : props.devices}
      offline={props.offline ?? false}
      busy={false}
      error={null}
      notice={null}
      now={NOW}
      unsyncedChanges={props.unsyncedChanges ?? null}
      {...callbacks}
    />,
  );
  return { ...view, ...callbacks };
}

describe('AccountScreen', () => {
  it('asks whether to sign out anyway only when changes would be lost', () => {
    const quiet = renderScreen();
    expect(quiet.queryByRole('button', { name: 'Sign out anyway' })).toBeNull();
    quiet.unmount();
    const view = renderScreen({ unsyncedChanges: 2 });
    const question = view.getByRole('group', { name: 'Sign out anyway and lose the changes that are not synced?' });
    fireEvent.click(within(question).getByRole('button', { name: 'Stay signed in' }));
    expect(view.onKeepSignedIn).toHaveBeenCalledOnce();
    fireEvent.click(within(question).getByRole('button', { name: 'Sign out anyway' }));
    expect(view.onSignOutAnyway).toHaveBeenCalledOnce();
    expect(view.onSignOut).not.toHaveBeenCalled();
  });

  it('gives every control an accessible name when shown', () => {
    const { container } = renderScreen();
    expect(controlsWithoutName(container)).toEqual([]);
    for (const name of ['Resend activation email', 'Two-step verification', 'Settings', 'Sign Out']) expect(screen.getByRole('button', { name })).toBeTruthy();
  });

  it('shows the email and the region’s name when signed in', () => {
    renderScreen();
    expect(screen.getByText('someone@example.com')).toBeTruthy();
    expect(screen.getByText(/Germany/)).toBeTruthy();
  });

  it('shows "Not activated" and offers to resend the email when the account is not activated', () => {
    const { onResendActivation } = renderScreen();
    expect(screen.getByText('Not activated')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Resend activation email' }));
    expect(onResendActivation).toHaveBeenCalledTimes(1);
  });

  it('shows "Activated" and no resend button when the account is activated', () => {
    renderScreen({ account: { activated: true } });
    expect(screen.getByText('Activated')).toBeTruthy();
    expect(screen.queryByText('Not activated')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Resend activation email' })).toBeNull();
  });

  it('marks only the current device as "This device" when listing devices', () => {
    renderScreen();
    const items = within(screen.getByRole('list', { name: 'Connected devices' })).getAllByRole('listitem');
    expect(items.map((item) => [item.querySelector('.device-name')?.textContent, item.textContent?.includes('This device')])).toEqual([
      ['Chromium on Linux', true],
      ['Firefox on Windows', false],
    ]);
    expect(items[1]?.textContent).toContain('Last active 3 hours ago');
  });

  it('explains the missing list when the devices are not known yet', () => {
    renderScreen({ devices: null });
    expect(screen.queryByRole('list', { name: 'Connected devices' })).toBeNull();
    expect(screen.getByText('Your device list appears when My Tessera can be reached.')).toBeTruthy();
  });

  it('says it shows the last known state when offline', () => {
    renderScreen({ offline: true });
    expect(screen.getByText(/Can’t reach My Tessera right now/)).toBeTruthy();
  });

  it('calls onTwoStep when Two-step verification is clicked', () => {
    const { onTwoStep } = renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Two-step verification' }));
    expect(onTwoStep).toHaveBeenCalledTimes(1);
  });

  it('calls onSignOut when Sign Out is clicked', () => {
    const { onSignOut } = renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Sign Out' }));
    expect(onSignOut).toHaveBeenCalledTimes(1);
  });

  it('opens the Devices screen when "Devices" is clicked', () => {
    const onDevices = vi.fn();
    render(<AccountScreen account={ACCOUNT} devices={DEVICES} offline={false} busy={false} error={null} notice={null} now={NOW} onResendActivation={vi.fn()} onSignOut={vi.fn()} onSettings={vi.fn()} onTwoStep={vi.fn()} onDevices={onDevices} />);
    fireEvent.click(screen.getByRole('button', { name: 'Devices' }));
    expect(onDevices).toHaveBeenCalledTimes(1);
  });
});
